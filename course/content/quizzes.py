"""Loading quizzes and the self-check, with every question checked by its kind's grader."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..grading import GRADERS
from .files import YamlDoc, read_yaml, read_yaml_dir
from .problems import Problems
from .quiz_schema import QuizFile, SelfCheckFile
from .scenarios import FORBIDDEN_SVG, SCENE_DIR

SELF_CHECK_FILE = "self-check.yaml"
RESERVED_FILES = frozenset({"risk-factors.yaml", SELF_CHECK_FILE, "safe-sharing-plan.yaml"})


@dataclass(frozen=True)
class Quiz:
    slug: str
    spec: QuizFile
    content_hash: str
    scenes: dict[str, str]  # question id -> inline SVG, for "which detail" questions

    @property
    def title(self) -> str:
        return self.spec.title

    def question(self, question_id: str):
        return next((q for q in self.spec.questions if q.id == question_id), None)


def load_quizzes(quizzes: Path, illustrations: Path, problems: Problems) -> dict[str, tuple[Quiz, YamlDoc[QuizFile]]]:
    found = {}
    for slug, doc in read_yaml_dir(quizzes, QuizFile, "quiz", problems, skip=RESERVED_FILES).items():
        scenes = _check_questions(doc, illustrations, problems)
        found[slug] = (Quiz(slug, doc.data, doc.content_hash, scenes), doc)
    return found


def load_self_check(quizzes: Path, problems: Problems) -> SelfCheckFile | None:
    path = quizzes / SELF_CHECK_FILE
    doc = read_yaml(path, SelfCheckFile, problems) if path.is_file() else None
    return doc.data if doc else None


def _check_questions(doc: YamlDoc[QuizFile], illustrations: Path, problems: Problems) -> dict[str, str]:
    scenes: dict[str, str] = {}
    seen: set[str] = set()
    for position, question in enumerate(doc.data.questions):
        line = doc.index.line(("questions", position))
        if question.id in seen:
            problems.add(doc.path, line, f"duplicate question id '{question.id}'")
        seen.add(question.id)
        choice_ids = [choice.id for choice in question.choices]
        if len(set(choice_ids)) != len(choice_ids):
            problems.add(doc.path, line, f"{question.id}: choice ids must be unique")
        for message in GRADERS[question.kind].problems(question):
            problems.add(doc.path, line, f"{question.id}: {message}")
        if question.scene:
            path = illustrations / SCENE_DIR / question.scene
            if not path.is_file():
                problems.add(
                    doc.path,
                    doc.index.line(("questions", position, "scene")),
                    f"scene {question.scene} is not in static/illustrations/{SCENE_DIR}",
                )
                continue
            svg = path.read_text(encoding="utf-8")
            if "<title" not in svg or FORBIDDEN_SVG.search(svg):
                problems.add(
                    doc.path,
                    doc.index.line(("questions", position, "scene")),
                    f"scene {question.scene} needs a <title> and no images, scripts or remote links",
                )
            scenes[question.id] = svg
    return scenes
