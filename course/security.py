"""Response headers, safe redirects and no-store pages: the app practises what it teaches."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, g, request

BASE_CSP = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "img-src": "'self' data:",
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def build_csp(frame_hosts: tuple[str, ...] = ()) -> str:
    directives = dict(BASE_CSP)
    if frame_hosts:
        directives["frame-src"] = " ".join(frame_hosts)
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def fixed_headers(csp: str) -> list[tuple[str, str]]:
    """The headers every reply carries, whoever serves it (Flask or the live fast path)."""
    return [
        ("Content-Security-Policy", csp),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Permissions-Policy", PERMISSIONS_POLICY),
    ]


def is_safe_redirect(target: str | None) -> bool:
    """True only for a path on this site: no scheme, no host, no `//` or `/\\` tricks."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if any(ord(char) < 32 or char == "\\" for char in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_redirect_target(target: str | None, fallback: str) -> str:
    return target if is_safe_redirect(target) else fallback


def personal(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view as showing personal data: it is never stored by a browser or proxy."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        mark_personal()
        return view(*args, **kwargs)

    return wrapper


def mark_personal() -> None:
    """The page being drawn shows personal data (what `personal` does for a whole view)."""
    g.personal_page = True


def install_security_headers(app: Flask, frame_hosts: tuple[str, ...] = ()) -> None:
    every_reply = fixed_headers(build_csp(frame_hosts))

    @app.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        for name, value in every_reply:
            headers.setdefault(name, value)
        if request.is_secure:
            headers.setdefault(*HSTS)
        if g.get("personal_page") or g.get("learner_cookie_changed"):
            headers["Cache-Control"] = "no-store"
            headers["Vary"] = "Cookie"
        return response
