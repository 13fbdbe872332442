"""Platform fit: does the file meet each platform's spec (``reelwise.domain.platforms``)?

Each problem is a small dict with a stable ``code`` (for machines) and the values that
explain it; the video checks turn them into translated findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reelwise.domain.catalogues import Platform
from reelwise.domain.platforms import (
    SPECS,
    PlatformSpec,
    accepted_shapes,
    aspect_fits,
    duration_fits,
    resolution_fits,
    size_fits,
    unsafe_boxes,
)
from reelwise.media.base import TimedText

LOUDER_BY_DB = 2.0  # louder than the target by more: the platform turns it down
QUIETER_BY_DB = 4.0  # quieter by more: it sounds weaker than the videos around it

Box = tuple[float, float, float, float]


@dataclass
class Fit:
    platform: Platform
    problems: list[dict[str, Any]] = field(default_factory=list)  # the file cannot be posted as is
    warnings: list[dict[str, Any]] = field(default_factory=list)  # it can, but it will look or sound worse

    @property
    def fits(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {"fits": self.fits, "problems": self.problems, "warnings": self.warnings}


def text_in_unsafe_zone(spec: PlatformSpec, boxes: Iterable[Box]) -> list[Box]:
    """The text boxes (x, y, w, h as fractions of the frame) that the platform's UI may cover."""
    return unsafe_boxes(spec, boxes)


def fit(
    spec: PlatformSpec,
    *,
    width: int,
    height: int,
    duration_s: float,
    size_bytes: int,
    integrated_lufs: float | None = None,
    true_peak_dbtp: float | None = None,
    texts: Sequence[TimedText] = (),
) -> Fit:
    """Judge one file (display size, duration, size, loudness, on-screen text) against ``spec``."""
    result = Fit(spec.platform)
    if not aspect_fits(spec, width, height):
        result.problems.append(
            {
                "code": "aspect_ratio",
                "actual": f"{width}x{height}",
                "ratio": round(width / height, 3) if height else None,
                "accepted": accepted_shapes(spec),
            }
        )
    if not duration_fits(spec, duration_s):
        result.problems.append(
            {
                "code": "duration",
                "actual_s": round(duration_s, 2),
                "min_s": spec.min_duration_s,
                "max_s": spec.max_duration_s,
            }
        )
    if not resolution_fits(spec, width, height):
        result.problems.append(
            {"code": "resolution", "actual": f"{width}x{height}", "minimum": f"{spec.min_width}x{spec.min_height}"}
        )
    if not size_fits(spec, size_bytes):
        result.problems.append(
            {"code": "file_size", "actual_mb": round(size_bytes / 1024 / 1024, 1), "max_mb": spec.max_size_mb}
        )
    if spec.recommended is not None and min(width, height) < min(spec.recommended):
        result.warnings.append(
            {
                "code": "below_recommended_resolution",
                "actual": f"{width}x{height}",
                "recommended": f"{spec.recommended[0]}x{spec.recommended[1]}",
            }
        )
    if spec.loudness_lufs is not None and integrated_lufs is not None:
        diff = integrated_lufs - spec.loudness_lufs
        if diff > LOUDER_BY_DB:
            result.warnings.append(
                {"code": "too_loud", "integrated_lufs": round(integrated_lufs, 1), "target_lufs": spec.loudness_lufs}
            )
        elif diff < -QUIETER_BY_DB:
            result.warnings.append(
                {"code": "too_quiet", "integrated_lufs": round(integrated_lufs, 1), "target_lufs": spec.loudness_lufs}
            )
    if spec.max_true_peak_dbtp is not None and true_peak_dbtp is not None and true_peak_dbtp > spec.max_true_peak_dbtp:
        result.warnings.append(
            {"code": "true_peak", "true_peak_dbtp": round(true_peak_dbtp, 2), "max_dbtp": spec.max_true_peak_dbtp}
        )
    if spec.safe_zone is not None:
        unsafe = [t for t in texts if t.box is not None and text_in_unsafe_zone(spec, [t.box])]
        if unsafe:
            first = unsafe[0]
            result.warnings.append(
                {
                    "code": "text_in_unsafe_zone",
                    "count": len(unsafe),
                    "first_s": round(first.start_s, 2),
                    "text": first.text[:80],
                    "box": [round(v, 3) for v in first.box or ()],
                }
            )
    return result


def fit_all(platforms: Iterable[Platform], **kwargs: Any) -> dict[str, Fit]:
    return {p.value: fit(SPECS[p], **kwargs) for p in platforms}
