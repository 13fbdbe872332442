"""House colours: CIEDE2000 colour difference, the share of a picture in the brand's
colours, and the dominant colours of an image.

Entry points:

* :func:`delta_e_2000` — ΔE00 (Sharma, Wu & Dalal 2005), vectorised over NumPy arrays of
  CIE L*a*b* values (D65);
* :func:`colour_share` — the fraction of an image's pixels within ``threshold`` ΔE00 of
  any house colour (default :data:`HOUSE_COLOUR_DELTA_E` = 10: "clearly the same colour
  family" — a different shade of the same red still counts; a neighbouring hue does not);
* :class:`ColourShareAnalyser` (a :class:`~reelwise.media.base.FrameAnalyser`) — samples
  about one frame a second (the shared ``Frame.small()`` copy) and averages the share;
  result: :class:`ColourShare` (``to_dict()`` → ``{"colour_share", ...}``);
* :func:`dominant_colours` — ``dominant_colours(image_bgr, k) -> list[hex]`` (k-means).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from reelwise.media.base import Frame, ImageU8, StreamInfo

FloatArray = npt.NDArray[np.float64]

HOUSE_COLOUR_DELTA_E: Final = 10.0
"""ΔE00 at or below which a pixel counts as a house colour (documented in docs/video-analysers.md)."""

_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


def hex_to_rgb(value: str) -> tuple[int, int, int]:
    """``"#E30613"`` (or ``"e30613"``, ``"#e01"``) → ``(227, 6, 19)``. Raises ``ValueError``."""
    m = _HEX.match(value.strip())
    if not m:
        raise ValueError(f"not a hex colour: {value!r}")
    digits = m.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def rgb_to_hex(rgb: Sequence[int]) -> str:
    return "#{:02X}{:02X}{:02X}".format(*(int(max(0, min(255, round(c)))) for c in rgb[:3]))


def srgb_to_lab(rgb: npt.ArrayLike) -> FloatArray:
    """sRGB (0–255, last axis R, G, B) → CIE L*a*b* (D65, 2°), exact formulas in float64."""
    c = np.asarray(rgb, dtype=np.float64) / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    m = np.array(
        [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]]
    )
    xyz = linear @ m.T / np.array([0.95047, 1.0, 1.08883])
    eps, kappa = 216 / 24389, 24389 / 27
    f = np.where(xyz > eps, np.cbrt(xyz), (kappa * xyz + 16) / 116)
    lab: FloatArray = np.empty_like(f)
    lab[..., 0] = 116 * f[..., 1] - 16
    lab[..., 1] = 500 * (f[..., 0] - f[..., 1])
    lab[..., 2] = 200 * (f[..., 1] - f[..., 2])
    return lab


def bgr_to_lab(image_bgr: ImageU8) -> FloatArray:
    """An OpenCV BGR image → L*a*b* per pixel (same formulas as :func:`srgb_to_lab`)."""
    return srgb_to_lab(np.asarray(image_bgr)[..., ::-1])


def hex_to_lab(value: str) -> FloatArray:
    return srgb_to_lab(np.array(hex_to_rgb(value), dtype=np.float64))


def delta_e_2000(
    lab1: npt.ArrayLike, lab2: npt.ArrayLike, kl: float = 1.0, kc: float = 1.0, kh: float = 1.0
) -> FloatArray:
    """CIEDE2000 colour difference; inputs broadcast over leading axes, last axis L, a, b."""
    a = np.asarray(lab1, dtype=np.float64)
    b = np.asarray(lab2, dtype=np.float64)
    l1, a1, b1 = a[..., 0], a[..., 1], a[..., 2]
    l2, a2, b2 = b[..., 0], b[..., 1], b[..., 2]
    c1 = np.hypot(a1, b1)
    c2 = np.hypot(a2, b2)
    c_bar7 = ((c1 + c2) / 2) ** 7
    g = 0.5 * (1 - np.sqrt(c_bar7 / (c_bar7 + 25.0**7)))
    a1p = (1 + g) * a1
    a2p = (1 + g) * a2
    c1p = np.hypot(a1p, b1)
    c2p = np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    h1p = np.where((a1p == 0) & (b1 == 0), 0.0, h1p)
    h2p = np.where((a2p == 0) & (b2 == 0), 0.0, h2p)

    dl = l2 - l1
    dc = c2p - c1p
    cc = c1p * c2p
    dh = h2p - h1p
    dh = np.where(dh > 180, dh - 360, dh)
    dh = np.where(dh < -180, dh + 360, dh)
    dh = np.where(cc == 0, 0.0, dh)
    d_big_h = 2 * np.sqrt(cc) * np.sin(np.radians(dh / 2))

    l_bar = (l1 + l2) / 2
    c_bar = (c1p + c2p) / 2
    h_sum = h1p + h2p
    h_bar = np.where(np.abs(h1p - h2p) <= 180, h_sum / 2, np.where(h_sum < 360, (h_sum + 360) / 2, (h_sum - 360) / 2))
    h_bar = np.where(cc == 0, h_sum, h_bar)
    t = (
        1
        - 0.17 * np.cos(np.radians(h_bar - 30))
        + 0.24 * np.cos(np.radians(2 * h_bar))
        + 0.32 * np.cos(np.radians(3 * h_bar + 6))
        - 0.20 * np.cos(np.radians(4 * h_bar - 63))
    )
    d_theta = 30 * np.exp(-(((h_bar - 275) / 25) ** 2))
    c_bar7p = c_bar**7
    rc = 2 * np.sqrt(c_bar7p / (c_bar7p + 25.0**7))
    l50 = (l_bar - 50) ** 2
    sl = 1 + 0.015 * l50 / np.sqrt(20 + l50)
    sc = 1 + 0.045 * c_bar
    sh = 1 + 0.015 * c_bar * t
    rt = -np.sin(np.radians(2 * d_theta)) * rc
    result: FloatArray = np.sqrt(
        (dl / (kl * sl)) ** 2
        + (dc / (kc * sc)) ** 2
        + (d_big_h / (kh * sh)) ** 2
        + rt * (dc / (kc * sc)) * (d_big_h / (kh * sh))
    )
    return result


def colour_mask(
    image_bgr: ImageU8, colours: Sequence[str], threshold: float = HOUSE_COLOUR_DELTA_E
) -> npt.NDArray[np.bool_]:
    """True where a pixel is within ``threshold`` ΔE00 of any of the hex ``colours``."""
    lab = bgr_to_lab(image_bgr)
    mask = np.zeros(lab.shape[:-1], dtype=bool)
    for colour in colours:
        mask |= delta_e_2000(lab, hex_to_lab(colour)) <= threshold
    return mask


def colour_share(image_bgr: ImageU8, colours: Sequence[str], threshold: float = HOUSE_COLOUR_DELTA_E) -> float:
    """Fraction (0–1) of the picture within ``threshold`` ΔE00 of any house colour."""
    if not colours or image_bgr.size == 0:
        return 0.0
    return float(colour_mask(image_bgr, colours, threshold).mean())


def dominant_colours(image_bgr: ImageU8, k: int = 5) -> list[str]:
    """The ``k`` dominant colours of an image as ``#RRGGBB``, most common first (k-means on a
    downscaled copy; deterministic). Fewer are returned when the image has fewer colours."""
    import cv2

    img: Any = np.asarray(image_bgr)
    if img.ndim == 2:
        img = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)
    if img.shape[-1] == 4:
        alpha = img[..., 3] > 127
        pixels = img[..., :3][alpha]
    else:
        h, w = img.shape[:2]
        scale = min(1.0, 160 / max(h, w, 1))
        if scale < 1:
            img = cv2.resize(img, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
        pixels = img.reshape(-1, 3)
    if len(pixels) == 0 or k < 1:
        return []
    unique = np.unique(pixels, axis=0)
    k = min(k, len(unique))
    data = pixels.astype(np.float32)
    cv2.setRNGSeed(12345)
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 30, 0.5)
    _compact, labels, centres = cv2.kmeans(data, k, np.zeros(len(data), np.int32), criteria, 3, cv2.KMEANS_PP_CENTERS)
    counts = np.bincount(labels.ravel(), minlength=k)
    order = np.argsort(-counts, kind="stable")
    seen: list[str] = []
    for i in order:
        if counts[i] == 0:
            continue
        hexed = rgb_to_hex(centres[i][::-1])
        if hexed not in seen:
            seen.append(hexed)
    return seen


@dataclass
class ColourShare:
    """Share of the picture in house colours over the sampled frames."""

    colours: list[str]
    threshold: float
    samples: list[tuple[float, float]] = field(default_factory=list)  # (time_s, share)

    @property
    def share(self) -> float | None:
        if not self.colours or not self.samples:
            return None
        return round(float(np.mean([s for _, s in self.samples])), 4)

    @property
    def share_first_5s(self) -> float | None:
        early = [s for t, s in self.samples if t < 5.0]
        if not self.colours or not early:
            return None
        return round(float(np.mean(early)), 4)

    def to_dict(self) -> dict[str, Any]:
        return {
            "colour_share": self.share,
            "colour_share_first_5s": self.share_first_5s,
            "colour_threshold_de2000": self.threshold,
            "house_colours": list(self.colours),
        }


class ColourShareAnalyser:
    """Frame analyser: share of each sampled frame (``interval_s`` apart) in house colours."""

    id = "colour"

    def __init__(
        self, colours: Sequence[str], *, interval_s: float = 1.0, threshold: float = HOUSE_COLOUR_DELTA_E
    ) -> None:
        for colour in colours:
            hex_to_rgb(colour)  # fail early on a bad value
        self.colours = list(colours)
        self.interval_s = interval_s
        self.threshold = threshold
        self._next = 0.0
        self._labs = [hex_to_lab(c) for c in self.colours]
        self.result = ColourShare(self.colours, threshold)

    def start(self, info: StreamInfo) -> None:
        self._next = 0.0
        self.result = ColourShare(self.colours, self.threshold)

    def wants(self, index: int, time_s: float) -> bool:
        return bool(self.colours) and time_s + 1e-6 >= self._next

    def process(self, frame: Frame) -> None:
        self._next = frame.time_s + self.interval_s
        lab = bgr_to_lab(frame.small())
        mask = np.zeros(lab.shape[:-1], dtype=bool)
        for target in self._labs:
            mask |= delta_e_2000(lab, target) <= self.threshold
        self.result.samples.append((frame.time_s, float(mask.mean())))

    def finish(self) -> ColourShare:
        return self.result
