"""Failed joins are limited, so join codes cannot be guessed: per browser (typos) and per network (guessing).

Only a failed join (no such code, or an ended workshop) counts, and while either limit is spent every
join from that browser or address is refused, a correct code included, so a guesser learns nothing more.
The counting is Flask-Limiter's own (its `limits` strategy and storage), called explicitly because
joins are also served by the live fast path, where Flask-Limiter's decorators never run.
"""

from __future__ import annotations

from limits import parse

from ..extensions import limiter
from ..web import browser_limit_key

PER_BROWSER = parse("10 per minute")  # one phone's typos
PER_ADDRESS = parse("60 per minute")  # many phones share a school's address: only guessing reaches this


def _identities(address: str, join_key: str | None) -> list[tuple[object, str]]:
    identities = [(PER_ADDRESS, f"join-miss/address/{address}")]
    if join_key:
        identities.append((PER_BROWSER, f"join-miss/{browser_limit_key(join_key)}"))
    return identities


def spent(address: str, join_key: str | None) -> bool:
    """True while this browser or address may not join at all."""
    if not limiter.enabled:
        return False
    return not all(limiter.limiter.test(limit, key) for limit, key in _identities(address, join_key))


def missed(address: str, join_key: str | None) -> None:
    """Count a failed join against this browser and its address."""
    if limiter.enabled:
        for limit, key in _identities(address, join_key):
            limiter.limiter.hit(limit, key)
