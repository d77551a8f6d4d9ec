"""Read every content file through the kinds the features declare, check references, build the catalog."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from types import MappingProxyType
from typing import Any

from .catalog import Catalog, Source
from .files import YamlDoc, read_yaml
from .problems import Problems
from .registry import ContentKind, ContentPaths, References
from .schema import CourseMeta, SourcesFile

OUTLINE_FILE = "course.yaml"
SOURCES_FILE = "sources.yaml"


def load_catalog(paths: ContentPaths, kinds: Sequence[ContentKind]) -> Catalog:
    """Build the catalog, or raise ContentError listing every problem found."""
    problems = Problems(root=paths.lessons.parent)
    paths = dataclasses.replace(paths, claimed=frozenset(name for kind in kinds for name in kind.files))
    course = read_yaml(paths.lessons / OUTLINE_FILE, CourseMeta, problems)
    sources = read_yaml(paths.lessons / SOURCES_FILE, SourcesFile, problems)
    drafts = {kind.name: kind.read(paths, problems) for kind in kinds}
    known: dict[str, set[str]] = {"sources": set(sources.data.sources) if sources else set()}
    for kind in kinds:
        for what, ids in kind.ids(drafts[kind.name]).items():
            known.setdefault(what, set()).update(ids)
    references = References(MappingProxyType({what: frozenset(ids) for what, ids in known.items()}))
    if sources is not None:
        _check_groups(sources, problems)
    for kind in kinds:
        kind.check(drafts[kind.name], references, problems)
    problems.raise_if_any()
    assert course is not None and sources is not None
    parts: dict[str, Any] = {}
    for kind in kinds:
        parts.update(kind.build(drafts[kind.name], MappingProxyType(parts)))
    frozen = MappingProxyType(parts)
    return Catalog(
        title=course.data.title,
        tagline=course.data.tagline,
        sources=MappingProxyType(_sources_by_id(sources.data)),
        source_group_titles=MappingProxyType(dict(sources.data.groups)),
        cited=frozenset(source for kind in kinds for source in kind.cited(frozen)),
        parts=frozen,
    )


def _check_groups(sources: YamlDoc[SourcesFile], problems: Problems) -> None:
    for source_id, entry in sources.data.sources.items():
        if entry.group not in sources.data.groups:
            problems.add(
                sources.path,
                sources.index.line(("sources", source_id, "group")),
                f"{source_id}: unknown group '{entry.group}'",
            )


def _sources_by_id(sources: SourcesFile) -> dict[str, Source]:
    return {
        source_id: Source(source_id, entry.group, entry.citation, entry.links, entry.figures, entry.languages)
        for source_id, entry in sources.sources.items()
    }
