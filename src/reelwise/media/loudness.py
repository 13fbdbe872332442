"""Loudness as platforms measure it: integrated loudness (ITU-R BS.1770-4, with its
gating) and true peak (the peak of the signal upsampled 4×, as in BS.1770 Annex 2).

Both are computed with numpy alone: importing ``scipy.signal`` (and ``pyloudnorm``, which
needs it) costs more CPU than the measurement itself.

* **Integrated loudness.** The K-weighting filter (the RBJ high shelf and high pass that
  ``pyloudnorm`` uses, with the same coefficients) runs as one 4th-order state-space
  filter over blocks of :data:`_IIR_BLOCK` samples: inside a block the output is a matrix
  product (the block's inputs times the filter's impulse-response Toeplitz matrix, plus
  the block's start state times the state-to-output matrix). The start states follow a
  linear recurrence ``s' = F s + d`` that is solved in groups of :data:`_IIR_GROUP`
  blocks the same way, one level up for the group starts. This is the IIR filter itself,
  not an approximation, computed in float32 (within 1e-4 LU of float64). The mean
  squares of 100 ms sub-blocks give the 400 ms gating blocks with 75 % overlap (only
  blocks that lie wholly inside the sound, as in BS.1770-4 and FFmpeg's ``ebur128``;
  ``pyloudnorm`` also counts a final block that runs past the end, which moves short
  clips by up to 1 LU); the absolute (-70 LUFS) and relative (-10 LU) gates follow.
* **True peak.** The polyphase interpolation filter of ``scipy.signal.resample_poly``
  (``firwin(81, 1/4, window=("kaiser", 5.0))``), applied in float32 as one banded matrix
  product per block, but only where a higher peak can still be found: each interpolated
  sample is a weighted sum of its neighbours, so over a block it is at most ``G`` times
  the block's largest sample (``G``: the largest L1 norm of the filter's phases, 2.24).
  Blocks are visited loudest first, and the search stops once that bound cannot beat the
  peak found so far. The result is the peak of upsampling the whole signal.

Matrix products are cut into chunks small enough for OpenBLAS to run each on one thread:
on a busy two-core machine its threads mostly wait for each other, at several times the
CPU time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from reelwise.media.base import AudioF32

F64 = npt.NDArray[np.float64]

OVERSAMPLE: Final = 4
_IIR_BLOCK: Final = 32  # samples per block of the blocked IIR filter
_IIR_GROUP: Final = 16  # blocks per group when solving the block start states
_PEAK_BLOCK: Final = 2048  # samples per block of the true-peak search
_PEAK_ROW: Final = 16  # input samples per row of the banded interpolation product
_ABSOLUTE_GATE: Final = -70.0
_RELATIVE_GATE: Final = -10.0
_CHANNEL_GAINS: Final = (1.0, 1.0, 1.0, 1.41, 1.41)  # L, R, C, Ls, Rs (BS.1770-4 table 3)


@dataclass(frozen=True)
class Loudness:
    integrated_lufs: float | None  # None when the sound is (almost) silent or too short
    true_peak_dbtp: float | None

    def to_dict(self) -> dict[str, Any]:
        def r(v: float | None) -> float | None:
            return None if v is None else round(v, 2)

        return {"integrated_lufs": r(self.integrated_lufs), "true_peak_dbtp": r(self.true_peak_dbtp)}


# --- K-weighting -------------------------------------------------------------------------


def k_weighting(sample_rate: int) -> tuple[F64, F64, F64, F64]:
    """The two K-weighting biquads ``(b_shelf, a_shelf, b_highpass, a_highpass)``, a0 = 1.

    RBJ cookbook designs with BS.1770's parameters (high shelf +4 dB at 1500 Hz, Q 1/√2;
    high pass at 38 Hz, Q 0.5), as ``pyloudnorm`` computes them for any sample rate.
    """
    rate = float(sample_rate)
    gain, q, fc = 4.0, 1 / math.sqrt(2), 1500.0
    a = 10 ** (gain / 40.0)
    w0 = 2.0 * math.pi * fc / rate
    alpha = math.sin(w0) / (2.0 * q)
    cos, root = math.cos(w0), 2 * math.sqrt(a) * alpha
    shelf_b = np.array(
        [a * ((a + 1) + (a - 1) * cos + root), -2 * a * ((a - 1) + (a + 1) * cos), a * ((a + 1) + (a - 1) * cos - root)]
    )
    shelf_a = np.array([(a + 1) - (a - 1) * cos + root, 2 * ((a - 1) - (a + 1) * cos), (a + 1) - (a - 1) * cos - root])
    w0 = 2.0 * math.pi * 38.0 / rate
    alpha = math.sin(w0) / (2.0 * 0.5)
    cos = math.cos(w0)
    hp_b = np.array([(1 + cos) / 2, -(1 + cos), (1 + cos) / 2])
    hp_a = np.array([1 + alpha, -2 * cos, 1 - alpha])
    return shelf_b / shelf_a[0], shelf_a / shelf_a[0], hp_b / hp_a[0], hp_a / hp_a[0]


def _state_space(sample_rate: int) -> tuple[F64, F64, F64, float]:
    """``(A, B, C, D)`` of the K-weighting cascade (two biquads in transposed direct form II)."""
    b1, a1, b2, a2 = k_weighting(sample_rate)

    def biquad(b: F64, a: F64) -> tuple[F64, F64, F64, float]:
        mat = np.array([[-a[1], 1.0], [-a[2], 0.0]])
        return mat, np.array([b[1] - a[1] * b[0], b[2] - a[2] * b[0]]), np.array([1.0, 0.0]), float(b[0])

    m1, v1, c1, d1 = biquad(b1, a1)
    m2, v2, c2, d2 = biquad(b2, a2)
    # x -> stage 1 (state s1) -> u -> stage 2 (state s2) -> y
    big = np.zeros((4, 4))
    big[:2, :2] = m1
    big[2:, :2] = np.outer(v2, c1)
    big[2:, 2:] = m2
    return big, np.concatenate([v1, v2 * d1]), np.concatenate([d2 * c1, c2]), d2 * d1


# OpenBLAS runs a product of m*k*n multiply-adds under 2 * 65536 * 4 on one thread; larger
# ones are spread over all cores, which on a busy 2-core machine costs several times the
# CPU time (threads wait for each other). Products are cut into row chunks under this size.
_ONE_THREAD: Final = 480_000


def chunked_matmul(a: npt.NDArray[np.float32], b: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """``a @ b`` for 2-D ``a``, in row chunks small enough for one BLAS thread each."""
    rows = max(1, _ONE_THREAD // (a.shape[1] * b.shape[1]))
    if a.shape[0] <= rows:
        small: npt.NDArray[np.float32] = a @ b
        return small
    out = np.empty((a.shape[0], b.shape[1]), np.float32)
    for lo in range(0, a.shape[0], rows):
        np.matmul(a[lo : lo + rows], b, out=out[lo : lo + rows])
    return out


@dataclass(frozen=True)
class _BlockFilter:
    """Matrices that run the K-weighting filter block by block (see the module docstring)."""

    zero_state: npt.NDArray[np.float32]  # (L, L + 4): block inputs -> [block outputs | next-state drive]
    observe: npt.NDArray[np.float32]  # (4, L): block start state -> its share of the block outputs
    step: F64  # (4, 4): A**L, a start state carried over one block


@dataclass(frozen=True)
class _GroupSolve:
    """Start states of M consecutive blocks from their drives (recurrence s' = F s + d)."""

    inside: npt.NDArray[np.float32]  # (4M, 4M): drives of a group -> its states (zero group start)
    carry: npt.NDArray[np.float32]  # (4, 4M): group start state -> its share of those states
    end: npt.NDArray[np.float32]  # (4M, 4): drives of a group -> drive of the next group start
    step: F64  # (4, 4): F**M, a start state carried over one group


@lru_cache(maxsize=8)
def _block_filter(sample_rate: int) -> _BlockFilter:
    mat, drive, out, direct = _state_space(sample_rate)
    size = _IIR_BLOCK
    powers = [np.eye(4)]
    for _ in range(size):
        powers.append(mat @ powers[-1])
    impulse = np.array([direct] + [out @ powers[k - 1] @ drive for k in range(1, size)])
    idx = np.arange(size)
    lag = idx[:, None] - idx[None, :]  # output j, input i
    toeplitz = np.where(lag >= 0, impulse[np.clip(lag, 0, None)], 0.0)  # (out, in)
    drives = np.stack([powers[size - 1 - i] @ drive for i in range(size)])  # (in, 4)
    observe = np.stack([out @ powers[j] for j in range(size)], axis=1)  # (4, out)
    return _BlockFilter(
        zero_state=np.concatenate([toeplitz.T, drives], axis=1).astype(np.float32),
        observe=observe.astype(np.float32),
        step=powers[size],
    )


@lru_cache(maxsize=32)
def _group_solve(sample_rate: int, level: int) -> _GroupSolve:
    step = _block_filter(sample_rate).step
    for _ in range(level):
        step = np.linalg.matrix_power(step, _IIR_GROUP)
    group = _IIR_GROUP
    steps = [np.eye(4)]
    for _ in range(group):
        steps.append(step @ steps[-1])
    # state m of a group: F**m @ start + sum_{j<m} F**(m-1-j) @ drive_j  (row vectors: transposed)
    inside = np.zeros((group * 4, group * 4))
    for m in range(group):
        for j in range(m):
            inside[j * 4 : j * 4 + 4, m * 4 : m * 4 + 4] = steps[m - 1 - j].T
    carry = np.concatenate([steps[m].T for m in range(group)], axis=1)
    end = np.concatenate([steps[group - 1 - j].T for j in range(group)], axis=0)
    return _GroupSolve(
        inside=inside.astype(np.float32),
        carry=carry.astype(np.float32),
        end=end.astype(np.float32),
        step=steps[group],
    )


def _start_states(drives: npt.NDArray[np.float32], sample_rate: int, level: int = 0) -> npt.NDArray[np.float32]:
    """States ``s_k = sum_{j<k} F**(k-1-j) d_j`` for drives ``d`` (shape (K, 4)), ``s_0 = 0``.

    Solved in groups of M: inside each group from a zero start, then the group starts (a
    recurrence of the same kind, one level up, with F**M), then their share added.
    """
    count = drives.shape[0]
    group = _IIR_GROUP
    groups = -(-count // group)
    padded = np.zeros((groups * group, 4), np.float32)
    padded[:count] = drives
    flat = padded.reshape(groups, group * 4)
    solve = _group_solve(sample_rate, level)
    states = chunked_matmul(flat, solve.inside)
    if groups > 1:
        starts = _start_states(chunked_matmul(flat, solve.end), sample_rate, level + 1)
        states += chunked_matmul(starts, solve.carry)
    result: npt.NDArray[np.float32] = states.reshape(groups * group, 4)[:count]
    return result


def k_weighted(signal: AudioF32 | F64, sample_rate: int) -> npt.NDArray[np.float32]:
    """One channel (shape (n,)) through the K-weighting filter from a zero state, float32.

    The same output as ``scipy.signal.lfilter`` with the two biquads of :func:`k_weighting`
    (to float32 precision).
    """
    x = np.asarray(signal, dtype=np.float32).reshape(-1)
    n = x.size
    size = _IIR_BLOCK
    blocks = max(1, -(-n // size))
    padded = np.zeros(blocks * size, np.float32)
    padded[:n] = x
    bf = _block_filter(sample_rate)
    both = chunked_matmul(padded.reshape(blocks, size), bf.zero_state)  # (K, L + 4)
    out = both[:, :size]
    out += chunked_matmul(_start_states(both[:, size:], sample_rate), bf.observe)
    result: npt.NDArray[np.float32] = np.ascontiguousarray(out).reshape(-1)[:n]
    return result


def integrated_loudness(channels: AudioF32, sample_rate: int) -> float | None:
    """BS.1770-4 integrated loudness in LUFS of ``channels`` (shape (c, n)); None if undefined.

    Undefined: shorter than one 400 ms gating block, or no block above the -70 LUFS gate.
    """
    data = np.atleast_2d(channels)
    count, n = data.shape
    if n < int(0.4 * sample_rate) + 1 or count == 0:
        return None
    bounds = np.arange(0, 10 * n // sample_rate + 1) * sample_rate // 10  # 100 ms sub-blocks
    if bounds.size < 5:
        return None
    sub = np.empty((count, bounds.size - 1))  # K-weighted energy of each 100 ms sub-block
    for ch in range(count):
        filtered = k_weighted(data[ch, : bounds[-1]], sample_rate)
        np.square(filtered, out=filtered)
        sub[ch] = np.add.reduceat(filtered, bounds[:-1], dtype=np.float64)
    return _gated_loudness(sub, np.diff(bounds))


def _gated_loudness(sub: F64, lengths: npt.NDArray[np.int64]) -> float | None:
    """Integrated loudness from the K-weighted energy of each channel's 100 ms sub-blocks
    (shape (c, m)) and their lengths in samples: 400 ms blocks with 75 % overlap, gated."""
    count = sub.shape[0]
    if sub.shape[1] < 4 or count == 0:
        return None
    energy = sub[:, :-3] + sub[:, 1:-2] + sub[:, 2:-1] + sub[:, 3:]
    mean_square = energy / (lengths[:-3] + lengths[1:-2] + lengths[2:-1] + lengths[3:])  # (c, blocks)
    gains = np.array([_CHANNEL_GAINS[i] if i < len(_CHANNEL_GAINS) else 1.0 for i in range(count)])
    weighted = gains @ mean_square
    with np.errstate(divide="ignore"):
        block_lufs = -0.691 + 10.0 * np.log10(weighted)
    above = block_lufs >= _ABSOLUTE_GATE
    if not above.any():
        return None
    relative = -0.691 + 10.0 * math.log10(float(weighted[above].mean())) + _RELATIVE_GATE
    gated = above & (block_lufs > relative)
    if not gated.any():
        return None
    value = -0.691 + 10.0 * math.log10(float(weighted[gated].mean()))
    return value if math.isfinite(value) else None


# --- true peak ---------------------------------------------------------------------------


@lru_cache(maxsize=4)
def interpolation_phases(oversample: int = OVERSAMPLE) -> F64:
    """The polyphase interpolation filter, shape (taps, oversample).

    Column ``r`` gives the output sample ``oversample * i + r`` as the dot product of that
    column with the input samples ``i - reach .. i + reach``; it is the filter
    ``scipy.signal.resample_poly(x, oversample, 1)`` uses: a Kaiser (β = 5) windowed sinc
    with ``20 * oversample + 1`` taps and its cutoff at the original Nyquist frequency.
    """
    half = 10 * oversample
    m = np.arange(2 * half + 1) - half
    h = np.sinc(m / oversample) / oversample * np.kaiser(2 * half + 1, 5.0)
    h = h / h.sum() * oversample
    reach = half // oversample
    phases = np.zeros((2 * reach + 1, oversample))
    for r in range(oversample):
        for q in range(2 * reach + 1):
            if oversample * q + r <= 2 * half:
                phases[2 * reach - q, r] = h[oversample * q + r]
    return phases


@lru_cache(maxsize=4)
def _banded_phases(oversample: int, size: int) -> npt.NDArray[np.float32]:
    """Phases 1.. of the filter as one matrix: a window of ``size + 2 * reach`` inputs
    (``reach`` before and after ``size`` consecutive samples) times it gives the
    interpolated samples of those ``size`` positions, phase by phase (shape
    (size + 2*reach, (oversample - 1) * size))."""
    taps = interpolation_phases(oversample)
    width = taps.shape[0]
    band = np.zeros((size + width - 1, (oversample - 1) * size))
    for r in range(1, oversample):
        for i in range(size):
            band[i : i + width, (r - 1) * size + i] = taps[:, r]
    return band.astype(np.float32)


def _block_peak(padded: npt.NDArray[np.float32], start: int, size: int, length: int, oversample: int) -> float:
    """Largest |interpolated sample| (phases 1..) for inputs ``start .. start + size``.

    ``padded`` holds the ``length`` input samples after ``reach`` zeros; outputs at or past
    ``length`` (the filter ringing out after the end) are not part of the signal.
    """
    band = _banded_phases(oversample, _PEAK_ROW)
    width = band.shape[0]
    stop = min(size, length - start)  # inputs of this block that exist
    rows = -(-stop // _PEAK_ROW)
    chunk = padded[:, start : start + rows * _PEAK_ROW + width - _PEAK_ROW]
    windows = sliding_window_view(chunk, width, axis=1)[:, ::_PEAK_ROW]  # (c, rows, width)
    out = chunked_matmul(np.ascontiguousarray(windows).reshape(-1, width), band)
    out = out.reshape(padded.shape[0], rows, oversample - 1, _PEAK_ROW)
    if rows * _PEAK_ROW > stop:
        out[:, -1, :, stop - (rows - 1) * _PEAK_ROW :] = 0.0
    return float(np.abs(out).max())


def true_peak(channels: AudioF32, sample_rate: int, oversample: int = OVERSAMPLE) -> float | None:
    """True peak in dBTP: the largest absolute value after ``oversample``× polyphase upsampling.

    The same value as the peak of ``scipy.signal.resample_poly(channels, oversample, 1)``
    (and of the samples themselves). ``sample_rate`` is accepted for symmetry with
    :func:`integrated_loudness`: the filter is defined relative to the sample rate.
    """
    data = np.atleast_2d(np.asarray(channels, dtype=np.float32))
    if data.size == 0:
        return None
    sample_peak = float(np.abs(data).max())
    if sample_peak == 0.0 or not math.isfinite(sample_peak):
        return None
    taps = interpolation_phases(oversample)
    reach = taps.shape[0] // 2
    # phase 0 is the input times the centre tap (its other taps are zeros of the sinc)
    best = sample_peak * max(1.0, abs(float(taps[reach, 0])))
    if oversample == 1:
        return 20 * math.log10(best)
    # an interpolated sample is at most `gain` times the largest input within its reach
    gain = float(np.abs(taps[:, 1:]).sum(axis=0).max())
    count, n = data.shape
    size = _PEAK_BLOCK
    blocks = -(-n // size)
    padded = np.zeros((count, blocks * size + 2 * reach + _PEAK_ROW), np.float32)
    padded[:, reach : reach + n] = data
    block_max = np.abs(padded[:, reach : reach + blocks * size]).reshape(count, blocks, size).max(axis=(0, 2))
    near = block_max.copy()  # the outputs of a block reach into its neighbours' inputs
    near[1:] = np.maximum(near[1:], block_max[:-1])
    near[:-1] = np.maximum(near[:-1], block_max[1:])
    bound = near.astype(np.float64) * gain
    for b in np.argsort(-bound, kind="stable"):
        if bound[b] <= best:
            break  # no later block can beat the peak found so far
        best = max(best, _block_peak(padded, int(b) * size, size, n, oversample))
    return 20 * math.log10(best)


# --- as the sound comes -------------------------------------------------------------------

_STREAM_SECONDS: Final = 1  # the sound is filtered in pieces of this length as it arrives


@lru_cache(maxsize=8)
def _state_powers(sample_rate: int, blocks: int) -> F64:
    """``(F**k).T`` for k < ``blocks`` (shape (blocks, 4, 4)), F the filter's one-block step:
    a block start state carried k blocks on (row vectors)."""
    step = _block_filter(sample_rate).step
    out = np.empty((blocks, 4, 4))
    power = np.eye(4)
    for k in range(blocks):
        out[k] = power.T
        power = step @ power
    return out


class _EnergyStream:
    """The K-weighted energy of every whole 100 ms sub-block, per channel, computed piece by
    piece as the sound is decoded: the filter of :func:`k_weighted` run on one second at a
    time, each second starting from the state the one before left (exactly the filter over
    the whole sound, to float32 precision)."""

    def __init__(self, sample_rate: int, channels: int) -> None:
        self.sample_rate = sample_rate
        self.channels = channels
        self.samples = 0
        self._sub = sample_rate // 10
        self._piece = sample_rate * _STREAM_SECONDS
        self._state = np.zeros((channels, 4))
        self._waiting: list[AudioF32] = []
        self._waiting_n = 0
        self._energies: list[F64] = []

    @staticmethod
    def usable(sample_rate: int) -> bool:
        """Whether sub-blocks fall on filter block bounds at this rate (48 kHz: 150 blocks)."""
        return sample_rate % 10 == 0 and (sample_rate // 10) % _IIR_BLOCK == 0

    def push(self, piece: AudioF32) -> None:
        self._waiting.append(piece)
        self._waiting_n += piece.shape[1]
        self.samples += piece.shape[1]
        if self._waiting_n >= self._piece:
            data = np.concatenate(self._waiting, axis=1) if len(self._waiting) > 1 else self._waiting[0]
            whole = data.shape[1] - data.shape[1] % self._piece
            self._filter(data[:, :whole])
            rest = data[:, whole:]
            self._waiting, self._waiting_n = ([rest] if rest.shape[1] else []), rest.shape[1]

    def _filter(self, data: AudioF32) -> None:
        """Whole sub-blocks of every channel through the filter, from the carried state."""
        size = _IIR_BLOCK
        blocks = data.shape[1] // size
        if blocks == 0:
            return
        bf = _block_filter(self.sample_rate)
        powers = _state_powers(self.sample_rate, blocks)
        energies = np.empty((self.channels, data.shape[1] // self._sub))
        for ch in range(self.channels):
            x = np.ascontiguousarray(data[ch, : blocks * size], dtype=np.float32)
            both = chunked_matmul(x.reshape(blocks, size), bf.zero_state)
            out = both[:, :size]
            drives = both[:, size:]
            states = _start_states(drives, self.sample_rate) + np.einsum("j,kji->ki", self._state[ch], powers)
            out += chunked_matmul(states.astype(np.float32), bf.observe)
            self._state[ch] = states[-1].astype(np.float64) @ bf.step.T + drives[-1]
            squared = np.square(out.reshape(-1)[: energies.shape[1] * self._sub])
            energies[ch] = squared.reshape(-1, self._sub).sum(axis=1, dtype=np.float64)
        self._energies.append(energies)

    def integrated(self) -> float | None:
        """Integrated loudness of everything pushed (as :func:`integrated_loudness` of it)."""
        if self.samples < int(0.4 * self.sample_rate) + 1:
            return None
        # the whole sub-blocks left (a sub-block is a whole number of filter blocks: `usable`)
        whole = self._waiting_n - self._waiting_n % self._sub
        if whole:
            self._filter(np.concatenate(self._waiting, axis=1)[:, :whole])
        self._waiting, self._waiting_n = [], 0
        if not self._energies:
            return None
        sub = np.concatenate(self._energies, axis=1)
        return _gated_loudness(sub, np.full(sub.shape[1], self._sub, dtype=np.int64))


class _PeakStream:
    """The true peak of the sound, computed piece by piece as it is decoded: the same
    interpolated samples as :func:`true_peak`, each computed once its ``reach`` neighbours
    on either side have arrived; a stretch whose bound cannot beat the peak found so far is
    skipped, as there."""

    def __init__(self, channels: int, oversample: int = OVERSAMPLE) -> None:
        taps = interpolation_phases(oversample)
        self.channels = channels
        self.samples = 0
        self._oversample = oversample
        self._reach = taps.shape[0] // 2
        self._gain = float(np.abs(taps[:, 1:]).sum(axis=0).max())
        self._centre = max(1.0, abs(float(taps[self._reach, 0])))
        self._sample_peak = 0.0
        self._best = 0.0  # the largest interpolated sample (phases 1..) computed so far
        # inputs from `reach` before the first one not yet computed (zeros before the start)
        self._window = np.zeros((channels, self._reach), np.float32)
        self._pieces: list[AudioF32] = []
        self._waiting = 0

    def push(self, piece: AudioF32) -> None:
        if piece.shape[1] == 0:
            return
        self._sample_peak = max(self._sample_peak, float(np.abs(piece).max()))
        self.samples += piece.shape[1]
        self._pieces.append(piece)
        self._waiting += piece.shape[1]
        if self._waiting >= _PEAK_BLOCK * 8:
            self._compute(final=False)

    def _compute(self, final: bool) -> None:
        reach = self._reach
        window = np.concatenate([self._window, *self._pieces], axis=1).astype(np.float32, copy=False)
        self._pieces, self._waiting = [], 0
        known = window.shape[1] - reach  # inputs in the window from the first not computed
        if final:
            ready = known
            window = np.concatenate([window, np.zeros((self.channels, reach + _PEAK_ROW), np.float32)], axis=1)
        else:  # those with all their neighbours, in whole rows of the banded product
            ready = max(0, known - reach)
            ready -= ready % _PEAK_ROW
        if ready > 0 and math.isfinite(self._sample_peak):
            near = float(np.abs(window[:, : ready + 2 * reach]).max())
            if near * self._gain > max(self._best, self._sample_peak * self._centre):
                peak = _block_peak(window, 0, ready, known if final else ready, self._oversample)
                self._best = max(self._best, peak)
        # the next window starts `reach` inputs before the first one not computed yet
        self._window = window[:, ready:] if not final else window[:, :0]

    def true_peak_dbtp(self) -> float | None:
        """True peak of everything pushed (as :func:`true_peak` of it)."""
        self._compute(final=True)
        if self._sample_peak == 0.0 or not math.isfinite(self._sample_peak):
            return None
        if self._oversample == 1:
            return 20 * math.log10(self._sample_peak * self._centre)
        return 20 * math.log10(max(self._sample_peak * self._centre, self._best))


class LoudnessAnalyser:
    """Audio analyser: integrated loudness and true peak.

    Given the sound as it is decoded (:meth:`feed`), it runs the K-weighting filter then,
    beside the decoding, so that only the gating (and the true peak) is left for the end.
    """

    id = "loudness"

    def __init__(self) -> None:
        self._stream: _EnergyStream | None = None
        self._peaks: _PeakStream | None = None
        self._streaming = True

    def feed(self, mono: AudioF32, sample_rate: int, channels: AudioF32 | None = None) -> None:
        """A piece of the sound, in order: ``channels`` (c, n) as decoded, or the mono mix."""
        if not self._streaming:
            return
        piece = channels if channels is not None else mono[np.newaxis, :]
        stream = self._stream
        if stream is None:
            if not _EnergyStream.usable(sample_rate):
                self._streaming = False
                return
            stream = self._stream = _EnergyStream(sample_rate, piece.shape[0])
            self._peaks = _PeakStream(piece.shape[0])
        if stream.sample_rate != sample_rate or stream.channels != piece.shape[0]:
            self._stream, self._peaks, self._streaming = None, None, False  # from the whole sound instead
            return
        stream.push(piece)
        if self._peaks is not None:
            self._peaks.push(piece)

    def analyse(self, mono: AudioF32, sample_rate: int, channels: AudioF32 | None = None) -> Loudness:
        chans = channels if channels is not None else mono[np.newaxis, :]
        stream, peaks = self._stream, self._peaks
        self._stream, self._peaks, self._streaming = None, None, True
        if (
            stream is not None
            and peaks is not None
            and stream.sample_rate == sample_rate
            and stream.channels == chans.shape[0]
            and stream.samples == chans.shape[1] == peaks.samples
        ):
            return Loudness(integrated_lufs=stream.integrated(), true_peak_dbtp=peaks.true_peak_dbtp())
        # not given as it came (or not all of it): from the whole sound
        return Loudness(integrated_loudness(chans, sample_rate), true_peak(chans, sample_rate))
