"""Black and frozen pictures, silences and clipping, at the known times."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from clips import FFMPEG, Ad, Scene, Tone, make_ad

from reelwise.adapters.video import decode
from reelwise.media.quality import PictureQualityAnalyser, SoundQualityAnalyser, clipping, silences

FRAME = 1 / 30


@pytest.fixture(scope="module")
def qa_result(qa_ad: Ad) -> tuple[object, object]:
    analyser = PictureQualityAnalyser()
    result = decode(qa_ad.path, lambda probe, info: analyser.start(info), analyser.process)
    assert result.audio is not None
    sound = SoundQualityAnalyser().analyse(result.audio.mono, result.audio.sample_rate, result.audio.channels)
    return analyser.finish(), sound


def test_black_stretch_at_known_time(qa_result: tuple[object, object]) -> None:
    picture = qa_result[0]
    assert [(round(s.start_s, 3), round(s.end_s, 3)) for s in picture.black] == [(2.0, 3.0)]  # type: ignore[attr-defined]


def test_frozen_stretch_at_known_time(qa_result: tuple[object, object]) -> None:
    frozen = qa_result[0].frozen  # type: ignore[attr-defined]
    assert len(frozen) == 1
    assert frozen[0].start_s == pytest.approx(3.0, abs=FRAME + 1e-6)
    assert frozen[0].end_s == pytest.approx(5.5, abs=FRAME + 1e-6)


def test_silence_at_known_time_agrees_with_ffmpeg(qa_ad: Ad, qa_result: tuple[object, object]) -> None:
    sound = qa_result[1]
    assert len(sound.silences) == 1  # type: ignore[attr-defined]
    stretch = sound.silences[0]  # type: ignore[attr-defined]
    assert stretch.start_s == pytest.approx(4.0, abs=0.06)
    assert stretch.end_s == pytest.approx(6.5, abs=0.06)
    log = subprocess.run(
        [FFMPEG, "-hide_banner", "-i", str(qa_ad.path), "-af", "silencedetect=n=-60dB:d=2", "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    start = float(re.findall(r"silence_start: ([\d.]+)", log)[0])
    end = float(re.findall(r"silence_end: ([\d.]+)", log)[0])
    assert stretch.start_s == pytest.approx(start, abs=0.06)
    assert stretch.end_s == pytest.approx(end, abs=0.06)
    assert not sound.silent and sound.clipping_events == 0  # type: ignore[attr-defined]


def test_black_and_frozen_agree_with_ffmpeg_filters(qa_ad: Ad, qa_result: tuple[object, object]) -> None:
    log = subprocess.run(
        [
            FFMPEG,
            "-hide_banner",
            "-i",
            str(qa_ad.path),
            "-vf",
            "blackdetect=d=0.5:pix_th=0.10,freezedetect=n=-60dB:d=2",
            "-an",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    black_start = float(re.findall(r"black_start:([\d.]+)", log)[0])
    black_end = float(re.findall(r"black_end:([\d.]+)", log)[0])
    freeze_start = float(re.findall(r"freeze_start: ([\d.]+)", log)[-1])
    picture = qa_result[0]
    assert picture.black[0].start_s == pytest.approx(black_start, abs=FRAME + 1e-6)  # type: ignore[attr-defined]
    assert picture.black[0].end_s == pytest.approx(black_end, abs=FRAME + 1e-6)  # type: ignore[attr-defined]
    assert picture.frozen[0].start_s == pytest.approx(freeze_start, abs=FRAME + 1e-6)  # type: ignore[attr-defined]


def test_a_still_shot_with_grain_is_not_frozen(tmp_path: Path) -> None:
    # One 3 s shot whose only change is light noise (a tripod shot, nothing moving): not a
    # held frame, so not frozen (FFmpeg's freezedetect agrees).
    still = make_ad(tmp_path / "still.mp4", size=(640, 360), scenes=[Scene(3.0)], audio=None)
    analyser = PictureQualityAnalyser()
    decode(still.path, lambda p, info: analyser.start(info), analyser.process)
    assert analyser.finish().frozen == []


def test_clipping_is_found_in_an_overdriven_mix(tmp_path: Path) -> None:
    loud = make_ad(tmp_path / "loud.mkv", size=(160, 90), scenes=[Scene(1.0)], audio=[Tone(+6.0, 200.0)])
    result = decode(loud.path, lambda p, i: None, lambda f: None)
    assert result.audio is not None
    sound = SoundQualityAnalyser().analyse(result.audio.mono, result.audio.sample_rate, result.audio.channels)
    assert sound.clipping_events > 100  # a 200 Hz tone clipped on every half wave
    assert sound.clipping_times_s[0] < 0.01
    assert sound.peak_dbfs == pytest.approx(0.0, abs=0.01)


def test_clean_full_scale_peaks_are_not_clipping() -> None:
    rate = 48_000
    t = np.arange(rate) / rate
    tone = (0.99 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32)
    assert clipping(tone[np.newaxis, :], rate) == (0, [])
    square = np.clip(2 * tone, -1, 1).astype(np.float32)
    count, times = clipping(square[np.newaxis, :], rate)
    assert count > 0 and len(times) > 100


def test_silence_rules() -> None:
    rate = 48_000
    quiet = np.zeros(rate * 3, np.float32)
    assert [(s.start_s, s.end_s) for s in silences(quiet, rate)] == [(0.0, 3.0)]
    assert silences(quiet[:rate], rate) == []  # shorter than 2 s
    noise = (0.01 * np.random.default_rng(1).standard_normal(rate * 3)).astype(np.float32)  # -40 dBFS
    assert silences(noise, rate) == []
    everything_silent = SoundQualityAnalyser().analyse(quiet, rate)
    assert everything_silent.silent
