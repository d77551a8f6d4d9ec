"""What the caption check looks for: the details the lessons teach about, and the hashtags the campaign named.

Pure data, handed to the page as JSON: the check itself runs in the parent's browser, and nothing typed is sent.
Patterns are JavaScript regular expressions (case-insensitive, Unicode).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass


def N_(message: str) -> str:
    return message


@dataclass(frozen=True)
class CaptionCheck:
    id: str
    label: str  # what was found, as the parent reads it
    pattern: str
    reason: str
    lesson: str  # the slug of the lesson that teaches it
    sources: tuple[str, ...]


# FACTS §1: the hashtags named by the Kids for Privacy campaign and its coverage [S2][S3][S5][S9].
RISKY_HASHTAGS: tuple[str, ...] = (
    "pottytraining", "bathtime", "nakedkids", "kidsbathing", "childunderwear", "kidshowerparty", "pottylife",
    "toddlerbikini", "nakedtoddler", "bikinikids", "nakedkidsinatub", "cantkeepclothesonhim", "nakedchild",
    "childbath", "lovesbeingnude", "babybutt", "sinkbath", "lovestobenaked", "bathtimefun",
)  # fmt: skip
HASHTAG_SOURCES = ("S2", "S3", "S5", "S9")

# Checks the page's script makes in code rather than with one pattern; "{match}" is what it found.
RISKY_HASHTAG = CaptionCheck(
    "risky-hashtag",
    "A hashtag the campaign warned about",
    "",
    N_(
        "The Kids for Privacy campaign named {match} as a hashtag that leads people looking for children's photos"
        " to them. Leave it off."
    ),
    "private-moments",
    HASHTAG_SOURCES,
)
ANY_HASHTAG = CaptionCheck(
    "hashtags",
    "Hashtags",
    "",
    N_("A hashtag is a search label: on a public post, it shows your photo to strangers searching for it."),
    "who-can-see",
    ("S1", "S31"),
)
FULL_NAME = CaptionCheck(
    "full-name",
    "What looks like a full name",
    "",
    N_(
        "A full name, with a face and a place, is enough for a stranger to find your child. A first name or a"
        " nickname is safer."
    ),
    "details-that-identify",
    ("S27", "S31"),
)

CAPTION_CHECKS: tuple[CaptionCheck, ...] = (
    CaptionCheck(
        "school",
        N_("A school or class"),
        r"\b(school|elementary|primary|academy|kindergarten|pre-?k|preschool|nursery|daycare|day care"
        r"|class of|grade \d+|year \d+|\d+(st|nd|rd|th) grade|teacher)\b",
        N_("A school's name or a class tells a stranger where to find your child on weekdays."),
        "details-that-identify",
        ("S26", "S29"),
    ),
    CaptionCheck(
        "age",
        N_("An age or birthday"),
        r"\b(birthday|bday|b-day|born on|\d{1,2}(st|nd|rd|th)? birthday|turns? \d{1,2}|\d{1,2} (years?|yrs?) old"
        r"|\d{1,2}[/.-]\d{1,2}[/.-](19|20)?\d{2})\b",
        N_("A birthday with a full name is what identity thieves look for, and a common security-question answer."),
        "details-that-identify",
        ("S14",),
    ),
    CaptionCheck(
        "here-now",
        N_("Where you are right now"),
        r"\b(right now|here now|we'?re (at|here)|we are (at|here)|currently at|live from|on our way to"
        r"|heading to|off to|checked in|checking in|tonight at|this morning at)\b",
        N_("Saying where you are while you are there shows where to find your child. Post after you leave."),
        "details-that-identify",
        ("S24", "S29"),
    ),
    CaptionCheck(
        "place",
        N_("A location tag or address"),
        r"(📍|\b\d+\s+[a-z]+\s+(street|st|road|rd|avenue|ave|lane|ln|drive|dr|close|court|way)\b"
        r"|@\s?[a-z0-9_.]*(park|school|beach|zoo|pool|club|gym|library))",
        N_("A place tag or street address, added to a photo of your child, shows where they live or spend time."),
        "details-that-identify",
        ("S24", "S30"),
    ),
)


EVERY_CHECK = (RISKY_HASHTAG, ANY_HASHTAG, FULL_NAME, *CAPTION_CHECKS)


def rules_for_page(lesson_titles: dict[str, str], translate: Callable[[str], str]) -> dict[str, object]:
    """The rules as the page's script reads them, in the page's language, each with its lesson's title."""

    def shown(check: CaptionCheck) -> dict[str, object]:
        words = {"label": translate(check.label), "reason": translate(check.reason)}
        return {**asdict(check), **words, "lesson_title": lesson_titles[check.lesson]}

    return {
        "hashtags": list(RISKY_HASHTAGS),
        "special": {check.id: shown(check) for check in (RISKY_HASHTAG, ANY_HASHTAG, FULL_NAME)},
        "checks": [shown(check) for check in CAPTION_CHECKS],
    }
