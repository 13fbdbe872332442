"""The check registry: every audit rule, video check and analytics advice declares its id
and point here. The CLI (`reelwise checks`), the web app and the docs all read it.

A check registers itself with the :func:`check` decorator at import time. The areas that
hold checks are listed in :data:`CHECK_PACKAGES`; third parties add theirs through the
``reelwise.checks`` entry-point group (the value is a module to import).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from importlib.metadata import entry_points
from typing import Any, Final, TypeVar

from reelwise.domain.findings import POINTS
from reelwise.i18n import Msg


class CheckKind(StrEnum):
    AUDIT = "audit"  # reads a campaign plan (plus any evidence fed in)
    VIDEO = "video"  # reads the analysis of one video file
    ANALYTICS = "analytics"  # reads measured data


# Modules (or packages, walked whole) that hold checks. They must import quickly:
# heavy libraries (decoders, models, databases) are imported inside the functions.
CHECK_PACKAGES: Final = ("reelwise.strategy", "reelwise.media.checks", "reelwise.analytics.advice")

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class CheckInfo:
    id: str
    point: int
    kind: CheckKind
    title: Msg
    why: Msg
    fix: Msg
    func: Callable[..., Any]


def _origin(func: Callable[..., Any]) -> tuple[str, str]:
    """Where a function was defined: re-importing a module re-registers the same check."""
    return getattr(func, "__module__", ""), getattr(func, "__qualname__", "")


class Registry:
    def __init__(self) -> None:
        self._checks: dict[str, CheckInfo] = {}

    def add(self, info: CheckInfo) -> None:
        if info.point not in POINTS:
            raise ValueError(f"check {info.id}: point must be 1..10")
        existing = self._checks.get(info.id)
        if existing is not None and _origin(existing.func) != _origin(info.func):
            raise ValueError(f"check id {info.id!r} registered twice")
        self._checks[info.id] = info

    def get(self, check_id: str) -> CheckInfo:
        return self._checks[check_id]

    def __contains__(self, check_id: object) -> bool:
        return check_id in self._checks

    def __iter__(self) -> Iterator[CheckInfo]:
        return iter(sorted(self._checks.values(), key=lambda c: (c.point, c.id)))

    def __len__(self) -> int:
        return len(self._checks)

    def of_kind(self, kind: CheckKind) -> list[CheckInfo]:
        return [c for c in self if c.kind == kind]


REGISTRY: Final = Registry()


def check(*, id: str, point: int, kind: CheckKind, title: Msg, why: Msg, fix: Msg) -> Callable[[F], F]:
    """Register the decorated function as a check."""

    def decorate(func: F) -> F:
        REGISTRY.add(CheckInfo(id=id, point=point, kind=kind, title=title, why=why, fix=fix, func=func))
        return func

    return decorate


_loaded: set[str] = set()  # the check packages imported so far ("plugins": the entry points)


def load_all(packages: tuple[str, ...] = CHECK_PACKAGES) -> Registry:
    """Import every module of the check packages (and plugins) so their checks register.

    ``packages`` narrows it to some of :data:`CHECK_PACKAGES` (a video check needs only
    ``reelwise.media.checks``; the audit's rules import the plan model, about 0.05 s).
    Plugins are always loaded: they may add checks of any kind.
    """
    for package_name in packages:
        if package_name in _loaded:
            continue
        try:
            package = importlib.import_module(package_name)
        except ModuleNotFoundError as exc:  # an area not built yet; a missing dependency is not hidden
            if exc.name and (package_name == exc.name or package_name.startswith(exc.name + ".")):
                _loaded.add(package_name)
                continue
            raise
        if hasattr(package, "__path__"):
            for module in pkgutil.walk_packages(package.__path__, prefix=package_name + "."):
                importlib.import_module(module.name)
        _loaded.add(package_name)
    if "plugins" not in _loaded:
        for ep in entry_points(group="reelwise.checks"):
            importlib.import_module(ep.value)
        _loaded.add("plugins")
    return REGISTRY
