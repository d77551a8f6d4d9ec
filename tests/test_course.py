"""The course itself: six lessons, readable, sourced, with a video block and a take-home handout."""

from __future__ import annotations

import re
import statistics
from html import unescape

import pytest
import textstat

from course import create_app
from course.content.translation import is_translation
from course.lessons.video import VideoConfigError, external_player

from .conftest import ROOT, TEST_SECRET_KEY, make_app

YOUTUBE = "https://www.youtube.com/watch?v=abcDEF12345"


def plain_text(html: str) -> str:
    text = re.sub(r'<a class="cite"[^>]*>\[S\d+b?\]</a>', "", html)
    return unescape(re.sub(r"<[^>]+>", " ", text))


def test_home_links_six_lessons_that_take_about_half_an_hour(client, app):
    catalog = app.extensions["course_catalog"]
    page = client.get("/").get_data(as_text=True)
    assert len(catalog.lessons) == 6
    for lesson in catalog.lessons:
        assert f'href="/lessons/{lesson.slug}"' in page
    assert 25 <= catalog.lessons.total_minutes <= 35


def test_lessons_read_at_grade_eight_or_below(app):
    grades = [
        textstat.flesch_kincaid_grade(plain_text(lesson.html)) for lesson in app.extensions["course_catalog"].lessons
    ]
    assert statistics.median(grades) <= 8.5, grades
    assert max(grades) <= 9.5, grades


def test_every_lesson_cites_sources_that_the_sources_page_lists(client, app):
    sources_page = client.get("/sources").get_data(as_text=True)
    for lesson in app.extensions["course_catalog"].lessons:
        assert lesson.sources
        page = client.get(f"/lessons/{lesson.slug}").get_data(as_text=True)
        for source_id in lesson.sources:
            assert f'href="/sources#{source_id}"' in page
            assert f'id="{source_id}"' in sources_page
    assert len(re.findall(r'class="sources__id"', sources_page)) >= 10


def test_citations_are_one_numbered_superscript_per_sentence_leading_to_the_lessons_foot(client, app):
    for lesson in app.extensions["course_catalog"].lessons:
        page = client.get(f"/lessons/{lesson.slug}").get_data(as_text=True)
        body = page.split('class="prose"', 1)[1].split('class="lesson__sources"', 1)[0]
        assert "[S" not in body and "</sup> <sup" not in body and "</sup><sup" not in body
        numbers = [int(n) for n in re.findall(r'<span class="visually-hidden">source </span>(\d+)</a>', body)]
        assert numbers and sorted(set(numbers)) == list(range(1, len(lesson.notes) + 1))
        for source_id in lesson.notes:
            assert f'href="#source-{source_id}"' in body and f'<li id="source-{source_id}">' in page
        for before, after in re.findall(r'(.)<sup class="cite">.*?</sup>(.{0,2})', body):
            assert before in '.!?:\u201d")' or after.startswith("</"), (before, after)  # at a sentence's end


def test_each_lesson_opens_with_an_illustration_and_ends_with_what_comes_next(client, app):
    for lesson in app.extensions["course_catalog"].lessons[1:]:
        page = client.get(f"/lessons/{lesson.slug}").get_data(as_text=True).replace("&#39;", "'")
        assert f'src="/static/illustrations/{lesson.illustration}" alt="{lesson.illustration_alt}' in page
        assert "What's next" in page and "Check your understanding with Check" not in page
        assert f'href="/quizzes/{lesson.quiz}"' in page


def test_sources_page_groups_sources_and_links_them_out(client):
    page = client.get("/sources").get_data(as_text=True)
    assert "The Kids for Privacy campaign" in page and "Research and surveys" in page
    assert 'href="https://www.thedrum.com/' in page


def test_without_a_video_the_lesson_shows_the_storyboard_and_no_player(client):
    response = client.get("/lessons/why-this-campaign")
    page = response.get_data(as_text=True)
    assert "campaign-storyboard.svg" in page and "Privacy Please" in page
    assert "<iframe" not in page and "youtube" not in page.lower()
    assert "frame-src" not in response.headers["Content-Security-Policy"]


@pytest.fixture
def video_app(tmp_path):
    return make_app(tmp_path, CAMPAIGN_VIDEO_URL=YOUTUBE)


def test_an_external_video_sits_behind_a_click_to_load_facade(video_app):
    response = video_app.test_client().get("/lessons/why-this-campaign")
    page = response.get_data(as_text=True)
    assert "<iframe" not in page
    assert "Playing it connects your device to YouTube" in page
    assert 'href="/lessons/why-this-campaign?video=play#video-title"' in page
    assert 'href="https://www.youtube.com/watch?v=abcDEF12345"' in page
    assert "frame-src https://www.youtube-nocookie.com" in response.headers["Content-Security-Policy"]


