"""Earned placements (point 8): the articles, posts and mentions the PR work brought, with their reach.

A placement is recorded by hand (``reelwise placements add``) or imported from a CSV (Dutch or
English headers: date, outlet, and optionally title, link, reach, video), one row each. A bad
row is reported with its line and skipped. The same placement recorded twice (the same link,
or the same date, outlet and title) is one placement: the later values win.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any, Final

from reelwise.analytics.store import EventStore
from reelwise.errors import InputError, Issue, Location
from reelwise.i18n import Msg
from reelwise.services.tables import RowImport, parse_when, read_table

PLACEMENT_COLUMNS: Final = {
    "day": ("date", "datum", "published", "gepubliceerd", "verschenen"),
    "outlet": ("outlet", "medium", "media", "publication", "publicatie", "titel medium", "bron", "source"),
    "title": ("title", "titel", "headline", "kop", "artikel"),
    "url": ("url", "link", "webadres"),
    "reach": ("reach", "bereik", "audience", "publiek", "oplage", "circulation", "views", "weergaven"),
    "video_id": ("video", "video id", "video_id"),
}
_DIGITS: Final = re.compile(r"[\s.,’'_]")


def parse_reach(text: str) -> int | None:
    """``"120.000"``, ``"120,000"``, ``"120 000"``, ``"1.2k"``, ``"1,2k"`` or ``"3M"`` → a whole number;
    ``""`` → None. Separators are thousands separators: a reach is a count of people."""
    value = text.strip().lower()
    if not value:
        return None
    factor = 1
    if value[-1:] in ("k", "m"):
        factor = 1_000 if value[-1] == "k" else 1_000_000
        number = float(value[:-1].strip().replace(",", "."))
        result = round(number * factor)
    else:
        digits = _DIGITS.sub("", value)
        if not digits.isdigit():
            raise ValueError(value)
        result = int(digits)
    if result < 0:
        raise ValueError(value)
    return result


def is_web_link(url: str) -> bool:
    """Only http and https links are kept: a placement's link is shown as a link to click."""
    return url.strip().lower().startswith(("http://", "https://")) and " " not in url.strip()


def placement_id(day: dt.date, outlet: str, title: str | None, url: str | None) -> str:
    key = url.strip().lower() if url else f"{day.isoformat()}|{outlet.strip().lower()}|{(title or '').strip().lower()}"
    return "pl-" + hashlib.sha1(key.encode()).hexdigest()[:20]


def _load(store: EventStore, records: list[dict[str, Any]]) -> tuple[int, int]:
    import pyarrow as pa

    schema = pa.schema(
        [
            ("placement_id", pa.string()),
            ("day", pa.date32()),
            ("outlet", pa.string()),
            ("title", pa.string()),
            ("url", pa.string()),
            ("reach", pa.int64()),
            ("video_id", pa.string()),
            ("source", pa.string()),
        ]
    )
    unique = {r["placement_id"]: r for r in records}  # one row per placement: the file's last wins
    result = store.load_arrow(
        "placements", pa.Table.from_pylist(list(unique.values()), schema=schema), ["placement_id"]
    )
    return result.new, result.updated


def add_placement(
    store: EventStore,
    *,
    day: dt.date,
    outlet: str,
    reach: int | None = None,
    title: str | None = None,
    url: str | None = None,
    video_id: str | None = None,
) -> bool:
    """Record one placement; True when it is new (False: an earlier record was updated)."""
    if not outlet.strip():
        raise InputError(Msg("the outlet is empty"), [Issue(Location(None, None, "--outlet"), Msg("empty"))])
    if url is not None and not is_web_link(url):
        message = Msg("'{value}' is not a web link (http:// or https://)", value=url[:80])
        raise InputError(message, [Issue(Location(None, None, "--url"), message)])
    if reach is not None and reach < 0:
        raise InputError(Msg("the reach cannot be negative"), [Issue(Location(None, None, "--reach"), Msg("negative"))])
    record: dict[str, Any] = {
        "placement_id": placement_id(day, outlet, title, url),
        "day": day,
        "outlet": outlet.strip(),
        "title": title,
        "url": url,
        "reach": reach,
        "video_id": video_id,
        "source": "manual",
    }
    earlier = store.connection.execute(
        "SELECT title, url, reach, video_id FROM placements WHERE placement_id = ?", [record["placement_id"]]
    ).fetchone()
    if earlier is not None:  # an update: what is not given again is kept
        for name, value in zip(("title", "url", "reach", "video_id"), earlier, strict=True):
            if record[name] is None:
                record[name] = value
    new, _updated = _load(store, [record])
    return new == 1


def import_placements(store: EventStore, path: Path) -> RowImport:
    table = read_table(path, PLACEMENT_COLUMNS, ("day", "outlet"))
    summary = RowImport(str(path), rows_read=len(table.rows))
    records: list[dict[str, Any]] = []
    for line, cells in table.rows:
        raw_day, outlet = table.cell(cells, "day"), table.cell(cells, "outlet").strip()
        try:
            day = parse_when(raw_day).date()
        except ValueError:
            table.bad(line, "date", Msg("'{value}' is not a date", value=raw_day[:40]))
            continue
        if not outlet:
            table.bad(line, "outlet", Msg("the outlet is empty"))
            continue
        raw_reach = table.cell(cells, "reach")
        try:
            reach = parse_reach(raw_reach)
        except ValueError:
            table.bad(line, "reach", Msg("'{value}' is not a number of people", value=raw_reach[:40]))
            continue
        title, url = table.cell(cells, "title") or None, table.cell(cells, "url") or None
        if url is not None and not is_web_link(url):
            table.bad(line, "link", Msg("'{value}' is not a web link (http:// or https://)", value=url[:80]))
            continue
        records.append(
            {
                "placement_id": placement_id(day, outlet, title, url),
                "day": day,
                "outlet": outlet,
                "title": title,
                "url": url,
                "reach": reach,
                "video_id": table.cell(cells, "video_id") or None,
                "source": path.name,
            }
        )
    summary.issues = table.issues
    if records:
        summary.rows_new, summary.rows_updated = _load(store, records)
    return summary


def stored_placements(store: EventStore) -> list[dict[str, Any]]:
    """Every placement, oldest first (plain values: day as ISO text)."""
    rows = store.ibis().table("placements").order_by(["day", "outlet"]).to_pyarrow().to_pylist()
    return [{**r, "day": r["day"].isoformat()} for r in rows]
