"""The words the page scripts show, in the page's language.

Each script in static/js writes its words in English as `t("…")`; `make translations-extract` collects them
into the catalogues like any template string. A page in another language carries their translations in
`<script type="application/json" id="page-strings">`; an English page carries nothing (English is each
call's fallback).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from flask import request
from flask_babel import gettext

from .i18n import DEFAULT_LANGUAGE, page_language

SCRIPTS = Path(__file__).resolve().parent.parent / "static" / "js"
T_CALL = re.compile(r'\bt\(\s*"((?:[^"\\]|\\.)*)"')
# The scripts each part of the site loads (by blueprint).
SCRIPTS_OF = {
    "live_views": ("live",),
    "kiosk": ("live", "kiosk"),
    "facilitate": ("present",),
    "scenarios": ("scenario",),
    "quizzes": ("scenario",),
    "photo_check": ("check-photo",),
}


@cache
def script_words(name: str) -> tuple[str, ...]:
    source = (SCRIPTS / f"{name}.js").read_text()
    return tuple(dict.fromkeys(json.loads(f'"{raw}"') for raw in T_CALL.findall(source)))


def page_strings() -> dict[str, str]:
    """Translations of the words this page's scripts may show; empty on an English page."""
    if page_language() == DEFAULT_LANGUAGE:
        return {}
    words = (word for script in SCRIPTS_OF.get(request.blueprint or "", ()) for word in script_words(script))
    return {word: translated for word in words if (translated := gettext(word)) != word}
