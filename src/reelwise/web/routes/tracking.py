"""Tracking: the snippet to copy for a site key, and a live view of incoming player events.

A site key (``pk_…``) belongs to one workspace (keys are kept by
:mod:`reelwise.analytics.collect.keys`). The page shows the ``<script>`` tag of the player
tracker with the key and the collect endpoint, and an example ``<video>`` tag for each
video of the plan. The live view is a fragment that htmx reloads every 2 seconds: the
latest events of the workspace's event store, read with a short-lived connection.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Final

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from starlette.routing import Mount

from reelwise.analytics.collect.keys import KeyStore, SiteKey
from reelwise.analytics.store import EventStore, workspace_store_path
from reelwise.web import auth
from reelwise.web.templating import render

# pages stay out of the OpenAPI description; the /api/ routes are in it
router = APIRouter()

LIVE_EVENTS: Final = 25
COLLECT_MOUNT: Final = "/t"
STANDALONE_COLLECT: Final = "http://127.0.0.1:8001/collect"


def origin(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def collect_endpoint(request: Request) -> tuple[str, bool]:
    """Where the tracker sends events, and whether this web app receives them itself."""
    for route in request.app.routes:
        if isinstance(route, Mount) and route.path == COLLECT_MOUNT:
            return origin(request) + COLLECT_MOUNT + "/collect", True
    return STANDALONE_COLLECT, False


def workspace_keys(request: Request, workspace: str) -> list[SiteKey]:
    keys = KeyStore.in_data_dir(auth.state(request).data_dir).list()
    return [k for k in keys if k.workspace == workspace]


def snippet(request: Request, key: SiteKey, video_ids: list[str]) -> str:
    endpoint, _mounted = collect_endpoint(request)
    lines = [
        f'<script src="{origin(request)}/static/reelwise-player.min.js"',
        f'        data-reelwise-key="{key.key}"',
        f'        data-reelwise-endpoint="{endpoint}" defer></script>',
    ]
    for video in video_ids[:4]:
        lines.append(f'<video src="/media/{video}.mp4" controls data-reelwise-video="{video}"></video>')
    return "\n".join(lines)


def latest_events(request: Request, workspace: str, limit: int = LIVE_EVENTS) -> list[dict[str, Any]]:
    path = workspace_store_path(auth.state(request).data_dir, workspace)
    if not path.is_file():
        return []
    with EventStore.open(path, lock_timeout_s=1.0) as store:
        rows = store.connection.execute(
            "SELECT received_at, video_id, variant, type, position_s, page_url FROM player_events "
            "ORDER BY received_at DESC NULLS LAST, event_id LIMIT ?",
            [limit],
        ).fetchall()
    return [
        {"received_at": r[0], "video": r[1], "variant": r[2], "type": r[3], "position": r[4], "page": r[5]}
        for r in rows
    ]


def _page(request: Request, workspace: str, campaign: str, **extra: Any) -> Response:
    access = auth.workspace_access(request, workspace)
    stored = auth.state(request).store.get_campaign(access.workspace, campaign)
    keys = workspace_keys(request, access.workspace)
    videos = [v.id for v in stored.plan.videos]
    endpoint, mounted = collect_endpoint(request)
    return render(
        request,
        "tracking.html",
        status_code=extra.pop("status_code", 200),
        access=access,
        campaign=stored.info,
        keys=keys,
        snippets={k.key: snippet(request, k, videos) for k in keys},
        endpoint=endpoint,
        mounted=mounted,
        **extra,
    )


@router.get("/w/{workspace}/c/{campaign}/tracking", include_in_schema=False)
def tracking_page(request: Request, workspace: str, campaign: str) -> Response:
    return _page(request, workspace, campaign)


@router.post("/w/{workspace}/c/{campaign}/tracking/keys", include_in_schema=False)
def create_site_key(
    request: Request, workspace: str, campaign: str, label: Annotated[str, Form(max_length=200)] = ""
) -> Response:
    access = auth.workspace_access(request, workspace)
    auth.require_edit(access)
    web = auth.state(request)
    web.store.get_campaign(access.workspace, campaign)
    now = web.clock().astimezone(dt.UTC)
    key, secret = KeyStore.in_data_dir(web.data_dir).create(access.workspace, label, now)
    return _page(request, workspace, campaign, status_code=201, new_key=key, secret=secret)


@router.get("/w/{workspace}/c/{campaign}/tracking/live", include_in_schema=False)
def live_events(request: Request, workspace: str, campaign: str) -> Response:
    access = auth.workspace_access(request, workspace)
    auth.state(request).store.get_campaign(access.workspace, campaign)
    return render(request, "tracking_live.html", events=latest_events(request, access.workspace))
