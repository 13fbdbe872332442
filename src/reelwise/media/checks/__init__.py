"""Video checks: each reads a :class:`reelwise.media.pipeline.VideoAnalysis` and returns findings.

A video check is a function ``(analysis: VideoAnalysis) -> Iterable[Finding]`` registered
with ``@check(kind=CheckKind.VIDEO, ...)`` in a module of this package (one module per
topic: ``technical`` for point 5, ``platform`` for point 6, ``creative`` for point 4, and
``text``, ``speech``, ``brand``, ``cta`` for the on-screen text, speech, brand and CTA
checks). Modules here must import quickly: no heavy imports at module level.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from reelwise.domain.findings import Finding
from reelwise.domain.registry import CheckKind, load_all

if TYPE_CHECKING:
    from reelwise.media.pipeline import VideoAnalysis


def run_video_checks(analysis: VideoAnalysis) -> list[Finding]:
    """Every registered video check on one analysis, findings sorted by point and severity."""
    findings: list[Finding] = []
    for info in load_all(("reelwise.media.checks",)).of_kind(CheckKind.VIDEO):
        result: Iterable[Finding] | None = info.func(analysis)
        if result:
            findings.extend(result)
    return sorted(findings, key=lambda f: (f.point, -f.severity.rank, f.id))
