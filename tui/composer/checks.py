"""The composer's checks (ETIQUETTE.md's table), as pure functions.

Each check reads a :class:`Note` (the text, split once) and its
:class:`NoteContext` (what the record says) and returns a :class:`Finding`
or None. :func:`run_checks` runs those that apply to the note's kind and
channel. Nothing blocks: the user decides (mark as sent asks while an error
stands).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from typing import Protocol

from tui.composer import phrases


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    HINT = "hint"


@dataclass(frozen=True, slots=True)
class Finding:
    id: str
    severity: Severity
    message: str
    """One line that says what to do."""
    source: str
    """Which article (seeds/) the rule comes from, and what it says."""
    words: tuple[str, ...] = ()
    """The spelling check's unknown words (the panel offers to add them)."""


THANK_YOU = frozenset({"thank_you"})
FOLLOW_UPS = frozenset({"follow_up", "second_follow_up", "update_request"})
LETTERS = frozenset({"thank_you", "follow_up", "second_follow_up", "update_request",
                     "reference_heads_up", "stay_in_touch", "blank"})
"""Every kind but the call script, which is read aloud, not sent."""


@dataclass(frozen=True, slots=True)
class OtherNote:
    """A thank-you note to someone else at the same company (the similarity check)."""

    to: str
    body: str


@dataclass(frozen=True, slots=True)
class NoteContext:
    kind: str
    channel: str = "email"
    recipient: str | None = None
    recipient_title: str | None = None
    recipient_email: str | None = None
    company: str = ""
    company_domain: str | None = None
    role: str = ""
    talking_points: str = ""
    other_notes: tuple[OtherNote, ...] = ()
    follow_ups_sent: int = 0
    due_on: date | None = None
    due_at: datetime | None = None
    """A thank-you's exact deadline (aware or local naive)."""
    decision_on: date | None = None
    now: datetime = field(default_factory=datetime.now)
    known_words: frozenset[str] = frozenset()
    """The user's own word list, lower case."""
    record_text: str = ""
    """Every other name and term the record holds (all contacts' names and
    titles, your name, every round's talking points and unfinished business):
    the user's spelling, never shouting, whatever a template inserted."""

    @property
    def today(self) -> date:
        return self.now.date()


class Speller(Protocol):
    def unknown(self, words: Iterable[str]) -> set[str]: ...

    def ordinary(self, word: str) -> bool:
        """An everyday English word (so in capitals, shouting), not a rare
        entry such as an acronym the dictionary happens to hold."""
        ...


_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,80}\]|\{[A-Za-z_ .]{1,40}\}|<[A-Za-z_ ]{1,40}>")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
# Pictographs, dingbats, flags and the emoji presentation selector.
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\U0001F1E6-\U0001F1FF\uFE0F]")
_URLISH = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")


def _phrase_pattern(items: Iterable[str]) -> re.Pattern[str]:
    alternatives = sorted((re.escape(p) for p in items), key=len, reverse=True)
    return re.compile(r"(?<![\w'])(?:" + "|".join(alternatives) + r")(?![\w'])")


def _patterns(items: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in items))


_DESPERATE = _phrase_pattern(phrases.DESPERATE)
_SELF_CRITICISM = _patterns(phrases.SELF_CRITICISM + phrases.PLEADING)
_FILLER = _phrase_pattern(phrases.FILLER)
_REASONS = _phrase_pattern(phrases.REASONS)
_ASKING = _patterns(phrases.ASKING)
_DECISION = _phrase_pattern(phrases.DECISION_WORDS)
_OTHER_TOPIC = _patterns(phrases.OTHER_TOPICS)
_GRATITUDE = re.compile(r"(?<![\w'])(?:" + "|".join(phrases.GRATITUDE) + r")")
_INTEREST = _phrase_pattern(phrases.INTEREST)
_NEXT_STEP = _phrase_pattern(phrases.NEXT_STEP)
_SALUTATION = re.compile(r"^\s*(?:" + "|".join(phrases.SALUTATIONS) + r")\b", re.IGNORECASE)


