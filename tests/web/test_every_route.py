"""Every route of the app, found by walking the app itself: none lets an anonymous visitor in."""

from __future__ import annotations

import re
from typing import Any

from fastapi.routing import APIRoute
from tests.web.conftest import Site

PUBLIC = {"/login", "/language", "/api/openapi.json"}
SAMPLE = {
    "workspace": "bakkerij",
    "campaign": "lente",
    "video_id": "v1",
    "section": "brand",
    "name": "goals",
    "key": "x",
    "job_id": "x",
    "filename": "x.jpg",
    "thumb": "x.jpg",
    "index": "0",
}


def api_routes(routes: list[Any], prefix: str = "") -> list[tuple[str, APIRoute]]:
    """Every APIRoute with its full path, also inside included routers."""
    found: list[tuple[str, APIRoute]] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append((prefix + route.path, route))
        inner = getattr(route, "original_router", None)
        if inner is not None:
            context = getattr(route, "include_context", None)
            extra = getattr(context, "prefix", "") or ""
            found += api_routes(list(inner.routes), prefix + extra)
    return found


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: SAMPLE.get(m.group(1), "x"), path)


def test_every_non_public_route_refuses_an_anonymous_request(site: Site) -> None:
    client = site.client()
    client.get("/login")  # a session with a CSRF token, as a browser has: only the login is missing
    checked = 0
    for full, route in api_routes(site.app.routes):  # type: ignore[attr-defined]
        if full in PUBLIC:
            continue
        for method in sorted(route.methods):
            path = concrete(full)
            response = client.request(method, path)
            checked += 1
            if path.startswith("/api/"):
                assert response.status_code in (401, 403), f"{method} {path}: {response.status_code}"
            else:
                assert response.status_code in (303, 403), f"{method} {path}: {response.status_code}"
                if response.status_code == 303:
                    assert response.headers["location"].startswith("/login"), f"{method} {path}"
    assert checked > 40  # the walk really found the app's routes


def test_every_api_route_is_described(site: Site) -> None:
    spec = site.client().get("/api/openapi.json").json()
    paths = {full for full, _ in api_routes(site.app.routes) if full.startswith("/api/")}  # type: ignore[attr-defined]
    assert paths
    assert paths - {"/api/openapi.json"} <= set(spec["paths"])


def test_another_workspace_is_not_found_on_every_route(site: Site) -> None:
    from tests.web.conftest import logged_in
    from tests.web.test_app import plan_yaml, upload

    alice, alice_token = logged_in(site, "alice@example.nl")
    assert upload(alice, alice_token, "bakkerij", plan_yaml()).status_code == 303  # campaign "lente" exists
    bob, bob_token = logged_in(site, "bob@example.nl")
    checked = 0
    for full, route in api_routes(site.app.routes):  # type: ignore[attr-defined]
        if "{workspace}" not in full:
            continue
        # every read (a changing request without its form fields is refused before it runs;
        # the areas' own tests send complete forms from another workspace and get 404)
        if "GET" in route.methods:
            response = bob.get(concrete(full), headers={"X-CSRF-Token": bob_token})
            checked += 1
            assert response.status_code == 404, f"GET {concrete(full)}: {response.status_code}"
    assert checked > 20
