"""What a phone in a live session sees: the one response that a thousand phones ask for every 2 s.

Kept small and fast on purpose: a cached session snapshot, the rendered item cached per
version and language, and "have I answered?" read from the phone's answer cookie (course/live/answered.py).
Works inside an app context.
"""

from __future__ import annotations

import json

from flask import current_app

from ..i18n import DEFAULT_LANGUAGE
from . import answered
from .answers import chosen_by
from .decks import LiveItem
from .replies import JSON_HEADERS, Reply
from .seats import read_seat
from .service import SessionSnapshot, current_item, snapshot, state_etag

_items: dict[tuple[str, int], bytes] = {}


def _item_view(known: SessionSnapshot, item: LiveItem | None, language: str) -> bytes:
    """The part of the reply every phone in a language shares, encoded once per version: `{"version": …` (open)."""
    key = (known.code, known.version, language)
    if key not in _items:
        view: dict = {"version": known.version, "status": known.status, "item": None}
        if item is not None:
            view["item"] = {
                "id": item.id,
                "kind": item.kind,
                "prompt": item.prompt,
                "title": item.title,
                "multiple": item.multiple,
                "body_html": item.body_html,
                "choices": [{"id": c.id, "label": c.label} for c in item.choices],
            }
            if item.image is not None:
                url = f"{current_app.static_url_path}/{item.image.path}"
                view["item"]["image"] = {"url": url, "alt": item.image.alt}
                view["item"]["hotspots"] = [{"id": h.choice_id, "classes": h.classes} for h in item.hotspots]
            if known.status == "revealed":
                view["item"]["correct"] = item.correct_ids
                view["item"]["reason"] = item.reason
        if len(_items) > 10_000:
            _items.clear()
        _items[key] = json.dumps(view).encode()[:-1]  # without its closing brace: this phone's part follows
    return _items[key]


def _chosen(session_id: int, participant_id: int | None, item: LiveItem | None, recorded) -> list[str] | None:
    """What this phone chose for the item: from its answer cookie, or the database when the cookie cannot say."""
    if participant_id is None or item is None or recorded is None or recorded[0] != item.id:
        return None  # not seated, nothing open, or not answered yet: every answer sets the cookie
    return recorded[1] if recorded[1] is not None else chosen_by(session_id, participant_id, item.id)


def respond(
    code: str,
    seat_raw: str | None,
    if_none_match: str | None,
    language: str = DEFAULT_LANGUAGE,
    answered_raw: str | None = None,
) -> Reply:
    """The phone's view in its own language: the same item, its words from that language's deck."""
    known = snapshot(code, current_app.config["LIVE_STATE_CACHE_SECONDS"])
    catalogs = current_app.extensions["course_catalogs"]
    decks = catalogs.get(language, current_app.extensions["course_catalog"]).decks
    if known is None or known.plan_id not in decks:
        return Reply(404, JSON_HEADERS, b'{"error": "no such session"}')
    etag = f'"{state_etag(known)}-{language}"'
    headers = [*JSON_HEADERS, ("ETag", etag)]
    if if_none_match and etag in (tag.strip() for tag in if_none_match.split(",")):
        return Reply(304, headers, b"")
    item = current_item(decks[known.plan_id], known)
    participant_id, _ = read_seat(seat_raw)
    chosen = _chosen(known.id, participant_id, item, answered.read(answered_raw))
    mine = json.dumps({"answered": chosen is not None, "chosen": chosen or []}).encode()
    return Reply(200, headers, _item_view(known, item, language) + b", " + mine[1:])
