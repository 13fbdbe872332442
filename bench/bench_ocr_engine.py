"""Benchmark of reading text: reelwise's own PP-OCR runner (``PpOcrEngine``) against RapidOCR
(``RapidOcrEngine``), the same ONNX models with the same settings, side by side in one run.

* cold — a fresh ``python -c`` per way (what one ``reelwise check`` pays): from just before
  the engine's import to the end of the first reading of a 960×540 frame with text: the
  import, the model load and the reading. CPU seconds (user + system, all threads) and wall
  seconds; also the whole child process's CPU. The ways are interleaved, ``--repeat``
  times, and the best of each is shown. The child has already imported NumPy, OpenCV, ONNX
  Runtime and ``reelwise.media.base``, as a check has by the time its OCR engine loads.
* warm — both engines loaded in this process: the median wall time of ``--warm`` readings
  of full 960×540 frames and of 300×60 crops of one line.

The frame is real footage (``../shared/data/media/bottle-detection.mp4`` when present, else
a generated background) scaled to 960×540 with two supers drawn on it. The lines each way
read are printed (they must be the same).

    .venv/bin/python bench/bench_ocr_engine.py [--repeat 5] [--warm 20]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
FOOTAGE = ROOT.parent / "shared" / "data" / "media" / "bottle-detection.mp4"
WAYS = {"rapidocr": "RapidOcrEngine", "ppocr": "PpOcrEngine"}

CODE = """
import json, sys, time
import numpy as np, cv2, onnxruntime
import reelwise.media.base  # the package is loaded before a check's OCR engine
image = np.load(sys.argv[1])
way = sys.argv[2]
wall, cpu = time.perf_counter(), time.process_time()
if way == "ppocr":
    from reelwise.adapters.ppocr import PpOcrEngine as Engine
else:
    from reelwise.adapters.ocr import RapidOcrEngine as Engine
lines = Engine().read(image)
cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
heavy = [m for m in ("rapidocr", "omegaconf", "requests", "shapely") if m in sys.modules]
print(json.dumps({"cpu": cpu, "wall": wall, "texts": [l.text for l in lines], "modules": heavy}))
"""


def frame_with_text() -> np.ndarray:
    """A 960×540 BGR frame of real footage (when present) with two supers."""
    image: np.ndarray | None = None
    if FOOTAGE.is_file():
        import av

        with av.open(str(FOOTAGE)) as container:
            for frame in container.decode(video=0):
                if frame.time is not None and frame.time >= 5.0:
                    image = frame.to_ndarray(format="bgr24")
                    break
    if image is None:
        ramp = np.linspace(40, 200, 960, dtype=np.float32)
        image = np.dstack([np.tile(ramp, (540, 1))] * 3).astype(np.uint8)
    image = cv2.resize(image, (960, 540), interpolation=cv2.INTER_AREA)
    cv2.putText(image, "Fresh bread daily", (60, 140), cv2.FONT_HERSHEY_DUPLEX, 1.6, (0, 0, 0), 7, cv2.LINE_AA)
    cv2.putText(image, "Fresh bread daily", (60, 140), cv2.FONT_HERSHEY_DUPLEX, 1.6, (255, 255, 255), 2, cv2.LINE_AA)
    cv2.rectangle(image, (0, 440), (960, 500), (245, 245, 245), -1)
    cv2.putText(image, "Order now at acme.nl", (40, 482), cv2.FONT_HERSHEY_SIMPLEX, 1.1, (20, 20, 20), 2, cv2.LINE_AA)
    return image


def cold(frame: Path, way: str) -> dict[str, Any]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(
        [sys.executable, "-c", CODE, str(frame), way], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    data: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    data["process"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return data


def median_wall(read: Any, image: np.ndarray, times: int) -> float:
    read(image)
    spent = []
    for _ in range(times):
        start = time.perf_counter()
        read(image)
        spent.append(time.perf_counter() - start)
    return statistics.median(spent)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="cold runs per way (best shown)")
    parser.add_argument("--warm", type=int, default=20, help="warm readings per picture (median shown)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    image = frame_with_text()
    crop = np.ascontiguousarray(image[445:505, 30:330])  # 300×60: one line of the lower super

    keys = ("process", "cpu", "wall")
    best: dict[str, dict[str, float]] = {w: dict.fromkeys(keys, 1e9) for w in WAYS}
    last: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "frame.npy"
        np.save(path, image)
        for _ in range(args.repeat):
            for way in WAYS:
                data = last[way] = cold(path, way)
                for key in keys:
                    best[way][key] = min(best[way][key], float(data[key]))

    from reelwise.adapters.ocr import RapidOcrEngine
    from reelwise.adapters.ppocr import PpOcrEngine

    engines: dict[str, Any] = {"rapidocr": RapidOcrEngine(), "ppocr": PpOcrEngine()}
    warm = {
        way: {"frame": median_wall(e.read, image, args.warm), "crop": median_wall(e.read, crop, args.warm)}
        for way, e in engines.items()
    }

    print(f"{'seconds':46} {'rapidocr':>9} {'ppocr':>9} {'ratio':>7}")
    rows = (
        (f"cold process CPU (python -c), best of {args.repeat}", best["rapidocr"]["process"], best["ppocr"]["process"]),
        (f"cold import+load+read CPU, best of {args.repeat}", best["rapidocr"]["cpu"], best["ppocr"]["cpu"]),
        (f"cold import+load+read wall, best of {args.repeat}", best["rapidocr"]["wall"], best["ppocr"]["wall"]),
        (f"warm 960x540 frame wall, median of {args.warm}", warm["rapidocr"]["frame"], warm["ppocr"]["frame"]),
        (f"warm 300x60 crop wall, median of {args.warm}", warm["rapidocr"]["crop"], warm["ppocr"]["crop"]),
    )
    for label, theirs, ours in rows:
        print(f"{label:46} {theirs:8.3f}s {ours:8.3f}s {ours / theirs:6.2f}x")
    for way in WAYS:
        print(f"{way}: read {last[way]['texts']}, heavy modules imported {last[way]['modules']}")
    same = [line.text for line in engines["ppocr"].read(crop)] == [line.text for line in engines["rapidocr"].read(crop)]
    print(f"same lines: frame {last['ppocr']['texts'] == last['rapidocr']['texts']}, crop {same}")


if __name__ == "__main__":
    main()
