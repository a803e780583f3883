"""Stats' figures on a fixed database (tests/stats_fixture.py), checked by hand.

Every expected number below was worked out from the fixture's dates with a
calendar, not by the code under test; the fixture's comments say why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage.rules.business_days import WorkCalendar
from storage.rules.records import StageRec
from storage.rules.stats import (
    FunnelRow,
    StatsFacts,
    StatsReport,
    compute,
    median,
    next_period,
    percent,
    period,
    week_start,
)
from tests.conftest import FROZEN_TODAY
from tests.stats_fixture import make_stats_db

TODAY = FROZEN_TODAY  # Sun 22 Nov 2026


@pytest.fixture
def stats_store(new_db_target: Callable[[str], Path | str]) -> Iterator[object]:
    """The fixed data on the test's backend: SQLite and PostgreSQL each."""
    from storage.db.engine import open_database
    from storage.db.store import Store

    db = open_database(make_stats_db(new_db_target("stats")))  # type: ignore[arg-type]
    yield Store(db)
    db.close()


def report(store: object, key: str) -> StatsReport:
    return store.stats(period(key, TODAY))  # type: ignore[attr-defined,no-any-return]


def funnel(r: StatsReport) -> list[tuple[str, int]]:
    return [(step.name, step.reached) for step in r.funnel]


# -- periods ------------------------------------------------------------------------


def test_periods() -> None:
    assert period("90d", TODAY).start == date(2026, 8, 25)
    assert period("30d", TODAY).start == date(2026, 10, 24)
    assert period("year", TODAY).start == date(2026, 1, 1)
    assert period("all", TODAY).start is None
    assert [next_period(k) for k in ("90d", "30d", "year", "all")] == \
        ["30d", "year", "all", "90d"]
    with pytest.raises(ValueError, match="one of 90d"):
        period("week", TODAY)


# -- the funnel ---------------------------------------------------------------------


def test_funnel_over_90_days_counts_skipped_stages_as_passed(stats_store: object) -> None:
    r = report(stats_store, "90d")
    # Acme (reached Interview), Globex (Applied → Final round), Initech (Screen, rejected).
    assert r.applications == 3
    assert funnel(r) == [("Applied", 3), ("Screen", 3), ("Interview", 2), ("Final round", 1),
                         ("Offer", 0), ("Hired", 0)]
    assert [s.conversion for s in r.funnel] == [None, 1.0, 2 / 3, 0.5, 0.0, None]
    assert [s.share for s in r.funnel] == [1.0, 1.0, 2 / 3, 1 / 3, 0.0, 0.0]
    assert r.outcomes == (("rejected", 1),)


def test_funnel_over_the_year_and_everything(stats_store: object) -> None:
    year = report(stats_store, "year")  # + Hooli (June: Offer, declined)
    assert funnel(year) == [("Applied", 4), ("Screen", 4), ("Interview", 3),
                            ("Final round", 2), ("Offer", 1), ("Hired", 0)]
    assert year.outcomes == (("declined", 1), ("rejected", 1))
    everything = report(stats_store, "all")  # + Vandelay (applied in 2025)
    assert funnel(everything)[0] == ("Applied", 5)
    assert funnel(everything)[1:] == funnel(year)[1:]
    assert funnel(report(stats_store, "30d")) == [
        ("Applied", 2), ("Screen", 2), ("Interview", 2), ("Final round", 1), ("Offer", 0),
        ("Hired", 0)]


def test_a_card_closed_as_hired_reached_every_step(stats_store: object) -> None:
    acme = next(a for a in stats_store.applications() if a.company == "Acme")  # type: ignore[attr-defined]
    stats_store.close_card(acme.id, "hired")  # type: ignore[attr-defined]
    r = report(stats_store, "90d")
    assert funnel(r) == [("Applied", 3), ("Screen", 3), ("Interview", 2), ("Final round", 2),
                         ("Offer", 1), ("Hired", 1)]
    assert r.outcomes == (("hired", 1), ("rejected", 1))


def test_renamed_and_reordered_stages_keep_the_figures(stats_store: object) -> None:
    stages = {s.name: s for s in stats_store.stages()}  # type: ignore[attr-defined]
    stats_store.rename_stage(stages["Screen"].id, "Recruiter call")  # type: ignore[attr-defined]
    stats_store.rename_stage(stages["Offer"].id, "Yes!")  # type: ignore[attr-defined]
    r = report(stats_store, "year")
    assert funnel(r) == [("Applied", 4), ("Recruiter call", 4), ("Interview", 3),
                         ("Final round", 2), ("Yes!", 1), ("Hired", 0)]
    assert [row.name for row in r.by_stage] == ["Applied", "Recruiter call", "Interview",
                                                "Final round"]
    # The funnel follows roles: an offer stage moved first on the board still
    # comes after the open stages.
    stats_store.move_stage(stages["Offer"].id, -4)  # type: ignore[attr-defined]
    assert [s.name for s in report(stats_store, "year").funnel][-2:] == ["Yes!", "Hired"]


