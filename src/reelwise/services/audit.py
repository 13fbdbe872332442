"""The strategy audit as a use case: plan (+ images, video reports, data) in, scored report out.

    >>> report = audit_file(Path("plan.yaml"), today=dt.date(2026, 3, 1))
    >>> report.score, [p.score for p in report.points]

Images named in the plan (asset posters, flyers …) are read from the plan's folder and
their dominant colours fed to the rules; video check reports (``reelwise check --json``)
and imported metrics are passed in when there are any. ``today`` always comes from the
caller: the audit never reads the clock.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from reelwise.domain.findings import POINTS, Severity, point_name
from reelwise.domain.plan import Plan
from reelwise.errors import InputError, Issue, Location
from reelwise.i18n import N_, Msg, get_language, translate
from reelwise.services.image_colours import dominant_colours
from reelwise.services.plans import read_plan
from reelwise.strategy.base import AuditContext
from reelwise.strategy.report import SEVERITY_LABELS, AuditReport
from reelwise.strategy.runner import audit

HTML_LABELS = {
    "title": N_("Strategy audit"),
    "campaign": N_("Campaign"),
    "date": N_("Date"),
    "overall": N_("Overall score"),
    "nothing": N_("nothing to judge"),
    "no_findings": N_("No findings on this point."),
    "fix": N_("Fix"),
    "evidence": N_("Evidence"),
    "points": N_("The ten points"),
    "formula": N_("Each point starts at 100: a problem takes 25 off, a warning 10, information nothing."),
}


def image_colours(plan: Plan, plan_dir: Path) -> dict[str, list[str]]:
    """Dominant colours of every asset image that can be read (unreadable ones are left out)."""
    out: dict[str, list[str]] = {}
    for asset in plan.assets:
        if not asset.image:
            continue
        colours = dominant_colours(plan_dir / asset.image)
        if colours:
            out[asset.id] = colours
    return out


def audit_plan(
    plan: Plan,
    *,
    today: dt.date,
    plan_dir: Path | None = None,
    lang: str | None = None,
    video_reports: Mapping[str, Mapping[str, Any]] | None = None,
    metrics: Mapping[str, Any] | None = None,
) -> AuditReport:
    """Audit a validated plan. ``plan_dir`` is where its relative file paths start."""
    colours = image_colours(plan, plan_dir) if plan_dir is not None else {}
    ctx = AuditContext(
        plan=plan, today=today, video_reports=dict(video_reports or {}), image_colours=colours, metrics=metrics
    )
    report = audit(ctx)
    return AuditReport(report.campaign, report.today, report.score, report.points, lang=lang)


def audit_file(
    path: Path,
    *,
    today: dt.date,
    lang: str | None = None,
    video_reports: Mapping[str, Mapping[str, Any]] | None = None,
    metrics: Mapping[str, Any] | None = None,
) -> AuditReport:
    """Read, validate and audit a plan file. Raises :class:`~reelwise.errors.PlanError` on an invalid plan."""
    plan = read_plan(path)
    return audit_plan(plan, today=today, plan_dir=path.parent, lang=lang, video_reports=video_reports, metrics=metrics)


def load_video_reports(plan: Plan, path: Path) -> dict[str, dict[str, Any]]:
    """Video check reports (the JSON list ``reelwise check --json`` writes), keyed by the plan's video id.

    A report belongs to the plan video whose ``file`` (or a variant's) has the same file name;
    an item may also name the video with ``"video_id"``.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(
            Msg("cannot read the video report {file}: {reason}", file=str(path), reason=str(exc)),
            [Issue(Location(str(path)), Msg("not a JSON video report"))],
        ) from None
    items = data if isinstance(data, list) else [data]
    by_name: dict[str, str] = {}
    for video in plan.videos:
        for file in [video.file, *(v.file for v in video.variants)]:
            if file:
                by_name[Path(file).name] = video.id
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        if not isinstance(item, dict) or "error" in item:
            continue
        video_id = item.get("video_id") or by_name.get(Path(str(item.get("file", ""))).name)
        if isinstance(video_id, str) and plan.video(video_id) is not None:
            out[video_id] = item
    return out


def render_html(report: AuditReport, lang: str | None = None) -> str:
    """One self-contained HTML page (no external assets) that also prints well."""
    from jinja2 import Environment

    lang = lang or report.lang or get_language()
    source = (resources.files("reelwise") / "templates" / "audit.html").read_text(encoding="utf-8")
    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["evidence"] = lambda v: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
    template = env.from_string(source)
    return template.render(
        lang=lang,
        label={key: translate(text, lang) for key, text in HTML_LABELS.items()},
        report=report.to_dict(lang),
        severities=[(s.value, translate(SEVERITY_LABELS[s], lang)) for s in Severity],
        point_names={n: point_name(n, lang) for n in POINTS},
    )
