"""The shape of lesson files, the course outline and the take-home handout."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, field_validator, model_validator

from ..content.schema import Slug, SourceId, Strict, Text, Title


class LessonMeta(Strict):
    title: Title
    summary: Text
    minutes: int = Field(ge=1, le=30)
    video: Slug | None = None
    sources: tuple[SourceId, ...] = Field(min_length=1)
    scenarios: tuple[Slug, ...] = ()
    quiz: Slug | None = None
    illustration: Annotated[str, StringConstraints(pattern=r"^lessons/[\w-]+\.svg$")] | None = None
    illustration_alt: Text | None = None

    @model_validator(mode="after")
    def illustration_has_alt(self) -> LessonMeta:
        if self.illustration and not self.illustration_alt:
            raise ValueError("an illustration needs illustration_alt, the words a screen reader says for it")
        return self

    @field_validator("sources", "scenarios")
    @classmethod
    def no_repeats(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        repeated = sorted({value for value in values if values.count(value) > 1})
        if repeated:
            raise ValueError(f"listed more than once: {', '.join(repeated)}")
        return values


class HandoutMeta(Strict):
    title: Title
    summary: Text
    sources: tuple[SourceId, ...] = Field(min_length=1)


class VideoSpec(Strict):
    """A video block. External `url` sits behind a click-to-load facade; `file` is self-hosted."""

    title: Title
    summary: Text
    storyboard: Annotated[str, StringConstraints(pattern=r"^[\w-]+\.svg$")]
    storyboard_alt: Text
    url: str = ""
    file: str = ""
    captions: str = ""
    minutes: int = Field(default=1, ge=1, le=30)


class CourseOutline(Strict):
    title: str  # checked by the content pipeline, which names the course
    tagline: str
    lessons: tuple[Slug, ...] = Field(min_length=1)
    videos: dict[Slug, VideoSpec] = {}
