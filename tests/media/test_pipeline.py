"""The pipeline hands each analyser the frames it asks for, on its thread or inline; an
analyser that keeps a history also gets the small copies of the frames in between."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from reelwise.media.base import Frame, StreamInfo
from reelwise.media.pipeline import Pipeline


class Recorder:
    """Asks for every tenth frame and keeps the history of the others."""

    history = True

    def __init__(self, analyser_id: str) -> None:
        self.id = analyser_id
        self.processed: list[int] = []
        self.remembered: list[int] = []
        self.shapes: set[tuple[int, ...]] = set()

    def start(self, info: StreamInfo) -> None:
        pass

    def wants(self, index: int, time_s: float) -> bool:
        return index % 10 == 0

    def process(self, frame: Frame) -> None:
        self.processed.append(frame.index)

    def remember(self, index: int, time_s: float, small: Any) -> None:
        self.remembered.append(index)
        self.shapes.add(small.shape)

    def finish(self) -> tuple[list[int], list[int]]:
        return self.processed, self.remembered


@pytest.mark.parametrize("threaded", [True, False])
def test_history_arrives_in_order_with_the_frames_asked_for(threaded: bool) -> None:
    recorder = Recorder("text")
    pipeline = Pipeline([recorder], threaded=frozenset({"text"}) if threaded else frozenset())
    picture = np.zeros((90, 160, 3), np.uint8)
    pipeline.start(None, StreamInfo(width=160, height=90, fps=10, duration_s=3.5))  # type: ignore[arg-type]
    for i in range(35):
        pipeline.feed(Frame(i, i / 10, lambda: picture))
    pipeline.close()
    processed, remembered = recorder.finish()
    assert processed == [0, 10, 20, 30]
    assert remembered == [i for i in range(35) if i % 10]  # the last ones too, at the end
    assert recorder.shapes == {(90, 160, 3)}
