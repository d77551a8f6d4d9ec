"""What every feature's views share: this app's catalog, and a 404 for content that is not there."""

from __future__ import annotations

from typing import TypeVar

from flask import abort, current_app

from .content import Catalog

Found = TypeVar("Found")


def catalog() -> Catalog:
    return current_app.extensions["course_catalog"]


def or_404(found: Found | None) -> Found:
    """The content item or record a URL names, or a 404 page when there is none."""
    if found is None:
        abort(404)
    return found
