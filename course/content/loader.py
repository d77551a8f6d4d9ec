"""Read every content file, validate it, cross-check references, and build the catalog."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .catalog import Catalog, Lesson, Source
from .problems import Problems
from .render import LESSON_BLOCKS, block_kinds, cited_sources, render_markdown
from .schema import CourseOutline, LessonMeta, SourcesFile
from .yamlfile import LineIndex, YamlSyntaxError, load_yaml, split_front_matter

LESSON_FILE = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
OUTLINE_FILE = "course.yaml"
SOURCES_FILE = "sources.yaml"

Model = TypeVar("Model", bound=BaseModel)


@dataclass(frozen=True)
class LoadedLesson:
    """A lesson with what is needed to report problems at their line."""

    lesson: Lesson
    path: Path
    index: LineIndex
    body: str
    body_line: int


@dataclass(frozen=True)
class ContentPaths:
    lessons: Path
    quizzes: Path
    illustrations: Path


def content_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


def load_catalog(paths: ContentPaths) -> Catalog:
    """Build the catalog, or raise ContentError listing every problem found."""
    problems = Problems(root=paths.lessons.parent)
    loaded_outline = _load_outline(paths, problems)
    sources = _load_sources(paths.lessons / SOURCES_FILE, problems)
    lessons = _load_lessons(paths.lessons, problems)
    if loaded_outline is not None:
        _check_outline(paths.lessons / OUTLINE_FILE, *loaded_outline, lessons, problems)
    if sources is not None:
        _check_citations(lessons, sources, problems)
    problems.raise_if_any()
    assert loaded_outline is not None and sources is not None
    outline = loaded_outline[0]
    ordered = tuple(lessons[slug].lesson for slug in outline.lessons)
    return Catalog(
        title=outline.title,
        tagline=outline.tagline,
        lessons=ordered,
        sources=MappingProxyType(_sources_by_id(sources)),
        source_group_titles=MappingProxyType(dict(sources.groups)),
        videos=MappingProxyType(dict(outline.videos)),
    )


def validate(model: type[Model], data: Any, index: LineIndex, path: Path, problems: Problems) -> Model | None:
    """Validate parsed YAML against a schema, reporting each error at its line."""
    if not isinstance(data, dict):
        problems.add(path, index.line(), "expected a mapping of keys to values")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            location = tuple(detail["loc"])
            where = ".".join(str(part) for part in location) or "file"
            problems.add(path, index.line(location), f"{where}: {detail['msg']}")
        return None


def read_yaml_file(path: Path, problems: Problems) -> tuple[Any, LineIndex] | None:
    if not path.is_file():
        problems.add(path, 1, "file is missing")
        return None
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except YamlSyntaxError as error:
        problems.add(path, error.line, str(error))
        return None


def _load_outline(paths: ContentPaths, problems: Problems) -> tuple[CourseOutline, LineIndex] | None:
    path = paths.lessons / OUTLINE_FILE
    parsed = read_yaml_file(path, problems)
    if parsed is None:
        return None
    outline = validate(CourseOutline, *parsed, path, problems)
    if outline is None:
        return None
    for video_id, video in outline.videos.items():
        if not (paths.illustrations / video.storyboard).is_file():
            line = parsed[1].line(("videos", video_id, "storyboard"))
            problems.add(path, line, f"storyboard {video.storyboard} is not in static/illustrations")
    return outline, parsed[1]


def _load_sources(path: Path, problems: Problems) -> SourcesFile | None:
    parsed = read_yaml_file(path, problems)
    if parsed is None:
        return None
    sources = validate(SourcesFile, *parsed, path, problems)
    if sources is not None:
        for source_id, entry in sources.sources.items():
            if entry.group not in sources.groups:
                line = parsed[1].line(("sources", source_id, "group"))
                problems.add(path, line, f"{source_id}: unknown group '{entry.group}'")
    return sources


def _sources_by_id(sources: SourcesFile) -> dict[str, Source]:
    return {
        source_id: Source(source_id, entry.group, entry.citation, entry.links)
        for source_id, entry in sources.sources.items()
    }


def _load_lessons(directory: Path, problems: Problems) -> dict[str, LoadedLesson]:
    lessons: dict[str, LoadedLesson] = {}
    for path in sorted(directory.glob("*.md")):
        match = LESSON_FILE.match(path.name)
        if not match:
            problems.add(path, 1, "lesson files are named NN-slug.md (e.g. 01-why-this-campaign.md)")
            continue
        loaded = _load_lesson(path, int(match[1]), match[2], problems)
        if loaded is not None:
            lessons[loaded.lesson.slug] = loaded
    return lessons


def _load_lesson(path: Path, number: int, slug: str, problems: Problems) -> LoadedLesson | None:
    raw = path.read_bytes()
    try:
        front, body, body_line = split_front_matter(raw.decode("utf-8"))
        data, index = load_yaml(front, first_line=2)
    except YamlSyntaxError as error:
        problems.add(path, error.line, str(error))
        return None
    meta = validate(LessonMeta, data, index, path, problems)
    if meta is None:
        return None
    for kind, offset in block_kinds(body):
        if kind not in LESSON_BLOCKS:
            allowed = ", ".join(LESSON_BLOCKS)
            problems.add(path, body_line + offset, f"unknown block '!!! {kind}' (use {allowed})")
    lesson = Lesson(
        slug=slug,
        number=number,
        title=meta.title,
        summary=meta.summary,
        minutes=meta.minutes,
        html=render_markdown(body),
        sources=meta.sources,
        content_hash=content_hash(raw),
        video=meta.video,
        scenarios=meta.scenarios,
        quiz=meta.quiz,
    )
    return LoadedLesson(lesson, path, index, body, body_line)


def _check_outline(
    outline_path: Path,
    outline: CourseOutline,
    outline_index: LineIndex,
    lessons: dict[str, LoadedLesson],
    problems: Problems,
) -> None:
    files = {match[2] for path in outline_path.parent.glob("*.md") if (match := LESSON_FILE.match(path.name))}
    for position, slug in enumerate(outline.lessons):
        if slug not in files:
            problems.add(
                outline_path,
                outline_index.line(("lessons", position)),
                f"lesson '{slug}' has no file lessons/NN-{slug}.md",
            )
    for slug, loaded in lessons.items():
        lesson, path, index = loaded.lesson, loaded.path, loaded.index
        if slug not in outline.lessons:
            problems.add(path, 1, f"lesson '{slug}' is not listed in lessons/{OUTLINE_FILE}")
        if lesson.video and lesson.video not in outline.videos:
            problems.add(path, index.line(("video",)), f"unknown video '{lesson.video}'")
        for position, scenario in enumerate(lesson.scenarios):
            problems.add(path, index.line(("scenarios", position)), f"unknown scenario '{scenario}'")
        if lesson.quiz:
            problems.add(path, index.line(("quiz",)), f"unknown quiz '{lesson.quiz}'")


def _check_citations(lessons: dict[str, LoadedLesson], sources: SourcesFile, problems: Problems) -> None:
    for loaded in lessons.values():
        lesson, path, index = loaded.lesson, loaded.path, loaded.index
        cited = cited_sources(loaded.body)
        for position, source_id in enumerate(lesson.sources):
            if source_id not in sources.sources:
                problems.add(
                    path,
                    index.line(("sources", position)),
                    f"unknown source '{source_id}' (not in lessons/{SOURCES_FILE})",
                )
            elif source_id not in {source for source, _ in cited}:
                problems.add(
                    path,
                    index.line(("sources", position)),
                    f"source '{source_id}' is listed but never cited in the text",
                )
        for source_id, offset in cited:
            if source_id not in lesson.sources:
                problems.add(
                    path,
                    loaded.body_line + offset,
                    f"[{source_id}] is cited but missing from the front matter 'sources'",
                )
