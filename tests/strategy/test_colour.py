"""CIEDE2000 against the published test data of Sharma, Wu & Dalal (2005)."""

from __future__ import annotations

import pytest

from reelwise.strategy.colour import chroma, ciede2000, hex_to_lab, hex_to_rgb, nearest

# (Lab1, Lab2, ΔE00) — pairs 1, 7, 13, 17, 19, 25 and 34 of the paper's table.
SHARMA = [
    ((50.0000, 2.6772, -79.7751), (50.0000, 0.0000, -82.7485), 2.0425),
    ((50.0000, 0.0000, 0.0000), (50.0000, -1.0000, 2.0000), 2.3669),
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0011), 7.2195),
    ((50.0000, 2.5000, 0.0000), (73.0000, 25.0000, -18.0000), 27.1492),
    ((50.0000, 2.5000, 0.0000), (50.0000, 3.1736, 0.5854), 1.0000),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
]


@pytest.mark.parametrize(("lab1", "lab2", "expected"), SHARMA)
def test_ciede2000_matches_published_pairs(
    lab1: tuple[float, float, float], lab2: tuple[float, float, float], expected: float
) -> None:
    assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)
    assert ciede2000(lab2, lab1) == pytest.approx(expected, abs=1e-4)


def test_srgb_to_lab_reference_values() -> None:
    assert hex_to_lab("#FFFFFF") == pytest.approx((100.0, 0.0, 0.0), abs=0.01)
    assert hex_to_lab("#FF0000") == pytest.approx((53.24, 80.09, 67.20), abs=0.05)
    assert hex_to_rgb("#abc") == (0xAA, 0xBB, 0xCC)
    assert chroma(hex_to_lab("#808080")) < 1


def test_nearest_brand_colour() -> None:
    best, distance = nearest("#8E4A18", ["#1E90FF", "#8B4513"])
    assert best == "#8B4513"
    assert distance < 3
