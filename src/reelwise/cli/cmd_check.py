"""``reelwise check VIDEO…``: what a viewer will see and hear in finished videos."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from reelwise.domain.catalogues import Platform
from reelwise.errors import InputError, Issue, Location
from reelwise.i18n import N_, Msg, _

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

SEVERITY_STYLE = {"problem": "bold red", "warning": "yellow", "info": "cyan"}
SEVERITY_LABELS = {"problem": N_("problem"), "warning": N_("warning"), "info": N_("info")}


def _platforms(values: list[str]) -> tuple[Platform, ...]:
    out: list[Platform] = []
    for value in values:
        try:
            out.append(Platform(value.strip().lower()))
        except ValueError:
            known = ", ".join(p.value for p in Platform)
            raise InputError(
                Msg("unknown platform {name} (choose from: {known})", name=value, known=known),
                [Issue(Location(None, None, "--platform"), Msg("unknown platform {name}", name=value))],
            ) from None
    return tuple(dict.fromkeys(out))


def check(
    ctx: typer.Context,
    videos: Annotated[list[Path], typer.Argument(help="One or more video files.", show_default=False)],
    plan: Annotated[Path | None, typer.Option("--plan", help="Plan file: brand, CTA, language, platforms.")] = None,
    video_id: Annotated[
        str | None,
        typer.Option("--video-id", help="The video's id in the plan (default: the plan video whose file it is)."),
    ] = None,
    brand_name: Annotated[list[str] | None, typer.Option("--brand-name", help="Brand name (repeatable).")] = None,
    brand_colour: Annotated[
        list[str] | None, typer.Option("--brand-colour", help="House colour as hex, e.g. #E30613 (repeatable).")
    ] = None,
    logo: Annotated[Path | None, typer.Option("--logo", help="Logo image (PNG with transparency is best).")] = None,
    cta_text: Annotated[str | None, typer.Option("--cta-text", help="The planned call to action.")] = None,
    cta_url: Annotated[str | None, typer.Option("--cta-url", help="The planned CTA link.")] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language of the video and of the output: nl or en.")
    ] = None,
    platform: Annotated[
        list[str] | None, typer.Option("--platform", help="Platform to check against (repeatable).")
    ] = None,
    no_speech: Annotated[
        bool, typer.Option("--no-speech", help="Skip speech recognition (voice detection runs).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the reports as JSON (a list, one per file).")] = False,
    html: Annotated[Path | None, typer.Option("--html", help="Write a self-contained HTML report.")] = None,
) -> None:
    """Check finished videos: hook, pacing, faces, on-screen text, speech, brand, CTA, loudness, platform fit."""
    from reelwise.cli.main import settings, video_language
    from reelwise.media.report import render_html, reports_json
    from reelwise.services.check_video import (
        CheckOptions,
        FailedCheck,
        check_videos,
        options_from_plan,
        video_for_file,
    )

    resolved = settings(ctx)
    language = video_language(lang)
    options = CheckOptions(
        brand_names=tuple(brand_name or ()),
        brand_colours=tuple(brand_colour or ()),
        logo=logo,
        cta_text=cta_text,
        cta_url=cta_url,
        language=language,
        platforms=_platforms(platform or []),
        no_speech=no_speech,
        whisper_model=resolved.whisper_model,
        face_model=Path(os.environ["REELWISE_FACE_MODEL"]) if os.environ.get("REELWISE_FACE_MODEL") else None,
        thumbnails=html is not None,
    )
    if video_id is not None and plan is None:
        raise InputError(Msg("--video-id needs --plan: the id of a video in that plan"))
    options_for = None
    if plan is not None:
        from reelwise.services.plans import read_plan  # the plan model only when a plan is used

        plan_data = read_plan(plan)
        if video_id is not None:
            options = options_from_plan(plan_data, plan, video_id, options)
        else:  # each file is the plan video whose file it is
            base, plan_file = options, plan

            def options_for(path: Path) -> CheckOptions:
                return options_from_plan(plan_data, plan_file, video_for_file(plan_data, plan_file, path), base)

    from reelwise.cli.progress import progress_bar

    with progress_bar(err_console) as bar:
        task = bar.add_task("", total=len(videos))

        def on_file(path: Path, index: int) -> None:
            bar.update(task, description=escape(path.name), completed=index)

        def progress(fraction: float) -> None:
            done = bar.tasks[0].completed
            bar.update(task, completed=int(done) + min(fraction, 0.999))

        results = check_videos(
            videos, options, on_file=on_file, progress=progress, debug=resolved.debug, options_for=options_for
        )
        bar.update(task, completed=len(videos))

    failed = [r for r in results if isinstance(r, FailedCheck)]
    if html is not None:
        try:
            html.write_text(render_html(results), encoding="utf-8")
        except OSError as exc:
            raise InputError(
                Msg("cannot write {file}: {reason}", file=str(html), reason=exc.strerror or str(exc))
            ) from None
    if as_json:
        typer.echo(json.dumps(reports_json(results), indent=2, ensure_ascii=False))
    else:
        _print(results)
        if html is not None:
            console.print(_("HTML report written to {file}", file=escape(str(html))))
    if failed:
        raise typer.Exit(2)


def _print(results: Sequence[object]) -> None:
    from reelwise.services.check_video import FailedCheck, VideoReport

    for item in results:
        if isinstance(item, FailedCheck):
            err_console.print(f"[bold red]{escape(_('error'))}:[/] {escape(item.error.render())}")
            continue
        if not isinstance(item, VideoReport):
            continue
        data = item.to_dict()
        head = _(
            "{file}: {duration} s, {width}x{height}, {fps} fps, {scenes} shots",
            file=data["file"],
            duration=data["duration_s"],
            width=data["width"],
            height=data["height"],
            fps=data["fps"],
            scenes=len(data["scenes"]),
        )
        console.print(f"[bold]{escape(head)}[/]")
        if not data["findings"]:
            console.print(_("No findings."))
            continue
        table = Table(show_header=True, header_style="bold")
        table.add_column(_("point"))
        table.add_column(_("severity"))
        table.add_column(_("what we saw"))
        for f in data["findings"]:
            style = SEVERITY_STYLE.get(f["severity"], "")
            table.add_row(
                str(f["point"]),
                f"[{style}]{escape(_(SEVERITY_LABELS.get(f['severity'], 'info')))}[/]",
                escape(f["message"]),
            )
        console.print(table)


def warm_up(args: Sequence[str]) -> None:
    """Called as ``reelwise check …`` starts, before its options are read: the OCR models
    begin loading beside the rest of the start (not for ``--help``)."""
    if any(arg in ("--help", "-h") for arg in args):
        return
    from reelwise.services.check_video import warm_up as start_loading

    start_loading()


def register(app: typer.Typer) -> None:
    app.command("check")(check)
