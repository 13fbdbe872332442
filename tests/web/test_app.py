"""The web app over real HTTP in-process: login, roles, CSRF, isolation, escaping, the API."""

from __future__ import annotations

import yaml
from tests.domain.plans import plan_data
from tests.web.conftest import PASSWORD, Site, csrf_of, logged_in

from reelwise.domain.plan import Plan
from reelwise.domain.planfile import load_plan


def plan_yaml(**changes: object) -> bytes:
    data = plan_data()
    data.update(changes)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode("utf-8")


def upload(client: object, token: str, workspace: str, body: bytes, version: int = 0) -> object:
    return client.post(  # type: ignore[attr-defined]
        f"/w/{workspace}/campaigns",
        data={"csrf_token": token, "expected_version": str(version)},
        files={"plan_file": ("plan.yaml", body, "application/yaml")},
    )


def test_anonymous_requests_are_refused(site: Site) -> None:
    client = site.client()
    for path in ["/", "/w/bakkerij", "/w/bakkerij/c/lente", "/w/bakkerij/c/lente/plan.yaml"]:
        response = client.get(path)
        assert response.status_code == 303 and response.headers["location"].startswith("/login"), path
    assert client.get("/api/workspaces").status_code == 401
    assert client.get("/login").status_code == 200


def test_login_with_a_wrong_password_fails(site: Site) -> None:
    client = site.client()
    token = csrf_of(client)
    response = client.post("/login", data={"email": "alice@example.nl", "password": "nope", "csrf_token": token})
    assert response.status_code == 401
    assert "Wrong e-mail address or password" in response.text
    assert client.get("/").status_code == 303


def test_login_form_without_csrf_token_is_refused(site: Site) -> None:
    client = site.client()
    client.get("/login")
    response = client.post("/login", data={"email": "alice@example.nl", "password": PASSWORD})
    assert response.status_code == 403


def test_owner_sees_their_workspace_and_uploads_a_plan(site: Site) -> None:
    client, token = logged_in(site, "alice@example.nl")
    home = client.get("/")
    assert "Bakkerij" in home.text and "Concurrent" not in home.text
    response = upload(client, token, "bakkerij", plan_yaml())
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert page.status_code == 200 and "Lente" in page.text
    download = client.get("/w/bakkerij/c/lente/plan.yaml")
    assert load_plan(download.text) == Plan.model_validate(plan_data())


def test_a_form_without_csrf_token_is_refused(site: Site) -> None:
    client, _token = logged_in(site, "alice@example.nl")
    response = client.post("/workspaces", data={"name": "Nieuw"})
    assert response.status_code == 403
    response = client.post("/workspaces", data={"name": "Nieuw", "csrf_token": "forged"})
    assert response.status_code == 403


def test_a_viewer_cannot_edit(site: Site) -> None:
    owner, owner_token = logged_in(site, "alice@example.nl")
    upload(owner, owner_token, "bakkerij", plan_yaml())
    viewer, token = logged_in(site, "victor@example.nl")
    assert viewer.get("/w/bakkerij/c/lente").status_code == 200
    assert "Upload" not in viewer.get("/w/bakkerij").text
    assert upload(viewer, token, "bakkerij", plan_yaml()).status_code == 403


def test_other_workspaces_are_not_found(site: Site) -> None:
    bob, bob_token = logged_in(site, "bob@example.nl")
    upload(bob, bob_token, "concurrent", plan_yaml())
    alice, token = logged_in(site, "alice@example.nl")
    assert alice.get("/w/concurrent").status_code == 404
    assert alice.get("/w/concurrent/c/lente").status_code == 404
    assert alice.get("/w/concurrent/c/lente/plan.yaml").status_code == 404
    assert alice.get("/w/nonexistent").status_code == 404
    assert upload(alice, token, "concurrent", plan_yaml()).status_code == 404


def test_a_script_in_a_campaign_name_is_escaped(site: Site) -> None:
    client, token = logged_in(site, "alice@example.nl")
    data = plan_data()
    data["campaign"]["name"] = "<script>alert('x')</script>"
    response = upload(client, token, "bakkerij", yaml.safe_dump(data).encode())
    page = client.get(response.headers["location"])
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert" in page.text