class Note:
    """The text being written, normalised once for every check."""

    def __init__(self, subject: str, body: str) -> None:
        self.subject = subject
        self.body = body
        # Typographic apostrophes read as plain ones: "I’m" is "I'm" to every list.
        self.lower = body.casefold().replace("\u2019", "'")

    @cached_property
    def words(self) -> list[str]:
        text = _PLACEHOLDER.sub(" ", _URLISH.sub(" ", self.body)).replace("\u2019", "'")
        return _WORD.findall(text)

    @cached_property
    def paragraphs(self) -> list[str]:
        """The letter's paragraphs: the salutation and the sign-off do not count."""
        blocks = [b.strip() for b in re.split(r"\n\s*\n", self.body) if b.strip()]
        if blocks and _SALUTATION.match(blocks[0]) and len(blocks[0]) < 80:
            blocks = blocks[1:]
        if blocks and _is_sign_off(blocks[-1]):
            blocks = blocks[:-1]
        return blocks

    @cached_property
    def questions(self) -> list[str]:
        return [s.strip().casefold() for s in _SENTENCE_END.split(self.body)
                if s.strip().endswith("?")]


def _is_sign_off(block: str) -> bool:
    lines = block.splitlines()
    return len(lines) <= 3 and len(lines[0]) <= 30 and lines[0].rstrip().endswith(",")


def word_count(body: str) -> int:
    return len(Note("", body).words)


def paragraph_count(body: str) -> int:
    return len(Note("", body).paragraphs)


# ---------------------------------------------------------------------------
# The checks, in the table's order


def check_placeholder(note: Note, ctx: NoteContext) -> Finding | None:
    slots = list(dict.fromkeys(_PLACEHOLDER.findall(note.subject + "\n" + note.body)))
    if not slots:
        return None
    shown = ", ".join(slots[:3]) + (f" and {len(slots) - 3} more" if len(slots) > 3 else "")
    return Finding("placeholder", Severity.ERROR,
                   f"Fill in or delete {shown}: the template left it for you",
                   "004: a template is only a starting point")


def check_gratitude(note: Note, ctx: NoteContext) -> Finding | None:
    if _GRATITUDE.search(note.lower):
        return None
    return Finding("gratitude", Severity.ERROR,
                   "Say thank you: a thank-you note opens with thanks for their time",
                   "000, 001, 004: express your appreciation for the interview")


def check_greeting(note: Note, ctx: NoteContext) -> Finding | None:
    first = next((line for line in note.body.splitlines() if line.strip()), "")
    who = ctx.recipient or "the recipient"
    title = f" ({ctx.recipient_title})" if ctx.recipient_title else ""
    if not _SALUTATION.match(first):
        return Finding("greeting", Severity.WARNING,
                       f"Open with a greeting that names {who}{title}, e.g. \"Dear {who},\"",
                       "000: address the interviewer by name and title")
    if ctx.recipient:
        names = [n.casefold() for n in ctx.recipient.split() if len(n) > 1]
        if not any(n in first.casefold() for n in names):
            return Finding("greeting", Severity.WARNING,
                           f"The greeting does not name {ctx.recipient}{title}",
                           "000: address the interviewer by name and title")
    return None


def _stem(word: str) -> str:
    word = word.casefold().strip("'")
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def distinctive_words(text: str) -> set[str]:
    """The words of talking points worth finding in a note (stems, 4+ letters)."""
    return {_stem(w) for w in _WORD.findall(text)
            if len(w) >= 4 and w.casefold() not in phrases.STOPWORDS}


def check_specifics(note: Note, ctx: NoteContext) -> Finding | None:
    wanted = distinctive_words(ctx.talking_points)
    if not wanted:
        return Finding("specifics", Severity.HINT,
                       "No talking points are recorded for this round: mention something "
                       "specific you discussed",
                       "000, 001: mention specific points from the conversation")
    if wanted & {_stem(w) for w in note.words}:
        return None
    return Finding("specifics", Severity.WARNING,
                   "Mention something you discussed: none of the round's talking points "
                   "appears", "000, 001: mention specific points from the conversation")


