"""Readers of the platforms' own analytics exports (YouTube, TikTok, Meta, LinkedIn), nl and en."""

from reelwise.analytics.imports.base import ImportContext, MetricRecords, ParsedExport
from reelwise.analytics.imports.detect import KINDS, detect_kind, parse_file

__all__ = ["KINDS", "ImportContext", "MetricRecords", "ParsedExport", "detect_kind", "parse_file"]
