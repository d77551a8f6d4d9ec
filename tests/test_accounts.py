"""Accounts: sign-up with nothing but a username and password, login, rate limits, sessions."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import select

from course.accounts import service
from course.accounts.service import AccountError, create_user, normalise_username, password_problem
from course.extensions import db
from course.models import User

from .conftest import GOOD_PASSWORD, ROOT, TEST_SECRET_KEY, csrf_from, post_form

SAME_MESSAGE = "That username and password don&#39;t match."


def signup(client, username, password=GOOD_PASSWORD, email=""):
    return post_form(client, "/signup", {"username": username, "password": password, "email": email})


def users(app) -> list[User]:
    with app.app_context():
        return list(db.session.scalars(select(User)))


def test_signup_needs_only_a_username_and_password_and_logs_in(client, app):
    response = signup(client, "  Robin.Parent ")
    assert response.status_code == 303
    [user] = users(app)
    assert user.username == "robin.parent" and user.email is None and user.role == "learner"
    assert user.password_hash.startswith("scrypt:")
    assert "Log out" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("password", "advice"),
    [
        ("short", "at least 8 characters"),
        ("password1", "very common password"),
        ("qwertyuiop", "too easy to guess"),
    ],
)
def test_weak_passwords_are_refused_with_advice(client, app, password, advice):
    response = signup(client, "robin", password)
    assert response.status_code == 200
    assert advice in response.get_data(as_text=True)
    assert users(app) == []


@pytest.mark.parametrize("length", [72, 73, 100, 128])
def test_long_passphrases_up_to_the_limit_are_judged_not_an_error(client, app, length):
    phrase = ("maple kettle orbit lantern " * 6)[:length]
    assert signup(client, "robin", phrase).status_code == 303
    assert password_problem("a" * 100) is not None  # a long but guessable one is still refused, with advice


def test_a_password_over_the_limit_is_refused_with_a_reason(client, app):
    response = signup(client, "robin", "maple kettle orbit lantern " * 5)
    assert "Use at most 128 characters" in response.get_data(as_text=True)
    assert users(app) == []


def test_lookalike_usernames_cannot_collide(client, app):
    assert signup(client, "alice").status_code == 303
    client.post("/logout", data={"csrf_token": "ignored"})
    client.delete_cookie("session")
    fullwidth = signup(client, "ＡＬＩＣＥ")  # NFKC folds it into "alice"
    assert "That username is taken" in fullwidth.get_data(as_text=True)
    cyrillic = signup(client, "аlice")  # first letter is Cyrillic
    assert "Use only letters a to z" in cyrillic.get_data(as_text=True)
    assert len(users(app)) == 1


def test_overlong_usernames_are_refused_with_a_reason(client, app):
    response = signup(client, "a" * 40)
    assert "Use at most 32 characters" in response.get_data(as_text=True)
    assert users(app) == []


def test_normalise_username():
    assert normalise_username("  ＲｏＢｉＮ ") == "robin"
    assert normalise_username("STRASSE") == normalise_username("straße")


def test_password_policy_uses_the_username():
    assert password_problem("robinrobin1", "robinrobin1") is not None
    assert password_problem(GOOD_PASSWORD, "robin") is None


def test_unknown_user_and_wrong_password_get_the_same_message(client, auth):
    auth.create()
    unknown = auth.login("nobody", GOOD_PASSWORD).get_data(as_text=True)
    wrong = auth.login("parent1", "wrong password here").get_data(as_text=True)
    assert SAME_MESSAGE in unknown and SAME_MESSAGE in wrong


def test_repeated_failures_on_one_account_are_rate_limited(client, auth):
    auth.create()
    for _ in range(5):
        assert auth.login("parent1", "wrong password here").status_code == 200
    limited = auth.login("parent1", GOOD_PASSWORD)
    assert limited.status_code == 429
    assert "wait a minute" in limited.get_data(as_text=True)


def test_one_locked_account_does_not_lock_out_the_room(client, auth):
    auth.create("parent1")
    auth.create("parent2")
    for _ in range(6):
        auth.login("parent1", "wrong password here")
    assert auth.login("parent2").status_code == 303


def test_someone_guessing_from_another_network_cannot_lock_the_facilitator_out(app, auth):
    auth.create("kim")
    stranger, elsewhere = app.test_client(), {"REMOTE_ADDR": "203.0.113.9"}
    guesses = [
        post_form(stranger, "/login", {"username": "kim", "password": "guess"}, environ_base=elsewhere).status_code
        for _ in range(6)
    ]
    assert guesses[-1] == 429
    assert auth.login("kim").status_code == 303  # from the school's own address


def test_successful_logins_do_not_count_against_the_limit(client, auth):
    auth.create()
    for _ in range(8):
        assert auth.login().status_code == 303
        auth.logout()


def test_login_required_pages_send_you_to_login_and_back(client, auth):
    auth.create()
    response = client.get("/account/password")
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
    assert auth.login(next_="/account/password").headers["Location"] == "/account/password"


def test_logout_invalidates_every_copy_of_the_session(client, auth, app):
    auth.create()
    auth.login()
    stolen = client.get_cookie("session").value
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/account/password").status_code == 302


def test_password_change_signs_out_other_devices_but_not_this_one(client, auth, app):
    auth.create()
    other_device = app.test_client()
    AuthOther = type(auth)(other_device, app)
    AuthOther.login()
    auth.login()
    response = post_form(
        client,
        "/account/password",
        {"current_password": GOOD_PASSWORD, "new_password": "violet heron compass 7"},
    )
    assert response.status_code == 303
    assert client.get("/account/password").status_code == 200
    assert other_device.get("/account/password").status_code == 302
    auth.logout()
    assert auth.login("parent1", "violet heron compass 7").status_code == 303


def test_password_change_needs_the_current_password(client, auth):
    auth.create()
    auth.login()
    response = post_form(
        client,
        "/account/password",
        {"current_password": "not it at all", "new_password": "violet heron compass 7"},
    )
    assert "That is not your current password" in response.get_data(as_text=True)


def test_cli_creates_a_facilitator_from_stdin(runner, app):
    result = runner.invoke(
        args=["users", "create", "Nurse.Kim", "--role", "facilitator", "--password-stdin"],
        input=GOOD_PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created facilitator 'nurse.kim'" in result.output
    assert [(user.username, user.role) for user in users(app)] == [("nurse.kim", "facilitator")]


def test_cli_refuses_a_weak_password(runner, app):
    result = runner.invoke(args=["users", "create", "kim", "--password-stdin"], input="password\n")
    assert result.exit_code != 0 and "password:" in result.output
    assert users(app) == []


def test_an_admin_resets_a_lost_password_from_the_cli_and_old_sessions_end(runner, app, client, auth):
    auth.create("robin")
    auth.login("robin")
    assert client.get("/account/password").status_code == 200
    new = "harbour pebble violin 9"
    result = runner.invoke(args=["users", "reset-password", "Robin", "--password-stdin"], input=new + "\n")
    assert result.exit_code == 0 and "New password set for 'robin'" in result.output, result.output
    assert client.get("/account/password").status_code == 302  # the old session is signed out
    assert auth.login("robin", new).status_code == 303
    weak = runner.invoke(args=["users", "reset-password", "robin", "--password-stdin"], input="password\n")
    assert weak.exit_code != 0 and "password:" in weak.output
    assert runner.invoke(args=["users", "reset-password", "nobody", "--password-stdin"], input=new).exit_code != 0


def test_sign_up_asks_for_no_email_and_says_how_a_lost_password_is_recovered(client):
    page = client.get("/signup").get_data(as_text=True)
    assert 'type="email"' not in page and "email" not in page.split("<form", 1)[1].split("</form>")[0].lower()
    assert "can set a new one" in page


def test_cli_help_lists_the_commands():
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "users", "create", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"SECRET_KEY": TEST_SECRET_KEY, "DATABASE_URL": "sqlite://", "PATH": ""},
    )
    assert result.returncode == 0 and "--role [learner|facilitator|admin]" in result.stdout


def test_passwords_are_hashed_with_werkzeugs_scrypt_cost_outside_the_tests(tmp_path):
    """The suite hashes at a lower cost to stay fast; the app itself keeps Werkzeug's default."""
    from course import config, create_app
    from course.accounts.service import create_user as make_user
    from course.extensions import db

    from .conftest import course_catalog

    assert config.FIXED_SETTINGS["PASSWORD_HASH_METHOD"] == "scrypt"
    app = create_app(
        {"SECRET_KEY": TEST_SECRET_KEY, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/h.db"}, course_catalog()
    )
    with app.app_context():
        db.create_all()
        assert make_user("realcost", "maple otter lantern 42").password_hash.startswith("scrypt:32768:8:1$")
        db.session.remove()
        db.engine.dispose()


def test_two_sign_ups_of_one_name_at_once_tell_the_second_it_is_taken(app, monkeypatch):
    """The second sign-up passed the "is it free?" check before the first committed (PostgreSQL lets it)."""
    with app.app_context():
        create_user("robin", GOOD_PASSWORD)
        db.session.commit()
        monkeypatch.setattr(service, "find_user", lambda username: None)
        with pytest.raises(AccountError) as refused:
            create_user("robin", GOOD_PASSWORD)
        assert refused.value.field == "username" and "taken" in str(refused.value)
        db.session.rollback()
        assert len(users(app)) == 1


def test_refused_sign_ups_are_limited_but_a_room_of_good_ones_is_not(client, app):
    statuses = [signup(client, f"robin{n}", "short").status_code for n in range(31)]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429
    assert users(app) == []


def test_asking_whether_names_are_taken_is_slowed_without_blocking_new_names_first(client, app):
    """Each "taken" answer says an account exists: ten an hour per address, so nobody lists the staff."""
    assert signup(client, "alice").status_code == 303
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/").get_data(as_text=True))})
    assert signup(client, "newname1").status_code == 303, "a new name costs nothing"
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/").get_data(as_text=True))})
    statuses = [signup(client, "alice").status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429
    elsewhere = app.test_client()
    other = post_form(
        elsewhere, "/signup", {"username": "alice", "password": GOOD_PASSWORD}, environ_base={"REMOTE_ADDR": "10.9.9.9"}
    )
    assert other.status_code == 200, "another address is not affected"


def test_signing_in_gives_the_browser_a_new_csrf_token(client, auth):
    auth.create()
    before = csrf_from(client.get("/login").get_data(as_text=True))
    assert auth.login().status_code == 303
    after = csrf_from(client.get("/me/delete").get_data(as_text=True))
    assert after != before
    assert client.post("/logout", data={"csrf_token": before}).status_code == 400  # the old one is spent
