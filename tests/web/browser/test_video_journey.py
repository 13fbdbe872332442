"""A marketer uploads a short generated video, watches the check's live progress, reads its
results, then uses the audit page: scores per point and findings filtered by severity."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.conftest import EXAMPLES
from tests.media.clips import Logo, Scene, Text, Tone, make_ad, make_logo
from tests.web.browser.conftest import LiveServer, log_in, shot, wait_until

from reelwise.domain.planfile import load_plan
from reelwise.errors import NotFoundError
from reelwise.web.jobs import runner_for

WORKSPACE = "bakkerij-van-dijk"
CAMPAIGN_NAME = "Videocheck najaar"


@pytest.fixture(scope="module")
def campaign(live_server: LiveServer) -> str:
    """The Dutch example plan under its own name, with the brand logo in the campaign's folder."""
    data = yaml.safe_load((EXAMPLES / "bakkerij" / "plan.nl.yaml").read_text(encoding="utf-8"))
    data["campaign"]["name"] = CAMPAIGN_NAME
    plan = load_plan(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "plan.nl.yaml")
    store = live_server.app.state.web.store
    try:
        slug = str(store.get_campaign(WORKSPACE, "videocheck-najaar").info.slug)
    except NotFoundError:
        slug = str(store.save_campaign(WORKSPACE, plan, expected_version=0, author="test").campaign.slug)
    media = live_server.data_dir / "workspaces" / WORKSPACE / "campaigns" / slug / "media"
    media.mkdir(parents=True, exist_ok=True)
    make_logo(media / "logo.png")
    return slug


def check_folder(live_server: LiveServer, campaign: str) -> Path:
    return live_server.data_dir / "workspaces" / WORKSPACE / "campaigns" / campaign / "videos" / "v1-bakker"


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """4 s, 9:16: four shots, the brand name early, the planned CTA and its address at the end, the logo from 0.5 s."""
    folder = tmp_path_factory.mktemp("clip")
    ad = make_ad(
        folder / "nachtbakker.mp4",
        size=(320, 568),
        scenes=[Scene(1.0), Scene(1.0), Scene(1.0), Scene(1.0)],
        texts=[
            Text("Bakkerij Van Dijk", 0.2, 1.8, y="h*0.62"),
            Text("Volg ons", 2.5, 4.0, y="h*0.5"),
            Text("bakkerijvandijk.nl", 2.5, 4.0, y="h*0.72", size=0.045),
        ],
        logo=Logo(start_s=0.5, width=0.4),
        audio=[Tone(level_dbfs=-18.0)],
    )
    return ad.path


def test_upload_a_video_follow_the_check_and_read_its_results(
    page: Any, campaign: str, clip: Path, live_server: LiveServer
) -> None:
    log_in(page)
    page.goto(f"/w/{WORKSPACE}/c/{campaign}")
    page.click("nav.tabs >> text=Video's")
    page.wait_for_url(f"**/c/{campaign}/videos")
    assert page.locator("table.vc-list tbody tr").count() == 4
    shot(page, "videos-list")

    page.click("tr[data-video=v1-bakker] a")
    page.wait_for_url("**/videos/v1-bakker")
    page.set_input_files("form.vc-upload input[type=file]", str(clip))
    page.click("form.vc-upload button[type=submit]")

    # the live progress: a bar that htmx refreshes every second, then the results replace it
    page.wait_for_selector("#check[data-state=queued], #check[data-state=running]", timeout=30_000)
    shot(page, "video-check-progress")
    try:
        page.wait_for_selector("#check[data-state=done]", timeout=180_000)
    except Exception:
        status = runner_for(live_server.app.state.web).status(check_folder(live_server, campaign))
        raise AssertionError(f"the check did not finish: {status}") from None
    wait_until(page, "document.querySelector('video[data-player]').readyState >= 1", timeout_s=10)
    shot(page, "video-check-results")

    # timeline: one thumbnail per shot, and the text, logo and CTA moments marked
    assert page.locator("svg.vc-strip image").count() == 4
    assert page.locator("svg[data-lane=text] rect.vc-mark").count() >= 2
    assert page.locator("svg[data-lane=logo] rect.vc-mark").count() >= 1
    assert page.locator("svg[data-lane=cta] rect.vc-mark").count() >= 1
    moments = page.locator(".vc-moments").inner_text()
    assert "Bakkerij Van Dijk" in moments
    assert "bakkerijvandijk.nl" in moments
    # platform fit for each planned platform, and findings
    fits = page.locator("li.vc-fit").evaluate_all("els => els.map(e => e.dataset.platform)")
    assert set(fits) == {"instagram_reels", "tiktok", "youtube_shorts"}
    assert page.locator("li.vc-fit[data-platform=tiktok] .badge").inner_text() == "past niet"  # 320×568 is too small
    assert page.locator("li.vc-finding").count() >= 1

    # clicking a moment seeks the player
    page.locator("button[data-seek]").last.click()
    assert page.evaluate("document.querySelector('video[data-player]').currentTime") > 1.0

    page.click("nav.tabs >> text=Video's")
    page.wait_for_selector("tr[data-video=v1-bakker] .vc-status.done")
    shot(page, "videos-list-checked")


def test_render_a_platform_variant_and_follow_it_until_it_can_be_downloaded(
    page: Any, campaign: str, live_server: LiveServer
) -> None:
    """After the upload above: the reel variant (9:16, for Instagram Reels) is rendered from it."""
    log_in(page)
    page.goto(f"/w/{WORKSPACE}/c/{campaign}/videos/v1-bakker")
    row = "#variants tr[data-variant=reel]"
    assert "Instagram Reels" in page.locator(row).inner_text()
    page.click(f"{row} button[type=submit]")
    page.wait_for_url("**/videos/v1-bakker#variants")
    try:  # htmx refreshes the card every two seconds while the variant is being made
        page.wait_for_selector(f"{row} a[download]", timeout=240_000)
    except Exception:
        folder = check_folder(live_server, campaign) / "variants" / "reel"
        raise AssertionError(
            f"the render did not finish: {runner_for(live_server.app.state.web).status(folder)}"
        ) from None
    text = page.locator(row).inner_text()
    assert "1080×1920" in text and "past bij het platform" in text
    shot(page, "video-variant-rendered")
    href = page.locator(f"{row} a[download]").get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "video/mp4" and len(response.body()) > 10_000


def test_the_audit_shows_scores_per_point_and_filters_findings(page: Any, campaign: str) -> None:
    log_in(page)
    page.goto(f"/w/{WORKSPACE}/c/{campaign}/audit")
    assert page.locator("table.au-points tbody tr").count() == 10
    assert page.locator(".au-overall .au-big").inner_text().isdigit()
    shot(page, "audit")
    total = page.locator("article.au-finding").count()
    assert total > 0

    page.select_option("select[name=severity]", "warning")
    page.wait_for_url("**severity=warning**")
    wait_until(page, "[...document.querySelectorAll('article.au-finding')].every(a => a.dataset.severity == 'warning')")
    shown = page.locator("article.au-finding").count()
    assert 0 < shown < total
    shot(page, "audit-warnings")

    page.select_option("select[name=point]", "2")
    page.wait_for_url("**point=2**")
    sections = page.locator("#findings section.au-point").evaluate_all("els => els.map(e => e.id)")
    assert sections == ["point-2"]
