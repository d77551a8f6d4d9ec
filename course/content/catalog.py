"""The immutable, validated course content the app serves: built once at start-up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar


class Titled(Protocol):
    @property
    def title(self) -> str: ...


Spec = TypeVar("Spec", bound=Titled)


@dataclass(frozen=True)
class Item(Generic[Spec]):
    """A content item from a YAML file: its slug (the file name), what it says, and the hash stored with answers."""

    slug: str
    spec: Spec
    content_hash: str

    @property
    def title(self) -> str:
        return self.spec.title


@dataclass(frozen=True)
class Page:
    """A stand-alone content page, such as the take-home handout."""

    title: str
    summary: str
    html: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Source:
    id: str
    group: str
    citation: str
    links: tuple[str, ...]
    figures: tuple[str, ...] = ()  # what the course may quote from it
    languages: tuple[str, ...] = ("en",)


@dataclass(frozen=True)
class SourceGroup:
    slug: str
    title: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Catalog:
    """The course's name and sources, and each feature's parts (`catalog.scenarios`, `catalog.decks`…)."""

    title: str
    tagline: str
    sources: Mapping[str, Source]
    source_group_titles: Mapping[str, str]
    cited: frozenset[str]
    parts: Mapping[str, Any]

    def __getattr__(self, name: str) -> Any:
        parts = self.__dict__.get("parts", {})
        if name in parts:
            return parts[name]
        raise AttributeError(f"the catalog has no part '{name}'")

    def cited_source_ids(self) -> set[str]:
        return set(self.cited)

    def cited_source_groups(self) -> list[SourceGroup]:
        """The sources the course cites, grouped in the order the sources file gives."""
        groups = []
        for slug, title in self.source_group_titles.items():
            members = tuple(
                source
                for source in sorted(self.sources.values(), key=_source_order)
                if source.group == slug and source.id in self.cited
            )
            if members:
                groups.append(SourceGroup(slug, title, members))
        return groups


def _source_order(source: Source) -> tuple[int, str]:
    digits = "".join(ch for ch in source.id if ch.isdigit())
    return int(digits), source.id
