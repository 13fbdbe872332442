"""The generated reference docs match the code, and the audit docs cover what they promise."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from tests.conftest import ROOT

from reelwise.domain.registry import CheckKind, load_all
from reelwise.strategy.floors import CREW_DAYS_PER_MINUTE


def gen_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_docs"] = module
    spec.loader.exec_module(module)
    return module


def test_generated_docs_are_up_to_date() -> None:
    stale = gen_docs().stale()
    assert not stale, f"stale generated docs: {stale}; run: python scripts/gen_docs.py"


def test_rules_doc_lists_every_audit_rule_with_why_and_fix() -> None:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for info in load_all().of_kind(CheckKind.AUDIT):
        assert f"### `{info.id}`" in text
        assert info.why.render("en") in text
        assert info.fix.render("en") in text


def test_every_point_has_at_least_five_audit_rules() -> None:
    rules = load_all().of_kind(CheckKind.AUDIT)
    for point in range(1, 6):
        assert len([r for r in rules if r.point == point]) >= 5, point


def test_audit_doc_tables_match_the_code() -> None:
    from reelwise.domain.catalogues import CtaType, ProductionMode
    from reelwise.strategy.floors import floor_per_minute
    from reelwise.strategy.p02_cta import STAGE_CTA_FIT

    text = (ROOT / "docs" / "audit.md").read_text(encoding="utf-8")
    for cta in CtaType:
        fits = " | ".join(STAGE_CTA_FIT[stage][cta] for stage in ("see", "think", "do", "care"))
        assert f"| `{cta.value}` | {fits} |" in text, cta
    modes = (ProductionMode.IN_HOUSE, ProductionMode.FREELANCE, ProductionMode.AGENCY)
    for fmt, days in CREW_DAYS_PER_MINUTE.items():
        floors = " | ".join(f"{floor_per_minute(fmt, mode):,.0f}" for mode in modes)
        assert f"| `{fmt.value}` | {days:g} | {floors} |" in text, fmt
    assert "nothing to judge" in text and "video-newengland.com" in text
