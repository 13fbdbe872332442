"""Analytics advice: registered checks that turn measured data into concrete findings."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import numpy as np
from tests.analytics.eventdata import make_plan, plan_data

from reelwise.analytics.abtest import Arm, compare
from reelwise.analytics.adjustments import Adjustment, effect
from reelwise.analytics.advice import AdviceContext, ChannelCost, clock, period_drop, run_advice
from reelwise.analytics.goals import count_progress
from reelwise.analytics.measure import Measure
from reelwise.analytics.retention import RetentionCurve
from reelwise.domain.findings import Severity
from reelwise.domain.registry import CheckKind, load_all

TODAY = dt.date(2026, 3, 31)


def curve(points: list[float], plays: int = 200) -> RetentionCurve:
    return RetentionCurve("v1", "second", np.arange(len(points), dtype=float), np.array(points), plays=plays)


def only(findings: list, check_id: str) -> list:  # type: ignore[type-arg]
    return [f for f in findings if f.id == check_id]


def test_every_advice_check_is_registered_as_analytics() -> None:
    ids = {c.id for c in load_all().of_kind(CheckKind.ANALYTICS)}
    assert {
        "analytics.cta_after_viewers_left",
        "analytics.brand_after_viewers_left",
        "analytics.budget_per_euro",
        "analytics.goal_off_pace",
        "analytics.alert",
        "analytics.adjustment_effect",
        "analytics.ab_winner",
        "analytics.unmapped_answers",
    } <= ids


def test_most_viewers_gone_before_the_cta() -> None:
    data = plan_data()
    data["videos"][0]["cta"]["moment_s"] = 25
    plan = make_plan(data)
    r = [1.0, 0.9, 0.8, 0.7, 0.62, 0.58, 0.52, 0.45] + [0.4 - 0.01 * i for i in range(25)]
    ctx = AdviceContext(plan=plan, today=TODAY, curves={"v1": curve(r)})
    (f,) = only(run_advice(ctx), "analytics.cta_after_viewers_left")
    assert f.message.render("en") == (
        "Most viewers of v1 are gone at 0:07, the CTA comes at 0:25 (then 23% are still watching)"
    )
    assert "0:07" in f.message.render("nl") and "0:25" in f.message.render("nl")
    assert f.severity == Severity.PROBLEM
    assert f.evidence["most_gone_s"] == 7.0


def test_no_cta_advice_when_most_viewers_are_still_there() -> None:
    ctx = AdviceContext(plan=make_plan(), today=TODAY, curves={"v1": curve([1.0] * 12)})
    assert only(run_advice(ctx), "analytics.cta_after_viewers_left") == []


def test_the_brand_appears_after_60_percent_left() -> None:
    r = [1.0, 0.8, 0.7, 0.6, 0.5, 0.45, 0.42, 0.41, 0.40, 0.39, 0.38, 0.37]
    ctx = AdviceContext(plan=make_plan(), today=TODAY, curves={"v1": curve(r)})
    (f,) = only(run_advice(ctx), "analytics.brand_after_viewers_left")
    assert f.message.render("en") == "The brand first appears at 0:08 in v1, after 60% of viewers left"
    # a measured brand moment wins over the plan's
    early = AdviceContext(plan=make_plan(), today=TODAY, curves={"v1": curve(r)}, brand_moments={"v1": 1.0})
    assert only(run_advice(early), "analytics.brand_after_viewers_left") == []


def test_move_budget_to_the_channel_that_converts_best_per_euro() -> None:
    channels = [ChannelCost("instagram", 600, 90), ChannelCost("tiktok", 600, 30)]
    ctx = AdviceContext(plan=make_plan(), today=TODAY, channels=channels)
    (f,) = only(run_advice(ctx), "analytics.budget_per_euro")
    text = f.message.render("en")
    assert text.startswith("tiktok converts at 34% of instagram's rate per euro")
    assert f.evidence["thompson_shares"]["instagram"] > 0.9
    assert f.fix is not None and "instagram" in f.fix.render("nl")


def test_no_budget_advice_when_the_difference_is_not_clear() -> None:
    channels = [ChannelCost("instagram", 600, 4), ChannelCost("tiktok", 600, 2)]
    ctx = AdviceContext(plan=make_plan(), today=TODAY, channels=channels)
    assert only(run_advice(ctx), "analytics.budget_per_euro") == []


def test_goal_that_will_miss_its_deadline() -> None:
    g = count_progress(
        "views",
        "views",
        stage="See",
        target=10000.0,
        deadline=dt.date(2026, 4, 30),
        today=TODAY,
        current=2000.0,
        daily=[100.0] * 14,
    )
    (f,) = only(run_advice(AdviceContext(plan=make_plan(), today=TODAY, goals=[g])), "analytics.goal_off_pace")
    assert f.severity == Severity.PROBLEM
    assert f.message.render("en").startswith("Goal views will miss its deadline 2026-04-30 at the current pace: 5,000")
    assert f.evidence["expected"] == 5000.0


def test_alerts_of_the_measurement_plan() -> None:
    days = [TODAY - dt.timedelta(days=d) for d in range(14)]
    views = Measure("views", 1000.0, [(d, 100.0 if d <= TODAY - dt.timedelta(days=7) else 40.0) for d in days])
    assert period_drop(views.daily, TODAY) == 0.6
    sales = count_progress(
        "sales",
        "sales",
        stage="Do",
        target=100.0,
        deadline=dt.date(2026, 4, 30),
        today=TODAY,
        current=3.0,
        daily=[0.0] * 14,
    )
    ctx = AdviceContext(
        plan=make_plan(),
        today=TODAY,
        goals=[sales],
        measures={"views": views, "ctr": Measure("ctr", 0.01), "sales": Measure("sales", 3.0)},
    )
    texts = sorted(f.message.render("en") for f in only(run_advice(ctx), "analytics.alert"))
    assert texts == [
        "Alert: ctr is 1.0%, below 2.0%",
        "Alert: goal sales went off track",
        "Alert: views fell 60% in the last 7 days against the 7 before",
    ]


def test_adjustment_effect_before_and_after() -> None:
    adj = Adjustment("a1", dt.datetime(2026, 3, 20, 9), "Shorter intro keeps viewers", "Cut the intro to 2 s", "views")
    daily = [(dt.date(2026, 3, 13) + dt.timedelta(days=d), 100.0 if d < 7 else 150.0) for d in range(14)]
    e = effect(adj, daily, today=TODAY)
    assert (e.days_before, e.days_after) == (7, 7)
    assert e.relative_change == 0.5
    assert e.prob_increase is not None and e.prob_increase > 0.999
    (f,) = only(run_advice(AdviceContext(plan=make_plan(), today=TODAY, effects=[e])), "analytics.adjustment_effect")
    assert f.message.render("en") == (
        "Adjustment Cut the intro to 2 s (2026-03-20): views went from 100 to 150 per day (chance it increased: 100%)"
    )
    late = effect(adj, daily[:7], today=TODAY)
    (g,) = only(run_advice(AdviceContext(plan=make_plan(), today=TODAY, effects=[late])), "analytics.adjustment_effect")
    assert "cannot be measured yet" in g.message.render("en")


def test_ab_winner_and_too_early() -> None:
    rng = np.random.default_rng(0)
    results = {
        "v1": compare([Arm("short", 900, 2000), Arm("long", 600, 2000)], rng),
        "v2": compare([Arm("a", 3, 20), Arm("b", 5, 20)], rng),
    }
    findings = only(run_advice(AdviceContext(plan=make_plan(), today=TODAY, ab_results=results)), "analytics.ab_winner")
    texts = sorted(f.message.render("en") for f in findings)
    assert texts[0] == "A/B test of v2: too early to read; 80 more plays needed per variant"
    assert texts[1].startswith("Variant short of v1 finishes best (45%")


def test_unmapped_answers_and_ordering() -> None:
    ctx = AdviceContext(plan=make_plan(), today=TODAY, unmapped_answers=3)
    (f,) = run_advice(ctx)
    assert f.message.render("nl") != f.message.render("en")
    assert clock(7.4) == "0:07" and clock(85) == "1:25"


def test_advice_module_imports_no_heavy_library() -> None:
    code = (
        "import sys, reelwise.analytics.advice; "
        "print(sorted(m for m in ('numpy', 'scipy', 'duckdb', 'ibis', 'pyarrow') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
