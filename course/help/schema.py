"""The shape of lessons/if-something-goes-wrong.yaml."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from ..config import REGIONS
from ..content.schema import LongText, Strict, Title

Region = Literal[REGIONS]  # type: ignore[valid-type]
Url = Annotated[str, StringConstraints(pattern=r"^https://\S+$")]


class Route(Strict):
    name: Title
    url: Url
    for_: LongText = Field(alias="for")
    how: LongText
    limits: LongText


class RegionHelp(Strict):
    name: Title
    emergency: LongText
    routes: tuple[Route, ...] = Field(min_length=1)


class AdultsRoute(Strict):
    name: Title
    url: Url
    text: LongText


class HelpFile(Strict):
    title: Title
    summary: LongText
    calm: LongText
    steps: tuple[LongText, ...] = Field(min_length=1)
    do_not: tuple[LongText, ...] = Field(min_length=1)
    regions: dict[Region, RegionHelp]
    adults: AdultsRoute
