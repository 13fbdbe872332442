"""``reelwise render VIDEO --platform P``: a platform variant, reframed, captioned, levelled and checked."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from reelwise.errors import InputError, Issue, Location
from reelwise.i18n import N_, Msg, _

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)
SHORTENED_AT_CUT = N_("shortened: it ends at its last cut before the limit")
SHORTENED_FADED = N_("shortened at the limit, the sound faded out")
PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow")


def render(
    ctx: typer.Context,
    video: Annotated[
        Path | None, typer.Argument(help="The finished video (with --plan: the plan video's file).", show_default=False)
    ] = None,
    platform: Annotated[
        str | None, typer.Option("--platform", help="Platform to render for (with --plan: a post's platform).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="The variant's file (default: VIDEO.<platform>.mp4).")
    ] = None,
    aspect: Annotated[
        str | None, typer.Option("--aspect", help="Shape, e.g. 9:16 (default: the platform's first).")
    ] = None,
    max_duration: Annotated[
        float | None, typer.Option("--max-duration", help="Longest the variant may be, in seconds.")
    ] = None,
    size: Annotated[
        int | None, typer.Option("--size", help="The picture's short side in pixels (default: the platform's).")
    ] = None,
    captions: Annotated[
        Path | None, typer.Option("--captions", help="Captions file (SRT or WebVTT) to burn in.")
    ] = None,
    auto_captions: Annotated[
        bool, typer.Option("--auto-captions", help="Burn in captions from speech recognition.")
    ] = False,
    end_card: Annotated[
        bool | None,
        typer.Option("--end-card/--no-end-card", help="End card with logo and CTA (default: when there is one)."),
    ] = None,
    end_card_seconds: Annotated[float, typer.Option("--end-card-seconds", help="The end card's length.")] = 3.0,
    brand_name: Annotated[str | None, typer.Option("--brand-name", help="Brand name for the end card.")] = None,
    brand_colour: Annotated[
        list[str] | None, typer.Option("--brand-colour", help="House colour as hex (repeatable; the first fills).")
    ] = None,
    logo: Annotated[Path | None, typer.Option("--logo", help="Logo image for the end card.")] = None,
    slogan: Annotated[str | None, typer.Option("--slogan", help="Slogan for the end card.")] = None,
    cta_text: Annotated[str | None, typer.Option("--cta-text", help="The call to action on the end card.")] = None,
    cta_url: Annotated[str | None, typer.Option("--cta-url", help="The CTA link on the end card.")] = None,
    no_loudness: Annotated[
        bool, typer.Option("--no-loudness", help="Keep the sound's level (default: the platform's level).")
    ] = False,
    preset: Annotated[
        str, typer.Option("--preset", help="x264 speed/size trade-off (ultrafast … veryslow).")
    ] = "medium",
    crf: Annotated[int, typer.Option("--crf", help="x264 quality, 0–51: lower is better.")] = 20,
    no_check: Annotated[bool, typer.Option("--no-check", help="Skip the video check of the result.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output file.")] = False,
    plan: Annotated[Path | None, typer.Option("--plan", help="Plan file: variant, brand kit and CTA.")] = None,
    video_id: Annotated[str | None, typer.Option("--video-id", help="The video's id in the plan.")] = None,
    variant: Annotated[str | None, typer.Option("--variant", help="The variant's id under that video.")] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language of the video and of the output: nl or en.")
    ] = None,
    all_variants: Annotated[
        bool, typer.Option("--all-variants", help="With --plan: every variant of the video that a post uses.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the result as JSON (a list with --all-variants).")
    ] = False,
) -> None:
    """Render a platform variant: subject-aware reframing, length, captions, loudness and an end card; then check it."""
    from reelwise.cli.main import settings, video_language
    from reelwise.services.render_variant import RenderOptions, options_from_plan, parse_platform, render_variant

    resolved = settings(ctx)
    language = video_language(lang)
    if preset not in PRESETS:
        message = Msg("unknown preset {name} (choose from: {known})", name=preset, known=", ".join(PRESETS))
        raise InputError(message, [Issue(Location(None, None, "--preset"), message)])
    if not 0 <= crf <= 51:
        message = Msg("--crf must be 0 to 51")
        raise InputError(message, [Issue(Location(None, None, "--crf"), message)])
    if captions is not None and auto_captions:
        raise InputError(Msg("choose --captions FILE or --auto-captions, not both"))
    if (video_id is None) != (plan is None):
        raise InputError(Msg("--plan and --video-id go together: the plan and the id of its video"))
    if variant is not None and plan is None:
        raise InputError(Msg("--variant needs --plan and --video-id"))
    face_model = os.environ.get("REELWISE_FACE_MODEL")
    base = None
    if platform is not None:
        base = RenderOptions(
            platform=parse_platform(platform),
            aspect=aspect,
            max_duration_s=max_duration,
            captions=captions,
            auto_captions=auto_captions,
            whisper_model=resolved.whisper_model,
            language=language,
            end_card=end_card,
            end_card_s=end_card_seconds,
            brand_name=brand_name,
            brand_colours=tuple(brand_colour or ()),
            logo=logo,
            slogan=slogan,
            cta_text=cta_text,
            cta_url=cta_url,
            loudness=not no_loudness,
            short_side=size,
            preset=preset,
            crf=crf,
            verify=not no_check,
            face_model=Path(face_model) if face_model else None,
            overwrite=force,
        )
    if all_variants and (plan is None or video_id is None or variant is not None or output is not None):
        raise InputError(Msg("--all-variants needs --plan and --video-id, and no --variant or --output"))
    from dataclasses import replace

    def with_command_line(options: RenderOptions) -> RenderOptions:
        """The plan chose the platform: the command line's other options still apply."""
        return replace(
            options,
            aspect=aspect or options.aspect,
            max_duration_s=max_duration or options.max_duration_s,
            captions=captions or options.captions,
            auto_captions=auto_captions or options.auto_captions,
            captions_required=auto_captions or options.captions_required,
            whisper_model=resolved.whisper_model,
            end_card=end_card,
            end_card_s=end_card_seconds,
            loudness=not no_loudness,
            short_side=size,
            preset=preset,
            crf=crf,
            verify=not no_check,
            overwrite=force,
        )

    jobs: list[tuple[Path, Path | None, RenderOptions]] = []
    if plan is not None and video_id is not None:
        from reelwise.services.plans import plan_video, read_plan
        from reelwise.services.render_variant import variant_platform

        plan_data = read_plan(plan)
        wanted = [variant]
        if all_variants:
            used = [
                v.id
                for v in plan_video(plan_data, plan, video_id).variants
                if variant_platform(plan_data, video_id, v.id)
            ]
            if not used:
                raise InputError(Msg("no post in the plan uses a variant of video {video}", video=video_id))
            wanted = list(used)
        for variant_id in wanted:
            source, planned_output, options = options_from_plan(plan_data, plan, video_id, variant_id, base, None)
            if base is None:
                options = with_command_line(options)
            if video is not None and video.resolve() != source.resolve():
                raise InputError(
                    Msg("{file} is not the plan video's file ({planned})", file=str(video), planned=str(source))
                )
            target = output or planned_output
            if all_variants:
                if target is not None and target.resolve() == source.resolve():
                    continue  # the plan says the source itself is this variant
                target = target or source.with_name(f"{source.stem}.{variant_id}.{options.platform.value}.mp4")
            jobs.append((source, target, options))
    else:
        if video is None:
            raise InputError(Msg("name the video to render, or use --plan with --video-id"))
        if base is None:
            message = Msg("name the platform to render for with --platform")
            raise InputError(message, [Issue(Location(None, None, "--platform"), message)])
        jobs.append((video, output, base))

    from rich.progress import TaskID

    from reelwise.cli.progress import progress_bar

    results = []
    shared = None  # one analysis of the source for all its variants
    with progress_bar(err_console) as bar:
        for source, target, options in jobs:
            task = bar.add_task(escape((target or source).name), total=1.0)

            def advance(fraction: float, task: TaskID = task) -> None:
                bar.update(task, completed=fraction)

            result = render_variant(source, target, options, advance, analysis=shared)
            shared = result.analysis
            results.append(result)

    if as_json:
        data = [r.to_dict() for r in results]
        typer.echo(json.dumps(data if all_variants else data[0], indent=2, ensure_ascii=False))
    else:
        for result in results:
            _print(result)
    if any(r.fits is False for r in results):
        raise typer.Exit(2)


