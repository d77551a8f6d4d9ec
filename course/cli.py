"""Operator commands: `flask --app app course check`, `flask --app app users create`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from .accounts import service as accounts
from .backup import BackupError, copy_database, sqlite_path
from .config import exposure_warnings
from .content import ContentError
from .content.translation import reading_language
from .events import security_event
from .extensions import db
from .features import load_course
from .i18n import DEFAULT_LANGUAGE, LANGUAGES
from .live import answers as live_answers
from .live import service as live
from .me import privacy
from .models import Role
from .network import startup_lines
from .scenarios import editing as scenarios

course_cli = AppGroup("course", help="Course content.")
users_cli = AppGroup("users", help="Accounts.")
privacy_cli = AppGroup("privacy", help="Retention limits.")
live_cli = AppGroup("live", help="Live workshops.")


@live_cli.command("create")
@click.option("--plan", "deck_id", required=True, help="The deck's id: its file name in quizzes/plans.")
@click.option("--owner", required=True, help="The facilitator who runs it.")
@click.option("--threshold", type=int, default=None, help="Answers needed before counts show (at least 3).")
def create_live_session(deck_id: str, owner: str, threshold: int | None) -> None:
    """Start a live session; the join code is printed alone on the last line."""
    deck = current_app.extensions["course_catalog"].decks.get(deck_id)
    if deck is None:
        raise click.ClickException(f"no deck '{deck_id}' in quizzes/plans")
    user = accounts.find_user(owner)
    if user is None or not user.has_role(Role.FACILITATOR, Role.ADMIN):
        raise click.ClickException(f"'{owner}' is not a facilitator or admin account")
    try:
        session = live.create_session(deck, user, threshold or current_app.config["TALLY_THRESHOLD"])
    except live.LiveError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Session for '{deck.title}' is ready. Join at /join/{session.code} with the code:")
    click.echo(session.code)


@course_cli.command("check")
def check_content() -> None:
    """Validate every content file and each translation; list all problems and exit 1 if there are any."""
    paths = current_app.config["CONTENT_PATHS"]
    problems: list[str] = []
    catalog = _checked(lambda: load_course(paths), problems)
    reports = {}
    for language in LANGUAGES:
        if language != DEFAULT_LANGUAGE:
            with reading_language(language) as reports[language]:
                _checked(lambda: load_course(paths), problems)
    for problem in problems:
        click.echo(problem, err=True)
    for language, report in reports.items():
        for english in sorted(report.stale):
            click.echo(f"warning: the {language} translation of {_shown(english)} is older than the English", err=True)
    if problems or catalog is None:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(1)
    click.echo(
        f"Content OK: {len(catalog.lessons)} lessons, {len(catalog.scenarios)} scenarios, "
        f"{len(catalog.quizzes)} quizzes, {len(catalog.decks)} workshop decks, "
        f"{len(catalog.cited_source_ids())} sources cited."
    )


def _checked(load, problems: list[str]):
    try:
        return load()
    except ContentError as error:
        problems.extend(str(problem) for problem in error.problems)
        return None


def _shown(path: Path) -> str:
    root = current_app.config["CONTENT_PATHS"].lessons.parent
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


@course_cli.command("translations")
def translation_status() -> None:
    """For translators: each language's translated, missing and stale (older than the English) files."""
    for language, report in current_app.extensions["course_translations"].items():
        click.echo(
            f"{language} ({LANGUAGES[language]}): {len(report.translated)} translated, "
            f"{len(report.missing)} missing (shown in English), {len(report.stale)} stale"
        )
        for label, paths in (("missing", report.missing), ("stale", report.stale)):
            for path in sorted(paths):
                click.echo(f"  {label}: {_shown(path)}")


@course_cli.command("scenarios")
def scenario_report() -> None:
    """For authors: how the risk model judges each scenario, as drafted and at its best."""
    catalog = current_app.extensions["course_catalog"]
    for scenario in catalog.scenarios.values():
        drafted = scenarios.assessment(scenario, scenarios.initial_state(scenario))
        best = scenarios.best_state(scenario)
        factors = ", ".join(reason.factor.value for reason in drafted.reasons) or "nothing risky"
        click.echo(
            f"{scenario.slug} [{scenario.spec.theme}]: as drafted '{drafted.verdict.key}' ({factors}); "
            f"best '{scenarios.assessment(scenario, best).verdict.key}' with all fixes, "
            f"audience {best.audience.value}"
        )


@users_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice([role.value for role in Role]), default=Role.LEARNER.value, show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user(username: str, role: str, password_stdin: bool) -> None:
    """Create an account (the password is asked for, or read from standard input)."""
    password = _read_password(password_stdin)
    try:
        user = accounts.create_user(username, password, Role(role))
    except accounts.AccountError as error:
        raise click.ClickException(f"{error.field}: {error}") from error
    db.session.commit()
    click.echo(f"Created {user.role} '{user.username}'.")


@users_cli.command("reset-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the new password from standard input.")
def reset_password(username: str, password_stdin: bool) -> None:
    """Set a new password for someone who lost theirs; it signs them out everywhere."""
    user = accounts.find_user(username)
    if user is None:
        raise click.ClickException(f"no account '{username}'")
    try:
        accounts.set_password(user, _read_password(password_stdin))
    except accounts.AccountError as error:
        raise click.ClickException(f"{error.field}: {error}") from error
    db.session.commit()
    click.echo(f"New password set for '{user.username}'; every device they used is signed out.")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@privacy_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Count what would be removed, remove nothing.")
def purge_command(dry_run: bool) -> None:
    """Remove guest records idle past the retention period, and used or expired resume codes."""
    counts = privacy.purge(current_app.config["GUEST_RETENTION_DAYS"], dry_run=dry_run)
    counts["workshop answers (totals kept)"] = live_answers.purge_answers(
        current_app.config["LIVE_RETENTION_DAYS"], dry_run=dry_run
    )
    if not dry_run:
        db.session.commit()
    verb = "Would remove" if dry_run else "Removed"
    security_event("purge", dry_run=dry_run, **{what.split(" (")[0].replace(" ", "_"): n for what, n in counts.items()})
    click.echo("; ".join(f"{verb} {count} {what}" for what, count in counts.items()) + ".")


@click.command("backup")
@with_appcontext
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(target: Path) -> None:
    """Copy the SQLite database to TARGET while the course keeps running."""
    try:
        copy_database(sqlite_path(current_app.config["SQLALCHEMY_DATABASE_URI"]), target)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up to {target}.")
    click.echo("Keep instance/secret_key with it: without that key, sessions, seats and codes cannot be read.")


@click.command("restore")
@with_appcontext
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.confirmation_option(prompt="Replace the database with this backup? Stop the server first.")
def restore_command(source: Path) -> None:
    """Replace the SQLite database with the backup at SOURCE (stop the server first)."""
    try:
        copy_database(source, sqlite_path(current_app.config["SQLALCHEMY_DATABASE_URI"]))
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored from {source}. Run `flask --app app db upgrade` if the backup is older than the code.")


@click.command("addresses")
@click.option("--host", default="127.0.0.1", help="The address the server listens on.")
@click.option("--port", default=5000, type=int)
@with_appcontext
def addresses_command(host: str, port: int) -> None:
    """Say where the course can be opened, and whether phones on the network can reach it."""
    for line in startup_lines(host, port, current_app.config["PUBLIC_URL"]):
        click.echo(line)
    for warning in exposure_warnings(current_app.config, host):
        click.echo(warning, err=True)


def register_commands(app: Flask) -> None:
    app.cli.add_command(addresses_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(course_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(live_cli)
