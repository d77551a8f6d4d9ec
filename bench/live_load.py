"""Load benchmark for live workshops: facilitators and phones polling and answering (see bench/README.md).

Creates a facilitator and --sessions sessions through the CLI (unless --code), joins --phones phones to each
(every phone with its own cookies and at most two connections of its own, as a phone's browser), keeps them
polling /live/<code>/state, then runs --items questions (`next`, wait, `close`, tally). Each phone answers
each open question once; 10% send it twice. Then it measures the server's CPU per kind of request against a
bare Flask route under the same server. Exit 0 when no answer was lost or double-counted and no request got
a 5xx, else 1.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import html
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
from server_cpu import CalibrationServer, cpu_seconds, postgres_processes, server_serving

ROOT = Path(__file__).resolve().parent.parent
OWNER, PLAN, PASSWORD = "bench-facilitator", "school-workshop-30", "a long passphrase here"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
CSRF_INPUT = re.compile(r'<input\b[^>]*\bname="csrf_token"[^>]*>', re.I)
CSRF_META = re.compile(r'<meta\b[^>]*\bname="csrf-token"[^>]*>', re.I)
BACKGROUND: set[asyncio.Task] = set()  # strong references to pollers and pending answers


class BenchError(Exception):
    """Setup or facilitator failure: the run cannot go on."""


@dataclass
class Reply:
    status: int
    headers: Mapping[str, str]
    text: str


@dataclass
class Phone:
    idx: int
    http: aiohttp.ClientSession
    resend: bool  # sends its answer a second time, with the same submission_id
    code: str = ""
    csrf: str = ""
    etag: str | None = None
    state: dict = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)  # items this phone has already dealt with


@dataclass
class Stats:
    n: Counter = field(default_factory=Counter)  # joined, join_failed, polls, polls_304, sent, acked, resends, 409
    errors: Counter = field(default_factory=Counter)  # "route: status or exception" -> n
    server_5xx: Counter = field(default_factory=Counter)  # route -> n
    poll_ms: list[float] = field(default_factory=list)  # once everyone is in
    rush_poll_ms: list[float] = field(default_factory=list)  # the polls sent while phones were still joining
    joining: bool = True
    join_s: float = 0.0  # from the first join to the last seat
    answer_ms: list[float] = field(default_factory=list)
    lag_ms: list[float] = field(default_factory=list)
    acked: defaultdict[str, set[int]] = field(default_factory=lambda: defaultdict(set))  # item -> phones
    unsure: defaultdict[str, set[int]] = field(default_factory=lambda: defaultdict(set))  # no clear reply
    inflight: Counter = field(default_factory=Counter)  # item -> answers awaiting their reply
    tallies: dict[str, int] = field(default_factory=dict)  # item -> tally "responses" after close
    answerable: dict[str, bool] = field(default_factory=dict)  # item -> not a slide, as the phones see it


def machine_cpu() -> dict[str, float] | None:
    """Seconds the whole machine spent busy and stolen (by the hypervisor) so far, from /proc/stat (Linux)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except (OSError, IndexError):
        return None
    ticks = [int(value) for value in fields] + [0] * 8
    hz = os.sysconf("SC_CLK_TCK")
    user, nice, system, _idle, _iowait, irq, softirq, steal = ticks[:8]
    return {"busy": (user + nice + system + irq + softirq) / hz, "steal": steal / hz}


