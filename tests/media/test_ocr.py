"""On-screen text: read with the OCR models inside the rapidocr wheel, followed across frames
into timed lines with boxes; burned-in captions recognised."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tests.media.speechclips import CAPTION_LINES, frame_results, ocr_engine

from reelwise.adapters.ocr import bundled_models
from reelwise.media.base import Frame, StreamInfo
from reelwise.media.ocr import OcrAnalyser, TextTrack


def _find(items: list, words: str):  # type: ignore[no-untyped-def]
    hits = [t for t in items if words.lower() in t.text.lower()]
    assert len(hits) == 1, f"expected one line with {words!r}, got {[t.text for t in items]}"
    return hits[0]


def test_the_models_come_from_the_wheel() -> None:
    paths = bundled_models()
    assert all("site-packages" in p or "dist-packages" in p for p in paths.values())
    assert all(p.endswith(".onnx") for p in paths.values())


def test_reading_text_downloads_nothing() -> None:
    import importlib.util
    from pathlib import Path

    from reelwise.adapters.ocr import load_ocr_engine

    spec = importlib.util.find_spec("rapidocr")
    assert spec is not None and spec.submodule_search_locations
    folder = Path(next(iter(spec.submodule_search_locations)))
    before = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.suffix in (".onnx", ".txt", ".yaml"))
    lines = load_ocr_engine().read(_still_with_text())
    after = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.suffix in (".onnx", ".txt", ".yaml"))
    assert before == after
    assert [line.text for line in lines] == ["Order now"]


def _still_with_text() -> np.ndarray:
    import cv2

    img = np.full((180, 320, 3), 40, np.uint8)
    cv2.putText(img, "Order now", (20, 100), cv2.FONT_HERSHEY_DUPLEX, 1.2, (255, 255, 255), 2, cv2.LINE_AA)
    return img


def test_supers_are_read_with_their_times_and_boxes() -> None:
    result = frame_results("screen")
    track = result["text"]
    fresh = _find(track.items, "Fresh bread daily")
    # frame-accurate: the frames between samples time the appearance and disappearance
    assert fresh.start_s == pytest.approx(0.5, abs=0.1) and fresh.end_s == pytest.approx(3.0, abs=0.1)
    cta = _find(track.items, "bakkerijjansen.nl")
    assert cta.text == "Bestel nu op bakkerijjansen.nl"
    assert cta.start_s == pytest.approx(6.0, abs=0.1) and cta.end_s == pytest.approx(9.5, abs=0.1)
    x, y, w, h = cta.box
    assert 0.75 <= y <= 0.85 and 0 < h < 0.06  # drawn at 80 % of the height, 3.2 % tall
    assert x >= 0 and x + w <= 1.0
    out = track.to_dict()
    assert {"start_s", "end_s", "text"} <= set(out["text"][0])


def test_one_item_per_super_even_though_it_is_read_many_times() -> None:
    track = frame_results("nocta")["text"]
    assert [t.text for t in track.items] == ["Summer collection"]
    assert track.items[0].start_s == pytest.approx(1.0, abs=0.5)
    assert track.items[0].end_s == pytest.approx(4.0, abs=0.5)


def test_text_times_later_in_the_video() -> None:
    track = frame_results("late")["text"]
    name = _find(track.items, "BAKKERIJ JANSEN")
    assert name.start_s == pytest.approx(7.5, abs=0.5)


def test_burned_in_captions_are_recognised() -> None:
    track = frame_results("captions")["text"]
    assert track.captions_burned_in
    for words, start, end in CAPTION_LINES:
        line = _find(track.items, words)
        assert line.start_s == pytest.approx(start, abs=0.5) and line.end_s == pytest.approx(end, abs=0.5)
        assert line.box[1] > 2 / 3
    assert track.to_dict()["captions_burned_in"]["detected"] is True


def test_a_fixed_cta_at_the_bottom_is_not_captions() -> None:
    assert not frame_results("screen")["text"].captions_burned_in
    assert not frame_results("nocta")["text"].captions_burned_in


def test_sampling_is_dense_in_the_first_seconds() -> None:
    track = frame_results("screen")["text"]
    early = [t for t in track.sample_times if t < 5.0]
    late = [t for t in track.sample_times if t >= 5.0]
    assert len(early) == 10 and len(late) == 5
    assert track.frames_read <= len(track.sample_times)


class Counting:
    """The real OCR engine, counting its readings."""

    name = "counting"

    def __init__(self) -> None:
        self.calls = 0

    def read(self, image: np.ndarray) -> list:  # type: ignore[type-arg]
        self.calls += 1
        return ocr_engine().read(image)


def _feed(analyser: OcrAnalyser, pictures: list[np.ndarray], fps: float = 10) -> TextTrack:
    h, w = pictures[0].shape[:2]
    analyser.start(StreamInfo(width=w, height=h, fps=fps, duration_s=len(pictures) / fps))
    for i, picture in enumerate(pictures):
        frame = Frame(i, i / fps, lambda picture=picture: picture)
        if analyser.wants(i, i / fps):
            analyser.process(frame)
        else:
            analyser.remember(i, i / fps, frame.small())
    return analyser.finish()


def test_an_unchanged_picture_is_not_read_twice() -> None:
    engine = Counting()
    track = _feed(OcrAnalyser(engine), [_still_with_text()] * 30)
    # read once, with confidence, and never again
    assert len(track.sample_times) == 6 and engine.calls == 1
    assert [t.text for t in track.items] == ["Order now"]


def test_a_picture_without_sharp_strokes_is_not_read_at_all() -> None:
    engine = Counting()
    plain = np.zeros((180, 320, 3), np.uint8)
    plain[60:120, 100:200] = 200  # a plain box: edges, but no strokes of text
    track = _feed(OcrAnalyser(engine), [plain] * 30)
    assert engine.calls == 0 and track.items == []


def test_text_that_stays_is_not_read_again_when_the_picture_around_it_changes() -> None:
    import cv2

    engine = Counting()
    pictures = []
    for i in range(40):
        img = _still_with_text()
        img[140:180, :] = (i * 37) % 256  # the shot below the text changes every frame
        cv2.circle(img, (40 + 6 * i, 30), 12, (255, 255, 255), -1)  # something moves
        pictures.append(img)
    track = _feed(OcrAnalyser(engine), pictures)
    assert [t.text for t in track.items] == ["Order now"]
    assert track.items[0].end_s == pytest.approx(4.0, abs=0.01)  # on screen to the end
    assert engine.calls == 1


def test_new_text_beside_text_that_stays_is_read_with_its_time() -> None:
    import cv2

    engine = Counting()
    pictures = []
    for i in range(40):
        img = _still_with_text()
        if i >= 23:
            cv2.putText(img, "Call 0800", (20, 160), cv2.FONT_HERSHEY_DUPLEX, 1.0, (255, 255, 255), 2, cv2.LINE_AA)
        pictures.append(img)
    track = _feed(OcrAnalyser(engine), pictures)
    assert [t.text for t in track.items] == ["Order now", "Call 0800"]
    assert track.items[1].start_s == pytest.approx(2.3, abs=0.01)  # timed to the frame
    assert engine.calls == 2  # the unchanged line is not read again


# ---- the text and captions video checks ----------------------------------------------------


def test_checks_supers_early_and_captions_for_sound_off() -> None:
    from tests.media.speechclips import analysis_of, run_checks

    from reelwise.media.speech import SpeechTrack
    from reelwise.media.vad import VoiceActivity

    talking = SpeechTrack(False, voice=VoiceActivity([(1.0, 3.0)]))
    early = frame_results("screen")["text"]
    found = run_checks(analysis_of({"text": early, "speech": talking}), "video.")
    assert "video.text.early" not in found
    assert found["video.captions.sound_off"].point == 6  # speech, no captions of any kind

    late = frame_results("late")["text"]  # first text at 1 s: still early
    assert "video.text.early" not in run_checks(analysis_of({"text": late}), "video.text.")
    nothing = OcrAnalyser(ocr_engine()).finish()
    assert "video.text.early" in run_checks(analysis_of({"text": nothing}), "video.text.")

    burned = frame_results("captions")["text"]
    assert "video.captions.sound_off" not in run_checks(analysis_of({"text": burned, "speech": talking}), "video.")
    sidecar = SpeechTrack(True, [], "sidecar", VoiceActivity([(1.0, 3.0)]))
    assert "video.captions.sound_off" not in run_checks(analysis_of({"text": early, "speech": sidecar}), "video.")
    silent = SpeechTrack(False, voice=VoiceActivity([]))
    assert "video.captions.sound_off" not in run_checks(analysis_of({"text": early, "speech": silent}), "video.")


def _texts_at(*boxes: tuple[str, tuple[float, float, float, float]]) -> TextTrack:
    from reelwise.media.base import TimedText

    return TextTrack(items=[TimedText(1.0 + i, 2.0 + i, text, box) for i, (text, box) in enumerate(boxes)])


def test_text_at_the_edge_of_the_picture_is_flagged_and_text_inside_is_not() -> None:
    from tests.media.speechclips import analysis_of, run_checks

    inside = _texts_at(("Order now", (0.01, 0.2, 0.5, 0.1)), ("Free delivery", (0.3, 0.89, 0.4, 0.1)))
    assert "video.text.edge" not in run_checks(analysis_of({"text": inside}), "video.text.")
    short = _texts_at(("ab", (0.0, 0.2, 0.05, 0.1)))  # a stray mark at the edge is not a line of text
    assert "video.text.edge" not in run_checks(analysis_of({"text": short}), "video.text.")

    one = run_checks(analysis_of({"text": _texts_at(("Order today at acme.co", (0.4, 0.5, 0.598, 0.1)))}), "video.")
    finding = one["video.text.edge"]
    assert finding.point == 5
    assert finding.evidence["texts"] == [{"text": "Order today at acme.co", "start_s": 1.0, "edge": "right"}]
    assert "acme.co" in finding.message.render("en") and "rand van het beeld" in finding.message.render("nl")

    many = _texts_at(
        ("Free delivery", (0.3, 0.4, 0.4, 0.1)),
        ("der now", (0.0, 0.2, 0.3, 0.1)),
        ("Visit our shop", (0.3, 0.9, 0.4, 0.1)),  # ends at the bottom edge
        ("Swipe up", (0.3, 0.003, 0.3, 0.1)),
    )
    found = run_checks(analysis_of({"text": many}), "video.text.")["video.text.edge"]
    assert [t["edge"] for t in found.evidence["texts"]] == ["left", "bottom", "top"]
    assert "3 times" in found.message.render("en") and '"der now" at 2.0 s' in found.message.render("en")


def test_supers_run_off_the_picture_are_found_in_a_real_check(tmp_path: Path) -> None:
    from tests.media.clips import Scene, Text, make_ad

    from reelwise.services.check_video import CheckOptions, check_video

    ad = make_ad(
        tmp_path / "edges.mp4",
        scenes=[Scene(6.5)],
        texts=[
            Text("Order today at acme.com", 0.3, 1.3, x="w-text_w*0.85", size=0.07),  # runs off the right
            Text("Free delivery", 1.8, 2.8, size=0.07),
            Text("Visit acme.com", 3.3, 4.3, x="w-text_w-w*0.03", size=0.07),  # 3 % in: inside
            Text("Fresh samples", 4.8, 5.8, y="h-text_h*0.6", size=0.07),  # runs off the bottom
        ],
        audio=None,
    )
    report = check_video(ad.path, CheckOptions(no_speech=True))
    findings = {f.id: f for f in report.findings}
    assert {t.text for t in report.analysis.texts()} >= {"Free delivery", "Visit acme.com"}
    flagged = findings["video.text.edge"].evidence["texts"]
    assert [(t["edge"], round(t["start_s"])) for t in flagged] == [("right", 0), ("bottom", 5)]
    assert flagged[0]["start_s"] == pytest.approx(0.3, abs=0.15)
    assert flagged[1]["start_s"] == pytest.approx(4.8, abs=0.15)


# ---- supers over real footage: the places-that-changed reading finds them all -------------

SUPERS = (  # text, start, end, x, y, size (share of the height), colour, box behind it
    ("Shop the new range", 1.0, 4.0, "(w-text_w)/2", "h*0.1", 0.06, "white", False),
    ("Only 19,95 today", 3.0, 7.5, "w*0.05", "h*0.75", 0.045, "yellow", False),  # over a bottle
    ("www.example-shop.nl", 6.0, 12.0, "(w-text_w)/2", "h*0.88", 0.035, "white", True),
    ("Limited offer", 9.0, 11.0, "w*0.6", "h*0.3", 0.08, "black", False),
    ("Call 0800 1234", 12.5, 16.0, "w*0.05", "h*0.5", 0.05, "red", False),
    ("small print applies", 14.0, 18.0, "w*0.6", "h*0.95", 0.025, "white", False),
    ("Swipe up now", 17.0, 20.0, "(w-text_w)/2", "(h-text_h)/2", 0.07, "white@0.8", True),
)


@pytest.fixture(scope="module")
def supers_on_footage(shared_media: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.media.clips import FONT, run_ffmpeg

    folder = tmp_path_factory.mktemp("supers")
    chain = []
    for i, (text, start, end, x, y, size, colour, box) in enumerate(SUPERS):
        (folder / f"{i}.txt").write_text(text)
        font = f"fontfile={FONT}:" if FONT else "font=Sans:"
        behind = ":box=1:boxcolor=black@0.5:boxborderw=6" if box else ""
        chain.append(
            f"drawtext={font}textfile='{folder / f'{i}.txt'}':fontcolor={colour}:fontsize=h*{size}"
            f":x={x}:y={y}{behind}:enable='between(t,{start},{end})'"
        )
    out = folder / "bottles.mp4"
    src = shared_media / "bottle-detection.mp4"
    run_ffmpeg(["-i", str(src), "-t", "20", "-vf", ",".join(chain), "-c:v", "libx264", "-an", str(out)])
    return out


def test_supers_over_real_footage_are_all_read_with_their_times(supers_on_footage: Path) -> None:
    """Bottles move on a conveyor behind supers of every kind: small, large, coloured, dark,
    boxed, over a bottle's outline. Each is found, read right and timed."""
    from reelwise.adapters.video import decode
    from reelwise.media.pipeline import Pipeline

    engine = Counting()
    analyser = OcrAnalyser(engine)
    pipeline = Pipeline([analyser])
    decode(supers_on_footage, pipeline.start, pipeline.feed, audio=False)
    pipeline.close()
    track = analyser.finish()
    for text, start, end, *_ in SUPERS:
        line = _find(track.items, text)
        assert line.text == text
        # to the frame, also where a new shot starts behind a see-through caption box
        assert line.start_s == pytest.approx(start, abs=0.15), text
        assert line.end_s == pytest.approx(end, abs=0.15), text
    assert track.frames_read < len(track.sample_times)  # samples where nothing changed are not read


