"""Which language a page is in: chosen without an account, remembered by one, never part of the URL.

Order: `?lang=` on a link or QR code, then the `lang` cookie the language switch sets, then the account's
choice, then the browser's Accept-Language. A choice made with `?lang=` is kept in the cookie (and the account).
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel import support
from flask import Flask, Response, current_app, has_request_context, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from .extensions import babel, db

LANGUAGES = {"en": "English", "es": "Español"}  # each named in its own language, as the switch shows it
DEFAULT_LANGUAGE = "en"
LANGUAGE_COOKIE = "lang"
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
ENGLISH_LOCALES = {"uk": "en_GB", "au": "en_AU", "eu": "en_IE"}  # dates as the region writes them
COOKIE_DAYS = 365


def asked_language() -> str | None:
    asked = request.args.get("lang", "")
    return asked if asked in LANGUAGES else None


def chosen_language() -> str:
    """The page's locale: its language, and for English the region's way of writing dates (en_GB outside the US)."""
    language = _chosen()
    if language == "en" and current_app.config.get("REGION", "us") in ENGLISH_LOCALES:
        return ENGLISH_LOCALES[current_app.config["REGION"]]
    return language


def _chosen() -> str:
    if not has_request_context():
        return DEFAULT_LANGUAGE  # a command or start-up work: English, as the operator's console is
    account = getattr(current_user, "language", None) if current_user else None
    return _choose(request.args.get("lang"), request.cookies.get(LANGUAGE_COOKIE), account, request.accept_languages)


def language_of(cookies: Mapping[str, str], accept_language: str | None) -> str:
    """The same choice from a raw request (the live fast path, before Flask): a poll has no ?lang= or account."""
    return _choose(None, cookies.get(LANGUAGE_COOKIE), None, parse_accept_header(accept_language, LanguageAccept))


def _choose(asked: str | None, cookie: str | None, account: str | None, accepted: LanguageAccept) -> str:
    for choice in (asked, cookie, account):
        if choice in LANGUAGES:
            return choice
    return accepted.best_match(LANGUAGES, default=DEFAULT_LANGUAGE)


def page_language() -> str:
    """The language of the page being drawn (a test request outside any page reads as the default)."""
    try:
        locale = get_locale()
    except RuntimeError:
        return DEFAULT_LANGUAGE
    return locale.language if locale is not None else DEFAULT_LANGUAGE


def switch_links() -> list[dict[str, str]]:
    """This page in each language: the same address with ?lang=, for the switch and hreflang (once a request)."""
    if "course.language_links" in request.environ:
        return request.environ["course.language_links"]
    request.environ["course.language_links"] = links = _switch_links()
    return links


def show_links_for(endpoint: str, **values: object) -> None:
    """Point this page's language links at another address: a page drawn in reply to a form shows its own."""
    request.environ["course.language_links"] = _links_to(endpoint, values)


def _switch_links() -> list[dict[str, str]]:
    if request.endpoint is None or request.endpoint == "static":
        return []
    return _links_to(request.endpoint, {**(request.view_args or {}), **request.args.to_dict()})


def _links_to(endpoint: str, arguments: Mapping[str, object]) -> list[dict[str, str]]:
    return [
        {"code": code, "name": name, "url": url_for(endpoint, **{**arguments, "lang": code})}
        for code, name in LANGUAGES.items()
    ]


def _remember(response: Response) -> Response:
    asked = asked_language()
    if asked and request.cookies.get(LANGUAGE_COOKIE) != asked:
        response.set_cookie(LANGUAGE_COOKIE, asked, max_age=COOKIE_DAYS * 86400, samesite="Lax", httponly=True,
                            secure=request.is_secure)  # fmt: skip
    if asked and current_user and current_user.is_authenticated and current_user.language != asked:
        current_user.language = asked
        db.session.commit()
    if response.mimetype == "text/html":
        response.vary.update(("Cookie", "Accept-Language"))  # the same address reads differently by language
    return response


# The catalogue of the page being drawn, set once per request: templates call gettext dozens of times a page,
# and Flask-Babel's own lookup costs several microseconds a call.
_page_catalogue: ContextVar[support.NullTranslations | None] = ContextVar("page_catalogue", default=None)
_ENGLISH = support.NullTranslations()


def _set_page_catalogue() -> None:
    _page_catalogue.set(_catalogue(page_language()))


def _gettext(message: str) -> str:
    return (_page_catalogue.get() or _ENGLISH).ugettext(message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    return (_page_catalogue.get() or _ENGLISH).ungettext(singular, plural, count)


def install_languages(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    babel.init_app(app, locale_selector=chosen_language)
    app.jinja_env.install_gettext_callables(gettext=_gettext, ngettext=_ngettext, newstyle=True)
    app.before_request_funcs.setdefault(None, []).insert(0, _set_page_catalogue)  # before CSRF can refuse a page
    app.teardown_request(lambda _error: _page_catalogue.set(None))
    app.after_request(_remember)

    @app.context_processor
    def _languages() -> dict[str, object]:
        return {"page_language": page_language(), "language_links": switch_links, "languages": LANGUAGES}


def N_(message: str) -> str:
    return message


@cache
def _catalogue(language: str) -> support.NullTranslations:
    return support.Translations.load(str(TRANSLATIONS_DIR), [language])


def translate_for(language: str, message: str, **values: object) -> str:
    """An interface string in a given language, outside any request (content built at start-up)."""
    text = _catalogue(language).gettext(message) if language != DEFAULT_LANGUAGE else message
    return text % values if values else text
