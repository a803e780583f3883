"""The ``afterview/1`` JSON interchange: export, and all-or-nothing import.

The document is PRODUCT.md's, plus optional keys that carry what the sample
leaves out, so that export → import → export is the same document:
``settings`` holds every setting; an application may have ``outcome``,
``stage_history`` and ``custom_actions``; a written note may have ``channel``
and ``sent_at``.

Import validates the whole document first (every error names its key path),
then writes in one transaction with bulk inserts: 5,000 applications with
their rounds and messages go in within a few seconds.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from storage.db.engine import Database
from storage.db.models import (
    ActionOverride,
    Application,
    Communication,
    Company,
    Contact,
    CustomAction,
    Interview,
    Note,
    Stage,
    StageChange,
    UTCDateTime,
    interview_interviewers,
    utcnow,
)
from storage.db.store import Store
from storage.errors import ValidationError
from storage.rules.records import (
    CHANNELS,
    COMM_KINDS,
    NOTE_KINDS,
    OUTCOMES,
    ROUND_KINDS,
    STAGE_ROLES,
    legacy_stage_role,
)
from storage.rules.settings import Settings
from storage.rules.validate import Problems, describe_value, safe_for_terminal

FORMAT = "afterview/1"
OVERRIDE_KINDS = ("thank_you", "follow_up", "second_follow_up", "move_on", "references")
NOTE_STATUSES = ("draft", "sent")

_APP_REQUIRED = ("company", "role", "stage")
_APP_OPTIONAL = ("id", "company_domain", "applied_on", "no_contact", "references_requested_on",
                 "notes", "contacts", "interviews", "communications", "notes_written",
                 "action_overrides", "outcome", "stage_history", "custom_actions")


def _iso(dt: datetime | None) -> str | None:
    """Local time with its offset: what a person reading the file expects."""
    return None if dt is None else dt.astimezone().isoformat(timespec="seconds")


def _day(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


# -- export -----------------------------------------------------------------


def export_document(db: Database) -> dict[str, Any]:
    """The whole database as an ``afterview/1`` document.

    Reads each table once with Core queries and groups in Python: an ORM
    walk over 100,000 rows would cost several seconds.
    """
    store = Store(db)
    settings = store.settings()
    with db.session() as s:
        stages = s.execute(select(Stage.id, Stage.name, Stage.role)
                           .order_by(Stage.position, Stage.id)).all()
        stage_names = {sid: name for sid, name, _ in stages}
        apps = s.execute(
            select(Application, Company.name, Company.domain)
            .join(Company).join(Stage)
            .order_by(Stage.position, Application.position, Application.id)
        ).all()
        by_app: dict[str, dict[int, list[Any]]] = {
            name: defaultdict(list)
            for name in ("contacts", "rounds", "comms", "notes", "overrides", "custom", "history")
        }
        for row in s.scalars(select(Contact).order_by(Contact.id)):
            by_app["contacts"][row.application_id].append(row)
        for row in s.scalars(select(Interview).order_by(Interview.starts_at, Interview.id)):
            by_app["rounds"][row.application_id].append(row)
        interviewers: dict[int, list[int]] = defaultdict(list)
        for iid, cid in s.execute(select(interview_interviewers.c.interview_id,
                                         interview_interviewers.c.contact_id)
                                  .order_by(interview_interviewers.c.contact_id)):
            interviewers[iid].append(cid)
        for row in s.scalars(select(Communication).order_by(Communication.at, Communication.id)):
            by_app["comms"][row.application_id].append(row)
        for row in s.scalars(select(Note).order_by(Note.id)):
            by_app["notes"][row.application_id].append(row)
        for row in s.scalars(select(ActionOverride).order_by(ActionOverride.id)):
            by_app["overrides"][row.application_id].append(row)
        for row in s.scalars(select(CustomAction).order_by(CustomAction.due_on, CustomAction.id)):
            by_app["custom"][row.application_id].append(row)
        for row in s.scalars(select(StageChange).order_by(StageChange.changed_at, StageChange.id)):
            by_app["history"][row.application_id].append(row)

        applications = []
        for app, company, domain in apps:
            names = {c.id: c.name for c in by_app["contacts"][app.id]}
            rounds = by_app["rounds"][app.id]
            round_no = {r.id: i for i, r in enumerate(rounds, 1)}
            applications.append({
                "id": app.uid,
                "company": company,
                "company_domain": domain,
                "role": app.role,
                "stage": stage_names[app.stage_id],
                "applied_on": _day(app.applied_on),
                "no_contact": app.no_contact,
                "references_requested_on": _day(app.references_requested_on),
                "notes": app.notes,
                "outcome": app.outcome,
                "contacts": [
                    {"name": c.name, "title": c.title, "email": c.email, "phone": c.phone,
                     "main": c.is_main}
                    for c in by_app["contacts"][app.id]
                ],
                "interviews": [
                    {"starts_at": _iso(r.starts_at), "ends_at": _iso(r.ends_at), "kind": r.kind,
                     "interviewers": [names[cid] for cid in interviewers[r.id]],
                     "talking_points": r.talking_points,
                     "unfinished_business": r.unfinished_business,
                     "decision_expected_on": _day(r.decision_expected_on)}
                    for r in rounds
                ],
                "communications": [
                    {"at": _iso(c.at), "direction": c.direction, "kind": c.kind,
                     "channel": c.channel, "contact": names.get(c.contact_id),
                     "summary": c.summary}
                    for c in by_app["comms"][app.id]
                ],
                "notes_written": [
                    {"kind": n.kind, "contact": names.get(n.contact_id), "channel": n.channel,
                     "subject": n.subject, "body": n.body, "status": n.status,
                     "sent_at": _iso(n.sent_at)}
                    for n in by_app["notes"][app.id]
                ],
                "action_overrides": [
                    {"kind": o.kind, "contact": names.get(o.contact_id),
                     "round": round_no.get(o.interview_id),
                     **({"snoozed_to": _day(o.snoozed_to)} if o.snoozed_to else {}),
                     **({"skipped_on": _day(o.skipped_on)} if o.skipped_on else {}),
                     **({"done_on": _day(o.done_on)} if o.done_on else {})}
                    for o in by_app["overrides"][app.id]
                ],
                "custom_actions": [
                    {"title": a.title, "due_on": _day(a.due_on), "done_on": _day(a.done_on)}
                    for a in by_app["custom"][app.id]
                ],
                "stage_history": [
                    {"stage": stage_names[h.stage_id], "at": _iso(h.changed_at)}
                    for h in by_app["history"][app.id]
                ],
            })
    return {
        "format": FORMAT,
        "settings": settings.to_mapping(),
        "stages": [{"name": name, "role": role} for _, name, role in stages],
        "applications": applications,
    }


# -- import: reading ----------------------------------------------------------


class _DuplicateKey(ValueError):
    pass


def _one_value_per_key(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads keeps the last of two equal keys without a word; a file
    # that says two things about one field is refused instead.
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return obj


def read_document(text: str, name: str) -> Any:
    """The JSON value in ``text`` (the file called ``name``), or one line of
    :class:`ValidationError` saying why it cannot be read: bad JSON, nesting
    too deep for the parser, a number too long to read, a key given twice."""
    shown = safe_for_terminal(name)
    try:
        return json.loads(text, object_pairs_hook=_one_value_per_key)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"{shown} is not valid JSON (line {exc.lineno}, "
                              f"column {exc.colno}: {exc.msg})") from None
    except _DuplicateKey as exc:
        raise ValidationError(f"{shown}: the key {describe_value(exc.args[0])} is given twice "
                              "in one object: keep one") from None
    except RecursionError:
        raise ValidationError(f"{shown} nests lists or objects too deeply to be an "
                              f"{FORMAT} file") from None
    except ValueError:
        # Python refuses to read an integer of more than 4,300 digits.
        raise ValidationError(f"{shown} holds a number too long to read: not an "
                              f"{FORMAT} file") from None


# -- import: validation -------------------------------------------------------


@dataclass
class _App:
    """One validated application, ready to insert."""

    values: dict[str, Any]
    company: str
    company_domain: str | None
    stage: str
    contacts: list[dict[str, Any]] = field(default_factory=list)
    rounds: list[tuple[dict[str, Any], list[str]]] = field(default_factory=list)
    comms: list[tuple[dict[str, Any], str | None]] = field(default_factory=list)
    notes: list[tuple[dict[str, Any], str | None]] = field(default_factory=list)
    overrides: list[tuple[dict[str, Any], str | None, int | None]] = field(default_factory=list)
    custom: list[dict[str, Any]] = field(default_factory=list)
    history: list[tuple[str, datetime]] = field(default_factory=list)


@dataclass
class _Doc:
    settings: dict[str, Any] | None
    stages: list[tuple[str, str]]
    """(name, role) in the file's order."""
    apps: list[_App]


