"""Speech recognition with faster-whisper, behind the small :class:`SpeechEngine` Protocol,
and reading sidecar captions next to a video.

Entry points:

* :func:`load_speech_engine` ``(model)`` — ``model`` is ``Settings.whisper_model``
  (``REELWISE_WHISPER_MODEL``): a folder holding a CTranslate2 Whisper model (``model.bin``,
  ``config.json``, ``tokenizer.json``, ``vocabulary.*``) or a model name (``small``,
  ``medium``, ``large-v3`` …) that is already in the user's Hugging Face cache. Nothing is
  ever downloaded (``local_files_only=True``). Raises :class:`ModelUnavailableError` with a
  message that says how to set ``REELWISE_WHISPER_MODEL`` when there is no usable model.
* :class:`WhisperEngine` — ``transcribe(audio16k, language) -> list[TimedText]`` with word
  times.
* :func:`find_sidecar` / :func:`read_sidecar` — ``clip.srt``/``clip.vtt`` (also
  ``clip.nl.srt``, ``clip.en.vtt`` …) beside ``clip.mp4``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from reelwise.errors import InputError, Issue, Location, ModelUnavailableError
from reelwise.i18n import Msg
from reelwise.media.base import AudioF32, TimedText
from reelwise.media.captions import CAPTION_SUFFIXES, parse_captions

HOW_TO_SET_MODEL = Msg(
    "Set REELWISE_WHISPER_MODEL to a folder with a faster-whisper (CTranslate2) model, or to a model "
    "name already in your cache (use small or larger for Dutch)."
)


class SpeechEngine(Protocol):
    """Turns 16 kHz mono audio into timed text (segments with word times)."""

    name: str

    def transcribe(
        self, audio16k: AudioF32, language: str | None = None, progress: Callable[[float], None] | None = None
    ) -> list[TimedText]: ...


class WhisperEngine:
    """faster-whisper on the CPU (int8), greedy decoding, word timestamps."""

    def __init__(self, model: Any, name: str, *, beam_size: int = 1) -> None:
        self._model = model
        self.name = name
        self.beam_size = beam_size
        self.detected_language: str | None = None

    def transcribe(
        self, audio16k: AudioF32, language: str | None = None, progress: Callable[[float], None] | None = None
    ) -> list[TimedText]:
        """The timed text of the speech; ``progress`` is told the share of the sound done
        after each piece it recognises (the pieces come one by one, as they are decoded)."""
        duration = audio16k.size / 16_000
        segments, info = self._model.transcribe(
            audio16k,
            language=language,
            beam_size=self.beam_size,
            word_timestamps=True,
            condition_on_previous_text=False,
            vad_filter=True,
            vad_parameters={"min_silence_duration_ms": 500, "speech_pad_ms": 200},
        )
        out: list[TimedText] = []
        for seg in segments:
            if progress is not None and duration > 0:
                progress(min(1.0, float(seg.end) / duration))
            text = seg.text.strip()
            if not text:
                continue
            words = [(float(w.start), float(w.end), w.word.strip()) for w in (seg.words or []) if w.word.strip()]
            start = words[0][0] if words else float(seg.start)
            end = words[-1][1] if words else float(seg.end)
            confidence = float(min(1.0, max(0.0, 1.0 + seg.avg_logprob))) if seg.avg_logprob is not None else None
            out.append(TimedText(start_s=start, end_s=end, text=text, confidence=confidence, words=words))
        self.detected_language = getattr(info, "language", None)
        return out


def _is_model_folder(path: Path) -> bool:
    return (path / "model.bin").is_file() and (path / "config.json").is_file()


def load_speech_engine(model: str | None, *, cpu_threads: int = 0) -> WhisperEngine:
    """Open the Whisper model named by the settings, or raise :class:`ModelUnavailableError`."""
    if not model:
        raise ModelUnavailableError(Msg("No speech recognition model is set. {how}", how=HOW_TO_SET_MODEL))
    path = Path(model).expanduser()
    looks_like_path = path.is_absolute() or model.startswith((".", "~"))
    if path.is_dir() and not _is_model_folder(path):
        raise ModelUnavailableError(
            Msg(
                "The folder {path} holds no faster-whisper model (model.bin and config.json). {how}",
                path=str(path),
                how=HOW_TO_SET_MODEL,
            )
        )
    if looks_like_path and not path.exists():
        raise ModelUnavailableError(
            Msg("The speech model folder {path} does not exist. {how}", path=str(path), how=HOW_TO_SET_MODEL)
        )
    try:
        from faster_whisper import WhisperModel
    except ImportError as exc:  # pragma: no cover - a dependency of reelwise
        raise ModelUnavailableError(Msg("faster-whisper is not installed. {how}", how=HOW_TO_SET_MODEL)) from exc
    target = str(path) if path.is_dir() else model
    try:
        whisper = WhisperModel(
            target, device="cpu", compute_type="int8", cpu_threads=cpu_threads, local_files_only=True
        )
    except Exception as exc:
        raise ModelUnavailableError(
            Msg(
                "The speech model {model} is not available offline ({reason}). {how}",
                model=model,
                reason=type(exc).__name__,
                how=HOW_TO_SET_MODEL,
            )
        ) from exc
    return WhisperEngine(whisper, name=path.name if path.is_dir() else model)


def find_sidecar(video: Path, languages: Sequence[str] = ()) -> Path | None:
    """The captions file next to ``video``: ``clip.<lang>.srt`` for a wanted language first,
    then ``clip.srt``/``clip.vtt``, then any ``clip.*.srt``/``clip.*.vtt``."""
    folder, stem = video.parent, video.stem
    names = [f"{stem}.{lang}{suffix}" for lang in languages for suffix in CAPTION_SUFFIXES]
    names += [f"{stem}{suffix}" for suffix in CAPTION_SUFFIXES]
    for name in names:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    if folder.is_dir():
        others = sorted(p for p in folder.glob(f"{stem}.*") if p.suffix.lower() in CAPTION_SUFFIXES and p.is_file())
        if others:
            return others[0]
    return None


def read_sidecar(path: Path, max_bytes: int = 10_000_000) -> list[TimedText]:
    """Parse a sidecar captions file; raises :class:`InputError` with located issues."""
    try:
        data = path.read_bytes()[: max_bytes + 1]
    except OSError as exc:
        raise InputError(
            Msg("cannot read the captions {file}: {reason}", file=str(path), reason=exc.strerror or str(exc))
        ) from exc
    if len(data) > max_bytes:
        raise InputError(
            Msg("the captions {file} are too large", file=str(path)),
            [Issue(Location(str(path)), Msg("the captions {file} are too large", file=str(path)))],
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        text = data.decode("utf-8", errors="replace")
    fmt = "vtt" if path.suffix.lower() == ".vtt" else "srt"
    return parse_captions(text, file=str(path), fmt=fmt)
