"""`afterview stats [--period 90d|30d|year|all] [--json]`: the Stats screen's figures
for a shell or a script.

Registered on the `afterview` group by tui/cli/main.py. Nothing heavy is
imported until the command runs (the store, SQLAlchemy).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from storage.rules.validate import safe_for_terminal

if TYPE_CHECKING:
    from storage.rules.stats import ResponseRate, StatsReport

#: storage.rules.stats.PERIODS, not imported: every `afterview` start (the app's
#: included) loads this module, and the Stats rules' dataclasses cost it a few
#: ms (tests/test_cli_stats.py checks that the two agree).
PERIODS = ("90d", "30d", "year", "all")
DEFAULT_PERIOD = "90d"


def _out(text: str = "") -> None:
    # Company and stage names are stored data: never a raw control character.
    click.echo(safe_for_terminal(text, multiline=True))


def _days(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def _rates(title: str, rows: tuple[ResponseRate, ...]) -> None:
    from storage.rules.stats import percent

    if not rows:
        _out(f"{title}: no rounds or follow-ups in the period")
        return
    width = max(len(title) - 2, *(len(r.name) for r in rows))
    _out(f"{title:<{width + 2}}  rounds replied  follow-ups replied  median days")
    for r in rows:
        _out(f"  {r.name:<{width}}  {r.rounds:>6} {percent(r.round_rate):>7}  "
             f"{r.follow_ups:>10} {percent(r.follow_up_rate):>7}  {_days(r.median_days):>11}")


def print_report(report: StatsReport) -> None:
    from storage.rules.stats import ACTION_KIND_NAMES, percent

    span = report.period
    since = f"{span.start.day} {span.start:%b %Y} to " if span.start else "up to "
    noun = "application" if report.applications == 1 else "applications"
    _out(f"Stats, {span.label} ({since}{span.end.day} {span.end:%b %Y}): "
         f"{report.applications} {noun} added")
    _out()
    _out("Funnel (reached, share, from the step before)")
    width = max(len(s.name) for s in report.funnel)
    for i, step in enumerate(report.funnel):
        conversion = f"  → {percent(step.conversion)}" if i else ""
        _out(f"  {step.name:<{width}}  {step.reached:>5}  {percent(step.share):>4}{conversion}")
    _out()
    _rates("Replies by stage", report.by_stage)
    _out()
    _rates("Replies by company", report.by_company)
    _out()
    _out("Per week (from)   added  rounds  notes  replies")
    for week in report.weeks:
        _out(f"  {week.start:%a %d %b %Y}  {week.added:>5}  {week.interviews:>6}  "
             f"{week.notes:>5}  {week.replies:>7}")
    d = report.discipline
    _out()
    _out("Discipline")
    _out(f"  thank-yous: {d.thank_you_on_time} on time, {d.thank_you_late} late, "
         f"{d.thank_you_never} never, {d.thank_you_skipped} skipped, "
         f"{d.thank_you_waiting} still to come")
    _out(f"  first follow-ups: {d.follow_up_on_day} on their day, {d.follow_up_later} later, "
         f"{d.follow_up_early} early")
    skipped = ", ".join(f"{ACTION_KIND_NAMES.get(k, k)} {n}" for k, n in d.skipped) or "none"
    _out(f"  skipped actions: {skipped}")
    _out(f"  overdue now: {d.overdue}")
    stays = ", ".join(f"{t.name} {_days(t.median_days)}" for t in report.time_in_stage)
    _out(f"Time in stage (median days): {stays or 'no stage left in the period'}")
    outcomes = ", ".join(f"{name} {n}" for name, n in report.outcomes)
    _out(f"Outcomes of closed applications: {outcomes or 'none'}")


@click.command("stats")
@click.option("--period", "period_key", type=click.Choice(PERIODS), default=DEFAULT_PERIOD,
              show_default=True, help="90d, 30d, this year, or everything.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def stats_cmd(ctx: click.Context, period_key: str, as_json: bool) -> None:
    """The Stats screen's figures: funnel, replies, weekly activity, discipline."""
    # Deferred: tui.cli.main registers this command, so it cannot be imported first.
    from tui.cli.main import user_errors

    target: Any = ctx.find_root().obj
    with user_errors():
        from storage.db.store import Store
        from storage.rules import clock
        from storage.rules.stats import period

        db = target.open()
        try:
            report = Store(db).stats(period(period_key, clock.today()))
        finally:
            db.close()
        if as_json:
            # ASCII escapes: valid JSON, and nothing a terminal would act on.
            click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=True))
        else:
            print_report(report)
