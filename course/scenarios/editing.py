"""Working a scenario: the post as the parent edits it, its assessment, and the three activities."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .judgement import factors_left, model_grades
from .loader import Scenario
from .risk import Assessment, Audience, Factor, Grade, Verdict, assess
from .schema import Detail, Fix


class UnknownChoice(ValueError):
    """A form named a fix, detail, decision or audience that this scenario does not have."""


@dataclass(frozen=True)
class PostState:
    fixes: frozenset[str]
    audience: Audience


@dataclass(frozen=True)
class VisiblePost:
    """What the mock post shows after the parent's edits."""

    caption: str
    hashtags: tuple[str, ...]
    location: str
    audience: Audience
    hidden_details: tuple[Detail, ...]  # picture details blurred or cropped out


@dataclass(frozen=True)
class SpotResult:
    found: tuple[Detail, ...]
    missed: tuple[Detail, ...]
    false_alarms: tuple[Detail, ...]

    @property
    def score(self) -> int:
        return len(self.found)

    @property
    def total(self) -> int:
        return len(self.found) + len(self.missed)


def initial_state(scenario: Scenario) -> PostState:
    return PostState(frozenset(), scenario.spec.post.audience)


def edited_state(scenario: Scenario, fix_ids: Iterable[str], audience: str | None) -> PostState:
    """The post with the chosen fixes applied; refuses ids the scenario does not have."""
    known = {fix.id for fix in scenario.spec.fixes}
    chosen = frozenset(fix_ids)
    if not chosen <= known:
        raise UnknownChoice(f"unknown fix: {', '.join(sorted(chosen - known))}")
    return PostState(chosen, parse_audience(audience) if audience else scenario.spec.post.audience)


def parse_audience(value: str) -> Audience:
    try:
        return Audience(value)
    except ValueError as error:
        raise UnknownChoice(f"unknown audience: {value}") from error


def removed_details(scenario: Scenario, state: PostState) -> set[str]:
    return {detail_id for fix in applied_fixes(scenario, state) for detail_id in fix.removes}


def applied_fixes(scenario: Scenario, state: PostState) -> list[Fix]:
    return [fix for fix in scenario.spec.fixes if fix.id in state.fixes]


def risky_details(scenario: Scenario) -> tuple[Detail, ...]:
    return tuple(detail for detail in scenario.spec.details if detail.factor != "none")


def factors_present(scenario: Scenario, state: PostState) -> set[Factor]:
    return set(factors_left(scenario.spec, removed_details(scenario, state)))


def assessment(scenario: Scenario, state: PostState) -> Assessment:
    return assess(factors_present(scenario, state), state.audience)


def best_state(scenario: Scenario) -> PostState:
    """Every fix applied, at the audience that gets the best verdict.

    Among equals: the widest audience, except for "share privately", which is best
    shown with the smallest circle.
    """
    all_fixes = frozenset(fix.id for fix in scenario.spec.fixes)
    states = [PostState(all_fixes, audience) for audience in Audience]

    def rank(state: PostState) -> tuple[Verdict, int]:
        verdict = assessment(scenario, state).verdict
        return verdict, state.audience.reach if verdict == Verdict.SHARE_PRIVATELY else -state.audience.reach

    return min(states, key=rank)


def decision_grades(scenario: Scenario) -> dict[Verdict, Grade]:
    """Each decision on the post as drafted, graded by the risk model."""
    return model_grades(scenario.spec)


def careful_of(grades: dict[Verdict, Grade]) -> tuple[Verdict, ...]:
    return tuple(decision for decision, grade in grades.items() if grade == Grade.CAREFUL)


def careful_decisions(scenario: Scenario) -> tuple[Verdict, ...]:
    return careful_of(decision_grades(scenario))


def judge(scenario: Scenario, decision: str) -> tuple[Verdict, Grade]:
    try:
        chosen = Verdict.from_key(decision)
    except KeyError as error:
        raise UnknownChoice(f"unknown decision: {decision}") from error
    return chosen, decision_grades(scenario)[chosen]


def spot(scenario: Scenario, marked_ids: Iterable[str]) -> SpotResult:
    marked = set(marked_ids)
    details = {detail.id for detail in scenario.spec.details}
    if not marked <= details:
        raise UnknownChoice(f"unknown detail: {', '.join(sorted(marked - details))}")
    risky = risky_details(scenario)
    return SpotResult(
        found=tuple(detail for detail in risky if detail.id in marked),
        missed=tuple(detail for detail in risky if detail.id not in marked),
        false_alarms=tuple(d for d in scenario.spec.details if d.factor == "none" and d.id in marked),
    )


def visible_post(scenario: Scenario, state: PostState) -> VisiblePost:
    post = scenario.spec.post
    removed = removed_details(scenario, state)
    gone = {detail.id: detail for detail in scenario.spec.details if detail.id in removed}
    removed_tags = {tag for detail in gone.values() for tag in detail.tags}
    caption_rewritten = any(detail.where == "caption" for detail in gone.values())
    return VisiblePost(
        caption=post.safer_caption if caption_rewritten and post.safer_caption else post.caption,
        hashtags=tuple(tag for tag in post.hashtags if tag not in removed_tags),
        location="" if any(detail.where == "location" for detail in gone.values()) else post.location,
        audience=state.audience,
        hidden_details=tuple(detail for detail in gone.values() if detail.where == "picture"),
    )


PICTURE_EDITS = ("blur", "crop", "sticker")  # how a picture detail can be hidden, each drawn its own way


def edit_kinds(scenario: Scenario, state: PostState) -> dict[str, str]:
    """For each picture detail the chosen fixes hide, the kind of edit that hides it (the first fix wins)."""
    kinds: dict[str, str] = {}
    for fix in scenario.spec.fixes:
        if fix.id in state.fixes and fix.kind in PICTURE_EDITS:
            for detail_id in fix.removes:
                kinds.setdefault(detail_id, fix.kind)
    return kinds
