"""Benchmark of ``reelwise render`` on a 60 s 1080p30 H.264 clip (AAC sound, a cut every 2.5 s).

Compares, in one run on the same clip, a 9:16 TikTok variant (1080x1920, x264 at the same
preset and CRF) made three ways:

* **by hand**: one FFmpeg command with a fixed centre crop, the scale and the encode
  (``ffmpeg -i clip -vf crop=…,scale=1080:1920 -c:v libx264 … -c:a aac out.mp4``): the
  reference, what an editor would type without reelwise;
* ``reelwise render --no-check --no-end-card``: the same encode plus reelwise's own work:
  the analysis pass (shots and the subject, for the per-shot crop) and the loudness
  measurement;
* ``reelwise render`` as a user runs it: with the end card and the video check of the result.

Each timing is the best of ``--repeat`` interleaved runs; the ratios are to the reference.

    .venv/bin/python bench/bench_render.py [--clip FILE] [--repeat 2] [--preset veryfast]
"""

from __future__ import annotations

import argparse
import compileall
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "media"))

from clips import FFMPEG, sixty_second_1080p  # noqa: E402


def timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 2):  # 2: reelwise's check says the variant does not fit
        raise SystemExit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr[-2000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clip", type=Path, help="a 16:9 clip (default: a generated 60 s 1080p30 one)")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--preset", default="veryfast")
    args = parser.parse_args()
    compileall.compile_dir(str(ROOT / "src" / "reelwise"), quiet=1)
    work = Path(tempfile.mkdtemp(prefix="bench-render-"))
    clip = args.clip or sixty_second_1080p(work / "clip.mp4").path
    reelwise = [sys.executable, "-m", "reelwise"]
    runs = {
        "by hand (ffmpeg: centre crop, scale, encode)": lambda out: [
            FFMPEG,
            *("-hide_banner", "-loglevel", "error", "-y", "-i", str(clip)),
            *("-vf", "crop=trunc(ih*9/16/2)*2:ih,scale=1080:1920:flags=lanczos,setsar=1,format=yuv420p"),
            *("-c:v", "libx264", "-preset", args.preset, "-crf", "20", "-c:a", "aac", "-b:a", "192k", str(out)),
        ],
        "reelwise render --no-check --no-end-card": lambda out: [
            *reelwise,
            *("render", str(clip), "--platform", "tiktok", "--preset", args.preset, "--force"),
            *("--no-check", "--no-end-card", "-o", str(out)),
        ],
        "reelwise render (end card, checked)": lambda out: [
            *reelwise,
            *("render", str(clip), "--platform", "tiktok", "--preset", args.preset, "--force"),
            *("--cta-text", "Order now", "--brand-colour", "#2471A3", "-o", str(out)),
        ],
    }
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        for name, command in runs.items():
            out = work / f"{abs(hash(name))}.mp4"
            out.unlink(missing_ok=True)
            best[name] = min(best.get(name, float("inf")), timed(command(out)))
    reference = best[next(iter(runs))]
    print(f"clip: {clip} · x264 preset {args.preset}, CRF 20 · best of {args.repeat}")
    for name, seconds in best.items():
        print(f"  {name:48s} {seconds:7.2f} s  {seconds / reference:5.2f}×")


if __name__ == "__main__":
    main()
