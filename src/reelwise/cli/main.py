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


def video_language(lang: str | None) -> str | None:
    """A command's ``--lang``: the language of the video and of the output (nl or en), set for
    the output; None when not given. A bad value is an :class:`InputError`."""
    from reelwise.errors import InputError
    from reelwise.i18n import Msg, normalise_language

    if lang is None:
        return None
    language = normalise_language(lang)
    if language is None:
        raise InputError(Msg("unsupported language {lang}: use nl or en", lang=lang))
    set_language(language)
    return language


# Command groups that other modules add commands to (``workspace`` adds ``plan import``):
# asked for by name, they still get every module.
_SHARED_GROUPS = frozenset({"plan"})


def _register_commands(only: str | None = None) -> None:
    """Register every ``cmd_*.py`` module's commands, or only ``cmd_<only>.py``'s."""
    names = [m.name for m in pkgutil.iter_modules(cli_package.__path__) if m.name.startswith("cmd_")]
    if only is not None and only not in _SHARED_GROUPS and f"cmd_{only}" in names:
        names = [f"cmd_{only}"]
    for name in names:
        mod: Any = importlib.import_module(f"{cli_package.__name__}.{name}")
        mod.register(app)


def _command_in(argv: list[str]) -> str | None:
    """The command a command line asks for (the first word after the global options)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--lang", "--data"):
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def _launched_as_command() -> bool:
    """Whether this process is ``reelwise …`` or ``python -m reelwise …`` itself."""
    launcher = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    return launcher is not None and (
        launcher.name == "reelwise" or (launcher.name == "__main__.py" and launcher.parent.name == "reelwise")
    )


# A command line imports only the module of the command it runs (a video check does not
# load the plan, import and web modules: about 0.2 s less before it starts); everything
# else (help, tests, the docs generator) gets every command.
_register_commands(_command_in(sys.argv[1:]) if _launched_as_command() else None)


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


# Commands whose process ends as soon as their output is written: a video check loads
# PyAV, OpenCV and ONNX Runtime, whose teardown at interpreter exit took 0.15 s (measured)
# and does nothing a finished check needs. A command here keeps no database or other
# state open that needs closing.
_QUICK_EXIT = frozenset({"check"})


def _tune_process() -> None:
    """Process-wide settings for a command line, made before any command imports NumPy."""
    # NumPy's OpenBLAS keeps a thread per core that spins while waiting for work. The
    # matrix products here are cut to one thread's size (media/loudness.py), so that
    # spinning only took CPU from the video decoder (4 % of a check's CPU time, measured).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _warm_up(args: list[str]) -> None:
    """Let the command about to run start its slow, lock-free preparations early: a
    ``cmd_*.py`` module may define ``warm_up(args)`` (the video check loads its OCR models)."""
    command = _command_in(args)
    if command is None:
        return
    module = sys.modules.get(f"{cli_package.__name__}.cmd_{command}")
    hook = getattr(module, "warm_up", None)
    if callable(hook):
        hook(args)


def _quick_exit(code: int) -> None:
    """End the process now, without the interpreter's teardown (see ``_QUICK_EXIT``)."""
    import logging

    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def run(argv: list[str] | None = None) -> None:
    """Console-script entry point: runs the app and turns errors into one clear line."""
    args = list(sys.argv[1:] if argv is None else argv)
    set_language(_early_language(args))
    debug = os.environ.get("REELWISE_DEBUG", "") not in ("", "0", "false")
    as_command = argv is None and _launched_as_command()
    if as_command:
        _tune_process()
        _warm_up(args)
    code = _run_app(args, debug)
    if as_command and _command_in(args) in _QUICK_EXIT:
        _quick_exit(code)
    if code:
        sys.exit(code)


def _run_app(args: list[str], debug: bool) -> int:
    """Run the app; the exit status, with any error told in one clear line."""
    try:
        result = app(args=args, standalone_mode=False)
        return result if isinstance(result, int) and not isinstance(result, bool) else 0
    except ReelwiseError as exc:
        if debug:
            raise
        label = _("error")
        err_console.print(f"[bold red]{label}:[/] {escape(exc.render())}", markup=True, highlight=False)
        return exc.exit_code
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        err_console.print(_("aborted"))
        return 130
    except KeyboardInterrupt:
        err_console.print(_("interrupted"))
        return 130
    except Exception as exc:  # the last line of defence: never a traceback for a user
        if _is_usage_error(exc):  # a bad option or a missing argument: usage and a hint
            exc.show()  # type: ignore[attr-defined]
            return int(exc.exit_code)  # type: ignore[attr-defined]
        if debug:
            raise
        label = _("unexpected error")
        err_console.print(
            f"[bold red]{label}:[/] {type(exc).__name__}: {escape(str(exc))}\n"
            + _("Run again with REELWISE_DEBUG=1 to see the details, and please report it."),
            markup=True,
            highlight=False,
        )
        return 70
