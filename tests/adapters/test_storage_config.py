"""Where the store lives: data directory, database URLs, clear errors for bad ones."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from reelwise.adapters.storage import open_store
from reelwise.adapters.storage.engine import normalise_url, safe_url
from reelwise.cli.main import run
from reelwise.config import resolve_settings
from reelwise.errors import ConfigError


def test_the_data_directory_is_created_on_first_use(tmp_path: Path) -> None:
    data = tmp_path / "nieuw" / "dieper"
    settings = resolve_settings({"REELWISE_DATA": str(data)})
    assert not data.exists()
    with open_store(settings.db_url) as store:
        store.create_workspace("klant")
    assert (data / "reelwise.sqlite3").is_file()
    with open_store(settings.db_url) as store:
        assert [w.name for w in store.list_workspaces()] == ["klant"]


def test_a_data_directory_that_cannot_be_made_is_a_config_error(tmp_path: Path) -> None:
    blocker = tmp_path / "bestand"
    blocker.write_text("not a folder")
    with pytest.raises(ConfigError, match="cannot create the data directory"):
        open_store(f"sqlite:///{blocker / 'data' / 'reelwise.sqlite3'}")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("not a url", "the database URL not a url cannot be read; use sqlite:///"),
        ("", "cannot be read"),
        ("mysql://u@localhost/db", "the database mysql://u@localhost/db is not supported: reelwise stores workspaces"),
        ("postgresql+asyncpg://u@localhost/db", "the database driver postgresql+asyncpg is not supported"),
        ("sqlite+aiosqlite:///x.db", "the database driver sqlite+aiosqlite is not supported"),
        ("mysql://u:geheim@localhost/db", "mysql://u:***@localhost/db"),
    ],
)
def test_a_bad_database_url_is_a_clear_config_error(url: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(expected)) as caught:
        open_store(url)
    assert "geheim" not in caught.value.render("en")
    assert caught.value.render("nl") != caught.value.render("en")


def test_postgres_urls_use_psycopg_3() -> None:
    for url in ("postgresql://u@h/db", "postgres://u@h/db", "postgresql+psycopg://u@h/db"):
        assert normalise_url(url).drivername == "postgresql+psycopg"
    assert safe_url("postgresql://u:geheim@h/db") == "postgresql://u:***@h/db"


def test_an_unreachable_database_is_a_config_error_without_the_password() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(
        ConfigError, match=rf"cannot open the database postgresql\+psycopg://u:\*\*\*@127.0.0.1:{port}/db"
    ):
        open_store(f"postgresql://u:geheim@127.0.0.1:{port}/db")


def test_an_in_memory_database_works(tmp_path: Path) -> None:
    with open_store("sqlite://") as store:
        store.create_workspace("klant")
        assert [w.slug for w in store.list_workspaces()] == ["klant"]


@pytest.mark.postgres
def test_the_cli_uses_the_database_url_from_the_environment(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REELWISE_DATABASE_URL", postgres_url)
    run(["--lang", "en", "--data", str(tmp_path / "data"), "workspace", "create", "Bakkerij"])
    assert "Workspace Bakkerij created." in capsys.readouterr().out
    assert not (tmp_path / "data" / "reelwise.sqlite3").exists()
    with open_store(postgres_url) as store:
        assert [w.name for w in store.list_workspaces()] == ["Bakkerij"]
