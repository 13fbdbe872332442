"""``reelwise audit --workspace``: the audit reads the workspace's data (real exports, comments)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cmd_check import EXAMPLES, reelwise

PLAN = str(EXAMPLES / "bakkerij" / "plan.en.yaml")


def findings(stdout: str, rule: str) -> list[dict[str, object]]:
    data = json.loads(stdout)
    return [f for p in data["points"] for f in p["findings"] if f["id"] == rule]


def test_best_times_and_response_times_are_measured_from_the_workspace(
    shared_data: Path, example_media: Path, tmp_path: Path
) -> None:
    data = str(tmp_path / "data")
    exports = sorted((shared_data / "exports" / "tiktok-creator").glob("*.csv"))
    assert reelwise("--data", data, "import", *map(str, exports), "--workspace", "w", "--year", "2027").returncode == 0
    comments = tmp_path / "c.csv"
    comments.write_text(
        "date,author,comment,reply to,id\n"
        "2027-02-15 08:00,jan,Wanneer komen jullie naar Zeist?,,c1\n"
        "2027-02-15 20:00,@bakkerijvandijk,Volgende maand!,c1,c2\n",
        encoding="utf-8",
    )
    assert (
        reelwise("--data", data, "comments", "import", str(comments), "-w", "w", "--platform", "tiktok").returncode == 0
    )

    blind = reelwise("--data", data, "audit", PLAN, "--json", "--today", "2027-03-01")
    seeing = reelwise("--data", data, "audit", PLAN, "--json", "--today", "2027-03-01", "--workspace", "w")
    assert blind.returncode == 0 and seeing.returncode == 0, seeing.stderr
    for rule in ("distribution.best_times", "social.response_times"):
        assert [f["evidence"]["measured"] for f in findings(blind.stdout, rule)] == [False]  # without the data
        measured = findings(seeing.stdout, rule)
        assert measured and all(f["evidence"]["measured"] is True for f in measured), rule
    (slow,) = findings(seeing.stdout, "social.response_times")
    assert (
        slow["evidence"]["median_hours"] == 12.0 and slow["evidence"]["target_hours"] == 8
    )  # 12 h against TikTok's 8 h
    assert any("tiktok" in str(f["message"]) for f in findings(seeing.stdout, "distribution.best_times"))


def test_a_workspace_without_data_is_said_and_the_audit_still_runs(example_media: Path, tmp_path: Path) -> None:
    proc = reelwise("--data", str(tmp_path), "audit", PLAN, "--workspace", "empty")
    assert proc.returncode == 0 and "has no data yet" in proc.stderr
