"""Every page, in a real browser: accessible, usable at 320 px and by keyboard, and private."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from ..conftest import GOOD_PASSWORD
from .conftest import assert_accessible, submit

PUBLIC_PAGES = ["/", "/sources", "/privacy", "/handout", "/login", "/signup", "/lessons/no-such-lesson", "/scenarios/"]


@pytest.fixture
def lesson_paths(app) -> list[str]:
    return [f"/lessons/{lesson.slug}" for lesson in app.extensions["course_catalog"].lessons]


@pytest.fixture
def account(auth) -> str:
    return auth.create("browserparent")


def log_in(page, live_server, username: str) -> None:
    page.goto(live_server.url("/login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(GOOD_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url("/"))


def test_every_page_passes_axe(page, live_server, axe, lesson_paths, account):
    for path in PUBLIC_PAGES + lesson_paths:
        page.goto(live_server.url(path))
        assert_accessible(axe, page)
    page.goto(live_server.url("/login"))
    submit(page, page.get_by_role("button", name="Log in"))  # empty form: error state
    assert_accessible(axe, page)
    page.goto(live_server.url("/signup"))
    page.get_by_label("Choose a username").fill("x")
    page.get_by_label("Choose a password").fill("short")
    submit(page, page.get_by_role("button", name="Create my account"))
    assert page.get_by_text("Use at least 3 characters").is_visible()
    assert_accessible(axe, page)
    log_in(page, live_server, account)
    page.goto(live_server.url("/account/password"))
    assert_accessible(axe, page)


def test_no_page_requests_another_origin(page, live_server, lesson_paths, account):
    origin = urlsplit(live_server.url("/")).netloc
    foreign: list[str] = []
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url)
            if urlsplit(request.url).scheme in ("http", "https") and urlsplit(request.url).netloc != origin
            else None
        ),
    )
    for path in PUBLIC_PAGES + lesson_paths:
        page.goto(live_server.url(path))
        page.wait_for_load_state("networkidle")
    log_in(page, live_server, account)
    page.goto(live_server.url("/account/password"))
    page.wait_for_load_state("networkidle")
    assert foreign == []


def test_pages_fit_a_320px_phone_without_sideways_scrolling(browser, live_server, lesson_paths):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in PUBLIC_PAGES + lesson_paths:
        page.goto(live_server.url(path))
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the screen"
    context.close()


def test_skip_link_is_first_and_moves_focus_to_main(page, live_server):
    page.goto(live_server.url("/lessons/why-this-campaign"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_a_guest_finishes_a_lesson_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url("/lessons/why-this-campaign"))
    submit(page, page.get_by_role("button", name="Mark as done and check my understanding"))
    assert page.url == live_server.url("/quizzes/why-this-campaign-check")  # the lesson's check comes next
    page.goto(live_server.url("/"))
    assert page.get_by_text("1 of 6 lessons done").is_visible()
    context.close()


def test_login_then_keyboard_only_logout(page, live_server, account):
    log_in(page, live_server, account)
    logout = page.get_by_role("button", name="Log out")
    logout.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("You are logged out.").is_visible()
    assert page.get_by_role("link", name="Log in").is_visible()


def pdf_page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_the_handout_prints_on_one_page(page, live_server):
    page.goto(live_server.url("/handout"))
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=True)
        assert pdf_page_count(pdf) == 1, paper


def test_every_scenario_page_passes_axe_and_fits_a_phone(browser, live_server, axe, app):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for slug in app.extensions["course_catalog"].scenarios:
        page.goto(live_server.url(f"/scenarios/{slug}"))
        assert_accessible(axe, page)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{slug} is {overflow}px wider than the screen"
    context.close()


def test_on_a_320px_phone_the_header_is_one_row_and_the_menu_opens_without_javascript(browser, live_server, axe):
    for scripts in (True, False):
        page = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=scripts).new_page()
        page.goto(live_server.url("/"))
        assert page.locator(".site-header").bounding_box()["height"] <= 80
        quizzes = page.get_by_role("link", name="Quizzes")
        assert not quizzes.is_visible()
        page.get_by_text("Menu", exact=True).click()
        assert quizzes.is_visible()
        if scripts:  # axe-core runs as a script in the page
            assert_accessible(axe, page)
        with page.expect_navigation():
            quizzes.click()
        assert page.url == live_server.url("/quizzes/")
        page.context.close()
