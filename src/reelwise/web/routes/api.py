"""The REST API under /api/: the same operations as the pages, as JSON, with API tokens."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from pydantic import BaseModel, Field

from reelwise.domain.plan import Plan
from reelwise.domain.planfile import load_plan
from reelwise.errors import ConflictError, InputError
from reelwise.i18n import Msg
from reelwise.services.plans import summary
from reelwise.services.users import Role, new_token
from reelwise.web import auth

router = APIRouter(prefix="/api", tags=["api"])


class WorkspaceOut(BaseModel):
    slug: str
    name: str
    role: Role


class CampaignOut(BaseModel):
    slug: str
    name: str
    version: int
    updated_at: str
    updated_by: str | None


class CampaignPlanOut(BaseModel):
    slug: str
    name: str
    version: int
    plan: dict[str, Any]
    summary: dict[str, Any]


class PlanIn(BaseModel):
    plan: dict[str, Any] | None = Field(default=None, description="The plan as JSON (same fields as the YAML).")
    yaml: str | None = Field(default=None, description="The plan as YAML text.")
    expected_version: int | None = Field(default=None, description="The version you edited; 0 for a new campaign.")


class TokenIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)


class TokenOut(BaseModel):
    token: str
    name: str


class NewWorkspace(BaseModel):
    name: str = Field(min_length=1, max_length=200)


@router.get("/workspaces", response_model=list[WorkspaceOut])
def list_workspaces(request: Request) -> list[WorkspaceOut]:
    user = auth.require_user(request)
    return [
        WorkspaceOut(slug=m.workspace, name=m.workspace_name, role=m.role)
        for m in auth.state(request).users.memberships(user.id)
    ]


@router.post("/workspaces", response_model=WorkspaceOut, status_code=201)
def create_workspace(request: Request, body: NewWorkspace) -> WorkspaceOut:
    user = auth.require_user(request)
    web = auth.state(request)
    ws = web.store.create_workspace(body.name)
    web.users.grant(user.id, ws.slug, Role.OWNER)
    return WorkspaceOut(slug=ws.slug, name=ws.name, role=Role.OWNER)


@router.get("/workspaces/{workspace}/campaigns", response_model=list[CampaignOut])
def list_campaigns(request: Request, workspace: str) -> list[CampaignOut]:
    access = auth.workspace_access(request, workspace)
    return [
        CampaignOut(
            slug=c.slug, name=c.name, version=c.version, updated_at=c.updated_at.isoformat(), updated_by=c.updated_by
        )
        for c in auth.state(request).store.list_campaigns(access.workspace)
    ]


@router.get("/workspaces/{workspace}/campaigns/{campaign}", response_model=CampaignPlanOut)
def get_campaign(request: Request, workspace: str, campaign: str) -> CampaignPlanOut:
    access = auth.workspace_access(request, workspace)
    stored = auth.state(request).store.get_campaign(access.workspace, campaign)
    return CampaignPlanOut(
        slug=stored.info.slug,
        name=stored.info.name,
        version=stored.info.version,
        plan=stored.plan.to_data(),
        summary=summary(stored.plan),
    )


def _plan_from(body: PlanIn) -> Plan:
    if body.yaml is not None:
        return load_plan(body.yaml, "plan.yaml")
    if body.plan is not None:
        import yaml

        return load_plan(yaml.safe_dump(body.plan, sort_keys=False, allow_unicode=True), "plan.json")
    raise InputError(Msg("send the plan as `plan` (JSON) or `yaml` (text)"))


@router.post("/workspaces/{workspace}/campaigns", response_model=CampaignPlanOut, status_code=201)
def create_campaign(request: Request, workspace: str, body: Annotated[PlanIn, Body()]) -> CampaignPlanOut:
    access = auth.workspace_access(request, workspace)
    auth.require_edit(access)
    plan = _plan_from(body)
    result = auth.state(request).store.save_campaign(
        access.workspace, plan, expected_version=0, author=access.user.email
    )
    return CampaignPlanOut(
        slug=result.campaign.slug,
        name=result.campaign.name,
        version=result.campaign.version,
        plan=plan.to_data(),
        summary=summary(plan),
    )


@router.put("/workspaces/{workspace}/campaigns/{campaign}", response_model=CampaignPlanOut)
def update_campaign(
    request: Request, workspace: str, campaign: str, body: Annotated[PlanIn, Body()]
) -> CampaignPlanOut:
    access = auth.workspace_access(request, workspace)
    auth.require_edit(access)
    if body.expected_version is None:
        raise ConflictError(Msg("send expected_version: the version you edited"))
    plan = _plan_from(body)
    web = auth.state(request)
    current = web.store.get_campaign(access.workspace, campaign)
    result = web.store.save_campaign(
        access.workspace, plan, name=current.info.name, expected_version=body.expected_version, author=access.user.email
    )
    return CampaignPlanOut(
        slug=result.campaign.slug,
        name=result.campaign.name,
        version=result.campaign.version,
        plan=plan.to_data(),
        summary=summary(plan),
    )


@router.post("/tokens", response_model=TokenOut, status_code=201)
def create_token(request: Request, body: TokenIn) -> TokenOut:
    """A new API token for the logged-in user (shown once). Use it as `Authorization: Bearer …`."""
    user = auth.require_user(request)
    token, hashed = new_token()
    auth.state(request).users.add_token(user.id, body.name, hashed)
    return TokenOut(token=token, name=body.name)


# -- comments and earned placements (points 7 and 8) -----------------------------------------


class PlacementIn(BaseModel):
    outlet: str = Field(min_length=1, max_length=200, description="The plan's outlet id or the outlet's name.")
    date: dt.date = Field(description="The day it appeared.")
    reach: int | None = Field(default=None, ge=0, description="How many people it reached.")
    title: str | None = Field(default=None, max_length=500)
    url: str | None = Field(default=None, max_length=2000)
    video: str | None = Field(default=None, max_length=100, description="The plan's video it is about.")


class PlacementsOut(BaseModel):
    workspace: str
    placements: list[dict[str, Any]]
    total_reach: int


def _placements(data_dir: Path, workspace: str) -> PlacementsOut:
    from reelwise.analytics.store import read_existing
    from reelwise.services.placements import stored_placements

    rows: list[dict[str, Any]] = read_existing(data_dir, workspace, stored_placements, [])
    return PlacementsOut(workspace=workspace, placements=rows, total_reach=sum(r["reach"] or 0 for r in rows))


@router.get("/workspaces/{workspace}/placements", response_model=PlacementsOut)
def list_placements(request: Request, workspace: str) -> PlacementsOut:
    """The workspace's earned placements, oldest first, with the total known reach."""
    access = auth.workspace_access(request, workspace)
    return _placements(auth.state(request).data_dir, access.workspace)


