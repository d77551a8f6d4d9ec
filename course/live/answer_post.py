"""A phone's answer, checked and stored without Flask's request machinery (it is the busiest write).

Every check of the Flask stack is made here explicitly: the body must be JSON, the answer token must
be the one the room page carried for this seat (the CSRF check), the seat cookie's signature must be
ours, and `answers.answer` stores it with one statement that proves the session is open on this item.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from flask import current_app

from ..i18n import N_
from . import answered, answers
from .replies import Reply, json_reply
from .seats import answer_token_matches, read_seat
from .service import InvalidLiveAnswer, NoSeat, NoSession, NotOpen

MAX_BODY_BYTES = 4096
CLOSED_MESSAGE = N_("This question is closed.")


@dataclass(frozen=True)
class AnswerPost:
    code: str
    seat_raw: str | None
    token: str | None
    content_type: str
    body: bytes
    secure: bool = False  # over HTTPS: the answer cookie is Secure


@dataclass(frozen=True)
class AnswerFields:
    item_id: str
    choice_ids: list[str]
    submission_id: str


def refused(status: int, error: str) -> Reply:
    return json_reply(status, {"accepted": False, "error": error})


BUSY = refused(503, "The server is busy. Please try again.")  # a database error: nothing was stored


def read_fields(body: bytes) -> AnswerFields | str:
    """The answer in a JSON body, or what is wrong with it."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return "the body is not JSON"
    if not isinstance(data, dict):
        return "the body must be a JSON object"
    choice_ids, item_id, submission_id = data.get("choice_ids"), data.get("item_id"), data.get("submission_id")
    if not isinstance(choice_ids, list) or not all(isinstance(c, str) for c in choice_ids):
        return "choice_ids must be a list"
    if not isinstance(item_id, str) or not isinstance(submission_id, str):
        return "item_id and submission_id must be strings"
    return AnswerFields(item_id, choice_ids, submission_id)


def respond(post: AnswerPost) -> Reply:
    """Store the answer (inside an app context) and say so; nothing is stored unless the reply is 200."""
    if not post.content_type.startswith("application/json"):
        return refused(400, "send the answer as JSON")
    if not answer_token_matches(post.seat_raw, post.token):
        return refused(403, N_("This page is out of date. Please reload it."))
    fields = read_fields(post.body)
    if isinstance(fields, str):
        return refused(400, fields)
    try:
        stored = _store(post, fields)
    except NoSession:
        return refused(404, "no such session")
    except NoSeat:
        return refused(403, N_("This phone has not joined this workshop."))
    except NotOpen:
        return refused(409, CLOSED_MESSAGE)
    except InvalidLiveAnswer as error:
        return refused(400, str(error))
    reply = json_reply(200, {"accepted": True} if stored else {"accepted": True, "first_answer_kept": True})
    recorded = answered.set_cookie_header(post.code, fields.item_id, fields.choice_ids if stored else None, post.secure)
    return Reply(reply.status, [*reply.headers, recorded], reply.body) if recorded else reply


def _store(post: AnswerPost, fields: AnswerFields) -> bool:
    decks = current_app.extensions["course_catalog"].decks
    max_age = current_app.config["LIVE_STATE_CACHE_SECONDS"]
    seat = read_seat(post.seat_raw)
    return answers.answer(post.code, decks.get, seat, fields.item_id, fields.choice_ids, fields.submission_id, max_age)
