"""The shape of the before/after check-in and of the personal sharing plan's steps."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from ..content.schema import LongText, Slug, SourceId, Strict, Text, Title
from ..scenarios.risk import Factor
from ..scenarios.schema import FixKind


class SelfCheckQuestion(Strict):
    """A feeling on a scale of 1 to 5, or an action done: yes, not yet, or "I don't know how"."""

    id: Slug
    kind: Literal["scale", "action"] = "scale"
    prompt: Text
    low: Title | None = None  # what 1 means, on a scale
    high: Title | None = None  # what 5 means, on a scale
    lesson: Slug | None = None  # where an action is taught, offered to whoever doesn't know how

    @model_validator(mode="after")
    def described(self) -> SelfCheckQuestion:
        if self.kind == "scale" and not (self.low and self.high):
            raise ValueError("a scale question says what its ends mean: low and high")
        if self.kind == "action" and (self.low or self.high or not self.lesson):
            raise ValueError("an action question names the lesson that teaches it, and has no low or high")
        return self


class SelfCheckFile(Strict):
    title: Title
    intro: Text
    questions: tuple[SelfCheckQuestion, ...] = Field(min_length=1, max_length=8)
    commitment: Text | None = None  # the after check-in asks for one change from the plan, with this prompt


class SharingStepTrigger(Strict):
    """What a parent did that puts a step in their plan: any one is enough."""

    fixes: tuple[FixKind | Literal["audience"], ...] = ()  # "audience": the parent narrowed who sees a post
    factors: tuple[Factor, ...] = ()
    lessons: tuple[Slug, ...] = ()


class SharingStep(Strict):
    id: Slug
    text: Text
    because: Text
    sources: tuple[SourceId, ...] = Field(min_length=1)
    always: bool = False
    when: SharingStepTrigger = SharingStepTrigger()
    tool: Literal["check-photo"] | None = None  # a page of the course where the parent can do the step now


class SharingPlanFile(Strict):
    title: Title
    intro: Text
    items: tuple[SharingStep, ...] = Field(min_length=3)
    family_message: LongText | None = None  # a kind message a parent can copy to ask relatives before they post
