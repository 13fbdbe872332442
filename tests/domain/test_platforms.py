"""The platform spec table: every platform present, shapes and durations judged right."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reelwise.domain.catalogues import Platform
from reelwise.domain.platforms import (
    SPECS,
    SafeZone,
    aspect_fits,
    duration_fits,
    ratio_of,
    resolution_fits,
    spec_for,
    unsafe_boxes,
)


def test_every_platform_has_a_spec_with_sources_and_a_date() -> None:
    assert set(SPECS) == set(Platform)
    for platform, spec in SPECS.items():
        assert spec.platform == platform
        assert isinstance(spec.checked, datetime.date)
        if platform != Platform.WEBSITE:
            assert spec.sources, platform
            assert all(s.startswith("https://") for s in spec.sources)


@pytest.mark.parametrize(
    ("platform", "size", "fits"),
    [
        (Platform.TIKTOK, (1080, 1920), True),
        (Platform.TIKTOK, (1920, 1080), False),
        (Platform.INSTAGRAM_REELS, (720, 1280), True),
        (Platform.INSTAGRAM_REELS, (1080, 1080), False),
        (Platform.INSTAGRAM_FEED, (1080, 1350), True),
        (Platform.INSTAGRAM_FEED, (1080, 1080), True),
        (Platform.INSTAGRAM_FEED, (1920, 1080), True),  # 1.78 within 4:5 … 1.91:1
        (Platform.INSTAGRAM_FEED, (1080, 1920), False),
        (Platform.YOUTUBE, (1920, 1080), True),
        (Platform.YOUTUBE, (1080, 1920), False),
        (Platform.YOUTUBE_SHORTS, (1080, 1080), True),
        (Platform.YOUTUBE_SHORTS, (1920, 1080), False),
        (Platform.LINKEDIN, (960, 400), True),  # 2.4:1, the widest accepted
        (Platform.LINKEDIN, (1200, 400), False),
        (Platform.X, (1080, 1920), True),
        (Platform.WEBSITE, (123, 457), True),
    ],
)
def test_aspect_fits(platform: Platform, size: tuple[int, int], fits: bool) -> None:
    assert aspect_fits(SPECS[platform], *size) is fits


def test_durations() -> None:
    assert duration_fits(SPECS[Platform.INSTAGRAM_STORIES], 59.9)
    assert not duration_fits(SPECS[Platform.INSTAGRAM_STORIES], 61)
    assert not duration_fits(SPECS[Platform.LINKEDIN], 2.0)
    assert duration_fits(SPECS[Platform.YOUTUBE_SHORTS], 180)
    assert not duration_fits(SPECS[Platform.YOUTUBE_SHORTS], 181)
    assert not duration_fits(SPECS[Platform.X], 141)
    assert duration_fits(SPECS[Platform.WEBSITE], 10_000)


def test_resolution_is_compared_regardless_of_orientation() -> None:
    tiktok = SPECS[Platform.TIKTOK]
    assert resolution_fits(tiktok, 540, 960)
    assert not resolution_fits(tiktok, 360, 640)


def test_ratio_of() -> None:
    assert ratio_of("9:16") == pytest.approx(0.5625)
    assert ratio_of("1.91:1") == pytest.approx(1.91)
    for bad in ("", "a:b", "1:0", "-1:2", "0"):
        with pytest.raises(ValueError, match="not an aspect ratio"):
            ratio_of(bad)


@given(st.text(max_size=12))
def test_ratio_of_never_fails_otherwise(text: str) -> None:
    try:
        assert ratio_of(text) > 0
    except ValueError as exc:
        assert "aspect ratio" in str(exc)


def test_safe_zone_boxes() -> None:
    reels = spec_for("instagram_reels")
    inside = (0.1, 0.3, 0.8, 0.1)
    caption_at_bottom = (0.1, 0.85, 0.8, 0.08)
    assert unsafe_boxes(reels, [inside, caption_at_bottom]) == [caption_at_bottom]
    assert SafeZone().contains(0, 0, 1, 1)
    assert unsafe_boxes(spec_for("youtube"), [caption_at_bottom]) == []


def test_the_video_check_doc_lists_every_platform_with_its_sources() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "video-check.md").read_text(encoding="utf-8")
    assert "2026-12-01" in text
    for platform, spec in SPECS.items():
        assert f"| `{platform.value}` |" in text
        for source in spec.sources:
            assert source in text, source