def parse_document(doc: Any, known_stages: set[str]) -> _Doc:
    """Validate a whole document; raise one :class:`ValidationError` listing
    every problem with its key path."""
    p = Problems()
    top = p.obj(doc, "document", required=("format",),
                optional=("settings", "stages", "applications"))
    if top is None:
        p.raise_if_any()
        raise AssertionError  # unreachable: raise_if_any raised
    if top.get("format") != FORMAT:
        p.add("format", f"expected {FORMAT!r}, found {describe_value(top.get('format'))}")
        p.raise_if_any()
    settings = top.get("settings")
    if settings is not None:
        if isinstance(settings, dict):
            try:
                Settings.from_mapping(settings)
            except ValidationError as exc:
                p.errors.append(str(exc))
        else:
            p.add("settings", "not an object")
    stages: list[tuple[str, str]] = []
    for i, raw in enumerate(p.list_(top.get("stages"), "stages")):
        where = f"stages[{i}]"
        obj = p.obj(raw, where, required=("name",), optional=("role", "closed"))
        if obj is None:
            continue
        name = p.text(obj.get("name"), f"{where}.name", required=True, limit=80)
        if name is not None:
            if name.strip().lower() in {n.lower() for n, _ in stages}:
                p.add(f"{where}.name", f"{name!r} is listed twice")
            stages.append((name.strip(), _stage_role(p, obj, where, name)))
    all_stages = {n.lower() for n in known_stages} | {n.lower() for n, _ in stages}
    apps = []
    seen_ids: set[str] = set()
    for i, raw in enumerate(p.list_(top.get("applications"), "applications")):
        app = _parse_app(p, raw, f"applications[{i}]", all_stages, seen_ids)
        if app is not None:
            apps.append(app)
    p.raise_if_any()
    return _Doc(settings, stages, apps)


