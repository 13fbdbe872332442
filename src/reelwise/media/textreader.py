"""Reading a frame's text, reading again only where it changed.

:class:`RegionReader` is what the on-screen text analyser asks for the lines of a sampled
frame. It finds the places where text could be (:mod:`reelwise.media.textregions`) and
compares each place's edges with those it had when it was last read:

* unchanged: the lines read there then still hold, and the OCR models are not asked;
* changed, or new: that place alone is read, as a crop of the picture (most of the frame
  changed: the whole frame is read once instead);
* gone (no text-like edges there any more): its lines are gone.

A place that changed and was read with doubt (a line under :data:`SURE_SCORE`, or no line
at all) is read once more at the next sample even when it looks the same then: the first
frame after a change is often blurred by the encoder, and a reading that is relied on for
as long as the text stays must not come from such a frame. A confident misreading of such
a frame ("ME" for "ACME") cannot replace a confirmed line whose edges are still there. A line that
touches a side of its crop may have been cut off by it: the crop is widened on that side
and read again.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np

from reelwise.media.base import Frame
from reelwise.media.phrases import similarity
from reelwise.media.textregions import GATE_SIDE, Mask, Region, edge_mask, find_regions, new_text, still_there

READINGS: Final = 2  # readings of a doubtful place before it is relied on
SURE_SCORE: Final = 0.95  # a line read this confidently is relied on at once
WHOLE_FRAME_SHARE: Final = 0.75  # read the whole frame when this much of it needs reading
MIN_CHARACTERS: Final = 2  # letters or digits a reading needs ("O" of a ring, "■" are shapes)

Box = tuple[float, float, float, float]  # x, y, w, h as fractions of the frame
Line = tuple[str, float, Box]  # text, score, box


class _Seen:
    """A line read (or, with ``line`` None, a place read where no text was found), with
    the edges its box had when it was read."""

    def __init__(
        self, line: Line | None, box: Box, readings: int = 1, edges: Mask | None = None, gw: int = 0, gh: int = 0
    ) -> None:
        self.line = line
        self.box = box
        self.readings = readings  # how often its place was read while it looked the same
        self._region = _box_region(box, gw, gh) if edges is not None else None
        self._edges = edges[self._region.rows, self._region.cols].copy() if self._region and edges is not None else None

    @property
    def settled(self) -> bool:
        return self.readings >= READINGS or (self.line is not None and self.line[1] >= SURE_SCORE)

    def centre(self, width: int, height: int) -> tuple[float, float]:
        return _centre(self.box, width, height)

    def still_there(self, edges: Mask) -> bool:
        """Whether the line's box shows the edges it had when it was read."""
        if self._region is None or self._edges is None:
            return True
        return still_there(edges, self._region, self._edges)


