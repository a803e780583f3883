"""Afterview's benchmark: prints the figures PRODUCT.md sets targets for.

Not part of the pytest run (machines are noisy; no timing is asserted).

    python tests/benchmark.py              # 500 and 5,000 applications
    python tests/benchmark.py --sizes 5000

For each size it builds a seeded demo database (about 4 rounds and 8
messages an application) and measures:

* storage, in-process: generating the document, importing its JSON,
  rebuilding every pending action, a month's agenda (median of 25 runs);
* the first board frame with data, in a real pseudo-terminal: the time from
  starting ``afterview`` until a card's text is drawn, next to a bare
  Textual app (Header, Static, Footer) timed the same way in the same run,
  alternating, median of 5 each; and the app's peak memory (VmHWM) once the
  board is drawn;
* key presses on the board in the same real pty: the time from writing the
  key's bytes until the last byte of the app's answer (so a move includes its
  write, read-back and redraw), median and 95th percentile of 25. Textual's
  Pilot is not used for this: it sleeps in 20 ms steps while waiting for idle;
* Stats: each period's figures read in-process, `g` from Today and `p` until
  their figures are drawn (real pty), ``afterview stats --json`` start to exit.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import json
import os
import resource
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = date(2026, 11, 22)


def median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def storage_figures(size: int, workdir: Path) -> Path:
    from storage.db import pending_actions as actions
    from storage.db.engine import open_database
    from storage.db.store import Store
    from storage.interchange.afterview_json import import_document
    from storage.interchange.demo import demo_document

    start = time.perf_counter()
    doc = demo_document(TODAY, applications=size)
    generated = time.perf_counter() - start
    rounds = sum(len(a["interviews"]) for a in doc["applications"])
    comms = sum(len(a["communications"]) for a in doc["applications"])
    text = json.dumps(doc)
    path = workdir / f"bench-{size}.db"
    db = open_database(path)
    start = time.perf_counter()
    import_document(db, json.loads(text))
    imported = time.perf_counter() - start
    with db.session() as s:
        start = time.perf_counter()
        actions.rebuild_all(s)
        rebuilt = time.perf_counter() - start
    store = Store(db)
    first, last = date(2026, 12, 1), date(2026, 12, 31)
    month = store.agenda(first, last, TODAY)
    agenda_med, agenda_p95 = median_ms(lambda: store.agenda(first, last, TODAY), 25)
    window = median_ms(lambda: store.agenda(None, TODAY + timedelta(days=7), TODAY), 25)[0]
    db.close()
    print(f"\n== {size:,} applications, {rounds:,} rounds, {comms:,} communications")
    print(f"generate document           {generated:8.2f} s")
    print(f"import JSON ({len(text) / 1e6:.1f} MB)        {imported:8.2f} s   target < 5 s")
    print(f"rebuild all pending actions {rebuilt:8.2f} s")
    print(f"month's agenda ({len(month)} items)  {agenda_med:8.2f} ms median, "
          f"{agenda_p95:.2f} ms p95   target < 20 ms")
    print(f"today's list (overdue + 7d) {window:8.2f} ms median")
    return path


BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static
class Bare(App):
    def compose(self):
        yield Header()
        yield Static("Bare app ready")
        yield Footer()
Bare().run()
"""


