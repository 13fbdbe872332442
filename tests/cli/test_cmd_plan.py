"""``reelwise plan …`` as a user runs it: a real process, real files, both languages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from tests.conftest import EXAMPLES
from tests.domain.plans import plan_data


def reelwise(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("REELWISE_")}
    full_env.update({"REELWISE_LANG": "en", **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "reelwise", *args], capture_output=True, text=True, env=full_env, cwd=cwd, timeout=120
    )


@pytest.fixture
def good_plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(plan_data(), sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def broken_plan(tmp_path: Path) -> Path:
    data = plan_data()
    data["videos"][0]["cta"]["url"] = "not-a-url"
    data["goals"][0]["metric"] = "likes"
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_valid_plan_exits_0_with_a_summary(good_plan: Path) -> None:
    result = reelwise("plan", "validate", str(good_plan))
    assert result.returncode == 0, result.stderr
    assert "valid plan for Lente" in result.stdout
    assert "1 videos" in result.stdout and "2 goals" in result.stdout


def test_broken_plan_reports_every_problem_located_and_exits_2(broken_plan: Path) -> None:
    result = reelwise("plan", "validate", str(broken_plan))
    assert result.returncode == 2
    text = " ".join(result.stderr.split())
    lines = broken_plan.read_text().splitlines()
    url_line = next(i for i, line in enumerate(lines, 1) if "not-a-url" in line)
    assert f"{broken_plan}:{url_line} videos[0].cta.url: not a URL" in text
    assert "goals[0].metric: expected one of" in text
    assert "Traceback" not in result.stderr


def test_several_files_go_on_past_a_bad_one(good_plan: Path, broken_plan: Path, tmp_path: Path) -> None:
    result = reelwise("plan", "validate", str(broken_plan), str(tmp_path / "missing.yaml"), str(good_plan), "--json")
    assert result.returncode == 2
    report = json.loads(result.stdout)
    assert [r["valid"] for r in report] == [False, False, True]
    assert report[1]["problems"][0]["message"] == "file not found"
    assert report[2]["summary"]["videos"] == 1


def test_dutch_output(broken_plan: Path) -> None:
    result = reelwise("--lang", "nl", "plan", "validate", str(broken_plan))
    assert result.returncode == 2
    assert "geen URL" in result.stderr and "verwacht een van" in result.stderr
    result = reelwise("plan", "validate", str(broken_plan), env={"REELWISE_LANG": "nl"})
    assert "geen URL" in result.stderr


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_new_writes_a_commented_starter_plan_that_validates(lang: str, tmp_path: Path) -> None:
    target = tmp_path / f"start-{lang}.yaml"
    assert reelwise("plan", "new", "--lang", lang, str(target)).returncode == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# reelwise")
    assert ("Merkherkenning" in text) == (lang == "nl")
    assert reelwise("plan", "validate", str(target)).returncode == 0
    again = reelwise("plan", "new", "--lang", lang, str(target))
    assert again.returncode != 0 and "--force" in again.stderr


def test_schema_is_json_schema_for_editors() -> None:
    result = reelwise("plan", "schema")
    schema = json.loads(result.stdout)
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"brand", "campaign", "videos", "distribution", "measurement"} <= set(schema["properties"])
    assert "Cta" in schema["$defs"] and "url" in schema["$defs"]["Cta"]["properties"]


@pytest.mark.parametrize("name", ["plan.nl.yaml", "plan.en.yaml"])
def test_bundled_examples_validate(name: str, example_media: Path) -> None:
    result = reelwise("plan", "validate", str(EXAMPLES / "bakkerij" / name))
    assert result.returncode == 0, result.stderr
    assert "4 videos" in result.stdout


def test_errors_are_one_line_unless_debugging(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder.yaml"
    folder.mkdir()
    result = reelwise("plan", "new", str(folder))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    debug = reelwise("plan", "new", str(folder), env={"REELWISE_DEBUG": "1"})
    assert "Traceback" in debug.stderr


def test_checks_lists_the_registry() -> None:
    result = reelwise("checks", "--json")
    assert result.returncode == 0
    rows = json.loads(result.stdout)
    assert all(1 <= row["point"] <= 10 and row["id"] and row["title"] for row in rows)
