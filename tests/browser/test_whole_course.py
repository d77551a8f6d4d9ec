"""A guest goes through the whole course with only the links and buttons on its pages, then erases it."""

from __future__ import annotations

import re

from .conftest import assert_accessible, submit


def answer_right(page, quiz) -> None:
    assert page.url.endswith(f"/quizzes/{quiz.slug}"), page.url
    for question in quiz.spec.questions:
        for choice in question.choices:
            if choice.correct:
                page.locator(f"#{question.id}-{choice.id}").check()
    submit(page, page.get_by_role("button", name="Check my answers"))


def work_a_scenario_step_by_step(page, axe) -> None:
    """Decide, spot and fix: each step appears once the one before is answered, and no verdict before."""
    assert page.locator(".verdict").count() == 0 and page.locator("input[name=detail]").count() == 0
    assert_accessible(axe, page)
    page.get_by_label("Keep it offline").check()
    page.get_by_role("button", name="Check my answer").click()
    page.locator("#decide-result").wait_for()
    assert page.get_by_text("That's what a careful parent would do.").is_visible()
    assert page.locator("#decide-result").evaluate("node => node === document.activeElement")
    page.get_by_role("checkbox", name=re.compile("^Your child in the bath")).check()
    page.get_by_role("button", name="Check what I found").click()
    page.locator("#spot-result").wait_for()
    assert page.get_by_text("You found 1 of 3 risky details.").is_visible()
    assert_accessible(axe, page)
    page.get_by_role("radio", name=re.compile("^Close family")).check()
    page.get_by_role("button", name="Save my edits").click()
    page.get_by_text("All three steps done").wait_for()
    assert page.get_by_text("Your edited post:").is_visible()
    assert_accessible(axe, page)


def test_a_guest_finishes_the_whole_course_by_links_and_buttons_then_erases_it(page, live_server, axe, app):
    course = app.extensions["course_catalog"]
    page.goto(live_server.url("/"))
    page.get_by_role("link", name="Start the course").click()
    for lesson in course.lessons:
        page.get_by_role("heading", level=1, name=lesson.title).wait_for()
        if lesson.number == 1:
            page.get_by_role("link", name=course.scenarios["bath-time-bubbles"].title).click()
            work_a_scenario_step_by_step(page, axe)
            page.get_by_role("link", name="Course", exact=True).first.click()  # back home, then on the road again
            page.get_by_role("link", name="Start the course").click()
        assert page.locator("sup.cite a").count() > 0 and page.get_by_text("[S1]").count() == 0
        submit(page, page.get_by_role("button", name=re.compile("^Mark as done and check my understanding")))
        answer_right(page, course.quizzes[lesson.quiz])
        assert page.get_by_text("You passed. Well done!").is_visible()
        following = page.get_by_role("link", name=re.compile("^(Next lesson|Next: )"))
        following.click()
    page.get_by_role("heading", level=1, name=course.quizzes.final.title).wait_for()
    answer_right(page, course.quizzes.final)
    assert page.get_by_role("heading", name="Congratulations!").is_visible()
    actions = page.locator("p.actions a")
    assert actions.first.inner_text() == "Get your certificate" and actions.last.inner_text() == "Try this quiz again"
    actions.first.click()
    page.get_by_role("heading", level=1).wait_for()
    assert_accessible(axe, page)
    page.get_by_role("link", name="your sharing plan").click()
    page.get_by_role("checkbox").first.check()
    submit(page, page.get_by_role("button", name="Save my plan"))
    assert page.get_by_text("Your plan is saved.").is_visible() and page.get_by_role("checkbox").first.is_checked()
    assert_accessible(axe, page)
    page.get_by_role("link", name="My progress").first.click()
    assert page.get_by_text("100% of the course done").is_visible()
    page.get_by_role("link", name="Delete everything").click()
    submit(page, page.get_by_role("button", name="Yes, delete everything"))
    assert page.get_by_role("heading", level=1, name="Everything is deleted").is_visible()
    assert page.context.cookies() == [] or all(c["name"] not in ("learner", "session") for c in page.context.cookies())
