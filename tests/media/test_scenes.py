"""Scene cuts: at the known times, identical to PySceneDetect's ContentDetector (through its
API on the same frames, and ``scenedetect detect-content`` on the files); pacing rules.

PySceneDetect stays installed as the reference; the analyser itself never imports it."""

from __future__ import annotations

import csv
import itertools
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from clips import Ad, Scene, make_ad, make_vfr, run_ffmpeg, to_vfr
from hypothesis import given, settings
from hypothesis import strategies as st

from reelwise.adapters.video import decode
from reelwise.media.base import Frame, ImageU8, StreamInfo
from reelwise.media.scenes import (
    HsvChangeScorer,
    MinSceneLengthFilter,
    SceneAnalyser,
    SceneResult,
    pacing,
    shots_from_cuts,
)


def detect(path: Path) -> SceneResult:
    analyser = SceneAnalyser()
    decode(path, lambda probe, info: analyser.start(info), analyser.process, audio=False)
    return analyser.finish()


def scenedetect_cli(path: Path, out: Path) -> list[float]:
    """Cut times from PySceneDetect's own command line, with its own video reading."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "scenedetect",
            "-q",
            "-i",
            str(path),
            "-o",
            str(out),
            "detect-content",
            "list-scenes",
            "-q",
            "-s",
            "-f",
            "scenes.csv",
        ],
        check=True,
        capture_output=True,
    )
    with (out / "scenes.csv").open(newline="") as handle:
        rows = list(csv.reader(handle))
    col = rows[0].index("Start Time (seconds)")
    return [float(r[col]) for r in rows[2:]]


@pytest.mark.parametrize("aspect", ["9:16", "16:9", "1:1"])
def test_cuts_at_known_times(cut_ads: dict[str, Ad], aspect: str) -> None:
    ad = cut_ads[aspect]
    result = detect(ad.path)
    frame = 1 / ad.fps
    assert len(result.cuts) == len(ad.cut_times)
    for found, known in zip(result.cuts, ad.cut_times, strict=True):
        assert found == pytest.approx(known, abs=frame + 1e-6)
    assert [round(s.start_s, 3) for s in result.shots] == [0.0, *[round(c, 3) for c in result.cuts]]
    assert result.shots[-1].end_s == pytest.approx(ad.duration_s, abs=frame + 1e-6)
    assert set(result.thumbnails) == {round(s.start_s, 6) for s in result.shots}
    assert all(t.startswith(b"\xff\xd8") for t in result.thumbnails.values())  # JPEG


@pytest.fixture(scope="module")
def real_footage_cut(shared_media: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[float]]:
    """Real camera footage from three files joined with hard cuts at 2.2, 4.8 and 6.5 s."""
    media = shared_media
    out = tmp_path_factory.mktemp("real") / "joined.mp4"
    parts = [
        ("car-detection.mp4", 0.0, 2.2),
        ("bottle-detection.mp4", 5.0, 2.6),
        ("asl-thanks.mkv", 0.0, 1.7),
        ("car-detection.mp4", 10.0, 2.0),
    ]
    args: list[str] = []
    chains = []
    for i, (name, start, length) in enumerate(parts):
        args += ["-ss", str(start), "-t", str(length + 0.5), "-i", str(media / name)]
        frames = round(length * 25)
        chains.append(
            f"[{i}:v]fps=25,trim=end_frame={frames},setpts=PTS-STARTPTS,scale=640:360,setsar=1,format=yuv420p[v{i}]"
        )
    chains.append("".join(f"[v{i}]" for i in range(len(parts))) + f"concat=n={len(parts)}:v=1:a=0[out]")
    run_ffmpeg(
        [
            *args,
            "-filter_complex",
            ";".join(chains),
            "-map",
            "[out]",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-crf",
            "20",
            str(out),
        ]
    )
    return out, [2.2, 4.8, 6.5]


def test_identical_to_scenedetect_on_real_footage(real_footage_cut: tuple[Path, list[float]], tmp_path: Path) -> None:
    path, joins = real_footage_cut
    ours = detect(path).cuts
    theirs = scenedetect_cli(path, tmp_path / "sd")
    assert [round(c, 3) for c in ours] == [round(c, 3) for c in theirs]
    assert len(ours) == len(joins)
    for found, join in zip(ours, joins, strict=True):
        assert found == pytest.approx(join, abs=2 / 25 + 1e-6)


def test_identical_to_scenedetect_on_generated_ads(cut_ads: dict[str, Ad], tmp_path: Path) -> None:
    for aspect, ad in cut_ads.items():
        ours = [round(c, 3) for c in detect(ad.path).cuts]
        assert ours == [round(c, 3) for c in scenedetect_cli(ad.path, tmp_path / aspect.replace(":", "x"))], aspect


def test_continuous_real_footage_has_no_cuts(shared_data: Path) -> None:
    result = detect(shared_data / "media" / "bottle-detection.mp4")
    assert result.cuts == []
    assert len(result.shots) == 1
    assert result.pacing.first_cut_s is None
    assert not result.pacing.dynamic_start


def test_pacing_rules() -> None:
    slow = pacing([4.0, 9.0], 12.0)
    assert slow.first_cut_s == 4.0 and not slow.dynamic_start
    assert slow.shots == 3 and slow.average_shot_s == pytest.approx(4.0)
    assert not slow.quick_pacing and not slow.fast_overall
    quick = pacing([0.8, 1.6, 2.4, 3.2, 6.0, 8.0], 10.0)
    assert quick.dynamic_start and quick.first_cut_s == 0.8
    assert quick.max_shots_in_5s >= 5 and quick.quick_pacing
    assert quick.shots_in_first_5s == 5 and quick.quick_pacing_first_5s
    four = pacing([1.0, 2.0, 3.0], 4.9)  # four shots in five seconds is not quick
    assert four.max_shots_in_5s == 4 and not four.quick_pacing
    assert four.fast_overall  # 4.9 s / 4 shots
    assert pacing([3.0], 6.0).dynamic_start  # exactly 3 s counts
    assert pacing([], 0.0).shots == 0


def test_shots_cover_the_video_without_gaps() -> None:
    shots = shots_from_cuts([2.0, 1.0, 7.0, 0.0, 5.0], 6.0)
    assert [(s.start_s, s.end_s) for s in shots] == [(0.0, 1.0), (1.0, 2.0), (2.0, 5.0), (5.0, 6.0)]


def test_the_leaner_scoring_gives_pyscenedetects_scores_to_the_last_bit(shared_media: Path) -> None:
    """The scorer uses one absdiff and exact sums; its scores must be the stock
    ContentDetector's, frame by frame, on real footage."""
    import av
    import cv2
    from scenedetect.common import FrameTimecode
    from scenedetect.detectors import ContentDetector

    ours, theirs = HsvChangeScorer(), ContentDetector()
    compared = 0
    with av.open(str(shared_media / "car-detection.mp4")) as container:
        for index, frame in enumerate(container.decode(video=0)):
            if index >= 150:
                break
            small = cv2.resize(frame.to_ndarray(format="bgr24"), (256, 144)).astype(np.uint8, copy=False)
            theirs.process_frame(FrameTimecode(index, fps=30.0), small)
            assert ours.score(small) == theirs._frame_score
            compared += 1
    assert compared == 150


