"""Uploads: read at most a limit, check what a file really is by its first bytes."""

from __future__ import annotations

from fastapi import HTTPException, UploadFile

CHUNK = 1024 * 1024


async def read_limited(upload: UploadFile, limit: int) -> bytes:
    """The upload's bytes; 413 as soon as it passes ``limit``."""
    parts: list[bytes] = []
    size = 0
    while True:
        chunk = await upload.read(CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise HTTPException(status_code=413, detail="file too large")
        parts.append(chunk)
    return b"".join(parts)


def sniff_video(head: bytes) -> str | None:
    """The container a file really is, from its first bytes; None when it is not a video we accept."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "mp4"  # MP4, MOV, M4V, 3GP
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "matroska"  # MKV, WebM
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return "avi"
    return None