def machine_share(before: dict | None, after: dict | None, wall_s: float) -> dict[str, float] | None:
    """Cores busy on average during the run (server, database and generator together) and cores stolen."""
    if before is None or after is None or wall_s <= 0:
        return None
    busy, steal = after["busy"] - before["busy"], after["steal"] - before["steal"]
    cores = os.cpu_count() or 0
    return {"cores": cores, "busy_cores": round(busy / wall_s, 2), "steal_cores": round(steal / wall_s, 2)}


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--base-url", default="http://127.0.0.1:5000", help="the app (127.0.0.1/localhost only)")
    p.add_argument("--phones", type=int, default=1000, help="phones to join (default 1000)")
    p.add_argument("--items", type=int, default=5, help="questions/scenarios to run; slides are skipped (5)")
    p.add_argument("--poll-interval", type=float, default=2.0, help="seconds between polls, ±20%% (2.0)")
    p.add_argument("--answer-window", type=float, default=10.0, help="answer within this many s of opening (10)")
    p.add_argument("--open-seconds", type=float, default=12.0, help="seconds each item stays open (12)")
    p.add_argument("--join-rate", default="all", help="phones joining per second, or 'all' at once (all)")
    p.add_argument("--sessions", type=int, default=1, help="workshops at once, each with --phones phones (1)")
    p.add_argument("--probe-requests", type=int, default=2000, help="requests per CPU probe; 0 skips them (2000)")
    p.add_argument("--server-workers", type=int, default=max(2, os.cpu_count() or 1), help="for the calibration")
    p.add_argument("--server-threads", type=int, default=8, help="for the calibration server (8, as make run)")
    p.add_argument("--code", help=f"use this existing session (owned by {OWNER}) instead of creating one")
    p.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    args = p.parse_args()
    url = urlsplit(args.base_url)
    if url.scheme not in ("http", "https") or url.hostname not in LOCAL_HOSTS:
        p.error("--base-url must be http(s) on 127.0.0.1 or localhost")
    args.join_rate = float("inf") if args.join_rate == "all" else float(args.join_rate)
    if min(args.phones, args.items, args.poll_interval, args.open_seconds, args.join_rate, args.sessions) <= 0:
        p.error("--phones, --items, --poll-interval, --open-seconds, --join-rate and --sessions must be positive")
    if args.code and args.sessions != 1:
        p.error("--code runs one session")
    if args.answer_window < 0:
        p.error("--answer-window cannot be negative")
    args.base_url = args.base_url.rstrip("/")
    max_slides = args.items * 4 + 20  # bound on slides skipped between questions, 2 s each
    joining = 0 if args.join_rate == float("inf") else args.phones / args.join_rate
    args.deadline = joining + max_slides * 3 + args.items * (args.open_seconds + 15) + 240
    return args


def flask_cli(*words: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    command = [str(ROOT / ".venv/bin/flask"), "--app", "app", *words]
    return subprocess.run(command, cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=120)  # noqa: S603


def create_session() -> str:
    made = flask_cli("users", "create", OWNER, "--role", "facilitator", "--password-stdin", stdin=PASSWORD + "\n")
    if made.returncode != 0 and "taken" not in made.stderr:
        raise BenchError(f"users create failed: {made.stderr.strip()}")
    live = flask_cli("live", "create", "--plan", PLAN, "--owner", OWNER)
    lines = live.stdout.strip().splitlines()
    if live.returncode != 0 or not lines or len(lines[-1].strip()) != 6:
        raise BenchError(f"live create failed: {live.stderr.strip() or live.stdout.strip()}")
    return lines[-1].strip()


def attribute(tag: re.Pattern, name: str, page: str) -> str:
    found = tag.search(page)
    value = found and re.search(rf'\b{name}="([^"]*)"', found.group(0))
    if not value:
        raise BenchError(f"no CSRF token in the page ({tag.pattern})")
    return html.unescape(value.group(1))


async def form_token(http: aiohttp.ClientSession, stats: Stats, url: str, route: str) -> str:
    """GET an HTML page and return the value of its hidden csrf_token input."""
    page = await fetch(http, stats, "GET", url, route)
    if page is None or page.status != 200:
        raise BenchError(f"{route} failed ({status_of(page)})")
    return attribute(CSRF_INPUT, "value", page.text)


def status_of(reply: Reply | None) -> str:
    return str(reply.status) if reply is not None else "no response"


def as_json(reply: Reply | None) -> dict | None:
    try:
        return json.loads(reply.text) if reply is not None and reply.status == 200 else None
    except ValueError:
        return None


def spawn(coroutine) -> None:
    task = asyncio.create_task(coroutine)
    BACKGROUND.add(task)
    task.add_done_callback(BACKGROUND.discard)


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
    ordered = sorted(values)
    at = lambda q: round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)  # noqa: E731
    return {"n": len(ordered), "p50": at(0.50), "p95": at(0.95), "p99": at(0.99), "max": round(ordered[-1], 1)}


