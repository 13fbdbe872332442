"""The content calendar: events in the plan's time zone, month grids, and iCalendar written by hand.

The iCalendar output is read back with the small RFC 5545 reader below (unfold, split, unescape):
no calendar library is needed to write or to check it.
"""

from __future__ import annotations

import datetime as dt
import re
import sys

from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import EXAMPLES
from tests.domain.plans import plan_data

from reelwise.domain.plan import Plan
from reelwise.services import calendar as cal
from reelwise.services.plans import read_plan

STAMP = dt.datetime(2027, 1, 5, 9, 0, tzinfo=dt.UTC)
CONTENT_LINE = re.compile(r"^[A-Z-]+(;[A-Z-]+=[^;:]+)*:.*$")


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", ""), "every line ends in CRLF"
    lines: list[str] = []
    for raw in text.split("\r\n")[:-1]:
        assert len(raw.encode("utf-8")) <= 75, f"line longer than 75 octets: {raw!r}"
        if raw.startswith(" "):
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
    return lines


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def parse_ical(text: str) -> list[dict[str, str]]:
    """VEVENTs as {property (with parameters): value}; checks the calendar's shape on the way."""
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in lines[1:-1]:
        assert CONTENT_LINE.match(line), line
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            for required in ("UID", "DTSTAMP", "SUMMARY"):
                assert required in current
            assert any(k.startswith("DTSTART") for k in current)
            events.append(current)
            current = None
        elif current is not None:
            current[name] = unescape(value) if name in ("SUMMARY", "DESCRIPTION", "CATEGORIES") else value
    return events


def plan(**changes: object) -> Plan:
    data = plan_data()
    for key, value in changes.items():
        data[key] = value
    return Plan.model_validate(data)


def test_a_post_sits_on_its_local_day_and_hour() -> None:
    events = cal.events(plan())
    post = next(e for e in events if e.kind == "post")
    assert post.day == dt.date(2027, 3, 2)
    assert post.time == "12:30"
    assert post.at is not None and post.at.utcoffset() == dt.timedelta(hours=1)  # CET in March


def test_a_moment_with_an_offset_moves_to_the_plan_zone() -> None:
    data = plan_data()
    data["distribution"]["posts"][0]["moment"] = "2027-07-01T23:30:00+00:00"
    data["distribution"]["timezone"] = "Europe/Amsterdam"
    post = next(e for e in cal.events(Plan.model_validate(data)) if e.kind == "post")
    assert (post.day, post.time) == (dt.date(2027, 7, 2), "01:30")  # CEST: UTC+2


def test_pitches_blog_posts_and_assets_are_day_events() -> None:
    data = plan_data()
    data["pr"]["blog_posts"][0]["date"] = "2027-03-10"
    data["assets"][0]["date"] = "2027-03-05"
    kinds = {e.kind: e for e in cal.events(Plan.model_validate(data))}
    assert set(kinds) == {"post", "pitch", "blog_post", "asset"}
    assert kinds["pitch"].day == dt.date(2027, 2, 15) and kinds["pitch"].at is None
    assert kinds["pitch"].detail == "planned" and kinds["pitch"].title == "De Krant"
    assert kinds["blog_post"].day == dt.date(2027, 3, 10)
    assert kinds["asset"].day == dt.date(2027, 3, 5)


def test_an_unknown_time_zone_falls_back_to_utc() -> None:
    data = plan_data()
    data["distribution"]["timezone"] = "Mars/Olympus"
    assert cal.plan_zone(Plan.model_validate(data)).key == "UTC"


def test_month_grid_covers_the_month_in_whole_weeks() -> None:
    weeks = cal.month_weeks(dt.date(2027, 2, 14))
    assert weeks[0][0] == dt.date(2027, 2, 1)  # a Monday
    assert weeks[-1][-1] == dt.date(2027, 2, 28)
    assert all(len(w) == 7 and w[0].weekday() == 0 for w in weeks)
    assert cal.month_weeks(dt.date(2027, 3, 1))[0][0] == dt.date(2027, 3, 1)
    assert cal.shift_month(dt.date(2027, 12, 31), 1) == dt.date(2028, 1, 1)
    assert cal.shift_month(dt.date(2027, 1, 31), -1) == dt.date(2026, 12, 1)


def test_ical_of_the_example_has_every_event_in_utc() -> None:
    example = read_plan(EXAMPLES / "bakkerij" / "plan.en.yaml")
    items = cal.events(example)
    text = cal.to_ical(example, items, stamp=STAMP, domain="lente.bakkerij.reelwise", page_url="http://x/cal")
    parsed = parse_ical(text)
    assert len(parsed) == len(items)
    posts = [p for p in parsed if p["CATEGORIES"] == "post"]
    assert len(posts) == len(example.distribution.posts)
    assert len({p["UID"] for p in parsed}) == len(parsed), "unique UIDs"
    assert all(p["DTSTAMP"] == "20270105T090000Z" for p in parsed)
    first = example.distribution.posts[0]
    local = first.moment.replace(tzinfo=cal.plan_zone(example))
    assert any(p["DTSTART"] == local.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ") for p in posts)
    assert all(p.get("URL") for p in parsed)
    assert "icalendar" not in sys.modules


def test_ical_escapes_and_folds_user_text() -> None:
    data = plan_data()
    data["videos"][0]["title"] = "Koffie, thee; en \\ meer — één lange titel " + "ééé" * 30
    data["distribution"]["posts"][0]["caption"] = "regel 1\nregel 2, met komma"
    p = Plan.model_validate(data)
    text = cal.to_ical(p, cal.events(p), stamp=STAMP, domain="d")
    assert "Koffie\\, thee\\; en \\\\ meer" in text.replace("\r\n ", "")
    event = next(e for e in parse_ical(text) if e["CATEGORIES"] == "post")
    assert event["SUMMARY"] == data["videos"][0]["title"] + " [tiktok]"
    assert event["DESCRIPTION"].startswith("regel 1\nregel 2, met komma")


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=300))
def test_any_text_round_trips_through_escape_and_fold(text: str) -> None:
    line = "SUMMARY:" + cal.escape_text(text)
    folded = cal.fold(line) + "\r\n"
    (back,) = unfold(folded)
    assert unescape(back.partition(":")[2]) == text
