"""``reelwise comments``: import comments, then see their kinds and how fast they were answered."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from reelwise.analytics.comments import KIND_LABELS
from reelwise.errors import InputError, Issue, Location
from reelwise.i18n import Msg, _

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)
comments_app = typer.Typer(
    help="Comments on the videos: import them, triage them, measure the response times.", no_args_is_help=True
)


def _store(ctx: typer.Context, workspace: str) -> Any:
    from reelwise.cli.batch import open_store

    return open_store(ctx, workspace)


@comments_app.command("import")
def comments_import(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="YouTube or Facebook/Instagram API JSON, or CSV files.")],
    workspace: Annotated[str, typer.Option("--workspace", "-w", help="Workspace (default: default).")] = "default",
    platform: Annotated[
        str | None, typer.Option("--platform", help="Platform of files that do not say (CSV, Graph API JSON).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Import comments; a bad row is reported with its place and skipped. Exits 2 when a file failed."""
    from reelwise.cli.batch import import_each
    from reelwise.services.comments import import_comments

    def describe(r: dict[str, Any]) -> list[str]:
        return [
            _(
                "{file} ({format}): {read} comments read, {new} new, {updated} updated",
                file=r["file"],
                format=r["format"],
                read=r["rows_read"],
                new=r["rows_new"],
                updated=r["rows_updated"],
            )
        ]

    import_each(ctx, files, workspace, as_json, lambda store, path: import_comments(store, path, platform), describe)


@comments_app.command("report")
def comments_report(
    ctx: typer.Context,
    workspace: Annotated[str, typer.Option("--workspace", "-w", help="Workspace (default: default).")] = "default",
    campaign: Annotated[
        str | None, typer.Option("--campaign", help="Campaign in the workspace: its channels' targets and handles.")
    ] = None,
    plan_file: Annotated[Path | None, typer.Option("--plan", help="Or a plan file for the same.")] = None,
    owner: Annotated[
        list[str] | None, typer.Option("--owner", help="An account name that is the brand's own (repeatable).")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The moment for 'overdue' (default: the newest comment).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Comments by kind (complaint, question, praise) and the brand's response times against the targets."""
    from reelwise.services.comments import comment_report
    from reelwise.services.tables import parse_when

    when = None
    if as_of is not None:
        try:
            when = parse_when(as_of)
        except ValueError:
            message = Msg("'{value}' is not a date", value=as_of)
            raise InputError(message, [Issue(Location(None, None, "--as-of"), message)]) from None
    plan = None
    if campaign is not None or plan_file is not None:
        from reelwise.cli.cmd_report import _plan

        plan = _plan(ctx, campaign or "", workspace, plan_file)
    with _store(ctx, workspace) as store:
        report = comment_report(store, plan, owner or (), when)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        return
    if not report.platforms:
        console.print(_("No comments imported in workspace {workspace} yet.", workspace=workspace))
        return
    table = Table(show_header=True, header_style="bold")
    for head in (
        _("platform"),
        _("comments"),
        _(KIND_LABELS["complaint"]),
        _(KIND_LABELS["question"]),
        _(KIND_LABELS["praise"]),
        _("answered in time"),
        _("median reply"),
        _("overdue"),
    ):
        table.add_column(head)
    for p in report.platforms:
        median = "–" if p.median_reply_hours is None else f"{p.median_reply_hours:.1f} h"
        target = f"{p.target_hours:g}"
        table.add_row(
            p.platform,
            str(p.comments),
            str(p.by_kind.get("complaint", 0)),
            str(p.by_kind.get("question", 0)),
            str(p.by_kind.get("praise", 0)),
            _("{done} of {total} (target {hours} h)", done=p.within_target, total=p.need_answer, hours=target),
            median,
            str(p.overdue),
        )
    console.print(table)
    for item in report.overdue:
        c = item.comment
        console.print(
            escape(
                _(
                    "overdue {kind} on {platform} from {author} at {ts}: {hours} h past the target: {text}",
                    kind=_(KIND_LABELS[item.kind.value]),
                    platform=c.platform,
                    author=c.author or "?",
                    ts=c.ts.strftime("%Y-%m-%d %H:%M"),
                    hours=round(item.overdue_hours or 0.0, 1),
                    text=c.text[:120],
                )
            )
        )


def register(app: typer.Typer) -> None:
    app.add_typer(comments_app, name="comments")
