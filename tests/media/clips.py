"""Test ads made with FFmpeg's ``lavfi`` sources, with every moment known in advance.

Each clip is a row of solid-colour scenes (hard cuts at known times, a moving box and
light temporal noise so that nothing looks frozen by accident), optional ``drawtext``
supers and CTAs at known times, an optional generated logo overlaid from a known moment,
and an audio bed of sines and noise with known levels (and optional WAV files, e.g.
``espeak-ng`` speech, mixed in at known offsets).

Use :func:`make_ad` for the general case and the small helpers for broken inputs::

    ad = make_ad(tmp / "ad.mp4", aspect="9:16", scenes=[Scene(1.5), Scene(2.0), Scene(1.5)],
                 texts=[Text("Visit acme.nl", 3.0, 5.0)], logo=Logo(start_s=1.0),
                 audio=[Tone(level_dbfs=-20.0)])
    ad.cut_times  # [1.5, 3.5]

The fonts are DejaVu (Debian's ``fonts-dejavu-core``); :data:`FONT` is the file used.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import imageio_ffmpeg

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()

_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
)
FONT: str | None = next((f for f in _FONT_CANDIDATES if Path(f).is_file()), None)

# Colours far apart in hue and brightness, so every hard cut is an obvious content change.
PALETTE = (
    "0xC0392B",  # red
    "0x2471A3",  # blue
    "0xF1C40F",  # yellow
    "0x1E8449",  # green
    "0x8E44AD",  # purple
    "0xE67E22",  # orange
    "0x17A589",  # teal
    "0xF5B7B1",  # pink
)

ASPECTS = {"9:16": (9, 16), "16:9": (16, 9), "1:1": (1, 1), "4:5": (4, 5)}


def size_for(aspect: str, short_side: int = 360) -> tuple[int, int]:
    """Width and height (even numbers) for an aspect ratio like ``"9:16"``."""
    a, b = ASPECTS[aspect] if aspect in ASPECTS else tuple(int(x) for x in aspect.split(":"))
    if a <= b:
        w, h = short_side, short_side * b / a
    else:
        w, h = short_side * a / b, short_side
    return int(round(w / 2) * 2), int(round(h / 2) * 2)


@dataclass(frozen=True)
class Scene:
    """One shot. ``kind``: "moving" (box + noise), "static" (a still picture: frozen), "black"."""

    duration_s: float
    colour: str | None = None  # default: the next palette colour
    kind: str = "moving"


@dataclass(frozen=True)
class Text:
    """A super drawn with ``drawtext`` from ``start_s`` to ``end_s``.

    ``x``/``y`` are FFmpeg expressions (``w``, ``h``, ``text_w``, ``text_h``);
    ``size`` is the font size as a fraction of the frame height.
    """

    text: str
    start_s: float
    end_s: float
    x: str = "(w-text_w)/2"
    y: str = "(h-text_h)/2"
    size: float = 0.06
    colour: str = "white"
    box: bool = True


@dataclass(frozen=True)
class Logo:
    """A generated logo (see :func:`make_logo`) overlaid from ``start_s`` (to ``end_s``).

    ``width`` is the logo width as a fraction of the frame width; ``x``/``y`` the top-left
    corner as fractions of the frame.
    """

    start_s: float
    end_s: float | None = None
    width: float = 0.25
    x: float = 0.05
    y: float = 0.05
    name: str = "ACME"
    colour: tuple[int, int, int] = (40, 90, 230)  # BGR


@dataclass(frozen=True)
class Tone:
    """A sine (``freq`` Hz) or white noise (``freq=None``) at ``level_dbfs`` peak, from start to end."""

    level_dbfs: float = -20.0
    freq: float | None = 1000.0
    start_s: float = 0.0
    end_s: float | None = None  # None: to the end


@dataclass(frozen=True)
class Insert:
    """An audio file (e.g. synthesised speech) mixed in at ``start_s``."""

    path: Path
    start_s: float


@dataclass
class Ad:
    path: Path
    width: int
    height: int
    fps: float
    duration_s: float
    cut_times: list[float]
    scenes: list[Scene]
    texts: list[Text] = field(default_factory=list)
    logo: Logo | None = None
    audio: list[Tone] = field(default_factory=list)
    inserts: list[Insert] = field(default_factory=list)


def run_ffmpeg(args: Sequence[str]) -> None:
    """Run FFmpeg quietly; raise with its message when it fails."""
    proc = subprocess.run(
        [FFMPEG, "-hide_banner", "-loglevel", "error", "-y", *args], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"ffmpeg failed ({proc.returncode}): {proc.stderr[-2000:]}")


def make_logo(path: Path, width: int = 400, name: str = "ACME", colour: tuple[int, int, int] = (40, 90, 230)) -> Path:
    """A distinctive logo PNG with alpha: a coloured disc, a ring and the brand name."""
    import cv2
    import numpy as np

    h = width // 2
    img = np.zeros((h, width, 4), np.uint8)
    cv2.circle(img, (h // 2, h // 2), int(h * 0.45), (*colour, 255), -1)
    cv2.circle(img, (h // 2, h // 2), int(h * 0.25), (255, 255, 255, 255), int(h * 0.08))
    cv2.rectangle(img, (h, int(h * 0.2)), (width - 4, int(h * 0.8)), (255, 255, 255, 255), -1)
    scale = (width - h) / 160
    cv2.putText(
        img,
        name[:5],
        (h + 6, int(h * 0.68)),
        cv2.FONT_HERSHEY_DUPLEX,
        scale,
        (*colour, 255),
        max(2, int(scale * 2)),
        cv2.LINE_AA,
    )
    cv2.imwrite(str(path), img)
    return path


def _audio_expr(tones: Sequence[Tone], duration_s: float) -> str:
    terms = []
    for tone in tones:
        amp = 10 ** (tone.level_dbfs / 20)
        end = duration_s + 1 if tone.end_s is None else tone.end_s
        wave = f"sin(2*PI*{tone.freq}*t)" if tone.freq else "(2*random(0)-1)"
        terms.append(f"{amp:.6f}*{wave}*between(t,{tone.start_s},{end - 1e-6})")
    return "+".join(terms) or "0"


def make_ad(
    path: Path,
    *,
    aspect: str = "16:9",
    size: tuple[int, int] | None = None,
    fps: float = 30.0,
    scenes: Sequence[Scene] = (Scene(2.0), Scene(2.0), Scene(2.0)),
    texts: Sequence[Text] = (),
    logo: Logo | None = None,
    audio: Sequence[Tone] | None = (Tone(),),
    inserts: Sequence[Insert] = (),
    stereo: bool = True,
    video_codec: str = "libx264",
    audio_codec: str | None = None,
    crf: int = 23,
    extra_args: Sequence[str] = (),
) -> Ad:
    """Render an ad. ``audio=None`` gives a file without an audio stream."""
    width, height = size or size_for(aspect)
    duration = round(sum(s.duration_s for s in scenes), 6)
    workdir = path.parent
    inputs: list[str] = []
    chains: list[str] = []
    labels: list[str] = []
    box = max(8, width // 8)
    for i, scene in enumerate(scenes):
        colour = scene.colour or ("0x000000" if scene.kind == "black" else PALETTE[i % len(PALETTE)])
        src = f"color=c={colour}:s={width}x{height}:r={fps}:d={scene.duration_s}"
        chain = f"{src}"
        if scene.kind == "moving":
            chain += (
                f",drawbox=x='mod(t*{width // 2},{width - box})':y='{height // 3}':w={box}:h={box}"
                f":color=white@0.9:t=fill,noise=alls=6:allf=t"
            )
        elif scene.kind == "static":
            chain += f",drawbox=x={width // 4}:y={height // 3}:w={box}:h={box}:color=white:t=fill"
        chain += ",format=yuv420p,setsar=1"
        chains.append(f"{chain}[s{i}]")
        labels.append(f"[s{i}]")
    chains.append(f"{''.join(labels)}concat=n={len(scenes)}:v=1:a=0[v0]")
    last = "v0"
    font_opt = f"fontfile={FONT}:" if FONT else "font=Sans:"
    for j, text in enumerate(texts):
        text_file = workdir / f".{path.stem}.text{j}.txt"
        text_file.write_text(text.text, encoding="utf-8")
        box_opt = ":box=1:boxcolor=black@0.6:boxborderw=8" if text.box else ""
        chains.append(
            f"[{last}]drawtext={font_opt}textfile='{text_file}':fontcolor={text.colour}"
            f":fontsize=h*{text.size}:x={text.x}:y={text.y}{box_opt}"
            f":enable='between(t,{text.start_s},{text.end_s})'[t{j}]"
        )
        last = f"t{j}"
    n_inputs = 0
    if logo is not None:
        logo_file = make_logo(workdir / f".{path.stem}.logo.png", name=logo.name, colour=logo.colour)
        inputs += ["-i", str(logo_file)]
        n_inputs += 1
        lw = int(round(width * logo.width / 2) * 2)
        end = duration + 1 if logo.end_s is None else logo.end_s
        chains.append(f"[{n_inputs - 1}:v]scale={lw}:-2[logo]")
        chains.append(
            f"[{last}][logo]overlay=x={int(width * logo.x)}:y={int(height * logo.y)}"
            f":enable='between(t,{logo.start_s},{end})'[lg]"
        )
        last = "lg"
    chains.append(f"[{last}]null[vout]")
    maps = ["-map", "[vout]"]
    if audio is not None:
        expr = _audio_expr(audio, duration)
        layout = f"{expr}|{expr}" if stereo else expr
        chains.append(f"aevalsrc='{layout}':s=48000:d={duration}[bed]")
        alabel = "bed"
        for k, insert in enumerate(inserts):
            inputs += ["-i", str(insert.path)]
            n_inputs += 1
            delay = round(insert.start_s * 1000)
            chains.append(
                f"[{n_inputs - 1}:a]aresample=48000,pan=stereo|c0=c0|c1=c0,adelay={delay}|{delay}[ins{k}]"
                if stereo
                else f"[{n_inputs - 1}:a]aresample=48000,adelay={delay}[ins{k}]"
            )
            chains.append(f"[{alabel}][ins{k}]amix=inputs=2:duration=first:normalize=0[mix{k}]")
            alabel = f"mix{k}"
        chains.append(f"[{alabel}]anull[aout]")
        maps += ["-map", "[aout]"]
    acodec = audio_codec or ("aac" if path.suffix in (".mp4", ".mov", ".m4v") else "pcm_s16le")
    args = [*inputs, "-filter_complex", ";".join(chains), *maps, "-c:v", video_codec]
    if video_codec == "libx264":
        args += ["-preset", "veryfast", "-crf", str(crf), "-pix_fmt", "yuv420p"]
    if audio is not None:
        args += ["-c:a", acodec]
        if acodec == "aac":
            args += ["-b:a", "192k"]
    args += ["-t", str(duration), *extra_args, str(path)]
    run_ffmpeg(args)
    cuts, t = [], 0.0
    for scene in scenes[:-1]:
        t += scene.duration_s
        cuts.append(round(t, 6))
    return Ad(
        path, width, height, fps, duration, cuts, list(scenes), list(texts), logo, list(audio or []), list(inserts)
    )


# ---- variants of a finished clip ----------------------------------------------------------


def with_rotation(src: Path, dst: Path, degrees: int = 90) -> Path:
    """Copy ``src`` with display-rotation metadata, like a phone held upright.

    FFmpeg's ``-display_rotation`` is counter-clockwise; a phone's portrait video is
    stored landscape with a 90° (or 270°) display matrix.
    """
    run_ffmpeg(["-display_rotation:v:0", str(degrees), "-i", str(src), "-c", "copy", str(dst)])
    return dst


def make_vfr(path: Path, *, aspect: str = "16:9", duration_s: float = 4.0) -> Ad:
    """A variable-frame-rate clip: 30 fps for the first half, then every third frame (10 fps)."""
    half = duration_s / 2
    ad = make_ad(
        path.with_name(path.stem + ".cfr" + path.suffix),
        aspect=aspect,
        scenes=[Scene(half), Scene(half)],
        audio=(Tone(),),
    )
    ad.path = to_vfr(ad.path, path, half)
    return ad


def to_vfr(src: Path, dst: Path, from_s: float) -> Path:
    """``src`` as it is until ``from_s``, then only every third frame (variable frame rate)."""
    run_ffmpeg(
        [
            "-i",
            str(src),
            "-vf",
            f"select='lt(t,{from_s})+not(mod(n,3))'",
            "-fps_mode",
            "vfr",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-c:a",
            "copy",
            str(dst),
        ]
    )
    return dst


def truncate(src: Path, dst: Path, fraction: float = 0.5) -> Path:
    """The first ``fraction`` of the bytes of ``src`` (an interrupted download or copy)."""
    data = src.read_bytes()
    dst.write_bytes(data[: int(len(data) * fraction)])
    return dst


def empty_file(dst: Path) -> Path:
    dst.write_bytes(b"")
    return dst


def not_a_video(dst: Path) -> Path:
    """A text file with a video extension."""
    dst.write_text("This is a shopping list, not a video.\nmilk\nbread\n", encoding="utf-8")
    return dst


def audio_only(dst: Path, duration_s: float = 2.0) -> Path:
    run_ffmpeg(["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={duration_s}", str(dst)])
    return dst


def still_image(dst: Path) -> Path:
    """A PNG picture (one frame, no duration)."""
    run_ffmpeg(["-f", "lavfi", "-i", "testsrc2=s=320x240:d=1", "-frames:v", "1", str(dst)])
    return dst


def sixty_second_1080p(dst: Path, cut_every_s: float = 2.5) -> Ad:
    """The benchmark clip: 60 s of 1080p30 H.264 with AAC audio and a cut every ``cut_every_s``."""
    n = int(60 / cut_every_s)
    return make_ad(
        dst,
        size=(1920, 1080),
        scenes=[Scene(cut_every_s) for _ in range(n)],
        texts=[Text("Visit acme.example", 50.0, 58.0)],
        logo=Logo(start_s=2.0),
        audio=[Tone(-23.0, 440.0), Tone(-30.0, None)],
    )
