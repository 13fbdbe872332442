"""Rendering a platform variant with the FFmpeg binary that comes with ``imageio-ffmpeg``.

One FFmpeg run does it all: the shot-by-shot crop (``crop`` with a time expression), the
scale to the delivered size, the burned-in captions (``ass``, libass, with a font found on
the machine or the one OpenCV's wheel ships), the end card (a picture drawn here with
Pillow, joined with ``concat``), and the loudness: measured first (``ebur128``), then one
gain for the whole sound (``volume``), so the mix stays as it was made; only where that
gain would push the true peak over the ceiling does ``loudnorm`` lower the peaks.

The file is written next to its destination under a temporary name and renamed only when
FFmpeg succeeded: a failed or interrupted render never leaves half a video where the
finished one should be, and never replaces one that was there.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reelwise.errors import MediaError, ReelwiseError
from reelwise.i18n import Msg
from reelwise.media.base import TimedText

FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
    Path("/Library/Fonts/Arial Bold.ttf"),
    Path("C:/Windows/Fonts/arialbd.ttf"),
)
LIMITER_HEADROOM_DB = 1.0  # the limiter sits this far under the ceiling: resampling and AAC add up to 1 dB
LEVEL_TOLERANCE_LU = 0.5
_STDERR_KEEP = 4000


class RenderError(ReelwiseError):
    """FFmpeg could not render the variant (its own words are in the message)."""


def ffmpeg_exe() -> str:
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())


def font_file() -> Path:
    """A bold sans-serif TrueType font: the system's DejaVu, else the copy in OpenCV's wheel."""
    for candidate in FONT_CANDIDATES:
        if candidate.is_file():
            return candidate
    try:
        import cv2

        bundled = Path(cv2.__file__).parent / "qt" / "fonts" / "DejaVuSans-Bold.ttf"
        if bundled.is_file():
            return bundled
    except ImportError:  # pragma: no cover - a dependency of reelwise
        pass
    raise RenderError(Msg("No TrueType font found for captions and the end card: install DejaVu Sans"))


@dataclass(frozen=True)
class Levelling:
    """How the sound is brought to its level: one gain, and a true-peak limiter when that
    gain alone would push the peaks over the ceiling."""

    before_lufs: float  # the kept part's integrated loudness as it was
    gain_db: float
    limit_dbtp: float | None = None  # the limiter's ceiling; None: the gain alone

    def chain(self) -> str:
        gain = f"volume={self.gain_db:.2f}dB"
        if self.limit_dbtp is None:
            return gain
        # limited at four times the sample rate, so the peaks between the samples are caught too
        limit = 10 ** (self.limit_dbtp / 20)
        return (
            f"{gain},aresample=192000,alimiter=limit={limit:.5f}:attack=0.1:release=50:level=false:latency=1,"
            "aresample=48000"
        )


def _number(value: object) -> float | None:
    try:
        number = float(str(value))
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def measure_loudness(source: Path, duration_s: float, chain: str | None = None) -> tuple[float, float] | None:
    """The integrated loudness (LUFS) and true peak (dBTP) of the first ``duration_s`` of
    ``source``'s sound, after the filters ``chain`` when given (FFmpeg's ``ebur128``, BS.1770);
    None for silence."""
    filters = f"{chain},ebur128=peak=true" if chain else "ebur128=peak=true"
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-t", f"{duration_s:.6f}", "-i", str(source)]
    cmd += ["-vn", "-af", filters, "-f", "null", "-"]
    done = subprocess.run(cmd, capture_output=True, text=True, errors="replace", check=False)
    if done.returncode != 0:
        raise RenderError(
            Msg(
                "FFmpeg could not measure the sound of {file}: {reason}",
                file=str(source),
                reason=_last_line(done.stderr),
            )
        )
    summary = done.stderr.rpartition("Summary:")[2]
    integrated = re.search(r"I:\s*(\S+) LUFS", summary)
    peak = re.search(r"Peak:\s*(\S+) dBFS", summary)
    i = _number(integrated.group(1)) if integrated else None
    tp = _number(peak.group(1)) if peak else None
    if i is None or tp is None or i <= -70:
        return None  # silence: nothing to bring up
    return i, tp


def plan_levelling(
    source: Path, duration_s: float, target_lufs: float, ceiling_dbtp: float, tries: int = 3
) -> Levelling | None:
    """The gain that brings the kept part to ``target_lufs``. When the peaks would then pass
    ``ceiling_dbtp``, a limiter holds them under it, and as the limiter takes some loudness
    away, the gain is raised by what is missing, measured again, up to ``tries`` times."""
    measured = measure_loudness(source, duration_s)
    if measured is None:
        return None
    before, peak = measured
    levelling = Levelling(before, target_lufs - before)
    if peak + levelling.gain_db <= ceiling_dbtp:
        return levelling
    levelling = Levelling(before, levelling.gain_db, ceiling_dbtp - LIMITER_HEADROOM_DB)
    for _ in range(tries):
        after = measure_loudness(source, duration_s, levelling.chain())
        if after is None or abs(after[0] - target_lufs) <= LEVEL_TOLERANCE_LU:
            break
        levelling = Levelling(before, levelling.gain_db + target_lufs - after[0], levelling.limit_dbtp)
    return levelling


def _last_line(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return lines[-1][:300] if lines else "no message"


def _ass_time(seconds: float) -> str:
    centis = max(0, round(seconds * 100))
    h, rest = divmod(centis, 360_000)
    m, rest = divmod(rest, 6_000)
    s, cs = divmod(rest, 100)
    return f"{h}:{m:02d}:{s:02d}.{cs:02d}"


def _ass_text(text: str) -> str:
    """Caption text as ASS dialogue: no override blocks, no stray line breaks."""
    clean = " ".join(text.replace("{", "(").replace("}", ")").replace("\\", "/").split())
    return clean


def write_ass(
    captions: Sequence[TimedText],
    size: tuple[int, int],
    path: Path,
    *,
    bottom_margin: float,
    side_margin: float,
    font_name: str = "DejaVu Sans",
) -> None:
    """An ASS file that sets ``captions`` as white text on a dark box, centred, its lowest
    line ``bottom_margin`` (share of the height) above the bottom, ``side_margin`` in from
    each side: inside the platform's safe zone."""
    w, h = size
    font_size = max(16, round(min(w, h) * 0.05))
    margin_v = round(h * bottom_margin)
    margin_lr = round(w * side_margin)
    lines = [
        "[Script Info]",
        "ScriptType: v4.00+",
        f"PlayResX: {w}",
        f"PlayResY: {h}",
        "WrapStyle: 0",
        "ScaledBorderAndShadow: yes",
        "",
        "[V4+ Styles]",
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, "
        "Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, "
        "MarginR, MarginV, Encoding",
        f"Style: Default,{font_name},{font_size},&H00FFFFFF,&H00FFFFFF,&H80000000,&H80000000,1,0,0,0,100,100,0,0,3,"
        f"{max(2, font_size // 6)},0,2,{margin_lr},{margin_lr},{margin_v},1",
        "",
        "[Events]",
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
    ]
    for item in captions:
        text = _ass_text(item.text)
        if text and item.end_s > item.start_s:
            lines.append(f"Dialogue: 0,{_ass_time(item.start_s)},{_ass_time(item.end_s)},Default,,0,0,0,,{text}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _hex_rgb(value: str) -> tuple[int, int, int]:
    text = value.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def _ink_on(background: tuple[int, int, int]) -> tuple[int, int, int]:
    """Black or white, whichever reads better on ``background`` (WCAG relative luminance)."""

    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in background)
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return (0, 0, 0) if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else (255, 255, 255)


