"""The shape of quiz files: questions of registered kinds, each choice with its feedback."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..content.schema import Label, LongText, SceneFile, Slug, SourceId, Strict, Text, Title
from ..scenarios.schema import Region

QuestionKind = Literal["single", "multiple", "true_false", "detail"]


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
    scene: SceneFile | None = None
    scene_alt: LongText | None = None


class QuizFile(Strict):
    title: Title
    summary: Text
    lesson: Slug | None = None  # the lesson this quiz checks; none for the final quiz
    final: bool = False
    pass_mark: float = Field(default=0.8, ge=0.5, le=1.0)
    questions: tuple[QuestionSpec, ...] = Field(min_length=3)
