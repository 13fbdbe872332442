"""Scene cuts: at the known times, identical to ``scenedetect detect-content``; pacing rules."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from clips import Ad, run_ffmpeg

from reelwise.adapters.video import decode
from reelwise.media.scenes import SceneAnalyser, SceneResult, pacing, shots_from_cuts


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
    """The detector scores frames with one absdiff and exact sums; its scores must be the
    stock ContentDetector's, frame by frame, on real footage."""
    import av
    import cv2
    from scenedetect.common import FrameTimecode
    from scenedetect.detectors import ContentDetector

    from reelwise.media.scenes import _content_detector

    ours, theirs = _content_detector(27.0, 15), ContentDetector()
    compared = 0
    with av.open(str(shared_media / "car-detection.mp4")) as container:
        for index, frame in enumerate(container.decode(video=0)):
            if index >= 150:
                break
            small = cv2.resize(frame.to_ndarray(format="bgr24"), (256, 144))
            tc = FrameTimecode(index, fps=30.0)
            assert ours.process_frame(tc, small) == theirs.process_frame(tc, small)
            assert ours._frame_score == theirs._frame_score
            compared += 1
    assert compared == 150
