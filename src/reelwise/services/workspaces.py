"""Workspaces and the campaigns kept in them: the use cases and the store they need.

A *workspace* holds the work for one client; a *campaign* in it holds a plan and a
version number. Every save makes a new version and keeps the old one in the history;
a save based on an old version is refused with :class:`~reelwise.errors.ConflictError`
instead of overwriting someone else's work.

The services talk to a :class:`WorkspaceStore`; :mod:`reelwise.adapters.storage`
implements it on SQLite or PostgreSQL, and only the composition root (CLI, web app)
chooses the adapter.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Protocol

from reelwise.domain.plan import Plan
from reelwise.errors import ConflictError, InputError, NotFoundError
from reelwise.i18n import Msg
from reelwise.services.plans import read_plan

DEFAULT_WORKSPACE: Final = "default"
MAX_NAME: Final = 200
MAX_SLUG: Final = 64

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """The stable key of a name: ``Bakkerij Één`` → ``bakkerij-een``.

    Lookups go by slug, so ``reelwise workspace show "bakkerij één"`` finds the
    workspace created as ``Bakkerij Één``. Raises :class:`InputError` when nothing is
    left (a name of only punctuation) or the name is too long.
    """
    cleaned = name.strip()
    if len(cleaned) > MAX_NAME:
        raise InputError(Msg("the name {name} is longer than {max} characters", name=cleaned[:40] + "…", max=MAX_NAME))
    ascii_text = unicodedata.normalize("NFKD", cleaned).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")[:MAX_SLUG].strip("-")
    if not slug:
        raise InputError(Msg("the name {name} needs at least one letter or digit", name=name))
    return slug


@dataclass(frozen=True)
class Workspace:
    id: int
    slug: str
    name: str
    created_at: dt.datetime
    campaigns: int = 0


@dataclass(frozen=True)
class CampaignInfo:
    """A campaign without its plan: what lists and tables show."""

    id: int
    workspace: str  # the workspace's slug
    slug: str
    name: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    updated_by: str | None


@dataclass(frozen=True)
class StoredCampaign:
    """A campaign with the plan of one of its versions (normally the current one)."""

    info: CampaignInfo
    version: int
    plan: Plan


@dataclass(frozen=True)
class HistoryEntry:
    """One saved version of a campaign's plan: who saved it and when."""

    version: int
    saved_at: dt.datetime
    saved_by: str | None
    campaign_name: str


@dataclass(frozen=True)
class SaveResult:
    campaign: CampaignInfo
    created: bool  # a new campaign
    changed: bool  # False when the plan equals the stored one: nothing was written


class WorkspaceStore(Protocol):
    """What the services and the web app need from storage. Names are looked up by slug.

    Every method is one transaction. Unknown workspaces or campaigns raise
    :class:`~reelwise.errors.NotFoundError`; a stale ``expected_version`` or a name
    taken meanwhile raises :class:`~reelwise.errors.ConflictError`.
    """

    def create_workspace(self, name: str) -> Workspace: ...

    def list_workspaces(self) -> list[Workspace]: ...

    def get_workspace(self, name: str) -> Workspace: ...

    def delete_workspace(self, name: str) -> int:
        """Delete the workspace with its campaigns and history; returns how many campaigns went."""

    def save_campaign(
        self,
        workspace: str,
        plan: Plan,
        *,
        name: str | None = None,
        expected_version: int | None = None,
        author: str | None = None,
    ) -> SaveResult:
        """Create the campaign (version 1) or store ``plan`` as its next version.

        ``name`` defaults to the plan's campaign name. Replacing an existing campaign
        needs ``expected_version``: the version the plan was based on. ``0`` means "must
        be new". Saving a plan equal to the current one (with no, ``0`` or the current
        version) changes nothing and succeeds: imports are idempotent. A stale version is
        always a :class:`ConflictError`.
        """

    def list_campaigns(self, workspace: str) -> list[CampaignInfo]: ...

    def get_campaign(self, workspace: str, campaign: str, *, version: int | None = None) -> StoredCampaign: ...

    def history(self, workspace: str, campaign: str) -> list[HistoryEntry]:
        """Every saved version, oldest first."""

    def close(self) -> None: ...


def ensure_workspace(store: WorkspaceStore, name: str) -> Workspace:
    """The workspace; the default workspace is created the first time it is needed."""
    try:
        return store.get_workspace(name)
    except NotFoundError:
        if slugify(name) != DEFAULT_WORKSPACE:
            raise
    try:
        return store.create_workspace(name)
    except ConflictError:  # created by someone else just now
        return store.get_workspace(name)


def import_plan_file(
    store: WorkspaceStore,
    path: Path,
    *,
    workspace: str = DEFAULT_WORKSPACE,
    campaign: str | None = None,
    expected_version: int | None = None,
    author: str | None = None,
) -> SaveResult:
    """Validate a plan file (every problem located, :class:`PlanError`) and save it as a campaign."""
    plan = read_plan(path)
    ensure_workspace(store, workspace)
    return store.save_campaign(workspace, plan, name=campaign, expected_version=expected_version, author=author)
