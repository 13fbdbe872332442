"""Use case: render a platform variant of a finished video, then check it.

``render_variant(source, output, options)``:

1. probes the source and works out the variant: its shape (the platform's first accepted
   aspect ratio unless one is asked for), its size (the platform's recommended short side),
   its length (the platform's limit, less the end card);
2. when the shape changes or the video must be shortened, decodes it once to find the
   shots and, two frames a second, the subject (``reelwise.media.reframe``): every shot
   gets one crop window, placed on its faces or else its most salient part; a video that
   is too long ends at its last cut before the limit (when that keeps three quarters of
   it), otherwise at the limit with the sound faded out;
3. sets captions (a sidecar file, or speech recognition with ``auto``) inside the
   platform's safe zone, draws an end card in the house colour with the logo and the call
   to action, and measures the sound for a linear loudness correction to the platform's
   level;
4. renders it all in one FFmpeg run (``reelwise.adapters.render``), then runs the video
   check on the result, so the variant is checked against the platform like any upload.

With a plan (``options_from_plan``) the variant's shape, length, captions and file, the
brand kit and the call to action come from the plan; explicit options still win.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reelwise.domain.catalogues import Platform
from reelwise.domain.platforms import PlatformSpec, ratio_of, spec_for
from reelwise.errors import InputError, Issue, Location, ModelUnavailableError, PlanError
from reelwise.i18n import Msg

if TYPE_CHECKING:
    from reelwise.domain.findings import Finding
    from reelwise.domain.plan import Plan, Variant
    from reelwise.media.base import TimedText
    from reelwise.media.reframe import CropPlan
    from reelwise.services.check_video import VideoReport

Progress = Callable[[float], None]
DEFAULT_LOUDNESS_LUFS = -14.0  # where the platform publishes none: the common playback level
TRUE_PEAK_TARGET_DBTP = -1.5  # 0.5 dB under the platforms' -1 dBTP: room for the AAC encoder's overshoot
END_CARD_S = 3.0
TRIM_FADE_S = 0.3
KEEP_AT_A_CUT = 0.75  # end at the last cut when that keeps at least this share of the allowed length
ANALYSIS_SHARE = 0.3  # the share of the progress bar that the analysis pass fills
SAME_SHAPE = 0.01  # shapes within 1 % are the same: no crop
END_CARD_FINDINGS = frozenset({"video.qa.frozen", "video.qa.silence", "video.qa.black"})  # a still, quiet (dark) card
END_CARD_SLACK_S = 0.5
NEUTRAL_CARD = "#333333"  # the end card without house colours: dark, yet not "black" to the check
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class RenderOptions:
    platform: Platform
    aspect: str | None = None  # "9:16"; default: the platform's first accepted shape
    max_duration_s: float | None = None  # default: the platform's limit
    captions: Path | None = None  # a sidecar file (SRT or WebVTT) to burn in
    auto_captions: bool = False  # transcribe the speech (needs a speech model)
    captions_required: bool = True  # False: without a speech model, render without captions (and say so)
    whisper_model: str | None = None
    language: str | None = None
    end_card: bool | None = None  # None: when there is a call to action or a brand to show
    end_card_s: float = END_CARD_S
    brand_name: str | None = None
    brand_colours: tuple[str, ...] = ()
    logo: Path | None = None
    slogan: str | None = None
    cta_text: str | None = None
    cta_url: str | None = None
    loudness: bool = True
    short_side: int | None = None  # default: the platform's recommended size
    preset: str = "medium"
    crf: int = 20
    verify: bool = True
    face_model: Path | None = None
    overwrite: bool = False


@dataclass
class SourceAnalysis:
    """What one decode pass found in a source: every variant rendered from it can use it again
    (the shots and the subject do not depend on the shape, the speech not on the platform)."""

    cuts: list[float]
    subject: Any  # reelwise.media.reframe.SubjectResult
    audio: Any  # the decoded sound, when speech recognition needs it
    transcript: list[TimedText] | None = None


@dataclass
class RenderResult:
    source: Path
    output: Path
    platform: Platform
    aspect: str
    size: tuple[int, int]
    duration_s: float  # of the source that was kept
    end_card_s: float
    trimmed_at_cut: bool | None  # None: not shortened
    crop: CropPlan | None
    captions: int  # caption lines burned in
    loudness_before: float | None  # integrated LUFS of the kept part
    loudness_target: float | None
    seconds: float = 0.0
    report: VideoReport | None = None
    notes: list[Msg] = field(default_factory=list)
    analysis: SourceAnalysis | None = None  # to pass to the next render of the same source

    @property
    def fits(self) -> bool | None:
        if self.report is None:
            return None
        result = self.report.analysis.platforms.get(self.platform.value)
        return None if result is None else result.fits

    def to_dict(self) -> dict[str, Any]:
        fit = self.report.analysis.platforms.get(self.platform.value) if self.report else None
        return {
            "source": str(self.source),
            "output": str(self.output),
            "platform": self.platform.value,
            "aspect": self.aspect,
            "width": self.size[0],
            "height": self.size[1],
            "kept_s": round(self.duration_s, 3),
            "end_card_s": self.end_card_s,
            "trimmed_at_cut": self.trimmed_at_cut,
            "crop": None
            if self.crop is None or not self.crop.crops
            else {
                "width": self.crop.size[0],
                "height": self.crop.size[1],
                "windows": [{"start_s": w.start_s, "x": w.x, "y": w.y, "on_faces": w.face} for w in self.crop.windows],
            },
            "captions": self.captions,
            "loudness_before_lufs": None if self.loudness_before is None else round(self.loudness_before, 1),
            "loudness_target_lufs": self.loudness_target,
            "seconds": round(self.seconds, 2),
            "fit": None if fit is None else fit.to_dict(),
            "findings": [] if self.report is None else self.report.to_dict()["findings"],
            "notes": [n.render() for n in self.notes],
        }


def _bad_option(option: str, message: Msg) -> InputError:
    return InputError(message, [Issue(Location(None, None, option), message)])


def target_aspect(spec: PlatformSpec, requested: str | None, source: tuple[int, int]) -> tuple[str, float]:
    """The variant's shape: the one asked for, else the platform's first accepted ratio, else
    the source's own (brought into the platform's accepted range)."""
    if requested is not None:
        try:
            return requested.strip(), ratio_of(requested)
        except ValueError:
            raise _bad_option(
                "--aspect", Msg("not an aspect ratio: {value} (expected W:H such as 9:16)", value=requested)
            ) from None
    if spec.aspect_ratios:
        return spec.aspect_ratios[0], ratio_of(spec.aspect_ratios[0])
    own = source[0] / source[1]
    if spec.aspect_range is not None:
        lo, hi = spec.aspect_range
        own = min(hi, max(lo, own))
    return f"{own:.4g}:1", own


def _short_side(spec: PlatformSpec, options: RenderOptions, aspect: float, source: tuple[int, int]) -> int:
    if options.short_side is not None:
        return options.short_side
    if spec.recommended is not None:
        return min(spec.recommended)
    from reelwise.media.reframe import crop_size

    return min(crop_size(source[0], source[1], aspect))  # no platform size: the crop's own


def _end_point(duration: float, limit: float | None, cuts: Sequence[float]) -> tuple[float, bool | None]:
    """Where the kept part ends, and whether that is at a cut (None: the whole video is kept)."""
    if limit is None or duration <= limit + 1e-3:
        return duration, None
    at_cut = [c for c in cuts if KEEP_AT_A_CUT * limit <= c <= limit]
    if at_cut:
        return max(at_cut), True
    return limit, False


def _analyse(
    source: Path, options: RenderOptions, need_audio: bool, progress: Progress | None
) -> tuple[list[float], Any, Any]:
    """One decode pass: the cuts, the subject samples and (for ``auto`` captions) the sound."""
    from reelwise.adapters.video import decode
    from reelwise.media.faces import available_detector
    from reelwise.media.pipeline import Pipeline
    from reelwise.media.reframe import SubjectTracker
    from reelwise.media.scenes import SceneAnalyser

    scenes = SceneAnalyser(thumbnails=False)
    subject = SubjectTracker(available_detector(options.face_model))
    # the subject's search (faces, saliency) on a thread of its own, as in the check
    pipeline = Pipeline([scenes, subject], threaded=frozenset({subject.id}))
    try:
        result = decode(source, pipeline.start, pipeline.feed, audio=need_audio, progress=progress)
    finally:
        pipeline.close()
    return scenes.finish().cuts, subject.finish(), result.audio


def _transcribe(engine: Any, audio: Any, options: RenderOptions, progress: Progress | None) -> list[TimedText]:
    from reelwise.media.vad import to_16k

    if audio is None:
        return []
    return list(engine.transcribe(to_16k(audio.mono, audio.sample_rate), options.language, progress=progress))


def _clip_captions(captions: Sequence[TimedText], end_s: float) -> list[TimedText]:
    out = []
    for item in captions:
        if item.start_s >= end_s:
            continue
        out.append(replace(item, end_s=min(item.end_s, end_s)))
    return out


def _end_card_lines(options: RenderOptions) -> list[str]:
    lines = [options.cta_text or "", options.cta_url or "", options.slogan or ""]
    if not options.logo and options.brand_name:
        lines.insert(0 if not options.cta_text else 2, options.brand_name)
    return [line for line in lines if line.strip()]


def _about_the_end_card(finding: Finding, card_from_s: float) -> bool:
    """A frozen picture or a silence that starts where the end card does."""
    start = finding.evidence.get("start_s")
    return (
        finding.id in END_CARD_FINDINGS and isinstance(start, int | float) and start >= card_from_s - END_CARD_SLACK_S
    )


def _check_options(source: Path, out: Path, options: RenderOptions) -> None:
    """Every option a render cannot start with, before any work is done."""
    if out.exists() and out.resolve() == source.resolve():
        raise _bad_option("--output", Msg("the variant cannot replace its own source {file}", file=str(source)))
    if out.exists() and not options.overwrite:
        message = Msg("{file} already exists: choose another --output, or add --force", file=str(out))
        raise _bad_option("--output", message)
    if out.suffix.lower() not in (".mp4", ".m4v", ".mov"):
        raise _bad_option("--output", Msg("the variant is an MP4 file: name it .mp4 ({file})", file=str(out)))
    if options.end_card_s <= 0 or options.end_card_s > 10:
        raise _bad_option("--end-card-seconds", Msg("the end card lasts more than 0 and at most 10 seconds"))
    if options.max_duration_s is not None and not options.max_duration_s > 0:
        raise _bad_option("--max-duration", Msg("the length must be more than 0 seconds"))
    if options.short_side is not None and not 144 <= options.short_side <= 4320:
        raise _bad_option("--size", Msg("the short side must be 144 to 4320 pixels"))
    for colour in options.brand_colours:
        if not _HEX_COLOUR.fullmatch(colour):
            message = Msg("not a colour: {value} (expected hex such as #E30613)", value=colour)
            raise _bad_option("--brand-colour", message)


def default_output(source: Path, platform: Platform) -> Path:
    return source.with_name(f"{source.stem}.{platform.value}.mp4")


def render_variant(
    source: Path,
    output: Path | None,
    options: RenderOptions,
    progress: Progress | None = None,
    analysis: SourceAnalysis | None = None,
) -> RenderResult:
    """Render and check one variant. Raises :class:`InputError`/``MediaError`` for bad input
    and ``RenderError`` when FFmpeg fails; nothing is written then."""
    import time

    from reelwise.adapters import render as ffmpeg
    from reelwise.adapters.speech import read_sidecar
    from reelwise.adapters.video import probe_file
    from reelwise.media.reframe import output_size, plan_crop, step_expression

    started = time.perf_counter()
    spec = spec_for(options.platform)
    out = output if output is not None else default_output(source, options.platform)
    _check_options(source, out, options)

    captions: list[TimedText] = []
    if options.captions is not None:
        captions = read_sidecar(options.captions)  # located errors for a bad file, before any work
    probe = probe_file(source)
    source_size = (probe.width, probe.height)
    duration = probe.duration_s
    if not duration > 0:
        raise InputError(Msg("{file} has no length to render", file=str(source)))
    aspect_label, aspect = target_aspect(spec, options.aspect, source_size)
    size = output_size(aspect, _short_side(spec, options, aspect, source_size))

    notes: list[Msg] = []
    show_card = options.end_card
    card_lines = _end_card_lines(options)
    if show_card is None:
        show_card = bool(options.cta_text or options.logo or options.brand_name)
    card_s = options.end_card_s if show_card else 0.0
    limits = [x for x in (options.max_duration_s, spec.max_duration_s) if x is not None]
    limit = min(limits) - card_s if limits else None
    if limit is not None and limit < 1.0:
        raise _bad_option(
            "--max-duration",
            Msg("a variant of at most {limit} s leaves no room for the video and the end card", limit=min(limits)),
        )

    own_aspect = source_size[0] / source_size[1]
    crops = abs(own_aspect - aspect) / aspect > SAME_SHAPE
    shortens = limit is not None and duration > limit + 1e-3
    transcribe = options.auto_captions and options.captions is None
    engine = None
    if transcribe and (analysis is None or analysis.transcript is None):
        # the model first: a missing one is said before the decode, not after
        from reelwise.adapters.speech import load_speech_engine

        try:
            engine = load_speech_engine(options.whisper_model)
        except ModelUnavailableError as exc:
            if options.captions_required:
                raise
            transcribe = False
            notes.append(Msg("rendered without captions: {reason}", reason=exc.message))
    cuts: list[float] = []
    crop = None
    if crops or shortens or transcribe:
        share = ANALYSIS_SHARE * (0.5 if transcribe else 1.0)
        needs_sound = transcribe and (analysis is None or analysis.transcript is None)
        if analysis is None or (needs_sound and analysis.audio is None):
            analysis_progress = (lambda f: progress(share * f)) if progress is not None else None
            analysis = SourceAnalysis(*_analyse(source, options, needs_sound, analysis_progress))
        cuts = analysis.cuts
        if crops:
            crop = plan_crop(analysis.subject.samples, cuts, source_size, aspect, duration)
            if analysis.subject.detector is None:
                notes.append(Msg("no face detector could be loaded: the crop follows the salient part only"))
        if transcribe:
            if analysis.transcript is None:
                speech_progress = (lambda f: progress(share + share * f)) if progress is not None else None
                analysis.transcript = _transcribe(engine, analysis.audio, options, speech_progress)
            captions = list(analysis.transcript)
    end_s, at_cut = _end_point(duration, limit, cuts)
    captions = _clip_captions(captions, end_s)
    if (options.captions is not None or transcribe) and not captions:
        notes.append(Msg("no caption lines fall within the rendered part"))

    with tempfile.TemporaryDirectory(prefix="reelwise-variant-") as work_dir:
        work = Path(work_dir)
        zone = spec.safe_zone
        ass = None
        if captions:
            ass = work / "captions.ass"
            ffmpeg.write_ass(
                captions,
                size,
                ass,
                bottom_margin=(zone.bottom if zone else 0.05) + 0.03,
                side_margin=max(zone.left, zone.right, 0.05) if zone else 0.06,
            )
        card = None
        if show_card:
            card = work / "end-card.png"
            colours = options.brand_colours or (NEUTRAL_CARD,)
            inset = (
                max(zone.top, 0.08) if zone else 0.08,
                max(zone.bottom, 0.08) if zone else 0.08,
                max(zone.left, zone.right, 0.08) if zone else 0.08,
                max(zone.left, zone.right, 0.08) if zone else 0.08,
            )
            ffmpeg.draw_end_card(
                size,
                card,
                background=colours[0],
                lines=card_lines,
                logo=options.logo,
                accent=colours[1] if len(colours) > 1 else None,
                inset=inset,
            )
        levelling = None
        target = None
        if probe.has_audio and options.loudness:
            target = spec.loudness_lufs if spec.loudness_lufs is not None else DEFAULT_LOUDNESS_LUFS
            levelling = ffmpeg.plan_levelling(source, end_s, target, TRUE_PEAK_TARGET_DBTP)
            if levelling is None:
                notes.append(Msg("the sound is silent: its loudness was left as it is"))
            elif levelling.limit_dbtp is not None:
                notes.append(Msg("the loudest peaks were limited to reach the platform's level without clipping"))
        fps = probe.fps if 1 <= probe.fps <= 120 else 30.0
        job = ffmpeg.RenderJob(
            source=source,
            output=out,
            duration_s=end_s,
            fps=min(fps, 60.0),
            size=size,
            crop=None
            if crop is None
            else (crop.size[0], crop.size[1], step_expression(crop.windows, "x"), step_expression(crop.windows, "y")),
            captions=ass,
            end_card=card,
            end_card_s=card_s,
            has_audio=probe.has_audio,
            levelling=levelling,
            fade_out_s=TRIM_FADE_S if at_cut is False else 0.0,
            preset=options.preset,
            crf=options.crf,
        )
        done_before = ANALYSIS_SHARE if (crops or shortens or transcribe) else 0.0
        encode_share = (1.0 - done_before) * (0.85 if options.verify else 1.0)
        ffmpeg.render(job, (lambda f: progress(done_before + encode_share * f)) if progress is not None else None)

    result = RenderResult(
        source=source,
        output=out,
        platform=options.platform,
        aspect=aspect_label,
        size=size,
        duration_s=end_s,
        end_card_s=card_s,
        trimmed_at_cut=at_cut,
        crop=crop,
        captions=len(captions),
        loudness_before=levelling.before_lufs if levelling else None,
        loudness_target=target if levelling is not None else None,
        notes=notes,
        analysis=analysis,
    )
    if options.verify:
        from reelwise.services.check_video import CheckOptions, check_video

        checked = CheckOptions(
            brand_names=tuple(n for n in (options.brand_name,) if n),
            brand_colours=options.brand_colours,
            logo=options.logo,
            cta_text=options.cta_text,
            cta_url=options.cta_url,
            language=options.language,
            platforms=(options.platform,),
            no_speech=True,
            face_model=options.face_model,
            thumbnails=False,
        )
        verify_from = done_before + encode_share
        report = check_video(
            out, checked, (lambda f: progress(verify_from + (1 - verify_from) * f)) if progress is not None else None
        )
        if show_card:
            kept = [f for f in report.findings if not _about_the_end_card(f, end_s)]
            if len(kept) != len(report.findings):
                notes.append(Msg("the end card's still picture and quiet sound are by design: not reported"))
                report.findings = kept
        result.report = report
    if progress is not None:
        progress(1.0)
    result.seconds = time.perf_counter() - started
    return result


def options_from_plan(
    plan: Plan, plan_file: Path, video_id: str, variant_id: str | None, base: RenderOptions | None, platform: str | None
) -> tuple[Path, Path | None, RenderOptions]:
    """The source, the output and the options for a plan video's variant: its shape, length,
    captions and file, the platform of a post that uses it, the brand kit and the CTA."""
    from reelwise.services.plans import plan_video

    plan_dir = plan_file.parent
    video = plan_video(plan, plan_file, video_id)
    if video.file is None:
        message = Msg("video {video} has no file in the plan to render from", video=video_id)
        raise PlanError(message, [Issue(Location(str(plan_file), None, f"videos[{video_id}].file"), message)])
    variant = plan_variant(plan, plan_file, video_id, variant_id)
    source = plan_dir / video.file
    output = plan_dir / variant.file if variant is not None and variant.file else None
    return source, output, variant_options(plan, plan_dir, video_id, variant_id, source, base, platform)


def plan_variant(plan: Plan, plan_file: Path, video_id: str, variant_id: str | None) -> Variant | None:
    """The plan video's variant ``variant_id`` (None for None), or a :class:`PlanError` listing its variants."""
    if variant_id is None:
        return None
    from reelwise.services.plans import plan_video

    video = plan_video(plan, plan_file, video_id)
    variant = next((v for v in video.variants if v.id == variant_id), None)
    if variant is None:
        known = ", ".join(v.id for v in video.variants) or "-"
        message = Msg(
            "video {video} has no variant {variant} (variants: {known})",
            video=video_id,
            variant=variant_id,
            known=known,
        )
        raise PlanError(message, [Issue(Location(str(plan_file), None, f"videos[{video_id}].variants"), message)])
    return variant


