"""POST /conversions: JSON or CSV (English or Dutch), all-or-nothing, idempotent, secret token."""

from __future__ import annotations

import json
from datetime import datetime

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.analytics.collect.collect_support import Site, run, serving

from reelwise.analytics.collect.collector import CollectConfig
from reelwise.analytics.collect.conversions import parse_csv, parse_json

DUTCH_CSV = (
    "\ufeffordernummer;datum;kanaal;campagne;waarde;opmerking\n"
    "A-1;2024-05-01;tiktok;spring;1.234,50;first\n"
    "A-2;2024-05-02T10:30:00+02:00;instagram;spring;12,00;\n"
    "\n"
)


def test_dutch_csv_with_decimal_commas_and_an_unknown_column() -> None:
    parsed = parse_csv(DUTCH_CSV.encode())
    assert parsed.problems == []
    assert parsed.ignored_columns == ["opmerking"]
    first, second = parsed.conversions
    assert (first.conversion_id, first.channel, first.value_eur, first.source) == ("A-1", "tiktok", 1234.5, "csv")
    assert second.ts == datetime(2024, 5, 2, 8, 30)  # stored in UTC
    assert second.value_eur == 12.0


def test_bad_rows_are_reported_with_their_line() -> None:
    text = "conversion_id,ts,value_eur\nok,2024-05-01,3\n,2024-05-01,1\nbad-date,yesterday,2\nneg,2024-05-01,-4\n"
    parsed = parse_csv(text.encode())
    assert [(p.row, p.reasons[0].field) for p in parsed.problems] == [(3, "conversion_id"), (4, "ts"), (5, "value_eur")]


@pytest.mark.parametrize(
    "body",
    [b"", b"just,one,header\n", b"\xff\xfe\x00garbage", b'"unterminated\n'],
)
def test_unusable_csv_is_refused_with_a_reason(body: bytes) -> None:
    with pytest.raises(ValueError):
        parse_csv(body)


def test_json_array_or_object() -> None:
    items = [{"conversion_id": "x1", "ts": "2024-05-01", "channel": "youtube", "value_eur": 99.5}]
    assert parse_json(json.dumps(items).encode()).conversions[0].source == "api"
    assert len(parse_json(json.dumps({"conversions": items}).encode()).conversions) == 1
    with pytest.raises(ValueError):
        parse_json(b'{"no": "list"}')
    unknown = parse_json(json.dumps([{**items[0], "coupon": "X"}]).encode())
    assert unknown.problems and unknown.problems[0].reasons[0].field == "coupon"


@settings(max_examples=100)
@given(st.text(max_size=200))
def test_any_text_is_parsed_or_refused_never_crashes(text: str) -> None:
    try:
        parsed = parse_csv(text.encode())
    except ValueError:
        return
    assert all(p.reasons for p in parsed.problems)


def test_the_endpoint_needs_the_secret_token_and_is_idempotent(site: Site, config: CollectConfig) -> None:
    async def scenario() -> list[httpx.Response]:
        async with serving(config) as (client, collector):
            url = f"/conversions?k={site.key.key}"
            auth = {"authorization": f"Bearer {site.secret}", "content-type": "text/csv"}
            out = [
                await client.post(url, content=DUTCH_CSV.encode(), headers={"content-type": "text/csv"}),
                await client.post(
                    url, content=DUTCH_CSV.encode(), headers={**auth, "authorization": "Bearer sk_wrong"}
                ),
                await client.post(url, content=DUTCH_CSV.encode(), headers=auth),
                await client.post(url, content=DUTCH_CSV.encode(), headers=auth),  # the same file again
            ]
            await collector.flush()
            corrected = [{"conversion_id": "A-1", "ts": "2024-05-01", "channel": "tiktok", "value_eur": 1300}]
            out.append(await client.post(url, json=corrected, headers={"authorization": f"Bearer {site.secret}"}))
            bad = "conversion_id,ts\nB-1,2024-05-01\nB-2,not a date\n"
            out.append(await client.post(url, content=bad.encode(), headers=auth))
            return out

    responses = run(scenario())
    assert [r.status_code for r in responses] == [401, 401, 200, 200, 200, 400]
    assert responses[2].json() == {"accepted": 2, "ignored_columns": ["opmerking"]}
    assert responses[5].json()["problems"][0]["row"] == 3
    stored = site.stored("SELECT conversion_id, value_eur, source FROM conversions ORDER BY conversion_id")
    assert stored == [("A-1", 1300.0, "api"), ("A-2", 12.0, "csv")]  # B-1 not stored: all or nothing
