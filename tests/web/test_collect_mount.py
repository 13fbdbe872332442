"""The web app receives the player tracker's events itself, at /t/collect."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from tests.analytics.collect.collect_support import beacon, event
from tests.web.conftest import Site

from reelwise.analytics.collect.keys import KeyStore
from reelwise.analytics.store import EventStore, workspace_store_path


def test_events_posted_to_the_web_app_are_stored(site: Site) -> None:
    key, _secret = KeyStore.in_data_dir(site.data_dir).create("bakkerij", "site", dt.datetime.now(dt.UTC))
    events = [event("play", p=0.0, f=None), event("progress", p=1.0, f=0.0)]
    with TestClient(site.app) as client:  # type: ignore[arg-type]
        answer = client.post(f"/t/collect?k={key.key}", content=beacon(events), headers={"content-type": "text/plain"})
        assert answer.status_code == 200, answer.text
        assert answer.json()["accepted"] == 2
        assert client.post("/t/collect?k=rw_unknown0000", content=beacon(events)).status_code in (400, 403)
    # leaving the app stores everything that was journaled
    with EventStore.open(workspace_store_path(site.data_dir, "bakkerij")) as store:
        ids = {row[0] for row in store.connection.execute("SELECT event_id FROM player_events").fetchall()}
    assert ids == {e["id"] for e in events}
