"""Plan data (valid or as the user typed it) + messages → the nodes a template renders.

Three kinds of node: :class:`Input` (one field), :class:`Group` (a fieldset for a nested
part or one item of a list) and :class:`Repeat` (a list of parts with add/remove). Every
validation message is attached to the node whose path it names, or to the nearest
enclosing one; a message about a value in a one-a-line list says which line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Final

from reelwise.i18n import Msg, translate
from reelwise.web.planforms import labels
from reelwise.web.planforms.paths import ancestors, dom_id, item, join, split
from reelwise.web.planforms.spec import FieldSpec, fields_of, section_spec

CAPTION_KEYS: Final = ("title", "name", "handle", "id", "kpi", "question", "outlet", "video", "niche", "metric")
_NAIVE_MINUTE: Final = re.compile(r"^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d)(:00)?$")


@dataclass
class Input:
    path: str
    dom_id: str
    label: str
    hint: str | None
    kind: str
    value: str = ""
    selected: set[str] = field(default_factory=set)
    options: list[tuple[str, str]] = field(default_factory=list)
    required: bool = False
    errors: list[str] = field(default_factory=list)
    autofocus: bool = False
    node: str = "input"

    @property
    def shown(self) -> str:
        """The value as a reader sees it (read-only view)."""
        if self.kind == "bool":
            return "✓" if self.value else "–"
        if self.kind in ("enum", "ref", "choices", "checklist"):
            names = dict(self.options)
            chosen = [
                names.get(v, v) for v in ([self.value] if self.kind in ("enum", "ref") else sorted(self.selected))
            ]
            return ", ".join(c for c in chosen if c) or "–"
        return self.value.replace("T", " ") if self.kind == "datetime" else (self.value or "–")


@dataclass
class Group:
    path: str
    dom_id: str
    legend: str
    caption: str = ""
    children: list[Input | Group | Repeat] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    remove: str | None = None
    open: bool = True  # an item of a list shown unfolded
    has_errors: bool = False  # here or in a field inside
    node: str = "group"


@dataclass
class Repeat:
    path: str
    dom_id: str
    label: str
    items: list[Group] = field(default_factory=list)
    add: str = ""
    errors: list[str] = field(default_factory=list)
    autofocus: bool = False
    node: str = "repeat"


Node = Input | Group | Repeat


@dataclass
class Form:
    nodes: list[Node]
    # (dom id, field label, message) of every message placed at a field, in page order
    summary: list[tuple[str, str, str]]
    # (path, message) of messages about other sections (a stage renamed here breaks a video there)
    elsewhere: list[tuple[str, str]]


def _text(value: Any, kind: str) -> str:
    if value is None or value is False:
        return ""
    if value is True:
        return "true"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "\n".join(_text(v, "text") for v in value)
    if isinstance(value, Enum):
        return str(value.value)
    text = str(value)
    if kind == "datetime":
        match = _NAIVE_MINUTE.match(text)
        if match:
            return f"{match[1]}T{match[2]}"
    return text


class _Builder:
    def __init__(self, lang: str, focus: str | None, refs: Mapping[str, Sequence[tuple[str, str]]]) -> None:
        self.lang = lang
        self.focus = focus
        self.refs = refs

    def t(self, msgid: str) -> str:
        return translate(msgid, self.lang)

    def options(self, enum: type[Enum] | None) -> list[tuple[str, str]]:
        if enum is None:
            return []
        return [(str(m.value), self.t(labels.choice_label(enum.__name__, str(m.value)))) for m in enum]

    def hint(self, spec: FieldSpec) -> str | None:
        text = labels.HINTS.get(spec.name)
        if text is None and spec.kind == "lines":
            text = labels.LINES_HINT
        return self.t(text) if text else None

    def node(self, spec: FieldSpec, path: str, value: Any) -> Node:
        label = self.t(labels.field_label(spec.name))
        if spec.kind == "models":
            return self.repeat(spec, path, value if isinstance(value, list) else [], label)
        if spec.kind == "model":
            return self.group(spec, path, value if isinstance(value, dict) else {}, label)
        kind: str = spec.kind
        if kind == "datetime" and value is not None and not _NAIVE_MINUTE.match(str(value).replace("T", " ")):
            kind = "text"  # a moment with a UTC offset: shown as written
        options = self.options(spec.enum)
        if kind == "text" and spec.name in self.refs:
            kind, options = "ref", list(self.refs[spec.name])
            if value and str(value) not in {v for v, _ in options}:
                options.append((str(value), str(value)))  # a broken reference stays visible
        node = Input(
            path=path,
            dom_id=dom_id(path),
            label=label,
            hint=self.hint(spec),
            kind=kind,
            options=options,
            required=spec.required,
            autofocus=path == self.focus,
        )
        if kind == "choices":
            node.selected = {str(v) for v in value or []}
        elif kind == "checklist":
            node.selected = {str(k) for k, v in (value or {}).items() if v}
        else:
            node.value = _text(spec.default if value is None and kind in ("bool", "enum") else value, kind)
        return node

    def group(self, spec: FieldSpec, path: str, data: Mapping[str, Any], legend: str) -> Group:
        assert spec.model is not None
        children = [self.node(f, join(path, f.name), data.get(f.name)) for f in fields_of(spec.model)]
        return Group(path=path, dom_id=dom_id(path), legend=legend, children=children)

    def repeat(self, spec: FieldSpec, path: str, items: list[Any], label: str) -> Repeat:
        assert spec.model is not None
        template = labels.ITEMS.get(spec.model.__name__, labels.ITEM_FALLBACK)
        groups = []
        for index, data in enumerate(items):
            data = data if isinstance(data, dict) else {}
            here = item(path, index)
            group = self.group(spec, here, data, self.t(template).format(number=index + 1))
            group.caption = next((str(data[k]) for k in CAPTION_KEYS if data.get(k)), "")
            group.remove = f"remove:{here}"
            if here == self.focus:
                first = next(_inputs(group.children), None)
                if first is not None:
                    first.autofocus = True
            groups.append(group)
        return Repeat(
            path=path, dom_id=dom_id(path), label=label, items=groups, add=f"add:{path}", autofocus=path == self.focus
        )


def _walk(nodes: Sequence[Node]) -> Iterator[Node]:
    for node in nodes:
        yield node
        if isinstance(node, Group):
            yield from _walk(node.children)
        elif isinstance(node, Repeat):
            yield from _walk(node.items)


def _inputs(nodes: Sequence[Node]) -> Iterator[Input]:
    return (n for n in _walk(nodes) if isinstance(n, Input))


def build_form(
    section: str,
    data: Any,
    *,
    lang: str,
    errors: Mapping[str, Sequence[str]] | None = None,
    focus: str | None = None,
    refs: Mapping[str, Sequence[tuple[str, str]]] | None = None,
) -> Form:
    """The nodes of one section's form, each validation message at its field.

    ``refs`` offers choices for text fields that name another part of the plan (field name →
    (value, label)): a stage, a video, a persona … so people pick instead of typing ids.
    """
    builder = _Builder(lang, focus, refs or {})
    spec = section_spec(section)
    root = builder.node(spec, section, data)
    nodes: list[Node] = root.children if isinstance(root, Group) else [root]
    by_path = {n.path: n for n in _walk(nodes)}
    elsewhere: list[tuple[str, str]] = []
    for path, messages in (errors or {}).items():
        target, line = _target(by_path, path)
        if target is None:
            elsewhere.extend((path, m) for m in messages)
            continue
        for message in messages:
            text = message if line is None else Msg("line {line}: {message}", line=line, message=message).render(lang)
            target.errors.append(text)
    for node in _walk(nodes):
        if isinstance(node, Repeat):
            for group in node.items:
                group.has_errors = any(n.errors for n in _walk([group]))
                inside = focus is not None and (
                    focus == group.path or focus.startswith((group.path + ".", group.path + "["))
                )
                group.open = group.has_errors or inside or len(node.items) <= 2
    summary = [(node.dom_id, " › ".join(trail), m) for node, trail in _trails(nodes, ()) for m in node.errors]
    return Form(nodes=nodes, summary=summary, elsewhere=elsewhere)


def _trails(nodes: Sequence[Node], trail: tuple[str, ...]) -> Iterator[tuple[Node, tuple[str, ...]]]:
    """Every node with the labels that lead to it (``Video 2 · Title › Call to action › URL``)."""
    for node in nodes:
        if isinstance(node, Input):
            yield node, (*trail, node.label)
        elif isinstance(node, Group):
            here = (*trail, f"{node.legend} · {node.caption}" if node.caption else node.legend)
            yield node, here
            yield from _trails(node.children, here)
        else:
            yield node, (*trail, node.label)
            yield from _trails(node.items, trail)


def _target(by_path: Mapping[str, Node], path: str) -> tuple[Node | None, int | None]:
    for candidate in ancestors(path):
        node = by_path.get(candidate)
        if node is not None:
            rest = split(path)[len(split(candidate)) :]
            line = rest[0] + 1 if isinstance(node, Input) and rest and isinstance(rest[0], int) else None
            return node, line
    return None, None
