"""Question kinds, as a registry: each kind checks its own content and grades its own answers.

Pure: no Flask, no database. Anything with an id and choices that know whether they are
correct can be graded (a quiz question, or a workshop deck's question on a kiosk).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

from .schema import QuestionSpec


class Choice(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def correct(self) -> bool: ...


class Gradable(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def choices(self) -> Sequence[Choice]: ...


@dataclass(frozen=True)
class Graded:
    correct: bool
    chosen: frozenset[str]
    expected: frozenset[str]


class InvalidAnswer(ValueError):
    """An answer names a choice the question does not have, or too many for its kind."""


class QuestionType:
    name = "base"
    multiple_answers = False

    def problems(self, question: QuestionSpec) -> list[str]:
        """What is wrong with this question for its kind (empty when it is fine)."""
        correct = sum(choice.correct for choice in question.choices)
        if not self.multiple_answers and correct != 1:
            return [f"a {self.name} question needs exactly one correct choice, not {correct}"]
        if self.multiple_answers and correct < 1:
            return [f"a {self.name} question needs at least one correct choice"]
        return []

    def grade(self, question: Gradable, chosen: Collection[str]) -> Graded:
        picked = frozenset(chosen)
        known = {choice.id for choice in question.choices}
        if not picked <= known:
            raise InvalidAnswer(f"unknown choice for {question.id}: {', '.join(sorted(picked - known))}")
        if len(picked) > 1 and not self.multiple_answers:
            raise InvalidAnswer(f"{question.id} takes one answer")
        expected = frozenset(choice.id for choice in question.choices if choice.correct)
        return Graded(picked == expected, picked, expected)


class SingleChoice(QuestionType):
    name = "single"


class MultipleChoice(QuestionType):
    name = "multiple"
    multiple_answers = True


class TrueFalse(QuestionType):
    name = "true_false"

    def problems(self, question: QuestionSpec) -> list[str]:
        ids = sorted(choice.id for choice in question.choices)
        if ids != ["false", "true"]:
            return ["a true_false question has exactly two choices, with ids 'true' and 'false'"]
        return super().problems(question)


class WhichDetail(QuestionType):
    """Choose the detail in an illustration that gives something away; the choices are its regions."""

    name = "detail"

    def problems(self, question: QuestionSpec) -> list[str]:
        problems = super().problems(question)
        if not question.scene or not question.scene_alt:
            problems.append("a detail question needs a scene and its scene_alt")
        if any(choice.region is None for choice in question.choices):
            problems.append("every choice of a detail question needs a region in the scene")
        return problems


GRADERS: dict[str, QuestionType] = {
    kind.name: kind for kind in (SingleChoice(), MultipleChoice(), TrueFalse(), WhichDetail())
}


def grade(question: QuestionSpec, chosen: Collection[str]) -> Graded:
    return GRADERS[question.kind].grade(question, chosen)


def grade_choices(question: Gradable, chosen: Collection[str], multiple: bool) -> Graded:
    """Grade a question that has no kind of its own, by whether it takes one answer or several."""
    return GRADERS["multiple" if multiple else "single"].grade(question, chosen)