class PtyApp:
    """A program running in a real pseudo-terminal, as a person's terminal runs it."""

    def __init__(self, argv: list[str], size: tuple[int, int] = (140, 40),
                 env: dict[str, str] | None = None) -> None:
        import fcntl
        import pty
        import struct
        import subprocess
        import termios

        env = {**os.environ, "TERM": "xterm-256color", **(env or {})}
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     start_new_session=True)
        _RUNNING.add(self)
        os.close(slave)

    def _read(self, timeout: float) -> bytes:
        import select

        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            return os.read(self.master, 65536)
        except OSError:
            return b""

    def wait_for(self, marker: bytes, timeout: float = 30.0) -> float:
        """Seconds from start until ``marker`` is drawn."""
        seen = b""
        while time.perf_counter() - self.started < timeout:
            seen = (seen + self._read(0.02))[-200_000:]
            if marker in seen:
                return time.perf_counter() - self.started
        return float("nan")

    def quiet(self, gap: float = 0.3, limit: float = 5.0) -> None:
        """Read until ``gap`` seconds pass without output (or ``limit``: a blinking
        cursor never stops drawing)."""
        until = time.perf_counter() + limit
        while self._read(gap) and time.perf_counter() < until:
            pass

    def key(self, data: bytes, gap: float = 0.15, timeout: float = 5.0) -> float | None:
        """Milliseconds from sending a key to the last byte of the app's answer."""
        self.quiet(0.05)
        sent = time.perf_counter()
        os.write(self.master, data)
        last = None
        while time.perf_counter() - sent < timeout:
            if self._read(gap):
                last = time.perf_counter()
            elif last is not None:
                break
        return None if last is None else (last - sent) * 1000

    def echo(self, data: bytes, timeout: float = 5.0) -> float | None:
        """Milliseconds from sending a key to the first byte drawn: a typed
        character's echo (the checks panel redraws later, after a pause)."""
        self.quiet(0.05)
        sent = time.perf_counter()
        os.write(self.master, data)
        while time.perf_counter() - sent < timeout:
            if self._read(0.5):
                return (time.perf_counter() - sent) * 1000
        return None

    def peak_kb(self) -> int:
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return 0

    def stop(self) -> None:
        import signal
        import subprocess

        _RUNNING.discard(self)
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=10)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        os.close(self.master)


#: Apps still running: killed when the benchmark ends in any way. A Textual app
#: whose pty closes without a controlling terminal spins at 100% CPU forever.
_RUNNING: set[PtyApp] = set()


def _kill_leftovers(*_: object) -> None:
    for app in list(_RUNNING):
        with contextlib.suppress(OSError):
            app.stop()


atexit.register(_kill_leftovers)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def app_argv(db_path: Path) -> list[str]:
    return [sys.executable, "-m", "tui", "--db", str(db_path)]


def frame_figures(db_path: Path, board_marker: str) -> None:
    """The first frame of Today (the start screen) and of the board (AFTERVIEW_START),
    each next to a bare Textual app started just before it."""
    screens = {"Today": (None, b"Overdue ("), "board": ("board", board_marker.encode())}
    times: dict[str, list[float]] = {name: [] for name in screens}
    bare_times: list[float] = []
    peaks = []
    for _ in range(5):
        for name, (start, marker) in screens.items():
            bare = PtyApp([sys.executable, "-c", BARE_APP])
            bare_times.append(bare.wait_for(b"Bare app ready"))
            bare.stop()
            env = {"AFTERVIEW_START": start} if start else {}
            app = PtyApp(app_argv(db_path), env=env)
            times[name].append(app.wait_for(marker))
            app.quiet(1.0)
            peaks.append(app.peak_kb())
            app.stop()
    bare_med = statistics.median(bare_times)
    print(f"first frame, bare Textual   {bare_med * 1000:8.0f} ms median of 10")
    for name, values in times.items():
        med = statistics.median(values)
        print(f"first {name} frame with data {med * 1000:6.0f} ms median of 5   "
              f"ratio {med / bare_med:.2f}× (target < 2×)")
    print(f"app peak memory (VmHWM)     {max(peaks) / 1024:8.0f} MB   target < 150 MB")


KEYS = {
    "down": b"\x1b[B", "right": b"\x1b[C", "shift+right": b"\x1b[1;2C",
    "shift+left": b"\x1b[1;2D", "enter": b"\r", "backspace": b"\x7f",
}


