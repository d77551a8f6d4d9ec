"""Reading a content file in another language: the translation beside it, checked against the English.

`lessons/01-why-this-campaign.es.md` translates `lessons/01-why-this-campaign.md`. It must have the English
file's structure (the same keys, list lengths, identifiers, citations and links: only the words people read
differ) and records the English file it was made from (`translated_from:`, the English file's content hash).
A missing translation falls back to the English file; a translation of an older English file is stale (a
warning, not an error). While content is read inside `reading_language("es")`, the readers in `files.py`
take the translation where there is one and keep a report of what they did.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import Problems
from .yamlfile import LineIndex

SOURCE_LANGUAGE = "en"
MARKER = "translated_from"
NOT_TRANSLATED: frozenset[str] = frozenset()  # every content file has a translation (sources: their headings only)
TRANSLATION_FILE = re.compile(r"\.([a-z]{2})\.(md|yaml)$")
# English values that are identifiers, not words: a translation keeps them exactly.
IDENTIFIER = re.compile(
    r"^([a-z0-9]+(?:[-_][a-z0-9]+)*|S\d+[a-z]?|\S+\.(?:svg|png|jpe?g|webp|mp4|webm|vtt|yaml|md)|https?://\S+|/\S*)$"
)
CITATION = re.compile(r"\[S\d+[a-z]?\]")
LINK_TARGET = re.compile(r"\]\(([^)\s]+)")
HEADING = re.compile(r"^#+ ", re.M)


@dataclass
class TranslationReport:
    """What reading one language found: files translated, missing (English shown) and stale."""

    language: str
    translated: set[Path] = field(default_factory=set)
    missing: set[Path] = field(default_factory=set)
    stale: set[Path] = field(default_factory=set)

    def falls_back(self, english: Path) -> bool:
        return english in self.missing

    def note_missing(self, english: Path) -> None:
        if english.name not in NOT_TRANSLATED:
            self.missing.add(english)


_reading: ContextVar[TranslationReport | None] = ContextVar("reading_language", default=None)


@contextmanager
def reading_language(language: str) -> Iterator[TranslationReport]:
    report = TranslationReport(language)
    token = _reading.set(report if language != SOURCE_LANGUAGE else None)
    try:
        yield report
    finally:
        _reading.reset(token)


def current_report() -> TranslationReport | None:
    return _reading.get()


def is_translation(path: Path) -> bool:
    return TRANSLATION_FILE.search(path.name) is not None


def english_name(path: Path) -> str:
    """`01-why.es.md` -> `01-why.md`; an English name is returned as it is."""
    return TRANSLATION_FILE.sub(r".\2", path.name)


def translation_path(english: Path, language: str) -> Path:
    return english.with_name(f"{english.stem}.{language}{english.suffix}")


def take_marker(data: Any, index: LineIndex, path: Path, problems: Problems) -> str | None:
    """Remove `translated_from:` from a translation's data and return it; a translation must have it."""
    if isinstance(data, dict) and isinstance(data.get(MARKER), str):
        return data.pop(MARKER)
    problems.add(path, index.line(), f"a translation says which English file it was made from: add '{MARKER}:'")
    return None


def compare_structure(english: Any, translated: Any, index: LineIndex, path: Path, problems: Problems) -> None:
    """Report every place where the translation's structure differs from the English."""
    for location, message in _differences(english, translated, ()):
        problems.add(path, index.line(location), message)


def _differences(english: Any, translated: Any, at: tuple) -> Iterator[tuple[tuple, str]]:
    where = ".".join(str(part) for part in at) or "the file"
    if isinstance(english, dict):
        if not isinstance(translated, dict):
            yield at, f"{where}: expected a mapping, as in English"
            return
        if set(english) != set(translated):
            missing, extra = sorted(set(english) - set(translated)), sorted(set(translated) - set(english))
            yield at, f"{where}: keys differ from the English (missing {missing}, extra {extra})"
        for key in english.keys() & translated.keys():
            yield from _differences(english[key], translated[key], (*at, key))
    elif isinstance(english, list):
        if not isinstance(translated, list) or len(english) != len(translated):
            yield at, f"{where}: the English has {len(english)} items here"
            return
        for position, (one, other) in enumerate(zip(english, translated, strict=True)):
            yield from _differences(one, other, (*at, position))
    elif isinstance(english, str):
        if not isinstance(translated, str):
            yield at, f"{where}: expected text, as in English"
        elif IDENTIFIER.match(english.strip()) and english.strip() != translated.strip():
            yield at, f"{where}: '{english.strip()}' is an identifier: keep it as in English"
        elif sorted(CITATION.findall(english)) != sorted(CITATION.findall(translated)):
            yield at, f"{where}: cites {CITATION.findall(translated)}, the English {CITATION.findall(english)}"
    elif english != translated:
        yield at, f"{where}: {translated!r} differs from the English {english!r}"


def compare_bodies(english: str, translated: str, path: Path, line: int, problems: Problems) -> None:
    """A markdown body: the same citations, link targets and number of headings as the English."""
    if sorted(CITATION.findall(english)) != sorted(CITATION.findall(translated)):
        problems.add(path, line, "the text cites other sources than the English")
    if sorted(LINK_TARGET.findall(english)) != sorted(LINK_TARGET.findall(translated)):
        problems.add(path, line, "the text links to other pages than the English")
    if len(HEADING.findall(english)) != len(HEADING.findall(translated)):
        problems.add(path, line, "the text has a different number of headings than the English")


def content_language() -> str:
    """The language content is being read in (English outside `reading_language`)."""
    report = _reading.get()
    return report.language if report is not None else SOURCE_LANGUAGE
