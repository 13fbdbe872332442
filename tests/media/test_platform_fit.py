"""Platform fit: shape, length, size, loudness and text in the platform's UI zones."""

from __future__ import annotations

from reelwise.domain.catalogues import Platform
from reelwise.domain.platforms import SPECS
from reelwise.media.base import TimedText
from reelwise.media.platform_fit import fit, fit_all, text_in_unsafe_zone

VERTICAL = {"width": 1080, "height": 1920, "duration_s": 20.0, "size_bytes": 10_000_000}


def codes(problems: list[dict[str, object]]) -> list[object]:
    return [p["code"] for p in problems]


def test_a_clean_vertical_file_fits_the_vertical_platforms() -> None:
    fits = fit_all(
        [Platform.TIKTOK, Platform.INSTAGRAM_REELS, Platform.YOUTUBE_SHORTS],
        integrated_lufs=-14.2,
        true_peak_dbtp=-1.5,
        **VERTICAL,
    )
    assert all(f.fits and not f.warnings for f in fits.values()), {k: f.to_dict() for k, f in fits.items()}


def test_landscape_on_tiktok_and_too_long_for_stories() -> None:
    tiktok = fit(SPECS[Platform.TIKTOK], width=1920, height=1080, duration_s=30, size_bytes=1000)
    assert not tiktok.fits and codes(tiktok.problems) == ["aspect_ratio"]
    assert tiktok.to_dict()["problems"][0]["accepted"] == "9:16"
    stories = fit(SPECS[Platform.INSTAGRAM_STORIES], **{**VERTICAL, "duration_s": 75.0})
    assert codes(stories.problems) == ["duration"]
    assert stories.problems[0]["max_s"] == 60.0


def test_small_big_and_loud_files() -> None:
    small = fit(SPECS[Platform.TIKTOK], width=360, height=640, duration_s=10, size_bytes=1000)
    assert codes(small.problems) == ["resolution"]
    assert codes(small.warnings) == ["below_recommended_resolution"]
    big = fit(SPECS[Platform.X], **{**VERTICAL, "size_bytes": 600 * 1024 * 1024})
    assert codes(big.problems) == ["file_size"]
    loud = fit(
        SPECS[Platform.YOUTUBE],
        width=1920,
        height=1080,
        duration_s=30,
        size_bytes=1,
        integrated_lufs=-8.0,
        true_peak_dbtp=0.4,
    )
    assert loud.fits and codes(loud.warnings) == ["too_loud", "true_peak"]
    quiet = fit(SPECS[Platform.YOUTUBE], width=1920, height=1080, duration_s=30, size_bytes=1, integrated_lufs=-26.0)
    assert codes(quiet.warnings) == ["too_quiet"]


def test_text_in_the_reels_ui_zone() -> None:
    reels = SPECS[Platform.INSTAGRAM_REELS]
    caption = TimedText(3.0, 5.0, "Order now at bakery.example", box=(0.1, 0.8, 0.8, 0.06))
    title = TimedText(0.0, 2.0, "Fresh every day", box=(0.1, 0.4, 0.8, 0.08))
    result = fit(reels, texts=[title, caption], **VERTICAL)
    assert result.fits
    assert codes(result.warnings) == ["text_in_unsafe_zone"]
    assert result.warnings[0]["first_s"] == 3.0 and result.warnings[0]["count"] == 1
    assert text_in_unsafe_zone(reels, [title.box or (0, 0, 0, 0)]) == []
    assert (
        fit(SPECS[Platform.YOUTUBE], width=1920, height=1080, duration_s=30, size_bytes=1, texts=[caption]).warnings
        == []
    )
