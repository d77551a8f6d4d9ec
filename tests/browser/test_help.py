"""The "If something goes wrong" page is one tap away from the footer of every page type."""

from __future__ import annotations

from .conftest import assert_accessible

PAGE_TYPES = (
    "/", "/lessons/why-this-campaign", "/scenarios/", "/scenarios/bath-time-bubbles", "/quizzes/final", "/me",
    "/me/plan", "/handout", "/sources", "/privacy", "/join", "/login", "/signup", "/no-such-page",
)  # fmt: skip


def test_the_footer_of_every_page_type_leads_to_it(page, live_server, axe):
    for path in PAGE_TYPES:
        page.goto(live_server.url(path))
        page.get_by_role("contentinfo").get_by_role("link", name="If something goes wrong").click()
        page.get_by_role("heading", level=1, name="If something goes wrong").wait_for()
        assert page.url == live_server.url("/help"), path
    assert page.get_by_role("heading", name="United States").is_visible()
    assert_accessible(axe, page)


def test_it_reads_on_a_320px_phone(browser, live_server):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server.url("/help"))
    boxes = [box.bounding_box() for box in page.locator("main *").all()[:300]]
    assert max(box["x"] + box["width"] for box in boxes if box) <= 321
    context.close()
