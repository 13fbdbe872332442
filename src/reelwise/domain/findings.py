"""The one shape every check returns, and the ten points it is filed under."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final

from reelwise.i18n import N_, Msg, translate


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    PROBLEM = "problem"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "problem": 2}[self.value]


POINTS: Final[Mapping[int, str]] = {
    1: N_("Goals and expectations"),
    2: N_("Call to action"),
    3: N_("Campaign integration"),
    4: N_("Creative concept"),
    5: N_("Production"),
    6: N_("Distribution"),
    7: N_("Social media support"),
    8: N_("PR support"),
    9: N_("Brand identification and recall"),
    10: N_("Analytics and adjustment"),
}


def point_name(point: int, lang: str | None = None) -> str:
    return translate(POINTS[point], lang)


@dataclass(frozen=True)
class Finding:
    """One observation: what is wrong (or not measured), why we think so, how to fix it.

    ``evidence`` holds plain JSON values (times in seconds, values, file and field paths).
    """

    id: str
    point: int
    severity: Severity
    message: Msg
    evidence: Mapping[str, Any] = field(default_factory=dict)
    fix: Msg | None = None

    def __post_init__(self) -> None:
        if self.point not in POINTS:
            raise ValueError(f"point must be 1..10, got {self.point}")

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "id": self.id,
            "point": self.point,
            "severity": self.severity.value,
            "message": self.message.render(lang),
            "evidence": dict(self.evidence),
            "fix": self.fix.render(lang) if self.fix else None,
        }
