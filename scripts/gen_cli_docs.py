"""Write docs/cli.md from the command tree itself, so every command is documented.

``python scripts/gen_cli_docs.py`` rewrites the file; ``--check`` exits 1 when it is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from reelwise.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "cli.md"


def _params(command: Any) -> list[str]:
    rows = []
    for param in command.params:
        if param.name in ("help", "install_completion", "show_completion"):
            continue
        if param.param_type_name == "argument":
            name = (param.name or "").upper()
            what = getattr(param, "help", None) or ""
            rows.append(f"| `{name}` | argument | {what} |")
        elif param.param_type_name == "option":
            names = ", ".join(f"`{o}`" for o in param.opts + param.secondary_opts)
            default = (
                "" if param.default in (None, False, (), []) or param.is_flag else f" (default: `{param.default}`)"
            )
            rows.append(f"| {names} | option | {(param.help or '').replace('|', '/')}{default} |")
    if not rows:
        return []
    return ["| name | kind | meaning |", "| --- | --- | --- |", *rows, ""]


def _walk(command: Any, path: list[str], out: list[str]) -> None:
    title = " ".join(path)
    level = "#" * min(len(path) + 1, 4)
    out.append(f"{level} `{title}`")
    out.append("")
    help_text = (command.help or "").strip()
    if help_text:
        out.append(help_text)
        out.append("")
    out.extend(_params(command))
    if hasattr(command, "commands"):
        for name in sorted(command.commands):
            _walk(command.commands[name], [*path, name], out)


def render() -> str:
    root = typer.main.get_command(app)
    lines = [
        "# Command line",
        "",
        "Generated from the commands themselves by `scripts/gen_cli_docs.py`; do not edit by hand.",
        "Every command accepts `--help`. Global options come before the command: "
        "`reelwise --lang nl --data DIR COMMAND …`.",
        "",
    ]
    _walk(root, ["reelwise"], lines)
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print("docs/cli.md is stale: run python scripts/gen_cli_docs.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(TARGET)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
