"""Benchmark of the scene analyser alone: reelwise's own cut detection against the
previous analyser, which drove PySceneDetect's ContentDetector (same scores, same cuts).

In one run, on the same small frames (the 256 px wide BGR copies the decoder makes for
the analysers, decoded once from the 60 s 1080p30 benchmark clip: 1,800 frames):

* CPU time per frame (user + system, all threads) of ``process`` over every frame plus
  ``finish``, thumbnails off and on, for both analysers; each the best of ``--repeat``
  interleaved runs. The cost of the score alone (HSV conversion, one ``absdiff``, one
  sum) is shown as the floor both share;
* the cold import cost, each in a fresh process that has already imported what the
  check imports anyway (NumPy, OpenCV, PyAV): ``reelwise.media.scenes`` against the
  previous analyser's extra ``scenedetect`` imports; best and median of ``--imports``
  processes;
* whether both give the same cuts.

    .venv/bin/python bench/bench_scenes.py [--clip FILE] [--repeat 7] [--imports 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.media.clips import sixty_second_1080p  # noqa: E402

from reelwise.adapters.video import decode  # noqa: E402
from reelwise.media.base import Frame, ImageU8, StreamInfo  # noqa: E402
from reelwise.media.scenes import HsvChangeScorer, SceneAnalyser, SceneResult, _jpeg, pacing, shots_from_cuts  # noqa: E402


class PySceneDetectAnalyser:
    """The previous analyser: each frame's time as a PySceneDetect ``FrameTimecode``
    (microsecond time base, nominal rate) into a ContentDetector that scores with one
    absdiff (bit-identical to the stock one), cuts and thumbnails as before."""

    def __init__(self, thumbnails: bool = True) -> None:
        self.keep_thumbnails = thumbnails
        self.threshold = 27.0

    def start(self, info: StreamInfo) -> None:
        import cv2
        import numpy as np
        from scenedetect.detectors import ContentDetector

        class _Detector(ContentDetector):  # type: ignore[misc]
            _last_hsv: Any = None

            def _calculate_frame_score(self, timecode: Any, frame_img: Any) -> float:
                weights = tuple(self._weights)
                hsv = cv2.cvtColor(frame_img, cv2.COLOR_BGR2HSV)
                last, self._last_hsv = self._last_hsv, hsv
                if last is None or last.shape != hsv.shape:
                    return 0.0
                pixels = float(hsv.shape[0] * hsv.shape[1])
                sums = cv2.sumElems(cv2.absdiff(hsv, last))
                parts = (np.int64(sums[0]) / pixels, np.int64(sums[1]) / pixels, np.int64(sums[2]) / pixels, 0.0)
                return float(sum(c * w for c, w in zip(parts, weights, strict=True)) / sum(abs(w) for w in weights))

        self._detector = _Detector(threshold=self.threshold, min_scene_len=15)
        self._fps = Fraction(info.fps).limit_denominator(1001) if info.fps > 0 else Fraction(30)
        self._cuts: list[float] = []
        self._thumbs: dict[float, bytes] = {}
        self._duration = 0.0
        self._last: Any = None

    def process(self, frame: Frame) -> None:
        from scenedetect.common import FrameTimecode, Timecode

        tc = FrameTimecode(
            Timecode(pts=round(frame.time_s * 1_000_000), time_base=Fraction(1, 1_000_000)), fps=self._fps
        )
        small = frame.small()
        for cut in self._detector.process_frame(tc, small):
            self._cuts.append(float(cut.seconds))
        self._last = tc
        if self.keep_thumbnails and (frame.index == 0 or (self._detector._frame_score or 0) >= self.threshold):
            self._thumbs[round(frame.time_s, 6)] = _jpeg(small)
        self._duration = max(self._duration, frame.time_s + float(1 / self._fps))

    def finish(self) -> SceneResult:
        if self._last is not None:
            for cut in self._detector.post_process(self._last):
                self._cuts.append(float(cut.seconds))
        cuts = sorted({round(c, 6) for c in self._cuts if c > 0})
        shots = shots_from_cuts(cuts, self._duration)
        return SceneResult(cuts=cuts, shots=shots, pacing=pacing(cuts, self._duration))


def small_frames(clip: Path) -> tuple[StreamInfo, list[Frame]]:
    infos: list[StreamInfo] = []
    kept: list[tuple[int, float, ImageU8]] = []

    def keep(frame: Frame) -> None:
        kept.append((frame.index, frame.time_s, frame.small().copy()))

    decode(clip, lambda probe, info: infos.append(info), keep, audio=False)

    def given(image: ImageU8) -> Callable[[], ImageU8]:
        return lambda: image

    # Each run gets fresh Frame objects (their small copy cached on first use, as in the check).
    return infos[0], [Frame(i, t, given(s), given(s)) for i, t, s in kept]


def cpu_run(make: Callable[[], Any], clip: Path, info: StreamInfo, frames: list[Frame]) -> tuple[float, list[float]]:
    analyser = make()
    started = time.process_time()
    analyser.start(info)
    for frame in frames:
        analyser.process(frame)
    result = analyser.finish()
    return time.process_time() - started, result.cuts


def score_only(frames: list[Frame]) -> float:
    scorer = HsvChangeScorer()
    started = time.process_time()
    for frame in frames:
        scorer.score(frame.small())
    return time.process_time() - started


PRELUDE = "import numpy, cv2, av, time; t = time.perf_counter(); "
IMPORTS = {
    "reelwise.media.scenes": PRELUDE + "import reelwise.media.scenes",
    "+ scenedetect (previous analyser)": PRELUDE
    + "import reelwise.media.scenes; from scenedetect.common import FrameTimecode, Timecode; "
    "from scenedetect.detectors import ContentDetector",
}


def cold_imports(count: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in IMPORTS}
    for _ in range(count):
        for name, code in IMPORTS.items():
            out = subprocess.run(
                [sys.executable, "-c", code + "; print(time.perf_counter() - t)"],
                capture_output=True,
                text=True,
                check=True,
                cwd=tempfile.gettempdir(),
            ).stdout
            times[name].append(float(out))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clip", type=Path, help="the 60 s clip (made when missing)")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--imports", type=int, default=7)
    args = parser.parse_args()
    clip = args.clip or Path(tempfile.gettempdir()) / "reelwise-bench" / "check-60s-1080p30.mp4"
    if not clip.is_file():
        clip.parent.mkdir(parents=True, exist_ok=True)
        print(f"making {clip} (60 s, 1080p30, H.264) …", flush=True)
        sixty_second_1080p(clip)
    info, frames = small_frames(clip)
    h, w = frames[0].small().shape[:2]
    print(f"{clip.name}: {len(frames)} frames, small copies {w}x{h}")

    variants: dict[str, Callable[[], Any]] = {
        "reelwise (no thumbnails)": lambda: SceneAnalyser(thumbnails=False),
        "PySceneDetect-driven (no thumbnails)": lambda: PySceneDetectAnalyser(thumbnails=False),
        "reelwise (thumbnails)": lambda: SceneAnalyser(thumbnails=True),
        "PySceneDetect-driven (thumbnails)": lambda: PySceneDetectAnalyser(thumbnails=True),
    }
    best = dict.fromkeys(variants, float("inf"))
    cuts: dict[str, list[float]] = {}
    floor = float("inf")
    for make in variants.values():  # warm-up (first imports, caches)
        cpu_run(make, clip, info, frames)
    for _ in range(args.repeat):
        for name, make in variants.items():
            spent, cuts[name] = cpu_run(make, clip, info, frames)
            best[name] = min(best[name], spent)
        floor = min(floor, score_only(frames))

    n = len(frames)
    print(f"\nCPU per frame (best of {args.repeat}):")
    print(f"  {'score alone (cvtColor + absdiff + sum)':40s} {floor / n * 1e6:7.1f} µs  {floor:6.3f} s")
    for name, spent in best.items():
        print(f"  {name:40s} {spent / n * 1e6:7.1f} µs  {spent:6.3f} s")
    for label in ("no thumbnails", "thumbnails"):
        ours, theirs = best[f"reelwise ({label})"], best[f"PySceneDetect-driven ({label})"]
        print(f"  saved ({label}): {(theirs - ours) / n * 1e6:.1f} µs a frame, {theirs - ours:.3f} s per {n} frames")
    same = len({tuple(c) for c in cuts.values()}) == 1
    print(f"\ncuts identical: {same} ({len(next(iter(cuts.values())))} cuts)")

    imports = cold_imports(args.imports)
    print(f"\ncold import, after numpy + cv2 + av (best / median of {args.imports} processes):")
    for name, runs in imports.items():
        print(f"  {name:40s} {min(runs) * 1e3:6.1f} ms / {statistics.median(runs) * 1e3:6.1f} ms")


if __name__ == "__main__":
    main()
