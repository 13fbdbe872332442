"""The one decode pass: sizes, times, rotation, VFR, sound, and clear errors for bad files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "media"))

from clips import (
    FFMPEG,
    Scene,
    Tone,
    audio_only,
    empty_file,
    make_ad,
    make_vfr,
    not_a_video,
    still_image,
    truncate,
    with_rotation,
)

from reelwise.adapters.video import DecodeResult, decode, probe_file
from reelwise.errors import MediaError
from reelwise.media.base import Frame, StreamInfo
from reelwise.media.probe import VideoProbe


class Recorder:
    def __init__(self, keep: set[int] | None = None) -> None:
        self.info: StreamInfo | None = None
        self.times: list[float] = []
        self.small: dict[int, np.ndarray] = {}
        self.full: dict[int, np.ndarray] = {}
        self.scaled: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # BGR and grey, longest side 320
        self.keep = keep or set()

    def start(self, probe: VideoProbe, info: StreamInfo) -> None:
        self.info = info

    def feed(self, frame: Frame) -> None:
        self.times.append(frame.time_s)
        if frame.index in self.keep:
            self.small[frame.index] = frame.small()
            self.full[frame.index] = frame.bgr()
            self.scaled[frame.index] = (frame.scaled(320), frame.scaled(320, grey=True))


def run(path: Path, keep: set[int] | None = None) -> tuple[DecodeResult, Recorder]:
    rec = Recorder(keep)
    return decode(path, rec.start, rec.feed), rec


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("adapter")
    portrait = make_ad(d / "portrait.mp4", aspect="9:16", scenes=[Scene(1.0), Scene(1.0)], audio=[Tone(-20.0)])
    landscape = make_ad(d / "landscape.mp4", size=(640, 360), scenes=[Scene(1.0), Scene(1.0)], audio=None)
    faststart = make_ad(
        d / "fast.mp4", size=(320, 180), scenes=[Scene(2.0), Scene(2.0)], extra_args=["-movflags", "+faststart"]
    )
    return {
        "portrait": portrait.path,
        "landscape": landscape.path,
        "rotated": with_rotation(landscape.path, d / "rotated.mp4", 90),
        "vfr": make_vfr(d / "vfr.mp4").path,
        "truncated": truncate(portrait.path, d / "truncated.mp4", 0.5),
        "cut_off": truncate(faststart.path, d / "cut_off.mp4", 0.6),
        "empty": empty_file(d / "empty.mp4"),
        "text": not_a_video(d / "notes.mp4"),
        "audio": audio_only(d / "sound.m4a"),
        "image": still_image(d / "picture.png"),
    }


def test_portrait_clip_decodes_with_its_size_rate_and_sound(clips: dict[str, Path]) -> None:
    result, rec = run(clips["portrait"], keep={0})
    p = result.probe
    assert (p.width, p.height, p.rotation) == (360, 640, 0)
    assert p.fps == pytest.approx(30.0)
    assert p.decoded_frames == 60 == len(rec.times)
    assert rec.times[0] == 0.0
    assert rec.times[-1] == pytest.approx(59 / 30, abs=1e-6)
    assert not p.variable_frame_rate
    assert rec.info is not None and (rec.info.width, rec.info.height) == (360, 640)
    assert rec.full[0].shape == (640, 360, 3)
    assert rec.small[0].shape == (455, 256, 3)  # PySceneDetect's 256 px wide working size
    assert result.audio is not None
    assert result.audio.sample_rate == 48_000
    assert result.audio.channels.shape[0] == 2
    assert result.audio.duration_s == pytest.approx(2.0, abs=0.05)
    assert result.audio.mono.dtype == np.float32


def test_a_file_without_sound_has_no_audio(clips: dict[str, Path]) -> None:
    result, _ = run(clips["landscape"])
    assert result.audio is None
    assert not result.probe.has_audio


def test_rotation_metadata_gives_the_display_size_and_upright_pixels(clips: dict[str, Path], tmp_path: Path) -> None:
    result, rec = run(clips["rotated"], keep={10})
    p = result.probe
    assert p.rotation == 90
    assert (p.stored_width, p.stored_height) == (640, 360)
    assert (p.width, p.height) == (360, 640)
    assert probe_file(clips["rotated"]).rotation == 90
    # FFmpeg itself applies the display matrix when it writes a picture: the same pixels.
    png = tmp_path / "f10.png"
    subprocess.run(
        [
            FFMPEG,
            "-v",
            "error",
            "-y",
            "-i",
            str(clips["rotated"]),
            "-vf",
            "select=eq(n\\,10)",
            "-frames:v",
            "1",
            str(png),
        ],
        check=True,
    )
    import cv2

    expected = cv2.imread(str(png))
    assert rec.full[10].shape == expected.shape
    assert np.abs(rec.full[10].astype(int) - expected.astype(int)).mean() < 1.0
    assert rec.small[10].shape[:2] == (455, 256)
    # the scaled copies text is found and read in: upright too, the same picture
    bgr, grey = rec.scaled[10]
    assert bgr.shape == (320, 180, 3) and grey.shape == (320, 180)
    shrunk = cv2.resize(expected, (180, 320), interpolation=cv2.INTER_AREA)
    assert np.abs(bgr.astype(int) - shrunk.astype(int)).mean() < 3.0
    assert np.abs(grey.astype(int) - cv2.cvtColor(shrunk, cv2.COLOR_BGR2GRAY).astype(int)).mean() < 3.0


def test_variable_frame_rate_is_detected_from_timestamps(clips: dict[str, Path]) -> None:
    result, rec = run(clips["vfr"])
    p = result.probe
    assert p.variable_frame_rate
    assert p.min_frame_interval_s == pytest.approx(1 / 30, abs=1e-3)
    assert p.max_frame_interval_s == pytest.approx(3 / 30, abs=1e-3)
    assert rec.times == sorted(rec.times)


def test_a_file_cut_off_mid_stream_decodes_what_is_there(clips: dict[str, Path]) -> None:
    result, rec = run(clips["cut_off"])
    assert 0 < len(rec.times) < 120
    assert (result.probe.decoded_duration_s or 0) < result.probe.duration_s - 0.5


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("truncated", "incomplete or damaged"),
        ("empty", "is empty"),
        ("text", "not a video file"),
        ("audio", "no picture"),
        ("image", "still image"),
    ],
)
def test_bad_files_give_one_clear_error(clips: dict[str, Path], name: str, words: str) -> None:
    with pytest.raises(MediaError) as err:
        run(clips[name])
    message = err.value.render("en")
    assert words in message
    assert str(clips[name]) in message
    assert "Traceback" not in message
    with pytest.raises(MediaError):
        probe_file(clips[name])


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="not found"):
        run(tmp_path / "nope.mp4")
    with pytest.raises(MediaError, match="folder"):
        run(tmp_path)


def test_errors_are_translated(clips: dict[str, Path]) -> None:
    with pytest.raises(MediaError) as err:
        run(clips["empty"])
    assert "leeg" in err.value.render("nl")


@pytest.mark.parametrize(
    ("name", "has_audio", "size"),
    [
        ("car-detection.mp4", True, (768, 432)),
        ("bottle-detection.mp4", False, (640, 360)),
        ("asl-thanks.mkv", False, (640, 480)),
    ],
)
def test_real_footage(shared_data: Path, name: str, has_audio: bool, size: tuple[int, int]) -> None:
    result, rec = run(shared_data / "media" / name)
    p = result.probe
    assert (p.width, p.height) == size
    assert p.has_audio is has_audio
    assert (result.audio is not None) is has_audio
    assert p.decoded_frames == len(rec.times) > 0
    assert p.decoded_duration_s == pytest.approx(p.duration_s, abs=0.1)
    assert not p.variable_frame_rate
