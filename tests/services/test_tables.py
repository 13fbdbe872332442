"""The small CSV reader behind answer and survey imports: located errors, never a crash."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reelwise.errors import DataImportError
from reelwise.services.tables import parse_when, read_table, stable_ids

ALIASES = {"answer_text": ("antwoord", "answer"), "ts": ("datum", "date")}


@given(
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2099, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    )
)
def test_dates_in_iso_and_day_first_form(moment: dt.datetime) -> None:
    assert parse_when(moment.isoformat()) == moment
    assert parse_when(moment.strftime("%d-%m-%Y %H:%M:%S")) == moment
    assert parse_when(moment.strftime("%d/%m/%Y")) == moment.replace(hour=0, minute=0, second=0)


@pytest.mark.parametrize("text", ["31-31-2026", "yesterday", "", "2026-02-30"])
def test_bad_dates_raise_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        parse_when(text)


def test_timezones_become_utc() -> None:
    assert parse_when("2026-03-01T10:00:00+01:00") == dt.datetime(2026, 3, 1, 9, 0)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_are_read_or_refused_with_a_location(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    path = tmp_path_factory.mktemp("csv") / "in.csv"
    path.write_bytes(raw)
    try:
        table = read_table(path, ALIASES, ("answer_text",))
    except DataImportError as exc:
        assert exc.issues and exc.issues[0].location.file == str(path)
    else:
        assert "answer_text" in table.columns


def test_delimiters_bom_and_dutch_headers(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes('\ufeffDatum;Antwoord\n01-03-2026;via Insta\n\n02-03-2026;"krant; lokaal"\n'.encode())
    table = read_table(path, ALIASES, ("answer_text",))
    assert [table.cell(r, "answer_text") for _line, r in table.rows] == ["via Insta", "krant; lokaal"]
    assert [line for line, _r in table.rows] == [2, 4]


def test_missing_required_column_is_located(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(DataImportError) as info:
        read_table(path, ALIASES, ("answer_text",))
    assert info.value.render("en") == f"{path}:1: missing column answer_text"


def test_stable_ids_number_repeats() -> None:
    first = list(stable_ids(["a", "a", "b"], "x-"))
    assert len(set(first)) == 3
    assert first == list(stable_ids(["a", "a", "b"], "x-"))
