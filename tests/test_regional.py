"""One spelling and vocabulary per region: US English by default, British English where REGION uses it."""

from __future__ import annotations

import re

import pytest

from course.content.regional import US_TO_BRITISH, reading_for, regionalise
from course.content.translation import is_translation
from course.extensions import db

from .conftest import ROOT, make_app

US_TOO = {"holiday", "holidays"}  # British for a vacation, and American for a public holiday
BRITISH_ONLY = sorted(set(US_TO_BRITISH.values()) - set(US_TO_BRITISH) - US_TOO)
# A British word standing alone, not inside a slug or a path such as /scenarios/nappy-change.
BRITISH_WORD = re.compile(r"(?<![\w/#-])(" + "|".join(BRITISH_ONLY) + r")(?![\w-])", re.IGNORECASE)
IDS = re.compile(r"^\s*-?\s*(?:id|removes|scene|scenario):.*$", re.MULTILINE)
ENGLISH_AND_SPANISH = [*ROOT.glob("lessons/*.md"), *ROOT.glob("lessons/*.yaml"), *ROOT.glob("quizzes/**/*.yaml")]
CONTENT = [path for path in ENGLISH_AND_SPANISH if not is_translation(path)]  # the Spanish has its own words
INTERFACE = [*ROOT.glob("templates/**/*.html")]


@pytest.mark.parametrize("path", CONTENT + INTERFACE, ids=lambda path: str(path.relative_to(ROOT)))
def test_the_course_is_written_in_us_english(path):
    text = IDS.sub("", path.read_text())  # ids are not read by parents, and stay stable
    if path.name == "sources.yaml":
        return  # citations stay as published
    found = sorted({match[0].lower() for match in BRITISH_WORD.finditer(text)})
    assert not found, f"British words in {path.name}: {', '.join(found)} (write US English; REGION=uk swaps them)"


def test_british_regions_read_british_words_with_their_case():
    with reading_for("uk"):
        assert regionalise("Diapers, a stroller and Mom's favorite sweater.") == (
            "Nappies, a pushchair and Mum's favourite jumper."
        )
        assert regionalise("COLOR") == "COLOUR"
        assert regionalise("Blur the license plate.") == "Blur the number plate."
    with reading_for("us"):
        assert regionalise("a diaper") == "a diaper"
    assert regionalise("a diaper") == "a diaper"  # outside loading, nothing changes


def test_slugs_tags_and_addresses_keep_their_words():
    with reading_for("uk"):
        assert regionalise("/lessons/color-guide #momlife mom-and-me") == "/lessons/color-guide #momlife mom-and-me"


def page_in(tmp_path, region: str, path: str) -> str:
    (tmp_path / region).mkdir()
    app = make_app(tmp_path / region, REGION=region)
    with app.app_context():
        db.create_all()
    return app.test_client().get(path).get_data(as_text=True)


def test_a_uk_clinic_reads_the_course_in_british_english(tmp_path, postgres_schema):
    page = page_in(tmp_path, "uk", "/scenarios/nappy-change")
    assert re.search(r"\bnapp(y|ies)\b", page, re.IGNORECASE) and not re.search(r"\bdiapers?\b", page, re.I)
    page = page_in(tmp_path, "us", "/scenarios/nappy-change")
    assert re.search(r"\bdiapers?\b", page, re.IGNORECASE)
    assert not re.search(r"(?<![/-])\bnapp(y|ies)\b(?!-)", page, re.IGNORECASE)
