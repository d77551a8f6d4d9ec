"""Scenarios: decide, spot and fix, each as a plain form post, saved once per learner."""

from __future__ import annotations

import gzip

import pytest
from sqlalchemy import func, select

from course.content import ContentPaths
from course.extensions import db
from course.models import Learner, ScenarioResponse

from .conftest import FIXTURES, csrf_from, make_app, post_form

BATH = "/scenarios/bath-time-bubbles"
TUB = "/scenarios/tub"


@pytest.fixture
def fixture_app(tmp_path, app):
    """An app on the small fixture course, whose one scenario has every kind of fix.

    It shares the test database with `app`, which creates and cleans it.
    """
    root = FIXTURES / "content" / "valid"
    return make_app(tmp_path, CONTENT_PATHS=ContentPaths(root / "lessons", root / "quizzes", root / "static"))


def rows(app) -> list[ScenarioResponse]:
    with app.app_context():
        return list(db.session.scalars(select(ScenarioResponse)))


def learners(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Learner))


def answer(client, path, **data):
    return post_form(client, path, data)


def test_the_deck_groups_scenarios_by_theme(client):
    page = client.get("/scenarios/").get_data(as_text=True)
    assert "Private moments" in page and f'href="{BATH}"' in page


def test_a_new_scenario_asks_only_for_the_decision_and_gives_nothing_away(client):
    page = client.get(BATH).get_data(as_text=True)
    assert "Splish splash! Leo&#39;s favorite part of the day." in page
    assert "#bathtime" in page and 'id="d-bath"' in page and "<title" in page
    assert page.count('name="step"') == 1 and 'value="decide"' in page
    assert 'class="verdict' not in page and "Keep bath photos in the family album." not in page
    assert "Spot the risks" in page and "Once you have decided" in page
    assert "Step 1 of 3" in page


def test_each_step_opens_once_the_one_before_is_answered(client, app):
    answer(client, BATH, step="decide", decision="offline")
    page = client.get(BATH).get_data(as_text=True)
    assert 'value="spot"' in page and 'value="decide"' not in page and 'value="fix"' not in page
    assert "Step 2 of 3" in page and "You chose:" in page
    answer(client, BATH, step="spot", detail=["bath"])
    page = client.get(BATH).get_data(as_text=True)
    assert 'value="fix"' in page and 'value="spot"' not in page and "You found 1 of 3 risky details." in page
    answer(client, BATH, step="fix", audience="close-family")
    page = client.get(BATH).get_data(as_text=True)
    assert "All three steps done" in page and "Your edited post:" in page
    assert "You chose:" in page and "You found 1 of 3" in page  # a parent coming back sees earlier answers


def test_a_step_posted_out_of_order_is_not_saved(client, app):
    response = answer(client, BATH, step="spot", detail=["bath"])
    assert response.status_code == 303 and response.headers["Location"].endswith("#decide")
    answer(client, BATH, step="decide", decision="offline")
    answer(client, BATH, step="fix", audience="public")
    [row] = rows(app)
    assert row.spotted is None and row.fixes is None


def test_starting_a_scenario_again_forgets_its_answers(client, app):
    answer(client, BATH, step="decide", decision="offline")
    answer(client, BATH, step="spot", detail=["bath"])
    answer(client, BATH, step="restart")
    assert rows(app) == []
    assert "Step 1 of 3" in client.get(BATH).get_data(as_text=True)


def test_the_right_decision_is_confirmed_and_saved(client, app):
    response = answer(client, BATH, step="decide", decision="offline")
    assert response.status_code == 303 and response.headers["Location"].endswith("#decide-result")
    page = client.get(BATH).get_data(as_text=True)
    assert "That's what a careful parent would do." in page
    assert "Keep bath photos in the family album." in page
    [row] = rows(app)
    assert (row.decision, row.decision_outcome) == ("offline", "right")


