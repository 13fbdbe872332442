"""Loudness of generated tones against the known level and against FFmpeg's ebur128 filter."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from clips import FFMPEG, Scene, Tone, make_ad

from reelwise.adapters.video import decode
from reelwise.media.loudness import LoudnessAnalyser, integrated_loudness, true_peak


def ebur128(path: Path) -> tuple[float, float]:
    log = subprocess.run(
        [FFMPEG, "-hide_banner", "-nostats", "-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    summary = log[log.rindex("Summary:") :]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))  # type: ignore[union-attr]
    peak = float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary).group(1))  # type: ignore[union-attr]
    return integrated, peak


@pytest.mark.parametrize(("level", "container"), [(-20.0, "mkv"), (-30.0, "mkv"), (-14.0, "mp4")])
def test_stereo_1khz_tone_reads_its_level(tmp_path: Path, level: float, container: str) -> None:
    # A 1 kHz sine in both channels reads (almost exactly) its peak level in LUFS (BS.1770's
    # K-weighting adds +0.69 dB at 1 kHz, the -0.691 offset takes it away; two channels add
    # 3 dB, the sine's RMS is 3 dB under its peak).
    ad = make_ad(tmp_path / f"tone.{container}", size=(160, 90), scenes=[Scene(4.0)], audio=[Tone(level, 1000.0)])
    result = decode(ad.path, lambda p, i: None, lambda f: None)
    assert result.audio is not None
    measured = LoudnessAnalyser().analyse(result.audio.mono, result.audio.sample_rate, result.audio.channels)
    assert measured.integrated_lufs == pytest.approx(level, abs=0.15)
    assert measured.true_peak_dbtp == pytest.approx(level, abs=0.3)
    ff_integrated, ff_peak = ebur128(ad.path)
    assert measured.integrated_lufs == pytest.approx(ff_integrated, abs=0.2)
    assert measured.true_peak_dbtp == pytest.approx(ff_peak, abs=0.3)


def test_true_peak_finds_inter_sample_peaks() -> None:
    rate = 48_000
    n = np.arange(rate)
    # A sine at a quarter of the sample rate, phase-shifted by 45°: every sample sits at
    # 0.707 of the true peak, which is 1.0 (+3 dB over the sample peak).
    x = np.sin(2 * np.pi * (rate / 4) * n / rate + np.pi / 4).astype(np.float32) * 0.5
    sample_peak = 20 * np.log10(np.abs(x).max())
    tp = true_peak(x[np.newaxis, :], rate)
    assert tp is not None
    assert sample_peak == pytest.approx(-9.03, abs=0.05)
    assert tp == pytest.approx(-6.02, abs=0.3)


def test_silence_and_very_short_sound_have_no_loudness() -> None:
    rate = 48_000
    assert integrated_loudness(np.zeros((2, rate * 2), np.float32), rate) is None
    assert integrated_loudness(np.full((2, 100), 0.1, np.float32), rate) is None
    assert true_peak(np.zeros((2, rate), np.float32), rate) is None
