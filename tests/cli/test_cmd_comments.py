"""``reelwise comments`` as a user runs it: a real process, a real workspace store."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cmd_check import EXAMPLES, reelwise
from tests.services.test_comments import youtube_response


def test_import_then_report_with_the_plans_targets(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    threads = tmp_path / "threads.json"
    threads.write_text(json.dumps(youtube_response()), encoding="utf-8")
    csv = tmp_path / "tiktok.csv"
    csv.write_text(
        "date,author,comment,reply to,id\n"
        "2027-02-15 08:00,jan,Wanneer komen jullie naar Zeist?,,c1\n"
        "2027-02-15 09:00,@bakkerijvandijk,Volgende maand!,c1,c2\n"
        "2027-02-15 10:00,piet,Te duur voor wat je krijgt,,c3\n",
        encoding="utf-8",
    )
    proc = reelwise("--data", data, "comments", "import", str(threads), str(csv), "--platform", "tiktok", "--json")
    assert proc.returncode == 0, proc.stderr
    files = json.loads(proc.stdout)["files"]
    assert [(f["format"], f["rows_new"]) for f in files] == [("youtube", 4), ("csv", 3)]
    plan = str(EXAMPLES / "bakkerij" / "plan.en.yaml")
    report = reelwise("--data", data, "comments", "report", "--plan", plan, "--as-of", "2027-02-16 20:00", "--json")
    assert report.returncode == 0, report.stderr
    platforms = {p["platform"]: p for p in json.loads(report.stdout)["platforms"]}
    assert platforms["tiktok"]["answered"] == 1 and platforms["tiktok"]["median_reply_hours"] == 1.0
    assert platforms["tiktok"]["target_hours"] == 8  # the plan's TikTok target
    overdue = json.loads(report.stdout)["overdue"]
    assert {o["text"] for o in overdue} == {"Brood was beschimmeld", "Te duur voor wat je krijgt"}
    dutch = reelwise(
        "--data", data, "--lang", "nl", "comments", "report", "--plan", plan, "--as-of", "2027-02-16 20:00"
    )
    assert dutch.returncode == 0 and "te late klacht op tiktok van piet" in dutch.stdout


def test_a_bad_file_fails_alone_and_says_where(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    good = tmp_path / "good.csv"
    good.write_text("date,comment,platform\n2027-02-15,Lekker!,tiktok\n", encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    proc = reelwise("--data", data, "comments", "import", str(bad), str(good))
    assert proc.returncode == 2
    assert "bad.json:1: not valid JSON" in proc.stderr and "Traceback" not in proc.stderr
    assert "good.csv (csv): 1 comments read, 1 new" in proc.stdout
    empty = reelwise("--data", str(tmp_path / "other"), "comments", "report", "--as-of", "someday")
    assert empty.returncode == 2 and "--as-of" in empty.stderr
