"""Configuration read from the environment, with safe defaults for a laptop install.

Every variable is typed and bounded by one model (`Settings`); the app refuses to start on any problem and
names them all at once, so an operator fixes a deployment in one go rather than one restart per mistake.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from werkzeug.sansio.utils import host_is_trusted

from .network import ALL_INTERFACES

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIN_TALLY_THRESHOLD = 3  # below this, a tally could single out one person's answer
MIN_SECRET_KEY_LENGTH = 32  # the generated key has 64 hex characters
REGIONS = ("us", "uk", "au", "eu")  # whose reporting routes "If something goes wrong" shows first


class SettingsError(ValueError):
    """Settings the app cannot run with; the message names each one and how to fix it."""


def _comma_separated(value: object) -> object:
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return () if value is None else value


def _lower(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


def _whole_number(default: int, low: int, high: int) -> Any:
    return Field(default, ge=low, le=high, json_schema_extra={"bounds": [low, high]})


class Settings(BaseModel):
    """What the operator may set, with its type, bounds and default (README, Configuration)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    SECRET_KEY: str = ""
    DATABASE_URL: str = ""
    LESSONS_DIR: Path = PROJECT_ROOT / "lessons"
    QUIZZES_DIR: Path = PROJECT_ROOT / "quizzes"
    CAMPAIGN_VIDEO_URL: str = ""
    TALLY_THRESHOLD: int = _whole_number(5, MIN_TALLY_THRESHOLD, 1000)
    REGION: Annotated[Literal["us", "uk", "au", "eu"], BeforeValidator(_lower)] = "us"
    LIVE_RETENTION_DAYS: int = _whole_number(30, 1, 3650)
    GUEST_RETENTION_DAYS: int = _whole_number(180, 1, 3650)
    RESUME_CODE_HOURS: int = _whole_number(72, 1, 24 * 30)
    KIOSK_IDLE_SECONDS: int = _whole_number(90, 5, 3600)
    LIVE_STATE_CACHE_SECONDS: float = Field(0.5, ge=0, le=10)
    LIVE_MAX_SEATS: int = _whole_number(2000, MIN_TALLY_THRESHOLD, 100_000)
    RATELIMIT_STORAGE_URI: str = "memory://"
    RATELIMIT_ENABLED: bool = True
    TRUSTED_PROXIES: int = _whole_number(0, 0, 5)
    SECURE_COOKIES: bool = False
    PUBLIC_URL: str = ""
    TRUSTED_HOSTS: Annotated[tuple[str, ...], BeforeValidator(_comma_separated)] = ()

    @field_validator("SECRET_KEY")
    @classmethod
    def _long_enough(cls, value: str) -> str:
        if value and len(value) < MIN_SECRET_KEY_LENGTH:
            raise ValueError(
                f"must be at least {MIN_SECRET_KEY_LENGTH} characters (leave it unset and one is made for you,"
                " or use: python3 -c 'import secrets; print(secrets.token_hex(32))')"
            )
        return value

    @field_validator("DATABASE_URL")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not value:
            return value
        try:
            backend = make_url(normalise_database_url(value)).get_backend_name()
        except ArgumentError:
            backend = ""
        if backend not in ("sqlite", "postgresql"):
            raise ValueError("must be a sqlite:/// or postgresql:// address")
        return value

    @field_validator("LESSONS_DIR", "QUIZZES_DIR")
    @classmethod
    def _existing_folder(cls, value: Path) -> Path:
        if not value.is_dir():
            raise ValueError(f"must be a folder of course content; {str(value)!r} is not one")
        return value

    @field_validator("CAMPAIGN_VIDEO_URL")
    @classmethod
    def _supported_video(cls, value: str) -> str:
        if value and not value.startswith("https://"):
            raise ValueError("must be an https:// address of a YouTube or Vimeo video")
        return value  # which hosts and ids work is the lessons' to say, when the app loads its videos

    @field_validator("RATELIMIT_STORAGE_URI")
    @classmethod
    def _storage_address(cls, value: str) -> str:
        if "://" not in value:
            raise ValueError("must be an address such as memory:// or redis://127.0.0.1:6379")
        return value

    @field_validator("PUBLIC_URL")
    @classmethod
    def _http_address(cls, value: str) -> str:
        return checked_public_url(value)

    @model_validator(mode="after")
    def _coherent(self) -> Settings:
        problems = []
        if self.SECURE_COOKIES and self.PUBLIC_URL.startswith("http://"):
            problems.append(
                "SECURE_COOKIES is on but PUBLIC_URL is http://: browsers would never send the cookies back"
                " over it, so nobody could log in or keep their progress. Serve over HTTPS or turn it off."
            )
        public_host = urlsplit(self.PUBLIC_URL).hostname if self.PUBLIC_URL else None
        if public_host and self.TRUSTED_HOSTS and not host_is_trusted(public_host, list(self.TRUSTED_HOSTS)):
            problems.append(
                f"PUBLIC_URL's host {public_host!r} is not in TRUSTED_HOSTS: every phone following a QR code"
                " would be refused. Add it to TRUSTED_HOSTS."
            )
        if problems:
            raise ValueError(" ".join(problems))
        return self

    def flask_config(self, instance_path: Path) -> dict[str, object]:
        database_url = self.DATABASE_URL or f"sqlite:///{instance_path / 'course.sqlite3'}"
        values = self.model_dump(exclude={"DATABASE_URL", "SECURE_COOKIES", "TRUSTED_HOSTS"})
        values.update(
            LESSONS_DIR=str(self.LESSONS_DIR),
            QUIZZES_DIR=str(self.QUIZZES_DIR),
            SQLALCHEMY_DATABASE_URI=normalise_database_url(database_url),
            # Host names the app answers to (others get 400); unset: any.
            TRUSTED_HOSTS=list(self.TRUSTED_HOSTS) or None,
            SESSION_COOKIE_SECURE=self.SECURE_COOKIES,
            REMEMBER_COOKIE_SECURE=self.SECURE_COOKIES,
            PREFERRED_URL_SCHEME="https" if self.SECURE_COOKIES else "http",
        )
        return values


