"""The analytics dashboard of a campaign: goals, funnel, retention, platforms, attribution, lift.

Pages and forms live under ``/w/{workspace}/c/{campaign}/analytics``; the chart specs under
``…/analytics/chart/<name>.json`` (rendered by static/app.js); the same numbers as JSON at
``/api/workspaces/{workspace}/campaigns/{campaign}/analytics``. The campaign report is
computed once per plan version, day and state of the event store (:class:`ReportCache`).
Every write (import, adjustment, answer mapping) opens the event store for that write only.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Final

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from reelwise.analytics.attribution import CHANNELS
from reelwise.analytics.comments import KIND_LABELS, CommentReport
from reelwise.analytics.store import EventStore, read_existing
from reelwise.domain.catalogues import Metric, Platform
from reelwise.errors import DataImportError, InputError
from reelwise.i18n import Msg
from reelwise.services.comments import CommentImport, comment_report, import_comments
from reelwise.services.imports import ImportSummary, import_files
from reelwise.services.monday import Entry, MondayReport, ReportCache, monday_report
from reelwise.services.report import Report
from reelwise.services.workspaces import StoredCampaign
from reelwise.web import auth, charts
from reelwise.web.auth import Access
from reelwise.web.templating import gettext_for, render
from reelwise.web.uploads import read_limited

# pages stay out of the OpenAPI description; the /api/ routes are in it
router = APIRouter()

MAX_EXPORT_BYTES: Final = 20 * 1024 * 1024
MAX_EXPORT_FILES: Final = 12
_SAFE_NAME: Final = re.compile(r"[^A-Za-z0-9 ._()-]")


@dataclass
class CampaignData:
    access: Access
    stored: StoredCampaign
    report: Report
    monday: MondayReport
    entry: Entry


def report_cache(request: Request) -> ReportCache:
    cache: ReportCache | None = getattr(request.app.state, "report_cache", None)
    if cache is None:
        cache = ReportCache()
        request.app.state.report_cache = cache
    return cache


def campaign_data(request: Request, workspace: str, campaign: str) -> CampaignData:
    """Access check, the campaign, its (cached) report and its Monday report."""
    access = auth.workspace_access(request, workspace)
    web = auth.state(request)
    cache = report_cache(request)
    info = next((c for c in web.store.list_campaigns(access.workspace) if c.slug == campaign), None)
    if info is None:
        info = web.store.get_campaign(access.workspace, campaign).info  # NotFoundError: 404
    plan = cache.plan(
        access.workspace, info.slug, info.version, lambda: web.store.get_campaign(access.workspace, info.slug).plan
    )
    entry = cache.entry(
        plan, workspace=access.workspace, campaign=info.name, version=info.version, data_dir=web.data_dir,
        today=web.today(),
    )  # fmt: skip
    monday: MondayReport = entry.memo(
        "monday",
        lambda: monday_report(
            plan,
            entry.report,
            web.store.history(access.workspace, info.slug),
            campaign=info.name,
            workspace=access.workspace_name,
        ),
    )
    return CampaignData(access, StoredCampaign(info, info.version, plan), entry.report, monday, entry)


def clean_json(value: Any) -> Any:
    """JSON-safe: NaN and infinities become null (JSON has no such numbers)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): clean_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_json(v) for v in value]
    return value


def _titles(data: CampaignData) -> dict[str, str]:
    return {v.id: v.title or v.id for v in data.stored.plan.videos}


def chart_payload(data: CampaignData, name: str, lang: str) -> tuple[dict[str, Any], Any]:
    """The Vega-Lite spec of one chart and the rows of its table."""
    t = gettext_for(lang)
    if name == "goals":
        rows: Any = charts.goal_rows(data.monday.goals, t)
        return charts.goals_spec(rows, t), rows
    if name == "funnel":
        rows = charts.funnel_rows(data.report, t)
        return charts.funnel_spec(rows, t), rows
    if name == "retention":
        points, drops = charts.retention_rows(data.report, _titles(data))
        return charts.retention_spec(points, drops, t), drops
    if name == "platforms":
        rows = charts.platform_rows(data.report, t)
        return charts.platforms_spec(rows, t), rows
    if name == "attribution":
        rows = charts.attribution_rows(data.report)
        return charts.attribution_spec(rows, t), rows
    if name == "lift":
        rows = charts.lift_rows(data.report, t)
        return charts.lift_spec(rows, t), rows
    raise HTTPException(status_code=404, detail="no such chart")


