"""``reelwise report``, ``reelwise survey``, ``reelwise answers`` and ``reelwise adjust``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from reelwise.analytics.store import DEFAULT_WORKSPACE
from reelwise.errors import InputError
from reelwise.i18n import N_, Msg, _

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

WorkspaceOption = Annotated[str, typer.Option("--workspace", "-w", help="The workspace (client).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]

STATUS_LABELS = {
    "achieved": N_("achieved"),
    "on_track": N_("on track"),
    "at_risk": N_("at risk"),
    "off_track": N_("off track"),
    "missed": N_("missed"),
    "no_data": N_("no data"),
    "no_target": N_("no target"),
    "open": N_("open"),
}
SEVERITY_STYLE = {"problem": "bold red", "warning": "yellow", "info": "cyan"}
SEVERITY_LABELS = {"problem": N_("problem"), "warning": N_("warning"), "info": N_("info")}

survey_app = typer.Typer(help="Brand-lift survey responses (exposed vs control).", no_args_is_help=True)
answers_app = typer.Typer(help='Answers to "how did you hear about us?" and their channels.', no_args_is_help=True)
adjust_app = typer.Typer(help="The adjustment log: what changed, why, and its measured effect.", no_args_is_help=True)


def _today(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(Msg("'{value}' is not a date like 2026-03-31", value=value)) from None


def _store(ctx: typer.Context, workspace: str) -> Any:
    from reelwise.analytics.store import EventStore
    from reelwise.cli.main import settings

    return EventStore.for_workspace(settings(ctx).data_dir, workspace)


def _plan(ctx: typer.Context, campaign: str, workspace: str, plan_file: Path | None) -> Any:
    from reelwise.services.plans import read_plan

    if plan_file is not None:
        return read_plan(plan_file, check_files=False)
    from reelwise.adapters.storage import open_store
    from reelwise.cli.main import settings

    store = open_store(settings(ctx).db_url)
    try:
        return store.get_campaign(workspace, campaign).plan
    finally:
        store.close()


def _fmt(value: float | None, rate: bool = False) -> str:
    if value is None:
        return "–"
    if rate:
        return f"{value * 100:.1f}%"
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:.2f}"


def report_command(
    ctx: typer.Context,
    campaign: Annotated[str, typer.Argument(help="The campaign (as stored in the workspace).")],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    plan_file: Annotated[
        Path | None, typer.Option("--plan", help="Read the plan from this file instead of the workspace.")
    ] = None,
    today: Annotated[str | None, typer.Option("--today", help="Report as of this date (default: today).")] = None,
    as_json: JsonOption = False,
) -> None:
    """What the videos delivered against the goals: progress, funnel, drop-offs, attribution, recall, advice."""
    from reelwise.cli.main import settings
    from reelwise.services.report import report

    plan = _plan(ctx, campaign, workspace, plan_file)
    result = report(plan, workspace, settings(ctx).data_dir, _today(today), campaign=campaign)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False, default=str))
        return
    _print_report(result)


def _print_report(result: Any) -> None:
    title = _("Report of {campaign} on {date}", campaign=result.campaign, date=result.today.isoformat())
    console.print(f"[bold]{escape(title)}[/]")
    if not result.has_data:
        console.print(
            escape(
                _(
                    "No data in workspace {workspace} yet: import exports or collect player events.",
                    workspace=result.workspace,
                )
            )
        )
    goals = Table(title=_("Goals"))
    for head in (_("goal"), _("metric"), _("current"), _("target"), _("deadline"), _("expected"), _("status")):
        goals.add_column(head)
    for g in result.goals:
        expected = _fmt(g.projection.expected, g.is_rate) if g.projection else "–"
        goals.add_row(
            escape(g.goal_id),
            g.metric,
            _fmt(g.current, g.is_rate),
            _fmt(g.target, g.is_rate),
            g.deadline.isoformat() if g.deadline else "–",
            expected,
            _(STATUS_LABELS[g.status.value]),
        )
    console.print(goals)
    funnel = Table(title=_("Funnel"))
    for head in (_("stage"), _("KPIs"), _("videos"), _("status")):
        funnel.add_column(head)
    for s in result.funnel:
        kpis = ", ".join(
            f"{k} {_fmt(v, k in ('ctr', 'average_percent_viewed', 'view_through_rate', 'engagement_rate'))}"
            for k, v in s.kpis.items()
            if v is not None
        )
        funnel.add_row(
            escape(s.stage),
            kpis or "–",
            escape(", ".join(s.videos)) or "–",
            _(STATUS_LABELS[s.status.value]) if s.status else "–",
        )
    console.print(funnel)
    if result.drop_offs:
        drops = Table(title=_("Top drop-off points"))
        for head in (_("video"), _("at"), _("lost"), _("plays")):
            drops.add_column(head)
        for d in result.drop_offs:
            drops.add_row(
                escape(d["video"]),
                f"{int(d['t_s']) // 60}:{int(d['t_s']) % 60:02d}",
                f"{d['drop'] * 100:.0f}%",
                str(d["plays"]),
            )
        console.print(drops)
    shares = result.attribution.get("shares") or []
    if shares:
        table = Table(title=_("How new customers heard about us"))
        for head in (_("channel"), _("answers"), _("share"), _("90% interval")):
            table.add_column(head)
        for s in shares:
            lo, hi = s["interval_90"]
            table.add_row(
                s["channel"], f"{s['answers']:.0f}", f"{s['share'] * 100:.0f}%", f"{lo * 100:.0f}–{hi * 100:.0f}%"
            )
        console.print(table)
    if result.recall:
        table = Table(title=_("Brand lift"))
        for head in (_("question"), _("exposed"), _("control"), _("lift"), _("90% interval"), _("P(lift > 0)")):
            table.add_column(head)
        for r in result.recall:
            lo, hi = r.absolute.interval(0.9)
            table.add_row(
                r.question or "",
                f"{r.exposed_rate * 100:.1f}%",
                f"{r.control_rate * 100:.1f}%",
                f"{r.absolute.mean * 100:+.1f} pt",
                f"{lo * 100:+.1f} … {hi * 100:+.1f} pt",
                f"{r.absolute.prob_positive * 100:.0f}%",
            )
        console.print(table)
    if result.findings:
        advice = _("Advice")
        console.print(f"[bold]{escape(advice)}[/]")
        for f in result.findings:
            style = SEVERITY_STYLE.get(f.severity.value, "")
            console.print(f"[{style}]{escape(_(SEVERITY_LABELS[f.severity.value]))}[/] {escape(f.message.render())}")
            if f.fix is not None:
                console.print(f"  → {escape(f.fix.render())}")


def _import_files(ctx: typer.Context, files: list[Path], workspace: str, as_json: bool, importer: Any) -> None:
    from reelwise.cli.batch import import_each, rows_line

    def describe(r: dict[str, Any]) -> list[str]:
        lines = rows_line(r)
        if r.get("unmapped"):
            lines.append(
                _("  {count} answers not mapped to a channel: see `reelwise answers unmapped`", count=r["unmapped"])
            )
        return lines

    import_each(ctx, files, workspace, as_json, importer, describe)


@survey_app.command("import")
def survey_import(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="CSV files: date, arm, question, answer [, id, campaign].")],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    campaign: Annotated[str | None, typer.Option("--campaign", help="Campaign of rows that name none.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Import brand-lift survey responses. Importing the same file twice changes nothing."""
    from reelwise.services.surveys import import_survey

    _import_files(ctx, files, workspace, as_json, lambda store, path: import_survey(store, path, campaign=campaign))


