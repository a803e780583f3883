"""The composer's checks: for each, a note that fires it and one that does not."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.composer import checks
from tui.composer.checks import (
    CHECKS,
    Finding,
    Note,
    NoteContext,
    OtherNote,
    Severity,
    paragraph_count,
    run_checks,
    word_count,
)
from tui.composer.spelling import CachedSpeller, speller

GOOD_THANKS = """Dear Dana Lee,

Thank you for taking the time to talk with me on Friday about the Backend Engineer role at Acme.

I especially enjoyed our discussion of the move to Postgres and the on-call rotation. From what
you described, my experience would let me contribute from the start.

I am very interested in the position. I look forward to hearing about the next steps.

Best regards,
Alex Rivera
"""

GOOD_FOLLOW_UP = """Dear Dana Lee,

I hope your week is going well. I am writing about the Backend Engineer position at Acme,
which we discussed on Friday. You mentioned that you hoped to decide by Friday 27 November,
so I wanted to ask whether there is any news.

I remain very interested in the role. Is there anything more I can send, or anything about
the next steps or the team that would help me prepare?

Best regards,
Alex Rivera
"""

THANKS = NoteContext(
    kind="thank_you", recipient="Dana Lee", recipient_title="Engineering Manager",
    recipient_email="dana@acme.com", company="Acme", company_domain="acme.com",
    role="Backend Engineer", talking_points="Their move to Postgres; the on-call rotation",
    due_at=datetime(2026, 11, 21, 15, 0), now=datetime(2026, 11, 21, 9, 0),
)
FOLLOW = replace(THANKS, kind="follow_up", due_on=date(2026, 11, 30),
                 decision_on=date(2026, 11, 27), due_at=None, now=datetime(2026, 11, 30, 9))
SUBJECT = "Thank you"


def ids(subject: str, body: str, ctx: NoteContext, spell: bool = False) -> set[str]:
    return {f.id for f in run_checks(subject, body, ctx, speller() if spell else None)}


def test_good_notes_pass_every_check() -> None:
    assert ids(SUBJECT, GOOD_THANKS, THANKS, spell=True) == set()
    assert ids("Following up", GOOD_FOLLOW_UP, FOLLOW, spell=True) == set()


def test_every_check_of_the_table_exists() -> None:
    table = {"placeholder", "gratitude", "greeting", "specifics", "interest", "next-step",
             "length", "tone", "filler", "informal", "decision-only", "similar",
             "overdoing", "timing", "channel", "subject"}
    assert {c.id for c in CHECKS} == table  # spelling runs apart: it needs the dictionary


# (check id, context, note that fires it, expected severity)
FIRES = [
    ("placeholder", THANKS, GOOD_THANKS.replace("Friday", "[the interview day]"),
     Severity.ERROR),
    ("placeholder", THANKS, GOOD_THANKS + "\n{company}", Severity.ERROR),
    ("placeholder", THANKS, GOOD_THANKS + "\n<name>", Severity.ERROR),
    ("gratitude", THANKS, GOOD_THANKS.replace("Thank you for taking", "I valued taking"),
     Severity.ERROR),
    ("greeting", THANKS, GOOD_THANKS.replace("Dear Dana Lee,", "Good to meet you."),
     Severity.WARNING),
    ("greeting", THANKS, GOOD_THANKS.replace("Dear Dana Lee,", "Dear Raj,"), Severity.WARNING),
    ("specifics", THANKS, GOOD_THANKS.replace("the move to Postgres and the on-call rotation",
                                              "everything"), Severity.WARNING),
    ("interest", THANKS, GOOD_THANKS.replace("I am very interested in the position. ", ""),
     Severity.WARNING),
    ("next-step", THANKS, GOOD_THANKS.replace(
        " I look forward to hearing about the next steps.", ""), Severity.HINT),
    ("length", THANKS, "Dear Dana Lee,\n\nThank you, I am interested; I look forward to it. "
     "Postgres.\n\nBest,\nAlex", Severity.WARNING),
    ("length", THANKS, GOOD_THANKS.replace("start.", "start. " + "More words here. " * 70),
     Severity.WARNING),
    ("length", THANKS, GOOD_THANKS.replace("start.", "start.\n\nOne.\n\nTwo.\n\nThree."),
     Severity.WARNING),
    ("length", FOLLOW, GOOD_FOLLOW_UP.replace("prepare?", "prepare? " + "Also this. " * 50),
     Severity.WARNING),
    ("tone", THANKS, GOOD_THANKS.replace("I am very interested", "I really need this job and "
                                         "I am very interested"), Severity.WARNING),
    ("tone", FOLLOW, GOOD_FOLLOW_UP.replace("I hope your week", "I still haven't heard back. "
                                            "I hope your week"), Severity.WARNING),
    ("tone", THANKS, GOOD_THANKS.replace("very interested", "VERY interested"),
     Severity.WARNING),
    ("tone", THANKS, GOOD_THANKS.replace("next steps.", "next steps!!"), Severity.WARNING),
    ("filler", FOLLOW, "Dear Dana Lee,\n\nI am just checking in on the Backend Engineer role, "
     "which I am very interested in. I hope the week is going well for you and the team "
     "over there. Is there anything about the next steps that would help me to prepare?\n\n"
     "Best regards,\nAlex", Severity.HINT),
    ("informal", THANKS, GOOD_THANKS.replace("Thank you for", "Thx for"), Severity.WARNING),
    ("informal", THANKS, GOOD_THANKS.replace("next steps.", "next steps :)"),
     Severity.WARNING),
    ("informal", THANKS, GOOD_THANKS.replace("next steps.", "next steps \U0001F600"),
     Severity.WARNING),
    ("decision-only", FOLLOW, GOOD_FOLLOW_UP.replace(
        "Is there anything more I can send, or anything about\nthe next steps or the team that "
        "would help me prepare?", "Has a decision been made?"), Severity.HINT),
    ("similar", replace(THANKS, other_notes=(OtherNote("Raj Patel", GOOD_THANKS),)),
     GOOD_THANKS.replace("Friday", "Thursday"), Severity.WARNING),
    ("overdoing", replace(FOLLOW, follow_ups_sent=2), GOOD_FOLLOW_UP, Severity.WARNING),
    ("timing", replace(THANKS, now=datetime(2026, 11, 22, 9)), GOOD_THANKS, Severity.HINT),
    ("timing", replace(FOLLOW, now=datetime(2026, 11, 25, 9)), GOOD_FOLLOW_UP, Severity.HINT),
    ("channel", replace(THANKS, recipient_email="dana.lee@gmail.com"), GOOD_THANKS,
     Severity.WARNING),
]


@pytest.mark.parametrize(("check", "ctx", "body", "severity"), FIRES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(FIRES)])
def test_a_note_that_fires_the_check(check: str, ctx: NoteContext, body: str,
                                     severity: Severity) -> None:
    found = {f.id: f for f in run_checks(SUBJECT, body, ctx)}
    assert check in found
    assert found[check].severity is severity
    assert found[check].message and found[check].source


def test_subject_fires_on_email_only() -> None:
    assert "subject" in ids("  ", GOOD_THANKS, THANKS)
    assert "subject" not in ids("", GOOD_THANKS, replace(THANKS, channel="linkedin"))


def test_channel_is_quiet_when_the_company_itself_uses_free_mail() -> None:
    ctx = replace(THANKS, recipient_email="dana@gmail.com", company_domain="gmail.com")
    assert "channel" not in ids(SUBJECT, GOOD_THANKS, ctx)
    assert "channel" not in ids(SUBJECT, GOOD_THANKS, replace(ctx, company_domain=None))


def test_specifics_is_a_hint_when_no_talking_points_are_recorded() -> None:
    found = {f.id: f for f in run_checks(SUBJECT, GOOD_THANKS,
                                         replace(THANKS, talking_points=""))}
    assert found["specifics"].severity is Severity.HINT


def test_specifics_matches_word_forms() -> None:
    note = GOOD_THANKS.replace("the on-call rotation", "rotations")
    ctx = replace(THANKS, talking_points="rotation")
    assert "specifics" not in ids(SUBJECT, note, ctx)


def test_filler_with_a_reason_is_fine() -> None:
    note = GOOD_FOLLOW_UP.replace("I hope your week is going well.", "Just following up.")
    assert "You mentioned" in note
    assert "filler" not in ids("Following up", note, FOLLOW)


def test_checks_apply_to_their_kinds_only() -> None:
    # No thanks in a follow-up is fine; no greeting in a call script is fine.
    assert "gratitude" not in ids("x", GOOD_FOLLOW_UP.replace("Thank", "Cheers"), FOLLOW)
    script = "Call Dana Lee: 555-0100\n1. Has a decision been made?"
    assert "greeting" not in ids("", script, replace(FOLLOW, kind="call_script",
                                                      channel="phone"))
    assert "overdoing" not in ids(SUBJECT, GOOD_THANKS, replace(THANKS, follow_ups_sent=2))


def test_findings_come_errors_first() -> None:
    found = run_checks("", "hey [name] thx", THANKS)
    order = [f.severity for f in found]
    assert order == sorted(order, key=[Severity.ERROR, Severity.WARNING, Severity.HINT].index)
    assert checks.has_error(found)


def test_spelling_lists_unknown_words_and_skips_names_and_own_words() -> None:
    note = GOOD_THANKS.replace("contribute", "contribbute").replace("Friday", "Fridday")
    found = {f.id: f for f in run_checks(SUBJECT, note, THANKS, speller())}
    assert set(found["spelling"].words) == {"contribbute", "Fridday"}
    # Names, company, role, acronyms and the user's own list are not misspellings.
    odd = replace(THANKS, recipient="Xochitl Zbigniewska", company="Qwzx",
                  known_words=frozenset({"kubectl"}))
    body = ("Dear Xochitl Zbigniewska,\n\nThanks from Qwzx: kubectl and SLOs and "
            "APIs.\n\nBest,\nAlex")
    assert "spelling" not in {f.id for f in run_checks(SUBJECT, body, odd, speller())}


def test_spelling_without_the_dictionary_is_left_out() -> None:
    assert "spelling" not in ids(SUBJECT, "Dear Dana Lee, Thankz", THANKS)


def test_the_speller_remembers_answers() -> None:
    cached = CachedSpeller()
    assert cached.unknown(["hello", "wrld"]) == {"wrld"}
    assert cached.unknown(["wrld"]) == {"wrld"}
    assert set(cached._known) == {"hello", "wrld"}


def test_counts_leave_out_the_greeting_and_sign_off() -> None:
    assert paragraph_count(GOOD_THANKS) == 3
    assert word_count("Dear Dana,\n\nOne two [slot] three.") == 5
    assert paragraph_count("") == 0


def test_note_questions_are_split_by_sentence() -> None:
    note = Note("", "Any news? I hope so. Is the team growing?")
    assert note.questions == ["any news?", "is the team growing?"]


@given(st.text(max_size=400), st.text(max_size=60))
def test_no_text_breaks_the_checks(body: str, subject: str) -> None:
    for kind in ("thank_you", "follow_up", "call_script", "blank"):
        found = run_checks(subject, body, replace(THANKS, kind=kind), speller())
        assert all(isinstance(f, Finding) and f.message for f in found)


def test_similarity_is_one_for_twins_and_low_for_strangers() -> None:
    assert checks.similarity(GOOD_THANKS, GOOD_THANKS) == 1.0
    assert checks.similarity(GOOD_THANKS, GOOD_FOLLOW_UP) < 0.85


# -- the classes of error found in review (issue 12) -------------------------------

SECURITY = replace(THANKS, role="Security Engineer",
                   talking_points="HIPAA audits; PCI DSS scope; ISO 27001 certification")


def tone(body: str, ctx: NoteContext = THANKS) -> Finding | None:
    return next((f for f in run_checks(SUBJECT, body, ctx, speller()) if f.id == "tone"), None)


def test_acronyms_the_record_holds_are_not_shouting() -> None:
    note = GOOD_THANKS.replace("the move to Postgres and the on-call rotation",
                               "your HIPAA audits, the PCI DSS scope and ISO 27001")
    assert tone(note, SECURITY) is None
    # The user's own word list counts as the record too.
    own = replace(THANKS, known_words=frozenset({"fedramp"}))
    assert tone(GOOD_THANKS.replace("Postgres", "FEDRAMP"), own) is None


@given(st.text(alphabet="BCDFGHJKLMNPQRSTVWXZ", min_size=3, max_size=6))
def test_an_acronym_the_dictionary_does_not_hold_is_not_shouting(acronym: str) -> None:
    if acronym.casefold() in speller()._checker:  # an English word after all
        return
    assert tone(GOOD_THANKS.replace("Postgres", f"Postgres and {acronym}")) is None


@pytest.mark.parametrize("word", ["PLEASE", "REALLY", "NEED", "VERY", "URGENT"])
def test_an_ordinary_word_in_capitals_is_shouting(word: str) -> None:
    found = tone(GOOD_THANKS.replace("I am very interested", f"I {word} am interested"))
    assert found is not None and f"capitals ({word})" in found.message


#: Shapes self-criticism takes: who, a softener, the verdict, its object.
_CRITICISM = st.tuples(
    st.sampled_from(["I", "I think I", "I know I", "Honestly, I"]),
    st.sampled_from(["", "really ", "probably ", "completely "]),
    st.sampled_from(["fumbled", "botched", "messed up", "bombed", "flubbed", "stumbled over",
                     "froze on", "blew", "tripped over"]),
    st.sampled_from(["the last question", "your design exercise", "that answer",
                     "the coding task"]),
)
_UNWORTHY = st.tuples(
    st.sampled_from(["I'm", "I am", "I know I'm", "I realise I am", "I’m"]),
    st.sampled_from(["", "surely ", "probably ", "clearly ", "certainly "]),
    st.sampled_from(["not your strongest applicant", "not the best candidate",
                     "not the most qualified person", "not your ideal fit",
                     "not experienced enough", "no expert", "underqualified"]),
)


@given(_CRITICISM)
def test_self_criticism_is_caught_by_its_shape(parts: tuple[str, str, str, str]) -> None:
    who, softener, verdict, what = parts
    sentence = f"{who} {softener}{verdict} {what}."
    assert tone(GOOD_THANKS.replace("From what", f"{sentence} From what")) is not None


@given(_UNWORTHY)
def test_running_oneself_down_is_caught_by_its_shape(parts: tuple[str, str, str]) -> None:
    who, softener, verdict = parts
    sentence = f"{who} {softener}{verdict}, but I would work hard."
    assert tone(GOOD_THANKS.replace("From what", f"{sentence} From what")) is not None


def test_the_reviewed_note_is_flagged() -> None:
    note = GOOD_THANKS.replace("From what", "I fumbled the last question and I'm surely not "
                               "your strongest applicant. From what")
    found = tone(note)
    assert found is not None and "fumbled" in found.message


@pytest.mark.parametrize("sentence", [
    "I am not sure the migration will finish this quarter.",
    "I stumbled onto a neat fix for a similar cache bug last year.",
    "I did well on a similar project at my last job.",
    "I am not the kind of engineer who leaves tests for later.",
    "The team shipped the best release of the year.",
    "I may not be available on Monday morning, but any other time suits me.",
    "I stumbled on a great article about your migration since we spoke.",
    "I struggled with the same outage at my last job and learned a lot from it.",
    "I think it blew the doors off our old latency numbers.",
    "Sorry for my late reply to your last message.",
])
def test_plain_statements_are_not_self_criticism(sentence: str) -> None:
    assert tone(GOOD_THANKS.replace("From what", f"{sentence} From what")) is None


WORKPLACE = ["app", "rollout", "roadmap", "onboarding", "walkthrough", "datasheet",
             "backend", "workflow", "dataset", "analytics", "metadata", "timelines"]


def spelling(body: str, ctx: NoteContext = THANKS) -> tuple[str, ...]:
    found = next((f for f in run_checks(SUBJECT, body, ctx, speller())
                  if f.id == "spelling"), None)
    return found.words if found is not None else ()


@pytest.mark.parametrize("word", WORKPLACE)
def test_workplace_words_are_spelt_right(word: str) -> None:
    assert spelling(GOOD_THANKS.replace("the on-call rotation", f"the {word}")) == ()


def test_the_supplement_holds_only_words_the_dictionary_lacks() -> None:
    from tui.composer.spelling import supplement_words

    words = supplement_words()
    assert words == sorted(set(words))
    assert set(WORKPLACE) <= set(words)
    assert not [w for w in words if w in speller()._checker]


@given(st.sampled_from(["Acme", "Dana", "Lee", "Postgres", "Zbigniewska", "Qwzx"]),
       st.sampled_from(["'s", "\u2019s", "'", ""]))
def test_possessives_of_names_the_record_holds_are_spelt_right(name: str, tail: str) -> None:
    ctx = replace(THANKS, record_text="Xochitl Zbigniewska\nQwzx Labs")
    body = GOOD_THANKS.replace("the on-call rotation", f"{name}{tail} on-call rotation")
    assert spelling(body, ctx) == ()


def test_every_name_the_record_holds_is_spelt_right_even_if_a_template_put_it_there() -> None:
    # The reference heads-up names the main contact, who is not its recipient.
    ctx = replace(THANKS, kind="reference_heads_up", recipient=None,
                  record_text="Xochitl Zbigniewska\nEngineering Manager")
    body = ("Dear Morgan,\n\nSomeone from Acme, probably Xochitl Zbigniewska, may call you "
            "about the Backend Engineer role.\n\nBest wishes,\nAlex")
    assert spelling(body, ctx) == ()


FOLLOW_BODY = ("Dear Dana Lee,\n\nI am {opener} {ask} about the Backend Engineer role, which "
               "I am still very interested in. I hope the week is going well for you and the "
               "people around you, and I would be glad to help in any way.\n\nBest regards,\n"
               "Alex")


@given(st.sampled_from(["just following up", "just checking in", "just touching base",
                        "just circling back"]),
       st.sampled_from(["to ask whether there is any news", "to see if there is any news",
                        "to ask about any news", "and wondering whether there is news",
                        "to check if you have any update or news"]))
def test_asking_for_news_is_no_reason(opener: str, ask: str) -> None:
    body = FOLLOW_BODY.format(opener=opener, ask=ask)
    assert "filler" in ids("Following up", body, FOLLOW)


@given(st.sampled_from(["just following up", "just checking in"]),
       st.sampled_from(["because I have some news to share", "with good news of my own",
                        "because I have since finished the project I mentioned"]))
def test_offering_news_is_a_reason(opener: str, reason: str) -> None:
    body = FOLLOW_BODY.format(opener=opener, ask=reason)
    assert "filler" not in ids("Following up", body, FOLLOW)


def _with_question(question: str) -> str:
    return GOOD_FOLLOW_UP.replace(
        "Is there anything more I can send, or anything about\nthe next steps or the team that "
        "would help me prepare?", question)


@given(st.sampled_from(["Has the team", "Has your team", "Has the hiring team",
                        "Has the interview team", "Have you and the team"]),
       st.sampled_from(["made a decision", "reached a decision on the role",
                        "decided on the position", "come to a decision yet"]))
def test_the_team_that_decides_does_not_make_a_question_about_the_team(who: str,
                                                                       what: str) -> None:
    assert "decision-only" in ids("Following up", _with_question(f"{who} {what}?"), FOLLOW)


@pytest.mark.parametrize("question", [
    "Is there any news about the team's decision?",
    "Has the role been filled, or is the team still deciding?",
    "Do you know when the hiring team will reach a decision?",
])
def test_decision_questions_naming_the_team_or_role_are_decision_only(question: str) -> None:
    assert "decision-only" in ids("Following up", _with_question(question), FOLLOW)


@pytest.mark.parametrize("question", [
    "Has a decision been made, and what would the team's priorities be next quarter?",
    "Is there any news, and is there anything I could send to help you decide?",
    "Has a decision been made? Who would I be working with on the team?",
    "Is there an update, and what would the role's first project be?",
])
def test_a_question_about_the_team_or_the_work_too_is_fine(question: str) -> None:
    assert "decision-only" not in ids("Following up", _with_question(question), FOLLOW)


def test_the_similar_check_skips_an_earlier_note_to_the_same_person() -> None:
    earlier = GOOD_THANKS.replace("Friday", "Thursday")
    to_her = replace(THANKS, other_notes=(OtherNote("Dana Lee", earlier),))
    assert "similar" not in ids(SUBJECT, GOOD_THANKS, to_her)
    to_him = replace(THANKS, other_notes=(OtherNote("Raj Patel", earlier),))
    assert "similar" in ids(SUBJECT, GOOD_THANKS, to_him)


@pytest.mark.parametrize("sentence", [
    "Acme remains the place I would most like to join.",
    "I would still love to join the team.",
    "I remain interested in the role.",
    "I am still keen on the position.",
])
def test_ways_of_restating_interest_pass_the_interest_check(sentence: str) -> None:
    body = GOOD_FOLLOW_UP.replace("I remain very interested in the role.", sentence)
    assert "interest" not in ids("Following up", body, FOLLOW)