ENVIRONMENT_SETTINGS = tuple(Settings.model_fields)
# Flask's names for the settings it reads under another name, for checking a config tests have changed.
FLASK_NAMES = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI", "SECURE_COOKIES": "SESSION_COOKIE_SECURE"}


def read_settings(values: Mapping[str, object]) -> Settings:
    """Validate every setting at once; an empty variable counts as unset."""
    given = {name: value for name, value in values.items() if name in Settings.model_fields and value != ""}
    try:
        return Settings.model_validate(given)
    except ValidationError as error:
        raise SettingsError(describe(error)) from None


def describe(error: ValidationError) -> str:
    lines = [f"{error.error_count()} setting(s) need fixing before the course can start:"]
    for problem in error.errors():
        name = str(problem["loc"][0]) if problem["loc"] else "settings"
        lines.append(f"- {name} {_reason(name, problem)}")
    return "\n".join(lines)


def _reason(name: str, problem: Mapping[str, Any]) -> str:
    given = problem.get("input")
    field = Settings.model_fields.get(name)
    bounds = (field.json_schema_extra or {}).get("bounds") if field else None
    if bounds:
        low, high = bounds
        return f"must be a whole number from {low} to {high}, not {given!r}"
    if name == "REGION":
        return f"must be one of {', '.join(REGIONS)} (whose reporting routes to show first), not {given!r}"
    message = str(problem["msg"]).removeprefix("Value error, ")
    return message if problem["type"] == "value_error" else f"{message[0].lower()}{message[1:]}, not {given!r}"


def from_environment(instance_path: Path) -> dict[str, object]:
    """Every setting the operator can change, read once when the app starts."""
    return read_settings(os.environ).flask_config(instance_path)


def check_settings(config: dict[str, Any]) -> None:
    """Validate the app's final config (the environment plus what a test or caller changed), normalising it."""
    values = {name: config.get(FLASK_NAMES.get(name, name), "") for name in ENVIRONMENT_SETTINGS}
    values["TRUSTED_HOSTS"] = values["TRUSTED_HOSTS"] or ()
    settings = read_settings({k: v for k, v in values.items() if v is not None})
    config["PUBLIC_URL"] = settings.PUBLIC_URL
    config["REGION"] = settings.REGION


def exposure_warnings(config: Mapping[str, Any], host: str) -> list[str]:
    """Combinations that work but should not last beyond a workshop evening; `make run` prints them."""
    warnings = []
    everywhere = host in ALL_INTERFACES
    if everywhere and not config["SESSION_COOKIE_SECURE"]:
        warnings.append(
            "Warning: serving the whole network over plain HTTP. Fine for one workshop on a school's Wi-Fi;"
            " for a lasting server put HTTPS in front (README, Deploying) and set SECURE_COOKIES=1."
        )
    if everywhere and not config["TRUSTED_HOSTS"]:
        warnings.append("Warning: TRUSTED_HOSTS is unset, so any Host name is answered. Set it to this address.")
    if everywhere and config["TRUSTED_PROXIES"]:
        warnings.append(
            "Warning: TRUSTED_PROXIES is set but the app listens on every address: anyone reaching it directly"
            " can claim any client address. Behind a proxy, listen on 127.0.0.1."
        )
    if everywhere and not config["RATELIMIT_ENABLED"]:
        warnings.append("Warning: rate limits are off (RATELIMIT_ENABLED) while phones on the network can connect.")
    if str(config.get("PUBLIC_URL", "")).startswith("https://") and not config["SESSION_COOKIE_SECURE"]:
        warnings.append("Warning: PUBLIC_URL is https:// but SECURE_COOKIES is off; set SECURE_COOKIES=1.")
    return warnings


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


def checked_public_url(value: str) -> str:
    """The address phones and printouts use, without a trailing slash; refuses anything but http(s)://host."""
    value = (value or "").strip().rstrip("/")
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(f"must be an http:// or https:// address such as http://192.168.1.20:5000, not {value!r}")
    return value


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
