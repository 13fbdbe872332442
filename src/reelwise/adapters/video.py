"""Video I/O with PyAV: probe a file and decode it once.

One pass over the file's packets decodes the picture (threaded) and the sound together.
Every picture becomes a :class:`reelwise.media.base.Frame` handed to a callback: the
small copy is made in libswscale (scaled from YUV straight to a small BGR image, which
is cheaper than converting the full frame), the full-size BGR copy only when an analyser
asks for it. The sound is resampled to 48 kHz float32 and kept as one array (a few MB a
minute); pictures are never kept.

Broken inputs (missing, empty, not a video, truncated, damaged) raise
:class:`reelwise.errors.MediaError` with a clear message.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from reelwise.errors import MediaError
from reelwise.i18n import Msg
from reelwise.media.base import AudioF32, Frame, ImageU8, StreamInfo
from reelwise.media.probe import FrameTiming, VideoProbe, display_size, normalise_rotation, small_size

SAMPLE_RATE = 48_000
_local = threading.local()
_STILL_FORMATS = ("image2", "png_pipe", "jpeg_pipe", "webp_pipe", "bmp_pipe", "gif", "tiff_pipe", "apng")


@dataclass(frozen=True)
class DecodedAudio:
    """The whole sound track: ``mono`` (n,) and ``channels`` (c, n), float32 in [-1, 1]."""

    mono: AudioF32
    channels: AudioF32
    sample_rate: int

    @property
    def duration_s(self) -> float:
        return self.mono.size / self.sample_rate


@dataclass(frozen=True)
class DecodeResult:
    probe: VideoProbe
    audio: DecodedAudio | None


def _check_path(path: Path) -> None:
    name = str(path)
    if not path.exists():
        raise MediaError(Msg("{file} not found", file=name))
    if path.is_dir():
        raise MediaError(Msg("{file} is a folder, not a video file", file=name))
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise MediaError(Msg("cannot read {file}: {reason}", file=name, reason=exc.strerror or str(exc))) from None
    if size == 0:
        raise MediaError(Msg("{file} is empty (0 bytes)", file=name))


def _open(path: Path) -> Any:
    import av

    _check_path(path)
    try:
        return av.open(str(path), metadata_errors="ignore")
    except av.error.FileNotFoundError:
        raise MediaError(Msg("{file} not found", file=str(path))) from None
    except av.error.PermissionError:
        raise MediaError(Msg("cannot read {file}: {reason}", file=str(path), reason="permission denied")) from None
    except av.error.InvalidDataError:
        if _looks_like_mp4(path):
            raise MediaError(
                Msg(
                    "{file} is incomplete or damaged: its index is missing (was the copy or download cut off?)",
                    file=str(path),
                )
            ) from None
        raise MediaError(Msg("{file} is not a video file that can be read", file=str(path))) from None
    except (av.error.FFmpegError, OSError, UnicodeDecodeError) as exc:
        raise MediaError(Msg("{file} cannot be opened: {reason}", file=str(path), reason=str(exc))) from None


def _looks_like_mp4(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(12)
    except OSError:
        return False
    return len(head) >= 8 and head[4:8] in (b"ftyp", b"moov", b"mdat", b"free", b"wide")


def _rate(value: Fraction | None) -> float | None:
    if value is None or value == 0:
        return None
    number = float(value)
    return number if math.isfinite(number) and number > 0 else None


def _probe(container: Any, path: Path, rotation: int = 0) -> VideoProbe:
    if not container.streams.video:
        if container.streams.audio:
            raise MediaError(Msg("{file} has sound but no picture: it is not a video", file=str(path)))
        raise MediaError(Msg("{file} has no video stream", file=str(path)))
    if container.format.name in _STILL_FORMATS:
        raise MediaError(Msg("{file} is a still image, not a video", file=str(path)))
    vs = container.streams.video[0]
    cc = vs.codec_context
    stored_w, stored_h = int(cc.width or vs.width or 0), int(cc.height or vs.height or 0)
    if stored_w <= 0 or stored_h <= 0:
        raise MediaError(Msg("{file} has a video stream without a picture size", file=str(path)))
    if not rotation:
        tag = vs.metadata.get("rotate")
        if tag:
            try:
                rotation = normalise_rotation(-float(tag))  # the tag is clockwise
            except ValueError:
                rotation = 0
    width, height = display_size(stored_w, stored_h, rotation)
    fps = _rate(vs.average_rate) or _rate(vs.guessed_rate) or 0.0
    duration = 0.0
    if container.duration:
        duration = container.duration / 1_000_000
    elif vs.duration and vs.time_base:
        duration = float(vs.duration * vs.time_base)
    a = container.streams.audio[0] if container.streams.audio else None
    return VideoProbe(
        file=str(path),
        size_bytes=path.stat().st_size,
        container=str(container.format.name),
        duration_s=duration,
        bit_rate=int(container.bit_rate) if container.bit_rate else None,
        video_codec=str(cc.name),
        video_profile=str(cc.profile) if cc.profile else None,
        pixel_format=str(cc.format.name) if cc.format else None,
        stored_width=stored_w,
        stored_height=stored_h,
        width=width,
        height=height,
        rotation=rotation,
        fps=fps,
        nominal_fps=_rate(vs.base_rate),
        video_bit_rate=int(vs.bit_rate) if vs.bit_rate else None,
        frame_count=int(vs.frames) if vs.frames else None,
        has_audio=a is not None,
        audio_codec=str(a.codec_context.name) if a is not None else None,
        audio_channels=int(a.codec_context.channels) if a is not None else None,
        sample_rate=int(a.rate) if a is not None and a.rate else None,
        audio_bit_rate=int(a.bit_rate) if a is not None and a.bit_rate else None,
    )


def probe_file(path: Path) -> VideoProbe:
    """Container facts without decoding the whole file (the first picture gives the rotation)."""
    import av

    container = _open(path)
    try:
        rotation = 0
        if container.streams.video:
            try:
                for frame in container.decode(video=0):
                    rotation = normalise_rotation(getattr(frame, "rotation", 0))
                    break
            except av.error.FFmpegError:
                pass
        return _probe(container, path, rotation)
    finally:
        container.close()


def _rotate(image: ImageU8, rotation: int) -> ImageU8:
    if rotation == 0:
        return image
    return np.ascontiguousarray(np.rot90(image, k=rotation // 90))


def _make_frame(
    av_frame: Any,
    index: int,
    time_s: float,
    rotation: int,
    small_wh: tuple[int, int],
    reformatter: Any,
    display_wh: tuple[int, int],
) -> Frame:
    sw, sh = small_wh if rotation % 180 == 0 else (small_wh[1], small_wh[0])

    def to_bgr() -> ImageU8:
        # May run on an analyser's thread: a scaler of that thread's own, single-threaded
        # (libswscale's slice threads can deadlock against Python's lock off the main thread).
        scaler = getattr(_local, "reformatter", None)
        if scaler is None:
            from av.video.reformatter import VideoReformatter

            scaler = _local.reformatter = VideoReformatter()
        out: Any = scaler.reformat(av_frame, format="bgr24", threads=1).to_ndarray()
        return _rotate(out, rotation)

    def to_scaled(width: int, height: int, grey: bool) -> ImageU8:
        # Scaled straight from the decoded picture (cheaper than a full-size conversion),
        # with an area filter as text is read in it; the thread's own scaler, as in to_bgr.
        scaler = getattr(_local, "reformatter", None)
        if scaler is None:
            from av.video.reformatter import VideoReformatter

            scaler = _local.reformatter = VideoReformatter()
        w, h = (width, height) if rotation % 180 == 0 else (height, width)
        out: Any = scaler.reformat(
            av_frame, width=w, height=h, format="gray" if grey else "bgr24", interpolation="AREA", threads=1
        ).to_ndarray()
        return _rotate(out, rotation)

    def to_small() -> ImageU8:
        # One reformatter for the whole pass keeps libswscale's context (building it per frame
        # costs more than the scaling); one thread, as the decoder's threads use the cores.
        # Point sampling is what PySceneDetect's own downscale (OpenCV INTER_LINEAR on the
        # full picture, which at this ratio reads about one source pixel per output pixel)
        # amounts to: closest to its pictures of the filters measured (mean difference 0.3
        # to 0.6 grey levels, bilinear 1.2 to 1.9), and the cheapest (0.25 ms a 1080p frame).
        out: ImageU8 = reformatter.reformat(
            av_frame, width=sw, height=sh, format="bgr24", interpolation="POINT", threads=1
        ).to_ndarray()
        return _rotate(out, rotation)

    return Frame(index, time_s, to_bgr, to_small, to_scaled, size=display_wh)


def decode(
    path: Path,
    on_start: Callable[[VideoProbe, StreamInfo], None],
    on_frame: Callable[[Frame], None],
    *,
    audio: bool = True,
    progress: Callable[[float], None] | None = None,
    on_audio: Callable[[AudioF32, int, AudioF32], None] | None = None,
) -> DecodeResult:
    """Decode ``path`` once: ``on_start`` before the first frame, ``on_frame`` for every frame.

    ``on_audio`` is given each piece of the sound as it is decoded (mono, 48 kHz, and the
    channels it was mixed from; in order: the pieces make up exactly the returned ``mono``
    and ``channels``), for analysers that work as it comes.
    Returns the probe (with measured frame timing) and the decoded sound.
    """
    import av

    container = _open(path)
    try:
        probe = _probe(container, path)
        vs = container.streams.video[0]
        vs.thread_type = "AUTO"
        streams = [vs]
        a_stream = container.streams.audio[0] if (audio and container.streams.audio) else None
        resampler = None
        chunks: list[AudioF32] = []
        handed = _HandOn(on_audio)
        if a_stream is not None:
            a_stream.thread_type = "AUTO"
            streams.append(a_stream)
            layout = "mono" if (a_stream.codec_context.channels or 1) == 1 else "stereo"
            resampler = av.AudioResampler(format="fltp", layout=layout, rate=SAMPLE_RATE)
        from av.video.reformatter import VideoReformatter

        reformatter = VideoReformatter()
        timing = FrameTiming()
        errors = 0
        index = 0
        t0: float | None = None
        started = False
        rotation = 0
        small_wh = (0, 0)
        display_wh = (0, 0)
        last_report = -1.0
        duration = probe.duration_s or 0.0
        for packet in container.demux(*streams):
            try:
                frames = packet.decode()
            except av.error.FFmpegError:
                errors += 1
                continue
            if packet.stream.type == "audio":
                if resampler is not None:
                    for af in frames:
                        for out in resampler.resample(af):
                            handed.keep(out.to_ndarray(), chunks)
                continue
            for vf in frames:
                t = vf.time
                if t is None:
                    t = index / probe.fps if probe.fps else 0.0
                if t0 is None:
                    t0 = t
                if not started:
                    rotation = normalise_rotation(getattr(vf, "rotation", 0)) or probe.rotation
                    w, h = display_size(probe.stored_width, probe.stored_height, rotation)
                    probe = _with_rotation(probe, rotation, w, h)
                    small_wh = small_size(w, h)
                    display_wh = (w, h)
                    on_start(probe, probe.stream_info())
                    started = True
                time_s = float(t - t0)
                timing.add(time_s)
                on_frame(_make_frame(vf, index, time_s, rotation, small_wh, reformatter, display_wh))
                index += 1
                if progress is not None and duration > 0 and time_s - last_report >= 1.0:
                    last_report = time_s
                    progress(min(1.0, time_s / duration))
        if resampler is not None:
            for out in resampler.resample(None):
                handed.keep(out.to_ndarray(), chunks)
            handed.flush()
    except av.error.FFmpegError as exc:
        raise MediaError(Msg("{file} cannot be decoded: {reason}", file=str(path), reason=str(exc))) from None
    finally:
        container.close()
    if index == 0:
        raise MediaError(
            Msg("{file} has no picture that can be decoded (the file is damaged or cut off)", file=str(path))
        )
    probe = probe.with_timing(timing, errors)
    decoded_audio = None
    if chunks:
        channels = np.concatenate(chunks, axis=1) if len(chunks) > 1 else chunks[0]
        channels = np.ascontiguousarray(channels, dtype=np.float32)
        mono = channels.mean(axis=0, dtype=np.float32) if channels.shape[0] > 1 else channels[0].copy()
        decoded_audio = DecodedAudio(mono=mono, channels=channels, sample_rate=SAMPLE_RATE)
    if progress is not None:
        progress(1.0)
    return DecodeResult(probe=probe, audio=decoded_audio)


class _HandOn:
    """Keeps the decoded pieces of sound and hands them on to ``on_audio`` in batches of
    about a quarter of a second (its mono mix, and the channels): a piece is about 20 ms,
    and handing each on by itself cost the decode loop a thread switch each time (0.25 s
    a minute of video, measured)."""

    BATCH = SAMPLE_RATE // 4

    def __init__(self, on_audio: Callable[[AudioF32, int, AudioF32], None] | None) -> None:
        self.on_audio = on_audio
        self._pending: list[AudioF32] = []
        self._pending_n = 0

    def keep(self, piece: Any, chunks: list[AudioF32]) -> None:
        channels: AudioF32 = piece.astype(np.float32, copy=False)
        chunks.append(channels)
        if self.on_audio is None or not channels.shape[1]:
            return
        self._pending.append(channels)
        self._pending_n += channels.shape[1]
        if self._pending_n >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if self.on_audio is None or not self._pending:
            return
        pending, self._pending, self._pending_n = self._pending, [], 0
        channels = np.concatenate(pending, axis=1) if len(pending) > 1 else pending[0]
        # the same mix as of the whole track: the mean of the channels, sample by sample
        mono = channels.mean(axis=0, dtype=np.float32) if channels.shape[0] > 1 else channels[0]
        self.on_audio(np.ascontiguousarray(mono), SAMPLE_RATE, channels)


def _with_rotation(probe: VideoProbe, rotation: int, width: int, height: int) -> VideoProbe:
    from dataclasses import replace

    return replace(probe, rotation=rotation, width=width, height=height)
