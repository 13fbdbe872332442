"""The audit page and its JSON: scores per point, findings with evidence and fixes, filters,
Dutch and English, roles and isolation, and checked videos feeding the audit."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from tests.conftest import EXAMPLES, ROOT
from tests.domain.plans import plan_data
from tests.web.conftest import Site, logged_in

from reelwise.domain.planfile import load_plan
from reelwise.services.audit import audit_plan
from reelwise.services.plans import read_plan

WS = "bakkerij"
CAMPAIGN = "sourdough-subscription-launch"
PAGE = f"/w/{WS}/c/{CAMPAIGN}/audit"
API = f"/api/workspaces/{WS}/campaigns/{CAMPAIGN}/audit"
TODAY = dt.datetime(2027, 1, 20, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def campaign(site: Site) -> str:
    web = site.app.state.web  # type: ignore[attr-defined]
    web.clock = lambda: TODAY
    plan = read_plan(EXAMPLES / "bakkerij" / "plan.en.yaml")
    return str(web.store.save_campaign(WS, plan, expected_version=0, author="alice@example.nl").campaign.slug)


def findings_on(html: str) -> list[tuple[str, str]]:
    return re.findall(r'data-finding="([^"]+)" data-severity="([^"]+)"', html)


def test_anonymous_requests_are_refused(site: Site, campaign: str) -> None:
    client = site.client()
    for path in [PAGE, PAGE + "/report.html"]:
        response = client.get(path)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert client.get(API).status_code == 401


def test_the_page_shows_the_score_per_point_with_findings_evidence_and_fixes(site: Site, campaign: str) -> None:
    client, _token = logged_in(site, "alice@example.nl")
    page = client.get(PAGE)
    assert page.status_code == 200
    expected = audit_plan(read_plan(EXAMPLES / "bakkerij" / "plan.en.yaml"), today=TODAY.date()).to_dict("en")
    assert f'<span class="au-big">{expected["score"]}</span>' in page.text
    rows = re.findall(r'<tr data-point="(\d+)"', page.text)
    assert rows == [str(n) for n in range(1, 11)]
    for point in expected["points"]:
        assert f"{point['point']}. {point['name']}" in page.text
        if point["score"] is not None:
            assert f'aria-label="{point["score"]} / 100"' in page.text
    shown = findings_on(page.text)
    assert shown == [(f["id"], f["severity"]) for p in expected["points"] for f in p["findings"]]
    assert "Fix:" in page.text and "Evidence" in page.text
    assert "Judged as of 2027-01-20." in page.text
    assert "Videos checked: 0 of 4." in page.text


def test_filters_by_point_and_severity(site: Site, campaign: str) -> None:
    client, _token = logged_in(site, "alice@example.nl")
    everything = findings_on(client.get(PAGE).text)
    warnings = findings_on(client.get(PAGE, params={"severity": "warning"}).text)
    assert warnings and len(warnings) < len(everything)
    assert {severity for _id, severity in warnings} == {"warning"}
    point_4 = client.get(PAGE, params={"point": "4"}, headers={"HX-Request": "true"}).text
    assert re.findall(r'<section class="au-point" id="point-(\d+)"', point_4) == ["4"]
    assert all(finding_id.startswith("creative.") for finding_id, _ in findings_on(point_4))
    assert "selected>4. " in point_4  # the form remembers the choice
    nothing = client.get(PAGE, params={"point": "4", "severity": "problem"}).text
    assert findings_on(nothing) == [] and "No findings on this point." in nothing
    odd = client.get(PAGE, params={"point": "99", "severity": "<b>"})
    assert odd.status_code == 200 and findings_on(odd.text) == everything


def test_a_point_with_nothing_to_judge_says_so(site: Site) -> None:
    web = site.app.state.web  # type: ignore[attr-defined]
    data = plan_data()
    data["campaign"]["name"] = "Kale <b>campagne</b>"
    for key in ("assets", "channels", "pr", "distribution", "measurement"):
        data.pop(key, None)
    plan = load_plan(yaml.safe_dump(data, allow_unicode=True), "plan.yaml")
    slug = web.store.save_campaign(WS, plan, expected_version=0, author="x").campaign.slug
    client, _token = logged_in(site, "alice@example.nl")
    report = client.get(f"/api/workspaces/{WS}/campaigns/{slug}/audit").json()
    unjudged = [p["point"] for p in report["points"] if p["score"] is None]
    assert unjudged, "this bare plan leaves at least one point without anything to judge"
    page = client.get(f"/w/{WS}/c/{slug}/audit").text
    for point in unjudged:
        row = re.search(rf'<tr data-point="{point}".*?</tr>', page, re.S)
        assert row and "nothing to judge" in row.group(0)
    assert "Kale &lt;b&gt;campagne&lt;/b&gt;" in page and "<b>campagne</b>" not in page


def test_the_json_is_the_cli_shape_and_validates(site: Site, campaign: str) -> None:
    client, _token = logged_in(site, "alice@example.nl")
    data = client.get(API).json()
    schema = json.loads((ROOT / "docs" / "schemas" / "audit.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    expected = audit_plan(read_plan(EXAMPLES / "bakkerij" / "plan.en.yaml"), today=TODAY.date()).to_dict("en")
    assert data == expected
    dutch = client.get(API, params={"lang": "nl"}).json()
    assert dutch["points"][0]["name"] == "Doelen en verwachtingen"


def test_dutch_page(site: Site, campaign: str) -> None:
    client, token = logged_in(site, "alice@example.nl")
    client.post("/language", data={"lang": "nl", "csrf_token": token, "next": PAGE})
    page = client.get(PAGE).text
    assert "Strategie-audit" in page and "Score per punt" in page and "Doelen en verwachtingen" in page


def test_download_is_the_self_contained_html_report(site: Site, campaign: str) -> None:
    client, _token = logged_in(site, "victor@example.nl")
    response = client.get(PAGE + "/report.html")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == f'attachment; filename="audit-{CAMPAIGN}-2027-01-20.html"'
    assert "<style>" in response.text and "<script" not in response.text


def test_a_viewer_may_read_it(site: Site, campaign: str) -> None:
    client, _token = logged_in(site, "victor@example.nl")
    assert client.get(PAGE).status_code == 200
    assert client.get(API).status_code == 200


def test_another_workspace_gets_404(site: Site, campaign: str) -> None:
    client, _token = logged_in(site, "bob@example.nl")
    for path in [PAGE, PAGE + "/report.html", API]:
        assert client.get(path).status_code == 404, path
    assert client.get(f"/w/{WS}/c/no-such-campaign/audit").status_code == 404


def test_stored_video_checks_feed_the_audit(site: Site, campaign: str, tmp_path: Path) -> None:
    """A stored check report replaces "not measured yet" for that video with what was measured."""
    client, _token = logged_in(site, "alice@example.nl")

    def cta_unmeasured() -> list[str]:
        data = client.get(API).json()
        return [
            v
            for p in data["points"]
            for f in p["findings"]
            if f["id"] == "cta.in_cut" and f["severity"] == "info"
            for v in f["evidence"].get("videos", [])
        ]

    assert "v1-bakker" in cta_unmeasured()
    folder = site.data_dir / "workspaces" / WS / "campaigns" / CAMPAIGN / "videos" / "v1-bakker"
    folder.mkdir(parents=True)
    report = {
        "file": "v1.mp4",
        "duration_s": 12.0,
        "cta": {"found": False, "first_s": None, "sources": [], "matches_plan": False, "measured": True},
        "hook": {"dynamic_start": False, "first_cut_s": 4.2},
        "brand": {
            "logo_first_s": 7.5,
            "name_first_s": 8.0,
            "colour_share": 0.01,
            "measured": {"logo": True, "name": True, "colour": True},
        },
        "speech": {"measured": False, "segments": [], "in_first_5s": False},
        "findings": [],
        "platforms": {},
    }
    (folder / "check.json").write_text(json.dumps(report), encoding="utf-8")
    assert "v1-bakker" not in cta_unmeasured()
    page = client.get(PAGE).text
    assert "Videos checked: 1 of 4." in page
    measured = [f for f in findings_on(page) if f[0] == "cta.in_cut" and f[1] != "info"]
    assert measured, "the missing CTA in v1-bakker's cut is now a real finding"


def test_the_workspaces_comments_feed_the_audit(site: Site, campaign: str, tmp_path: Path) -> None:
    from reelwise.analytics.store import EventStore, workspace_store_path
    from reelwise.services.comments import import_comments

    client, _token = logged_in(site, "alice@example.nl")
    before = client.get(API).json()
    (blind,) = [f for p in before["points"] for f in p["findings"] if f["id"] == "social.response_times"]
    assert blind["evidence"]["measured"] is False
    comments = tmp_path / "c.csv"
    comments.write_text(
        "date,author,comment,reply to,id\n"
        "2027-01-10 08:00,jan,Bezorgen jullie ook in Zeist?,,c1\n"
        "2027-01-11 08:00,@bakkerijvandijk,Ja!,c1,c2\n",
        encoding="utf-8",
    )
    with EventStore.open(workspace_store_path(site.data_dir, WS)) as store:
        import_comments(store, comments, "instagram_reels")
    after = client.get(API).json()
    (slow,) = [f for p in after["points"] for f in p["findings"] if f["id"] == "social.response_times"]
    assert slow["evidence"] == slow["evidence"] | {"measured": True, "median_hours": 24.0, "target_hours": 4}
    assert 'data-finding="social.response_times" data-severity="warning"' in client.get(PAGE).text
