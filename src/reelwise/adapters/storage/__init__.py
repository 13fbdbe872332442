"""The workspace store on SQL: SQLite by default, PostgreSQL by URL.

The composition root (CLI, web app) opens it with :func:`open_store` and hands it to the
services as a :class:`reelwise.services.workspaces.WorkspaceStore`.
"""

from __future__ import annotations

from reelwise.adapters.storage.engine import make_engine, migrate, normalise_url, safe_url
from reelwise.adapters.storage.store import Clock, SqlStore, utc_now
from reelwise.adapters.storage.users import SqlUserStore

__all__ = ["SqlStore", "SqlUserStore", "open_store", "safe_url"]


def open_store(url: str, *, clock: Clock = utc_now) -> SqlStore:
    """Open (and create or upgrade) the store at ``url``.

    A SQLite file's folder is created on first use. Raises :class:`ConfigError` for a URL
    that cannot be read or a database that cannot be reached.
    """
    engine = make_engine(normalise_url(url))
    try:
        migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    return SqlStore(engine, clock=clock)
