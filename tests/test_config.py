"""Configuration from the environment, and the secret key kept in a private file."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from course import config
from course.config import SettingsError, load_secret_key, normalise_database_url

from .conftest import ROOT, TEST_SECRET_KEY, make_app


def test_secret_key_is_generated_once_into_a_private_file(tmp_path):
    first = load_secret_key(tmp_path / "instance")
    key_file = tmp_path / "instance" / "secret_key"
    assert len(first) == 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert load_secret_key(tmp_path / "instance") == first


def test_postgres_urls_use_psycopg_3():
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_settings_come_from_the_environment(monkeypatch, tmp_path):
    from course import create_app

    from .conftest import course_catalog

    monkeypatch.setenv("TALLY_THRESHOLD", "7")
    monkeypatch.setenv("GUEST_RETENTION_DAYS", "90")
    app = create_app(
        {"SECRET_KEY": TEST_SECRET_KEY, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/c.db"}, course_catalog()
    )
    assert app.config["TALLY_THRESHOLD"] == 7
    assert app.config["GUEST_RETENTION_DAYS"] == 90


def test_the_tests_never_see_the_shells_settings():
    """The suite drops every setting from its environment, so a shell's TALLY_THRESHOLD or SECURE_COOKIES
    cannot change a test's outcome; the app reads the environment only through the settings model."""
    from course import config

    assert not [name for name in config.ENVIRONMENT_SETTINGS if name in os.environ]
    readers = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "course").rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"os\.environ(?!\[\"SERVER_THREADS\"\])|getenv", line) and "SERVER_THREADS" not in line
    ]
    assert readers == ["course/config.py:" + str(_line_of(config, "read_settings(os.environ)"))]


def _line_of(module, text: str) -> int:
    return next(n for n, line in enumerate(Path(module.__file__).read_text().splitlines(), 1) if text in line)


def test_every_problem_is_reported_at_once(monkeypatch, tmp_path):
    for name, value in {
        "TALLY_THRESHOLD": "1",
        "REGION": "mars",
        "PUBLIC_URL": "ftp://school.example",
        "SECURE_COOKIES": "maybe",
        "SECRET_KEY": "short",
        "LIVE_STATE_CACHE_SECONDS": "soon",
        "DATABASE_URL": "mysql://u@h/db",
        "LESSONS_DIR": str(tmp_path / "missing"),
    }.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as problems:
        config.from_environment(tmp_path)
    message = str(problems.value)
    assert message.startswith("8 setting(s) need fixing")
    assert "- TALLY_THRESHOLD must be a whole number from 3 to 1000, not '1'" in message
    assert "- REGION must be one of us, uk, au, eu" in message
    assert "- PUBLIC_URL must be an http:// or https:// address" in message
    assert "- SECURE_COOKIES input should be a valid boolean" in message and "'maybe'" in message
    assert f"- SECRET_KEY must be at least {config.MIN_SECRET_KEY_LENGTH} characters" in message
    assert "- LIVE_STATE_CACHE_SECONDS input should be a valid number" in message
    assert "- DATABASE_URL must be a sqlite:/// or postgresql:// address" in message
    assert "- LESSONS_DIR must be a folder of course content" in message
    assert "short" not in message, "a secret is never repeated back"


def test_values_are_typed_and_empty_ones_count_as_unset(monkeypatch, tmp_path):
    monkeypatch.setenv("SECURE_COOKIES", "yes")
    monkeypatch.setenv("PUBLIC_URL", "https://course.school.example/")
    monkeypatch.setenv("TRUSTED_HOSTS", " course.school.example , 192.168.1.20 ")
    monkeypatch.setenv("TALLY_THRESHOLD", "")
    settings = config.from_environment(tmp_path)
    assert settings["SESSION_COOKIE_SECURE"] is True and settings["PREFERRED_URL_SCHEME"] == "https"
    assert settings["PUBLIC_URL"] == "https://course.school.example"
    assert settings["TRUSTED_HOSTS"] == ["course.school.example", "192.168.1.20"]
    assert settings["TALLY_THRESHOLD"] == 5


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"SECURE_COOKIES": "1", "PUBLIC_URL": "http://192.168.1.20:5000"}, "browsers would never send the cookies"),
        ({"PUBLIC_URL": "http://192.168.1.20:5000", "TRUSTED_HOSTS": "course.school.example"}, "not in TRUSTED_HOSTS"),
    ],
)
def test_combinations_that_cannot_work_are_refused(monkeypatch, tmp_path, values, reason):
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=reason):
        config.from_environment(tmp_path)


@pytest.mark.parametrize(
    ("host", "extra", "warned"),
    [
        ("0.0.0.0", {}, ["plain HTTP", "TRUSTED_HOSTS is unset"]),
        ("0.0.0.0", {"TRUSTED_PROXIES": 1, "TRUSTED_HOSTS": ["a.example"]}, ["plain HTTP", "TRUSTED_PROXIES"]),
        ("0.0.0.0", {"RATELIMIT_ENABLED": False, "TRUSTED_HOSTS": ["a.example"]}, ["plain HTTP", "rate limits"]),
        ("127.0.0.1", {}, []),
        ("127.0.0.1", {"PUBLIC_URL": "https://a.example"}, ["SECURE_COOKIES is off"]),
    ],
)
def test_make_run_warns_of_combinations_that_should_not_last(tmp_path, host, extra, warned):
    app = make_app(tmp_path, **extra)
    result = app.test_cli_runner().invoke(args=["addresses", "--host", host])
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == len(warned) and all(w in line for w, line in zip(warned, warnings, strict=True))


def test_bad_settings_stop_the_command_line_with_the_list_and_no_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "course", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "", "DATABASE_URL": "sqlite://", "TALLY_THRESHOLD": "0", "REGION": "mars"},
    )
    assert result.returncode == 1
    assert "2 setting(s) need fixing" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "value"), [("GUEST_RETENTION_DAYS", -5), ("GUEST_RETENTION_DAYS", 0), ("RESUME_CODE_HOURS", 0)]
)
def test_counts_that_would_erase_everyone_or_expire_at_once_stop_the_app(tmp_path, name, value):
    with pytest.raises(SettingsError, match=f"{name} must be a whole number from 1 to"):
        make_app(tmp_path, **{name: value})
