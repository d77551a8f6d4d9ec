"""Shapes every kind of content shares, checked strictly: an unknown key is an error."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from .regional import regionalise

SOURCE_ID = re.compile(r"^S\d{1,3}b?$")
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _words(max_length: int) -> object:
    """A text a parent reads: trimmed, never empty, in the region's spelling and vocabulary (see regional.py)."""
    return Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length), AfterValidator(regionalise)
    ]


Text = _words(300)
Title = _words(120)
LongText = _words(600)
Label = _words(200)
Slug = Annotated[str, StringConstraints(pattern=SLUG, max_length=80)]
SourceId = Annotated[str, StringConstraints(pattern=SOURCE_ID.pattern)]
SceneFile = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+\.svg$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CourseMeta(BaseModel):
    """The course's name, from `lessons/course.yaml` (its other keys belong to the lessons feature)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    title: Title
    tagline: Text


class SourceEntry(Strict):
    group: Slug
    citation: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]
    links: tuple[Annotated[str, StringConstraints(pattern=r"^https?://\S+$")], ...] = Field(min_length=1)
    figures: tuple[str, ...] = ()  # what the course may quote from it, exactly as the fact sheet gives it
    languages: tuple[Literal["en", "es"], ...] = ("en",)  # what a parent can read it in (flagged on /sources)


class SourcesFile(Strict):
    groups: dict[Slug, Title] = Field(min_length=1)
    sources: dict[SourceId, SourceEntry] = Field(min_length=1)
