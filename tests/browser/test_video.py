"""The campaign video: nothing from the host loads until the parent presses play."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from course.extensions import db

from ..conftest import make_app
from .conftest import assert_accessible

YOUTUBE = "https://www.youtube.com/watch?v=abcDEF12345"
PLAYER_HOST = "www.youtube-nocookie.com"


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, CAMPAIGN_VIDEO_URL=YOUTUBE)
    with app.app_context():
        db.create_all()
    return app


def foreign_requests(page, live_server) -> list[str]:
    origin = urlsplit(live_server.url("/")).netloc
    seen: list[str] = []
    page.on(
        "request",
        lambda request: seen.append(request.url) if urlsplit(request.url).netloc not in ("", origin) else None,
    )
    page.route(
        f"https://{PLAYER_HOST}/**",
        lambda route: route.fulfill(body="<p>stand-in player</p>", content_type="text/html"),
    )
    return seen


def test_the_player_loads_only_after_play_is_pressed(page, live_server, axe):
    seen = foreign_requests(page, live_server)
    page.goto(live_server.url("/lessons/why-this-campaign"))
    page.wait_for_load_state("networkidle")
    assert page.locator("iframe").count() == 0
    assert seen == []
    assert page.get_by_text("Nothing has loaded from YouTube yet").is_visible()
    assert_accessible(axe, page)

    page.get_by_role("link", name="Play the video from YouTube").click()
    frame = page.locator("iframe")
    frame.wait_for()
    assert frame.get_attribute("src").startswith(f"https://{PLAYER_HOST}/embed/abcDEF12345")
    page.wait_for_load_state("networkidle")
    assert seen and all(urlsplit(url).netloc == PLAYER_HOST for url in seen)


def test_without_javascript_the_play_link_opens_the_player(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    seen = foreign_requests(page, live_server)
    page.goto(live_server.url("/lessons/why-this-campaign"))
    assert page.locator("iframe").count() == 0 and seen == []
    page.get_by_role("link", name="Play the video from YouTube").click()
    assert page.locator("iframe").count() == 1
    context.close()


def test_other_pages_never_touch_the_video_host(page, live_server):
    seen = foreign_requests(page, live_server)
    for path in ("/", "/lessons/who-can-see", "/handout", "/sources"):
        page.goto(live_server.url(path))
        page.wait_for_load_state("networkidle")
    assert page.locator("iframe").count() == 0
    assert seen == []