def check_interest(note: Note, ctx: NoteContext) -> Finding | None:
    if _INTEREST.search(note.lower):
        return None
    return Finding("interest", Severity.WARNING,
                   "Say that you are still interested in the role",
                   "000, 001, 004: restate your interest in the position")


def check_next_step(note: Note, ctx: NoteContext) -> Finding | None:
    if _NEXT_STEP.search(note.lower):
        return None
    return Finding("next-step", Severity.HINT,
                   "Close by looking forward to the next step",
                   "004: thanks, why you fit, and a forward-looking close")


def check_length(note: Note, ctx: NoteContext) -> Finding | None:
    if ctx.kind not in THANK_YOU | FOLLOW_UPS:
        return None
    words, paragraphs = len(note.words), len(note.paragraphs)
    source = "001: three or four paragraphs; 002, 000: concise and friendly"
    if words < 40:
        return Finding("length", Severity.WARNING,
                       f"{words} words: too short to say anything; aim for 40 or more", source)
    if ctx.kind in THANK_YOU:
        if words > 250:
            return Finding("length", Severity.WARNING,
                           f"{words} words: cut it to 250 or fewer", source)
        if paragraphs > 4:
            return Finding("length", Severity.WARNING,
                           f"{paragraphs} paragraphs: keep it to four at most", source)
    elif words > 150:
        return Finding("length", Severity.WARNING,
                       f"{words} words: a follow-up should stay under 150", source)
    return None


def bare_word(word: str) -> str:
    """A word as the lists hold it: no quotes around it, no possessive ("Acme's")."""
    bare = word.strip("'")
    if bare[-2:].casefold() == "'s":
        bare = bare[:-2]
    return bare


def record_words(ctx: NoteContext) -> set[str]:
    """Every word the record holds (lower case): names, company, role, titles,
    talking points and the user's own list. The user typed them: they are
    neither misspelt nor shouted."""
    words = set(ctx.known_words)
    for text in (ctx.company, ctx.role, ctx.recipient or "", ctx.recipient_title or "",
                 ctx.talking_points, ctx.record_text):
        words.update(bare_word(w).casefold() for w in _WORD.findall(text.replace("\u2019", "'")))
    return words


def _shouting(note: Note, ctx: NoteContext, speller: Speller | None) -> list[str]:
    own: set[str] | None = None
    out = []
    for word in note.words:
        bare = bare_word(word)
        if len(bare) < 3 or not bare.isupper() or bare in phrases.ACRONYMS:
            continue
        if own is None:
            own = record_words(ctx)  # only read when some word is in capitals
        folded = bare.casefold()
        if folded in own:
            continue
        # An everyday word in capitals is shouting; an acronym is not. Until
        # the dictionary is loaded, a short list of words people shout decides.
        if speller.ordinary(folded) if speller is not None else folded in phrases.SHOUTED:
            out.append(bare)
    return out


def check_tone(note: Note, ctx: NoteContext, speller: Speller | None = None) -> Finding | None:
    found = [m.group(0) for m in _DESPERATE.finditer(note.lower)]
    found += [m.group(0).strip() for m in _SELF_CRITICISM.finditer(note.lower)]
    shouting = _shouting(note, ctx, speller)
    bangs = "!!" in note.body
    if not (found or shouting or bangs):
        return None
    what = [f"\"{p}\"" for p in dict.fromkeys(found)][:2]
    if shouting:
        what.append(f"capitals ({shouting[0]})")
    if bangs:
        what.append("\"!!\"")
    return Finding("tone", Severity.WARNING,
                   f"Sounds negative or desperate: {', '.join(what)}; stay calm and positive",
                   "000: don't be negative or desperate; 003: enthusiasm, not desperation")