async def fetch(http: aiohttp.ClientSession, stats: Stats, method: str, url: str, route: str, **kw) -> Reply | None:
    """One request, never following redirects; a GET is retried once on a closed connection."""
    for attempt in range(2):
        try:
            async with http.request(method, url, allow_redirects=False, **kw) as response:
                reply = Reply(response.status, response.headers.copy(), await response.text())
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as error:
            if attempt == 0 and method == "GET":
                continue
            stats.errors[f"{route}: {type(error).__name__}"] += 1
            return None
        except (TimeoutError, aiohttp.ClientError) as error:
            stats.errors[f"{route}: {type(error).__name__}"] += 1
            return None
        if reply.status >= 500:
            stats.server_5xx[route] += 1
        return reply
    return None


class Facilitator:
    def __init__(self, http: aiohttp.ClientSession, stats: Stats, base: str, code: str):
        self.http, self.stats, self.code, self.csrf = http, stats, code, ""
        self.base = base

    async def login(self) -> None:
        token = await form_token(self.http, self.stats, f"{self.base}/login", "GET /login")
        form = {"username": OWNER, "password": PASSWORD, "csrf_token": token}
        done = await fetch(self.http, self.stats, "POST", f"{self.base}/login", "POST /login", data=form)
        if done is None or done.status != 303:
            raise BenchError(f"facilitator login failed ({status_of(done)})")
        await self.refresh_csrf()

    async def refresh_csrf(self) -> None:
        url = f"{self.base}/facilitate/{self.code}"
        self.csrf = await form_token(self.http, self.stats, url, "GET /facilitate/<code>")

    async def control(self, action: str) -> bool:
        """Send a control; False when the app refuses it with 409 (e.g. `next` after the last item)."""
        url, route = f"{self.base}/facilitate/{self.code}/control", "POST /facilitate/<code>/control"
        for attempt in range(2):  # a 400 may be a stale CSRF token: refresh it once
            form = {"action": action, "csrf_token": self.csrf, **({"confirm": "yes"} if action == "end" else {})}
            reply = await fetch(self.http, self.stats, "POST", url, route, data=form)
            if reply is not None and (reply.status < 400 or reply.status == 409):
                return reply.status != 409
            if attempt == 0 and reply is not None and reply.status == 400:
                await self.refresh_csrf()
        raise BenchError(f"control {action!r} failed ({status_of(reply)})")

    async def tally(self) -> dict:
        url = f"{self.base}/facilitate/{self.code}/tally"
        reply = await fetch(self.http, self.stats, "GET", url, "GET /facilitate/<code>/tally")
        if (tally := as_json(reply)) is None:
            raise BenchError(f"tally failed ({status_of(reply)})")
        return tally


async def join(phone: Phone, stats: Stats, base: str, code: str) -> bool:
    """GET /join/<code>, then POST /join, whose reply is the room page with the answer token."""
    form = {"code": code, "csrf_token": await form_token(phone.http, stats, f"{base}/join/{code}", "GET /join/<code>")}
    page = await fetch(phone.http, stats, "POST", f"{base}/join", "POST /join", data=form)
    if page is not None and page.status == 200 and (token := attribute(CSRF_META, "content", page.text)):
        phone.csrf = token
        return True
    if page is not None:
        stats.errors[f"join: HTTP {page.status}"] += 1
    return False


async def join_then_poll(
    phone: Phone, stats: Stats, args: argparse.Namespace, code: str, stop: asyncio.Event, place: int
) -> None:
    await asyncio.sleep(place / args.join_rate)  # the ramp (none when the whole room joins at once)
    try:
        joined = await join(phone, stats, args.base_url, code)
    except BenchError as error:
        stats.errors[f"join: {error}"] += 1
        joined = False
    stats.n["joined" if joined else "join_failed"] += 1
    if joined:
        spawn(poll(phone, stats, args, code, stop))


