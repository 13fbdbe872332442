"""The event store: one DuckDB file per workspace, queried through Ibis, loaded through Arrow.

File: ``<data_dir>/workspaces/<workspace>/events.duckdb`` (see :func:`workspace_store_path`).

Schema contract (version 1; every table exists from the first open, filled or not)::

    player_events(event_id VARCHAR PRIMARY KEY, site_key VARCHAR, video_id VARCHAR,
        variant VARCHAR, session_id VARCHAR, viewer_hash VARCHAR,
        type VARCHAR,          -- impression|play|pause|seek|progress|ended|cta_shown|cta_clicked
        position_s DOUBLE, duration_s DOUBLE, from_s DOUBLE,
        client_ts TIMESTAMP, received_at TIMESTAMP, page_url VARCHAR)

    platform_metrics(platform VARCHAR,      -- youtube|tiktok|facebook|instagram|linkedin
        video_key VARCHAR,                  -- the platform's id of the video/post; '' = whole account
        video_title VARCHAR,
        day DATE,                           -- NULL for lifetime/period-total rows
        hour SMALLINT,                      -- 0..23 for hourly rows (TikTok FollowerActivity), else NULL
        period_key VARCHAR,                 -- 'YYYY-MM-DD', 'YYYY-MM-DDTHH' or 'lifetime' (part of the key)
        period_start DATE, period_end DATE, -- the export's period where known
        metric VARCHAR,                     -- normalised name (views, watch_time_hours …) or the raw
                                            -- column name when it was not understood
        value DOUBLE,                       -- numeric metrics
        text_value VARCHAR,                 -- text attributes (published, post_type, link) and
                                            -- text columns that were not understood
        source_file VARCHAR, imported_at TIMESTAMP,
        PRIMARY KEY(platform, video_key, period_key, metric))

    videos_map(platform VARCHAR, video_key VARCHAR, video_id VARCHAR, PRIMARY KEY(platform, video_key))
    conversions(conversion_id VARCHAR PRIMARY KEY, ts TIMESTAMP, channel VARCHAR, campaign VARCHAR,
        video_id VARCHAR, value_eur DOUBLE, source VARCHAR)
    attribution_answers(answer_id VARCHAR PRIMARY KEY, ts TIMESTAMP, answer_text VARCHAR,
        channel VARCHAR NULL, lang VARCHAR)
    channel_synonyms(phrase VARCHAR PRIMARY KEY, channel VARCHAR)
    survey_responses(response_id VARCHAR PRIMARY KEY, ts TIMESTAMP,
        arm VARCHAR,          -- exposed|control
        question VARCHAR,     -- ad_recall|brand_recall|awareness|consideration
        positive BOOLEAN, campaign VARCHAR)
    adjustments(adjustment_id VARCHAR PRIMARY KEY, ts TIMESTAMP, campaign VARCHAR, hypothesis VARCHAR,
        change VARCHAR, metric VARCHAR, video_id VARCHAR)
    import_log(file_hash VARCHAR PRIMARY KEY, file_name VARCHAR, kind VARCHAR, imported_at TIMESTAMP,
        rows_read INTEGER, rows_new INTEGER, rows_updated INTEGER)
    schema_version(version INTEGER PRIMARY KEY, applied_at TIMESTAMP)

Account-level rows (TikTok Overview, Viewers, FollowerActivity, YouTube Totals, LinkedIn
Metrics) live in ``platform_metrics`` with ``video_key = ''``.

Sharing a workspace between processes: DuckDB lets one process hold a database file at a
time (even readers are locked out). Every user therefore keeps connections *short*: open,
do one unit of work in one transaction, close. :meth:`EventStore.open` waits for a lock
held by another process (``lock_timeout_s``, default 10 s) before it raises
:class:`~reelwise.errors.StoreError`. The collect server journals events first and flushes
batches with a short-lived store; an import holds the file only for its own write.

Queries go through :meth:`EventStore.ibis` (an Ibis DuckDB backend on the same connection).
Fetch results with ``.to_pyarrow()`` (``.execute()`` goes through pandas, which warns
under pandas 3). The raw connection is :attr:`EventStore.connection` (benchmarks, DDL).
"""

from __future__ import annotations

import re
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar

from reelwise.errors import ConfigError, StoreError
from reelwise.i18n import Msg

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

SCHEMA_VERSION: Final = 3
T = TypeVar("T")
STORE_FILE: Final = "events.duckdb"
DEFAULT_WORKSPACE: Final = "default"
_WORKSPACE_RE: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

