"""Voice activity while the sound is still being decoded.

The decode pass delivers the sound in small pieces as it reads the file. :class:`VadStream`
takes them as they come (on a thread of its own, beside the picture analysers), resamples
each stretch whose filter input is complete to 16 kHz and runs the Silero model over each
complete window, carrying the model's state from window to window. When the decoding is
done, only the last few windows are left: the speech segments are ready when the pictures
are, instead of taking their tenth of a second after them.

The result is that of the whole-file computation: the same resampling filter applied to
the same samples (:func:`reelwise.media.vad.to_16k`), the same windows with the same
context and state (:meth:`reelwise.media.vad.SileroModel.probabilities`); a test compares
the two on speech.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from reelwise.media.base import AudioF32
from reelwise.media.vad import _ROW, CONTEXT, VAD_RATE, WINDOW, SileroModel, _decimation_band

STEP_S: Final = 2.0  # the stream works in stretches of about this much sound
Probabilities = npt.NDArray[np.float32]


class _Growing:
    """A float32 array that grows at its end (capacity doubled as needed)."""

    def __init__(self, capacity: int = 1 << 16) -> None:
        self._data = np.zeros(capacity, np.float32)
        self.size = 0

    def extend(self, values: AudioF32) -> None:
        need = self.size + values.size
        if need > self._data.size:
            grown = np.zeros(max(need, 2 * self._data.size), np.float32)
            grown[: self.size] = self._data[: self.size]
            self._data = grown
        self._data[self.size : need] = values
        self.size = need

    def view(self, start: int = 0, stop: int | None = None) -> AudioF32:
        end = self.size if stop is None else min(stop, self.size)
        return self._data[start:end]


class VadStream:
    """Resampling to 16 kHz and Silero probabilities, computed as the sound arrives.

    ``sample_rate`` must be a whole multiple of 16 kHz (the decoder delivers 48 kHz).
    Call :meth:`feed` with each piece of mono sound in order, then :meth:`finish`.
    """

    def __init__(self, sample_rate: int, model: SileroModel) -> None:
        if sample_rate % VAD_RATE:
            raise ValueError(f"the stream resamples whole multiples of {VAD_RATE} Hz, not {sample_rate}")
        self.sample_rate = sample_rate
        self.model = model
        self._factor = sample_rate // VAD_RATE
        self._half = 10 * self._factor
        self._band = _decimation_band(self._factor)
        self._input = _Growing()
        self._audio16 = _Growing()
        self._rows = 0  # rows of _ROW outputs resampled so far
        self._windows = 0  # model windows run so far
        self._probs: list[Probabilities] = []
        self._h = np.zeros((1, 1, 128), np.float32)
        self._c = np.zeros((1, 1, 128), np.float32)
        self._context = np.zeros(CONTEXT, np.float32)
        self._step = int(STEP_S * sample_rate)
        self._pending = 0

    @property
    def samples(self) -> int:
        """Samples fed so far (at the input rate)."""
        return self._input.size

    def feed(self, mono: AudioF32) -> None:
        self._input.extend(np.asarray(mono, dtype=np.float32).reshape(-1))
        self._pending += mono.size
        if self._pending >= self._step:
            self._pending = 0
            self._advance(final=False)

    def finish(self) -> tuple[AudioF32, Probabilities]:
        """The whole sound at 16 kHz and one speech probability per window."""
        self._advance(final=True)
        audio16 = self._audio16.view().copy()
        probs = np.concatenate(self._probs) if self._probs else np.zeros(0, np.float32)
        return audio16, probs

    def _advance(self, *, final: bool) -> None:
        n = self._input.size
        span = self._factor * _ROW
        count = -(-n // self._factor)  # outputs of the whole sound
        # not final: the rows whose filter input is complete (it reaches half a width ahead)
        rows = -(-count // _ROW) if final else max(self._rows, (n - self._half) // span)
        if rows > self._rows:
            self._resample(self._rows, rows, n)
            self._rows = rows
        if final:
            self._audio16.size = min(self._audio16.size, count)
            total = self._audio16.size // WINDOW + 1  # the last window is padded with silence
        else:
            total = self._audio16.size // WINDOW
        if total > self._windows:
            self._run(self._windows, total)
            self._windows = total

    def _resample(self, first_row: int, end_row: int, n: int) -> None:
        """Outputs of rows ``first_row`` to ``end_row`` (the filter centred on input
        ``factor * m`` for output ``m``, zeros outside the sound), as ``to_16k`` computes them."""
        from reelwise.media.loudness import chunked_matmul

        span = self._factor * _ROW
        width = self._band.shape[0]
        start = first_row * span - self._half  # input index of the first row's first tap
        stop = (end_row - 1) * span - self._half + width
        padded = np.zeros(stop - start, np.float32)
        lo, hi = max(0, start), min(n, stop)
        if hi > lo:
            padded[lo - start : hi - start] = self._input.view(lo, hi)
        rows = end_row - first_row
        windows = np.lib.stride_tricks.sliding_window_view(padded, width)[::span][:rows]
        self._audio16.extend(chunked_matmul(np.ascontiguousarray(windows), self._band).reshape(-1))

    def _run(self, first: int, end: int) -> None:
        """Model windows ``first`` to ``end``, the state and context carried over."""
        count = end - first
        sound = np.zeros(count * WINDOW, np.float32)
        chunk = self._audio16.view(first * WINDOW, end * WINDOW)
        sound[: chunk.size] = chunk
        windows = np.empty((count, CONTEXT + WINDOW), np.float32)
        windows[:, CONTEXT:] = sound.reshape(count, WINDOW)
        windows[0, :CONTEXT] = self._context
        windows[1:, :CONTEXT] = windows[:-1, -CONTEXT:]
        self._context = windows[-1, -CONTEXT:].copy()
        probs, self._h, self._c = self.model.session.run(None, {"input": windows, "h": self._h, "c": self._c})
        self._probs.append(np.asarray(probs, dtype=np.float32).reshape(-1))
