"""Guessing join codes through the poll: after a few unknown codes from one address, it gets 429 for a while.

The poll is served before Flask (fastpath.py), so Flask-Limiter never sees it. This counts only misses
(a poll for a code that names no session), per address, in each worker process: a room polling a real
session never comes near it, and someone trying codes gets a few dozen guesses a minute instead of
hundreds a second.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

MISSES_ALLOWED = 20
WINDOW_SECONDS = 60.0


class MissCounter:
    def __init__(self, allowed: int = MISSES_ALLOWED, window: float = WINDOW_SECONDS, clock: Callable = time.monotonic):
        self.allowed, self.window, self.clock = allowed, window, clock
        self._misses: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def blocked(self, address: str) -> bool:
        with self._lock:
            started, count = self._misses.get(address, (0.0, 0))
            return count >= self.allowed and self.clock() - started < self.window

    def missed(self, address: str) -> None:
        now = self.clock()
        with self._lock:
            started, count = self._misses.get(address, (now, 0))
            if now - started >= self.window:
                started, count = now, 0
            self._misses[address] = (started, count + 1)
            if len(self._misses) > 10_000:  # forget the oldest windows rather than grow without end
                for stale in [a for a, (t, _) in self._misses.items() if now - t >= self.window]:
                    del self._misses[stale]