def test_the_ocr_sessions_do_not_spin_and_are_loaded_once() -> None:
    """Idle ONNX Runtime threads that spin take the decoder's CPU during a check."""
    from reelwise.adapters.ocr import load_ocr_engine, load_rapidocr_engine

    engine: Any = load_ocr_engine()
    assert load_ocr_engine() is engine  # once per process
    reference: Any = load_rapidocr_engine()._ocr
    for session in (
        engine._det,
        engine._rec,
        reference._load_det_model().session.session,
        reference._load_rec_model().session.session,
    ):
        assert session.get_session_options().get_session_config_entry("session.intra_op.allow_spinning") == "0"
    assert [line.text for line in engine.read(_still_with_text())] == ["Order now"]


def test_a_doubtful_reading_is_read_again_and_the_better_one_kept() -> None:
    from reelwise.adapters.ocr import OcrLine

    class FirstDoubtful(Counting):
        """The first reading comes from a blurred frame: wrong, and unsure of itself."""

        def read(self, image: np.ndarray) -> list:  # type: ignore[type-arg]
            lines = super().read(image)
            return [OcrLine("0rder n0w", 0.7, line.box) for line in lines] if self.calls == 1 else lines

    engine = FirstDoubtful()
    track = _feed(OcrAnalyser(engine), [_still_with_text()] * 30)
    assert [t.text for t in track.items] == ["Order now"]
    assert engine.calls == 2  # read again at the next sample, then relied on
