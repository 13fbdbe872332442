"""``reelwise report``, ``survey``, ``answers`` and ``adjust`` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from tests.analytics.eventdata import plan_data
from typer.testing import CliRunner

from reelwise.cli.main import app

runner = CliRunner()


def cli(data: Path, *args: str, lang: str = "en") -> tuple[int, str]:
    result = runner.invoke(app, ["--lang", lang, "--data", str(data), *args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(plan_data(), sort_keys=False), encoding="utf-8")
    return path


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_answers_import_map_and_unmapped(tmp_path: Path) -> None:
    answers = write(
        tmp_path / "answers.csv",
        "datum;antwoord\n2026-03-02;Via Insta\n03-03-2026;bij de bakker\n"
        "2026-03-04;bij de bakker\n2026-03-05;een vriendin\n",
    )
    code, out = cli(tmp_path, "answers", "import", str(answers), "-w", "bakkerij")
    assert code == 0
    assert "4 rows read, 4 new, 0 updated" in out
    assert "2 answers not mapped" in out
    code, out = cli(tmp_path, "answers", "unmapped", "-w", "bakkerij", "--json")
    assert json.loads(out) == [{"answer": "bij de bakker", "count": 2}]
    code, out = cli(tmp_path, "answers", "map", "Bij de Bakker", "word_of_mouth", "-w", "bakkerij")
    assert code == 0 and "4 answers are mapped now" in out
    code, out = cli(tmp_path, "answers", "unmapped", "-w", "bakkerij")
    assert "Every answer is mapped" in out
    code, out = cli(tmp_path, "answers", "import", str(answers), "-w", "bakkerij", "--json")
    assert json.loads(out)["files"][0]["rows_new"] == 0  # importing twice changes nothing


def test_survey_import_reports_bad_rows_and_goes_on(tmp_path: Path) -> None:
    good = write(
        tmp_path / "survey.csv",
        "date,arm,question,answer\n2026-03-20,exposed,brand_recall,ja\n"
        "2026-03-20,controle,brand_recall,nee\n2026-03-20,maybe,brand_recall,yes\n2026-03-20,exposed,recall,x\n",
    )
    missing = tmp_path / "nope.csv"
    code, out = cli(tmp_path, "survey", "import", str(missing), str(good), "--json")
    assert code == 2
    files = json.loads(out)["files"]
    assert "not found" in files[0]["error"]
    assert files[1]["rows_new"] == 2
    issues = files[1]["issues"]
    assert any("survey.csv:4 [arm]" in i and "'maybe' is not exposed or control" in i for i in issues)
    assert any("survey.csv:5 [question]" in i for i in issues) and any("survey.csv:5 [answer]" in i for i in issues)


def test_adjust_add_and_list(tmp_path: Path) -> None:
    code, out = cli(
        tmp_path,
        "adjust",
        "add",
        "--hypothesis",
        "Shorter intro keeps viewers",
        "--change",
        "Intro cut",
        "--metric",
        "views",
        "--date",
        "2026-03-24",
        "--campaign",
        "Lente",
    )
    assert code == 0 and "logged" in out
    code, out = cli(tmp_path, "adjust", "list", "--json")
    (row,) = json.loads(out)
    assert row["change"] == "Intro cut" and row["metric"] == "views" and row["ts"].startswith("2026-03-24")


def test_report_from_a_plan_file_in_json_and_as_tables(tmp_path: Path, plan_file: Path) -> None:
    survey = write(
        tmp_path / "survey.csv",
        "date,arm,question,answer\n"
        + "".join(
            f"2026-03-20,{arm},brand_recall,{'yes' if i % 3 == 0 else 'no'}\n"
            for arm in ("exposed", "control")
            for i in range(30)
        ),
    )
    assert cli(tmp_path, "survey", "import", str(survey))[0] == 0
    code, out = cli(tmp_path, "report", "Lente", "--plan", str(plan_file), "--today", "2026-03-31", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["has_data"] is True
    assert [g["goal"] for g in data["goals"]] == ["views", "sales", "ctr", "recall"]
    assert data["recall"][0]["question"] == "brand_recall"
    code, out = cli(tmp_path, "report", "Lente", "--plan", str(plan_file), "--today", "2026-03-31", lang="nl")
    assert code == 0
    assert "Doelen" in out and "Merklift" in out and "geen gegevens" in out


def test_errors_are_one_clear_line(tmp_path: Path, plan_file: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REELWISE_")}
    env.update({"REELWISE_LANG": "en", "REELWISE_DATA": str(tmp_path)})
    bad_date = subprocess.run(
        [sys.executable, "-m", "reelwise", "report", "Lente", "--plan", str(plan_file), "--today", "31-31-2026"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert bad_date.returncode == 2
    assert bad_date.stderr.strip() == "error: '31-31-2026' is not a date like 2026-03-31"
    bad_channel = subprocess.run(
        [sys.executable, "-m", "reelwise", "answers", "map", "x", "Not A Channel"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert bad_channel.returncode == 2
    assert "is not a channel name" in bad_channel.stderr


def test_report_reads_the_plan_from_the_workspace_store(tmp_path: Path, plan_file: Path) -> None:
    code, out = cli(tmp_path, "plan", "import", str(plan_file))
    assert code == 0, out
    answers = write(tmp_path / "answers.csv", "answer\nvia Insta\n")
    assert cli(tmp_path, "answers", "import", str(answers))[0] == 0
    code, out = cli(tmp_path, "report", "Lente", "--today", "2026-03-31", "--json")
    assert code == 0, out
    data = json.loads(out)
    assert data["campaign"] == "Lente" and data["workspace"] == "default"
    assert data["attribution"]["shares"][0]["channel"] == "instagram"