async def poll(phone: Phone, stats: Stats, args: argparse.Namespace, code: str, stop: asyncio.Event) -> None:
    url, route = f"{args.base_url}/live/{code}/state", "GET /live/<code>/state"
    await asyncio.sleep(random.uniform(0, args.poll_interval))
    for _ in range(int(args.deadline / args.poll_interval * 1.3) + 10):
        if stop.is_set():
            return
        start = time.perf_counter()
        headers = {"If-None-Match": phone.etag} if phone.etag else {}
        reply = await fetch(phone.http, stats, "GET", url, route, headers=headers)
        took_ms = (time.perf_counter() - start) * 1000
        (stats.rush_poll_ms if stats.joining else stats.poll_ms).append(took_ms)
        stats.n["polls"] += 1
        if reply is not None and reply.status == 304:
            stats.n["polls_304"] += 1
        elif (state := as_json(reply)) is not None:
            see_state(phone, stats, args, code, state, reply.headers.get("ETag"))
        elif reply is not None:
            stats.errors[f"{route}: HTTP {reply.status}"] += 1
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), args.poll_interval * random.uniform(0.8, 1.2))


def see_state(phone: Phone, stats: Stats, args: argparse.Namespace, code: str, state: dict, etag: str | None) -> None:
    phone.state, phone.etag = state, etag
    phone.csrf = state.get("csrf_token") or phone.csrf
    item = state.get("item")
    if state.get("status") != "open" or not item or item["id"] in phone.seen:
        return
    phone.seen.add(item["id"])
    answerable = item.get("kind") != "slide" and bool(item.get("choices"))
    stats.answerable.setdefault(f"{code}/{item['id']}", answerable)
    if answerable and not state.get("answered"):
        spawn(answer(phone, stats, args, code, item))


def still_open(phone: Phone, item_id: str) -> bool:
    return phone.state.get("status") == "open" and (phone.state.get("item") or {}).get("id") == item_id


async def answer(phone: Phone, stats: Stats, args: argparse.Namespace, code: str, item: dict) -> None:
    """One random choice at a random moment of the window; a resending phone sends it again."""
    await asyncio.sleep(random.uniform(0, args.answer_window))
    choice = random.choice(item["choices"])["id"]
    payload = {"item_id": item["id"], "choice_ids": [choice], "submission_id": uuid.uuid4().hex}
    for send in range(2 if phone.resend else 1):
        if not still_open(phone, item["id"]):
            return  # never answer an item this phone knows is not open
        stats.n["resends"] += send
        if not await send_answer(phone, stats, args.base_url, code, payload):
            return
        await asyncio.sleep(random.uniform(0.05, 0.5))


async def send_answer(phone: Phone, stats: Stats, base: str, code: str, payload: dict) -> bool:
    item_id, route = f"{code}/{payload['item_id']}", "POST /live/<code>/answer"
    stats.n["sent"] += 1
    stats.inflight[item_id] += 1
    start = time.perf_counter()
    try:
        url, headers = f"{base}/live/{code}/answer", {"X-CSRFToken": phone.csrf}
        reply = await fetch(phone.http, stats, "POST", url, route, json=payload, headers=headers)
    finally:
        stats.inflight[item_id] -= 1
    stats.answer_ms.append((time.perf_counter() - start) * 1000)
    if (as_json(reply) or {}).get("accepted") is True:
        stats.n["acked"] += 1
        stats.acked[item_id].add(phone.idx)
        return True
    if reply is not None and reply.status == 409:
        stats.n["409"] += 1
        return False
    if reply is None or reply.status >= 500:
        stats.unsure[item_id].add(phone.idx)  # the server may or may not have counted it
    if reply is not None:
        stats.errors[f"{route}: HTTP {reply.status}"] += 1
    return False


async def observed_answerable(stats: Stats, item_id: str, wait_s: float) -> bool:
    """Whether the phones saw a question/scenario (not a slide); assume one if no phone reported in time."""
    for _ in range(int(wait_s * 10)):
        if item_id in stats.answerable:
            break
        await asyncio.sleep(0.1)
    return stats.answerable.get(item_id, True)