class RegionReader:
    """The lines of text in sampled frames, read by ``engine`` only where they changed."""

    def __init__(self, engine: Any, *, work_side: int = 960, gate_side: int = GATE_SIDE) -> None:
        self.engine = engine
        self.work_side = work_side
        self.gate_side = gate_side
        self.frames_read = 0  # frames in which the models read something
        self.readings = 0  # crops (or whole frames) the models read
        self._reference: Mask | None = None  # edges of every place as it was when last read
        self._seen: list[_Seen] = []

    @property
    def settled(self) -> bool:
        """Whether every reading is confirmed (a frame that looks the same needs no look)."""
        return all(s.settled for s in self._seen)

    def read(self, frame: Frame) -> list[Line]:
        small = frame.scaled(self.gate_side)
        gh, gw = small.shape[:2]
        edges = edge_mask(small)
        if self._reference is None or self._reference.shape != edges.shape:
            self._reference, self._seen = np.zeros_like(edges), []
        reference = self._reference
        regions = find_regions(small, edges)
        seen_in = [[s for s in self._seen if r.contains_point(*s.centre(gw, gh))] for r in regions]
        to_read = [i for i, region in enumerate(regions) if self._changed(region, seen_in[i], edges, gw, gh)]
        kept = [s for i, group in enumerate(seen_in) if i not in to_read for s in group]
        for s in self._seen:  # text whose place has no text-like edges any more: gone
            if not any(s in group for group in seen_in):
                _clear(reference, s.box, gw, gh)
        fresh: list[_Seen] = []
        if to_read:
            self.frames_read += 1
            image: Any = frame.scaled(self.work_side)
            whole = sum(regions[i].area for i in to_read) >= WHOLE_FRAME_SHARE * gw * gh
            lines = self._read_image(image) if whole else []
            for i in to_read:
                before = max((s.readings for s in seen_in[i] if not s.settled), default=0)
                if whole:
                    found = [line for line in lines if regions[i].contains_point(*_centre(line[2], gw, gh))]
                else:
                    found = self._read_region(image, regions[i], gw, gh)
                # A confirmed line whose edges are all still there keeps its reading: the
                # place was read again for something else in it (new text beside it).
                stays = [s for s in seen_in[i] if s.line is not None and s.settled and s.still_there(edges)]
                found = [line for line in found if not any(_same_line(line, s) for s in stays)]
                fresh += stays + [_Seen(line, line[2], before + 1, edges, gw, gh) for line in found]
                if not found and not stays:
                    fresh.append(_Seen(None, regions[i].fractions(gw, gh), before + 1))
                _paste(reference, edges, regions[i])
            if whole:  # text outside every place the gate pointed at (it missed it)
                fresh += [
                    _Seen(line, line[2], 1, edges, gw, gh)
                    for line in lines
                    if not any(regions[i].contains_point(*_centre(line[2], gw, gh)) for i in to_read)
                    and not any(_overlap(line[2], s.box) for s in kept)
                ]
        self._seen = kept + _distinct(fresh, kept)
        return [s.line for s in self._seen if s.line is not None]

    def _changed(self, region: Region, seen: list[_Seen], edges: Mask, gw: int, gh: int) -> bool:
        """Whether ``region`` must be read (again): new text in it, a line read there gone or
        changed, or a reading there not yet confirmed."""
        assert self._reference is not None
        if not all(s.settled for s in seen) or new_text(edges, self._reference, region):
            return True
        return not all(s.line is None or s.still_there(edges) for s in seen)

    def _read_image(self, image: Any, x0: int = 0, y0: int = 0, crop: Any = None) -> list[Line]:
        ih, iw = image.shape[:2]
        self.readings += 1
        lines: list[Line] = []
        for line in self.engine.read(image if crop is None else crop):
            if sum(c.isalnum() for c in line.text) < MIN_CHARACTERS:
                continue
            x, y, bw, bh = line.box
            lines.append((line.text, line.score, ((x + x0) / iw, (y + y0) / ih, bw / iw, bh / ih)))
        return lines

    def _read_region(self, image: Any, region: Region, gw: int, gh: int) -> list[Line]:
        ih, iw = image.shape[:2]
        fx, fy, fw, fh = region.fractions(gw, gh)
        x0, y0 = max(0, int(fx * iw)), max(0, int(fy * ih))
        x1, y1 = min(iw, int(np.ceil((fx + fw) * iw))), min(ih, int(np.ceil((fy + fh) * ih)))
        for _ in range(3):
            if x1 <= x0 or y1 <= y0:
                return []
            lines = self._read_image(image, x0, y0, image[y0:y1, x0:x1])
            left = right = 0
            for _, _, (bx, _, bw, bh) in lines:  # cut off by a side of the crop? widen it
                reach = max(8, round(4 * bh * ih))
                if x0 > 0 and bx * iw - x0 <= 2:
                    left = max(left, reach)
                if x1 < iw and x1 - (bx + bw) * iw <= 2:
                    right = max(right, reach)
            if not left and not right:
                return lines
            x0, x1 = max(0, x0 - left), min(iw, x1 + right)
        return lines


def _centre(box: Box, width: int, height: int) -> tuple[float, float]:
    x, y, w, h = box
    return ((x + w / 2) * width, (y + h / 2) * height)


def _distinct(fresh: list[_Seen], kept: list[_Seen]) -> list[_Seen]:
    """``fresh`` without lines said already: a widened crop can reach into a neighbouring
    place and read its line again; of two readings of one line, the surer one stays."""
    out: list[_Seen] = []
    for s in sorted(fresh, key=lambda s: -(s.line[1] if s.line else 0.0)):
        if s.line is not None and any(_same_line(s.line, o) for o in [*kept, *out]):
            continue
        out.append(s)
    return out


def _same_line(line: Line, seen: _Seen) -> bool:
    """Whether ``line`` is another reading of the line ``seen`` holds: in the same place,
    with (part of) the same text ("ME" for "ACME" read off a blurred frame)."""
    if seen.line is None or not _overlap(line[2], seen.box):
        return False
    a, b = line[0].casefold(), seen.line[0].casefold()
    return a in b or b in a or similarity(a, b) >= 0.6


def _overlap(a: Box, b: Box) -> bool:
    """Whether the boxes share at least a third of the smaller one."""
    ix = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    smaller = min(a[2] * a[3], b[2] * b[3])
    return smaller > 0 and ix * iy >= smaller / 3


def _box_region(box: Box, width: int, height: int) -> Region:
    x, y, w, h = box
    x0, y0 = max(0, int(x * width)), max(0, int(y * height))
    x1, y1 = min(width, round((x + w) * width)), min(height, round((y + h) * height))
    return Region(x0, y0, max(1, x1 - x0), max(1, y1 - y0))


def _paste(reference: Mask, edges: Mask, region: Region) -> None:
    rows, cols = slice(region.y, region.y + region.h), slice(region.x, region.x + region.w)
    reference[rows, cols] = edges[rows, cols]


def _clear(reference: Mask, box: Box, width: int, height: int) -> None:
    x, y, w, h = box
    x0, y0 = max(0, int(x * width) - 2), max(0, int(y * height) - 2)
    reference[y0 : int((y + h) * height) + 3, x0 : int((x + w) * width) + 3] = False
