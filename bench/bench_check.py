"""Benchmark of ``reelwise check`` on a 60 s 1080p30 H.264 clip (AAC sound, a cut every 2.5 s).

Compares, in one run on the same clip:

* the full check without speech recognition (``reelwise check --no-speech``) against
  FFmpeg's bare decode (``ffmpeg -i clip -f null -``) — goal: within 1.3×. Shown three
  ways: the command on one file (Python's start and imports included: a fixed cost of
  about half a second, whatever the video's length), each further file in the same
  command (``reelwise check clip clip`` minus ``reelwise check clip`` of the same round,
  the median over the rounds), and a check in a process that has checked before (the web
  app, a batch);
* reelwise's scene cuts (the decode pass feeding PySceneDetect's ContentDetector) against
  PySceneDetect's own ``detect-content`` (its own video reading) — goal: identical cuts in
  at most 0.7× its time;

and prints the per-analyser time split and the peak memory for a 30 s and a 60 s clip.
Each timing is the best of ``--repeat`` runs, interleaved, so that other load on the
machine disturbs the ratios as little as possible; wall-clock and CPU time (user + system,
all threads) are both shown, CPU time being the steadier measure on a busy machine.

    .venv/bin/python bench/bench_check.py [--clip FILE] [--repeat 3]
"""

from __future__ import annotations

import argparse
import compileall
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "media"))

from clips import FFMPEG, run_ffmpeg, sixty_second_1080p  # noqa: E402


@dataclass
class Timing:
    wall: float = float("inf")
    cpu: float = float("inf")  # user + system seconds of the process and its threads
    runs: list[tuple[float, float]] = field(default_factory=list)  # every (wall, cpu), in order

    def add(self, wall: float, cpu: float) -> None:
        self.wall = min(self.wall, wall)
        self.cpu = min(self.cpu, cpu)
        self.runs.append((wall, cpu))


