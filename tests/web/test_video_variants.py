"""The platform variants card of a video page: render a plan variant from the upload in the
background, follow it, download the MP4 (really the platform's shape), roles and CSRF."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.media.clips import Scene, Text, Tone, make_ad
from tests.web.conftest import Site, logged_in
from tests.web.test_videos import BASE, WS, campaign, folder_of, upload, wait_for_check  # noqa: F401

from reelwise.adapters.video import probe_file
from reelwise.web.jobs import JobState, runner_for

VIDEO = "v2-zuurdesem"  # its "feed" variant (4:5, at most 12 s) is posted on Facebook (post p5)


@pytest.fixture(scope="module")
def wide_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """16:9, 3 s, two shots, a web address on screen, a tone."""
    ad = make_ad(
        tmp_path_factory.mktemp("variants") / "wide.mp4",
        size=(640, 360),
        scenes=[Scene(1.5), Scene(1.5)],
        texts=[Text("bakkerijvandijk.nl", 0.5, 2.5, size=0.06)],
        audio=[Tone(level_dbfs=-30.0)],
    )
    return ad.path


def test_a_variant_is_rendered_in_the_background_and_downloaded(
    site: Site,
    campaign: str,  # noqa: F811
    wide_clip: Path,
    tmp_path: Path,
) -> None:
    client, token = logged_in(site, "alice@example.nl")
    assert upload(client, VIDEO, "wide.mp4", wide_clip.read_bytes(), token).status_code == 303
    wait_for_check(site, VIDEO)
    page = client.get(f"{BASE}/{VIDEO}")
    card = page.text.split('id="variants"')[1].split("</section>")[0]
    assert '<tr data-variant="feed">' in card and "Facebook" in card and "not rendered yet" in card
    assert f'action="{BASE}/{VIDEO}/variants/feed/render"' in card
    started = client.post(f"{BASE}/{VIDEO}/variants/feed/render", data={"csrf_token": token})
    assert started.status_code == 303 and started.headers["location"].endswith("#variants")
    target = folder_of(site, VIDEO) / "variants" / "feed"
    status = runner_for(site.app.state.web).wait(target, timeout=300)  # type: ignore[attr-defined]
    assert status is not None and status.state is JobState.DONE, status and status.error
    done = client.get(f"{BASE}/{VIDEO}/variants").text
    assert "fits the platform" in done and "1080×1350" in done and 'hx-trigger="every 2s"' not in done
    download = client.get(f"{BASE}/{VIDEO}/variants/feed/file")
    assert download.status_code == 200 and download.headers["content-type"] == "video/mp4"
    assert 'filename="v2-zuurdesem.feed.facebook.mp4"' in download.headers["content-disposition"]
    saved = tmp_path / "feed.mp4"
    saved.write_bytes(download.content)
    probe = probe_file(saved)
    assert (probe.width, probe.height) == (1080, 1350)  # 4:5, cut from a 16:9 upload
    assert probe.duration_s == pytest.approx(3.0 + 3.0, abs=0.2)  # the video, then the end card with the CTA
    api = f"/api/workspaces/{WS}/campaigns/{campaign}/videos/{VIDEO}/variants"
    listed = {v["variant_id"]: v for v in client.get(api).json()}
    feed = listed["feed"]
    assert feed["state"] == "done" and feed["platform"] == "facebook" and feed["result"]["fit"]["fits"] is True
    assert feed["file"] == f"{BASE}/{VIDEO}/variants/feed/file" and listed["reel"]["state"] == "not_rendered"
    again = client.post(f"{api}/reel/render", headers={"X-CSRF-Token": token})
    assert again.status_code == 202 and again.json()["state"] in ("queued", "running", "done")
    runner_for(site.app.state.web).wait(folder_of(site, VIDEO) / "variants" / "reel", timeout=300)  # type: ignore[attr-defined]


def test_rendering_needs_an_editor_an_upload_and_a_csrf_token(
    site: Site,
    campaign: str,  # noqa: F811
) -> None:
    viewer, viewer_token = logged_in(site, "victor@example.nl")
    assert viewer.post(f"{BASE}/{VIDEO}/variants/feed/render", data={"csrf_token": viewer_token}).status_code == 403
    client, token = logged_in(site, "alice@example.nl")
    assert client.post(f"{BASE}/{VIDEO}/variants/feed/render").status_code == 403  # no CSRF token
    nothing = client.post(f"{BASE}/{VIDEO}/variants/feed/render", data={"csrf_token": token})
    assert nothing.status_code == 400 and "There is no uploaded file" in nothing.text
    assert client.post(f"{BASE}/{VIDEO}/variants/nope/render", data={"csrf_token": token}).status_code == 404
    assert client.get(f"{BASE}/{VIDEO}/variants/feed/file").status_code == 404
    assert site.client().get(f"{BASE}/{VIDEO}/variants/feed/file").status_code in (303, 401)
    assert WS in BASE
