"""CPU time of server processes, read from /proc (Linux): granian's main process and workers, and PostgreSQL's."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HZ = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rfind(")") + 2 :].split()  # the fields after "(comm)"


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def process_tree(root: int) -> set[int]:
    """`root` and every process below it."""
    parents = {pid: int(fields[1]) for pid in _pids() if (fields := _stat(pid))}
    tree, grew = {root}, True
    while grew:
        below = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= below
        grew = bool(below)
    return tree


def cpu_seconds(pids: set[int]) -> float:
    """CPU time of these processes, and of the children they have already reaped (a worker or a database
    connection that ended during the measurement still counts)."""
    total = 0
    for pid in pids:
        if fields := _stat(pid):
            total += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return total / HZ


def server_serving(port: int) -> set[int]:
    """The server `make run` starts (course/serve.py) on this port, with its workers; empty when none is found."""
    masters = [pid for pid in _pids() if "granian" in (line := _cmdline(pid)) and f"--port {port} " in line + " "]
    return set().union(*(process_tree(pid) for pid in masters)) if masters else set()


def postgres_processes() -> set[int]:
    """The PostgreSQL server on this machine (the postmaster and its connections); empty when none runs."""
    masters = [pid for pid in _pids() if "bin/postgres" in _cmdline(pid)]
    return set().union(*(process_tree(pid) for pid in masters)) if masters else set()


class CalibrationServer:
    """The bare route under the same server and settings as `make run`, on a port of its own."""

    def __init__(self, workers: int, threads: int, port: int = 5099):
        self.port, self.workers, self.threads = port, workers, threads
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> CalibrationServer:
        sys.path.insert(0, str(ROOT))
        from course.serve import server_command

        command = server_command("127.0.0.1", self.port, self.workers, self.threads, target="calibration_app:rsgi")
        environment = {**os.environ, "SERVER_THREADS": str(self.threads), "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT / "bench", env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(0.5)  # every worker up
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/ping"

    def pids(self) -> set[int]:
        return process_tree(self.process.pid) if self.process else set()

    def __exit__(self, *exc: object) -> None:
        if self.process:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


if __name__ == "__main__":
    print(cpu_seconds(server_serving(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)))
