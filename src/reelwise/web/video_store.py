"""Where a plan video's upload, check results and thumbnails live, and how an upload gets there.

Layout under the data directory (one folder per video of a campaign's plan)::

    workspaces/<ws>/campaigns/<campaign>/videos/<video-id>/
        upload.json          what was uploaded: generated file name, original name, size, type, who, when
        <random>.mp4         the uploaded file, under a generated name (never the user's)
        job.json             the check's progress (see reelwise.web.jobs)
        check.json           the check report in English (the ``reelwise check --json`` shape)
        check.nl.json        the same report with Dutch messages
        thumbs/<n>.jpg       a thumbnail of scene n (0-based)

An upload is streamed to disk in chunks while it arrives: the first bytes must look like a
video container (``sniff_video``), more than the limit is refused with 413 at once, and the
finished file must open in the real decoder before it replaces the previous upload.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

from reelwise.errors import MediaError
from reelwise.i18n import LANGUAGES, Msg
from reelwise.web.jobs import STATUS_FILE, read_json, write_json
from reelwise.web.uploads import CHUNK, sniff_video

SAFE_PART: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
MULTIPART_SLACK: Final = 64 * 1024  # form fields and part headers around the file
HEAD_BYTES: Final = 64

# container (from sniffing) → (content type, file extension)
CONTAINERS: Final = {
    "mp4": ("video/mp4", ".mp4"),
    "quicktime": ("video/quicktime", ".mov"),
    "webm": ("video/webm", ".webm"),
    "matroska": ("video/x-matroska", ".mkv"),
    "avi": ("video/x-msvideo", ".avi"),
}


class UploadRefused(Exception):
    """An upload that is not accepted, with the status code and a message for the person."""

    def __init__(self, status: int, message: Msg) -> None:
        super().__init__(message.render("en"))
        self.status = status
        self.message = message


@dataclass(frozen=True)
class VideoFolder:
    """The files of one plan video."""

    root: Path

    @property
    def upload_meta(self) -> Path:
        return self.root / "upload.json"

    def report_path(self, lang: str = "en") -> Path:
        return self.root / ("check.json" if lang == "en" else f"check.{lang}.json")

    @property
    def thumbs(self) -> Path:
        return self.root / "thumbs"

    def thumb(self, index: int) -> Path:
        return self.thumbs / f"{index}.jpg"

    def upload(self) -> dict[str, Any] | None:
        data = read_json(self.upload_meta)
        if not isinstance(data, dict) or not isinstance(data.get("stored_as"), str):
            return None
        if not SAFE_PART.match(data["stored_as"]) or not (self.root / data["stored_as"]).is_file():
            return None
        return data

    def video_file(self) -> Path | None:
        meta = self.upload()
        return self.root / meta["stored_as"] if meta else None

    def report(self, lang: str = "en") -> dict[str, Any] | None:
        """The stored check report in ``lang`` (English when that language is missing)."""
        for path in (self.report_path(lang), self.report_path("en")):
            data = read_json(path)
            if isinstance(data, dict):
                return data
        return None

    def forget_check(self) -> None:
        """Forget the check of an earlier file: its report, its thumbnails and its job status."""
        (self.root / STATUS_FILE).unlink(missing_ok=True)
        self.clear_results()

    def clear_results(self) -> None:
        for lang in LANGUAGES:
            self.report_path(lang).unlink(missing_ok=True)
        if self.thumbs.is_dir():
            for item in self.thumbs.glob("*.jpg"):
                item.unlink(missing_ok=True)


def video_folder(data_dir: Path, workspace: str, campaign: str, video_id: str) -> VideoFolder:
    for part in (workspace, campaign, video_id):
        if not SAFE_PART.match(part) or part in (".", ".."):
            raise HTTPException(status_code=404, detail="not found")
    return VideoFolder(data_dir / "workspaces" / workspace / "campaigns" / campaign / "videos" / video_id)


def container_of(head: bytes) -> str | None:
    """The container of a file from its first bytes; None when it is not a video we accept."""
    kind = sniff_video(head)
    if kind == "mp4" and head[8:12] == b"qt  ":
        return "quicktime"
    if kind == "matroska":
        return "webm" if b"webm" in head[:HEAD_BYTES] else "matroska"
    return kind


def display_name(filename: str | None) -> str:
    """The uploaded file's own name, for showing only: no folders, no control characters, short."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:120] or "video"


# -- receiving an upload ---------------------------------------------------------------------


class _Sink:
    """Writes the file part to a temporary file in the video's folder, checking as it goes."""

    def __init__(self, folder: Path, limit: int) -> None:
        self.folder = folder
        self.limit = limit
        self.size = 0
        self.head = b""
        self.container: str | None = None
        self.tmp = folder / f".upload-{secrets.token_hex(8)}.part"
        self.handle: IO[bytes] | None = None
        self.filename: str | None = None

    def open(self, filename: str | None) -> None:
        if self.handle is not None:
            raise UploadRefused(400, Msg("Send one video file at a time."))
        self.folder.mkdir(parents=True, exist_ok=True)
        self.filename = filename
        self.handle = self.tmp.open("wb")

    def write(self, data: bytes) -> None:
        if self.handle is None or not data:
            return
        self.size += len(data)
        if self.size > self.limit:
            raise HTTPException(status_code=413, detail="file too large")
        if self.container is None:
            self.head = (self.head + data)[:HEAD_BYTES]
            if len(self.head) >= 12:
                self.container = container_of(self.head)
                if self.container is None:
                    raise UploadRefused(415, NOT_A_VIDEO)
        self.handle.write(data)

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()

    def discard(self) -> None:
        self.close()
        self.tmp.unlink(missing_ok=True)


