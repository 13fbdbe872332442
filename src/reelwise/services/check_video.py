"""Use case: check finished videos — what a viewer will actually see and hear.

``check_video(path, options)`` decodes the file once (``reelwise.adapters.video``), feeds
every analyser through the pipeline, runs the registered video checks and returns a
:class:`VideoReport`. ``check_videos`` does several files; a bad file becomes a
:class:`FailedCheck` with a clear message and never stops the others.

With a plan (``options_from_plan``) the brand, CTA, language and planned platforms come
from the plan; explicit options still win.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reelwise.domain.catalogues import Platform
from reelwise.domain.findings import Finding
from reelwise.errors import InputError, MediaError, ModelUnavailableError, ReelwiseError
from reelwise.i18n import Msg
from reelwise.media.base import AudioAnalyser, FrameAnalyser
from reelwise.media.pipeline import CheckContext, Pipeline, PostStep, VideoAnalysis

if TYPE_CHECKING:  # the plan model is built only when a plan is used (about 0.1 s)
    from reelwise.domain.plan import Plan

Progress = Callable[[float], None]
# With speech recognition, the share of a check's progress that is the decoding: recognition
# takes several times as long on a CPU (a base model about 3 to 10 times the decode).
DECODE_SHARE_WITH_SPEECH = 0.25


@dataclass(frozen=True)
class CheckOptions:
    brand_names: tuple[str, ...] = ()
    brand_colours: tuple[str, ...] = ()
    logo: Path | None = None
    cta_text: str | None = None
    cta_url: str | None = None
    language: str | None = None  # nl | en: the spoken language
    platforms: tuple[Platform, ...] = ()
    no_speech: bool = False  # skip speech recognition (voice activity detection still runs)
    whisper_model: str | None = None  # Settings.whisper_model
    face_model: Path | None = None  # a YuNet ONNX file, when the installation has one
    ocr: bool = True
    thumbnails: bool = True  # keep small scene thumbnails (for the HTML report)
    video_id: str | None = None
    branded_content: bool = False

    def context(self) -> CheckContext:
        return CheckContext(
            brand_names=self.brand_names,
            brand_colours=self.brand_colours,
            logo=str(self.logo) if self.logo else None,
            cta_text=self.cta_text,
            cta_url=self.cta_url,
            language=self.language,
            platforms=self.platforms,
            video_id=self.video_id,
            branded_content=self.branded_content,
            speech_requested=not self.no_speech,
        )


@dataclass
class VideoReport:
    """One checked file: the analysis, its findings and how long each part took."""

    analysis: VideoAnalysis
    findings: list[Finding]
    seconds: float
    decode_seconds: float

    @property
    def file(self) -> str:
        return self.analysis.file

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        from reelwise.media.report import report_dict

        return report_dict(self, lang)


@dataclass
class FailedCheck:
    file: str
    error: ReelwiseError

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {"file": self.file, "error": self.error.render(lang)}


@dataclass
class _Extras:
    frame: list[FrameAnalyser] = field(default_factory=list)
    audio: list[AudioAnalyser] = field(default_factory=list)
    post: list[tuple[str, PostStep]] = field(default_factory=list)
    notes: list[Msg] = field(default_factory=list)


def options_from_plan(plan: Plan, plan_file: Path, video_id: str, base: CheckOptions) -> CheckOptions:
    """Fill brand, CTA, language and platforms from the plan where ``base`` leaves them empty."""
    from reelwise.services.plans import plan_video

    plan_dir = plan_file.parent
    video = plan_video(plan, plan_file, video_id)
    brand = plan.brand
    names = base.brand_names or tuple(n for n in (brand.name, *brand.name_variants) if n)
    colours = base.brand_colours or tuple(brand.colours)
    logo = base.logo or ((plan_dir / brand.logo) if brand.logo else None)
    platforms = base.platforms or tuple(
        dict.fromkeys(p.platform for p in plan.distribution.posts if p.video == video_id)
    )
    cta = video.cta
    return replace(
        base,
        brand_names=names,
        brand_colours=colours,
        logo=logo,
        cta_text=base.cta_text or (cta.text if cta else None),
        cta_url=base.cta_url or (str(cta.url) if cta and cta.url else None),
        language=base.language or video.language or (brand.languages[0] if brand.languages else None),
        platforms=platforms,
        video_id=video_id,
        branded_content=video.branded_content,
    )


def _load_logo(path: Path) -> Any:
    import cv2

    if not path.is_file():
        raise InputError(Msg("logo file {file} not found", file=str(path)))
    image = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    if image is None:
        raise InputError(Msg("logo file {file} is not an image that can be read", file=str(path)))
    return image


def _extras(path: Path, options: CheckOptions) -> _Extras:
    """The on-screen text, logo, colour and speech analysers, when their modules are installed."""
    extras = _Extras()
    if options.ocr:
        try:
            from reelwise.adapters.ocr import load_ocr_engine
            from reelwise.media.ocr import OcrAnalyser

            # Loaded before the decoding, not on a thread beside it: importing RapidOCR is
            # Python work that holds the interpreter lock, and beside the decode loop it
            # slowed the check by twice its own time (measured).
            extras.frame.append(OcrAnalyser(load_ocr_engine()))
        except ModelUnavailableError as exc:
            extras.notes.append(exc.message)
        except ImportError:
            pass
    if options.logo is not None:
        try:
            from reelwise.media.logo import LogoAnalyser

            extras.frame.append(LogoAnalyser(_load_logo(options.logo)))
        except ImportError:
            pass
    if options.brand_colours:
        try:
            from reelwise.media.colour import ColourShareAnalyser

            extras.frame.append(ColourShareAnalyser(list(options.brand_colours)))
        except ImportError:
            pass
    try:
        from reelwise.adapters.speech import find_sidecar, load_speech_engine, read_sidecar
        from reelwise.media.speech import SpeechAnalyser

        languages = (options.language,) if options.language else ()
        sidecar_path = find_sidecar(path, languages)
        sidecar = read_sidecar(sidecar_path) if sidecar_path is not None else None
        engine = None
        reason: Msg | None = None
        if sidecar is None and not options.no_speech:
            try:
                engine = load_speech_engine(options.whisper_model)
            except ModelUnavailableError as exc:
                reason = exc.message
        elif sidecar is None:
            reason = Msg("speech recognition was skipped (--no-speech)")
        extras.audio.append(
            SpeechAnalyser(engine, sidecar=sidecar, language=options.language, not_measured_reason=reason)
        )
    except ImportError:
        pass
    try:
        from reelwise.media import brand as brand_module

        extras.post.append(("brand", brand_module.brand_step))
    except (ImportError, AttributeError):
        pass
    try:
        from reelwise.media import cta as cta_module

        extras.post.append(("cta", cta_module.cta_step))
    except (ImportError, AttributeError):
        pass
    return extras


def build_pipeline(path: Path, options: CheckOptions) -> tuple[Pipeline, list[Msg]]:
    from reelwise.media.faces import FaceAnalyser, available_detector
    from reelwise.media.loudness import LoudnessAnalyser
    from reelwise.media.quality import PictureQualityAnalyser, SoundQualityAnalyser
    from reelwise.media.scenes import SceneAnalyser

    extras = _extras(path, options)
    frame: list[FrameAnalyser] = [
        SceneAnalyser(thumbnails=options.thumbnails),
        PictureQualityAnalyser(),
        FaceAnalyser(available_detector(options.face_model)),
        *extras.frame,
    ]
    audio: list[AudioAnalyser] = [LoudnessAnalyser(), SoundQualityAnalyser(), *extras.audio]
    return Pipeline(frame, audio, extras.post), extras.notes


def warm_up() -> None:
    """Start loading the OCR models on a thread of their own, for a check about to run.

    Building the model sessions takes about 0.12 s of ONNX Runtime's own work, during which
    it lets go of Python's interpreter lock: started as a command line begins, it overlaps
    the rest of the start (parsing the command, importing the video modules) instead of
    coming after it. The modules are imported here, on the calling thread, so that two
    threads never import the same modules at once. The check itself asks for the engine as
    always and waits for this load if it is still running; a load that fails here is tried
    again there, which reports the problem.
    """
    try:  # the engine's imports, on this thread
        import onnxruntime  # noqa: F401

        import reelwise.adapters.onnx
        import reelwise.adapters.ppocr  # noqa: F401
        from reelwise.adapters.ocr import load_ocr_engine
    except ImportError:
        return

    def load() -> None:
        with contextlib.suppress(Exception):  # a failure is reported by the check's own load
            load_ocr_engine()

    threading.Thread(target=load, name="reelwise-warm-up", daemon=True).start()


def _one_opencv_thread() -> None:
    """OpenCV works on one thread: its pictures here are small (a 256 px copy, crops), and
    splitting each operation over the cores the decoder is using cost more than it saved
    (53 against 40 µs a frame for the colour conversion, measured)."""
    import cv2

    if cv2.getNumThreads() != 1:
        cv2.setNumThreads(1)


def check_video(path: Path, options: CheckOptions, progress: Progress | None = None) -> VideoReport:
    """Check one file. Raises :class:`MediaError` (and other ``ReelwiseError``) for bad input."""
    from reelwise.adapters.video import decode
    from reelwise.media.checks import run_video_checks
    from reelwise.media.platform_fit import fit_all

    started = time.perf_counter()
    _one_opencv_thread()
    pipeline, notes = build_pipeline(path, options)
    decode_progress = _share_progress(pipeline, progress)
    decode_started = time.perf_counter()
    try:
        result = decode(path, pipeline.start, pipeline.feed, progress=decode_progress, on_audio=pipeline.feed_audio)
    except BaseException:
        pipeline.close()
        raise
    decode_seconds = time.perf_counter() - decode_started
    audio = (result.audio.mono, result.audio.channels, result.audio.sample_rate) if result.audio else None
    analysis = pipeline.finish(result.probe, options.context(), audio)
    analysis.notes.extend(n.render("en") for n in notes)
    loud = analysis.loudness
    platforms = options.platforms or tuple(Platform)
    analysis.platforms = fit_all(
        platforms,
        width=result.probe.width,
        height=result.probe.height,
        duration_s=analysis.duration_s,
        size_bytes=result.probe.size_bytes,
        integrated_lufs=loud.integrated_lufs if loud else None,
        true_peak_dbtp=loud.true_peak_dbtp if loud else None,
        texts=analysis.texts(),
    )
    findings = run_video_checks(analysis)
    return VideoReport(analysis, findings, time.perf_counter() - started, decode_seconds)


def _share_progress(pipeline: Pipeline, progress: Progress | None) -> Progress | None:
    """The decode's progress; with speech recognition to come, the first quarter of the
    check's, and the recognition (reported as it goes) the rest."""
    if progress is None:
        return None
    speech = next((a for a in pipeline.audio_analysers if getattr(a, "transcribes", False)), None)
    if speech is None:
        return progress
    share = DECODE_SHARE_WITH_SPEECH

    def recognised(fraction: float) -> None:
        progress(share + (1 - share) * fraction)

    speech.progress = recognised  # type: ignore[attr-defined]
    return lambda fraction: progress(share * fraction)