def test_an_invalid_plan_shows_located_problems(site: Site) -> None:
    client, token = logged_in(site, "alice@example.nl")
    data = plan_data()
    data["videos"][0]["cta"]["url"] = "nope"
    response = upload(client, token, "bakkerij", yaml.safe_dump(data).encode())
    assert response.status_code == 400
    assert "videos[0].cta.url: not a URL" in response.text


def test_uploads_are_size_limited(site: Site) -> None:
    client, token = logged_in(site, "alice@example.nl")
    response = upload(client, token, "bakkerij", b"# " + b"x" * (1024 * 1024 + 10))
    assert response.status_code == 413


def test_security_headers_on_every_page(site: Site) -> None:
    response = site.client().get("/login")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_language_switch_is_remembered_per_user(site: Site) -> None:
    client, token = logged_in(site, "alice@example.nl")
    assert "Workspaces" in client.get("/").text
    client.post("/language", data={"lang": "nl", "csrf_token": token, "next": "/"})
    assert "Werkruimtes" in client.get("/").text
    again, _ = logged_in(site, "alice@example.nl")
    assert "Werkruimtes" in again.get("/").text


def test_api_with_tokens_and_conflicts(site: Site) -> None:
    client, token = logged_in(site, "alice@example.nl")
    created = client.post("/api/tokens", json={"name": "script"}, headers={"X-CSRF-Token": token})
    assert created.status_code == 201
    api = site.client()
    auth = {"Authorization": f"Bearer {created.json()['token']}"}
    assert [w["slug"] for w in api.get("/api/workspaces", headers=auth).json()] == ["bakkerij"]
    made = api.post("/api/workspaces/bakkerij/campaigns", json={"plan": plan_data()}, headers=auth)
    assert made.status_code == 201 and made.json()["version"] == 1
    plan = made.json()["plan"]
    plan["campaign"]["budget_eur"] = 5000
    ok = api.put("/api/workspaces/bakkerij/campaigns/lente", json={"plan": plan, "expected_version": 1}, headers=auth)
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = api.put(
        "/api/workspaces/bakkerij/campaigns/lente", json={"plan": plan, "expected_version": 1}, headers=auth
    )
    assert stale.status_code == 409
    bad = api.post("/api/workspaces/bakkerij/campaigns", json={"yaml": "brand: [\n"}, headers=auth)
    assert bad.status_code == 400 and bad.json()["problems"][0]["line"] == 2
    assert api.get("/api/workspaces/concurrent/campaigns", headers=auth).status_code == 404
    assert api.get("/api/workspaces", headers={"Authorization": "Bearer rw_wrong"}).status_code == 401


def test_the_api_is_described_by_openapi(site: Site) -> None:
    spec = site.client().get("/api/openapi.json").json()
    assert "/api/workspaces/{workspace}/campaigns/{campaign}" in spec["paths"]


def test_static_files_come_from_the_package(site: Site) -> None:
    client = site.client()
    for name in ["htmx.min.js", "vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "app.css", "app.js"]:
        assert client.get(f"/static/{name}").status_code == 200, name


def test_an_oversized_request_is_refused_before_it_is_read(site: Site) -> None:
    client, token = logged_in(site, "alice@example.nl")
    site.app.state.web.max_upload_bytes = 1000  # type: ignore[attr-defined]
    body = b"x" * (1024 * 1024 + 2000)
    response = client.post(
        "/w/bakkerij/campaigns",
        data={"csrf_token": token, "expected_version": "0"},
        files={"plan_file": ("big.yaml", body, "application/yaml")},
    )
    assert response.status_code == 413


def test_the_upload_limit_comes_from_the_environment(tmp_path: object) -> None:
    import pytest

    from reelwise.config import resolve_settings
    from reelwise.errors import ConfigError

    assert resolve_settings({"REELWISE_MAX_UPLOAD_MB": "50", "REELWISE_DATA": str(tmp_path)}).max_upload_mb == 50
    with pytest.raises(ConfigError):
        resolve_settings({"REELWISE_MAX_UPLOAD_MB": "lots", "REELWISE_DATA": str(tmp_path)})
