"""The tables of the workspace store (SQLAlchemy 2 typed ORM).

The schema itself is created and changed only by the Alembic migrations in
``reelwise/migrations``; a test checks that these models and the migrations agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, MetaData, String, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes on every backend (SQLite forgets the zone; we put it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass an aware one")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class WorkspaceRow(Base):
    __tablename__ = "workspaces"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    campaigns: Mapped[list[CampaignRow]] = relationship(
        back_populates="workspace", cascade="all, delete-orphan", passive_deletes=True
    )


class CampaignRow(Base):
    """The current version of a campaign. ``version`` is the optimistic lock."""

    __tablename__ = "campaigns"
    __table_args__ = (UniqueConstraint("workspace_id", "slug", name="uq_campaigns_workspace_id_slug"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str | None] = mapped_column(String(200))

    workspace: Mapped[WorkspaceRow] = relationship(back_populates="campaigns")
    versions: Mapped[list[CampaignVersionRow]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", passive_deletes=True
    )

    # UPDATE … WHERE id = :id AND version = :read_version; zero rows → StaleDataError.
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class CampaignVersionRow(Base):
    """Every saved version of every campaign: nothing is ever overwritten."""

    __tablename__ = "campaign_versions"
    __table_args__ = (UniqueConstraint("campaign_id", "version", name="uq_campaign_versions_campaign_id_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    saved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    saved_by: Mapped[str | None] = mapped_column(String(200))

    campaign: Mapped[CampaignRow] = relationship(back_populates="versions")


def all_tables() -> MetaData:
    """``Base.metadata`` with the tables of every module of this package registered.

    Other modules here (users, …) declare their own tables on :class:`Base`; migrations and
    the test that compares models with migrations need all of them.
    """
    import importlib
    import pkgutil

    import reelwise.adapters.storage as package

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
    return Base.metadata