def test_no_applications(store: object) -> None:
    r = report(store, "90d")
    assert r.applications == 0
    assert funnel(r) == [("Applied", 0), ("Screen", 0), ("Interview", 0), ("Final round", 0),
                         ("Offer", 0), ("Hired", 0)]
    assert all(s.share is None and s.conversion is None for s in r.funnel)
    assert r.by_stage == r.by_company == () and r.time_in_stage == () and r.outcomes == ()
    assert len(r.weeks) == 13 and all(w.added == w.interviews == w.notes == w.replies == 0
                                      for w in r.weeks)
    d = r.discipline
    assert (d.thank_you_on_time, d.thank_you_late, d.thank_you_never, d.overdue) == (0, 0, 0, 0)
    assert report(store, "all").weeks == ()
    assert report(store, "all").to_json()["funnel"][0] == {
        "stage": "Applied", "reached": 0, "share": None, "conversion": None}


# -- responses ----------------------------------------------------------------------


def rates(rows: object) -> list[tuple[str, int, int, int, int, float | None]]:
    return [(r.name, r.rounds, r.rounds_replied, r.follow_ups, r.follow_ups_replied,
             r.median_days) for r in rows]  # type: ignore[attr-defined]


def test_responses_by_stage(stats_store: object) -> None:
    r = report(stats_store, "90d")
    assert rates(r.by_stage) == [
        ("Applied", 1, 0, 0, 0, None),        # Vandelay's round, Fri 20 Nov
        ("Screen", 2, 1, 1, 0, 1.0),          # Acme Fri 6 → Mon 9 (23:30 local); Initech none
        ("Interview", 1, 1, 1, 1, 6.0),       # Acme Thu 12 → Fri 20; its follow-up answered
        ("Final round", 1, 1, 1, 0, 1.0),     # Globex Tue 10 → Wed 11; the reply came first
    ]


def test_responses_by_company(stats_store: object) -> None:
    r = report(stats_store, "90d")
    assert rates(r.by_company) == [
        ("Acme", 2, 2, 1, 1, 3.5),
        ("Globex", 1, 1, 1, 0, 1.0),
        ("Initech", 1, 0, 1, 0, None),
        ("Vandelay Industries", 1, 0, 0, 0, None),
    ]
    globex = r.by_company[1]
    assert globex.round_rate == 1.0 and globex.follow_up_rate == 0.0
    assert r.by_company[3].follow_up_rate is None


def test_responses_over_30_days_leave_september_out(stats_store: object) -> None:
    names = [row.name for row in report(stats_store, "30d").by_company]
    assert names == ["Acme", "Globex", "Vandelay Industries"]


def test_holidays_count_in_days_to_reply(stats_store: object) -> None:
    stats_store.update_settings(holidays=["2026-11-16"])  # type: ignore[attr-defined]
    acme = report(stats_store, "90d").by_company[0]
    assert acme.median_days == 3.0  # Thu 12 → Fri 20 is now 5 business days: (1 + 5) / 2


# -- activity, discipline, time in stage --------------------------------------------


def test_weekly_activity(stats_store: object) -> None:
    weeks = report(stats_store, "90d").weeks
    assert len(weeks) == 13 and weeks[0].start == date(2026, 8, 24)
    assert weeks[-1].start == date(2026, 11, 16)
    busy = {w.start: (w.added, w.interviews, dict(w.sent), w.replies) for w in weeks
            if w.added or w.interviews or w.notes or w.replies}
    none = {"thank_you": 0, "follow_up": 0, "other": 0}
    assert busy == {
        date(2026, 8, 31): (1, 0, none, 0),
        date(2026, 9, 7): (0, 1, none, 0),
        date(2026, 9, 14): (0, 0, {**none, "follow_up": 1}, 0),
        date(2026, 11, 2): (2, 1, {**none, "thank_you": 1}, 0),
        date(2026, 11, 9): (0, 2, {**none, "thank_you": 1}, 2),
        date(2026, 11, 16): (0, 1, {**none, "thank_you": 1, "follow_up": 2}, 1),
    }


def test_weeks_start_on_the_users_first_day(stats_store: object) -> None:
    stats_store.update_settings(first_day_of_week=6)  # type: ignore[attr-defined]
    weeks = report(stats_store, "30d").weeks
    assert [w.start for w in weeks] == [date(2026, 10, 18), date(2026, 10, 25),
                                        date(2026, 11, 1), date(2026, 11, 8),
                                        date(2026, 11, 15), date(2026, 11, 22)]
    # Sunday weeks: Fri 20 Nov's reply and round fall in the week of Sun 15 Nov.
    assert (weeks[-2].interviews, weeks[-2].replies) == (1, 1)


