"""DESIGN §8: every page under 100 KB transferred, and under 20 KB of JavaScript, with every lazy picture loaded."""

from __future__ import annotations

import pytest

PAGE_LIMIT = 100 * 1024
SCRIPT_LIMIT = 20 * 1024
TRANSFERRED = """() => {
  const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
  const size = (entry) => entry.transferSize || entry.encodedBodySize || 0;
  return {
    total: entries.reduce((sum, entry) => sum + size(entry), 0),
    scripts: entries.filter((entry) => entry.initiatorType === "script").reduce((sum, entry) => sum + size(entry), 0),
  };
}"""


def pages(app) -> list[str]:
    course = app.extensions["course_catalog"]
    lessons = [f"/lessons/{lesson.slug}" for lesson in course.lessons]
    quizzes = [f"/quizzes/{slug}" for slug in course.quizzes]
    return ["/", *lessons, "/scenarios/", "/scenarios/bath-time-bubbles", *quizzes, "/me", "/me/plan",
            "/handout", "/sources", "/privacy", "/join", "/signup", "/login"]  # fmt: skip


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 320, "height": 640}])
def test_every_page_stays_light(browser, live_server, app, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    heavy = {}
    for path in pages(app):
        page.goto(live_server.url(path))
        page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach((img) => { img.loading = 'eager'; })")
        page.wait_for_load_state("networkidle")
        weight = page.evaluate(TRANSFERRED)
        if weight["total"] > PAGE_LIMIT or weight["scripts"] > SCRIPT_LIMIT:
            heavy[path] = weight
    context.close()
    assert heavy == {}