def draw_end_card(
    size: tuple[int, int],
    path: Path,
    *,
    background: str,
    lines: Sequence[str],
    logo: Path | None = None,
    accent: str | None = None,
    inset: tuple[float, float, float, float] = (0.1, 0.1, 0.1, 0.1),
) -> None:
    """The end card as a PNG: the house colour, the logo, then ``lines`` (the call to action
    first, largest), all inside ``inset`` (top, bottom, left, right shares of the picture)."""
    from PIL import Image, ImageDraw, ImageFont

    w, h = size
    bg = _hex_rgb(background)
    ink = _ink_on(bg)
    card = Image.new("RGB", (w, h), bg)
    draw = ImageDraw.Draw(card)
    top, bottom, left, right = (round(inset[0] * h), round(inset[1] * h), round(inset[2] * w), round(inset[3] * w))
    box_w, box_h = w - left - right, h - top - bottom
    marks: list[tuple[Image.Image | None, ImageFont.FreeTypeFont | None, str, int]] = []  # picture or text, height
    if logo is not None:
        try:
            with Image.open(logo) as opened:
                mark = opened.convert("RGBA")
        except (OSError, ValueError) as exc:
            raise MediaError(Msg("cannot read the logo {file}: {reason}", file=str(logo), reason=str(exc))) from exc
        scale = min(box_w * 0.5 / mark.width, box_h * 0.3 / mark.height)
        size_logo = (max(1, round(mark.width * scale)), max(1, round(mark.height * scale)))
        mark = mark.resize(size_logo, Image.Resampling.LANCZOS)
        marks.append((mark, None, "", mark.height))
    font_path = str(font_file())
    for index, text in enumerate(line for line in lines if line.strip()):
        size_px = round(min(w, h) * (0.085 if index == 0 else 0.05))
        font = ImageFont.truetype(font_path, size_px)
        while size_px > 10 and draw.textlength(text, font=font) > box_w:
            size_px = round(size_px * 0.9)
            font = ImageFont.truetype(font_path, size_px)
        _, top_t, _, bottom_t = draw.textbbox((0, 0), text, font=font)
        marks.append((None, font, text, round(bottom_t - top_t)))
    gap = round(h * 0.03)
    total = sum(height for *_, height in marks) + gap * max(0, len(marks) - 1)
    y = top + max(0, (box_h - total) // 2)
    for picture, font_or_none, text, height in marks:
        if picture is not None:
            card.paste(picture, ((w - picture.width) // 2, y), picture)
        elif font_or_none is not None:
            left_t, top_t, right_t, _ = draw.textbbox((0, 0), text, font=font_or_none)
            draw.text(((w - (right_t - left_t)) // 2 - left_t, y - top_t), text, font=font_or_none, fill=ink)
        y += height + gap
    if accent is not None:
        bar = round(h * 0.012)
        draw.rectangle((left, h - bottom - bar, w - right, h - bottom), fill=_hex_rgb(accent))
    card.save(path, format="PNG")


@dataclass(frozen=True)
class RenderJob:
    source: Path
    output: Path
    duration_s: float  # how much of the source is kept
    fps: float
    size: tuple[int, int]  # the delivered width, height
    crop: tuple[int, int, str, str] | None = None  # width, height, x and y expressions of t
    captions: Path | None = None  # an ASS file
    end_card: Path | None = None  # a PNG of ``size``
    end_card_s: float = 0.0
    has_audio: bool = True
    levelling: Levelling | None = None
    fade_out_s: float = 0.0  # the sound fades out over the kept part's last seconds (a cut mid-shot)
    preset: str = "medium"
    crf: int = 20

    @property
    def total_s(self) -> float:
        return self.duration_s + (self.end_card_s if self.end_card is not None else 0.0)


def _filter_escape(path: Path) -> str:
    """A path as a filter option value (inside single quotes)."""
    return str(path).replace("\\", "/").replace("'", r"'\''").replace(":", r"\:")


def filter_graph(job: RenderJob, fonts_dir: Path | None) -> tuple[str, list[str]]:
    """The filter graph and the output labels to map."""
    w, h = job.size
    fps = f"{job.fps:.6f}"
    chain = ["setpts=PTS-STARTPTS"]
    if job.crop is not None:
        cw, ch, x, y = job.crop
        chain.append(f"crop=w={cw}:h={ch}:x='{x}':y='{y}':exact=1")
    chain += [f"scale={w}:{h}:flags=lanczos", "setsar=1", f"fps={fps}", "format=yuv420p"]
    if job.captions is not None:
        option = f":fontsdir='{_filter_escape(fonts_dir)}'" if fonts_dir is not None else ""
        chain.append(f"ass=filename='{_filter_escape(job.captions)}'{option}")
    graph = [f"[0:v]{','.join(chain)}[main]"]
    video, audio = "[main]", "[amain]" if job.has_audio else None
    if job.has_audio:
        achain = ["asetpts=PTS-STARTPTS", "aresample=48000", "aformat=sample_fmts=fltp:channel_layouts=stereo"]
        if job.fade_out_s > 0:
            achain.append(f"afade=t=out:st={max(0.0, job.duration_s - job.fade_out_s):.6f}:d={job.fade_out_s:.6f}")
        # exactly as long as the picture: a sound track that ends early would pull the end card's out of sync
        achain += [f"apad=whole_dur={job.duration_s:.6f}", f"atrim=end={job.duration_s:.6f}"]
        graph.append(f"[0:a]{','.join(achain)}[amain]")
    if job.end_card is not None:
        graph.append(f"[1:v]scale={w}:{h},setsar=1,fps={fps},format=yuv420p,fade=t=in:st=0:d=0.2[card]")
        if job.has_audio:
            graph.append("[2:a]aformat=sample_fmts=fltp:channel_layouts=stereo[acard]")
            graph.append("[main][amain][card][acard]concat=n=2:v=1:a=1[joined][ajoined]")
            video, audio = "[joined]", "[ajoined]"
        else:
            graph.append("[main][card]concat=n=2:v=1:a=0[joined]")
            video = "[joined]"
    if audio is not None and job.levelling is not None:
        graph.append(f"{audio}{job.levelling.chain()}[aout]")
        audio = "[aout]"
    return ";\n".join(graph), [video] + ([audio] if audio else [])


def render(job: RenderJob, progress: Callable[[float], None] | None = None) -> None:
    """Run FFmpeg for ``job``; ``progress`` is told the share done. Raises :class:`RenderError`."""
    out = job.output
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="reelwise-render-") as work_dir:
        work = Path(work_dir)
        fonts_dir = None
        if job.captions is not None:
            fonts_dir = work / "fonts"
            fonts_dir.mkdir()
            font = font_file()
            (fonts_dir / font.name).write_bytes(font.read_bytes())
        graph, maps = filter_graph(job, fonts_dir)
        script = work / "graph.txt"
        script.write_text(graph, encoding="utf-8")
        cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-nostats", "-progress", "pipe:1"]
        cmd += ["-t", f"{job.duration_s:.6f}", "-i", str(job.source)]
        if job.end_card is not None:
            cmd += [
                "-loop",
                "1",
                "-framerate",
                f"{job.fps:.6f}",
                "-t",
                f"{job.end_card_s:.6f}",
                "-i",
                str(job.end_card),
            ]
            cmd += ["-f", "lavfi", "-t", f"{job.end_card_s:.6f}", "-i", "anullsrc=r=48000:cl=stereo"]
        cmd += ["-/filter_complex", str(script)]
        for label in maps:
            cmd += ["-map", label]
        cmd += ["-c:v", "libx264", "-preset", job.preset, "-crf", str(job.crf), "-profile:v", "high"]
        cmd += ["-pix_fmt", "yuv420p", "-movflags", "+faststart"]
        if len(maps) > 1:
            cmd += ["-c:a", "aac", "-b:a", "192k", "-ar", "48000"]
        partial = out.with_name(f".{out.stem}.partial{out.suffix or '.mp4'}")
        cmd += ["-f", "mp4", "-y", str(partial)]
        stderr_path = work / "stderr.txt"
        try:
            with stderr_path.open("w", encoding="utf-8", errors="replace") as stderr:
                _run_with_progress(cmd, stderr, job.total_s, progress)
            os.replace(partial, out)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                partial.unlink()
            raise


def _run_with_progress(
    cmd: list[str], stderr: object, total_s: float, progress: Callable[[float], None] | None
) -> None:
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=stderr, text=True)  # type: ignore[call-overload]
    try:
        assert process.stdout is not None
        for line in process.stdout:
            key, _, value = line.strip().partition("=")
            if key == "out_time_us" and progress is not None and total_s > 0:
                micros = _number(value)
                if micros is not None:
                    progress(min(1.0, max(0.0, micros / 1e6 / total_s)))
        code = process.wait()
    except BaseException:
        process.kill()
        process.wait()
        raise
    if code != 0:
        handle = getattr(stderr, "name", None)
        reason = "no message"
        if handle:
            stderr.flush()  # type: ignore[attr-defined]
            reason = _last_line(Path(handle).read_text(encoding="utf-8", errors="replace")[-_STDERR_KEEP:])
        raise RenderError(Msg("FFmpeg could not render the variant: {reason}", reason=reason))
