"""The videos of a campaign's plan: upload a file, check it in the background, see what it shows.

Pages: ``/w/{ws}/c/{campaign}/videos`` (the plan's videos with their check status) and
``/videos/{video_id}`` (player, upload, live progress, then timeline, platform fit and
findings). API: ``POST /api/workspaces/{ws}/campaigns/{c}/videos/{video_id}/file`` uploads
(and starts the check), ``GET …/check`` tells the status, progress and result.

Anyone in the workspace may look; only owners and editors upload or start a check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response

from reelwise.domain.plan import Plan, Variant, Video
from reelwise.errors import ConflictError, InputError, NotFoundError
from reelwise.i18n import Msg, Num
from reelwise.services.workspaces import StoredCampaign
from reelwise.web import auth
from reelwise.web.jobs import JobState, JobStatus, runner_for
from reelwise.web.templating import render
from reelwise.web.video_checks import start_check
from reelwise.web.video_store import CONTAINERS, UploadRefused, VideoFolder, receive_video, video_folder
from reelwise.web.video_variants import platform_of, start_render, variant_folder
from reelwise.web.video_view import counts, moments, platform_fits, platform_name, sorted_findings, timeline

router = APIRouter()  # pages leave the OpenAPI description (include_in_schema=False); the API is in it

BUSY = Msg("A check of this video is running; wait until it has finished.")


@dataclass(frozen=True)
class VideoContext:
    access: auth.Access
    stored: StoredCampaign
    video: Video
    folder: VideoFolder

    @property
    def base(self) -> str:
        return f"/w/{self.access.workspace}/c/{self.stored.info.slug}/videos/{self.video.id}"


def _plan_video(plan: Plan, video_id: str) -> Video:
    video = plan.video(video_id)
    if video is None:
        raise NotFoundError(Msg("video {video} is not in the plan", video=video_id))
    return video


def _context(request: Request, workspace: str, campaign: str, video_id: str) -> VideoContext:
    access = auth.workspace_access(request, workspace)
    web = auth.state(request)
    stored = web.store.get_campaign(access.workspace, campaign)
    video = _plan_video(stored.plan, video_id)
    folder = video_folder(web.data_dir, access.workspace, stored.info.slug, video.id)
    return VideoContext(access, stored, video, folder)


def check_status(request: Request, folder: VideoFolder) -> JobStatus | None:
    status = runner_for(auth.state(request)).status(folder.root)
    if status is None and folder.report_path("en").is_file():  # results put there without a job (the demo)
        return JobStatus(id="", state=JobState.DONE, fraction=1.0)
    return status


def _planned_platforms(plan: Plan, video_id: str) -> list[str]:
    return list(dict.fromkeys(p.platform.value for p in plan.distribution.posts if p.video == video_id))


def _limit_mb(request: Request) -> Num:
    return Num(auth.state(request).max_upload_bytes / 1024 / 1024, decimals=1)


def _too_large(request: Request) -> Msg:
    return Msg("The file is larger than the upload limit of {limit} MB.", limit=_limit_mb(request))


def _start(request: Request, ctx: VideoContext) -> JobStatus:
    web = auth.state(request)
    return start_check(
        runner_for(web), ctx.folder, ctx.stored.plan, ctx.stored.info.version, ctx.video.id, web.settings
    )


def _is_busy(request: Request, folder: VideoFolder) -> bool:
    status = runner_for(auth.state(request)).status(folder.root)
    return status is not None and status.state.active


def _page_context(request: Request, ctx: VideoContext) -> dict[str, Any]:
    lang = auth.request_language(request)
    status = check_status(request, ctx.folder)
    report = ctx.folder.report(lang) if status is not None and status.state is JobState.DONE else None
    view: dict[str, Any] = {
        "access": ctx.access,
        "campaign": ctx.stored.info,
        "video": ctx.video,
        "base": ctx.base,
        "upload": ctx.folder.upload(),
        "status": status,
        "report": report,
        "planned": [platform_name(p) for p in _planned_platforms(ctx.stored.plan, ctx.video.id)],
        "limit_bytes": auth.state(request).max_upload_bytes,
        "limit_mb": _limit_mb(request),
        "accept": ",".join(sorted({t for t, _ in CONTAINERS.values()})),
        "variants": variants_view(request, ctx),
    }
    if report is not None:
        version = (status.extra.get("plan_version") if status else None) or None
        view.update(
            timeline=timeline(report, f"{ctx.base}/thumbs"),
            moments=moments(report),
            fits=platform_fits(report),
            findings=sorted_findings(report),
            counts=counts(report),
            stale=version is not None and version != ctx.stored.info.version,
            checked_version=version,
        )
    return view


# -- pages ----------------------------------------------------------------------------------


@router.get("/w/{workspace}/c/{campaign}/videos", include_in_schema=False)
def videos_page(request: Request, workspace: str, campaign: str) -> Response:
    access = auth.workspace_access(request, workspace)
    web = auth.state(request)
    stored = web.store.get_campaign(access.workspace, campaign)
    rows = []
    for video in stored.plan.videos:
        folder = video_folder(web.data_dir, access.workspace, stored.info.slug, video.id)
        status = check_status(request, folder)
        report = folder.report("en") if status is not None and status.state is JobState.DONE else None
        rows.append(
            {
                "video": video,
                "upload": folder.upload(),
                "status": status,
                "counts": counts(report) if report else None,
                "platforms": [platform_name(p) for p in _planned_platforms(stored.plan, video.id)],
                "base": f"/w/{access.workspace}/c/{stored.info.slug}/videos/{video.id}",
            }
        )
    return render(request, "videos.html", access=access, campaign=stored.info, rows=rows)


@router.get("/w/{workspace}/c/{campaign}/videos/{video_id}", include_in_schema=False)
def video_page(request: Request, workspace: str, campaign: str, video_id: str) -> Response:
    ctx = _context(request, workspace, campaign, video_id)
    return render(request, "videos_detail.html", **_page_context(request, ctx))


@router.get("/w/{workspace}/c/{campaign}/videos/{video_id}/progress", include_in_schema=False)
def progress_fragment(
    request: Request, workspace: str, campaign: str, video_id: str, compact: bool = False
) -> Response:
    """What the page polls while a check runs; once it is over, the results (or the error) replace it."""
    ctx = _context(request, workspace, campaign, video_id)
    if compact:
        status = check_status(request, ctx.folder)
        report = ctx.folder.report("en") if status is not None and status.state is JobState.DONE else None
        return render(
            request,
            "_progress.html",
            compact=True,
            status=status,
            base=ctx.base,
            counts=counts(report) if report else None,
        )
    return render(request, "videos_check.html", **_page_context(request, ctx))


@router.post("/w/{workspace}/c/{campaign}/videos/{video_id}/upload", include_in_schema=False)
async def upload_page(request: Request, workspace: str, campaign: str, video_id: str) -> Response:
    ctx = _context(request, workspace, campaign, video_id)
    auth.require_edit(ctx.access)
    error: Msg | None = None
    status_code = 200
    if _is_busy(request, ctx.folder):
        error, status_code = BUSY, 409
    else:
        try:
            await receive_video(
                request,
                ctx.folder,
                auth.state(request).max_upload_bytes,
                who=ctx.access.user.email,
                when=auth.state(request).clock().isoformat(timespec="seconds"),
            )
        except UploadRefused as exc:
            error, status_code = exc.message, exc.status
        except HTTPException as exc:
            if exc.status_code != 413:
                raise
            error, status_code = _too_large(request), 413
    if error is not None:
        view = _page_context(request, ctx)
        return render(request, "videos_detail.html", status_code=status_code, upload_error=error, **view)
    _start(request, ctx)
    return _back(request, ctx.base)


@router.post("/w/{workspace}/c/{campaign}/videos/{video_id}/check", include_in_schema=False)
def check_again(request: Request, workspace: str, campaign: str, video_id: str) -> Response:
    ctx = _context(request, workspace, campaign, video_id)
    auth.require_edit(ctx.access)
    _start(request, ctx)
    return _back(request, ctx.base)


def _back(request: Request, url: str) -> Response:
    if request.headers.get("hx-request"):
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


@router.get("/w/{workspace}/c/{campaign}/videos/{video_id}/file", include_in_schema=False)
def video_file(request: Request, workspace: str, campaign: str, video_id: str) -> Response:
    """The uploaded file, for the page's player (Range requests work: the player can seek)."""
    ctx = _context(request, workspace, campaign, video_id)
    meta = ctx.folder.upload()
    if meta is None:
        raise HTTPException(status_code=404, detail="no file uploaded")
    content_type = CONTAINERS.get(str(meta.get("container")), ("application/octet-stream", ""))[0]
    return FileResponse(
        ctx.folder.root / meta["stored_as"], media_type=content_type, headers={"cache-control": "private, max-age=60"}
    )


