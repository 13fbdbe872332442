"""A web app over a seeded demo workspace (once per test session) for the analytics pages."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.conftest import EXAMPLES

from reelwise.analytics.collect.writer import DuckDBSink
from reelwise.analytics.store import EventStore, workspace_store_path
from reelwise.config import Settings
from reelwise.services.answers import import_answers
from reelwise.services.seed import seed_demo
from reelwise.services.users import Role, add_user
from reelwise.web.app import create_app

PASSWORD = "correct horse battery"
TODAY = dt.date(2026, 12, 1)
EVIL = "<script>document.title='pwned'</script>"


@dataclass
class Seeded:
    app: Any
    data_dir: Path
    workspace: str
    campaign: str
    campaign_name: str

    @property
    def base(self) -> str:
        return f"/w/{self.workspace}/c/{self.campaign}"

    def client(self) -> TestClient:
        return TestClient(self.app, base_url="http://127.0.0.1", follow_redirects=False)

    def login(self, email: str) -> tuple[TestClient, str]:
        client = self.client()
        page = client.get("/login")
        token = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
        assert token
        response = client.post(
            "/login", data={"email": email, "password": PASSWORD, "csrf_token": token.group(1), "next": "/"}
        )
        assert response.status_code == 303, response.text
        home = client.get("/")
        token = re.search(r'name="csrf-token" content="([^"]+)"', home.text)
        assert token
        return client, token.group(1)


def evil_event(site_key: str) -> list[Any]:
    ms = int(dt.datetime(2026, 11, 30, 23, 59, tzinfo=dt.UTC).timestamp() * 1000)
    return ["evil-event-0001", site_key, "v1-bakker", None, "evil-session-1", "x", "play", 0.0, 12.0, None,
            ms, ms + 9_000_000_000, f"https://shop.example/{EVIL}"]  # fmt: skip


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    data_dir = tmp_path_factory.mktemp("analytics-web")
    settings = Settings(data_dir=data_dir, lang="en")
    app = create_app(settings)
    web = app.state.web
    web.clock = lambda: dt.datetime.combine(TODAY, dt.time(10, 0), tzinfo=dt.UTC)
    summary = seed_demo(
        data_dir=data_dir,
        store=web.store,
        users=web.users,
        plan_file=EXAMPLES / "bakkerij" / "plan.nl.yaml",
        today=TODAY,
        exports_dir=None,
        check_videos=False,
    )
    # user text that must be escaped: an answer and a page URL
    answers = data_dir / "evil-answers.csv"
    answers.write_text(f'date,answer\n2026-11-20,"{EVIL}"\n', encoding="utf-8")
    with EventStore.for_workspace(data_dir, summary.workspace) as store:
        import_answers(store, answers)
    from reelwise.analytics.collect.keys import KeyStore

    key = next(k.key for k in KeyStore.in_data_dir(data_dir).list() if k.workspace == summary.workspace)
    DuckDBSink(workspace_store_path(data_dir, summary.workspace)).store([evil_event(key)], [])
    web.store.create_workspace("Concurrent")
    alice = add_user(web.users, "alice@example.nl", "Alice", PASSWORD, lang="en")
    victor = add_user(web.users, "victor@example.nl", "Victor", PASSWORD, lang="en")
    bob = add_user(web.users, "bob@example.nl", "Bob", PASSWORD, lang="en")
    web.users.grant(alice.id, summary.workspace, Role.OWNER)
    web.users.grant(victor.id, summary.workspace, Role.VIEWER)
    web.users.grant(bob.id, "concurrent", Role.OWNER)
    with TestClient(app):
        yield Seeded(app, data_dir, summary.workspace, summary.campaign, summary.campaign_name)
