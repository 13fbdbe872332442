"""The workspaces of the user (one per client)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from reelwise.services.users import Role
from reelwise.web import auth
from reelwise.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def workspaces(request: Request) -> Response:
    user = auth.require_user(request)
    web = auth.state(request)
    memberships = web.users.memberships(user.id)
    counts = {w.slug: w.campaigns for w in web.store.list_workspaces()}
    return render(request, "home.html", memberships=memberships, counts=counts)


@router.post("/workspaces")
def create_workspace(request: Request, name: Annotated[str, Form(min_length=1, max_length=200)]) -> Response:
    user = auth.require_user(request)
    web = auth.state(request)
    workspace = web.store.create_workspace(name)
    web.users.grant(user.id, workspace.slug, Role.OWNER)
    return RedirectResponse(f"/w/{workspace.slug}", status_code=303)