# One list of statements per schema version; a database at version n gets n+1.. applied.
MIGRATIONS: Final[dict[int, tuple[str, ...]]] = {
    1: (
        """CREATE TABLE player_events(
            event_id VARCHAR PRIMARY KEY, site_key VARCHAR, video_id VARCHAR, variant VARCHAR,
            session_id VARCHAR, viewer_hash VARCHAR, type VARCHAR, position_s DOUBLE,
            duration_s DOUBLE, from_s DOUBLE, client_ts TIMESTAMP, received_at TIMESTAMP,
            page_url VARCHAR)""",
        """CREATE TABLE platform_metrics(
            platform VARCHAR NOT NULL, video_key VARCHAR NOT NULL, video_title VARCHAR, day DATE,
            hour SMALLINT, period_key VARCHAR NOT NULL, period_start DATE, period_end DATE,
            metric VARCHAR NOT NULL, value DOUBLE, text_value VARCHAR, source_file VARCHAR,
            imported_at TIMESTAMP, PRIMARY KEY(platform, video_key, period_key, metric))""",
        """CREATE TABLE videos_map(
            platform VARCHAR NOT NULL, video_key VARCHAR NOT NULL, video_id VARCHAR,
            PRIMARY KEY(platform, video_key))""",
        """CREATE TABLE conversions(
            conversion_id VARCHAR PRIMARY KEY, ts TIMESTAMP, channel VARCHAR, campaign VARCHAR,
            video_id VARCHAR, value_eur DOUBLE, source VARCHAR)""",
        """CREATE TABLE attribution_answers(
            answer_id VARCHAR PRIMARY KEY, ts TIMESTAMP, answer_text VARCHAR, channel VARCHAR,
            lang VARCHAR)""",
        "CREATE TABLE channel_synonyms(phrase VARCHAR PRIMARY KEY, channel VARCHAR)",
        """CREATE TABLE survey_responses(
            response_id VARCHAR PRIMARY KEY, ts TIMESTAMP, arm VARCHAR, question VARCHAR,
            positive BOOLEAN, campaign VARCHAR)""",
        """CREATE TABLE adjustments(
            adjustment_id VARCHAR PRIMARY KEY, ts TIMESTAMP, campaign VARCHAR, hypothesis VARCHAR,
            change VARCHAR, metric VARCHAR, video_id VARCHAR)""",
        """CREATE TABLE import_log(
            file_hash VARCHAR PRIMARY KEY, file_name VARCHAR, kind VARCHAR, imported_at TIMESTAMP,
            rows_read INTEGER, rows_new INTEGER, rows_updated INTEGER)""",
    ),
    2: (
        """CREATE TABLE comments(
            comment_id VARCHAR PRIMARY KEY, platform VARCHAR NOT NULL, video_key VARCHAR,
            parent_id VARCHAR, author VARCHAR, by_owner BOOLEAN, ts TIMESTAMP NOT NULL, text VARCHAR,
            source_file VARCHAR)""",
    ),
    3: (
        """CREATE TABLE placements(
            placement_id VARCHAR PRIMARY KEY, day DATE NOT NULL, outlet VARCHAR NOT NULL, title VARCHAR,
            url VARCHAR, reach BIGINT, video_id VARCHAR, source VARCHAR)""",
    ),
}

TABLES: Final = (
    "player_events",
    "platform_metrics",
    "videos_map",
    "conversions",
    "attribution_answers",
    "channel_synonyms",
    "survey_responses",
    "adjustments",
    "import_log",
    "comments",
    "placements",
)


@dataclass(frozen=True)
class LoadResult:
    """What an upsert did: rows that were new, rows whose values changed, rows already equal."""

    new: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.new + self.updated + self.unchanged


def workspace_store_path(data_dir: Path, workspace: str) -> Path:
    """``<data_dir>/workspaces/<workspace>/events.duckdb``; rejects names that are not plain."""
    if not _WORKSPACE_RE.match(workspace) or workspace in (".", ".."):
        raise ConfigError(
            Msg(
                "workspace name '{name}' is not allowed: use letters, digits, '-', '_' or '.' (at most 64 characters)",
                name=workspace,
            )
        )
    return data_dir / "workspaces" / workspace / STORE_FILE


def read_existing(data_dir: Path, workspace: str, read: Callable[[EventStore], T], default: T) -> T:
    """``read(store)`` on the workspace's event store, or ``default`` when it has none yet
    (reading never creates a store)."""
    path = workspace_store_path(data_dir, workspace)
    if not path.is_file():
        return default
    with EventStore.open(path) as store:
        return read(store)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_compat_done = False


