"""Plan files: YAML text in, a validated :class:`Plan` out, every problem located.

The loader composes the YAML node tree itself so that every value keeps its line number;
pydantic's errors are then mapped back to ``file:line path: message``. All problems of a
document are reported at once. Nothing here touches the disk: the caller passes the text
and, optionally, a function that says whether a referenced file exists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

import yaml
from pydantic import ValidationError

from reelwise.domain.crossrefs import PathT, check_references
from reelwise.domain.plan import Plan
from reelwise.errors import Issue, Location, PlanError
from reelwise.i18n import N_, Msg

MAX_NODES: Final = 200_000  # guards against alias bombs ("billion laughs")
MAX_BYTES: Final = 5_000_000


def format_path(path: PathT) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class LineMap:
    """Line number (1-based) of every path in a YAML document."""

    def __init__(self) -> None:
        self.lines: dict[PathT, int] = {}

    def line_of(self, path: PathT) -> int | None:
        """The line of ``path``, or of its nearest existing parent."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


def _walk(
    node: yaml.Node,
    path: PathT,
    lines: LineMap,
    issues: list[Issue],
    file: str | None,
    budget: list[int],
    seen: set[int],
) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        return
    lines.lines.setdefault(path, node.start_mark.line + 1)
    if id(node) in seen:  # a recursive alias: stop here, validation will reject the shape
        return
    if isinstance(node, yaml.MappingNode):
        seen = seen | {id(node)}
        keys: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                issues.append(
                    Issue(
                        Location(file, key_node.start_mark.line + 1, format_path(path)), Msg("a key must be plain text")
                    )
                )
                continue
            if key in keys:
                issues.append(
                    Issue(
                        Location(file, key_node.start_mark.line + 1, format_path((*path, key))),
                        Msg("key {key} appears twice", key=key),
                    )
                )
            keys.add(key)
            lines.lines[(*path, key)] = key_node.start_mark.line + 1
            _walk(value_node, (*path, key), lines, issues, file, budget, seen)
    elif isinstance(node, yaml.SequenceNode):
        seen = seen | {id(node)}
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, issues, file, budget, seen)


def parse_yaml(text: str, file: str | None = None) -> tuple[Any, LineMap]:
    """Parse one YAML document; raise :class:`PlanError` with a located issue when it is not YAML."""
    if len(text) > MAX_BYTES:
        raise PlanError(
            Msg("the file is too large for a plan"), [Issue(Location(file, 1), Msg("the file is too large for a plan"))]
        )
    try:
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        issue = Issue(
            Location(file, line), Msg("not valid YAML: {problem}", problem=f"{exc.reason} (#x{exc.character:04x})")
        )
        raise PlanError(Msg("not valid YAML"), [issue]) from None
    try:
        node = loader.get_single_node()
        lines = LineMap()
        issues: list[Issue] = []
        if node is None:
            data: Any = None
        else:
            budget = [MAX_NODES]
            _walk(node, (), lines, issues, file, budget, set())
            if budget[0] < 0:
                raise PlanError(
                    Msg("the document is too large or nests aliases too deeply"),
                    [Issue(Location(file, 1), Msg("the document is too large or nests aliases too deeply"))],
                )
            if issues:
                raise PlanError(Msg("the plan has problems"), issues)
            data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        issue = Issue(Location(file, where), Msg("not valid YAML: {problem}", problem=problem))
        raise PlanError(Msg("not valid YAML"), [issue]) from None
    except yaml.YAMLError as exc:  # reader errors: bad characters, encodings
        issue = Issue(Location(file, 1), Msg("not valid YAML: {problem}", problem=str(exc).splitlines()[0]))
        raise PlanError(Msg("not valid YAML"), [issue]) from None
    except RecursionError:
        raise PlanError(
            Msg("the document nests too deeply"), [Issue(Location(file, 1), Msg("the document nests too deeply"))]
        ) from None
    finally:
        loader.dispose()
    return data, lines