# ---- the same frames through PySceneDetect's own API ------------------------------------


@dataclass
class Decoded:
    """A clip's small frames as the decode pass hands them to the analysers."""

    info: StreamInfo
    times: list[float]
    smalls: list[ImageU8]


def decoded(path: Path) -> Decoded:
    infos: list[StreamInfo] = []
    times: list[float] = []
    smalls: list[ImageU8] = []

    def on_frame(frame: Frame) -> None:
        times.append(frame.time_s)
        smalls.append(frame.small().copy())

    decode(path, lambda probe, info: infos.append(info), on_frame, audio=False)
    return Decoded(infos[0], times, smalls)


def analyse(clip: Decoded, threshold: float = 27.0, min_scene_len: int = 15) -> SceneResult:
    analyser = SceneAnalyser(threshold=threshold, min_scene_len=min_scene_len, thumbnails=False)
    analyser.start(clip.info)
    for index, (time_s, small) in enumerate(zip(clip.times, clip.smalls, strict=True)):
        analyser.process(Frame(index, time_s, _given(small), _given(small)))
    return analyser.finish()


def _given(image: ImageU8) -> Callable[[], ImageU8]:
    return lambda: image


def nominal_rate(info: StreamInfo) -> Fraction:
    return Fraction(info.fps).limit_denominator(1001) if info.fps > 0 else Fraction(30)


