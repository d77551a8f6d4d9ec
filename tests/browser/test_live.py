"""A live workshop in real browsers: a facilitator and three phones in separate contexts; a kiosk reset."""

from __future__ import annotations

import re

import pytest

from course.accounts.service import create_user
from course.extensions import db
from course.models import Role

from ..conftest import GOOD_PASSWORD, make_app
from .conftest import assert_accessible, submit

PUBLIC = "http://192.0.2.10:5000"  # what phones on the school's Wi-Fi would use; the test opens pages locally


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, KIOSK_IDLE_SECONDS=8, TALLY_THRESHOLD=3, PUBLIC_URL=PUBLIC)
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
    with presenter.expect_popup() as opened:
        presenter.get_by_role("link", name=re.compile("Open the audience screen")).click()
    screen = opened.value  # the projector's window, apart from the console
    screen.wait_for_load_state()
    assert screen.locator(".join-panel__code").inner_text() == code
    assert screen.locator(".join-panel__url").inner_text() == f"{PUBLIC}/join"
    assert f"{PUBLIC}/join/{code}" in screen.locator("svg.qr").get_attribute("aria-label")
    assert screen.get_by_role("button").count() == 0 and screen.locator("nav, footer, .notes").count() == 0
    assert_accessible(axe, screen)

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
    screen.get_by_role("heading", name=plan.items[0].title, exact=True).wait_for(timeout=8000)  # it follows

    press(presenter, "PageDown")  # a presentation clicker
    question = plan.items[1]
    answer_on(phones[:2], question)
    assert_accessible(axe, phones[1])
    presenter.locator("[data-responses]", has_text="2").wait_for(timeout=8000)
    assert presenter.locator("[data-joined]").inner_text() == "3"
    assert "Totals appear after 3 answers" in presenter.locator("[data-tally-note]").first.inner_text()
    screen.locator("[data-tally-note]", has_text="1 more to go").wait_for(timeout=8000)
    assert presenter.locator("[data-count]").all_inner_texts() == [""] * len(question.choices)
    answer_on(phones[2:], question)
    first_choice = presenter.locator(f'[data-choice="{question.choices[0].id}"] [data-count]')
    first_choice.filter(has_text="3").wait_for(timeout=8000)
    assert presenter.locator("[data-tally-note]").inner_text() == ""
    screen.locator(f'[data-choice="{question.choices[0].id}"] [data-count]', has_text="3").wait_for(timeout=8000)
    assert_accessible(axe, presenter)

    press(presenter, "ArrowRight")
    assert presenter.get_by_role("heading", name=plan.items[2].title, exact=True).is_visible()
    with screen.expect_navigation():
        screen.keyboard.press("PageDown")  # the clicker works from the projector's window too
    scenario = plan.items[3]
    screen.get_by_role("img", name=scenario.image.alt).wait_for()
    assert scenario.notes[:30] not in screen.content()
    assert_accessible(axe, screen)
    picture = phones[0].get_by_role("img", name=scenario.image.alt)
    picture.wait_for(timeout=8000)
    assert 0 < picture.bounding_box()["width"] <= 320  # sized for the narrowest phone
    answer_on(phones, scenario)
    presenter.reload()
    submit(presenter, presenter.get_by_role("button", name="Reveal the answer"))
    assert presenter.get_by_text("(the careful answer)").count() == len(scenario.correct_ids)
    for phone in phones:
        phone.get_by_text("The careful answer:").wait_for(timeout=8000)
    assert phones[0].get_by_text(scenario.reason.split(".")[0]).count() >= 1
    assert phones[0].get_by_text("You chose:").is_visible()
    screen.locator(".stage__reason").wait_for(timeout=8000)
    assert_accessible(axe, phones[0])
    assert_accessible(axe, presenter)
    assert_accessible(axe, screen)

    submit(presenter, presenter.get_by_role("button", name="End session"))
    assert presenter.get_by_role("heading", name="End the session for everyone?").is_visible()
    assert_accessible(axe, presenter)
    assert phones[0].get_by_role("heading", name="Thank you!").count() == 0  # nothing ended yet
    submit(presenter, presenter.get_by_role("button", name="Yes, end it for everyone"))
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


def test_every_kiosk_page_passes_axe_and_stays_in_the_kiosk(page, live_server, axe, app):
    deck = next(d for d in app.extensions["course_catalog"].decks.values() if d.spec.kiosk)
    page.set_viewport_size({"width": 1024, "height": 768})  # a waiting-room tablet
    for number, item in enumerate(deck.items, 1):
        page.goto(live_server.url(f"/kiosk/{deck.slug}/{number}"))
        assert_accessible(axe, page)
        if item.image:
            assert page.get_by_role("img", name=item.image.alt).is_visible()
        if item.answerable:
            if item.multiple:
                page.get_by_label(item.choices[0].label).check()
                submit(page, page.get_by_role("button", name="Check"))
            else:
                submit(page, page.get_by_role("button", name=re.compile(re.escape(item.choices[0].label))))
            assert_accessible(axe, page)
        hrefs = page.locator("a[href]").evaluate_all("links => links.map(link => link.pathname)")
        assert all(href.startswith("/kiosk") for href in hrefs), hrefs
    page.goto(live_server.url("/kiosk/sources"))
    assert_accessible(axe, page)
