"""Shared fixtures. Test data is made by the tests or read from ../shared/data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from reelwise.i18n import set_language

# Property tests: speed is measured in bench/, never by a deadline on a shared machine. In CI the
# examples are drawn from a fixed seed, so a landing never hangs on a lucky draw; everywhere else
# each run explores new inputs and keeps what failed in .hypothesis/ to replay it first.
settings.register_profile("reelwise", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "reelwise")

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    token = set_language("en")
    yield
    from reelwise.i18n import _current

    _current.reset(token)


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.fail(f"shared test data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def example_media() -> Path:
    """The example campaign's generated media (logo, poster, four short videos)."""
    import subprocess
    import sys

    folder = EXAMPLES / "bakkerij" / "media"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_demo_media.py"), str(folder)], check=True, capture_output=True
    )
    return folder
