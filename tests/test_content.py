"""The content pipeline: shipped content is valid; every broken file is named with its line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course import create_app
from course.content import ContentError, ContentPaths
from course.content.render import group_citations, render_markdown
from course.features import load_course as load_catalog

from .conftest import ROOT, TEST_SECRET_KEY


def paths_for(root: Path) -> ContentPaths:
    return ContentPaths(lessons=root / "lessons", quizzes=root / "quizzes", static=root / "static")


@pytest.fixture
def content(tmp_path: Path, fixture_content: Path) -> Path:
    """A writable copy of the valid fixture content."""
    target = tmp_path / "content"
    shutil.copytree(fixture_content / "valid", target)
    return target


def problems_of(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_catalog(paths_for(root))
    return [str(problem) for problem in caught.value.problems]


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_shipped_course_loads_in_outline_order_with_every_lesson_block(app):
    catalog = app.extensions["course_catalog"]
    assert [lesson.number for lesson in catalog.lessons] == sorted(lesson.number for lesson in catalog.lessons)
    assert catalog.lessons[0].slug == "why-this-campaign"
    for lesson in catalog.lessons:
        for block in ("key-points", "try-this", "reflect"):
            assert f'class="admonition {block}"' in lesson.html, (lesson.slug, block)


def test_valid_fixture_builds_an_immutable_catalog(content):
    catalog = load_catalog(paths_for(content))
    assert [lesson.slug for lesson in catalog.lessons] == ["first-steps", "second-look"]
    assert catalog.lessons.total_minutes == 7
    assert len(catalog.lessons[0].content_hash) == 16
    assert {group.title for group in catalog.cited_source_groups()} == {"Research", "Advice"}
    cited = [source.id for group in catalog.cited_source_groups() for source in group.sources]
    assert "S3" not in cited
    with pytest.raises(TypeError):
        catalog.sources["S9"] = None


def test_editing_a_lesson_changes_its_content_hash(content):
    before = load_catalog(paths_for(content)).lessons.get("first-steps").content_hash
    replace_in(content / "lessons/01-first-steps.md", "An introduction.", "A new introduction.")
    assert load_catalog(paths_for(content)).lessons.get("first-steps").content_hash != before


def test_broken_yaml_names_the_file_and_line(content):
    replace_in(content / "lessons/01-first-steps.md", "minutes: 3", "minutes: [3")
    problems = problems_of(content)
    assert any(p.startswith("lessons/01-first-steps.md:") and "YAML syntax error" in p for p in problems)


def test_unknown_key_and_bad_value_point_at_their_lines(content):
    replace_in(content / "lessons/02-second-look.md", "minutes: 4", "minutes: soon\ncolour: blue")
    problems = problems_of(content)
    assert any(p.startswith("lessons/02-second-look.md:4: minutes:") for p in problems), problems
    assert any(p.startswith("lessons/02-second-look.md:5: colour:") for p in problems), problems


def test_missing_required_field_is_reported(content):
    replace_in(content / "lessons/02-second-look.md", "summary: The second fixture lesson.\n", "")
    assert any("summary: Field required" in p for p in problems_of(content))


def test_unknown_source_id_points_at_the_list_entry(content):
    replace_in(content / "lessons/02-second-look.md", "sources: [S1, S2]", "sources:\n  - S1\n  - S2\n  - S42")
    assert "lessons/02-second-look.md:8: unknown source 'S42' (not in lessons/sources.yaml)" in problems_of(content)


def test_citation_missing_from_front_matter_points_at_the_body_line(content):
    replace_in(content / "lessons/02-second-look.md", "and [S2].", "and [S2].\n\nAlso [S3].")
    assert "lessons/02-second-look.md:9: [S3] is cited but missing from the front matter 'sources'" in problems_of(
        content
    )


def test_outline_and_files_must_agree(content):
    (content / "lessons/02-second-look.md").rename(content / "lessons/02-renamed.md")
    problems = problems_of(content)
    assert "lessons/course.yaml:5: lesson 'second-look' has no file lessons/NN-second-look.md" in problems
    assert any("lesson 'renamed' is not listed" in p for p in problems)


def test_missing_storyboard_and_unknown_video_are_reported(content):
    (content / "static/illustrations/demo-storyboard.svg").unlink()
    replace_in(content / "lessons/02-second-look.md", "minutes: 4", "minutes: 4\nvideo: nope")
    problems = problems_of(content)
    assert any("course.yaml:10: storyboard demo-storyboard.svg" in p for p in problems), problems
    assert any("02-second-look.md:5: unknown video 'nope'" in p for p in problems), problems


def test_every_problem_in_every_file_is_reported_together(fixture_content):
    problems = problems_of(fixture_content / "broken")
    files = {problem.split(":")[0] for problem in problems}
    assert files == {
        "lessons/01-good-lesson.md",
        "lessons/02-bad-yaml.md",
        "lessons/03-extra.md",
        "lessons/course.yaml",
    }
    assert "lessons/01-good-lesson.md:5: unknown source 'S99' (not in lessons/sources.yaml)" in problems
    assert "lessons/01-good-lesson.md:6: unknown quiz 'no-such-quiz'" in problems
    assert any(p.startswith("lessons/01-good-lesson.md:10: unknown block '!!! warning'") for p in problems)
    assert "lessons/course.yaml:6: lesson 'missing-file' has no file lessons/NN-missing-file.md" in problems
    assert not any("'bad-yaml' has no file" in p for p in problems)
    assert len(problems) == 8


def test_markdown_is_sanitised_and_citations_link_to_sources():
    html = render_markdown("Hi <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> [S4]\n")
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html
    assert '<a class="cite" href="/sources#S4"' in html and ">[S4]</a>" in html


def test_app_refuses_to_start_on_broken_content(tmp_path, fixture_content):
    with pytest.raises(ContentError) as caught:
        create_app(
            {
                "SECRET_KEY": TEST_SECRET_KEY,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db",
                "CONTENT_PATHS": paths_for(fixture_content / "broken"),
            }
        )
    assert "lessons/02-bad-yaml.md:4: YAML syntax error" in str(caught.value)


def run_check(lessons_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "LESSONS_DIR": str(lessons_dir), "SECRET_KEY": TEST_SECRET_KEY, "DATABASE_URL": "sqlite://"}
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "course", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_course_check_command_passes_on_shipped_content():
    result = run_check(ROOT / "lessons")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Content OK: 6 lessons, ")


def test_course_check_command_lists_every_problem_and_exits_1(fixture_content):
    result = run_check(fixture_content / "broken" / "lessons")
    assert result.returncode == 1
    assert "lessons/02-bad-yaml.md:4: YAML syntax error" in result.stderr
    assert "flow sequence that starts on line 3" in result.stderr
    assert "lessons/01-good-lesson.md:5: unknown source 'S99'" in result.stderr
    assert "problem(s) found" in result.stderr


def test_video_settings_are_checked(content):
    replace_in(
        content / "lessons/course.yaml",
        "    storyboard_alt: A storyboard used by the tests.",
        "    storyboard_alt: A storyboard used by the tests.\n    url: https://evil.example/v\n    file: missing.mp4",
    )
    problems = problems_of(content)
    assert any("course.yaml:12: only YouTube and Vimeo videos are supported" in p for p in problems), problems
    assert "lessons/course.yaml:13: file missing.mp4 is not in static/media" in problems
    assert any("course.yaml:13: a self-hosted video needs a captions track" in p for p in problems)


def test_the_handout_is_checked_like_a_lesson(content):
    (content / "lessons/handout.md").write_text(
        "---\ntitle: Checklist\nsummary: One page.\nsources: [S1]\n---\n- Cite [S2] only.\n"
    )
    problems = problems_of(content)
    assert "lessons/handout.md:4: source 'S1' is listed but never cited in the text" in problems
    assert "lessons/handout.md:6: [S2] is cited but missing from the front matter 'sources'" in problems


def test_an_unknown_risk_factor_is_named_at_its_line(content):
    replace_in(content / "quizzes/scenarios/tub.yaml", "    factor: hashtag", "    factor: sparkles")
    problems = problems_of(content)
    assert any(
        p.startswith("quizzes/scenarios/tub.yaml:22: details.1.factor: Input should be 'undress'") for p in problems
    ), problems


def test_scenario_problems_name_their_file_and_line(content):
    scenario = content / "quizzes/scenarios/tub.yaml"
    replace_in(scenario, "scene: tub.svg", "scene: missing.svg")
    replace_in(scenario, "    removes: [place]", "    removes: [duck]")
    replace_in(scenario, '    name: "#bathtime"', "    name: The #bathtime tag")
    problems = problems_of(content)
    assert "quizzes/scenarios/tub.yaml:4: scene missing.svg is not in static/illustrations/scenes" in problems
    assert "quizzes/scenarios/tub.yaml:66: fix 'no-place' neutralises no risk factor" in problems
    assert any(p.startswith("quizzes/scenarios/tub.yaml:66: a remove-location fix cannot remove") for p in problems)
    assert any(p.startswith("quizzes/scenarios/tub.yaml:21: ' #' starts a YAML comment") for p in problems)


def test_feedback_written_for_a_grade_the_model_does_not_give_fails_the_check(content):
    replace_in(content / "quizzes/scenarios/tub.yaml", "  edit:\n    grade: careful", "  edit:\n    grade: risky")
    problems = problems_of(content)
    assert any(
        p.startswith("quizzes/scenarios/tub.yaml:")
        and "the feedback for 'edit' is written as risky, but the risk model grades it careful" in p
        for p in problems
    ), problems


def test_feedback_that_says_yes_to_a_choice_that_is_not_careful_fails_the_check(content):
    replace_in(
        content / "quizzes/scenarios/tub.yaml",
        "    text: That's safe, and a crop would let you share it.",
        "    text: Yes, keep it in the album.",
    )
    message = "the feedback for 'offline' opens like a careful answer's, but it is graded also-fine"
    assert any(message in p for p in problems_of(content))


def test_changing_who_sees_a_post_without_rewriting_its_feedback_fails_the_check(content):
    replace_in(content / "quizzes/scenarios/tub.yaml", "  audience: public", "  audience: private-message")
    replace_in(content / "quizzes/scenarios/tub.yaml", "    factor: undress", "    factor: distress")
    problems = problems_of(content)
    message = "the feedback for 'post' is written as risky, but the risk model grades it careful"
    assert any(message in p for p in problems), problems


def test_two_posts_alike_in_factors_audience_and_fixes_must_be_graded_alike(content):
    scenarios = content / "quizzes/scenarios"
    original = (scenarios / "tub.yaml").read_text()
    twin = original.replace("  offline:\n    grade: also-fine", "  offline:\n    grade: careful")
    (scenarios / "tub-again.yaml").write_text(twin)
    problems = problems_of(content)
    assert any(
        p.startswith("quizzes/scenarios/tub-again.yaml:")
        and "graded differently from 'tub', which has the same risk factors, audience and fixes" in p
        for p in problems
    ), problems


def test_a_picture_detail_needs_its_layer_in_the_scene(content):
    replace_in(content / "quizzes/scenarios/tub.yaml", "  - id: duck", "  - id: goose")
    replace_in(content / "quizzes/scenarios/tub.yaml", "removes: [tub]", "removes: [tub]")
    problems = problems_of(content)
    assert any('has no layer id="d-goose"' in p for p in problems), problems


def test_lessons_may_only_list_existing_scenarios(content):
    replace_in(content / "lessons/01-first-steps.md", "sources: [S1]", "sources: [S1]\nscenarios: [tub, nope]")
    assert "lessons/01-first-steps.md:7: unknown scenario 'nope'" in problems_of(content)


@pytest.mark.parametrize(
    ("inserted", "named"),
    [
        ("<script>alert(1)</script>", "<script>"),
        ("<style>rect{fill:red}</style>", "<style>"),
        ('<animate attributeName="x" to="9"/>', "<animate>"),
        ('<foreignObject width="9" height="9"/>', "<foreignObject>"),
        ('<image href="https://example.org/child.jpg"/>', "<image>"),
        ('<rect width="9" height="9" onclick="steal()"/>', "'onclick'"),
        ('<use href="https://example.org/x.svg#a"/>', "links outside the drawing"),
        ('<rect width="9" height="9" fill="url(https://example.org/p)"/>', "refers outside the drawing"),
    ],
)
def test_scene_svgs_are_held_to_an_allow_list(content, inserted, named):
    scene = content / "static/illustrations/scenes/tub.svg"
    replace_in(scene, "</svg>", inserted + "</svg>")
    problems = problems_of(content)
    assert any(p.startswith("quizzes/scenarios/tub.yaml:") and "scene tub.svg" in p and named in p for p in problems)


def test_local_references_and_shapes_pass_the_allow_list(content):
    scene = content / "static/illustrations/scenes/tub.svg"
    local = '<defs><clipPath id="c"><rect width="9" height="9"/></clipPath></defs><use href="#c" clip-path="url(#c)"/>'
    replace_in(scene, "</svg>", local + "</svg>")
    assert load_catalog(paths_for(content)).scenarios["tub"].scene_svg.count("url(#c)") == 1


DECK = """title: A tiny workshop
summary: Two items to test the deck schema.
minutes: 5
items:
  - id: welcome
    kind: slide
    title: Welcome
    body: Hello.
{extra}  - id: tub-live
    kind: scenario
    title: The tub
    scenario: tub
