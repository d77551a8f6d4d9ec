"""People's data. Content lives on disk; rows here refer to it by id and content hash."""

from .base import USERNAME_MAX_LENGTH, utcnow
from .learning import LessonProgress, PlanCheck, QuizAnswer, QuizAttempt, ScenarioResponse, SelfCheck
from .people import Learner, ResumeCode, Role, User
from .workshops import LiveResponse, LiveSession, LiveStatus, LiveTally, Participant

__all__ = [
    "USERNAME_MAX_LENGTH",
    "Learner",
    "LessonProgress",
    "LiveResponse",
    "LiveSession",
    "LiveStatus",
    "LiveTally",
    "Participant",
    "PlanCheck",
    "QuizAnswer",
    "QuizAttempt",
    "ResumeCode",
    "Role",
    "ScenarioResponse",
    "SelfCheck",
    "User",
    "utcnow",
]
