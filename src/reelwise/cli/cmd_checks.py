"""``reelwise checks``: every registered check with its id and point."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from reelwise.domain.findings import point_name
from reelwise.domain.registry import CheckKind, load_all
from reelwise.i18n import N_, _

console = Console(highlight=False)
KIND_LABELS = {
    CheckKind.AUDIT: N_("audit rule"),
    CheckKind.VIDEO: N_("video check"),
    CheckKind.ANALYTICS: N_("analytics advice"),
}


def checks(
    point: Annotated[
        int | None, typer.Option("--point", min=1, max=10, help="Only checks of this point (1–10).")
    ] = None,
    kind: Annotated[CheckKind | None, typer.Option("--kind", help="Only checks of this kind.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List every check reelwise runs: audit rules, video checks and analytics advice."""
    registry = load_all()
    selected = [c for c in registry if (point is None or c.point == point) and (kind is None or c.kind == kind)]
    if as_json:
        rows = [
            {
                "id": c.id,
                "point": c.point,
                "kind": c.kind.value,
                "title": c.title.render(),
                "why": c.why.render(),
                "fix": c.fix.render(),
            }
            for c in selected
        ]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    table = Table(title=_("{count} checks", count=len(selected)))
    table.add_column(_("point"))
    table.add_column("id")
    table.add_column(_("kind"))
    table.add_column(_("what it checks"))
    for c in selected:
        table.add_row(f"{c.point} {point_name(c.point)}", c.id, _(KIND_LABELS[c.kind]), c.title.render())
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("checks")(checks)
