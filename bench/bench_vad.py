"""Benchmark of voice activity detection: reelwise's own Silero runner against
faster-whisper's ``get_speech_timestamps`` (the same ONNX model), on 60 s of 16 kHz sound.

Each way runs in a fresh ``python -c`` (cold: what one ``reelwise check`` pays), the ways
interleaved, ``--repeat`` times; the best of each is shown. Times are CPU seconds (user +
system, all threads):

* process — the whole child process: interpreter start, NumPy, loading the sound,
  ``reelwise``'s package (already loaded in a check, about 0.1 s), the imports, the model
  load and the detection;
* VAD cold — from just before the first import of the VAD code to the segments;
* VAD cold, av + onnxruntime imported — the same, in a process that has already imported
  PyAV and ONNX Runtime (as a check has: it decodes with PyAV, its OCR runs on ONNX Runtime);
* VAD warm — a second detection in the same process (model loaded, modules imported).

The sound is espeak-ng speech (English and Dutch sentences with pauses) over low noise
when ``espeak-ng`` is installed, else the sound of ``--clip`` (the check benchmark clip).
The segments of both ways are printed side by side (they must be the same, within one
32 ms window).

    .venv/bin/python bench/bench_vad.py [--repeat 5] [--clip FILE]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CLIP = Path(tempfile.gettempdir()) / "reelwise-bench" / "check-60s-1080p30.mp4"
RATE = 16_000
SECONDS = 60

CODE = """
import json, sys, time
import numpy as np
audio = np.load(sys.argv[1])
way, preload = sys.argv[2], sys.argv[3]
import reelwise.media.base  # the package (pydantic plan model and all) is loaded before any check runs
if preload == "check":  # what a check has imported by then: PyAV decodes, the OCR uses onnxruntime
    import av, onnxruntime

def run():
    if way == "reelwise":
        from reelwise.media.vad import SPEECH, load_silero, speech_segments
        return speech_segments(load_silero().probabilities(audio), audio.size, SPEECH)
    from faster_whisper.vad import VadOptions, get_speech_timestamps
    options = VadOptions(threshold=0.5, min_speech_duration_ms=150, min_silence_duration_ms=300, speech_pad_ms=30)
    return [(s["start"], s["end"]) for s in get_speech_timestamps(audio, options, sampling_rate=16000)]

t = time.process_time(); segments = run(); cold = time.process_time() - t
t = time.process_time(); run(); warm = time.process_time() - t
modules = [m for m in ("faster_whisper", "ctranslate2", "tokenizers", "huggingface_hub") if sys.modules.get(m)]
print(json.dumps({"cold": cold, "warm": warm, "segments": segments, "modules": modules}))
"""


def sixty_seconds(clip: Path) -> np.ndarray:
    """60 s of 16 kHz mono sound: speech if espeak-ng is there, else the clip's sound."""
    sys.path.insert(0, str(ROOT))
    from reelwise.media.vad import to_16k

    rng = np.random.default_rng(3)
    espeak = shutil.which("espeak-ng")
    if espeak is not None:
        from tests.media.speechclips import decode_audio

        lines = [
            ("en-us", "Welcome to Bakery Jansen, where the bread is baked every morning."),
            ("nl", "Bestel vandaag nog bij Bakkerij Jansen."),
            ("en-us", "Learn more at our website and get ten percent off."),
            ("nl", "Wij bakken elke ochtend vers brood."),
        ]
        parts: list[np.ndarray] = []
        total = 0
        with tempfile.TemporaryDirectory() as folder:
            for i in range(100):
                voice, text = lines[i % len(lines)]
                wav = Path(folder) / f"{i}.wav"
                subprocess.run([espeak, "-v", voice, "-w", str(wav), text], check=True, capture_output=True)
                data, rate = decode_audio(wav)
                pause = np.zeros(int(RATE * rng.uniform(0.1, 2.5)), np.float32)
                parts += [to_16k(data, rate), pause]
                total += parts[-2].size + pause.size
                if total >= RATE * SECONDS:
                    break
        audio = np.concatenate(parts)[: RATE * SECONDS]
    else:
        if not clip.exists():
            from tests.media.clips import sixty_second_1080p

            clip.parent.mkdir(parents=True, exist_ok=True)
            sixty_second_1080p(clip)
        from tests.media.speechclips import decode_audio

        data, rate = decode_audio(clip)
        audio = to_16k(data, rate)[: RATE * SECONDS]
    return (audio + 0.002 * rng.standard_normal(audio.size)).astype(np.float32)


def measure(sound: Path, way: str, preload: str) -> dict[str, Any]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(
        [sys.executable, "-c", CODE, str(sound), way, preload], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    data: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    data["process"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--clip", type=Path, default=DEFAULT_CLIP)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        sound = Path(folder) / "sound.npy"
        np.save(sound, sixty_seconds(args.clip))
        ways = ("faster-whisper", "reelwise")
        keys = ("process", "cold", "warm", "cold-check")
        best: dict[str, dict[str, float]] = {w: dict.fromkeys(keys, 1e9) for w in ways}
        last: dict[str, dict[str, Any]] = {}
        for _ in range(args.repeat):
            for way in ways:
                data = last[way] = measure(sound, way, "base")
                data["cold-check"] = measure(sound, way, "check")["cold"]
                for key in keys:
                    best[way][key] = min(best[way][key], float(data[key]))
    print(f"{'CPU seconds, best of ' + str(args.repeat):40} {'faster-whisper':>15} {'reelwise':>10} {'ratio':>7}")
    for key, label in (
        ("process", "process (cold python -c)"),
        ("cold", "VAD cold"),
        ("cold-check", "VAD cold, av + onnxruntime imported"),
        ("warm", "VAD warm"),
    ):
        b, a = best["faster-whisper"][key], best["reelwise"][key]
        print(f"{label:40} {b:14.3f}s {a:9.3f}s {a / b:6.2f}x")
    for way in ways:
        print(f"{way}: modules {last[way]['modules']}, segments (samples) {last[way]['segments']}")
    ours, theirs = last["reelwise"]["segments"], last["faster-whisper"]["segments"]
    same = len(ours) == len(theirs) and all(
        abs(a - b) <= 512 for x, y in zip(ours, theirs, strict=True) for a, b in zip(x, y, strict=True)
    )
    print(f"same segments within one window: {same} ({len(ours)} segments)")


if __name__ == "__main__":
    main()
