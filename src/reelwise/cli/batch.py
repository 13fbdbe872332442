"""Shared by the commands that import files into a workspace's event store, one by one.

A file that fails is reported and the others are still imported; the command then exits 2.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from reelwise.i18n import _

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

Importer = Callable[[Any, Path], Any]  # (event store, file) → a summary with to_dict()
Describe = Callable[[dict[str, Any]], list[str]]  # a file's summary → the lines to print


def open_store(ctx: typer.Context, workspace: str) -> Any:
    """The workspace's event store (created on first use)."""
    from reelwise.analytics.store import EventStore
    from reelwise.cli.main import settings

    return EventStore.for_workspace(settings(ctx).data_dir, workspace)


def rows_line(r: dict[str, Any]) -> list[str]:
    """The usual summary line of a file: rows read, new and updated."""
    return [
        _(
            "{file}: {read} rows read, {new} new, {updated} updated",
            file=r["file"],
            read=r["rows_read"],
            new=r["rows_new"],
            updated=r["rows_updated"],
        )
    ]


def import_each(
    ctx: typer.Context,
    files: list[Path],
    workspace: str,
    as_json: bool,
    importer: Importer,
    describe: Describe = rows_line,
) -> None:
    """Import every file into ``workspace``; print a summary (or JSON); exit 2 when one failed."""
    from reelwise.errors import DataImportError

    results: list[dict[str, Any]] = []
    failed = False
    with open_store(ctx, workspace) as store:
        for path in files:
            try:
                results.append(importer(store, path).to_dict())
            except DataImportError as exc:
                failed = True
                results.append({"file": str(path), "error": exc.render(), "issues": [i.render() for i in exc.issues]})
    if as_json:
        typer.echo(json.dumps({"workspace": workspace, "files": results}, indent=2, ensure_ascii=False))
    else:
        for r in results:
            if "error" in r:
                err_console.print(escape(_("{file}: failed: {reason}", file=r["file"], reason=r["error"])))
                continue
            for line in describe(r):
                console.print(escape(line))
            for issue in r["issues"]:
                err_console.print(f"  {escape(issue)}")
    if failed:
        raise typer.Exit(2)
