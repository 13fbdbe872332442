"""The strategy audit of a campaign's stored plan: a score per point of the ten, findings with
evidence and fixes, filtered by point and severity.

The audit reads the stored check reports of the campaign's videos, so "not measured yet"
turns into real findings once videos are checked. ``today`` is the app's clock. The JSON
at ``/api/workspaces/{ws}/campaigns/{c}/audit`` is the shape of ``reelwise audit --json``
(``docs/schemas/audit.schema.json``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from reelwise.domain.findings import POINTS, Severity, point_name
from reelwise.i18n import normalise_language
from reelwise.services.audit import audit_plan, render_html
from reelwise.services.audit_data import audit_metrics
from reelwise.services.workspaces import StoredCampaign
from reelwise.strategy.report import SEVERITY_LABELS, AuditReport
from reelwise.web import auth
from reelwise.web.jobs import JobState, runner_for
from reelwise.web.templating import render
from reelwise.web.video_store import video_folder

router = APIRouter()  # pages leave the OpenAPI description (include_in_schema=False); the API is in it


def video_reports(request: Request, workspace: str, stored: StoredCampaign) -> dict[str, dict[str, Any]]:
    """The finished check reports of the plan's videos, by video id."""
    web = auth.state(request)
    runner = runner_for(web)
    out: dict[str, dict[str, Any]] = {}
    for video in stored.plan.videos:
        folder = video_folder(web.data_dir, workspace, stored.info.slug, video.id)
        status = runner.status(folder.root)
        if status is not None and status.state is not JobState.DONE:
            continue  # running again or failed: the old report is gone or about to be replaced
        report = folder.report("en")
        if report is not None:
            out[video.id] = {**report, "video_id": video.id}
    return out


def run_audit(
    request: Request, workspace: str, campaign: str, lang: str
) -> tuple[auth.Access, StoredCampaign, AuditReport, int]:
    access = auth.workspace_access(request, workspace)
    web = auth.state(request)
    stored = web.store.get_campaign(access.workspace, campaign)
    reports = video_reports(request, access.workspace, stored)
    metrics = audit_metrics(stored.plan, web.data_dir, access.workspace, web.today())
    report = audit_plan(stored.plan, today=web.today(), lang=lang, video_reports=reports, metrics=metrics)
    return access, stored, report, len(reports)


def _lang(request: Request, lang: str | None) -> str:
    return normalise_language(lang) or auth.request_language(request)


@router.get("/w/{workspace}/c/{campaign}/audit", include_in_schema=False)
def audit_page(
    request: Request,
    workspace: str,
    campaign: str,
    point: Annotated[str | None, Query(max_length=2)] = None,
    severity: Annotated[str | None, Query(max_length=10)] = None,
) -> Response:
    lang = auth.request_language(request)
    access, stored, report, checked = run_audit(request, workspace, campaign, lang)
    data = report.to_dict(lang)
    chosen_point = int(point) if point and point.isdigit() and int(point) in POINTS else None
    chosen_severity = severity if severity in {s.value for s in Severity} else None
    shown = [
        {**p, "findings": [f for f in p["findings"] if chosen_severity in (None, f["severity"])]}
        for p in data["points"]
        if chosen_point in (None, p["point"])
    ]
    return render(
        request,
        "audit.html",
        access=access,
        campaign=stored.info,
        report=data,
        shown=shown,
        shown_count=sum(len(p["findings"]) for p in shown),
        chosen_point=chosen_point,
        chosen_severity=chosen_severity,
        points=[(n, point_name(n, lang)) for n in POINTS],
        severities=[(s.value, SEVERITY_LABELS[s]) for s in (Severity.PROBLEM, Severity.WARNING, Severity.INFO)],
        checked=checked,
        videos=len(stored.plan.videos),
        base=f"/w/{access.workspace}/c/{stored.info.slug}",
    )


@router.get("/w/{workspace}/c/{campaign}/audit/report.html", include_in_schema=False)
def audit_download(request: Request, workspace: str, campaign: str) -> Response:
    """The audit as one self-contained HTML file (the same as ``reelwise audit --html``), to keep or print."""
    lang = auth.request_language(request)
    _access, stored, report, _checked = run_audit(request, workspace, campaign, lang)
    filename = f"audit-{stored.info.slug}-{report.today.isoformat()}.html"
    return Response(
        render_html(report, lang),
        media_type="text/html; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/api/workspaces/{workspace}/campaigns/{campaign}/audit", include_in_schema=True, tags=["audit"])
def audit_api(
    request: Request,
    workspace: str,
    campaign: str,
    lang: Annotated[str | None, Query(description="nl or en (default: the caller's language)")] = None,
) -> dict[str, Any]:
    """The strategy audit of the current plan with its checked videos (shape of ``reelwise audit --json``)."""
    language = _lang(request, lang)
    _access, _stored, report, _checked = run_audit(request, workspace, campaign, language)
    return report.to_dict(language)
