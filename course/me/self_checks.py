"""The before/after check-in: confidence and intention, 1 to 5, at the start and after the final quiz."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..learners import move_rows_it_lacks
from ..models import Learner, SelfCheck, utcnow
from .schema import SelfCheckFile

PHASES = ("before", "after")
SCALE = range(1, 6)


class InvalidCheckIn(ValueError):
    pass


@dataclass(frozen=True)
class Change:
    question_id: str
    prompt: str
    before: int | None
    after: int | None

    @property
    def delta(self) -> int | None:
        return None if self.before is None or self.after is None else self.after - self.before


def parse(check: SelfCheckFile, phase: str, form: Mapping[str, str]) -> dict[str, int]:
    if phase not in PHASES:
        raise InvalidCheckIn(f"unknown phase {phase}")
    answers = {}
    for question in check.questions:
        value = form.get(question.id, "")
        if not value.isdigit() or int(value) not in SCALE:
            raise InvalidCheckIn(f"{question.id} needs a number from 1 to 5")
        answers[question.id] = int(value)
    return answers


def checks_of(learner: Learner | None) -> dict[str, SelfCheck]:
    return {check.phase: check for check in learner.self_checks} if learner else {}


def record(learner: Learner, phase: str, answers: dict[str, int]) -> SelfCheck:
    row = db.session.scalar(select(SelfCheck).where(SelfCheck.learner_id == learner.id, SelfCheck.phase == phase))
    if row is None:
        row = SelfCheck(learner_id=learner.id, phase=phase, answers=answers)
        db.session.add(row)
    else:
        row.answers, row.updated_at = answers, utcnow()
    return row


def changes(check: SelfCheckFile, learner: Learner | None) -> list[Change]:
    saved = checks_of(learner)
    before = saved["before"].answers if "before" in saved else {}
    after = saved["after"].answers if "after" in saved else {}
    return [Change(q.id, q.prompt, before.get(q.id), after.get(q.id)) for q in check.questions]


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
