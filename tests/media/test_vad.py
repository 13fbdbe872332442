"""Voice activity: where people speak, measured without a speech recognition model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import SHARED_DATA
from tests.media.clips import Insert, Scene, Tone, make_ad
from tests.media.speechclips import ESPEAK, decode_audio, speak, spoken_ad, workdir

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


# ---- our Silero runner against faster-whisper's ------------------------------------------

SHARED_CAR = SHARED_DATA / "media" / "car-detection.mp4"


def _faster_whisper_segments(audio16: np.ndarray) -> list[tuple[int, int]]:
    """Segments in samples from faster-whisper's own VAD, with reelwise's parameters."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    from reelwise.media.vad import SPEECH

    options = VadOptions(
        threshold=SPEECH.threshold,
        min_speech_duration_ms=SPEECH.min_speech * 1000 // 16_000,
        min_silence_duration_ms=SPEECH.min_silence * 1000 // 16_000,
        speech_pad_ms=SPEECH.pad * 1000 // 16_000,
    )
    stamps = get_speech_timestamps(audio16.astype(np.float32), options, sampling_rate=16_000)
    return [(s["start"], s["end"]) for s in stamps]


def _ours(audio16: np.ndarray) -> list[tuple[int, int]]:
    from reelwise.media.vad import SPEECH, load_silero, speech_segments

    model = load_silero()
    assert model is not None
    return speech_segments(model.probabilities(audio16), audio16.size, SPEECH)


def _assert_same_segments(ours: list[tuple[int, int]], theirs: list[tuple[int, int]]) -> None:
    assert len(ours) == len(theirs), (ours, theirs)
    for (s1, e1), (s2, e2) in zip(ours, theirs, strict=True):
        assert abs(s1 - s2) <= 512 and abs(e1 - e2) <= 512, (ours, theirs)


def _conversation() -> np.ndarray:
    """16 kHz: five espeak phrases (English and Dutch) over low noise, with gaps of 0.03 s
    (merged by the padding), 0.2 s and 0.45 s (around the 0.3 s minimum silence) and 1 s."""
    from reelwise.media.vad import to_16k

    rng = np.random.default_rng(7)
    phrases = [
        ("Welcome to Bakery Jansen.", "en-us", 0.03),
        ("Fresh bread every morning.", "en-us", 0.2),
        ("Bestel vandaag nog.", "nl", 0.45),
        ("Learn more at our website.", "en-us", 1.0),
        ("Tot ziens!", "nl", 0.0),
    ]
    parts = [np.zeros(8_000, np.float32)]
    for i, (text, voice, gap_s) in enumerate(phrases):
        said = speak(workdir() / f"conversation-{i}.wav", text, voice=voice)
        data, rate = decode_audio(said.path)
        voiced = to_16k(data, rate)[int(said.onset_s * 16_000) : int(said.offset_s * 16_000) + 1]
        parts += [voiced, np.zeros(int(gap_s * 16_000), np.float32)]
    parts.append(np.zeros(12_345, np.float32))
    audio = np.concatenate(parts)
    return (audio + 0.002 * rng.standard_normal(audio.size)).astype(np.float32)


def test_probabilities_are_faster_whispers_window_for_window() -> None:
    from faster_whisper.vad import get_vad_model

    from reelwise.media.vad import load_silero, to_16k

    model = load_silero()
    assert model is not None
    mono, rate = decode_audio(spoken_ad().ad.path)
    for audio in (to_16k(mono, rate), _conversation()):
        ours = model.probabilities(audio)
        theirs = get_vad_model()(np.pad(audio, (0, 512 - audio.size % 512)))
        assert ours.shape == theirs.shape == (audio.size // 512 + 1,)
        # faster-whisper zeroes the last 64 samples of the last window in place: that window aside,
        # the model sees the same samples and the same state
        np.testing.assert_allclose(ours[:-1], theirs[:-1], atol=1e-6)
        assert (ours[:-1] > 0.5).any()


def test_segments_are_faster_whispers_on_synthesised_speech() -> None:
    from reelwise.media.vad import to_16k

    conversation = _conversation()
    theirs = _faster_whisper_segments(conversation)
    assert len(theirs) >= 3  # the nearly joined phrases are one segment, the rest apart
    _assert_same_segments(_ours(conversation), theirs)

    spoken = spoken_ad()
    mono, rate = decode_audio(spoken.ad.path)
    audio = to_16k(mono, rate)
    theirs = _faster_whisper_segments(audio)
    assert len(theirs) == 2
    _assert_same_segments(_ours(audio), theirs)


def test_segments_are_faster_whispers_on_real_street_sound() -> None:
    from reelwise.media.vad import to_16k

    mono, rate = decode_audio(SHARED_CAR)
    audio = to_16k(mono, rate)
    _assert_same_segments(_ours(audio), _faster_whisper_segments(audio))
    # the street with speech mixed in at 12 s: found there, by both
    conversation = _conversation()
    mixed = audio.copy()
    mixed[12 * 16_000 : 12 * 16_000 + conversation.size] += conversation
    theirs = _faster_whisper_segments(mixed)
    assert theirs and abs(theirs[0][0] - 12 * 16_000 - 8_000) < 16_000
    _assert_same_segments(_ours(mixed), theirs)


def test_long_sound_is_run_in_parts_with_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    import reelwise.media.vad as vad

    model = vad.load_silero()
    assert model is not None
    audio = _conversation()
    whole = model.probabilities(audio)
    monkeypatch.setattr(vad, "_WINDOWS_PER_RUN", 37)  # the state and context carried across runs
    np.testing.assert_array_equal(model.probabilities(audio), whole)


class _Probabilities:
    """Stands in for faster-whisper's model: returns given probabilities."""

    def __init__(self, probs: np.ndarray) -> None:
        self.probs = probs

    def __call__(self, audio: np.ndarray) -> np.ndarray:
        assert audio.size == self.probs.size * 512
        return self.probs


@settings(max_examples=300, deadline=None)
@given(
    length=st.integers(1, 200 * 512),
    levels=st.lists(st.sampled_from([0.05, 0.34, 0.35, 0.4, 0.5, 0.7, 0.99]), min_size=1, max_size=201),
    pad_ms=st.sampled_from([0, 30, 100]),
    min_speech_ms=st.sampled_from([0, 150, 500]),
    min_silence_ms=st.sampled_from([0, 100, 300]),
)
def test_segmentation_is_faster_whispers_for_any_probabilities(
    length: int, levels: list[float], pad_ms: int, min_speech_ms: int, min_silence_ms: int
) -> None:
    import faster_whisper.vad as fw

    from reelwise.media.vad import SpeechParams, speech_segments

    count = length // 512 + 1
    probs = np.resize(np.asarray(levels, np.float32), count)
    params = SpeechParams(pad=pad_ms * 16, min_speech=min_speech_ms * 16, min_silence=min_silence_ms * 16)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fw, "get_vad_model", lambda: _Probabilities(probs))
        options = fw.VadOptions(
            threshold=params.threshold,
            min_speech_duration_ms=min_speech_ms,
            min_silence_duration_ms=min_silence_ms,
            speech_pad_ms=pad_ms,
        )
        theirs = [(s["start"], s["end"]) for s in fw.get_speech_timestamps(np.zeros(length, np.float32), options)]
    assert speech_segments(probs, length, params) == theirs


