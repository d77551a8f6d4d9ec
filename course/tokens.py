"""Random secrets and the codes people type: only hashes of secrets are ever stored."""

from __future__ import annotations

import hashlib
import secrets

# Codes read aloud or typed from a screen leave out look-alikes: no 0/O, 1/I/L.
HUMAN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def hash_token(token: str) -> str:
    """The stored form of a secret, so that a copy of the database cannot be used to impersonate anyone."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def human_code(length: int) -> str:
    return "".join(secrets.choice(HUMAN_ALPHABET) for _ in range(length))
