"""reelwise: smart video marketing, from goal to measured result."""

from reelwise.domain.findings import Finding, Severity
from reelwise.domain.plan import Plan
from reelwise.errors import ReelwiseError

__all__ = ["Finding", "Plan", "ReelwiseError", "Severity", "__version__"]
__version__ = "0.1.0"
