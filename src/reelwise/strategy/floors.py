""" "Cheap is expensive": the lowest credible budget per finished minute, per format and mode.

A floor is not a quote. It is the budget below which a video of that format, made that way,
almost always shows its thinness (no script, one take, no sound, no grade) and so costs the
brand more than it saves. The numbers come from a simple, written-down day model:

    floor (EUR per finished minute) = crew-days per finished minute (format) × day rate (mode)

* **Crew-days per finished minute** — the least pre-production, shooting and editing time a
  format needs for one minute of finished video, in person-days. A phone-shot UGC-style clip
  needs half a day; an interview or testimonial a day and a half (prepare, film, transcribe,
  edit); an animation six days (script, style frames, animation, sound).
* **Day rates** — what a person-day costs, by production mode: in-house EUR 250 (a marketing
  employee's salary plus overhead and basic kit, per day), freelance EUR 500, agency EUR 900
  (blended, overhead and margin included). For in-house work the budget must count the staff
  time, not only out-of-pocket costs.

Cross-checks with published price guides (checked 2026-12-01): "about $800 for one minute of
polished video, crews at about $500 per day" (video-newengland.com, *Video costs*); a basic
two-minute video by a freelancer or small team at $1,000–5,000 (climbtheladder.com, *How
much does a 2-minute video cost*); 2D animation at $4,000–25,000 per minute
(dotmotions.ae, *Video production and editing costs per finished minute*). The floors below
sit at or under the bottom of those ranges, as a floor should.

Very short videos still carry the fixed costs of a shoot, so a video shorter than
:data:`MIN_BILLED_MINUTES` is counted as that long.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from reelwise.domain.catalogues import CreativeFormat, ProductionMode

MIN_BILLED_MINUTES: Final = 0.5
# A budget below this share of the floor is "far below" (a problem); below the floor, a warning.
FAR_BELOW: Final = 0.5

DAY_RATE_EUR: Final[Mapping[ProductionMode, float]] = {
    ProductionMode.IN_HOUSE: 250.0,
    ProductionMode.FREELANCE: 500.0,
    ProductionMode.AGENCY: 900.0,
}

CREW_DAYS_PER_MINUTE: Final[Mapping[CreativeFormat, float]] = {
    CreativeFormat.UGC_STYLE: 0.5,
    CreativeFormat.BEHIND_THE_SCENES: 1.0,
    CreativeFormat.EVENT_RECAP: 1.0,
    CreativeFormat.ANNOUNCEMENT: 1.0,
    CreativeFormat.INTERVIEW: 1.5,
    CreativeFormat.TESTIMONIAL: 1.5,
    CreativeFormat.HOW_TO: 1.5,
    CreativeFormat.EXPLAINER: 2.0,
    CreativeFormat.PRODUCT_DEMO: 2.0,
    CreativeFormat.BRAND_FILM: 4.0,
    CreativeFormat.ANIMATION: 6.0,
}

# Formats that need specialist skills (motion design, cinematography, product lighting).
COMPLEX_FORMATS: Final = frozenset({CreativeFormat.ANIMATION, CreativeFormat.BRAND_FILM, CreativeFormat.PRODUCT_DEMO})
# Formats whose strength is looking unpolished: in-house often makes them better and cheaper.
AUTHENTIC_FORMATS: Final = frozenset({CreativeFormat.UGC_STYLE, CreativeFormat.BEHIND_THE_SCENES})


def floor_per_minute(fmt: CreativeFormat, mode: ProductionMode) -> float:
    """The floor in EUR per finished minute."""
    return CREW_DAYS_PER_MINUTE[fmt] * DAY_RATE_EUR[mode]


def billed_minutes(duration_s: float) -> float:
    return max(duration_s / 60.0, MIN_BILLED_MINUTES)


def floor_table() -> list[tuple[CreativeFormat, dict[ProductionMode, float]]]:
    """Every floor, for the documentation."""
    return [(fmt, {mode: floor_per_minute(fmt, mode) for mode in ProductionMode}) for fmt in CreativeFormat]
