"""Entry point: global options, command discovery, and the one place errors become text."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

import reelwise.cli as cli_package
from reelwise.config import Settings, resolve_settings
from reelwise.errors import ReelwiseError
from reelwise.i18n import _, resolve_language, set_language

app = typer.Typer(
    name="reelwise",
    help="Smart video marketing: plan, check, ship, measure and adjust video campaigns.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode="rich",
)

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def settings(ctx: typer.Context) -> Settings:
    """The settings resolved by the global options (for commands)."""
    obj = ctx.find_root().obj
    if isinstance(obj, Settings):
        return obj
    return resolve_settings(os.environ)


@app.callback()
def main(
    ctx: typer.Context,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language of the output: nl or en (default: REELWISE_LANG or locale).")
    ] = None,
    data: Annotated[
        Path | None, typer.Option("--data", help="Data directory (default: REELWISE_DATA or the user data folder).")
    ] = None,
) -> None:
    """reelwise: smart video marketing, from goal to measured result."""
    resolved = resolve_settings(os.environ, data=data, lang=lang)
    set_language(resolved.lang)
    ctx.obj = resolved


def _register_commands() -> None:
    for module in pkgutil.iter_modules(cli_package.__path__):
        if module.name.startswith("cmd_"):
            mod: Any = importlib.import_module(f"{cli_package.__name__}.{module.name}")
            mod.register(app)


_register_commands()


def _early_language(argv: list[str]) -> str:
    lang = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return resolve_language(lang, os.environ)


def _is_usage_error(exc: BaseException) -> bool:
    # typer carries its own copy of click; its exceptions share ClickException's interface
    return any(cls.__name__ == "ClickException" for cls in type(exc).__mro__) and hasattr(exc, "show")


def run(argv: list[str] | None = None) -> None:
    """Console-script entry point: runs the app and turns errors into one clear line."""
    args = list(sys.argv[1:] if argv is None else argv)
    set_language(_early_language(args))
    debug = os.environ.get("REELWISE_DEBUG", "") not in ("", "0", "false")
    try:
        result = app(args=args, standalone_mode=False)
        if isinstance(result, int) and not isinstance(result, bool):
            sys.exit(result)
    except ReelwiseError as exc:
        if debug:
            raise
        label = _("error")
        err_console.print(f"[bold red]{label}:[/] {escape(exc.render())}", markup=True, highlight=False)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print(_("aborted"))
        sys.exit(130)
    except KeyboardInterrupt:
        err_console.print(_("interrupted"))
        sys.exit(130)
    except Exception as exc:  # the last line of defence: never a traceback for a user
        if _is_usage_error(exc):  # a bad option or a missing argument: usage and a hint
            exc.show()  # type: ignore[attr-defined]
            sys.exit(int(exc.exit_code))  # type: ignore[attr-defined]
        if debug:
            raise
        label = _("unexpected error")
        err_console.print(
            f"[bold red]{label}:[/] {type(exc).__name__}: {escape(str(exc))}\n"
            + _("Run again with REELWISE_DEBUG=1 to see the details, and please report it."),
            markup=True,
            highlight=False,
        )
        sys.exit(70)