def _print(result: object) -> None:
    from reelwise.cli.cmd_check import SEVERITY_LABELS, SEVERITY_STYLE
    from reelwise.services.render_variant import RenderResult

    assert isinstance(result, RenderResult)
    data = result.to_dict()
    console.print(
        "[bold]"
        + escape(
            _(
                "{file}: {width}x{height} ({aspect}) for {platform}, {kept} s of video",
                file=data["output"],
                width=data["width"],
                height=data["height"],
                aspect=data["aspect"],
                platform=result.platform.value,
                kept=data["kept_s"],
            )
        )
        + "[/]"
    )
    if result.trimmed_at_cut is not None:
        console.print("  " + escape(_(SHORTENED_AT_CUT if result.trimmed_at_cut else SHORTENED_FADED)))
    if result.crop is not None and result.crop.crops:
        on_faces = sum(1 for w in result.crop.windows if w.face)
        console.print(
            "  "
            + escape(
                _(
                    "reframed shot by shot: crop windows {windows}, on faces {faces}",
                    windows=len(result.crop.windows),
                    faces=on_faces,
                )
            )
        )
    if result.captions:
        console.print("  " + escape(_("caption lines burned in: {count}", count=result.captions)))
    if result.end_card_s:
        console.print("  " + escape(_("end card: {seconds} s", seconds=result.end_card_s)))
    if result.loudness_target is not None and result.loudness_before is not None:
        before, target = round(result.loudness_before, 1), round(result.loudness_target)
        console.print(
            "  " + escape(_("loudness: {before} LUFS brought to {target} LUFS", before=before, target=target))
        )
    for note in result.notes:
        console.print("  " + escape(note.render()))
    fit = data["fit"]
    if fit is None:
        return
    name = result.platform.value
    if fit["fits"]:
        console.print("[green]" + escape(_("The check: it fits {platform}.", platform=name)) + "[/]")
    else:
        console.print("[bold red]" + escape(_("The check: it does not fit {platform}.", platform=name)) + "[/]")
    for finding in data["findings"]:
        severity = finding["severity"]
        if severity in ("problem", "warning"):
            label = escape(_(SEVERITY_LABELS[severity]))
            console.print(f"  - [{SEVERITY_STYLE[severity]}]{label}[/]: {escape(finding['message'])}")


def register(app: typer.Typer) -> None:
    app.command("render")(render)
