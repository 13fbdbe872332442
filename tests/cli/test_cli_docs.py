"""Every command is documented: it has help text, and docs/cli.md is generated from the tree."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
import typer

from reelwise.cli.main import app

ROOT = Path(__file__).resolve().parents[2]


def _load_generator() -> Any:
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _commands(command: Any, path: list[str]) -> list[tuple[str, Any]]:
    found = [(" ".join(path), command)]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        found += _commands(sub, [*path, name])
    return found


def test_every_command_and_option_has_help() -> None:
    missing = []
    for name, command in _commands(typer.main.get_command(app), ["reelwise"]):
        if not (command.help or "").strip():
            missing.append(name)
        for param in command.params:
            if param.param_type_name == "option" and param.name not in ("help",) and not getattr(param, "help", ""):
                missing.append(f"{name} {param.opts[0]}")
    assert not missing, f"undocumented: {missing}"


def test_cli_reference_is_up_to_date() -> None:
    generator = _load_generator()
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == generator.render(), (
        "docs/cli.md is stale: run python scripts/gen_cli_docs.py"
    )


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["reelwise", "check", "--help"], ["cmd_check"]),
        (["reelwise", "--lang", "nl", "audit", "plan.yaml"], ["cmd_audit"]),
        (["reelwise", "plan", "import", "x.yaml"], "all"),  # workspace adds to plan
        (["reelwise", "--help"], "all"),
        (["reelwise", "chek"], "all"),  # no such command: typer says so, with all listed
    ],
)
def test_a_command_line_imports_only_the_command_it_runs(argv: list[str], expected: object) -> None:
    import subprocess
    import sys

    code = (
        f"import sys; sys.argv = {argv!r}; import reelwise.cli.main; "
        "print(' '.join(sorted(k.rsplit('.', 1)[1] for k in sys.modules if k.startswith('reelwise.cli.cmd_'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == expected if expected != "all" else len(out) >= 9
