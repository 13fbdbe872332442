"""The demo workspace: re-dated plan, simulated data through the real writers, idempotent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import EXAMPLES

from reelwise.adapters.storage import SqlUserStore, open_store
from reelwise.adapters.storage.store import utc_now
from reelwise.analytics import retention
from reelwise.analytics.collect.events import PlayerEvent
from reelwise.analytics.collect.keys import KeyStore
from reelwise.analytics.store import EventStore
from reelwise.services.seed import DEMO_EMAIL, DEMO_PASSWORD, demo_plan, seed_demo, shift_weeks, simulate_sessions
from reelwise.services.users import authenticate

PLAN = EXAMPLES / "bakkerij" / "plan.nl.yaml"
TODAY = dt.date(2026, 12, 1)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 1, 1)))
def test_dates_move_by_whole_weeks_so_the_launch_lies_five_weeks_back(today: dt.date) -> None:
    launch = dt.date(2027, 2, 15)
    moved = dt.date.fromisoformat(shift_weeks(f"launch: {launch.isoformat()}\n", launch, today)[8:18])
    assert (moved - launch).days % 7 == 0
    assert abs((today - moved).days - 35) <= 3


def test_the_demo_plan_is_running_today() -> None:
    plan = demo_plan(PLAN, TODAY)
    assert plan.campaign.start <= plan.campaign.launch_date < TODAY < plan.campaign.end
    assert all(p.moment.date() < plan.campaign.end for p in plan.distribution.posts)


def test_simulated_events_pass_the_collect_validation_and_show_drop_offs(tmp_path: Path) -> None:
    plan = demo_plan(PLAN, TODAY)
    rows = simulate_sessions(plan, TODAY)
    assert len({r[0] for r in rows}) == len(rows)  # event ids are unique
    for r in rows[::97]:
        PlayerEvent.model_validate(
            {"id": r[0], "v": r[2], "var": r[3], "s": r[4], "t": r[6], "p": r[7], "d": r[8], "f": r[9], "ts": r[10],
             "u": r[12]}, strict=False,
        )  # fmt: skip
    assert rows == simulate_sessions(plan, TODAY)  # the same every time


def test_seeding_fills_every_table_once_and_twice_changes_nothing(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'reelwise.db'}")
    users = SqlUserStore(store, utc_now)
    data_dir = tmp_path / "data"
    kwargs = {"data_dir": data_dir, "store": store, "users": users, "plan_file": PLAN, "today": TODAY,
              "check_videos": False}  # fmt: skip
    summary = seed_demo(**kwargs)  # type: ignore[arg-type]
    counts = {}
    with EventStore.for_workspace(data_dir, summary.workspace) as events:
        for table in ("player_events", "platform_metrics", "conversions", "attribution_answers", "survey_responses",
                      "adjustments", "comments", "placements"):  # fmt: skip
            counts[table] = events.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
        curves = retention.curves(events.ibis())
    assert all(n > 0 for n in counts.values()), counts
    assert counts["player_events"] == summary.events
    assert counts["comments"] == summary.comments
    with EventStore.for_workspace(data_dir, summary.workspace) as events:
        from reelwise.services.comments import comment_report

        report = comment_report(events, demo_plan(PLAN, TODAY))
    by = {p.platform: p for p in report.platforms}
    assert set(by) == {"instagram", "tiktok", "facebook"} and report.overdue  # something to show and to act on
    assert by["instagram"].within_target >= 1 and by["tiktok"].by_kind["complaint"] >= 1
    from reelwise.services.report import report as campaign_report

    findings = campaign_report(demo_plan(PLAN, TODAY), summary.workspace, data_dir, TODAY).findings
    (overdue,) = [f for f in findings if f.id == "analytics.comments_overdue"]  # the campaign report asks to answer
    assert overdue.severity.value == "problem" and overdue.evidence["overdue"] == len(report.overdue)
    assert {c.video_id for c in curves} == {"v1-bakker", "v2-zuurdesem", "v3-abonnement", "v4-klant"}
    assert all(c.drop_offs() for c in curves)
    assert authenticate(users, DEMO_EMAIL, DEMO_PASSWORD) is not None
    assert [k.workspace for k in KeyStore.in_data_dir(data_dir).list()] == [summary.workspace]
    again = seed_demo(**kwargs)  # type: ignore[arg-type]
    with EventStore.for_workspace(data_dir, summary.workspace) as events:
        for table, n in counts.items():
            assert events.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == n, table  # type: ignore[index]
    assert again.campaign == summary.campaign
    assert store.get_campaign(summary.workspace, summary.campaign).info.version == 1
    assert len(KeyStore.in_data_dir(data_dir).list()) == 1


def test_the_demo_videos_are_checked_where_the_video_pages_read_them(tmp_path: Path, example_media: Path) -> None:
    from reelwise.services.seed import check_demo_videos

    plan = demo_plan(PLAN, TODAY)
    done = check_demo_videos(plan, PLAN.parent, tmp_path)
    assert done == [v.id for v in plan.videos]
    for video in done:
        assert (tmp_path / "videos" / video / "check.json").is_file()
        assert (tmp_path / "videos" / video / "check.nl.json").is_file()
