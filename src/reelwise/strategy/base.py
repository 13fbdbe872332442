"""What an audit rule sees and how it registers.

A rule is a function ``(ctx: AuditContext) -> Iterable[Finding]`` decorated with
:func:`rule`. Rules are pure: everything they need (the plan, today's date, evidence from
video checks or imported data when available) is in the context.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from reelwise.domain.findings import Finding, Severity
from reelwise.domain.plan import Plan
from reelwise.domain.registry import CheckKind, check
from reelwise.i18n import Msg

RuleFunc = Callable[["AuditContext"], Iterable[Finding]]


@dataclass(frozen=True)
class AuditContext:
    plan: Plan
    today: dt.date
    # Evidence fed in by other capabilities, keyed by video id / asset id. Absent = not measured yet.
    video_reports: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    image_colours: Mapping[str, list[str]] = field(default_factory=dict)  # asset id → dominant colours (hex)
    metrics: Mapping[str, Any] | None = None


def rule(*, id: str, point: int, title: Msg, why: Msg, fix: Msg) -> Callable[[RuleFunc], RuleFunc]:
    """Register an audit rule in the shared check registry."""
    return check(id=id, point=point, kind=CheckKind.AUDIT, title=title, why=why, fix=fix)


def finding(id: str, point: int, severity: Severity, message: Msg, fix: Msg | None = None, **evidence: Any) -> Finding:
    return Finding(id=id, point=point, severity=severity, message=message, evidence=evidence, fix=fix)
