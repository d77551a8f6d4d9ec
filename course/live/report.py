"""After a live session: aggregate results per item, common misconceptions, check-in change, CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask_babel import gettext as _

from ..models import LiveSession
from .answers import tally
from .decks import Deck, LiveItem

MISCONCEPTION_SHARE = 0.2  # a wrong choice picked by at least this share of the room
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ItemResult:
    item: LiveItem
    responses: int
    counts: dict[str, int] | None  # hidden below the privacy threshold


@dataclass(frozen=True)
class Misconception:
    item: LiveItem
    label: str
    share: float


def results(session: LiveSession, deck: Deck, threshold: int) -> list[ItemResult]:
    """One row per question the room reached."""
    rows = []
    for item in deck.items[: session.furthest + 1]:
        if item.answerable:
            counted = tally(session, item, threshold)
            rows.append(ItemResult(item, counted.responses, counted.counts))
    return rows


def discussed(session: LiveSession, deck: Deck) -> list[LiveItem]:
    """The scenarios and questions the room reached, without the slides and check-ins around them."""
    return [item for item in deck.items[: session.furthest + 1] if item.answerable and not item.checkin]


def any_hidden(rows: list[ItemResult]) -> bool:
    """Some answered item's totals are hidden because too few answered it."""
    return any(row.responses and row.counts is None for row in rows)


def misconceptions(rows: list[ItemResult]) -> list[Misconception]:
    found = []
    for row in rows:
        if not row.counts or not row.item.correct_ids or row.item.checkin:
            continue
        for choice in row.item.choices:
            share = row.counts[choice.id] / row.responses
            if not (choice.correct or choice.also_fine) and share >= MISCONCEPTION_SHARE:
                found.append(Misconception(row.item, choice.label, share))
    return sorted(found, key=lambda m: -m.share)


def checkin_average(rows: list[ItemResult], phase: str) -> float | None:
    for row in rows:
        if row.item.checkin == phase and row.counts and row.responses:
            return sum(int(choice) * n for choice, n in row.counts.items() if choice.isdigit()) / row.responses
    return None


def safe_cell(value: object) -> str:
    """Spreadsheets run cells that start like a formula: make them plain text."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def to_csv(rows: list[ItemResult]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("item"), _("title"), _("choice"), _("label"), _("correct"), _("count"), _("responses")])
    for row in rows:
        for choice in row.item.choices:
            count = row.counts[choice.id] if row.counts else _("hidden (too few answers)")
            writer.writerow(
                [
                    safe_cell(v)
                    for v in (
                        row.item.id,
                        row.item.title,
                        choice.id,
                        choice.label,
                        _("yes") if choice.correct else "",
                        count,
                        row.responses,
                    )
                ]
            )
    return out.getvalue()