def check_filler(note: Note, ctx: NoteContext) -> Finding | None:
    match = _FILLER.search(note.lower)
    # A reason counts where the note offers it: asking for news is not news.
    if match is None or _REASONS.search(_ASKING.sub(" ", note.lower)):
        return None
    return Finding("filler", Severity.HINT,
                   f"\"{match.group(0)}\" says nothing new: give a reason (their timeline, "
                   "news, something you can add)",
                   "002: use their time frame as the reason; 001: tailor the follow-up")


def check_informal(note: Note, ctx: NoteContext) -> Finding | None:
    slang = [w for w in note.words if w.casefold() in phrases.INFORMAL_WORDS]
    emoji = _EMOJI.search(note.body) is not None or any(
        e in note.body for e in phrases.EMOTICONS)
    if not slang and not emoji:
        return None
    what = [f"\"{w}\"" for w in dict.fromkeys(slang)][:3] + (["emoji"] if emoji else [])
    return Finding("informal", Severity.WARNING,
                   f"Too casual: {', '.join(what)}; use formal wording",
                   "000: formal language, no slang")


def check_spelling(note: Note, ctx: NoteContext, speller: Speller | None) -> Finding | None:
    if speller is None:
        return None
    # The record's own words are the user's spelling: every name (the ones a
    # template inserted too), company, role, and the talking points the
    # template quotes ("Postgres" is not a typo). Possessives go first, so
    # "Acme's" is Acme.
    skip = record_words(ctx)
    candidates: dict[str, str] = {}
    for word in note.words:
        bare = bare_word(word)
        folded = bare.casefold()
        if len(bare) < 2 or folded in skip or _acronym(bare):
            continue
        candidates.setdefault(folded, bare)
    unknown = speller.unknown(candidates) if candidates else set()
    if not unknown:
        return None
    words = tuple(candidates[w] for w in candidates if w in unknown)
    listed = ", ".join(words[:6]) + (f" and {len(words) - 6} more" if len(words) > 6 else "")
    return Finding("spelling", Severity.WARNING, f"Check the spelling of {listed}",
                   "000, 003: proofread before you send", words)


def _acronym(word: str) -> bool:
    """"SLO", "SLOs", "APIs": capitals are an abbreviation, not a misspelling."""
    stem = word[:-1] if word.endswith("s") else word
    return len(stem) >= 2 and stem.isupper()


def check_decision_only(note: Note, ctx: NoteContext) -> Finding | None:
    questions = note.questions
    if not questions:
        return None
    if all(_DECISION.search(q) and not _OTHER_TOPIC.search(q) for q in questions):
        return Finding("decision-only", Severity.HINT,
                       "Every question is about the decision: ask about the next steps or "
                       "the team too", "000: don't focus only on the decision")
    return None


def similarity(a: str, b: str) -> float:
    """How alike two notes are, 0 to 1, word by word."""
    wa, wb = a.casefold().split(), b.casefold().split()
    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    if matcher.real_quick_ratio() <= 0.85 or matcher.quick_ratio() <= 0.85:
        return matcher.quick_ratio()  # an upper bound that already clears the bar
    return matcher.ratio()


def check_similar(note: Note, ctx: NoteContext) -> Finding | None:
    me = (ctx.recipient or "").strip().casefold()
    for other in ctx.other_notes:
        if me and other.to.strip().casefold() == me:
            continue  # an earlier note to the same person: they will not compare
        ratio = similarity(note.body, other.body)
        if ratio > 0.85:
            return Finding("similar", Severity.WARNING,
                           f"{ratio:.0%} like your note to {other.to}: vary it, in case "
                           "they compare", "003: make each letter different")
    return None


def check_overdoing(note: Note, ctx: NoteContext) -> Finding | None:
    if ctx.follow_ups_sent < 2:
        return None
    return Finding("overdoing", Severity.WARNING,
                   f"You have sent {ctx.follow_ups_sent} follow-ups for this round: a third "
                   "is too many; consider moving on",
                   "004, 000: follow up twice at most")


