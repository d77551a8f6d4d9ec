"""Saving a learner's work on scenarios: one row per learner and scenario, updated in place."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Learner, ScenarioResponse, utcnow
from . import editing as scenarios
from .loader import Scenario


def responses_by_scenario(learner: Learner | None) -> dict[str, ScenarioResponse]:
    if learner is None:
        return {}
    rows = db.session.scalars(select(ScenarioResponse).where(ScenarioResponse.learner_id == learner.id))
    return {row.scenario_id: row for row in rows}


def response_for(learner: Learner | None, scenario: Scenario) -> ScenarioResponse | None:
    if learner is None:
        return None
    return db.session.scalar(
        select(ScenarioResponse).where(
            ScenarioResponse.learner_id == learner.id, ScenarioResponse.scenario_id == scenario.slug
        )
    )


def _row(learner: Learner, scenario: Scenario) -> ScenarioResponse:
    row = response_for(learner, scenario)
    if row is None:
        try:
            with db.session.begin_nested():
                row = ScenarioResponse(
                    learner_id=learner.id, scenario_id=scenario.slug, content_hash=scenario.content_hash
                )
                db.session.add(row)
        except IntegrityError:  # a parallel request created it first
            row = response_for(learner, scenario)
            assert row is not None
    row.content_hash = scenario.content_hash
    row.updated_at = utcnow()
    return row


def record_decision(learner: Learner, scenario: Scenario, decision: str) -> ScenarioResponse:
    _, outcome = scenarios.judge(scenario, decision)
    row = _row(learner, scenario)
    row.decision, row.decision_outcome = decision, outcome.value
    return row


def record_spot(learner: Learner, scenario: Scenario, marked: list[str]) -> ScenarioResponse:
    result = scenarios.spot(scenario, marked)
    row = _row(learner, scenario)
    row.spotted = sorted(set(marked))
    row.spot_found, row.spot_total = result.score, result.total
    return row


def record_fixes(learner: Learner, scenario: Scenario, fixes: list[str], audience: str | None) -> ScenarioResponse:
    state = scenarios.edited_state(scenario, fixes, audience)
    row = _row(learner, scenario)
    row.fixes = sorted(state.fixes)
    row.fixed_audience = state.audience.value
    row.fixed_verdict = scenarios.assessment(scenario, state).verdict.key
    return row


def forget(learner: Learner, scenario: Scenario) -> None:
    """Start a scenario again: the parent's earlier answers to it are deleted."""
    row = response_for(learner, scenario)
    if row is not None:
        db.session.delete(row)


def merge_responses(source: Learner, target: Learner) -> None:
    """Move a guest's scenario work to the account; where both exist, keep the newer one."""
    existing = {row.scenario_id: row for row in target.scenario_responses}
    for row in list(source.scenario_responses):
        kept = existing.get(row.scenario_id)
        if kept is None:
            row.learner = target
        elif row.updated_at > kept.updated_at:
            target.scenario_responses.remove(kept)  # delete-orphan removes the older one
            db.session.flush()
            row.learner = target
    db.session.flush()
