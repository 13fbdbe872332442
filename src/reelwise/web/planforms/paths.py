"""Form field names are plan paths, written as the plan's error messages write them.

``videos[1].cta.url`` is both the name of the input and the path a validation error
points at, so a message finds its field without a lookup table.
"""

from __future__ import annotations

import re
from typing import Final

PathT = tuple[str | int, ...]
_PART: Final = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def item(path: str, index: int) -> str:
    return f"{path}[{index}]"


def split(path: str) -> PathT:
    """``videos[1].cta.url`` → ``("videos", 1, "cta", "url")``."""
    return tuple(int(m[2]) if m[2] is not None else m[1] for m in _PART.finditer(path))


def write(parts: PathT) -> str:
    out = ""
    for part in parts:
        out = item(out, part) if isinstance(part, int) else join(out, part)
    return out


def ancestors(path: str) -> list[str]:
    """The path itself, then each parent up to the section: ``a[1].b`` → ``a[1].b``, ``a[1]``, ``a``."""
    parts = split(path)
    return [write(parts[:n]) for n in range(len(parts), 0, -1)]


def dom_id(path: str) -> str:
    return "f-" + re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")
