"""The REST API for earned placements and comments: tokens, roles, validation, OpenAPI."""

from __future__ import annotations

import datetime as dt
import json

from tests.services.test_comments import youtube_response
from tests.web.conftest import Site, logged_in
from tests.web.test_analytics import _site_campaign


def test_placements_are_recorded_and_listed_with_a_token(site: Site) -> None:
    client, token = logged_in(site, "alice@example.nl")
    created = client.post("/api/tokens", json={"name": "pr-tool"}, headers={"X-CSRF-Token": token})
    api, auth = site.client(), {"Authorization": f"Bearer {created.json()['token']}"}
    url = "/api/workspaces/bakkerij/placements"
    assert api.get(url, headers=auth).json() == {"workspace": "bakkerij", "placements": [], "total_reach": 0}
    body = {"outlet": "duic", "date": "2027-02-10", "reach": 120000, "url": "https://duic.nl/a", "title": "Bakker"}
    first = api.post(url, json=body, headers=auth)
    assert first.status_code == 201 and first.json()["total_reach"] == 120000
    again = api.post(
        url, json={"outlet": "duic", "date": "2027-02-10", "reach": 125000, "url": "https://duic.nl/a"}, headers=auth
    )
    (row,) = again.json()["placements"]
    assert row["reach"] == 125000 and row["title"] == "Bakker"  # updated, the title kept
    bad = api.post(url, json={"outlet": "", "date": "someday", "reach": -5}, headers=auth)
    assert bad.status_code == 422 and {e["loc"][-1] for e in bad.json()["detail"]} == {"outlet", "date", "reach"}
    assert api.get("/api/workspaces/concurrent/placements", headers=auth).status_code == 404
    assert site.client().get(url).status_code == 401


def test_a_viewer_may_read_but_not_record_and_comments_come_as_json(site: Site) -> None:
    site.app.state.web.clock = lambda: dt.datetime(2027, 2, 16, 20, 0, tzinfo=dt.UTC)  # type: ignore[attr-defined]
    slug = _site_campaign(site)
    client, token = logged_in(site, "alice@example.nl")
    files = [("files", ("threads.json", json.dumps(youtube_response()).encode(), "application/json"))]
    assert (
        client.post(f"/w/bakkerij/c/{slug}/analytics/comments", data={"csrf_token": token}, files=files).status_code
        == 200
    )
    comments = client.get(f"/api/workspaces/bakkerij/campaigns/{slug}/comments").json()
    assert comments["platforms"][0]["platform"] == "youtube" and comments["overdue"]
    viewer, viewer_token = logged_in(site, "victor@example.nl")
    assert viewer.get("/api/workspaces/bakkerij/placements").status_code == 200
    refused = viewer.post(
        "/api/workspaces/bakkerij/placements", json={"outlet": "duic", "date": "2027-02-10"},
        headers={"X-CSRF-Token": viewer_token},
    )  # fmt: skip
    assert refused.status_code == 403
    spec = site.client().get("/api/openapi.json").json()["paths"]
    assert "/api/workspaces/{workspace}/placements" in spec
    assert "/api/workspaces/{workspace}/campaigns/{campaign}/comments" in spec


def test_the_analytics_page_lists_placements_and_records_one_from_its_form(site: Site) -> None:
    slug = _site_campaign(site)
    client, token = logged_in(site, "alice@example.nl")
    base = f"/w/bakkerij/c/{slug}/analytics"
    empty = client.get(base).text.split('id="placements"')[1].split("</section>")[0]
    assert "No placements recorded yet" in empty and f'action="{base}/placements"' in empty
    form = {"outlet": "duic", "date": "2027-02-10", "reach": "120.000", "title": "<b>Bakker</b>",
            "url": "https://duic.nl/a", "video": "v1-bakker", "csrf_token": token}  # fmt: skip
    added = client.post(f"{base}/placements", data=form)
    assert added.status_code == 303 and added.headers["location"].endswith("#placements")
    card = client.get(base).text.split('id="placements"')[1].split("</section>")[0]
    assert "&lt;b&gt;Bakker&lt;/b&gt;" in card and '<a href="https://duic.nl/a"' in card  # escaped, linked
    assert "120 000" in card  # the page's number format
    for bad in ({"url": "javascript:alert(1)"}, {"reach": "lots"}, {"video": "v9"}):
        refused = client.post(f"{base}/placements", data={**form, **bad})
        assert refused.status_code == 400, bad
    assert "javascript:" not in client.get(base).text
    viewer, viewer_token = logged_in(site, "victor@example.nl")
    assert viewer.post(f"{base}/placements", data={**form, "csrf_token": viewer_token}).status_code == 403
