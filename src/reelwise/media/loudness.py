"""Loudness as platforms measure it: integrated loudness (ITU-R BS.1770-4, with its
gating, via ``pyloudnorm``) and true peak (the peak of the signal upsampled 4×, as in
BS.1770 Annex 2).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from reelwise.media.base import AudioF32

OVERSAMPLE = 4
_BLOCK_S = 10.0  # true peak is computed in blocks so memory stays small on long files


@dataclass(frozen=True)
class Loudness:
    integrated_lufs: float | None  # None when the sound is (almost) silent or too short
    true_peak_dbtp: float | None

    def to_dict(self) -> dict[str, Any]:
        def r(v: float | None) -> float | None:
            return None if v is None else round(v, 2)

        return {"integrated_lufs": r(self.integrated_lufs), "true_peak_dbtp": r(self.true_peak_dbtp)}


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def integrated_loudness(channels: AudioF32, sample_rate: int) -> float | None:
    """BS.1770-4 integrated loudness in LUFS of ``channels`` (shape (c, n)); None if undefined."""
    import pyloudnorm

    data = np.atleast_2d(channels).T.astype(np.float64)
    if data.shape[0] < int(0.4 * sample_rate) + 1:
        return None
    meter = pyloudnorm.Meter(sample_rate)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = meter.integrated_loudness(data if data.shape[1] > 1 else data[:, 0])
    return _finite(value)


def true_peak(channels: AudioF32, sample_rate: int, oversample: int = OVERSAMPLE) -> float | None:
    """True peak in dBTP: the largest absolute value after ``oversample``× polyphase upsampling."""
    from scipy.signal import resample_poly

    data = np.atleast_2d(channels)
    if data.size == 0:
        return None
    block = int(_BLOCK_S * sample_rate)
    pad = 64  # filter context on both sides of a block
    peak = 0.0
    for start in range(0, data.shape[1], block):
        lo, hi = max(0, start - pad), min(data.shape[1], start + block + pad)
        chunk = data[:, lo:hi].astype(np.float64)
        up = resample_poly(chunk, oversample, 1, axis=1)
        inner = up[:, (start - lo) * oversample : (start - lo + min(block, data.shape[1] - start)) * oversample]
        if inner.size:
            peak = max(peak, float(np.abs(inner).max()))
    peak = max(peak, float(np.abs(data).max()))
    return 20 * math.log10(peak) if peak > 0 else None


class LoudnessAnalyser:
    """Audio analyser: integrated loudness and true peak."""

    id = "loudness"

    def analyse(self, mono: AudioF32, sample_rate: int, channels: AudioF32 | None = None) -> Loudness:
        chans = channels if channels is not None else mono[np.newaxis, :]
        return Loudness(
            integrated_lufs=integrated_loudness(chans, sample_rate),
            true_peak_dbtp=true_peak(chans, sample_rate),
        )
