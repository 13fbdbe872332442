"""Just enough of PDF to read back the text of the files fpdf2 writes (no PDF library needed).

fpdf2 embeds TrueType fonts as Type0 fonts: text is written as 2-byte glyph codes inside
literal strings, and each font carries a ToUnicode CMap from codes to characters.
"""

from __future__ import annotations

import re
import zlib

_OBJ = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_STRING = rb"\(((?:\\.|[^\\)])*)\)"
_OPS = re.compile(rb"/(F\d+) [\d.]+ Tf|" + _STRING + rb" Tj|\[((?:" + _STRING + rb"|[^\]])*)\]\s*TJ", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


def _stream(body: bytes) -> bytes:
    match = _STREAM.search(body)
    if match is None:
        return b""
    raw = match.group(1)
    return zlib.decompress(raw) if b"FlateDecode" in body[: match.start()] else raw


def _cmap(data: bytes) -> dict[int, str]:
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, uni in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(code, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, start in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = int(start, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(first + i)
    return out


def _unescape(text: bytes) -> bytes:
    out = bytearray()
    i = 0
    while i < len(text):
        c = text[i : i + 1]
        if c == b"\\" and i + 1 < len(text):
            nxt = text[i + 1 : i + 2]
            octal = re.match(rb"[0-7]{1,3}", text[i + 1 : i + 4])
            if octal:
                out.append(int(octal.group(0), 8))
                i += 1 + len(octal.group(0))
                continue
            out += _ESCAPES.get(nxt, nxt)
            i += 2
            continue
        out += c
        i += 1
    return bytes(out)


def pdf_text(data: bytes) -> str:
    """The text of every page, in drawing order, one line per text operation."""
    objects = {int(m.group(1)): m.group(2) for m in _OBJ.finditer(data)}
    fonts: dict[bytes, dict[int, str]] = {}
    for body in objects.values():
        for name, ref in re.findall(rb"/(F\d+) (\d+) 0 R", body):
            font = objects.get(int(ref), b"")
            to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", font)
            if to_unicode:
                fonts[name] = _cmap(_stream(objects.get(int(to_unicode.group(1)), b"")))
    lines: list[str] = []
    for body in objects.values():
        content = _stream(body) if b"stream" in body and b"/Length" in body else b""
        if b" Tj" not in content:
            continue
        current: dict[int, str] = {}
        for match in _OPS.finditer(content):
            if match.group(1) is not None:
                current = fonts.get(match.group(1), {})
                continue
            if match.group(2) is not None:
                raw = _unescape(match.group(2))
            else:
                raw = b"".join(_unescape(m.group(1)) for m in re.finditer(_STRING, match.group(3), re.S))
            codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)]
            lines.append("".join(current.get(c, "?") for c in codes))
    return "\n".join(lines)
