"""``reelwise workspace …`` and ``reelwise plan import/export``, in English and Dutch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest

from reelwise.cli.main import run
from reelwise.domain.planfile import dump_plan, load_plan

PLAN = """\
brand:
  name: Bakkerij Één
  colours: ['#c8102e']
campaign:
  name: Lente 2025
  start: 2025-03-01
  end: 2025-04-30
  budget_eur: 1500
videos:
- id: v1
  title: Vers brood om zeven uur
  stage: See
"""


@dataclass
class Result:
    code: int
    out: str
    err: str


class Cli(Protocol):
    def __call__(self, *args: str, lang: str = "en") -> Result: ...


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Cli]:
    """Run ``reelwise --data <tmp> ARGS`` in-process, as the console script does."""
    monkeypatch.delenv("REELWISE_DATABASE_URL", raising=False)
    monkeypatch.delenv("REELWISE_DEBUG", raising=False)
    data = tmp_path / "data"

    def invoke(*args: str, lang: str = "en") -> Result:
        capsys.readouterr()
        try:
            run(["--lang", lang, "--data", str(data), *args])
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    yield invoke


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    file = tmp_path / "plan.yaml"
    file.write_text(PLAN, encoding="utf-8")
    return file


def test_create_list_show_and_delete_in_english(cli: Cli, plan_file: Path) -> None:
    assert "No workspaces yet" in cli("workspace", "list").out
    assert cli("workspace", "create", "Bakkerij Één").out.strip() == "Workspace Bakkerij Één created."
    again = cli("workspace", "create", "bakkerij een")
    assert again.code == 1
    assert again.err.strip() == "error: workspace bakkerij een already exists"
    listed = cli("workspace", "list")
    assert "Workspaces (1)" in listed.out and "Bakkerij Één" in listed.out
    assert "has no campaigns yet" in cli("workspace", "show", "bakkerij een").out
    cli("plan", "import", str(plan_file), "--workspace", "bakkerij-een")
    shown = cli("workspace", "show", "Bakkerij Één")
    assert "Campaigns in workspace Bakkerij Één (1)" in shown.out
    assert "Lente 2025" in shown.out
    deleted = cli("workspace", "delete", "bakkerij-een", "--yes")
    assert deleted.out.strip() == "Workspace Bakkerij Één deleted (campaigns deleted: 1)."
    assert json.loads(cli("workspace", "list", "--json").out) == []


def test_create_list_show_and_delete_in_dutch(cli: Cli, plan_file: Path) -> None:
    assert "Nog geen werkruimtes" in cli("workspace", "list", lang="nl").out
    assert cli("workspace", "create", "Klant", lang="nl").out.strip() == "Werkruimte Klant aangemaakt."
    assert "Werkruimtes (1)" in cli("workspace", "list", lang="nl").out
    imported = cli("plan", "import", str(plan_file), "-w", "klant", lang="nl")
    assert "Campagne Lente 2025 aangemaakt in werkruimte Klant (versie 1)." in imported.out
    assert "Campagnes in werkruimte Klant (1)" in cli("workspace", "show", "klant", lang="nl").out
    missing = cli("workspace", "show", "nope", lang="nl")
    assert (missing.code, missing.err.strip()) == (1, "fout: er is geen werkruimte nope")
    assert cli("workspace", "delete", "klant", "--yes", lang="nl").out.strip() == (
        "Werkruimte Klant verwijderd (campagnes verwijderd: 1)."
    )


def test_delete_without_yes_deletes_nothing(cli: Cli) -> None:
    cli("workspace", "create", "klant")
    refused = cli("workspace", "delete", "klant")
    assert refused.code == 2
    assert "add --yes to confirm" in refused.err
    assert "klant" in cli("workspace", "list").out


def test_import_then_export_gives_the_same_yaml(cli: Cli, plan_file: Path, tmp_path: Path) -> None:
    imported = cli("plan", "import", str(plan_file))
    assert imported.code == 0
    assert "Campaign Lente 2025 created in workspace default (version 1)." in imported.out
    exported = cli("plan", "export", "lente 2025")
    assert exported.code == 0
    assert exported.out == dump_plan(load_plan(PLAN))
    # the exported file, imported again, is unchanged and exports byte for byte the same
    out = tmp_path / "export.yaml"
    written = cli("plan", "export", "Lente 2025", "-o", str(out))
    assert "Version 1 of campaign Lente 2025 written to" in written.err
    assert out.read_text(encoding="utf-8") == exported.out
    again = cli("plan", "import", str(out))
    assert "is unchanged (version 1)" in again.out
    assert cli("plan", "export", "lente-2025").out == exported.out
    refused = cli("plan", "export", "Lente 2025", "-o", str(out))
    assert refused.code == 1 and "already exists; use --force" in refused.err
    assert cli("plan", "export", "Lente 2025", "-o", str(out), "--force").code == 0


def test_a_new_version_needs_the_version_it_was_based_on(cli: Cli, plan_file: Path) -> None:
    cli("plan", "import", str(plan_file))
    plan_file.write_text(PLAN.replace("budget_eur: 1500", "budget_eur: 2000"), encoding="utf-8")
    blind = cli("plan", "import", str(plan_file))
    assert blind.code == 1
    assert "already exists in workspace default (version 1)" in blind.err
    assert "--expect-version 1" in blind.err
    saved = cli("plan", "import", str(plan_file), "--expect-version", "1")
    assert "Campaign Lente 2025 in workspace default saved as version 2." in saved.out
    plan_file.write_text(PLAN.replace("budget_eur: 1500", "budget_eur: 9999"), encoding="utf-8")
    stale = cli("plan", "import", str(plan_file), "--expect-version", "1")
    assert stale.code == 1
    assert stale.err.strip() == "error: campaign Lente 2025 was changed by someone else (version 2, you had 1)"
    stale_nl = cli("plan", "import", str(plan_file), "--expect-version", "1", lang="nl")
    assert stale_nl.err.strip() == "fout: campagne Lente 2025 is door iemand anders gewijzigd (versie 2, jij had 1)"
    # nothing was lost: both versions are in the history and version 1 can be exported
    history = json.loads(cli("workspace", "history", "Lente 2025", "--json").out)
    assert [h["version"] for h in history] == [1, 2]
    assert "budget_eur: 1500.0" in cli("plan", "export", "Lente 2025", "--version", "1").out
    assert "budget_eur: 2000.0" in cli("plan", "export", "Lente 2025").out
    assert "Lente 2025" in cli("workspace", "history", "Lente 2025").out


def test_an_invalid_plan_is_reported_with_locations_and_not_imported(cli: Cli, plan_file: Path) -> None:
    plan_file.write_text(PLAN.replace("2025-04-30", "eind april").replace("#c8102e", "rood"), encoding="utf-8")
    result = cli("plan", "import", str(plan_file))
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert lines[0].endswith("plan.yaml: 2 problem(s); nothing was imported")
    assert lines[1].strip().startswith(f"{plan_file}:3 brand.colours[0]: ")
    assert lines[2].strip().startswith(f"{plan_file}:7 campaign.end: ")
    assert json.loads(cli("workspace", "list", "--json").out) == []
    dutch = cli("plan", "import", str(plan_file), lang="nl")
    assert "2 probleem/problemen; er is niets geïmporteerd" in dutch.err


def test_unknown_workspaces_and_campaigns_are_one_clear_line(cli: Cli, plan_file: Path) -> None:
    unknown = cli("plan", "import", str(plan_file), "--workspace", "nope")
    assert (unknown.code, unknown.err.strip()) == (1, "error: there is no workspace nope")
    missing = cli("plan", "export", "Zomer")
    assert missing.code == 1
    assert missing.err.strip() == "error: there is no workspace default"
    cli("plan", "import", str(plan_file))
    missing = cli("plan", "export", "Zomer")
    assert missing.err.strip() == "error: there is no campaign Zomer in workspace default"
    old = cli("plan", "export", "Lente 2025", "--version", "7")
    assert old.err.strip() == "error: campaign Lente 2025 has no version 7 (the newest is 1)"


def test_the_installed_command_reports_conflicts_with_exit_codes(tmp_path: Path, plan_file: Path) -> None:
    script = Path(sys.executable).with_name("reelwise")
    command = [str(script)] if script.exists() else [sys.executable, "-c", "from reelwise.cli.main import run; run()"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("REELWISE_")}
    env["REELWISE_DATA"] = str(tmp_path / "data")

    def reelwise(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*command, "--lang", "en", *args], capture_output=True, text=True, env=env, timeout=120)

    assert reelwise("plan", "import", str(plan_file)).returncode == 0
    plan_file.write_text(PLAN.replace("1500", "1600"), encoding="utf-8")
    conflict = reelwise("plan", "import", str(plan_file), "--campaign", "lente 2025", "--expect-version", "0")
    assert conflict.returncode == 1
    assert "campaign Lente 2025 already exists" in conflict.stderr
    assert "Traceback" not in conflict.stderr
    assert (tmp_path / "data" / "reelwise.sqlite3").is_file()
