"""``reelwise audit`` as a user runs it: a real process, both languages, JSON against the schema."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import EXAMPLES, ROOT

WEAK = EXAMPLES / "weak" / "plan.yaml"
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "audit.schema.json").read_text(encoding="utf-8"))


def reelwise(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("REELWISE_")}
    full_env.update({"REELWISE_LANG": "en", "COLUMNS": "120", **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "reelwise", *args], capture_output=True, text=True, env=full_env, timeout=120
    )


def validate(instance: Any, schema: dict[str, Any], root: dict[str, Any] = SCHEMA, path: str = "$") -> list[str]:
    """A small JSON Schema validator for the keywords the audit schema uses (jsonschema is not a dependency)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return validate(instance, root["$defs"][name], root, path)
    errors: list[str] = []
    types = schema.get("type")
    if types is not None:
        allowed = types if isinstance(types, list) else [types]
        checks = {
            "object": lambda v: isinstance(v, dict),
            "array": lambda v: isinstance(v, list),
            "string": lambda v: isinstance(v, str),
            "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
            "boolean": lambda v: isinstance(v, bool),
            "null": lambda v: v is None,
        }
        if not any(checks[t](instance) for t in allowed):
            return [f"{path}: {instance!r} is not {allowed}"]
    if "enum" in schema and instance not in schema["enum"]:
        errors.append(f"{path}: {instance!r} not in {schema['enum']}")
    if isinstance(instance, int | float) and not isinstance(instance, bool):
        if "minimum" in schema and instance < schema["minimum"]:
            errors.append(f"{path}: below minimum")
        if "maximum" in schema and instance > schema["maximum"]:
            errors.append(f"{path}: above maximum")
    if isinstance(instance, str) and "pattern" in schema:
        import re

        if not re.search(schema["pattern"], instance):
            errors.append(f"{path}: {instance!r} does not match {schema['pattern']}")
    if isinstance(instance, dict):
        for key in schema.get("required", []):
            if key not in instance:
                errors.append(f"{path}: missing {key}")
        props = schema.get("properties", {})
        for key, value in instance.items():
            if key in props:
                errors += validate(value, props[key], root, f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{path}: unexpected {key}")
    if isinstance(instance, list):
        if len(instance) < schema.get("minItems", 0) or len(instance) > schema.get("maxItems", 10**9):
            errors.append(f"{path}: wrong number of items")
        for i, item in enumerate(instance):
            errors += validate(item, schema.get("items", {}), root, f"{path}[{i}]")
    return errors


def check_schema(data: Any) -> None:
    try:
        import jsonschema
    except ImportError:
        assert validate(data, SCHEMA) == []
    else:  # pragma: no cover - when the package is installed, use the reference implementation
        jsonschema.validate(data, SCHEMA)


def test_the_small_validator_catches_what_it_should() -> None:
    good = {
        "campaign": "c",
        "date": "2027-01-01",
        "score": 50,
        "counts": {"info": 0, "warning": 0, "problem": 0},
        "points": [{"point": n, "name": "x", "score": None, "judged": False, "findings": []} for n in range(1, 11)],
    }
    assert validate(good, SCHEMA) == []
    bad = json.loads(json.dumps(good))
    bad["points"][0]["findings"] = [{"id": "Bad Id", "point": 11, "severity": "fatal", "message": "m", "evidence": {}}]
    errors = validate(bad, SCHEMA)
    assert any("fix" in e for e in errors) and any("fatal" in e for e in errors) and any("maximum" in e for e in errors)
    assert any("Bad Id" in e for e in errors)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_json_output_validates_against_the_published_schema(lang: str) -> None:
    result = reelwise("audit", str(WEAK), "--json", "--lang", lang, "--today", "2027-01-15")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    check_schema(data)
    assert [p["point"] for p in data["points"]] == list(range(1, 11))
    assert all(p["findings"] for p in data["points"])
    first = data["points"][0]
    assert first["name"] == ("Doelen en verwachtingen" if lang == "nl" else "Goals and expectations")


def test_terminal_report_in_dutch() -> None:
    result = reelwise("audit", str(WEAK), "--lang", "nl", "--today", "2027-01-15")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Strategie-audit van Lente-actie e-bikes op 2027-01-15" in out
    assert "Het plan noemt geen verwachtingen" in out
    assert "probleem" in out and "Totaalscore" in out
    assert "█" in out  # a score bar


def test_terminal_report_in_english_via_environment() -> None:
    result = reelwise("audit", str(WEAK), "--today", "2027-01-15")
    assert result.returncode == 0, result.stderr
    assert "The campaign sells, but no goal measures an outcome in the Do stage" in result.stdout
    assert "(goals.no_do_goal)" in result.stdout


def test_nothing_to_judge_is_shown(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "brand: {name: X, colours: ['#112233'], fonts: [A], logo: null}\n"
        "campaign: {name: Klein, start: 2027-03-01, end: 2027-03-31, sells: false}\n",
        encoding="utf-8",
    )
    result = reelwise("audit", str(plan), "--json", "--today", "2027-01-15")
    data = json.loads(result.stdout)
    check_schema(data)
    judged = {p["point"]: p["judged"] for p in data["points"]}
    assert {n for n, j in judged.items() if j} == {1, 3, 9}  # no goals, no videos, the brand kit
    assert all(p["score"] is None for p in data["points"] if not p["judged"])
    text = reelwise("audit", str(plan), "--today", "2027-01-15").stdout
    assert "nothing to judge" in text


def test_html_file_is_written(tmp_path: Path) -> None:
    out = tmp_path / "audit.html"
    result = reelwise("audit", str(WEAK), "--html", str(out), "--lang", "nl", "--today", "2027-01-15")
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and 'lang="nl"' in html
    assert str(out) in result.stdout


def test_invalid_plan_exits_2_with_a_located_message(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("brand: {name: X}\ncampaign: {name: Y, start: 2027-03-01, end: nope}\n", encoding="utf-8")
    result = reelwise("audit", str(plan))
    assert result.returncode == 2
    assert "campaign.end" in result.stderr
    assert "Traceback" not in result.stderr


def test_fail_on_problem_exits_1_only_when_there_are_problems() -> None:
    assert reelwise("audit", str(WEAK), "--json", "--fail-on", "problem").returncode == 1
    assert reelwise("audit", str(WEAK), "--json").returncode == 0


def test_bad_date_and_language_are_clear_errors() -> None:
    result = reelwise("audit", str(WEAK), "--today", "15-01-2027")
    assert result.returncode != 0 and "not a date" in result.stderr
    result = reelwise("audit", str(WEAK), "--lang", "de")
    assert result.returncode != 0 and "Traceback" not in result.stderr
