"""Accounts: username rules, password policy, sign-up, sign-in and password change."""

from __future__ import annotations

import re
import unicodedata

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from ..extensions import db
from ..i18n import page_language
from ..models import USERNAME_MAX_LENGTH, Role, User

USERNAME_MIN_LENGTH = 3
USERNAME_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$")
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128
ZXCVBN_MAX_LENGTH = 72
PASSWORD_MIN_SCORE = 3  # zxcvbn: 0 = too guessable … 4 = very unguessable
_dummy_hashes: dict[str, str] = {}


def _hash_method() -> str:
    """scrypt, at Werkzeug's cost unless the app sets another (the tests use a cheaper one)."""
    return current_app.config["PASSWORD_HASH_METHOD"]


def _dummy_hash() -> str:
    """Checked when the username is unknown, so both answers take the same time."""
    method = _hash_method()
    if method not in _dummy_hashes:
        _dummy_hashes[method] = generate_password_hash("not a real password", method=method)
    return _dummy_hashes[method]


USERNAME_TAKEN = _l("That username is taken. Please choose another.")


class AccountError(ValueError):
    def __init__(self, field: str, message: str, *, taken: bool = False):
        self.field = field
        self.taken = taken  # the answer says an account of that name exists
        super().__init__(message)


def normalise_username(raw: str) -> str:
    """NFKC, case-folded and trimmed, so look-alike spellings map to one account."""
    return unicodedata.normalize("NFKC", raw).casefold().strip()


def username_problem(username: str) -> str | None:
    """Why a normalised username is refused, or None when it is fine."""
    if len(username) < USERNAME_MIN_LENGTH:
        return _("Use at least %(count)s characters.", count=USERNAME_MIN_LENGTH)
    if len(username) > USERNAME_MAX_LENGTH:
        return _("Use at most %(count)s characters.", count=USERNAME_MAX_LENGTH)
    if not USERNAME_PATTERN.match(username):
        return _(
            "Use only letters a to z, digits, dots, dashes or underscores, starting and ending with a letter or digit."
        )
    return None


def password_problem(password: str, username: str = "") -> str | None:
    """Why a password is refused, with advice, or None when it is strong enough."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return _(
            "Use at least %(count)s characters. A short sentence you can remember works well.",
            count=PASSWORD_MIN_LENGTH,
        )
    if len(password) > PASSWORD_MAX_LENGTH:
        return _("Use at most %(count)s characters.", count=PASSWORD_MAX_LENGTH)
    # zxcvbn refuses more than 72 characters; a longer password is judged by its first 72.
    verdict = zxcvbn(password[:ZXCVBN_MAX_LENGTH], user_inputs=[username, "pause", "before", "post", "privacy", "kids"])
    if verdict["score"] >= PASSWORD_MIN_SCORE:
        return None
    feedback = verdict["feedback"]
    advice = " ".join(filter(None, [feedback.get("warning"), *feedback.get("suggestions", [])]))
    if not advice or page_language() != "en":  # zxcvbn's advice is in English only
        advice = _("Try a few unrelated words together.")
    return f"{_('This password is too easy to guess.')} {advice}"


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == normalise_username(username)))


def create_user(username: str, password: str, role: Role = Role.LEARNER, email: str | None = None) -> User:
    """Add a new account to the session; raises AccountError naming the field at fault."""
    username = normalise_username(username)
    if problem := username_problem(username):
        raise AccountError("username", problem)
    if problem := password_problem(password, username):  # before any query: SQLite's write lock waits for none
        raise AccountError("password", problem)
    if find_user(username) is not None:
        raise AccountError("username", USERNAME_TAKEN, taken=True)
    user = User(
        username=username,
        password_hash=generate_password_hash(password, method=_hash_method()),
        role=role.value,
        email=(email or "").strip() or None,
    )
    try:
        with db.session.begin_nested():  # two sign-ups of one name at once: the second is told it is taken
            db.session.add(user)
    except IntegrityError as error:
        raise AccountError("username", USERNAME_TAKEN, taken=True) from error
    return user


def authenticate(username: str, password: str) -> User | None:
    """The user whose password matches, or None: the caller cannot tell which part was wrong."""
    user = find_user(username)
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password and sign out every other copy of the session."""
    if not check_password_hash(user.password_hash, current):
        raise AccountError("current_password", _("That is not your current password."))
    set_password(user, new, field="new_password")


def set_password(user: User, new: str, field: str = "password") -> None:
    """A new password, checked like any other; every copy of the old session stops working."""
    if problem := password_problem(new, user.username):
        raise AccountError(field, problem)
    user.password_hash = generate_password_hash(new, method=_hash_method())
    user.rotate_sessions()
