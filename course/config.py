"""Configuration read from the environment, with safe defaults for a laptop install."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def load_secret_key(instance_path: Path) -> str:
    """The key kept in a 0600 file under instance/, made on first run."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key)
    return key


ENVIRONMENT_SETTINGS = (
    "SECRET_KEY",
    "DATABASE_URL",
    "LESSONS_DIR",
    "QUIZZES_DIR",
    "CAMPAIGN_VIDEO_URL",
    "TALLY_THRESHOLD",
    "REGION",
    "LIVE_RETENTION_DAYS",
    "GUEST_RETENTION_DAYS",
    "RESUME_CODE_HOURS",
    "KIOSK_IDLE_SECONDS",
    "LIVE_STATE_CACHE_SECONDS",
    "LIVE_MAX_SEATS",
    "RATELIMIT_STORAGE_URI",
    "RATELIMIT_ENABLED",
    "TRUSTED_PROXIES",
    "SECURE_COOKIES",
    "PUBLIC_URL",
    "TRUSTED_HOSTS",
)
MIN_TALLY_THRESHOLD = 3  # below this, a tally could single out one person's answer
REGIONS = ("us", "uk", "au", "eu")  # whose reporting routes "If something goes wrong" shows first


class SettingsError(ValueError):
    """A setting that the app cannot run with; the message says how to fix it."""


def from_environment(instance_path: Path) -> dict[str, object]:
    """Every setting the operator can change, read once when the app starts."""
    database_url = os.environ.get("DATABASE_URL", f"sqlite:///{instance_path / 'course.sqlite3'}")
    secure_cookies = _bool("SECURE_COOKIES", False)
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY", ""),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "LESSONS_DIR": os.environ.get("LESSONS_DIR", str(PROJECT_ROOT / "lessons")),
        "QUIZZES_DIR": os.environ.get("QUIZZES_DIR", str(PROJECT_ROOT / "quizzes")),
        "CAMPAIGN_VIDEO_URL": os.environ.get("CAMPAIGN_VIDEO_URL", ""),
        "TALLY_THRESHOLD": _int("TALLY_THRESHOLD", 5),
        "REGION": os.environ.get("REGION", "us").strip().lower(),
        "LIVE_RETENTION_DAYS": _int("LIVE_RETENTION_DAYS", 30),
        "GUEST_RETENTION_DAYS": _int("GUEST_RETENTION_DAYS", 180),
        "RESUME_CODE_HOURS": _int("RESUME_CODE_HOURS", 72),
        "KIOSK_IDLE_SECONDS": _int("KIOSK_IDLE_SECONDS", 90),
        "LIVE_STATE_CACHE_SECONDS": float(os.environ.get("LIVE_STATE_CACHE_SECONDS") or 0.5),
        "LIVE_MAX_SEATS": _int("LIVE_MAX_SEATS", 2000),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        "TRUSTED_PROXIES": _int("TRUSTED_PROXIES", 0),
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", ""),
        # Host names the app answers to (others get 400), e.g. "course.school.example,192.168.1.20"; unset: any.
        "TRUSTED_HOSTS": [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()] or None,
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "PREFERRED_URL_SCHEME": "https" if secure_cookies else "http",
    }


def checked_public_url(value: str) -> str:
    """The address phones and printouts use, without a trailing slash; refuses anything but http(s)://host."""
    value = (value or "").strip().rstrip("/")
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise SettingsError(
            f"PUBLIC_URL must be an http:// or https:// address such as http://192.168.1.20:5000, not {value!r}"
        )
    return value


# Settings that count something: a negative or zero value would purge every guest, or expire codes at once.
POSITIVE_SETTINGS = (
    ("GUEST_RETENTION_DAYS", 1, 3650),
    ("RESUME_CODE_HOURS", 1, 24 * 30),
    ("LIVE_MAX_SEATS", MIN_TALLY_THRESHOLD, 100_000),
)


def check_settings(settings: dict[str, object]) -> None:
    """Refuse to start on settings that cannot work, saying which one and why."""
    settings["PUBLIC_URL"] = checked_public_url(str(settings.get("PUBLIC_URL") or ""))
    threshold = settings.get("TALLY_THRESHOLD")
    if not isinstance(threshold, int) or threshold < MIN_TALLY_THRESHOLD:
        raise SettingsError(f"TALLY_THRESHOLD must be a whole number of at least {MIN_TALLY_THRESHOLD}")
    for name, low, high in POSITIVE_SETTINGS:
        value = settings.get(name)
        if value is not None and (not isinstance(value, int) or not low <= value <= high):
            raise SettingsError(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    if settings.get("REGION", "us") not in REGIONS:
        raise SettingsError(f"REGION must be one of {', '.join(REGIONS)} (whose reporting routes to show first)")


def normalise_database_url(url: str) -> str:
    """Accept the common `postgres://` spellings and use psycopg 3 for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


FIXED_SETTINGS: dict[str, object] = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": timedelta(days=14),
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "WTF_CSRF_TIME_LIMIT": 6 * 3600,
    "RATELIMIT_HEADERS_ENABLED": True,
    "LEARNER_COOKIE_NAME": "learner",
    "MAX_CONTENT_LENGTH": 256 * 1024,
    "PASSWORD_HASH_METHOD": "scrypt",  # Werkzeug's scrypt and its cost; each hash records its own parameters
}