def _naive_local(dt: datetime) -> datetime:
    return dt.astimezone().replace(tzinfo=None) if dt.tzinfo else dt


def check_timing(note: Note, ctx: NoteContext) -> Finding | None:
    if (ctx.kind in THANK_YOU and ctx.due_at is not None
            and _naive_local(ctx.now) > _naive_local(ctx.due_at)):
        return Finding("timing", Severity.HINT,
                       "Late: its time has passed, but send it anyway",
                       "000, 001, 003: thank them within a day")
    if ctx.kind in FOLLOW_UPS and ctx.due_on is not None and ctx.today < ctx.due_on:
        said = (f": they said {ctx.decision_on:%a} {ctx.decision_on.day} {ctx.decision_on:%b}"
                if ctx.decision_on else "")
        return Finding("timing", Severity.HINT,
                       f"Early: not due until {ctx.due_on:%a} {ctx.due_on.day} "
                       f"{ctx.due_on:%b}{said}",
                       "000, 001, 003: give them the time they asked for")
    return None


def check_channel(note: Note, ctx: NoteContext) -> Finding | None:
    email = (ctx.recipient_email or "").strip().casefold()
    domain = email.rpartition("@")[2]
    own = (ctx.company_domain or "").casefold()
    if not domain or not own or own in phrases.FREE_MAIL or domain not in phrases.FREE_MAIL:
        return None
    return Finding("channel", Severity.WARNING,
                   f"{email} is a personal address: write to their {own} address if you "
                   "can", "002: use business accounts")


def check_subject(note: Note, ctx: NoteContext) -> Finding | None:
    if note.subject.strip():
        return None
    return Finding("subject", Severity.WARNING, "Add a subject line",
                   "an email without a subject is easy to miss")


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    run: Callable[..., Finding | None]
    """``run(note, ctx)``, or ``run(note, ctx, speller)`` when ``speller`` is set."""
    kinds: frozenset[str] | None = None
    """The note kinds it applies to; None: all."""
    email_only: bool = False
    speller: bool = False
    """It reads the dictionary too (None while it loads)."""


CHECKS: tuple[Check, ...] = (
    Check("placeholder", check_placeholder),
    Check("gratitude", check_gratitude, THANK_YOU),
    Check("greeting", check_greeting, LETTERS),
    Check("specifics", check_specifics, THANK_YOU),
    Check("interest", check_interest, THANK_YOU | FOLLOW_UPS),
    Check("next-step", check_next_step, THANK_YOU),
    Check("length", check_length),
    Check("tone", check_tone, speller=True),
    Check("filler", check_filler, FOLLOW_UPS),
    Check("informal", check_informal),
    Check("decision-only", check_decision_only, FOLLOW_UPS),
    Check("similar", check_similar, THANK_YOU),
    Check("overdoing", check_overdoing, FOLLOW_UPS),
    Check("timing", check_timing),
    Check("channel", check_channel, email_only=True),
    Check("subject", check_subject, LETTERS, email_only=True),
)
"""Every check but spelling, which needs the dictionary (see :func:`run_checks`)."""

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.HINT: 2}


def run_checks(subject: str, body: str, ctx: NoteContext,
               speller: Speller | None = None) -> list[Finding]:
    """Every check that applies, errors first. Without a speller (the dictionary
    still loading) the spelling check is left out."""
    note = Note(subject, body)
    found = []
    for check in CHECKS:
        if check.kinds is not None and ctx.kind not in check.kinds:
            continue
        if check.email_only and ctx.channel != "email":
            continue
        finding = check.run(note, ctx, speller) if check.speller else check.run(note, ctx)
        if finding is not None:
            found.append(finding)
    spelling = check_spelling(note, ctx, speller)
    if spelling is not None:
        found.append(spelling)
    return sorted(found, key=lambda f: _ORDER[f.severity])


def has_error(findings: Sequence[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
