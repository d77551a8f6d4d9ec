"""The features this app is made of: their content kinds, in build order, and their blueprints."""

from __future__ import annotations

from flask import Blueprint

from .accounts import admin as account_admin
from .accounts import views as account_views
from .content import Catalog, ContentPaths, load_catalog
from .help import views as help_views
from .help.loader import HelpContent
from .lessons import views as lesson_views
from .lessons.loader import LessonContent
from .live import facilitate, kiosk, room
from .live.decks import DeckContent
from .me import views as me_views
from .me.loader import MeContent
from .pages import views as page_views
from .photo_check import views as photo_check_views
from .quizzes import views as quiz_views
from .quizzes.loader import QuizContent
from .scenarios import views as scenario_views
from .scenarios.loader import ScenarioContent

# A kind may use the parts of the kinds before it: quizzes follow the lessons' order, decks ask scenarios.
CONTENT_KINDS = (LessonContent(), ScenarioContent(), QuizContent(), MeContent(), DeckContent(), HelpContent())

BLUEPRINTS: tuple[Blueprint, ...] = (
    page_views.bp,
    help_views.bp,
    photo_check_views.bp,
    lesson_views.bp,
    scenario_views.bp,
    quiz_views.bp,
    me_views.bp,
    me_views.resume_bp,
    room.bp,
    facilitate.bp,
    kiosk.bp,
    account_admin.bp,
    account_views.bp,
)


def load_course(paths: ContentPaths) -> Catalog:
    """Every content file of the course, validated and built; raises ContentError listing each problem."""
    return load_catalog(paths, CONTENT_KINDS)
