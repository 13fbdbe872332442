"""The Monday report: one page per campaign (HTML that prints well, and PDF), and its JSON.

What the videos delivered against the goals, what changed (adjustments and plan versions),
what to do next (advice). The numbers are the dashboard's (the same cached report).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from reelwise.services.pdf import render_pdf
from reelwise.web import auth, charts
from reelwise.web.routes.analytics import campaign_data, clean_json
from reelwise.web.templating import render

# pages stay out of the OpenAPI description; the /api/ routes are in it
router = APIRouter()


@router.get("/w/{workspace}/c/{campaign}/report", include_in_schema=False)
def report_page(request: Request, workspace: str, campaign: str) -> Response:
    data = campaign_data(request, workspace, campaign)
    return render(
        request,
        "report.html",
        access=data.access,
        campaign=data.stored.info,
        plan=data.stored.plan,
        monday=data.monday,
        metric_labels=charts.METRIC_LABELS,
        status_labels=charts.STATUS_LABELS,
        severity_labels=charts.SEVERITY_LABELS,
    )


@router.get("/w/{workspace}/c/{campaign}/report.pdf", include_in_schema=False)
async def report_pdf(request: Request, workspace: str, campaign: str) -> Response:
    data = await run_in_threadpool(campaign_data, request, workspace, campaign)
    lang = auth.request_language(request)
    body = await run_in_threadpool(render_pdf, data.monday, lang)
    filename = f"{data.stored.info.slug}-{data.monday.today.isoformat()}.pdf"
    return Response(
        body, media_type="application/pdf", headers={"content-disposition": f'attachment; filename="{filename}"'}
    )


@router.get(
    "/api/workspaces/{workspace}/campaigns/{campaign}/report",
    include_in_schema=True,
    tags=["api"],
    summary="The Monday report: what the videos delivered, what changed, what to do next",
)
def report_api(request: Request, workspace: str, campaign: str) -> dict[str, Any]:
    data = campaign_data(request, workspace, campaign)
    out: dict[str, Any] = clean_json(data.monday.to_dict(auth.request_language(request)))
    return out
