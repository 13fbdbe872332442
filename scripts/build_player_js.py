"""Build ``reelwise-player.min.js`` from ``reelwise-player.js`` (no npm needed).

A small, conservative minifier for the tracker's own source: it removes comments (except
``/*! … */``) and whitespace, keeping a space only where two words would merge or two
``+``/``-`` would become ``++``/``--``. It relies on the source's house rules — every
statement ends with a semicolon, no regular-expression or template literals — and refuses
input that breaks the last two. The tests run both files under the same DOM shim and check
the committed minified file is this script's output.

    python scripts/build_player_js.py          # write the .min.js
    python scripts/build_player_js.py --check  # exit 1 when the committed file is stale
"""

from __future__ import annotations

import sys
from pathlib import Path

STATIC = Path(__file__).resolve().parents[1] / "src" / "reelwise" / "web" / "static"
SOURCE = STATIC / "reelwise-player.js"
TARGET = STATIC / "reelwise-player.min.js"

_WORD = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")
# After these tokens a "/" would start a regular expression, not a division.
_REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^") | {"", "return", "typeof", "case", "do", "else", "in", "of"}


class MinifyError(ValueError):
    pass


def _tokens(source: str) -> list[tuple[str, bool]]:
    """(token, whitespace-or-comment before it) pairs."""
    out: list[tuple[str, bool]] = []
    i, n, gap = 0, len(source), False
    while i < n:
        ch = source[i]
        if ch in " \t\r\n":
            gap, i = True, i + 1
        elif source.startswith("//", i):
            end = source.find("\n", i)
            i, gap = (n if end < 0 else end), True
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            if end < 0:
                raise MinifyError(f"unterminated comment at offset {i}")
            if source.startswith("/*!", i):
                out.append((source[i : end + 2] + "\n", gap))
            i, gap = end + 2, True
        elif ch in "\"'":
            j = i + 1
            while j < n and source[j] != ch:
                if source[j] == "\n":
                    raise MinifyError(f"unterminated string at offset {i}")
                j += 2 if source[j] == "\\" else 1
            if j >= n:
                raise MinifyError(f"unterminated string at offset {i}")
            out.append((source[i : j + 1], gap))
            i, gap = j + 1, False
        elif ch == "`":
            raise MinifyError(f"template literal at offset {i}: not supported by this build step")
        elif ch in _WORD or (ch == "." and i + 1 < n and source[i + 1].isdigit()):
            j = i + 1
            while j < n and (source[j] in _WORD or (source[j] == "." and source[i].isdigit())):
                j += 1
            out.append((source[i:j], gap))
            i, gap = j, False
        else:
            if ch == "/":
                prev = out[-1][0] if out else ""
                if prev in _REGEX_AFTER:
                    raise MinifyError(f"regular-expression literal at offset {i}: not supported by this build step")
            out.append((ch, gap))
            i, gap = i + 1, False
    return out


def minify(source: str) -> str:
    parts: list[str] = []
    prev = ""
    for token, gap in _tokens(source):
        if parts and gap:
            word_pair = prev[-1] in _WORD and token[0] in _WORD
            sign_pair = prev[-1] in "+-" and token[0] == prev[-1]
            if word_pair or sign_pair:
                parts.append(" ")
        parts.append(token)
        prev = token
    return "".join(parts).strip() + "\n"


def main(argv: list[str]) -> int:
    built = minify(SOURCE.read_text(encoding="utf-8"))
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != built:
            print(f"{TARGET.name} is stale: run python scripts/build_player_js.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(built, encoding="utf-8")
    print(f"{TARGET.name}: {len(built.encode())} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
