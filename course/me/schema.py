"""The shape of the before/after check-in and of the personal sharing plan's steps."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..content.schema import LongText, Slug, SourceId, Strict, Text, Title
from ..scenarios.risk import Factor
from ..scenarios.schema import FixKind


class SelfCheckQuestion(Strict):
    id: Slug
    prompt: Text
    low: Title  # what 1 means
    high: Title  # what 5 means


class SelfCheckFile(Strict):
    title: Title
    intro: Text
    questions: tuple[SelfCheckQuestion, ...] = Field(min_length=1, max_length=5)


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


class SharingPlanFile(Strict):
    title: Title
    intro: Text
    items: tuple[SharingStep, ...] = Field(min_length=3)
    family_message: LongText | None = None  # a kind message a parent can copy to ask relatives before they post
