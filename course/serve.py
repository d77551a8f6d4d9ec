"""`make run`'s server: granian, its Rust loop reading every request before a Python thread takes it.

`python -m course.serve --host H --port P --workers W --threads T` starts it in the foreground; the tests and
the benchmark start the same command (`server_command`), so what they measure is what `make run` serves.
"""

from __future__ import annotations

import argparse
import os
import sys

HEADER_READ_TIMEOUT_MS = 10_000  # a phone that has not sent its headers in 10 s is let go
# granian's backpressure caps the connections each worker holds, kept-alive ones included. A room of 1,000
# phones keeps up to 2,000 open; at the default (backlog / workers = 512) the rest wait and time out.
# How many requests run at once is set by the threads (course/rsgi.py), not by this.
CONNECTIONS_PER_WORKER = 4096
BACKLOG = 4096


def server_command(host: str, port: int, workers: int, threads: int, target: str = "app:rsgi") -> list[str]:
    return [
        sys.executable, "-m", "granian", "--interface", "rsgi", "--http", "1",
        "--host", host, "--port", str(port), "--workers", str(workers), "--runtime-threads", "1",
        "--http1-header-read-timeout", str(HEADER_READ_TIMEOUT_MS), "--no-ws",
        "--backlog", str(BACKLOG), "--backpressure", str(CONNECTIONS_PER_WORKER),
        "--log-level", "warning", target,
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=max(2, os.cpu_count() or 1))
    parser.add_argument("--threads", type=int, default=8, help="WSGI threads per worker (8)")
    args = parser.parse_args()
    os.environ["SERVER_THREADS"] = str(args.threads)
    command = server_command(args.host, args.port, args.workers, args.threads)
    os.execv(command[0], command)  # noqa: S606 (the server takes this process's place, as make run expects)


if __name__ == "__main__":
    main()
