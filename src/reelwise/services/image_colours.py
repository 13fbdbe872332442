"""Dominant colours of an image file (posters, flyers, channel images), for the audit.

Reading the file is this module's job; the clustering itself is
:func:`reelwise.media.colour.dominant_colours` (k-means, deterministic), the same code the
video checks use for house colours.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

CLUSTERS: Final = 5


def dominant_colours(path: Path, k: int = CLUSTERS) -> list[str] | None:
    """Hex colours (``#RRGGBB``), most dominant first, or None when the file is not a readable image."""
    import cv2
    import numpy as np
    import numpy.typing as npt

    from reelwise.media.colour import dominant_colours as cluster

    try:
        data = np.fromfile(str(path), dtype=np.uint8)
    except OSError:
        return None
    if data.size == 0:
        return None
    image = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
    if image is None:
        return None
    if image.dtype != np.uint8:  # 16-bit PNGs
        image = (image / 257).astype(np.uint8)
    pixels: npt.NDArray[np.uint8] = np.asarray(image, dtype=np.uint8)
    return cluster(pixels, k) or None
