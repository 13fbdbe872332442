"""`reelwise collect` and `reelwise collect key …` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reelwise.cli.main import app
from reelwise.services.collect import is_loopback

runner = CliRunner()


def invoke(data: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--data", str(data), *args])
    return result.exit_code, result.output


def test_create_list_and_revoke_keys(tmp_path: Path) -> None:
    code, out = invoke(tmp_path, "collect", "key", "create", "--workspace", "shop", "--label", "shop.nl", "--json")
    assert code == 0
    created = json.loads(out)
    assert created["workspace"] == "shop" and created["secret"].startswith("sk_")
    code, out = invoke(tmp_path, "collect", "key", "list", "--json")
    listed = json.loads(out)
    assert [k["key"] for k in listed] == [created["key"]] and "secret_sha256" not in listed[0]
    code, out = invoke(tmp_path, "collect", "key", "create")
    assert code == 0 and "data-reelwise-key=" in out and "default" in out
    code, out = invoke(tmp_path, "collect", "key", "revoke", created["key"])
    assert code == 0
    code, out = invoke(tmp_path, "collect", "key", "list", "--workspace", "shop")
    assert "No site keys yet." in out


def test_a_non_loopback_host_is_refused_without_allow_remote(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--data", str(tmp_path), "collect", "--host", "0.0.0.0"])
    assert result.exit_code != 0
    assert "not a loopback address" in str(result.exception)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.8.9.1", True), ("::1", True), ("[::1]", True), ("localhost", True),
     ("0.0.0.0", False), ("192.168.1.5", False), ("example.com", False), ("::", False)],
)  # fmt: skip
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
