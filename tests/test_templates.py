"""The composer's templates: filled from the record, slots left where it is silent."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.composer.checks import FOLLOW_UPS, NoteContext, OtherNote, Severity, run_checks, similarity
from tui.composer.spelling import speller
from tui.composer.templates import TEMPLATE_NAMES, TEMPLATES, NoteFacts, fill, split_points

FULL = NoteFacts(
    recipient="Dana Lee", recipient_title="Engineering Manager", recipient_phone="555-0100",
    company="Acme", role="Backend Engineer", round_on=date(2026, 11, 20),
    talking_points="Their move to Postgres; the on-call rotation",
    unfinished_business="my Kafka experience", decision_on=date(2026, 11, 27),
    first_follow_up_on=date(2026, 11, 30), main_contact="Dana Lee", your_name="Alex Rivera",
)
EMPTY = NoteFacts()
SLOT = re.compile(r"\[[^\]]+\]")


def text(kind: str, facts: NoteFacts) -> str:
    draft = fill(kind, facts)
    return draft.subject + "\n" + draft.body


def test_every_kind_has_a_template_and_a_name() -> None:
    assert set(TEMPLATES) == set(TEMPLATE_NAMES)
    from storage.rules.records import NOTE_KINDS

    assert set(TEMPLATES) == set(NOTE_KINDS)


# Which fact each template shows, and the slot it leaves when the fact is missing.
SHOWN = [
    ("thank_you", "recipient", "Dana Lee", "[their name]"),
    ("thank_you", "company", "Acme", "[company]"),
    ("thank_you", "role", "Backend Engineer", "[role]"),
    ("thank_you", "round_on", "Friday 20 November", "[the interview day]"),
    ("thank_you", "talking_points", "move to Postgres", "[something specific you discussed]"),
    ("thank_you", "your_name", "Alex Rivera", "[your name]"),
    ("follow_up", "recipient", "Dana Lee", "[their name]"),
    ("follow_up", "round_on", "Friday 20 November", "[the interview day]"),
    ("second_follow_up", "first_follow_up_on", "Monday 30 November",
     "[the day of your first note]"),
    ("second_follow_up", "role", "Backend Engineer", "[role]"),
    ("update_request", "company", "Acme", "[company]"),
    ("call_script", "recipient_phone", "555-0100", "[their phone number]"),
    ("call_script", "decision_on", "they said Friday 27 November", "[the date they gave]"),
    ("call_script", "your_name", "Alex Rivera", "[your name]"),
    ("reference_heads_up", "talking_points", "their move to Postgres",
     "[what the role involves]"),
    ("reference_heads_up", "company", "Acme", "[company]"),
    ("stay_in_touch", "recipient", "Dana Lee", "[their name]"),
    ("blank", "recipient", "Dana Lee", "[their name]"),
]


@pytest.mark.parametrize(("kind", "fact", "shown", "slot"), SHOWN,
                         ids=[f"{k}-{f}" for k, f, _, _ in SHOWN])
def test_a_fact_fills_its_slot_and_its_absence_leaves_it(kind: str, fact: str, shown: str,
                                                         slot: str) -> None:
    with_fact = text(kind, FULL)
    assert shown in with_fact
    assert slot not in with_fact
    without = text(kind, replace(FULL, **{fact: EMPTY.__getattribute__(fact)}))
    assert slot in without
    assert shown not in without


def test_the_thank_you_carries_the_unfinished_business_only_when_recorded() -> None:
    assert "You asked about my Kafka experience" in fill("thank_you", FULL).body
    assert "You asked about" not in fill("thank_you", replace(FULL, unfinished_business="")).body


def test_the_follow_up_gives_the_decision_date_as_its_reason() -> None:
    assert "decision by Friday 27 November" in fill("follow_up", FULL).body
    without = fill("follow_up", replace(FULL, decision_on=None)).body
    assert "decision by" not in without
    assert "a week since we spoke" in without


def test_a_full_record_leaves_no_slot_where_the_record_can_fill_it() -> None:
    # Only the slots no record holds remain: the user's own answer and words.
    expected = {
        "thank_you": {"[your fuller answer]"},
        "follow_up": set(), "second_follow_up": set(), "stay_in_touch": set(),
        "update_request": set(),
        "call_script": set(),
        "reference_heads_up": set(),  # FULL names the reference as its recipient
        "blank": set(),
    }
    for kind in TEMPLATES:
        assert set(SLOT.findall(text(kind, FULL))) == expected[kind], kind


def test_an_empty_record_still_makes_every_template() -> None:
    for kind in TEMPLATES:
        draft = fill(kind, EMPTY)
        assert draft.body.strip()
        assert SLOT.search(draft.body), kind


def test_unknown_kind_is_a_blank_note() -> None:
    assert fill("nonsense", FULL) == fill("blank", FULL)


def test_talking_points_split_and_read_mid_sentence() -> None:
    assert split_points("Their move to Postgres; API design\n- on-call rotation.") == [
        "their move to Postgres", "API design", "on-call rotation"]
    assert split_points(" ;\n ") == []


def test_interviewers_of_one_round_get_notes_that_start_differently() -> None:
    first = fill("thank_you", replace(FULL, variant=0))
    second = fill("thank_you", replace(FULL, variant=1, recipient="Raj Patel"))
    third = fill("thank_you", replace(FULL, variant=2, recipient="Kim Wu"))
    openers = {tuple(d.body.split("\n\n")[1].split()[:4]) for d in (first, second, third)}
    assert len(openers) == 3
    assert len({first.subject, second.subject, third.subject}) == 3


@given(st.integers(min_value=0, max_value=7), st.integers(min_value=1, max_value=7))
def test_two_interviewers_of_up_to_eight_never_get_notes_alike(a: int, step: int) -> None:
    b = (a + step) % 8  # another of the first eight interviewers
    one = fill("thank_you", replace(FULL, variant=a)).body
    two = fill("thank_you", replace(FULL, variant=b, recipient="Raj Patel")).body
    assert similarity(one, two) < 0.85


def test_the_fourth_interviewer_does_not_get_the_first_ones_note() -> None:
    # The old wording had three variants: the fourth note was the first's again.
    bodies = [fill("thank_you", replace(FULL, variant=v)).body for v in range(8)]
    subjects = {fill("thank_you", replace(FULL, variant=v)).subject for v in range(8)}
    assert len(subjects) == 8
    for i, one in enumerate(bodies):
        for two in bodies[i + 1:]:
            assert similarity(one, two) < 0.85


@given(st.integers(min_value=8, max_value=40), st.integers(min_value=0, max_value=40))
def test_past_eight_interviewers_no_note_repeats_an_earlier_one(late: int, early: int) -> None:
    if late == early:
        return
    one = fill("thank_you", replace(FULL, variant=late)).body
    two = fill("thank_you", replace(FULL, variant=early)).body
    assert similarity(one, two) < 0.85


# -- every template, filled from a complete record, passes every check ------------

PANEL = [("Dana Lee", "Engineering Manager"), ("Raj Patel", "Staff Engineer"),
         ("Kim Wu", "Product Manager"), ("Sofia Marquez", "Recruiter"),
         ("Tomasz Nowak", "Principal Engineer"), ("Amara Okafor", "Head of Platform"),
         ("Lena Fischer", "Senior Designer"), ("Jonas Berg", "Data Scientist")]
ROUND_DAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 17, 0)  # the afternoon of the interview
FOLLOW_UP_DAY = datetime(2026, 11, 30, 9, 0)  # the day the follow-up is due


def complete_facts(kind: str, index: int) -> NoteFacts:
    name, title = PANEL[index]
    if kind == "reference_heads_up":
        name, title = "Morgan Ellis", None  # the reference, from outside the company
    return NoteFacts(
        recipient=name, recipient_title=title, recipient_phone="555-0100",
        company="Acme", role="Backend Engineer", round_on=ROUND_DAY,
        talking_points="Their move to Postgres; the on-call rotation",
        decision_on=date(2026, 11, 27), first_follow_up_on=date(2026, 11, 30),
        main_contact=PANEL[0][0], your_name="Alex Rivera", variant=index)


def complete_context(kind: str, facts: NoteFacts, others: tuple[OtherNote, ...]
                     ) -> NoteContext:
    follow_ups = {"second_follow_up": 1, "update_request": 1}.get(kind, 0)
    sent_on = FOLLOW_UP_DAY if kind in FOLLOW_UPS else NOW
    return NoteContext(
        kind=kind, channel="phone" if kind == "call_script" else "email",
        recipient=facts.recipient, recipient_title=facts.recipient_title,
        recipient_email="someone@acme.com", company="Acme", company_domain="acme.com",
        role="Backend Engineer", talking_points=facts.talking_points, other_notes=others,
        follow_ups_sent=follow_ups,
        due_on=FOLLOW_UP_DAY.date() if kind in FOLLOW_UPS else None,
        due_at=datetime(2026, 11, 21, 15, 0) if kind == "thank_you" else None,
        decision_on=facts.decision_on, now=sent_on,
        record_text="\n".join(f"{n}\n{t}" for n, t in PANEL) + "\nAlex Rivera")


@pytest.mark.parametrize("interviewers", range(1, 9))
@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_every_template_from_a_complete_record_passes_every_check(kind: str,
                                                                  interviewers: int) -> None:
    drafts = [fill(kind, complete_facts(kind, i)) for i in range(interviewers)]
    for i, draft in enumerate(drafts):
        # The similar check reads the notes to the round's other interviewers.
        others = tuple(OtherNote(PANEL[j][0], d.body) for j, d in enumerate(drafts)
                       if j != i) if kind == "thank_you" else ()
        ctx = complete_context(kind, complete_facts(kind, i), others)
        found = run_checks(draft.subject, draft.body, ctx, speller())
        serious = [f"{f.id}: {f.message}" for f in found if f.severity is not Severity.HINT]
        assert serious == [], f"{kind} to interviewer {i + 1} of {interviewers}"