def key_figures(db_path: Path, marker: str, columns_right: int) -> None:
    """Real key presses in a pty: send the bytes, time until the screen is redrawn."""
    app = PtyApp(app_argv(db_path), env={"AFTERVIEW_START": "board"})
    try:
        app.wait_for(marker.encode())
        app.quiet(1.0)  # the full store opens after the first frame
        for _ in range(columns_right):
            app.key(KEYS["right"])
        figures: dict[str, list[float]] = {
            "move selection (down)": [], "move card to next stage": [],
            "open details": [], "back to the board": [],
            "open details, card looked at": [],
        }
        for i in range(25):
            for name, key in (("move selection (down)", "down"),
                              ("move card to next stage",
                               "shift+right" if i % 2 == 0 else "shift+left"),
                              ("open details", "enter"), ("back to the board", "backspace")):
                took = app.key(KEYS[key])
                if took is not None:
                    figures[name].append(took)
            # As a person does it: a look at the card (0.3 s), then enter. The
            # app reads a resting card's details ahead (AfterviewApp.prefetch_details).
            app.key(KEYS["down"])
            app.quiet(0.3)
            took = app.key(KEYS["enter"])
            if took is not None:
                figures["open details, card looked at"].append(took)
            app.key(KEYS["backspace"])
        print("key presses on the board, ms from key to last byte drawn (real pty):")
        for name, values in figures.items():
            values.sort()
            p95 = values[max(int(len(values) * 0.95) - 1, 0)] if values else float("nan")
            med = statistics.median(values) if values else float("nan")
            print(f"  {name:<30} median {med:6.1f}   p95 {p95:6.1f}   (n={len(values)})")
    finally:
        app.stop()


NOTE_300 = """Dear Dana Lee,

Thank you for taking the time to talk with me on Friday about the Backend Engineer role at
Acme. I enjoyed hearing how the team moved its billing system to Postgres last spring, and how
the on-call rotation was reshaped so that nobody carries the pager alone for a whole week.

Our conversation about observability stayed with me. At my current company I introduced
structured logging and a small set of service level objectives for the payments service, and
within two months we cut the pages that woke people at night by more than half. I would be
glad to bring that experience, and the habits behind it, to your platform group.

You asked how I approach a migration that cannot stop the business. I plan it in reversible
steps, measure each one against the old path, and keep a written record of what we learned,
so that the next person can see why each decision was made and undo it safely if needed.
Last year that approach let my team retire an old queue without a single lost order, while
the product group kept shipping features on schedule and our customers noticed nothing at all.
It also taught me to write things down early and often.

I am very interested in the position and would be glad to join the team at Acme. The mix of
careful engineering, honest retrospectives and steady delivery you described is exactly the
environment where I do my best work. I look forward to hearing about the next steps, and I
am happy to send anything that would help, such as a short write-up of the logging project
or references from the people I worked with most closely during the last three years there.

Best regards,
Alex Rivera
"""


def composer_figures(db_path: Path, marker: str) -> None:
    """The checks on a 300-word note (in-process), and typing in the composer (pty)."""
    from dataclasses import replace

    from tui.composer.checks import NoteContext, OtherNote, run_checks, word_count
    from tui.composer.spelling import CachedSpeller
    from tui.composer.templates import NoteFacts, fill

    facts = NoteFacts(recipient="Raj Patel", company="Acme", role="Backend Engineer",
                      talking_points="Postgres migration; the on-call rotation")
    # Three template notes, and one near twin: the similarity check's worst case.
    others = [OtherNote(f"interviewer {i}", fill("thank_you", replace(facts, variant=i)).body)
              for i in range(3)]
    others.append(OtherNote("Raj", NOTE_300[:-40]))
    ctx = NoteContext(kind="thank_you", recipient="Dana Lee", company="Acme",
                      role="Backend Engineer", talking_points=facts.talking_points,
                      other_notes=tuple(others), due_at=None)
    start = time.perf_counter()
    speller = CachedSpeller()
    loaded = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    run_checks("Thank you", NOTE_300, ctx, speller)
    cold = (time.perf_counter() - start) * 1000
    med, p95 = median_ms(lambda: run_checks("Thank you", NOTE_300 + "x", ctx, speller), 50)
    print(f"checks on a {word_count(NOTE_300)}-word note    {med:8.2f} ms median, {p95:.2f} ms "
          f"p95 (first run {cold:.1f} ms; dictionary load {loaded:.0f} ms, once, on a worker)"
          "   target < 30 ms")

    app = PtyApp(app_argv(db_path), env={"AFTERVIEW_START": "board"})
    try:
        app.wait_for(marker.encode())
        app.quiet(1.0)
        app.key(b"w")
        app.quiet(1.0, limit=1.5)  # the composer open, the dictionary, the first checks
        echoes = []
        for ch in "Thanks again for your time and the tour of the office":
            took = app.echo(ch.encode())
            if took is not None:
                echoes.append(took)
            time.sleep(0.05)  # a quick typist: about 12 keys a second
        echoes.sort()
        app.quiet(0.5)
        print(f"typing in the composer (key to echo) median {statistics.median(echoes):6.1f}   "
              f"p95 {echoes[max(int(len(echoes) * 0.95) - 1, 0)]:6.1f}   (n={len(echoes)}; "
              "the checks redraw 0.15 s after the last key)")
    finally:
        app.stop()