def content_detector_cuts(clip: Decoded, threshold: float = 27.0, min_scene_len: int = 15) -> list[float]:
    """Scene start times from PySceneDetect's ContentDetector given the same frames, with
    each frame's time as a microsecond timecode at the stream's nominal rate, collected
    as its SceneManager does (every frame's cuts, then post_process, sorted, unique)."""
    from scenedetect.common import FrameTimecode, Timecode
    from scenedetect.detectors import ContentDetector

    detector = ContentDetector(threshold=threshold, min_scene_len=min_scene_len)
    fps = nominal_rate(clip.info)
    found: list[FrameTimecode] = []
    timecode = None
    for time_s, small in zip(clip.times, clip.smalls, strict=True):
        timecode = FrameTimecode(Timecode(pts=round(time_s * 1_000_000), time_base=Fraction(1, 1_000_000)), fps=fps)
        found += detector.process_frame(timecode, small)
    assert timecode is not None
    found += detector.post_process(timecode)
    return [round(tc.seconds, 6) for tc in sorted(set(found)) if tc.seconds > 0]


@pytest.fixture(scope="module")
def reference_clips(
    cut_ads: dict[str, Ad],
    real_footage_cut: tuple[Path, list[float]],
    shared_media: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Decoded]:
    """Generated ads with known cuts, flashes and shots shorter than 15 frames, fades, a
    variable-frame-rate clip and real footage, decoded once."""
    folder = tmp_path_factory.mktemp("reference")
    flashes = make_ad(
        folder / "flashes.mp4",
        scenes=[
            Scene(1.5),
            Scene(2 / 30, colour="0xFFFFFF", kind="static"),  # a two-frame flash
            Scene(1.0),
            Scene(0.2),  # six frames
            Scene(0.1),  # three frames
            Scene(1 / 30, colour="0xFFFFFF", kind="static"),  # a one-frame flash
            Scene(0.3),
            Scene(1.2),
            Scene(0.4),  # twelve frames, then fifteen
            Scene(0.5),
            Scene(1.0),
        ],
        audio=None,
    )
    base = make_ad(folder / "fade-base.mp4", scenes=[Scene(2.0), Scene(2.0), Scene(2.0), Scene(2.0)], audio=None)
    fades = folder / "fades.mp4"  # through black in 3 frames, through white in 18, a 3-frame dissolve
    trims = ";".join(f"[p{i}]trim={2 * i}:{2 * i + 2},setpts=PTS-STARTPTS[s{i}]" for i in range(4))
    run_ffmpeg(
        [
            "-i",
            str(base.path),
            "-filter_complex",
            f"[0:v]split=4[p0][p1][p2][p3];{trims};"
            "[s0][s1]xfade=transition=fadeblack:duration=0.1:offset=1.9[f1];"
            "[f1][s2]xfade=transition=fadewhite:duration=0.6:offset=3.3[f2];"
            "[f2][s3]xfade=transition=fade:duration=0.1:offset=5.2[v]",
            "-map",
            "[v]",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            str(fades),
        ]
    )
    vfr = make_vfr(folder / "vfr.mp4")
    flashes_vfr = to_vfr(flashes.path, folder / "flashes-vfr.mp4", 3.0)  # every third frame after 3 s
    paths = {
        **{f"ad {aspect}": ad.path for aspect, ad in cut_ads.items()},
        "flashes": flashes.path,
        "fades": fades,
        "vfr": vfr.path,
        "flashes vfr": flashes_vfr,
        "real joined": real_footage_cut[0],
        "car": shared_media / "car-detection.mp4",
        "bottle": shared_media / "bottle-detection.mp4",
        "asl": shared_media / "asl-thanks.mkv",
    }
    return {name: decoded(path) for name, path in paths.items()}


