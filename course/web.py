"""What every feature's views share: this app's catalog, a 404 for content that is not there, the
addresses that go on paper and in QR codes, and how a rate limit tells one browser from another."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TypeVar

from flask import abort, current_app, request, url_for
from flask_limiter.util import get_remote_address

from .content import Catalog
from .i18n import page_language

Found = TypeVar("Found")


def catalog() -> Catalog:
    """The course in the language of this page (the English where a part is not translated)."""
    return current_app.extensions["course_catalogs"].get(page_language(), current_app.extensions["course_catalog"])


def or_404(found: Found | None) -> Found:
    """The content item or record a URL names, or a 404 page when there is none."""
    if found is None:
        abort(404)
    return found


def browser_limit_key(secret: object) -> str:
    """A rate-limit key for one browser, from a secret only it holds (a cookie, a session value); the
    address when it has none. Parents behind one school address are then not one client."""
    if not secret:
        return "address:" + get_remote_address()
    return "browser:" + hashlib.sha256(str(secret).encode()).hexdigest()


LOOPBACK_HOSTS = ("localhost", "::1")


def public_url(endpoint: str, **values: object) -> str:
    """A full address to print or put in a QR code: always under PUBLIC_URL when it is set."""
    base = current_app.config["PUBLIC_URL"]
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def phones_cannot_reach_this() -> bool:
    """True when printed addresses would name this computer's loopback address, which no phone can open."""
    if current_app.config["PUBLIC_URL"]:
        return False
    host = request.host.rsplit(":", 1)[0] if not request.host.startswith("[") else request.host[1:].split("]")[0]
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def _content_file(kind: str, slug: str) -> Path | None:
    paths = current_app.config["CONTENT_PATHS"]
    if kind == "lesson":
        lesson = current_app.extensions["course_catalog"].lessons.get(slug)
        return paths.lessons / f"{lesson.number:02d}-{slug}.md" if lesson else None
    folder = {"scenario": paths.quizzes / "scenarios", "quiz": paths.quizzes}[kind]
    return folder / f"{slug}.yaml"


def translation_state(kind: str, slug: str) -> str | None:
    """For a page drawn from one content file: "missing" (shown in English) or "stale" in this page's language."""
    report = current_app.extensions["course_translations"].get(page_language())
    path = _content_file(kind, slug) if report is not None else None
    if path is None:
        return None
    return "missing" if path in report.missing else "stale" if path in report.stale else None
