"""The Monday report: one page per campaign that a marketer can take into the Monday meeting.

Three parts, each built from the campaign report (:mod:`reelwise.services.report`):

* **delivered** — every goal against its target (current value, share of the target, the
  projection to the deadline with its 90 % interval and the chance to reach it) and every
  video (plays in our own player, finish rate, CTA clicks per play, the steepest drop-off);
* **changed** — the adjustment log with the measured effect of each adjustment, and the
  plan versions saved in the last ``CHANGE_DAYS`` days;
* **next** — the advice findings, worst first, each with its fix.

Building the campaign report reads the event store (Ibis over DuckDB, a second or more on
real data). :class:`ReportCache` keeps the latest report per campaign and hands it out
again while the plan version, the event store files and the day are unchanged, so a
dashboard opened by many people at once computes it once.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from reelwise.domain.findings import Finding, Severity
from reelwise.domain.plan import Plan
from reelwise.i18n import N_
from reelwise.services.report import Report
from reelwise.services.workspaces import HistoryEntry

CHANGE_DAYS: Final = 14
MAX_ADVICE: Final = 8
CACHE_SIZE: Final = 32

# labels of the codes the report uses (translated where they are shown)
STATUS_LABELS: Final = {
    "achieved": N_("achieved"),
    "on_track": N_("on track"),
    "at_risk": N_("at risk"),
    "off_track": N_("off track"),
    "missed": N_("missed"),
    "no_data": N_("no data"),
    "no_target": N_("no target"),
}
METRIC_LABELS: Final = {
    "reach": N_("reach"),
    "impressions": N_("impressions"),
    "views": N_("views"),
    "view_through_rate": N_("view-through rate"),
    "average_percent_viewed": N_("average % viewed"),
    "watch_time_hours": N_("watch time (hours)"),
    "ctr": N_("click-through rate"),
    "engagement_rate": N_("engagement rate"),
    "followers": N_("followers"),
    "shares": N_("shares"),
    "leads": N_("leads"),
    "sign_ups": N_("sign-ups"),
    "sales": N_("sales"),
    "revenue": N_("revenue (EUR)"),
    "downloads": N_("downloads"),
    "store_visits": N_("store visits"),
    "brand_recall_lift": N_("brand recall lift"),
    "brand_awareness_lift": N_("brand awareness lift"),
    "consideration_lift": N_("consideration lift"),
    "completion": N_("completion"),
}
SEVERITY_LABELS: Final = {"problem": N_("problem"), "warning": N_("warning"), "info": N_("info")}
QUESTION_LABELS: Final = {
    "ad_recall": N_("remembers the ad"),
    "brand_recall": N_("remembers the brand"),
    "awareness": N_("knows the brand"),
    "consideration": N_("considers buying"),
}


@dataclass(frozen=True)
class GoalLine:
    goal_id: str
    metric: str
    stage: str | None
    target: float | None
    current: float | None
    progress: float | None
    status: str
    deadline: dt.date | None
    is_rate: bool
    expected: float | None = None
    low: float | None = None
    high: float | None = None
    prob_reach: float | None = None
    description: str | None = None


@dataclass(frozen=True)
class VideoLine:
    video_id: str
    title: str
    stage: str
    plays: int | None
    finish_rate: float | None
    cta_rate: float | None
    drop_at_s: float | None
    drop: float | None
    views_on_platforms: float | None = None


@dataclass(frozen=True)
class ChangeLine:
    date: dt.date
    hypothesis: str
    change: str
    metric: str | None
    before_per_day: float | None
    after_per_day: float | None
    relative_change: float | None
    prob_increase: float | None


@dataclass
class MondayReport:
    campaign: str
    workspace: str
    today: dt.date
    start: dt.date
    end: dt.date
    has_data: bool
    goals: list[GoalLine] = field(default_factory=list)
    videos: list[VideoLine] = field(default_factory=list)
    changes: list[ChangeLine] = field(default_factory=list)
    versions: list[HistoryEntry] = field(default_factory=list)
    advice: list[Finding] = field(default_factory=list)

    @property
    def goals_on_track(self) -> int:
        return sum(g.status in ("achieved", "on_track") for g in self.goals)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        def goal(g: GoalLine) -> dict[str, Any]:
            out = dict(g.__dict__)
            out["deadline"] = g.deadline.isoformat() if g.deadline else None
            return out

        def change(c: ChangeLine) -> dict[str, Any]:
            out = dict(c.__dict__)
            out["date"] = c.date.isoformat()
            return out

        return {
            "campaign": self.campaign,
            "workspace": self.workspace,
            "today": self.today.isoformat(),
            "period": {"start": self.start.isoformat(), "end": self.end.isoformat()},
            "has_data": self.has_data,
            "delivered": {"goals": [goal(g) for g in self.goals], "videos": [dict(v.__dict__) for v in self.videos]},
            "changed": {
                "adjustments": [change(c) for c in self.changes],
                "plan_versions": [
                    {"version": h.version, "saved_at": h.saved_at.isoformat(), "saved_by": h.saved_by}
                    for h in self.versions
                ],
            },
            "next": [f.to_dict(lang) for f in self.advice],
        }


def goal_lines(plan: Plan, report: Report) -> list[GoalLine]:
    described = {g.id: g.description for g in plan.goals}
    out = []
    for g in report.goals:
        p = g.projection
        out.append(
            GoalLine(
                goal_id=g.goal_id,
                metric=g.metric,
                stage=g.stage,
                target=g.target,
                current=g.current,
                progress=g.progress,
                status=g.status.value,
                deadline=g.deadline,
                is_rate=g.is_rate,
                expected=p.expected if p else None,
                low=(p.interval_90[0] if p else g.interval_90[0] if g.interval_90 else None),
                high=(p.interval_90[1] if p else g.interval_90[1] if g.interval_90 else None),
                prob_reach=p.prob_reach if p else None,
                description=described.get(g.goal_id),
            )
        )
    return out


def video_lines(plan: Plan, report: Report) -> list[VideoLine]:
    plays: dict[str, list[int]] = {}
    clicks: dict[str, int] = {}
    platform_views: dict[str, float] = {}
    for v in report.videos:
        if v.video_id is None:
            continue
        if v.platform == "player":
            acc = plays.setdefault(v.video_id, [0, 0])
            acc[0] += int(v.plays or 0)
            acc[1] += int(v.finishes or 0)
            clicks[v.video_id] = clicks.get(v.video_id, 0) + int(v.cta_clicked or 0)
        elif v.views is not None:
            platform_views[v.video_id] = platform_views.get(v.video_id, 0.0) + float(v.views)
    curves = {c.video_id: c for c in report.curves}
    out = []
    for video in plan.videos:
        n, finished = plays.get(video.id, [0, 0])
        curve = curves.get(video.id)
        drops = curve.drop_offs(top=1) if curve is not None else []
        out.append(
            VideoLine(
                video_id=video.id,
                title=video.title or video.id,
                stage=video.stage,
                plays=n or None,
                finish_rate=finished / n if n else None,
                cta_rate=clicks.get(video.id, 0) / n if n else None,
                drop_at_s=drops[0].t_s if drops else None,
                drop=drops[0].drop if drops else None,
                views_on_platforms=platform_views.get(video.id),
            )
        )
    return out


def change_lines(report: Report) -> list[ChangeLine]:
    return [
        ChangeLine(
            date=e.adjustment.ts.date(),
            hypothesis=e.adjustment.hypothesis,
            change=e.adjustment.change,
            metric=e.adjustment.metric,
            before_per_day=e.before_per_day,
            after_per_day=e.after_per_day,
            relative_change=e.relative_change,
            prob_increase=e.prob_increase,
        )
        for e in sorted(report.effects, key=lambda e: e.adjustment.ts, reverse=True)
    ]


def next_steps(findings: Sequence[Finding], limit: int = MAX_ADVICE) -> list[Finding]:
    """Problems and warnings first; information only when there is room."""
    ranked = sorted(findings, key=lambda f: (-f.severity.rank, f.point, f.id))
    urgent = [f for f in ranked if f.severity is not Severity.INFO]
    return (urgent + [f for f in ranked if f.severity is Severity.INFO])[:limit]


def monday_report(
    plan: Plan,
    report: Report,
    history: Sequence[HistoryEntry],
    *,
    campaign: str,
    workspace: str,
    change_days: int = CHANGE_DAYS,
) -> MondayReport:
    """The Monday report of one campaign from its campaign report and plan history."""
    since = report.today - dt.timedelta(days=change_days)
    return MondayReport(
        campaign=campaign,
        workspace=workspace,
        today=report.today,
        start=plan.campaign.start,
        end=plan.campaign.end,
        has_data=report.has_data,
        goals=goal_lines(plan, report),
        videos=video_lines(plan, report),
        changes=change_lines(report),
        versions=[h for h in history if h.saved_at.date() >= since],
        advice=next_steps(report.findings),
    )


# --- the cache ---------------------------------------------------------------------------------


def store_stamp(data_dir: Path, workspace: str) -> tuple[int, int, int, int]:
    """Changes whenever the workspace's event store (or its write-ahead log) is written."""
    from reelwise.analytics.store import workspace_store_path

    path = workspace_store_path(data_dir, workspace)
    out: list[int] = []
    for candidate in (path, path.with_name(path.name + ".wal")):
        try:
            st = candidate.stat()
            out += [st.st_mtime_ns, st.st_size]
        except FileNotFoundError:
            out += [0, 0]
    return out[0], out[1], out[2], out[3]


