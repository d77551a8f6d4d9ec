"""The lessons content kind: the outline, each lesson's markdown, the videos, the handout and the facilitator guide."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..content import ContentPaths, Page, References
from ..content.files import MarkdownDoc, YamlDoc, check_citations, read_markdown, read_yaml
from ..content.problems import Problems
from ..content.render import LESSON_BLOCKS, block_kinds, render_markdown, render_with_notes
from ..content.svg import svg_problems
from ..content.translation import english_name, is_translation
from .schema import CourseOutline, HandoutMeta, LessonMeta, VideoSpec
from .video import VideoConfigError, external_player

LESSON_FILE = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
OUTLINE_FILE = "course.yaml"
SOURCES_FILE = "sources.yaml"
HANDOUT_FILE = "handout.md"
GUIDE_FILE = "facilitator-guide.md"
PAGE_FILES = {"handout": HANDOUT_FILE, "facilitator_guide": GUIDE_FILE}  # stand-alone pages beside the lessons


@dataclass(frozen=True)
class Lesson:
    slug: str
    number: int
    title: str
    summary: str
    minutes: int
    html: str
    sources: tuple[str, ...]
    content_hash: str
    video: str | None = None
    scenarios: tuple[str, ...] = ()
    quiz: str | None = None
    notes: tuple[str, ...] = ()  # the sources its superscripts number, in that order
    illustration: str | None = None
    illustration_alt: str | None = None

    @property
    def other_sources(self) -> tuple[str, ...]:
        """Sources the lesson draws on without a numbered citation in its text."""
        return tuple(source for source in self.sources if source not in self.notes)


class LessonSet(Sequence[Lesson]):
    """The lessons in course order, found by slug."""

    def __init__(self, lessons: Sequence[Lesson]):
        self._lessons = tuple(lessons)
        self._by_slug = MappingProxyType({lesson.slug: lesson for lesson in self._lessons})

    def __getitem__(self, index):  # type: ignore[override]
        return self._lessons[index]

    def __len__(self) -> int:
        return len(self._lessons)

    def get(self, slug: str) -> Lesson | None:
        return self._by_slug.get(slug)

    def neighbours(self, lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
        position = self._lessons.index(lesson)
        previous = self._lessons[position - 1] if position > 0 else None
        following = self._lessons[position + 1] if position + 1 < len(self._lessons) else None
        return previous, following

    @property
    def total_minutes(self) -> int:
        return sum(lesson.minutes for lesson in self._lessons)


@dataclass(frozen=True)
class LessonsDraft:
    paths: ContentPaths
    outline: YamlDoc[CourseOutline] | None
    lessons: dict[str, MarkdownDoc[LessonMeta]]
    pages: dict[str, MarkdownDoc[HandoutMeta]]


class LessonContent:
    name = "lessons"
    files: frozenset[str] = frozenset()

    def read(self, paths: ContentPaths, problems: Problems) -> LessonsDraft:
        outline = read_yaml(paths.lessons / OUTLINE_FILE, CourseOutline, problems)
        pages = {}
        for name, file_name in PAGE_FILES.items():
            if (paths.lessons / file_name).is_file() and (
                doc := read_markdown(paths.lessons / file_name, HandoutMeta, problems)
            ):
                pages[name] = doc
        return LessonsDraft(paths, outline, _read_lessons(paths, problems), pages)

    def ids(self, draft: LessonsDraft) -> Mapping[str, set[str]]:
        return {"lessons": set(draft.outline.data.lessons) if draft.outline else set(draft.lessons)}

    def check(self, draft: LessonsDraft, known: References, problems: Problems) -> None:
        if draft.outline is not None:
            _check_outline(draft, known, problems)
        if known.sources:
            for doc in [*draft.lessons.values(), *draft.pages.values()]:
                check_citations(doc, doc.meta.sources, known.sources, f"lessons/{SOURCES_FILE}", problems)

    def build(self, draft: LessonsDraft, parts: Mapping[str, Any]) -> Mapping[str, Any]:
        assert draft.outline is not None
        return {
            "lessons": LessonSet([_lesson(draft.lessons[slug]) for slug in draft.outline.data.lessons]),
            "videos": MappingProxyType(dict(draft.outline.data.videos)),
            **{name: _page(draft.pages[name]) if name in draft.pages else None for name in PAGE_FILES},
        }

    def cited(self, parts: Mapping[str, Any]) -> set[str]:
        pages = [*parts["lessons"], *(parts[name] for name in PAGE_FILES if parts[name])]
        return {source for page in pages for source in page.sources}


def _read_lessons(paths: ContentPaths, problems: Problems) -> dict[str, MarkdownDoc[LessonMeta]]:
    lessons = {}
    for path in sorted(paths.lessons.glob("*.md")):
        if path.name in PAGE_FILES.values() or is_translation(path):
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
                    path, doc.body_line + offset, f"unknown block '!!! {kind}' (use {', '.join(LESSON_BLOCKS)})"
                )
        lessons[match[2]] = doc
    return lessons


def _lesson(doc: MarkdownDoc[LessonMeta]) -> Lesson:
    match = LESSON_FILE.match(english_name(doc.path))
    assert match is not None
    meta = doc.meta
    html, notes = render_with_notes(doc.body)
    return Lesson(
        slug=match[2],
        number=int(match[1]),
        title=meta.title,
        summary=meta.summary,
        minutes=meta.minutes,
        html=html,
        notes=notes,
        illustration=meta.illustration,
        illustration_alt=meta.illustration_alt,
        sources=meta.sources,
        content_hash=doc.content_hash,
        video=meta.video,
        scenarios=meta.scenarios,
        quiz=meta.quiz,
    )


def _page(doc: MarkdownDoc[HandoutMeta]) -> Page:
    meta = doc.meta
    return Page(title=meta.title, summary=meta.summary, html=render_markdown(doc.body), sources=meta.sources)


def _check_outline(draft: LessonsDraft, known: References, problems: Problems) -> None:
    outline = draft.outline
    assert outline is not None
    files = {match[2] for path in draft.paths.lessons.glob("*.md") if (match := LESSON_FILE.match(path.name))}
    for position, slug in enumerate(outline.data.lessons):
        if slug not in files:
            problems.add(
                outline.path,
                outline.index.line(("lessons", position)),
                f"lesson '{slug}' has no file lessons/NN-{slug}.md",
            )
    for slug, doc in draft.lessons.items():
        if slug not in outline.data.lessons:
            problems.add(doc.path, 1, f"lesson '{slug}' is not listed in lessons/{OUTLINE_FILE}")
        if doc.meta.video and doc.meta.video not in outline.data.videos:
            problems.add(doc.path, doc.index.line(("video",)), f"unknown video '{doc.meta.video}'")
        for position, scenario in enumerate(doc.meta.scenarios):
            if scenario not in known.scenarios:
                problems.add(doc.path, doc.index.line(("scenarios", position)), f"unknown scenario '{scenario}'")
        if doc.meta.quiz and doc.meta.quiz not in known.quizzes:
            problems.add(doc.path, doc.index.line(("quiz",)), f"unknown quiz '{doc.meta.quiz}'")
        if doc.meta.illustration:
            _check_illustration(doc, draft.paths, problems)
    for video_id, video in outline.data.videos.items():
        _check_video(outline, video_id, video, draft.paths, problems)


def _check_illustration(doc: MarkdownDoc[LessonMeta], paths: ContentPaths, problems: Problems) -> None:
    assert doc.meta.illustration is not None
    line = doc.index.line(("illustration",))
    drawing = paths.illustrations / doc.meta.illustration
    if not drawing.is_file():
        problems.add(doc.path, line, f"illustration {doc.meta.illustration} is not in static/illustrations")
        return
    for problem in svg_problems(drawing.read_text(encoding="utf-8")):
        problems.add(doc.path, line, f"illustration {doc.meta.illustration} {problem}")


def _check_video(
    outline: YamlDoc[CourseOutline], video_id: str, video: VideoSpec, paths: ContentPaths, problems: Problems
) -> None:
    def report(key: str, message: str) -> None:
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
