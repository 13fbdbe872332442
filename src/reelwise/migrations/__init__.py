"""Alembic migrations of the workspace store (run by :func:`reelwise.adapters.storage.engine.migrate`)."""
