"""Read every content file, validate it, cross-check references, and build the catalog."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from .catalog import Catalog, Lesson, Page, Source
from .files import MarkdownDoc, YamlDoc, check_citations, read_markdown, read_yaml
from .plans import build_plan, check_plan_references, load_plan_docs
from .problems import Problems
from .quiz_schema import PlanFile, QuizFile
from .quizzes import load_quizzes, load_self_check
from .render import LESSON_BLOCKS, block_kinds, render_markdown
from .scenario_schema import RiskFile, ScenarioFile
from .scenarios import Scenario, load_risk_file, load_scenarios, read_scene
from .schema import CourseOutline, HandoutMeta, LessonMeta, SourcesFile

LESSON_FILE = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
OUTLINE_FILE = "course.yaml"
SOURCES_FILE = "sources.yaml"
HANDOUT_FILE = "handout.md"
PLAN_FILE = "safe-sharing-plan.yaml"


@dataclass(frozen=True)
class ContentPaths:
    lessons: Path
    quizzes: Path
    static: Path

    @property
    def illustrations(self) -> Path:
        return self.static / "illustrations"

    @property
    def media(self) -> Path:
        return self.static / "media"


def load_catalog(paths: ContentPaths) -> Catalog:
    """Build the catalog, or raise ContentError listing every problem found."""
    problems = Problems(root=paths.lessons.parent)
    outline = read_yaml(paths.lessons / OUTLINE_FILE, CourseOutline, problems)
    sources = read_yaml(paths.lessons / SOURCES_FILE, SourcesFile, problems)
    lessons = _load_lessons(paths.lessons, problems)
    handout = _load_handout(paths.lessons / HANDOUT_FILE, problems)
    risk = load_risk_file(paths.quizzes, problems)
    scenario_docs = load_scenarios(paths.quizzes, paths.illustrations, problems)
    scenes = {slug: read_scene(doc, paths.illustrations, problems) for slug, doc in scenario_docs.items()}
    quizzes = load_quizzes(paths.quizzes, paths.illustrations, problems)
    self_check = load_self_check(paths.quizzes, problems)
    plan = load_plan(paths.quizzes, problems)
    plan_docs = load_plan_docs(paths.quizzes, problems)
    known = References(
        lessons=set(outline.data.lessons) if outline else set(lessons),
        sources=set(sources.data.sources) if sources else set(),
        scenarios=set(scenario_docs),
        themes=set(risk.data.themes) if risk else set(),
        quizzes=set(quizzes),
    )
    if outline is not None:
        _check_outline(outline, paths, lessons, known, problems)
    if sources is not None:
        _check_sources(sources, problems)
        for doc in [*lessons.values(), *([handout] if handout else [])]:
            check_citations(doc, doc.meta.sources, known.sources, f"lessons/{SOURCES_FILE}", problems)
    if risk is not None:
        _check_risk_references(risk, known, problems)
    for doc in scenario_docs.values():
        _check_scenario_references(doc, known, problems)
    _check_quiz_references([doc for _, doc in quizzes.values()], known, problems)
    if plan is not None:
        _check_plan_references(plan, known, problems)
    for doc in plan_docs.values():
        check_plan_references(doc, known.scenarios, known.sources, problems)
    problems.raise_if_any()
    assert outline is not None and sources is not None and risk is not None
    scenario_objects = _scenarios(scenario_docs, scenes)
    return Catalog(
        title=outline.data.title,
        tagline=outline.data.tagline,
        lessons=tuple(_lesson(lessons[slug]) for slug in outline.data.lessons),
        sources=MappingProxyType(_sources_by_id(sources.data)),
        source_group_titles=MappingProxyType(dict(sources.data.groups)),
        videos=MappingProxyType(dict(outline.data.videos)),
        handout=_page(handout) if handout else None,
        risk=risk.data,
        scenarios=MappingProxyType(scenario_objects),
        quizzes=MappingProxyType({slug: quiz for slug, (quiz, _) in quizzes.items()}),
        self_check=self_check,
        plan=plan.data if plan else None,
        session_plans=MappingProxyType(
            {slug: build_plan(slug, doc.data, scenario_objects, risk.data) for slug, doc in plan_docs.items()}
        ),
    )


@dataclass(frozen=True)
class References:
    """Ids that content files may point at."""

    lessons: set[str]
    sources: set[str]
    scenarios: set[str]
    themes: set[str]
    quizzes: set[str]


def _load_lessons(directory: Path, problems: Problems) -> dict[str, MarkdownDoc[LessonMeta]]:
    lessons = {}
    for path in sorted(directory.glob("*.md")):
        if path.name == HANDOUT_FILE:
            continue
        match = LESSON_FILE.match(path.name)
        if not match:
            problems.add(path, 1, "lesson files are named NN-slug.md (e.g. 01-why-this-campaign.md)")
            continue
        doc = read_markdown(path, LessonMeta, problems)
        if doc is None:
            continue
        for kind, offset in block_kinds(doc.body):
            if kind not in LESSON_BLOCKS:
                problems.add(
                    path,
                    doc.body_line + offset,
                    f"unknown block '!!! {kind}' (use {', '.join(LESSON_BLOCKS)})",
                )
        lessons[match[2]] = doc
    return lessons


def _load_handout(path: Path, problems: Problems) -> MarkdownDoc[HandoutMeta] | None:
    return read_markdown(path, HandoutMeta, problems) if path.is_file() else None


def _lesson(doc: MarkdownDoc[LessonMeta]) -> Lesson:
    match = LESSON_FILE.match(doc.path.name)
    assert match is not None
    meta = doc.meta
    return Lesson(
        slug=match[2],
        number=int(match[1]),
        title=meta.title,
        summary=meta.summary,
        minutes=meta.minutes,
        html=render_markdown(doc.body),
        sources=meta.sources,
        content_hash=doc.content_hash,
        video=meta.video,
        scenarios=meta.scenarios,
        quiz=meta.quiz,
    )


def _page(doc: MarkdownDoc[HandoutMeta]) -> Page:
    return Page(
        title=doc.meta.title,
        summary=doc.meta.summary,
        html=render_markdown(doc.body),
        sources=doc.meta.sources,
    )


def _check_outline(
    outline: YamlDoc[CourseOutline],
    paths: ContentPaths,
    lessons: dict[str, MarkdownDoc[LessonMeta]],
    known: References,
    problems: Problems,
) -> None:
    files = {match[2] for path in paths.lessons.glob("*.md") if (match := LESSON_FILE.match(path.name))}
    for position, slug in enumerate(outline.data.lessons):
        if slug not in files:
            problems.add(
                outline.path,
                outline.index.line(("lessons", position)),
                f"lesson '{slug}' has no file lessons/NN-{slug}.md",
            )
    for slug, doc in lessons.items():
        if slug not in outline.data.lessons:
            problems.add(doc.path, 1, f"lesson '{slug}' is not listed in lessons/{OUTLINE_FILE}")
        if doc.meta.video and doc.meta.video not in outline.data.videos:
            problems.add(doc.path, doc.index.line(("video",)), f"unknown video '{doc.meta.video}'")
        for position, scenario in enumerate(doc.meta.scenarios):
            if scenario not in known.scenarios:
                problems.add(doc.path, doc.index.line(("scenarios", position)), f"unknown scenario '{scenario}'")
        if doc.meta.quiz and doc.meta.quiz not in known.quizzes:
            problems.add(doc.path, doc.index.line(("quiz",)), f"unknown quiz '{doc.meta.quiz}'")
    _check_videos(outline, paths, problems)


def _check_videos(outline: YamlDoc[CourseOutline], paths: ContentPaths, problems: Problems) -> None:
    from ..video import VideoConfigError, external_player

    for video_id, video in outline.data.videos.items():

        def report(key: str, message: str, video_id: str = video_id) -> None:
            problems.add(outline.path, outline.index.line(("videos", video_id, key)), message)

        if not (paths.illustrations / video.storyboard).is_file():
            report("storyboard", f"storyboard {video.storyboard} is not in static/illustrations")
        if video.url:
            try:
                external_player(video.url)
            except VideoConfigError as error:
                report("url", str(error))
        for key in ("file", "captions"):
            name = getattr(video, key)
            if name and not (paths.media / name).is_file():
                report(key, f"{key} {name} is not in static/media")
        if video.file and not video.captions:
            report("file", "a self-hosted video needs a captions track (WebVTT) in 'captions'")


def _check_sources(sources: YamlDoc[SourcesFile], problems: Problems) -> None:
    for source_id, entry in sources.data.sources.items():
        if entry.group not in sources.data.groups:
            problems.add(
                sources.path,
                sources.index.line(("sources", source_id, "group")),
                f"{source_id}: unknown group '{entry.group}'",
            )


def _sources_by_id(sources: SourcesFile) -> dict[str, Source]:
    return {
        source_id: Source(source_id, entry.group, entry.citation, entry.links)
        for source_id, entry in sources.sources.items()
    }


def _check_risk_references(risk: YamlDoc[RiskFile], known: References, problems: Problems) -> None:
    for factor, text in risk.data.factors.items():
        _check_refs(risk, ("factors", factor.value), text.lesson, text.sources, known, problems)
    for slug, theme in risk.data.themes.items():
        if theme.lesson and theme.lesson not in known.lessons:
            problems.add(risk.path, risk.index.line(("themes", slug, "lesson")), f"unknown lesson '{theme.lesson}'")


def _check_scenario_references(doc: YamlDoc[ScenarioFile], known: References, problems: Problems) -> None:
    if doc.data.theme not in known.themes:
        problems.add(doc.path, doc.index.line(("theme",)), f"unknown theme '{doc.data.theme}'")
    _check_refs(doc, (), doc.data.lesson, doc.data.sources, known, problems)


def _check_refs(
    doc: YamlDoc,
    at: tuple,
    lesson: str,
    sources: tuple[str, ...],
    known: References,
    problems: Problems,
    source_key: str = "sources",
) -> None:
    if lesson not in known.lessons:
        problems.add(doc.path, doc.index.line((*at, "lesson")), f"unknown lesson '{lesson}'")
    for position, source_id in enumerate(sources):
        if source_id not in known.sources:
            where = (*at, source_key) if source_key == "source" else (*at, source_key, position)
            problems.add(doc.path, doc.index.line(where), f"unknown source '{source_id}'")


def _check_quiz_references(docs: list[YamlDoc[QuizFile]], known: References, problems: Problems) -> None:
    finals = [doc for doc in docs if doc.data.final]
    for doc in finals[1:]:
        problems.add(doc.path, doc.index.line(("final",)), "only one quiz can be the final quiz")
    for doc in docs:
        if doc.data.lesson and doc.data.lesson not in known.lessons:
            problems.add(doc.path, doc.index.line(("lesson",)), f"unknown lesson '{doc.data.lesson}'")
        for position, question in enumerate(doc.data.questions):
            at = ("questions", position)
            _check_refs(doc, at, question.lesson, (question.source,), known, problems, source_key="source")
            if question.theme not in known.themes:
                problems.add(doc.path, doc.index.line((*at, "theme")), f"unknown theme '{question.theme}'")


def load_plan(quizzes: Path, problems: Problems) -> YamlDoc[PlanFile] | None:
    path = quizzes / PLAN_FILE
    return read_yaml(path, PlanFile, problems) if path.is_file() else None


def _check_plan_references(plan: YamlDoc[PlanFile], known: References, problems: Problems) -> None:
    for position, item in enumerate(plan.data.items):
        for source_id in item.sources:
            if source_id not in known.sources:
                problems.add(
                    plan.path, plan.index.line(("items", position, "sources")), f"unknown source '{source_id}'"
                )
        for lesson in item.when.lessons:
            if lesson not in known.lessons:
                problems.add(plan.path, plan.index.line(("items", position, "when")), f"unknown lesson '{lesson}'")


def _scenarios(docs: dict[str, YamlDoc[ScenarioFile]], scenes: dict[str, str | None]) -> dict[str, Scenario]:
    return {slug: Scenario(slug, doc.data, scenes[slug] or "", doc.content_hash) for slug, doc in docs.items()}
