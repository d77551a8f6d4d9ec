"""The access log without secrets: resume and certificate codes in a path are replaced by "…".

A resume code moves a guest's learning record and a certificate code proves a result; both are stored
only as hashes, so the log must not keep them either. Query strings and referrers are never logged, and
neither are addresses (the served app's log line is written in course/rsgi.py).
"""

from __future__ import annotations

import re

SECRET_IN_PATH = re.compile(r"(/(?:resume|certificates)/)[^\s?/]+")
QUERY = re.compile(r"\?[^\s]*")


def redact(text: str) -> str:
    """A request line or path with its codes replaced and its query string dropped."""
    return SECRET_IN_PATH.sub(r"\1…", QUERY.sub("", text))