def _stage_role(p: Problems, obj: dict[str, Any], where: str, name: str) -> str:
    """The stage's role; a file from before roles says it with ``closed`` and
    the name Offer, read as they were meant then."""
    closed = obj.get("closed")
    if "role" not in obj:
        return legacy_stage_role(name, p.boolean(closed, f"{where}.closed"))
    role = p.choice(obj.get("role"), f"{where}.role", STAGE_ROLES) or "open"
    if closed is not None and p.boolean(closed, f"{where}.closed") != (role == "closed"):
        p.add(f"{where}.closed", f"contradicts role {role!r}: give the role alone")
    return role


def _parse_app(p: Problems, raw: Any, where: str, stages: set[str],
               seen_ids: set[str]) -> _App | None:
    obj = p.obj(raw, where, _APP_REQUIRED, _APP_OPTIONAL)
    if obj is None:
        return None
    uid = p.text(obj.get("id"), f"{where}.id", limit=64)
    if uid is not None:
        if uid in seen_ids:
            p.add(f"{where}.id", f"{uid!r} is used by another application in this file")
        seen_ids.add(uid)
    company = p.text(obj.get("company"), f"{where}.company", required=True, limit=200)
    role = p.text(obj.get("role"), f"{where}.role", required=True, limit=200)
    stage = p.text(obj.get("stage"), f"{where}.stage", required=True, limit=80)
    if stage is not None and stage.strip().lower() not in stages:
        p.add(f"{where}.stage", f"no stage named {stage!r}: add it under stages")
    outcome = obj.get("outcome")
    if outcome is not None:
        p.choice(outcome, f"{where}.outcome", OUTCOMES)
    app = _App(
        values={
            "uid": uid or uuid.uuid4().hex,
            "role": (role or "").strip(),
            "applied_on": p.date_(obj.get("applied_on"), f"{where}.applied_on"),
            "no_contact": p.boolean(obj.get("no_contact"), f"{where}.no_contact"),
            "references_requested_on": p.date_(obj.get("references_requested_on"),
                                               f"{where}.references_requested_on"),
            "notes": p.text(obj.get("notes"), f"{where}.notes", multiline=True) or "",
            "outcome": outcome,
        },
        company=(company or "").strip(),
        company_domain=p.text(obj.get("company_domain"), f"{where}.company_domain", limit=200),
        stage=(stage or "").strip(),
    )
    names: set[str] = set()
    for j, raw_c in enumerate(p.list_(obj.get("contacts"), f"{where}.contacts")):
        cw = f"{where}.contacts[{j}]"
        c = p.obj(raw_c, cw, ("name",), ("title", "email", "phone", "main"))
        if c is None:
            continue
        name = p.text(c.get("name"), f"{cw}.name", required=True, limit=200)
        if name is None:
            continue
        if name in names:
            p.add(f"{cw}.name", f"{name!r} is listed twice for this application")
        names.add(name)
        email = p.email(c.get("email"), f"{cw}.email")
        app.contacts.append({
            "name": name, "title": p.text(c.get("title"), f"{cw}.title", limit=200),
            "email": email, "phone": p.text(c.get("phone"), f"{cw}.phone", limit=64),
            "is_main": p.boolean(c.get("main"), f"{cw}.main"),
        })

    def contact_name(value: Any, path: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            p.add(path, f"not a contact's name but {describe_value(value)}")
            return None
        if value not in names:
            p.add(path, f"{describe_value(value)} is not one of this application's contacts")
            return None
        return value

    for j, raw_r in enumerate(p.list_(obj.get("interviews"), f"{where}.interviews")):
        rw = f"{where}.interviews[{j}]"
        r = p.obj(raw_r, rw, ("starts_at",), ("ends_at", "kind", "interviewers",
                                              "talking_points", "unfinished_business",
                                              "decision_expected_on"))
        if r is None:
            continue
        starts = p.datetime_(r.get("starts_at"), f"{rw}.starts_at", required=True)
        ends = p.datetime_(r.get("ends_at"), f"{rw}.ends_at")
        decision = p.date_(r.get("decision_expected_on"), f"{rw}.decision_expected_on")
        if starts and ends and ends < starts:
            p.add(f"{rw}.ends_at", "before starts_at")
        if starts and decision and decision < starts.astimezone().date():
            p.add(f"{rw}.decision_expected_on", "before the interview itself")
        people = [contact_name(n, f"{rw}.interviewers[{k}]")
                  for k, n in enumerate(p.list_(r.get("interviewers"), f"{rw}.interviewers"))]
        app.rounds.append(({
            "starts_at": starts, "ends_at": ends,
            "kind": p.choice(r.get("kind", "video"), f"{rw}.kind", ROUND_KINDS) or "video",
            "talking_points": p.text(r.get("talking_points"), f"{rw}.talking_points",
                                     multiline=True) or "",
            "unfinished_business": p.text(r.get("unfinished_business"),
                                          f"{rw}.unfinished_business", multiline=True) or "",
            "decision_expected_on": decision,
        }, [n for n in people if n is not None]))

    for j, raw_m in enumerate(p.list_(obj.get("communications"), f"{where}.communications")):
        mw = f"{where}.communications[{j}]"
        m = p.obj(raw_m, mw, ("at", "direction", "kind"), ("channel", "contact", "summary"))
        if m is None:
            continue
        direction = p.choice(m.get("direction"), f"{mw}.direction", ("in", "out"))
        kind = p.choice(m.get("kind"), f"{mw}.kind", COMM_KINDS)
        if direction == "in" and kind not in (None, "response"):
            p.add(f"{mw}.kind", "an inbound message is a response: use kind 'response'")
        if direction == "out" and kind == "response":
            p.add(f"{mw}.kind", "a response comes in: use direction 'in'")
        app.comms.append(({
            "at": p.datetime_(m.get("at"), f"{mw}.at", required=True),
            "direction": direction, "kind": kind,
            "channel": p.choice(m.get("channel", "email"), f"{mw}.channel", CHANNELS),
            "summary": p.text(m.get("summary"), f"{mw}.summary", multiline=True) or "",
        }, contact_name(m.get("contact"), f"{mw}.contact")))

    for j, raw_n in enumerate(p.list_(obj.get("notes_written"), f"{where}.notes_written")):
        nw = f"{where}.notes_written[{j}]"
        n = p.obj(raw_n, nw, ("kind", "body"),
                  ("contact", "channel", "subject", "status", "sent_at"))
        if n is None:
            continue
        if n.get("body") is None:
            p.add(f"{nw}.body", "required (a string; \"\" for an empty draft)")
        app.notes.append(({
            "kind": p.choice(n.get("kind"), f"{nw}.kind", NOTE_KINDS),
            "channel": p.choice(n.get("channel", "email"), f"{nw}.channel", CHANNELS),
            "subject": p.text(n.get("subject"), f"{nw}.subject", limit=300) or "",
            "body": p.text(n.get("body"), f"{nw}.body", multiline=True) or "",
            "status": p.choice(n.get("status", "draft"), f"{nw}.status", NOTE_STATUSES),
            "sent_at": p.datetime_(n.get("sent_at"), f"{nw}.sent_at"),
        }, contact_name(n.get("contact"), f"{nw}.contact")))

    round_count = len(app.rounds)
    seen_overrides: set[tuple[Any, ...]] = set()
    for j, raw_o in enumerate(p.list_(obj.get("action_overrides"), f"{where}.action_overrides")):
        ow = f"{where}.action_overrides[{j}]"
        o = p.obj(raw_o, ow, ("kind",),
                  ("contact", "round", "snoozed_to", "skipped_on", "done_on"))
        if o is None:
            continue
        kind = p.choice(o.get("kind"), f"{ow}.kind", OVERRIDE_KINDS)
        given = [k for k in ("snoozed_to", "skipped_on", "done_on") if o.get(k) is not None]
        if len(given) != 1:
            p.add(ow, "give exactly one of snoozed_to, skipped_on, done_on")
        number = o.get("round")
        if number is not None and p.integer(number, f"{ow}.round", 1, max(round_count, 1)) is None:
            number = None
        if kind not in (None, "references") and o.get("round") is None:
            p.add(f"{ow}.round", f"required for a {kind} action (1 = the earliest interview)")
        who = contact_name(o.get("contact"), f"{ow}.contact")
        same = (kind, number, who)
        if same in seen_overrides:
            p.add(ow, "the same action (kind, round and contact) is listed twice")
        seen_overrides.add(same)
        app.overrides.append(({
            "kind": kind,
            "snoozed_to": p.date_(o.get("snoozed_to"), f"{ow}.snoozed_to"),
            "skipped_on": p.date_(o.get("skipped_on"), f"{ow}.skipped_on"),
            "done_on": p.date_(o.get("done_on"), f"{ow}.done_on"),
        }, who, number))

    for j, raw_a in enumerate(p.list_(obj.get("custom_actions"), f"{where}.custom_actions")):
        aw = f"{where}.custom_actions[{j}]"
        a = p.obj(raw_a, aw, ("title", "due_on"), ("done_on",))
        if a is None:
            continue
        due = p.date_(a.get("due_on"), f"{aw}.due_on")
        if a.get("due_on") is None:
            p.add(f"{aw}.due_on", "required")
        app.custom.append({
            "title": p.text(a.get("title"), f"{aw}.title", required=True, limit=200),
            "due_on": due, "done_on": p.date_(a.get("done_on"), f"{aw}.done_on"),
        })

    for j, raw_h in enumerate(p.list_(obj.get("stage_history"), f"{where}.stage_history")):
        hw = f"{where}.stage_history[{j}]"
        h = p.obj(raw_h, hw, ("stage", "at"), ())
        if h is None:
            continue
        hs = p.text(h.get("stage"), f"{hw}.stage", required=True, limit=80)
        if hs is not None and hs.strip().lower() not in stages:
            p.add(f"{hw}.stage", f"no stage named {hs!r}")
        at = p.datetime_(h.get("at"), f"{hw}.at", required=True)
        if hs is not None and at is not None:
            app.history.append((hs.strip(), at))
    return app


# -- import: writing ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportResult:
    applications: int
    replaced: int
    interviews: int
    communications: int


def import_document(db: Database, doc: Any) -> ImportResult:
    """Import a document in one transaction: every row, or (on any error) none.

    An application whose ``id`` is already in the database replaces it.
    """
    store = Store(db)
    known = {st.name for st in store.stages()}
    parsed = parse_document(doc, known)
    counts: dict[str, Any] = {}

    def write(s: Session) -> list[int]:
        stage_ids = _merge_stages(s, parsed.stages)
        counts["replaced"] = _delete_existing(s, [a.values["uid"] for a in parsed.apps])
        counts.update(_insert_apps(s, parsed.apps, stage_ids))
        return list(counts["ids"])

    store.import_rows(write, settings=parsed.settings)
    return ImportResult(len(parsed.apps), counts["replaced"], counts["interviews"],
                        counts["communications"])


def _merge_stages(s: Session, stages: list[tuple[str, str]]) -> dict[str, int]:
    existing = {st.name.lower(): st for st in s.scalars(select(Stage))}
    if stages:
        # The file's order first, then the stages it does not mention.
        order = [name.lower() for name, _ in stages]
        rest = sorted((st for key, st in existing.items() if key not in order),
                      key=lambda st: st.position)
        for pos, (name, role) in enumerate(stages):
            row = existing.get(name.lower())
            if row is None:
                row = Stage(name=name, position=pos, role=role)
                s.add(row)
                existing[name.lower()] = row
            row.position, row.role = pos, role
        for offset, row in enumerate(rest, len(stages)):
            row.position = offset
        s.flush()
    return {key: st.id for key, st in existing.items()}


def _delete_existing(s: Session, uids: list[str]) -> int:
    replaced = 0
    for start in range(0, len(uids), 500):
        chunk = uids[start:start + 500]
        result = s.execute(delete(Application).where(Application.uid.in_(chunk)))
        replaced += result.rowcount or 0  # type: ignore[attr-defined]
    return replaced


class _IdAllocator:
    """Hands out primary keys for bulk inserts.

    Asking the database for each new id (INSERT … RETURNING in order) costs
    SQLAlchemy a quadratic splice of result batches: 100 s for 5,000
    applications. Inside our write transaction no one else inserts, so the
    ids after ``max(id)`` are ours; PostgreSQL's sequences are then moved past
    them (and the tables locked against other writers first).
    """

    def __init__(self, s: Session) -> None:
        self.s = s
        self.used: list[Any] = []
        self.postgres = s.get_bind().dialect.name == "postgresql"

    def take(self, model: Any, count: int) -> list[int]:
        table = model.__table__
        if self.postgres:
            self.s.execute(text(f"LOCK TABLE {table.name} IN SHARE ROW EXCLUSIVE MODE"))
        start = (self.s.scalar(select(func.max(table.c.id))) or 0) + 1
        self.used.append(table)
        return list(range(start, start + count))

    def finish(self) -> None:
        if not self.postgres:
            return
        for table in self.used:
            self.s.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT max(id) FROM {table.name}), 1))"
            ))


