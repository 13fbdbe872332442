"""The buyer-journey board: stages as columns, videos and other assets as cards, gaps marked."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from reelwise.services.journey import build_board
from reelwise.web import auth
from reelwise.web.planforms.labels import CHOICES, choice_label
from reelwise.web.templating import render

router = APIRouter()


def kind_label(kind: str) -> str:
    """The English label of a card's kind (translated in the template)."""
    if kind == "video":
        return "Video"
    return choice_label("AssetKind", kind) if kind in CHOICES["AssetKind"] else kind


@router.get("/w/{workspace}/c/{campaign}/board", include_in_schema=False)
def board_page(request: Request, workspace: str, campaign: str) -> Response:
    access = auth.workspace_access(request, workspace)
    stored = auth.state(request).store.get_campaign(access.workspace, campaign)
    board = build_board(stored.plan)
    return render(
        request,
        "board.html",
        access=access,
        campaign=stored.info,
        board=board,
        kind_label=kind_label,
        cta_label=lambda value: choice_label("CtaType", value),
    )


@router.get(
    "/api/workspaces/{workspace}/campaigns/{campaign}/board",
    include_in_schema=True,
    tags=["api"],
    summary="The buyer-journey board: stages with their videos and assets, and the gaps",
)
def board_api(request: Request, workspace: str, campaign: str) -> dict[str, Any]:
    access = auth.workspace_access(request, workspace)
    stored = auth.state(request).store.get_campaign(access.workspace, campaign)
    return build_board(stored.plan).to_dict(auth.request_language(request))