async def run_items(fac: Facilitator, stats: Stats, args: argparse.Namespace) -> None:
    """`next` until --items questions have run: open, wait, close, settle, tally. Slides get 2 s."""
    measured = 0
    for _ in range(args.items * 4 + 20):
        if measured >= args.items or not await fac.control("next"):
            return  # done, or the plan has no more items
        opened_at, shown = time.monotonic(), (await fac.tally()).get("item_id")
        if shown is None:
            return
        item_id = f"{fac.code}/{shown}"
        if not await observed_answerable(stats, item_id, args.poll_interval * 1.5 + 1):
            await asyncio.sleep(max(0.0, 2.0 - (time.monotonic() - opened_at)))
            continue
        measured += 1
        await asyncio.sleep(max(0.0, args.open_seconds - (time.monotonic() - opened_at)))
        await fac.control("close")
        for _ in range(100):  # up to 10 s for answers still awaiting their reply
            if stats.inflight[item_id] <= 0:
                break
            await asyncio.sleep(0.1)
        stats.tallies[item_id] = int((await fac.tally()).get("responses") or 0)


async def lag_ticker(stats: Stats, stop: asyncio.Event, max_ticks: int) -> None:
    for _ in range(max_ticks):
        if stop.is_set():
            return
        start = time.perf_counter()
        await asyncio.sleep(0.1)
        stats.lag_ms.append(max(0.0, (time.perf_counter() - start - 0.1) * 1000))


def browser() -> aiohttp.ClientSession:
    """A phone's browser: its own cookie jar and at most two connections of its own."""
    connector = aiohttp.TCPConnector(limit=2, keepalive_timeout=4)  # a phone's browser keeps idle sockets a few s
    timeout = aiohttp.ClientTimeout(total=30, connect=10)
    return aiohttp.ClientSession(connector=connector, timeout=timeout, cookie_jar=aiohttp.CookieJar(unsafe=True))


async def run(args: argparse.Namespace, stats: Stats, codes: list[str], probes: dict) -> None:
    stop = asyncio.Event()
    browsers: list[aiohttp.ClientSession] = []
    ticker = asyncio.create_task(lag_ticker(stats, stop, int(args.deadline * 10)))
    try:
        facilitators = []
        for code in codes:
            browsers.append(browser())
            facilitators.append(Facilitator(browsers[-1], stats, args.base_url, code))
            await facilitators[-1].login()
        phones = []
        for code in codes:
            for _ in range(args.phones):
                browsers.append(browser())
                phones.append(Phone(len(phones), browsers[-1], resend=random.random() < 0.1, code=code))
        per_session = args.phones
        joins_started = time.perf_counter()
        await asyncio.gather(
            *(join_then_poll(phone, stats, args, phone.code, stop, phone.idx % per_session) for phone in phones)
        )
        stats.joining, stats.join_s = False, time.perf_counter() - joins_started
        await asyncio.gather(*(run_items(fac, stats, args) for fac in facilitators))
        stop.set()  # the phones stop polling: the probes below each send one kind of request alone
        await asyncio.gather(*BACKGROUND, return_exceptions=True)
        if args.probe_requests:
            probes.update(await measure_cpu(args, stats, facilitators[0], [p for p in phones if p.code == codes[0]]))
        if not args.code:
            await asyncio.gather(*(fac.control("end") for fac in facilitators))
    finally:
        stop.set()
        for task in list(BACKGROUND):
            task.cancel()
        await asyncio.gather(ticker, *BACKGROUND, return_exceptions=True)
        await asyncio.gather(*(session.close() for session in browsers))


PROBE_CONCURRENCY = 64  # requests in flight during a CPU probe: a busy room, not a flood
STATE_CACHE_WAIT_S = 1.5
WARM_BATCH = 200  # phones whose connections are opened (unmeasured) before their measured request


async def drain(queue, send, failures: Counter, name: str) -> None:
    """One of the probe's workers: send requests until the shared queue is empty."""
    for n in queue:
        if not await send(n):
            failures[name] += 1


