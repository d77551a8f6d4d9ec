"""If something goes wrong: what to do, what not to do, and the reporting routes, the operator's region first."""

from __future__ import annotations

import re

import pytest

from course.config import SettingsError

from .conftest import make_app


def region_order(page: str) -> list[str]:
    return re.findall(r'<h3 id="region-(us|uk|au|eu)">', page)


def test_the_page_says_what_to_do_and_what_not_to_do(client):
    page = client.get("/help").get_data(as_text=True)
    assert "<h1>If something goes wrong</h1>" in page
    assert "Write down where it is." in page and "Don’t save, forward or share" in page
    assert "paying rarely" in page and "don’t delete the profile or the messages" in page
    assert region_order(page) == ["us", "uk", "au", "eu"]  # the default region first


def test_each_route_says_who_it_is_for_how_it_works_and_its_limits(client, app):
    page = client.get("/help").get_data(as_text=True)
    help_page = app.extensions["course_catalog"].help
    for region in help_page.regions.values():
        for route in region.routes:
            assert f'href="{route.url}" rel="noopener noreferrer"' in page and route.url.startswith("https://")
    assert "taken when the person was under 18" in page  # Take It Down
    assert "18 or over when they were taken" in page and "go to\nTake It Down instead" not in page  # StopNCII
    assert page.count("<dt>Good to know</dt>") == sum(len(r.routes) for r in help_page.regions.values())


def test_every_claim_on_the_page_is_cited_and_listed_on_the_sources_page(client, app):
    page = client.get("/help").get_data(as_text=True)
    sources = client.get("/sources").get_data(as_text=True)
    cited = set(re.findall(r'href="/sources#(S\d+)"', page))
    assert {"S59", "S60", "S61", "S63", "S64", "S68", "S69", "S72"} <= cited
    assert all(f'id="{source}"' in sources for source in cited)


@pytest.mark.parametrize(("region", "first"), [("uk", "uk"), ("au", "au"), ("EU", "eu")])
def test_the_operators_region_comes_first(tmp_path, region, first):
    app = make_app(tmp_path, REGION=region.lower())
    page = app.test_client().get("/help").get_data(as_text=True)
    assert region_order(page)[0] == first and sorted(region_order(page)) == ["au", "eu", "uk", "us"]


def test_an_unknown_region_stops_the_app_with_a_clear_message(tmp_path):
    with pytest.raises(SettingsError, match="REGION must be one of us, uk, au, eu"):
        make_app(tmp_path, REGION="mars")


def test_every_page_links_to_it_and_the_handout_carries_the_regions_routes(client):
    for path in ("/", "/lessons/why-this-campaign", "/scenarios/", "/quizzes/final", "/me", "/sources", "/join"):
        assert 'href="/help">If something goes wrong</a>' in client.get(path).get_data(as_text=True), path
    handout = client.get("/handout").get_data(as_text=True)
    assert "Take It Down (NCMEC)" in handout and "takeitdown.ncmec.org" in handout
    assert re.search(r'<span class="handout__url">http://[^<]+/help</span>', handout)
    lesson = client.get("/lessons/sharing-safely").get_data(as_text=True)
    assert 'href="/help"' in lesson and "don’t contact the stranger" in lesson


def test_the_facilitator_guide_is_public_printable_and_linked_from_the_console(client, facilitator):
    guide = client.get("/facilitator-guide").get_data(as_text=True)
    assert 'id="guide-title">Facilitator guide</h1>' in guide
    for heading in ("Ground rules, and their one exception", "If a parent tells you something worrying",
                    "Questions parents often ask", "Accessibility checklist"):  # fmt: skip
        assert heading in guide
    assert "Don’t promise to keep it secret." in guide and "data-print" in guide
    assert 'href="/facilitator-guide"' in facilitator.get("/facilitate/").get_data(as_text=True)


def test_no_deck_promises_that_everything_stays_in_the_room(app):
    for deck in app.extensions["course_catalog"].decks.values():
        for item in deck.items:
            text = " ".join(filter(None, [getattr(item, "notes", ""), getattr(item, "body_html", "")]))
            if "stays" in text and "in the room" in text:
                assert "exception" in text, (deck.title, item.id)
