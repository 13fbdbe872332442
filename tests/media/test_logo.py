"""The logo on screen: first moment, duration and size, from template matching verified by
features and voted over time."""

from __future__ import annotations

import numpy as np
import pytest
from tests.media.clips import Logo, Scene, make_ad
from tests.media.speechclips import LOGO_COLOUR, feed_frames, frame_results, logo_image, workdir

from reelwise.media.logo import BIG_LOGO_SHARE, LogoAnalyser, LogoHit, prepare_logo, vote


def test_logo_from_a_known_moment_large_in_a_vertical_ad() -> None:
    logo = frame_results("screen")["logo"]
    assert logo.first_s == pytest.approx(3.0, abs=0.5)
    assert logo.duration_s == pytest.approx(7.0, abs=0.5)  # to the end
    assert logo.big and logo.area_share > BIG_LOGO_SHARE
    assert logo.to_dict()["logo_first_s"] == logo.first_s


def test_small_late_logo_in_a_landscape_ad() -> None:
    logo = frame_results("late")["logo"]
    assert logo.first_s == pytest.approx(7.0, abs=0.5)
    assert not logo.big
    assert logo.area_share == pytest.approx(0.12 * (0.12 * 640 / 2) / 360, rel=0.3)  # a 2:1 logo, 12 % wide


def test_no_logo_no_detection() -> None:
    for name in ("nocta",):
        logo = frame_results(name)["logo"]
        assert logo.first_s is None and logo.appearances == [], name


def test_a_logo_shown_for_a_while_in_a_square_ad() -> None:
    ad = make_ad(
        workdir() / "logo-square.mp4",
        aspect="1:1",
        scenes=[Scene(3.0), Scene(3.0)],
        logo=Logo(start_s=1.5, end_s=4.0, width=0.35, x=0.3, y=0.5, colour=LOGO_COLOUR),
        audio=None,
    )
    (logo,) = feed_frames(ad.path, LogoAnalyser(logo_image()))
    assert len(logo.appearances) == 1
    start, end, _area = logo.appearances[0]
    assert start == pytest.approx(1.5, abs=0.5) and end == pytest.approx(4.0, abs=0.5)


def _hit() -> LogoHit:
    return LogoHit(0.9, (0.1, 0.1, 0.2, 0.1), True)


def test_one_frame_false_positives_do_not_count() -> None:
    samples = [(t * 0.5, None) for t in range(10)]
    samples[3] = (1.5, _hit())
    assert vote(samples) == []
    samples[4] = (2.0, _hit())
    assert vote(samples) == [(1.25, 2.25, pytest.approx(0.02))]


def test_one_missed_sample_does_not_split_an_appearance() -> None:
    samples = [(t * 0.5, _hit() if t in (2, 3, 5, 6) else None) for t in range(10)]
    assert [(s, e) for s, e, _ in vote(samples)] == [(0.75, 3.25)]


def test_a_fully_transparent_logo_is_rejected() -> None:
    with pytest.raises(ValueError):
        prepare_logo(np.zeros((10, 20, 4), np.uint8))
    bgr, mask = prepare_logo(logo_image())
    assert bgr.shape[:2] == mask.shape and mask.max() == 255
