"""Site keys: created, listed, revoked; secrets only as hashes; bad names and files explained."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reelwise.analytics.collect.keys import KeyStore
from reelwise.errors import ConfigError, NotFoundError

NOW = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)


def test_keys_are_stored_with_the_hash_of_their_secret_only(tmp_path: Path) -> None:
    store = KeyStore.in_data_dir(tmp_path)
    key, secret = store.create("shop", "shop.example.com", NOW)
    assert key.key.startswith("pk_") and secret.startswith("sk_")
    text = (tmp_path / "collect" / "keys.json").read_text()
    assert key.key in text and secret not in text
    [listed] = store.list()
    assert listed == key and listed.accepts_secret(secret) and not listed.accepts_secret(secret + "x")


def test_keys_map_to_workspaces_and_can_be_revoked(tmp_path: Path) -> None:
    store = KeyStore.in_data_dir(tmp_path)
    a, _ = store.create("agency-client-a", "", NOW)
    b, _ = store.create("agency-client-b", "", NOW)
    assert {k.key: k.workspace for k in store.list()} == {a.key: "agency-client-a", b.key: "agency-client-b"}
    store.revoke(a.key)
    assert [k.key for k in store.list()] == [b.key]
    with pytest.raises(NotFoundError):
        store.revoke(a.key)


@pytest.mark.parametrize("name", ["../etc", "", "a/b", "x" * 80])
def test_unsafe_workspace_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(ConfigError):
        KeyStore.in_data_dir(tmp_path).create(name, "", NOW)


def test_a_damaged_key_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "collect" / "keys.json"
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    with pytest.raises(ConfigError, match="cannot be read"):
        KeyStore(path).load()


def test_entries_with_bad_fields_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    path.write_text('{"keys": [{"key": "pk_goodkey1", "workspace": "shop", "secret_sha256": "00"},'
                    ' {"key": "x", "workspace": "shop", "secret_sha256": "00"}, {"key": "pk_nows"}, 7]}')  # fmt: skip
    assert list(KeyStore(path).load()) == ["pk_goodkey1"]
