"""The workspace store, proved on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

import pytest

from reelwise.adapters.storage import SqlStore, open_store
from reelwise.domain.plan import Plan
from reelwise.domain.planfile import dump_plan, load_plan
from reelwise.errors import ConflictError, InputError, NotFoundError

PLAN_YAML = """\
brand:
  name: Bakkerij Één
  colours: ['#C8102E', '#FFFFFF']
campaign:
  name: Lente 2025
  start: 2025-03-01
  end: 2025-04-30
  budget_eur: 1500
goals:
- id: sales
  metric: sales
  target: 120
videos:
- id: v1
  title: Vers brood om zeven uur
  stage: See
  duration_target_s: 15
distribution:
  posts:
  - platform: instagram_reels
    video: v1
    moment: 2025-03-02T07:00:00+01:00
"""


def make_plan(brand: str = "Bakkerij Één", campaign: str = "Lente 2025") -> Plan:
    plan = load_plan(PLAN_YAML)
    return plan.model_copy(
        update={
            "brand": plan.brand.model_copy(update={"name": brand}),
            "campaign": plan.campaign.model_copy(update={"name": campaign}),
        }
    )


class Clock:
    """A clock the test moves: one second per reading."""

    def __init__(self) -> None:
        self.now = dt.datetime(2025, 1, 1, 12, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now


@pytest.fixture
def store(db_url: str) -> Iterator[SqlStore]:
    with open_store(db_url, clock=Clock()) as opened:
        yield opened


def test_workspaces_are_created_listed_found_and_deleted(store: SqlStore) -> None:
    assert store.list_workspaces() == []
    created = store.create_workspace("Bakkerij Één")
    store.create_workspace("Fietsenmaker")
    assert created.slug == "bakkerij-een"
    assert created.created_at == dt.datetime(2025, 1, 1, 12, 0, 1, tzinfo=dt.UTC)
    assert [w.name for w in store.list_workspaces()] == ["Bakkerij Één", "Fietsenmaker"]
    # found by name in any spelling that gives the same slug
    assert store.get_workspace("bakkerij een").id == created.id
    assert store.get_workspace("BAKKERIJ-ÉÉN").name == "Bakkerij Één"
    store.save_campaign("Bakkerij Één", make_plan())
    assert store.get_workspace("bakkerij-een").campaigns == 1
    assert store.delete_workspace("bakkerij-een") == 1
    assert [w.name for w in store.list_workspaces()] == ["Fietsenmaker"]
    with pytest.raises(NotFoundError, match="there is no workspace bakkerij-een"):
        store.get_workspace("bakkerij-een")


def test_a_workspace_name_is_taken_once(store: SqlStore) -> None:
    store.create_workspace("Bakkerij")
    with pytest.raises(ConflictError, match="workspace bakkerij already exists"):
        store.create_workspace("bakkerij")


@pytest.mark.parametrize("name", ["", "   ", "!!!", "x" * 201])
def test_a_workspace_name_needs_letters_and_a_sane_length(store: SqlStore, name: str) -> None:
    with pytest.raises(InputError):
        store.create_workspace(name)
    assert store.list_workspaces() == []


def test_unknown_workspaces_and_campaigns_are_reported(store: SqlStore) -> None:
    with pytest.raises(NotFoundError, match="there is no workspace nope"):
        store.list_campaigns("nope")
    with pytest.raises(NotFoundError, match="there is no workspace nope"):
        store.save_campaign("nope", make_plan())
    with pytest.raises(NotFoundError, match="there is no workspace nope"):
        store.delete_workspace("nope")
    store.create_workspace("klant")
    with pytest.raises(NotFoundError, match="there is no campaign Zomer in workspace klant"):
        store.get_campaign("klant", "Zomer")
    with pytest.raises(NotFoundError, match="there is no campaign Zomer in workspace klant"):
        store.history("klant", "Zomer")


def test_export_of_an_import_is_the_same_plan_and_the_same_yaml(store: SqlStore) -> None:
    plan = make_plan()
    store.create_workspace("klant")
    saved = store.save_campaign("klant", plan, author="anna")
    assert (saved.created, saved.changed, saved.campaign.version) == (True, True, 1)
    assert saved.campaign.name == "Lente 2025"
    assert saved.campaign.updated_by == "anna"
    stored = store.get_campaign("klant", "lente 2025")
    assert stored.plan == plan
    assert stored.version == 1
    assert dump_plan(stored.plan) == dump_plan(plan)
    assert load_plan(dump_plan(stored.plan)) == plan


def test_a_campaign_can_be_saved_under_another_name(store: SqlStore) -> None:
    store.create_workspace("klant")
    store.save_campaign("klant", make_plan(), name="Voorjaar")
    assert [c.name for c in store.list_campaigns("klant")] == ["Voorjaar"]
    assert store.get_campaign("klant", "voorjaar").plan.campaign.name == "Lente 2025"


def test_saving_the_same_plan_again_changes_nothing(store: SqlStore) -> None:
    store.create_workspace("klant")
    store.save_campaign("klant", make_plan())
    again = store.save_campaign("klant", make_plan())
    assert (again.created, again.changed, again.campaign.version) == (False, False, 1)
    assert [h.version for h in store.history("klant", "Lente 2025")] == [1]


def test_replacing_a_campaign_needs_the_version_it_was_based_on(store: SqlStore) -> None:
    store.create_workspace("klant")
    store.save_campaign("klant", make_plan())
    with pytest.raises(ConflictError, match=r"already exists in workspace klant \(version 1\).*--expect-version 1"):
        store.save_campaign("klant", make_plan(brand="Nieuw"))
    with pytest.raises(ConflictError, match="already exists"):
        store.save_campaign("klant", make_plan(brand="Nieuw"), expected_version=0)
    saved = store.save_campaign("klant", make_plan(brand="Nieuw"), expected_version=1, author="bram")
    assert (saved.created, saved.changed, saved.campaign.version) == (False, True, 2)
    assert saved.campaign.updated_by == "bram"
    assert store.get_campaign("klant", "Lente 2025").plan.brand.name == "Nieuw"


def test_a_stale_version_is_refused_and_nothing_is_overwritten(store: SqlStore) -> None:
    store.create_workspace("klant")
    store.save_campaign("klant", make_plan())
    # two people read version 1
    anna = store.get_campaign("klant", "Lente 2025")
    bram = store.get_campaign("klant", "Lente 2025")
    assert anna.version == bram.version == 1
    store.save_campaign("klant", make_plan(brand="Anna's versie"), expected_version=anna.version)
    with pytest.raises(ConflictError) as caught:
        store.save_campaign("klant", make_plan(brand="Bram's versie"), expected_version=bram.version)
    assert str(caught.value) == "campaign Lente 2025 was changed by someone else (version 2, you had 1)"
    assert caught.value.render("nl") == "campagne Lente 2025 is door iemand anders gewijzigd (versie 2, jij had 1)"
    assert store.get_campaign("klant", "Lente 2025").plan.brand.name == "Anna's versie"
    assert [h.version for h in store.history("klant", "Lente 2025")] == [1, 2]


def test_an_expected_version_of_a_missing_campaign_is_reported(store: SqlStore) -> None:
    store.create_workspace("klant")
    with pytest.raises(NotFoundError, match="so it has no version 3"):
        store.save_campaign("klant", make_plan(), expected_version=3)
    with pytest.raises(InputError):
        store.save_campaign("klant", make_plan(), expected_version=-1)
    assert store.list_campaigns("klant") == []


def test_history_keeps_every_version_with_who_and_when(store: SqlStore) -> None:
    store.create_workspace("klant")
    brands = ["Een", "Twee", "Drie", "Vier"]
    for version, brand in enumerate(brands):
        store.save_campaign("klant", make_plan(brand=brand), expected_version=version, author=f"user{version}")
    history = store.history("klant", "Lente 2025")
    assert [h.version for h in history] == [1, 2, 3, 4]
    assert [h.saved_by for h in history] == ["user0", "user1", "user2", "user3"]
    assert all(a.saved_at < b.saved_at for a, b in itertools.pairwise(history))
    for number, brand in enumerate(brands, start=1):
        old = store.get_campaign("klant", "Lente 2025", version=number)
        assert (old.version, old.plan.brand.name) == (number, brand)
        assert old.plan == make_plan(brand=brand)
    assert store.list_campaigns("klant")[0].version == 4
    with pytest.raises(NotFoundError, match=r"has no version 9 \(the newest is 4\)"):
        store.get_campaign("klant", "Lente 2025", version=9)


def test_campaigns_are_listed_per_workspace(store: SqlStore) -> None:
    store.create_workspace("a")
    store.create_workspace("b")
    store.save_campaign("a", make_plan(campaign="Zomer"))
    store.save_campaign("a", make_plan(campaign="Herfst"))
    store.save_campaign("b", make_plan(campaign="Zomer"))
    assert [c.name for c in store.list_campaigns("a")] == ["Herfst", "Zomer"]
    assert [(c.workspace, c.name, c.version) for c in store.list_campaigns("b")] == [("b", "Zomer", 1)]
    # deleting a workspace takes its campaigns and their history, not the others'
    store.delete_workspace("a")
    assert [c.name for c in store.list_campaigns("b")] == ["Zomer"]
    assert [h.version for h in store.history("b", "Zomer")] == [1]


def test_data_survives_closing_and_reopening(db_url: str) -> None:
    with open_store(db_url) as first:
        first.create_workspace("klant")
        first.save_campaign("klant", make_plan())
    with open_store(db_url) as second:
        assert second.get_campaign("klant", "Lente 2025").plan == make_plan()
        assert second.get_workspace("klant").created_at.tzinfo == dt.UTC