@router.get("/w/{workspace}/c/{campaign}/videos/{video_id}/thumbs/{index}.jpg", include_in_schema=False)
def thumbnail(request: Request, workspace: str, campaign: str, video_id: str, index: int) -> Response:
    ctx = _context(request, workspace, campaign, video_id)
    path = ctx.folder.thumb(index)
    if index < 0 or not path.is_file():
        raise HTTPException(status_code=404, detail="no such thumbnail")
    return FileResponse(path, media_type="image/jpeg", headers={"cache-control": "private, max-age=60"})


# -- platform variants ----------------------------------------------------------------------


def _variant(ctx: VideoContext, variant_id: str) -> Variant:
    variant = next((v for v in ctx.video.variants if v.id == variant_id), None)
    if variant is None:
        raise NotFoundError(Msg("video {video} has no variant {variant}", video=ctx.video.id, variant=variant_id))
    return variant


def variants_view(request: Request, ctx: VideoContext) -> list[dict[str, Any]]:
    """Each plan variant of the video with its platform, render status and result."""
    runner = runner_for(auth.state(request))
    out = []
    for variant in ctx.video.variants:
        target = variant_folder(ctx.folder, variant.id)
        status = runner.status(target.root)
        result = target.result() if status is not None and status.state is JobState.DONE else None
        platform = platform_of(ctx.stored.plan, ctx.video.id, variant)
        fit = (result or {}).get("fit") or {}
        findings = (result or {}).get("findings") or []
        out.append(
            {
                "id": variant.id,
                "aspect": variant.aspect_ratio,
                "duration_s": variant.duration_s,
                "captions": variant.captions,
                "platform": platform,
                "platform_name": platform_name(platform) if platform else None,
                "status": status,
                "result": result,
                "fits": fit.get("fits"),
                "problems": sum(1 for f in findings if f.get("severity") == "problem"),
                "warnings": sum(1 for f in findings if f.get("severity") == "warning"),
                "file_url": f"{ctx.base}/variants/{variant.id}/file"
                if result and target.video_file.is_file()
                else None,
            }
        )
    return out


