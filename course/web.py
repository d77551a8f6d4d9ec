"""What every feature's views share: this app's catalog, a 404 for content that is not there, and the
addresses that go on paper and in QR codes."""

from __future__ import annotations

from typing import TypeVar

from flask import abort, current_app, request, url_for

from .content import Catalog

Found = TypeVar("Found")


def catalog() -> Catalog:
    return current_app.extensions["course_catalog"]


def or_404(found: Found | None) -> Found:
    """The content item or record a URL names, or a 404 page when there is none."""
    if found is None:
        abort(404)
    return found


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
