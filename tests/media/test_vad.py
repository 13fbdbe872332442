"""Voice activity: where people speak, measured without a speech recognition model."""

from __future__ import annotations

import numpy as np
import pytest
from tests.media.clips import Scene, Tone, make_ad
from tests.media.speechclips import ESPEAK, decode_audio, spoken_ad, workdir

from reelwise.media.vad import VoiceActivityAnalyser, silero_available, to_16k

pytestmark = pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed (apt-get install espeak-ng)")


def test_the_silero_model_ships_with_faster_whisper() -> None:
    assert silero_available()
    assert VoiceActivityAnalyser().method == "silero"


@pytest.mark.parametrize("method", ["silero", "energy"])
def test_speech_start_is_found_within_a_third_of_a_second(method: str) -> None:
    spoken = spoken_ad()
    mono, rate = decode_audio(spoken.ad.path)
    voice = VoiceActivityAnalyser(method).analyse(mono, rate)
    assert voice.first_s == pytest.approx(spoken.welcome_start_s, abs=0.3)
    assert voice.in_first_5s
    # the second sentence is found as speech too
    assert any(abs(s - spoken.cta_start_s) <= 0.3 for s, _ in voice.segments)
    assert voice.to_dict()["method"] == method


def test_music_bed_tones_and_noise_are_not_speech() -> None:
    ad = make_ad(
        workdir() / "tones.mp4",
        aspect="1:1",
        scenes=[Scene(4.0)],
        audio=[Tone(-18.0, 440.0), Tone(-30.0, None, 1.0, 3.0)],
    )
    mono, rate = decode_audio(ad.path)
    for method in ("silero", "energy"):
        voice = VoiceActivityAnalyser(method).analyse(mono, rate)
        assert voice.segments == [], method
        assert not voice.in_first_5s and voice.first_s is None


def test_silence_and_empty_audio() -> None:
    analyser = VoiceActivityAnalyser()
    assert analyser.analyse(np.zeros(0, np.float32), 48000).segments == []
    assert analyser.analyse(np.zeros(48000 * 2, np.float32), 48000).segments == []


def test_resampling_keeps_the_duration() -> None:
    audio = np.sin(np.linspace(0, 1000, 44100)).astype(np.float32)
    assert len(to_16k(audio, 44100)) == 16000


@pytest.mark.parametrize("rate", [48_000, 32_000, 96_000, 44_100, 22_050])
@pytest.mark.parametrize("n", [1, 2, 5, 479, 48_000, 100_003])
def test_resampling_is_resample_polys(rate: int, n: int) -> None:
    from math import gcd

    from scipy.signal import resample_poly

    rng = np.random.default_rng(n)
    audio = (0.3 * rng.standard_normal(n)).astype(np.float32)
    g = gcd(16_000, rate)
    expected = resample_poly(audio, 16_000 // g, rate // g)
    got = to_16k(audio, rate)
    assert got.dtype == np.float32 and got.shape == expected.shape
    assert np.abs(got - expected).max() <= 1e-6


def test_speech_segments_are_those_of_resample_poly() -> None:
    from scipy.signal import resample_poly

    from reelwise.media.vad import _silero_segments

    spoken = spoken_ad()
    mono, rate = decode_audio(spoken.ad.path)
    assert rate == 48_000
    before = _silero_segments(resample_poly(mono.astype(np.float32), 1, 3).astype(np.float32))
    assert _silero_segments(to_16k(mono, rate)) == before


def test_dutch_speech_is_found_at_its_moment() -> None:
    from tests.media.clips import Insert
    from tests.media.speechclips import speak

    said = speak(workdir() / "nl.wav", "Bestel vandaag nog bij Bakkerij Jansen.", voice="nl")
    ad = make_ad(
        workdir() / "nl.mp4",
        aspect="1:1",
        scenes=[Scene(3.0), Scene(3.0)],
        audio=[Tone(-30.0, 330.0)],
        inserts=[Insert(said.path, 2.5)],
    )
    mono, rate = decode_audio(ad.path)
    voice = VoiceActivityAnalyser().analyse(mono, rate)
    assert voice.first_s == pytest.approx(2.5 + said.onset_s, abs=0.3)
    assert voice.segments[-1][1] == pytest.approx(2.5 + said.offset_s, abs=0.4)
