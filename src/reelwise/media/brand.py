"""Brand identification (point 9): when the brand is first seen and heard, and how much of
the picture is in its colours.

Entry point: :func:`brand_presence` ``(names, texts, speech, logo=None, colours=None) ->
BrandResult`` — a pure function over the on-screen text (``TextTrack.items``), the
transcript (``SpeechTrack.segments``), the :class:`~reelwise.media.logo.LogoTrack` and the
:class:`~reelwise.media.colour.ColourShare`. ``BrandResult.to_dict()`` is the report's
``"brand"`` object: ``{"logo_first_s", "name_first_s", "colour_share", "name_first_heard_s",
"first_s", "in_first_5s", "logo_duration_s", "logo_area_share", "logo_big", ...}``.
:func:`brand_step` is the pipeline post step (``results["brand"]``).

Names are matched with :func:`reelwise.media.phrases.find_phrase` (tolerant of small OCR
and recognition errors, and of the name written as one word in a URL or handle); every
variant in ``names`` is tried.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reelwise.media.base import TimedText
from reelwise.media.colour import ColourShare
from reelwise.media.logo import LogoTrack
from reelwise.media.phrases import find_in_timed
from reelwise.media.vad import EARLY_S

if TYPE_CHECKING:
    from reelwise.media.pipeline import VideoAnalysis


@dataclass
class BrandResult:
    names: tuple[str, ...] = ()
    name_first_s: float | None = None  # first seen on screen
    name_seen_as: str | None = None
    name_first_heard_s: float | None = None
    name_heard_as: str | None = None
    logo: LogoTrack | None = None
    colours: ColourShare | None = None
    speech_measured: bool = True
    logo_measured: bool = False

    @property
    def logo_first_s(self) -> float | None:
        return self.logo.first_s if self.logo else None

    @property
    def first_s(self) -> float | None:
        times = [t for t in (self.logo_first_s, self.name_first_s, self.name_first_heard_s) if t is not None]
        return round(min(times), 3) if times else None

    @property
    def in_first_5s(self) -> bool:
        return self.first_s is not None and self.first_s < EARLY_S

    @property
    def colour_share(self) -> float | None:
        return self.colours.share if self.colours else None

    def to_dict(self) -> dict[str, Any]:
        logo = self.logo.to_dict() if self.logo else {}
        colours = self.colours.to_dict() if self.colours else {}
        return {
            "logo_first_s": self.logo_first_s,
            "name_first_s": self.name_first_s,
            "colour_share": self.colour_share,
            "name_first_heard_s": self.name_first_heard_s,
            "name_seen_as": self.name_seen_as,
            "name_heard_as": self.name_heard_as,
            "first_s": self.first_s,
            "in_first_5s": self.in_first_5s,
            "logo_measured": self.logo_measured,
            "speech_measured": self.speech_measured,
            "logo_duration_s": logo.get("logo_duration_s"),
            "logo_area_share": logo.get("logo_area_share"),
            "logo_big": logo.get("logo_big", False),
            "logo_appearances": logo.get("logo_appearances", []),
            "colour_share_first_5s": colours.get("colour_share_first_5s"),
            "colour_threshold_de2000": colours.get("colour_threshold_de2000"),
        }


def brand_presence(
    names: Sequence[str],
    texts: Sequence[TimedText],
    speech: Sequence[TimedText] = (),
    *,
    logo: LogoTrack | None = None,
    colours: ColourShare | None = None,
    speech_measured: bool = True,
    logo_measured: bool | None = None,
) -> BrandResult:
    """When the brand (any of ``names``) is first seen and heard, plus logo and colours."""
    clean = tuple(n for n in (n.strip() for n in names) if n)
    result = BrandResult(
        names=clean,
        logo=logo,
        colours=colours,
        speech_measured=speech_measured,
        logo_measured=logo is not None if logo_measured is None else logo_measured,
    )
    if clean:
        seen = find_in_timed(clean, texts)
        if seen is not None:
            result.name_first_s = round(seen.time_s, 3)
            result.name_seen_as = seen.item.text
        heard = find_in_timed(clean, speech)
        if heard is not None:
            result.name_first_heard_s = round(heard.time_s, 3)
            result.name_heard_as = heard.match.found
    return result


def brand_step(analysis: VideoAnalysis) -> None:
    """Pipeline post step: ``results["brand"]`` from text, speech, logo and colour results."""
    speech = analysis.results.get("speech")
    logo = analysis.results.get("logo")
    colours = analysis.results.get("colour")
    analysis.results["brand"] = brand_presence(
        analysis.context.brand_names,
        analysis.texts(),
        list(getattr(speech, "segments", []) or []),
        logo=logo if isinstance(logo, LogoTrack) else None,
        colours=colours if isinstance(colours, ColourShare) else None,
        speech_measured=bool(getattr(speech, "measured", False)),
    )