def _payload(data: CampaignData, name: str, lang: str) -> tuple[dict[str, Any], Any]:
    result: tuple[dict[str, Any], Any] = data.entry.memo(("chart", name, lang), lambda: chart_payload(data, name, lang))
    return result


def _page(
    request: Request,
    data: CampaignData,
    *,
    status_code: int = 200,
    imported: ImportSummary | None = None,
    comments_imported: list[CommentImport] | None = None,
    problem: Msg | None = None,
) -> Response:
    lang = auth.request_language(request)
    tables = {name: _payload(data, name, lang)[1] for name in charts.CHARTS}
    findings = data.report.findings
    return render(
        request,
        "analytics.html",
        status_code=status_code,
        access=data.access,
        campaign=data.stored.info,
        plan=data.stored.plan,
        report=data.report,
        monday=data.monday,
        tables=tables,
        titles=_titles(data),
        alerts=[f for f in findings if f.id in ("analytics.alert", "analytics.goal_off_pace")],
        advice=[f for f in findings if f.id not in ("analytics.alert", "analytics.goal_off_pace")],
        ab_tests=data.report.ab_tests,
        unmapped=(data.report.attribution or {}).get("unmapped", []),
        channels=CHANNELS,
        metrics=[m.value for m in Metric],
        metric_labels=charts.METRIC_LABELS,
        status_labels=charts.STATUS_LABELS,
        severity_labels=charts.SEVERITY_LABELS,
        imported=imported,
        comments=comments_for(data, auth.state(request).data_dir, auth.state(request).clock()),
        placements=placements_for(data, auth.state(request).data_dir),
        comments_imported=comments_imported,
        kind_labels=KIND_LABELS,
        platforms=[p.value for p in Platform],
        problem=problem,
        today=auth.state(request).today(),
    )


def comments_for(data: CampaignData, data_dir: Path, now: dt.datetime) -> CommentReport | None:
    """The workspace's comments against the plan's targets, overdue as of now (cached with the report)."""

    def build() -> CommentReport | None:
        return read_existing(
            data_dir,
            data.access.workspace,
            lambda store: comment_report(store, data.stored.plan, as_of=now.replace(tzinfo=None)),
            None,
        )

    report: CommentReport | None = data.entry.memo("comments", build)
    return report


@router.get("/w/{workspace}/c/{campaign}/analytics", include_in_schema=False)
def analytics_page(request: Request, workspace: str, campaign: str) -> Response:
    return _page(request, campaign_data(request, workspace, campaign))


@router.get("/w/{workspace}/c/{campaign}/analytics/chart/{name}.json", include_in_schema=False)
def chart_json(request: Request, workspace: str, campaign: str, name: str) -> Response:
    if name not in charts.CHARTS:
        raise HTTPException(status_code=404, detail="no such chart")
    data = campaign_data(request, workspace, campaign)
    lang = auth.request_language(request)
    body: bytes = data.entry.memo(
        ("chart-json", name, lang),
        lambda: json.dumps(clean_json(_payload(data, name, lang)[0]), ensure_ascii=False).encode(),
    )
    return Response(body, media_type="application/json")


def _safe_filename(name: str | None, index: int) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _SAFE_NAME.sub("_", base).strip(" .")[:100]
    return base or f"export-{index}.csv"


def check_export(data: bytes, name: str) -> Msg | None:
    """Why a file cannot be a platform export (by its content), or None when it may be one."""
    if not data:
        return Msg("{file} is empty", file=name)
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if not any(n.startswith("xl/") for n in archive.namelist()):
                    return Msg("{file} is a ZIP archive, not an Excel workbook", file=name)
        except zipfile.BadZipFile:
            return Msg("{file} is a damaged Excel workbook", file=name)
        return None
    if not _looks_like_text(data[:4096], also_utf16=True):
        return Msg("{file} is not a CSV text file or an Excel workbook", file=name)
    return None


def _looks_like_text(head: bytes, also_utf16: bool = False) -> bool:
    """Whether a file's first bytes are text (no NUL byte; UTF-8, or UTF-16 when allowed), not binary."""
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the end of the sample
            if not also_utf16:
                return False
            try:
                head.decode("utf-16")
            except UnicodeDecodeError:
                return False
    return True


