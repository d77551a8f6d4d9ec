"""A scenario worked by keyboard alone, in a real browser, with axe-core after each step."""

from __future__ import annotations

from .conftest import assert_accessible, submit

BATH = "/scenarios/bath-time-bubbles"


def submit_with_enter(page, button_name: str, result: str) -> None:
    """Each step is sent in the background and the next appears in place: wait for its result."""
    page.get_by_role("button", name=button_name).focus()
    page.keyboard.press("Enter")
    page.locator(result).wait_for()


def test_decide_spot_and_fix_by_keyboard(page, live_server, axe):
    page.goto(live_server.url(BATH))
    assert_accessible(axe, page)

    page.get_by_role("radio", name="Post it as it is").focus()
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert page.get_by_role("radio", name="Keep it offline").is_checked()
    submit_with_enter(page, "Check my answer", "#decide-result")
    assert page.get_by_text("That's what a careful parent would do.").is_visible()
    assert page.locator("#decide-result").evaluate("node => node === document.activeElement")
    assert_accessible(axe, page)

    hotspot = page.get_by_role("button", name="Mark as risky: Your child in the bath")
    hotspot.focus()
    page.keyboard.press("Space")
    assert hotspot.get_attribute("aria-pressed") == "true"
    assert page.get_by_role("checkbox", name="Your child in the bath").is_checked()
    submit_with_enter(page, "Check what I found", "#spot-result")
    assert page.get_by_text("You found 1 of 3 risky details.").is_visible()
    assert_accessible(axe, page)

    page.get_by_role("checkbox", name="Remove the #bathtime hashtag").focus()
    page.keyboard.press("Space")
    page.locator("[data-post-tag=bathtime]").wait_for(state="hidden")
    page.get_by_role("radio", name="Friends").focus()
    page.keyboard.press("Space")
    page.get_by_text("Your edited post (not saved yet):").wait_for()
    # The preview follows each change in turn: wait for the one made by the second change.
    page.locator("[data-post-audience]", has_text="Friends").wait_for()
    submit_with_enter(page, "Save my edits", "text=All three steps done")
    assert page.get_by_text("Your edited post:").is_visible()
    assert page.get_by_text("That's the best this post can do.").is_visible()
    assert_accessible(axe, page)

    page.goto(live_server.url("/scenarios/"))
    assert page.get_by_text("3 of 3 activities done").is_visible()
    assert_accessible(axe, page)


def test_a_scenario_step_by_step_without_javascript_on_a_320px_phone(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server.url(BATH))
    hotspots = page.locator("[data-hotspot-input]")
    assert hotspots.count() == 2 and all(hotspots.nth(i).is_hidden() for i in range(2))
    assert page.locator(".verdict").count() == 0 and page.locator("input[name=detail]").count() == 0
    page.get_by_label("Share it privately with a few people").check()
    submit(page, page.get_by_role("button", name="Check my answer"))
    assert page.get_by_text("That's safe, and more careful than this one needs.").count() == 0
    assert page.get_by_text("This one needs a little more care.").is_visible()
    for box in page.locator(".feedback, .verdict").all():
        assert box.bounding_box()["width"] >= 280  # no card squeezed inside another on a small phone
    page.get_by_role("checkbox", name="The #bathtime hashtag (in the hashtags)").check()
    submit(page, page.get_by_role("button", name="Check what I found"))
    assert page.get_by_text("You found 1 of 3 risky details.").is_visible()
    picture = page.locator(".mock-post__picture")
    page.get_by_role("button", name="Save my edits").scroll_into_view_if_needed()
    assert picture.bounding_box()["y"] >= -1 and picture.bounding_box()["y"] < 5  # stays at the top while fixing
    page.get_by_role("checkbox", name="Remove the #bathtime hashtag").check()
    submit(page, page.get_by_role("button", name="Save my edits"))
    assert not page.locator("[data-post-tag=bathtime]").is_visible()
    assert page.get_by_text("All three steps done").is_visible()
    boxes = [box.bounding_box() for box in page.locator("main *").all()[:400]]
    widest = max(box["x"] + box["width"] for box in boxes if box)
    assert widest <= 321, "nothing runs off a 320 px screen"
    context.close()
