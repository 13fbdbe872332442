"""Where text could be, found cheaply, so that the OCR models only read what changed.

Reading a whole 1080p frame with the OCR models costs about 0.2 s; finding the places
where text could be costs about a millisecond. :func:`find_regions` looks at a grey copy
of the picture (longest side :data:`GATE_SIDE` px) the way a reader's eye would: text is
made of strokes with sharp, strong edges, set in rows. It keeps the edge pixels (a 3×3
morphological gradient of at least ``edge_threshold`` grey levels), joins the strokes of a
line with a short horizontal closing, and keeps each joined group that is line-sized and
has at least :data:`MIN_STROKES` strokes across one of its rows: a plain box, bar or ring
edge is crossed at most a few times, a word many times. Groups are padded and merged
into :class:`Region` boxes that the OCR models read as crops.

The test is deliberately generous: a textured patch (foliage, a crowd) passes and is then
simply read by the models, which find no text in it. What it rules out is text without
sharp edges, such as fully blurred or very low-contrast lettering (under
``edge_threshold`` grey levels from its background), which viewers cannot read either.

:func:`still_there` and :func:`new_text` compare a place's edges with those it had when it
was last read: when the edges of the text read there are still there and no new edges
there form a line of text, the text is the same and needs no new reading, whatever the
picture around it does (a new shot behind a fixed logo, a moving object).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from reelwise.media.base import ImageU8

GATE_SIDE: Final = 640  # longest side of the grey copy the gate looks at
EDGE_THRESHOLD: Final = 40  # grey levels across a 3×3 neighbourhood that make an edge
MIN_STROKES: Final = 4  # edge bands crossed along one row of a line of text, at least
KEPT_EDGES: Final = 0.85  # share of a read region's edges still there when its text is unchanged
DENSE_STROKES: Final = 3  # strokes within a short stretch of a row: where text is in a big shape
NEW_STROKES: Final = 3  # new edges with this many strokes in a row are new text

Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Region:
    """A box in pixels of the gate's grey picture (``x``, ``y`` its top-left corner)."""

    x: int
    y: int
    w: int
    h: int

    @property
    def area(self) -> int:
        return self.w * self.h

    def iou(self, other: Region) -> float:
        ix = max(0, min(self.x + self.w, other.x + other.w) - max(self.x, other.x))
        iy = max(0, min(self.y + self.h, other.y + other.h) - max(self.y, other.y))
        inter = ix * iy
        union = self.area + other.area - inter
        return inter / union if union else 0.0

    @property
    def rows(self) -> slice:
        return slice(self.y, self.y + self.h)

    @property
    def cols(self) -> slice:
        return slice(self.x, self.x + self.w)

    def contains_point(self, x: float, y: float) -> bool:
        return self.x <= x < self.x + self.w and self.y <= y < self.y + self.h

    def fractions(self, width: int, height: int) -> tuple[float, float, float, float]:
        return (self.x / width, self.y / height, self.w / width, self.h / height)


