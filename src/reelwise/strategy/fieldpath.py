"""Field paths for finding evidence: ``field_path("distribution", "posts", 3, "moment")``
gives ``"distribution.posts[3].moment"`` — the place in the plan file a finding is about."""

from __future__ import annotations


def field_path(*parts: str | int) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
