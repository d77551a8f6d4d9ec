"""Security events as one JSON line each on the `course.security` logger, with the request's id.

What an operator needs to see an attack or a misconfiguration (failed logins, refused forms, rate
limits, accounts created, purges), and never what would identify or let anyone in: no username, code,
token, cookie or address. Every reply from Flask carries its request id in `X-Request-ID` (the live fast
path's polls and answers do not), so a facilitator's "it said something went wrong" can be found in the
log.
"""

from __future__ import annotations

import json
import logging
import secrets

from flask import Flask, Response, g, has_request_context, request

security_log = logging.getLogger("course.security")


def request_id() -> str | None:
    if not has_request_context():
        return None
    if "request_id" not in g:
        g.request_id = secrets.token_hex(8)
    return g.request_id


def security_event(event: str, **fields: object) -> None:
    """Log one event; `fields` must hold nothing personal (counts, kinds, routes)."""
    record = {"event": event, "request_id": request_id(), **fields}
    if has_request_context():
        record.setdefault("route", request.url_rule.rule if request.url_rule else None)
    security_log.info(json.dumps(record, sort_keys=True))


def install_request_ids(app: Flask) -> None:
    if not security_log.handlers and not app.testing:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
        security_log.addHandler(handler)
    security_log.setLevel(logging.INFO)

    @app.after_request
    def _tag(response: Response) -> Response:
        response.headers["X-Request-ID"] = request_id() or ""
        if response.status_code == 429:
            security_event("rate_limited", status=429)
        return response
