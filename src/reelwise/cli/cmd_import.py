"""``reelwise import FILE…``: platform exports into a workspace's event store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from reelwise.analytics.store import DEFAULT_WORKSPACE
from reelwise.i18n import N_, _
from reelwise.services.imports import FileResult, ImportSummary, import_files

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

STATUS_LABELS = {
    "imported": N_("imported"),
    "already_imported": N_("already imported"),
    "failed": N_("failed"),
}


def import_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path], typer.Argument(help="Export files: YouTube Studio, TikTok, Meta (.csv), LinkedIn (.xlsx).")
    ],
    workspace: Annotated[str, typer.Option("--workspace", "-w", help="Workspace to import into.")] = DEFAULT_WORKSPACE,
    year: Annotated[
        int | None,
        typer.Option("--year", min=1990, max=2100, help="Year of the last date in exports whose dates have no year."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result per file as JSON.")] = False,
) -> None:
    """Import platform analytics exports (kind detected from the contents). Exits 2 when a file failed."""
    from reelwise.cli.main import settings

    data_dir = settings(ctx).data_dir
    if as_json:
        summary = import_files(files, workspace, data_dir, year)
        payload = {
            "workspace": workspace,
            "store": str(summary.store_path),
            "files": [f.as_json() for f in summary.files],
            "totals": summary.totals(),
        }
        console.print_json(json.dumps(payload, ensure_ascii=False))
    else:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err_console,
            transient=True,
        ) as progress:
            task = progress.add_task(escape(_("importing")), total=len(files))

            def advance(result: FileResult) -> None:
                progress.advance(task)

            summary = import_files(files, workspace, data_dir, year, on_file=advance)
        _print_summary(summary)
    if summary.failed:
        raise typer.Exit(2)


def _print_summary(summary: ImportSummary) -> None:
    table = Table(title=_("Imported into workspace {workspace}", workspace=summary.workspace), title_justify="left")
    table.add_column(_("file"))
    table.add_column(_("kind"))
    table.add_column(_("status"))
    table.add_column(_("rows read"), justify="right")
    table.add_column(_("new"), justify="right")
    table.add_column(_("updated"), justify="right")
    for f in summary.files:
        status = _(STATUS_LABELS[f.status])
        style = {"imported": "green", "already_imported": "yellow", "failed": "red"}[f.status]
        table.add_row(
            escape(f.path.name),
            escape(f.kind or "—"),
            f"[{style}]{escape(status)}[/]",
            str(f.rows_read),
            str(f.rows_new),
            str(f.rows_updated),
        )
    console.print(table)
    for f in summary.files:
        if f.totals:
            totals = ", ".join(f"{name} {_number(value)}" for name, value in f.totals.items())
            console.print(f"{escape(f.path.name)}: {escape(totals)}")
        if f.unknown_columns:
            console.print(
                escape(
                    _(
                        "{file}: columns not understood (kept under their own names): {columns}",
                        file=f.path.name,
                        columns=", ".join(f.unknown_columns),
                    )
                )
            )
        if f.error is not None:
            err_console.print(f"[bold red]✗[/] {escape(f.error.render())}")
    t = summary.totals()
    console.print(
        escape(
            _(
                "{files} file(s): {imported} imported, {already} already imported, {failed} failed; "
                "{new} values new, {updated} updated",
                files=t["files"],
                imported=t["imported"],
                already=t["already_imported"],
                failed=t["failed"],
                new=t["rows_new"],
                updated=t["rows_updated"],
            )
        )
    )


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
