"""``reelwise import`` as a user runs it: a real process, real exports, JSON and tables."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def reelwise(*args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REELWISE_")}
    env.update({"REELWISE_LANG": lang, "COLUMNS": "200"})
    return subprocess.run(
        [sys.executable, "-m", "reelwise", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_json_per_file_and_exit_code_after_a_bad_file(shared_data: Path, tmp_path: Path) -> None:
    bad = tmp_path / "notes.csv"
    bad.write_text("Colour,Size\nred,5\n", encoding="utf-8")
    table = shared_data / "exports" / "youtube-studio-shorts-channel" / "Table data.csv"
    overview = shared_data / "exports" / "tiktok-creator" / "Overview.csv"
    args = ["--data", str(tmp_path), "import", str(bad), str(table), str(overview), "--year", "2026", "--json"]
    result = reelwise(*args)
    assert result.returncode == 2, result.stderr
    payload = json.loads(result.stdout)
    assert payload["workspace"] == "default"
    failed, yt, tt = payload["files"]
    assert failed["status"] == "failed" and "not a platform export" in failed["error"]
    assert yt["kind"] == "youtube_table" and yt["rows_read"] == 443 and yt["rows_updated"] == 0
    assert yt["rows_new"] > 442 * 5
    assert yt["totals"]["views"] == 181588 and yt["totals"]["watch_time_hours"] == 243.645
    assert yt["columns_not_understood"] == []
    assert tt["kind"] == "tiktok_overview" and tt["period_end"] == "2026-02-27"
    assert payload["totals"]["failed"] == 1
    again = json.loads(reelwise(*args[:3], str(table), "--json").stdout)
    assert again["files"][0]["status"] == "already_imported" and again["files"][0]["rows_new"] == 0
    assert (tmp_path / "workspaces" / "default" / "events.duckdb").is_file()


def test_table_output_in_dutch_and_a_named_workspace(shared_data: Path, tmp_path: Path) -> None:
    totals = shared_data / "exports" / "youtube-studio-shorts-channel" / "Totals.csv"
    result = reelwise("--data", str(tmp_path), "import", str(totals), "--workspace", "klant-a", lang="nl")
    assert result.returncode == 0, result.stderr
    assert "Geïmporteerd in werkruimte klant-a" in result.stdout
    assert "youtube_totals" in result.stdout and "views 181,588" in result.stdout
    assert (tmp_path / "workspaces" / "klant-a" / "events.duckdb").is_file()


def test_a_bad_workspace_name_is_one_clear_line(tmp_path: Path) -> None:
    result = reelwise("--data", str(tmp_path), "import", "x.csv", "--workspace", "../evil")
    assert result.returncode != 0
    assert "workspace name '../evil' is not allowed" in result.stderr
    assert "Traceback" not in result.stderr
