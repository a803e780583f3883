"""The note templates: each fills what the record knows and leaves the rest as
a visible ``[slot]`` for the user (the placeholder check flags any left).

All wording is Afterview's own. ``variant`` (the interviewer's place in the
round) picks among alternative sentences, so two thank-you notes for one
round never start as twins (003: coworkers compare letters).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

#: Template id → the name the picker shows. The ids are the note kinds.
TEMPLATE_NAMES: dict[str, str] = {
    "thank_you": "Thank-you note",
    "follow_up": "First follow-up",
    "second_follow_up": "Second follow-up",
    "update_request": "Update request (another offer's deadline)",
    "call_script": "Phone call script",
    "reference_heads_up": "Heads-up to a reference",
    "stay_in_touch": "Staying in touch",
    "blank": "Blank note",
}


@dataclass(frozen=True, slots=True)
class NoteFacts:
    """What the record knows for one note; None or empty means unknown."""

    recipient: str | None = None
    recipient_title: str | None = None
    recipient_phone: str | None = None
    company: str = ""
    role: str = ""
    round_on: date | None = None
    talking_points: str = ""
    unfinished_business: str = ""
    decision_on: date | None = None
    first_follow_up_on: date | None = None
    main_contact: str | None = None
    your_name: str = ""
    variant: int = 0


@dataclass(frozen=True, slots=True)
class Draft:
    subject: str
    body: str


def split_points(text: str) -> list[str]:
    """Talking points as typed (one a line, or separated by ';') as clean phrases."""
    points = []
    for piece in re.split(r"[\n;]+", text):
        piece = piece.strip().lstrip("-•*").strip().rstrip(".").strip()
        if piece:
            points.append(piece[0].lower() + piece[1:] if _plain_capital(piece) else piece)
    return points


def _plain_capital(piece: str) -> bool:
    # "Their move to Postgres" reads better mid-sentence as "their move…";
    # "API design" or "Kafka" must keep its capital.
    first = piece.split()[0]
    return first[:1].isupper() and first[1:].islower() and first.lower() in _LOWERABLE


_LOWERABLE = frozenset((
    "the", "their", "our", "your", "a", "an", "how", "what", "why", "when", "which",
    "scaling", "building", "moving", "migrating", "working", "designing", "testing",
    "hiring", "growing", "plans", "plan", "team", "teams", "roadmap",
))


def _day(d: date | None, slot: str = "[the interview day]") -> str:
    return f"{d:%A} {d.day} {d:%B}" if d else slot


#: How many wordings each part of a thank-you has: one round's interviewers,
#: up to this many, never get two notes alike (003: coworkers compare).
VARIANTS = 8


def _pick(options: Sequence[str], variant: int, part: int = 0) -> str:
    """The wording of one part for the ``variant``-th interviewer.

    The first VARIANTS interviewers each get their own wording of every
    part. Beyond that, each part steps through its wordings at its own pace
    (``part`` sets it), so a ninth note shares at most one part with any
    earlier one rather than repeating the first note whole.
    """
    lap, place = divmod(variant, len(options))
    return options[(place + lap * part) % len(options)]


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    # "rotation and SLOs and mentoring" misleads; "…, as well as …" does not.
    last = ", as well as " if any(" and " in item for item in items) else " and "
    return ", ".join(items[:-1]) + last + items[-1]


class _Slots:
    """The facts as text, each one a ``[slot]`` when unknown."""

    def __init__(self, f: NoteFacts) -> None:
        self.name = f.recipient or "[their name]"
        self.company = f.company or "[company]"
        self.role = f.role or "[role]"
        self.day = _day(f.round_on)
        self.me = f.your_name.strip() or "[your name]"
        self.points = split_points(f.talking_points)
        self.unfinished = split_points(f.unfinished_business)
        self.decision = _day(f.decision_on, "") if f.decision_on else ""


def _letter(greeting: str, paragraphs: Sequence[str], closing: str, me: str) -> str:
    body = "\n\n".join(p for p in paragraphs if p)
    return f"{greeting}\n\n{body}\n\n{closing}\n{me}\n"


def thank_you(f: NoteFacts) -> Draft:
    s, v = _Slots(f), f.variant
    weekday = f"{f.round_on:%A}" if f.round_on else "[the day]"
    opener = _pick((
        f"Thank you for taking the time to talk with me on {s.day} about the {s.role} "
        f"role at {s.company}.",
        f"I appreciated our conversation on {s.day} about the {s.role} opening at "
        f"{s.company}, and I am grateful for the time you gave me.",
        f"Many thanks for meeting me on {s.day}; I came away with a much clearer picture "
        f"of the {s.role} role at {s.company}.",
        f"Thank you for the interview on {s.day}. Talking with you made the {s.role} "
        f"position at {s.company} far more concrete for me.",
        f"I am grateful for the time you spent with me on {s.day} discussing the {s.role} "
        f"role and how {s.company} works.",
        f"Thanks again for speaking with me on {s.day}. It was a pleasure to learn where "
        f"the {s.role} position fits at {s.company}.",
        f"I wanted to thank you for our discussion on {s.day} about the {s.role} vacancy "
        f"at {s.company}.",
        f"Your time on {s.day} was much appreciated: thank you for walking me through what "
        f"the {s.role} role at {s.company} involves.",
    ), v, 0)
    shown = s.points[:2] or ["[something specific you discussed]"]
    points = _join(shown)
    specifics = _pick((
        f"I especially enjoyed discussing {points}.",
        f"Our exchange about {points} has stayed with me since.",
        f"Hearing about {points} made the work sound even more interesting.",
        f"The part of our talk I keep coming back to is {points}.",
        f"I found what you shared about {points} particularly useful.",
        f"Learning more about {points} was the highlight of the conversation for me.",
        f"Your account of {points} gave me a real sense of the challenges ahead.",
        f"I was glad we had time to go into {points}.",
    ), v, 1)
    fit = _pick((
        "From what you described, my experience would let me contribute from the start.",
        "It sounds like work where my background fits well and where I would keep learning.",
        "The challenges you described match the problems I most enjoy solving.",
        "My recent projects have prepared me well for exactly that kind of work.",
        "I believe the skills I have built so far would carry over directly.",
        "It is the kind of problem I have tackled before and would be happy to take on again.",
        "I left convinced that my strengths line up with what the team needs.",
        "Everything you said confirmed that this is work I can do well.",
    ), v, 2)
    pending = ""
    if s.unfinished:
        pending = (f"You asked about {_join(s.unfinished)}. Having thought it over, "
                   "[your fuller answer].")
    interest = _pick((
        f"I am very interested in the position and would be glad to join the team at "
        f"{s.company}.",
        f"I remain enthusiastic about the {s.role} role.",
        "I am keen to take this further.",
        f"I am excited about the prospect of joining {s.company}.",
        f"I would love to bring that experience to {s.company}.",
        "My interest in the role has only grown since we spoke.",
        "I am eager to contribute to the work you described.",
        "I would welcome the chance to join you.",
    ), v, 3)
    closing_line = _pick((
        "I look forward to hearing about the next steps.",
        "I look forward to the next step in the process.",
        "I hope we can continue the conversation soon, and I look forward to hearing from you.",
        "I hope to hear from you about the next stage.",
        "Please let me know if I can provide anything else; I look forward to your reply.",
        "I am looking forward to speaking again.",
        "I would be glad to continue our conversation whenever it suits you.",
        "I look forward to learning what comes next.",
    ), v, 4)
    subject = _pick((
        f"Thank you: {s.role} interview",
        f"Thanks for your time on {weekday}",
        f"Our conversation about the {s.role} role",
        f"After our {s.role} interview",
        f"With thanks for {weekday}",
        f"Thank you for the conversation about {s.company}",
        f"{s.role} interview: thank you",
        f"Grateful for your time on {weekday}",
    ), v, 5)
    greeting = _pick(("Dear", "Dear", "Hello", "Dear", "Hello", "Dear", "Dear", "Hello"),
                     v, 6)
    sign_off = _pick(("Best regards,", "Kind regards,", "With thanks,", "Warm regards,",
                      "Many thanks,", "Best wishes,", "Sincerely,", "Regards,"), v, 7)
    body = _letter(f"{greeting} {s.name},", [opener, f"{specifics} {fit}", pending,
                                             f"{interest} {closing_line}"],
                   sign_off, s.me)
    return Draft(subject, body)


def follow_up(f: NoteFacts) -> Draft:
    s = _Slots(f)
    if s.decision:
        reason = (f"You mentioned that you hoped to reach a decision by {s.decision}, so I "
                  "wanted to ask whether there is any news.")
    else:
        reason = ("It has been about a week since we spoke, and I wanted to ask how the "
                  "process is going.")
    return Draft(
        f"Following up: {s.role} at {s.company}",
        _letter(f"Dear {s.name},", [
            f"I hope your week is going well. I am writing about the {s.role} position at "
            f"{s.company}, which we discussed on {s.day}. {reason}",
            "I remain very interested in the role. Is there anything more I can send, or "
            "anything about the next steps or the team that would help me prepare?",
            "Thank you again for your time.",
        ], "Best regards,", s.me),
    )


def second_follow_up(f: NoteFacts) -> Draft:
    s = _Slots(f)
    first = _day(f.first_follow_up_on, "[the day of your first note]")
    return Draft(
        f"Re: {s.role} at {s.company}",
        _letter(f"Dear {s.name},", [
            f"I wrote on {first} about the {s.role} position and wanted to follow up once "
            "more. I understand these decisions take time, and I am still keen on the role.",
            "Could you tell me what the next step looks like, or when I might expect to hear?",
        ], "Thank you,", s.me),
    )


def update_request(f: NoteFacts) -> Draft:
    s = _Slots(f)
    return Draft(
        f"{s.role} at {s.company}: a timing question",
        _letter(f"Dear {s.name},", [
            f"Thank you again for the conversations about the {s.role} position. I remain "
            f"very interested in joining {s.company}; it is still the place I would most "
            "like to work.",
            "I have received another offer and have been asked for my answer within the "
            "next few days. Before I reply, could you share where my application stands, "
            "or when you expect to decide?",
            "If it would help, I would gladly make time for another conversation or send "
            "anything more you need.",
        ], "Best regards,", s.me),
    )


def call_script(f: NoteFacts) -> Draft:
    s = _Slots(f)
    title = f" ({f.recipient_title})" if f.recipient_title else ""
    phone = f.recipient_phone or "[their phone number]"
    said = f"they said {s.decision}" if s.decision else "[the date they gave]"
    return Draft(
        f"Call {s.name} about the {s.role} role",
        "\n".join([
            f"Call {s.name}{title} at {s.company}: {phone}",
            "",
            f"1. Hello {s.name}, this is {s.me}. We spoke on {s.day} about the {s.role} role.",
            "2. Has a decision been made on the position?",
            "3. If not yet: am I still being considered?",
            f"4. When do you expect to decide? ({said})",
            "5. Would it be all right if I called back a day or two after that?",
            "6. Thank them for their time, whatever the answer.",
            "",
        ]),
    )


def reference_heads_up(f: NoteFacts) -> Draft:
    s = _Slots(f)
    # The reference is rarely in the record (not someone at the company).
    reference = f.recipient or "[your reference's name]"
    who = f", probably {f.main_contact}," if f.main_contact else ""
    focus = s.points[0] if s.points else "[what the role involves]"
    return Draft(
        f"A reference call about the {s.role} role",
        _letter(f"Dear {reference},", [
            f"I am in the last stage for the {s.role} position at {s.company}, and they have "
            f"asked for references. I gave your name, so someone from {s.company}{who} may "
            "be in touch in the next few days.",
            f"The role centers on {focus}. If it comes up, the work we did together would "
            "be the most useful example to mention.",
            "Thank you for vouching for me; I will let you know how it turns out.",
        ], "Best wishes,", s.me),
    )


def stay_in_touch(f: NoteFacts) -> Draft:
    s = _Slots(f)
    liked = f", especially {s.points[0]}" if s.points else ""
    return Draft(
        "Thank you, and keeping in touch",
        _letter(f"Dear {s.name},", [
            f"Thank you for letting me know about the {s.role} position, and for the time you "
            f"and the team gave me. I enjoyed learning about {s.company}{liked}.",
            "I would be glad to stay in touch. If another role opens that suits my "
            "background, or you hear of one elsewhere, I would be happy to hear about it. "
            "And if I can ever return the favor, please ask.",
        ], "With best wishes,", s.me),
    )


def blank(f: NoteFacts) -> Draft:
    s = _Slots(f)
    # An empty paragraph for the cursor, not a "[your note]" slot: a blank
    # note is the user's own from the first word.
    return Draft(f"{s.role} at {s.company}",
                 f"Dear {s.name},\n\n\n\nBest regards,\n{s.me}\n")


TEMPLATES: dict[str, Callable[[NoteFacts], Draft]] = {
    "thank_you": thank_you,
    "follow_up": follow_up,
    "second_follow_up": second_follow_up,
    "update_request": update_request,
    "call_script": call_script,
    "reference_heads_up": reference_heads_up,
    "stay_in_touch": stay_in_touch,
    "blank": blank,
}


def fill(kind: str, facts: NoteFacts) -> Draft:
    """The template ``kind`` filled from ``facts`` (unknown kinds: a blank note)."""
    return TEMPLATES.get(kind, blank)(facts)
