"""Earned placements in a real DuckDB store: recorded, imported from CSV, updated, listed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reelwise.analytics.store import EventStore
from reelwise.errors import DataImportError, InputError
from reelwise.services.placements import add_placement, import_placements, parse_reach, stored_placements


@pytest.fixture
def store(tmp_path: Path) -> Any:
    with EventStore.open(tmp_path / "events.duckdb") as opened:
        yield opened


@pytest.mark.parametrize(
    ("text", "people"),
    [("120000", 120000), ("120.000", 120000), ("120,000", 120000), ("120 000", 120000), ("1.2k", 1200),
     ("1,2k", 1200), ("3M", 3_000_000), ("", None), ("  ", None)],
)  # fmt: skip
def test_reach_is_read_the_ways_people_write_it(text: str, people: int | None) -> None:
    assert parse_reach(text) == people


@given(st.text(max_size=20))
def test_any_reach_text_is_a_count_or_refused(text: str) -> None:
    try:
        value = parse_reach(text)
    except ValueError:
        return
    assert value is None or value >= 0


def test_a_placement_is_recorded_then_updated_keeping_what_is_not_given(store: EventStore) -> None:
    day = dt.date(2027, 2, 10)
    assert add_placement(store, day=day, outlet="DUIC", reach=120000, title="Bakker", url="https://duic.nl/a")
    assert not add_placement(store, day=day, outlet="DUIC", reach=125000, url="https://duic.nl/a")  # same link
    (row,) = stored_placements(store)
    assert row == row | {"outlet": "DUIC", "reach": 125000, "title": "Bakker", "day": "2027-02-10"}
    with pytest.raises(InputError, match="outlet is empty"):
        add_placement(store, day=day, outlet="  ")
    with pytest.raises(InputError, match="not a web link"):  # shown as a link: only http(s)
        add_placement(store, day=day, outlet="DUIC", url="javascript:alert(1)")


def test_csv_with_dutch_headers_bad_rows_located_and_re_import_idempotent(store: EventStore, tmp_path: Path) -> None:
    path = tmp_path / "plaatsingen.csv"
    path.write_text(
        "datum;medium;kop;bereik;link\n"
        "12-02-2027;Bakkerswereld;Abonnement helpt;15.000;\n"
        "morgen;X;Y;1;\n"
        "13-02-2027;Het Desemblog;Starter;veel;\n"
        "14-02-2027;;Zonder medium;5;\n"
        "15-02-2027;DUIC;Video;2k;https://duic.nl/v\n"
        "16-02-2027;X;Y;1;javascript:alert(1)\n",
        encoding="utf-8",
    )
    summary = import_placements(store, path)
    assert (summary.rows_read, summary.rows_new) == (6, 2)
    where = [i.render("en") for i in summary.issues]
    assert [w.split(" ", 1)[0].rsplit(":", 1)[1] for w in where] == ["3", "4", "5", "7"]
    again = import_placements(store, path)
    assert (again.rows_new, again.rows_updated) == (0, 0)
    assert [(p["outlet"], p["reach"]) for p in stored_placements(store)] == [("Bakkerswereld", 15000), ("DUIC", 2000)]
    with pytest.raises(DataImportError, match="no column"):
        (tmp_path / "bad.csv").write_text("a,b\n1,2\n", encoding="utf-8")
        import_placements(store, tmp_path / "bad.csv")