"""


def test_a_deck_builds_its_items_by_kind(content):
    (content / "quizzes/plans").mkdir()
    (content / "quizzes/plans/tiny.yaml").write_text(DECK.format(extra=""))
    deck = load_catalog(paths_for(content)).decks["tiny"]
    assert [item.kind for item in deck.items] == ["slide", "scenario"]
    assert deck.items[1].choices and not deck.items[0].choices


@pytest.mark.parametrize(
    "extra",
    [
        "    choices: [{id: a, label: A}, {id: b, label: B}]\n",  # a slide with choices
        "    scenario: tub\n",  # a slide naming a scenario
        "    mode: spot\n",
    ],
)
def test_a_deck_item_may_only_have_the_keys_of_its_kind(content, extra):
    (content / "quizzes/plans").mkdir()
    (content / "quizzes/plans/tiny.yaml").write_text(DECK.format(extra=extra))
    problems = problems_of(content)
    assert any(p.startswith("quizzes/plans/tiny.yaml:") and "Extra inputs are not permitted" in p for p in problems)


@pytest.mark.parametrize(
    ("text", "grouped"),
    [
        ("Ask first [S1][S3]. More [S2].", "Ask first.⟦S1,S3⟧ More.⟦S2⟧"),
        ("Ask first. [S1] [S2] Then share.", "Ask first.⟦S1,S2⟧ Then share."),
        ("It ran [S2] through April [S1].", "It ran through April.⟦S2,S1⟧"),
        ("1. [S1] Ask first.", "1. Ask first.⟦S1⟧"),
        ("## A heading [S4]", "## A heading [S4]"),
        ('"Quoted [S6]." More', '"Quoted."⟦S6⟧ More'),
    ],
)
def test_citations_gather_at_the_end_of_their_sentence(text, grouped):
    assert group_citations(text) == grouped
