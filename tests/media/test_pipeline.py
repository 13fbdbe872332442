"""The pipeline hands each analyser the frames it asks for, on its thread or inline; an
analyser that keeps a history also gets the small copies of the frames in between."""

from __future__ import annotations

import sys
import time
from typing import Any

import numpy as np
import pytest

from reelwise.media.base import Frame, StreamInfo
from reelwise.media.pipeline import CheckContext, Pipeline


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


class SlotTaker:
    """Takes the first frame of every second (its ``wants`` claims the frame, as the face
    analyser's does)."""

    claims = True

    def __init__(self) -> None:
        self.id = "faces"
        self.slot = -1
        self.processed: list[int] = []

    def start(self, info: StreamInfo) -> None:
        pass

    def wants(self, index: int, time_s: float) -> bool:
        slot = int(time_s)
        if slot != self.slot:
            self.slot = slot
            return True
        return False

    def process(self, frame: Frame) -> None:
        self.processed.append(frame.index)

    def finish(self) -> list[int]:
        return self.processed


@pytest.mark.parametrize("threaded", [True, False])
def test_an_analyser_that_claims_its_frames_gets_each_of_them_once(threaded: bool) -> None:
    taker = SlotTaker()
    pipeline = Pipeline([taker], threaded=frozenset({"faces"}) if threaded else frozenset())
    picture = np.zeros((90, 160, 3), np.uint8)
    pipeline.start(None, StreamInfo(width=160, height=90, fps=10, duration_s=5.0))  # type: ignore[arg-type]
    for i in range(50):
        pipeline.feed(Frame(i, i / 10, lambda: picture))
        time.sleep(0.002)  # decoding takes time: the analyser's thread keeps up with it
    pipeline.close()
    assert taker.finish() == [0, 10, 20, 30, 40]


class SoundRecorder:
    """An audio analyser that takes the sound as it comes."""

    id = "sound"

    def __init__(self) -> None:
        self.pieces: list[np.ndarray] = []
        self.channels: list[np.ndarray] = []

    def feed(self, mono: np.ndarray, sample_rate: int, channels: np.ndarray) -> None:
        self.pieces.append(mono)
        self.channels.append(channels)

    def analyse(self, mono: np.ndarray, sample_rate: int, channels: Any = None) -> int:
        return sum(p.size for p in self.pieces)


def test_sound_is_fed_as_decoded_and_complete_before_it_is_analysed(tmp_path: Any) -> None:
    from tests.media.clips import Scene, Tone, make_ad

    from reelwise.adapters.video import decode

    ad = make_ad(tmp_path / "ad.mp4", scenes=[Scene(2.0)], audio=[Tone(-20.0, 440.0)])
    recorder = SoundRecorder()
    pipeline = Pipeline([], [recorder])
    result = decode(ad.path, pipeline.start, pipeline.feed, on_audio=pipeline.feed_audio)
    assert result.audio is not None
    analysis = pipeline.finish(result.probe, CheckContext(), (result.audio.mono, result.audio.channels, 48_000))
    # in pieces of about a quarter of a second, as decoded (not the whole track at the end)
    assert len(recorder.pieces) >= 7 and max(p.size for p in recorder.pieces) <= 0.3 * 48_000
    assert np.array_equal(np.concatenate(recorder.pieces), result.audio.mono)
    assert np.array_equal(np.concatenate(recorder.channels, axis=1), result.audio.channels)
    assert analysis.results["sound"] == result.audio.mono.size


class PriorityProbe:
    """Notes the priority (nice value) of the thread its frames and sound reach it on."""

    def __init__(self, analyser_id: str) -> None:
        self.id = analyser_id
        self.nice: set[int] = set()

    def _note(self) -> None:
        import os
        import threading

        self.nice.add(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    def start(self, info: StreamInfo) -> None:
        pass

    def wants(self, index: int, time_s: float) -> bool:
        return True

    def process(self, frame: Frame) -> None:
        self._note()

    def feed(self, mono: np.ndarray, sample_rate: int, channels: np.ndarray) -> None:
        self._note()

    def analyse(self, mono: np.ndarray, sample_rate: int, channels: Any = None) -> None:
        return None

    def finish(self) -> None:
        return None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="thread priorities are set on Linux only")
def test_analyser_threads_yield_to_the_decoder_and_inline_ones_do_not() -> None:
    import os
    import threading

    from reelwise.media.pipeline import BACKGROUND_NICE

    own = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    threaded, inline, sound = PriorityProbe("faces"), PriorityProbe("scenes"), PriorityProbe("sound")
    pipeline = Pipeline([threaded, inline], [sound], threaded=frozenset({"faces"}))
    picture = np.zeros((90, 160, 3), np.uint8)
    pipeline.start(None, StreamInfo(width=160, height=90, fps=10, duration_s=1.0))  # type: ignore[arg-type]
    for i in range(10):
        pipeline.feed(Frame(i, i / 10, lambda: picture))
    pipeline.feed_audio(np.zeros(4800, np.float32), 48_000, np.zeros((1, 4800), np.float32))
    pipeline.close()
    assert threaded.nice == {BACKGROUND_NICE}
    assert sound.nice == {BACKGROUND_NICE}
    assert inline.nice == {own}  # the decode loop's own work keeps its priority
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == own
