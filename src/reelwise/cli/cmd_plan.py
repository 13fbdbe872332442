"""``reelwise plan …``: validate, start, describe plan files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from reelwise.domain.plan import Plan
from reelwise.errors import ConfigError
from reelwise.i18n import Msg, _, get_language, normalise_language, set_language
from reelwise.services.plans import SUMMARY_LABELS, starter_plan, summary, validate_files

plan_app = typer.Typer(help="Campaign plan files: validate, start a new one, print the schema.", no_args_is_help=True)
console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


@plan_app.command("validate")
def validate(
    files: Annotated[list[Path], typer.Argument(help="One or more plan YAML files.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Check plan files and report every problem, located by file, line and path. Exits 2 on problems."""
    results = validate_files(files)
    failed = any(r.plan is None for r in results)
    if as_json:
        payload = [
            {
                "file": str(r.path),
                "valid": r.plan is not None,
                "summary": summary(r.plan) if r.plan else None,
                "problems": [
                    {"line": i.location.line, "path": i.location.path, "message": i.message.render()} for i in r.issues
                ],
            }
            for r in results
        ]
        console.print_json(json.dumps(payload, ensure_ascii=False))
    else:
        for r in results:
            if r.plan is None:
                err_console.print(
                    f"[bold red]✗[/] {escape(str(r.path))}: " + escape(_("{count} problem(s)", count=len(r.issues)))
                )
                for issue in r.issues:
                    err_console.print(f"  {escape(issue.render())}")
            else:
                s = summary(r.plan)
                parts = ", ".join(f"{s[k]} {_(label)}" for k, label in SUMMARY_LABELS.items())
                console.print(
                    f"[bold green]✓[/] {escape(str(r.path))}: "
                    + escape(_("valid plan for {campaign}", campaign=str(s["campaign"])))
                    + f" — {escape(parts)}"
                )
    if failed:
        raise typer.Exit(2)


@plan_app.command("new")
def new(
    output: Annotated[Path | None, typer.Argument(help="Where to write the plan (default: print it).")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of the comments: nl or en.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter plan to fill in."""
    code = normalise_language(lang) if lang else get_language()
    if code is None:
        raise ConfigError(Msg("unsupported language {lang}: use nl or en", lang=lang))
    set_language(code)
    text = starter_plan(code)
    if output is None:
        typer.echo(text, nl=False)
        return
    if output.exists() and not force:
        raise ConfigError(Msg("{file} already exists; use --force to overwrite it", file=str(output)))
    output.write_text(text, encoding="utf-8")
    console.print(escape(_("Starter plan written to {file}", file=str(output))))


@plan_app.command("schema")
def schema() -> None:
    """Print the JSON Schema of plan files (for editor completion and validation)."""
    typer.echo(json.dumps(plan_json_schema(), indent=2, ensure_ascii=False))


def plan_json_schema() -> dict[str, object]:
    data = Plan.model_json_schema()
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["$id"] = "https://reelwise.invalid/schema/plan-v1.json"
    return data


def summary_table(plan: Plan) -> Table:
    table = Table(show_header=False, box=None)
    for key, label in SUMMARY_LABELS.items():
        table.add_row(_(label), str(summary(plan)[key]))
    return table


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")
