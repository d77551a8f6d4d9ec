"""Check a photo (server side): one page whose script is its own, vendored, small and unable to send anything."""

from __future__ import annotations

import hashlib
import json
import re

from course.photo_check.caption_rules import RISKY_HASHTAGS

from .conftest import ROOT, post_form

SCRIPTS = ("static/vendor/exifr-7.1.3/mini.umd.js", "static/js/check-photo.js")


def rules_of(page: str) -> dict:
    return json.loads(
        re.search(r'<script type="application/json" id="photo-check-rules">(.*?)</script>', page, re.S)[1]
    )


def test_the_page_is_public_sets_no_cookie_and_works_without_javascript(client):
    response = client.get("/check-photo")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert "Your photo stays on this device." in page
    assert "data-no-script" in page and "Checking by hand" in page  # shown until the script replaces it
    assert re.search(r"<div[^>]*data-photo-check[^>]*hidden", page), "the tool waits for its script"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_distances_and_dates_follow_the_region(tmp_path):
    from .conftest import make_app

    client = make_app(tmp_path, REGION="uk").test_client()
    assert 'data-metres="metres" data-locale="en-GB"' in client.get("/check-photo").get_data(as_text=True)
    assert 'data-metres="metros" data-locale="es"' in client.get("/check-photo?lang=es").get_data(as_text=True)


def test_the_caption_rules_carry_the_campaigns_hashtags_and_real_lessons(client, app):
    rules = rules_of(client.get("/check-photo").get_data(as_text=True))
    assert {"pottytraining", "bathtime", "nakedkids", "kidsbathing", "bathtimefun", "sinkbath"} <= set(
        rules["hashtags"]
    )
    assert rules["hashtags"] == list(RISKY_HASHTAGS) and all(tag == tag.lower() for tag in RISKY_HASHTAGS)
    lessons = app.extensions["course_catalog"].lessons
    for check in [*rules["checks"], *rules["special"].values()]:
        assert lessons.get(check["lesson"]).title == check["lesson_title"]
        assert check["sources"], check["id"]
    assert {check["id"] for check in rules["checks"]} == {"school", "age", "here-now", "place"}


def test_the_script_is_the_pages_alone_small_and_unable_to_send_or_store(client, app):
    assert sum((ROOT / path).stat().st_size for path in SCRIPTS) <= 60 * 1024
    own = (ROOT / "static/js/check-photo.js").read_text()
    for forbidden in ("fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "localStorage", "sessionStorage",
                      "indexedDB", "document.cookie", "caches.", "serviceWorker"):  # fmt: skip
        assert forbidden not in own, forbidden
    course = app.extensions["course_catalog"]
    for path in ["/", *(f"/lessons/{lesson.slug}" for lesson in course.lessons), "/scenarios/", "/me/plan", "/handout"]:
        page = client.get(path).get_data(as_text=True)
        assert "check-photo.js" not in page and "exifr" not in page, path


def test_the_vendored_reader_matches_its_published_checksum():
    listed = (ROOT / "static/vendor/README.md").read_text()
    digest = hashlib.sha256((ROOT / "static/vendor/exifr-7.1.3/mini.umd.js").read_bytes()).hexdigest()
    assert f"`{digest}`" in listed and "exifr@7.1.3/dist/mini.umd.js" in listed
    assert "MIT License" in (ROOT / "static/vendor/exifr-7.1.3/LICENSE").read_text()


def test_the_lessons_on_details_and_sharing_lead_to_it(client):
    for slug in ("details-that-identify", "sharing-safely"):
        assert 'href="/check-photo"' in client.get(f"/lessons/{slug}").get_data(as_text=True), slug


def test_the_handout_carries_a_second_qr_code_for_it(client):
    page = client.get("/handout", base_url="https://school.example").get_data(as_text=True)
    assert 'aria-label="QR code: https://school.example/"' in page
    assert 'aria-label="QR code to check a photo: https://school.example/check-photo"' in page


def test_the_kiosk_offers_it_on_the_continue_on_your_phone_screen(client):
    page = client.get("/kiosk").get_data(as_text=True)
    assert (
        "Continue on your phone" in page
        and 'aria-label="QR code to check a photo: http://localhost/check-photo"' in page
    )


def test_the_plan_gains_a_check_a_photo_step_with_a_link(client):
    assert "Check a photo now" not in client.get("/me/plan").get_data(as_text=True)
    post_form(client, "/lessons/details-that-identify", {}, action="/lessons/details-that-identify/done")
    page = client.get("/me/plan").get_data(as_text=True)
    assert "Check a photo before I post it" in page and 'href="/check-photo">Check a photo now</a>' in page
