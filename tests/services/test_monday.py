"""The Monday report data and the report cache, on a seeded demo workspace."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import EXAMPLES

from reelwise.adapters.storage import SqlUserStore, open_store
from reelwise.adapters.storage.store import utc_now
from reelwise.analytics.store import EventStore
from reelwise.domain.findings import Finding, Severity
from reelwise.i18n import Msg
from reelwise.services.adjustments import add_adjustment
from reelwise.services.monday import ReportCache, monday_report, next_steps
from reelwise.services.report import report
from reelwise.services.seed import seed_demo

TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    data_dir = tmp_path_factory.mktemp("monday")
    store = open_store(f"sqlite:///{data_dir / 'reelwise.db'}")
    users = SqlUserStore(store, utc_now)
    summary = seed_demo(
        data_dir=data_dir, store=store, users=users, plan_file=EXAMPLES / "bakkerij" / "plan.nl.yaml", today=TODAY,
        check_videos=False,
    )  # fmt: skip
    stored = store.get_campaign(summary.workspace, summary.campaign)
    built = report(stored.plan, summary.workspace, data_dir, TODAY, campaign=stored.info.name)
    history = store.history(summary.workspace, summary.campaign)
    return {"data_dir": data_dir, "store": store, "stored": stored, "report": built, "history": history}


def test_the_monday_report_has_every_goal_video_change_and_advice(demo: dict[str, Any]) -> None:
    stored = demo["stored"]
    monday = monday_report(stored.plan, demo["report"], demo["history"], campaign=stored.info.name, workspace="B")
    assert [g.goal_id for g in monday.goals] == [g.id for g in stored.plan.goals]
    sales = next(g for g in monday.goals if g.metric == "sales")
    assert sales.current and sales.current > 0 and sales.low is not None and sales.low <= sales.expected <= sales.high
    assert [v.video_id for v in monday.videos] == [v.id for v in stored.plan.videos]
    assert all(v.plays and 0 < v.finish_rate < 1 for v in monday.videos)  # type: ignore[operator]
    v2 = next(v for v in monday.videos if v.video_id == "v2-zuurdesem")
    assert v2.drop_at_s is not None and 2 <= v2.drop_at_s <= 4 and v2.drop and v2.drop > 0.1
    assert monday.changes and monday.changes[0].metric == "leads" and monday.changes[0].prob_increase is not None
    assert monday.versions and monday.versions[-1].version == stored.info.version
    severities = [f.severity.rank for f in monday.advice]
    assert severities == sorted(severities, reverse=True) and monday.advice
    as_json = monday.to_dict("nl")
    assert set(as_json) >= {"delivered", "changed", "next"}
    assert as_json["next"][0]["message"]  # rendered in Dutch


def test_next_steps_put_problems_and_warnings_before_information() -> None:
    def finding(i: int, severity: Severity) -> Finding:
        return Finding(id=f"x.{i}", point=10, severity=severity, message=Msg("{n} checks", n=i), evidence={})

    found = [finding(1, Severity.INFO), finding(2, Severity.WARNING), finding(3, Severity.PROBLEM)]
    assert [f.severity for f in next_steps(found)] == [Severity.PROBLEM, Severity.WARNING, Severity.INFO]
    assert len(next_steps(found * 5, limit=4)) == 4


def test_the_cache_computes_once_and_again_after_the_store_changes(demo: dict[str, Any]) -> None:
    calls: list[int] = []

    def build(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return report(*args, **kwargs)

    cache = ReportCache(build)
    stored, data_dir = demo["stored"], demo["data_dir"]
    args: dict[str, Any] = {"workspace": "bakkerij", "campaign": stored.info.name, "version": stored.info.version,
                            "data_dir": data_dir, "today": TODAY}  # fmt: skip
    first = cache.get(stored.plan, **args)
    assert cache.get(stored.plan, **args) is first and len(calls) == 1
    with EventStore.for_workspace(data_dir, "bakkerij") as store:
        add_adjustment(store, hypothesis="h", change="c", when=dt.datetime(2026, 11, 28, 9), campaign=stored.info.name)
    changed = cache.get(stored.plan, **args)
    assert changed is not first and len(calls) == 2
    assert len(changed.effects) == len(first.effects) + 1
    cache.forget("bakkerij")
    cache.get(stored.plan, **args)
    assert len(calls) == 3
    assert cache.get(stored.plan, **{**args, "today": TODAY + dt.timedelta(days=1)}) is not changed


def test_an_empty_workspace_gives_goals_without_results(tmp_path: Path) -> None:
    from reelwise.domain.planfile import load_plan

    plan = load_plan((EXAMPLES / "bakkerij" / "plan.en.yaml").read_text(encoding="utf-8"), "plan.en.yaml")
    built = report(plan, "leeg", tmp_path, TODAY)
    monday = monday_report(plan, built, [], campaign="x", workspace="y")
    assert not monday.has_data and all(g.current is None for g in monday.goals)
    assert all(v.plays is None for v in monday.videos) and not monday.changes
