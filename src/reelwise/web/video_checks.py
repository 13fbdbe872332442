"""Running the video check of a plan video in the background and keeping what it found.

The check gets the plan's brand, CTA, language and planned platforms for that video
(``options_from_plan``). Speech recognition runs only when a Whisper model is configured
(``Settings.whisper_model``); otherwise the check behaves like ``reelwise check
--no-speech`` (voice activity detection still runs). A logo named in the plan is used
when its file exists in the campaign's folder; otherwise the logo is not measured.

The result is written as ``check.json`` (English) and ``check.<lang>.json`` for the other
languages, with a JPEG thumbnail per scene under ``thumbs/``.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

from reelwise.config import Settings
from reelwise.domain.plan import Plan
from reelwise.errors import InputError, ReelwiseError
from reelwise.i18n import LANGUAGES, N_, Msg
from reelwise.web.jobs import JobRunner, JobStatus, Progress, run_in_child, write_json
from reelwise.web.video_store import VideoFolder, hide_path

STEP_PREPARING: Final = N_("Preparing the check")
STEP_ANALYSING: Final = N_("Watching and listening to the video")
STEP_SAVING: Final = N_("Saving the results")

# how much of the bar each step fills
PREPARED_AT: Final = 0.05
ANALYSED_AT: Final = 0.92


def campaign_dir(folder: VideoFolder) -> Path:
    """The campaign's folder (``.../campaigns/<campaign>``): where plan-relative files such as the logo live."""
    return folder.root.parent.parent


def check_options(plan: Plan, video_id: str, settings: Settings, base_dir: Path) -> Any:
    from reelwise.services.check_video import CheckOptions, options_from_plan

    whisper = settings.whisper_model
    face_model = os.environ.get("REELWISE_FACE_MODEL")
    base = CheckOptions(
        no_speech=whisper is None,
        whisper_model=whisper,
        face_model=Path(face_model) if face_model else None,
        thumbnails=True,
    )
    # plan paths (the brand logo) are relative to the plan file, which would sit in the campaign's folder
    options = options_from_plan(plan, base_dir / "plan.yaml", video_id, base)
    if options.logo is not None and not Path(options.logo).is_file():
        options = replace(options, logo=None)
    return options


def start_check(
    runner: JobRunner,
    folder: VideoFolder,
    plan: Plan,
    plan_version: int,
    video_id: str,
    settings: Settings,
) -> JobStatus:
    """Queue the check of the folder's uploaded file (the running job when there is one)."""
    meta = folder.upload()
    if meta is None:
        raise InputError(Msg("There is no uploaded file for video {video} yet.", video=video_id))
    path = folder.root / meta["stored_as"]
    name = str(meta.get("original_name") or meta["stored_as"])
    options = check_options(plan, video_id, settings, campaign_dir(folder))

    def work(progress: Progress) -> None:
        # in a child process: a decoder crash on a damaged or hostile upload cannot take
        # the web server down, and a check that hangs is stopped (see run_in_child)
        run_in_child(run_check, (folder, path, name, options), progress)

    return runner.submit(
        folder.root,
        work,
        extra={"plan_version": plan_version, "file": meta["stored_as"], "speech": not options.no_speech},
    )


def run_check(folder: VideoFolder, path: Path, name: str, options: Any, progress: Progress) -> None:
    """Check ``path`` and store the reports and thumbnails in ``folder`` (runs in a child process)."""
    from reelwise.services.check_video import check_video

    progress(0.0, STEP_PREPARING)
    started = [False]

    def on_decode(fraction: float) -> None:
        if not started[0]:
            started[0] = True
            progress(PREPARED_AT, STEP_ANALYSING)
        progress(PREPARED_AT + (ANALYSED_AT - PREPARED_AT) * fraction)

    try:
        report = check_video(path, options, progress=on_decode)
    except ReelwiseError as exc:
        raise ReelwiseError(hide_path(exc.message, path, name)) from None
    progress(ANALYSED_AT, STEP_SAVING)
    save_report(folder, report, name)


def save_report(folder: VideoFolder, report: Any, name: str) -> None:
    folder.clear_results()
    folder.thumbs.mkdir(parents=True, exist_ok=True)
    scenes = report.analysis.scenes
    thumbs: dict[float, bytes] = scenes.thumbnails if scenes else {}
    shots = scenes.shots if scenes else []
    names: list[str | None] = []
    for index, shot in enumerate(shots):
        data = thumbs.get(round(shot.start_s, 6))
        if data:
            folder.thumb(index).write_bytes(data)
            names.append(f"{index}.jpg")
        else:
            names.append(None)
    # write the other languages first: check.json (English) appearing means "all there"
    for lang in sorted(LANGUAGES, key=lambda code: code == "en"):
        data = report.to_dict(lang)
        data["file"] = name
        if isinstance(data.get("probe"), dict):
            data["probe"]["file"] = name
        for scene, thumb in zip(data.get("scenes", []), names, strict=False):
            scene["thumbnail"] = thumb
        write_json(folder.report_path(lang), data)
