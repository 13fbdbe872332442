"""The comments card of the analytics page: upload, triage, response times, overdue, escaping, roles."""

from __future__ import annotations

import datetime as dt
import json

from tests.services.test_comments import youtube_response
from tests.web.analytics_site import EVIL
from tests.web.conftest import Site, logged_in
from tests.web.test_analytics import _site_campaign

NOW = dt.datetime(2027, 2, 16, 20, 0, tzinfo=dt.UTC)


def test_comments_are_uploaded_triaged_and_the_overdue_ones_listed(site: Site) -> None:
    site.app.state.web.clock = lambda: NOW  # type: ignore[attr-defined]
    slug = _site_campaign(site)
    client, token = logged_in(site, "alice@example.nl")
    url = f"/w/bakkerij/c/{slug}/analytics/comments"
    empty = client.get(f"/w/bakkerij/c/{slug}/analytics")
    assert "No comments yet" in empty.text and f'action="{url}"' in empty.text
    csv = (
        "date,author,comment,reply to,id\n"
        "2027-02-16 08:00,jan,Wanneer komen jullie naar Zeist?,,c1\n"
        "2027-02-16 09:00,@bakkerijvandijk,Volgende maand!,c1,c2\n"
        f'2027-02-16 10:00,piet,"Te duur! {EVIL}",,c3\n'
    ).encode()
    files = [
        ("files", ("threads.json", json.dumps(youtube_response()).encode(), "application/json")),
        ("files", ("tiktok.csv", csv, "text/csv")),
    ]
    page = client.post(url, data={"csrf_token": token, "platform": "tiktok"}, files=files)
    assert page.status_code == 200, page.text[:500]
    assert "Comments imported" in page.text and "items[3]: not a YouTube comment thread" in page.text
    card = page.text.split('id="comments"')[1].split("</section>")[0]
    assert '<tr data-network="tiktok"><td>tiktok</td><td>2</td><td>1</td><td>1</td><td>0</td>' in card
    assert "1 of 2 (target 8 h)" in card  # the plan's TikTok target
    assert "Brood was beschimmeld" in card and "Te duur!" in card  # both overdue at NOW
    assert EVIL not in page.text and "&lt;script&gt;" in card  # escaped
    again = client.post(url, data={"csrf_token": token, "platform": "tiktok"}, files=files)
    assert again.status_code == 200 and "<td>0</td><td>0</td>" in again.text.split('id="comments-imported"')[1]


def test_comment_uploads_are_checked_and_need_an_editor(site: Site) -> None:
    slug = _site_campaign(site)
    client, token = logged_in(site, "alice@example.nl")
    url = f"/w/bakkerij/c/{slug}/analytics/comments"
    binary = [("files", ("c.csv", b"\x00\x01binary\x00" * 20, "text/csv"))]
    refused = client.post(url, data={"csrf_token": token}, files=binary)
    assert refused.status_code == 400 and "not a JSON or CSV text file" in refused.text
    broken = [("files", ("c.json", b"{not json", "application/json"))]
    failed = client.post(url, data={"csrf_token": token}, files=broken)
    assert failed.status_code == 400 and "not valid JSON" in failed.text
    unknown = client.post(url, data={"csrf_token": token, "platform": "myspace"}, files=broken)
    assert unknown.status_code == 400
    assert client.post(url, files=broken).status_code == 403  # no CSRF token