def report(title: str, figures: dict[str, list[float]]) -> None:
    print(title)
    for name, values in figures.items():
        values.sort()
        p95 = values[max(int(len(values) * 0.95) - 1, 0)] if values else float("nan")
        med = statistics.median(values) if values else float("nan")
        print(f"  {name:<30} median {med:6.1f}   p95 {p95:6.1f}   (n={len(values)})")


def agenda_key_figures(db_path: Path) -> None:
    """Keys on Today and the calendar, and switching screens, in the same real pty."""
    app = PtyApp(app_argv(db_path))
    try:
        app.wait_for(b"Overdue (")
        app.quiet(1.0)
        figures: dict[str, list[float]] = {
            "Today: move selection": [], "switch to the calendar (c)": [],
            "calendar: next day": [], "calendar: next month": [],
            "calendar: previous month": [], "switch to the board (b)": [],
            "switch to Today (t)": [],
        }
        steps = (("Today: move selection", b"\x1b[B"), ("switch to the calendar (c)", b"c"),
                 ("calendar: next day", b"\x1b[C"), ("calendar: next month", b"]"),
                 ("calendar: previous month", b"["), ("switch to the board (b)", b"b"),
                 ("switch to Today (t)", b"t"))
        for _ in range(15):
            for name, key in steps:
                took = app.key(key)
                if took is not None:
                    figures[name].append(took)
        report("keys on Today and the calendar, ms from key to last byte drawn (real pty):",
               figures)
    finally:
        app.stop()


def drawn_after(app: PtyApp, data: bytes, *markers: bytes, timeout: float = 30.0
                ) -> list[float | None]:
    """Milliseconds from sending ``data`` until each of ``markers`` is drawn (an
    answer that comes after a pause, such as a notice after a worker's commit)."""
    app.quiet(0.05)
    sent = time.perf_counter()
    os.write(app.master, data)
    seen = b""
    found: dict[bytes, float] = {}
    while time.perf_counter() - sent < timeout and len(found) < len(markers):
        seen = (seen + app._read(0.01))[-200_000:]
        for marker in markers:
            if marker not in found and marker in seen:
                found[marker] = (time.perf_counter() - sent) * 1000
    return [found.get(marker) for marker in markers]


def settings_figures(db_path: Path) -> None:
    """Settings (`,`): opening it (key to last byte drawn), and saving a cadence
    number, which works out every application's due actions again: in-process,
    and in a real pty from ctrl+s until the "Settings saved" notice (drawn
    after the commit)."""
    from storage.db.engine import open_database
    from storage.db.store import Store

    db = open_database(db_path)
    try:
        store = Store(db)
        hours = iter([25, 24] * 10)
        med, p95 = median_ms(lambda: store.update_settings(thank_you_hours=next(hours)), 6)
    finally:
        db.close()
    print(f"save a cadence number (update_settings, recompute) {med:8.1f} ms median, "
          f"{p95:.1f} ms p95 (in-process)")
    app = PtyApp(app_argv(db_path))
    try:
        app.wait_for(b"Overdue (")
        app.quiet(1.0)
        figures: dict[str, list[float]] = {"open Settings (,) again": [],
                                           "save a cadence number (ctrl+s)": [],
                                           "ctrl+s answered (saving…)": []}
        first = None
        saved_at = 0.0
        for i in range(9):
            if i == 0:
                # Composes the screen: once a run. Until its frame is drawn, not
                # until output pauses: a few bytes come at once, the frame after
                # a pause longer than key()'s gap, and key() stopped there.
                first = drawn_after(app, b",", b"ctrl+s saves")[0]
                app.quiet(0.3)
            elif (took := app.key(b",")) is not None:
                figures["open Settings (,) again"].append(took)
            # Tab to "Hours after an interview…" (the eleventh field, after your
            # name, email, send command, the stage list and its two fields,
            # workdays, first day, holidays and the holiday country; focus
            # selects its text, so typing replaces it).
            for _ in range(11):
                app.key(b"\t")
            app.key(b"25" if i % 2 == 0 else b"24")
            # The previous notice gone (Textual's toasts last 5 s), so that the
            # one looked for is this save's.
            time.sleep(max(0.0, saved_at + 5.5 - time.perf_counter()))
            answered, saved = drawn_after(app, b"\x13", b"saving", b"Settings saved")
            saved_at = time.perf_counter()
            if answered is not None:
                figures["ctrl+s answered (saving…)"].append(answered)
            if saved is not None:
                figures["save a cadence number (ctrl+s)"].append(saved)
            app.key(b"t")  # saving leaves the field: t is Today again
            # Today reads its list again after the save (a few tens of ms at
            # 5,000): let it finish, as a person looks at it before coming back.
            app.quiet(1.0)
        print(f"open Settings (,) the first time {first or float('nan'):6.1f} ms "
              "(key to its frame drawn, real pty)")
        report("Settings, ms from key to last byte drawn (real pty):", figures)
    finally:
        app.stop()