@answers_app.command("import")
def answers_import(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="CSV files: date, answer [, id, language].")],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    as_json: JsonOption = False,
) -> None:
    """Import answers to "how did you hear about us?" (Dutch or English) and map them to channels."""
    from reelwise.services.answers import import_answers

    _import_files(ctx, files, workspace, as_json, import_answers)


@answers_app.command("map")
def answers_map(
    ctx: typer.Context,
    phrase: Annotated[str, typer.Argument(help="Words as customers write them, e.g. 'de bakker'.")],
    channel: Annotated[str, typer.Argument(help="The channel, e.g. word_of_mouth, instagram, print.")],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
) -> None:
    """Remember that PHRASE means CHANNEL; every stored answer is matched again."""
    from reelwise.services.answers import map_phrase

    with _store(ctx, workspace) as store:
        mapped = map_phrase(store, phrase, channel)
    console.print(
        escape(
            _(
                "{phrase} → {channel}; {count} answers are mapped now.",
                phrase=phrase,
                channel=channel.strip().lower(),
                count=mapped,
            )
        )
    )


@answers_app.command("unmapped")
def answers_unmapped(
    ctx: typer.Context, workspace: WorkspaceOption = DEFAULT_WORKSPACE, as_json: JsonOption = False
) -> None:
    """List answers no synonym matches, most frequent first."""
    from reelwise.services.answers import unmapped_answers

    with _store(ctx, workspace) as store:
        rows = unmapped_answers(store)
    if as_json:
        typer.echo(json.dumps([{"answer": a, "count": n} for a, n in rows], indent=2, ensure_ascii=False))
        return
    if not rows:
        console.print(_("Every answer is mapped to a channel."))
        return
    table = Table(_("answer"), _("count"))
    for answer, count in rows:
        table.add_row(escape(answer), str(count))
    console.print(table)


