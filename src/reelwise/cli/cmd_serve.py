"""``reelwise serve`` and ``reelwise user add``: the web app and its people."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from reelwise.cli.main import settings
from reelwise.errors import ConfigError, NotFoundError
from reelwise.i18n import Msg, _
from reelwise.services.users import Role, add_user

console = Console(highlight=False, soft_wrap=True)
user_app = typer.Typer(
    help="People who use the web app: add users and give them access to workspaces.", no_args_is_help=True
)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    data: Annotated[Path | None, typer.Option("--data", help="Data directory (overrides the global --data).")] = None,
    allow_remote: Annotated[
        bool, typer.Option("--allow-remote", help="Listen on a non-loopback address (put HTTPS in front!).")
    ] = False,
) -> None:
    """Start the web app: workspaces, plan editor, checks, audit and analytics in the browser."""
    import uvicorn

    from reelwise.web.app import create_app

    conf = settings(ctx)
    if data is not None:
        from dataclasses import replace

        conf = replace(conf, data_dir=data)
    if not _is_loopback(host) and not allow_remote:
        raise ConfigError(Msg("{host} is not a loopback address; add --allow-remote to listen there", host=host))
    app = create_app(conf)
    console.print(escape(_("reelwise is running at {url} (Ctrl+C stops it)", url=f"http://{host}:{port}/")))
    uvicorn.run(app, host=host, port=port, log_level="warning")


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="E-mail address (the login name).")],
    name: Annotated[str, typer.Option("--name", help="Display name.")] = "",
    password: Annotated[
        str | None, typer.Option("--password", help="Password (asked when not given; at least 10 characters).")
    ] = None,
    workspace: Annotated[list[str] | None, typer.Option("--workspace", help="Give access to this workspace.")] = None,
    role: Annotated[Role, typer.Option("--role", help="Role in those workspaces.")] = Role.EDITOR,
    admin: Annotated[bool, typer.Option("--admin", help="Administrator: access to every workspace.")] = False,
    lang: Annotated[str, typer.Option("--user-lang", help="The user's language: nl or en.")] = "nl",
) -> None:
    """Create a user (the first one with --admin), optionally with access to workspaces."""
    from reelwise.adapters.storage import SqlUserStore, open_store
    from reelwise.adapters.storage.store import utc_now

    conf = settings(ctx)
    if password is None:
        password = typer.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    with open_store(conf.db_url) as store:
        users = SqlUserStore(store, utc_now)
        user = add_user(users, email, name, password, lang=lang, is_admin=admin)
        for ws in workspace or []:
            try:
                found = store.get_workspace(ws)
            except NotFoundError:
                found = store.create_workspace(ws)
            users.grant(user.id, found.slug, role)
    console.print(escape(_("User {email} created", email=user.email)))


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(user_app, name="user")
