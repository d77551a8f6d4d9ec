"""Everything a scenario page shows for one learner: the post as edited, and feedback per activity."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from ..content import Catalog
from ..models import Learner, ScenarioResponse
from . import editing as scenarios
from . import responses
from .loader import Scenario
from .risk import Assessment, Audience, Grade, Verdict
from .schema import Theme


@dataclass(frozen=True)
class AudienceText:
    label: str
    hint: str


AUDIENCE_TEXT = {
    Audience.PUBLIC: AudienceText(_l("Public"), _l("Anyone can see it")),
    Audience.FRIENDS: AudienceText(_l("Friends"), _l("Your friends and followers")),
    Audience.CLOSE_FAMILY: AudienceText(_l("Close family"), _l("A small family group")),
    Audience.PRIVATE_MESSAGE: AudienceText(_l("Private message"), _l("Only the people you send it to")),
}
VERDICT_ICONS = {Verdict.FINE: "✓", Verdict.SHARE_PRIVATELY: "◐", Verdict.CHANGE_FIRST: "✎", Verdict.KEEP_OFFLINE: "✕"}
WHERE_TEXT = {
    "picture": _l("in the picture"),
    "caption": _l("in the caption"),
    "hashtags": _l("in the hashtags"),
    "location": _l("location tag"),
    "settings": _l("post settings"),
}


@dataclass(frozen=True)
class DecisionFeedback:
    chosen: Verdict
    outcome: Grade
    expected: Verdict
    note: str
    assessment: Assessment
    careful: tuple[Verdict, ...]  # the decisions as careful as this post needs


@dataclass(frozen=True)
class FixFeedback:
    state: scenarios.PostState
    assessment: Assessment
    best: Verdict
    saved: bool


STEPS = ("decide", "spot", "fix", "done")  # one at a time: a step's feedback shows only once it is answered


@dataclass(frozen=True)
class ScenarioPage:
    scenario: Scenario
    theme: Theme
    position: int
    set_size: int
    next_in_set: Scenario | None
    post: scenarios.VisiblePost
    decision: DecisionFeedback | None
    spot: scenarios.SpotResult | None
    fix: FixFeedback

    @property
    def step(self) -> str:
        """The step the parent is on: nothing of a later step (its verdict included) is shown before it."""
        if self.decision is None:
            return "decide"
        if self.spot is None:
            return "spot"
        return "done" if self.fix.saved else "fix"

    @property
    def step_number(self) -> int:
        return min(STEPS.index(self.step) + 1, len(STEPS) - 1)

    def reached(self, step: str) -> bool:
        return STEPS.index(self.step) >= STEPS.index(step)

    @property
    def edits_by_detail(self) -> dict[str, str]:
        """How each hidden picture detail was hidden (blur, crop or sticker), to draw it that way."""
        return scenarios.edit_kinds(self.scenario, self.fix.state)


def theme_sets(catalog: Catalog) -> list[tuple[str, Theme, list[Scenario]]]:
    """Scenarios grouped by theme, in the order the risk file lists the themes."""
    assert catalog.risk is not None
    sets = []
    for slug, theme in catalog.risk.themes.items():
        members = [scenario for scenario in catalog.scenarios.values() if scenario.spec.theme == slug]
        if members:
            sets.append((slug, theme, members))
    return sets


def build_page(catalog: Catalog, scenario: Scenario, response: ScenarioResponse | None) -> ScenarioPage:
    assert catalog.risk is not None
    members = next(members for slug, _, members in theme_sets(catalog) if slug == scenario.spec.theme)
    position = members.index(scenario)
    state = _saved_state(scenario, response)
    return ScenarioPage(
        scenario=scenario,
        theme=catalog.risk.themes[scenario.spec.theme],
        position=position + 1,
        set_size=len(members),
        next_in_set=members[position + 1] if position + 1 < len(members) else None,
        post=scenarios.visible_post(scenario, state),
        decision=_decision_feedback(scenario, response),
        spot=scenarios.spot(scenario, response.spotted) if response and response.spotted is not None else None,
        fix=FixFeedback(
            state=state,
            assessment=scenarios.assessment(scenario, state),
            best=scenarios.assessment(scenario, scenarios.best_state(scenario)).verdict,
            saved=bool(response and response.fixes is not None),
        ),
    )


def _saved_state(scenario: Scenario, response: ScenarioResponse | None) -> scenarios.PostState:
    if response is None or response.fixes is None:
        return scenarios.initial_state(scenario)
    known = {fix.id for fix in scenario.spec.fixes}  # the scenario may have changed since
    return scenarios.edited_state(scenario, [fix for fix in response.fixes if fix in known], response.fixed_audience)


def _decision_feedback(scenario: Scenario, response: ScenarioResponse | None) -> DecisionFeedback | None:
    if response is None or response.decision is None:
        return None
    chosen = Verdict.from_key(response.decision)  # one of the four, checked when it was saved
    grades = scenarios.decision_grades(scenario)
    initial = scenarios.assessment(scenario, scenarios.initial_state(scenario))
    return DecisionFeedback(
        chosen,
        grades[chosen],
        initial.verdict,
        scenario.spec.decision_feedback[response.decision].text,
        initial,
        scenarios.careful_of(grades),
    )


def record_step(scenario: Scenario, form: MultiDict, find_learner: Callable[..., Learner | None]) -> str:
    """Check and save one posted step; returns where the page should open next.

    A step sent before the one it follows saves nothing, and starting again keeps no new guest record.
    Raises scenarios.UnknownChoice for anything the scenario does not offer.
    """
    step, record = parse_answer(scenario, form)
    learner = find_learner()
    if not in_order(step, responses.response_for(learner, scenario)):
        return "decide"
    if step != "restart" or learner is not None:
        record(find_learner(create=True))
    return "decide" if step == "restart" else f"{step}-result"


def in_order(step: str, response: ScenarioResponse | None) -> bool:
    """A step may be answered only once the one before it is: spotting after deciding, fixing after spotting."""
    if step == "spot":
        return response is not None and response.decision is not None
    if step == "fix":
        return response is not None and response.spotted is not None
    return True


def parse_answer(scenario: Scenario, form: MultiDict) -> tuple[str, Callable[[Learner], ScenarioResponse]]:
    """Check a submitted activity before anything is saved; returns the step and how to record it.

    Raises scenarios.UnknownChoice for anything the scenario does not offer.
    """
    step = form.get("step", "")
    if step == "decide":
        decision = form.get("decision", "")
        scenarios.judge(scenario, decision)
        return step, partial(responses.record_decision, scenario=scenario, decision=decision)
    if step == "spot":
        marked = form.getlist("detail")
        scenarios.spot(scenario, marked)
        return step, partial(responses.record_spot, scenario=scenario, marked=marked)
    if step == "restart":
        return step, partial(responses.forget, scenario=scenario)
    if step == "fix":
        fixes, audience = form.getlist("fix"), form.get("audience") or None
        scenarios.edited_state(scenario, fixes, audience)
        return step, partial(responses.record_fixes, scenario=scenario, fixes=fixes, audience=audience)
    raise scenarios.UnknownChoice(f"unknown step: {step!r}")
