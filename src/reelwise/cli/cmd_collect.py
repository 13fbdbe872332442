"""``reelwise collect``: serve the player's collect endpoint; ``reelwise collect key …``: site keys."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from reelwise.analytics.store import DEFAULT_WORKSPACE
from reelwise.cli.main import settings
from reelwise.i18n import _
from reelwise.services.collect import check_host, collect_config, create_key, list_keys, revoke_key, serve

collect_app = typer.Typer(
    help="Receive events from the reelwise player (POST /collect) and conversions (POST /conversions).",
    invoke_without_command=True,
)
key_app = typer.Typer(help="Site keys: which workspace a page's events go to.", no_args_is_help=True)
collect_app.add_typer(key_app, name="key")
SCRIPT_URL = "https://YOUR-COLLECT-HOST/static/reelwise-player.min.js"
console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


@collect_app.callback()
def collect(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (loopback only without --allow-remote).")
    ] = ("127.0.0.1"),
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8001,
    workspace: Annotated[
        str | None, typer.Option("--workspace", help="Serve only this workspace's keys (default: every workspace).")
    ] = None,
    allow_remote: Annotated[
        bool, typer.Option("--allow-remote", help="Allow a non-loopback --host (put an HTTPS proxy in front).")
    ] = False,
    flush_ms: Annotated[
        int | None, typer.Option("--flush-ms", min=10, help="Store journaled events at least this often (ms).")
    ] = None,
    flush_events: Annotated[
        int | None, typer.Option("--flush-events", min=1, help="…or as soon as this many events wait.")
    ] = None,
    rate: Annotated[
        float | None, typer.Option("--rate", min=1, help="Events per second allowed per site key (default 5000).")
    ] = None,
) -> None:
    """Serve the collect endpoint (on 127.0.0.1:8001 by default) until Ctrl-C."""
    if ctx.invoked_subcommand is not None:
        return
    check_host(host, allow_remote)
    config = collect_config(settings(ctx), workspace=workspace, flush_ms=flush_ms, flush_events=flush_events, rate=rate)
    keys = list_keys(settings(ctx), workspace)
    if not keys:
        err_console.print(
            escape(
                _(
                    "No site keys yet: create one with `reelwise collect key create --workspace {workspace}`.",
                    workspace=workspace or DEFAULT_WORKSPACE,
                )
            )
        )
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    err_console.print(escape(_("Collecting events on http://{address}/collect (Ctrl-C to stop).", address=address)))
    serve(config, host, port, allow_remote=allow_remote)


@key_app.command("create")
def key_create(
    ctx: typer.Context,
    workspace: Annotated[str, typer.Option("--workspace", help="The workspace the events go to.")] = DEFAULT_WORKSPACE,
    label: Annotated[str, typer.Option("--label", help="A note for yourself, e.g. the site's domain.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Make a site key for the tracker snippet, and a secret token for POST /conversions (shown once)."""
    key, secret = create_key(settings(ctx), workspace, label)
    if as_json:
        console.print_json(json.dumps({**key.as_json(), "secret": secret}, ensure_ascii=False))
        return
    console.print(escape(_("Site key for workspace {workspace}: {key}", workspace=key.workspace, key=key.key)))
    console.print(escape(_("Secret token for POST /conversions (shown only now): {secret}", secret=secret)))
    console.print(escape(_("Embed the tracker with:")))
    snippet = f'<script src="{SCRIPT_URL}" data-reelwise-key="{key.key}" defer></script>'
    console.print(escape(snippet))


@key_app.command("list")
def key_list(
    ctx: typer.Context,
    workspace: Annotated[str | None, typer.Option("--workspace", help="Only this workspace's keys.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """List the site keys (the secret tokens are not stored and cannot be shown)."""
    keys = list_keys(settings(ctx), workspace)
    if as_json:
        payload = [{k: v for k, v in key.as_json().items() if k != "secret_sha256"} for key in keys]
        console.print_json(json.dumps(payload, ensure_ascii=False))
        return
    if not keys:
        console.print(escape(_("No site keys yet.")))
        return
    table = Table(_("key"), _("workspace"), _("label"), _("created"))
    for key in keys:
        table.add_row(escape(key.key), escape(key.workspace), escape(key.label), escape(key.created))
    console.print(table)


@key_app.command("revoke")
def key_revoke(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="The site key to remove.")],
) -> None:
    """Remove a site key: its beacons are refused (403) from then on."""
    removed = revoke_key(settings(ctx), key)
    console.print(
        escape(_("Removed site key {key} of workspace {workspace}.", key=removed.key, workspace=removed.workspace))
    )


def register(app: typer.Typer) -> None:
    app.add_typer(collect_app, name="collect")
