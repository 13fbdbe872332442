"""The Monday report as a PDF (fpdf2), in Dutch or English.

Text is set in DejaVu Sans, embedded in the file (subset), so that every letter of Dutch
and English text (ë, ï, é, €, –, …) prints the same everywhere. The font comes from
Debian's ``fonts-dejavu-core`` (``/usr/share/fonts/truetype/dejavu``); another folder can
be passed, and a missing font is a :class:`~reelwise.errors.ConfigError` that says what to
install.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from reelwise.errors import ConfigError
from reelwise.i18n import Msg, Num, translate
from reelwise.services.monday import METRIC_LABELS, SEVERITY_LABELS, STATUS_LABELS, MondayReport

if TYPE_CHECKING:
    from fpdf import FPDF

FONT_DIRS: Final = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
FONT: Final = "DejaVu"
INK: Final = (29, 35, 42)
MUTED: Final = (91, 102, 112)
ACCENT: Final = (11, 110, 79)


def find_fonts(dirs: Sequence[Path] = FONT_DIRS) -> tuple[Path, Path]:
    """DejaVuSans.ttf and DejaVuSans-Bold.ttf from the first folder that has both."""
    for folder in dirs:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    raise ConfigError(
        Msg(
            "the PDF report needs the DejaVu Sans font, not found in {folders}: install it with "
            "apt-get install fonts-dejavu-core",
            folders=", ".join(str(d) for d in dirs),
        )
    )


def _num(value: float | None, lang: str, decimals: int = 0) -> str:
    return "–" if value is None else Num(value, decimals=decimals).render(lang)


def _pct(value: float | None, lang: str) -> str:
    return "–" if value is None else Num(value, decimals=1, percent=True).render(lang)


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    total = max(0, round(seconds))
    return f"{total // 60}:{total % 60:02d}"


class _Doc:
    def __init__(self, pdf: FPDF, lang: str) -> None:
        self.pdf = pdf
        self.lang = lang

    def t(self, msg: Msg) -> str:
        return msg.render(self.lang)

    def label(self, labels: dict[str, str], key: str | None) -> str:
        if not key:
            return "–"
        return translate(labels[key], self.lang) if key in labels else key.replace("_", " ")

    def heading(self, text: str) -> None:
        pdf = self.pdf
        pdf.ln(3)
        pdf.set_font(FONT, "B", 13)
        pdf.set_text_color(*ACCENT)
        pdf.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)

    def para(self, text: str, *, size: float = 10, muted: bool = False, bold: bool = False) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, "B" if bold else "", size)
        pdf.set_text_color(*(MUTED if muted else INK))
        pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)

    def table(self, head: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, "", 8.5)
        pdf.set_draw_color(217, 222, 227)
        with pdf.table(
            col_widths=tuple(widths),
            line_height=4.6,
            first_row_as_headings=True,
            headings_style=_heading_style(),
            borders_layout="HORIZONTAL_LINES",
            padding=1,
        ) as table:
            for values in [head, *rows]:
                row = table.row()
                for value in values:
                    row.cell(value)
        pdf.ln(2)


def _heading_style() -> Any:
    from fpdf.fonts import FontFace

    return FontFace(emphasis="BOLD", color=MUTED, fill_color=(246, 247, 248))


def render_pdf(report: MondayReport, lang: str, *, font_dirs: Sequence[Path] = FONT_DIRS) -> bytes:
    """The Monday report of one campaign as PDF bytes."""
    from fpdf import FPDF

    regular, bold = find_fonts(font_dirs)
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(16, 14, 16)
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.add_font(FONT, "", str(regular))
    pdf.add_font(FONT, "B", str(bold))
    pdf.set_title(report.campaign)
    pdf.set_author(report.workspace)
    pdf.set_creator("reelwise")
    pdf.set_lang(lang)
    pdf.add_page()
    doc = _Doc(pdf, lang)

    pdf.set_font(FONT, "B", 18)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, 8, report.campaign, new_x="LMARGIN", new_y="NEXT")
    doc.para(
        doc.t(
            Msg(
                "Monday report of {date} · {workspace} · campaign {start} – {end}",
                date=report.today.isoformat(),
                workspace=report.workspace,
                start=report.start.isoformat(),
                end=report.end.isoformat(),
            )
        ),
        muted=True,
    )
    if not report.has_data:
        doc.para(doc.t(Msg("No measured data yet: the numbers below show the goals without results.")), muted=True)

    doc.heading(doc.t(Msg("What the videos delivered")))
    total = len(report.goals)
    doc.para(doc.t(Msg("{n} of {total} goals achieved or on track.", n=report.goals_on_track, total=total)), bold=True)
    goal_rows = []
    for g in report.goals:

        def show(v: float | None, rate: bool = g.is_rate) -> str:
            return _pct(v, lang) if rate else _num(v, lang)

        expected = (
            f"{show(g.expected)} ({show(g.low)} – {show(g.high)})"
            if g.expected is not None
            else (f"{show(g.low)} – {show(g.high)}" if g.low is not None else "–")
        )
        goal_rows.append(
            [
                g.goal_id,
                doc.label(METRIC_LABELS, g.metric),
                show(g.current),
                show(g.target),
                g.deadline.isoformat() if g.deadline else "–",
                expected,
                doc.label(STATUS_LABELS, g.status),
            ]
        )
    doc.table(
        [
            doc.t(Msg("Goal")),
            doc.t(Msg("Metric")),
            doc.t(Msg("Now")),
            doc.t(Msg("Target")),
            doc.t(Msg("Deadline")),
            doc.t(Msg("Expected at the deadline (90% interval)")),
            doc.t(Msg("Status")),
        ],
        goal_rows,
        (22, 26, 20, 20, 22, 48, 20),
    )
    video_rows = [
        [
            v.title,
            v.stage,
            _num(v.plays, lang),
            _pct(v.finish_rate, lang),
            _pct(v.cta_rate, lang),
            f"{_clock(v.drop_at_s)} (−{_pct(v.drop, lang)})" if v.drop is not None else "–",
        ]
        for v in report.videos
    ]
    if video_rows:
        doc.table(
            [
                doc.t(Msg("Video")),
                doc.t(Msg("Stage")),
                doc.t(Msg("Plays")),
                doc.t(Msg("Finish rate")),
                doc.t(Msg("CTA clicks per play")),
                doc.t(Msg("Steepest drop-off")),
            ],
            video_rows,
            (70, 16, 18, 20, 28, 26),
        )

    doc.heading(doc.t(Msg("What changed")))
    if not report.changes and not report.versions:
        doc.para(doc.t(Msg("No adjustments and no new plan versions in this period.")), muted=True)
    for c in report.changes:
        effect = (
            doc.t(
                Msg(
                    "{metric} per day {before} → {after}; chance it helped {prob}",
                    metric=doc.label(METRIC_LABELS, c.metric),
                    before=_num(c.before_per_day, lang, 1),
                    after=_num(c.after_per_day, lang, 1),
                    prob=_pct(c.prob_increase, lang),
                )
            )
            if c.prob_increase is not None
            else doc.t(Msg("effect not measurable yet"))
        )
        doc.para(f"{c.date.isoformat()} · {c.change}", bold=True)
        doc.para(doc.t(Msg("Hypothesis: {text}", text=c.hypothesis)) + " · " + effect, size=9, muted=True)
    for h in report.versions:
        doc.para(
            doc.t(
                Msg(
                    "Plan version {version} saved on {when} by {who}",
                    version=h.version,
                    when=h.saved_at.strftime("%Y-%m-%d"),
                    who=h.saved_by or "–",
                )
            ),
            size=9,
        )

    doc.heading(doc.t(Msg("What to do next")))
    if not report.advice:
        doc.para(doc.t(Msg("Nothing in the data asks for a change now.")), muted=True)
    for i, f in enumerate(report.advice, start=1):
        doc.para(f"{i}. [{doc.label(SEVERITY_LABELS, f.severity.value)}] {f.message.render(lang)}", bold=True, size=9.5)
        if f.fix is not None:
            doc.para("    " + f.fix.render(lang), size=9, muted=True)
    out = pdf.output()
    return bytes(out)