NOT_A_VIDEO: Final = Msg(
    "This file is not a video. Upload an MP4, MOV, WebM, MKV or AVI file (the file's contents count, not its name)."
)


def _field_name(disposition: bytes) -> tuple[str | None, str | None, bool]:
    from python_multipart.multipart import parse_options_header

    _kind, options = parse_options_header(disposition)
    name = options.get(b"name")
    filename = options.get(b"filename")
    return (
        name.decode("utf-8", "replace") if name is not None else None,
        filename.decode("utf-8", "replace") if filename is not None else None,
        filename is not None,
    )


async def _stream_into(request: Request, sink: _Sink, field: str) -> bool:
    """Parse the multipart body as it arrives; False when the body was already read (by the CSRF check)."""
    from python_multipart.multipart import MultipartParser, parse_options_header

    _ct, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if not boundary:
        raise UploadRefused(400, Msg("The upload was not a file form (multipart/form-data)."))
    part: dict[str, Any] = {"header": b"", "value": b"", "disposition": b"", "ours": False}

    def on_part_begin() -> None:
        part.update(disposition=b"", ours=False)

    def on_header_field(data: bytes, start: int, end: int) -> None:
        part["header"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        part["value"] += data[start:end]

    def on_header_end() -> None:
        if part["header"].lower() == b"content-disposition":
            part["disposition"] = part["value"]
        part.update(header=b"", value=b"")

    def on_headers_finished() -> None:
        name, filename, is_file = _field_name(part["disposition"])
        part["ours"] = is_file and name == field
        if part["ours"]:
            sink.open(filename)

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if part["ours"]:
            sink.write(data[start:end])

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
            "on_part_data": on_part_data,
        },
    )
    stream = request.stream()
    try:
        async for chunk in stream:
            parser.write(chunk)
    except RuntimeError:  # "Stream consumed": the app-wide CSRF check parsed the form already
        if sink.handle is None and sink.size == 0:
            return False
        raise
    parser.finalize()
    return True


async def _copy_from_form(request: Request, sink: _Sink, field: str) -> None:
    from starlette.datastructures import UploadFile

    form = await request.form()
    upload = form.get(field)
    if not isinstance(upload, UploadFile):
        return
    sink.open(upload.filename)
    while chunk := await upload.read(CHUNK):
        sink.write(chunk)


@dataclass(frozen=True)
class Received:
    stored_as: str
    original_name: str
    size_bytes: int
    container: str
    content_type: str
    duration_s: float
    width: int
    height: int


async def receive_video(
    request: Request, folder: VideoFolder, limit: int, *, who: str, when: str, field: str = "file"
) -> Received:
    """Stream the form's video file into ``folder`` and check it; the previous upload is replaced.

    Raises ``HTTPException(413)`` past ``limit`` and :class:`UploadRefused` for anything that
    is not a playable video. Nothing is left behind when the upload is refused.
    """
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit + MULTIPART_SLACK:
        raise HTTPException(status_code=413, detail="file too large")
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise UploadRefused(400, Msg("The upload was not a file form (multipart/form-data)."))
    sink = _Sink(folder.root, limit)
    try:
        try:
            streamed = await _stream_into(request, sink, field)
        except ValueError as exc:  # the multipart parser's errors
            raise UploadRefused(400, Msg("The upload was damaged: {reason}", reason=str(exc))) from None
        if not streamed:
            await _copy_from_form(request, sink, field)
        sink.close()
        if sink.handle is None:
            raise UploadRefused(400, Msg("Choose a video file to upload."))
        if sink.size == 0:
            raise UploadRefused(400, Msg("The file is empty (0 bytes)."))
        if sink.container is None:
            raise UploadRefused(415, NOT_A_VIDEO)
        probe = await run_in_threadpool(_probe, sink.tmp, display_name(sink.filename))
    except BaseException:
        sink.discard()
        raise
    content_type, ext = CONTAINERS[sink.container]
    stored_as = f"{secrets.token_hex(12)}{ext}"
    previous = folder.video_file()
    sink.tmp.replace(folder.root / stored_as)
    received = Received(
        stored_as=stored_as,
        original_name=display_name(sink.filename),
        size_bytes=sink.size,
        container=sink.container,
        content_type=content_type,
        duration_s=round(float(probe.duration_s or 0.0), 3),
        width=int(probe.width),
        height=int(probe.height),
    )
    write_json(folder.upload_meta, received.__dict__ | {"uploaded_at": when, "uploaded_by": who})
    if previous is not None and previous.name != received.stored_as:
        previous.unlink(missing_ok=True)
    folder.forget_check()
    return received


def hide_path(message: Msg, path: Path, name: str) -> Msg:
    """The same message with the server's file path replaced by the name the person knows."""

    def clean(value: Any) -> Any:
        if isinstance(value, Msg):
            return hide_path(value, path, name)
        if isinstance(value, str):
            return value.replace(str(path), name)
        return value

    return Msg(message.msgid, **{key: clean(value) for key, value in message.params.items()})


def _probe(path: Path, name: str) -> Any:
    """Open the file with the real decoder; a clear message (with the user's file name) when it cannot."""
    from reelwise.adapters.video import probe_file

    try:
        return probe_file(path)
    except MediaError as exc:
        reason = hide_path(exc.message, path, name)
        raise UploadRefused(
            415, Msg("{name} cannot be played as a video: {reason}", name=name, reason=reason)
        ) from None
