"""``reelwise placements``: the earned placements PR brought (point 8), with their reach."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from reelwise.errors import InputError, Issue, Location
from reelwise.i18n import Msg, Num, _

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)
placements_app = typer.Typer(
    help="Earned placements (articles, posts, mentions) with their reach: record, import, list.",
    no_args_is_help=True,
)
Workspace = Annotated[str, typer.Option("--workspace", "-w", help="Workspace (default: default).")]


def _store(ctx: typer.Context, workspace: str) -> Any:
    from reelwise.cli.batch import open_store

    return open_store(ctx, workspace)


def _option_error(option: str, message: Msg) -> InputError:
    return InputError(message, [Issue(Location(None, None, option), message)])


@placements_app.command("add")
def placements_add(
    ctx: typer.Context,
    outlet: Annotated[str, typer.Option("--outlet", help="The outlet: its id in the plan or its name.")],
    date: Annotated[str, typer.Option("--date", help="The day it appeared (YYYY-MM-DD).")],
    reach: Annotated[
        str | None, typer.Option("--reach", help="How many people it reached (120000, 120.000, 120k).")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Headline or title.")] = None,
    url: Annotated[str | None, typer.Option("--url", help="Link to it.")] = None,
    video: Annotated[str | None, typer.Option("--video", help="The plan's video it is about.")] = None,
    workspace: Workspace = "default",
) -> None:
    """Record one earned placement (recording the same link again updates it)."""
    from reelwise.services.placements import add_placement, parse_reach

    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        raise _option_error("--date", Msg("'{value}' is not a date", value=date)) from None
    try:
        people = parse_reach(reach) if reach is not None else None
    except ValueError:
        raise _option_error("--reach", Msg("'{value}' is not a number of people", value=reach)) from None
    with _store(ctx, workspace) as store:
        new = add_placement(store, day=day, outlet=outlet, reach=people, title=title, url=url, video_id=video)
    if new:
        console.print(escape(_("Placement recorded: {outlet} on {day}.", outlet=outlet, day=day.isoformat())))
    else:
        console.print(escape(_("Placement updated: {outlet} on {day}.", outlet=outlet, day=day.isoformat())))


@placements_app.command("import")
def placements_import(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="CSV files: date, outlet, and title, link, reach, video.")],
    workspace: Workspace = "default",
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Import placements from CSV; a bad row is reported with its line and skipped. Exits 2 when a file failed."""
    from reelwise.cli.batch import import_each
    from reelwise.services.placements import import_placements

    import_each(ctx, files, workspace, as_json, import_placements)


@placements_app.command("list")
def placements_list(
    ctx: typer.Context,
    workspace: Workspace = "default",
    as_json: Annotated[bool, typer.Option("--json", help="Print the placements as JSON.")] = False,
) -> None:
    """Every recorded placement, oldest first, with the total known reach."""
    from reelwise.services.placements import stored_placements

    with _store(ctx, workspace) as store:
        rows = stored_placements(store)
    if as_json:
        typer.echo(json.dumps({"workspace": workspace, "placements": rows}, indent=2, ensure_ascii=False))
        return
    if not rows:
        console.print(_("No placements recorded in workspace {workspace} yet.", workspace=workspace))
        return
    table = Table(show_header=True, header_style="bold")
    for head in (_("date"), _("outlet"), _("title"), _("reach"), _("video")):
        table.add_column(head)
    for r in rows:
        reach = "–" if r["reach"] is None else Num(r["reach"]).render()
        table.add_row(r["day"], escape(r["outlet"]), escape(r["title"] or ""), reach, escape(r["video_id"] or ""))
    console.print(table)
    total = sum(r["reach"] or 0 for r in rows)
    console.print(escape(_("{count} placements, known reach {reach}", count=len(rows), reach=Num(total))))


def register(app: typer.Typer) -> None:
    app.add_typer(placements_app, name="placements")
