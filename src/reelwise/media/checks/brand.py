"""Point 9, brand identification: is the brand shown or said, early, and big enough?
Reads ``analysis.results["brand"]`` (:class:`reelwise.media.brand.BrandResult`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reelwise.domain.findings import Finding, Severity
from reelwise.domain.registry import CheckKind, check
from reelwise.i18n import Msg

if TYPE_CHECKING:
    from reelwise.media.brand import BrandResult
    from reelwise.media.pipeline import VideoAnalysis

POINT = 9
LOW_COLOUR_SHARE = 0.05


def _brand(a: VideoAnalysis) -> BrandResult | None:
    from reelwise.media.brand import BrandResult

    value = a.results.get("brand")
    if not isinstance(value, BrandResult):
        return None
    if not value.names and not value.logo_measured:
        return None  # nothing to look for: the brand was not given
    return value


@check(
    id="video.brand.present",
    point=POINT,
    kind=CheckKind.VIDEO,
    title=Msg("The brand is shown or named"),
    why=Msg("Viewers can only remember a brand they have seen or heard in the video."),
    fix=Msg("Show the logo and say the brand name, ideally in the first 5 seconds."),
)
def brand_present(a: VideoAnalysis) -> list[Finding]:
    b = _brand(a)
    if b is None or b.first_s is not None:
        return []
    if not b.speech_measured and b.names:
        return [
            Finding(
                "video.brand.present",
                POINT,
                Severity.WARNING,
                Msg("The brand is not seen anywhere in the video; what is said was not checked (no speech model)"),
                {"names": list(b.names), "logo_measured": b.logo_measured, "speech_measured": False},
                Msg("Show the logo and say the brand name, ideally in the first 5 seconds."),
            )
        ]
    return [
        Finding(
            "video.brand.present",
            POINT,
            Severity.PROBLEM,
            Msg("The brand is not seen or heard anywhere in the video"),
            {"names": list(b.names), "logo_measured": b.logo_measured, "speech_measured": b.speech_measured},
            Msg("Show the logo and say the brand name, ideally in the first 5 seconds."),
        )
    ]


@check(
    id="video.brand.early",
    point=POINT,
    kind=CheckKind.VIDEO,
    title=Msg("The brand appears in the first 5 seconds"),
    why=Msg("Many viewers leave within seconds; ads that brand early are remembered better."),
    fix=Msg("Bring the logo or the brand name into the first 5 seconds."),
)
def brand_early(a: VideoAnalysis) -> list[Finding]:
    b = _brand(a)
    if b is None or b.first_s is None or b.in_first_5s:
        return []
    return [
        Finding(
            "video.brand.early",
            POINT,
            Severity.WARNING,
            Msg("The brand first appears at {time} s, after the first 5 seconds", time=b.first_s),
            {
                "first_s": b.first_s,
                "logo_first_s": b.logo_first_s,
                "name_first_s": b.name_first_s,
                "name_first_heard_s": b.name_first_heard_s,
            },
            Msg("Bring the logo or the brand name into the first 5 seconds."),
        )
    ]


@check(
    id="video.brand.logo_size",
    point=POINT,
    kind=CheckKind.VIDEO,
    title=Msg("The logo is large enough to notice"),
    why=Msg("A small corner logo is easily overlooked, especially on a phone."),
    fix=Msg("Show the logo large (more than 3.5% of the picture) at least once."),
)
def brand_logo_size(a: VideoAnalysis) -> list[Finding]:
    b = _brand(a)
    if b is None or b.logo is None or b.logo.first_s is None or b.logo.big:
        return []
    return [
        Finding(
            "video.brand.logo_size",
            POINT,
            Severity.INFO,
            Msg("The logo is small: at most {share}% of the picture", share=round((b.logo.area_share or 0) * 100, 1)),
            {"logo_area_share": b.logo.area_share, "logo_duration_s": b.logo.duration_s},
            Msg("Show the logo large (more than 3.5% of the picture) at least once."),
        )
    ]


@check(
    id="video.brand.colours",
    point=POINT,
    kind=CheckKind.VIDEO,
    title=Msg("House colours are visible"),
    why=Msg("Consistent brand colours help viewers recognise the brand without reading."),
    fix=Msg("Use the house colours in sets, clothing, graphics or end card."),
)
def brand_colours(a: VideoAnalysis) -> list[Finding]:
    b = _brand(a)
    if b is None or b.colour_share is None or b.colour_share >= LOW_COLOUR_SHARE:
        return []
    return [
        Finding(
            "video.brand.colours",
            POINT,
            Severity.INFO,
            Msg("Only {share}% of the picture is in the house colours", share=round(b.colour_share * 100, 1)),
            {"colour_share": b.colour_share},
            Msg("Use the house colours in sets, clothing, graphics or end card."),
        )
    ]
