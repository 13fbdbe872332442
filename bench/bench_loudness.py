"""Benchmark of the loudness analyser (and the voice-activity resampling) on the 60 s
stereo AAC 48 kHz sound of the check benchmark clip.

Compares, on the same decoded samples:

* reelwise's integrated loudness and true peak (numpy only) against the previous way:
  ``pyloudnorm`` integrated loudness and a full 4× ``scipy.signal.resample_poly`` true peak
  in float64 — goal: well under 0.15 s CPU for both together, same results;
* the voice-activity resampling to 16 kHz against ``scipy.signal.resample_poly``.

"cold" is the first call in a fresh process, imports included (what one ``reelwise
check`` pays); "warm" is the best of ``--repeat`` further calls. Times are CPU seconds
(user + system, all threads) of this process.

    .venv/bin/python bench/bench_loudness.py [--clip FILE] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CLIP = Path(tempfile.gettempdir()) / "reelwise-bench" / "check-60s-1080p30.mp4"

# Runs in a fresh process: decode the sound, then time one way cold and warm.
CODE = """
import json, sys, time
import numpy as np
import av

def sound(path):
    with av.open(path) as c:
        res = av.AudioResampler(format="fltp", layout="stereo", rate=48000)
        parts = [o.to_ndarray() for f in c.decode(c.streams.audio[0]) for o in res.resample(f)]
        parts += [o.to_ndarray() for o in res.resample(None)]
    return np.ascontiguousarray(np.concatenate(parts, axis=1), dtype=np.float32)

channels = sound(sys.argv[1])
mono = channels.mean(axis=0, dtype=np.float32)
way, repeat = sys.argv[2], int(sys.argv[3])

def run():
    if way == "new":
        from reelwise.media.loudness import integrated_loudness, true_peak
        return integrated_loudness(channels, 48000), true_peak(channels, 48000)
    if way == "old":
        import pyloudnorm
        from scipy.signal import resample_poly
        data = channels.T.astype(np.float64)
        lufs = pyloudnorm.Meter(48000).integrated_loudness(data)
        peak = 0.0
        for start in range(0, channels.shape[1], 480000):
            lo, hi = max(0, start - 64), min(channels.shape[1], start + 480000 + 64)
            up = resample_poly(channels[:, lo:hi].astype(np.float64), 4, 1, axis=1)
            inner = up[:, (start - lo) * 4 : (start - lo + min(480000, channels.shape[1] - start)) * 4]
            peak = max(peak, float(np.abs(inner).max()))
        peak = max(peak, float(np.abs(channels).max()))
        return float(lufs), 20 * np.log10(peak)
    if way == "vad-new":
        from reelwise.media.vad import to_16k
        return float(np.abs(to_16k(mono, 48000)).sum()), 0.0
    if way == "vad-old":
        from scipy.signal import resample_poly
        return float(np.abs(resample_poly(mono, 1, 3)).sum()), 0.0
    raise SystemExit(way)

def cpu():
    t = time.process_time()
    return t

t = cpu(); result = run(); cold = cpu() - t
warm = float("inf")
for _ in range(repeat):
    t = cpu(); run(); warm = min(warm, cpu() - t)
print(json.dumps({"cold": cold, "warm": warm, "result": [float(v) for v in result]}))
"""


def measure(clip: Path, way: str, repeat: int) -> dict[str, float | list[float]]:
    out = subprocess.run(
        [sys.executable, "-c", CODE, str(clip), way, str(repeat)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    data: dict[str, float | list[float]] = json.loads(out.strip().splitlines()[-1])
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clip", type=Path, default=DEFAULT_CLIP)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not args.clip.exists():
        sys.path.insert(0, str(ROOT))
        from tests.media.clips import sixty_second_1080p

        args.clip.parent.mkdir(parents=True, exist_ok=True)
        sixty_second_1080p(args.clip)
    rows = []
    for label, old, new in (
        ("loudness (integrated + true peak)", "old", "new"),
        ("VAD resampling", "vad-old", "vad-new"),
    ):
        before, after = measure(args.clip, old, args.repeat), measure(args.clip, new, args.repeat)
        rows.append((label, before, after))
    print(f"{'':36} {'previous':>10} {'reelwise':>10} {'ratio':>7}")
    for label, before, after in rows:
        for kind in ("cold", "warm"):
            b, a = float(before[kind]), float(after[kind])  # type: ignore[arg-type]
            print(f"{label + ', ' + kind:36} {b:9.3f}s {a:9.3f}s {a / b:6.2f}x")
    (_, before, after) = rows[0]
    print(f"results, previous: integrated {before['result'][0]:.4f} LUFS, true peak {before['result'][1]:.4f} dBTP")  # type: ignore[index]
    print(f"results, reelwise: integrated {after['result'][0]:.4f} LUFS, true peak {after['result'][1]:.4f} dBTP")  # type: ignore[index]


if __name__ == "__main__":
    main()
