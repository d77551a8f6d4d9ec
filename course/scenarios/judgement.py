"""Grading a scenario's four decisions from the risk model, and checking that its feedback agrees."""

from __future__ import annotations

from collections.abc import Iterable

from .risk import Factor, Grade, Verdict, grade_decisions
from .schema import GRADE_KEYS, ScenarioFile


def factors_left(spec: ScenarioFile, removed: Iterable[str] = ()) -> frozenset[Factor]:
    """The risk factors a post still shows once the given details are removed."""
    gone = set(removed)
    return frozenset(Factor(d.factor) for d in spec.details if d.factor != "none" and d.id not in gone)


def factors_after_every_fix(spec: ScenarioFile) -> frozenset[Factor]:
    return factors_left(spec, {detail_id for fix in spec.fixes for detail_id in fix.removes})


def model_grades(spec: ScenarioFile) -> dict[Verdict, Grade]:
    """Each decision on the post as drafted, graded by the risk model."""
    return grade_decisions(factors_left(spec), factors_after_every_fix(spec), spec.post.audience)


def declared_grades(spec: ScenarioFile) -> dict[Verdict, Grade]:
    """The grade each piece of feedback was written for."""
    return {Verdict.from_key(key): GRADE_KEYS[feedback.grade] for key, feedback in spec.decision_feedback.items()}


AFFIRMS = ("Yes", "That's right", "Exactly")  # how a careful answer's feedback opens, and only a careful one's


def disagreements(spec: ScenarioFile) -> list[str]:
    """Where the feedback was written for a different grade than the model gives, or reads as another grade."""
    model = model_grades(spec)
    problems = [
        f"the feedback for '{decision.key}' is written as {_name(declared)}, "
        f"but the risk model grades it {_name(model[decision])}"
        for decision, declared in declared_grades(spec).items()
        if declared != model[decision]
    ]
    problems += [
        f"the feedback for '{key}' opens like a careful answer's, but it is graded {feedback.grade}"
        for key, feedback in spec.decision_feedback.items()
        if feedback.grade != "careful" and feedback.text.startswith(AFFIRMS)
    ]
    return problems


def judgement_key(spec: ScenarioFile) -> tuple:
    """Posts with the same key must be graded alike: same factors, audience and factors left after fixes."""
    return tuple(sorted(factors_left(spec))), spec.post.audience, tuple(sorted(factors_after_every_fix(spec)))


GRADE_NAMES = {grade: key for key, grade in GRADE_KEYS.items()}


def _name(grade: Grade) -> str:
    return GRADE_NAMES[grade]
