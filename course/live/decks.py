"""The decks content kind: workshop and kiosk decks, their scenario items turned into live questions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..content import ContentPaths, References
from ..content.files import YamlDoc, check_unique_ids, read_yaml_dir
from ..content.problems import Problems
from ..content.render import render_markdown
from ..content.translation import content_language
from ..i18n import N_, translate_for
from ..scenarios.editing import decision_grades
from ..scenarios.loader import Scenario
from ..scenarios.risk import Grade
from ..scenarios.scene import hotspot_classes
from ..scenarios.schema import RiskFile
from .schema import DeckFile, DeckItemSpec, QuestionItem, ScenarioItem, SlideItem

KIOSK_SOURCES = "/kiosk/sources"
YES = re.compile(r"^Yes\b[.,!]?\s*")
DECK_DIR = "plans"  # quizzes/plans/: the folder name is kept from before decks had their name


@dataclass(frozen=True)
class LiveChoiceView:
    id: str
    label: str
    correct: bool
    also_fine: bool = False  # safe, more careful than needed: never counted as a mistake


@dataclass(frozen=True)
class LiveImage:
    """A scenario's illustration: a file under static/, fetched once and cached by each screen."""

    path: str
    alt: str


@dataclass(frozen=True)
class LiveHotspot:
    """Where a "spot the risks" choice sits on the picture (classes on the 20-unit grid)."""

    choice_id: str
    label: str
    classes: str


@dataclass(frozen=True)
class LiveItem:
    """A deck item ready to show: a slide, or a question (scenario items become questions)."""

    id: str
    kind: str
    title: str
    prompt: str
    choices: tuple[LiveChoiceView, ...]
    multiple: bool
    notes: str
    body_html: str = ""
    kiosk_body_html: str = ""  # the same body, its citations opening the kiosk's own sources page
    scenario: str | None = None
    checkin: str | None = None
    image: LiveImage | None = None
    hotspots: tuple[LiveHotspot, ...] = ()
    reason: str = ""  # why the careful answer is careful, shown once it is revealed

    @property
    def answerable(self) -> bool:
        return bool(self.choices)

    @property
    def correct_ids(self) -> list[str]:
        return [choice.id for choice in self.choices if choice.correct]


@dataclass(frozen=True)
class Deck:
    slug: str
    spec: DeckFile
    items: tuple[LiveItem, ...]

    @property
    def title(self) -> str:
        return self.spec.title


class DeckContent:
    name = "decks"
    files: frozenset[str] = frozenset()

    def read(self, paths: ContentPaths, problems: Problems) -> dict[str, YamlDoc[DeckFile]]:
        found = read_yaml_dir(paths.quizzes / DECK_DIR, DeckFile, "deck", problems)
        for doc in found.values():
            check_unique_ids(doc, "items", [item.id for item in doc.data.items], problems, what="item id")
        return found

    def ids(self, draft: dict[str, YamlDoc[DeckFile]]) -> Mapping[str, set[str]]:
        return {}

    def check(self, draft: dict[str, YamlDoc[DeckFile]], known: References, problems: Problems) -> None:
        for doc in draft.values():
            for position, item in enumerate(doc.data.items):
                at = ("items", position)
                if isinstance(item, ScenarioItem) and item.scenario not in known.scenarios:
                    line = doc.index.line((*at, "scenario"))
                    problems.add(doc.path, line, f"unknown scenario '{item.scenario}'")
                if isinstance(item, QuestionItem) and item.source and item.source not in known.sources:
                    problems.add(doc.path, doc.index.line((*at, "source")), f"unknown source '{item.source}'")

    def build(self, draft: dict[str, YamlDoc[DeckFile]], parts: Mapping[str, Any]) -> Mapping[str, Any]:
        decks = {slug: build_deck(slug, doc.data, parts["scenarios"], parts["risk"]) for slug, doc in draft.items()}
        return {"decks": MappingProxyType(decks)}

    def cited(self, parts: Mapping[str, Any]) -> set[str]:
        return set()


def as_reason(feedback: str) -> str:
    """The feedback written for a parent who chose the careful answer ("Yes. Keep it…"), said to the whole room."""
    reason = YES.sub("", feedback, count=1)
    return reason[:1].upper() + reason[1:]


def build_deck(slug: str, spec: DeckFile, scenarios: Mapping[str, Scenario], risk: RiskFile) -> Deck:
    return Deck(slug, spec, tuple(_item(item, scenarios, risk) for item in spec.items))


def _item(item: DeckItemSpec, scenarios: Mapping[str, Scenario], risk: RiskFile) -> LiveItem:
    common = {"id": item.id, "kind": item.kind, "title": item.title, "notes": item.notes or ""}
    if isinstance(item, SlideItem):
        return LiveItem(
            **common,
            prompt=item.title,
            choices=(),
            multiple=False,
            body_html=render_markdown(item.body),
            kiosk_body_html=render_markdown(item.body, sources_url=KIOSK_SOURCES),
        )
    if isinstance(item, QuestionItem):
        choices = tuple(LiveChoiceView(c.id, c.label, c.correct) for c in item.choices)
        return LiveItem(
            **common,
            prompt=item.prompt,
            choices=choices,
            multiple=item.multiple,
            checkin=item.checkin,
            reason=item.explain or "",
        )
    return _scenario_item(common, item, scenarios[item.scenario], risk)


def _scenario_item(common: dict, item: ScenarioItem, scenario: Scenario, risk: RiskFile) -> LiveItem:
    language = content_language()
    spec = scenario.spec
    shown = {"scenario": scenario.slug, "image": LiveImage(f"illustrations/scenes/{spec.scene}", spec.scene_alt)}
    if item.mode == "decide":
        grades = {decision.key: grade for decision, grade in decision_grades(scenario).items()}
        choices = tuple(
            LiveChoiceView(key, text.choice, grades[key] == Grade.CAREFUL, grades[key] == Grade.ALSO_FINE)
            for key, text in risk.verdicts.items()
        )
        prompt = f"{translate_for(language, N_('Would you post this?'))} {spec.post.caption}"
        first_careful = next(key for key in risk.verdicts if grades[key] == Grade.CAREFUL)
        reason = as_reason(spec.decision_feedback[first_careful].text)
        return LiveItem(**common, prompt=prompt, choices=choices, multiple=False, reason=reason, **shown)
    choices = tuple(LiveChoiceView(d.id, d.name, d.factor != "none") for d in spec.details)
    hotspots = tuple(LiveHotspot(d.id, d.name, hotspot_classes(d)) for d in spec.details if d.region is not None)
    harmless = [detail for detail in spec.details if detail.factor == "none"]
    reason = (harmless or spec.details)[0].note  # the answer lists the risky ones; this says what is fine, or why
    prompt = translate_for(language, N_("Which details give something away? Choose all you spot."))
    return LiveItem(**common, prompt=prompt, choices=choices, multiple=True, hotspots=hotspots, reason=reason, **shown)
