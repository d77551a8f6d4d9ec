"""The shape of scenario files and of the risk factor explanations they rely on."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from ..content.schema import LongText, SceneFile, Slug, SourceId, Strict, Text, Title
from .risk import Audience, Factor, Grade

Tag = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_]{1,40}$")]
SCENE_WIDTH, SCENE_HEIGHT, SCENE_GRID = 400, 300, 20
DECISIONS = ("post", "private", "edit", "offline")
GRADE_KEYS = {"careful": Grade.CAREFUL, "also-fine": Grade.ALSO_FINE, "risky": Grade.RISKY}
FactorOrNone = Literal[tuple([*(factor.value for factor in Factor), "none"])]  # one clear error message


class FactorText(Strict):
    name: Title
    explain: LongText
    lesson: Slug
    sources: tuple[SourceId, ...] = Field(min_length=1)


class Theme(Strict):
    title: Title
    summary: Text
    lesson: Slug | None = None
    factors: tuple[Factor, ...] = ()


class VerdictText(Strict):
    choice: Title  # what the parent picks in "decide"
    label: Title  # how a verdict is announced
    advice: Text


class RiskFile(Strict):
    factors: dict[Factor, FactorText]
    themes: dict[Slug, Theme] = Field(min_length=1)
    verdicts: dict[Literal["post", "private", "edit", "offline"], VerdictText]

    @model_validator(mode="after")
    def complete(self) -> RiskFile:
        missing = sorted(set(Factor) - set(self.factors))
        if missing:
            raise ValueError(f"factors without an explanation: {', '.join(missing)}")
        if set(self.verdicts) != set(DECISIONS):
            raise ValueError(f"verdicts must be exactly: {', '.join(DECISIONS)}")
        return self


class Region(Strict):
    x: int = Field(ge=0, le=SCENE_WIDTH - SCENE_GRID, multiple_of=SCENE_GRID)
    y: int = Field(ge=0, le=SCENE_HEIGHT - SCENE_GRID, multiple_of=SCENE_GRID)
    w: int = Field(ge=SCENE_GRID, le=SCENE_WIDTH, multiple_of=SCENE_GRID)
    h: int = Field(ge=SCENE_GRID, le=SCENE_HEIGHT, multiple_of=SCENE_GRID)

    @model_validator(mode="after")
    def inside_scene(self) -> Region:
        if self.x + self.w > SCENE_WIDTH or self.y + self.h > SCENE_HEIGHT:
            raise ValueError(f"region runs outside the {SCENE_WIDTH} by {SCENE_HEIGHT} scene")
        return self


class Detail(Strict):
    id: Slug
    name: Title
    factor: FactorOrNone
    where: Literal["picture", "caption", "hashtags", "location", "settings"]
    note: LongText
    region: Region | None = None
    tags: tuple[Tag, ...] = ()

    @model_validator(mode="after")
    def placed(self) -> Detail:
        if (self.where == "picture") != (self.region is not None):
            raise ValueError("picture details need a region; other details must not have one")
        if (self.where == "hashtags") != bool(self.tags):
            raise ValueError("hashtag details list their 'tags'; other details must not")
        return self


class PostSpec(Strict):
    author: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=30)]
    audience: Audience
    caption: LongText
    safer_caption: LongText | None = None
    hashtags: tuple[Tag, ...] = ()
    location: Annotated[str, StringConstraints(strip_whitespace=True, max_length=60)] = ""


# Each kind of fix, and where in the post the details it can remove are.
FIX_TARGETS = {
    "blur": "picture",
    "crop": "picture",
    "sticker": "picture",
    "remove-location": "location",
    "remove-hashtags": "hashtags",
    "rewrite-caption": "caption",
    "remove-metadata": "settings",
    "ask-child": "settings",
}
FixKind = Literal[tuple(FIX_TARGETS)]  # type: ignore[valid-type]


class Fix(Strict):
    id: Slug
    label: Title
    kind: FixKind
    removes: tuple[Slug, ...] = Field(min_length=1)


class DecisionText(Strict):
    grade: Literal["careful", "also-fine", "risky"]  # what the text was written for; checked against the model
    text: LongText


class ScenarioFile(Strict):
    title: Title
    theme: Slug
    lesson: Slug
    scene: SceneFile
    scene_alt: LongText
    post: PostSpec
    details: tuple[Detail, ...] = Field(min_length=1)
    fixes: tuple[Fix, ...] = ()
    decision_feedback: dict[Literal["post", "private", "edit", "offline"], DecisionText]
    sources: tuple[SourceId, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def complete_feedback(self) -> ScenarioFile:
        missing = [key for key in DECISIONS if key not in self.decision_feedback]
        if missing:
            raise ValueError(f"decision_feedback is missing: {', '.join(missing)}")
        return self
