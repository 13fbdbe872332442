"""The plan editor in a real browser: a message at the field, a fix saved as a new version, and a
second person editing from the stale version told about the conflict. Plus a look at the board,
the calendar and the channels page of the example campaign (screenshots)."""

from __future__ import annotations

from typing import Any

from tests.conftest import EXAMPLES
from tests.domain.plans import plan_data
from tests.web.browser.conftest import LiveServer, log_in, shot

from reelwise.domain.plan import Plan
from reelwise.services.plans import read_plan

WORKSPACE = "bakkerij-van-dijk"


def test_edit_a_cta_url_with_a_message_at_the_field_and_a_conflict(
    page: Any, browser: Any, live_server: LiveServer
) -> None:
    data = plan_data()
    data["campaign"]["name"] = "Editor lente"
    live_server.app.state.web.store.save_campaign(WORKSPACE, Plan.model_validate(data), expected_version=0)
    url = f"/w/{WORKSPACE}/c/editor-lente/edit/videos"

    # a colleague opens the same section now, at version 1
    other = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900})
    colleague = other.new_page()
    errors: list[str] = []
    colleague.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(colleague)
    colleague.goto(url)

    log_in(page)
    page.goto(url)
    shot(page, "editor-videos")
    field = page.locator("#f-videos-0-cta-url")
    field.fill("kb.example/lente")
    page.click("text=Bewaren als nieuwe versie")
    page.wait_for_load_state()
    message = page.locator("#f-videos-0-cta-url-err1")
    assert message.is_visible()
    assert "URL" in message.inner_text()
    assert page.locator("#f-videos-0-cta-url").input_value() == "kb.example/lente", "the input is kept"
    assert page.locator("#f-videos-0-cta-url").get_attribute("aria-invalid") == "true"
    shot(page, "editor-field-error")

    page.locator("#f-videos-0-cta-url").fill("https://kb.example/lente?utm_source=video&utm_campaign=lente")
    page.click("text=Bewaren als nieuwe versie")
    page.wait_for_url("**/edit/videos?saved=2")
    assert "versie 2" in page.locator(".notice.ok").inner_text()
    stored = live_server.app.state.web.store.get_campaign(WORKSPACE, "editor-lente")
    assert stored.plan.videos[0].cta.url == "https://kb.example/lente?utm_source=video&utm_campaign=lente"
    shot(page, "editor-saved")

    colleague.locator("#f-videos-0-title").fill("Titel van de collega")
    colleague.click("text=Bewaren als nieuwe versie")
    colleague.wait_for_load_state()
    conflict = colleague.locator(".conflict")
    assert conflict.is_visible()
    assert "versie 2" in conflict.inner_text()
    assert colleague.locator("#f-videos-0-title").input_value() == "Titel van de collega"
    shot(colleague, "editor-conflict")
    colleague.click("text=Nieuwste versie laden")
    assert colleague.locator("#f-videos-0-title").input_value() == "Onze barista"
    other.close()
    assert not errors
    assert live_server.app.state.web.store.get_campaign(WORKSPACE, "editor-lente").version == 2


def test_board_calendar_and_channels_of_the_example(page: Any, live_server: LiveServer) -> None:
    plan = read_plan(EXAMPLES / "bakkerij" / "plan.nl.yaml")
    live_server.app.state.web.store.save_campaign(WORKSPACE, plan, name="Voorbeeld planpagina", expected_version=0)
    base = f"/w/{WORKSPACE}/c/voorbeeld-planpagina"
    log_in(page)
    page.goto(f"{base}/board")
    assert page.locator(".jcol").count() == len(plan.campaign.stages)
    shot(page, "board")
    page.goto(f"{base}/calendar?view=month&date=2027-02-01")
    assert page.locator("table.calendar li.ev-post").count() > 0
    shot(page, "calendar-month")
    page.click("text=Week")
    page.wait_for_load_state()
    shot(page, "calendar-week")
    page.goto(f"{base}/channels")
    assert page.locator("table.channels tbody tr").count() >= len(plan.channels)
    shot(page, "channels")
    page.goto(f"{base}/edit/videos")
    shot(page, "editor-example-videos")
