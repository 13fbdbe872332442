"""Voice activity detection: where people speak, without a speech recognition model.

Entry point: :class:`VoiceActivityAnalyser` (an :class:`~reelwise.media.base.AudioAnalyser`):
``VoiceActivityAnalyser().analyse(mono, sample_rate)`` → :class:`VoiceActivity`
(``to_dict()`` → ``{"segments": [{"start_s","end_s"}], "first_s", "in_first_5s",
"speech_s", "method"}``).

It uses the Silero VAD ONNX model that ships inside the ``faster-whisper`` package (run
with onnxruntime on 16 kHz audio, nothing downloaded). When that model is not there, a
simple energy-and-spectrum detector is used instead (``method: "energy"``): frames of
30 ms whose level is well above the noise floor and whose energy sits mostly in the
voice band (300–3400 Hz) and is not a single pure tone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from reelwise.media.base import AudioF32

VAD_RATE: Final = 16000
EARLY_S: Final = 5.0


@dataclass
class VoiceActivity:
    segments: list[tuple[float, float]] = field(default_factory=list)
    method: str = "silero"

    @property
    def first_s(self) -> float | None:
        return round(self.segments[0][0], 3) if self.segments else None

    @property
    def in_first_5s(self) -> bool:
        return any(start < EARLY_S for start, _ in self.segments)

    @property
    def speech_s(self) -> float:
        return round(sum(end - start for start, end in self.segments), 3)

    def to_dict(self) -> dict[str, Any]:
        return {
            "segments": [{"start_s": round(s, 3), "end_s": round(e, 3)} for s, e in self.segments],
            "first_s": self.first_s,
            "in_first_5s": self.in_first_5s,
            "speech_s": self.speech_s,
            "method": self.method,
        }


def to_16k(mono: AudioF32, sample_rate: int) -> AudioF32:
    """Resample mono audio to 16 kHz (polyphase filter).

    The filter and the output are those of ``scipy.signal.resample_poly`` (a Kaiser β = 5
    windowed sinc, 20 taps per unit of the rate ratio, zero padding at both ends). For
    whole multiples of 16 kHz (48 kHz, the rate the decoder delivers) it is computed here as
    one banded matrix product, without importing SciPy.
    """
    audio = np.asarray(mono, dtype=np.float32).reshape(-1)
    if sample_rate == VAD_RATE or audio.size == 0:
        return audio
    if sample_rate % VAD_RATE == 0:
        return _decimate(audio, sample_rate // VAD_RATE)
    from math import gcd

    from scipy.signal import resample_poly

    g = gcd(VAD_RATE, int(sample_rate))
    out: AudioF32 = resample_poly(audio, VAD_RATE // g, int(sample_rate) // g).astype(np.float32)
    return out


_ROW: Final = 16  # output samples per row of the banded product


@lru_cache(maxsize=4)
def _decimation_band(factor: int) -> npt.NDArray[np.float32]:
    """Rows of ``factor * _ROW + 20 * factor`` inputs -> ``_ROW`` outputs (resample_poly's filter)."""
    half = 10 * factor
    m = np.arange(2 * half + 1) - half
    h = np.sinc(m / factor) / factor * np.kaiser(2 * half + 1, 5.0)
    h = (h / h.sum()).astype(np.float32)  # resample_poly filters float32 sound with float32 taps
    band = np.zeros((factor * _ROW + 2 * half, _ROW), np.float32)
    for j in range(_ROW):
        band[factor * j : factor * j + 2 * half + 1, j] = h[::-1]
    return band


def _decimate(audio: AudioF32, factor: int) -> AudioF32:
    """``resample_poly(audio, 1, factor)``: output m is the filter centred on input factor*m."""
    from reelwise.media.loudness import chunked_matmul

    n = audio.size
    count = -(-n // factor)
    rows = -(-count // _ROW)
    half = 10 * factor
    band = _decimation_band(factor)
    padded = np.zeros(rows * _ROW * factor + 2 * half, np.float32)
    padded[half : half + n] = audio
    windows = sliding_window_view(padded, band.shape[0])[:: factor * _ROW]  # (rows, width)
    out = chunked_matmul(np.ascontiguousarray(windows[:rows]), band).reshape(-1)[:count]
    return np.ascontiguousarray(out)


def silero_available() -> bool:
    try:
        from faster_whisper.utils import get_assets_path
    except ImportError:
        return False
    import os

    return os.path.isfile(os.path.join(get_assets_path(), "silero_vad_v6.onnx")) or any(
        name.startswith("silero") for name in os.listdir(get_assets_path())
    )


def _silero_segments(audio16: AudioF32) -> list[tuple[float, float]]:
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(threshold=0.5, min_speech_duration_ms=150, min_silence_duration_ms=300, speech_pad_ms=30)
    stamps = get_speech_timestamps(audio16, options, sampling_rate=VAD_RATE)
    return [(s["start"] / VAD_RATE, s["end"] / VAD_RATE) for s in stamps]


def energy_segments(audio16: AudioF32, frame_s: float = 0.03) -> list[tuple[float, float]]:
    """A model-free fallback: voiced frames by level, voice-band share and spectral flatness."""
    n = int(VAD_RATE * frame_s)
    count = len(audio16) // n
    if count == 0:
        return []
    frames = audio16[: count * n].reshape(count, n).astype(np.float64)
    spectrum = np.abs(np.fft.rfft(frames * np.hanning(n), axis=1)) ** 2
    freqs = np.fft.rfftfreq(n, 1 / VAD_RATE)
    total = spectrum.sum(axis=1) + 1e-12
    band = spectrum[:, (freqs >= 300) & (freqs <= 3400)].sum(axis=1) / total
    peak_share = spectrum.max(axis=1) / total  # a pure tone puts nearly everything in one bin
    level = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)
    floor = np.percentile(level, 10)
    voiced = (level > max(floor + 12, -50)) & (band > 0.5) & (peak_share < 0.5)
    # smooth: close gaps < 0.3 s, drop runs < 0.15 s
    segments: list[tuple[float, float]] = []
    start: int | None = None
    gap = 0
    for i, v in enumerate(voiced):
        if v:
            if start is None:
                start = i
            gap = 0
        elif start is not None:
            gap += 1
            if gap * frame_s >= 0.3:
                segments.append((start * frame_s, (i - gap + 1) * frame_s))
                start, gap = None, 0
    if start is not None:
        segments.append((start * frame_s, (count - gap) * frame_s))
    return [(s, e) for s, e in segments if e - s >= 0.15]


class VoiceActivityAnalyser:
    """Audio analyser: speech segments from Silero VAD (or the energy fallback)."""

    id = "vad"

    def __init__(self, method: str | None = None) -> None:
        self.method = method or ("silero" if silero_available() else "energy")

    def analyse(self, mono: AudioF32, sample_rate: int, channels: AudioF32 | None = None) -> VoiceActivity:
        audio16 = to_16k(mono, sample_rate)
        if audio16.size < VAD_RATE // 10:
            return VoiceActivity([], self.method)
        segments = _silero_segments(audio16) if self.method == "silero" else energy_segments(audio16)
        return VoiceActivity([(round(s, 3), round(e, 3)) for s, e in segments], self.method)
