"""The parent's own sharing plan: steps chosen by what they did in lessons and scenarios."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..content import Catalog
from ..extensions import db
from ..learners import move_rows_it_lacks
from ..models import Learner, PlanCheck
from ..scenarios import editing as scenarios
from .schema import SharingStep


class UnknownStep(ValueError):
    pass


class PlanEntry(NamedTuple):
    item: SharingStep
    checked: bool


@dataclass(frozen=True)
class Signals:
    """What the parent has done that the plan responds to."""

    fixes: frozenset[str]
    factors: frozenset[str]
    lessons: frozenset[str]


def signals(catalog: Catalog, learner: Learner | None) -> Signals:
    fixes: set[str] = set()
    factors: set[str] = set()
    for response in learner.scenario_responses if learner else []:
        scenario = catalog.scenarios.get(response.scenario_id)
        if scenario is None:
            continue
        details = {detail.id: detail for detail in scenario.spec.details}
        for fix in scenario.spec.fixes:
            if fix.id in (response.fixes or []):
                fixes.add(fix.kind)
                factors.update(details[d].factor for d in fix.removes if details[d].factor != "none")
        if response.fixed_audience and response.fixed_audience != scenario.spec.post.audience.value:
            fixes.add("audience")
        found = scenarios.spot(scenario, [d for d in response.spotted or [] if d in details]).found
        factors.update(detail.factor for detail in found)
    lessons = {row.lesson_id for row in learner.lesson_progress} if learner else set()
    return Signals(frozenset(fixes), frozenset(factors), frozenset(lessons))


def applies(item: SharingStep, seen: Signals) -> bool:
    when = item.when
    return (
        item.always
        or bool(seen.fixes & set(when.fixes))
        or bool(seen.factors & {factor.value for factor in when.factors})
        or bool(seen.lessons & set(when.lessons))
    )


def plan_entries(catalog: Catalog, learner: Learner | None) -> list[PlanEntry]:
    """The steps of this parent's plan, each with whether they ticked it."""
    if catalog.sharing_plan is None:
        return []
    seen = signals(catalog, learner)
    checked = {check.item_id for check in learner.plan_checks} if learner else set()
    return [PlanEntry(item, item.id in checked) for item in catalog.sharing_plan.items if applies(item, seen)]


def set_checked(catalog: Catalog, learner: Learner, item_id: str, checked: bool) -> None:
    if catalog.sharing_plan is None or item_id not in {item.id for item in catalog.sharing_plan.items}:
        raise UnknownStep(item_id)
    row = db.session.scalar(select(PlanCheck).where(PlanCheck.learner_id == learner.id, PlanCheck.item_id == item_id))
    if checked and row is None:
        try:
            with db.session.begin_nested():
                db.session.add(PlanCheck(learner_id=learner.id, item_id=item_id))
        except IntegrityError:
            pass  # a double click ticked it in a parallel request: it is ticked either way
    elif not checked and row is not None:
        db.session.delete(row)


def save_checks(catalog: Catalog, learner: Learner, shown: set[str], ticked: set[str]) -> None:
    """The plan's form: each step the form showed is ticked or not, as the parent left its box.

    Steps the form did not show (it was opened before they joined the plan) keep their state.
    """
    known = {item.id for item in catalog.sharing_plan.items} if catalog.sharing_plan else set()
    if not (shown | ticked) <= known or not ticked <= shown:
        raise UnknownStep(", ".join(sorted((shown | ticked) - known)) or "a ticked step the form did not show")
    for item_id in shown:
        set_checked(catalog, learner, item_id, item_id in ticked)


def merge_plan_checks(source: Learner, target: Learner) -> None:
    """Keep the steps either record ticked."""
    move_rows_it_lacks(source.plan_checks, target, lambda check: check.item_id, target.plan_checks)
