"""Loading scenarios and the risk factor explanations, with every cross-reference checked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .files import YamlDoc, read_yaml, read_yaml_dir
from .problems import Problems
from .scenario_schema import RiskFile, ScenarioFile

RISK_FILE = "risk-factors.yaml"
SCENARIO_DIR = "scenarios"
SCENE_DIR = "scenes"
FORBIDDEN_SVG = re.compile(r"<image|<script|<foreignObject|\son\w+\s*=|href\s*=\s*[\"']https?:", re.I)
FIX_TARGETS = {
    "blur": "picture",
    "crop": "picture",
    "remove-location": "location",
    "remove-hashtags": "hashtags",
    "rewrite-caption": "caption",
    "remove-metadata": "settings",
    "ask-child": "settings",
}


@dataclass(frozen=True)
class Scenario:
    slug: str
    spec: ScenarioFile
    scene_svg: str
    content_hash: str

    @property
    def title(self) -> str:
        return self.spec.title


def load_risk_file(quizzes: Path, problems: Problems) -> YamlDoc[RiskFile] | None:
    return read_yaml(quizzes / RISK_FILE, RiskFile, problems)


def load_scenarios(quizzes: Path, illustrations: Path, problems: Problems) -> dict[str, YamlDoc[ScenarioFile]]:
    found = read_yaml_dir(quizzes / SCENARIO_DIR, ScenarioFile, "scenario", problems)
    for doc in found.values():
        _check_scenario(doc, problems)
    return found


def read_scene(doc: YamlDoc[ScenarioFile], illustrations: Path, problems: Problems) -> str | None:
    """The scene SVG, checked: it exists, has a title, and draws every picture detail as a layer."""
    path = illustrations / SCENE_DIR / doc.data.scene
    line = doc.index.line(("scene",))
    if not path.is_file():
        problems.add(doc.path, line, f"scene {doc.data.scene} is not in static/illustrations/{SCENE_DIR}")
        return None
    svg = path.read_text(encoding="utf-8")
    if "<title" not in svg:
        problems.add(doc.path, line, f"scene {doc.data.scene} has no <title>")
    if FORBIDDEN_SVG.search(svg):
        problems.add(doc.path, line, f"scene {doc.data.scene} embeds images, scripts or remote links")
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
    _check_unique(doc, "details", [detail.id for detail in spec.details], problems)
    _check_unique(doc, "fixes", [fix.id for fix in spec.fixes], problems)
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


def _check_fix(doc, position, fix, details, problems: Problems) -> None:
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


def _check_unique(doc, key: str, ids: list[str], problems: Problems) -> None:
    seen: set[str] = set()
    for position, item_id in enumerate(ids):
        if item_id in seen:
            problems.add(doc.path, doc.index.line((key, position, "id")), f"duplicate id '{item_id}'")
        seen.add(item_id)
