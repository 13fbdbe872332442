"""Voice activity detection: where people speak, without a speech recognition model.

Entry point: :class:`VoiceActivityAnalyser` (an :class:`~reelwise.media.base.AudioAnalyser`):
``VoiceActivityAnalyser().analyse(mono, sample_rate)`` → :class:`VoiceActivity`
(``to_dict()`` → ``{"segments": [{"start_s","end_s"}], "first_s", "in_first_5s",
"speech_s", "method"}``).

It uses the Silero VAD ONNX model that ships inside the ``faster-whisper`` package, run
here with onnxruntime on 16 kHz audio (nothing downloaded; ``faster_whisper`` itself is
never imported: the file is found from the package's location, and the windowing and
segmentation, with the parameters in :class:`SpeechParams`, are done here). When that
model is not there or cannot be loaded, a simple energy-and-spectrum detector is used
instead (``method: "energy"``): frames of 30 ms whose level is well above the noise floor
and whose energy sits mostly in the voice band (300–3400 Hz) and is not a single pure tone.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
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


SILERO_MODEL: Final = "silero_vad_v6.onnx"
WINDOW: Final = 512  # samples per speech probability (32 ms at 16 kHz)
CONTEXT: Final = 64  # samples of the previous window given with each window
_STATE_SHAPE: Final = (1, 1, 128)
_WINDOWS_PER_RUN: Final = 10_000  # 320 s of sound per model call (about 23 MB of input)


@dataclass(frozen=True)
class SpeechParams:
    """How speech probabilities become segments (sample counts at 16 kHz).

    A segment starts at the first window whose probability reaches ``threshold`` and ends
    where the probability has stayed below ``neg_threshold`` for ``min_silence`` samples
    (the end is where that silence began). Segments of ``min_speech`` samples or less are
    dropped; the rest are widened by ``pad`` on each side (by half the gap when two are
    closer than ``2 * pad``).
    """

    threshold: float = 0.5
    neg_threshold: float = 0.35
    min_speech: int = VAD_RATE * 150 // 1000
    min_silence: int = VAD_RATE * 300 // 1000
    pad: int = VAD_RATE * 30 // 1000


SPEECH: Final = SpeechParams()


def silero_model_path() -> Path | None:
    """The Silero VAD model shipped inside the ``faster-whisper`` wheel, or None.

    The package is located without importing it (its ``__init__`` imports CTranslate2,
    tokenizers and huggingface_hub: half a second of CPU). ``silero_vad_v6.onnx`` is
    preferred; any other ``silero*.onnx`` in its ``assets`` folder is accepted.
    """
    from importlib.util import find_spec

    try:
        spec = find_spec("faster_whisper")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        assets = Path(folder) / "assets"
        if (assets / SILERO_MODEL).is_file():
            return assets / SILERO_MODEL
        others = sorted(assets.glob("silero*.onnx")) if assets.is_dir() else []
        if others:
            return others[-1]
    return None


def silero_available() -> bool:
    """Whether the Silero VAD model file is installed (see :func:`silero_model_path`)."""
    return silero_model_path() is not None


class SileroModel:
    """The Silero VAD ONNX model, run with ONNX Runtime on one thread.

    The model takes a batch of windows, each ``CONTEXT + WINDOW`` samples (the last
    ``CONTEXT`` samples of the previous window, zeros before the first, then the window),
    and an LSTM state ``h``, ``c``; it returns one speech probability per window and the
    state after the last one. Windows are processed in order, so calls can be chained.
    """

    def __init__(self, path: Path) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.log_severity_level = 4
        options.enable_cpu_mem_arena = False
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        # idle worker threads would otherwise spin and take the decoder's CPU
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.path = path
        self.session = ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])
        names = {i.name: list(i.shape) for i in self.session.get_inputs()}
        if set(names) != {"input", "h", "c"} or names["input"][-1] != CONTEXT + WINDOW:
            raise ValueError(f"{path.name}: unexpected model inputs {names}")

    def probabilities(self, audio16: AudioF32) -> npt.NDArray[np.float32]:
        """One speech probability per ``WINDOW`` samples (the last window zero-padded).

        As in faster-whisper, there are ``len(audio16) // WINDOW + 1`` windows (a silent one
        is added when the sound fills the last exactly). The windows are made and run
        ``_WINDOWS_PER_RUN`` at a time, the state and context carried over, so memory stays
        bounded for long sound and the result is that of one run.
        """
        audio = np.asarray(audio16, dtype=np.float32).reshape(-1)
        count = audio.size // WINDOW + 1
        h = np.zeros(_STATE_SHAPE, np.float32)
        c = np.zeros(_STATE_SHAPE, np.float32)
        context = np.zeros(CONTEXT, np.float32)
        parts: list[npt.NDArray[np.float32]] = []
        for first in range(0, count, _WINDOWS_PER_RUN):
            n = min(_WINDOWS_PER_RUN, count - first)
            sound = np.zeros(n * WINDOW, np.float32)
            chunk = audio[first * WINDOW : (first + n) * WINDOW]
            sound[: chunk.size] = chunk
            windows = np.empty((n, CONTEXT + WINDOW), np.float32)
            windows[:, CONTEXT:] = sound.reshape(n, WINDOW)
            windows[0, :CONTEXT] = context
            windows[1:, :CONTEXT] = windows[:-1, -CONTEXT:]
            context = windows[-1, -CONTEXT:].copy()
            probs, h, c = self.session.run(None, {"input": windows, "h": h, "c": c})
            parts.append(np.asarray(probs, dtype=np.float32).reshape(-1))
        return np.concatenate(parts)


_model: SileroModel | None = None
_model_error: str | None = None
_model_lock = threading.Lock()


def load_silero() -> SileroModel | None:
    """The Silero model, loaded once per process (about 30 ms), or None when it is not
    installed or cannot be loaded. Safe to call from a thread to load it ahead of use."""
    global _model, _model_error
    with _model_lock:
        if _model is None and _model_error is None:
            path = silero_model_path()
            if path is None:
                _model_error = "not installed"
            else:
                try:
                    _model = SileroModel(path)
                except Exception as exc:  # a broken or foreign model file: use the fallback
                    _model_error = f"{type(exc).__name__}: {exc}"
        return _model


def speech_segments(probs: npt.NDArray[np.float32], length: int, params: SpeechParams) -> list[tuple[int, int]]:
    """Speech segments ``(start, end)`` in samples from per-window probabilities.

    ``length`` is the number of real samples (segments end no later). Hysteresis: speech
    starts at ``threshold`` and only a long enough run below ``neg_threshold`` ends it.
    """
    probs = np.asarray(probs, dtype=np.float32)  # compared in float32, as faster-whisper does
    loud = (probs >= np.float32(params.threshold)).tolist()
    quiet = (probs < np.float32(params.neg_threshold)).tolist()
    found: list[tuple[int, int]] = []
    start: int | None = None
    silence_from = 0  # where the current run below neg_threshold began (0: none)
    for i, (is_loud, is_quiet) in enumerate(zip(loud, quiet, strict=True)):
        at = i * WINDOW
        if is_loud:
            silence_from = 0
            if start is None:
                start = at
            continue
        if start is None or not is_quiet:
            continue
        if not silence_from:
            silence_from = at
        if at - silence_from >= params.min_silence:
            if silence_from - start > params.min_speech:
                found.append((start, silence_from))
            start, silence_from = None, 0
    if start is not None and length - start > params.min_speech:
        found.append((start, length))
    return _padded(found, length, params.pad)


def _padded(found: list[tuple[int, int]], length: int, pad: int) -> list[tuple[int, int]]:
    """Widen each segment by ``pad`` samples, splitting a shorter gap between neighbours."""
    starts = [s for s, _ in found]
    ends = [e for _, e in found]
    for i in range(len(found)):
        if i == 0:
            starts[0] = max(0, starts[0] - pad)
        if i + 1 < len(found):
            gap = found[i + 1][0] - found[i][1]
            shift = gap // 2 if gap < 2 * pad else pad
            ends[i] = min(length, found[i][1] + shift)
            starts[i + 1] = max(0, found[i + 1][0] - shift)
        else:
            ends[i] = min(length, found[i][1] + pad)
    return list(zip(starts, ends, strict=True))


def _silero_segments(audio16: AudioF32, model: SileroModel | None = None) -> list[tuple[float, float]]:
    """Speech segments in seconds from the Silero model (loaded once if not given)."""
    model = model or load_silero()
    if model is None:
        raise RuntimeError(f"the Silero VAD model is not available ({_model_error})")
    audio = np.asarray(audio16, dtype=np.float32).reshape(-1)
    stamps = speech_segments(model.probabilities(audio), audio.size, SPEECH)
    return [(s / VAD_RATE, e / VAD_RATE) for s, e in stamps]


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
        self._stream: Any = None  # a VadStream while the sound is being decoded
        self._stream_rate = 0

    def feed(self, mono: AudioF32, sample_rate: int, channels: AudioF32 | None = None) -> None:
        """A piece of the sound as it is decoded (in order): the model runs on it at once."""
        if self._stream is None:
            if self._stream_rate or self.method != "silero" or sample_rate % VAD_RATE:
                self._stream_rate = -1  # not streamed: computed at the end
                return
            model = load_silero()
            if model is None:
                self._stream_rate = -1
                return
            from reelwise.media.vadstream import VadStream

            self._stream, self._stream_rate = VadStream(sample_rate, model), sample_rate
        self._stream.feed(mono)

    def streamed(self, mono: AudioF32, sample_rate: int) -> tuple[AudioF32, VoiceActivity] | None:
        """The 16 kHz sound and the voice activity of ``mono`` from what :meth:`feed` was
        given, when that was all of ``mono`` (then nothing is computed twice)."""
        stream, self._stream, self._stream_rate = self._stream, None, 0
        if stream is None or sample_rate != stream.sample_rate or stream.samples != mono.size:
            return None
        audio16, probs = stream.finish()
        if audio16.size < VAD_RATE // 10:
            return audio16, VoiceActivity([], self.method)
        stamps = speech_segments(probs, audio16.size, SPEECH)
        return audio16, VoiceActivity([(round(s / VAD_RATE, 3), round(e / VAD_RATE, 3)) for s, e in stamps], "silero")

    def analyse(self, mono: AudioF32, sample_rate: int, channels: AudioF32 | None = None) -> VoiceActivity:
        done = self.streamed(mono, sample_rate)
        if done is not None:
            return done[1]
        audio16 = to_16k(mono, sample_rate)
        if audio16.size < VAD_RATE // 10:
            return VoiceActivity([], self.method)
        model = load_silero() if self.method == "silero" else None
        if model is not None:
            segments, method = _silero_segments(audio16, model), "silero"
        else:  # asked for, or the model file is missing or unusable
            segments, method = energy_segments(audio16), "energy"
        return VoiceActivity([(round(s, 3), round(e, 3)) for s, e in segments], method)
