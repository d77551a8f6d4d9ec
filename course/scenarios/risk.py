"""The scenario risk model: pure functions, no Flask, no database.

A post is the set of risk factors still present after the parent's edits, plus
its audience. Each factor has a verdict for each audience: the further a post
travels, the more a factor matters. The post's verdict is the most careful of
its factors' verdicts, so removing a factor never makes a verdict worse and a
smaller audience never makes it riskier.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


class Factor(enum.StrEnum):
    UNDRESS = "undress"
    PRIVATE_MOMENT = "private_moment"
    DISTRESS = "distress"
    IDENTITY = "identity"
    SCHOOL = "school"
    HOME = "home"
    LOCATION = "location"
    ROUTINE = "routine"
    HASHTAG = "hashtag"
    AUDIENCE = "audience"
    CONSENT = "consent"
    METADATA = "metadata"


class Audience(enum.StrEnum):
    """Who sees a post, from the smallest circle to anyone at all."""

    PRIVATE_MESSAGE = "private-message"
    CLOSE_FAMILY = "close-family"
    FRIENDS = "friends"
    PUBLIC = "public"

    @property
    def reach(self) -> int:
        return list(Audience).index(self)


class Verdict(enum.IntEnum):
    """From least to most careful."""

    FINE = 0  # fine to share as it is
    SHARE_PRIVATELY = 1  # fine for a small, trusted circle only
    CHANGE_FIRST = 2  # fine once the details that give things away are removed
    KEEP_OFFLINE = 3  # the picture itself is the problem: keep it in the family album

    @property
    def key(self) -> str:
        return _VERDICT_KEYS[self]

    @classmethod
    def from_key(cls, key: str) -> Verdict:
        return _VERDICTS_BY_KEY[key]


_VERDICT_KEYS = {
    Verdict.FINE: "post",
    Verdict.SHARE_PRIVATELY: "private",
    Verdict.CHANGE_FIRST: "edit",
    Verdict.KEEP_OFFLINE: "offline",
}
_VERDICTS_BY_KEY = {key: verdict for verdict, key in _VERDICT_KEYS.items()}

_F, _P, _C, _O = Verdict.FINE, Verdict.SHARE_PRIVATELY, Verdict.CHANGE_FIRST, Verdict.KEEP_OFFLINE

# Verdict per audience, in Audience order: private message, close family, friends, public.
FACTOR_VERDICTS: Mapping[Factor, tuple[Verdict, Verdict, Verdict, Verdict]] = {
    Factor.UNDRESS: (_O, _O, _O, _O),
    Factor.PRIVATE_MOMENT: (_P, _P, _O, _O),
    Factor.DISTRESS: (_P, _P, _P, _P),
    Factor.IDENTITY: (_F, _F, _C, _C),
    Factor.SCHOOL: (_F, _F, _C, _C),
    Factor.HOME: (_F, _F, _C, _C),
    Factor.LOCATION: (_F, _F, _C, _C),
    Factor.ROUTINE: (_F, _F, _C, _C),
    Factor.METADATA: (_F, _F, _C, _C),
    Factor.CONSENT: (_C, _C, _C, _C),  # ask first, whoever will see it
    Factor.HASHTAG: (_F, _F, _F, _C),
    Factor.AUDIENCE: (_F, _F, _F, _P),
}


def factor_verdict(factor: Factor, audience: Audience) -> Verdict:
    return FACTOR_VERDICTS[factor][audience.reach]


@dataclass(frozen=True)
class Reason:
    factor: Factor
    verdict: Verdict


@dataclass(frozen=True)
class Assessment:
    verdict: Verdict
    reasons: tuple[Reason, ...]  # the factors that matter at this audience, most careful first


def assess(factors: Iterable[Factor], audience: Audience) -> Assessment:
    """Judge a post from the risk factors it still shows and who will see it."""
    reasons = sorted(
        (Reason(factor, factor_verdict(factor, audience)) for factor in set(factors)),
        key=lambda reason: (-reason.verdict, reason.factor.value),
    )
    relevant = tuple(reason for reason in reasons if reason.verdict > Verdict.FINE)
    verdict = max((reason.verdict for reason in relevant), default=Verdict.FINE)
    return Assessment(verdict, relevant)


class Grade(enum.StrEnum):
    """How a parent's decision compares with what the post needs (values are stored: keep them)."""

    CAREFUL = "right"  # as careful as the post needs
    ALSO_FINE = "safer"  # more careful than needed: safe, said kindly, never as wrong
    RISKY = "riskier"  # less careful than the post needs


SMALL_CIRCLE = Audience.CLOSE_FAMILY  # what "share privately" means: a family chat or a few trusted people

# How much each decision holds back. Sharing privately and editing first hold back different things
# (the audience, the details), so when both make a post safe, both are as careful as it needs.
_HOLDS_BACK = {Verdict.FINE: 0, Verdict.SHARE_PRIVATELY: 1, Verdict.CHANGE_FIRST: 1, Verdict.KEEP_OFFLINE: 2}


def safe_to_share(factors: Iterable[Factor], audience: Audience) -> bool:
    """Whether a post showing these factors is all right shared with this audience."""
    verdict = assess(factors, audience).verdict
    return verdict == Verdict.FINE or (verdict == Verdict.SHARE_PRIVATELY and audience.reach <= SMALL_CIRCLE.reach)


def grade_decisions(drafted: Iterable[Factor], fixed: Iterable[Factor], audience: Audience) -> dict[Verdict, Grade]:
    """Grade each of the four decisions on a post, from the risk model alone.

    `drafted` are the factors of the post as written, `fixed` those left after every fix the
    scenario offers, `audience` the one it was drafted for. Each decision is a real action:
    post it as it is, send it as it is to a small circle, post it to the same audience once
    edited, or keep it in the family album.
    """
    drafted, fixed = set(drafted), set(fixed)
    circle = min(audience, SMALL_CIRCLE, key=lambda each: each.reach)
    safe = {
        Verdict.FINE: safe_to_share(drafted, audience),
        Verdict.SHARE_PRIVATELY: safe_to_share(drafted, circle),
        Verdict.CHANGE_FIRST: safe_to_share(fixed, audience),
        Verdict.KEEP_OFFLINE: True,
    }
    needed = min(_HOLDS_BACK[decision] for decision, ok in safe.items() if ok)
    return {
        decision: Grade.RISKY if not ok else Grade.CAREFUL if _HOLDS_BACK[decision] == needed else Grade.ALSO_FINE
        for decision, ok in safe.items()
    }
