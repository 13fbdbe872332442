"""The video pages and API: upload (checked by content, size-limited), background check with
progress, results (timeline, thumbnails, platform fit, findings), roles, CSRF and isolation."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.conftest import EXAMPLES
from tests.media.clips import Scene, Text, Tone, make_ad
from tests.web.conftest import Site, logged_in

from reelwise.services.plans import read_plan
from reelwise.web.jobs import JobState, runner_for, write_json

WS = "bakkerij"
CAMPAIGN = "sourdough-subscription-launch"
BASE = f"/w/{WS}/c/{CAMPAIGN}/videos"
API = f"/api/workspaces/{WS}/campaigns/{CAMPAIGN}/videos"


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3 s, 9:16, three shots, the brand name and a web address on screen."""
    folder = tmp_path_factory.mktemp("clips")
    ad = make_ad(
        folder / "ad.mp4",
        size=(320, 568),
        scenes=[Scene(1.0), Scene(1.0), Scene(1.0)],
        texts=[
            Text("Van Dijk Bakery", 0.2, 1.5, y="h*0.3"),
            Text("bakkerijvandijk.nl", 2.0, 3.0, y="h*0.7", size=0.045),
        ],
        audio=[Tone(level_dbfs=-16.0)],
    )
    return ad.path


@pytest.fixture
def campaign(site: Site) -> Iterator[str]:
    web = site.app.state.web  # type: ignore[attr-defined]
    plan = read_plan(EXAMPLES / "bakkerij" / "plan.en.yaml")
    result = web.store.save_campaign(WS, plan, expected_version=0, author="alice@example.nl")
    assert result.campaign.slug == CAMPAIGN
    yield CAMPAIGN
    runner_for(web).shutdown(wait=True)  # no check may outlive the test's data folder


def folder_of(site: Site, video: str) -> Path:
    return site.data_dir / "workspaces" / WS / "campaigns" / CAMPAIGN / "videos" / video


def wait_for_check(site: Site, video: str) -> Any:
    status = runner_for(site.app.state.web).wait(folder_of(site, video), timeout=180)  # type: ignore[attr-defined]
    assert status is not None
    return status


def upload(client: TestClient, video: str, name: str, data: bytes, token: str | None, htmx: bool = False) -> Any:
    headers = {"HX-Request": "true", "X-CSRF-Token": token or ""} if htmx else {}
    form = {} if htmx or token is None else {"csrf_token": token}
    return client.post(f"{BASE}/{video}/upload", files={"file": (name, data, "video/mp4")}, data=form, headers=headers)


def test_anonymous_requests_are_refused(site: Site, campaign: str) -> None:
    client = site.client()
    for path in [
        BASE,
        f"{BASE}/v1-bakker",
        f"{BASE}/v1-bakker/progress",
        f"{BASE}/v1-bakker/file",
        f"{BASE}/v1-bakker/thumbs/0.jpg",
    ]:
        response = client.get(path)
        assert response.status_code == 303 and response.headers["location"].startswith("/login"), path
    assert client.get(API).status_code == 401
    assert client.get(f"{API}/v1-bakker/check").status_code == 401
    refused = client.post(f"{API}/v1-bakker/file", files={"file": ("a.mp4", b"x", "video/mp4")})
    assert refused.status_code in (401, 403)  # no session: the CSRF check refuses it first


def test_the_list_shows_every_plan_video_with_its_status(site: Site, campaign: str) -> None:
    client, _token = logged_in(site, "alice@example.nl")
    page = client.get(BASE)
    assert page.status_code == 200
    rows = re.findall(r'data-video="([^"]+)"', page.text)
    assert rows == ["v1-bakker", "v2-zuurdesem", "v3-abonnement", "v4-klant"]
    assert "Instagram Reels" in page.text and "no file yet" in page.text
    detail = client.get(f"{BASE}/v1-bakker")
    assert detail.status_code == 200
    assert "Up at 4 a.m.: a night with baker Van Dijk" in detail.text
    assert 'name="file"' in detail.text and "at most 200 MB" in detail.text
    assert client.get(f"{BASE}/nope").status_code == 404
    assert client.get(f"{BASE}/v1-bakker/file").status_code == 404  # nothing uploaded yet
    assert client.get(f"{API}/v1-bakker/check").json()["state"] == "no_file"


