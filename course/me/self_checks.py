"""The before/after check-in: feelings from 1 to 5 and actions done, at the start and after the final quiz;
after the course, one change from the plan the parent commits to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..learners import move_rows_it_lacks
from ..models import Learner, SelfCheck, utcnow
from .schema import SelfCheckFile, SelfCheckQuestion

PHASES = ("before", "after")
SCALE = range(1, 6)
ACTION_ANSWERS = {3: "Yes", 2: "Not yet", 1: "I don't know how"}  # stored as numbers, so a change shows as a rise
DONT_KNOW_HOW = 1
NO_ANSWER = "\u2013"  # an en dash in the table


class InvalidCheckIn(ValueError):
    pass


@dataclass(frozen=True)
class Change:
    question: SelfCheckQuestion
    before: int | None
    after: int | None

    @property
    def delta(self) -> int | None:
        return None if self.before is None or self.after is None else self.after - self.before

    def shown(self, value: int | None) -> str:
        if value is None:
            return NO_ANSWER
        return ACTION_ANSWERS.get(value, NO_ANSWER) if self.question.kind == "action" else str(value)

    @property
    def needs_how(self) -> bool:
        """An action the parent said they don't know how to do, in their latest answer."""
        latest = self.after if self.after is not None else self.before
        return self.question.kind == "action" and latest == DONT_KNOW_HOW


def choices_for(question: SelfCheckQuestion) -> range | list[int]:
    return list(ACTION_ANSWERS) if question.kind == "action" else SCALE


def parse(check: SelfCheckFile, phase: str, form: Mapping[str, str]) -> dict[str, int]:
    if phase not in PHASES:
        raise InvalidCheckIn(f"unknown phase {phase}")
    answers = {}
    for question in check.questions:
        value = form.get(question.id, "")
        allowed = choices_for(question)
        if value not in {str(choice) for choice in allowed}:
            raise InvalidCheckIn(f"{question.id} needs one of {', '.join(map(str, allowed))}")
        answers[question.id] = int(value)
    return answers


def parse_commitment(phase: str, form: Mapping[str, str], plan_steps: set[str]) -> str | None:
    """The one change the parent picks after the course, from their own plan; none is a fine answer."""
    chosen = form.get("commitment", "")
    if phase != "after" or chosen in ("", "none"):
        return None
    if chosen not in plan_steps:
        raise InvalidCheckIn(f"unknown plan step {chosen}")
    return chosen


def checks_of(learner: Learner | None) -> dict[str, SelfCheck]:
    return {check.phase: check for check in learner.self_checks} if learner else {}


def record(learner: Learner, phase: str, answers: dict[str, int], commitment: str | None = None) -> SelfCheck:
    row = _check_row(learner, phase)
    if row is None:
        try:
            with db.session.begin_nested():
                row = SelfCheck(learner_id=learner.id, phase=phase, answers=answers, commitment=commitment)
                db.session.add(row)
            return row
        except IntegrityError:  # the same check-in sent twice at once: the later answers win
            row = _check_row(learner, phase)
            assert row is not None
    row.answers, row.commitment, row.updated_at = answers, commitment, utcnow()
    return row


def _check_row(learner: Learner, phase: str) -> SelfCheck | None:
    return db.session.scalar(select(SelfCheck).where(SelfCheck.learner_id == learner.id, SelfCheck.phase == phase))


def commitment_of(learner: Learner | None) -> str | None:
    after = checks_of(learner).get("after")
    return after.commitment if after else None


def changes(check: SelfCheckFile, learner: Learner | None) -> list[Change]:
    saved = checks_of(learner)
    before = saved["before"].answers if "before" in saved else {}
    after = saved["after"].answers if "after" in saved else {}
    return [Change(q, before.get(q.id), after.get(q.id)) for q in check.questions]


def phase_to_offer(learner: Learner | None, started: bool, passed_final: bool) -> str | None:
    """The check-in to invite the parent to: "before" until it is done or the course is under way, "after"
    once the final quiz is passed and until it is done."""
    done = checks_of(learner)
    if "before" not in done and not started:
        return "before"
    if passed_final and "after" not in done:
        return "after"
    return None


def merge_checks(source: Learner, target: Learner) -> None:
    """Keep the account's own check-ins; take the guest's for phases the account has not done."""
    move_rows_it_lacks(source.self_checks, target, lambda check: check.phase, target.self_checks)