def stats_figures(db_path: Path) -> None:
    """Stats (`g`): reading each period's figures in-process (what a `g` or `p`
    costs when nothing was read ahead); in a real pty, the first `g` from Today
    until its figures are drawn, `g` again, each `p` (the next period) until its
    figures; and `afterview stats --json` from start to exit."""
    import subprocess

    from storage.db.engine import open_database
    from storage.db.store import Store
    from storage.rules.stats import PERIODS, period

    db = open_database(db_path)
    try:
        store = Store(db)
        for key in PERIODS:
            med, p95 = median_ms(lambda key=key: store.stats(period(key, TODAY)), 5)
            print(f"Stats' figures, {key:<4} (read)  {med:8.1f} ms median, {p95:.1f} ms p95 "
                  "(in-process)")
    finally:
        db.close()

    figures: dict[str, list[float]] = {"first g from Today (to the figures)": [],
                                       "g again from Today": [],
                                       "p, the next period (to its figures)": []}
    for _ in range(3):
        app = PtyApp(app_argv(db_path))
        try:
            app.wait_for(b"Overdue (")
            # As a person looks at Today first: the app reads Stats' default
            # period 3 s after the store opens (the first frame comes before,
            # and opening the store takes 1-2 s on a busy machine).
            app.quiet(10.0, limit=12.0)
            took = drawn_after(app, b"g", b"applications added")[0]
            if took is not None:
                figures["first g from Today (to the figures)"].append(took)
            app.quiet(0.5)
            for _ in range(4):
                app.key(b"t")
                took = app.key(b"g")
                if took is not None:
                    figures["g again from Today"].append(took)
            for _ in range(8):
                app.quiet(2.0)  # the next period is read ahead after each frame
                took = drawn_after(app, b"p", b"applications added")[0]
                if took is not None:
                    figures["p, the next period (to its figures)"].append(took)
        finally:
            app.stop()
    report("Stats, ms from key to the figures drawn (real pty):", figures)
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "tui", "--db", str(db_path), "stats", "--json"],
                       check=True, capture_output=True)
        runs.append(time.perf_counter() - start)
    print(f"afterview stats --json      {statistics.median(runs) * 1000:8.0f} ms median of 5 "
          "(start to exit)   target < 1 s")


