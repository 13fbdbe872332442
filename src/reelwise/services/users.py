"""People who use the web app and the API: accounts, roles per workspace, API tokens.

Roles per workspace: an *owner* manages the workspace and its people, an *editor* changes
plans and data, a *viewer* looks at a client's dashboards and nothing else. Passwords are
hashed with Argon2id; API tokens are random and stored only as a SHA-256 hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Protocol

from reelwise.errors import InputError
from reelwise.i18n import N_, Msg

MIN_PASSWORD: Final = 10
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,}$")


class Role(StrEnum):
    OWNER = "owner"
    EDITOR = "editor"
    VIEWER = "viewer"

    @property
    def can_edit(self) -> bool:
        return self in (Role.OWNER, Role.EDITOR)

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: Final = {Role.OWNER: N_("owner"), Role.EDITOR: N_("editor"), Role.VIEWER: N_("viewer")}


@dataclass(frozen=True)
class User:
    id: int
    email: str
    name: str
    lang: str
    is_admin: bool
    created_at: dt.datetime


@dataclass(frozen=True)
class Membership:
    workspace: str  # slug
    workspace_name: str
    role: Role


class UserStore(Protocol):
    """Accounts and memberships. Unknown users raise :class:`~reelwise.errors.NotFoundError`."""

    def create_user(self, email: str, name: str, password_hash: str, *, lang: str, is_admin: bool) -> User: ...

    def user_by_email(self, email: str) -> tuple[User, str] | None:
        """The user and the stored password hash, or None."""

    def get_user(self, user_id: int) -> User: ...

    def count_users(self) -> int: ...

    def set_language(self, user_id: int, lang: str) -> None: ...

    def set_password(self, user_id: int, password_hash: str) -> None: ...

    def grant(self, user_id: int, workspace: str, role: Role) -> None: ...

    def revoke(self, user_id: int, workspace: str) -> None: ...

    def role_of(self, user_id: int, workspace: str) -> Role | None: ...

    def memberships(self, user_id: int) -> list[Membership]: ...

    def add_token(self, user_id: int, name: str, token_hash: str) -> int: ...

    def user_for_token(self, token_hash: str) -> User | None: ...


def normalise_email(email: str) -> str:
    cleaned = email.strip().lower()
    if not _EMAIL.match(cleaned):
        raise InputError(Msg("{email} is not an e-mail address", email=email))
    return cleaned


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError(Msg("a password needs at least {count} characters", count=MIN_PASSWORD))


def hash_password(password: str) -> str:
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    try:
        return PasswordHasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# A fixed hash to verify against when the e-mail is unknown, so that a wrong e-mail and a
# wrong password take the same time (no user enumeration by timing).
_DUMMY_HASH: str | None = None


def authenticate(store: UserStore, email: str, password: str) -> User | None:
    global _DUMMY_HASH
    try:
        address = normalise_email(email)
    except InputError:
        address = ""
    found = store.user_by_email(address) if address else None
    if found is None:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = hash_password(secrets.token_urlsafe(16))
        verify_password(_DUMMY_HASH, password)
        return None
    user, stored = found
    return user if verify_password(stored, password) else None


def add_user(
    store: UserStore, email: str, name: str, password: str, *, lang: str = "nl", is_admin: bool = False
) -> User:
    check_password_strength(password)
    return store.create_user(
        normalise_email(email), name.strip() or email, hash_password(password), lang=lang, is_admin=is_admin
    )


def new_token() -> tuple[str, str]:
    """A new API token and the hash to store. The token is shown once, never stored."""
    token = "rw_" + secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