def _duckdb_ibis_compat() -> None:
    """Bridge Ibis's DuckDB backend to DuckDB releases that renamed the Arrow fetch methods.

    Newer DuckDB dropped ``fetch_arrow_table``/``fetch_record_batch`` on connections and
    deprecated them on relations; Ibis still calls them for schemas and table listings.
    """
    global _compat_done
    if _compat_done:
        return
    import duckdb

    def _quiet(method: str) -> Callable[..., Any]:
        def call(self: Any, *args: Any, **kwargs: Any) -> Any:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return getattr(self, method)(*args, **kwargs)

        return call

    for cls in (duckdb.DuckDBPyConnection, duckdb.DuckDBPyRelation):
        if hasattr(cls, "to_arrow_table"):
            try:
                setattr(cls, "fetch_arrow_table", _quiet("to_arrow_table"))  # noqa: B010
                setattr(cls, "fetch_record_batch", _quiet("to_arrow_reader"))  # noqa: B010
            except (AttributeError, TypeError):  # pragma: no cover - immutable type: nothing to bridge
                pass
    _compat_done = True


class EventStore:
    """A workspace's DuckDB database with the schema above. Use as a context manager."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, path: Path | None) -> None:
        self._con: duckdb.DuckDBPyConnection | None = connection
        self.path = path
        self._ibis: Any = None
        self._in_transaction = False

    # -- opening and closing -------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: Path | str | None,
        *,
        lock_timeout_s: float = 10.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> EventStore:
        """Open (creating and migrating as needed) the store at ``path``; ``None`` = in memory."""
        import duckdb

        target = Path(path) if path is not None else None
        if target is not None:
            if target.exists() and target.is_dir():
                raise StoreError(Msg("the event store {path} is a folder, not a file", path=str(target)))
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    Msg("cannot create the folder {path}: {reason}", path=str(target.parent), reason=str(exc))
                ) from exc
        waited = 0.0
        delay = 0.05
        while True:
            try:
                con = duckdb.connect(str(target) if target is not None else ":memory:")
                break
            except duckdb.IOException as exc:
                text = str(exc)
                if "lock" in text.lower() and waited < lock_timeout_s:
                    sleep(delay)
                    waited += delay
                    delay = min(delay * 2, 0.5)
                    continue
                if "lock" in text.lower():
                    raise StoreError(
                        Msg(
                            "the event store {path} is in use by another process; try again when it is done",
                            path=str(target),
                        )
                    ) from exc
                raise StoreError(
                    Msg("cannot open the event store {path}: {reason}", path=str(target), reason=text)
                ) from exc
            except duckdb.Error as exc:
                raise StoreError(
                    Msg("cannot open the event store {path}: {reason}", path=str(target), reason=str(exc))
                ) from exc
        store = cls(con, target)
        try:
            store._migrate()
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def for_workspace(cls, data_dir: Path, workspace: str = DEFAULT_WORKSPACE, **kwargs: Any) -> EventStore:
        return cls.open(workspace_store_path(data_dir, workspace), **kwargs)

    def close(self) -> None:
        if self._ibis is not None:
            self._ibis = None
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> EventStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            raise StoreError(Msg("the event store is closed"))
        return self._con

    def ibis(self) -> Any:
        """An Ibis DuckDB backend over this store's connection (``backend.table("player_events")``)."""
        if self._ibis is None:
            import ibis

            _duckdb_ibis_compat()
            self._ibis = ibis.duckdb.from_connection(self.connection)
        return self._ibis

    # -- schema --------------------------------------------------------------------------
    def schema_version(self) -> int:
        row = self.connection.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def _migrate(self) -> None:
        con = self.connection
        con.execute("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                Msg(
                    "the event store {path} has schema version {found}; this reelwise knows up to {known}: upgrade it",
                    path=str(self.path),
                    found=current,
                    known=SCHEMA_VERSION,
                )
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                for statement in MIGRATIONS[version]:
                    con.execute(statement)
                con.execute("INSERT INTO schema_version VALUES (?, current_timestamp)", [version])

    def table_names(self) -> list[str]:
        rows = self.connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
        ).fetchall()
        return [str(r[0]) for r in rows]

    def columns(self, table: str) -> list[str]:
        rows = self.connection.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ? "
            "ORDER BY ordinal_position",
            [table],
        ).fetchall()
        return [str(r[0]) for r in rows]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """``BEGIN`` … ``COMMIT``, or ``ROLLBACK`` when the block raises; nests (inner blocks join)."""
        con = self.connection
        if self._in_transaction:  # nested: the outer block commits or rolls back
            yield
            return
        con.execute("BEGIN TRANSACTION")
        self._in_transaction = True
        try:
            yield
        except BaseException:
            self._in_transaction = False
            con.execute("ROLLBACK")
            raise
        self._in_transaction = False
        con.execute("COMMIT")

    # -- bulk loads ----------------------------------------------------------------------
    def load_arrow(
        self,
        table: str,
        data: pa.Table,
        key_cols: Sequence[str],
        *,
        on_conflict: Literal["update", "ignore"] = "update",
        compare_cols: Sequence[str] | None = None,
        count: bool = True,
    ) -> LoadResult:
        """Upsert an Arrow table into ``table`` in one set-based statement (never row by row).

        ``key_cols`` must be the table's primary key. Columns of ``data`` are matched by name;
        table columns it lacks stay NULL on insert and untouched on update.

        * ``on_conflict="update"``: an existing key takes the new values, but only when one of
          ``compare_cols`` (default: every non-key column of ``data``) differs — so loading the
          same data twice changes nothing. Within one batch the last row of a key wins.
        * ``on_conflict="ignore"``: an existing key is kept as it is (event ids: a re-sent
          event is never counted twice).

        ``count=False`` skips counting new/updated rows (fastest path for big event loads).
        """
        if table not in TABLES:
            raise StoreError(Msg("unknown event store table {table}", table=table))
        known = set(self.columns(table))
        cols = list(data.column_names)
        unknown = [c for c in cols if c not in known]
        if unknown:
            raise StoreError(Msg("table {table} has no column(s) {columns}", table=table, columns=", ".join(unknown)))
        missing_keys = [k for k in key_cols if k not in cols]
        if missing_keys:
            raise StoreError(
                Msg("the data for {table} lacks key column(s) {columns}", table=table, columns=", ".join(missing_keys))
            )
        if data.num_rows == 0:
            return LoadResult(0, 0, 0)
        con = self.connection
        value_cols = [c for c in cols if c not in key_cols]
        compare = list(compare_cols) if compare_cols is not None else value_cols
        view = f"__reelwise_load_{table}"
        qcols = ", ".join(_quote(c) for c in cols)
        keys = ", ".join(_quote(k) for k in key_cols)
        join = " AND ".join(f"t.{_quote(k)} = s.{_quote(k)}" for k in key_cols)
        con.register(view, data)
        try:
            with self.transaction():
                if on_conflict == "ignore":
                    before = self._count(table) if count else 0
                    con.execute(
                        f"INSERT INTO {_quote(table)} ({qcols}) SELECT {qcols} FROM {view} ON CONFLICT DO NOTHING"
                    )
                    if not count:
                        return LoadResult(data.num_rows, 0, 0)
                    new = self._count(table) - before
                    return LoadResult(new, 0, data.num_rows - new)
                # last row per key wins inside one batch
                staged = "__reelwise_staged"
                con.execute(
                    f"CREATE OR REPLACE TEMP TABLE {staged} AS SELECT {qcols} FROM "
                    f"(SELECT *, row_number() OVER () AS __ord FROM {view}) "
                    f"QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY __ord DESC) = 1"
                )
                try:
                    distinct_rows = self._count(staged)
                    new = updated = 0
                    if count:
                        new = self._scalar(f"SELECT count(*) FROM {staged} s ANTI JOIN {_quote(table)} t ON {join}")
                    if compare:
                        differs = " OR ".join(f"t.{_quote(c)} IS DISTINCT FROM s.{_quote(c)}" for c in compare)
                        if count:
                            updated = self._scalar(
                                f"SELECT count(*) FROM {staged} s JOIN {_quote(table)} t ON {join} WHERE {differs}"
                            )
                        sets = ", ".join(f"{_quote(c)} = s.{_quote(c)}" for c in value_cols)
                        if sets:
                            con.execute(
                                f"UPDATE {_quote(table)} t SET {sets} FROM {staged} s WHERE {join} AND ({differs})"
                            )
                    con.execute(
                        f"INSERT INTO {_quote(table)} ({qcols}) SELECT {qcols} FROM {staged} ON CONFLICT DO NOTHING"
                    )
                finally:
                    con.execute(f"DROP TABLE IF EXISTS {staged}")
                if not count:
                    return LoadResult(distinct_rows, 0, 0)
                return LoadResult(new, updated, distinct_rows - new - updated)
        except StoreError:
            raise
        except Exception as exc:
            import duckdb

            if isinstance(exc, duckdb.Error):
                raise StoreError(Msg("loading into {table} failed: {reason}", table=table, reason=str(exc))) from exc
            raise
        finally:
            con.unregister(view)

    def _count(self, table: str) -> int:
        return self._scalar(f"SELECT count(*) FROM {_quote(table) if not table.startswith('__') else table}")

    def _scalar(self, sql: str) -> int:
        row = self.connection.execute(sql).fetchone()
        return int(row[0]) if row and row[0] is not None else 0
