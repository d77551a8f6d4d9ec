"""Quizzes and the parent's own pages in a real browser: keyboard only, axe-core, one printed page."""

from __future__ import annotations

import re

from .conftest import assert_accessible, submit
from .test_pages import pdf_page_count


def answer_by_keyboard(page, quiz) -> None:
    """Answer every question right using only Tab, arrows and Space, then submit with Enter."""
    for question in quiz.spec.questions:
        right = [choice for choice in question.choices if choice.correct]
        for choice in right:
            box = page.locator(f"#{question.id}-{choice.id}")
            box.focus()  # where Tab would land; the key presses below do the work
            if question.kind == "multiple":
                page.keyboard.press("Space")
            else:
                # arrow keys move within a radio group; Space selects the focused one
                page.keyboard.press("Space")
            assert box.is_checked()
    page.get_by_role("button", name="Check my answers").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_take_a_quiz_by_keyboard_and_pass(page, live_server, axe, app):
    quiz = app.extensions["course_catalog"].quizzes["details-that-identify-check"]
    page.goto(live_server.url(f"/quizzes/{quiz.slug}"))
    assert_accessible(axe, page)
    answer_by_keyboard(page, quiz)
    assert page.get_by_text(f"{len(quiz.spec.questions)} of {len(quiz.spec.questions)} right").is_visible()
    assert_accessible(axe, page)


def test_a_detail_question_can_be_answered_on_the_picture(page, live_server, app):
    quiz = app.extensions["course_catalog"].quizzes.final
    detail = next(q for q in quiz.spec.questions if q.kind == "detail")
    right = next(choice for choice in detail.choices if choice.correct)
    page.goto(live_server.url("/quizzes/final"))
    hotspot = page.get_by_role("button", name=f"Choose: {right.label}")
    hotspot.focus()
    page.keyboard.press("Enter")
    assert hotspot.get_attribute("aria-pressed") == "true"
    assert page.locator(f"#{detail.id}-{right.id}").is_checked()


def test_personal_pages_pass_axe(page, live_server, axe, app):
    page.goto(live_server.url("/me/check/before"))
    assert_accessible(axe, page)
    for question in page.locator("fieldset.question").all():
        question.get_by_role("radio").first.check()
    submit(page, page.get_by_role("button", name="Save my answers"))
    quiz = app.extensions["course_catalog"].quizzes.final
    page.goto(live_server.url("/quizzes/final"))
    answer_by_keyboard(page, quiz)
    personal = ("/me", "/me/plan", "/me/certificate", "/me/delete", "/me/deleted", "/quizzes/", "/resume")
    for path in (*personal, "/me/check/after"):
        page.goto(live_server.url(path))
        assert_accessible(axe, page)
    page.goto(live_server.url("/me"))
    submit(page, page.get_by_role("button", name="Continue on another device"))
    assert page.get_by_text("Your code:").is_visible()
    assert_accessible(axe, page)
    code = page.locator(".resume-code__value").inner_text()
    page.goto(live_server.url(f"/certificates/{code[:12]}"))
    assert_accessible(axe, page)


def test_plan_and_certificate_print_on_one_page_each(page, live_server, app):
    quiz = app.extensions["course_catalog"].quizzes.final
    page.goto(live_server.url("/quizzes/final"))
    answer_by_keyboard(page, quiz)
    for lesson in app.extensions["course_catalog"].lessons:
        page.goto(live_server.url(f"/lessons/{lesson.slug}"))
        submit(page, page.get_by_role("button", name=re.compile("^Mark as done")))
    page.goto(live_server.url("/scenarios/jersey-name-club"))
    page.get_by_label("Edit it first").check()
    page.get_by_role("button", name="Check my answer").click()
    page.locator("#decide-result").wait_for()
    for box in page.locator("input[name=detail]").all():
        box.check()
    page.get_by_role("button", name="Check what I found").click()
    page.locator("#spot-result").wait_for()
    page.goto(live_server.url("/me/check/after"))
    for question in page.locator("fieldset.question").all():
        question.get_by_role("radio").first.check()
    page.get_by_role("radio", name=re.compile("^Look back through my old posts")).check()
    submit(page, page.get_by_role("button", name="Save my answers"))
    assert page.get_by_role("heading", name="My one change").is_visible()
    assert page.locator(".plan__item").count() == len(app.extensions["course_catalog"].sharing_plan.items)
    for paper in ("A4", "Letter"):
        assert pdf_page_count(page.pdf(format=paper, print_background=True)) == 1, paper
    page.goto(live_server.url("/me/certificate"))
    page.get_by_label("Name to print on the certificate").fill("Sam Rivers-Okafor")
    submit(page, page.get_by_role("button", name="Put this name on the certificate"))
    assert page.get_by_text("Sam Rivers-Okafor").is_visible()
    for paper in ("A4", "Letter"):
        assert pdf_page_count(page.pdf(format=paper, print_background=True)) == 1, paper
