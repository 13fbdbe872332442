"""The Monday report as PDF: a real PDF, the text readable back, Dutch letters, a clear font error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.services.pdftext import pdf_text

from reelwise.domain.findings import Finding, Severity
from reelwise.errors import ConfigError
from reelwise.i18n import Msg
from reelwise.services.monday import ChangeLine, GoalLine, MondayReport, VideoLine
from reelwise.services.pdf import find_fonts, render_pdf
from reelwise.services.workspaces import HistoryEntry


def sample() -> MondayReport:
    sales = GoalLine("abonnees", "sales", "Do", 300, 120, 0.4, "at_risk", dt.date(2027, 4, 30), False, 280, 220, 340)
    rate = GoalLine("kijkers", "view_through_rate", "Think", 0.35, 0.31, 0.89, "at_risk", dt.date(2027, 3, 31), True)
    problem = Finding(
        id="a.b",
        point=2,
        severity=Severity.PROBLEM,
        message=Msg("{count} checks", count=3),
        evidence={},
        fix=Msg("error"),
    )
    return MondayReport(
        campaign="Crème brûlée-actie €5 – ‘proef’",
        workspace="Bakkerij Één",
        today=dt.date(2027, 3, 22),
        start=dt.date(2027, 2, 1),
        end=dt.date(2027, 4, 30),
        has_data=True,
        goals=[sales, rate],
        videos=[VideoLine("v1", "Om 4 uur op: één nacht", "See", 659, 0.65, 0.058, 4.0, 0.088)],
        changes=[ChangeLine(dt.date(2027, 3, 1), "Eerder de CTA", "CTA naar 0:03", "leads", 1.4, 2.7, 0.93, 0.95)],
        versions=[HistoryEntry(2, dt.datetime(2027, 3, 20, 10), "sanne@example.nl", "x")],
        advice=[problem],
    )


def test_the_pdf_carries_the_campaign_and_the_three_parts() -> None:
    data = render_pdf(sample(), "en")
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    text = pdf_text(data)
    assert "Crème brûlée-actie €5 – ‘proef’" in text
    for part in ("What the videos delivered", "What changed", "What to do next"):
        assert part in text
    assert "Om 4 uur op: één nacht" in text and "CTA naar 0:03" in text
    assert "1. [problem] 3 checks" in text
    assert b"/Type /Page" in data and data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") <= 2


def test_the_pdf_speaks_dutch_with_dutch_numbers() -> None:
    text = pdf_text(render_pdf(sample(), "nl"))
    assert "Wat de video's opleverden" in text and "Wat nu te doen" in text
    assert "65,0%" in text or "65%" in text
    assert "[probleem] 3 controles" in text


def test_a_missing_font_says_what_to_install(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        find_fonts([tmp_path])
    assert "fonts-dejavu-core" in caught.value.render("en")
    with pytest.raises(ConfigError):
        render_pdf(sample(), "en", font_dirs=[tmp_path])
