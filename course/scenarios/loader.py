"""The scenarios content kind: the risk factor texts, every scenario and its scene, cross-checked."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..content import ContentPaths, References
from ..content.catalog import Item
from ..content.files import YamlDoc, check_lesson_and_sources, check_unique_ids, read_yaml, read_yaml_dir
from ..content.problems import Problems
from ..content.regional import regionalise
from ..content.svg import svg_problems
from .judgement import disagreements, judgement_key
from .schema import FIX_TARGETS, Detail, Fix, RiskFile, ScenarioFile

RISK_FILE = "risk-factors.yaml"
SPOKEN_TEXT = re.compile(r"(<(?:title|desc)\b[^>]*>)([^<]*)(</(?:title|desc)>)")  # what a screen reader says
SCENARIO_DIR = "scenarios"
SCENE_DIR = "scenes"


@dataclass(frozen=True)
class Scenario(Item[ScenarioFile]):
    scene_svg: str = ""


@dataclass(frozen=True)
class ScenariosDraft:
    risk: YamlDoc[RiskFile] | None
    scenarios: dict[str, YamlDoc[ScenarioFile]]
    scenes: dict[str, str | None]


class ScenarioContent:
    name = "scenarios"
    files = frozenset({RISK_FILE})

    def read(self, paths: ContentPaths, problems: Problems) -> ScenariosDraft:
        risk = read_yaml(paths.quizzes / RISK_FILE, RiskFile, problems)
        found = read_yaml_dir(paths.quizzes / SCENARIO_DIR, ScenarioFile, "scenario", problems)
        for doc in found.values():
            _check_scenario(doc, problems)
        check_alike_graded_alike(found, problems)
        scenes = {slug: read_scene(doc, paths.illustrations, problems) for slug, doc in found.items()}
        return ScenariosDraft(risk, found, scenes)

    def ids(self, draft: ScenariosDraft) -> Mapping[str, set[str]]:
        return {"scenarios": set(draft.scenarios), "themes": set(draft.risk.data.themes) if draft.risk else set()}

    def check(self, draft: ScenariosDraft, known: References, problems: Problems) -> None:
        if draft.risk is not None:
            risk = draft.risk
            for factor, text in risk.data.factors.items():
                check_lesson_and_sources(risk, ("factors", factor.value), text.lesson, text.sources, known, problems)
            for slug, theme in risk.data.themes.items():
                if theme.lesson and theme.lesson not in known.lessons:
                    line = risk.index.line(("themes", slug, "lesson"))
                    problems.add(risk.path, line, f"unknown lesson '{theme.lesson}'")
        for doc in draft.scenarios.values():
            if doc.data.theme not in known.themes:
                problems.add(doc.path, doc.index.line(("theme",)), f"unknown theme '{doc.data.theme}'")
            check_lesson_and_sources(doc, (), doc.data.lesson, doc.data.sources, known, problems)

    def build(self, draft: ScenariosDraft, parts: Mapping[str, Any]) -> Mapping[str, Any]:
        assert draft.risk is not None
        scenarios = {
            slug: Scenario(slug, doc.data, doc.content_hash, draft.scenes[slug] or "")
            for slug, doc in draft.scenarios.items()
        }
        return {"risk": draft.risk.data, "scenarios": MappingProxyType(scenarios)}

    def cited(self, parts: Mapping[str, Any]) -> set[str]:
        cited = {source for scenario in parts["scenarios"].values() for source in scenario.spec.sources}
        cited.update(source for text in parts["risk"].factors.values() for source in text.sources)
        return cited


def read_scene_file(directory: Path, name: str, doc: YamlDoc, at: tuple, problems: Problems) -> str | None:
    """A scene illustration, checked against the SVG allow-list; None when it is missing."""
    path = directory / SCENE_DIR / name
    line = doc.index.line(at)
    if not path.is_file():
        problems.add(doc.path, line, f"scene {name} is not in static/illustrations/{SCENE_DIR}")
        return None
    svg = path.read_text(encoding="utf-8")
    for problem in svg_problems(svg):
        problems.add(doc.path, line, f"scene {name} {problem}")
    return SPOKEN_TEXT.sub(lambda tag: tag[1] + regionalise(tag[2]) + tag[3], svg)


def read_scene(doc: YamlDoc[ScenarioFile], illustrations: Path, problems: Problems) -> str | None:
    """The scene SVG, checked: it is safe, has a title, and draws every picture detail as a layer."""
    svg = read_scene_file(illustrations, doc.data.scene, doc, ("scene",), problems)
    if svg is None:
        return None
    for position, detail in enumerate(doc.data.details):
        if detail.where == "picture" and f'id="d-{detail.id}"' not in svg:
            problems.add(
                doc.path,
                doc.index.line(("details", position, "id")),
                f'scene {doc.data.scene} has no layer id="d-{detail.id}" for this detail',
            )
    return svg


def _check_scenario(doc: YamlDoc[ScenarioFile], problems: Problems) -> None:
    spec = doc.data
    details = {detail.id: detail for detail in spec.details}
    check_unique_ids(doc, "details", [detail.id for detail in spec.details], problems)
    check_unique_ids(doc, "fixes", [fix.id for fix in spec.fixes], problems)
    for position, detail in enumerate(spec.details):
        unknown_tags = [tag for tag in detail.tags if tag not in spec.post.hashtags]
        if unknown_tags:
            problems.add(
                doc.path,
                doc.index.line(("details", position, "tags")),
                f"tags not in the post's hashtags: {', '.join(unknown_tags)}",
            )
        if detail.where == "location" and not spec.post.location:
            problems.add(doc.path, doc.index.line(("details", position)), "the post has no location tag")
        if detail.where == "caption" and not spec.post.safer_caption:
            problems.add(
                doc.path,
                doc.index.line(("details", position)),
                "a caption detail needs post.safer_caption for the rewrite fix",
            )
    for position, fix in enumerate(spec.fixes):
        _check_fix(doc, position, fix, details, problems)
    for message in disagreements(spec):
        problems.add(doc.path, doc.index.line(("decision_feedback",)), message)


def check_alike_graded_alike(docs: Mapping[str, YamlDoc[ScenarioFile]], problems: Problems) -> None:
    """Two posts with the same factors, audience and fixes must not expect different decisions."""
    first_of: dict[tuple, tuple[str, YamlDoc[ScenarioFile]]] = {}
    for slug, doc in sorted(docs.items()):
        key = judgement_key(doc.data)
        if key not in first_of:
            first_of[key] = (slug, doc)
            continue
        other_slug, other = first_of[key]
        if _declared(doc.data) != _declared(other.data):
            problems.add(
                doc.path,
                doc.index.line(("decision_feedback",)),
                f"graded differently from '{other_slug}', which has the same risk factors, audience and fixes",
            )


def _declared(spec: ScenarioFile) -> dict[str, str]:
    return {key: feedback.grade for key, feedback in spec.decision_feedback.items()}


def _check_fix(doc: YamlDoc[ScenarioFile], position: int, fix: Fix, details: dict[str, Detail], problems: Problems):
    line = doc.index.line(("fixes", position, "removes"))
    useful = False
    for detail_id in fix.removes:
        detail = details.get(detail_id)
        if detail is None:
            problems.add(doc.path, line, f"fix '{fix.id}' removes unknown detail '{detail_id}'")
            continue
        if detail.where != FIX_TARGETS[fix.kind]:
            problems.add(doc.path, line, f"a {fix.kind} fix cannot remove a {detail.where} detail ('{detail_id}')")
        useful = useful or detail.factor != "none"
    if not useful:
        problems.add(doc.path, line, f"fix '{fix.id}' neutralises no risk factor")