def test_the_play_link_works_without_javascript(video_app):
    page = video_app.test_client().get("/lessons/why-this-campaign?video=play").get_data(as_text=True)
    assert '<iframe src="https://www.youtube-nocookie.com/embed/abcDEF12345?autoplay=1&amp;rel=0"' in page


def test_other_lessons_never_load_the_video_script(video_app):
    page = video_app.test_client().get("/lessons/who-can-see").get_data(as_text=True)
    assert "video.js" not in page and "youtube" not in page.lower()


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://youtu.be/abcDEF12345", "https://www.youtube-nocookie.com/embed/abcDEF12345?autoplay=1&rel=0"),
        (
            "https://www.youtube-nocookie.com/embed/abcDEF12345",
            "https://www.youtube-nocookie.com/embed/abcDEF12345?autoplay=1&rel=0",
        ),
        ("https://vimeo.com/123456789", "https://player.vimeo.com/video/123456789?dnt=1"),
    ],
)
def test_youtube_and_vimeo_addresses_become_privacy_enhanced_players(url, embed):
    assert external_player(url).embed_url == embed


@pytest.mark.parametrize(
    "url",
    ["http://www.youtube.com/watch?v=abcDEF12345", "https://evil.example/video.mp4", "https://vimeo.com/not-a-number"],
)
def test_other_video_addresses_are_refused(url):
    with pytest.raises(VideoConfigError):
        external_player(url)


def test_an_unsupported_video_setting_stops_the_app_with_a_clear_message(tmp_path):
    with pytest.raises(VideoConfigError, match="only YouTube and Vimeo"):
        create_app(
            {
                "SECRET_KEY": TEST_SECRET_KEY,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/v.db",
                "CAMPAIGN_VIDEO_URL": "https://evil.example/v",
            }
        )


def test_handout_has_the_four_questions_steps_and_a_local_qr_code(client):
    response = client.get("/handout")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for question in ("Why am I sharing this?", "Would I want predators to view and download it?"):
        assert question in page
    assert "Turn off location" in page and "Take It Down" in page
    assert '<svg role="img" aria-label="QR code: http://localhost/"' in page
    assert "<img" not in page.split('class="handout__qr"')[1].split("</figure>")[0]


def test_handout_qr_points_at_the_course_on_this_server(client):
    page = client.get("/handout", base_url="https://school.example").get_data(as_text=True)
    assert "https://school.example/" in page


def test_lessons_guide_consent_by_age_and_speak_of_ai_misuse_calmly(client, app):
    consent = client.get("/lessons/their-story-their-say").get_data(as_text=True)
    for stage in ("Asking at every age", "Toddlers and preschoolers.", "School age.", "Tweens.", "Teens."):
        assert stage in consent
    audience = client.get("/lessons/who-can-see").get_data(as_text=True)
    assert "Faces, AI and why audience matters" in audience and "This is not a reason to stop sharing." in audience
    everything = " ".join(lesson.html for lesson in app.extensions["course_catalog"].lessons)
    for scare_figure in ("1,325%", "6,000%", "440,419", "67,000"):  # NCMEC report counts, never used bare
        assert scare_figure not in everything


FIGURE = re.compile(
    r"(?<![\w.-])(?:[£€$]\s?\d[\d,.]*(?:\s(?:million|billion))?|\d[\d,.]*\s?%|\d+ (?:in|out of) \d+"
    r"|\d{1,3}(?:,\d{3})+(?:\s(?:million|billion))?|\d+(?:\.\d+)? (?:million|billion))(?![\w-])",
    re.IGNORECASE,
)
CONTENT_FILES = sorted(
    (
        path
        for path in [*ROOT.glob("lessons/*.md"), *ROOT.glob("lessons/if-*.yaml"), *ROOT.glob("quizzes/**/*.yaml")]
        if not is_translation(path)
    ),
    key=lambda path: str(path),
)


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_figure_comes_from_a_source_the_same_file_cites(path, app):
    """A percentage, a count or an "N in M" is quoted only as the fact file gives it, for a source cited here."""
    sources = app.extensions["course_catalog"].sources
    text = path.read_text()
    cited = set(re.findall(r"\bS\d{1,3}b?\b", text))
    allowed = {figure for source_id in cited if source_id in sources for figure in sources[source_id].figures}
    unsourced = sorted({match[0] for match in FIGURE.finditer(text)} - allowed)
    assert not unsourced, f"figures not given by a source this file cites: {', '.join(unsourced)}"
