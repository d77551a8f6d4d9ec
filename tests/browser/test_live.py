"""A live workshop in real browsers: a facilitator and three phones in separate contexts; a kiosk reset."""

from __future__ import annotations

import re

import pytest

from course.accounts.service import create_user
from course.extensions import db
from course.models import Role

from ..conftest import GOOD_PASSWORD, make_app
from .conftest import assert_accessible, submit


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, KIOSK_IDLE_SECONDS=8, TALLY_THRESHOLD=3)
    with app.app_context():
        db.create_all()
        create_user("kim", GOOD_PASSWORD, Role.FACILITATOR)
        db.session.commit()
    return app


def log_in(page, live_server) -> None:
    page.goto(live_server.url("/login"))
    page.get_by_label("Username").fill("kim")
    page.get_by_label("Password").fill(GOOD_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url("/"))


def press(presenter, key: str) -> None:
    """A clicker key on the presenter view; the control it sends reloads the page."""
    with presenter.expect_navigation():
        presenter.keyboard.press(key)


def answer_on(phones, item) -> None:
    for phone in phones:
        phone.get_by_role("heading", name=item.title, exact=True).wait_for(timeout=8000)
        phone.get_by_role("button", name=re.compile(re.escape(item.choices[0].label))).click()
        phone.get_by_text("your answer is in").wait_for()


def test_a_facilitator_runs_a_session_and_phones_follow(browser, live_server, axe, app):
    plan = app.extensions["course_catalog"].decks["school-workshop-30"]
    presenter = browser.new_context().new_page()
    log_in(presenter, live_server)
    presenter.goto(live_server.url("/facilitate/"))
    submit(presenter, presenter.get_by_role("button", name=f"Start {plan.title}"))
    code = re.search(r"/facilitate/([A-Z0-9]{6})$", presenter.url)[1]
    assert presenter.locator(".join-panel__code").inner_text() == code
    assert_accessible(axe, presenter)

    phones = []
    for width in (320, 360, 390):  # the narrowest phone screen included
        phone = browser.new_context(viewport={"width": width, "height": 740}).new_page()
        phone.goto(live_server.url(f"/join/{code}"))
        submit(phone, phone.get_by_role("button", name="Join"))
        phone.get_by_role("heading", name="You're in!").wait_for()
        phones.append(phone)
    assert_accessible(axe, phones[0])

    submit(presenter, presenter.get_by_role("button", name="Start"))
    for phone in phones:
        phone.get_by_role("heading", name=plan.items[0].title, exact=True).wait_for(timeout=8000)

    press(presenter, "PageDown")  # a presentation clicker
    question = plan.items[1]
    answer_on(phones[:2], question)
    assert_accessible(axe, phones[1])
    presenter.locator("[data-responses]", has_text="2").wait_for(timeout=8000)
    assert presenter.locator("[data-joined]").inner_text() == "3"
    assert "Results appear once 3 people have answered" in presenter.locator("[data-tally-note]").inner_text()
    assert presenter.locator("[data-count]").all_inner_texts() == [""] * len(question.choices)
    answer_on(phones[2:], question)
    first_choice = presenter.locator(f'[data-choice="{question.choices[0].id}"] [data-count]')
    first_choice.filter(has_text="3").wait_for(timeout=8000)
    assert presenter.locator("[data-tally-note]").inner_text() == ""
    assert_accessible(axe, presenter)

    press(presenter, "ArrowRight")
    assert presenter.get_by_role("heading", name=plan.items[2].title, exact=True).is_visible()
    press(presenter, "ArrowRight")
    scenario = plan.items[3]
    answer_on(phones, scenario)
    submit(presenter, presenter.get_by_role("button", name="Reveal the answer"))
    assert presenter.get_by_text("(right answer)").count() == len(scenario.correct_ids)
    for phone in phones:
        phone.get_by_text("The answer:").wait_for(timeout=8000)
    assert_accessible(axe, phones[0])
    assert_accessible(axe, presenter)

    submit(presenter, presenter.get_by_role("button", name="End session"))
    for phone in phones:
        phone.get_by_role("heading", name="Thank you!").wait_for(timeout=8000)
        assert phone.get_by_role("link", name="free course").is_visible()
    assert_accessible(axe, phones[0])
    for path in (f"/facilitate/{code}/report", f"/facilitate/{code}/debrief", "/facilitate/", "/join"):
        presenter.goto(live_server.url(path))
        assert_accessible(axe, presenter)


def test_the_admin_page_passes_axe(page, live_server, axe, app):
    with app.app_context():
        create_user("boss", GOOD_PASSWORD, Role.ADMIN)
        db.session.commit()
    page.goto(live_server.url("/login"))
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill(GOOD_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url("/"))
    page.goto(live_server.url("/admin/people"))
    assert_accessible(axe, page)


def test_the_kiosk_asks_then_resets_for_the_next_person(browser, live_server, axe):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url("/kiosk"))
    assert_accessible(axe, page)
    page.get_by_role("link", name=re.compile("^Start")).first.click()
    page.get_by_text("1 of").wait_for()
    assert_accessible(axe, page)
    first_item = page.url
    dialog = page.get_by_role("alertdialog", name="Are you still there?")
    dialog.wait_for(timeout=8000)
    stay = page.get_by_role("button", name="Yes, keep going")
    assert stay.evaluate("button => button === document.activeElement")
    assert page.locator("main").evaluate("main => main.inert")  # nothing behind the dialog can be reached
    assert_accessible(axe, page)
    page.keyboard.press("Enter")
    dialog.wait_for(state="hidden")
    assert page.url == first_item and not page.locator("main").evaluate("main => main.inert")
    dialog.wait_for(timeout=8000)  # still idle: it asks again, then starts over
    page.wait_for_url(live_server.url("/kiosk"), timeout=10000)
    assert page.get_by_role("heading", name="Would you post this?").is_visible()
    assert context.cookies() == []
    context.close()
