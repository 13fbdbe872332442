"""The audit as a Python API: bundled examples, images read from disk, video reports, HTML."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
import yaml
from tests.conftest import EXAMPLES
from tests.strategy.plans import baseline, plan_of

from reelwise.domain.findings import Severity
from reelwise.services.audit import audit_file, audit_plan, load_video_reports, render_html
from reelwise.services.plans import read_plan

TODAY = dt.date(2027, 1, 15)


@pytest.fixture(scope="module")
def bakkerij_reports() -> dict[str, Any]:
    out = {}
    for lang in ("nl", "en"):
        path = EXAMPLES / "bakkerij" / f"plan.{lang}.yaml"
        if not path.is_file():
            pytest.skip("the bakery example is not bundled yet")
        out[lang] = audit_file(path, today=TODAY, lang=lang)
    return out


def test_bundled_example_audits_with_a_few_honest_findings(bakkerij_reports: dict[str, Any]) -> None:
    for report in bakkerij_reports.values():
        actionable = [f for f in report.findings if f.severity is not Severity.INFO]
        assert 1 <= len(actionable) <= 8, [f.id for f in actionable]
        assert report.score >= 80
        assert all(p.score is not None for p in report.points)  # a full plan: every point judged


def test_dutch_and_english_twins_get_the_same_findings(bakkerij_reports: dict[str, Any]) -> None:
    nl, en = bakkerij_reports["nl"], bakkerij_reports["en"]
    assert sorted(f.id for f in nl.findings) == sorted(f.id for f in en.findings)
    assert nl.score == en.score


def test_weak_example_has_findings_on_every_point() -> None:
    report = audit_file(EXAMPLES / "weak" / "plan.yaml", today=TODAY)
    for point in report.points:
        actionable = [f for f in point.findings if f.severity is not Severity.INFO]
        assert actionable, f"no warning or problem on point {point.point}"
    assert report.score < 50


def write_poster(folder: Path, bgr: tuple[int, int, int]) -> None:
    image = np.full((120, 90, 3), 255, np.uint8)
    image[10:110, 10:80] = bgr
    cv2.imwrite(str(folder / "poster.png"), image)


def plan_with_poster(folder: Path) -> Path:
    data = baseline()
    data["brand"].pop("logo")
    data["channels"] = [{k: v for k, v in c.items() if not k.endswith("_image")} for c in data["channels"]]
    data["assets"][0]["image"] = "poster.png"
    path = folder / "plan.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def colour_finding(report: Any) -> list[Any]:
    return [f for f in report.findings if f.id == "integration.off_brand_colours"]


def test_poster_in_other_colours_is_read_from_disk_and_flagged(tmp_path: Path) -> None:
    write_poster(tmp_path, (255, 144, 30))  # dodger blue, BGR
    [f] = colour_finding(audit_file(plan_with_poster(tmp_path), today=TODAY))
    assert f.severity is Severity.WARNING
    assert f.evidence["dominant"] == ["#1E90FF", "#FFFFFF"]  # most of the poster first


def test_poster_in_house_colours_passes(tmp_path: Path) -> None:
    write_poster(tmp_path, (19, 69, 139))  # saddle brown #8B4513, BGR
    assert colour_finding(audit_file(plan_with_poster(tmp_path), today=TODAY)) == []


def test_unreadable_poster_is_not_measured_never_a_crash(tmp_path: Path) -> None:
    (tmp_path / "poster.png").write_bytes(b"this is not a png")
    [f] = colour_finding(audit_file(plan_with_poster(tmp_path), today=TODAY))
    assert f.severity is Severity.INFO
    assert f.evidence["measured"] is False


def test_without_plan_dir_images_are_not_measured() -> None:
    data = baseline()
    data["assets"][0]["image"] = "poster.png"
    report = audit_plan(plan_of(data), today=TODAY)
    [f] = colour_finding(report)
    assert f.evidence["measured"] is False


def test_today_comes_from_the_caller() -> None:
    data = baseline()
    data["videos"][0]["production"].update(status="script")
    del data["videos"][0]["production"]["approved_on"]
    plan = plan_of(data)
    early = audit_plan(plan, today=dt.date(2027, 1, 10))
    late = audit_plan(plan, today=dt.date(2027, 3, 12))
    assert "production.schedule_at_risk" not in {f.id for f in early.findings}
    assert "production.schedule_at_risk" in {f.id for f in late.findings}


def test_video_reports_are_matched_by_file_name(tmp_path: Path) -> None:
    data = baseline()
    data["videos"][0]["file"] = "media/see.mp4"
    plan = plan_of(data)
    report_file = tmp_path / "check.json"
    report_file.write_text(
        json.dumps(
            [
                {"file": "/elders/see.mp4", "cta": {"found": False}},
                {"file": "other.mp4", "cta": {"found": True}},
                {"file": "broken.mp4", "error": "cannot be decoded"},
            ]
        ),
        encoding="utf-8",
    )
    reports = load_video_reports(plan, report_file)
    assert list(reports) == ["v-see"]
    result = audit_plan(plan, today=TODAY, video_reports=reports)
    assert [f.evidence["video"] for f in result.findings if f.id == "cta.in_cut" and "video" in f.evidence] == ["v-see"]


def test_html_report_is_self_contained_escaped_and_printable() -> None:
    data = baseline()
    data["campaign"]["name"] = "Lente <script>alert(1)</script>"
    report = audit_plan(plan_of(data), today=TODAY)
    html = render_html(report, "nl")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "@media print" in html and "break-before: page" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<link" not in html
    assert "Strategie-audit" in html and "Doelen en verwachtingen" in html
    assert html.count('class="point"') == 10


def test_html_report_in_english() -> None:
    report = audit_file(EXAMPLES / "weak" / "plan.yaml", today=TODAY)
    html = render_html(report, "en")
    assert 'lang="en"' in html
    assert "Goals and expectations" in html
    assert "goals.no_do_goal" in html
    assert "sells=true" in html  # evidence written as JSON values


def test_invalid_plan_is_a_plan_error(tmp_path: Path) -> None:
    from reelwise.errors import PlanError

    bad = tmp_path / "bad.yaml"
    bad.write_text("brand: {}\n", encoding="utf-8")
    with pytest.raises(PlanError):
        audit_file(bad, today=TODAY)


def test_read_plan_of_weak_example_is_valid() -> None:
    read_plan(EXAMPLES / "weak" / "plan.yaml")