@router.post("/workspaces/{workspace}/placements", response_model=PlacementsOut, status_code=201)
def record_placement(request: Request, workspace: str, body: Annotated[PlacementIn, Body()]) -> PlacementsOut:
    """Record an earned placement (the same link again updates it, keeping what is not sent)."""
    from reelwise.analytics.store import EventStore
    from reelwise.services.placements import add_placement

    access = auth.workspace_access(request, workspace)
    auth.require_edit(access)
    data_dir = auth.state(request).data_dir
    with EventStore.for_workspace(data_dir, access.workspace) as store:
        add_placement(
            store,
            day=body.date,
            outlet=body.outlet,
            reach=body.reach,
            title=body.title,
            url=body.url,
            video_id=body.video,
        )
    return _placements(data_dir, access.workspace)


@router.get("/workspaces/{workspace}/campaigns/{campaign}/comments")
def campaign_comments(request: Request, workspace: str, campaign: str) -> dict[str, Any]:
    """The workspace's comments against the campaign's response-time targets: per network the
    kinds, reply times and what is overdue now."""
    from reelwise.web.routes.analytics import campaign_data, comments_for

    data = campaign_data(request, workspace, campaign)
    web = auth.state(request)
    report = comments_for(data, web.data_dir, web.clock())
    return report.to_dict() if report is not None else {"as_of": None, "platforms": [], "overdue": []}
