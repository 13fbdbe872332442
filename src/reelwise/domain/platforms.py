"""What each platform accepts: aspect ratios, durations, resolution, file size, loudness,
and the safe zones where the platform's own interface covers the picture.

Pure data plus three small functions. The values were checked against the platforms'
official help pages and ads guides (``sources``) on the date in ``checked``; platforms
change them without notice, so they must be re-checked periodically (see
``docs/video-check.md``). A value the platform does not publish is ``None``, or explained
in ``notes`` when an industry convention is used instead.

Used by the video check (platform fit) and by the strategy audit (a planned variant whose
aspect ratio or duration does not fit its platform).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

from reelwise.domain.catalogues import Platform

CHECKED: Final = datetime.date(2026, 12, 1)

# YouTube, TikTok, Instagram and others normalise playback loudness; none publishes an
# exact target in its help pages. -14 LUFS integrated is the level measured and used
# across the industry as the reference for these players.
_LOUDNESS_NOTE: Final = (
    "loudness_lufs: not published by the platform; -14 LUFS integrated is the playback "
    "normalisation level commonly measured for it and used as the delivery reference"
)


@dataclass(frozen=True)
class SafeZone:
    """Fractions of the frame (0..1) to keep text and logos out of, per edge."""

    top: float = 0.0
    bottom: float = 0.0
    left: float = 0.0
    right: float = 0.0

    def contains(self, x: float, y: float, w: float, h: float) -> bool:
        """Whether a box (fractions of the frame: left, top, width, height) is fully safe."""
        return (
            x >= self.left - 1e-9
            and y >= self.top - 1e-9
            and x + w <= 1 - self.right + 1e-9
            and y + h <= 1 - self.bottom + 1e-9
        )


@dataclass(frozen=True)
class PlatformSpec:
    platform: Platform
    aspect_ratios: tuple[str, ...]  # accepted ratios "W:H"; empty with no range: any
    aspect_tolerance: float  # relative difference still accepted as the same ratio (0.03 = 3 %)
    min_duration_s: float | None
    max_duration_s: float | None
    min_width: int | None  # minimum resolution, compared regardless of orientation
    min_height: int | None
    recommended: tuple[int, int] | None  # width, height
    max_size_mb: float | None
    loudness_lufs: float | None  # integrated loudness the player normalises to
    safe_zone: SafeZone | None
    sources: tuple[str, ...]
    checked: datetime.date
    aspect_range: tuple[float, float] | None = None  # accepted width/height range (inclusive)
    max_true_peak_dbtp: float | None = -1.0
    notes: tuple[str, ...] = field(default_factory=tuple)


def ratio_of(aspect: str) -> float:
    """``"9:16"`` → 0.5625; also accepts ``"1.91:1"`` and a plain number ``"1.5"``."""
    text = aspect.strip()
    try:
        if ":" in text:
            w, h = text.split(":", 1)
            value = float(w) / float(h)
        else:
            value = float(text)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"not an aspect ratio: {aspect!r} (expected W:H such as 9:16)") from None
    if not value > 0 or value == float("inf"):
        raise ValueError(f"not an aspect ratio: {aspect!r} (expected W:H such as 9:16)")
    return value


def aspect_fits(spec: PlatformSpec, width: int, height: int) -> bool:
    """Whether a picture of ``width`` × ``height`` (display size) has an accepted shape."""
    if width <= 0 or height <= 0:
        return False
    if not spec.aspect_ratios and spec.aspect_range is None:
        return True
    actual = width / height
    for aspect in spec.aspect_ratios:
        target = ratio_of(aspect)
        if abs(actual - target) / target <= spec.aspect_tolerance:
            return True
    if spec.aspect_range is not None:
        lo, hi = spec.aspect_range
        return lo * (1 - spec.aspect_tolerance) <= actual <= hi * (1 + spec.aspect_tolerance)
    return False


def duration_fits(spec: PlatformSpec, seconds: float) -> bool:
    if spec.min_duration_s is not None and seconds < spec.min_duration_s:
        return False
    return not (spec.max_duration_s is not None and seconds > spec.max_duration_s)


def resolution_fits(spec: PlatformSpec, width: int, height: int) -> bool:
    """The short side against the smaller minimum, the long side against the larger one."""
    if spec.min_width is None or spec.min_height is None:
        return True
    need_short, need_long = sorted((spec.min_width, spec.min_height))
    short, long = sorted((width, height))
    return short >= need_short and long >= need_long


def size_fits(spec: PlatformSpec, size_bytes: int) -> bool:
    return spec.max_size_mb is None or size_bytes <= spec.max_size_mb * 1024 * 1024


def accepted_shapes(spec: PlatformSpec) -> str:
    """A short human description of the accepted shapes, e.g. ``"9:16"`` or ``"4:5 … 1.91:1"``."""
    parts = list(spec.aspect_ratios)
    if spec.aspect_range is not None:
        lo, hi = spec.aspect_range
        parts.append(f"{_pretty_ratio(lo)} … {_pretty_ratio(hi)}")
    return ", ".join(parts) or "any"


def _pretty_ratio(value: float) -> str:
    known = {
        9 / 16: "9:16",
        4 / 5: "4:5",
        1.0: "1:1",
        16 / 9: "16:9",
        1.91: "1.91:1",
        1 / 2.4: "1:2.4",
        2.4: "2.4:1",
        1 / 2.39: "1:2.39",
        2.39: "2.39:1",
    }
    for number, label in known.items():
        if abs(number - value) < 1e-3:
            return label
    return f"{value:.2f}:1"


_META_REELS_SAFE = SafeZone(top=0.14, bottom=0.35, left=0.06, right=0.06)
_META_STORIES_SAFE = SafeZone(top=0.14, bottom=0.14, left=0.06, right=0.06)

_SPECS: dict[Platform, PlatformSpec] = {
    Platform.YOUTUBE: PlatformSpec(
        platform=Platform.YOUTUBE,
        aspect_ratios=("16:9",),
        aspect_tolerance=0.03,
        min_duration_s=None,
        max_duration_s=12 * 3600.0,  # 12 hours (verified accounts; 15 min otherwise)
        min_width=426,
        min_height=240,
        recommended=(1920, 1080),
        max_size_mb=256 * 1024.0,  # 256 GB
        loudness_lufs=-14.0,
        safe_zone=None,
        sources=(
            "https://support.google.com/youtube/answer/1722171",  # recommended upload encoding settings
            "https://support.google.com/youtube/answer/6375112",  # aspect ratio and resolution
            "https://support.google.com/youtube/answer/71673",  # videos longer than 15 minutes, 12 h / 256 GB
        ),
        checked=CHECKED,
        notes=(_LOUDNESS_NOTE, "max_duration_s: 15 minutes until the account is verified"),
    ),
    Platform.YOUTUBE_SHORTS: PlatformSpec(
        platform=Platform.YOUTUBE_SHORTS,
        aspect_ratios=("9:16", "1:1"),
        aspect_tolerance=0.03,
        min_duration_s=None,
        max_duration_s=180.0,
        min_width=None,
        min_height=None,
        recommended=(1080, 1920),
        max_size_mb=None,
        loudness_lufs=-14.0,
        safe_zone=SafeZone(top=0.08, bottom=0.20, left=0.05, right=0.15),
        sources=(
            # upload YouTube Shorts: square or vertical, up to 3 min
            "https://support.google.com/youtube/answer/10059070",
        ),
        checked=CHECKED,
        notes=(
            _LOUDNESS_NOTE,
            "safe_zone: the Shorts player's title, buttons and channel row; not published as numbers",
        ),
    ),
    Platform.INSTAGRAM_FEED: PlatformSpec(
        platform=Platform.INSTAGRAM_FEED,
        aspect_ratios=("4:5", "1:1"),
        aspect_tolerance=0.03,
        min_duration_s=1.0,
        max_duration_s=241 * 60.0,
        min_width=500,
        min_height=500,
        recommended=(1080, 1350),
        max_size_mb=4 * 1024.0,
        loudness_lufs=-14.0,
        safe_zone=None,
        sources=("https://www.facebook.com/business/ads-guide/video/instagram-feed",),
        checked=CHECKED,
        aspect_range=(4 / 5, 1.91),
        notes=(_LOUDNESS_NOTE,),
    ),
    Platform.INSTAGRAM_REELS: PlatformSpec(
        platform=Platform.INSTAGRAM_REELS,
        aspect_ratios=("9:16",),
        aspect_tolerance=0.03,
        min_duration_s=None,
        max_duration_s=15 * 60.0,
        min_width=500,
        min_height=888,
        recommended=(1080, 1920),
        max_size_mb=4 * 1024.0,
        loudness_lufs=-14.0,
        safe_zone=_META_REELS_SAFE,
        sources=(
            "https://www.facebook.com/business/ads-guide/video/instagram-reels",  # 9:16, safe zone 14 % / 35 % / 6 %
            "https://help.instagram.com/1038071743007909",  # Reels length
        ),
        checked=CHECKED,
        notes=(_LOUDNESS_NOTE, "max_duration_s: uploaded Reels; recorded in the app: shorter"),
    ),
    Platform.INSTAGRAM_STORIES: PlatformSpec(
        platform=Platform.INSTAGRAM_STORIES,
        aspect_ratios=("9:16",),
        aspect_tolerance=0.03,
        min_duration_s=1.0,
        max_duration_s=60.0,  # per story card; longer videos are split into cards
        min_width=500,
        min_height=888,
        recommended=(1080, 1920),
        max_size_mb=4 * 1024.0,
        loudness_lufs=-14.0,
        safe_zone=_META_STORIES_SAFE,
        sources=(
            "https://www.facebook.com/business/ads-guide/video/instagram-story",  # 9:16, keep 14 % top and bottom free
            "https://help.instagram.com/1727587880851052",  # stories: 60 s per card
        ),
        checked=CHECKED,
        notes=(_LOUDNESS_NOTE,),
    ),
    Platform.TIKTOK: PlatformSpec(
        platform=Platform.TIKTOK,
        aspect_ratios=("9:16",),
        aspect_tolerance=0.03,
        min_duration_s=None,
        max_duration_s=10 * 60.0,  # uploaded from a computer or the app
        min_width=540,
        min_height=960,
        recommended=(1080, 1920),
        max_size_mb=500.0,  # ads; organic uploads from the app allow more
        loudness_lufs=-14.0,
        safe_zone=SafeZone(top=0.08, bottom=0.25, left=0.06, right=0.12),
        sources=(
            "https://support.tiktok.com/en/using-tiktok/creating-videos/upload-videos",  # up to 10 min upload
            "https://ads.tiktok.com/help/article/video-ads-specifications",  # 9:16, 540x960 min, 500 MB, safe zone
        ),
        checked=CHECKED,
        notes=(_LOUDNESS_NOTE, "safe_zone: from the ads guide's safe-zone template (1080x1920), rounded"),
    ),
    Platform.FACEBOOK: PlatformSpec(
        platform=Platform.FACEBOOK,
        aspect_ratios=("1:1", "4:5"),
        aspect_tolerance=0.03,
        min_duration_s=1.0,
        max_duration_s=241 * 60.0,
        min_width=120,
        min_height=120,
        recommended=(1080, 1350),
        max_size_mb=4 * 1024.0,
        loudness_lufs=-14.0,
        safe_zone=None,
        sources=("https://www.facebook.com/business/ads-guide/video/facebook-feed",),
        checked=CHECKED,
        aspect_range=(9 / 16, 16 / 9),
        notes=(_LOUDNESS_NOTE,),
    ),
    Platform.LINKEDIN: PlatformSpec(
        platform=Platform.LINKEDIN,
        aspect_ratios=(),
        aspect_tolerance=0.01,
        min_duration_s=3.0,
        max_duration_s=15 * 60.0,
        min_width=256,
        min_height=144,
        recommended=(1920, 1080),
        max_size_mb=5 * 1024.0,
        loudness_lufs=None,
        safe_zone=None,
        sources=(
            # sharing videos: 3 s – 15 min, 5 GB, 1:2.4 – 2.4:1
            "https://www.linkedin.com/help/linkedin/answer/a548372",
            "https://business.linkedin.com/marketing-solutions/success/ads-guide/video-ads",
        ),
        checked=CHECKED,
        aspect_range=(1 / 2.4, 2.4),
    ),
    Platform.X: PlatformSpec(
        platform=Platform.X,
        aspect_ratios=(),
        aspect_tolerance=0.01,
        min_duration_s=0.5,
        max_duration_s=140.0,  # 2 min 20 s for most accounts
        min_width=32,
        min_height=32,
        recommended=(1920, 1080),
        max_size_mb=512.0,
        loudness_lufs=None,
        safe_zone=None,
        sources=(
            "https://help.x.com/en/using-x/x-videos",  # 2:20 min, 512 MB
            "https://developer.x.com/en/docs/x-api/v1/media/upload-media/uploading-media/media-best-practices",
        ),
        checked=CHECKED,
        aspect_range=(1 / 2.39, 2.39),
        notes=("max_duration_s: longer for subscribers",),
    ),
    Platform.WEBSITE: PlatformSpec(
        platform=Platform.WEBSITE,
        aspect_ratios=(),
        aspect_tolerance=0.0,
        min_duration_s=None,
        max_duration_s=None,
        min_width=None,
        min_height=None,
        recommended=None,
        max_size_mb=None,
        loudness_lufs=None,
        safe_zone=None,
        sources=(),
        checked=CHECKED,
        max_true_peak_dbtp=-1.0,
        notes=("your own site: no platform limits; the page's player decides",),
    ),
}

SPECS: Final[Mapping[Platform, PlatformSpec]] = MappingProxyType(_SPECS)


def spec_for(platform: Platform | str) -> PlatformSpec:
    """The spec of a platform by enum or value (``"tiktok"``); ValueError for an unknown name."""
    return SPECS[Platform(platform)]


def unsafe_boxes(
    spec: PlatformSpec, boxes: Iterable[tuple[float, float, float, float]]
) -> list[tuple[float, float, float, float]]:
    """The boxes (x, y, w, h as fractions of the frame) that reach into the platform's UI."""
    if spec.safe_zone is None:
        return []
    zone = spec.safe_zone
    return [box for box in boxes if not zone.contains(*box)]
