"""Database URLs, engines and migrations: SQLite by default, PostgreSQL by URL.

* ``sqlite:///path/file.sqlite3`` — the default (a file in the data directory). Its folder
  is created on first use. Transactions are real: ``BEGIN`` for reads and
  ``BEGIN IMMEDIATE`` for writes, so writers queue instead of failing half-way.
* ``postgresql://user:pass@host:port/db`` — run by psycopg 3 (``postgres://`` and
  ``postgresql+psycopg://`` are accepted too).

Opening a store brings the schema to the newest Alembic revision (``upgrade head``),
inside one transaction, and on PostgreSQL under an advisory lock so two processes
starting at once do not both migrate.
"""

from __future__ import annotations

import sqlite3
from functools import cache
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

from reelwise.errors import ConfigError
from reelwise.i18n import Msg

WRITE: Final = "reelwise_write"  # execution option: this transaction will write
SQLITE_BUSY_TIMEOUT_S: Final = 30.0
MIGRATION_LOCK: Final = 0x7265656C  # "reel": PostgreSQL advisory lock key for migrations
SCRIPT_LOCATION: Final = "reelwise:migrations"


def safe_url(url: str | URL) -> str:
    """The URL as it may be shown to people: never with the password."""
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
        return parsed.render_as_string(hide_password=True)
    except ArgumentError:
        return "<unreadable database URL>"


def normalise_url(url: str) -> URL:
    """Parse and check a database URL; :class:`ConfigError` says what is wrong with it."""
    try:
        parsed = make_url(url.strip())
    except ArgumentError:
        raise ConfigError(
            Msg(
                "the database URL {url} cannot be read; use sqlite:///path/to/file.sqlite3 "
                "or postgresql://user:password@host:port/database",
                url=_hide_password(url),
            )
        ) from None
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        if parsed.drivername != "postgresql+psycopg":
            raise ConfigError(
                Msg("the database driver {driver} is not supported; use postgresql://", driver=parsed.drivername)
            )
        return parsed
    if backend == "sqlite":
        if parsed.drivername not in ("sqlite", "sqlite+pysqlite"):
            raise ConfigError(
                Msg("the database driver {driver} is not supported; use sqlite:///", driver=parsed.drivername)
            )
        return parsed
    raise ConfigError(
        Msg(
            "the database {url} is not supported: reelwise stores workspaces in SQLite or PostgreSQL",
            url=safe_url(parsed),
        )
    )


def _hide_password(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if sep and "@" in rest:
        creds, _, host = rest.rpartition("@")
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}" if ":" in creds else url
    return url


def is_memory(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def make_engine(url: URL) -> Engine:
    """An engine for ``url`` with the settings reelwise relies on."""
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    try:
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    except (ArgumentError, NoSuchModuleError) as exc:
        raise ConfigError(
            Msg("the database URL {url} cannot be used: {reason}", url=safe_url(url), reason=str(exc))
        ) from None


def _sqlite_engine(url: URL) -> Engine:
    kwargs: dict[str, Any] = {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False}}
    if is_memory(url):
        kwargs["poolclass"] = StaticPool
    else:
        assert url.database is not None
        folder = Path(url.database).expanduser().resolve().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(
                Msg(
                    "cannot create the data directory {path}: {reason}",
                    path=str(folder),
                    reason=exc.strerror or str(exc),
                )
            ) from None
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy's BEGIN below, not the driver, decide where transactions start.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        if not is_memory(url):
            dbapi_connection.execute("PRAGMA journal_mode = WAL")
            dbapi_connection.execute("PRAGMA synchronous = NORMAL")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock up front: the version they read is still the
        # newest when they write it, and a second writer waits (busy timeout) instead
        # of failing with "database is locked" in the middle of its transaction.
        mode = "IMMEDIATE" if conn.get_execution_options().get(WRITE) else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


@cache
def _script_directory() -> Any:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config())


def _alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    return config


def head_revision() -> str:
    head = _script_directory().get_current_head()
    assert isinstance(head, str)
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        rev = MigrationContext.configure(conn).get_current_revision()
        return rev if isinstance(rev, str) else None


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (``alembic upgrade head``), in one transaction.

    Runs when a store is opened, so a database that cannot be reached or used is
    reported here as a :class:`ConfigError`.
    """
    from alembic import command
    from alembic.util import CommandError

    current: str | None = None
    try:
        current = current_revision(engine)
        if current == head_revision():
            return
        if current is not None:
            _script_directory().get_revision(current)  # CommandError when unknown
        with engine.execution_options(**{WRITE: True}).begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            config = _alembic_config()
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except DBAPIError as exc:
        raise ConfigError(
            Msg("cannot open the database {url}: {reason}", url=safe_url(engine.url), reason=db_reason(exc))
        ) from None
    except CommandError:  # the database has a revision this reelwise does not know
        raise ConfigError(
            Msg(
                "the database {url} was set up by a newer version of reelwise (schema {revision}); "
                "upgrade reelwise to use it",
                url=safe_url(engine.url),
                revision=str(current),
            )
        ) from None


def db_reason(exc: DBAPIError) -> str:
    """The driver's own first line about what went wrong."""
    text_ = str(exc.orig if exc.orig is not None else exc).strip()
    return text_.splitlines()[0] if text_ else type(exc.orig or exc).__name__
