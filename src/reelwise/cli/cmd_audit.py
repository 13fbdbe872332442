"""``reelwise audit PLAN``: the strategy audit over the ten points, in the terminal, as JSON or HTML."""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Final

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from reelwise.domain.findings import Severity
from reelwise.errors import ConfigError
from reelwise.i18n import Msg, _, get_language, normalise_language, set_language
from reelwise.services.audit import audit_file, load_video_reports, render_html
from reelwise.services.plans import read_plan
from reelwise.strategy.report import AuditReport, PointResult, severity_label

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

COLOURS: Final = {Severity.PROBLEM: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
BAR_WIDTH: Final = 20


class FailOn(StrEnum):
    NEVER = "never"
    PROBLEM = "problem"
    WARNING = "warning"


def _bar(score: int) -> Text:
    filled = round(score / 100 * BAR_WIDTH)
    colour = "green" if score >= 80 else ("yellow" if score >= 50 else "red")
    text = Text("█" * filled, style=colour)
    text.append("░" * (BAR_WIDTH - filled), style="dim")
    text.append(f" {score:>3}")
    return text


def _print_point(point: PointResult, lang: str) -> None:
    head = Text(f"{point.point:>2}. ", style="bold")
    head.append(point.to_dict(lang)["name"], style="bold")
    head.append("  ")
    if point.score is None:
        head.append(_("nothing to judge"), style="dim")
    else:
        head.append_text(_bar(point.score))
    console.print(head)
    width = max(len(severity_label(s, lang)) for s in Severity)
    for f in point.findings:
        label = severity_label(f.severity, lang)
        console.print(
            f"    [{COLOURS[f.severity]}]{escape(label):<{width}}[/] {escape(f.message.render(lang))} "
            f"[dim]({escape(f.id)})[/]"
        )
        if f.fix is not None and f.severity is not Severity.INFO:
            console.print(" " * (5 + width) + f"[dim]→ {escape(f.fix.render(lang))}[/]")


def print_report(report: AuditReport, lang: str) -> None:
    console.print(
        Text(
            _("Strategy audit of {campaign} on {date}", campaign=report.campaign, date=report.today.isoformat()),
            style="bold",
        )
    )
    console.print()
    for point in report.points:
        _print_point(point, lang)
    console.print()
    total = Text(_("Overall score") + ": ", style="bold")
    total.append_text(_bar(report.score))
    console.print(total)
    console.print(
        escape(
            _(
                "{problems} problems, {warnings} warnings, {infos} notes",
                problems=report.count(Severity.PROBLEM),
                warnings=report.count(Severity.WARNING),
                infos=report.count(Severity.INFO),
            )
        )
    )


def audit(
    ctx: typer.Context,
    plan: Annotated[Path, typer.Argument(help="The campaign plan (YAML).")],
    lang: Annotated[str | None, typer.Option("--lang", help="Language of the report: nl or en.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON (see docs/schemas).")] = False,
    html: Annotated[Path | None, typer.Option("--html", help="Also write a self-contained HTML report here.")] = None,
    video_report: Annotated[
        list[Path] | None,
        typer.Option("--video-report", help="JSON from `reelwise check --json` for the plan's videos (repeatable)."),
    ] = None,
    today: Annotated[
        str | None, typer.Option("--today", help="Audit as of this date (YYYY-MM-DD; default: today).")
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a finding of this severity (or worse) exists.")
    ] = FailOn.NEVER,
    workspace: Annotated[
        str | None,
        typer.Option(
            "--workspace", "-w", help="Also read this workspace's data: goal progress, best times, response times."
        ),
    ] = None,
) -> None:
    """Audit a campaign plan over the ten points: findings with evidence and fixes, and a score per point.

    Exits 0 when the audit ran (whatever it found), 2 when the plan is invalid, and 1 with
    --fail-on when a finding of that severity exists.
    """
    code = get_language()
    if lang is not None:
        chosen = normalise_language(lang)
        if chosen is None:
            raise ConfigError(Msg("unsupported language {lang}: use nl or en", lang=lang))
        code = chosen
        set_language(code)
    try:
        day = dt.date.fromisoformat(today) if today else dt.date.today()
    except ValueError:
        raise ConfigError(Msg("{value} is not a date like 2026-03-01", value=today)) from None
    reports: dict[str, dict[str, object]] = {}
    if video_report:
        parsed = read_plan(plan)
        for path in video_report:
            reports.update(load_video_reports(parsed, path))
    metrics = None
    if workspace is not None:
        from reelwise.cli.main import settings
        from reelwise.services.audit_data import audit_metrics

        metrics = audit_metrics(read_plan(plan), settings(ctx).data_dir, workspace, day)
        if metrics is None:
            err_console.print(
                escape(_("Workspace {workspace} has no data yet: nothing measured.", workspace=workspace))
            )
    report = audit_file(plan, today=day, lang=code, video_reports=reports, metrics=metrics)
    if html is not None:
        html.write_text(render_html(report, code), encoding="utf-8")
    if as_json:
        typer.echo(json.dumps(report.to_dict(code), ensure_ascii=False, indent=2))
    else:
        print_report(report, code)
        if html is not None:
            console.print(escape(_("HTML report written to {file}", file=str(html))))
    worst = max((f.severity.rank for f in report.findings), default=-1)
    if fail_on is FailOn.PROBLEM and worst >= Severity.PROBLEM.rank:
        raise typer.Exit(1)
    if fail_on is FailOn.WARNING and worst >= Severity.WARNING.rank:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("audit")(audit)
