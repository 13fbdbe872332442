"""Generate the example campaign's media (logo, poster, four short videos) with FFmpeg.

The files are small and made on demand, so the repository carries no binary media:
``python scripts/make_demo_media.py examples/bakkerij/media``. Each video has scenes with
known cut times, the brand name on screen early, a logo overlay, a CTA super near the end
and a quiet tone bed — enough for the video check to find something real.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import cv2
import imageio_ffmpeg
import numpy as np

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
BROWN = (19, 69, 139)  # BGR of #8B4513
WHEAT = (179, 222, 245)  # BGR of #F5DEB3
SLATE = (79, 79, 47)  # BGR of #2F4F4F


@dataclass(frozen=True)
class DemoVideo:
    name: str
    scenes: tuple[tuple[str, float], ...]  # (colour, seconds)
    title: str
    cta: str
    cta_from: float


MEDIA_VERSION = "3"  # raise when the videos change: media made by an older version is made again

VIDEOS = (
    DemoVideo(
        "v1-bakker",
        (("0x2F4F4F", 2.5), ("0x8B4513", 3.0), ("0xF5DEB3", 3.5), ("0x1C1C1C", 3.0)),
        "Bakkerij Van Dijk",
        "Volg @bakkerijvandijk",
        8.5,
    ),
    DemoVideo(
        "v2-zuurdesem",
        (("0xF5DEB3", 2.0), ("0x8B4513", 2.5), ("0x2F4F4F", 3.0), ("0xF5DEB3", 4.5)),
        "Waarom zuurdesem?",
        "bakkerijvandijk.nl/proefbrood",
        7.5,
    ),
    DemoVideo(
        "v3-abonnement",
        (("0x8B4513", 1.5), ("0xF5DEB3", 2.0), ("0x2F4F4F", 2.5), ("0x8B4513", 4.0)),
        "Zuurdesem-abonnement",
        "Bestel nu: bakkerijvandijk.nl",
        6.0,
    ),
    DemoVideo(
        "v4-klant",
        (("0x2F4F4F", 3.0), ("0xF5DEB3", 3.0), ("0x8B4513", 4.0)),
        "Familie Jansen",
        "Vertel ons jouw ervaring",
        7.0,
    ),
)


def font() -> str:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    raise SystemExit("No TrueType font found: install Debian's fonts-dejavu-core")


def make_logo(path: Path) -> None:
    img = np.zeros((160, 160, 4), dtype=np.uint8)
    cv2.circle(img, (80, 80), 74, (*BROWN, 255), -1)
    cv2.circle(img, (80, 80), 56, (*WHEAT, 255), -1)
    cv2.putText(img, "VD", (38, 100), cv2.FONT_HERSHEY_DUPLEX, 2.0, (*SLATE, 255), 4, cv2.LINE_AA)
    cv2.imwrite(str(path), img)


def make_poster(path: Path) -> None:
    img = np.full((600, 420, 3), WHEAT, dtype=np.uint8)
    cv2.rectangle(img, (0, 0), (420, 150), BROWN, -1)
    cv2.rectangle(img, (0, 520), (420, 600), SLATE, -1)
    cv2.putText(img, "ZUURDESEM", (40, 95), cv2.FONT_HERSHEY_DUPLEX, 1.6, WHEAT, 3, cv2.LINE_AA)
    cv2.putText(img, "elke week vers", (80, 300), cv2.FONT_HERSHEY_DUPLEX, 1.1, BROWN, 2, cv2.LINE_AA)
    cv2.rectangle(img, (150, 360), (270, 480), SLATE, 6)  # where the QR code goes
    cv2.imwrite(str(path), img)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(":", "\\:").replace("'", "\\'")


def _fitting(text: str, size: int, width: int = 360, margin: int = 36) -> int:
    """The font size (at most ``size``) at which ``text`` fits inside the title-safe area
    (5 % in from each side): a super that runs off the picture cannot be read, by viewers
    or by the check, and one that reaches its edge is flagged by it (DejaVu Sans, with
    wide letters such as W and m, takes up to about 0.7 em a character)."""
    return max(12, min(size, int((width - margin) / (0.7 * max(1, len(text))))))


def make_video(ffmpeg: str, spec: DemoVideo, logo: Path, out: Path, fontfile: str) -> None:
    duration = sum(seconds for _, seconds in spec.scenes)
    args = [ffmpeg, "-y", "-loglevel", "error"]
    for colour, seconds in spec.scenes:
        args += ["-f", "lavfi", "-i", f"color=c={colour}:s=360x640:r=25:d={seconds}"]
    args += ["-i", str(logo)]
    args += ["-f", "lavfi", "-i", f"sine=frequency=220:sample_rate=48000:duration={duration}"]
    n = len(spec.scenes)
    concat = "".join(f"[{i}:v]" for i in range(n)) + f"concat=n={n}:v=1:a=0[bg]"
    title = _escape(spec.title)
    cta = _escape(spec.cta)
    title_size, cta_size = _fitting(spec.title, 30), _fitting(spec.cta, 24)
    graph = (
        f"{concat};[{n}:v]scale=72:72[logo];"
        f"[bg][logo]overlay=x=W-w-16:y=16:enable='gte(t,0.5)'[withlogo];"
        f"[withlogo]drawtext=fontfile={fontfile}:text='{title}':fontsize={title_size}:fontcolor=white:"
        f"box=1:boxcolor=black@0.5:x=(w-tw)/2:y=h*0.4:enable='lt(t,3)',"
        f"drawtext=fontfile={fontfile}:text='{cta}':fontsize={cta_size}:fontcolor=white:"
        f"box=1:boxcolor=black@0.6:x=(w-tw)/2:y=h*0.62:enable='gte(t,{spec.cta_from})'[v];"
        f"[{n + 1}:a]volume=0.2[a]"
    )
    args += [
        "-filter_complex",
        graph,
        "-map",
        "[v]",
        "-map",
        "[a]",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-b:a",
        "64k",
        "-shortest",
        "-movflags",
        "+faststart",
        str(out),
    ]
    subprocess.run(args, check=True)


def main(target: str) -> None:
    folder = Path(target)
    folder.mkdir(parents=True, exist_ok=True)
    logo = folder / "logo.png"
    if not logo.exists():
        make_logo(logo)
    poster = folder / "poster.png"
    if not poster.exists():
        make_poster(poster)
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    fontfile = font()
    stamp = folder / ".made-by"
    fresh = not stamp.exists() or stamp.read_text() != MEDIA_VERSION
    for spec in VIDEOS:
        out = folder / f"{spec.name}.mp4"
        if fresh or not out.exists():
            make_video(ffmpeg, spec, logo, out, fontfile)
    stamp.write_text(MEDIA_VERSION)
    print(folder)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "examples/bakkerij/media")
