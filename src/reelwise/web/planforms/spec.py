"""The shape of the plan forms, read from the pydantic plan model.

Every field of a plan part becomes one :class:`FieldSpec` with a *kind* that says how it is
edited: a text, number, date or date-and-time input, a select for a catalogue, a checkbox,
a textarea with one value a line, a group of checkboxes, a fieldset for a nested part, or a
repeated fieldset for a list of parts. Nothing here is written per field: a field added to
the plan model shows up on the forms by itself.
"""

from __future__ import annotations

import datetime as dt
import types
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Annotated, Any, Final, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from reelwise.domain.plan import Plan

Kind = Literal[
    "text",
    "textarea",
    "int",
    "float",
    "date",
    "datetime",
    "bool",
    "enum",
    "lines",
    "choices",
    "checklist",
    "model",
    "models",
]

# free-text fields that deserve more than one line
LONG_TEXT: Final = frozenset({"description", "caption", "message", "slogan", "question"})
SECTION_NAMES: Final = tuple(name for name in Plan.model_fields if name != "version")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: Kind
    required: bool
    nullable: bool
    default: Any
    enum: type[Enum] | None = None
    model: type[BaseModel] | None = None


def _strip(annotation: Any) -> tuple[Any, bool]:
    """The bare type of an annotation and whether None is allowed."""
    nullable = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            nullable = nullable or len(args) < len(get_args(annotation))
            if len(args) != 1:
                return annotation, nullable
            annotation = args[0]
        else:
            return annotation, nullable


def _is(cls: Any, base: type) -> bool:
    return isinstance(cls, type) and issubclass(cls, base)


def _scalar_kind(name: str, cls: Any) -> Kind | None:
    if cls is bool:
        return "bool"
    if cls is int:
        return "int"
    if cls is float:
        return "float"
    if cls is dt.datetime:
        return "datetime"
    if cls is dt.date:
        return "date"
    if _is(cls, Enum):
        return "enum"
    if cls is str:
        return "textarea" if name in LONG_TEXT else "text"
    return None


def _default(info: FieldInfo) -> Any:
    if info.is_required():
        return None
    if info.default_factory is not None:
        return info.default_factory()  # type: ignore[call-arg]
    value = info.default
    return value.value if isinstance(value, Enum) else value


def _spec(name: str, info: FieldInfo) -> FieldSpec | None:
    cls, nullable = _strip(info.annotation)
    base = {"name": name, "required": info.is_required(), "nullable": nullable, "default": _default(info)}
    if get_origin(cls) is Literal:
        return None  # the schema version: not edited
    if _is(cls, BaseModel):
        return FieldSpec(kind="model", model=cls, **base)
    origin = get_origin(cls)
    if origin is list:
        item, _ = _strip(get_args(cls)[0])
        if _is(item, BaseModel):
            return FieldSpec(kind="models", model=item, **base)
        if _is(item, Enum):
            return FieldSpec(kind="choices", enum=item, **base)
        return FieldSpec(kind="lines", **base)
    if origin is dict:
        key, value = (_strip(a)[0] for a in get_args(cls))
        if _is(key, Enum) and value is bool:
            return FieldSpec(kind="checklist", enum=key, **base)
        return None
    kind = _scalar_kind(name, cls)
    if kind is None:
        return None
    return FieldSpec(kind=kind, enum=cls if kind == "enum" else None, **base)


@cache
def fields_of(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """The editable fields of a plan part, in the model's order."""
    out = []
    for name, info in model.model_fields.items():
        spec = _spec(name, info)
        if spec is not None:
            out.append(spec)
    return tuple(out)


def section_spec(section: str) -> FieldSpec:
    """The field of the whole plan a section of the editor edits (``videos``, ``brand`` …)."""
    for spec in fields_of(Plan):
        if spec.name == section:
            return spec
    raise KeyError(section)