# ---- the VAD path stands alone ------------------------------------------------------------

_RUN_ONE_SECOND = """
import sys
import numpy as np
from reelwise.media.vad import VoiceActivityAnalyser, silero_available
t = np.arange(48_000) / 48_000
audio = (0.3 * np.sin(2 * np.pi * 180 * t) * (1 + np.sin(2 * np.pi * 4 * t))).astype(np.float32)
voice = VoiceActivityAnalyser().analyse(audio, 48_000)
loaded = sorted(m for m in ("faster_whisper", "ctranslate2", "tokenizers") if sys.modules.get(m))
print(silero_available(), voice.method, loaded)
"""


def _run(prelude: str) -> str:
    code = prelude + _RUN_ONE_SECOND
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    return done.stdout.strip()


def test_the_vad_does_not_import_faster_whisper() -> None:
    assert _run("") == "True silero []"


def test_without_faster_whisper_the_energy_detector_is_used() -> None:
    # a None entry in sys.modules makes the package unimportable and unfindable
    assert _run("import sys; sys.modules['faster_whisper'] = None") == "False energy []"


def test_the_model_is_found_in_the_package_and_loaded_once() -> None:
    from reelwise.media.vad import SILERO_MODEL, load_silero, silero_model_path

    path = silero_model_path()
    assert path is not None and path.name == SILERO_MODEL and path.parent.name == "assets"
    assert load_silero() is load_silero()


def test_a_foreign_onnx_file_is_refused(tmp_path: Path) -> None:
    from reelwise.media.vad import SileroModel

    broken = tmp_path / "silero_vad_v9.onnx"
    broken.write_bytes(b"not a model")
    with pytest.raises(Exception):  # noqa: B017 - ONNX Runtime's own error types
        SileroModel(broken)


# ---- voice activity while the sound is decoded -------------------------------------------


@pytest.mark.parametrize("piece", [333, 1024, 48_000])
def test_fed_as_decoded_it_is_the_whole_file_computation(piece: int) -> None:
    """Pieces of any size, fed in order, give the same 16 kHz sound, the same model output
    and the same segments as the whole sound at once, to the last bit."""
    from reelwise.media.vad import load_silero
    from reelwise.media.vadstream import VadStream

    mono, rate = decode_audio(spoken_ad().ad.path)
    model = load_silero()
    assert model is not None
    stream = VadStream(rate, model)
    for start in range(0, mono.size, piece):
        stream.feed(mono[start : start + piece])
    audio16, probs = stream.finish()
    whole16 = to_16k(mono, rate)
    assert np.array_equal(audio16, whole16)
    assert np.array_equal(probs, model.probabilities(whole16))
    fed = VoiceActivityAnalyser()
    for start in range(0, mono.size, piece):
        fed.feed(mono[start : start + piece], rate)
    segments = fed.analyse(mono, rate).segments
    assert segments == VoiceActivityAnalyser().analyse(mono, rate).segments
    assert segments and segments[0][0] == pytest.approx(spoken_ad().welcome_start_s, abs=0.3)


def test_a_stream_that_missed_part_of_the_sound_is_not_used() -> None:
    mono, rate = decode_audio(spoken_ad().ad.path)
    partial = VoiceActivityAnalyser()
    partial.feed(mono[: mono.size // 2], rate)  # e.g. a piece was lost: computed again whole
    assert partial.streamed(mono, rate) is None
    assert partial.analyse(mono, rate).segments == VoiceActivityAnalyser().analyse(mono, rate).segments
