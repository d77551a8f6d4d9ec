"""The help content kind: one file, its citations checked, its text rendered once at start-up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..content import ContentPaths, References
from ..content.files import YamlDoc, read_yaml
from ..content.problems import Problems
from ..content.render import cited_sources, render_markdown
from .schema import HelpFile

HELP_FILE = "if-something-goes-wrong.yaml"


@dataclass(frozen=True)
class RoutePage:
    name: str
    url: str
    for_html: str
    how_html: str
    limits_html: str


@dataclass(frozen=True)
class RegionPage:
    code: str
    name: str
    emergency: str
    routes: tuple[RoutePage, ...]


@dataclass(frozen=True)
class HelpPage:
    title: str
    summary: str
    calm_html: str
    steps_html: tuple[str, ...]
    do_not_html: tuple[str, ...]
    regions: Mapping[str, RegionPage]
    adults_name: str
    adults_url: str
    adults_html: str
    sources: tuple[str, ...]

    def regions_for(self, first: str) -> list[RegionPage]:
        """Every region, the operator's own first."""
        return sorted(self.regions.values(), key=lambda region: region.code != first)


def _texts(data: HelpFile) -> list[str]:
    texts = [data.calm, *data.steps, *data.do_not, data.adults.text]
    for region in data.regions.values():
        texts.append(region.emergency)
        texts.extend(text for route in region.routes for text in (route.for_, route.how, route.limits))
    return texts


class HelpContent:
    name = "help"
    files: frozenset[str] = frozenset()

    def read(self, paths: ContentPaths, problems: Problems) -> YamlDoc[HelpFile] | None:
        path = paths.lessons / HELP_FILE
        return read_yaml(path, HelpFile, problems) if path.is_file() else None

    def ids(self, draft: YamlDoc[HelpFile] | None) -> Mapping[str, set[str]]:
        return {}

    def check(self, draft: YamlDoc[HelpFile] | None, known: References, problems: Problems) -> None:
        if draft is None:
            return
        for text in _texts(draft.data):
            for source_id, _ in cited_sources(text):
                if source_id not in known.sources:
                    problems.add(draft.path, 1, f"unknown source '{source_id}' (not in lessons/sources.yaml)")

    def build(self, draft: YamlDoc[HelpFile] | None, parts: Mapping[str, Any]) -> Mapping[str, Any]:
        return {"help": _page(draft.data) if draft else None}

    def cited(self, parts: Mapping[str, Any]) -> set[str]:
        page = parts["help"]
        return set(page.sources) if page else set()


def _route(route: Any) -> RoutePage:
    return RoutePage(route.name, route.url, render_markdown(route.for_), render_markdown(route.how),
                     render_markdown(route.limits))  # fmt: skip


def _page(data: HelpFile) -> HelpPage:
    regions = {
        code: RegionPage(code, region.name, region.emergency, tuple(_route(route) for route in region.routes))
        for code, region in data.regions.items()
    }
    cited = dict.fromkeys(source for text in _texts(data) for source, _ in cited_sources(text))
    return HelpPage(
        title=data.title,
        summary=data.summary,
        calm_html=render_markdown(data.calm),
        steps_html=tuple(render_markdown(step) for step in data.steps),
        do_not_html=tuple(render_markdown(item) for item in data.do_not),
        regions=regions,
        adults_name=data.adults.name,
        adults_url=data.adults.url,
        adults_html=render_markdown(data.adults.text),
        sources=tuple(cited),
    )
