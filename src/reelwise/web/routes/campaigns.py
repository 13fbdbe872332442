"""A workspace's campaigns: list, create from YAML, overview, download and upload the plan."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from reelwise.domain.plan import Plan
from reelwise.domain.planfile import dump_plan, load_plan
from reelwise.errors import InputError, Issue, Location, PlanError
from reelwise.i18n import Msg
from reelwise.services.plans import SUMMARY_LABELS, summary
from reelwise.services.users import Role, normalise_email
from reelwise.web import auth
from reelwise.web.templating import render
from reelwise.web.uploads import read_limited

router = APIRouter(include_in_schema=False)

MAX_PLAN_BYTES = 1024 * 1024


def plan_from_upload(data: bytes, filename: str) -> Plan:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PlanError(
            Msg("{file} is not UTF-8 text", file=filename), [Issue(Location(filename), Msg("not UTF-8 text"))]
        ) from None
    return load_plan(text, filename)


@router.get("/w/{workspace}")
def workspace_page(request: Request, workspace: str) -> Response:
    access = auth.workspace_access(request, workspace)
    web = auth.state(request)
    campaigns = web.store.list_campaigns(access.workspace)
    return render(request, "workspace.html", access=access, campaigns=campaigns)


@router.post("/w/{workspace}/campaigns")
async def upload_campaign(
    request: Request,
    workspace: str,
    plan_file: Annotated[UploadFile, File()],
    expected_version: Annotated[int | None, Form()] = None,
) -> Response:
    access = auth.workspace_access(request, workspace)
    auth.require_edit(access)
    data = await read_limited(plan_file, MAX_PLAN_BYTES)
    name = plan_file.filename or "plan.yaml"
    web = auth.state(request)
    try:
        plan = plan_from_upload(data, name)
    except PlanError as exc:
        campaigns = web.store.list_campaigns(access.workspace)
        return render(request, "workspace.html", status_code=400, access=access, campaigns=campaigns, issues=exc.issues)
    result = web.store.save_campaign(
        access.workspace, plan, expected_version=expected_version, author=access.user.email
    )
    return RedirectResponse(f"/w/{access.workspace}/c/{result.campaign.slug}", status_code=303)


@router.post("/w/{workspace}/members")
def add_member(
    request: Request,
    workspace: str,
    email: Annotated[str, Form(max_length=320)],
    role: Annotated[Role, Form()],
) -> Response:
    access = auth.workspace_access(request, workspace)
    if access.role is not Role.OWNER:
        raise HTTPException(status_code=403, detail="only owners manage people")
    web = auth.state(request)
    found = web.users.user_by_email(normalise_email(email))
    if found is None:
        raise InputError(Msg("there is no user {email}; create one with reelwise user add", email=email))
    web.users.grant(found[0].id, access.workspace, role)
    return RedirectResponse(f"/w/{access.workspace}", status_code=303)


@router.get("/w/{workspace}/c/{campaign}")
def campaign_page(request: Request, workspace: str, campaign: str) -> Response:
    access = auth.workspace_access(request, workspace)
    web = auth.state(request)
    stored = web.store.get_campaign(access.workspace, campaign)
    history = web.store.history(access.workspace, campaign)
    return render(
        request,
        "campaign.html",
        access=access,
        campaign=stored.info,
        plan=stored.plan,
        summary=summary(stored.plan),
        summary_labels=SUMMARY_LABELS,
        history=history,
    )


@router.get("/w/{workspace}/c/{campaign}/plan.yaml")
def download_plan(request: Request, workspace: str, campaign: str) -> Response:
    access = auth.workspace_access(request, workspace)
    stored = auth.state(request).store.get_campaign(access.workspace, campaign)
    filename = f"{stored.info.slug}-v{stored.info.version}.yaml"
    return Response(
        dump_plan(stored.plan),
        media_type="application/yaml",
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )
