"""``reelwise workspace …`` and ``reelwise plan import/export``: plans kept in the workspace store."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from reelwise.cli.cmd_plan import plan_app
from reelwise.domain.planfile import dump_plan
from reelwise.errors import ConfigError, InputError, PlanError
from reelwise.i18n import Msg, _
from reelwise.services.plans import write_plan
from reelwise.services.workspaces import DEFAULT_WORKSPACE, WorkspaceStore, import_plan_file

workspace_app = typer.Typer(
    help="Workspaces: one per client, holding its campaigns and every version of their plans.", no_args_is_help=True
)
console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

WorkspaceOption = Annotated[
    str, typer.Option("--workspace", "-w", help="The workspace (client). Default: the workspace named default.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


@contextmanager
def _store(ctx: typer.Context) -> Iterator[WorkspaceStore]:
    """The store of the resolved settings (data directory or REELWISE_DATABASE_URL)."""
    from reelwise.adapters.storage import open_store
    from reelwise.cli.main import settings

    store = open_store(settings(ctx).db_url)
    try:
        yield store
    finally:
        store.close()


def _when(moment: dt.datetime) -> str:
    """A stored moment in the reader's local time."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _author() -> str | None:
    import getpass

    try:
        return getpass.getuser() or None
    except (KeyError, OSError):  # no user name in the environment or the password database
        return None


# --- reelwise workspace … ----------------------------------------------------------------


@workspace_app.command("create")
def create(ctx: typer.Context, name: Annotated[str, typer.Argument(help="Name of the client or workspace.")]) -> None:
    """Create a workspace."""
    with _store(ctx) as store:
        workspace = store.create_workspace(name)
    console.print(escape(_("Workspace {workspace} created.", workspace=workspace.name)))


