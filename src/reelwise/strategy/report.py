"""The audit's result: findings grouped per point with a score, and its plain-data form.

:meth:`AuditReport.to_dict` is the ``--json`` output; ``docs/schemas/audit.schema.json``
describes it and a test keeps the two in step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from reelwise.domain.findings import POINTS, Finding, Severity, point_name
from reelwise.i18n import N_, translate


@dataclass(frozen=True)
class PointResult:
    point: int
    score: int | None  # None: nothing to judge
    findings: list[Finding] = field(default_factory=list)

    @property
    def name(self) -> str:
        return POINTS[self.point]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "point": self.point,
            "name": point_name(self.point, lang),
            "score": self.score,
            "judged": self.score is not None,
            "findings": [f.to_dict(lang) for f in self.findings],
        }


@dataclass(frozen=True)
class AuditReport:
    campaign: str
    today: dt.date
    score: int
    points: list[PointResult]
    lang: str | None = None  # the language to_dict renders in when none is given

    @property
    def findings(self) -> list[Finding]:
        return [f for p in self.points for f in p.findings]

    def count(self, severity: Severity) -> int:
        return sum(p.count(severity) for p in self.points)

    def point(self, number: int) -> PointResult:
        return next(p for p in self.points if p.point == number)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        lang = lang or self.lang
        return {
            "campaign": self.campaign,
            "date": self.today.isoformat(),
            "score": self.score,
            "counts": {s.value: self.count(s) for s in Severity},
            "points": [p.to_dict(lang) for p in self.points],
        }


def severity_label(severity: Severity, lang: str | None = None) -> str:
    return translate(SEVERITY_LABELS[severity], lang)


SEVERITY_LABELS = {Severity.PROBLEM: N_("problem"), Severity.WARNING: N_("warning"), Severity.INFO: N_("info")}
