"""Mastery per risk theme, from scenarios decided and quiz questions answered. No streaks, no timers."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ..content import Catalog
from ..models import Learner

MASTERED_AFTER = 2  # different items answered correctly


class Level(enum.StrEnum):
    NOT_STARTED = "not started"
    PRACTICED = "practiced"
    MASTERED = "mastered"


@dataclass(frozen=True)
class ThemeMastery:
    slug: str
    title: str
    level: Level
    correct_items: int
    tried_items: int


def item_outcomes(catalog: Catalog, learner: Learner | None) -> dict[str, dict[str, bool]]:
    """For each theme: every item the learner tried, and whether they ever got it right."""
    outcomes: dict[str, dict[str, bool]] = {}
    if learner is None:
        return outcomes

    def note(theme: str, item: str, correct: bool) -> None:
        items = outcomes.setdefault(theme, {})
        items[item] = items.get(item, False) or correct

    for response in learner.scenario_responses:
        scenario = catalog.scenarios.get(response.scenario_id)
        if scenario is not None and response.decision is not None:
            note(scenario.spec.theme, f"scenario:{scenario.slug}", response.decision_outcome == "right")
    for attempt in learner.quiz_attempts:
        for answer in attempt.answers:
            note(answer.theme, f"question:{attempt.quiz_id}:{answer.question_id}", answer.correct)
    return outcomes


def mastery_by_theme(catalog: Catalog, learner: Learner | None) -> list[ThemeMastery]:
    assert catalog.risk is not None
    outcomes = item_outcomes(catalog, learner)
    rows = []
    for slug, theme in catalog.risk.themes.items():
        items = outcomes.get(slug, {})
        correct = sum(items.values())
        if correct >= MASTERED_AFTER:
            level = Level.MASTERED
        elif items:
            level = Level.PRACTICED
        else:
            level = Level.NOT_STARTED
        rows.append(ThemeMastery(slug, theme.title, level, correct, len(items)))
    return rows
