"""The tracking page: the snippet for a site key, creating keys, the live view of events."""

from __future__ import annotations

from tests.conftest import EXAMPLES
from tests.web.analytics_site import EVIL, Seeded, seeded
from tests.web.conftest import Site, logged_in

from reelwise.analytics.collect.keys import KeyStore
from reelwise.domain.planfile import load_plan

__all__ = ["seeded"]


def test_the_page_shows_the_snippet_of_the_workspace_key(seeded: Seeded) -> None:
    client, _token = seeded.login("victor@example.nl")
    page = client.get(seeded.base + "/tracking")
    assert page.status_code == 200
    key = next(k.key for k in KeyStore.in_data_dir(seeded.data_dir).list() if k.workspace == seeded.workspace)
    assert f"data-reelwise-key=&#34;{key}&#34;" in page.text or f"data-reelwise-key=&quot;{key}&quot;" in page.text
    assert "http://127.0.0.1/static/reelwise-player.min.js" in page.text
    assert "data-reelwise-video=&#34;v1-bakker&#34;" in page.text or "data-reelwise-video=&quot;v1-bakker" in page.text
    assert 'hx-get="' + seeded.base + '/tracking/live"' in page.text and "every 2s" in page.text
    assert "/tracking/keys" not in page.text  # a viewer gets no form


def test_the_live_view_lists_the_latest_events_escaped(seeded: Seeded) -> None:
    client, _token = seeded.login("victor@example.nl")
    live = client.get(seeded.base + "/tracking/live")
    assert live.status_code == 200
    assert "<html" not in live.text  # a fragment for htmx
    rows = live.text.count("<tr>") - 1
    assert 0 < rows <= 25
    assert "https://shop.example/&lt;script&gt;" in live.text and EVIL not in live.text


def _campaign(site: Site) -> str:
    plan = load_plan((EXAMPLES / "bakkerij" / "plan.en.yaml").read_text(encoding="utf-8"), "plan.en.yaml")
    web = site.app.state.web  # type: ignore[attr-defined]
    return str(web.store.save_campaign("bakkerij", plan, expected_version=0).campaign.slug)


def test_an_owner_creates_a_site_key_and_sees_the_secret_once(site: Site) -> None:
    slug = _campaign(site)
    client, token = logged_in(site, "alice@example.nl")
    base = f"/w/bakkerij/c/{slug}/tracking"
    before = client.get(base)
    assert "no site key yet" in before.text
    assert client.get(base + "/live").text.count("No events yet") == 1
    created = client.post(base + "/keys", data={"label": "<i>shop</i>", "csrf_token": token})
    assert created.status_code == 201
    keys = KeyStore.in_data_dir(site.data_dir).list()
    assert len(keys) == 1 and keys[0].workspace == "bakkerij"
    assert keys[0].key in created.text and "sk_" in created.text
    assert "&lt;i&gt;shop&lt;/i&gt;" in created.text and "<i>shop</i>" not in created.text
    later = client.get(base)
    assert keys[0].key in later.text and "sk_" not in later.text


def test_key_creation_is_refused_for_viewers_strangers_anonymous_and_without_csrf(site: Site) -> None:
    slug = _campaign(site)
    base = f"/w/bakkerij/c/{slug}/tracking"
    viewer, token = logged_in(site, "victor@example.nl")
    assert viewer.post(base + "/keys", data={"label": "x", "csrf_token": token}).status_code == 403
    owner, _token = logged_in(site, "alice@example.nl")
    assert owner.post(base + "/keys", data={"label": "x"}).status_code == 403
    stranger, token = logged_in(site, "bob@example.nl")
    assert stranger.post(base + "/keys", data={"label": "x", "csrf_token": token}).status_code == 404
    assert stranger.get(base).status_code == 404
    assert stranger.get(base + "/live").status_code == 404
    anonymous = site.client()
    assert anonymous.get(base).status_code == 303
    assert anonymous.get(base + "/live").status_code == 303
    assert KeyStore.in_data_dir(site.data_dir).list() == []