Key = tuple[str, str, int, dt.date, tuple[int, int, int, int]]


class Entry:
    """A cached report and what was derived from it (Monday report, chart JSON …), by name."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self._memo: dict[Any, Any] = {}
        self._lock = threading.Lock()

    def memo(self, name: Any, build: Callable[[], Any]) -> Any:
        found = self._memo.get(name, _MISSING)
        if found is _MISSING:
            value = build()
            with self._lock:
                found = self._memo.setdefault(name, value)
        return found


_MISSING: Final = object()


class ReportCache:
    """The latest campaign report per (workspace, campaign, plan version, day, store stamp).

    One lock per key: when fifty requests ask at once, one computes and the others wait for
    its result. Plans are kept per (workspace, campaign, version): a saved version never
    changes.
    """

    def __init__(self, build: Callable[..., Report] | None = None, size: int = CACHE_SIZE) -> None:
        from reelwise.services.report import report as build_report

        self._build = build or build_report
        self._size = size
        self._entries: OrderedDict[Key, Entry] = OrderedDict()
        self._plans: OrderedDict[tuple[str, str, int], Plan] = OrderedDict()
        self._locks: dict[Key, threading.Lock] = {}
        self._guard = threading.Lock()

    def plan(self, workspace: str, campaign: str, version: int, load: Callable[[], Plan]) -> Plan:
        key = (workspace, campaign, version)
        with self._guard:
            found = self._plans.get(key)
        if found is None:
            found = load()
            with self._guard:
                self._plans[key] = found
                while len(self._plans) > self._size:
                    self._plans.popitem(last=False)
        return found

    def get(self, plan: Plan, *, workspace: str, campaign: str, version: int, data_dir: Path, today: dt.date) -> Report:
        return self.entry(
            plan, workspace=workspace, campaign=campaign, version=version, data_dir=data_dir, today=today
        ).report

    def entry(
        self, plan: Plan, *, workspace: str, campaign: str, version: int, data_dir: Path, today: dt.date
    ) -> Entry:
        key: Key = (workspace, campaign, version, today, store_stamp(data_dir, workspace))
        with self._guard:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            with self._guard:
                found = self._entries.get(key)
            if found is not None:
                return found
            built = Entry(self._build(plan, workspace, data_dir, today, campaign=campaign))
            # the stamp after building: reading may have checkpointed the write-ahead log
            after: Key = (workspace, campaign, version, today, store_stamp(data_dir, workspace))
            with self._guard:
                for k in {key, after}:
                    self._entries[k] = built
                    self._entries.move_to_end(k)
                while len(self._entries) > self._size:
                    self._entries.popitem(last=False)
                self._locks.pop(key, None)
            return built

    def forget(self, workspace: str) -> None:
        """Drop every report of a workspace (after a write through the web app)."""
        with self._guard:
            for key in [k for k in self._entries if k[0] == workspace]:
                del self._entries[key]
