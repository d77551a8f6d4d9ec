"""Spanish in real browsers: a bilingual workshop, the kiosk's language button, and axe on Spanish pages."""

from __future__ import annotations

import re

import pytest

from course.accounts.service import create_user
from course.extensions import db
from course.i18n import translate_for
from course.models import Role

from ..conftest import GOOD_PASSWORD, make_app
from .conftest import assert_accessible, submit
from .test_live import log_in, press


def es(message: str) -> str:
    return translate_for("es", message)


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, KIOSK_IDLE_SECONDS=8, TALLY_THRESHOLD=3)
    with app.app_context():
        db.create_all()
        create_user("kim", GOOD_PASSWORD, Role.FACILITATOR)
        db.session.commit()
    return app


def join(browser, live_server, code: str, locale: str):
    phone = browser.new_context(locale=locale, viewport={"width": 360, "height": 740}).new_page()
    phone.goto(live_server.url(f"/join/{code}"))
    submit(phone, phone.locator("main form button[type=submit]").first)
    return phone


def test_a_workshop_in_two_languages_at_once(browser, live_server, axe, app):
    english = app.extensions["course_catalogs"]["en"].decks["school-workshop-30"]
    spanish = app.extensions["course_catalogs"]["es"].decks["school-workshop-30"]
    presenter = browser.new_context(locale="en-US").new_page()
    log_in(presenter, live_server)
    presenter.goto(live_server.url("/facilitate/"))
    submit(presenter, presenter.get_by_role("button", name=f"Start {english.title}"))
    code = re.search(r"/facilitate/([A-Z0-9]{6})$", presenter.url)[1]
    assert presenter.locator("html").get_attribute("lang") == "en"

    in_spanish = [join(browser, live_server, code, "es-MX"), join(browser, live_server, code, "es-US")]
    in_english = join(browser, live_server, code, "en-US")
    for phone in in_spanish:
        phone.get_by_role("heading", name=es("You're in!")).wait_for()
        assert phone.locator("html").get_attribute("lang") == "es"
    in_english.get_by_role("heading", name="You're in!").wait_for()
    assert_accessible(axe, in_spanish[0])

    submit(presenter, presenter.get_by_role("button", name="Start"))
    press(presenter, "PageDown")
    question_en, question_es = english.items[1], spanish.items[1]
    assert question_en.id == question_es.id and question_en.title != question_es.title
    for phone in in_spanish:
        phone.get_by_role("heading", name=question_es.title, exact=True).wait_for(timeout=8000)
        phone.get_by_role("button", name=re.compile(re.escape(question_es.choices[0].label))).click()
        phone.get_by_text(es("Thanks, your answer is in. Waiting for the others.")).wait_for()
    in_english.get_by_role("heading", name=question_en.title, exact=True).wait_for(timeout=8000)
    in_english.get_by_role("button", name=re.compile(re.escape(question_en.choices[0].label))).click()
    in_english.get_by_text("Thanks, your answer is in. Waiting for the others.").wait_for()
    assert_accessible(axe, in_spanish[1])

    first = presenter.locator(f'[data-choice="{question_en.choices[0].id}"] [data-count]')
    first.filter(has_text="3").wait_for(timeout=8000)  # three phones, two languages, one tally
    assert presenter.get_by_role("heading", name=question_en.title, exact=True).is_visible()

    presenter.goto(live_server.url(f"/facilitate/{code}/debrief?lang=es"))
    assert presenter.locator("html").get_attribute("lang") == "es"  # the debrief, also in Spanish
    assert_accessible(axe, presenter)
    presenter.goto(live_server.url(f"/facilitate/{code}/report?lang=en"))
    assert presenter.locator("html").get_attribute("lang") == "en"


def test_the_kiosk_language_button_switches_and_resets_after_idle(browser, live_server, axe):
    context = browser.new_context(locale="en-US", viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.goto(live_server.url("/kiosk"))
    page.get_by_role("link", name="Español").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", name=es("Would you post this?")).is_visible()
    assert_accessible(axe, page)
    page.get_by_role("link", name=re.compile("^" + es("Start"))).first.click()
    page.get_by_role("link", name="English").wait_for()  # the button is on every item too
    assert page.locator("html").get_attribute("lang") == "es"
    assert_accessible(axe, page)
    page.wait_for_url(live_server.url("/kiosk"), timeout=20000)  # idle: it asks, then starts over
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Would you post this?").is_visible()
    assert context.cookies() == []
    context.close()


SPANISH_PAGES = [
    "/", "/lessons/why-this-campaign", "/scenarios/", "/scenarios/bath-time-bubbles", "/quizzes/final", "/me",
    "/me/plan", "/handout", "/help", "/sources", "/privacy", "/join", "/signup", "/check-photo",
]  # fmt: skip


def test_spanish_pages_pass_axe_on_a_small_phone(browser, live_server, axe):
    context = browser.new_context(locale="es-MX", viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in SPANISH_PAGES:
        page.goto(live_server.url(path))
        assert page.locator("html").get_attribute("lang") == "es", path
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        assert_accessible(axe, page)
    context.close()