async def probe(name: str, port: int, count: int, send, warm=None, concurrency: int = PROBE_CONCURRENCY) -> dict:
    """Send `count` requests of one kind (nothing else running) and read the server's CPU they cost.

    With `warm`, each batch of phones first sends one unmeasured request, so that the measured one
    travels on a connection already open, as it does in a room where every phone polls every 2 s.
    """
    if not server_serving(port):
        raise BenchError(f"no granian found serving port {port} (make run): the CPU probes read its processes")
    failures, server_s, database_s, wall = Counter(), 0.0, 0.0, 0.0
    batch = WARM_BATCH if warm else count
    for first in range(0, count, batch):
        numbers = range(first, min(first + batch, count))
        if warm:
            await asyncio.gather(*(warm(n) for n in numbers))
        server, database = server_serving(port), postgres_processes()
        cpu_before, db_before, started = cpu_seconds(server), cpu_seconds(database), time.perf_counter()
        queue = iter(numbers)
        await asyncio.gather(*(drain(queue, send, failures, name) for _ in range(min(concurrency, len(numbers)))))
        wall += time.perf_counter() - started
        server_s += cpu_seconds(server_serving(port)) - cpu_before  # processes as they are now
        database_s += cpu_seconds(postgres_processes()) - db_before
    return {"requests": count, "failed": failures[name], "server_cpu_ms": round(server_s * 1000 / count, 3),
            "database_cpu_ms": round(database_s * 1000 / count, 3), "per_second": round(count / wall)}  # fmt: skip