def test_a_riskier_decision_gets_gentle_feedback_with_reasons(client):
    answer(client, BATH, step="decide", decision="post")
    page = client.get(BATH).get_data(as_text=True)
    assert "This one needs a little more care." in page
    assert "As careful as this post needs: <strong>Keep it offline</strong>." in page
    assert "Undress." in page and 'href="/lessons/private-moments"' in page


def test_answering_again_updates_the_same_record(client, app):
    answer(client, BATH, step="decide", decision="post")
    answer(client, BATH, step="decide", decision="offline")
    answer(client, BATH, step="spot", detail=["bath"])
    [row] = rows(app)
    assert row.decision == "offline" and row.spotted == ["bath"]
    assert "2 of 3 activities done" in client.get("/scenarios/").get_data(as_text=True)


@pytest.mark.parametrize(
    "data",
    [
        {"step": "decide", "decision": "tweet-it"},
        {"step": "decide"},
        {"step": "spot", "detail": ["bath", "the-cat"]},
        {"step": "fix", "fix": ["delete-everything"]},
        {"step": "fix", "audience": "everyone-on-earth"},
        {"step": "launch"},
    ],
)
def test_forged_answers_are_refused_and_nothing_is_saved(client, app, data):
    assert answer(client, BATH, **data).status_code == 400
    assert rows(app) == [] and learners(app) == 0


def test_an_unknown_scenario_is_a_404(client):
    assert client.get("/scenarios/no-such-post").status_code == 404
    token = csrf_from(client.get(BATH).get_data(as_text=True))
    assert client.post("/scenarios/no-such-post", data={"csrf_token": token, "step": "decide"}).status_code == 404


def test_starting_again_as_a_new_visitor_keeps_nothing(client, app):
    assert answer(client, BATH, step="restart").status_code == 303
    assert learners(app) == 0 and rows(app) == []


def test_spotting_reports_found_missed_and_harmless(client):
    answer(client, BATH, step="decide", decision="offline")
    answer(client, BATH, step="spot", detail=["bath", "duck"])
    page = client.get(BATH).get_data(as_text=True)
    assert "You found 1 of 3 risky details." in page
    assert "Well spotted" in page and "Easy to miss" in page and "Harmless after all" in page


def test_fixing_updates_the_post_and_its_verdict(fixture_app):
    client = fixture_app.test_client()
    answer(client, TUB, step="decide", decision="offline")
    answer(client, TUB, step="spot", detail=["tub"])
    answer(client, TUB, step="fix", fix=["drop-tag", "rewrite", "no-place"], audience="friends")
    page = client.get(TUB).get_data(as_text=True)
    assert "Bath time!" in page and "Jo Smith" not in page
    assert "data-post-location hidden" in page
    assert "verdict--offline" in page  # the bath itself cannot be edited away
    answer(client, TUB, step="fix", fix=["blur-tub", "drop-tag", "rewrite", "no-place"], audience="friends")
    page = client.get(TUB).get_data(as_text=True)
    assert 'id="d-tub" filter="url(#blur-tub)"' in page and '<filter id="blur-tub"' in page  # blurred, not hidden
    assert "That's the best this post can do." in page
    [row] = rows(fixture_app)
    assert row.fixed_verdict == "post" and row.fixed_audience == "friends"


def test_a_crop_cuts_the_detail_out_and_a_sticker_covers_it(fixture_app):
    client = fixture_app.test_client()
    answer(client, TUB, step="decide", decision="offline")
    answer(client, TUB, step="spot", detail=["tub"])
    page = client.get(TUB).get_data(as_text=True)
    assert 'class="scene-edit scene-edit--crop" data-patch="tub"' in page  # drawn, not shown yet
    answer(client, TUB, step="fix", fix=["crop-tub"], audience="friends")
    page = client.get(TUB).get_data(as_text=True)
    assert 'id="d-tub" class="is-removed"' in page
    assert 'class="scene-edit scene-edit--crop is-shown" data-patch="tub"' in page
    assert 'class="scene-edit scene-edit--sticker" data-patch="tub"' in page
    answer(client, TUB, step="fix", fix=["sticker-tub"], audience="friends")
    page = client.get(TUB).get_data(as_text=True)
    assert 'class="scene-edit scene-edit--sticker is-shown" data-patch="tub"' in page and ">Privacy<" in page
    assert 'id="d-tub" filter=' not in page and 'id="d-tub" class="is-removed"' not in page  # covered, not blurred