def timed(cmd: list[str], timing: Timing) -> str:
    """Run ``cmd``; keep its best wall-clock and CPU time; return its standard output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=tempfile.gettempdir())
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    timing.add(wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return proc.stdout


SCENES_CODE = """
import json, sys
from pathlib import Path
from reelwise.adapters.video import decode
from reelwise.media.scenes import SceneAnalyser
a = SceneAnalyser(thumbnails=False)
decode(Path(sys.argv[1]), lambda probe, info: a.start(info), a.process, audio=False)
print(json.dumps(a.finish().cuts))
"""

PYSCENEDETECT_CODE = """
import json, sys
from scenedetect import ContentDetector, detect
print(json.dumps([s.seconds for s, _ in detect(sys.argv[1], ContentDetector())[1:]]))
"""

MEMORY_CODE = """
import resource, sys
from pathlib import Path
from reelwise.services.check_video import CheckOptions, check_video
check_video(Path(sys.argv[1]), CheckOptions(no_speech=True))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clip", type=Path, help="the 60 s clip (made when missing)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.gettempdir()) / "reelwise-bench"
    work.mkdir(exist_ok=True)
    clip = args.clip or work / "check-60s-1080p30.mp4"
    if not clip.is_file():
        print(f"making {clip} (60 s, 1080p30, H.264) …", flush=True)
        sixty_second_1080p(clip)
    half = work / "check-30s-1080p30.mp4"
    if not half.is_file():
        run_ffmpeg(["-i", str(clip), "-t", "30", "-c", "copy", str(half)])

    # reelwise's bytecode, as an installed package has it (Python writes it on first import,
    # unless PYTHONDONTWRITEBYTECODE is set: then every command would compile it again)
    compileall.compile_dir(str(ROOT / "src" / "reelwise"), quiet=1)

    from reelwise.services.check_video import CheckOptions, check_video

    py = sys.executable
    bare, cli, ours_t, sd_api, sd_cli = Timing(), Timing(), Timing(), Timing(), Timing()
    cli_two = Timing()
    cli_data: dict[str, Any] = {}
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(args.repeat):  # interleaved: load on the machine hits every command alike
        timed([FFMPEG, "-v", "error", "-i", str(clip), "-f", "null", "-"], bare)
        cli_data = json.loads(timed([py, "-m", "reelwise", "check", "--no-speech", "--json", str(clip)], cli))[0]
        timed([py, "-m", "reelwise", "check", "--no-speech", "--json", str(clip), str(clip)], cli_two)
        ours = json.loads(timed([py, "-c", SCENES_CODE, str(clip)], ours_t))
        theirs = json.loads(timed([py, "-c", PYSCENEDETECT_CODE, str(clip)], sd_api))
        timed([py, "-m", "scenedetect", "-q", "-i", str(clip), "detect-content", "list-scenes", "-n", "-q"], sd_cli)
    identical = [round(c, 3) for c in ours] == [round(c, 3) for c in theirs]
    check_video(clip, CheckOptions(no_speech=True))  # models loaded; the next runs show a warm check
    warm = Timing()
    api: dict[str, Any] = {}
    for _ in range(args.repeat):
        cpu0, started = time.process_time(), time.perf_counter()
        api = check_video(clip, CheckOptions(no_speech=True)).to_dict("en")
        warm.add(time.perf_counter() - started, time.process_time() - cpu0)
    t_api = warm.wall
    # each further file: the two-file command minus the one-file command of the same round
    # (the rounds are interleaved), the median over the rounds: a difference of two best-of
    # times can pair a lucky run with an unlucky one
    pairs = list(zip(cli_two.runs, cli.runs, strict=True))
    further = Timing(
        statistics.median(two[0] - one[0] for two, one in pairs),
        statistics.median(two[1] - one[1] for two, one in pairs),
    )
    no_text = Timing()
    for _ in range(args.repeat):  # everything but on-screen text (OCR), in-process
        cpu0, started = time.process_time(), time.perf_counter()
        check_video(clip, CheckOptions(no_speech=True, ocr=False))
        no_text.add(time.perf_counter() - started, time.process_time() - cpu0)
    memory = {}
    for name, path in (("30 s", half), ("60 s", clip)):
        memory[name] = int(timed([py, "-c", MEMORY_CODE, str(path)], Timing()).strip().splitlines()[-1]) / 1024

    def row(label: str, t: Timing, ref: Timing | None = None, goal: str = "") -> None:
        ratio = f"{t.wall / ref.wall:5.2f}× wall {t.cpu / ref.cpu:5.2f}× CPU {goal}" if ref else ""
        print(f"{label:42s} {t.wall:6.2f} s wall {t.cpu:6.2f} s CPU   {ratio}")

    print(f"\nclip: {clip} ({len(ours)} cuts), best of {args.repeat}\n")
    row("ffmpeg -i clip -f null - (bare decode)", bare)
    row("reelwise check --no-speech, one file (CLI)", cli, bare, "(goal 1.3×)")
    row("  each further file in the same command", further, bare, "(goal 1.3×)")
    row("  a check in a running process", warm, bare, "(goal 1.3×)")
    row("  the same without OCR", no_text, bare, "(the pipeline's own cost)")
    row("PySceneDetect detect() (own reading)", sd_api)
    row("scenedetect detect-content (CLI)", sd_cli)
    row("reelwise scene cuts (decode pass)", ours_t, sd_api, "of PySceneDetect detect() (goal 0.7×)")
    row("reelwise scene cuts (decode pass)", ours_t, sd_cli, "of scenedetect CLI")
    print(f"cuts identical to PySceneDetect: {identical}")
    print(f"peak memory of a check: 30 s clip {memory['30 s']:.0f} MB, 60 s clip {memory['60 s']:.0f} MB")
    print(
        f"\nper-analyser time, in-process check with models loaded ({t_api:.2f} s;"
        " threaded analysers overlap the decode):"
    )
    for name, seconds in sorted(api["timings_s"].items(), key=lambda kv: -kv[1]):
        print(f"  {name:16s} {seconds:6.2f} s")
    print(f"\nCLI run timings: {cli_data.get('timings_s')}")


if __name__ == "__main__":
    main()
