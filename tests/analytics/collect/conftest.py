"""Fixtures for the collect tests (helpers live in collect_support)."""

from tests.analytics.collect.collect_support import config, site

__all__ = ["config", "site"]
