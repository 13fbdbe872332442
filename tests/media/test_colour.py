"""CIEDE2000 against the published test data, house-colour share, dominant colours."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reelwise.media.base import Frame
from reelwise.media.colour import (
    HOUSE_COLOUR_DELTA_E,
    ColourShareAnalyser,
    colour_share,
    delta_e_2000,
    dominant_colours,
    hex_to_lab,
    hex_to_rgb,
    srgb_to_lab,
)

# Sharma, Wu & Dalal (2005), "The CIEDE2000 color-difference formula: implementation notes,
# supplementary test data, and mathematical observations", Table 1: L1 a1 b1 L2 a2 b2 ΔE00.
SHARMA = """
50.0000 2.6772 -79.7751 50.0000 0.0000 -82.7485 2.0425
50.0000 3.1571 -77.2803 50.0000 0.0000 -82.7485 2.8615
50.0000 2.8361 -74.0200 50.0000 0.0000 -82.7485 3.4412
50.0000 -1.3802 -84.2814 50.0000 0.0000 -82.7485 1.0000
50.0000 -1.1848 -84.8006 50.0000 0.0000 -82.7485 1.0000
50.0000 -0.9009 -85.5211 50.0000 0.0000 -82.7485 1.0000
50.0000 0.0000 0.0000 50.0000 -1.0000 2.0000 2.3669
50.0000 -1.0000 2.0000 50.0000 0.0000 0.0000 2.3669
50.0000 2.4900 -0.0010 50.0000 -2.4900 0.0009 7.1792
50.0000 2.4900 -0.0010 50.0000 -2.4900 0.0010 7.1792
50.0000 2.4900 -0.0010 50.0000 -2.4900 0.0011 7.2195
50.0000 2.4900 -0.0010 50.0000 -2.4900 0.0012 7.2195
50.0000 -0.0010 2.4900 50.0000 0.0009 -2.4900 4.8045
50.0000 -0.0010 2.4900 50.0000 0.0010 -2.4900 4.8045
50.0000 -0.0010 2.4900 50.0000 0.0011 -2.4900 4.7461
50.0000 2.5000 0.0000 50.0000 0.0000 -2.5000 4.3065
50.0000 2.5000 0.0000 73.0000 25.0000 -18.0000 27.1492
50.0000 2.5000 0.0000 61.0000 -5.0000 29.0000 22.8977
50.0000 2.5000 0.0000 56.0000 -27.0000 -3.0000 31.9030
50.0000 2.5000 0.0000 58.0000 24.0000 15.0000 19.4535
50.0000 2.5000 0.0000 50.0000 3.1736 0.5854 1.0000
50.0000 2.5000 0.0000 50.0000 3.2972 0.0000 1.0000
50.0000 2.5000 0.0000 50.0000 1.8634 0.5757 1.0000
50.0000 2.5000 0.0000 50.0000 3.2592 0.3350 1.0000
60.2574 -34.0099 36.2677 60.4626 -34.1751 39.4387 1.2644
63.0109 -31.0961 -5.8663 62.8187 -29.7946 -4.0864 1.2630
61.2901 3.7196 -5.3901 61.4292 2.2480 -4.9620 1.8731
35.0831 -44.1164 3.7933 35.0232 -40.0716 1.5901 1.8645
22.7233 20.0904 -46.6940 23.0331 14.9730 -42.5619 2.0373
36.4612 47.8580 18.3852 36.2715 50.5065 21.2231 1.4146
90.8027 -2.0831 1.4410 91.1528 -1.6435 0.0447 1.4441
90.9257 -0.5406 -0.9208 88.6381 -0.8985 -0.7239 1.5381
6.7747 -0.2908 -2.4247 5.8714 -0.0985 -2.2286 0.6377
2.0776 0.0795 -1.1350 0.9033 -0.0636 -0.5514 0.9082
"""
PAIRS = np.array([[float(v) for v in line.split()] for line in SHARMA.strip().splitlines()])


def test_all_34_published_pairs_match_to_four_decimals_vectorised() -> None:
    assert PAIRS.shape == (34, 7)
    got = delta_e_2000(PAIRS[:, 0:3], PAIRS[:, 3:6])
    np.testing.assert_allclose(got, PAIRS[:, 6], atol=5e-5)


@pytest.mark.parametrize("row", list(range(34)))
def test_each_published_pair_is_symmetric(row: int) -> None:
    a, b, want = PAIRS[row, 0:3], PAIRS[row, 3:6], PAIRS[row, 6]
    assert float(delta_e_2000(b, a)) == pytest.approx(want, abs=5e-5)


def test_srgb_to_lab_known_values() -> None:
    np.testing.assert_allclose(
        srgb_to_lab([[0, 0, 0], [255, 255, 255], [255, 0, 0]]),
        [[0, 0, 0], [100, 0, 0], [53.2408, 80.0925, 67.2032]],
        atol=2e-3,
    )


lab = st.tuples(st.floats(0, 100), st.floats(-128, 127), st.floats(-128, 127))


@settings(deadline=None)
@given(lab, lab)
def test_delta_e_is_a_non_negative_symmetric_difference(
    a: tuple[float, float, float], b: tuple[float, float, float]
) -> None:
    d = float(delta_e_2000(a, b))
    assert d >= 0 and np.isfinite(d)
    assert d == pytest.approx(float(delta_e_2000(b, a)), abs=1e-9)
    assert float(delta_e_2000(a, a)) == pytest.approx(0.0, abs=1e-9)


def test_hex_colours_are_parsed_and_bad_ones_rejected() -> None:
    assert hex_to_rgb("#E30613") == (227, 6, 19)
    assert hex_to_rgb("e01") == (238, 0, 17)
    with pytest.raises(ValueError):
        hex_to_rgb("red")
    with pytest.raises(ValueError):
        ColourShareAnalyser(["#12345G"])


def _half_painted(house: str = "#E30613", other: str = "#1E8449") -> np.ndarray:
    img = np.zeros((180, 320, 3), np.uint8)
    img[:, :160] = hex_to_rgb(house)[::-1]
    img[:, 160:] = hex_to_rgb(other)[::-1]
    return img


def test_a_frame_painted_half_in_the_house_colour_has_share_one_half() -> None:
    assert colour_share(_half_painted(), ["#E30613"]) == pytest.approx(0.5, abs=0.01)


def test_a_close_shade_counts_and_a_neighbouring_hue_does_not() -> None:
    house = "#E30613"  # a red
    shade = np.full((10, 10, 3), hex_to_rgb("#D0101C")[::-1], np.uint8)  # slightly darker red
    orange = np.full((10, 10, 3), hex_to_rgb("#F39200")[::-1], np.uint8)
    assert float(delta_e_2000(hex_to_lab("#D0101C"), hex_to_lab(house))) <= HOUSE_COLOUR_DELTA_E
    assert colour_share(shade, [house]) == 1.0
    assert colour_share(orange, [house]) == 0.0
    assert colour_share(orange, []) == 0.0


def test_share_is_averaged_over_sampled_frames() -> None:
    analyser = ColourShareAnalyser(["#E30613"], interval_s=1.0)
    frames = [_half_painted(), np.full((180, 320, 3), hex_to_rgb("#E30613")[::-1], np.uint8)]
    taken = 0
    for i in range(60):
        t = i / 30
        if analyser.wants(i, t):
            img = frames[taken % 2]
            analyser.process(Frame(i, t, lambda img=img: img))
            taken += 1
    result = analyser.finish()
    assert taken == 2  # one frame a second
    assert result.share == pytest.approx(0.75, abs=0.01)
    assert result.to_dict()["colour_share"] == result.share


def test_dominant_colours_most_common_first() -> None:
    img = np.zeros((100, 100, 3), np.uint8)
    img[:70] = (19, 6, 227)  # BGR of #E30613, 70 %
    img[70:] = (73, 132, 30)  # BGR of #1E8449, 30 %
    got = dominant_colours(img, 3)
    assert got[:2] == ["#E30613", "#1E8449"]
    assert dominant_colours(np.zeros((4, 4, 4), np.uint8), 3) == []  # fully transparent picture


# ---- the audit's own CIEDE2000 (pure Python, so rule modules import without NumPy) -------


def test_the_audits_ciede2000_agrees_on_all_published_pairs() -> None:
    from reelwise.strategy.colour import ciede2000

    for row in PAIRS:
        assert ciede2000(tuple(row[0:3]), tuple(row[3:6])) == pytest.approx(row[6], abs=5e-5)


@settings(max_examples=300, deadline=None)
@given(st.tuples(*[st.integers(0, 255)] * 3), st.tuples(*[st.integers(0, 255)] * 3))
def test_the_two_implementations_agree_on_any_two_colours(
    rgb1: tuple[int, int, int], rgb2: tuple[int, int, int]
) -> None:
    """The audit (brand colours in the plan) and the video check (colours on screen) must
    call the same two colours equally far apart."""
    from reelwise.strategy import colour as audit

    hex1, hex2 = audit.rgb_to_hex(rgb1), audit.rgb_to_hex(rgb2)
    np.testing.assert_allclose(audit.hex_to_lab(hex1), hex_to_lab(hex1), atol=1e-6)
    expected = float(delta_e_2000(hex_to_lab(hex1), hex_to_lab(hex2)))
    assert audit.ciede2000(audit.hex_to_lab(hex1), audit.hex_to_lab(hex2)) == pytest.approx(expected, abs=1e-6)