async def measure_cpu(args: argparse.Namespace, stats: Stats, fac: Facilitator, phones: list[Phone]) -> dict:
    """CPU per request kind, each alone, beside a bare Flask route under the same server settings."""
    base, code, port = args.base_url, fac.code, urlsplit(args.base_url).port or 80
    state_url = f"{base}/live/{code}/state"
    count = args.probe_requests
    # Each worker's cached state (LIVE_STATE_CACHE_SECONDS, 0.5 s by default) catches up with the last
    # `close` first: an ETag learnt from a stale copy would make its 304 probe a 200.
    await asyncio.sleep(STATE_CACHE_WAIT_S)
    for phone in phones:  # each phone learns the current ETag (not measured)
        reply = await fetch(phone.http, stats, "GET", state_url, "probe")
        phone.etag = reply.headers.get("ETag") if reply is not None else None

    async def poll(n: int, conditional: bool) -> bool:
        phone = phones[n % len(phones)]
        headers = {"If-None-Match": phone.etag} if conditional and phone.etag else {}
        reply = await fetch(phone.http, stats, "GET", state_url, "probe poll", headers=headers)
        return reply is not None and reply.status == (304 if conditional else 200)

    results = {
        "poll_304": await probe("poll_304", port, count, lambda n: poll(n, True)),
        "poll_200": await probe("poll_200", port, count, lambda n: poll(n, False)),
    }
    item = await open_probe_item(fac, phones[0], stats, state_url)
    if item is not None:

        async def send(n: int) -> bool:
            phone = phones[n]
            payload = {"item_id": item["id"], "choice_ids": [item["choices"][0]["id"]], "submission_id": f"p{n}"}
            url, headers = f"{base}/live/{code}/answer", {"X-CSRFToken": phone.csrf}
            reply = await fetch(phone.http, stats, "POST", url, "probe answer", json=payload, headers=headers)
            return reply is not None and reply.status == 200

        async def warm(n: int) -> None:
            await fetch(phones[n].http, stats, "GET", state_url, "probe")

        results["answer"] = await probe("answer", port, min(count, len(phones)), send, warm)
    results["join"] = await probe_joins(fac, stats, port, min(count // 3, 300))
    results["calibration"] = await calibrate(args, stats, count)
    unit = results["calibration"]["server_cpu_ms"] or 1e-9
    for kind in ("poll_304", "poll_200", "answer", "join"):
        if kind in results:
            results[kind]["times_calibration"] = round(results[kind]["server_cpu_ms"] / unit, 2)
    return results


async def probe_joins(fac: Facilitator, stats: Stats, port: int, count: int) -> dict:
    """New phones joining a session of their own (the workshop's room may be full), ended afterwards."""
    code = await asyncio.to_thread(create_session)
    room = Facilitator(fac.http, stats, fac.base, code)
    await room.refresh_csrf()
    newcomers = [browser() for _ in range(count)]
    try:

        async def join_one(n: int) -> bool:
            return await join(Phone(-1, newcomers[n], False, code), stats, fac.base, code)

        return await probe("join (2 requests)", port, count, join_one)
    finally:
        await asyncio.gather(*(session.close() for session in newcomers))
        await room.control("end")


async def open_probe_item(fac: Facilitator, phone: Phone, stats: Stats, state_url: str) -> dict | None:
    """Move the session on to the next question or scenario; None when the deck has none left.

    A phone's poll may show the state from before `next` for up to LIVE_STATE_CACHE_SECONDS, so each
    step waits until the phones see the new version: answers sent to the item before would be refused.
    """
    seen = await state_version(phone, stats, state_url)
    for _ in range(12):
        if not await fac.control("next"):
            return None
        state = await newer_state(phone, stats, state_url, seen)
        if state is None:
            raise BenchError("the phones never saw the state after `next`")
        seen, item = state.get("version"), state.get("item")
        if state.get("status") == "open" and item and item.get("choices"):
            return item
    return None


async def state_version(phone: Phone, stats: Stats, state_url: str) -> int | None:
    return (as_json(await fetch(phone.http, stats, "GET", state_url, "probe")) or {}).get("version")


async def newer_state(phone: Phone, stats: Stats, state_url: str, seen: int | None) -> dict | None:
    """The session's state as a phone sees it, once its version is past `seen`; None if it never is (10 s)."""
    for _ in range(100):
        state = as_json(await fetch(phone.http, stats, "GET", state_url, "probe")) or {}
        if state.get("version") is not None and state.get("version") != seen:
            return state
        await asyncio.sleep(0.1)
    return None


async def calibrate(args: argparse.Namespace, stats: Stats, count: int) -> dict:
    """The same number of requests to a one-route Flask app under the same server settings, on its own port."""
    with CalibrationServer(args.server_workers, args.server_threads) as server:
        clients = [browser() for _ in range(PROBE_CONCURRENCY)]
        try:

            async def ping(n: int) -> bool:
                reply = await fetch(clients[n % len(clients)], stats, "GET", server.url, "calibration")
                return reply is not None and reply.status == 200

            return await probe("calibration", server.port, count, ping)
        finally:
            await asyncio.gather(*(session.close() for session in clients))


def summarise(
    stats: Stats, args: argparse.Namespace, code: str, cpu_s: float, wall_s: float, machine: dict | None
) -> dict:
    """Everything printed and written as JSON; per item, acknowledged counts phones (a resend is one phone)."""
    items = []
    for item_id, tally in stats.tallies.items():
        acked, unsure = len(stats.acked[item_id]), len(stats.unsure[item_id] - stats.acked[item_id])
        row = {"item_id": item_id, "acknowledged": acked, "tally": tally, "unsure": unsure}
        items.append(row | {"lost": max(0, acked - tally), "double_counted": max(0, tally - acked - unsure)})
    n = stats.n
    result = {"base_url": args.base_url, "code": code, "sessions": args.sessions, "phones": args.phones}
    result |= {"joined": n["joined"], "join_rate": "all at once" if args.join_rate == float("inf") else args.join_rate}
    result |= {"join_failed": n["join_failed"], "answers_sent": n["sent"], "resends": n["resends"]}
    result |= {"answers_acknowledged": n["acked"], "answers_409": n["409"], "items": items}
    result |= {"lost": sum(i["lost"] for i in items), "double_counted": sum(i["double_counted"] for i in items)}
    result |= {"server_5xx": dict(stats.server_5xx), "other_errors": dict(stats.errors), "polls": n["polls"]}
    result |= {"polls_304_share": round(n["polls_304"] / max(1, n["polls"]), 3)}
    result |= {"poll_ms": percentiles(stats.poll_ms), "answer_ms": percentiles(stats.answer_ms)}
    result |= {"join_rush_poll_ms": percentiles(stats.rush_poll_ms), "join_s": round(stats.join_s, 1)}
    result |= {"loop_lag_ms": percentiles(stats.lag_ms), "generator_cpu_s": round(cpu_s, 2), "wall_s": round(wall_s, 1)}
    result |= {"machine": machine}
    return result


def print_summary(r: dict) -> None:
    row = lambda name, value: print(f"  {name:<34} {value}")  # noqa: E731
    print(f"\nLive workshop load on {r['base_url']}, session(s) {r['code']}")
    asked = r["phones"] * r["sessions"]
    row("phones joined / asked (failed)", f"{r['joined']} / {asked} ({r['join_failed']}), joining {r['join_rate']}")
    row("answers sent (of which resends)", f"{r['answers_sent']} ({r['resends']})")
    row("answers acknowledged / 409", f"{r['answers_acknowledged']} / {r['answers_409']}")
    row("polls (304 share)", f"{r['polls']} ({r['polls_304_share']:.1%})")
    row("every phone seated after (s)", r["join_s"])
    for name in ("poll_ms", "join_rush_poll_ms", "answer_ms", "loop_lag_ms"):
        p = r[name]
        row(f"{name} p50/p95/p99/max", f"{p['p50']} / {p['p95']} / {p['p99']} / {p['max']}  (n={p['n']})")
    row("generator CPU s / wall s", f"{r['generator_cpu_s']} / {r['wall_s']}")
    if m := r["machine"]:
        row("machine busy / stolen cores", f"{m['busy_cores']} / {m['steal_cores']} (of {m['cores']})")
    print(f"\n  {'item':<28} {'acked':>6} {'tally':>6} {'unsure':>6} {'lost':>5} {'double':>6}")
    for i in r["items"]:
        print(
            f"  {i['item_id']:<28} {i['acknowledged']:>6} {i['tally']:>6} {i['unsure']:>6} {i['lost']:>5} "
            f"{i['double_counted']:>6}"
        )
    print()
    row("lost / double-counted", f"{r['lost']} / {r['double_counted']}")
    for title, counts in (("5xx by route", r["server_5xx"]), ("other errors", r["other_errors"])):
        row(title, ", ".join(f"{k} x{v}" for k, v in sorted(counts.items())) or "none")
    if probes := r.get("cpu_probes"):
        print("\n  server CPU per request, each kind alone (server processes; database apart)")
        heading = f"  {'kind':<22} {'requests':>8} {'failed':>6} {'server ms':>10} {'x calib.':>9} {'db ms':>7}"
        print(f"{heading} {'req/s':>7}")
        for kind, p in probes.items():
            times = p.get("times_calibration", 1.0 if kind == "calibration" else "")
            print(f"  {kind:<22} {p['requests']:>8} {p['failed']:>6} {p['server_cpu_ms']:>10} {times:>9} "
                  f"{p['database_cpu_ms']:>7} {p['per_second']:>7}")  # fmt: skip
    if r["failure"]:
        print(f"\n  RUN FAILED: {r['failure']}")


def main() -> int:
    args = parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = args.phones * args.sessions * 2 + 1000  # two sockets a phone, and some to spare
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(wanted, hard)), hard))
    try:
        codes = [args.code] if args.code else [create_session() for _ in range(args.sessions)]
    except (BenchError, subprocess.SubprocessError, OSError) as error:
        print(f"setup failed: {error}", file=sys.stderr)
        return 2
    code = ", ".join(codes)
    stats, failure, probes = Stats(), None, {}
    before, wall, machine_before = resource.getrusage(resource.RUSAGE_SELF), time.monotonic(), machine_cpu()
    try:
        asyncio.run(asyncio.wait_for(run(args, stats, codes, probes), args.deadline))
    except (BenchError, TimeoutError) as error:
        failure = str(error) or f"the run passed its {args.deadline:.0f} s deadline"
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu_s = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    wall_s = time.monotonic() - wall
    machine = machine_share(machine_before, machine_cpu(), wall_s)
    result = summarise(stats, args, code, cpu_s, wall_s, machine) | {"failure": failure, "cpu_probes": probes}
    print_summary(result)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    clean = result["lost"] == result["double_counted"] == 0 and not result["server_5xx"]
    clean = clean and not any(p["failed"] for p in probes.values())  # a figure from refusals is not the kind's
    return 0 if clean and result["joined"] and not failure else 1


if __name__ == "__main__":
    sys.exit(main())