def video_for_file(plan: Plan, plan_file: Path, path: Path) -> str:
    """The id of the plan's video whose file (or one of its variants' files) is ``path``."""
    target = path.resolve()
    for video in plan.videos:
        files = [video.file, *(variant.file for variant in video.variants)]
        if any(f and (plan_file.parent / f).resolve() == target for f in files):
            return video.id
    raise InputError(Msg("{file} is not a video file of the plan; name its video with --video-id", file=str(path)))


def check_videos(
    paths: Sequence[Path],
    options: CheckOptions,
    on_file: Callable[[Path, int], None] | None = None,
    progress: Progress | None = None,
    *,
    debug: bool = False,
    options_for: Callable[[Path], CheckOptions] | None = None,
) -> list[VideoReport | FailedCheck]:
    """Check every file in turn; a file that cannot be checked becomes a :class:`FailedCheck`.

    ``options_for`` gives each file its own options (a plan's brand, CTA and platforms of
    the video that file is); its errors are that file's failure too. An unexpected failure
    inside one file (a bug, an exotic stream) is reported for that file too, so the batch
    goes on; with ``debug`` it is raised instead, with its traceback.
    """
    out: list[VideoReport | FailedCheck] = []
    for i, path in enumerate(paths):
        if on_file is not None:
            on_file(path, i)
        try:
            out.append(check_video(path, options_for(path) if options_for else options, progress))
        except ReelwiseError as exc:
            out.append(FailedCheck(str(path), exc))
        except Exception as exc:
            if debug:
                raise
            reason = f"{type(exc).__name__}: {exc}"
            out.append(
                FailedCheck(
                    str(path), MediaError(Msg("{file} could not be checked: {reason}", file=str(path), reason=reason))
                )
            )
    return out
