"""The plan editor: a form for every part of the plan, saved as a new version.

``/w/{workspace}/c/{campaign}/edit[/{section}]`` shows one section of the plan as a form
(read-only for viewers). A save parses the form, validates the whole plan (model and
cross-references) and shows every message at its field, with the user's input kept. The
form carries the version it was based on: a save from a stale version is refused with a
conflict message and saves nothing. Add/remove buttons re-show the form without saving.
"""

from __future__ import annotations

from typing import Any

import yaml
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from reelwise.domain.plan import Plan
from reelwise.domain.planfile import load_plan
from reelwise.errors import ConflictError, PlanError
from reelwise.i18n import Msg
from reelwise.services.workspaces import StoredCampaign
from reelwise.web import auth
from reelwise.web.planforms import SECTION_NAMES, SECTIONS, apply_action, build_form, parse_section
from reelwise.web.planforms.parse import keep_order
from reelwise.web.planforms.paths import dom_id, split
from reelwise.web.planforms.spec import section_spec
from reelwise.web.templating import render

router = APIRouter(include_in_schema=False)

FIRST_SECTION = SECTION_NAMES[0]


def plan_refs(plan: Plan) -> dict[str, list[tuple[str, str]]]:
    """Choices for fields that name another part of the plan."""
    videos = [(v.id, f"{v.id} · {v.title}") for v in plan.videos]
    goals = [(g.id, g.id) for g in plan.goals]
    outlets = [(o.id, f"{o.id} · {o.name}") for o in plan.pr.outlets]
    return {
        "stage": [(s, s) for s in plan.campaign.stages],
        "video": videos,
        "pinned_video": videos,
        "persona": [(p.id, f"{p.id} · {p.name}") for p in plan.personas],
        "goal": goals,
        "serves": goals,
        "outlet": outlets,
    }


def _section(section: str) -> str:
    if section not in SECTION_NAMES:
        raise HTTPException(status_code=404, detail="no such section")
    return section


def _form_data(form: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            out.setdefault(key, []).append(value)
    return out


def _page(
    request: Request,
    access: auth.Access,
    stored: StoredCampaign,
    section: str,
    data: Any,
    *,
    status_code: int = 200,
    based_on: int | None = None,
    errors: dict[str, list[str]] | None = None,
    focus: str | None = None,
    conflict: int | None = None,
    message: Msg | None = None,
) -> Response:
    lang = auth.request_language(request)
    form = build_form(section, data, lang=lang, errors=errors, focus=focus, refs=plan_refs(stored.plan))
    elsewhere = []
    for path, text in form.elsewhere:
        parts = split(path)
        where = str(parts[0]) if parts and parts[0] in SECTION_NAMES else None
        elsewhere.append((where, dom_id(path), path, text))
    saved = request.query_params.get("saved")
    return render(
        request,
        "editor.html",
        status_code=status_code,
        access=access,
        campaign=stored.info,
        section=section,
        sections=SECTIONS,
        form=form,
        elsewhere=elsewhere,
        based_on=stored.version if based_on is None else based_on,
        conflict=conflict,
        message=message,
        saved=int(saved) if saved and saved.isdigit() else None,
        unchanged=request.query_params.get("unchanged") == "1",
        readonly=not access.can_edit,
    )


def _stored(request: Request, access: auth.Access, campaign: str) -> StoredCampaign:
    return auth.state(request).store.get_campaign(access.workspace, campaign)


@router.get("/w/{workspace}/c/{campaign}/edit")
def editor_page(request: Request, workspace: str, campaign: str) -> Response:
    return section_page(request, workspace, campaign, FIRST_SECTION)


@router.get("/w/{workspace}/c/{campaign}/edit/{section}")
def section_page(request: Request, workspace: str, campaign: str, section: str) -> Response:
    access = auth.workspace_access(request, workspace)
    stored = _stored(request, access, campaign)
    section = _section(section)
    data = stored.plan.model_dump(mode="json")[section]
    return _page(request, access, stored, section, data)


def validate(plan: Plan, section: str, data: Any) -> tuple[Plan | None, dict[str, list[Msg]]]:
    """The plan with ``section`` replaced by ``data``, validated (model and cross-references).

    Returns the new plan, or None and every message by its path in the plan
    (``videos[1].cta.url``) — the same messages a plan file gets.
    """
    whole = plan.to_data()
    whole[section] = data
    text = yaml.safe_dump(whole, sort_keys=False, allow_unicode=True)
    try:
        return load_plan(text, None), {}
    except PlanError as exc:
        errors: dict[str, list[Msg]] = {}
        for issue in exc.issues:
            errors.setdefault(issue.location.path or section, []).append(issue.message)
        return None, errors


@router.post("/w/{workspace}/c/{campaign}/edit/{section}")
async def save_section(request: Request, workspace: str, campaign: str, section: str) -> Response:
    access = auth.workspace_access(request, workspace)
    auth.require_edit(access)
    stored = _stored(request, access, campaign)
    section = _section(section)
    form = _form_data(await request.form())
    action = (form.get("_action") or ["save"])[0]
    based_raw = (form.get("based_on") or [""])[0]
    if not based_raw.isdigit():
        raise HTTPException(status_code=400, detail="the form lacks the version it was based on")
    based_on = int(based_raw)
    if action != "save":
        data = parse_section(section, form, drop_blank=False)
        focus = apply_action(section, data, action)
        return _page(request, access, stored, section, data, based_on=based_on, focus=focus)
    data = keep_order(section_spec(section), parse_section(section, form), stored.plan.model_dump(mode="json")[section])
    if based_on != stored.version:
        return _page(
            request, access, stored, section, data, status_code=409, based_on=based_on, conflict=stored.version
        )
    plan, issues = validate(stored.plan, section, data)
    lang = auth.request_language(request)
    if plan is None:
        errors = {path: [m.render(lang) for m in messages] for path, messages in issues.items()}
        count = sum(len(m) for m in errors.values())
        return _page(
            request,
            access,
            stored,
            section,
            data,
            status_code=400,
            based_on=based_on,
            errors=errors,
            message=(
                Msg("Nothing was saved: the plan has a problem, shown at its field.")
                if count == 1
                else Msg("Nothing was saved: the plan has {count} problems. Each is shown at its field.", count=count)
            ),
        )
    web = auth.state(request)
    try:
        result = web.store.save_campaign(
            access.workspace, plan, name=stored.info.name, expected_version=based_on, author=access.user.email
        )
    except ConflictError:
        latest = _stored(request, access, campaign)
        return _page(
            request, access, latest, section, data, status_code=409, based_on=based_on, conflict=latest.version
        )
    query = f"saved={result.campaign.version}" + ("" if result.changed else "&unchanged=1")
    return RedirectResponse(f"/w/{access.workspace}/c/{stored.info.slug}/edit/{section}?{query}", status_code=303)
