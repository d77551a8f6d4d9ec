"""The shape of quiz files and of the before/after self-check."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from ..risk import Factor
from .scenario_schema import FixKind, LongText, Region
from .schema import Slug, SourceId, Strict, Text, Title

QuestionKind = Literal["single", "multiple", "true_false", "detail"]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class ChoiceSpec(Strict):
    id: Slug
    label: Label
    correct: bool = False
    feedback: LongText
    region: Region | None = None  # "which detail gives it away": where the choice sits in the scene


class QuestionSpec(Strict):
    id: Slug
    kind: QuestionKind
    prompt: LongText
    choices: tuple[ChoiceSpec, ...] = Field(min_length=2, max_length=8)
    source: SourceId
    lesson: Slug
    theme: Slug
    scene: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+\.svg$")] | None = None
    scene_alt: LongText | None = None


class QuizFile(Strict):
    title: Title
    summary: Text
    lesson: Slug | None = None  # the lesson this quiz checks; none for the final quiz
    final: bool = False
    pass_mark: float = Field(default=0.8, ge=0.5, le=1.0)
    questions: tuple[QuestionSpec, ...] = Field(min_length=3)


class SelfCheckQuestion(Strict):
    id: Slug
    prompt: Text
    low: Title  # what 1 means
    high: Title  # what 5 means


class SelfCheckFile(Strict):
    title: Title
    intro: Text
    questions: tuple[SelfCheckQuestion, ...] = Field(min_length=1, max_length=5)


class PlanTrigger(Strict):
    """What a parent did that puts a step in their plan: any one is enough."""

    fixes: tuple[FixKind | Literal["audience"], ...] = ()  # "audience": the parent narrowed who sees a post
    factors: tuple[Factor, ...] = ()
    lessons: tuple[Slug, ...] = ()


class PlanItem(Strict):
    id: Slug
    text: Text
    because: Text
    sources: tuple[SourceId, ...] = Field(min_length=1)
    always: bool = False
    when: PlanTrigger = PlanTrigger()


class PlanFile(Strict):
    title: Title
    intro: Text
    items: tuple[PlanItem, ...] = Field(min_length=3)
