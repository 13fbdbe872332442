"""Scores: the documented formula, 'nothing to judge', and the report's plain-data form."""

from __future__ import annotations

from tests.strategy.plans import baseline, context

from reelwise.domain.findings import Finding, Severity
from reelwise.i18n import Msg
from reelwise.strategy.runner import audit, build_report
from reelwise.strategy.scoring import has_data, overall_score, point_score


def f(rule: str, severity: Severity, point: int = 2) -> Finding:
    return Finding(rule, point, severity, Msg("x"))


def test_formula_problem_25_warning_10_info_0() -> None:
    assert point_score([]) == 100
    assert point_score([f("a.b", Severity.INFO)]) == 100
    assert point_score([f("a.b", Severity.PROBLEM), f("a.c", Severity.WARNING)]) == 65
    assert point_score([f(f"a.{i}", Severity.PROBLEM) for i in range(5)]) == 0  # floor at 0


def test_one_rule_counts_at_most_three_times() -> None:
    ten = [f("cta.missing", Severity.PROBLEM) for _ in range(10)]
    assert point_score(ten) == 25
    mixed = [f("a.b", Severity.WARNING)] * 3 + [f("a.b", Severity.PROBLEM)]
    assert point_score(mixed) == 100 - 25 - 10 - 10  # the most severe three count


def test_overall_is_the_mean_of_judged_points() -> None:
    assert overall_score([100, 50, None, 75]) == 75
    assert overall_score([None, None]) == 0


def test_point_without_data_and_findings_has_nothing_to_judge() -> None:
    plan = baseline()
    plan["pr"] = {}
    ctx = context(plan)
    assert not has_data(ctx.plan, 8)
    report = build_report(ctx, [])
    assert report.point(8).score is None
    assert report.point(8).to_dict("nl")["judged"] is False
    # a point with data but no findings is judged: 100, not "nothing to judge"
    assert report.point(2).score == 100


def test_finding_on_a_point_without_data_is_judged() -> None:
    plan = baseline()
    plan["pr"] = {}
    ctx = context(plan)
    report = build_report(ctx, [f("pr.no_outlets", Severity.WARNING, point=8)])
    assert report.point(8).score == 90


def test_full_audit_of_the_baseline() -> None:
    report = audit(context())
    assert len(report.points) == 10
    assert report.score >= 90
    data = report.to_dict("nl")
    assert data["points"][0]["name"] == "Doelen en verwachtingen"
    assert sum(data["counts"].values()) == len(report.findings)
    # findings are sorted: most severe first within a point
    for point in report.points:
        ranks = [x.severity.rank for x in point.findings]
        assert ranks == sorted(ranks, reverse=True)


def test_a_failing_rule_becomes_a_note_not_a_crash(monkeypatch: object) -> None:
    from reelwise.domain.registry import REGISTRY, CheckInfo, load_all

    load_all()
    info = REGISTRY.get("cta.missing")

    def broken(ctx: object) -> list[Finding]:
        raise KeyError("boom")

    REGISTRY._checks["cta.missing"] = CheckInfo(info.id, info.point, info.kind, info.title, info.why, info.fix, broken)
    try:
        report = audit(context())
    finally:
        REGISTRY._checks["cta.missing"] = info
    [note] = [x for x in report.findings if x.id == "cta.missing"]
    assert note.severity is Severity.INFO
    assert "KeyError" in note.message.render("en")