def _variants_page(request: Request, ctx: VideoContext, error: Msg | None = None, status_code: int = 200) -> Response:
    return render(
        request,
        "_variants.html",
        status_code=status_code,
        access=ctx.access,
        base=ctx.base,
        upload=ctx.folder.upload(),
        variants=variants_view(request, ctx),
        variant_error=error,
    )


def _start_render(request: Request, ctx: VideoContext, variant: Variant) -> JobStatus:
    web = auth.state(request)
    runner = runner_for(web)
    status = runner.status(variant_folder(ctx.folder, variant.id).root)
    if status is not None and status.state.active:
        raise ConflictError(Msg("Variant {variant} is being rendered; wait until it has finished.", variant=variant.id))
    return start_render(
        runner, ctx.folder, ctx.stored.plan, ctx.stored.info.version, ctx.video.id, variant, web.settings
    )


@router.get("/w/{workspace}/c/{campaign}/videos/{video_id}/variants", include_in_schema=False)
def variants_fragment(request: Request, workspace: str, campaign: str, video_id: str) -> Response:
    """The variants card, which the page polls while a variant is being rendered."""
    return _variants_page(request, _context(request, workspace, campaign, video_id))


@router.post("/w/{workspace}/c/{campaign}/videos/{video_id}/variants/{variant_id}/render", include_in_schema=False)
def render_variant_page(request: Request, workspace: str, campaign: str, video_id: str, variant_id: str) -> Response:
    ctx = _context(request, workspace, campaign, video_id)
    auth.require_edit(ctx.access)
    variant = _variant(ctx, variant_id)
    try:
        _start_render(request, ctx, variant)
    except (InputError, ConflictError) as exc:
        code = 409 if isinstance(exc, ConflictError) else 400
        return _variants_page(request, ctx, error=exc.message, status_code=code)
    return _back(request, f"{ctx.base}#variants")


@router.get("/w/{workspace}/c/{campaign}/videos/{video_id}/variants/{variant_id}/file", include_in_schema=False)
def variant_file(request: Request, workspace: str, campaign: str, video_id: str, variant_id: str) -> Response:
    """The rendered variant, as a download named after the video, the variant and the platform."""
    ctx = _context(request, workspace, campaign, video_id)
    variant = _variant(ctx, variant_id)
    target = variant_folder(ctx.folder, variant.id)
    result = target.result()
    if result is None or not target.video_file.is_file():
        raise HTTPException(status_code=404, detail="not rendered yet")
    name = f"{ctx.video.id}.{variant.id}.{result.get('platform', 'variant')}.mp4"
    return FileResponse(
        target.video_file, media_type="video/mp4", filename=name, headers={"cache-control": "private, max-age=60"}
    )


# -- API ------------------------------------------------------------------------------------

API = "/api/workspaces/{workspace}/campaigns/{campaign}/videos"


def status_json(request: Request, ctx: VideoContext, with_report: bool = True) -> dict[str, Any]:
    lang = auth.request_language(request)
    status = check_status(request, ctx.folder)
    upload = ctx.folder.upload()
    out: dict[str, Any] = {
        "video_id": ctx.video.id,
        "file": (
            {
                k: upload.get(k)
                for k in ("original_name", "size_bytes", "content_type", "duration_s", "width", "height", "uploaded_at")
            }
            if upload
            else None
        ),
        "state": status.state.value if status else ("not_checked" if upload else "no_file"),
        "fraction": round(status.fraction, 4) if status else 0.0,
        "step": Msg(status.step).render(lang) if status and status.step else None,
        "error": status.error_in(lang) if status else None,
    }
    if with_report:
        done = status is not None and status.state is JobState.DONE
        out["report"] = ctx.folder.report(lang) if done else None
    return out