def edge_mask(image: ImageU8, edge_threshold: int = EDGE_THRESHOLD) -> Mask:
    """Pixels on a sharp edge: a 3×3 morphological gradient of at least ``edge_threshold``
    in any colour channel (red text on a grey street barely differs in brightness)."""
    import cv2

    gradient = cv2.morphologyEx(image, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    if gradient.ndim == 3:  # the strongest channel (OpenCV's max: a tenth of numpy's time here)
        channels = cv2.split(gradient)
        gradient = channels[0]
        for channel in channels[1:]:
            gradient = cv2.max(gradient, channel)
    mask: Mask = gradient >= edge_threshold
    return mask


def _strokes(edges: Mask, labels: npt.NDArray[np.int32], label: int, x: int, y: int, w: int, h: int) -> int:
    """The most edge bands any row of the component crosses."""
    sub = edges[y : y + h, x : x + w] & (labels[y : y + h, x : x + w] == label)
    row = sub.astype(np.int8)
    rising = np.count_nonzero(np.diff(row, axis=1, prepend=0) == 1, axis=1)
    return int(rising.max()) if rising.size else 0


def find_regions(
    image: ImageU8, edges: Mask | None = None, *, min_strokes: int = MIN_STROKES, max_height: float = 0.45
) -> list[Region]:
    """Boxes (padded, merged) around everything in ``image`` that could be a line of text."""
    import cv2

    height, width = image.shape[:2]
    if edges is None:
        edges = edge_mask(image)
    join = max(3, round(max(width, height) / 64))  # the gap between letters and words
    boxes, big = _text_boxes(edges, edges, join, min_strokes, max_height)
    if big is not None:
        # Text that touches something large (a bottle's outline, the edge of a table) is
        # joined to it into one shape too big to be a line. Inside such shapes only the
        # places where strokes follow each other closely along the rows are kept.
        rising = big & ~np.pad(big, ((0, 0), (1, 0)))[:, :-1]
        window = 2 * join
        close = cv2.boxFilter(rising.astype(np.float32), -1, (window, 3), normalize=False)
        dense = (close >= DENSE_STROKES) & big
        inner, _ = _text_boxes(
            dense,
            edges & cv2.dilate(dense.astype(np.uint8), np.ones((3, window), np.uint8)).astype(bool),
            join,
            min_strokes,
            max_height,
        )
        boxes += inner
    return merge(boxes)


def _text_boxes(
    mask: Mask, edges: Mask, join: int, min_strokes: int, max_height: float
) -> tuple[list[Region], Mask | None]:
    """Padded boxes of the line-sized groups of ``mask`` with enough strokes in ``edges``,
    and the edges of the groups too big to be a line (None when there are none)."""
    import cv2

    height, width = mask.shape[:2]
    closed = cv2.morphologyEx(
        mask.astype(np.uint8), cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (join, 3))
    )
    count, found, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    labels = np.asarray(found, dtype=np.int32)
    boxes: list[Region] = []
    big: list[int] = []
    for label in range(1, count):
        x, y, w, h, _area = (int(v) for v in stats[label])
        if h < 4 or w < 4:
            continue
        if h > max_height * height:
            big.append(label)
            continue
        if _strokes(edges, labels, label, x, y, w, h) < min_strokes:
            continue
        pad_x, pad_y = max(6, round(0.6 * h)), max(4, round(0.4 * h))
        x0, y0 = max(0, x - pad_x), max(0, y - pad_y)
        x1, y1 = min(width, x + w + pad_x), min(height, y + h + pad_y)
        boxes.append(Region(x0, y0, x1 - x0, y1 - y0))
    big_edges = edges & np.isin(labels, big) if big else None
    return boxes, big_edges


def merge(boxes: list[Region]) -> list[Region]:
    """Merge overlapping boxes until none overlap (a line split at a wide gap becomes one)."""
    merged = list(boxes)
    changed = True
    while changed:
        changed = False
        out: list[Region] = []
        for box in merged:
            for i, other in enumerate(out):
                if (
                    box.x < other.x + other.w
                    and other.x < box.x + box.w
                    and box.y < other.y + other.h
                    and other.y < box.y + box.h
                ):
                    x0, y0 = min(box.x, other.x), min(box.y, other.y)
                    x1 = max(box.x + box.w, other.x + other.w)
                    y1 = max(box.y + box.h, other.y + other.h)
                    out[i] = Region(x0, y0, x1 - x0, y1 - y0)
                    changed = True
                    break
            else:
                out.append(box)
        merged = out
    return sorted(merged, key=lambda r: (r.y, r.x))


def still_there(edges_now: Mask, region: Region, then: Mask) -> bool:
    """Whether ``region`` (a line's box) shows the same edges now as then, within a pixel
    (the encoder shifts edges a little): (almost) every edge it had is still there, and
    (almost) every edge it has now was there then (other text in the same place is not)."""
    import cv2

    now = edges_now[region.rows, region.cols]
    if now.shape != then.shape:
        return False
    kernel = np.ones((3, 3), np.uint8)
    for a, b in ((then, now), (now, then)):
        count = int(np.count_nonzero(a))
        if count and np.count_nonzero(a & cv2.dilate(b.astype(np.uint8), kernel).astype(bool)) < KEPT_EDGES * count:
            return False
    return True


def new_text(edges_now: Mask, edges_then: Mask, region: Region) -> bool:
    """Whether the edges in ``region`` that were not there then form a line of text. New
    edges that are not text (the outline of something behind a logo that stands out
    against some shots only, a passing object) are no reason to read again."""
    import cv2

    now = edges_now[region.y : region.y + region.h, region.x : region.x + region.w]
    then = edges_then[region.y : region.y + region.h, region.x : region.x + region.w]
    near_then = cv2.dilate(then.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    new = now & ~near_then
    if not new.any():
        return False
    return bool(find_regions(new.astype(np.uint8) * 255, new, min_strokes=NEW_STROKES, max_height=1.0))
