"""Daily salts, viewer hashes and page URLs that keep nothing personal."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reelwise.analytics.collect.privacy import DailySalts, clean_page_url

DAY = date(2024, 5, 1)


def test_the_same_viewer_is_one_hash_a_day_and_unlinkable_across_days(tmp_path: Path) -> None:
    salts = DailySalts(tmp_path)
    one = salts.viewer_hash(DAY, "198.51.100.23", "Firefox", "pk_site1234")
    assert one == salts.viewer_hash(DAY, "198.51.100.23", "Firefox", "pk_site1234")
    assert one != salts.viewer_hash(DAY, "198.51.100.24", "Firefox", "pk_site1234")
    assert one != salts.viewer_hash(DAY, "198.51.100.23", "Firefox", "pk_othersite")
    # a restart the same day (a new process) reads the day's salt back: same viewer, same hash
    assert DailySalts(tmp_path).viewer_hash(DAY, "198.51.100.23", "Firefox", "pk_site1234") == one
    next_day = salts.viewer_hash(date(2024, 5, 2), "198.51.100.23", "Firefox", "pk_site1234")
    assert next_day != one
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024-05-02.salt"]  # yesterday's salt deleted
    # 24 hex characters that carry nothing of the address: only the day's random salt links them
    assert len(one) == 24 and set(one) <= set("0123456789abcdef")
    assert DailySalts(tmp_path / "elsewhere").viewer_hash(DAY, "198.51.100.23", "Firefox", "pk_site1234") != one


def test_a_salt_is_random_not_derived_from_the_date(tmp_path: Path) -> None:
    a = DailySalts(tmp_path / "a").salt_for(DAY)
    b = DailySalts(tmp_path / "b").salt_for(DAY)
    assert a != b and len(a) == 32


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        ("https://shop.example.com/a?email=x%40y.z&utm_source=tt&utm_campaign=spring#top",
         "https://shop.example.com/a?utm_source=tt&utm_campaign=spring"),
        ("https://user:pw@shop.example.com:8443/p", "https://shop.example.com:8443/p"),
        ("HTTPS://Shop.Example.com/Path", "https://shop.example.com/Path"),
        ("http://[::1]:8000/x?q=1", "http://[::1]:8000/x"),
        ("http://bad:port/x", ""),
        ("", ""),
    ],
)  # fmt: skip
def test_page_urls_lose_what_may_identify_a_person(url: str, clean: str) -> None:
    assert clean_page_url(url) == clean


@given(st.text(max_size=100))
def test_cleaning_any_text_never_crashes(text: str) -> None:
    cleaned = clean_page_url(text)
    assert "#" not in cleaned
    parts = urlsplit(cleaned)
    assert "@" not in parts.netloc
    assert all(name.startswith("utm_") for name, _ in parse_qsl(parts.query, keep_blank_values=True))