def test_identical_to_content_detector_on_the_same_frames(reference_clips: dict[str, Decoded]) -> None:
    cut_counts = {}
    for name, clip in reference_clips.items():
        ours = analyse(clip).cuts
        assert ours == content_detector_cuts(clip), name
        cut_counts[name] = len(ours)
    assert cut_counts["ad 16:9"] == 3 and cut_counts["real joined"] == 3 and cut_counts["bottle"] == 0
    # The flash filter matters: the flashes and short shots merge into fewer cuts than joins.
    assert 0 < cut_counts["flashes"] < 10


@pytest.mark.parametrize(("threshold", "min_scene_len"), [(12.0, 15), (27.0, 0), (27.0, 1), (20.0, 4), (40.0, 30)])
def test_identical_to_content_detector_with_other_settings(
    reference_clips: dict[str, Decoded], threshold: float, min_scene_len: int
) -> None:
    for name in ("flashes", "fades", "vfr", "real joined"):
        clip = reference_clips[name]
        ours = analyse(clip, threshold, min_scene_len).cuts
        assert ours == content_detector_cuts(clip, threshold, min_scene_len), (name, threshold, min_scene_len)


def test_variable_frame_rate_counts_nominal_frames_as_pyscenedetect_does(reference_clips: dict[str, Decoded]) -> None:
    """On a VFR clip the minimum scene length is counted in frames of the stream's nominal
    (average) rate between frame times, as PySceneDetect counts it for the same timecodes."""
    for name in ("vfr", "flashes vfr"):
        clip = reference_clips[name]
        gaps = {round(b - a, 3) for a, b in itertools.pairwise(clip.times)}
        assert {0.033, 0.1} <= gaps, name  # the clip really has two frame rates
        for min_scene_len in (15, 6, 3):
            assert analyse(clip, 27.0, min_scene_len).cuts == content_detector_cuts(clip, 27.0, min_scene_len)
    assert analyse(reference_clips["vfr"]).cuts == [2.0]


# ---- the filter and the whole detector on random input ----------------------------------


RATES = [Fraction(24000, 1001), Fraction(25), Fraction(30000, 1001), Fraction(30), Fraction(179, 6), Fraction(60)]


@st.composite
def timed_flags(draw: st.DrawFn) -> tuple[Fraction, list[tuple[int, bool]]]:
    """A nominal rate and frames (microseconds since the previous frame, above the threshold?).

    Steps are arbitrary, or near whole and half frames of the rate, where the rounding of
    ``seconds * fps`` decides whether a minimum length is met."""
    rate = draw(
        st.sampled_from(RATES) | st.fractions(min_value=1, max_value=120).map(lambda f: f.limit_denominator(1001))
    )
    near_frames = st.builds(
        lambda halves, nudge: max(0, round(halves * 1_000_000 / (2 * rate)) + nudge),
        st.integers(min_value=1, max_value=40),
        st.integers(min_value=-1, max_value=1),
    )
    steps = st.integers(min_value=0, max_value=150_000) | near_frames
    flags = st.booleans() | st.just(True)
    return rate, draw(st.lists(st.tuples(steps, flags), min_size=1, max_size=120))


@settings(max_examples=400, deadline=None)
@given(
    timed=timed_flags(),
    min_frames=st.integers(min_value=-1, max_value=20),
    start_us=st.integers(min_value=0, max_value=10_000_000),
)
def test_filter_matches_pyscenedetects_flash_filter(
    timed: tuple[Fraction, list[tuple[int, bool]]], min_frames: int, start_us: int
) -> None:
    from scenedetect.common import FrameTimecode, Timecode
    from scenedetect.detector import FlashFilter

    rate, frames = timed
    theirs = FlashFilter(mode=FlashFilter.Mode.MERGE, length=min_frames)
    ours = MinSceneLengthFilter(min_frames, float(rate))
    time_us = start_us
    for step, above in frames:
        time_us += step
        timecode = FrameTimecode(Timecode(pts=time_us, time_base=Fraction(1, 1_000_000)), fps=rate)
        expected = [tc.pts for tc in theirs.filter(timecode=timecode, above_threshold=above)]
        got = ours.push(time_us, above)
        assert ([] if got is None else [got]) == expected