# pydantic error types → our messages (English source, translated through the catalogue)
_MESSAGES: Final[Mapping[str, str]] = {
    "missing": N_("required field is missing"),
    "extra_forbidden": N_("unknown field"),
    "string_type": N_("expected text"),
    "string_too_short": N_("must not be empty"),
    "int_type": N_("expected a whole number"),
    "int_parsing": N_("expected a whole number"),
    "int_from_float": N_("expected a whole number"),
    "float_type": N_("expected a number"),
    "float_parsing": N_("expected a number"),
    "finite_number": N_("expected a finite number"),
    "bool_type": N_("expected true or false"),
    "bool_parsing": N_("expected true or false"),
    "date_type": N_("expected a date like 2026-03-01"),
    "date_parsing": N_("expected a date like 2026-03-01"),
    "date_from_datetime_parsing": N_("expected a date like 2026-03-01"),
    "date_from_datetime_inexact": N_("expected a date without a time"),
    "datetime_type": N_("expected a date and time like 2026-03-01 09:00"),
    "datetime_parsing": N_("expected a date and time like 2026-03-01 09:00"),
    "datetime_from_date_parsing": N_("expected a date and time like 2026-03-01 09:00"),
    "list_type": N_("expected a list"),
    "dict_type": N_("expected a mapping of fields"),
    "model_type": N_("expected a mapping of fields"),
    "model_attributes_type": N_("expected a mapping of fields"),
    "too_short": N_("too few items"),
    "greater_than_equal": N_("must be at least {ge}"),
    "greater_than": N_("must be more than {gt}"),
    "less_than_equal": N_("must be at most {le}"),
    "less_than": N_("must be less than {lt}"),
    "enum": N_("expected one of: {expected}"),
    "literal_error": N_("expected one of: {expected}"),
    "hex_colour": N_("not a hex colour like #1A2B3C"),
    "url": N_("not a URL (http:// or https://)"),
    "identifier": N_("not a valid id (letters, digits, _ . -)"),
    "language": N_("not a language code like nl or en"),
    "hour_range": N_("not an hour range like 07:00-09:30"),
    "aspect_ratio": N_("not an aspect ratio like 9:16"),
    "age_range": N_("max is below min"),
    "date_order": N_("the campaign ends before it starts"),
    "duplicate": N_("a stage is named twice"),
    "cta_and_branded": N_("has a CTA and is marked branded_content: choose one"),
}


def _error_message(err: Mapping[str, Any]) -> Msg:
    kind = err.get("type", "")
    template = _MESSAGES.get(kind)
    if template is None:
        return Msg("invalid value: {detail}", detail=err.get("msg", kind))
    ctx = {k: (str(v).replace("'", "") if k == "expected" else v) for k, v in (err.get("ctx") or {}).items()}
    try:
        template.format(**ctx)
    except (KeyError, IndexError, ValueError):
        return Msg("invalid value: {detail}", detail=err.get("msg", kind))
    return Msg(template, **ctx)


def _loc_path(loc: tuple[Any, ...]) -> PathT:
    # drop pydantic's tagged-union/function markers; keep field names and list indexes
    return tuple(p for p in loc if isinstance(p, int) or (isinstance(p, str) and not p.startswith("function-")))


def _issues_from_validation(exc: ValidationError, lines: LineMap, file: str | None) -> Iterator[Issue]:
    for err in exc.errors(include_url=False):
        path = _loc_path(tuple(err["loc"]))
        yield Issue(Location(file, lines.line_of(path), format_path(path)), _error_message(err))


def load_plan(
    text: str,
    file: str | None = None,
    file_exists: Callable[[str], bool] | None = None,
) -> Plan:
    """Parse and validate a plan. Raise :class:`PlanError` listing every located problem."""
    data, lines = parse_yaml(text, file)
    if not isinstance(data, dict):
        raise PlanError(
            Msg("a plan must be a mapping of fields"),
            [Issue(Location(file, 1), Msg("a plan must be a mapping of fields (brand:, campaign: …)"))],
        )
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        issues = sorted(
            _issues_from_validation(exc, lines, file), key=lambda i: (i.location.line or 0, i.location.path)
        )
        raise PlanError(Msg("the plan has {count} problems", count=len(issues)), issues) from None
    except (RecursionError, ValueError, TypeError) as exc:
        raise PlanError(
            Msg("the plan cannot be read"),
            [Issue(Location(file, 1), Msg("invalid value: {detail}", detail=str(exc)[:200]))],
        ) from None
    problems = check_references(plan, file_exists)
    if problems:
        issues = [Issue(Location(file, lines.line_of(path), format_path(path)), msg) for path, msg in problems]
        issues.sort(key=lambda i: (i.location.line or 0, i.location.path))
        raise PlanError(Msg("the plan has {count} problems", count=len(issues)), issues)
    return plan


def dump_plan(plan: Plan) -> str:
    """The plan as YAML text (keys in model order, defaults left out)."""
    return yaml.safe_dump(plan.to_data(), sort_keys=False, allow_unicode=True, width=100)