def variant_platform(plan: Plan, video_id: str, variant_id: str | None) -> Platform | None:
    """The platform of the first post of this video (and variant) in the plan."""
    posts = [
        p for p in plan.distribution.posts if p.video == video_id and (variant_id is None or p.variant == variant_id)
    ]
    return posts[0].platform if posts else None


def variant_options(
    plan: Plan,
    plan_dir: Path,
    video_id: str,
    variant_id: str | None,
    source: Path,
    base: RenderOptions | None = None,
    platform: str | None = None,
) -> RenderOptions:
    """The options for rendering ``source`` as the plan video's variant (see ``options_from_plan``);
    plan-relative files (the logo) are looked up under ``plan_dir``."""
    from reelwise.services.plans import plan_video

    video = plan_video(plan, plan_dir / "plan.yaml", video_id)
    variant = plan_variant(plan, plan_dir / "plan.yaml", video_id, variant_id)
    chosen: Platform | None = None
    if platform is not None:
        chosen = parse_platform(platform)
    elif base is not None:
        chosen = base.platform
    else:
        chosen = variant_platform(plan, video_id, variant_id)
    if chosen is None:
        message = Msg("no post in the plan names a platform for this variant: give one with --platform")
        raise PlanError(message, [Issue(Location(None, None, "--platform"), message)])
    brand = plan.brand
    cta = video.cta
    start = base or RenderOptions(platform=chosen)
    language = start.language or video.language or (brand.languages[0] if brand.languages else None)
    captions, auto, required = start.captions, start.auto_captions, start.captions_required
    if variant is not None and variant.captions and captions is None and not auto:
        # the plan asks for captions: the sidecar next to the video, else speech recognition
        from reelwise.adapters.speech import find_sidecar

        captions = find_sidecar(source, [language] if language else [])
        auto = captions is None
        required = False  # asked for by the plan, not on the command line: a missing model is a note
    return replace(
        start,
        platform=chosen,
        aspect=start.aspect or (variant.aspect_ratio if variant else None),
        max_duration_s=start.max_duration_s or (variant.duration_s if variant else None),
        brand_name=start.brand_name or brand.name,
        brand_colours=start.brand_colours or tuple(brand.colours),
        logo=start.logo or ((plan_dir / brand.logo) if brand.logo else None),
        slogan=start.slogan or brand.slogan,
        cta_text=start.cta_text or (cta.text if cta and not video.branded_content else None),
        cta_url=start.cta_url or (str(cta.url) if cta and cta.url and not video.branded_content else None),
        language=language,
        captions=captions,
        auto_captions=auto,
        captions_required=required,
    )


def parse_platform(value: str) -> Platform:
    try:
        return Platform(value.strip().lower())
    except ValueError:
        known = ", ".join(p.value for p in Platform)
        message = Msg("unknown platform {name} (choose from: {known})", name=value, known=known)
        raise _bad_option("--platform", message) from None