@adjust_app.command("add")
def adjust_add(
    ctx: typer.Context,
    hypothesis: Annotated[str, typer.Option("--hypothesis", help="What you expect and why.")],
    change: Annotated[str, typer.Option("--change", help="What you changed.")],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    campaign: Annotated[str | None, typer.Option("--campaign", help="The campaign it belongs to.")] = None,
    metric: Annotated[
        str | None, typer.Option("--metric", help="The metric it should move, e.g. views, sales.")
    ] = None,
    video: Annotated[str | None, typer.Option("--video", help="The video it concerns.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="When it took effect (default: now).")] = None,
) -> None:
    """Log an adjustment; `reelwise report` measures its effect before/after."""
    from reelwise.services.adjustments import add_adjustment
    from reelwise.services.tables import parse_when

    try:
        when = parse_when(date) if date else dt.datetime.now().replace(microsecond=0)
    except ValueError:
        raise InputError(Msg("'{value}' is not a date like 2026-03-31", value=date or "")) from None
    with _store(ctx, workspace) as store:
        adjustment_id = add_adjustment(
            store, hypothesis=hypothesis, change=change, when=when, campaign=campaign, metric=metric, video_id=video
        )
    console.print(escape(_("Adjustment {id} logged.", id=adjustment_id)))


@adjust_app.command("list")
def adjust_list(
    ctx: typer.Context,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    campaign: Annotated[
        str | None, typer.Option("--campaign", help="Only this campaign's (and untagged) ones.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List the logged adjustments, oldest first."""
    from reelwise.services.adjustments import list_adjustments

    with _store(ctx, workspace) as store:
        rows = list_adjustments(store, campaign)
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
        return
    table = Table(_("date"), _("change"), _("hypothesis"), _("metric"), _("video"))
    for r in rows:
        table.add_row(
            str(r["ts"])[:16],
            escape(r["change"] or ""),
            escape(r["hypothesis"] or ""),
            r["metric"] or "–",
            escape(r["video_id"] or "–"),
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("report")(report_command)
    app.add_typer(survey_app, name="survey")
    app.add_typer(answers_app, name="answers")
    app.add_typer(adjust_app, name="adjust")
