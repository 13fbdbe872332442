"""The workspace store on SQLAlchemy: one short transaction per call, optimistic locking.

Implements :class:`reelwise.services.workspaces.WorkspaceStore`. Thread-safe: every call
opens its own session from the engine's pool, so one store serves a whole web app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from reelwise.adapters.storage.engine import WRITE, db_reason, safe_url
from reelwise.adapters.storage.models import CampaignRow, CampaignVersionRow, WorkspaceRow
from reelwise.domain.plan import Plan
from reelwise.errors import ConflictError, InputError, NotFoundError, StoreError
from reelwise.i18n import Msg
from reelwise.services.workspaces import (
    MAX_NAME,
    CampaignInfo,
    HistoryEntry,
    SaveResult,
    StoredCampaign,
    Workspace,
    slugify,
)

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class _Stale(Exception):
    """The row changed between our read and our write (raised inside a transaction)."""

    def __init__(self, workspace_id: int, slug: str, name: str, expected: int) -> None:
        super().__init__(slug)
        self.workspace_id, self.slug, self.name, self.expected = workspace_id, slug, name, expected


class SqlStore:
    """Workspaces, campaigns and plan history in one SQL database (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine, *, clock: Clock = utc_now) -> None:
        self.engine = engine
        self._writer = engine.execution_options(**{WRITE: True})
        self._clock = clock

    # --- plumbing -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The database URL without its password."""
        return safe_url(self.engine.url)

    @contextmanager
    def transaction(self, *, write: bool = False) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error.

        ``write=True`` for transactions that change data: on SQLite they start with
        ``BEGIN IMMEDIATE`` (writers queue up front instead of failing half-way). Other
        stores on the same database (users, …) should open their sessions here too.
        """
        try:
            with Session(self._writer if write else self.engine, expire_on_commit=False) as session, session.begin():
                yield session
        except IntegrityError:
            raise
        except OperationalError as exc:
            if "locked" in str(exc.orig).lower() or "busy" in str(exc.orig).lower():
                raise StoreError(Msg("the database is busy with another change; try again")) from None
            raise self._failed(exc) from None
        except DBAPIError as exc:
            raise self._failed(exc) from None

    def _failed(self, exc: DBAPIError) -> StoreError:
        return StoreError(Msg("the database {url} failed: {reason}", url=self.url, reason=db_reason(exc)))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    # --- workspaces -----------------------------------------------------------------------

    def _workspace_row(self, session: Session, name: str) -> WorkspaceRow:
        row = session.scalar(select(WorkspaceRow).where(WorkspaceRow.slug == slugify(name)))
        if row is None:
            raise NotFoundError(Msg("there is no workspace {workspace}", workspace=name))
        return row

    def create_workspace(self, name: str) -> Workspace:
        slug = slugify(name)
        display = name.strip()
        try:
            with self.transaction(write=True) as session:
                if session.scalar(select(WorkspaceRow.id).where(WorkspaceRow.slug == slug)) is not None:
                    raise ConflictError(Msg("workspace {workspace} already exists", workspace=display))
                row = WorkspaceRow(slug=slug, name=display, created_at=self._clock())
                session.add(row)
                session.flush()
                return _workspace(row, 0)
        except IntegrityError:  # created by someone else between our check and our insert
            raise ConflictError(Msg("workspace {workspace} already exists", workspace=display)) from None

    def list_workspaces(self) -> list[Workspace]:
        counts = (
            select(CampaignRow.workspace_id, func.count(CampaignRow.id).label("n"))
            .group_by(CampaignRow.workspace_id)
            .subquery()
        )
        query = (
            select(WorkspaceRow, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.workspace_id == WorkspaceRow.id)
            .order_by(WorkspaceRow.slug)
        )
        with self.transaction() as session:
            return [_workspace(row, int(n)) for row, n in session.execute(query).all()]

    def get_workspace(self, name: str) -> Workspace:
        with self.transaction() as session:
            row = self._workspace_row(session, name)
            n = session.scalar(select(func.count(CampaignRow.id)).where(CampaignRow.workspace_id == row.id)) or 0
            return _workspace(row, int(n))

    def delete_workspace(self, name: str) -> int:
        with self.transaction(write=True) as session:
            row = self._workspace_row(session, name)
            n = session.scalar(select(func.count(CampaignRow.id)).where(CampaignRow.workspace_id == row.id)) or 0
            # ON DELETE CASCADE removes the campaigns and their history in the same statement.
            session.execute(delete(WorkspaceRow).where(WorkspaceRow.id == row.id))
            return int(n)

    # --- campaigns ------------------------------------------------------------------------

    def _campaign_row(self, session: Session, workspace: str, campaign: str) -> CampaignRow:
        ws = self._workspace_row(session, workspace)
        row = session.scalar(
            select(CampaignRow).where(CampaignRow.workspace_id == ws.id, CampaignRow.slug == slugify(campaign))
        )
        if row is None:
            raise NotFoundError(
                Msg("there is no campaign {campaign} in workspace {workspace}", campaign=campaign, workspace=ws.name)
            )
        return row

    def save_campaign(
        self,
        workspace: str,
        plan: Plan,
        *,
        name: str | None = None,
        expected_version: int | None = None,
        author: str | None = None,
    ) -> SaveResult:
        display = (name if name is not None else plan.campaign.name).strip()
        slug = slugify(display)
        if expected_version is not None and expected_version < 0:
            raise InputError(Msg("a version number is 1 or more (0: the campaign must be new)"))
        data = plan.to_data()
        author = author[:MAX_NAME] if author else None
        try:
            with self.transaction(write=True) as session:
                return self._save(session, workspace, slug, display, data, expected_version, author)
        except _Stale as stale:
            raise self._conflict(stale) from None
        except IntegrityError:  # the same new campaign created at the same moment elsewhere
            raise ConflictError(
                Msg("campaign {campaign} was created by someone else at the same time", campaign=display)
            ) from None

    def _save(
        self,
        session: Session,
        workspace: str,
        slug: str,
        display: str,
        data: dict[str, Any],
        expected: int | None,
        author: str | None,
    ) -> SaveResult:
        ws = self._workspace_row(session, workspace)
        row = session.scalar(select(CampaignRow).where(CampaignRow.workspace_id == ws.id, CampaignRow.slug == slug))
        now = self._clock()
        if row is None:
            if expected not in (None, 0):
                raise NotFoundError(
                    Msg(
                        "there is no campaign {campaign} in workspace {workspace}, so it has no version {version}",
                        campaign=display,
                        workspace=ws.name,
                        version=expected,
                    )
                )
            row = CampaignRow(
                workspace_id=ws.id,
                slug=slug,
                name=display,
                plan=data,
                created_at=now,
                updated_at=now,
                updated_by=author,
            )
            session.add(row)
            session.flush()  # INSERT; the mapper sets version 1
            self._add_version(session, row, now)
            return SaveResult(_campaign(row, ws.slug), created=True, changed=True)
        if expected not in (None, 0, row.version):  # based on an old version: never overwrite
            raise ConflictError(_changed_msg(row.name, row.version, expected))
        if row.plan == data and row.name == display:  # importing the same plan twice changes nothing
            return SaveResult(_campaign(row, ws.slug), created=False, changed=False)
        if expected is None or expected == 0:
            raise ConflictError(
                Msg(
                    "campaign {campaign} already exists in workspace {workspace} (version {version}); "
                    "to replace it, say which version your plan is based on (--expect-version {version})",
                    campaign=row.name,
                    workspace=ws.name,
                    version=row.version,
                )
            )
        stale = _Stale(ws.id, slug, row.name, expected)  # the session is unusable after a failed flush
        row.plan, row.name, row.updated_at, row.updated_by = data, display, now, author
        try:
            session.flush()  # UPDATE campaigns … WHERE id = :id AND version = :expected
        except StaleDataError:
            raise stale from None
        self._add_version(session, row, now)
        return SaveResult(_campaign(row, ws.slug), created=False, changed=True)

    def _add_version(self, session: Session, row: CampaignRow, now: dt.datetime) -> None:
        session.add(
            CampaignVersionRow(
                campaign_id=row.id,
                version=row.version,
                name=row.name,
                plan=row.plan,
                saved_at=now,
                saved_by=row.updated_by,
            )
        )
        session.flush()

    def _conflict(self, stale: _Stale) -> ConflictError:
        with self.transaction() as session:
            current = session.scalar(
                select(CampaignRow.version).where(
                    CampaignRow.workspace_id == stale.workspace_id, CampaignRow.slug == stale.slug
                )
            )
        if current is None:
            return ConflictError(Msg("campaign {campaign} was deleted by someone else", campaign=stale.name))
        return ConflictError(_changed_msg(stale.name, current, stale.expected))

    def list_campaigns(self, workspace: str) -> list[CampaignInfo]:
        with self.transaction() as session:
            ws = self._workspace_row(session, workspace)
            rows = session.scalars(
                select(CampaignRow).where(CampaignRow.workspace_id == ws.id).order_by(CampaignRow.slug)
            )
            return [_campaign(row, ws.slug) for row in rows]

    def get_campaign(self, workspace: str, campaign: str, *, version: int | None = None) -> StoredCampaign:
        with self.transaction() as session:
            row = self._campaign_row(session, workspace, campaign)
            info = _campaign(row, row.workspace.slug)
            data, number = row.plan, row.version
            if version is not None and version != row.version:
                old = session.scalar(
                    select(CampaignVersionRow).where(
                        CampaignVersionRow.campaign_id == row.id, CampaignVersionRow.version == version
                    )
                )
                if old is None:
                    raise NotFoundError(
                        Msg(
                            "campaign {campaign} has no version {version} (the newest is {newest})",
                            campaign=row.name,
                            version=version,
                            newest=row.version,
                        )
                    )
                data, number = old.plan, old.version
        try:
            plan = Plan.model_validate(data)
        except ValidationError as exc:
            raise StoreError(
                Msg(
                    "the stored plan of campaign {campaign}, version {version}, is no longer valid: {reason}",
                    campaign=info.name,
                    version=number,
                    reason=str(exc).splitlines()[0],
                )
            ) from None
        return StoredCampaign(info=info, version=number, plan=plan)

    def history(self, workspace: str, campaign: str) -> list[HistoryEntry]:
        with self.transaction() as session:
            row = self._campaign_row(session, workspace, campaign)
            versions = session.scalars(
                select(CampaignVersionRow)
                .where(CampaignVersionRow.campaign_id == row.id)
                .order_by(CampaignVersionRow.version)
            )
            return [HistoryEntry(v.version, v.saved_at, v.saved_by, v.name) for v in versions]


def _changed_msg(campaign: str, current: int, expected: int) -> Msg:
    return Msg(
        "campaign {campaign} was changed by someone else (version {version}, you had {expected})",
        campaign=campaign,
        version=current,
        expected=expected,
    )


def _workspace(row: WorkspaceRow, campaigns: int) -> Workspace:
    return Workspace(id=row.id, slug=row.slug, name=row.name, created_at=row.created_at, campaigns=campaigns)


def _campaign(row: CampaignRow, workspace: str) -> CampaignInfo:
    return CampaignInfo(
        id=row.id,
        workspace=workspace,
        slug=row.slug,
        name=row.name,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )
