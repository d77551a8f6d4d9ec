"""Taking quizzes: shuffled per attempt, graded by kind, stored with the questions as asked."""

from __future__ import annotations

import random
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Learner, QuizAnswer, QuizAttempt
from ..tokens import human_code
from .grading import GRADERS, InvalidAnswer, grade
from .loader import Quiz
from .schema import ChoiceSpec, QuestionSpec

ATTEMPT_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
ANSWER_FIELD = "q-"


@dataclass(frozen=True)
class ShownQuestion:
    spec: QuestionSpec
    choices: tuple[ChoiceSpec, ...]

    @property
    def field(self) -> str:
        return ANSWER_FIELD + self.spec.id

    @property
    def multiple(self) -> bool:
        return GRADERS[self.spec.kind].multiple_answers


@dataclass(frozen=True)
class QuizResult:
    quiz_id: str
    best_score: int
    total: int
    attempts: int
    passed: bool


def new_attempt_key() -> str:
    return secrets.token_urlsafe(16)


def shown_questions(quiz: Quiz, attempt_key: str) -> list[ShownQuestion]:
    """Questions and choices in an order that is random per attempt, and the same for its key."""
    rng = random.Random(f"{quiz.slug}:{attempt_key}")  # noqa: S311 - order, not security
    questions = list(quiz.spec.questions)
    rng.shuffle(questions)
    shown = []
    for question in questions:
        choices = list(question.choices)
        if question.kind != "true_false":
            rng.shuffle(choices)
        shown.append(ShownQuestion(question, tuple(choices)))
    return shown


def parse_answers(quiz: Quiz, attempt_key: str, form: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """The chosen choice ids per question; raises InvalidAnswer for anything forged."""
    if not ATTEMPT_KEY.match(attempt_key or ""):
        raise InvalidAnswer("missing or malformed attempt key")
    answers: dict[str, list[str]] = {question.id: [] for question in quiz.spec.questions}
    for field, values in form.items():
        if not field.startswith(ANSWER_FIELD):
            continue
        question_id = field[len(ANSWER_FIELD) :]
        question = quiz.question(question_id)
        if question is None:
            raise InvalidAnswer(f"unknown question {question_id}")
        grade(question, values)  # refuses choices the question does not have
        answers[question_id] = list(values)
    return answers


def find_attempt(learner: Learner, attempt_key: str) -> QuizAttempt | None:
    return db.session.scalar(
        select(QuizAttempt).where(QuizAttempt.learner_id == learner.id, QuizAttempt.attempt_key == attempt_key)
    )


def submit(learner: Learner, quiz: Quiz, attempt_key: str, answers: dict[str, list[str]]) -> QuizAttempt:
    """Grade and store an attempt. Submitting the same attempt again returns the first result."""
    existing = find_attempt(learner, attempt_key)
    if existing is not None:
        return existing
    graded = []
    for position, shown in enumerate(shown_questions(quiz, attempt_key)):
        result = grade(shown.spec, answers.get(shown.spec.id, []))
        graded.append(
            QuizAnswer(
                position=position,
                question_id=shown.spec.id,
                theme=shown.spec.theme,
                question=_snapshot(shown),
                chosen=sorted(result.chosen),
                correct=result.correct,
            )
        )
    score = sum(answer.correct for answer in graded)
    attempt = QuizAttempt(
        learner_id=learner.id,
        quiz_id=quiz.slug,
        content_hash=quiz.content_hash,
        attempt_key=attempt_key,
        score=score,
        total=len(graded),
        passed=score >= quiz.spec.pass_mark * len(graded),
        final=quiz.spec.final,
        answers=graded,
    )
    if attempt.final and attempt.passed:
        attempt.verification_code = human_code(12)
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:  # the same attempt, submitted twice at once
        existing = find_attempt(learner, attempt_key)
        assert existing is not None
        return existing
    return attempt


def _snapshot(shown: ShownQuestion) -> dict:
    spec = shown.spec
    return {
        "kind": spec.kind,
        "prompt": spec.prompt,
        "lesson": spec.lesson,
        "source": spec.source,
        "choices": [
            {"id": choice.id, "label": choice.label, "correct": choice.correct, "feedback": choice.feedback}
            for choice in shown.choices
        ],
    }


def attempt_of(learner: Learner | None, attempt_id: int) -> QuizAttempt | None:
    """An attempt, only if it belongs to this learner."""
    if learner is None:
        return None
    attempt = db.session.get(QuizAttempt, attempt_id)
    return attempt if attempt is not None and attempt.learner_id == learner.id else None


def results(learner: Learner | None) -> dict[str, QuizResult]:
    if learner is None:
        return {}
    summary: dict[str, QuizResult] = {}
    for attempt in learner.quiz_attempts:
        seen = summary.get(attempt.quiz_id)
        summary[attempt.quiz_id] = QuizResult(
            attempt.quiz_id,
            max(attempt.score, seen.best_score if seen else 0),
            attempt.total,
            (seen.attempts if seen else 0) + 1,
            attempt.passed or bool(seen and seen.passed),
        )
    return summary


def passed_final(learner: Learner | None) -> QuizAttempt | None:
    if learner is None:
        return None
    passed = [attempt for attempt in learner.quiz_attempts if attempt.final and attempt.passed]
    return min(passed, key=lambda attempt: attempt.submitted_at) if passed else None


def merge_attempts(source: Learner, target: Learner) -> None:
    for attempt in list(source.quiz_attempts):
        attempt.learner = target
    db.session.flush()


def attempt_by_code(code: str) -> QuizAttempt | None:
    if not code or len(code) > 24:
        return None
    return db.session.scalar(select(QuizAttempt).where(QuizAttempt.verification_code == code.upper()))
