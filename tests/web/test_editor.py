"""The plan editor: forms for every part of the plan, messages at their fields, versions and conflicts."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from tests.conftest import EXAMPLES
from tests.domain.plans import plan_data
from tests.web.conftest import Site, logged_in

from reelwise.domain.plan import Plan
from reelwise.services.plans import read_plan
from reelwise.web.planforms import SECTION_NAMES

EDIT = "/w/bakkerij/c/lente/edit"


class FormFields(HTMLParser):
    """What a browser would send for the plan form: every field with its current value."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_value: str | None = None
        self._first_option: str | None = None
        self._option: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and "plan-form" in a.get("class", ""):
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and "name" in a:
            kind = a.get("type", "text")
            if kind == "checkbox":
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            else:
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select, self._select_value, self._first_option = a["name"], None, None
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self._select_value = value
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        if tag == "select" and self._select is not None:
            value = self._select_value if self._select_value is not None else self._first_option
            self.fields.append((self._select, value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def fields_of(html: str) -> list[tuple[str, str]]:
    parser = FormFields()
    parser.feed(html)
    return parser.fields


def change(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    assert any(k == name for k, _ in fields), f"no field {name}"
    return [(k, value if k == name else v) for k, v in fields]


def form(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Fields as httpx sends them: a name may repeat (checkbox groups)."""
    out: dict[str, list[str]] = {}
    for key, value in fields:
        out.setdefault(key, []).append(value)
    return out


def field_block(html: str, dom_id: str) -> str:
    """The HTML of one field: its input and the messages right after it."""
    start = html.index(f'id="{dom_id}"')
    return html[start : html.index("</div>", start)]


@pytest.fixture
def campaign(site: Site) -> Plan:
    plan = Plan.model_validate(plan_data())
    site.app.state.web.store.save_campaign("bakkerij", plan, expected_version=0, author="alice@example.nl")  # type: ignore[attr-defined]
    return plan


def stored(site: Site) -> Any:
    return site.app.state.web.store.get_campaign("bakkerij", "lente")  # type: ignore[attr-defined]


def test_every_section_round_trips_without_changes(site: Site, campaign: Plan) -> None:
    client, _ = logged_in(site, "alice@example.nl")
    for section in SECTION_NAMES:
        page = client.get(f"{EDIT}/{section}")
        assert page.status_code == 200
        response = client.post(f"{EDIT}/{section}", data=form([*fields_of(page.text), ("_action", "save")]))
        assert response.status_code == 303, response.text
        assert "unchanged=1" in response.headers["location"], f"saving an untouched {section} form changes nothing"
        assert stored(site).plan == campaign
        assert stored(site).version == 1
    example = read_plan(EXAMPLES / "bakkerij" / "plan.en.yaml")
    info = site.app.state.web.store.save_campaign("bakkerij", example, expected_version=0).campaign  # type: ignore[attr-defined]
    for section in SECTION_NAMES:
        url = f"/w/bakkerij/c/{info.slug}/edit/{section}"
        response = client.post(url, data=form([*fields_of(client.get(url).text), ("_action", "save")]))
        assert "unchanged=1" in response.headers["location"], f"the example's {section} survives the form"


def test_editor_shows_the_plan_in_forms(site: Site, campaign: Plan) -> None:
    client, _ = logged_in(site, "alice@example.nl")
    page = client.get(EDIT).text
    assert 'name="brand.name" value="Koffiebar Noord"' in page
    assert "#112233\n#FFCC00</textarea>" in page  # a list of colours: one a line
    videos = client.get(f"{EDIT}/videos").text
    assert 'name="videos[0].cta.url" value="https://kb.example/?utm_source=video"' in videos
    assert re.search(r'<option value="visit" selected>Visit the website</option>', videos)  # catalogue labels
    assert 'name="videos[0].concept.authenticity" value="real_people" checked' in videos  # the checklist
    assert 'name="videos[0].concept.authenticity" value="no_stock_footage">' in videos
    assert '<option value="See" selected>See</option>' in videos  # stages to choose from
    posts = client.get(f"{EDIT}/distribution").text
    moment = 'type="datetime-local" id="f-distribution-posts-0-moment" name="distribution.posts[0].moment"'
    assert f'{moment} value="2027-03-02T12:30"' in posts


def test_a_change_is_saved_as_a_new_version(site: Site, campaign: Plan) -> None:
    client, _ = logged_in(site, "alice@example.nl")
    fields = fields_of(client.get(f"{EDIT}/videos").text)
    fields = change(fields, "videos[0].title", "De nieuwe barista")
    fields = change(fields, "videos[0].production.budget_eur", "650,50")  # a Dutch decimal comma
    fields = [*fields, ("videos[0].concept.authenticity", "no_stock_footage"), ("_action", "save")]
    response = client.post(f"{EDIT}/videos", data=form(fields))
    assert response.status_code == 303
    assert response.headers["location"].endswith("/edit/videos?saved=2")
    assert "Saved as version 2." in client.get(response.headers["location"]).text
    now = stored(site)
    assert now.version == 2
    video = now.plan.videos[0]
    assert video.title == "De nieuwe barista"
    assert video.production.budget_eur == 650.5
    assert set(video.concept.authenticity) == {"real_people", "no_stock_footage"}
    assert now.plan.distribution == campaign.distribution, "other sections are kept"


def test_messages_show_at_their_fields_and_the_input_is_kept(site: Site, campaign: Plan) -> None:
    client, _ = logged_in(site, "alice@example.nl")
    fields = fields_of(client.get(f"{EDIT}/videos").text)
    fields = change(fields, "videos[0].cta.url", "kb.example zonder http")
    fields = change(fields, "videos[0].title", "")
    fields = change(fields, "videos[0].duration_target_s", "twintig")
    response = client.post(f"{EDIT}/videos", data=form([*fields, ("_action", "save")]))
    assert response.status_code == 400
    html = response.text
    url = field_block(html, "f-videos-0-cta-url")
    assert 'value="kb.example zonder http"' in url and 'aria-invalid="true"' in url
    assert "not a URL (http:// or https://)" in url
    assert "required field is missing" in field_block(html, "f-videos-0-title")
    assert 'value="twintig"' in field_block(html, "f-videos-0-duration-target-s")
    assert "expected a number" in field_block(html, "f-videos-0-duration-target-s")
    assert "the plan has 3 problems" in html
    assert '<a href="#f-videos-0-cta-url">' in html  # the summary links to the field
    assert stored(site).version == 1, "nothing was saved"


def test_a_broken_reference_shows_at_its_line(site: Site, campaign: Plan) -> None:
    client, _ = logged_in(site, "alice@example.nl")
    fields = change(fields_of(client.get(f"{EDIT}/videos").text), "videos[0].next_step", "poster\nbestaat-niet")
    response = client.post(f"{EDIT}/videos", data=form([*fields, ("_action", "save")]))
    assert response.status_code == 400
    assert "line 2: next step bestaat-niet does not exist in this plan" in field_block(
        response.text, "f-videos-0-next-step"
    )


def test_a_stage_renamed_in_one_section_shows_what_breaks_elsewhere(site: Site, campaign: Plan) -> None:
    client, _ = logged_in(site, "alice@example.nl")
    fields = change(fields_of(client.get(f"{EDIT}/campaign").text), "campaign.stages", "Zien\nDenken\nDoen\nZorg")
    response = client.post(f"{EDIT}/campaign", data=form([*fields, ("_action", "save")]))
    assert response.status_code == 400
    assert 'href="/w/bakkerij/c/lente/edit/videos#f-videos-0-stage"' in response.text
    assert "stage See is not one of the campaign" in response.text
    assert stored(site).version == 1


def test_a_stale_version_is_a_conflict_and_saves_nothing(site: Site, campaign: Plan) -> None:
    alice, _ = logged_in(site, "alice@example.nl")
    mine = fields_of(alice.get(f"{EDIT}/brand").text)
    theirs = fields_of(alice.get(f"{EDIT}/brand").text)
    first = alice.post(f"{EDIT}/brand", data=form([*change(theirs, "brand.slogan", "Eerst"), ("_action", "save")]))
    assert first.status_code == 303
    response = alice.post(f"{EDIT}/brand", data=form([*change(mine, "brand.slogan", "Later"), ("_action", "save")]))
    assert response.status_code == 409
    assert "Someone else saved this plan meanwhile (now version 2; you started from version 1)" in response.text
    assert 'href="/w/bakkerij/c/lente/edit/brand"' in response.text  # reload link
    assert "Later</textarea>" in response.text, "the input is not thrown away"
    assert stored(site).version == 2 and stored(site).plan.brand.slogan == "Eerst"


def test_add_and_remove_items_without_saving(site: Site, campaign: Plan) -> None:
    client, _ = logged_in(site, "alice@example.nl")
    fields = fields_of(client.get(f"{EDIT}/videos").text)
    fields = change(fields, "videos[0].title", "Nog niet bewaard")
    added = client.post(f"{EDIT}/videos", data=form([*fields, ("_action", "add:videos[0].variants")]))
    assert added.status_code == 200
    assert 'name="videos[0].variants[1].id" value=""' in added.text
    assert 'value="Nog niet bewaard"' in added.text, "what was typed stays"
    assert re.search(
        r'id="f-videos-0-variants-1-id" name="videos\[0\].variants\[1\].id" value=""[^>]*autofocus', added.text
    )
    fields = fields_of(added.text)
    removed = client.post(f"{EDIT}/videos", data=form([*fields, ("_action", "remove:videos[0].variants[0]")]))
    assert 'name="videos[0].variants[0].id" value=""' in removed.text
    assert 'value="reel"' not in removed.text
    new_video = client.post(f"{EDIT}/videos", data=form([*fields_of(removed.text), ("_action", "add:videos")]))
    assert 'name="videos[1].title"' in new_video.text
    assert stored(site).version == 1, "add and remove never save"
    # an empty item added by accident is dropped on save; the removed variant is gone
    fields = change(fields_of(new_video.text), "videos[0].variants[0].id", "vierkant")
    fields = change(fields, "videos[0].variants[0].aspect_ratio", "1:1")
    response = client.post(f"{EDIT}/videos", data=form([*fields, ("_action", "save")]))
    assert response.status_code == 400, "the post still names variant reel"
    assert "video v1 has no variant reel" in response.text


def test_viewer_sees_the_plan_read_only_and_cannot_save(site: Site, campaign: Plan) -> None:
    viewer, token = logged_in(site, "victor@example.nl")
    page = viewer.get(f"{EDIT}/videos")
    assert page.status_code == 200
    assert '<form method="post" action="/w/bakkerij/c/lente/edit' not in page.text
    assert "<input" not in page.text.split("<main>")[1].replace('<input type="hidden" name="csrf_token"', "")
    assert "Onze barista" in page.text and "Visit the website" in page.text
    response = viewer.post(f"{EDIT}/brand", data={"csrf_token": token, "based_on": "1", "brand.name": "X"})
    assert response.status_code == 403
    assert stored(site).version == 1


def test_anonymous_other_workspace_csrf_and_unknown_section(site: Site, campaign: Plan) -> None:
    anonymous = site.client()
    for path in (EDIT, f"{EDIT}/videos"):
        response = anonymous.get(path)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
    bob, bob_token = logged_in(site, "bob@example.nl")
    assert bob.get(EDIT).status_code == 404
    assert bob.post(f"{EDIT}/brand", data={"csrf_token": bob_token, "based_on": "1"}).status_code == 404
    alice, token = logged_in(site, "alice@example.nl")
    fields = fields_of(alice.get(f"{EDIT}/brand").text)
    without = [(k, v) for k, v in fields if k != "csrf_token"]
    assert alice.post(f"{EDIT}/brand", data=form([*without, ("_action", "save")])).status_code == 403
    assert alice.get(f"{EDIT}/nonsense").status_code == 404
    assert alice.post(f"{EDIT}/brand", data={"csrf_token": token}).status_code == 400  # no version
    assert alice.get("/w/bakkerij/c/bestaat-niet/edit").status_code == 404
    assert stored(site).version == 1


def test_user_text_is_escaped(site: Site) -> None:
    data = plan_data()
    data["videos"][0]["title"] = "<script>alert(1)</script>"
    data["campaign"]["name"] = "<b>Lente</b>"
    site.app.state.web.store.save_campaign("bakkerij", Plan.model_validate(data), name="Lente", expected_version=0)  # type: ignore[attr-defined]
    client, _ = logged_in(site, "alice@example.nl")
    videos = client.get(f"{EDIT}/videos").text
    assert "<script>alert(1)</script>" not in videos
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in videos
    assert "<b>Lente</b>" not in client.get(f"{EDIT}/campaign").text
