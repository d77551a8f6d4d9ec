"""A workshop in a real room: the picture on every screen, a projector view apart from the console,
addresses phones can reach, small rooms, feedback that teaches, and a kiosk nobody can leave."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from markupsafe import escape

from course import create_app
from course.config import SettingsError
from course.extensions import db
from course.live import service as live
from course.models import LiveStatus, Role

from .conftest import TEST_SECRET_KEY, course_catalog, make_app, post_form
from .test_live import PLAN, control, phone, send, start, token_of

PUBLIC = "http://192.168.1.20:5000"
UNREACHABLE = "Phones can't open this address"


def deck(app):
    return app.extensions["course_catalog"].decks[PLAN]


def go_to(facilitator, app, code, item_id) -> None:
    """Press Next until the deck's item `item_id` is on the screen."""
    position = next(i for i, item in enumerate(deck(app).items) if item.id == item_id)
    for _ in range(position + 1):
        control(facilitator, code, "next")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag in ("a", "form") and (found.get("href") or found.get("action")):
            self.links.append(found.get("href") or found.get("action"))


def links_of(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.links


def test_a_scenario_item_carries_its_picture_on_the_phone_and_in_the_state(facilitator, app):
    code = start(facilitator)
    go_to(facilitator, app, code, "park-checkin")
    device = phone(app, code)
    state = device.get(f"/live/{code}/state")
    image = state.get_json()["item"]["image"]
    assert image["url"] == "/static/illustrations/scenes/park-live-checkin.svg" and len(image["alt"]) > 20
    assert b"<svg" not in state.data and len(state.data) < 3000  # the picture is fetched once, never inlined
    served = device.get(image["url"])
    assert served.status_code == 200 and served.mimetype == "image/svg+xml"
    assert served.cache_control.max_age == 3600  # each phone fetches it once
    served.close()
    page = device.get(f"/live/{code}").get_data(as_text=True)
    assert f'src="{image["url"]}"' in page and f'alt="{escape(image["alt"])}"' in page


def test_spot_items_put_a_button_on_each_detail_of_the_picture(facilitator, app):
    code = start(facilitator)
    go_to(facilitator, app, code, "uniform-spot")
    device = phone(app, code)
    item = device.get(f"/live/{code}/state").get_json()["item"]
    grid = re.compile(r"^hs-x-\d+ hs-y-\d+ hs-w-\d+ hs-h-\d+$")
    assert item["hotspots"] and all(grid.match(spot["classes"]) for spot in item["hotspots"])
    page = device.get(f"/live/{code}").get_data(as_text=True)
    for spot in item["hotspots"]:
        assert f'data-hotspot-input="choice-{spot["id"]}"' in page and f'id="choice-{spot["id"]}"' in page


def test_the_screen_shows_the_room_what_it_may_see_and_nothing_else(facilitator, app):
    code = start(facilitator)
    screen = facilitator.get(f"/facilitate/{code}/screen").get_data(as_text=True)
    assert code in screen and "<svg" in screen and "Join on your phone" in screen  # the code and the QR
    go_to(facilitator, app, code, "park-checkin")
    item = next(i for i in deck(app).items if i.id == "park-checkin")
    screen = facilitator.get(f"/facilitate/{code}/screen").get_data(as_text=True)
    assert f'alt="{escape(item.image.alt)}"' in screen and "park-live-checkin.svg" in screen
    assert escape(item.notes[:40]) not in screen and item.notes[:20] not in screen  # notes stay on the console
    assert "<button" not in screen and "<nav" not in screen and "Log out" not in screen and "<footer" not in screen
    console = facilitator.get(f"/facilitate/{code}").get_data(as_text=True)
    assert escape(item.notes[:40]) in console
    assert f"/facilitate/{code}/screen" in console and 'target="_blank"' in console


def test_the_screen_needs_the_facilitator_who_owns_the_session(facilitator, app, auth):
    code = start(facilitator)
    other = app.test_client()
    assert other.get(f"/facilitate/{code}/screen").status_code == 302  # to the login page
    auth.create("lee", role=Role.FACILITATOR)
    post_form(other, "/login", {"username": "lee", "password": "maple otter lantern 42"})
    assert other.get(f"/facilitate/{code}/screen").status_code == 404


def test_a_nickname_never_reaches_the_screen(facilitator, app):
    code = start(facilitator)
    post_form(app.test_client(), f"/join/{code}", {"code": code, "nickname": "Samira"}, action="/join")
    assert "Samira" not in facilitator.get(f"/facilitate/{code}/screen").get_data(as_text=True)


def test_end_asks_first_and_changes_nothing_until_confirmed(facilitator, app):
    code = start(facilitator)
    control(facilitator, code, "next")
    asked = post_form(facilitator, f"/facilitate/{code}", {"action": "end"}, action=f"/facilitate/{code}/control")
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "End the session for everyone?" in page and 'name="confirm" value="yes"' in page
    with app.app_context():
        assert live.find_session(code).status == LiveStatus.OPEN
    control(facilitator, code, "end")  # with confirm=yes
    with app.app_context():
        assert live.find_session(code).status == LiveStatus.ENDED


def test_previous_and_next_never_ask(facilitator, app):
    code = start(facilitator)
    assert control(facilitator, code, "next").status_code == 303
    assert control(facilitator, code, "next").status_code == 303
    assert control(facilitator, code, "previous").status_code == 303


def test_every_printed_address_and_qr_starts_with_the_public_url(tmp_path, auth):
    app = make_app(tmp_path, PUBLIC_URL=PUBLIC + "/")
    with app.app_context():
        db.create_all()
    client = app.test_client()
    auth.client, auth.app = client, app
    auth.create("kim", role=Role.FACILITATOR)
    auth.login("kim")
    code = start(client)
    pages = {
        "console": client.get(f"/facilitate/{code}").get_data(as_text=True),
        "screen": client.get(f"/facilitate/{code}/screen").get_data(as_text=True),
        "debrief": client.get(f"/facilitate/{code}/debrief").get_data(as_text=True),
        "handout": client.get("/handout").get_data(as_text=True),
        "kiosk": client.get("/kiosk").get_data(as_text=True),
    }
    for name, page in pages.items():
        # The test client asks for http://localhost/: an address taken from the request would show it.
        assert "http://localhost" not in page and UNREACHABLE not in page, name
    assert f"{PUBLIC}/join/{code}" in pages["console"] and f"{PUBLIC}/join" in pages["screen"]
    assert f"{PUBLIC}/" in pages["handout"] and f"{PUBLIC}/" in pages["debrief"] and f"{PUBLIC}/" in pages["kiosk"]


def test_on_a_loopback_address_the_console_and_screen_say_phones_cannot_reach_it(facilitator, app):
    code = start(facilitator)  # the test client asks for http://localhost/
    screen = facilitator.get(f"/facilitate/{code}/screen").get_data(as_text=True)
    assert UNREACHABLE in screen and "PUBLIC_URL" in screen
    control(facilitator, code, "next")
    assert UNREACHABLE in facilitator.get(f"/facilitate/{code}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("host", "unreachable"),
    [("127.0.0.1:5000", True), ("localhost:5000", True), ("[::1]:5000", True), ("127.0.1.1", True),
     ("192.168.1.20:5000", False), ("course.school.example", False)],
)  # fmt: skip
def test_which_addresses_phones_cannot_reach(app, host, unreachable):
    from course.web import phones_cannot_reach_this

    with app.test_request_context("/", headers={"Host": host}):
        assert phones_cannot_reach_this() is unreachable


@pytest.mark.parametrize("bad", ["192.168.1.20:5000", "ftp://school.example", "http://", "https://x.example/?a=1"])
def test_a_public_url_that_is_not_an_http_address_stops_the_app_with_a_clear_message(tmp_path, bad):
    with pytest.raises(SettingsError, match="PUBLIC_URL must be an http:// or https:// address"):
        create_app(
            {"SECRET_KEY": TEST_SECRET_KEY, "SQLALCHEMY_DATABASE_URI": "sqlite://", "PUBLIC_URL": bad}, course_catalog()
        )


def test_the_facilitator_chooses_the_threshold_and_the_screen_counts_down(facilitator, app):
    response = post_form(facilitator, "/facilitate/", {"plan": PLAN, "threshold": "3"})
    code = response.headers["Location"].rsplit("/", 1)[1]
    go_to(facilitator, app, code, "triangle-of-risk")
    item = next(i for i in deck(app).items if i.id == "triangle-of-risk")
    first = phone(app, code)
    send(first, code, item.id, [item.choices[0].id], token=token_of(first, code))
    screen = facilitator.get(f"/facilitate/{code}/screen").get_data(as_text=True)
    assert "Totals appear after 3 answers" in screen and "2 more to go" in screen
    assert facilitator.get(f"/facilitate/{code}/tally").get_json()["needed"] == 2
    for n in range(2):
        device = phone(app, code)
        send(device, code, item.id, [item.choices[0].id], submission=f"x{n}", token=token_of(device, code))
    assert facilitator.get(f"/facilitate/{code}/tally").get_json()["counts"][item.choices[0].id] == 3


@pytest.mark.parametrize("bad", ["2", "0", "-4", "many", "²", "1000"])
def test_a_threshold_below_three_or_not_a_number_is_refused_with_a_message(facilitator, app, bad):
    response = post_form(facilitator, "/facilitate/", {"plan": PLAN, "threshold": bad})
    assert response.status_code == 400 and "Choose a number from 3 to 100" in response.get_data(as_text=True)
    assert facilitator.get("/facilitate/").get_data(as_text=True).count("/facilitate/") >= 1


def test_the_report_says_totals_are_hidden_rather_than_that_nothing_stood_out(facilitator, app):
    code = start(facilitator)
    go_to(facilitator, app, code, "triangle-of-risk")
    item = next(i for i in deck(app).items if i.id == "triangle-of-risk")
    wrong = next(choice for choice in item.choices if not choice.correct)
    for n in range(2):
        device = phone(app, code)
        send(device, code, item.id, [wrong.id], submission=f"w{n}", token=token_of(device, code))
    report = facilitator.get(f"/facilitate/{code}/report").get_data(as_text=True)
    assert "None stood out" not in report and "hidden to protect a small group" in report


def test_after_the_reveal_a_phone_shows_its_choice_the_careful_answer_and_why(facilitator, app):
    code = start(facilitator)
    go_to(facilitator, app, code, "park-checkin")
    item = next(i for i in deck(app).items if i.id == "park-checkin")
    device = phone(app, code)
    wrong = next(choice for choice in item.choices if not choice.correct)
    send(device, code, item.id, [wrong.id], token=token_of(device, code))
    control(facilitator, code, "reveal")
    state = device.get(f"/live/{code}/state").get_json()
    assert state["chosen"] == [wrong.id] and state["item"]["reason"] == item.reason and item.reason
    page = device.get(f"/live/{code}").get_data(as_text=True)
    careful = next(choice.label for choice in item.choices if choice.correct)
    assert f"You chose:</strong> {escape(wrong.label)}" in page
    assert f"The careful answer:</strong> {escape(careful)}" in page
    assert escape(item.reason.split(".")[0]) in page
    assert escape(item.reason.split(".")[0]) in facilitator.get(f"/facilitate/{code}/screen").get_data(as_text=True)


def test_the_debrief_lists_only_what_the_room_discussed(facilitator, app):
    code = start(facilitator)
    go_to(facilitator, app, code, "triangle-of-risk")
    debrief = facilitator.get(f"/facilitate/{code}/debrief").get_data(as_text=True)
    titles = {item.id: item.title for item in deck(app).items}
    assert titles["first-day-sign"] in debrief and titles["triangle-of-risk"] in debrief
    assert titles["checkin-before"] not in debrief and titles["beach-behind"] not in debrief


def kiosk_pages(client, app) -> dict[str, str]:
    """Every page a parent can reach on the tablet: the attract screen, each item, each answer, the sources."""
    pages = {"/kiosk": client.get("/kiosk").get_data(as_text=True)}
    pages["/kiosk/sources"] = client.get("/kiosk/sources").get_data(as_text=True)
    for slug, found in app.extensions["course_catalog"].decks.items():
        if not found.spec.kiosk:
            continue
        for number, item in enumerate(found.items, 1):
            url = f"/kiosk/{slug}/{number}"
            pages[url] = client.get(url).get_data(as_text=True)
            if item.answerable:
                answered = post_form(client, url, {"choice": item.choices[0].id})
                pages[url + " (answered)"] = answered.get_data(as_text=True)
    return pages


def test_no_link_on_a_kiosk_page_leads_outside_the_kiosk(client, app):
    pages = kiosk_pages(client, app)
    assert len(pages) > 6
    for url, html in pages.items():
        for link in links_of(html):
            parts = urlsplit(link)
            if not parts.netloc and parts.path == "" and parts.fragment:
                continue  # a jump within the page
            assert not parts.netloc and parts.path.startswith("/kiosk"), (url, link)
    assert any("/kiosk/sources#S" in html for html in pages.values())  # citations stay on the tablet


def test_kiosk_scenario_items_show_their_picture_and_teach_after_an_answer(client, app):
    found = next(d for d in app.extensions["course_catalog"].decks.values() if d.spec.kiosk)
    number, item = next((n, i) for n, i in enumerate(found.items, 1) if i.image and i.reason)
    url = f"/kiosk/{found.slug}/{number}"
    assert f'alt="{escape(item.image.alt)}"' in client.get(url).get_data(as_text=True)
    wrong = next(choice for choice in item.choices if not choice.correct)
    answered = post_form(client, url, {"choice": wrong.id}).get_data(as_text=True)
    assert f"You chose:</strong> {escape(wrong.label)}" in answered and escape(item.reason.split(".")[0]) in answered


def test_the_attract_screen_has_a_picture_a_line_and_one_big_start(client):
    page = client.get("/kiosk").get_data(as_text=True)
    assert "data-attract-pictures" in page and page.count("<img") >= 2 and "button--huge" in page


def test_make_run_says_which_addresses_phones_can_reach(monkeypatch):
    from course import network

    monkeypatch.setattr(network, "lan_addresses", lambda: ["192.168.1.20"])
    listening = network.startup_lines("0.0.0.0", 5000, "")
    assert "http://192.168.1.20:5000" in listening[1] and "PUBLIC_URL=http://192.168.1.20:5000" in listening[2]
    assert "Only this computer can open it" in " ".join(network.startup_lines("127.0.0.1", 5000, ""))
    assert network.startup_lines("0.0.0.0", 5000, PUBLIC)[-1] == f"QR codes and printouts use {PUBLIC}"


ITEM_MINUTES = re.compile(r"About (\d+)\s+minutes?", re.IGNORECASE)


def test_each_facilitated_deck_fits_its_minutes_with_a_tenth_to_spare(app):
    """Every item of a workshop deck says how long it takes in its notes; together they leave a buffer."""
    for deck in app.extensions["course_catalog"].decks.values():
        if deck.spec.kiosk:
            continue  # a waiting room goes at each parent's pace
        timed = {item.id: ITEM_MINUTES.search(" ".join(item.notes.split())) for item in deck.items}
        assert all(timed.values()), (
            f"{deck.slug}: items without 'About N minutes': {[k for k, v in timed.items() if not v]}"
        )
        planned = sum(int(match[1]) for match in timed.values())
        assert planned <= deck.spec.minutes * 0.9, f"{deck.slug}: {planned} of {deck.spec.minutes} minutes planned"
