"""Spanish beside English: chosen without an account, remembered, the whole course and interface in Spanish."""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
from html import unescape

import pytest
import textstat
from babel.messages.pofile import read_po

from course.extensions import db
from course.models import User

from .conftest import ROOT, post_form

SPANISH = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    # Sources keep the titles they were published under.
    html = re.sub(r'<li id="source-S\d+[a-z]?">.*?</li>|<span class="sources__text">.*?</span>', " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_the_first_visit_follows_the_browsers_language(client):
    spanish = client.get("/", headers=SPANISH).get_data(as_text=True)
    assert ('<html lang="es">' in spanish and "Lecciones" in spanish) or "lección" in spanish.lower()
    english = client.get("/", headers={"Accept-Language": "en-US"}).get_data(as_text=True)
    assert '<html lang="en">' in english


def test_the_switch_and_lang_links_set_a_cookie_and_keep_the_address(client):
    page = client.get("/lessons/why-this-campaign").get_data(as_text=True)
    assert 'href="/lessons/why-this-campaign?lang=es" hreflang="es" lang="es">Español</a>' in page
    assert '<link rel="alternate" hreflang="es" href="/lessons/why-this-campaign?lang=es">' in page
    switched = client.get("/lessons/why-this-campaign?lang=es")
    assert "lang=es" in switched.headers["Set-Cookie"] and '<html lang="es">' in switched.get_data(as_text=True)
    again = client.get("/lessons/why-this-campaign").get_data(as_text=True)
    assert '<html lang="es">' in again and "Por qué existe esta campaña" in again
    assert '<html lang="en">' in client.get("/?lang=en").get_data(as_text=True)
    assert "Accept-Language" in switched.headers["Vary"] and "Cookie" in switched.headers["Vary"]


def test_an_account_remembers_its_language_on_another_device(client, auth, app):
    auth.create()
    auth.login()
    client.get("/?lang=es")
    with app.app_context():
        assert db.session.scalar(db.select(User.language).where(User.username == "parent1")) == "es"
    other = app.test_client()
    post_form(other, "/login", {"username": "parent1", "password": "maple otter lantern 42"})
    assert '<html lang="es">' in other.get("/").get_data(as_text=True)


def test_content_is_spanish_where_translated_and_the_ids_are_the_same(app):
    english, spanish = app.extensions["course_catalogs"]["en"], app.extensions["course_catalogs"]["es"]
    assert [lesson.slug for lesson in spanish.lessons] == [lesson.slug for lesson in english.lessons]
    assert spanish.lessons[0].title != english.lessons[0].title
    for slug, scenario in english.scenarios.items():
        translated = spanish.scenarios[slug]
        assert [d.id for d in translated.spec.details] == [d.id for d in scenario.spec.details]
        assert translated.spec.title != scenario.spec.title, slug
    for slug, deck in english.decks.items():
        assert [i.id for i in spanish.decks[slug].items] == [i.id for i in deck.items]
        for mine, theirs in zip(spanish.decks[slug].items, deck.items, strict=True):
            assert [c.id for c in mine.choices] == [c.id for c in theirs.choices]


def test_every_content_file_is_translated_and_up_to_date(app):
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "course", "translations"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"PATH": "", "SECRET_KEY": "x" * 40, "DATABASE_URL": "sqlite://"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "0 missing (shown in English), 0 stale" in result.stdout, result.stdout


def spanish_plain(html: str) -> str:
    return visible_text(re.sub(r'<a class="cite"[^>]*>.*?</a>', "", html))


def test_the_spanish_reads_at_about_grade_six_to_eight(app):
    textstat.set_lang("es")
    try:
        spanish = app.extensions["course_catalogs"]["es"]
        scores = [textstat.fernandez_huerta(spanish_plain(lesson.html)) for lesson in spanish.lessons]
    finally:
        textstat.set_lang("en_US")
    # Fernández-Huerta: 70-80 is "fairly easy" (about grade 7), 80-90 "easy" (grade 6).
    assert statistics.median(scores) >= 70 and min(scores) >= 65, scores


def test_every_interface_string_has_a_spanish_translation(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "lazy_gettext",
         "-k", "_l", "-k", "N_", "-k", "t", "--no-location", "-o", str(template), "."],
        cwd=ROOT, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    with template.open("rb") as handle:
        wanted = {message.id for message in read_po(handle) if message.id}
    with (ROOT / "translations/es/LC_MESSAGES/messages.po").open("rb") as handle:
        catalogue = {message.id: message for message in read_po(handle) if message.id}
    missing = sorted(str(m) for m in wanted if m not in catalogue)
    empty = sorted(str(m) for m in wanted if m in catalogue and not _translated(catalogue[m]))
    fuzzy = sorted(str(m) for m in wanted if m in catalogue and catalogue[m].fuzzy)
    assert missing == [] and empty == [] and fuzzy == [], (missing[:10], empty[:10], fuzzy[:10])


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(strings)


@pytest.fixture
def english_interface() -> list[str]:
    with (ROOT / "translations/es/LC_MESSAGES/messages.po").open("rb") as handle:
        ids = [message.id for message in read_po(handle) if message.id]
    plain = [visible_text(i if isinstance(i, str) else i[0]) for i in ids]
    return [text.strip() for text in plain if len(text.split()) >= 4 and "%(" not in text]


SPANISH_PAGES = ["/", "/lessons/why-this-campaign", "/lessons/sharing-safely", "/scenarios/",
                 "/scenarios/bath-time-bubbles", "/quizzes/", "/quizzes/final", "/me", "/me/plan", "/me/check/before",
                 "/handout", "/help", "/sources", "/privacy", "/join", "/login", "/signup", "/check-photo",
                 "/facilitator-guide", "/kiosk"]  # fmt: skip


@pytest.mark.parametrize("path", SPANISH_PAGES)
def test_every_page_in_spanish_says_so_and_shows_no_english_sentence(client, path, english_interface):
    client.get("/?lang=es")
    response = client.get(path)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and '<html lang="es">' in page
    text = visible_text(page)
    leftovers = [sentence for sentence in english_interface if sentence in text]
    assert leftovers == [], leftovers[:5]


def test_the_workshop_pages_in_spanish_say_so_and_show_no_english_sentence(facilitator, app, english_interface):
    from .test_live import control, start

    facilitator.get("/?lang=es")
    code = start(facilitator)
    control(facilitator, code, "start")
    device = app.test_client()
    device.get("/?lang=es")
    room = post_form(device, f"/join/{code}", {"code": code}, action="/join")
    kiosk = app.test_client()
    kiosk.get("/kiosk?lang=es")
    pages = {
        "console": facilitator.get(f"/facilitate/{code}"),
        "screen": facilitator.get(f"/facilitate/{code}/screen"),
        "report": facilitator.get(f"/facilitate/{code}/report"),
        "debrief": facilitator.get(f"/facilitate/{code}/debrief"),
        "home": facilitator.get("/facilitate/"),
        "room": room,
        "kiosk item": kiosk.get("/kiosk/waiting-room-10/1"),
        "password": facilitator.get("/account/password"),
    }
    for name, response in pages.items():
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and '<html lang="es">' in page, name
        leftovers = [sentence for sentence in english_interface if sentence in visible_text(page)]
        assert leftovers == [], (name, leftovers[:5])
