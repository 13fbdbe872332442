"""Users, memberships and API tokens on the same SQL database as the workspaces."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from reelwise.adapters.storage.models import Base, UTCDateTime, WorkspaceRow
from reelwise.adapters.storage.store import SqlStore
from reelwise.errors import ConflictError, NotFoundError
from reelwise.i18n import Msg
from reelwise.services.users import Membership, Role, User
from reelwise.services.workspaces import slugify


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    lang: Mapped[str] = mapped_column(String(8))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class MembershipRow(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "workspace_id", name="uq_memberships_user_id_workspace_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


def _user(row: UserRow) -> User:
    return User(
        id=row.id, email=row.email, name=row.name, lang=row.lang, is_admin=row.is_admin, created_at=row.created_at
    )


class SqlUserStore:
    """Users on the workspace store's database, in its transactions (writers queue on SQLite)."""

    def __init__(self, store: SqlStore, clock: Callable[[], dt.datetime]) -> None:
        self._store = store
        self._clock = clock

    def create_user(self, email: str, name: str, password_hash: str, *, lang: str, is_admin: bool) -> User:
        row = UserRow(
            email=email, name=name, password_hash=password_hash, lang=lang, is_admin=is_admin, created_at=self._clock()
        )
        try:
            with self._store.transaction(write=True) as session:
                session.add(row)
        except IntegrityError:
            raise ConflictError(Msg("there is already a user {email}", email=email)) from None
        return _user(row)

    def user_by_email(self, email: str) -> tuple[User, str] | None:
        with self._store.transaction() as session:
            row = session.scalar(select(UserRow).where(UserRow.email == email))
            return (_user(row), row.password_hash) if row else None

    def get_user(self, user_id: int) -> User:
        with self._store.transaction() as session:
            row = session.get(UserRow, user_id)
            if row is None:
                raise NotFoundError(Msg("there is no user {id}", id=user_id))
            return _user(row)

    def count_users(self) -> int:
        with self._store.transaction() as session:
            return int(session.scalar(select(func.count()).select_from(UserRow)) or 0)

    def set_language(self, user_id: int, lang: str) -> None:
        with self._store.transaction(write=True) as session:
            row = session.get(UserRow, user_id)
            if row is not None:
                row.lang = lang

    def set_password(self, user_id: int, password_hash: str) -> None:
        with self._store.transaction(write=True) as session:
            row = session.get(UserRow, user_id)
            if row is None:
                raise NotFoundError(Msg("there is no user {id}", id=user_id))
            row.password_hash = password_hash

    def _workspace_id(self, session: Session, workspace: str) -> int:
        ws = session.scalar(select(WorkspaceRow.id).where(WorkspaceRow.slug == slugify(workspace)))
        if ws is None:
            raise NotFoundError(Msg("there is no workspace {workspace}", workspace=workspace))
        return int(ws)

    def grant(self, user_id: int, workspace: str, role: Role) -> None:
        with self._store.transaction(write=True) as session:
            ws = self._workspace_id(session, workspace)
            row = session.scalar(
                select(MembershipRow).where(MembershipRow.user_id == user_id, MembershipRow.workspace_id == ws)
            )
            if row is None:
                session.add(MembershipRow(user_id=user_id, workspace_id=ws, role=role.value))
            else:
                row.role = role.value

    def revoke(self, user_id: int, workspace: str) -> None:
        with self._store.transaction(write=True) as session:
            ws = self._workspace_id(session, workspace)
            row = session.scalar(
                select(MembershipRow).where(MembershipRow.user_id == user_id, MembershipRow.workspace_id == ws)
            )
            if row is not None:
                session.delete(row)

    def role_of(self, user_id: int, workspace: str) -> Role | None:
        with self._store.transaction() as session:
            role = session.scalar(
                select(MembershipRow.role)
                .join(WorkspaceRow, WorkspaceRow.id == MembershipRow.workspace_id)
                .where(MembershipRow.user_id == user_id, WorkspaceRow.slug == slugify(workspace))
            )
            return Role(role) if role else None

    def memberships(self, user_id: int) -> list[Membership]:
        with self._store.transaction() as session:
            rows = session.execute(
                select(WorkspaceRow.slug, WorkspaceRow.name, MembershipRow.role)
                .join(MembershipRow, MembershipRow.workspace_id == WorkspaceRow.id)
                .where(MembershipRow.user_id == user_id)
                .order_by(WorkspaceRow.name)
            ).all()
            return [Membership(workspace=r[0], workspace_name=r[1], role=Role(r[2])) for r in rows]

    def add_token(self, user_id: int, name: str, token_hash: str) -> int:
        row = ApiTokenRow(user_id=user_id, name=name, token_hash=token_hash, created_at=self._clock())
        with self._store.transaction(write=True) as session:
            session.add(row)
        return row.id

    def user_for_token(self, token_hash: str) -> User | None:
        with self._store.transaction() as session:
            row = session.scalar(
                select(UserRow)
                .join(ApiTokenRow, ApiTokenRow.user_id == UserRow.id)
                .where(ApiTokenRow.token_hash == token_hash)
            )
            return _user(row) if row else None
