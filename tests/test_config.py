"""Configuration from the environment, and the secret key kept in a private file."""

from __future__ import annotations

import stat

import pytest

from course.config import SettingsError, load_secret_key, normalise_database_url

from .conftest import make_app


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
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/c.db"}, course_catalog())
    assert app.config["TALLY_THRESHOLD"] == 7
    assert app.config["GUEST_RETENTION_DAYS"] == 90


def test_every_setting_read_from_the_environment_is_kept_out_of_the_tests():
    """The suite drops each listed setting from its environment, so a shell's TALLY_THRESHOLD or
    SECURE_COOKIES cannot change a test's outcome; a setting missing from the list would leak in."""
    import os
    import re
    from pathlib import Path

    from course import config

    source = Path(config.__file__).read_text()
    read = set(re.findall(r'(?:environ\.get|_int|_bool)\("([A-Z_]+)"', source))
    assert read, "the settings reader changed shape: update this test"
    assert read <= set(config.ENVIRONMENT_SETTINGS)
    assert not [name for name in config.ENVIRONMENT_SETTINGS if name in os.environ]


@pytest.mark.parametrize(
    ("name", "value"), [("GUEST_RETENTION_DAYS", -5), ("GUEST_RETENTION_DAYS", 0), ("RESUME_CODE_HOURS", 0)]
)
def test_counts_that_would_erase_everyone_or_expire_at_once_stop_the_app(tmp_path, name, value):
    with pytest.raises(SettingsError, match=f"{name} must be a whole number from 1 to"):
        make_app(tmp_path, **{name: value})
