"""The risk model: unit tests for each rule, property tests for the promises it makes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from course.scenarios.risk import (
    FACTOR_VERDICTS,
    Audience,
    Factor,
    Grade,
    Verdict,
    assess,
    grade_decisions,
)

factor_sets = st.frozensets(st.sampled_from(list(Factor)))
audiences = st.sampled_from(list(Audience))


def test_a_post_with_nothing_risky_is_fine_even_in_public():
    result = assess([], Audience.PUBLIC)
    assert result.verdict == Verdict.FINE and result.reasons == ()


def test_undress_is_kept_offline_whoever_sees_it():
    for audience in Audience:
        assert assess([Factor.UNDRESS], audience).verdict == Verdict.KEEP_OFFLINE


def test_a_private_moment_may_go_to_close_family_but_not_to_all_friends():
    assert assess([Factor.PRIVATE_MOMENT], Audience.CLOSE_FAMILY).verdict == Verdict.SHARE_PRIVATELY
    assert assess([Factor.PRIVATE_MOMENT], Audience.FRIENDS).verdict == Verdict.KEEP_OFFLINE


def test_identifying_details_need_changing_only_when_the_post_travels():
    for factor in (Factor.IDENTITY, Factor.SCHOOL, Factor.HOME, Factor.LOCATION, Factor.ROUTINE):
        assert assess([factor], Audience.PRIVATE_MESSAGE).verdict == Verdict.FINE
        assert assess([factor], Audience.FRIENDS).verdict == Verdict.CHANGE_FIRST


def test_hashtags_matter_only_in_public():
    assert assess([Factor.HASHTAG], Audience.FRIENDS).verdict == Verdict.FINE
    assert assess([Factor.HASHTAG], Audience.PUBLIC).verdict == Verdict.CHANGE_FIRST


def test_reasons_list_the_factors_that_matter_most_careful_first():
    result = assess([Factor.HASHTAG, Factor.UNDRESS, Factor.SCHOOL], Audience.PUBLIC)
    assert [reason.factor for reason in result.reasons] == [Factor.UNDRESS, Factor.HASHTAG, Factor.SCHOOL]
    assert result.verdict == Verdict.KEEP_OFFLINE


def test_factors_that_do_not_matter_at_this_audience_give_no_reason():
    result = assess([Factor.HASHTAG, Factor.DISTRESS], Audience.CLOSE_FAMILY)
    assert [reason.factor for reason in result.reasons] == [Factor.DISTRESS]


def test_every_factor_has_a_verdict_for_every_audience():
    assert set(FACTOR_VERDICTS) == set(Factor)
    assert all(len(verdicts) == len(Audience) for verdicts in FACTOR_VERDICTS.values())


def test_consent_is_asked_whoever_will_see_it():
    for audience in Audience:
        assert assess([Factor.CONSENT], audience).verdict == Verdict.CHANGE_FIRST


def test_a_name_on_a_friends_post_can_be_edited_out_or_kept_to_family():
    grades = grade_decisions({Factor.IDENTITY}, set(), Audience.FRIENDS)
    assert grades == {
        Verdict.FINE: Grade.RISKY,
        Verdict.SHARE_PRIVATELY: Grade.CAREFUL,
        Verdict.CHANGE_FIRST: Grade.CAREFUL,
        Verdict.KEEP_OFFLINE: Grade.ALSO_FINE,
    }


def test_a_private_moment_that_no_edit_removes_goes_to_family_only():
    grades = grade_decisions({Factor.PRIVATE_MOMENT}, {Factor.PRIVATE_MOMENT}, Audience.PUBLIC)
    assert grades[Verdict.SHARE_PRIVATELY] == Grade.CAREFUL
    assert grades[Verdict.CHANGE_FIRST] == Grade.RISKY
    assert grades[Verdict.KEEP_OFFLINE] == Grade.ALSO_FINE


def test_undress_that_framing_removes_can_be_shared_once_edited_but_not_as_it_is():
    grades = grade_decisions({Factor.UNDRESS}, set(), Audience.FRIENDS)
    assert grades[Verdict.CHANGE_FIRST] == Grade.CAREFUL
    assert grades[Verdict.SHARE_PRIVATELY] == Grade.RISKY


def test_a_fine_post_is_careful_as_it_is_and_every_holding_back_is_also_fine():
    grades = grade_decisions(set(), set(), Audience.PUBLIC)
    assert grades[Verdict.FINE] == Grade.CAREFUL
    assert {grades[v] for v in (Verdict.SHARE_PRIVATELY, Verdict.CHANGE_FIRST, Verdict.KEEP_OFFLINE)} == {
        Grade.ALSO_FINE
    }


def test_asking_the_child_is_needed_even_for_a_family_chat():
    grades = grade_decisions({Factor.CONSENT}, set(), Audience.CLOSE_FAMILY)
    assert grades[Verdict.SHARE_PRIVATELY] == Grade.RISKY
    assert grades[Verdict.CHANGE_FIRST] == Grade.CAREFUL


@given(factor_sets, factor_sets, audiences)
def test_every_post_has_a_careful_decision_and_keeping_it_offline_is_never_risky(drafted, fixed, audience):
    grades = grade_decisions(drafted, drafted & fixed, audience)
    assert Grade.CAREFUL in grades.values()
    assert grades[Verdict.KEEP_OFFLINE] != Grade.RISKY


@given(factor_sets, factor_sets, audiences)
def test_a_decision_that_holds_back_more_is_never_riskier(drafted, fixed, audience):
    grades = grade_decisions(drafted, drafted & fixed, audience)
    if grades[Verdict.FINE] != Grade.RISKY:
        assert Grade.RISKY not in grades.values()


@given(factor_sets, st.sampled_from(list(Factor)), audiences)
def test_removing_a_risk_never_makes_the_verdict_worse(factors, removed, audience):
    assert assess(factors - {removed}, audience).verdict <= assess(factors, audience).verdict


@given(factor_sets, audiences, audiences)
def test_a_smaller_audience_is_never_judged_riskier(factors, first, second):
    smaller, larger = sorted((first, second), key=lambda audience: audience.reach)
    assert assess(factors, smaller).verdict <= assess(factors, larger).verdict


@given(factor_sets)
def test_a_private_message_is_never_riskier_than_public(factors):
    assert assess(factors, Audience.PRIVATE_MESSAGE).verdict <= assess(factors, Audience.PUBLIC).verdict


@given(factor_sets, audiences)
def test_the_verdict_is_explained_by_its_reasons(factors, audience):
    result = assess(factors, audience)
    if result.verdict == Verdict.FINE:
        assert result.reasons == ()
    else:
        assert max(reason.verdict for reason in result.reasons) == result.verdict
        assert {reason.factor for reason in result.reasons} <= factors


@given(factor_sets, factor_sets, audiences)
def test_adding_risks_never_makes_a_post_safer(first, second, audience):
    assert assess(first | second, audience).verdict >= assess(first, audience).verdict
