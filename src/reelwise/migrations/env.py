"""Alembic environment: runs on the connection reelwise hands over (no alembic.ini).

Used programmatically by :func:`reelwise.adapters.storage.engine.migrate`, which passes
an open connection in ``config.attributes["connection"]``; docs/storage.md says how to
add a revision.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from reelwise.adapters.storage.models import all_tables

config = context.config
target_metadata = all_tables()


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite can only ALTER by copying a table
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no connection and no sqlalchemy.url given to the migrations")
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("reelwise migrations run online only")
run_migrations_online()
