"""Reading content files: YAML and front-matter markdown, validated against a schema."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .problems import Problems
from .registry import References
from .render import cited_sources
from .translation import (
    compare_bodies,
    compare_structure,
    current_report,
    is_translation,
    take_marker,
    translation_path,
)
from .yamlfile import LineIndex, YamlSyntaxError, load_yaml, split_front_matter

Model = TypeVar("Model", bound=BaseModel)


def content_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


@dataclass(frozen=True)
class MarkdownDoc(Generic[Model]):
    """A validated front-matter markdown file, with what is needed to report problems at their line."""

    meta: Model
    path: Path
    index: LineIndex
    body: str
    body_line: int
    content_hash: str


@dataclass(frozen=True)
class YamlDoc(Generic[Model]):
    data: Model
    path: Path
    index: LineIndex
    content_hash: str


def validate(model: type[Model], data: Any, index: LineIndex, path: Path, problems: Problems) -> Model | None:
    """Validate parsed YAML against a schema, reporting each error at its line."""
    if not isinstance(data, dict):
        problems.add(path, index.line(), "expected a mapping of keys to values")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            location = tuple(detail["loc"])
            where = ".".join(str(part) for part in location) or "file"
            problems.add(path, index.line(location), f"{where}: {detail['msg']}")
        return None


# `word #tag` in an unquoted YAML value silently turns the tag into a comment.
CUT_HASHTAG = re.compile(r"""^[^#'"]*:\s+[^\s'"|>#][^#]*\S #\w""")


def check_cut_hashtags(path: Path, text: str, problems: Problems) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        if CUT_HASHTAG.match(line):
            problems.add(path, number, "' #' starts a YAML comment, cutting the value short: put it in quotes")


def read_yaml(path: Path, model: type[Model], problems: Problems) -> YamlDoc[Model] | None:
    """A YAML file, validated; inside `reading_language`, its translation where there is one."""
    if not path.is_file():
        problems.add(path, 1, "file is missing")
        return None
    raw = path.read_bytes()
    parsed = _parse_yaml(path, raw, problems)
    if parsed is None:
        return None
    report = current_report()
    if report is not None and (translated := _translated(path, raw, parsed, _parse_yaml, report, problems)):
        path, raw, parsed = translated
    data, index = parsed
    validated = validate(model, data, index, path, problems)
    return YamlDoc(validated, path, index, content_hash(raw)) if validated is not None else None


def _parse_yaml(path: Path, raw: bytes, problems: Problems) -> tuple[Any, LineIndex] | None:
    check_cut_hashtags(path, raw.decode("utf-8", errors="replace"), problems)
    try:
        return load_yaml(raw.decode("utf-8"))
    except YamlSyntaxError as error:
        problems.add(path, error.line, str(error))
        return None


def _note_translation(english: Path, english_raw: bytes, path: Path, made_from: str | None, report) -> None:
    report.translated.add(english)
    if made_from is not None and made_from != content_hash(english_raw):
        report.stale.add(english)


SLUG_FILE = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)\.yaml$")


def read_yaml_dir(
    directory: Path, model: type[Model], what: str, problems: Problems, skip: frozenset[str] = frozenset()
) -> dict[str, YamlDoc[Model]]:
    """Every `slug.yaml` in a folder, validated; the slug is the file name."""
    found = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name in skip or is_translation(path):
            continue
        match = SLUG_FILE.match(path.name)
        if not match:
            problems.add(path, 1, f"{what} files are named slug.yaml (lowercase, digits and dashes)")
            continue
        doc = read_yaml(path, model, problems)
        if doc is not None:
            found[match[1]] = doc
    return found


def read_markdown(path: Path, model: type[Model], problems: Problems) -> MarkdownDoc[Model] | None:
    """A front-matter markdown file, validated; inside `reading_language`, its translation where there is one."""
    raw = path.read_bytes()
    parsed = _parse_markdown(path, raw, problems)
    if parsed is None:
        return None
    report = current_report()
    if report is not None and (translated := _translated(path, raw, parsed, _parse_markdown, report, problems)):
        path, raw, parsed = translated
    data, index, body, body_line = parsed
    meta = validate(model, data, index, path, problems)
    return MarkdownDoc(meta, path, index, body, body_line, content_hash(raw)) if meta is not None else None


def _parse_markdown(path: Path, raw: bytes, problems: Problems) -> tuple[Any, LineIndex, str, int] | None:
    try:
        front, body, body_line = split_front_matter(raw.decode("utf-8"))
        data, index = load_yaml(front, first_line=2)
    except YamlSyntaxError as error:
        problems.add(path, error.line, str(error))
        return None
    return data, index, body, body_line


def _translated(english: Path, english_raw: bytes, english_parsed: tuple, parse, report, problems: Problems):
    """The translation beside an English file (parsed by `parse`), checked against it; None to show the English."""
    path = translation_path(english, report.language)
    if not path.is_file():
        report.note_missing(english)
        return None
    raw = path.read_bytes()
    parsed = parse(path, raw, problems)
    if parsed is None:
        return None
    data, index = parsed[0], parsed[1]
    _note_translation(english, english_raw, path, take_marker(data, index, path, problems), report)
    compare_structure(english_parsed[0], data, index, path, problems)
    if len(parsed) == 4:  # a markdown file: (front matter, index, body, body line)
        compare_bodies(english_parsed[2], parsed[2], path, parsed[3], problems)
    return path, raw, parsed


def check_citations(
    doc: MarkdownDoc, listed: tuple[str, ...], known: set[str], sources_file: str, problems: Problems
) -> None:
    """Each listed source exists and is cited in the text; each citation is listed."""
    cited = cited_sources(doc.body)
    cited_ids = {source for source, _ in cited}
    for position, source_id in enumerate(listed):
        line = doc.index.line(("sources", position))
        if source_id not in known:
            problems.add(doc.path, line, f"unknown source '{source_id}' (not in {sources_file})")
        elif source_id not in cited_ids:
            problems.add(doc.path, line, f"source '{source_id}' is listed but never cited in the text")
    for source_id, offset in cited:
        if source_id not in listed:
            problems.add(
                doc.path,
                doc.body_line + offset,
                f"[{source_id}] is cited but missing from the front matter 'sources'",
            )


def check_lesson_and_sources(
    doc: YamlDoc,
    at: tuple,
    lesson: str,
    sources: tuple[str, ...],
    known: References,
    problems: Problems,
    source_key: str = "sources",
) -> None:
    """The lesson and sources an item points at exist."""
    if lesson not in known.lessons:
        problems.add(doc.path, doc.index.line((*at, "lesson")), f"unknown lesson '{lesson}'")
    for position, source_id in enumerate(sources):
        if source_id not in known.sources:
            where = (*at, source_key) if source_key == "source" else (*at, source_key, position)
            problems.add(doc.path, doc.index.line(where), f"unknown source '{source_id}'")


def check_unique_ids(doc: YamlDoc, key: str, ids: list[str], problems: Problems, what: str = "id") -> None:
    """Each id under `key` (a list of items) appears once."""
    seen: set[str] = set()
    for position, item_id in enumerate(ids):
        if item_id in seen:
            problems.add(doc.path, doc.index.line((key, position, "id")), f"duplicate {what} '{item_id}'")
        seen.add(item_id)
