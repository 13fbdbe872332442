"""The content calendar: month and week views of the plan's dated moments, and iCalendar."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response

from reelwise.services import calendar as cal
from reelwise.services.workspaces import StoredCampaign
from reelwise.web import auth
from reelwise.web.planforms.labels import choice_label
from reelwise.web.templating import render

router = APIRouter()

View = Literal["month", "week"]


def _day(value: str | None, fallback: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else fallback
    except ValueError:
        return fallback


def default_day(stored: StoredCampaign, today: dt.date) -> dt.date:
    """Today while the campaign runs, else its start."""
    c = stored.plan.campaign
    return today if c.start <= today <= c.end else c.start


def detail_label(event: cal.Event) -> str:
    """The English label of a post's platform, a pitch's status or an asset's kind."""
    if event.detail is None:
        return ""
    enum = {"post": "Platform", "pitch": "PitchStatus", "asset": "AssetKind"}.get(event.kind, "")
    return choice_label(enum, event.detail)


@router.get("/w/{workspace}/c/{campaign}/calendar", include_in_schema=False)
def calendar_page(
    request: Request, workspace: str, campaign: str, view: str = "month", date: str | None = None
) -> Response:
    access = auth.workspace_access(request, workspace)
    web = auth.state(request)
    stored = web.store.get_campaign(access.workspace, campaign)
    chosen: View = "week" if view == "week" else "month"
    day = _day(date, default_day(stored, web.today()))
    if chosen == "week":
        weeks = [[cal.week_start(day) + dt.timedelta(days=d) for d in range(7)]]
        prev_day, next_day = day - dt.timedelta(days=7), day + dt.timedelta(days=7)
    else:
        weeks = cal.month_weeks(day)
        prev_day, next_day = cal.shift_month(day, -1), cal.shift_month(day, 1)
    items = cal.events(stored.plan)
    shown = {d for week in weeks for d in week}
    return render(
        request,
        "calendar.html",
        access=access,
        campaign=stored.info,
        view=chosen,
        day=day,
        weeks=weeks,
        by_day=cal.by_day(e for e in items if e.day in shown),
        prev_day=prev_day,
        next_day=next_day,
        today=web.today(),
        zone=cal.plan_zone(stored.plan).key,
        kinds=cal.KINDS,
        detail_label=detail_label,
        total=len(items),
        month_start=day.replace(day=1),
    )


def _ics(request: Request, workspace: str, campaign: str) -> Response:
    access = auth.workspace_access(request, workspace)
    web = auth.state(request)
    stored = web.store.get_campaign(access.workspace, campaign)
    page = str(request.base_url).rstrip("/") + f"/w/{access.workspace}/c/{stored.info.slug}/calendar"
    text = cal.to_ical(
        stored.plan,
        cal.events(stored.plan),
        stamp=web.clock(),
        domain=f"{stored.info.slug}.{access.workspace}.reelwise",
        page_url=page,
    )
    filename = f"{stored.info.slug}-calendar.ics"
    return Response(
        text.encode("utf-8"),
        media_type="text/calendar; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/w/{workspace}/c/{campaign}/calendar.ics", include_in_schema=False)
def calendar_ics(request: Request, workspace: str, campaign: str) -> Response:
    return _ics(request, workspace, campaign)


@router.get(
    "/api/workspaces/{workspace}/campaigns/{campaign}/calendar.ics",
    include_in_schema=True,
    tags=["api"],
    summary="The content calendar as iCalendar (RFC 5545)",
    response_class=Response,
)
def calendar_ics_api(request: Request, workspace: str, campaign: str) -> Response:
    return _ics(request, workspace, campaign)


@router.get(
    "/api/workspaces/{workspace}/campaigns/{campaign}/calendar",
    include_in_schema=True,
    tags=["api"],
    summary="The content calendar: posts, pitches, blog posts and asset dates, in time order",
)
def calendar_api(
    request: Request, workspace: str, campaign: str, start: dt.date | None = None, end: dt.date | None = None
) -> dict[str, Any]:
    """Events between ``start`` and ``end`` (inclusive, local days); all of them without limits.
    Times are local in the plan's time zone, with their UTC offset."""
    access = auth.workspace_access(request, workspace)
    stored = auth.state(request).store.get_campaign(access.workspace, campaign)
    items = [e for e in cal.events(stored.plan) if (start is None or e.day >= start) and (end is None or e.day <= end)]
    return {
        "timezone": cal.plan_zone(stored.plan).key,
        "events": [
            {
                "uid": e.uid,
                "kind": e.kind,
                "title": e.title,
                "detail": e.detail,
                "day": e.day.isoformat(),
                "at": e.at.isoformat() if e.at else None,
                "description": e.description,
                "url": e.url,
                "path": e.path,
            }
            for e in items
        ],
    }
