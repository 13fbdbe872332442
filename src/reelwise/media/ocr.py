"""On-screen text: what a viewer can read, when and where.

Entry point: :class:`OcrAnalyser` (a :class:`~reelwise.media.base.FrameAnalyser`)::

    analyser = OcrAnalyser(engine)          # engine: reelwise.adapters.ocr.load_ocr_engine()
    ... one decode pass: start(info), wants(index, t), process(frame), finish()
    track = analyser.finish()               # -> TextTrack
    report.update(track.to_dict())          # {"text": [{"start_s","end_s","text","box",...}],
                                            #  "captions_burned_in": {...}, "ocr": {...}}

Sampling: every ``dense_interval_s`` (0.5 s) in the first ``dense_until_s`` (5 s) — the hook
matters most — then every ``interval_s`` (1 s). A sampled frame that looks the same as the
last one looked at (almost no pixel of the small copy changed) is not looked at again;
otherwise :class:`~reelwise.media.textreader.RegionReader` has the OCR models read only the
places where text could be that changed since they were last read, as crops of a copy at
most ``work_side`` px (960) wide (see :mod:`reelwise.media.textregions`). Lines are followed across
frames (same text within a small edit distance, box in the same place) and become one
:class:`~reelwise.media.base.TimedText` with start/end times and a box in fractions of the
frame. The moment a line appears or goes is then timed to the frame: the small grey copies
of the frames between two samples are kept (never more than one interval's worth) and the
line's box is compared in them with the sampled frames (they reach the analyser as its
``history``, see :class:`~reelwise.media.base.FrameAnalyser`). Where the picture gives
nothing to time by, the moment is put halfway between the samples (within ±0.25 s in the
first 5 s, ±0.5 s later). ``refine=False`` turns this off.

Burned-in captions: text in the bottom third of the picture in a large share of the sampled
frames, with several different lines (a subtitle track changes; a fixed URL does not).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np

from reelwise.media.base import Frame, StreamInfo, TimedText
from reelwise.media.phrases import similarity
from reelwise.media.textreader import Line, RegionReader
from reelwise.media.textregions import GATE_SIDE

MIN_TEXT_S: Final = 0.1  # shorter than this nobody can read it

_Line = Line


NO_CHANGE: Final = 0.9  # a text region this alike before and after shows no change to time by


def _likeness(a: Any, b: Any) -> float:
    """How alike two grey regions look: their correlation once each is brought to zero mean
    and unit contrast. A new shot behind a see-through caption box moves the brightness of
    the whole region, not its pattern of strokes, so it does not count as the text changing."""
    x = a - a.mean()
    y = b - b.mean()
    norm = float(np.sqrt(float((x * x).sum()) * float((y * y).sum())))
    if norm < 1e-6:  # a flat region: alike only if the other is flat and as bright
        return (
            1.0 if float(np.abs(x).max()) < 1 and float(np.abs(y).max()) < 1 and abs(a.mean() - b.mean()) < 6 else 0.0
        )
    return float((x * y).sum()) / norm


class _LazyGrey:
    """A small frame kept between samples, made grey only if a line is timed by it."""

    def __init__(self, small: Any) -> None:
        self._small = small
        self._grey: Any = None

    @property
    def image(self) -> Any:
        if self._grey is None:
            import cv2

            self._grey = cv2.cvtColor(self._small, cv2.COLOR_BGR2GRAY)
        return self._grey


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
    start_s: float | None = None  # refined from the frames between samples
    end_s: float | None = None


@dataclass
class TextTrack:
    items: list[TimedText] = field(default_factory=list)
    sample_times: list[float] = field(default_factory=list)
    frames_read: int = 0
    regions_read: int = 0  # readings by the OCR models (a frame may need several crops)
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
            "ocr": {
                "frames_sampled": len(self.sample_times),
                "frames_read": self.frames_read,
                "regions_read": self.regions_read,
            },
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
        refine: bool = True,
        gate_side: int = GATE_SIDE,
    ) -> None:
        self.engine = engine
        self.dense_until_s = dense_until_s
        self.dense_interval_s = dense_interval_s
        self.interval_s = interval_s
        self.work_side = work_side
        self.same_frame_share = same_frame_share
        self.refine = refine
        self.gate_side = gate_side
        self._reset(None)

    def _reset(self, info: StreamInfo | None) -> None:
        self.info = info
        self._next = 0.0
        self._open: list[_Track] = []
        self._closed: list[_Track] = []
        self._samples: list[float] = []
        self._last_small: Any = None
        self._last_lines: list[_Line] = []
        self._reader: RegionReader | None = RegionReader(
            self.engine, work_side=self.work_side, gate_side=self.gate_side
        )
        self._bottom_frames = 0
        self._bottom_texts: list[str] = []
        self._between: list[tuple[float, Any]] = []  # small grey frames since the last sample
        self._sample_grey: Any = None  # small grey copy of the previous sampled frame
        self._current_grey: Any = None  # ... and of the one being sampled now

    def start(self, info: StreamInfo) -> None:
        self._reset(info)

    @property
    def history(self) -> bool:
        """With ``refine``, the small copies of the frames between samples are kept until
        the next sample, to time each line's appearance and disappearance to the frame."""
        return self.refine

    def wants(self, index: int, time_s: float) -> bool:
        return time_s + 1e-6 >= self._next

    def remember(self, index: int, time_s: float, small: Any) -> None:
        if self.refine and time_s + 1e-6 < self._next:
            self._between.append((time_s, _LazyGrey(small)))

    def _read(self, frame: Frame) -> list[_Line]:
        import cv2

        small = cv2.cvtColor(frame.small(), cv2.COLOR_BGR2GRAY)
        self._current_grey = small
        if self._last_small is not None and self._last_small.shape == small.shape:
            changed = np.mean(cv2.absdiff(small, self._last_small) > 30)
            if changed < self.same_frame_share and self._reader is not None and self._reader.settled:
                return self._last_lines
        assert self._reader is not None
        lines = self._reader.read(frame)
        self._last_small = small
        self._last_lines = lines
        return lines

    def process(self, frame: Frame) -> None:
        t = frame.time_s
        if t + 1e-6 < self._next:
            self.remember(frame.index, t, frame.small())
            return
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
                if previous is not None:
                    track.start_s = self._refine_start(box, t)
                self._open.append(track)
            else:
                track.last_seen = t
                track.misses = 0
                track.after = None
                track.end_s = None
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
                track.end_s = self._refine_end(track.box, t)
            if track.misses >= 2:  # one missed read (OCR flicker) does not end a line
                self._closed.append(track)
            else:
                still_open.append(track)
        self._open = still_open
        self._between = []
        self._sample_grey = self._current_grey

    def _region(self, grey: Any, box: tuple[float, float, float, float]) -> Any:
        h, w = grey.shape[:2]
        x0, y0 = max(0, int(box[0] * w) - 1), max(0, int(box[1] * h) - 1)
        x1, y1 = min(w, int((box[0] + box[2]) * w) + 2), min(h, int((box[1] + box[3]) * h) + 2)
        if x1 - x0 < 3 or y1 - y0 < 3:
            return None
        return grey[y0:y1, x0:x1].astype(np.float32)

    def _refine_start(self, box: tuple[float, float, float, float], t: float) -> float | None:
        """The first frame since the last sample whose text region already looks like now."""
        if not self.refine or self._sample_grey is None or self._current_grey is None:
            return None
        now, before = self._region(self._current_grey, box), self._region(self._sample_grey, box)
        if now is None or before is None or now.shape != before.shape:
            return None
        base = _likeness(before, now)
        if base > NO_CHANGE:
            return None  # no visible change to time it by
        start = t
        for time_k, grey in reversed(self._between):
            region = self._region(grey.image, box)
            if region is None or region.shape != now.shape or _likeness(region, now) < (1 + base) / 2:
                break
            start = time_k
        return start

    def _refine_end(self, box: tuple[float, float, float, float], t: float | None) -> float | None:
        """The first frame since the last sample whose text region no longer looks like it."""
        if not self.refine or self._sample_grey is None:
            return None
        seen = self._region(self._sample_grey, box)
        if seen is None:
            return None
        gone = self._region(self._current_grey, box) if t is not None and self._current_grey is not None else None
        base = _likeness(seen, gone) if gone is not None and gone.shape == seen.shape else 0.0
        if base > NO_CHANGE:
            return None
        for time_k, grey in self._between:
            region = self._region(grey.image, box)
            if region is not None and region.shape == seen.shape and _likeness(region, seen) < (1 + base) / 2:
                return time_k
        return t

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
        for track in self._open:  # still on screen at the last sample: did it go before the end?
            if track.after is None and self._between:
                track.end_s = self._refine_end(track.box, None)
        for track in self._closed + self._open:
            start = (track.before + track.first_seen) / 2 if track.before is not None else track.first_seen
            if track.start_s is not None:
                start = track.start_s
            if track.end_s is not None:
                end = track.end_s
            elif track.after is not None:
                end = (track.last_seen + track.after) / 2
            elif duration is not None:
                end = max(duration, track.last_seen)
            else:
                end = track.last_seen + self.interval_s / 2
            if end - start < MIN_TEXT_S:  # a blend of two supers at a transition frame
                continue
            items.append(TimedText(round(start, 3), round(end, 3), track.text, track.box, track.score))
        items.sort(key=lambda i: (i.start_s, i.box[1] if i.box else 0.0))
        n = len(self._samples)
        return TextTrack(
            items=items,
            sample_times=list(self._samples),
            frames_read=self._reader.frames_read if self._reader else 0,
            regions_read=self._reader.readings if self._reader else 0,
            bottom_share=self._bottom_frames / n if n else 0.0,
            bottom_texts=len(self._bottom_texts),
        )
