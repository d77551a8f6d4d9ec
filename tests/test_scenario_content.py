"""The shipped scenarios: enough of them, every risk factor practised, honest illustrations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from course.content.svg import svg_problems
from course.scenarios import editing as engine
from course.scenarios.risk import Factor, Verdict

from .conftest import ROOT, post_form

ILLUSTRATIONS = ROOT / "static" / "illustrations"


@pytest.fixture
def shipped(app):
    return app.extensions["course_catalog"].scenarios


def test_the_deck_links_at_least_30_scenarios(client, shipped):
    page = client.get("/scenarios/").get_data(as_text=True)
    assert len(shipped) >= 30
    for slug in shipped:
        assert f'href="/scenarios/{slug}"' in page


def scenarios_with(shipped, factor: Factor) -> list[str]:
    return [slug for slug, s in shipped.items() if any(d.factor == factor.value for d in s.spec.details)]


def test_every_risk_factor_is_practised_in_at_least_two_scenarios(shipped):
    assert {factor.value: len(scenarios_with(shipped, factor)) >= 2 for factor in Factor} == {
        factor.value: True for factor in Factor
    }


def test_consent_is_practised_at_least_three_times(shipped):
    assert len(scenarios_with(shipped, Factor.CONSENT)) >= 3


def test_photos_other_people_post_are_practised(shipped):
    for slug in ("grandma-public-post", "club-team-photo", "party-album-other-parent"):
        assert slug in shipped


def test_at_least_eight_scenarios_are_fine_to_share_as_they_are(shipped):
    fine = [slug for slug, scenario in shipped.items() if engine.careful_decisions(scenario) == (Verdict.FINE,)]
    assert len(fine) >= 8, fine


def test_each_scenarios_feedback_is_written_for_its_verdict(shipped):
    for scenario in shipped.values():
        assert set(scenario.spec.decision_feedback) == {"post", "private", "edit", "offline"}


@pytest.mark.parametrize("path", sorted(ILLUSTRATIONS.rglob("*.svg")), ids=lambda path: path.name)
def test_illustrations_are_titled_svg_without_raster_or_remote_content(path: Path):
    svg = path.read_text(encoding="utf-8")
    assert "<title" in svg
    assert not re.search(r"<image|data:image|<script|<foreignObject|href=\"https?:", svg, re.I)
    assert svg_problems(svg) == []
    assert path.stat().st_size < 14_000


def test_every_scenario_renders_and_takes_the_careful_answer_without_javascript(app, shipped):
    client = app.test_client()
    for slug, scenario in shipped.items():
        page = client.get(f"/scenarios/{slug}").get_data(as_text=True)
        assert f'<title id="{slug}-title">' in page or "<title" in page.split('class="mock-post__picture"')[1]
        expected = engine.careful_decisions(scenario)[0].key
        response = post_form(client, f"/scenarios/{slug}", {"step": "decide", "decision": expected})
        assert response.status_code == 303, slug
        assert "That's what a careful parent would do." in client.get(f"/scenarios/{slug}").get_data(as_text=True)


def test_lessons_link_the_scenarios_that_practise_them(client, app):
    catalog = app.extensions["course_catalog"]
    linked = {slug for lesson in catalog.lessons for slug in lesson.scenarios}
    assert linked == set(catalog.scenarios)
    page = client.get("/lessons/private-moments").get_data(as_text=True)
    assert 'href="/scenarios/nappy-change"' in page