def mail_calendar_figures(db_path: Path, workdir: Path) -> None:
    """The .ics export of the whole database (first: every event's SEQUENCE
    stored; again: nothing moved, nothing written), and a 2,000-message mbox
    import (replies from contacts and company domains, sent mail, strangers) into
    a copy of it, then the same mbox again (every message already logged)."""
    import random
    import sqlite3

    from sqlalchemy import select

    from storage.db.engine import open_database
    from storage.db.models import Application, Company, Contact
    from storage.db.store import Store
    from storage.interchange.ics_export import export_ics
    from storage.interchange.mail_import import import_mail

    db = open_database(db_path)
    try:
        for label in ("first", "again"):
            start = time.perf_counter()
            text = export_ics(db)
            took = time.perf_counter() - start
            print(f"export ics, {label:<5} ({text.count('BEGIN:VEVENT'):,} events) "
                  f"{took:8.2f} s   target < 5 s")
        with db.session() as s:
            people = [(n, e) for n, e in s.execute(
                select(Contact.name, Contact.email).where(Contact.email.is_not(None)))]
            domains = [d for (d,) in s.execute(
                select(Company.domain).join(Application).where(Company.domain.is_not(None)))]
    finally:
        db.close()
    copy = workdir / "bench-mail.db"
    source, target = sqlite3.connect(db_path), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    me = "alex.rivera@example.org"
    rng = random.Random(14)
    box = workdir / "bench.mbox"
    with box.open("w", encoding="utf-8") as fh:
        for i in range(2000):
            name, email = rng.choice(people)
            sender, to, subject = {
                0: (f"{name} <{email}>", me, "Re: our conversation"),
                1: (f"Recruiting <jobs@{rng.choice(domains)}>", me, "Your application"),
                2: (me, f"{name} <{email}>", "Thank you for today"),
                3: (f"Someone <someone{i}@gmail.com>", me, "Hello"),
            }[i % 4]
            fh.write(f"From MAILER-DAEMON Mon Nov 23 10:00:00 2026\nFrom: {sender}\n"
                     f"To: {to}\nSubject: {subject}\nMessage-ID: <bench-{i}@example.org>\n"
                     f"Date: Mon, {1 + i % 28} Nov 2026 10:00:00 -0500\n\n"
                     "Thank you for your time; I look forward to hearing from you.\n\n")
    db = open_database(copy)
    try:
        Store(db).update_settings(your_email=me)
        for label in ("first", "again"):
            start = time.perf_counter()
            plan = import_mail(db, box, me, TODAY)
            took = time.perf_counter() - start
            print(f"import mail, {label:<5} (2,000 messages: {len(plan.to_log):,} logged, "
                  f"{plan.known:,} known) {took:8.2f} s   target < 5 s")
    finally:
        db.close()


def sizes_and_frozen_day(description: str) -> list[int]:
    """The --sizes asked for, with today frozen and the zone fixed as in the
    suite (this benchmark and tests/postgres_frames.py)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000])
    sizes: list[int] = parser.parse_args().sizes
    os.environ.setdefault("AFTERVIEW_TODAY", TODAY.isoformat())
    os.environ.setdefault("TZ", "America/New_York")
    time.tzset()
    return sizes


def main() -> None:
    sizes = sizes_and_frozen_day(__doc__.splitlines()[0])
    # Byte-compile Afterview as `pip install` does for the installed app (and did
    # for Textual): with PYTHONDONTWRITEBYTECODE set, an editable checkout would
    # otherwise compile every module on every start, about 0.15 s the bare app
    # never pays.
    import compileall

    root = Path(__file__).resolve().parent.parent
    for package in ("storage", "tui"):
        compileall.compile_dir(root / package, quiet=1)
    from storage.db.engine import open_database
    from storage.db.store import Store
    from storage.interchange.demo import COMPANIES

    with tempfile.TemporaryDirectory(prefix="afterview-bench-") as tmp:
        for size in sizes:
            path = storage_figures(size, Path(tmp))
            frame_figures(path, COMPANIES[0][0])
            db = open_database(path)
            board = Store(db).board(TODAY)
            db.close()
            # The busiest open column: the worst case for a list.
            busiest = max(range(len(board.stages) - 1),
                          key=lambda i: len(board.cards[board.stages[i].id]))
            print(f"(keys measured in {board.stages[busiest].name}: "
                  f"{len(board.cards[board.stages[busiest].id]):,} cards)")
            key_figures(path, COMPANIES[0][0], busiest)
            agenda_key_figures(path)
            composer_figures(path, COMPANIES[0][0])
            settings_figures(path)
            mail_calendar_figures(path, Path(tmp))
            stats_figures(path)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nbenchmark process peak memory {peak_mb:6.0f} MB (generation, import)")


if __name__ == "__main__":
    main()