def _editor(request: Request, workspace: str, campaign: str) -> tuple[Access, Any, StoredCampaign]:
    """The editor's access to an existing campaign (403 for viewers, 404 for an unknown campaign)."""
    access = auth.workspace_access(request, workspace)
    auth.require_edit(access)
    web = auth.state(request)
    return access, web, web.store.get_campaign(access.workspace, campaign)


def _plan_video_id(stored: StoredCampaign, video: str) -> str | None:
    """A form's video field: None when empty, an :class:`InputError` when the plan has no such video."""
    if video and video not in {v.id for v in stored.plan.videos}:
        raise InputError(Msg("video {video} is not in the plan", video=video))
    return video or None


async def _received(
    request: Request,
    workspace: str,
    campaign: str,
    files: list[UploadFile],
    check: Callable[[bytes, str], Msg | None],
) -> list[tuple[str, bytes]] | Response:
    """The uploaded files (safe names, size-limited, checked by content), or the page with the
    first problem (400)."""
    if len(files) > MAX_EXPORT_FILES:
        raise InputError(Msg("at most {count} files at a time", count=MAX_EXPORT_FILES))
    received: list[tuple[str, bytes]] = []
    for i, upload in enumerate(files):
        content = await read_limited(upload, MAX_EXPORT_BYTES)
        name = _safe_filename(upload.filename, i)
        problem = check(content, name)
        if problem is not None:
            data = await run_in_threadpool(campaign_data, request, workspace, campaign)
            return _page(request, data, status_code=400, problem=problem)
        received.append((name, content))
    return received


def _run_import(files: list[tuple[str, bytes]], workspace: str, data_dir: Path, today: dt.date) -> ImportSummary:
    with tempfile.TemporaryDirectory(prefix="reelwise-import-") as tmp:
        paths = []
        for i, (name, content) in enumerate(files):
            folder = Path(tmp) / str(i)  # one folder per file: two uploads may share a name
            folder.mkdir()
            path = folder / name
            path.write_bytes(content)
            paths.append(path)
        summary = import_files(paths, workspace, data_dir, today=today)
        for result in summary.files:
            result.path = Path(result.path.name)
        return summary


@router.post("/w/{workspace}/c/{campaign}/analytics/import", include_in_schema=False)
async def import_exports(
    request: Request, workspace: str, campaign: str, files: Annotated[list[UploadFile], File()]
) -> Response:
    access, web, _stored = _editor(request, workspace, campaign)
    received = await _received(request, workspace, campaign, files, check_export)
    if isinstance(received, Response):
        return received
    summary = await run_in_threadpool(_run_import, received, access.workspace, web.data_dir, web.today())
    report_cache(request).forget(access.workspace)
    data = await run_in_threadpool(campaign_data, request, workspace, campaign)
    status = 400 if summary.files and len(summary.failed) == len(summary.files) else 200
    return _page(request, data, status_code=status, imported=summary)


def _back(access: Access, campaign: str, anchor: str) -> RedirectResponse:
    return RedirectResponse(f"/w/{access.workspace}/c/{campaign}/analytics#{anchor}", status_code=303)


def check_comments_file(data: bytes, name: str) -> Msg | None:
    """Why a file cannot be a comments file (JSON or CSV text), or None when it may be one."""
    if not data.strip():
        return Msg("{file} is empty", file=name)
    if not _looks_like_text(data[:4096]):
        return Msg("{file} is not a JSON or CSV text file", file=name)
    return None


def _run_comments_import(
    files: list[tuple[str, bytes]], workspace: str, data_dir: Path, platform: str | None
) -> list[CommentImport]:
    results: list[CommentImport] = []
    with (
        tempfile.TemporaryDirectory(prefix="reelwise-comments-") as tmp,
        EventStore.for_workspace(data_dir, workspace) as store,
    ):
        for i, (name, content) in enumerate(files):
            folder = Path(tmp) / str(i)
            folder.mkdir()
            path = folder / name
            path.write_bytes(content)
            try:
                result = import_comments(store, path, platform)
            except DataImportError as exc:
                result = CommentImport(name, format="?", issues=list(exc.issues), error=exc.message)
            result.file = name
            results.append(result)
    return results