def test_upload_check_and_results(site: Site, campaign: str, clip: Path) -> None:
    client, token = logged_in(site, "alice@example.nl")
    evil = "<img src=x onerror=alert(1)>.mp4"
    response = upload(client, "v1-bakker", evil, clip.read_bytes(), token)
    assert response.status_code == 303 and response.headers["location"] == f"{BASE}/v1-bakker"
    status = wait_for_check(site, "v1-bakker")
    assert status.state is JobState.DONE, status.error

    folder = folder_of(site, "v1-bakker")
    meta = json.loads((folder / "upload.json").read_text(encoding="utf-8"))
    assert meta["original_name"] == evil and re.fullmatch(r"[0-9a-f]{24}\.mp4", meta["stored_as"])
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".mp4") == [meta["stored_as"]]

    page = client.get(f"{BASE}/v1-bakker")
    assert 'data-state="done"' in page.text
    assert evil not in page.text and "&lt;img src=x onerror=alert(1)&gt;.mp4" in page.text
    # the timeline: a thumbnail per shot, the on-screen text and the CTA address marked
    assert len(re.findall(r'<image href="[^"]+/thumbs/\d\.jpg"', page.text)) == 3
    assert "Van Dijk Bakery" in page.text and "bakkerijvandijk.nl" in page.text
    assert re.search(r'data-lane="cta".*?class="vc-mark"', page.text, re.S)
    # platform fit for the planned platforms, and findings
    assert re.findall(r'data-platform="([^"]+)"', page.text) == ["instagram_reels", "tiktok", "youtube_shorts"]
    assert "Resolution 320x568 is below the minimum" in page.text
    assert 'class="vc-finding' in page.text
    assert "no speech recognition model is configured" in page.text

    thumb = client.get(f"{BASE}/v1-bakker/thumbs/0.jpg")
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"
    assert thumb.content[:2] == b"\xff\xd8"
    assert client.get(f"{BASE}/v1-bakker/thumbs/7.jpg").status_code == 404
    part = client.get(f"{BASE}/v1-bakker/file", headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and part.headers["content-type"] == "video/mp4"
    assert part.content == clip.read_bytes()[:100]

    api = client.get(f"{API}/v1-bakker/check").json()
    assert api["state"] == "done" and api["fraction"] == 1.0
    report = api["report"]
    assert report["file"] == evil and report["video_id"] == "v1-bakker"
    assert [s["start_s"] for s in report["scenes"]] == [0.0, 1.0, 2.0]
    assert report["speech"]["measured"] is False
    assert set(report["platforms"]) == {"instagram_reels", "tiktok", "youtube_shorts"}
    assert str(site.data_dir) not in json.dumps(api)  # no server paths

    listing = client.get(BASE)
    assert re.search(r'data-video="v1-bakker".*?vc-status done', listing.text, re.S)

    # the audit now judges v1-bakker's cut instead of saying "not measured yet"
    audit = client.get(f"/api/workspaces/{WS}/campaigns/{CAMPAIGN}/audit").json()
    not_measured = [
        f for p in audit["points"] for f in p["findings"] if f["id"] == "cta.in_cut" and f["severity"] == "info"
    ]
    assert all("v1-bakker" not in f["evidence"].get("videos", []) for f in not_measured)
    assert "Videos checked: 1 of 4." in client.get(f"/w/{WS}/c/{CAMPAIGN}/audit").text


def test_progress_while_running_survives_a_reload(site: Site, campaign: str, clip: Path) -> None:
    """A job's progress is on the page (and in the fragment htmx polls) for whoever looks."""
    client, _token = logged_in(site, "victor@example.nl")
    web = site.app.state.web  # type: ignore[attr-defined]
    folder = folder_of(site, "v2-zuurdesem")
    release = threading.Event()

    def work(progress: Any) -> None:
        progress(0.4, "Watching and listening to the video")
        release.wait(30)

    runner_for(web).submit(folder, work)
    try:
        for _ in range(2):  # the page, then a reload
            page = client.get(f"{BASE}/v2-zuurdesem")
            assert 'id="check"' in page.text and 'hx-trigger="every 1s"' in page.text
        fragment = client.get(f"{BASE}/v2-zuurdesem/progress", headers={"HX-Request": "true"})
        assert 'value="40"' in fragment.text and "Watching and listening to the video" in fragment.text
        compact = client.get(f"{BASE}/v2-zuurdesem/progress?compact=1")
        assert "40 %" in compact.text
        api = client.get(f"{API}/v2-zuurdesem/check").json()
        assert api["state"] == "running" and api["fraction"] == 0.4
    finally:
        release.set()
    runner_for(web).wait(folder, 30)


def test_a_failed_check_shows_its_error_and_an_interrupted_one_says_so(site: Site, campaign: str) -> None:
    client, _token = logged_in(site, "alice@example.nl")
    folder = folder_of(site, "v3-abonnement")
    write_json(
        folder / "job.json",
        {"id": "x", "state": "failed", "error": {"en": "The video <b>broke</b> at 2 s", "nl": "De video brak"}},
    )
    page = client.get(f"{BASE}/v3-abonnement")
    assert 'data-state="failed"' in page.text and "The video &lt;b&gt;broke&lt;/b&gt; at 2 s" in page.text
    write_json(folder / "job.json", {"id": "x", "state": "running", "fraction": 0.3, "step": "Preparing the check"})
    page = client.get(f"{BASE}/v3-abonnement")
    assert "The check was interrupted because the server stopped" in page.text


def test_a_non_video_is_refused_with_a_clear_message(site: Site, campaign: str, clip: Path) -> None:
    client, token = logged_in(site, "alice@example.nl")
    response = upload(
        client, "v1-bakker", "ad.mp4", b"Dear customer,\nthis is plain text pretending to be a video.\n" * 50, token
    )
    assert response.status_code == 415
    assert "This file is not a video" in response.text and 'id="upload-error"' in response.text
    # right magic bytes, but cut short: the real decoder refuses it
    truncated = clip.read_bytes()[:600]
    response = upload(client, "v1-bakker", "cut.mp4", truncated, token, htmx=True)
    assert response.status_code == 415
    assert "cut.mp4 cannot be played as a video" in response.text
    assert str(site.data_dir) not in response.text
    api = client.post(
        f"{API}/v1-bakker/file",
        files={"file": ("x.mp4", b"%PDF-1.4 not a video at all", "video/mp4")},
        headers={"X-CSRF-Token": token},
    )
    assert api.status_code == 415 and "not a video" in api.json()["detail"]
    empty = upload(client, "v1-bakker", "empty.mp4", b"", token)
    assert empty.status_code == 400 and "empty" in empty.text
    folder = folder_of(site, "v1-bakker")
    assert not folder.exists() or not [p for p in folder.iterdir() if p.is_file()]  # nothing kept


@pytest.mark.parametrize(("htmx", "under_by"), [(False, 50_000), (True, 50_000), (True, 1_000), (False, 1_000)])
def test_an_upload_past_the_limit_gets_413(site: Site, campaign: str, clip: Path, htmx: bool, under_by: int) -> None:
    """Far past the limit: refused from the request's length; just past it: refused while streaming."""
    web = site.app.state.web  # type: ignore[attr-defined]
    web.max_upload_bytes = len(clip.read_bytes()) - under_by
    client, token = logged_in(site, "alice@example.nl")
    response = upload(client, "v1-bakker", "big.mp4", clip.read_bytes(), token, htmx=htmx)
    assert response.status_code == 413
    assert "larger than the upload limit" in response.text
    api = client.post(
        f"{API}/v1-bakker/file",
        files={"file": ("big.mp4", clip.read_bytes(), "video/mp4")},
        headers={"X-CSRF-Token": token},
    )
    assert api.status_code == 413
    folder = folder_of(site, "v1-bakker")
    assert not folder.exists() or not [p for p in folder.iterdir() if p.is_file()]


def test_a_viewer_can_look_but_not_upload_or_start_a_check(site: Site, campaign: str, clip: Path) -> None:
    client, token = logged_in(site, "victor@example.nl")
    assert client.get(BASE).status_code == 200
    page = client.get(f"{BASE}/v1-bakker")
    assert page.status_code == 200 and 'name="file"' not in page.text
    assert upload(client, "v1-bakker", "ad.mp4", clip.read_bytes(), token).status_code == 403
    assert client.post(f"{BASE}/v1-bakker/check", data={"csrf_token": token}).status_code == 403
    api = client.post(
        f"{API}/v1-bakker/file",
        files={"file": ("ad.mp4", clip.read_bytes(), "video/mp4")},
        headers={"X-CSRF-Token": token},
    )
    assert api.status_code == 403
    assert client.post(f"{API}/v1-bakker/check", headers={"X-CSRF-Token": token}).status_code == 403
    assert not folder_of(site, "v1-bakker").exists()


def test_forms_without_csrf_token_are_refused(site: Site, campaign: str, clip: Path) -> None:
    client, _token = logged_in(site, "alice@example.nl")
    assert upload(client, "v1-bakker", "ad.mp4", clip.read_bytes(), None).status_code == 403
    assert client.post(f"{BASE}/v1-bakker/check").status_code == 403
    assert (
        client.post(f"{API}/v1-bakker/file", files={"file": ("ad.mp4", clip.read_bytes(), "video/mp4")}).status_code
        == 403
    )
    assert not folder_of(site, "v1-bakker").exists()


def test_another_workspace_gets_404_everywhere(site: Site, campaign: str, clip: Path) -> None:
    owner, token = logged_in(site, "alice@example.nl")
    assert upload(owner, "v4-klant", "ad.mp4", clip.read_bytes(), token).status_code == 303
    wait_for_check(site, "v4-klant")
    assert owner.get(f"{BASE}/v4-klant/thumbs/0.jpg").status_code == 200
    client, token = logged_in(site, "bob@example.nl")
    for path in [
        BASE,
        f"{BASE}/v4-klant",
        f"{BASE}/v4-klant/progress",
        f"{BASE}/v4-klant/file",
        f"{BASE}/v4-klant/thumbs/0.jpg",
        API,
        f"{API}/v4-klant/check",
    ]:
        assert client.get(path).status_code == 404, path
    assert upload(client, "v4-klant", "ad.mp4", clip.read_bytes(), token).status_code == 404
    assert client.post(f"{BASE}/v4-klant/check", data={"csrf_token": token}).status_code == 404
    api = client.post(
        f"{API}/v4-klant/file",
        files={"file": ("ad.mp4", clip.read_bytes(), "video/mp4")},
        headers={"X-CSRF-Token": token},
    )
    assert api.status_code == 404


def test_the_api_uploads_with_a_token_and_reports_the_check(site: Site, campaign: str, clip: Path) -> None:
    client, token = logged_in(site, "alice@example.nl")
    api_token = client.post("/api/tokens", json={"name": "ci"}, headers={"X-CSRF-Token": token}).json()["token"]
    bare = site.client()
    auth = {"Authorization": f"Bearer {api_token}"}
    response = bare.post(
        f"{API}/v2-zuurdesem/file", files={"file": ("cut.mp4", clip.read_bytes(), "video/mp4")}, headers=auth
    )
    assert response.status_code == 202, response.text
    assert response.json()["state"] in ("queued", "running", "done")
    assert response.json()["file"]["original_name"] == "cut.mp4"
    wait_for_check(site, "v2-zuurdesem")
    result = bare.get(f"{API}/v2-zuurdesem/check", headers=auth).json()
    assert result["state"] == "done" and result["report"]["duration_s"] == pytest.approx(3.0, abs=0.1)
    listing = bare.get(API, headers=auth).json()
    assert [v["state"] for v in listing] == ["no_file", "done", "no_file", "no_file"]
    assert "report" not in listing[1]
    spec = bare.get("/api/openapi.json").json()["paths"]
    assert f"{API}/{{video_id}}/file".replace(WS, "{workspace}").replace(CAMPAIGN, "{campaign}") in spec
