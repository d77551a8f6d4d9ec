"""The immutable, validated course content the app serves: built once at start-up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .plans import SessionPlan
from .quiz_schema import PlanFile, SelfCheckFile
from .quizzes import Quiz
from .scenario_schema import RiskFile
from .scenarios import Scenario
from .schema import VideoSpec


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


@dataclass(frozen=True)
class Page:
    """A stand-alone content page, such as the take-home handout."""

    title: str
    summary: str
    html: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Source:
    id: str
    group: str
    citation: str
    links: tuple[str, ...]


@dataclass(frozen=True)
class SourceGroup:
    slug: str
    title: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Catalog:
    title: str
    tagline: str
    lessons: tuple[Lesson, ...]
    sources: Mapping[str, Source]
    source_group_titles: Mapping[str, str]
    videos: Mapping[str, VideoSpec] = field(default_factory=lambda: MappingProxyType({}))
    handout: Page | None = None
    risk: RiskFile | None = None
    scenarios: Mapping[str, Scenario] = field(default_factory=lambda: MappingProxyType({}))
    quizzes: Mapping[str, Quiz] = field(default_factory=lambda: MappingProxyType({}))
    self_check: SelfCheckFile | None = None
    plan: PlanFile | None = None
    session_plans: Mapping[str, SessionPlan] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def quizzes_in_order(self) -> list[Quiz]:
        """Each lesson's quiz in course order, then any others, the final quiz last."""
        ordered = [self.quizzes[lesson.quiz] for lesson in self.lessons if lesson.quiz in self.quizzes]
        rest = sorted((q for q in self.quizzes.values() if q not in ordered), key=lambda q: (q.spec.final, q.slug))
        return ordered + rest

    @property
    def final_quiz(self) -> Quiz | None:
        return next((quiz for quiz in self.quizzes.values() if quiz.spec.final), None)

    def __post_init__(self) -> None:
        index = MappingProxyType({lesson.slug: lesson for lesson in self.lessons})
        object.__setattr__(self, "_lessons_by_slug", index)

    def lesson(self, slug: str) -> Lesson | None:
        return self._lessons_by_slug.get(slug)

    def neighbours(self, lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
        position = self.lessons.index(lesson)
        previous = self.lessons[position - 1] if position > 0 else None
        following = self.lessons[position + 1] if position + 1 < len(self.lessons) else None
        return previous, following

    @property
    def total_minutes(self) -> int:
        return sum(lesson.minutes for lesson in self.lessons)

    def cited_source_ids(self) -> set[str]:
        pages = [*self.lessons, *([self.handout] if self.handout else [])]
        cited = {source for page in pages for source in page.sources}
        cited.update(source for scenario in self.scenarios.values() for source in scenario.spec.sources)
        if self.risk:
            cited.update(source for text in self.risk.factors.values() for source in text.sources)
        cited.update(q.source for quiz in self.quizzes.values() for q in quiz.spec.questions)
        if self.plan:
            cited.update(source for item in self.plan.items for source in item.sources)
        return cited

    def cited_source_groups(self) -> list[SourceGroup]:
        """The sources the course cites, grouped in the order the sources file gives."""
        cited = self.cited_source_ids()
        groups = []
        for slug, title in self.source_group_titles.items():
            members = tuple(
                source
                for source in sorted(self.sources.values(), key=_source_order)
                if source.group == slug and source.id in cited
            )
            if members:
                groups.append(SourceGroup(slug, title, members))
        return groups


def _source_order(source: Source) -> tuple[int, str]:
    digits = "".join(ch for ch in source.id if ch.isdigit())
    return int(digits), source.id
