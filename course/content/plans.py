"""Loading session plans; scenario items are turned into live questions with the scenario's own answers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .files import YamlDoc, read_yaml_dir
from .plan_schema import PlanItemSpec, SessionPlanFile
from .problems import Problems
from .render import render_markdown
from .scenario_schema import RiskFile
from .scenarios import Scenario

PLAN_DIR = "plans"


@dataclass(frozen=True)
class LiveChoiceView:
    id: str
    label: str
    correct: bool


@dataclass(frozen=True)
class LiveItem:
    """A plan item ready to show: a slide, or a question (scenario items become questions)."""

    id: str
    kind: str
    title: str
    prompt: str
    choices: tuple[LiveChoiceView, ...]
    multiple: bool
    notes: str
    body_html: str = ""
    scenario: str | None = None
    checkin: str | None = None

    @property
    def answerable(self) -> bool:
        return bool(self.choices)

    @property
    def correct_ids(self) -> list[str]:
        return [choice.id for choice in self.choices if choice.correct]


@dataclass(frozen=True)
class SessionPlan:
    slug: str
    spec: SessionPlanFile
    items: tuple[LiveItem, ...]

    @property
    def title(self) -> str:
        return self.spec.title

    def item(self, item_id: str) -> LiveItem | None:
        return next((item for item in self.items if item.id == item_id), None)


def load_plan_docs(quizzes: Path, problems: Problems) -> dict[str, YamlDoc[SessionPlanFile]]:
    found = read_yaml_dir(quizzes / PLAN_DIR, SessionPlanFile, "plan", problems)
    for doc in found.values():
        seen: set[str] = set()
        for position, item in enumerate(doc.data.items):
            if item.id in seen:
                problems.add(doc.path, doc.index.line(("items", position, "id")), f"duplicate item id '{item.id}'")
            seen.add(item.id)
    return found


def check_plan_references(
    doc: YamlDoc[SessionPlanFile], scenarios: set[str], sources: set[str], problems: Problems
) -> None:
    for position, item in enumerate(doc.data.items):
        if item.scenario and item.scenario not in scenarios:
            problems.add(
                doc.path, doc.index.line(("items", position, "scenario")), f"unknown scenario '{item.scenario}'"
            )
        if item.source and item.source not in sources:
            problems.add(doc.path, doc.index.line(("items", position, "source")), f"unknown source '{item.source}'")


def build_plan(slug: str, spec: SessionPlanFile, scenarios: dict[str, Scenario], risk: RiskFile) -> SessionPlan:
    return SessionPlan(slug, spec, tuple(_item(item, scenarios, risk) for item in spec.items))


def _item(item: PlanItemSpec, scenarios: dict[str, Scenario], risk: RiskFile) -> LiveItem:
    common = {"id": item.id, "kind": item.kind, "title": item.title, "notes": item.notes or ""}
    if item.kind == "slide":
        return LiveItem(**common, prompt=item.title, choices=(), multiple=False, body_html=render_markdown(item.body))
    if item.kind == "question":
        choices = tuple(LiveChoiceView(c.id, c.label, c.correct) for c in item.choices)
        return LiveItem(**common, prompt=item.prompt, choices=choices, multiple=item.multiple, checkin=item.checkin)
    return _scenario_item(common, item, scenarios[item.scenario], risk)


def _scenario_item(common: dict, item: PlanItemSpec, scenario: Scenario, risk: RiskFile) -> LiveItem:
    from ..scenarios import expected_verdict

    if item.mode == "decide":
        expected = expected_verdict(scenario).key
        choices = tuple(LiveChoiceView(key, text.choice, key == expected) for key, text in risk.verdicts.items())
        prompt = f"Would you post this? {scenario.spec.post.caption}"
        return LiveItem(**common, prompt=prompt, choices=choices, multiple=False, scenario=scenario.slug)
    choices = tuple(LiveChoiceView(d.id, d.name, d.factor != "none") for d in scenario.spec.details)
    prompt = "Which details give something away? Choose all you spot."
    return LiveItem(**common, prompt=prompt, choices=choices, multiple=True, scenario=scenario.slug)
