"""Reading text in pictures with the PP-OCR models, behind the small :class:`OcrEngine` Protocol.

Entry point: :func:`load_ocr_engine` ``() -> OcrEngine`` (reelwise's own runner of the
models, :mod:`reelwise.adapters.ppocr`); ``engine.read(image_bgr)`` returns
:class:`OcrLine` items (text, score, box in pixels as ``x, y, w, h``). :class:`RapidOcrEngine`
is RapidOCR itself, the reference the runner is tested against.

The PP-OCR models are the ones inside the ``rapidocr`` wheel (``rapidocr/models``): their
paths are passed explicitly, so RapidOCR never downloads anything. A wheel without them
raises :class:`~reelwise.errors.ModelUnavailableError`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import numpy as np

from reelwise.errors import ModelUnavailableError
from reelwise.i18n import N_, Msg
from reelwise.media.base import ImageU8

_MODEL_FILES = {
    "Det.model_path": ("PP-OCRv6_det_small.onnx", "ch_PP-OCRv5_det_mobile.onnx", "ch_PP-OCRv4_det_infer.onnx"),
    "Rec.model_path": ("PP-OCRv6_rec_small.onnx", "ch_PP-OCRv5_rec_mobile.onnx", "ch_PP-OCRv4_rec_infer.onnx"),
    "Cls.model_path": ("ch_ppocr_mobile_v2.0_cls_mobile.onnx", "ch_ppocr_mobile_v2.0_cls_infer.onnx"),
}


@dataclass(frozen=True)
class OcrLine:
    text: str
    score: float
    box: tuple[float, float, float, float]  # x, y, w, h in pixels of the image read


class OcrEngine(Protocol):
    name: str

    def read(self, image_bgr: ImageU8) -> list[OcrLine]: ...


def bundled_models() -> dict[str, str]:
    """Paths of the OCR models that ship inside the rapidocr wheel (nothing is downloaded)."""
    import importlib.util

    spec = importlib.util.find_spec("rapidocr")
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailableError(Msg("RapidOCR is not installed, so on-screen text cannot be read."))
    folder = Path(next(iter(spec.submodule_search_locations))) / "models"
    found: dict[str, str] = {}
    for key, names in _MODEL_FILES.items():
        path = next((folder / n for n in names if (folder / n).is_file()), None)
        if path is None:
            raise ModelUnavailableError(
                Msg("The OCR model files are missing from the rapidocr package in {folder}.", folder=str(folder))
            )
        found[key] = str(path)
    return found


class RapidOcrEngine:
    """RapidOCR (PP-OCR detection + recognition) on onnxruntime, CPU."""

    name = "rapidocr"

    def __init__(self, *, max_side: int = 960, min_score: float = 0.6, threads: int = 0) -> None:
        from rapidocr import RapidOCR

        params: dict[str, Any] = {
            "Global.log_level": "error",
            "Global.use_cls": False,  # ads do not show upside-down text
            "Global.text_score": min_score,
            "Det.limit_type": "max",
            "Det.limit_side_len": max_side,
            **bundled_models(),
        }
        threads = threads if threads > 0 else default_threads()
        params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
        self._ocr = RapidOCR(params=params)
        self._quiet_sessions(params, threads)
        self.min_score = min_score

    def _quiet_sessions(self, params: dict[str, Any], threads: int) -> None:
        """Give the models ONNX Runtime sessions whose idle threads sleep
        (:func:`reelwise.adapters.onnx.cpu_session`), handed to RapidOCR before it makes its
        own (its configuration takes a ready session)."""
        from omegaconf import flag_override

        from reelwise.adapters.onnx import cpu_session

        cfg: Any = self._ocr.cfg
        for section, key in ((cfg.Det, "Det.model_path"), (cfg.Rec, "Rec.model_path")):
            session = cpu_session(params[key], threads)
            with flag_override(section, "allow_objects", True):
                section.session = session

    def read(self, image_bgr: ImageU8) -> list[OcrLine]:
        result = self._ocr(np.ascontiguousarray(image_bgr))
        texts = getattr(result, "txts", None) or ()
        scores = getattr(result, "scores", None) or ()
        boxes = getattr(result, "boxes", None)
        lines: list[OcrLine] = []
        if boxes is None:
            return lines
        for text, score, quad in zip(texts, scores, boxes, strict=False):
            text = str(text).strip()
            if not text or float(score) < self.min_score:
                continue
            pts = np.asarray(quad, dtype=np.float64).reshape(-1, 2)
            x0, y0 = pts.min(axis=0)
            x1, y1 = pts.max(axis=0)
            lines.append(OcrLine(text, float(score), (float(x0), float(y0), float(x1 - x0), float(y1 - y0))))
        return lines


def default_threads() -> int:
    """Threads for the OCR models: half the cores (the decoder uses the rest), 1 to 4."""
    import os

    return max(1, min(4, (os.cpu_count() or 2) // 2))


E = TypeVar("E")

_engines: dict[tuple[tuple[str, Any], ...], OcrEngine] = {}
_engines_lock = threading.Lock()


def load_ocr_engine(**kwargs: Any) -> OcrEngine:
    """The OCR engine with these settings, loaded once per process (a batch or the web app
    reuses it): :class:`~reelwise.adapters.ppocr.PpOcrEngine`, the wheel's PP-OCR models run
    on ONNX Runtime by reelwise itself. It reads exactly what :class:`RapidOcrEngine` reads
    (tested line by line) but starts in a fifth of the time, as importing RapidOCR parses
    its model registry (about 0.5 s). Keyword arguments: ``max_side``, ``min_score``,
    ``threads``."""
    key = tuple(sorted(kwargs.items()))
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = _new_engine(**kwargs)
        return engine


def _new_engine(**kwargs: Any) -> OcrEngine:
    from reelwise.adapters.ppocr import PpOcrEngine

    return _started(PpOcrEngine, N_("The OCR models could not start: {reason}"), kwargs)


def load_rapidocr_engine(**kwargs: Any) -> RapidOcrEngine:
    """RapidOCR itself, the reference the engine is tested against."""
    return _started(RapidOcrEngine, N_("RapidOCR could not start: {reason}"), kwargs)


def _started(engine: Callable[..., E], failure: str, kwargs: dict[str, Any]) -> E:
    """``engine(**kwargs)``; any failure but a missing model becomes one clear message."""
    try:
        return engine(**kwargs)
    except ModelUnavailableError:
        raise
    except Exception as exc:
        raise ModelUnavailableError(Msg(failure, reason=str(exc)[:200])) from exc
