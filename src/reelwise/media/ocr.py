"""On-screen text: what a viewer can read, when and where.

Entry point: :class:`OcrAnalyser` (a :class:`~reelwise.media.base.FrameAnalyser`)::

    analyser = OcrAnalyser(engine)          # engine: reelwise.adapters.ocr.load_ocr_engine()
    ... one decode pass: start(info), wants(index, t), process(frame), finish()
    track = analyser.finish()               # -> TextTrack
    report.update(track.to_dict())          # {"text": [{"start_s","end_s","text","box",...}],
                                            #  "captions_burned_in": {...}, "ocr": {...}}

Sampling: every ``dense_interval_s`` (0.5 s) in the first ``dense_until_s`` (5 s) — the hook
matters most — then every ``interval_s`` (1 s). Each sampled frame is downscaled to at most
``work_side`` px (960) before OCR, and a frame that looks the same as the last one read
(almost no pixel of the small copy changed) is not read again. Lines are followed across
frames (same text within a small edit distance, box in the same place) and become one
:class:`~reelwise.media.base.TimedText` with start/end times and a box in fractions of the
frame. A start or end between two samples is put halfway between them, so times are within
half a sampling interval (±0.25 s in the first 5 s, ±0.5 s later).

Burned-in captions: text in the bottom third of the picture in a large share of the sampled
frames, with several different lines (a subtitle track changes; a fixed URL does not).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from reelwise.media.base import Frame, StreamInfo, TimedText
from reelwise.media.phrases import similarity


@dataclass
class _Track:
    text: str
    score: float
    box: tuple[float, float, float, float]
    first_seen: float
    last_seen: float
    before: float | None  # the sample before the first sighting
    misses: int = 0
    after: float | None = None  # the first sample without it


@dataclass
class TextTrack:
    items: list[TimedText] = field(default_factory=list)
    sample_times: list[float] = field(default_factory=list)
    frames_read: int = 0
    bottom_share: float = 0.0  # share of sampled frames with text in the bottom third
    bottom_texts: int = 0  # distinct lines seen in the bottom third

    @property
    def captions_burned_in(self) -> bool:
        return self.bottom_share >= 0.4 and self.bottom_texts >= 2

    def first_s(self) -> float | None:
        return min((t.start_s for t in self.items), default=None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": [
                {
                    "start_s": round(t.start_s, 3),
                    "end_s": round(t.end_s, 3),
                    "text": t.text,
                    "box": [round(v, 4) for v in t.box] if t.box else None,
                    "confidence": round(t.confidence, 3) if t.confidence is not None else None,
                }
                for t in self.items
            ],
            "captions_burned_in": {
                "detected": self.captions_burned_in,
                "bottom_share": round(self.bottom_share, 3),
                "bottom_lines": self.bottom_texts,
            },
            "ocr": {"frames_sampled": len(self.sample_times), "frames_read": self.frames_read},
        }


class OcrAnalyser:
    """Frame analyser: on-screen text with times and boxes."""

    id = "text"

    def __init__(
        self,
        engine: Any,
        *,
        dense_until_s: float = 5.0,
        dense_interval_s: float = 0.5,
        interval_s: float = 1.0,
        work_side: int = 960,
        same_frame_share: float = 0.001,
    ) -> None:
        self.engine = engine
        self.dense_until_s = dense_until_s
        self.dense_interval_s = dense_interval_s
        self.interval_s = interval_s
        self.work_side = work_side
        self.same_frame_share = same_frame_share
        self._reset(None)

    def _reset(self, info: StreamInfo | None) -> None:
        self.info = info
        self._next = 0.0
        self._open: list[_Track] = []
        self._closed: list[_Track] = []
        self._samples: list[float] = []
        self._last_small: Any = None
        self._last_lines: list[tuple[str, float, tuple[float, float, float, float]]] = []
        self._frames_read = 0
        self._bottom_frames = 0
        self._bottom_texts: list[str] = []

    def start(self, info: StreamInfo) -> None:
        self._reset(info)

    def wants(self, index: int, time_s: float) -> bool:
        return time_s + 1e-6 >= self._next

    def _read(self, frame: Frame) -> list[tuple[str, float, tuple[float, float, float, float]]]:
        import cv2

        small = cv2.cvtColor(frame.small(), cv2.COLOR_BGR2GRAY)
        if self._last_small is not None and self._last_small.shape == small.shape:
            changed = np.mean(cv2.absdiff(small, self._last_small) > 30)
            if changed < self.same_frame_share:
                return self._last_lines
        image: Any = frame.bgr()
        h, w = image.shape[:2]
        scale = min(1.0, self.work_side / max(h, w))
        if scale < 1.0:
            image = cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
        ih, iw = image.shape[:2]
        lines = []
        for line in self.engine.read(image):
            if not any(c.isalnum() for c in line.text):  # shapes read as "■", "|", "-"
                continue
            x, y, bw, bh = line.box
            lines.append((line.text, line.score, (x / iw, y / ih, bw / iw, bh / ih)))
        self._frames_read += 1
        self._last_small = small
        self._last_lines = lines
        return lines

    def process(self, frame: Frame) -> None:
        t = frame.time_s
        step = self.dense_interval_s if t < self.dense_until_s - 1e-6 else self.interval_s
        self._next = t + step
        previous = self._samples[-1] if self._samples else None
        self._samples.append(t)
        lines = self._read(frame)
        matched: set[int] = set()
        bottom = False
        for text, score, box in lines:
            if box[1] + box[3] / 2 >= 2 / 3:
                bottom = True
                if not any(similarity(text, seen) >= 0.8 for seen in self._bottom_texts):
                    self._bottom_texts.append(text)
            track = self._match(text, box, matched)
            if track is None:
                track = _Track(text, score, box, t, t, previous)
                self._open.append(track)
            else:
                track.last_seen = t
                track.misses = 0
                track.after = None
                if score > track.score:
                    track.text, track.score, track.box = text, score, box
            matched.add(id(track))
        if bottom:
            self._bottom_frames += 1
        still_open = []
        for track in self._open:
            if id(track) in matched:
                still_open.append(track)
                continue
            track.misses += 1
            if track.after is None:
                track.after = t
            if track.misses >= 2:  # one missed read (OCR flicker) does not end a line
                self._closed.append(track)
            else:
                still_open.append(track)
        self._open = still_open

    def _match(self, text: str, box: tuple[float, float, float, float], taken: set[int]) -> _Track | None:
        cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
        best: tuple[float, _Track] | None = None
        for track in self._open:
            if id(track) in taken:
                continue
            tx, ty = track.box[0] + track.box[2] / 2, track.box[1] + track.box[3] / 2
            if abs(cx - tx) > 0.15 or abs(cy - ty) > 0.08:
                continue
            sim = similarity(text, track.text)
            if sim >= 0.7 and (best is None or sim > best[0]):
                best = (sim, track)
        return best[1] if best else None

    def finish(self) -> TextTrack:
        duration = self.info.duration_s if self.info and self.info.duration_s > 0 else None
        items: list[TimedText] = []
        for track in self._closed + self._open:
            start = (track.before + track.first_seen) / 2 if track.before is not None else track.first_seen
            if track.after is not None:
                end = (track.last_seen + track.after) / 2
            elif duration is not None:
                end = max(duration, track.last_seen)
            else:
                end = track.last_seen + self.interval_s / 2
            items.append(TimedText(round(start, 3), round(end, 3), track.text, track.box, track.score))
        items.sort(key=lambda i: (i.start_s, i.box[1] if i.box else 0.0))
        n = len(self._samples)
        return TextTrack(
            items=items,
            sample_times=list(self._samples),
            frames_read=self._frames_read,
            bottom_share=self._bottom_frames / n if n else 0.0,
            bottom_texts=len(self._bottom_texts),
        )
