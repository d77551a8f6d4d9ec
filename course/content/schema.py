"""The shape of each kind of content file, checked strictly: an unknown key is an error."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

SOURCE_ID = re.compile(r"^S\d{1,3}b?$")
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Slug = Annotated[str, StringConstraints(pattern=SLUG, max_length=80)]
SourceId = Annotated[str, StringConstraints(pattern=SOURCE_ID.pattern)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LessonMeta(Strict):
    title: Title
    summary: Text
    minutes: int = Field(ge=1, le=30)
    video: Slug | None = None
    sources: tuple[SourceId, ...] = Field(min_length=1)
    scenarios: tuple[Slug, ...] = ()
    quiz: Slug | None = None

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
    title: Title
    tagline: Text
    lessons: tuple[Slug, ...] = Field(min_length=1)
    videos: dict[Slug, VideoSpec] = {}


class SourceEntry(Strict):
    group: Slug
    citation: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]
    links: tuple[Annotated[str, StringConstraints(pattern=r"^https?://\S+$")], ...] = Field(min_length=1)


class SourcesFile(Strict):
    groups: dict[Slug, Title] = Field(min_length=1)
    sources: dict[SourceId, SourceEntry] = Field(min_length=1)