def test_filter_rounds_half_frames_as_pyscenedetect_does() -> None:
    """At 29.97 fps, 250 250 µs is 7.5 frames, but ``seconds * fps`` gives 7.4999…: whether
    8 frames have passed depends on doing the same float operations in the same order."""
    from scenedetect.common import FrameTimecode, Timecode
    from scenedetect.detector import FlashFilter

    rate = Fraction(30000, 1001)
    first_cuts = {}
    for step_us, min_frames in ((250_250, 8), (650_650, 20), (50_050, 2), (250_250, 7)):
        theirs = FlashFilter(mode=FlashFilter.Mode.MERGE, length=min_frames)
        ours = MinSceneLengthFilter(min_frames, float(rate))
        emitted = []
        for n in range(12):
            time_us = n * step_us
            timecode = FrameTimecode(Timecode(pts=time_us, time_base=Fraction(1, 1_000_000)), fps=rate)
            expected = [tc.pts for tc in theirs.filter(timecode=timecode, above_threshold=n % 3 != 2)]
            got = ours.push(time_us, n % 3 != 2)
            assert ([] if got is None else [got]) == expected, (step_us, min_frames, n)
            emitted += expected
        first_cuts[step_us, min_frames] = emitted[0] // step_us
    # One step is 7 frames, not 8 (nor 20 for 650 650 µs); 2 for 50 050 µs.
    assert first_cuts == {(250_250, 8): 3, (650_650, 20): 3, (50_050, 2): 1, (250_250, 7): 1}


@st.composite
def frame_sequences(draw: st.DrawFn) -> tuple[float, list[ImageU8]]:
    """Small BGR frames in runs of one colour with a moving block; some runs last a frame."""
    fps = draw(st.sampled_from([25.0, 30.0, 29.97, 12.5]))
    frames: list[ImageU8] = []
    for _ in range(draw(st.integers(min_value=1, max_value=12))):
        colour = draw(st.tuples(*[st.integers(0, 255)] * 3))
        length = draw(st.integers(min_value=1, max_value=25))
        block = draw(st.tuples(*[st.integers(0, 255)] * 3))
        for k in range(length):
            image = np.empty((18, 32, 3), np.uint8)
            image[:] = colour
            image[4:10, (k * 3) % 26 : (k * 3) % 26 + 6] = block
            frames.append(image)
    return fps, frames


@settings(max_examples=60, deadline=None)
@given(sequence=frame_sequences(), threshold=st.sampled_from([8.0, 27.0, 45.0]), min_scene_len=st.integers(0, 16))
def test_detector_matches_content_detector_on_random_frames(
    sequence: tuple[float, list[ImageU8]], threshold: float, min_scene_len: int
) -> None:
    fps, smalls = sequence
    info = StreamInfo(width=32, height=18, fps=fps, duration_s=len(smalls) / fps)
    clip = Decoded(info, [i / fps for i in range(len(smalls))], smalls)
    assert analyse(clip, threshold, min_scene_len).cuts == content_detector_cuts(clip, threshold, min_scene_len)


def test_the_analyser_never_imports_scenedetect() -> None:
    script = """
import sys
import numpy as np
from reelwise.media.base import Frame, StreamInfo
from reelwise.media.scenes import SceneAnalyser

analyser = SceneAnalyser()
analyser.start(StreamInfo(width=64, height=36, fps=30.0, duration_s=2.0))
for i in range(60):
    image = np.full((36, 64, 3), 255 if (i // 20) % 2 else 0, np.uint8)
    analyser.process(Frame(i, i / 30, lambda image=image: image, lambda image=image: image))
result = analyser.finish()
print(result.cuts, len(result.thumbnails))
print(sorted(name for name in sys.modules if name.split(".")[0] == "scenedetect"))
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    cuts, loaded = proc.stdout.splitlines()
    assert cuts == "[0.666667, 1.333333] 3"
    assert loaded == "[]"
