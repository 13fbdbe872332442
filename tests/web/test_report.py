"""The Monday report: the page, the PDF, the JSON, access rules and escaping."""

from __future__ import annotations

import yaml
from tests.domain.plans import plan_data
from tests.services.pdftext import pdf_text
from tests.web.analytics_site import EVIL, Seeded, seeded
from tests.web.conftest import Site, logged_in

from reelwise.domain.planfile import load_plan

__all__ = ["seeded"]
API = "/api/workspaces/{ws}/campaigns/{c}/report"


def test_the_report_page_says_what_was_delivered_what_changed_and_what_next(seeded: Seeded) -> None:
    client, _token = seeded.login("victor@example.nl")
    page = client.get(seeded.base + "/report")
    assert page.status_code == 200
    for part in ("What the videos delivered", "What changed", "What to do next"):
        assert part in page.text
    assert "Om 4 uur op: een nacht met bakker Van Dijk" in page.text
    assert "goals achieved or on track" in page.text
    assert seeded.base + "/report.pdf" in page.text


def test_the_report_speaks_dutch(seeded: Seeded) -> None:
    client, token = seeded.login("victor@example.nl")
    client.post("/language", data={"lang": "nl", "csrf_token": token, "next": "/"})
    try:
        page = client.get(seeded.base + "/report")
        pdf = client.get(seeded.base + "/report.pdf")
    finally:
        client.post("/language", data={"lang": "en", "csrf_token": token, "next": "/"})
    assert "Wat de video&#39;s opleverden" in page.text and 'lang="nl"' in page.text
    assert "Wat nu te doen" in pdf_text(pdf.content)


def test_the_pdf_is_a_pdf_with_the_campaign_in_its_text(seeded: Seeded) -> None:
    client, _token = seeded.login("alice@example.nl")
    response = client.get(seeded.base + "/report.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert seeded.campaign_name in text
    assert "What to do next" in text and "Om 4 uur op: een nacht met bakker Van Dijk" in text


def test_the_api_gives_the_report_as_json(seeded: Seeded) -> None:
    client, _token = seeded.login("victor@example.nl")
    data = client.get(API.format(ws=seeded.workspace, c=seeded.campaign)).json()
    assert data["campaign"] == seeded.campaign_name
    assert len(data["delivered"]["goals"]) == 6 and len(data["delivered"]["videos"]) == 4
    assert data["changed"]["adjustments"] and data["next"]
    assert all(f["severity"] in ("problem", "warning", "info") for f in data["next"])


def test_strangers_get_404_and_anonymous_is_refused(seeded: Seeded) -> None:
    stranger, _token = seeded.login("bob@example.nl")
    for path in ("/report", "/report.pdf"):
        assert stranger.get(seeded.base + path).status_code == 404
    assert stranger.get(API.format(ws=seeded.workspace, c=seeded.campaign)).status_code == 404
    anonymous = seeded.client()
    assert anonymous.get(seeded.base + "/report").status_code == 303
    assert anonymous.get(seeded.base + "/report.pdf").status_code == 303
    assert anonymous.get(API.format(ws=seeded.workspace, c=seeded.campaign)).status_code == 401


def test_a_video_title_with_a_script_is_escaped_in_the_page_and_plain_in_the_pdf(site: Site) -> None:
    data = plan_data()
    data["videos"][0]["title"] = EVIL
    plan = load_plan(yaml.safe_dump(data), "evil.yaml")
    web = site.app.state.web  # type: ignore[attr-defined]
    slug = web.store.save_campaign("bakkerij", plan, expected_version=0).campaign.slug
    client, _token = logged_in(site, "alice@example.nl")
    page = client.get(f"/w/bakkerij/c/{slug}/report")
    assert page.status_code == 200
    assert "&lt;script&gt;" in page.text and EVIL not in page.text
    assert "No measured data yet" in page.text
    pdf = client.get(f"/w/bakkerij/c/{slug}/report.pdf")
    assert pdf.status_code == 200 and EVIL in pdf_text(pdf.content).replace("\n", "")


def test_the_api_routes_are_in_the_openapi_description_and_the_pages_are_not(seeded: Seeded) -> None:
    paths = seeded.client().get("/api/openapi.json").json()["paths"]
    assert "/api/workspaces/{workspace}/campaigns/{campaign}/report" in paths
    assert "/api/workspaces/{workspace}/campaigns/{campaign}/analytics" in paths
    assert not [p for p in paths if p.startswith("/w/")]


def test_the_api_takes_a_bearer_token(seeded: Seeded) -> None:
    client, token = seeded.login("victor@example.nl")
    created = client.post("/api/tokens", json={"name": "report"}, headers={"X-CSRF-Token": token})
    assert created.status_code == 201
    bare = seeded.client()
    headers = {"Authorization": f"Bearer {created.json()['token']}"}
    assert bare.get(API.format(ws=seeded.workspace, c=seeded.campaign), headers=headers).status_code == 200
