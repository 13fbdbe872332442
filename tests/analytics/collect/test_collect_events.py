"""Beacon validation: every reason for every bad event, good events kept, envelopes refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.analytics.collect.collect_support import beacon, event

from reelwise.analytics.collect.events import (
    EVENT_TYPES,
    MAX_EVENTS_PER_BATCH,
    BadBeacon,
    PlayerEvent,
    beacon_json_schema,
    parse_beacon,
)


def test_a_valid_beacon_is_accepted_whole() -> None:
    events = [event(t) for t in EVENT_TYPES if t != "seek"] + [event("seek", f=1.0, p=9.0)]
    parsed = parse_beacon(beacon(events, key="pk_abcdefgh"))
    assert parsed.site_key == "pk_abcdefgh"
    assert [e.type for e in parsed.events] == [e["t"] for e in events]
    assert parsed.rejected == []
    first = parsed.events[0]
    assert (first.video, first.position, first.duration, first.from_) == ("intro", 3.0, 30.0, 2.0)


def test_every_reason_of_every_bad_event_is_reported_and_good_events_are_kept() -> None:
    good = event("play")
    bad_type = event("rewind")
    many_wrongs = event("progress", p=-1, d="long", ts=12, v="../etc", id="x")
    seek_without_from = event("seek", f=None)
    past_the_end = event("progress", p=40.0, d=30.0)
    parsed = parse_beacon(beacon([good, bad_type, many_wrongs, seek_without_from, past_the_end, "not an object"]))
    assert [e.id for e in parsed.events] == [good["id"]]
    by_index = {r.index: r for r in parsed.rejected}
    assert sorted(by_index) == [1, 2, 3, 4, 5]
    assert by_index[1].event_id == bad_type["id"]
    assert [r.field for r in by_index[1].reasons] == ["t"]
    assert {r.field for r in by_index[2].reasons} == {"id", "v", "p", "d", "ts"}
    assert by_index[2].event_id == "x"
    assert "seek needs f" in by_index[3].reasons[0].message
    assert "past the end" in by_index[4].reasons[0].message
    assert by_index[5].event_id is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"", "(body)"),
        (b"not json", "(body)"),
        (b"[1, 2]", "(body)"),
        (b'{"k": "pk_abcdefgh"}', "events"),
        (b'{"events": []}', "events"),
        (b'{"events": "play"}', "events"),
        (json.dumps({"events": [event()] * (MAX_EVENTS_PER_BATCH + 1)}).encode(), "events"),
        (json.dumps({"k": "short", "events": [event()]}).encode(), "k"),
    ],
)
def test_a_body_that_is_not_a_beacon_is_refused_whole(body: bytes, field: str) -> None:
    with pytest.raises(BadBeacon) as info:
        parse_beacon(body)
    assert field in {r.field for r in info.value.reasons}


def test_strict_types_no_numbers_as_strings() -> None:
    parsed = parse_beacon(beacon([event(p="3.5"), event(ts=str(event()["ts"]))]))
    assert parsed.events == []
    assert [r.reasons[0].field for r in parsed.rejected] == ["p", "ts"]


def test_unknown_fields_are_ignored_for_forward_compatibility() -> None:
    parsed = parse_beacon(beacon([event(extra="new in a later tracker")]))
    assert len(parsed.events) == 1


def test_the_schema_names_the_wire_fields() -> None:
    schema = beacon_json_schema()
    event_schema = schema["$defs"]["PlayerEvent"]["properties"]
    assert {"id", "v", "var", "s", "t", "p", "d", "f", "ts", "u"} <= set(event_schema)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=12,
)
field_values: dict[str, Any] = {
    "id": st.one_of(st.text(max_size=70), st.uuids().map(str)),
    "v": st.one_of(st.sampled_from(["intro", "a.b-c_1"]), st.text(max_size=70)),
    "var": st.one_of(st.none(), st.text(max_size=5)),
    "s": st.one_of(st.uuids().map(str), st.text(max_size=10)),
    "t": st.one_of(st.sampled_from(EVENT_TYPES), st.text(max_size=8)),
    "p": st.one_of(st.floats(), st.integers(), st.text(max_size=3)),
    "d": st.one_of(st.none(), st.floats(), st.integers(min_value=-5, max_value=100_000)),
    "f": st.one_of(st.none(), st.floats(min_value=-1, max_value=100)),
    "ts": st.one_of(st.integers(), st.floats()),
    "u": st.text(max_size=30),
}


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.fixed_dictionaries({}, optional=field_values), min_size=1, max_size=6))
def test_any_batch_is_split_into_valid_and_explained_events(events: list[dict[str, Any]]) -> None:
    body = json.dumps({"events": events}, allow_nan=True).encode()
    parsed = parse_beacon(body)
    assert len(parsed.events) + len(parsed.rejected) == len(events)
    for rejected in parsed.rejected:
        assert rejected.reasons and all(r.message for r in rejected.reasons)
    for accepted in parsed.events:
        assert accepted.type in EVENT_TYPES
        assert 0 <= accepted.position <= 86_400
        assert accepted.duration is None or accepted.position <= accepted.duration + 1
        # the fast path (whole batch) and the slow path (one by one) agree
        assert PlayerEvent.model_validate_json(accepted.model_dump_json(by_alias=True)) == accepted


@settings(max_examples=200)
@given(st.one_of(st.binary(max_size=200), json_values.map(lambda v: json.dumps(v).encode())))
def test_garbage_never_crashes(body: bytes) -> None:
    try:
        parsed = parse_beacon(body)
    except BadBeacon as exc:
        assert exc.reasons
    else:
        assert len(parsed.events) + len(parsed.rejected) >= 1
