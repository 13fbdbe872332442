"""Social channels and PR: completeness, deadlines and the audit's findings next to each item.

The findings come from the strategy audit's point 7 (social) and point 8 (PR) rules, run
through the audit service; each finding sits next to the channel, outlet, pitch or blog
post its ``field`` names, the rest above the lists. Nothing is judged twice here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Final

from fastapi import APIRouter, Request
from fastapi.responses import Response

from reelwise.domain.findings import Finding
from reelwise.domain.plan import Plan
from reelwise.services.audit import audit_plan
from reelwise.strategy.p07_social import COVER_NETWORKS
from reelwise.web import auth
from reelwise.web.planforms.labels import choice_label
from reelwise.web.templating import render

router = APIRouter()

POINTS: Final = (7, 8)
_ITEM: Final = re.compile(r"^(channels\[\d+\]|pr\.(?:outlets|pitches|blog_posts)\[\d+\])")
COMPLETENESS: Final = ("description", "link", "profile_image", "cover_image", "pinned_video", "comment_owner")


@dataclass
class Findings:
    by_item: dict[str, list[Finding]] = field(default_factory=dict)
    general: dict[int, list[Finding]] = field(default_factory=dict)
    scores: dict[int, int | None] = field(default_factory=dict)

    def of(self, path: str) -> list[Finding]:
        return self.by_item.get(path, [])


def point_findings(plan: Plan, today: dt.date) -> Findings:
    report = audit_plan(plan, today=today)
    out = Findings()
    for point in report.points:
        if point.point not in POINTS:
            continue
        out.scores[point.point] = point.score
        for found in point.findings:
            match = _ITEM.match(str(found.evidence.get("field") or ""))
            if match:
                out.by_item.setdefault(match[1], []).append(found)
            else:
                out.general.setdefault(point.point, []).append(found)
    return out


def channel_rows(plan: Plan) -> list[dict[str, Any]]:
    rows = []
    for i, ch in enumerate(plan.channels):
        needs_cover = ch.platform.network in COVER_NETWORKS
        checks = {name: bool(getattr(ch, name)) for name in COMPLETENESS}
        if not needs_cover:
            checks.pop("cover_image")
        checks["response_time_hours"] = ch.response_time_hours is not None
        rows.append(
            {"path": f"channels[{i}]", "channel": ch, "checks": checks, "done": sum(checks.values()), "of": len(checks)}
        )
    return rows


def outlet_rows(plan: Plan) -> list[dict[str, Any]]:
    launch = plan.campaign.launch_date
    rows = []
    for i, outlet in enumerate(plan.pr.outlets):
        deadline = launch - dt.timedelta(days=outlet.lead_time_days) if outlet.lead_time_days is not None else None
        pitches = [p for p in plan.pr.pitches if p.outlet == outlet.id]
        rows.append({"path": f"pr.outlets[{i}]", "outlet": outlet, "deadline": deadline, "pitches": len(pitches)})
    return rows


def pitch_rows(plan: Plan) -> list[dict[str, Any]]:
    deadlines = {r["outlet"].id: r["deadline"] for r in outlet_rows(plan)}
    names = {o.id: o.name for o in plan.pr.outlets}
    rows = []
    for i, pitch in enumerate(plan.pr.pitches):
        deadline = deadlines.get(pitch.outlet)
        rows.append(
            {
                "path": f"pr.pitches[{i}]",
                "pitch": pitch,
                "outlet_name": names.get(pitch.outlet, pitch.outlet),
                "deadline": deadline,
                "late": deadline is not None and pitch.date > deadline,
            }
        )
    return sorted(rows, key=lambda r: r["pitch"].date)


def blog_niches(plan: Plan) -> list[tuple[str, list[tuple[str, Any]]]]:
    """Blog posts grouped per niche (outlets' niches first, in their order), with their paths."""
    groups: dict[str, tuple[str, list[tuple[str, Any]]]] = {}
    for outlet in plan.pr.outlets:
        if outlet.niche:
            groups.setdefault(outlet.niche.strip().lower(), (outlet.niche, []))
    for i, blog in enumerate(plan.pr.blog_posts):
        groups.setdefault(blog.niche.strip().lower(), (blog.niche, []))[1].append((f"pr.blog_posts[{i}]", blog))
    return list(groups.values())


@router.get("/w/{workspace}/c/{campaign}/channels", include_in_schema=False)
def channels_page(request: Request, workspace: str, campaign: str) -> Response:
    access = auth.workspace_access(request, workspace)
    web = auth.state(request)
    stored = web.store.get_campaign(access.workspace, campaign)
    plan = stored.plan
    return render(
        request,
        "channels.html",
        access=access,
        campaign=stored.info,
        plan=plan,
        launch=plan.campaign.launch_date,
        findings=point_findings(plan, web.today()),
        channels=channel_rows(plan),
        outlets=outlet_rows(plan),
        pitches=pitch_rows(plan),
        niches=blog_niches(plan),
        today=web.today(),
        label=choice_label,
    )


@router.get(
    "/api/workspaces/{workspace}/campaigns/{campaign}/channels",
    include_in_schema=True,
    tags=["api"],
    summary="Social channels and PR: completeness, pitch deadlines and the point 7/8 findings",
)
def channels_api(request: Request, workspace: str, campaign: str) -> dict[str, Any]:
    access = auth.workspace_access(request, workspace)
    web = auth.state(request)
    plan = web.store.get_campaign(access.workspace, campaign).plan
    lang = auth.request_language(request)
    found = point_findings(plan, web.today())

    def fs(items: list[Finding]) -> list[dict[str, Any]]:
        return [f.to_dict(lang) for f in items]

    return {
        "launch": plan.campaign.launch_date.isoformat(),
        "scores": {str(k): v for k, v in found.scores.items()},
        "findings": {str(k): fs(v) for k, v in found.general.items()},
        "channels": [
            {
                "platform": r["channel"].platform.value,
                "handle": r["channel"].handle,
                "complete": r["checks"],
                "response_time_hours": r["channel"].response_time_hours,
                "findings": fs(found.of(r["path"])),
            }
            for r in channel_rows(plan)
        ],
        "outlets": [
            {
                "id": r["outlet"].id,
                "name": r["outlet"].name,
                "type": r["outlet"].type.value,
                "niche": r["outlet"].niche,
                "lead_time_days": r["outlet"].lead_time_days,
                "pitch_deadline": r["deadline"].isoformat() if r["deadline"] else None,
                "findings": fs(found.of(r["path"])),
            }
            for r in outlet_rows(plan)
        ],
        "pitches": [
            {
                "outlet": r["pitch"].outlet,
                "video": r["pitch"].video,
                "date": r["pitch"].date.isoformat(),
                "status": r["pitch"].status.value,
                "deadline": r["deadline"].isoformat() if r["deadline"] else None,
                "late": r["late"],
                "findings": fs(found.of(r["path"])),
            }
            for r in pitch_rows(plan)
        ],
        "blog_posts": {
            niche: [{"title": b.title, "date": b.date.isoformat() if b.date else None} for _p, b in posts]
            for niche, posts in blog_niches(plan)
        },
    }
