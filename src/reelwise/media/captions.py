"""Sidecar captions: SubRip (``.srt``) and WebVTT (``.vtt``) parsed into timed text.

Entry point: :func:`parse_captions` ``(text, file=None, fmt=None) -> list[TimedText]``.
The parser is lenient where players are (BOM, CRLF, missing cue numbers, ``.``/``,`` as
decimal mark, ``MM:SS.mmm`` in WebVTT, cue settings, ``<i>``/``<c.x>``/``{\\an8}`` tags,
HTML entities, NOTE/STYLE/REGION blocks) and strict where a mistake would give wrong
times: a malformed timing line or a cue that ends before it starts is reported with its
line number as an :class:`~reelwise.errors.InputError` carrying one
:class:`~reelwise.errors.Issue` per problem. It never raises anything else.

Reading the file next to a video is the caller's job (``reelwise.adapters.speech``).
"""

from __future__ import annotations

import html
import re
from typing import Final

from reelwise.errors import InputError, Issue, Location
from reelwise.i18n import Msg
from reelwise.media.base import TimedText

CAPTION_SUFFIXES: Final = (".srt", ".vtt")

_TIME = r"(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})[.,](\d{1,3})"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s+.*)?$")
_TAG = re.compile(r"<[^>]*>|\{\\[^}]*\}")
_MAX_S: Final = 100 * 3600.0


def _seconds(h: str | None, m: str, s: str, frac: str) -> float | None:
    minutes, seconds = int(m), int(s)
    if minutes > 59 or seconds > 59:
        return None
    return int(h or 0) * 3600 + minutes * 60 + seconds + int(frac.ljust(3, "0")) / 1000


def _clean(lines: list[str]) -> str:
    text = " ".join(_TAG.sub("", line).strip() for line in lines)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def parse_captions(text: str, file: str | None = None, fmt: str | None = None) -> list[TimedText]:
    """Parse SRT or WebVTT ``text`` (``fmt`` "srt"/"vtt", or guessed) into cues in time order."""
    if not isinstance(text, str):
        raise InputError(Msg("captions must be text"), [Issue(Location(file), Msg("captions must be text"))])
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    is_vtt = fmt == "vtt" or (fmt is None and bool(lines) and lines[0].strip().startswith("WEBVTT"))
    issues: list[Issue] = []
    cues: list[TimedText] = []
    i = 0
    if is_vtt and lines and lines[0].strip().startswith("WEBVTT"):
        while i < len(lines) and lines[i].strip():  # header block
            i += 1
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        block_start = i
        block: list[str] = []
        while i < len(lines) and lines[i].strip():
            block.append(lines[i])
            i += 1
        head = block[0].strip()
        if is_vtt and (
            head.startswith("NOTE") or head in ("STYLE", "REGION") or head.startswith(("STYLE ", "REGION "))
        ):
            continue
        timing_at = next((k for k, line in enumerate(block[:2]) if "-->" in line), None)
        if timing_at is None:
            if any("-->" in line for line in block):
                k = next(k for k, line in enumerate(block) if "-->" in line)
                issues.append(Issue(Location(file, block_start + k + 1), Msg("a timing line must come first in a cue")))
            else:
                issues.append(Issue(Location(file, block_start + 1), Msg("text without a timing line (start --> end)")))
            continue
        line_no = block_start + timing_at + 1
        m = _TIMING.match(block[timing_at])
        if not m:
            issues.append(
                Issue(
                    Location(file, line_no),
                    Msg(
                        "bad timing line '{line}': expected HH:MM:SS,mmm --> HH:MM:SS,mmm",
                        line=block[timing_at].strip()[:80],
                    ),
                )
            )
            continue
        start = _seconds(*m.group(1, 2, 3, 4))
        end = _seconds(*m.group(5, 6, 7, 8))
        if start is None or end is None or start > _MAX_S or end > _MAX_S:
            issues.append(
                Issue(
                    Location(file, line_no),
                    Msg("bad time in '{line}': minutes and seconds go up to 59", line=block[timing_at].strip()[:80]),
                )
            )
            continue
        if end < start:
            issues.append(
                Issue(
                    Location(file, line_no),
                    Msg("cue ends ({end} s) before it starts ({start} s)", start=round(start, 3), end=round(end, 3)),
                )
            )
            continue
        cue_text = _clean(block[timing_at + 1 :])
        if cue_text:
            cues.append(TimedText(start_s=start, end_s=end, text=cue_text))
    if issues:
        raise InputError(
            Msg("{count} problems in the captions {file}", count=len(issues), file=file or "<captions>"), issues
        )
    cues.sort(key=lambda c: (c.start_s, c.end_s))
    return cues
