"""Rendering the plan's platform variants of an uploaded video in the background.

Each variant of a plan video (``videos[].variants``) is rendered from the uploaded file with
``render_variant`` (reframed per shot, shortened, captions, loudness, end card in the brand
kit's colours with the video's CTA), for the platform of the first post that uses it, and
then checked against that platform. It runs in a child process (see ``run_in_child``), one
job per variant, in ``videos/<video>/variants/<variant>/``: the MP4 and ``result.json``.

Captions the plan asks for come from speech recognition when a Whisper model is configured;
without one, the variant is rendered without them and the result says so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

from reelwise.config import Settings
from reelwise.domain.plan import Plan, Variant
from reelwise.errors import InputError, ReelwiseError
from reelwise.i18n import LANGUAGES, N_, Msg
from reelwise.web.jobs import JobRunner, JobStatus, Progress, read_json, run_in_child, write_json
from reelwise.web.video_store import VideoFolder, hide_path

STEP_RENDERING: Final = N_("Rendering the variant")
RESULT: Final = "result.json"


@dataclass(frozen=True)
class VariantFolder:
    root: Path
    variant_id: str

    @property
    def video_file(self) -> Path:
        return self.root / f"{self.variant_id}.mp4"

    @property
    def result_path(self) -> Path:
        return self.root / RESULT

    def result(self) -> dict[str, Any] | None:
        data = read_json(self.result_path) if self.result_path.is_file() else None
        return data if isinstance(data, dict) else None


def variant_folder(folder: VideoFolder, variant_id: str) -> VariantFolder:
    return VariantFolder(folder.root / "variants" / variant_id, variant_id)


def platform_of(plan: Plan, video_id: str, variant: Variant) -> str | None:
    from reelwise.services.render_variant import variant_platform

    platform = variant_platform(plan, video_id, variant.id)
    return platform.value if platform is not None else None


def start_render(
    runner: JobRunner,
    folder: VideoFolder,
    plan: Plan,
    plan_version: int,
    video_id: str,
    variant: Variant,
    settings: Settings,
) -> JobStatus:
    """Queue the render of one variant of the folder's uploaded file (the running job when there is one)."""
    from reelwise.services.render_variant import variant_options

    meta = folder.upload()
    if meta is None:
        raise InputError(Msg("There is no uploaded file for video {video} yet.", video=video_id))
    if platform_of(plan, video_id, variant) is None:
        raise InputError(
            Msg("No post in the plan uses variant {variant}: give it a post, so reelwise knows the platform.",
                variant=variant.id)
        )  # fmt: skip
    source = folder.root / meta["stored_as"]
    name = str(meta.get("original_name") or meta["stored_as"])
    campaign_dir = folder.root.parent.parent
    face_model = os.environ.get("REELWISE_FACE_MODEL")
    options = variant_options(plan, campaign_dir, video_id, variant.id, source)
    options = replace(
        options,
        whisper_model=settings.whisper_model,
        face_model=Path(face_model) if face_model else None,
        overwrite=True,
        logo=options.logo if options.logo is not None and Path(options.logo).is_file() else None,
    )
    target = variant_folder(folder, variant.id)

    def work(progress: Progress) -> None:
        run_in_child(run_render, (target, source, name, options), progress)

    return runner.submit(
        target.root,
        work,
        extra={"plan_version": plan_version, "file": meta["stored_as"], "platform": options.platform.value},
    )


def run_render(target: VariantFolder, source: Path, name: str, options: Any, progress: Progress) -> None:
    """Render and check one variant into ``target`` (runs in a child process)."""
    from reelwise.services.render_variant import render_variant

    target.root.mkdir(parents=True, exist_ok=True)
    target.result_path.unlink(missing_ok=True)
    progress(0.0, STEP_RENDERING)
    try:
        result = render_variant(source, target.video_file, options, progress=lambda f: progress(0.99 * f))
    except ReelwiseError as exc:
        raise ReelwiseError(hide_path(exc.message, source, name)) from None
    data = result.to_dict()
    data["source"] = name  # the uploaded file's own name, not where it is stored
    data["output"] = target.video_file.name
    data["size_bytes"] = target.video_file.stat().st_size
    data["notes"] = {lang: [n.render(lang) for n in result.notes] for lang in LANGUAGES}
    write_json(target.result_path, data)