@workspace_app.command("list")
def list_(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the workspaces with how many campaigns each holds."""
    with _store(ctx) as store:
        workspaces = store.list_workspaces()
    if as_json:
        rows = [
            {"name": w.name, "slug": w.slug, "campaigns": w.campaigns, "created_at": w.created_at.isoformat()}
            for w in workspaces
        ]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not workspaces:
        console.print(escape(_("No workspaces yet. Create one with: reelwise workspace create NAME")))
        return
    table = Table(title=_("Workspaces ({count})", count=len(workspaces)))
    table.add_column(_("workspace"))
    table.add_column(_("campaigns"), justify="right")
    table.add_column(_("created"))
    for w in workspaces:
        table.add_row(escape(w.name), str(w.campaigns), _when(w.created_at))
    console.print(table)


@workspace_app.command("show")
def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The workspace.")] = DEFAULT_WORKSPACE,
    as_json: JsonOption = False,
) -> None:
    """Show a workspace's campaigns with their current versions."""
    with _store(ctx) as store:
        workspace = store.get_workspace(name)
        campaigns = store.list_campaigns(name)
    if as_json:
        payload = {
            "name": workspace.name,
            "slug": workspace.slug,
            "created_at": workspace.created_at.isoformat(),
            "campaigns": [
                {
                    "name": c.name,
                    "slug": c.slug,
                    "version": c.version,
                    "updated_at": c.updated_at.isoformat(),
                    "updated_by": c.updated_by,
                }
                for c in campaigns
            ],
        }
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    if not campaigns:
        console.print(
            escape(
                _(
                    "Workspace {workspace} has no campaigns yet. Add one with: "
                    "reelwise plan import FILE --workspace {workspace}",
                    workspace=workspace.name,
                )
            )
        )
        return
    table = Table(
        title=_("Campaigns in workspace {workspace} ({count})", workspace=workspace.name, count=len(campaigns))
    )
    table.add_column(_("campaign"))
    table.add_column(_("version"), justify="right")
    table.add_column(_("changed"))
    table.add_column(_("by"))
    for c in campaigns:
        table.add_row(escape(c.name), str(c.version), _when(c.updated_at), escape(c.updated_by or "-"))
    console.print(table)


@workspace_app.command("history")
def history(
    ctx: typer.Context,
    campaign: Annotated[str, typer.Argument(help="The campaign.")],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    as_json: JsonOption = False,
) -> None:
    """Every saved version of a campaign's plan: who saved it and when."""
    with _store(ctx) as store:
        entries = store.history(workspace, campaign)
    if as_json:
        rows = [
            {"version": h.version, "saved_at": h.saved_at.isoformat(), "saved_by": h.saved_by, "name": h.campaign_name}
            for h in entries
        ]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    table = Table(title=_("History of campaign {campaign}", campaign=entries[-1].campaign_name))
    table.add_column(_("version"), justify="right")
    table.add_column(_("saved"))
    table.add_column(_("by"))
    for h in entries:
        table.add_row(str(h.version), _when(h.saved_at), escape(h.saved_by or "-"))
    console.print(table)


@workspace_app.command("delete")
def delete(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The workspace.")],
    yes: Annotated[bool, typer.Option("--yes", help="Delete without asking.")] = False,
) -> None:
    """Delete a workspace with all its campaigns and their history."""
    with _store(ctx) as store:
        workspace = store.get_workspace(name)
        if not yes and not sys.stdin.isatty():
            raise InputError(
                Msg("deleting workspace {workspace} cannot be undone; add --yes to confirm", workspace=workspace.name)
            )
        if not yes and not typer.confirm(
            _(
                "Delete workspace {workspace} with its campaigns ({count}) and their history?",
                workspace=workspace.name,
                count=workspace.campaigns,
            ),
            default=False,
        ):
            err_console.print(escape(_("Nothing deleted.")))
            raise typer.Exit(1)
        count = store.delete_workspace(name)
    console.print(
        escape(_("Workspace {workspace} deleted (campaigns deleted: {count}).", workspace=workspace.name, count=count))
    )


# --- reelwise plan import / export -------------------------------------------------------


@plan_app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The plan YAML file.")],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    campaign: Annotated[
        str | None, typer.Option("--campaign", "-c", help="Store under this name (default: the plan's campaign name).")
    ] = None,
    expect_version: Annotated[
        int | None,
        typer.Option(
            "--expect-version",
            min=0,
            help="The version your plan is based on; needed to replace a stored campaign (0: must be new).",
        ),
    ] = None,
) -> None:
    """Validate a plan file and store it as a campaign in a workspace (a new version when it changed)."""
    with _store(ctx) as store:
        try:
            result = import_plan_file(
                store, file, workspace=workspace, campaign=campaign, expected_version=expect_version, author=_author()
            )
        except PlanError as exc:
            issues = exc.issues
            err_console.print(
                "[bold red]✗[/] "
                + escape(_("{file}: {count} problem(s); nothing was imported", file=str(file), count=len(issues)))
            )
            for issue in issues:
                err_console.print(f"  {escape(issue.render())}")
            if not issues:
                err_console.print(f"  {escape(exc.render())}")
            raise typer.Exit(2) from None
        ws_name = store.get_workspace(workspace).name
    c = result.campaign
    if result.created:
        text = _(
            "Campaign {campaign} created in workspace {workspace} (version {version}).",
            campaign=c.name,
            workspace=ws_name,
            version=c.version,
        )
    elif result.changed:
        text = _(
            "Campaign {campaign} in workspace {workspace} saved as version {version}.",
            campaign=c.name,
            workspace=ws_name,
            version=c.version,
        )
    else:
        text = _(
            "Campaign {campaign} in workspace {workspace} is unchanged (version {version}).",
            campaign=c.name,
            workspace=ws_name,
            version=c.version,
        )
    console.print("[bold green]✓[/] " + escape(text))


@plan_app.command("export")
def export(
    ctx: typer.Context,
    campaign: Annotated[str, typer.Argument(help="The campaign.")],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file (default: print).")] = None,
    version: Annotated[
        int | None, typer.Option("--version", min=1, help="An older version from the history (default: the newest).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a stored campaign's plan as a plan YAML file (the same text every time)."""
    with _store(ctx) as store:
        stored = store.get_campaign(workspace, campaign, version=version)
    if output is None:
        typer.echo(dump_plan(stored.plan), nl=False)
        return
    if output.exists() and not force:
        raise ConfigError(Msg("{file} already exists; use --force to replace it", file=str(output)))
    write_plan(stored.plan, output)
    err_console.print(
        escape(
            _(
                "Version {version} of campaign {campaign} written to {file}.",
                version=stored.version,
                campaign=stored.info.name,
                file=str(output),
            )
        )
    )


def register(app: typer.Typer) -> None:
    app.add_typer(workspace_app, name="workspace")
