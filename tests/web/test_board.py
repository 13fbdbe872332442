"""The buyer-journey board page and its JSON API."""

from __future__ import annotations

import re

import pytest
from tests.domain.plans import plan_data
from tests.web.conftest import Site, logged_in

from reelwise.domain.plan import Plan

PAGE = "/w/bakkerij/c/lente/board"
API = "/api/workspaces/bakkerij/campaigns/lente/board"


@pytest.fixture
def campaign(site: Site) -> Plan:
    data = plan_data()
    data["videos"][0]["title"] = "<script>alert('board')</script>"
    plan = Plan.model_validate(data)
    site.app.state.web.store.save_campaign("bakkerij", plan, name="Lente", expected_version=0)  # type: ignore[attr-defined]
    return plan


def test_stages_are_columns_with_cards_and_gaps(site: Site, campaign: Plan) -> None:
    client, _ = logged_in(site, "victor@example.nl")  # a viewer may look
    page = client.get(PAGE)
    assert page.status_code == 200
    html = page.text
    assert [m for m in re.findall(r'<h3 class="jstage"[^>]*>(\w+)', html)] == ["See", "Think", "Do", "Care"]
    assert 'id="card-v1"' in html and 'id="card-poster"' in html
    assert "No video in the Think stage: nobody is moved on here." in html
    assert "No next step: a viewer who liked this video has nowhere to go." in html
    assert html.count('<span class="visually-hidden">Gap:</span>') == 4  # also said in text, not only red
    assert "&lt;script&gt;alert(&#39;board&#39;)&lt;/script&gt;" in html
    assert "<script>alert(" not in html
    assert "/edit/videos" not in html, "viewers get no edit links"


def test_api_gives_the_same_board(site: Site, campaign: Plan) -> None:
    client, _ = logged_in(site, "alice@example.nl")
    data = client.get(API).json()
    assert [s["stage"] for s in data["stages"]] == ["See", "Think", "Do", "Care"]
    assert data["gap_count"] == 4
    card = data["stages"][0]["cards"][0]
    assert card["id"] == "v1" and card["cta"]["type"] == "visit" and card["gaps"]
    assert client.get("/api/openapi.json").json()["paths"][
        API.replace("bakkerij", "{workspace}").replace("lente", "{campaign}")
    ]


def test_access_is_checked(site: Site, campaign: Plan) -> None:
    anonymous = site.client()
    assert anonymous.get(PAGE).headers["location"].startswith("/login")
    assert anonymous.get(API).status_code == 401
    bob, _ = logged_in(site, "bob@example.nl")
    assert bob.get(PAGE).status_code == 404
    assert bob.get(API).status_code == 404
    alice, token = logged_in(site, "alice@example.nl")
    assert alice.get("/w/bakkerij/c/nope/board").status_code == 404
    assert alice.post(PAGE, data={"csrf_token": token}).status_code == 405  # nothing to change here: no form
