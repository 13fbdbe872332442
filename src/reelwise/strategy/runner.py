"""Runs every registered audit rule over one context and builds the scored report."""

from __future__ import annotations

from reelwise.domain.findings import POINTS, Finding, Severity
from reelwise.domain.registry import CheckKind, load_all
from reelwise.i18n import Msg
from reelwise.strategy.base import AuditContext, finding
from reelwise.strategy.report import AuditReport, PointResult
from reelwise.strategy.scoring import judged, overall_score, point_score


def run_rules(ctx: AuditContext) -> list[Finding]:
    """Every finding of every audit rule, most severe first within a point.

    A rule that fails with an unexpected error does not stop the audit: it becomes an
    info finding that says the check could not run (never a silent pass).
    """
    found: list[Finding] = []
    for info in load_all().of_kind(CheckKind.AUDIT):
        try:
            found.extend(info.func(ctx))
        except Exception as exc:  # a bug in one rule must not hide the other 50
            found.append(
                finding(
                    info.id,
                    info.point,
                    Severity.INFO,
                    Msg("This check could not run: {error}", error=f"{type(exc).__name__}: {exc}"),
                    None,
                    error=type(exc).__name__,
                )
            )
    found.sort(key=lambda f: (f.point, -f.severity.rank, f.id))
    return found


def build_report(ctx: AuditContext, findings: list[Finding]) -> AuditReport:
    points: list[PointResult] = []
    for number in POINTS:
        own = [f for f in findings if f.point == number]
        score = point_score(own) if judged(ctx.plan, number, own) else None
        points.append(PointResult(number, score, own))
    return AuditReport(
        campaign=ctx.plan.campaign.name,
        today=ctx.today,
        score=overall_score(p.score for p in points),
        points=points,
    )


def audit(ctx: AuditContext) -> AuditReport:
    return build_report(ctx, run_rules(ctx))
