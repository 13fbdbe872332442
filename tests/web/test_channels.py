"""Social channels and PR: completeness, pitch deadlines, the audit's findings next to the items."""

from __future__ import annotations

import pytest
from tests.conftest import EXAMPLES
from tests.domain.plans import plan_data
from tests.web.conftest import Site, logged_in

from reelwise.domain.plan import Plan
from reelwise.services.plans import read_plan

PAGE = "/w/bakkerij/c/lente/channels"
API = "/api/workspaces/bakkerij/campaigns/lente/channels"


@pytest.fixture
def campaign(site: Site) -> Plan:
    data = plan_data()
    data["channels"].append({"platform": "youtube", "handle": "<script>alert(2)</script>"})  # bare: incomplete
    data["pr"]["outlets"].append({"id": "blad", "name": "Vakblad", "type": "trade_journal", "lead_time_days": 30})
    data["pr"]["pitches"].append({"outlet": "blad", "date": "2027-02-20", "status": "sent"})
    plan = Plan.model_validate(data)
    site.app.state.web.store.save_campaign("bakkerij", plan, name="Lente", expected_version=0)  # type: ignore[attr-defined]
    return plan


def row(html: str, path: str) -> str:
    start = html.index(f'id="{path}"')
    end = html.find('<tr id="', start + 5)
    return html[start : end if end > 0 else len(html)]


def test_channels_show_completeness_and_their_findings(site: Site, campaign: Plan) -> None:
    client, _ = logged_in(site, "victor@example.nl")
    html = client.get(PAGE).text
    complete = row(html, "channels[0]")
    assert "5/6" in complete  # TikTok has no cover image to fill in; the profile image is missing
    assert "lacks: profile_image" in complete
    bare = row(html, "channels[1]")
    assert "1/7" in bare or "0/7" in bare
    assert "lacks: description, link, profile_image, cover_image" in bare  # the audit's point-7 finding, at its row
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html and "<script>alert(2)" not in html


def test_pr_shows_deadlines_statuses_and_niches(site: Site, campaign: Plan) -> None:
    client, _ = logged_in(site, "alice@example.nl")
    html = client.get(PAGE).text
    # launch = start 2027-03-01; De Krant 7 days → 2027-02-22; Vakblad 30 days → 2027-01-30
    assert "2027-02-22" in row(html, "pr.outlets[0]")
    assert "2027-01-30" in row(html, "pr.outlets[1]")
    late = row(html, "pr.pitches[1]")
    assert "too late" in late and "Sent" in late
    assert "should go out by 2027-01-30" in late  # pr.pitch_too_late, next to the pitch
    assert "lokaal" in html and "Over ons" in html  # blog posts per niche
    assert "Launch on 2027-03-01" in html


def test_api_gives_channels_and_pr(site: Site, campaign: Plan) -> None:
    client, _ = logged_in(site, "alice@example.nl")
    data = client.get(API).json()
    assert data["launch"] == "2027-03-01"
    assert [c["platform"] for c in data["channels"]] == ["tiktok", "youtube"]
    assert data["channels"][1]["complete"]["description"] is False
    assert any(f["id"] == "social.channel_incomplete" for f in data["channels"][1]["findings"])
    assert [o["pitch_deadline"] for o in data["outlets"]] == ["2027-02-22", "2027-01-30"]
    assert [p["late"] for p in data["pitches"]] == [False, True]


def test_the_example_in_dutch(site: Site) -> None:
    plan = read_plan(EXAMPLES / "bakkerij" / "plan.nl.yaml")
    info = site.app.state.web.store.save_campaign("bakkerij", plan, expected_version=0).campaign  # type: ignore[attr-defined]
    client, token = logged_in(site, "alice@example.nl")
    client.post("/language", data={"lang": "nl", "csrf_token": token, "next": "/"})
    html = client.get(f"/w/bakkerij/c/{info.slug}/channels").text
    assert "Sociale kanalen" in html and "Uiterste pitchdatum" in html


def test_access_is_checked(site: Site, campaign: Plan) -> None:
    anonymous = site.client()
    assert anonymous.get(PAGE).headers["location"].startswith("/login")
    assert anonymous.get(API).status_code == 401
    bob, _ = logged_in(site, "bob@example.nl")
    assert bob.get(PAGE).status_code == 404 and bob.get(API).status_code == 404
    alice, token = logged_in(site, "alice@example.nl")
    assert alice.post(PAGE, data={"csrf_token": token}).status_code == 405
