"""Hand-made player events and a temporary event store for the analytics tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from reelwise.analytics.store import EventStore

T0 = dt.datetime(2026, 3, 2, 9, 0, 0)

EVENT_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("site_key", pa.string()),
        ("video_id", pa.string()),
        ("variant", pa.string()),
        ("session_id", pa.string()),
        ("viewer_hash", pa.string()),
        ("type", pa.string()),
        ("position_s", pa.float64()),
        ("duration_s", pa.float64()),
        ("from_s", pa.float64()),
        ("client_ts", pa.timestamp("us")),
        ("received_at", pa.timestamp("us")),
        ("page_url", pa.string()),
    ]
)


@dataclass
class Session:
    """Events of one session as the tracker sends them: heartbeats every second of video."""

    events: list[dict[str, Any]]
    session: str
    video: str
    duration: float
    variant: str | None = None
    clock: float = 0.0
    start: float | None = None  # where the stretch being watched began; None when not playing
    pos: float = 0.0
    viewer: str | None = None
    day: dt.datetime = field(default_factory=lambda: T0)

    def _send(self, kind: str, position: float, from_s: float | None = None) -> None:
        ts = self.day + dt.timedelta(seconds=self.clock)
        self.events.append(
            {
                "event_id": f"{self.session}-{len(self.events)}",
                "site_key": "site-key-1",
                "video_id": self.video,
                "variant": self.variant,
                "session_id": self.session,
                "viewer_hash": self.viewer or self.session,
                "type": kind,
                "position_s": position,
                "duration_s": self.duration,
                "from_s": from_s,
                "client_ts": ts,
                "received_at": ts,
                "page_url": "https://example.org/",
            }
        )
        self.clock += 0.001

    def impression(self) -> Session:
        self._send("impression", 0.0)
        self.clock += 1.0
        return self

    def play(self, at: float = 0.0) -> Session:
        self._send("play", at)
        self.start = at
        self.pos = at
        return self

    def watch_to(self, to: float) -> Session:
        """Play on to ``to``: a heartbeat at every whole second passed (``from_s`` = the last one)."""
        assert self.start is not None, "not playing"
        boundary = float(int(self.pos) + 1)
        while boundary <= to:
            self.clock += boundary - self.pos
            self.pos = boundary
            self._send("progress", boundary, self.start)
            self.start = boundary
            boundary += 1.0
        self.clock += to - self.pos
        self.pos = to
        return self

    def pause(self) -> Session:
        self._send("pause", self.pos, self.start)
        self.start = None
        return self

    def seek(self, to: float) -> Session:
        self._send("seek", to, self.pos)
        self.pos = to
        if self.start is not None:
            self.start = to
        return self

    def resume(self) -> Session:
        return self.play(self.pos)

    def end(self) -> Session:
        self._send("ended", self.duration, self.start)
        self.start = None
        self.pos = self.duration
        return self

    def cta_shown(self) -> Session:
        self._send("cta_shown", self.pos)
        return self

    def cta_clicked(self) -> Session:
        self._send("cta_clicked", self.pos)
        return self


class Events:
    """A list of sessions' events, loaded into a store in one go."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.n = 0

    def session(
        self, video: str = "v1", duration: float = 10.0, *, variant: str | None = None, day: dt.datetime = T0
    ) -> Session:
        self.n += 1
        return Session(self.rows, f"sess-{self.n:04d}", video, duration, variant=variant, day=day)

    def table(self) -> pa.Table:
        return pa.Table.from_pylist(self.rows, schema=EVENT_SCHEMA)

    def load(self, store: EventStore) -> None:
        store.load_arrow("player_events", self.table(), ["event_id"], on_conflict="ignore")


def open_store(tmp_path: Path, name: str = "events.duckdb") -> EventStore:
    return EventStore.open(tmp_path / name)


def store_with(tmp_path: Path, events: Events) -> Iterator[EventStore]:
    store = open_store(tmp_path)
    events.load(store)
    try:
        yield store
    finally:
        store.close()


def plan_data() -> dict[str, Any]:
    """A campaign plan with goals of every kind the analytics measure."""
    return {
        "brand": {"name": "Bakkerij Noord"},
        "campaign": {"name": "Lente", "start": "2026-03-01", "end": "2026-04-30"},
        "goals": [
            {
                "id": "views",
                "metric": "views",
                "target": 10000,
                "deadline": "2026-04-30",
                "stage": "See",
                "serves": "sales",
            },
            {"id": "sales", "metric": "sales", "target": 100, "deadline": "2026-04-30", "stage": "Do"},
            {"id": "ctr", "metric": "ctr", "target": 0.05, "deadline": "2026-04-30", "stage": "Do", "serves": "sales"},
            {
                "id": "recall",
                "metric": "brand_recall_lift",
                "target": 0.05,
                "deadline": "2026-04-30",
                "stage": "See",
                "awareness_only": True,
            },
        ],
        "videos": [
            {
                "id": "v1",
                "title": "Het brood",
                "stage": "See",
                "brand_moment_s": 8,
                "cta": {"type": "visit", "text": "Kom proeven", "url": "https://bakkerij.example", "moment_s": 9},
            },
            {"id": "v2", "title": "De bakker", "stage": "Think", "branded_content": True},
        ],
        "distribution": {
            "posts": [
                {"platform": "instagram_reels", "video": "v1", "moment": "2026-03-02 12:00", "paid_budget_eur": 600},
                {"platform": "tiktok", "video": "v1", "moment": "2026-03-02 12:00", "paid_budget_eur": 600},
            ]
        },
        "measurement": {
            "alerts": [
                {"metric": "views", "kind": "drop_percent", "threshold": 30},
                {"metric": "ctr", "kind": "below", "threshold": 0.02},
                {"metric": "sales", "kind": "below", "threshold": 1, "goal": "sales"},
            ]
        },
    }


def make_plan(data: dict[str, Any] | None = None) -> Any:
    from reelwise.domain.plan import Plan

    return Plan.model_validate(data or plan_data())
