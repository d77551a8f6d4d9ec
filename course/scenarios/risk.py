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
    Factor.CONSENT: (_F, _F, _C, _C),
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


class DecisionOutcome(enum.StrEnum):
    RIGHT = "right"  # what a careful parent would do
    SAFER = "safer"  # more careful than needed: safe, but the course teaches judgement
    RISKIER = "riskier"  # less careful than the post needs


def judge_decision(chosen: Verdict, expected: Verdict) -> DecisionOutcome:
    if chosen == expected:
        return DecisionOutcome.RIGHT
    return DecisionOutcome.SAFER if chosen > expected else DecisionOutcome.RISKIER