@router.post("/w/{workspace}/c/{campaign}/analytics/comments", include_in_schema=False)
async def import_comment_files(
    request: Request,
    workspace: str,
    campaign: str,
    files: Annotated[list[UploadFile], File()],
    platform: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    access, web, _stored = _editor(request, workspace, campaign)
    chosen = platform.strip() or None
    if chosen is not None and chosen not in {p.value for p in Platform}:
        raise InputError(Msg("unknown platform {name}", name=chosen))
    received = await _received(request, workspace, campaign, files, check_comments_file)
    if isinstance(received, Response):
        return received
    results = await run_in_threadpool(_run_comments_import, received, access.workspace, web.data_dir, chosen)
    report_cache(request).forget(access.workspace)
    data = await run_in_threadpool(campaign_data, request, workspace, campaign)
    failed = [r for r in results if r.error is not None]
    status = 400 if results and len(failed) == len(results) else 200
    return _page(request, data, status_code=status, comments_imported=results)


@router.post("/w/{workspace}/c/{campaign}/analytics/adjustments", include_in_schema=False)
def add_adjustment_form(
    request: Request,
    workspace: str,
    campaign: str,
    hypothesis: Annotated[str, Form(min_length=1, max_length=1000)],
    change: Annotated[str, Form(min_length=1, max_length=1000)],
    date: Annotated[dt.date, Form()],
    metric: Annotated[str, Form(max_length=40)] = "",
    video: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    from reelwise.services.adjustments import add_adjustment

    access, web, stored = _editor(request, workspace, campaign)
    video_id = _plan_video_id(stored, video)
    with EventStore.for_workspace(web.data_dir, access.workspace) as store:
        add_adjustment(
            store,
            hypothesis=hypothesis,
            change=change,
            when=dt.datetime.combine(date, dt.time(9, 0)),
            campaign=stored.info.name,
            metric=metric or None,
            video_id=video_id,
        )
    report_cache(request).forget(access.workspace)
    return _back(access, stored.info.slug, "adjustments")


@router.post("/w/{workspace}/c/{campaign}/analytics/placements", include_in_schema=False)
def add_placement_form(
    request: Request,
    workspace: str,
    campaign: str,
    outlet: Annotated[str, Form(min_length=1, max_length=200)],
    date: Annotated[dt.date, Form()],
    reach: Annotated[str, Form(max_length=40)] = "",
    title: Annotated[str, Form(max_length=500)] = "",
    url: Annotated[str, Form(max_length=2000)] = "",
    video: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    from reelwise.services.placements import add_placement, parse_reach

    access, web, stored = _editor(request, workspace, campaign)
    video_id = _plan_video_id(stored, video)
    try:
        people = parse_reach(reach)
    except ValueError:
        raise InputError(Msg("'{value}' is not a number of people", value=reach)) from None
    with EventStore.for_workspace(web.data_dir, access.workspace) as store:
        add_placement(
            store, day=date, outlet=outlet, reach=people, title=title or None, url=url or None, video_id=video_id
        )
    report_cache(request).forget(access.workspace)
    return _back(access, stored.info.slug, "placements")


def placements_for(data: CampaignData, data_dir: Path) -> list[dict[str, Any]]:
    """The workspace's earned placements, oldest first (cached with the report)."""

    def build() -> list[dict[str, Any]]:
        from reelwise.services.placements import stored_placements

        return read_existing(data_dir, data.access.workspace, stored_placements, [])

    rows: list[dict[str, Any]] = data.entry.memo("placements", build)
    return rows


@router.post("/w/{workspace}/c/{campaign}/analytics/answers", include_in_schema=False)
def map_answer_form(
    request: Request,
    workspace: str,
    campaign: str,
    phrase: Annotated[str, Form(min_length=1, max_length=500)],
    channel: Annotated[str, Form(min_length=1, max_length=40)],
) -> Response:
    from reelwise.services.answers import map_phrase

    access = auth.workspace_access(request, workspace)
    auth.require_edit(access)
    web = auth.state(request)
    stored = web.store.get_campaign(access.workspace, campaign)
    with EventStore.for_workspace(web.data_dir, access.workspace) as store:
        map_phrase(store, phrase, channel)
    report_cache(request).forget(access.workspace)
    return _back(access, stored.info.slug, "attribution")


@router.get(
    "/api/workspaces/{workspace}/campaigns/{campaign}/analytics",
    include_in_schema=True,
    tags=["api"],
    summary="The campaign's analytics: goals, funnel, drop-offs, attribution, recall, A/B, advice",
)
def analytics_api(request: Request, workspace: str, campaign: str) -> dict[str, Any]:
    data = campaign_data(request, workspace, campaign)
    out = data.report.to_dict(auth.request_language(request))
    out["retention"] = [c.to_dict() for c in data.report.curves]
    result: dict[str, Any] = clean_json(out)
    return result
