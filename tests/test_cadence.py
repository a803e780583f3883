"""The cadence of ETIQUETTE.md: one test per row and rule, then properties.

Dates are fixed in November/December 2026: Thu 19 Nov 2026 is the articles'
own example (a Thursday interview is followed up the next Thursday).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from storage.rules.business_days import WorkCalendar
from storage.rules.cadence import (
    Action,
    ActionKind,
    ActionStatus,
    AppFacts,
    CadenceSettings,
    CommFact,
    Nudge,
    OverrideFact,
    PersonFact,
    RoundFact,
    application_nudges,
    format_day,
    pending_actions,
    pipeline_nudges,
    resolved_chain,
    validate_round,
)

DEFAULT = CadenceSettings()
ANN = PersonFact(1, "Ann Lee", "ann@acme.example", "Engineering Manager")
BOB = PersonFact(2, "Bob Park", "bob@acme.example", "Staff Engineer")
MAIN = PersonFact(9, "Mia Recruiter", "mia@acme.example", "Recruiter")
THU = datetime(2026, 11, 19, 10, 0)  # Thu 19 Nov 2026, 10:00
CHAIN = (ActionKind.FOLLOW_UP, ActionKind.SECOND_FOLLOW_UP, ActionKind.MOVE_ON)


def rnd(interview_id: int = 10, number: int = 1, starts_at: datetime = THU,
        ends_at: datetime | None = None, decision_on: date | None = None,
        interviewers: tuple[PersonFact, ...] = (ANN,)) -> RoundFact:
    return RoundFact(interview_id, number, starts_at, ends_at, decision_on, interviewers)


def app(*rounds: RoundFact, comms: tuple[CommFact, ...] = (),
        overrides: tuple[OverrideFact, ...] = (), main_contact: PersonFact | None = MAIN,
        closed: bool = False, no_contact: bool = False, offer_since: datetime | None = None,
        references_requested_on: date | None = None) -> AppFacts:
    """Application 1, by default with one Thursday round interviewed by Ann."""
    return AppFacts(1, closed=closed, no_contact=no_contact, offer_since=offer_since,
                    main_contact=main_contact, rounds=rounds or (rnd(),),
                    communications=comms, references_requested_on=references_requested_on,
                    overrides=overrides)


def out(at: datetime, kind: str = "follow_up", contact_id: int | None = 9) -> CommFact:
    return CommFact(at, "out", kind, contact_id)


def inbound(at: datetime, kind: str = "response", contact_id: int | None = 9) -> CommFact:
    return CommFact(at, "in", kind, contact_id)


def of_kind(actions: list[Action], kind: ActionKind) -> list[Action]:
    return [a for a in actions if a.kind is kind]


def only(actions: list[Action], kind: ActionKind) -> Action:
    found = of_kind(actions, kind)
    assert len(found) == 1, actions
    return found[0]


def chain_kinds(actions: list[Action]) -> list[ActionKind]:
    return [a.kind for a in actions if a.kind in CHAIN]


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour)


# ---------------------------------------------------------------- thank-you


def test_thank_you_one_per_interviewer() -> None:
    actions = pending_actions(app(rnd(interviewers=(ANN, BOB))), DEFAULT)
    notes = of_kind(actions, ActionKind.THANK_YOU)
    assert [(a.contact_id, a.contact_name) for a in notes] == [(1, "Ann Lee"), (2, "Bob Park")]
    assert {a.interview_id for a in notes} == {10}
    assert {a.round_number for a in notes} == {1}


def test_thank_you_interviewer_listed_twice_gets_one_note() -> None:
    actions = pending_actions(app(rnd(interviewers=(ANN, ANN))), DEFAULT)
    assert len(of_kind(actions, ActionKind.THANK_YOU)) == 1


def test_thank_you_unaddressed_when_no_interviewer() -> None:
    note = only(pending_actions(app(rnd(interviewers=())), DEFAULT), ActionKind.THANK_YOU)
    assert note.contact_id is None
    assert note.contact_name is None
    assert note.key == (ActionKind.THANK_YOU, 10, None)


def test_thank_you_due_24h_after_end() -> None:
    ends = datetime(2026, 11, 19, 16, 30)
    note = only(pending_actions(app(rnd(ends_at=ends)), DEFAULT), ActionKind.THANK_YOU)
    assert note.due_at == datetime(2026, 11, 20, 16, 30)
    assert note.due_on == date(2026, 11, 20)
    assert note.reason == "within 24 hours of the interview on Thu 19 Nov"


def test_thank_you_due_24h_after_default_one_hour_end() -> None:
    late_evening = datetime(2026, 11, 19, 23, 30)  # ends 00:30 on Friday
    note = only(pending_actions(app(rnd(starts_at=late_evening)), DEFAULT),
                ActionKind.THANK_YOU)
    assert note.due_at == datetime(2026, 11, 21, 0, 30)
    assert note.due_on == date(2026, 11, 21)


def test_thank_you_hours_come_from_settings() -> None:
    note = only(pending_actions(app(), replace(DEFAULT, thank_you_hours=48)),
                ActionKind.THANK_YOU)
    assert note.due_at == datetime(2026, 11, 21, 11, 0)
    assert note.reason == "within 48 hours of the interview on Thu 19 Nov"


def test_thank_you_late_after_two_business_days() -> None:
    note = only(pending_actions(app(), DEFAULT), ActionKind.THANK_YOU)
    # Thursday + 2 business days = Monday; late from Tuesday.
    assert note.late_after == date(2026, 11, 23)
    assert note.status(date(2026, 11, 23)) is ActionStatus.OVERDUE
    assert note.status(date(2026, 11, 24)) is ActionStatus.LATE


def test_thank_you_late_after_counts_holidays() -> None:
    cal = WorkCalendar.of(holidays=[date(2026, 11, 20)])
    note = only(pending_actions(app(), replace(DEFAULT, calendar=cal)), ActionKind.THANK_YOU)
    assert note.late_after == date(2026, 11, 24)


def test_thank_you_done_by_outbound_thank_you_to_that_contact() -> None:
    facts = app(rnd(interviewers=(ANN, BOB)),
                comms=(out(at("2026-11-19", 15), "thank_you", ANN.contact_id),))
    notes = of_kind(pending_actions(facts, DEFAULT), ActionKind.THANK_YOU)
    assert [a.contact_id for a in notes] == [BOB.contact_id]


def test_thank_you_not_done_by_note_before_round_or_other_kinds() -> None:
    facts = app(comms=(
        out(at("2026-11-18"), "thank_you", ANN.contact_id),  # before the round started
        out(at("2026-11-20"), "follow_up", ANN.contact_id),  # not a thank-you
        inbound(at("2026-11-20"), "thank_you", ANN.contact_id),  # not outbound
    ))
    assert len(of_kind(pending_actions(facts, DEFAULT), ActionKind.THANK_YOU)) == 1


def test_thank_you_unaddressed_done_by_any_thank_you() -> None:
    facts = app(rnd(interviewers=()), comms=(out(at("2026-11-20"), "thank_you", 42),))
    assert of_kind(pending_actions(facts, DEFAULT), ActionKind.THANK_YOU) == []
    # The note for round 1 does not thank round 2's people.
    first = rnd(10, 1, THU, interviewers=())
    second = rnd(11, 2, datetime(2026, 11, 25, 9, 0), interviewers=())
    facts = app(first, second, comms=(out(at("2026-11-20"), "thank_you", None),))
    notes = of_kind(pending_actions(facts, DEFAULT), ActionKind.THANK_YOU)
    assert [(a.interview_id, a.contact_id) for a in notes] == [(11, None)]


# ------------------------------------------------------------ first follow-up


def test_first_follow_up_five_business_days_thursday_to_thursday() -> None:
    follow = only(pending_actions(app(), DEFAULT), ActionKind.FOLLOW_UP)
    assert follow.due_on == date(2026, 11, 26)
    assert follow.due_at is None
    assert follow.reason == "5 business days since the interview on Thu 19 Nov"


def test_first_follow_up_goes_to_main_contact() -> None:
    follow = only(pending_actions(app(), DEFAULT), ActionKind.FOLLOW_UP)
    assert (follow.contact_id, follow.contact_name) == (9, "Mia Recruiter")
    assert follow.key == (ActionKind.FOLLOW_UP, 10, 9)
    no_main = only(pending_actions(app(main_contact=None), DEFAULT), ActionKind.FOLLOW_UP)
    assert no_main.contact_id is None


def test_first_follow_up_count_skips_holidays_and_follows_settings() -> None:
    cal = WorkCalendar.of(holidays=[date(2026, 11, 26), date(2026, 11, 27)])
    follow = only(pending_actions(app(), replace(DEFAULT, calendar=cal)), ActionKind.FOLLOW_UP)
    assert follow.due_on == date(2026, 11, 30)  # Fri 20, Mon 23, Tue 24, Wed 25, Mon 30
    seven = only(pending_actions(app(), replace(DEFAULT, first_follow_up_business_days=7)),
                 ActionKind.FOLLOW_UP)
    assert seven.due_on == date(2026, 11, 30)
    assert seven.reason == "7 business days since the interview on Thu 19 Nov"


def test_first_follow_up_day_after_decision_date() -> None:
    facts = app(rnd(decision_on=date(2026, 11, 26)))
    follow = only(pending_actions(facts, DEFAULT), ActionKind.FOLLOW_UP)
    assert follow.due_on == date(2026, 11, 27)
    assert follow.reason == "the day after their decision date, Thu 26 Nov"


def test_first_follow_up_decision_date_on_weekend_is_due_monday() -> None:
    facts = app(rnd(decision_on=date(2026, 11, 28)))  # a Saturday
    assert only(pending_actions(facts, DEFAULT), ActionKind.FOLLOW_UP).due_on == date(2026, 11, 30)


def test_first_follow_up_decision_date_before_holiday() -> None:
    cal = WorkCalendar.of(holidays=[date(2026, 12, 25)])
    facts = app(rnd(decision_on=date(2026, 12, 24)))  # Thu, with Christmas on the Friday
    follow = only(pending_actions(facts, replace(DEFAULT, calendar=cal)), ActionKind.FOLLOW_UP)
    assert follow.due_on == date(2026, 12, 28)


def test_first_follow_up_zero_days_setting_rolls_to_a_business_day() -> None:
    saturday = datetime(2026, 11, 21, 10, 0)
    follow = only(pending_actions(app(rnd(starts_at=saturday)),
                                  replace(DEFAULT, first_follow_up_business_days=0)),
                  ActionKind.FOLLOW_UP)
    assert follow.due_on == date(2026, 11, 23)


def test_first_follow_up_done_by_outbound_follow_up_after_round() -> None:
    before_end = out(datetime(2026, 11, 19, 10, 30))  # during the round: not a follow-up
    facts = app(comms=(before_end,))
    assert chain_kinds(pending_actions(facts, DEFAULT)) == [ActionKind.FOLLOW_UP]
    facts = app(comms=(before_end, out(at("2026-11-26"))))
    assert chain_kinds(pending_actions(facts, DEFAULT)) == [ActionKind.SECOND_FOLLOW_UP]


# ----------------------------------------------------------- second follow-up


def test_second_follow_up_five_business_days_after_first() -> None:
    facts = app(comms=(out(at("2026-11-30")),))
    second = only(pending_actions(facts, DEFAULT), ActionKind.SECOND_FOLLOW_UP)
    assert second.due_on == date(2026, 12, 7)
    assert second.reason == "5 business days since your first follow-up on Mon 30 Nov"
    assert (second.contact_id, second.interview_id) == (9, 10)
    assert of_kind(pending_actions(facts, DEFAULT), ActionKind.FOLLOW_UP) == []


def test_second_follow_up_waits_for_later_decision_date() -> None:
    facts = app(rnd(decision_on=date(2026, 12, 8)), comms=(out(at("2026-11-30")),))
    second = only(pending_actions(facts, DEFAULT), ActionKind.SECOND_FOLLOW_UP)
    assert second.due_on == date(2026, 12, 9)
    assert second.reason == ("5 business days since your first follow-up on Mon 30 Nov "
                             "and the day after their decision date, Tue 8 Dec")


def test_second_follow_up_ignores_decision_date_before_first() -> None:
    facts = app(rnd(decision_on=date(2026, 11, 26)), comms=(out(at("2026-11-30")),))
    second = only(pending_actions(facts, DEFAULT), ActionKind.SECOND_FOLLOW_UP)
    assert second.due_on == date(2026, 12, 7)
    assert "decision date" not in second.reason


def test_second_follow_up_keeps_spacing_when_decision_date_is_sooner() -> None:
    # D on or after S1 but its next business day comes before S1 + 5: spacing wins.
    facts = app(rnd(decision_on=date(2026, 12, 1)), comms=(out(at("2026-11-30")),))
    assert only(pending_actions(facts, DEFAULT),
                ActionKind.SECOND_FOLLOW_UP).due_on == date(2026, 12, 7)


# -------------------------------------------------------------------- move on


def test_move_on_ten_business_days_after_second() -> None:
    facts = app(comms=(out(at("2026-11-30")), out(at("2026-12-07"))))
    actions = pending_actions(facts, DEFAULT)
    move = only(actions, ActionKind.MOVE_ON)
    assert move.due_on == date(2026, 12, 21)
    assert move.reason == ("10 business days since your second follow-up on Mon 7 Dec, "
                           "with no word back")
    assert move.contact_id is None
    assert chain_kinds(actions) == [ActionKind.MOVE_ON]


def test_move_on_resolved_by_done_or_skip() -> None:
    comms = (out(at("2026-11-30")), out(at("2026-12-07")))
    blank = OverrideFact(ActionKind.MOVE_ON, 10, None)
    for override in (replace(blank, done_on=date(2026, 12, 21)),
                     replace(blank, skipped_on=date(2026, 12, 21))):
        assert chain_kinds(pending_actions(app(comms=comms, overrides=(override,)), DEFAULT)) == []


def test_move_on_ended_by_closing_the_application() -> None:
    facts = app(comms=(out(at("2026-11-30")), out(at("2026-12-07"))), closed=True)
    assert pending_actions(facts, DEFAULT) == []


# ------------------------------------------------------------------ references


def test_references_due_on_the_day_requested() -> None:
    ref = only(pending_actions(app(references_requested_on=date(2026, 11, 30)), DEFAULT),
               ActionKind.REFERENCES)
    assert ref.due_on == date(2026, 11, 30)
    assert ref.key == (ActionKind.REFERENCES, None, None)
    assert ref.reason == "they asked for your references on Mon 30 Nov"


def test_references_pending_until_done() -> None:
    done = OverrideFact(ActionKind.REFERENCES, None, None, done_on=date(2026, 12, 1))
    facts = app(references_requested_on=date(2026, 11, 30), overrides=(done,))
    assert of_kind(pending_actions(facts, DEFAULT), ActionKind.REFERENCES) == []


# ---------------------------------------------------------------------- rules


def test_rule1_never_a_third_follow_up() -> None:
    facts = app(comms=(out(at("2026-11-30")), out(at("2026-12-07")), out(at("2026-12-08"))))
    actions = pending_actions(facts, DEFAULT)
    assert chain_kinds(actions) == [ActionKind.MOVE_ON]
    # The third logged note does not restart anything: move-on counts from the second.
    assert only(actions, ActionKind.MOVE_ON).due_on == date(2026, 12, 21)
    chain = resolved_chain(facts)
    assert chain is not None
    assert chain.sent_on == (date(2026, 11, 30), date(2026, 12, 7))


def test_rule2_response_before_first_follow_up() -> None:
    facts = app(comms=(inbound(at("2026-11-23")),))
    actions = pending_actions(facts, DEFAULT)
    assert chain_kinds(actions) == []
    assert len(of_kind(actions, ActionKind.THANK_YOU)) == 1


def test_rule2_response_after_first_follow_up() -> None:
    facts = app(comms=(out(at("2026-11-26")), inbound(at("2026-11-27"))))
    assert chain_kinds(pending_actions(facts, DEFAULT)) == []


def test_rule2_response_after_second_follow_up_cancels_move_on() -> None:
    facts = app(comms=(out(at("2026-11-26")), out(at("2026-12-03")), inbound(at("2026-12-04"))))
    assert chain_kinds(pending_actions(facts, DEFAULT)) == []


def test_rule2_response_keeps_thank_you() -> None:
    facts = app(rnd(interviewers=(ANN, BOB)), comms=(inbound(datetime(2026, 11, 19, 12)),))
    notes = of_kind(pending_actions(facts, DEFAULT), ActionKind.THANK_YOU)
    assert [a.contact_id for a in notes] == [1, 2]


def test_rule2_message_before_round_ended_is_not_a_response() -> None:
    facts = app(comms=(inbound(datetime(2026, 11, 19, 10, 45)),))  # during the interview
    assert chain_kinds(pending_actions(facts, DEFAULT)) == [ActionKind.FOLLOW_UP]


def test_rule3_later_round_ends_the_earlier_rounds_waiting() -> None:
    first = rnd(10, 1, THU, decision_on=date(2026, 11, 26))
    second = rnd(11, 2, datetime(2026, 11, 24, 14, 0), interviewers=(BOB,))
    actions = pending_actions(app(first, second), DEFAULT)
    follow = only(actions, ActionKind.FOLLOW_UP)
    assert (follow.interview_id, follow.round_number) == (11, 2)
    assert follow.due_on == date(2026, 12, 1)  # Tue 24 + 5 business days
    assert follow.reason == "5 business days since the interview on Tue 24 Nov"


def test_rule3_every_round_keeps_its_thank_yous() -> None:
    first = rnd(10, 1, THU, interviewers=(ANN,))
    second = rnd(11, 2, datetime(2026, 11, 24, 14, 0), interviewers=(ANN, BOB))
    notes = of_kind(pending_actions(app(first, second), DEFAULT), ActionKind.THANK_YOU)
    assert [(a.interview_id, a.contact_id) for a in notes] == [(10, 1), (11, 1), (11, 2)]


def test_rule3_later_round_found_whatever_the_order_given() -> None:
    first = rnd(10, 1, THU)
    second = rnd(11, 2, datetime(2026, 11, 24, 14, 0))
    forward = pending_actions(app(first, second), DEFAULT)
    backward = pending_actions(app(second, first), DEFAULT)
    assert forward == backward
    assert only(forward, ActionKind.FOLLOW_UP).interview_id == 11


def test_rule3_follow_ups_of_earlier_round_do_not_count_for_later_one() -> None:
    first = rnd(10, 1, THU)
    second = rnd(11, 2, datetime(2026, 12, 2, 14, 0))
    facts = app(first, second, comms=(out(at("2026-11-26")), out(at("2026-11-30"))))
    assert chain_kinds(pending_actions(facts, DEFAULT)) == [ActionKind.FOLLOW_UP]


def test_rule4_skip_first_follow_up_counts_as_sent_that_day() -> None:
    skip = OverrideFact(ActionKind.FOLLOW_UP, 10, 9, skipped_on=date(2026, 11, 27))
    actions = pending_actions(app(overrides=(skip,)), DEFAULT)
    second = only(actions, ActionKind.SECOND_FOLLOW_UP)
    assert second.due_on == date(2026, 12, 4)
    assert second.reason == "5 business days since your first follow-up on Fri 27 Nov"
    assert chain_kinds(actions) == [ActionKind.SECOND_FOLLOW_UP]


def test_rule4_skip_second_follow_up_starts_move_on() -> None:
    skips = (OverrideFact(ActionKind.FOLLOW_UP, 10, 9, skipped_on=date(2026, 11, 27)),
             OverrideFact(ActionKind.SECOND_FOLLOW_UP, 10, 9, skipped_on=date(2026, 12, 4)))
    move = only(pending_actions(app(overrides=skips), DEFAULT), ActionKind.MOVE_ON)
    assert move.due_on == date(2026, 12, 18)


def test_rule4_skip_then_logged_follow_up_is_the_second() -> None:
    skip = OverrideFact(ActionKind.FOLLOW_UP, 10, 9, skipped_on=date(2026, 11, 27))
    facts = app(comms=(out(at("2026-12-03")),), overrides=(skip,))
    assert chain_kinds(pending_actions(facts, DEFAULT)) == [ActionKind.MOVE_ON]


def test_rule4_done_and_logged_same_day_count_once() -> None:
    done = OverrideFact(ActionKind.FOLLOW_UP, 10, 9, done_on=date(2026, 11, 30))
    facts = app(comms=(out(at("2026-11-30", 14)),), overrides=(done,))
    second = only(pending_actions(facts, DEFAULT), ActionKind.SECOND_FOLLOW_UP)
    assert second.due_on == date(2026, 12, 7)


def test_rule4_skip_survives_a_change_of_main_contact() -> None:
    skip = OverrideFact(ActionKind.FOLLOW_UP, 10, 77, skipped_on=date(2026, 11, 27))
    assert chain_kinds(pending_actions(app(overrides=(skip,)), DEFAULT)) == [
        ActionKind.SECOND_FOLLOW_UP]


def test_rule4_skip_thank_you_resolves_only_that_note() -> None:
    skip = OverrideFact(ActionKind.THANK_YOU, 10, 1, skipped_on=date(2026, 11, 20))
    facts = app(rnd(interviewers=(ANN, BOB)), overrides=(skip,))
    notes = of_kind(pending_actions(facts, DEFAULT), ActionKind.THANK_YOU)
    assert [a.contact_id for a in notes] == [2]


def test_rule4_override_kind_given_as_plain_string() -> None:
    skip = OverrideFact("thank_you", 10, 1, done_on=date(2026, 11, 20))  # type: ignore[arg-type]
    bogus = OverrideFact("unheard_of", 10, 1, done_on=date(2026, 11, 20))  # type: ignore[arg-type]
    facts = app(overrides=(skip, bogus))
    assert of_kind(pending_actions(facts, DEFAULT), ActionKind.THANK_YOU) == []


def test_rule4_snooze_moves_only_that_action() -> None:
    snooze = OverrideFact(ActionKind.THANK_YOU, 10, 1, snoozed_to=date(2026, 11, 23))
    plain = pending_actions(app(rnd(interviewers=(ANN, BOB))), DEFAULT)
    actions = pending_actions(app(rnd(interviewers=(ANN, BOB)), overrides=(snooze,)), DEFAULT)
    ann = next(a for a in actions if a.contact_id == 1)
    assert ann.due_on == date(2026, 11, 23)
    assert ann.due_at is None
    assert ann.snoozed
    assert ann.reason == "snoozed to Mon 23 Nov; within 24 hours of the interview on Thu 19 Nov"
    assert ann.late_after == date(2026, 11, 23)
    unchanged = [a for a in actions if a.contact_id != 1]
    assert unchanged == [a for a in plain if a.contact_id != 1]


def test_rule4_snooze_follow_up() -> None:
    snooze = OverrideFact(ActionKind.FOLLOW_UP, 10, 9, snoozed_to=date(2026, 12, 2))
    follow = only(pending_actions(app(overrides=(snooze,)), DEFAULT), ActionKind.FOLLOW_UP)
    assert (follow.due_on, follow.snoozed) == (date(2026, 12, 2), True)
    assert follow.reason.startswith("snoozed to Wed 2 Dec; 5 business days")


def test_rule4_snooze_overtaken_by_later_due_date_is_ignored() -> None:
    snooze = OverrideFact(ActionKind.FOLLOW_UP, 10, 9, snoozed_to=date(2026, 11, 30))
    facts = app(rnd(decision_on=date(2026, 12, 8)), overrides=(snooze,))
    follow = only(pending_actions(facts, DEFAULT), ActionKind.FOLLOW_UP)
    assert (follow.due_on, follow.snoozed) == (date(2026, 12, 9), False)


def test_rule5_phone_call_counts_as_a_follow_up() -> None:
    call = out(at("2026-11-30"), "follow_up")  # a call logged as a follow-up
    facts = app(comms=(call,))
    second = only(pending_actions(facts, DEFAULT), ActionKind.SECOND_FOLLOW_UP)
    assert second.due_on == date(2026, 12, 7)
    chain = resolved_chain(facts)
    assert chain is not None and chain.sent_on == (date(2026, 11, 30),)


def test_rule5_new_decision_date_resumes_first_follow_up() -> None:
    # They answered on Tue 24 Nov: "we decide on Thu 3 Dec"; the user recorded it.
    facts = app(rnd(decision_on=date(2026, 12, 3)), comms=(inbound(at("2026-11-24", 15)),))
    follow = only(pending_actions(facts, DEFAULT), ActionKind.FOLLOW_UP)
    assert follow.due_on == date(2026, 12, 4)
    assert follow.reason == "the day after their new decision date, Thu 3 Dec"


def test_rule5_new_decision_date_after_first_follow_up_schedules_second() -> None:
    facts = app(rnd(decision_on=date(2026, 11, 30)),
                comms=(out(at("2026-11-26")), inbound(at("2026-11-27"))))
    second = only(pending_actions(facts, DEFAULT), ActionKind.SECOND_FOLLOW_UP)
    assert second.due_on == date(2026, 12, 1)  # the day after D, not S1 + 5


def test_rule5_new_decision_date_from_phone_call() -> None:
    call = out(at("2026-11-30", 10))
    answer = inbound(at("2026-11-30", 11))
    facts = app(rnd(decision_on=date(2026, 12, 4)), comms=(call, answer))
    second = only(pending_actions(facts, DEFAULT), ActionKind.SECOND_FOLLOW_UP)
    assert second.due_on == date(2026, 12, 7)


def test_rule5_new_decision_date_after_two_follow_ups_schedules_nothing() -> None:
    facts = app(rnd(decision_on=date(2026, 12, 10)),
                comms=(out(at("2026-11-26")), out(at("2026-12-03")), inbound(at("2026-12-04"))))
    assert chain_kinds(pending_actions(facts, DEFAULT)) == []


def test_rule5_new_decision_date_not_later_than_response_ends_waiting() -> None:
    facts = app(rnd(decision_on=date(2026, 11, 24)), comms=(inbound(at("2026-11-24", 15)),))
    assert chain_kinds(pending_actions(facts, DEFAULT)) == []


def test_rule5_resumed_chain_goes_on_from_follow_up_sent_after_response() -> None:
    base = (inbound(at("2026-11-24")),)
    decided = rnd(decision_on=date(2026, 12, 3))
    facts = app(decided, comms=(*base, out(at("2026-12-04"))))
    second = only(pending_actions(facts, DEFAULT), ActionKind.SECOND_FOLLOW_UP)
    assert second.due_on == date(2026, 12, 11)
    facts = app(decided, comms=(*base, out(at("2026-12-04")), out(at("2026-12-11"))))
    move = only(pending_actions(facts, DEFAULT), ActionKind.MOVE_ON)
    assert move.due_on == date(2026, 12, 25)


def test_rule6_status_overdue_due_upcoming() -> None:
    follow = only(pending_actions(app(), DEFAULT), ActionKind.FOLLOW_UP)
    assert follow.status(date(2026, 11, 25)) is ActionStatus.UPCOMING
    assert follow.status(date(2026, 11, 26)) is ActionStatus.DUE
    assert follow.status(date(2026, 11, 27)) is ActionStatus.OVERDUE


def test_rule6_status_late_wins_over_overdue() -> None:
    note = only(pending_actions(app(), DEFAULT), ActionKind.THANK_YOU)
    assert note.status(date(2026, 11, 20)) is ActionStatus.DUE
    assert note.status(date(2026, 11, 21)) is ActionStatus.OVERDUE
    assert note.status(date(2026, 12, 1)) is ActionStatus.LATE


def test_rule6_status_snoozed_thank_you_waits_for_its_day() -> None:
    snooze = OverrideFact(ActionKind.THANK_YOU, 10, 1, snoozed_to=date(2026, 11, 30))
    note = only(pending_actions(app(overrides=(snooze,)), DEFAULT), ActionKind.THANK_YOU)
    assert note.status(date(2026, 11, 25)) is ActionStatus.UPCOMING
    assert note.status(date(2026, 11, 30)) is ActionStatus.LATE


# --------------------------------------------------------- application states


def test_no_contact_has_no_actions() -> None:
    facts = app(no_contact=True, references_requested_on=date(2026, 11, 30))
    assert pending_actions(facts, DEFAULT) == []


def test_closed_has_no_actions() -> None:
    facts = app(closed=True, references_requested_on=date(2026, 11, 30))
    assert pending_actions(facts, DEFAULT) == []


def test_offer_stage_counts_as_response() -> None:
    facts = app(rnd(decision_on=date(2026, 12, 3)), offer_since=at("2026-11-24"))
    actions = pending_actions(facts, DEFAULT)
    assert chain_kinds(actions) == []  # even with the decision date still ahead
    assert len(of_kind(actions, ActionKind.THANK_YOU)) == 1
    chain = resolved_chain(facts)
    assert chain is not None and chain.offer


def test_offer_before_the_latest_round_ended_is_not_its_response() -> None:
    facts = app(offer_since=datetime(2026, 11, 18, 9, 0))
    assert chain_kinds(pending_actions(facts, DEFAULT)) == [ActionKind.FOLLOW_UP]


def test_no_rounds_no_interview_actions() -> None:
    facts = AppFacts(1, main_contact=MAIN)
    assert pending_actions(facts, DEFAULT) == []
    assert resolved_chain(facts) is None


def test_two_interviewers_sorted_by_name() -> None:
    zed = PersonFact(3, "Zed Adams")
    actions = pending_actions(app(rnd(interviewers=(zed, BOB, ANN))), DEFAULT)
    assert [a.contact_name for a in of_kind(actions, ActionKind.THANK_YOU)] == [
        "Ann Lee", "Bob Park", "Zed Adams"]


def test_two_rounds_full_picture_sorted_by_due_then_kind() -> None:
    first = rnd(10, 1, THU, interviewers=(ANN,))
    second = rnd(11, 2, datetime(2026, 11, 25, 9, 0), interviewers=(BOB,),
                 decision_on=date(2026, 11, 25))
    facts = app(first, second, references_requested_on=date(2026, 11, 26))
    actions = pending_actions(facts, DEFAULT)
    assert [(a.kind, a.due_on, a.interview_id) for a in actions] == [
        (ActionKind.THANK_YOU, date(2026, 11, 20), 10),
        (ActionKind.THANK_YOU, date(2026, 11, 26), 11),
        (ActionKind.FOLLOW_UP, date(2026, 11, 26), 11),
        (ActionKind.REFERENCES, date(2026, 11, 26), None),
    ]
    assert all(a.application_id == 1 for a in actions)


def test_invalid_decision_date_is_ignored() -> None:
    facts = app(rnd(decision_on=date(2026, 11, 10)))
    follow = only(pending_actions(facts, DEFAULT), ActionKind.FOLLOW_UP)
    assert follow.due_on == date(2026, 11, 26)


def test_validate_round_refuses_decision_before_round() -> None:
    with pytest.raises(ValueError, match=r"decision date \(Tue 10 Nov 2026\) is before"):
        validate_round(THU, date(2026, 11, 10))
    validate_round(THU, date(2026, 11, 19))  # the same day is fine
    validate_round(THU, None)
    validate_round(THU.date(), date(2026, 11, 20))


def test_format_day() -> None:
    assert format_day(date(2026, 11, 19)) == "Thu 19 Nov"
    assert format_day(date(2026, 12, 4)) == "Fri 4 Dec"


# --------------------------------------------------------------------- nudges


def codes(nudges: list[Nudge]) -> list[str]:
    return [n.code for n in nudges]


def test_nudge_ask_decision_date() -> None:
    nudges = application_nudges(app())
    assert nudges == [Nudge(1, "ask_decision_date", "Ask when they expect to decide")]


def test_nudge_ask_decision_date_not_when_known_or_answered() -> None:
    assert codes(application_nudges(app(rnd(decision_on=date(2026, 11, 26))))) == []
    answered = app(comms=(inbound(at("2026-11-20")), out(at("2026-11-20", 12))))
    assert codes(application_nudges(answered)) == []
    assert codes(application_nudges(app(offer_since=at("2026-11-20")))) == []


def test_nudge_ask_decision_date_looks_at_latest_round_only() -> None:
    first = rnd(10, 1, THU)
    second = rnd(11, 2, datetime(2026, 11, 25, 9, 0), decision_on=date(2026, 12, 1))
    assert codes(application_nudges(app(first, second))) == []


def test_nudge_get_card_one_per_person() -> None:
    no_email = PersonFact(3, "Cy Moss", None, "Director")
    no_title = PersonFact(4, "Di Fox", "di@acme.example", "  ")
    first = rnd(10, 1, THU, decision_on=date(2026, 11, 26), interviewers=(ANN, no_email))
    second = rnd(11, 2, datetime(2026, 11, 25, 9, 0), decision_on=date(2026, 12, 1),
                 interviewers=(no_email, no_title))
    nudges = application_nudges(app(first, second))
    assert [(n.code, n.message) for n in nudges] == [
        ("get_card", "Get Cy Moss's card: name, title, email"),
        ("get_card", "Get Di Fox's card: name, title, email"),
    ]


def test_nudge_reply_moment() -> None:
    facts = app(rnd(decision_on=date(2026, 11, 26)), comms=(inbound(at("2026-11-23")),))
    nudges = application_nudges(facts)
    assert codes(nudges) == ["reply_moment"]
    assert "good news about the company" in nudges[0].message
    assert "next steps" in nudges[0].message


def test_nudge_reply_moment_gone_once_answered() -> None:
    facts = app(rnd(decision_on=date(2026, 11, 26)),
                comms=(inbound(at("2026-11-23")), out(at("2026-11-23", 14), "other")))
    assert codes(application_nudges(facts)) == []


def test_nudges_none_for_closed_or_no_contact() -> None:
    nobody = PersonFact(3, "Cy Moss")
    base = app(rnd(interviewers=(nobody,)), comms=(inbound(at("2026-11-23")),))
    assert codes(application_nudges(base)) == ["get_card", "reply_moment"]
    assert application_nudges(replace(base, closed=True)) == []
    assert application_nudges(replace(base, no_contact=True)) == []


def test_pipeline_nudge_keep_options_open() -> None:
    nudge = pipeline_nudges(2)
    assert codes(nudge) == ["keep_options_open"]
    assert nudge[0].application_id is None
    assert nudge[0].message.startswith("Keep your options open")
    assert "2 open applications" in nudge[0].message
    assert "1 open application," in pipeline_nudges(1)[0].message
    assert pipeline_nudges(3) == []
    assert pipeline_nudges(40) == []


# ----------------------------------------------------------------- properties

START = date(2026, 11, 2)
PEOPLE = tuple(
    PersonFact(i, f"Person {i}", f"p{i}@x.example" if i % 2 else None,
               "Manager" if i % 3 else None)
    for i in range(1, 6)
)
ROUND_IDS = (100, 101, 102)


def _datetime_near(days: int) -> st.SearchStrategy[datetime]:
    return st.builds(
        lambda d, minute: datetime.combine(START, datetime.min.time())
        + timedelta(days=d, minutes=minute),
        st.integers(0, days), st.integers(0, 24 * 60 - 1),
    )


@st.composite
def calendars(draw: st.DrawFn) -> WorkCalendar:
    workdays = draw(st.sets(st.integers(0, 6), min_size=1))
    holidays = draw(st.sets(st.dates(START, START + timedelta(days=90)), max_size=12))
    return WorkCalendar(frozenset(workdays), frozenset(holidays))


@st.composite
def cadence_settings(draw: st.DrawFn) -> CadenceSettings:
    return CadenceSettings(
        calendar=draw(calendars()),
        thank_you_hours=draw(st.integers(0, 72)),
        late_business_days=draw(st.integers(0, 5)),
        first_follow_up_business_days=draw(st.integers(0, 10)),
        second_follow_up_business_days=draw(st.integers(0, 10)),
        move_on_business_days=draw(st.integers(0, 15)),
    )


@st.composite
def rounds(draw: st.DrawFn) -> tuple[RoundFact, ...]:
    count = draw(st.integers(1, 3))
    starts = sorted(draw(st.lists(_datetime_near(30), min_size=count, max_size=count)))
    out_rounds = []
    for number, (iid, starts_at) in enumerate(zip(ROUND_IDS, starts, strict=False), start=1):
        length = draw(st.none() | st.integers(15, 240))
        ends_at = None if length is None else starts_at + timedelta(minutes=length)
        decision = draw(st.none() | st.integers(0, 20))
        decision_on = None if decision is None else starts_at.date() + timedelta(days=decision)
        people = tuple(draw(st.lists(st.sampled_from(PEOPLE), max_size=3)))
        out_rounds.append(RoundFact(iid, number, starts_at, ends_at, decision_on, people))
    # Hand them over shuffled: the cadence must not rely on the order.
    return tuple(draw(st.permutations(out_rounds)))


comm_facts = st.builds(
    CommFact,
    at=_datetime_near(60),
    direction=st.sampled_from(("in", "out")),
    kind=st.sampled_from(("thank_you", "follow_up", "response", "other")),
    contact_id=st.none() | st.sampled_from([p.contact_id for p in PEOPLE]),
)

follow_up_facts = st.builds(
    CommFact, at=_datetime_near(60), direction=st.just("out"), kind=st.just("follow_up"),
    contact_id=st.none() | st.just(9),
)


@st.composite
def override_facts(draw: st.DrawFn) -> OverrideFact:
    which = draw(st.sampled_from(("snoozed_to", "skipped_on", "done_on")))
    day = draw(st.dates(START, START + timedelta(days=70)))
    return OverrideFact(
        kind=draw(st.sampled_from(list(ActionKind))),
        interview_id=draw(st.none() | st.sampled_from(ROUND_IDS)),
        contact_id=draw(st.none() | st.sampled_from([p.contact_id for p in PEOPLE])),
        **{which: day},
    )


@st.composite
def app_facts(draw: st.DrawFn) -> AppFacts:
    return AppFacts(
        application_id=draw(st.integers(1, 5000)),
        offer_since=draw(st.none() | _datetime_near(60)),
        main_contact=draw(st.none() | st.sampled_from(PEOPLE)),
        rounds=draw(rounds()),
        # Extra outbound follow-ups, or a chain past its first step would be rare.
        communications=tuple(draw(st.lists(comm_facts, max_size=5))
                             + draw(st.lists(follow_up_facts, max_size=3))),
        references_requested_on=draw(st.none() | st.dates(START, START + timedelta(days=60))),
        overrides=tuple(draw(st.lists(override_facts(), max_size=4))),
    )


PROPERTY = hsettings(max_examples=200, deadline=None)


@PROPERTY
@given(app_facts(), cadence_settings())
def test_property_follow_up_due_dates_fall_on_business_days(
        facts: AppFacts, settings: CadenceSettings) -> None:
    for action in pending_actions(facts, settings):
        if action.kind in CHAIN and not action.snoozed:
            assert settings.calendar.is_business_day(action.due_on), action


@PROPERTY
@given(app_facts(), cadence_settings(), st.dates(START, START + timedelta(days=90)))
def test_property_adding_a_holiday_never_makes_a_due_date_earlier(
        facts: AppFacts, settings: CadenceSettings, holiday: date) -> None:
    cal = settings.calendar
    more = replace(settings, calendar=WorkCalendar(cal.workdays, cal.holidays | {holiday}))
    before = {a.key: a for a in pending_actions(facts, settings)}
    after = {a.key: a for a in pending_actions(facts, more)}
    assert before.keys() == after.keys()
    for key, earlier in before.items():
        later = after[key]
        assert later.due_on >= earlier.due_on
        if earlier.late_after is not None:
            assert later.late_after is not None and later.late_after >= earlier.late_after


@PROPERTY
@given(app_facts(), cadence_settings())
def test_property_at_most_one_follow_up_pending_and_never_a_third(
        facts: AppFacts, settings: CadenceSettings) -> None:
    actions = pending_actions(facts, settings)
    assert len(chain_kinds(actions)) <= 1
    latest = max(facts.rounds, key=lambda r: (r.starts_at, r.number))
    end = latest.ends_at or latest.starts_at + timedelta(hours=1)
    sent = [c for c in facts.communications
            if c.direction == "out" and c.kind == "follow_up" and c.at > end]
    follow_ups = [a for a in actions
                  if a.kind in (ActionKind.FOLLOW_UP, ActionKind.SECOND_FOLLOW_UP)]
    if len(sent) >= 2:
        assert follow_ups == []
    chain = resolved_chain(facts)
    assert chain is not None and len(chain.sent_on) <= 2
    if len(chain.sent_on) == 2:
        assert follow_ups == []
    # Every chain action belongs to the latest round.
    assert all(a.interview_id == latest.interview_id for a in actions if a.kind in CHAIN)


@PROPERTY
@given(app_facts(), cadence_settings())
def test_property_closed_and_no_contact_have_nothing_pending(
        facts: AppFacts, settings: CadenceSettings) -> None:
    assert pending_actions(replace(facts, closed=True), settings) == []
    assert pending_actions(replace(facts, no_contact=True), settings) == []
    assert application_nudges(replace(facts, closed=True)) == []
    assert application_nudges(replace(facts, no_contact=True)) == []


@PROPERTY
@given(app_facts(), cadence_settings(), comm_facts)
def test_property_an_inbound_response_never_removes_a_thank_you(
        facts: AppFacts, settings: CadenceSettings, extra: CommFact) -> None:
    response = replace(extra, direction="in")
    answered = replace(facts, communications=(*facts.communications, response))

    def notes(f: AppFacts) -> list[Action]:
        return of_kind(pending_actions(f, settings), ActionKind.THANK_YOU)

    assert notes(answered) == notes(facts)


@PROPERTY
@given(app_facts(), cadence_settings())
def test_property_result_is_sorted_and_thank_yous_match_interviewers(
        facts: AppFacts, settings: CadenceSettings) -> None:
    actions = pending_actions(facts, settings)
    order = [(a.due_on, list(ActionKind).index(a.kind)) for a in actions]
    assert order == sorted(order)
    expected = sum(max(1, len({p.contact_id for p in r.interviewers})) for r in facts.rounds)
    assert len(of_kind(actions, ActionKind.THANK_YOU)) <= expected
    assert len(set(a.key for a in actions)) == len(actions)
