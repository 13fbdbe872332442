"""reelwise: smart video marketing, from goal to measured result."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reelwise.domain.findings import Finding, Severity
    from reelwise.domain.plan import Plan
    from reelwise.errors import ReelwiseError

__all__ = ["Finding", "Plan", "ReelwiseError", "Severity", "__version__"]
__version__ = "0.1.0"

_LAZY = {
    "Finding": "reelwise.domain.findings",
    "Severity": "reelwise.domain.findings",
    "Plan": "reelwise.domain.plan",
    "ReelwiseError": "reelwise.errors",
}


def __getattr__(name: str) -> Any:
    """The package's names, imported when first used: a command that needs no plan (a
    video check) does not pay for building the plan model (about 0.1 s)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'reelwise' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
