"""Session plans for live workshops and waiting-room kiosks: an ordered list of items."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from .quiz_schema import Label
from .scenario_schema import LongText
from .schema import Slug, SourceId, Strict, Text, Title

Markdown = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=3000)]


class LiveChoice(Strict):
    id: Slug
    label: Label
    correct: bool = False


class PlanItemSpec(Strict):
    id: Slug
    kind: Literal["slide", "scenario", "question"]
    title: Title
    notes: LongText | None = None  # speaker notes, shown only on the presenter view
    # slide
    body: Markdown | None = None
    # scenario
    scenario: Slug | None = None
    mode: Literal["decide", "spot"] = "decide"
    # question
    prompt: LongText | None = None
    choices: tuple[LiveChoice, ...] = ()
    multiple: bool = False
    source: SourceId | None = None
    checkin: Literal["before", "after"] | None = None  # a 1-to-5 check-in, compared in the report

    @model_validator(mode="after")
    def complete(self) -> PlanItemSpec:
        if self.kind == "slide" and not self.body:
            raise ValueError("a slide needs a body")
        if self.kind == "scenario" and not self.scenario:
            raise ValueError("a scenario item names its scenario")
        if self.kind == "question":
            if not self.prompt or len(self.choices) < 2:
                raise ValueError("a question needs a prompt and at least two choices")
            if len({choice.id for choice in self.choices}) != len(self.choices):
                raise ValueError("choice ids must be unique")
            if not self.multiple and sum(choice.correct for choice in self.choices) > 1:
                raise ValueError("a single-answer question has at most one correct choice")
        return self


class SessionPlanFile(Strict):
    title: Title
    summary: Text
    minutes: int = Field(ge=5, le=120)
    kiosk: bool = False  # suitable for a self-running waiting-room tablet
    items: tuple[PlanItemSpec, ...] = Field(min_length=2)
