"""What every table shares: how time is stored, and the longest username."""

from __future__ import annotations

from datetime import UTC, datetime

USERNAME_MAX_LENGTH = 32


def utcnow() -> datetime:
    """Naive UTC, stored the same way by SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)