@router.get(API, include_in_schema=True, tags=["videos"])
def api_videos(request: Request, workspace: str, campaign: str) -> list[dict[str, Any]]:
    """The plan's videos with their upload and check status (without the reports)."""
    access = auth.workspace_access(request, workspace)
    web = auth.state(request)
    stored = web.store.get_campaign(access.workspace, campaign)
    return [
        status_json(
            request,
            VideoContext(access, stored, v, video_folder(web.data_dir, access.workspace, stored.info.slug, v.id)),
            with_report=False,
        )
        for v in stored.plan.videos
    ]


@router.post(API + "/{video_id}/file", include_in_schema=True, tags=["videos"], status_code=202)
async def api_upload(request: Request, workspace: str, campaign: str, video_id: str) -> Response:
    """Upload the video file (multipart form field ``file``) and start its check.

    413 past the upload limit; 415 when the file is not a video that can be played.
    """
    ctx = _context(request, workspace, campaign, video_id)
    auth.require_edit(ctx.access)
    if _is_busy(request, ctx.folder):
        raise ConflictError(BUSY)
    lang = auth.request_language(request)
    try:
        await receive_video(
            request,
            ctx.folder,
            auth.state(request).max_upload_bytes,
            who=ctx.access.user.email,
            when=auth.state(request).clock().isoformat(timespec="seconds"),
        )
    except UploadRefused as exc:
        return JSONResponse({"detail": exc.message.render(lang)}, status_code=exc.status)
    except HTTPException as exc:
        if exc.status_code != 413:
            raise
        return JSONResponse({"detail": _too_large(request).render(lang)}, status_code=413)
    _start(request, ctx)
    return JSONResponse(status_json(request, ctx, with_report=False), status_code=202)


@router.post(API + "/{video_id}/check", include_in_schema=True, tags=["videos"], status_code=202)
def api_check_again(request: Request, workspace: str, campaign: str, video_id: str) -> Response:
    """Check the uploaded file again (for example after the plan changed)."""
    ctx = _context(request, workspace, campaign, video_id)
    auth.require_edit(ctx.access)
    _start(request, ctx)
    return JSONResponse(status_json(request, ctx, with_report=False), status_code=202)


@router.get(API + "/{video_id}/check", include_in_schema=True, tags=["videos"])
def api_check(request: Request, workspace: str, campaign: str, video_id: str) -> dict[str, Any]:
    """The check's state (no_file, not_checked, queued, running, done, failed), progress and report.

    The report has the shape of ``reelwise check --json`` for one file, in the caller's language.
    """
    ctx = _context(request, workspace, campaign, video_id)
    return status_json(request, ctx)


def _variant_json(request: Request, v: dict[str, Any]) -> dict[str, Any]:
    status: JobStatus | None = v["status"]
    lang = auth.request_language(request)
    result = v["result"]
    return {
        "variant_id": v["id"],
        "platform": v["platform"],
        "aspect_ratio": v["aspect"],
        "duration_s": v["duration_s"],
        "captions": v["captions"],
        "state": status.state.value if status is not None else "not_rendered",
        "progress": status.fraction if status is not None else None,
        "error": status.error_in(lang) if status is not None else None,
        "result": None
        if result is None
        else {k: val for k, val in result.items() if k != "notes"}
        | {"notes": (result.get("notes") or {}).get(lang, [])},
        "file": v["file_url"],
    }


@router.get(API + "/{video_id}/variants", include_in_schema=True, tags=["videos"])
def api_variants(request: Request, workspace: str, campaign: str, video_id: str) -> list[dict[str, Any]]:
    """The plan's variants of this video: platform, shape, render state (not_rendered, queued,
    running, done, failed), progress, and once done the result (size, crop, loudness, platform fit,
    the check's findings) and the link to the MP4."""
    ctx = _context(request, workspace, campaign, video_id)
    return [_variant_json(request, v) for v in variants_view(request, ctx)]


@router.post(API + "/{video_id}/variants/{variant_id}/render", include_in_schema=True, tags=["videos"], status_code=202)
def api_render_variant(request: Request, workspace: str, campaign: str, video_id: str, variant_id: str) -> Response:
    """Render one variant from the uploaded file, in the background (409 while it is being rendered)."""
    ctx = _context(request, workspace, campaign, video_id)
    auth.require_edit(ctx.access)
    _start_render(request, ctx, _variant(ctx, variant_id))
    view = next(v for v in variants_view(request, ctx) if v["id"] == variant_id)
    return JSONResponse(_variant_json(request, view), status_code=202)
