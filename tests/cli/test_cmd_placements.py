"""``reelwise placements`` as a user runs it, and the audit that reads them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cmd_check import EXAMPLES, reelwise


def test_record_import_list_and_the_audit_counts_them(example_media: Path, tmp_path: Path) -> None:
    # the plan's files (logo, videos) must exist for the audit: example_media makes them
    data = str(tmp_path / "data")
    add = reelwise("--data", data, "placements", "add", "--outlet", "duic", "--date", "2027-02-10", "--reach", "120k",
                   "--url", "https://duic.nl/a", "-w", "w")  # fmt: skip
    assert add.returncode == 0 and "Placement recorded: duic on 2027-02-10." in add.stdout
    csv = tmp_path / "p.csv"
    csv.write_text(
        "date,outlet,title,reach\n2027-02-12,Bakkerswereld,Subscriptions,15000\nsoon,X,Y,1\n", encoding="utf-8"
    )
    imported = reelwise("--data", data, "placements", "import", str(csv), "-w", "w")
    assert imported.returncode == 0 and "2 rows read, 1 new" in imported.stdout and "p.csv:3" in imported.stderr
    listed = reelwise("--data", data, "--lang", "nl", "placements", "list", "-w", "w")
    assert "2 plaatsingen, bekend bereik 135.000" in listed.stdout
    audit = reelwise("--data", data, "audit", str(EXAMPLES / "bakkerij" / "plan.en.yaml"), "-w", "w", "--json")
    found = [f for p in json.loads(audit.stdout)["points"] for f in p["findings"] if f["id"] == "pr.placements"]
    assert [f["evidence"]["reach"] for f in found] == [135000]
    assert found[0]["evidence"]["outlets"] == ["bakkerswereld", "duic"]  # matched to the plan's outlets


def test_bad_values_are_refused_with_the_option_named(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    for args, expected in [
        (("--date", "tomorrow", "--reach", "5"), "--date"),
        (("--date", "2027-02-10", "--reach", "lots"), "--reach"),
    ]:
        proc = reelwise("--data", data, "placements", "add", "--outlet", "duic", *args, "-w", "w")
        assert proc.returncode == 2 and expected in proc.stderr and "Traceback" not in proc.stderr
    assert "No placements recorded" in reelwise("--data", data, "placements", "list", "-w", "w").stdout
