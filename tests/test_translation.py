"""Content in another language: a translation beside each English file, held to the English file's structure."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course.content import ContentError, ContentPaths
from course.content.files import content_hash
from course.content.translation import reading_language
from course.features import load_course


def paths_for(root: Path) -> ContentPaths:
    return ContentPaths(lessons=root / "lessons", quizzes=root / "quizzes", static=root / "static")


@pytest.fixture
def content(tmp_path: Path, fixture_content: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(fixture_content / "valid", target)
    return target


def made_from(english: Path) -> str:
    return content_hash(english.read_bytes())


def translate_lesson(content: Path, **changes: str) -> Path:
    english = content / "lessons/01-first-steps.md"
    text = english.read_text()
    spanish = (
        text.replace("---\n", f"---\ntranslated_from: {made_from(english)}\n", 1)
        .replace("title: First steps", "title: Primeros pasos")
        .replace("An introduction.", "Una introducción.")
        .replace("## A section", "## Una sección")
        .replace("A fact with its source [S1].", "Un dato con su fuente [S1].")
        .replace('"Key points"', '"Puntos clave"')
    )
    for old, new in changes.items():
        spanish = spanish.replace(old, new)
    path = content / "lessons/01-first-steps.es.md"
    path.write_text(spanish)
    return path


def translate_quiz(content: Path, old: str = "", new: str = "") -> Path:
    english = content / "quizzes/first-steps-check.yaml"
    spanish = f"translated_from: {made_from(english)}\n" + english.read_text().replace(
        "prompt: Which one is right?", "prompt: ¿Cuál es la correcta?"
    ).replace("label: The right one", "label: La correcta")
    path = content / "quizzes/first-steps-check.es.yaml"
    path.write_text(spanish.replace(old, new) if old else spanish)
    return path


def load_in(content: Path, language: str):
    with reading_language(language) as report:
        return load_course(paths_for(content)), report


def problems_in(content: Path, language: str = "es") -> list[str]:
    with pytest.raises(ContentError) as caught, reading_language(language):
        load_course(paths_for(content))
    return [str(problem) for problem in caught.value.problems]


def test_a_translation_replaces_the_english_and_the_rest_falls_back(content):
    translate_lesson(content)
    translate_quiz(content)
    catalog, report = load_in(content, "es")
    first, second = catalog.lessons
    assert first.title == "Primeros pasos" and "Una introducción." in first.html
    assert second.title == "Second look", "not translated: the English is shown"
    assert catalog.quizzes["first-steps-check"].spec.questions[0].prompt == "¿Cuál es la correcta?"
    assert content / "lessons/02-second-look.md" in report.missing
    assert content / "lessons/01-first-steps.md" in report.translated and not report.stale
    english, _ = load_in(content, "en")
    assert english.lessons[0].title == "First steps", "the English catalog never reads a translation"


def test_translation_files_are_not_taken_for_english_ones(content):
    translate_lesson(content)
    translate_quiz(content)
    catalog, _ = load_in(content, "en")
    assert [lesson.slug for lesson in catalog.lessons] == ["first-steps", "second-look"]
    assert "first-steps-check.es" not in catalog.quizzes


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"video: demo": "video: demostracion"}, "'demo' is an identifier: keep it as in English"),
        ({"sources: [S1]": "sources: [S1, S2]"}, "sources: the English has 1 items here"),
        ({"minutes: 3": "minutes: 4"}, "minutes: 4 differs from the English 3"),
        ({"Un dato con su fuente [S1].": "Un dato."}, "the text cites other sources than the English"),
        ({"## Una sección": "Una sección"}, "a different number of headings"),
        ({"quiz: first-steps-check\n": "quiz: first-steps-check\nextra: 1\n"}, "keys differ from the English"),
    ],
)
def test_a_translation_that_differs_in_structure_is_refused_naming_its_file(content, change, message):
    translate_lesson(content, **change)
    problems = problems_in(content)
    assert any("01-first-steps.es.md" in problem and message in problem for problem in problems), problems


def test_a_translation_must_say_what_it_was_made_from(content):
    path = translate_quiz(content)
    path.write_text("\n".join(path.read_text().splitlines()[1:]) + "\n")
    assert any("first-steps-check.es.yaml:1" in p and "translated_from" in p for p in problems_in(content))


def test_a_translation_of_an_older_english_file_is_stale_not_broken(content):
    translate_lesson(content)
    english = content / "lessons/01-first-steps.md"
    english.write_text(english.read_text().replace("An introduction.", "A warmer introduction."))
    catalog, report = load_in(content, "es")
    assert report.stale == {english}
    assert catalog.lessons[0].title == "Primeros pasos", "the Spanish is still shown, with a note"


def test_the_choice_ids_a_tally_counts_are_the_same_in_every_language(content):
    translate_quiz(content, "id: right", "id: correcta")
    assert any("'right' is an identifier" in problem for problem in problems_in(content))


def test_sources_readable_in_spanish_are_flagged_on_the_sources_page(content, tmp_path):
    from .conftest import make_app

    sources = content / "lessons/sources.yaml"
    text = sources.read_text().replace(
        "    citation: A study, 2020.\n", "    citation: A study, 2020.\n    languages: [en, es]\n"
    )
    sources.write_text(text)
    app = make_app(tmp_path, CONTENT_PATHS=paths_for(content))
    page = app.test_client().get("/sources").get_data(as_text=True)
    flagged = page.split('id="S1"', 1)[1].split("</li>", 1)[0]
    assert "Available in Spanish" in flagged
    assert "Available in Spanish" not in page.split('id="S2"', 1)[1].split("</li>", 1)[0]
    spanish = app.test_client().get("/sources?lang=es").get_data(as_text=True)
    assert "Disponible en español" in spanish or "en español" in spanish.lower()


def test_a_stale_translation_is_shown_with_a_note_and_a_missing_one_in_english(content, tmp_path):
    from .conftest import make_app

    translate_lesson(content)
    english = content / "lessons/01-first-steps.md"
    english.write_text(english.read_text().replace("An introduction.", "A warmer introduction."))
    client = make_app(tmp_path, CONTENT_PATHS=paths_for(content)).test_client()
    client.get("/?lang=es")
    stale = client.get("/lessons/first-steps").get_data(as_text=True)
    assert "Primeros pasos" in stale and 'class="translation-note"' in stale
    missing = client.get("/lessons/second-look").get_data(as_text=True)
    assert '<article class="lesson" aria-labelledby="lesson-title" lang="en">' in missing
    assert 'class="translation-note"' in missing and '<html lang="es">' in missing
