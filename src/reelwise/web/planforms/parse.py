"""Posted form fields back into plan data, and the add/remove buttons of repeated parts.

The result is plain data (text as the user typed it, trimmed) that the plan model then
validates; nothing is converted or dropped here except empty values, so a form with a
mistake comes back exactly as it was sent. Completely empty items of a list are dropped
on save (an "add" clicked by accident), never on add/remove.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from reelwise.web.planforms.paths import item, join, split
from reelwise.web.planforms.spec import FieldSpec, fields_of, section_spec

FormData = Mapping[str, Sequence[str]]
TRUE: Final = frozenset({"true", "on", "1", "yes"})
_DECIMAL_COMMA: Final = re.compile(r"^-?\d+,\d+$")
_ABSENT: Final = object()


def _first(form: FormData, path: str) -> str:
    values = form.get(path) or [""]
    return str(values[0]).strip()


def _indexes(form: FormData, path: str) -> list[int]:
    pattern = re.compile(re.escape(path) + r"\[(\d+)\]")
    found = {int(m[1]) for key in form for m in [pattern.match(key)] if m}
    return sorted(found)


def is_blank(value: Any, spec: FieldSpec | None = None) -> bool:
    if value is _ABSENT or value is None or value == "" or value is False or value == [] or value == {}:
        return True
    if spec is not None and spec.kind not in ("model", "models") and value == spec.default:
        return True
    if isinstance(value, dict) and spec is not None and spec.model is not None:
        return all(is_blank(value.get(f.name, _ABSENT), f) for f in fields_of(spec.model))
    return False


def _model(spec: FieldSpec, path: str, form: FormData, drop_blank: bool) -> dict[str, Any]:
    assert spec.model is not None
    out: dict[str, Any] = {}
    for child in fields_of(spec.model):
        value = _field(child, join(path, child.name), form, drop_blank)
        if value is not _ABSENT:
            out[child.name] = value
    return out


def _field(spec: FieldSpec, path: str, form: FormData, drop_blank: bool) -> Any:
    kind = spec.kind
    if kind == "models":
        items = [_model(spec, item(path, i), form, drop_blank) for i in _indexes(form, path)]
        return [i for i in items if not (drop_blank and is_blank(i, spec))]
    if kind == "model":
        data = _model(spec, path, form, drop_blank)
        return _ABSENT if spec.nullable and is_blank(data, spec) else data
    if kind == "bool":
        return _first(form, path).lower() in TRUE
    if kind == "lines":
        return [line.strip() for line in _first(form, path).splitlines() if line.strip()]
    if kind in ("choices", "checklist"):
        chosen = list(dict.fromkeys(str(v).strip() for v in form.get(path, []) if str(v).strip()))
        return {value: True for value in chosen} if kind == "checklist" else chosen
    raw = _first(form, path)
    if raw == "":
        return _ABSENT
    if kind in ("int", "float") and _DECIMAL_COMMA.match(raw):
        raw = raw.replace(",", ".")
    if kind == "datetime":
        raw = raw.replace("T", " ", 1) if "T" in raw and "+" not in raw and not raw.endswith("Z") else raw
    return raw


def parse_section(section: str, form: FormData, *, drop_blank: bool = True) -> Any:
    """The data of one section (``videos``, ``brand`` …) as the form sent it."""
    spec = section_spec(section)
    value = _field(spec, section, form, drop_blank)
    if value is _ABSENT:
        return {}
    return value


def _container(data: Any, parts: tuple[str | int, ...]) -> Any:
    for part in parts:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return None
            data = data[part]
        else:
            if not isinstance(data, dict):
                return None
            data = data.setdefault(part, [])
    return data


def apply_action(section: str, data: Any, action: str) -> str | None:
    """Apply ``add:<list path>`` or ``remove:<item path>`` to ``data`` in place.

    Returns the path to focus afterwards (the new item, or the list an item left), or None
    when the action does not fit the data (a stale page): then nothing changes.
    """
    verb, _, path = action.partition(":")
    parts = split(path)
    if not parts or parts[0] != section:
        return None
    inner = parts[1:]
    if verb == "add" and (not inner or isinstance(inner[-1], str)):
        target = data if not inner else _container(data, inner)
        if isinstance(target, list):
            target.append({})
            return item(path, len(target) - 1)
    if verb == "remove" and inner and isinstance(inner[-1], int):
        target = data if len(inner) == 1 else _container(data, inner[:-1])
        if isinstance(target, list) and 0 <= inner[-1] < len(target):
            del target[inner[-1]]
            return path.rsplit("[", 1)[0]
    return None


def keep_order(spec: FieldSpec, new: Any, old: Any) -> Any:
    """``new`` with every checkbox group that still holds the same choices in ``old``'s order.

    Checkboxes come back in the catalogue's order; a plan that lists ``[tiktok, youtube]``
    must not become a new version just because nothing was changed on the form.
    """
    if spec.kind == "choices" and isinstance(new, list) and isinstance(old, list):
        return old if sorted(map(str, new)) == sorted(map(str, old)) else new
    if spec.kind == "models" and isinstance(new, list) and isinstance(old, list):
        return [keep_order(_item_spec(spec), n, o) for n, o in zip(new, old, strict=False)] + new[len(old) :]
    if spec.model is not None and isinstance(new, dict) and isinstance(old, dict):
        out = dict(new)
        for child in fields_of(spec.model):
            if child.name in new and child.name in old:
                out[child.name] = keep_order(child, new[child.name], old[child.name])
        return out
    return new


def _item_spec(spec: FieldSpec) -> FieldSpec:
    return FieldSpec(name=spec.name, kind="model", required=True, nullable=False, default=None, model=spec.model)
