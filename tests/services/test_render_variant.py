"""Rendering platform variants for real: FFmpeg renders, the result is decoded, measured,
searched for faces and read by OCR, as a platform (and a viewer) would see it."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tests.media.clips import FFMPEG, Scene, Tone, make_ad, not_a_video, run_ffmpeg
from tests.media.speechclips import ESPEAK, feed_frames, spoken_ad, whisper_test_model, workdir

from reelwise.adapters.render import RenderError
from reelwise.adapters.video import decode, probe_file
from reelwise.domain.catalogues import Platform
from reelwise.errors import InputError, MediaError
from reelwise.media.faces import FaceAnalyser, available_detector
from reelwise.media.loudness import integrated_loudness, true_peak
from reelwise.services.render_variant import RenderOptions, render_variant

ASL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "media" / "asl-thanks.mkv"
PERSON_X = 30 + 240  # the middle of the person, placed on the left of a 1280 px wide picture


def fast(platform: Platform, **options: Any) -> RenderOptions:
    """A quick, small render (360 px, x264's fastest preset): what is tested is the same."""
    return RenderOptions(platform, **{"preset": "ultrafast", "short_side": 360, **options})


@functools.cache
def wide_person() -> Path:
    """16:9, 4 s: real footage of a person (a face) on the left of a grey studio wall, a quiet tone."""
    if not ASL.is_file():
        pytest.fail(f"shared footage missing: {ASL}")
    out = workdir() / "wide-person.mp4"
    run_ffmpeg(
        [
            *("-f", "lavfi", "-i", "color=c=0x808080:s=1280x720:r=30:d=4"),
            *("-stream_loop", "3", "-i", str(ASL)),
            *("-f", "lavfi", "-i", "sine=f=440:d=4,volume=0.05"),
            "-filter_complex",
            "[1:v]scale=480:360,setpts=PTS-STARTPTS[p];[0:v][p]overlay=x=30:y=180:eof_action=repeat[v]",
            *("-map", "[v]", "-map", "2:a", "-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"),
            str(out),
        ]
    )
    return out


@functools.cache
def two_shots() -> Path:
    """16:9, 4 s: a yellow product on the left of a blue shot, then on the right of a red one."""
    out = workdir() / "two-shots.mp4"

    def shot(colour: str, x: int) -> str:
        return (
            f"color=c={colour}:s=1280x720:r=30:d=2,drawbox=x={x}:y=260:w=200:h=200:c=0xF1C40F:t=fill,"
            "noise=alls=6:allf=t,format=yuv420p"
        )

    run_ffmpeg(
        [
            *("-f", "lavfi", "-i", shot("0x2471A3", 100)),
            *("-f", "lavfi", "-i", shot("0xC0392B", 980)),
            *("-filter_complex", "[0:v][1:v]concat=n=2:v=1:a=0[v]", "-map", "[v]"),
            *("-c:v", "libx264", "-preset", "ultrafast", str(out)),
        ]
    )
    return out


def frame_at(path: Path, time_s: float) -> np.ndarray:
    import av

    with av.open(str(path)) as container:
        for frame in container.decode(container.streams.video[0]):
            if frame.time is not None and frame.time >= time_s:
                return frame.to_ndarray(format="bgr24")
    raise AssertionError(f"no frame at {time_s} s in {path}")


def yellow_share(image: np.ndarray) -> float:
    b, g, r = (image[..., i].astype(int) for i in range(3))
    return float(((r > 180) & (g > 150) & (b < 100)).mean())


def sound_of(path: Path) -> tuple[np.ndarray, int]:
    result = decode(path, lambda *_: None, lambda _: None)
    assert result.audio is not None
    return result.audio.channels, result.audio.sample_rate


def test_a_wide_shot_becomes_9_16_around_the_persons_face(tmp_path: Path) -> None:
    out = tmp_path / "person.tiktok.mp4"
    result = render_variant(wide_person(), out, fast(Platform.TIKTOK, short_side=540))  # TikTok's smallest
    probe = probe_file(out)
    assert (probe.width, probe.height) == (540, 960) and probe.duration_s == pytest.approx(4.0, abs=0.1)
    assert result.crop is not None and result.crop.size == (404, 720)
    (window,) = result.crop.windows
    assert window.face and window.x < PERSON_X < window.x + 404
    assert window.x + 404 <= (1280 - 404) // 2 + 60  # not the middle of the picture: the middle misses the face
    (found,) = feed_frames(out, FaceAnalyser(available_detector()))
    assert found.presence is not None and found.presence >= 0.8  # the face is in the variant
    assert result.report is not None and result.fits  # the variant checked against TikTok
    assert result.end_card_s == 0  # nothing to show on an end card: none


def test_every_shot_is_reframed_on_its_own_subject(tmp_path: Path) -> None:
    out = tmp_path / "shots.mp4"
    options = fast(Platform.INSTAGRAM_FEED, aspect="1:1", verify=False)
    result = render_variant(two_shots(), out, options)
    assert result.crop is not None
    first, second = result.crop.windows
    assert first.start_s == 0.0 and second.start_s == pytest.approx(2.0, abs=0.04)
    assert first.x <= 200 <= first.x + 720 and second.x <= 1080 <= second.x + 720
    assert (probe_file(out).width, probe_file(out).height) == (360, 360)
    assert yellow_share(frame_at(out, 1.0)) > 0.05  # the product in view in both shots
    assert yellow_share(frame_at(out, 3.0)) > 0.05
    centre = render_variant(
        two_shots(),
        tmp_path / "centre.mp4",
        fast(Platform.INSTAGRAM_FEED, aspect="1:1", verify=False),
    )
    assert centre.crop is not None  # the same clip rendered twice: the same windows (deterministic)
    assert centre.crop.windows == result.crop.windows


def test_a_long_video_ends_at_its_last_cut_with_an_end_card_at_the_platforms_loudness(tmp_path: Path) -> None:
    ad = make_ad(tmp_path / "long.mp4", scenes=[Scene(3.0)] * 3, audio=[Tone(-40.0, 440.0)])
    out = tmp_path / "short.mp4"
    options = fast(
        Platform.INSTAGRAM_REELS,
        max_duration_s=9.0,
        end_card_s=2.0,
        cta_text="Order now",
        cta_url="acme.nl/order",
        brand_colours=("#2471A3",),
        short_side=540,  # Reels' smallest
    )
    result = render_variant(ad.path, out, options)
    assert result.trimmed_at_cut is True and result.duration_s == pytest.approx(6.0, abs=0.05)
    assert probe_file(out).duration_s == pytest.approx(8.0, abs=0.1)  # 6 s of video, 2 s of end card
    channels, rate = sound_of(out)
    loudness = integrated_loudness(channels, rate)
    assert loudness is not None and loudness == pytest.approx(-14.0, abs=1.0)  # from about -43 LUFS
    peak = true_peak(channels, rate)
    assert peak is not None and peak <= -1.0
    card = frame_at(out, 7.2)
    blue = np.array([0xA3, 0x71, 0x24])  # BGR of #2471A3
    assert (np.abs(card.astype(int) - blue).sum(axis=2) < 40).mean() > 0.7  # the house colour fills the card
    assert result.report is not None
    seen = [t for t in result.report.analysis.texts() if t.start_s >= 5.9]
    assert any("order now" in t.text.lower() for t in seen)  # the call to action, read by OCR
    ids = {f.id for f in result.report.findings}
    assert "video.qa.frozen" not in ids and "video.qa.silence" not in ids  # the card's stillness is by design
    assert result.fits


def test_a_quiet_mix_with_one_loud_click_is_brought_up_without_clipping(tmp_path: Path) -> None:
    # a single gain of about +10 dB would push the click far over the ceiling: it is limited instead
    ad = make_ad(
        tmp_path / "click.mp4",
        scenes=[Scene(4.0)],
        audio=[Tone(-26.0, 440.0), Tone(-1.0, None, start_s=2.0, end_s=2.005)],
    )
    out = tmp_path / "levelled.mp4"
    result = render_variant(ad.path, out, fast(Platform.FACEBOOK, end_card=False, verify=False))
    assert result.loudness_before is not None and result.loudness_before < -20
    source_peak = true_peak(*sound_of(ad.path))
    assert source_peak is not None and source_peak + (-14.0 - result.loudness_before) > 5.0  # one gain would clip
    channels, rate = sound_of(out)
    peak = true_peak(channels, rate)
    loudness = integrated_loudness(channels, rate)
    assert peak is not None and peak <= -1.0
    assert loudness is not None and loudness == pytest.approx(-14.0, abs=1.0)


def test_a_video_without_a_cut_near_the_limit_ends_at_the_limit_with_the_sound_faded(tmp_path: Path) -> None:
    ad = make_ad(tmp_path / "long.mp4", scenes=[Scene(3.0)] * 3, audio=[Tone(-20.0, 440.0)])
    out = tmp_path / "cut.mp4"
    options = fast(Platform.INSTAGRAM_REELS, max_duration_s=5.5, end_card=False, verify=False)
    result = render_variant(ad.path, out, options)
    assert result.trimmed_at_cut is False and probe_file(out).duration_s == pytest.approx(5.5, abs=0.1)
    channels, rate = sound_of(out)
    mono = channels.mean(axis=0)
    steady = np.sqrt(np.mean(mono[int(2 * rate) : int(3 * rate)] ** 2))
    tail = np.sqrt(np.mean(mono[int(5.42 * rate) : int(5.48 * rate)] ** 2))
    assert tail < 0.3 * steady  # faded out, not cut off mid-tone


def test_captions_are_burned_in_inside_the_platforms_safe_zone(tmp_path: Path) -> None:
    srt = tmp_path / "person.srt"
    srt.write_text(
        "1\n00:00:00,500 --> 00:00:02,000\nHallo allemaal\n\n2\n00:00:02,200 --> 00:00:03,800\nBestel vandaag\n",
        encoding="utf-8",
    )
    out = tmp_path / "captioned.mp4"
    options = RenderOptions(Platform.TIKTOK, captions=srt, preset="ultrafast", short_side=540)
    result = render_variant(wide_person(), out, options)
    assert result.captions == 2 and result.report is not None
    texts = result.report.analysis.texts()
    hallo = [t for t in texts if "allemaal" in t.text.lower()]
    bestel = [t for t in texts if "bestel" in t.text.lower()]
    assert hallo and bestel  # both lines read back by OCR from the rendered pictures
    assert hallo[0].start_s == pytest.approx(0.5, abs=0.4) and bestel[0].start_s == pytest.approx(2.2, abs=0.4)
    fit = result.report.analysis.platforms["tiktok"]
    assert not [w for w in fit.warnings if w["code"] == "text_in_unsafe_zone"]  # clear of TikTok's buttons
    assert all(t.box is not None and t.box[1] + t.box[3] <= 0.75 for t in hallo + bestel)


@pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed (apt-get install espeak-ng)")
def test_auto_captions_come_from_the_speech(tmp_path: Path) -> None:
    model = whisper_test_model(workdir() / "whisper-base")
    if model is None:
        pytest.skip("test model not installed")
    out = tmp_path / "spoken.mp4"
    options = fast(Platform.YOUTUBE_SHORTS, auto_captions=True, whisper_model=str(model), language="en")
    seen: list[float] = []
    result = render_variant(spoken_ad().ad.path, out, options, progress=seen.append)
    assert result.captions >= 2
    assert result.report is not None
    words = " ".join(t.text.lower() for t in result.report.analysis.texts())
    assert "website" in words and "jansen" in words  # what was said, now on screen
    assert seen == sorted(seen) and seen[-1] == 1.0


def test_bad_input_is_refused_and_nothing_is_left_behind(tmp_path: Path) -> None:
    options = fast(Platform.TIKTOK, verify=False)
    with pytest.raises(MediaError, match="not found"):
        render_variant(tmp_path / "missing.mp4", tmp_path / "out.mp4", options)
    with pytest.raises(MediaError):
        render_variant(not_a_video(tmp_path / "notes.mp4"), tmp_path / "out.mp4", options)
    existing = tmp_path / "existing.mp4"
    existing.write_bytes(b"keep me")
    with pytest.raises(InputError, match="already exists") as caught:
        render_variant(two_shots(), existing, options)
    assert existing.read_bytes() == b"keep me" and caught.value.issues[0].location.path == "--output"
    bad_srt = tmp_path / "bad.srt"
    bad_srt.write_text("1\n00:00:01,000 --> later\nHello\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        render_variant(two_shots(), tmp_path / "out.mp4", RenderOptions(Platform.TIKTOK, captions=bad_srt))
    assert "bad.srt" in caught.value.render("en")
    with pytest.raises(InputError, match="aspect"):
        render_variant(two_shots(), tmp_path / "out.mp4", RenderOptions(Platform.TIKTOK, aspect="tall"))
    with pytest.raises(InputError, match="colour"):
        render_variant(two_shots(), tmp_path / "out.mp4", RenderOptions(Platform.TIKTOK, brand_colours=("red",)))
    with pytest.raises(RenderError, match="FFmpeg"):  # FFmpeg itself fails: no half-written file anywhere
        render_variant(two_shots(), tmp_path / "out.mp4", RenderOptions(Platform.TIKTOK, preset="warp-speed"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.srt", "existing.mp4", "notes.mp4"]
    assert FFMPEG  # the FFmpeg that rendered is the one the tests make clips with


def test_variants_of_one_source_share_one_analysis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reelwise.services import render_variant as module

    decodes: list[Path] = []
    real = module._analyse

    def counting(source: Path, *args: Any) -> Any:
        decodes.append(source)
        return real(source, *args)

    monkeypatch.setattr(module, "_analyse", counting)
    square = render_variant(two_shots(), tmp_path / "square.mp4", fast(Platform.FACEBOOK, aspect="1:1", verify=False))
    tall = render_variant(
        two_shots(),
        tmp_path / "tall.mp4",
        fast(Platform.FACEBOOK, aspect="9:16", verify=False),
        analysis=square.analysis,
    )
    assert decodes == [two_shots()]  # decoded once for both shapes
    assert square.crop is not None and tall.crop is not None
    assert [w.start_s for w in square.crop.windows] == [w.start_s for w in tall.crop.windows]  # the same shots
    assert probe_file(tmp_path / "tall.mp4").height == 640
