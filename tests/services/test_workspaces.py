"""Workspace use cases: names, the default workspace, importing plan files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reelwise.adapters.storage import SqlStore, open_store
from reelwise.domain.planfile import dump_plan, load_plan
from reelwise.errors import InputError, NotFoundError, PlanError
from reelwise.services.workspaces import (
    DEFAULT_WORKSPACE,
    WorkspaceStore,
    ensure_workspace,
    import_plan_file,
    slugify,
)

PLAN = """\
brand:
  name: Fietsenmaker Snel
campaign:
  name: Zomer 2025
  start: 2025-06-01
  end: 2025-08-31
"""


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    with open_store(f"sqlite:///{tmp_path / 'data' / 'reelwise.sqlite3'}") as opened:
        yield opened


def test_the_sql_store_is_a_workspace_store(store: SqlStore) -> None:
    as_protocol: WorkspaceStore = store  # checked by mypy as well
    assert as_protocol.list_workspaces() == []


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Bakkerij Één", "bakkerij-een"),
        ("  Fietsen & Co. ", "fietsen-co"),
        ("café_DE_Hoek", "cafe-de-hoek"),
        ("2025", "2025"),
        ("default", "default"),
    ],
)
def test_names_become_stable_slugs(name: str, slug: str) -> None:
    assert slugify(name) == slug


@given(st.text(max_size=250))
def test_a_slug_is_always_safe_or_the_name_is_refused(name: str) -> None:
    try:
        slug = slugify(name)
    except InputError:
        return
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert len(slug) <= 64
    assert slugify(slug) == slug


def test_the_default_workspace_is_made_when_first_needed(store: SqlStore) -> None:
    assert ensure_workspace(store, DEFAULT_WORKSPACE).slug == "default"
    assert ensure_workspace(store, DEFAULT_WORKSPACE).slug == "default"
    assert [w.slug for w in store.list_workspaces()] == ["default"]
    with pytest.raises(NotFoundError, match="there is no workspace klant"):
        ensure_workspace(store, "klant")


def test_importing_a_plan_file_stores_it_and_is_idempotent(store: SqlStore, tmp_path: Path) -> None:
    file = tmp_path / "plan.yaml"
    file.write_text(PLAN, encoding="utf-8")
    first = import_plan_file(store, file, author="anna")
    assert (first.created, first.campaign.workspace, first.campaign.name) == (True, "default", "Zomer 2025")
    again = import_plan_file(store, file, author="anna")
    assert (again.changed, again.campaign.version) == (False, 1)
    stored = store.get_campaign(DEFAULT_WORKSPACE, "zomer 2025")
    assert dump_plan(stored.plan) == dump_plan(load_plan(PLAN))


def test_an_invalid_plan_file_is_refused_before_anything_is_stored(store: SqlStore, tmp_path: Path) -> None:
    file = tmp_path / "plan.yaml"
    file.write_text(PLAN.replace("2025-08-31", "eind augustus"), encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        import_plan_file(store, file)
    assert [(i.location.line, i.location.path) for i in caught.value.issues] == [(6, "campaign.end")]
    assert store.list_workspaces() == []


def test_importing_into_an_unknown_named_workspace_is_refused(store: SqlStore, tmp_path: Path) -> None:
    file = tmp_path / "plan.yaml"
    file.write_text(PLAN, encoding="utf-8")
    with pytest.raises(NotFoundError, match="there is no workspace klant"):
        import_plan_file(store, file, workspace="klant")
    store.create_workspace("Klant")
    assert import_plan_file(store, file, workspace="klant", campaign="Zomer").campaign.slug == "zomer"
