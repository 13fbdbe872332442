"""Use cases around plan files: read, validate, summarise, write a starter plan."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Final

from reelwise.domain.plan import Plan, Video
from reelwise.domain.planfile import dump_plan, load_plan
from reelwise.errors import InputError, Issue, Location, PlanError
from reelwise.i18n import N_, Msg


def read_plan(path: Path, *, check_files: bool = True) -> Plan:
    """Load a plan file; referenced files are looked up relative to the plan's folder."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PlanError(
            Msg("plan file {file} not found", file=str(path)), [Issue(Location(str(path)), Msg("file not found"))]
        ) from None
    except IsADirectoryError:
        raise PlanError(
            Msg("{file} is a folder, not a plan file", file=str(path)),
            [Issue(Location(str(path)), Msg("a folder, not a plan file"))],
        ) from None
    except OSError as exc:
        raise PlanError(
            Msg("cannot read {file}: {reason}", file=str(path), reason=exc.strerror or str(exc)),
            [Issue(Location(str(path)), Msg("cannot read the file"))],
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PlanError(
            Msg("{file} is not UTF-8 text", file=str(path)), [Issue(Location(str(path), line), Msg("not UTF-8 text"))]
        ) from None
    base = path.parent
    exists = (lambda rel: (base / rel).is_file()) if check_files else None
    return load_plan(text, str(path), exists)


@dataclass(frozen=True)
class Validation:
    path: Path
    plan: Plan | None
    issues: list[Issue]


def plan_video(plan: Plan, plan_file: Path, video_id: str) -> Video:
    """The plan's video ``video_id``, or a :class:`PlanError` that lists the plan's videos."""
    video = next((v for v in plan.videos if v.id == video_id), None)
    if video is None:
        known = ", ".join(v.id for v in plan.videos) or "-"
        message = Msg("video {video} is not in the plan (videos: {known})", video=video_id, known=known)
        raise PlanError(message, [Issue(Location(str(plan_file), None, "videos"), message)])
    return video


def validate_files(paths: list[Path]) -> list[Validation]:
    """Validate every file; one bad file never stops the others."""
    results: list[Validation] = []
    for path in paths:
        try:
            results.append(Validation(path, read_plan(path), []))
        except InputError as exc:
            issues = exc.issues or [Issue(Location(str(path)), exc.message)]
            results.append(Validation(path, None, issues))
    return results


SUMMARY_LABELS: Final = {
    "stages": N_("stages"),
    "goals": N_("goals"),
    "videos": N_("videos"),
    "assets": N_("other assets"),
    "personas": N_("personas"),
    "posts": N_("planned posts"),
    "channels": N_("social channels"),
    "outlets": N_("PR outlets"),
    "kpis": N_("KPIs"),
}


def summary(plan: Plan) -> dict[str, int | str]:
    """The counts a person checks first."""
    return {
        "campaign": plan.campaign.name,
        "stages": len(plan.campaign.stages),
        "goals": len(plan.goals),
        "videos": len(plan.videos),
        "assets": len(plan.assets),
        "personas": len(plan.personas),
        "posts": len(plan.distribution.posts),
        "channels": len(plan.channels),
        "outlets": len(plan.pr.outlets),
        "kpis": len(plan.measurement.kpis),
    }


def starter_plan(lang: str) -> str:
    """The commented starter plan in the chosen language."""
    name = f"starter_{lang}.yaml"
    return (resources.files("reelwise") / "templates" / name).read_text(encoding="utf-8")


def write_plan(plan: Plan, path: Path) -> None:
    """Write the plan as YAML, atomically (a crash never leaves half a file)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(dump_plan(plan), encoding="utf-8")
    tmp.replace(path)
