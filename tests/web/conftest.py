"""A real web app on a temporary data directory with three people in two workspaces."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from reelwise.config import Settings
from reelwise.services.users import Role, add_user
from reelwise.web.app import create_app

PASSWORD = "correct horse battery"


@dataclass
class Site:
    app: object
    data_dir: Path

    def client(self) -> TestClient:
        return TestClient(self.app, base_url="http://127.0.0.1", follow_redirects=False)  # type: ignore[arg-type]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    settings = Settings(data_dir=tmp_path / "data", lang="en")
    app = create_app(settings)
    web = app.state.web
    web.store.create_workspace("Bakkerij")
    web.store.create_workspace("Concurrent")
    alice = add_user(web.users, "alice@example.nl", "Alice", PASSWORD, lang="en")
    victor = add_user(web.users, "victor@example.nl", "Victor", PASSWORD, lang="en")
    bob = add_user(web.users, "bob@example.nl", "Bob", PASSWORD, lang="en")
    web.users.grant(alice.id, "bakkerij", Role.OWNER)
    web.users.grant(victor.id, "bakkerij", Role.VIEWER)
    web.users.grant(bob.id, "concurrent", Role.OWNER)
    with TestClient(app):
        yield Site(app=app, data_dir=settings.data_dir)


def csrf_of(client: TestClient) -> str:
    page = client.get("/login")
    match = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
    assert match, "every page carries the CSRF token in a meta tag"
    return match.group(1)


def logged_in(site: Site, email: str) -> tuple[TestClient, str]:
    client = site.client()
    token = csrf_of(client)
    response = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token, "next": "/"})
    assert response.status_code == 303, response.text
    home = client.get("/")
    match = re.search(r'name="csrf-token" content="([^"]+)"', home.text)
    assert match
    return client, match.group(1)