def test_discipline(stats_store: object) -> None:
    d = report(stats_store, "90d").discipline
    assert (d.thank_you_on_time, d.thank_you_late, d.thank_you_never, d.thank_you_skipped,
            d.thank_you_waiting) == (2, 1, 1, 1, 1)
    assert (d.follow_up_early, d.follow_up_on_day, d.follow_up_later) == (1, 1, 1)
    assert d.skipped == (("thank_you", 1),)
    # Globex's unaddressed thank-you (due Wed 11 Nov), Vandelay's (due Sat 21 Nov).
    assert d.overdue == 2
    month = report(stats_store, "30d").discipline
    assert (month.thank_you_skipped, month.follow_up_early, month.skipped) == (0, 0, ())


def test_a_thank_you_marked_done_counts_on_its_day(stats_store: object) -> None:
    from storage.rules.records import ActionRef

    vandelay = next(a for a in stats_store.applications()  # type: ignore[attr-defined]
                    if a.company == "Vandelay Industries")
    item = next(i for i in stats_store.actions_for(vandelay.id, TODAY)  # type: ignore[attr-defined]
                if i.kind == "thank_you")
    stats_store.resolve_action(vandelay.id, ActionRef.of(item),  # type: ignore[attr-defined]
                               done_on=TODAY)
    d = report(stats_store, "90d").discipline
    assert (d.thank_you_on_time, d.thank_you_waiting, d.overdue) == (3, 0, 1)


def test_time_in_stage(stats_store: object) -> None:
    stays = [(t.name, t.stays, t.median_days) for t in report(stats_store, "90d").time_in_stage]
    # Applied: Acme 3, Globex 6, Initech 7 days; Screen: Acme 5, Initech 12.
    assert stays == [("Applied", 3, 6.0), ("Screen", 2, 8.5)]
    stays = [(t.name, t.stays, t.median_days) for t in report(stats_store, "all").time_in_stage]
    # + Hooli: Applied 19 days, Offer 11.
    assert stays == [("Applied", 4, 6.5), ("Screen", 2, 8.5), ("Offer", 1, 11.0)]


def test_json_carries_every_figure(stats_store: object) -> None:
    data = report(stats_store, "90d").to_json()
    assert data["period"] == {"name": "90d", "label": "last 90 days", "from": "2026-08-25",
                              "to": "2026-11-22"}
    assert data["funnel"][2] == {"stage": "Interview", "reached": 2, "share": 0.6667,
                                 "conversion": 0.6667}
    assert data["responses"]["by_company"][0]["median_business_days_to_reply"] == 3.5
    assert data["discipline"]["thank_yous"] == {"on_time": 2, "late": 1, "never": 1,
                                                "skipped": 1, "waiting": 1}
    assert data["time_in_stage"][1] == {"stage": "Screen", "stays": 2, "median_days": 8.5}
    assert data["outcomes"] == {"rejected": 1}
    assert len(data["weeks"]) == 13


# -- pure parts -----------------------------------------------------------------------


def test_median_of_a_histogram() -> None:
    assert median({}) is None
    assert median({4: 1}) == 4.0
    assert median({1: 1, 6: 1}) == 3.5
    assert median({0: 2, 10: 1}) == 0.0
    assert median({1: 2, 3: 2}) == 2.0


@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=40))
def test_median_matches_the_sorted_list(values: list[int]) -> None:
    ordered = sorted(values)
    mid = len(ordered) // 2
    expected = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    histogram: dict[int, int] = {}
    for v in values:
        histogram[v] = histogram.get(v, 0) + 1
    assert median(histogram) == expected


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
       st.integers(min_value=0, max_value=6))
def test_week_start(day: date, first: int) -> None:
    start = week_start(day, first)
    assert start.weekday() == first and 0 <= (day - start).days < 7


STAGES = (StageRec(1, "Applied", 0), StageRec(2, "Talk", 1), StageRec(3, "Offer", 2, "offer"),
          StageRec(4, "Closed", 3, "closed"))


@given(st.lists(st.tuples(st.none() | st.integers(min_value=0, max_value=2), st.booleans(),
                          st.sampled_from([None, "hired", "rejected"]),
                          st.integers(min_value=1, max_value=5)), max_size=12))
def test_the_funnel_never_widens(rows: list[tuple[int | None, bool, str | None, int]]) -> None:
    facts = StatsFacts(period("90d", TODAY), STAGES,
                       funnel=tuple(FunnelRow(*row) for row in rows))
    r = compute(facts, WorkCalendar())
    counts = [s.reached for s in r.funnel]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] == r.applications == sum(row[3] for row in rows)
    assert counts[-1] == sum(row[3] for row in rows if row[1] and row[2] == "hired")


def test_percent() -> None:
    assert (percent(None), percent(2 / 3), percent(1.0), percent(0.0)) == ("–", "67%", "100%",
                                                                          "0%")


def test_everything_on_a_29_february(stats_store: object) -> None:
    """"Everything" looks thirty years back for clock changes: from 1 January, not
    from a 29 February that year lacks."""
    r = stats_store.stats(period("all", date(2028, 2, 29)))  # type: ignore[attr-defined]
    assert r.applications == 5 and r.period.start is None