def test_the_assess_endpoint_explains_an_edited_post_and_saves_nothing(fixture_app):
    client = fixture_app.test_client()
    data = client.get(f"{TUB}/assess?fix=blur-tub&fix=drop-tag&audience=public").get_json()
    assert data["verdict"] == "edit"
    assert [reason["factor"] for reason in data["reasons"]] == ["identity", "location"]
    assert data["post"]["hidden"] == ["tub"] and data["post"]["hashtags"] == ["family"]
    assert client.get(f"{TUB}/assess?fix=nope").status_code == 400
    assert rows(fixture_app) == [] and learners(fixture_app) == 0


def test_guest_scenario_work_moves_into_the_account(client, auth, app):
    auth.create()
    answer(client, BATH, step="decide", decision="edit")
    auth.login()
    [row] = rows(app)
    with app.app_context():
        assert db.session.get(Learner, row.learner_id).user_id is not None
    assert "You chose: <strong>Edit it first</strong>" in client.get(BATH).get_data(as_text=True)


def test_home_counts_scenarios_practised(client):
    answer(client, BATH, step="decide", decision="offline")
    assert "You have practiced 1 of" in client.get("/").get_data(as_text=True)


def test_feedback_says_each_thing_once(client, app):
    """No "Nothing here gives your child away." followed by the same sentence again, and no "0 of 0"."""
    scenarios = app.extensions["course_catalog"].scenarios.values()
    fine = next(s for s in scenarios if all(detail.factor == "none" for detail in s.spec.details))
    page = client.get(f"/scenarios/{fine.slug}").get_data(as_text=True)
    assert "Nothing in this post gives your child away" not in page
    spotted = post_form(client, f"/scenarios/{fine.slug}", {"step": "spot"}, follow_redirects=True)
    assert "You found 0 of 0" not in spotted.get_data(as_text=True)


def test_deck_pictures_are_served_compressed_and_cached(client):
    plain = client.get(f"{BATH}/picture.svg")
    assert plain.status_code == 200 and plain.mimetype == "image/svg+xml" and plain.data.startswith(b"<svg")
    packed = client.get(f"{BATH}/picture.svg", headers={"Accept-Encoding": "gzip, br"})
    assert packed.headers["Content-Encoding"] == "gzip" and gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 2
    assert "max-age=3600" in packed.headers["Cache-Control"] and "Accept-Encoding" in packed.headers["Vary"]
    again = client.get(
        f"{BATH}/picture.svg", headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]}
    )
    assert again.status_code == 304
    assert f'src="{BATH}/picture.svg"' in client.get("/scenarios/").get_data(as_text=True)
    assert client.get("/scenarios/no-such-post/picture.svg").status_code == 404


def test_keeping_a_named_post_to_family_is_as_careful_as_editing_the_name_out(client, app):
    slug = "/scenarios/birthday-cake-date"
    answer(client, slug, step="decide", decision="private")
    page = client.get(slug).get_data(as_text=True)
    assert "That's what a careful parent would do." in page
    assert (
        "As careful as this post needs: <strong>Share it privately with a few people</strong>"
        " or <strong>Edit it first</strong>." in page
    )
    [row] = rows(app)
    assert row.decision_outcome == "right"


def test_keeping_a_fine_post_offline_is_called_safe_never_wrong(client, app):
    slug = "/scenarios/kite-day-smile"
    answer(client, slug, step="decide", decision="offline")
    page = client.get(slug).get_data(as_text=True)
    assert "That's safe, and more careful than this one needs." in page
    assert "needs a little more care" not in page
