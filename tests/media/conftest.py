"""Shared, session-scoped test clips for the video pipeline tests (made once, small)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from clips import Ad, Scene, Text, Tone, make_ad


@pytest.fixture(scope="session")
def clip_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("pipeline-clips")


@pytest.fixture(scope="session")
def cut_ads(clip_dir: Path) -> dict[str, Ad]:
    """One ad per aspect ratio with cuts at known, uneven times."""
    ads = {}
    for aspect, scenes in {
        "9:16": [Scene(1.2), Scene(2.1), Scene(0.9), Scene(1.8)],
        "16:9": [Scene(2.5), Scene(0.6), Scene(1.4), Scene(1.0)],
        "1:1": [Scene(0.8), Scene(1.7), Scene(2.2)],
    }.items():
        name = aspect.replace(":", "x")
        ads[aspect] = make_ad(clip_dir / f"cuts-{name}.mp4", aspect=aspect, scenes=scenes, audio=[Tone(-20.0)])
    return ads


@pytest.fixture(scope="session")
def qa_ad(clip_dir: Path) -> Ad:
    """Black picture 2.0–3.0 s, a still picture 3.0–5.5 s, silence 4.0–6.5 s, a super 0.5–2.0 s."""
    return make_ad(
        clip_dir / "qa.mkv",
        aspect="16:9",
        scenes=[Scene(2.0), Scene(1.0, kind="black"), Scene(2.5, kind="static"), Scene(1.5)],
        texts=[Text("Hello", 0.5, 2.0)],
        audio=[Tone(-18.0, 440.0, 0.0, 4.0), Tone(-18.0, 440.0, 6.5, None)],
    )


@pytest.fixture(scope="session")
def shared_media() -> Path:
    """The real footage in ../shared/data/media (the same folder as tests/conftest.py's SHARED_DATA)."""
    folder = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "media"
    if not folder.is_dir():
        pytest.fail(f"shared test data not found at {folder}")
    return folder
