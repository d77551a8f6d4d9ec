"""One spelling and vocabulary per region: the course is written in US English, and read in British English
where the operator's REGION uses it (the UK, Australia, Europe).

The swap happens once, while content is loaded: a `reading_for(region)` block sets the word list, and every
content text field and Markdown body passes through `regionalise`. Ids, slugs, hashtags, links and source
citations are never touched (they are other types, and citations stay as published).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

BRITISH_REGIONS = frozenset({"uk", "au", "eu"})

US_TO_BRITISH: Mapping[str, str] = {
    "diaper": "nappy",
    "diapers": "nappies",
    "stroller": "pushchair",
    "strollers": "pushchairs",
    "sweater": "jumper",
    "sweaters": "jumpers",
    "mom": "mum",
    "moms": "mums",
    "vacation": "holiday",
    "vacations": "holidays",
    "color": "colour",
    "colors": "colours",
    "colored": "coloured",
    "pants": "trousers",
    "pant": "trouser",
    "crib": "cot",
    "cart": "trolley",
    "soccer": "football",
    "cozy": "cosy",
    "colorful": "colourful",
    "favorite": "favourite",
    "favorites": "favourites",
    "behavior": "behaviour",
    "behaviors": "behaviours",
    "neighbor": "neighbour",
    "neighbors": "neighbours",
    "neighborhood": "neighbourhood",
    "center": "centre",
    "practiced": "practised",
    "practicing": "practising",
    "organize": "organise",
    "organization": "organisation",
    "organizations": "organisations",
    "organized": "organised",
    "recognize": "recognise",
    "recognized": "recognised",
    "realize": "realise",
    "apologize": "apologise",
    "gray": "grey",
}

US_TO_BRITISH_PHRASES: Mapping[str, str] = {"license plate": "number plate", "license plates": "number plates"}

_words: ContextVar[Mapping[str, str] | None] = ContextVar("regional_words", default=None)
_WORD = re.compile(r"(?<![\w/#@.-])[A-Za-z]+(?![\w/-])")  # a whole word, not part of a slug, tag, address or path


def words_for(region: str) -> Mapping[str, str] | None:
    return US_TO_BRITISH if region in BRITISH_REGIONS else None


@contextmanager
def reading_for(region: str) -> Iterator[None]:
    token = _words.set(words_for(region))
    try:
        yield
    finally:
        _words.reset(token)


def regionalise(text: str) -> str:
    """The text in the current region's words; unchanged outside a `reading_for` block or in the US."""
    words = _words.get()
    if not words:
        return text
    for phrase, other in US_TO_BRITISH_PHRASES.items():
        text = re.sub(rf"\b{phrase}\b", lambda match, other=other: _cased(match[0], other), text, flags=re.IGNORECASE)
    return _WORD.sub(lambda match: _swap(match[0], words), text)


def _swap(word: str, words: Mapping[str, str]) -> str:
    other = words.get(word.lower())
    return word if other is None else _cased(word, other)


def _cased(word: str, other: str) -> str:
    """`other` in the case of `word`: lower, Capitalised or UPPER."""
    if word.isupper() and len(word) > 1:
        return other.upper()
    return other.capitalize() if word[0].isupper() else other
