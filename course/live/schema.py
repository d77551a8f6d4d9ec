"""Decks for live workshops and waiting-room kiosks: an ordered list of items, each of one kind."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from ..content.schema import Label, LongText, Slug, SourceId, Strict, Text, Title

Markdown = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=3000)]


class LiveChoice(Strict):
    id: Slug
    label: Label
    correct: bool = False


class ItemCommon(Strict):
    id: Slug
    title: Title
    notes: LongText | None = None  # speaker notes, shown only to the facilitator


class SlideItem(ItemCommon):
    kind: Literal["slide"]
    body: Markdown


class ScenarioItem(ItemCommon):
    """A scenario asked live: "decide" offers the four verdicts, "spot" lists the post's details."""

    kind: Literal["scenario"]
    scenario: Slug
    mode: Literal["decide", "spot"] = "decide"


class QuestionItem(ItemCommon):
    kind: Literal["question"]
    prompt: LongText
    choices: tuple[LiveChoice, ...] = Field(min_length=2)
    multiple: bool = False
    source: SourceId | None = None
    explain: LongText | None = None  # why the right answer is right, shown after the reveal
    checkin: Literal["before", "after"] | None = None  # a 1-to-5 check-in, compared in the report

    @model_validator(mode="after")
    def consistent(self) -> QuestionItem:
        if len({choice.id for choice in self.choices}) != len(self.choices):
            raise ValueError("choice ids must be unique")
        if not self.multiple and sum(choice.correct for choice in self.choices) > 1:
            raise ValueError("a single-answer question has at most one correct choice")
        return self


DeckItemSpec = Annotated[SlideItem | ScenarioItem | QuestionItem, Field(discriminator="kind")]


class DeckFile(Strict):
    title: Title
    summary: Text
    minutes: int = Field(ge=5, le=120)
    kiosk: bool = False  # suitable for a self-running waiting-room tablet
    items: tuple[DeckItemSpec, ...] = Field(min_length=2)
