"""The quizzes content kind: every quiz in quizzes/, each question checked by its kind's grader."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..content import ContentPaths, References
from ..content.catalog import Item
from ..content.files import YamlDoc, check_lesson_and_sources, check_unique_ids, read_yaml_dir
from ..content.problems import Problems
from ..scenarios.loader import read_scene_file
from .grading import GRADERS
from .schema import QuestionSpec, QuizFile


@dataclass(frozen=True)
class Quiz(Item[QuizFile]):
    def question(self, question_id: str) -> QuestionSpec | None:
        return next((q for q in self.spec.questions if q.id == question_id), None)


class QuizSet(Mapping[str, Quiz]):
    """The quizzes by slug; `in_order` follows the course, the final quiz last."""

    def __init__(self, quizzes: Mapping[str, Quiz], lesson_order: list[str]):
        self._quizzes = MappingProxyType(dict(quizzes))
        ordered = [self._quizzes[slug] for slug in lesson_order if slug in self._quizzes]
        rest = sorted((q for q in self._quizzes.values() if q not in ordered), key=lambda q: (q.spec.final, q.slug))
        self.in_order: tuple[Quiz, ...] = (*ordered, *rest)
        self.final: Quiz | None = next((quiz for quiz in self.in_order if quiz.spec.final), None)

    def __getitem__(self, slug: str) -> Quiz:
        return self._quizzes[slug]

    def __iter__(self) -> Iterator[str]:
        return iter(self._quizzes)

    def __len__(self) -> int:
        return len(self._quizzes)


class QuizContent:
    name = "quizzes"
    files: frozenset[str] = frozenset()

    def read(self, paths: ContentPaths, problems: Problems) -> dict[str, YamlDoc[QuizFile]]:
        found = read_yaml_dir(paths.quizzes, QuizFile, "quiz", problems, skip=paths.claimed)
        for doc in found.values():
            _check_questions(doc, paths, problems)
        return found

    def ids(self, draft: dict[str, YamlDoc[QuizFile]]) -> Mapping[str, set[str]]:
        return {"quizzes": set(draft)}

    def check(self, draft: dict[str, YamlDoc[QuizFile]], known: References, problems: Problems) -> None:
        finals = [doc for doc in draft.values() if doc.data.final]
        for doc in finals[1:]:
            problems.add(doc.path, doc.index.line(("final",)), "only one quiz can be the final quiz")
        for doc in draft.values():
            if doc.data.lesson and doc.data.lesson not in known.lessons:
                problems.add(doc.path, doc.index.line(("lesson",)), f"unknown lesson '{doc.data.lesson}'")
            for position, question in enumerate(doc.data.questions):
                at = ("questions", position)
                check_lesson_and_sources(doc, at, question.lesson, (question.source,), known, problems, "source")
                if question.theme not in known.themes:
                    problems.add(doc.path, doc.index.line((*at, "theme")), f"unknown theme '{question.theme}'")

    def build(self, draft: dict[str, YamlDoc[QuizFile]], parts: Mapping[str, Any]) -> Mapping[str, Any]:
        quizzes = {slug: Quiz(slug, doc.data, doc.content_hash) for slug, doc in draft.items()}
        return {"quizzes": QuizSet(quizzes, [lesson.quiz for lesson in parts["lessons"] if lesson.quiz])}

    def cited(self, parts: Mapping[str, Any]) -> set[str]:
        return {question.source for quiz in parts["quizzes"].values() for question in quiz.spec.questions}


def _check_questions(doc: YamlDoc[QuizFile], paths: ContentPaths, problems: Problems) -> None:
    check_unique_ids(doc, "questions", [q.id for q in doc.data.questions], problems, what="question id")
    for position, question in enumerate(doc.data.questions):
        line = doc.index.line(("questions", position))
        choice_ids = [choice.id for choice in question.choices]
        if len(set(choice_ids)) != len(choice_ids):
            problems.add(doc.path, line, f"{question.id}: choice ids must be unique")
        for message in GRADERS[question.kind].problems(question):
            problems.add(doc.path, line, f"{question.id}: {message}")
        if question.scene:
            read_scene_file(paths.illustrations, question.scene, doc, ("questions", position, "scene"), problems)
