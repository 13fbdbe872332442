"""The content calendar pages (month, week), the iCalendar export and the JSON API."""

from __future__ import annotations

import re

import pytest
from tests.domain.plans import plan_data
from tests.services.test_calendar import parse_ical
from tests.web.conftest import Site, logged_in

from reelwise.domain.plan import Plan

BASE = "/w/bakkerij/c/lente"
API = "/api/workspaces/bakkerij/campaigns/lente"


@pytest.fixture
def campaign(site: Site) -> Plan:
    data = plan_data()
    data["distribution"]["timezone"] = "Europe/Amsterdam"
    data["distribution"]["posts"].append(
        {"platform": "instagram_reels", "video": "v1", "moment": "2027-03-09T23:15:00+00:00", "caption": "<b>laat</b>"}
    )
    data["videos"][0]["title"] = "<script>alert(1)</script>"
    plan = Plan.model_validate(data)
    site.app.state.web.store.save_campaign("bakkerij", plan, name="Lente", expected_version=0)  # type: ignore[attr-defined]
    return plan


def cell(html: str, day: str) -> str:
    start = html.index(f'data-date="{day}"')
    return html[start : html.index("</td>", start)]


def test_month_view_places_posts_on_their_local_day_and_hour(site: Site, campaign: Plan) -> None:
    client, _ = logged_in(site, "victor@example.nl")
    page = client.get(f"{BASE}/calendar?view=month&date=2027-03-01")
    assert page.status_code == 200
    html = page.text
    assert "March 2027" in html
    assert "<time" in cell(html, "2027-03-02") and ">12:30</time>" in cell(html, "2027-03-02")
    # 23:15 UTC on 9 March is 00:15 on 10 March in Amsterdam
    assert ">00:15</time>" in cell(html, "2027-03-10") and "<time" not in cell(html, "2027-03-09")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "Times in Europe/Amsterdam" in html
    assert 'date=2027-02-01" rel="prev"' in html and 'date=2027-04-01" rel="next"' in html


def test_week_view_and_navigation(site: Site, campaign: Plan) -> None:
    client, _ = logged_in(site, "alice@example.nl")
    html = client.get(f"{BASE}/calendar?view=week&date=2027-03-04").text
    days = re.findall(r'data-date="([\d-]+)"', html)
    assert days == [f"2027-03-0{d}" for d in range(1, 8)]
    assert ">12:30</time>" in cell(html, "2027-03-02")
    assert "Week 9, 2027" in html
    assert 'view=week&amp;date=2027-02-25" rel="prev"' in html
    # February: the pitch on the 15th, no posts
    feb = client.get(f"{BASE}/calendar?date=2027-02-10").text
    assert "De Krant" in cell(feb, "2027-02-15")
    # a wrong date or view falls back, never crashes; the default is the campaign start
    assert client.get(f"{BASE}/calendar?view=year&date=2027-13-40").status_code == 200
    assert "March 2027" in client.get(f"{BASE}/calendar").text


def test_ical_export_has_every_post(site: Site, campaign: Plan) -> None:
    client, _ = logged_in(site, "victor@example.nl")
    for url in (f"{BASE}/calendar.ics", f"{API}/calendar.ics"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/calendar")
        assert 'filename="lente-calendar.ics"' in response.headers["content-disposition"]
        events = parse_ical(response.content.decode("utf-8"))
        posts = [e for e in events if e["CATEGORIES"] == "post"]
        assert len(posts) == len(campaign.distribution.posts)
        assert {p["DTSTART"] for p in posts} == {"20270302T113000Z", "20270309T231500Z"}
        assert all(e["UID"].endswith("@lente.bakkerij.reelwise") for e in events)
        assert any(e["URL"].endswith("/w/bakkerij/c/lente/calendar") for e in events)


def test_api_lists_events_between_dates(site: Site, campaign: Plan) -> None:
    client, _ = logged_in(site, "alice@example.nl")
    data = client.get(f"{API}/calendar").json()
    assert data["timezone"] == "Europe/Amsterdam"
    assert [e["kind"] for e in data["events"]] == ["pitch", "post", "post"]
    march = client.get(f"{API}/calendar?start=2027-03-10&end=2027-03-31").json()["events"]
    assert [e["at"] for e in march] == ["2027-03-10T00:15:00+01:00"]
    assert client.get(f"{API}/calendar?start=gisteren").status_code == 422


def test_access_is_checked(site: Site, campaign: Plan) -> None:
    anonymous = site.client()
    for path in (f"{BASE}/calendar", f"{BASE}/calendar.ics"):
        assert anonymous.get(path).headers["location"].startswith("/login")
    for path in (f"{API}/calendar", f"{API}/calendar.ics"):
        assert anonymous.get(path).status_code == 401
    bob, _ = logged_in(site, "bob@example.nl")
    for path in (f"{BASE}/calendar", f"{BASE}/calendar.ics", f"{API}/calendar", f"{API}/calendar.ics"):
        assert bob.get(path).status_code == 404, path
    alice, token = logged_in(site, "alice@example.nl")
    assert alice.post(f"{BASE}/calendar", data={"csrf_token": token}).status_code == 405
