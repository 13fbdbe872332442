"""A marketer's analytics journey in a real browser: import an export, see the charts, get the PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import EXAMPLES
from tests.services.pdftext import pdf_text
from tests.web.browser.conftest import LiveServer, log_in, shot, wait_until

from reelwise.analytics.collect.writer import DuckDBSink
from reelwise.analytics.store import EventStore, workspace_store_path
from reelwise.services.answers import import_answers
from reelwise.services.seed import answer_rows, demo_plan, simulate_conversions, simulate_sessions

WORKSPACE = "bakkerij-van-dijk"
NAME = "Dashboard demo"


@pytest.fixture(scope="module")
def campaign(live_server: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The example campaign running now, with player events, sales and answers (no platform data yet)."""
    web = live_server.app.state.web
    today = web.today()
    plan = demo_plan(EXAMPLES / "bakkerij" / "plan.nl.yaml", today)
    slug = str(web.store.save_campaign(WORKSPACE, plan, name=NAME, expected_version=0).campaign.slug)
    sink = DuckDBSink(workspace_store_path(live_server.data_dir, WORKSPACE), lock_timeout_s=10)
    sink.store(simulate_sessions(plan, today, site_key="pk_browser_test"), simulate_conversions(plan, today))
    answers = tmp_path_factory.mktemp("answers") / "answers.csv"
    answers.write_text("id,date,answer\n" + "\n".join(",".join(r) for r in answer_rows(plan, today)), encoding="utf-8")
    with EventStore.for_workspace(live_server.data_dir, WORKSPACE) as store:
        import_answers(store, answers)
    return slug


def wait_for_charts(page: Any, expected: int) -> None:
    wait_until(
        page,
        f"document.querySelectorAll('[data-chart-ready]').length + "
        f"document.querySelectorAll('[data-chart-error]').length >= {expected}",
    )
    errors = page.locator("[data-chart-error]")
    assert errors.count() == 0, errors.first.inner_text()


def test_import_a_real_export_and_see_the_dashboard_charts(page: Any, campaign: str, shared_data: Path) -> None:
    log_in(page)
    page.goto(f"/w/{WORKSPACE}/c/{campaign}/analytics")
    assert page.locator("h1").inner_text() == NAME
    # before the import only our own player is on the platform comparison
    assert page.locator("#platforms table tbody tr").count() == 1
    wait_for_charts(page, page.locator("[data-vega-spec]").count())
    shot(page, "analytics-before-import")

    exports = shared_data / "exports"
    page.set_input_files(
        "#import input[name=files]",
        [
            str(exports / "youtube-studio-shorts-channel" / "Table data.csv"),
            str(exports / "tiktok-creator" / "Content.csv"),
        ],
    )
    page.click("#import button[type=submit]")
    page.wait_for_selector("#imported")
    assert "youtube" in page.locator("#imported").inner_text().lower()
    charts = page.locator("[data-vega-spec]")
    assert charts.count() == 5  # goals, funnel, retention, platforms, attribution; no survey yet for lift
    assert page.locator("#lift .empty").count() == 1
    wait_for_charts(page, 5)
    assert page.locator("#platforms [data-chart-ready] svg").count() == 1
    assert page.locator("#retention [data-chart-ready] svg path").count() > 0
    assert page.locator("#platforms table tbody tr").count() == 3  # player, youtube, tiktok: the table behind the chart
    shot(page, "analytics-dashboard")

    page.goto(f"/w/{WORKSPACE}/c/{campaign}/tracking")
    page.wait_for_selector(".live-events, #live .empty")
    shot(page, "tracking")


def test_download_the_monday_report_pdf(page: Any, campaign: str) -> None:
    log_in(page)
    page.goto(f"/w/{WORKSPACE}/c/{campaign}/report")
    assert page.locator("h1").inner_text() == NAME
    assert page.locator("#next li").count() > 0
    shot(page, "monday-report")
    with page.expect_download() as info:
        page.click("a[href$='/report.pdf']")
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert NAME in text and "Wat nu te doen" in text
    assert dt.date.today().isoformat() in text
