"""The main journeys of a marketer, in a real browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from tests.conftest import EXAMPLES
from tests.domain.plans import plan_data
from tests.web.browser.conftest import LiveServer, log_in, shot


def test_log_in_and_create_a_campaign_from_the_example_yaml(page: Any, example_media: Path) -> None:
    page.goto("/")
    assert "/login" in page.url
    shot(page, "login")
    log_in(page)
    assert page.locator("h1").inner_text() == "Werkruimtes"
    shot(page, "workspaces")
    page.click("text=Bakkerij Van Dijk")
    page.set_input_files("input[name=plan_file]", str(EXAMPLES / "bakkerij" / "plan.nl.yaml"))
    page.click("text=Plan uploaden")
    page.wait_for_url("**/c/zuurdesem-abonnement-lancering")
    assert page.locator("h1").inner_text() == "Zuurdesem-abonnement lancering"
    shot(page, "campaign")


def test_switch_to_english_and_back(page: Any) -> None:
    log_in(page)
    page.click("button[data-lang=en]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Workspaces"
    assert page.locator("html").get_attribute("lang") == "en"
    shot(page, "workspaces-en")
    page.click("button[data-lang=nl]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Werkruimtes"


def test_a_script_in_a_campaign_name_does_not_run(page: Any, live_server: LiveServer, tmp_path: Path) -> None:
    data = plan_data()
    data["campaign"]["name"] = "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>"
    plan = tmp_path / "evil.yaml"
    plan.write_text(yaml.safe_dump(data), encoding="utf-8")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    log_in(page)
    page.click("text=Bakkerij Van Dijk")
    page.set_input_files("input[name=plan_file]", str(plan))
    page.click("text=Plan uploaden")
    page.wait_for_load_state()
    page.goto(page.url)
    assert page.title() != "pwned"
    assert not dialogs
    assert "<script>" in page.locator("h1").inner_text()
    shot(page, "xss-escaped")