def sqlite_utc_text(value: datetime) -> str:
    """What :class:`UTCDateTime` and SQLite's ``DATETIME`` store for ``value``
    (``2026-11-19 19:00:00.000000``, UTC), in two C calls instead of four
    Python functions: a large import has 100,000 of them. A naive value is
    local time, as everywhere in the program."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _bind_processor(column_type: Any, dialect: Any) -> Any:
    if dialect.name == "sqlite" and isinstance(column_type, UTCDateTime):
        return sqlite_utc_text
    return column_type.dialect_impl(dialect).bind_processor(dialect)


def _bulk_insert(s: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """``INSERT`` every row with one DBAPI ``executemany``, in the session's
    transaction.

    ``s.execute(insert(table), rows)`` builds every row's parameters in
    SQLAlchemy (for 5,000 applications' 130,000 rows, writing took 1.2 s of
    CPU that way and 0.86 s this way). Here the statement is compiled once for the dialect (so
    PostgreSQL gets its own placeholders), each column's bind processor is
    looked up once (UTC conversion, SQLite's date format), and the column
    defaults the rows leave out are filled in as SQLAlchemy would.
    """
    if not rows:
        return
    conn = s.connection()
    dialect = conn.dialect
    given = list(dict.fromkeys(key for row in rows[:1] for key in row))
    defaults: dict[str, Any] = {}
    for column in table.c:
        default = column.default
        if column.key in given or default is None or not (default.is_scalar
                                                           or default.is_callable):
            continue
        defaults[column.key] = default.arg(None) if default.is_callable else default.arg
    keys = given + list(defaults)
    compiled = insert(table).compile(dialect=dialect, column_keys=keys)
    names = list(compiled.positiontup) if compiled.positional else keys
    processors = [_bind_processor(table.c[name].type, dialect) for name in names]
    # Column by column: one comprehension per column is several times faster
    # than a Python loop over every value.
    values: list[list[Any]] = []
    for name, process in zip(names, processors, strict=True):
        column = ([defaults[name]] * len(rows) if name in defaults
                  else [row[name] for row in rows])
        if process is not None:
            column = [None if v is None else process(v) for v in column]
        values.append(column)
    params: list[Any] = (list(zip(*values, strict=True)) if compiled.positional
                         else [dict(zip(names, row, strict=True))
                               for row in zip(*values, strict=True)])
    conn.exec_driver_sql(str(compiled), params)


def _insert_apps(s: Session, apps: list[_App], stage_ids: dict[str, int]) -> dict[str, Any]:
    if not apps:
        return {"ids": [], "interviews": 0, "communications": 0}
    ids = _IdAllocator(s)
    company_ids: dict[str, int] = {}
    for cid, name, domain in s.execute(select(Company.id, Company.name, Company.domain)):
        company_ids[name.lower()] = cid
        if not domain:
            # Fill a missing domain from the file (first mention wins).
            given = next((a.company_domain for a in apps
                          if a.company.lower() == name.lower() and a.company_domain), None)
            if given:
                s.execute(update(Company).where(Company.id == cid).values(domain=given))
    new_companies: dict[str, dict[str, Any]] = {}
    for app in apps:
        key = app.company.lower()
        if key in company_ids:
            continue
        row = new_companies.setdefault(key, {"name": app.company, "domain": None})
        row["domain"] = row["domain"] or app.company_domain
    for row, new_id in zip(new_companies.values(), ids.take(Company, len(new_companies)),
                           strict=True):
        row["id"] = company_ids[row["name"].lower()] = new_id
    if new_companies:
        _bulk_insert(s, Company.__table__, list(new_companies.values()))
    # Imported cards go below the cards already in each column, in file order.
    next_pos: dict[int, float] = {
        sid: (pos or 0.0) + 1.0 for sid, pos in s.execute(
            select(Application.stage_id, func.max(Application.position))
            .group_by(Application.stage_id))
    }
    now = utcnow()
    app_rows = []
    for app in apps:
        sid = stage_ids[app.stage.lower()]
        pos = next_pos.get(sid, 0.0)
        next_pos[sid] = pos + 1.0
        app_rows.append({**app.values, "company_id": company_ids[app.company.lower()],
                         "stage_id": sid, "position": pos, "created_at": now, "updated_at": now})
    app_ids = ids.take(Application, len(app_rows))
    for row, new_id in zip(app_rows, app_ids, strict=True):
        row["id"] = new_id
    _bulk_insert(s, Application.__table__, app_rows)

    contact_rows = [{**c, "application_id": app_id}
                    for app_id, app in zip(app_ids, apps, strict=True) for c in app.contacts]
    contact_ids: dict[tuple[int, str], int] = {}
    for row, new_id in zip(contact_rows, ids.take(Contact, len(contact_rows)), strict=True):
        row["id"] = new_id
        contact_ids[(row["application_id"], row["name"])] = new_id
    if contact_rows:
        _bulk_insert(s, Contact.__table__, contact_rows)

    round_rows, round_people = [], []
    for app_id, app in zip(app_ids, apps, strict=True):
        for values, people in app.rounds:
            round_rows.append({**values, "application_id": app_id})
            round_people.append([contact_ids[(app_id, n)] for n in people])
    round_ids = ids.take(Interview, len(round_rows))
    for row, new_id in zip(round_rows, round_ids, strict=True):
        row["id"] = new_id
    if round_rows:
        _bulk_insert(s, Interview.__table__, round_rows)
        links = [{"interview_id": rid, "contact_id": cid}
                 for rid, people in zip(round_ids, round_people, strict=True)
                 for cid in dict.fromkeys(people)]
        if links:
            _bulk_insert(s, interview_interviewers, links)

    comm_rows, note_rows, override_rows, custom_rows, history_rows = [], [], [], [], []
    round_cursor = 0
    for app_id, app in zip(app_ids, apps, strict=True):
        ids_here = round_ids[round_cursor:round_cursor + len(app.rounds)]
        starts = [values["starts_at"] for values, _ in app.rounds]
        round_cursor += len(app.rounds)
        # Round numbers count in time order, whatever the file's order.
        by_number = [rid for _, rid in sorted(zip(starts, ids_here, strict=True),
                                              key=lambda pair: pair[0])]

        def cid(name: str | None, app_id: int = app_id) -> int | None:
            return None if name is None else contact_ids[(app_id, name)]

        for values, who in app.comms:
            comm_rows.append({**values, "application_id": app_id, "contact_id": cid(who)})
        for values, who in app.notes:
            note_rows.append({**values, "application_id": app_id, "contact_id": cid(who),
                              "created_at": now, "updated_at": now})
        for values, who, number in app.overrides:
            override_rows.append({**values, "application_id": app_id, "contact_id": cid(who),
                                  "interview_id": by_number[number - 1] if number else None})
        for values in app.custom:
            custom_rows.append({**values, "application_id": app_id})
        history = app.history or [(app.stage, now)]
        for stage_name, at in history:
            history_rows.append({"application_id": app_id,
                                 "stage_id": stage_ids[stage_name.lower()], "changed_at": at})
    for model, rows in ((Communication, comm_rows), (Note, note_rows),
                        (ActionOverride, override_rows), (CustomAction, custom_rows),
                        (StageChange, history_rows)):
        if rows:
            _bulk_insert(s, model.__table__, rows)
    ids.finish()
    return {"ids": app_ids, "interviews": len(round_rows), "communications": len(comm_rows)}
