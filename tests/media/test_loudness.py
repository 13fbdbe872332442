"""Loudness of generated tones and real sound against the known level, FFmpeg's ebur128
filter, pyloudnorm and a full 4× ``scipy.signal.resample_poly``."""

from __future__ import annotations

import math
import re
import subprocess
import wave
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import SHARED_DATA
from tests.media.clips import FFMPEG, Scene, Tone, make_ad

from reelwise.adapters.video import decode
from reelwise.media.loudness import (
    LoudnessAnalyser,
    integrated_loudness,
    interpolation_phases,
    k_weighted,
    k_weighting,
    true_peak,
)

Audio = npt.NDArray[np.float32]


def ebur128(path: Path) -> tuple[float, float]:
    """FFmpeg's integrated loudness and true peak (its summary, to 0.1)."""
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


_PRINT_INTEGRATED = "ebur128=metadata=1,ametadata=print:key=lavfi.r128.I"


def ebur128_precise(signal: Audio, rate: int, path: Path) -> tuple[float, Audio]:
    """FFmpeg's integrated loudness of ``signal`` written as 16-bit WAV (to 0.001 LU), and
    the samples as FFmpeg read them."""
    pcm = np.round(np.clip(signal, -1, 1).T * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(signal.shape[0])
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    log = subprocess.run(
        [FFMPEG, "-hide_banner", "-nostats", "-i", str(path), "-af", _PRINT_INTEGRATED, "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    return float(re.findall(r"lavfi\.r128\.I=(-?[\d.]+)", log)[-1]), (pcm.T / 32767).astype(np.float32)


def reference_true_peak(signal: Audio) -> float | None:
    """The previous implementation: upsample everything 4× in float64, take the peak."""
    from scipy.signal import resample_poly

    data = np.atleast_2d(signal).astype(np.float64)
    peak = max(float(np.abs(resample_poly(data, 4, 1, axis=1)).max()), float(np.abs(data).max()))
    return 20 * math.log10(peak) if peak > 0 else None


def reference_loudness(signal: Audio, rate: int) -> float:
    import pyloudnorm

    data = np.atleast_2d(signal).T.astype(np.float64)
    return float(pyloudnorm.Meter(rate).integrated_loudness(data if data.shape[1] > 1 else data[:, 0]))


def programme(rate: int, n: int, channels: int, seed: int = 1) -> Audio:
    """A rising 997 Hz tone with noise and a nearly silent stretch (so both gates act)."""
    rng = np.random.default_rng(seed)
    t = np.arange(n) / rate
    tone = 0.3 * np.sin(2 * np.pi * 997 * t) * np.linspace(0.01, 1, n)
    signal = (tone[np.newaxis, :] + 0.05 * rng.standard_normal((channels, n))).astype(np.float32)
    signal[:, n // 3 : n // 2] *= 0.001
    return signal


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


def test_a_real_silent_sound_track_has_no_loudness_and_no_peak() -> None:
    # The car footage in the shared data carries a stereo AAC track of digital silence
    # (FFmpeg: I -70 LUFS, its floor, and a true peak of -inf).
    path = SHARED_DATA / "media" / "car-detection.mp4"
    result = decode(path, lambda p, i: None, lambda f: None)
    assert result.audio is not None and result.audio.channels.shape[0] == 2
    measured = LoudnessAnalyser().analyse(result.audio.mono, result.audio.sample_rate, result.audio.channels)
    assert measured.to_dict() == {"integrated_lufs": None, "true_peak_dbtp": None}


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
    assert tp == pytest.approx(reference_true_peak(x), abs=0.01)


def _signals() -> dict[str, Audio]:
    rate, rng = 48_000, np.random.default_rng(7)
    n = np.arange(3 * rate + 123)
    quarter = np.sin(2 * np.pi * n / 4 + np.pi / 4).astype(np.float32)
    burst = (0.01 * rng.standard_normal((2, n.size))).astype(np.float32)
    burst[:, 70_000:70_040] = quarter[:40] * 0.8  # a short inter-sample peak in quiet noise
    edge = np.zeros((1, 5000), np.float32)
    edge[0, -1] = 0.9  # a peak in the last sample (the block search pads past the end)
    alternating = np.tile(np.array([1, 1, -1, -1], np.float32), 2000)[np.newaxis] * 0.3
    return {
        "quarter-rate sine, 45°": quarter[np.newaxis] * 0.5,
        "quiet noise with a burst": burst,
        "impulse at the end": edge,
        "impulse at the start": edge[:, ::-1].copy(),
        "alternating pairs": alternating,
        "stereo programme": programme(rate, n.size, 2),
        "mono programme": programme(rate, 2 * rate + 77, 1),
        "one sample": np.array([[0.25]], np.float32),
    }


@pytest.mark.parametrize("name", list(_signals()))
def test_true_peak_equals_upsampling_everything(name: str) -> None:
    signal = _signals()[name]
    assert true_peak(signal, 48_000) == pytest.approx(reference_true_peak(signal), abs=0.01)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 12_000),
    channels=st.integers(1, 2),
    seed=st.integers(0, 2**32 - 1),
    level=st.floats(1e-4, 2.0),
    smooth=st.integers(0, 3),
    burst=st.floats(1.0, 30.0),
)
def test_true_peak_property(n: int, channels: int, seed: int, level: float, smooth: int, burst: float) -> None:
    rng = np.random.default_rng(seed)
    signal = rng.standard_normal((channels, n))
    for _ in range(smooth):  # from white noise to smoother, more tone-like signals
        signal = np.cumsum(signal, axis=1)
        signal -= signal.mean(axis=1, keepdims=True)
    at = rng.integers(0, n)
    signal[:, at : at + 50] *= burst  # one louder stretch somewhere
    signal = (signal / (np.abs(signal).max() + 1e-30) * level).astype(np.float32)
    expected = reference_true_peak(signal)
    if expected is None:  # all zeros (one sample with its mean taken away)
        assert true_peak(signal, 48_000) is None
    else:
        assert true_peak(signal, 48_000) == pytest.approx(expected, abs=0.01)


def test_interpolation_filter_is_resample_polys() -> None:
    from scipy.signal import firwin

    h = firwin(81, 0.25, window=("kaiser", 5.0)) * 4
    phases = interpolation_phases(4)
    for r in range(4):
        expected = np.zeros(21)
        taps = h[r::4]
        expected[21 - taps.size :] = taps[::-1]
        assert np.allclose(phases[:, r], expected, atol=1e-12), r


@pytest.mark.parametrize("rate", [44_100, 48_000, 32_000])
def test_k_weighting_filter_equals_a_plain_iir_filter(rate: int) -> None:
    from scipy.signal import lfilter

    b1, a1, b2, a2 = k_weighting(rate)
    x = programme(rate, rate + 1001, 1)[0].astype(np.float64)
    x[5000] = 1.0  # an impulse: the filter's full response
    expected = lfilter(b2, a2, lfilter(b1, a1, x))
    got = k_weighted(x, rate)
    assert got.shape == x.shape
    assert np.abs(got - expected).max() < 1e-4 * np.abs(expected).max()


@pytest.mark.parametrize("rate", [44_100, 48_000])
@pytest.mark.parametrize("channels", [1, 2])
@pytest.mark.parametrize("seconds", [0.45, 0.48, 2.5, 3.026, 7.09])
def test_integrated_loudness_matches_ffmpeg(tmp_path: Path, rate: int, channels: int, seconds: float) -> None:
    n = int(seconds * rate) + 17
    expected, heard = ebur128_precise(programme(rate, n, channels), rate, tmp_path / "p.wav")
    measured = integrated_loudness(heard, rate)
    assert measured is not None
    # FFmpeg designs the K filter from BS.1770's analogue prototype; the RBJ design used here
    # (as pyloudnorm's) reads 0.03-0.04 LU lower on this programme
    assert measured == pytest.approx(expected, abs=0.1)
    # pyloudnorm agrees where it does not count a last block that runs past the end
    blocks_pyloudnorm = int(np.round((n / rate - 0.4) / 0.1)) + 1
    if blocks_pyloudnorm == (10 * n // rate) - 3:
        assert measured == pytest.approx(reference_loudness(heard, rate), abs=0.001)


def test_silence_and_very_short_sound_have_no_loudness() -> None:
    rate = 48_000
    assert integrated_loudness(np.zeros((2, rate * 2), np.float32), rate) is None
    assert integrated_loudness(np.full((2, 100), 0.1, np.float32), rate) is None
    assert integrated_loudness(np.full((1, int(0.4 * rate)), 0.1, np.float32), rate) is None
    assert integrated_loudness(np.zeros((2, 0), np.float32), rate) is None
    quiet = programme(rate, rate * 2, 2) * 1e-4  # about -90 LUFS: under the absolute gate
    assert integrated_loudness(quiet, rate) is None
    assert true_peak(np.zeros((2, rate), np.float32), rate) is None
    assert true_peak(np.zeros((2, 0), np.float32), rate) is None


def test_a_quiet_start_does_not_pull_the_loudness_down() -> None:
    # The relative gate: 20 s at -20 dB after 20 s at -50 dB reads about the loud part alone.
    rate = 48_000
    t = np.arange(40 * rate) / rate
    tone = np.sin(2 * np.pi * 1000 * t)
    tone[: 20 * rate] *= 10 ** (-50 / 20)
    tone[20 * rate :] *= 10 ** (-20 / 20)
    stereo = np.stack([tone, tone]).astype(np.float32)
    loud = integrated_loudness(stereo, rate)
    assert loud == pytest.approx(-20.0, abs=0.15)
    assert loud == pytest.approx(reference_loudness(stereo, rate), abs=0.001)


@settings(max_examples=40, deadline=None)
@given(
    seconds=st.floats(0.0, 4.0),
    channels=st.integers(1, 3),
    rate=st.sampled_from([48_000, 16_000, 44_100]),
    seed=st.integers(0, 2**32 - 1),
    fade=st.floats(0.0, 1.0),
)
def test_loudness_given_as_the_sound_comes_equals_the_whole_sound(
    seconds: float, channels: int, rate: int, seed: int, fade: float
) -> None:
    """Fed in pieces of any length while decoding, the analyser finds the loudness it finds
    from the whole sound at once (a rate whose sub-blocks do not fall on the filter's block
    bounds, 44.1 kHz, is computed at the end instead)."""
    rng = np.random.default_rng(seed)
    n = int(seconds * rate)
    envelope = np.linspace(1.0, fade, n) if n else np.zeros(0)
    signal = (rng.standard_normal((channels, n)) * 0.2 * envelope).astype(np.float32)
    mono = signal.mean(axis=0, dtype=np.float32)
    fed = LoudnessAnalyser()
    at = 0
    while at < n:
        step = int(rng.integers(1, 5_000))
        fed.feed(mono[at : at + step], rate, signal[:, at : at + step])
        at += step
    streamed = fed.analyse(mono, rate, signal)
    whole = LoudnessAnalyser().analyse(mono, rate, signal)
    assert streamed.true_peak_dbtp == whole.true_peak_dbtp
    if whole.integrated_lufs is None:
        assert streamed.integrated_lufs is None
    else:
        assert streamed.integrated_lufs == pytest.approx(whole.integrated_lufs, abs=1e-4)


def test_loudness_fed_only_part_of_the_sound_is_computed_from_the_whole() -> None:
    rng = np.random.default_rng(7)
    signal = (rng.standard_normal((2, 96_000)) * 0.1).astype(np.float32)
    mono = signal.mean(axis=0, dtype=np.float32)
    analyser = LoudnessAnalyser()
    analyser.feed(mono[:48_000], 48_000, signal[:, :48_000])  # the rest never came
    result = analyser.analyse(mono, 48_000, signal)
    assert result.integrated_lufs == pytest.approx(integrated_loudness(signal, 48_000), abs=1e-9)
