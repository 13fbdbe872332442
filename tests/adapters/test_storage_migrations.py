"""Migrations: run on an empty database when the store opens, idempotent, match the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, inspect, text
from tests.adapters.test_storage import make_plan

from reelwise.adapters.storage import open_store
from reelwise.adapters.storage.engine import _alembic_config, current_revision, head_revision, normalise_url
from reelwise.adapters.storage.models import all_tables
from reelwise.errors import ConfigError

STORE_TABLES = {"workspaces", "campaigns", "campaign_versions"}


def _engine(url: str) -> Engine:
    return create_engine(normalise_url(url))


def test_opening_an_empty_database_creates_the_schema(db_url: str) -> None:
    with open_store(db_url):
        pass
    engine = _engine(db_url)
    try:
        tables = set(inspect(engine).get_table_names())
        assert tables >= STORE_TABLES
        assert tables == set(all_tables().tables) | {"alembic_version"}
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_migrations_are_idempotent_and_keep_the_data(db_url: str) -> None:
    with open_store(db_url) as store:
        store.create_workspace("klant")
        store.save_campaign("klant", make_plan())
    engine = _engine(db_url)
    try:
        # upgrading an up-to-date database again, through alembic itself, changes nothing
        with engine.begin() as conn:
            config = _alembic_config()
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
    with open_store(db_url) as store:
        assert store.get_campaign("klant", "Lente 2025").plan == make_plan()


def test_the_models_and_the_migrations_agree(db_url: str) -> None:
    with open_store(db_url):
        pass
    engine = _engine(db_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), all_tables())
        assert diff == []
    finally:
        engine.dispose()


def test_downgrade_to_nothing_and_up_again(db_url: str) -> None:
    with open_store(db_url):
        pass
    engine = _engine(db_url)
    try:
        with engine.begin() as conn:
            config = _alembic_config()
            config.attributes["connection"] = conn
            command.downgrade(config, "base")
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    finally:
        engine.dispose()
    with open_store(db_url) as store:
        assert store.list_workspaces() == []


def test_a_database_from_a_newer_reelwise_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    with open_store(url):
        pass
    engine = _engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(ConfigError, match=r"set up by a newer version of reelwise \(schema 9999\)"):
        open_store(url)
