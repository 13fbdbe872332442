"""The event store: schema, migrations, Arrow upserts, Ibis queries, locking."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest

from reelwise.analytics.store import SCHEMA_VERSION, TABLES, EventStore, workspace_store_path
from reelwise.errors import ConfigError, StoreError

KEY = ["platform", "video_key", "period_key", "metric"]


def metrics(rows: list[tuple[str, str, float]]) -> pa.Table:
    return pa.table(
        {
            "platform": ["youtube"] * len(rows),
            "video_key": [r[0] for r in rows],
            "period_key": ["lifetime"] * len(rows),
            "metric": [r[1] for r in rows],
            "value": [r[2] for r in rows],
        }
    )


def test_workspace_path_and_every_contract_table(tmp_path: Path) -> None:
    path = workspace_store_path(tmp_path, "acme")
    assert path == tmp_path / "workspaces" / "acme" / "events.duckdb"
    with EventStore.open(path) as store:
        assert set(TABLES) <= set(store.table_names())
        assert store.schema_version() == SCHEMA_VERSION
        assert store.columns("player_events")[:3] == ["event_id", "site_key", "video_id"]
    assert path.is_file()


@pytest.mark.parametrize("name", ["../x", "", "a/b", ".hidden", "x" * 65])
def test_unsafe_workspace_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(ConfigError):
        workspace_store_path(tmp_path, name)


def test_reopening_keeps_data_and_does_not_migrate_twice(tmp_path: Path) -> None:
    path = tmp_path / "e.duckdb"
    with EventStore.open(path) as store:
        store.load_arrow("platform_metrics", metrics([("a", "views", 1)]), KEY)
    with EventStore.open(path) as store:
        assert store.connection.execute("SELECT count(*) FROM schema_version").fetchone() == (SCHEMA_VERSION,)
        assert store.connection.execute("SELECT value FROM platform_metrics").fetchall() == [(1.0,)]


def test_a_store_of_version_1_is_upgraded_and_keeps_its_data(tmp_path: Path) -> None:
    import duckdb

    from reelwise.analytics.store import MIGRATIONS

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))  # a store as the first release wrote it
    con.execute("CREATE TABLE schema_version(version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    for statement in MIGRATIONS[1]:
        con.execute(statement)
    con.execute("INSERT INTO schema_version VALUES (1, now())")
    con.execute("INSERT INTO conversions VALUES ('c1', now(), 'tiktok', 'x', NULL, 12.5, 'csv')")
    con.close()
    with EventStore.open(path) as store:
        assert store.schema_version() == SCHEMA_VERSION >= 2
        assert "comments" in store.table_names()
        assert store.connection.execute("SELECT value_eur FROM conversions").fetchall() == [(12.5,)]


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "e.duckdb"
    with EventStore.open(path) as store:
        store.connection.execute("INSERT INTO schema_version VALUES (99, now())")
    with pytest.raises(StoreError, match="schema version 99"):
        EventStore.open(path)


def test_upsert_counts_new_updated_unchanged_and_last_row_wins(tmp_path: Path) -> None:
    with EventStore.open(tmp_path / "e.duckdb") as store:
        first = store.load_arrow(
            "platform_metrics", metrics([("a", "views", 1), ("a", "views", 2), ("b", "likes", 3)]), KEY
        )
        assert (first.new, first.updated, first.unchanged) == (2, 0, 0)
        again = store.load_arrow("platform_metrics", metrics([("a", "views", 2), ("b", "likes", 3)]), KEY)
        assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
        later = store.load_arrow("platform_metrics", metrics([("a", "views", 5), ("c", "views", 1)]), KEY)
        assert (later.new, later.updated, later.unchanged) == (1, 1, 0)
        rows = store.connection.execute("SELECT video_key, value FROM platform_metrics ORDER BY 1").fetchall()
        assert rows == [("a", 5.0), ("b", 3.0), ("c", 1.0)]


def test_events_are_never_counted_twice(tmp_path: Path) -> None:
    events = pa.table(
        {"event_id": ["e1", "e2", "e2"], "type": ["play", "pause", "pause"], "position_s": [0.0, 3.0, 3.0]}
    )
    with EventStore.open(tmp_path / "e.duckdb") as store:
        first = store.load_arrow("player_events", events, ["event_id"], on_conflict="ignore")
        assert first.new == 2
        resent = store.load_arrow("player_events", events, ["event_id"], on_conflict="ignore")
        assert resent.new == 0 and resent.unchanged == 3
        assert store.connection.execute("SELECT count(*) FROM player_events").fetchone() == (2,)


def test_load_rejects_unknown_columns_and_tables(tmp_path: Path) -> None:
    with EventStore.open(None) as store:
        with pytest.raises(StoreError, match="no column"):
            store.load_arrow("player_events", pa.table({"event_id": ["x"], "colour": ["red"]}), ["event_id"])
        with pytest.raises(StoreError, match="unknown"):
            store.load_arrow("nope", pa.table({"event_id": ["x"]}), ["event_id"])
        with pytest.raises(StoreError, match="key"):
            store.load_arrow("player_events", pa.table({"type": ["x"]}), ["event_id"])


def test_a_failed_load_leaves_nothing_behind(tmp_path: Path) -> None:
    bad = pa.table({"platform": ["youtube"], "video_key": [None], "period_key": ["lifetime"], "metric": ["views"]})
    with EventStore.open(None) as store:
        with pytest.raises(StoreError):
            store.load_arrow("platform_metrics", bad, KEY)
        assert store.connection.execute("SELECT count(*) FROM platform_metrics").fetchone() == (0,)


def test_ibis_queries_the_same_data(tmp_path: Path) -> None:
    with EventStore.open(tmp_path / "e.duckdb") as store:
        store.load_arrow("platform_metrics", metrics([("a", "views", 10), ("b", "views", 5), ("b", "likes", 1)]), KEY)
        backend = store.ibis()
        assert "platform_metrics" in backend.list_tables()
        t = backend.table("platform_metrics")
        total = t.filter(t.metric == "views").value.sum().to_pyarrow().as_py()
        assert total == 15.0


def test_a_store_held_by_another_process_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "e.duckdb"
    EventStore.open(path).close()
    code = "import sys, time, duckdb; c = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(30)"
    holder = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreError, match="in use"):
            EventStore.open(path, lock_timeout_s=0.2)
    finally:
        holder.kill()
        holder.wait()
    with EventStore.open(path) as store:  # free again once the other process is gone
        assert store.schema_version() == SCHEMA_VERSION


def test_a_folder_in_place_of_the_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "e.duckdb").mkdir()
    with pytest.raises(StoreError, match="folder"):
        EventStore.open(tmp_path / "e.duckdb")
