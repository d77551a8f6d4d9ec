"""The security baseline: headers, CSRF, safe redirects, no-store and friendly errors."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from course.extensions import db
from course.security import is_safe_redirect

from .conftest import make_app, post_form


def test_pages_carry_the_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "frame-src" not in csp  # no video host configured
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_is_sent_over_https(client):
    response = client.get("/", base_url="https://course.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_session_cookie_is_httponly_and_samesite(client):
    client.get("/login")
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"


def test_a_form_without_csrf_token_is_refused_with_a_helpful_page(client, auth):
    auth.create()
    response = client.post("/login", data={"username": "parent1", "password": "x"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Please try that again" in page and "nothing was saved" in page


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "///evil.example",
        "evil.example",
    ],
)
def test_login_never_redirects_off_site(client, auth, target):
    auth.create()
    response = auth.login(next_=target)
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_login_returns_to_a_local_next_page(client, auth):
    auth.create()
    response = auth.login(next_="/account/password")
    assert response.headers["Location"] == "/account/password"


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/lessons/why-this-campaign", True),
        ("/?a=b#c", True),
        ("//evil.example", False),
        ("/\\evil.example", False),
        ("/ok\\..\\evil", False),
        ("http://localhost/", False),
        ("", False),
        (None, False),
        ("/x\ny", False),
    ],
)
def test_is_safe_redirect(target, safe):
    assert is_safe_redirect(target) is safe


def test_personal_pages_are_never_cached(client, auth):
    auth.create()
    auth.login()
    assert client.get("/account/password").headers["Cache-Control"] == "no-store"


def test_get_never_changes_state(client):
    assert client.get("/lessons/why-this-campaign/done").status_code == 405
    assert client.get("/logout").status_code == 405


def test_unknown_pages_get_a_friendly_404_with_the_outline(client):
    response = client.get("/lessons/no-such-lesson")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "We can't find that page" in page
    assert 'href="/lessons/why-this-campaign"' in page


def test_server_errors_get_a_friendly_500(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)
    assert "kaboom" not in response.get_data(as_text=True)


def test_healthz_reports_ok_when_the_database_answers_at_the_newest_migration(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_healthz_is_not_ready_on_a_database_a_migration_behind(client, app):
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '3f1d2a9b7c41'"))
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_json()["status"] == "migrations pending"


def test_healthz_is_not_ready_on_a_database_never_migrated(tmp_path):
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json() == {"status": "unavailable"}


def test_privacy_page_states_what_is_kept_and_for_how_long(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert "180 days" in page and "30 days" in page
    assert "child's name" in page


def test_mark_done_needs_a_csrf_token(client):
    assert client.post("/lessons/why-this-campaign/done").status_code == 400
    ok = post_form(client, "/lessons/why-this-campaign", {}, action="/lessons/why-this-campaign/done")
    assert ok.status_code == 303


def test_with_trusted_hosts_set_another_host_header_is_refused(tmp_path):
    app = make_app(tmp_path, TRUSTED_HOSTS=["course.school.example"], TESTING=False)
    client = app.test_client()
    assert client.get("/handout", base_url="http://course.school.example").status_code == 200
    assert client.get("/handout", base_url="http://evil.example").status_code == 400


def test_the_handout_names_its_host_so_no_shared_cache_keeps_it(client):
    response = client.get("/handout")
    assert response.headers["Cache-Control"] == "no-cache" and "Host" in response.headers["Vary"]
