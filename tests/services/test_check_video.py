"""The check use case: one report per file, findings from the registry, plans fill the options."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "media"))

from clips import Scene, Text, Tone, empty_file, make_ad, not_a_video

from reelwise.domain.catalogues import Platform
from reelwise.errors import PlanError
from reelwise.media.report import render_html
from reelwise.services.check_video import (
    CheckOptions,
    FailedCheck,
    VideoReport,
    check_video,
    check_videos,
    options_from_plan,
    warm_up,
)
from reelwise.services.plans import read_plan

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FAST = CheckOptions(no_speech=True, ocr=False)
CONTRACT = {
    "file",
    "duration_s",
    "width",
    "height",
    "fps",
    "scenes",
    "text",
    "speech",
    "brand",
    "cta",
    "hook",
    "loudness",
    "platforms",
    "findings",
}


@pytest.fixture(scope="module")
def landscape_slow(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """16:9, one 6 s shot with a silent gap and no early cut: several findings to expect."""
    d = tmp_path_factory.mktemp("svc")
    return make_ad(
        d / "slow.mp4",
        size=(640, 360),
        scenes=[Scene(6.0)],
        audio=[Tone(-16.0, 1000.0, 0.0, 1.0), Tone(-16.0, 1000.0, 3.5, None)],
    ).path


def ids(report: VideoReport) -> list[str]:
    return [f.id for f in report.findings]


def test_report_has_the_contract_keys_and_findings(landscape_slow: Path) -> None:
    report = check_video(landscape_slow, FAST)
    data = report.to_dict("en")
    assert set(data) >= CONTRACT
    assert (data["width"], data["height"], data["fps"]) == (640, 360, 30.0)
    assert data["duration_s"] == pytest.approx(6.0, abs=0.04)
    assert data["scenes"] == [{"start_s": 0.0, "end_s": pytest.approx(6.0, abs=0.04)}]
    assert data["hook"]["dynamic_start"] is False and data["hook"]["first_cut_s"] is None
    assert data["loudness"]["integrated_lufs"] == pytest.approx(-16.0, abs=0.7)
    assert set(data["platforms"]) == {p.value for p in Platform}  # no platform chosen: all judged
    assert data["platforms"]["youtube"]["fits"] is True
    assert data["platforms"]["tiktok"]["fits"] is False
    assert data["speech"]["measured"] is False
    found = ids(report)
    assert "video.hook.dynamic_start" in found
    assert "video.qa.silence" in found
    assert "video.qa.resolution" in found
    silence = next(f for f in report.findings if f.id == "video.qa.silence")
    assert silence.point == 5
    assert silence.evidence["start_s"] == pytest.approx(1.0, abs=0.06)
    assert silence.evidence["end_s"] == pytest.approx(3.5, abs=0.06)
    for finding in data["findings"]:
        assert set(finding) == {"id", "point", "severity", "message", "evidence", "fix"}
    assert all(f["point"] in (2, 4, 5, 6, 9) for f in data["findings"])
    assert data["timings_s"]["scenes"] >= 0 and data["timings_s"]["total"] > 0


def test_findings_are_translated(landscape_slow: Path) -> None:
    report = check_video(landscape_slow, FAST)
    en = {f["id"]: f["message"] for f in report.to_dict("en")["findings"]}
    nl = {f["id"]: f["message"] for f in report.to_dict("nl")["findings"]}
    assert en["video.qa.silence"] != nl["video.qa.silence"]
    assert "Stilte" in nl["video.qa.silence"]


def test_planned_platforms_only_and_their_problems(landscape_slow: Path) -> None:
    report = check_video(landscape_slow, CheckOptions(no_speech=True, ocr=False, platforms=(Platform.TIKTOK,)))
    data = report.to_dict("en")
    assert list(data["platforms"]) == ["tiktok"]
    fit = [f for f in report.findings if f.id == "video.platform.fit" and f.severity.value == "problem"]
    assert {f.evidence["code"] for f in fit} == {"aspect_ratio", "resolution"}
    assert all(f.point == 6 for f in fit)


def test_a_batch_goes_on_past_bad_files(landscape_slow: Path, tmp_path: Path) -> None:
    bad = not_a_video(tmp_path / "notes.mp4")
    empty = empty_file(tmp_path / "empty.mov")
    results = check_videos([bad, landscape_slow, empty, tmp_path / "missing.mp4"], FAST)
    assert [type(r) for r in results] == [FailedCheck, VideoReport, FailedCheck, FailedCheck]
    errors = [r.to_dict("en") for r in results if isinstance(r, FailedCheck)]
    assert [set(e) for e in errors] == [{"file", "error"}] * 3
    assert "not a video file" in errors[0]["error"] and "empty" in errors[1]["error"]
    assert "not found" in errors[2]["error"]


def test_options_from_the_plan() -> None:
    plan_file = EXAMPLES / "bakkerij" / "plan.en.yaml"
    plan = read_plan(plan_file, check_files=False)
    options = options_from_plan(plan, plan_file, "v1-bakker", CheckOptions(no_speech=True))
    assert options.brand_names[0] == plan.brand.name
    assert options.brand_colours == tuple(plan.brand.colours)
    video = next(v for v in plan.videos if v.id == "v1-bakker")
    assert video.cta is not None and options.cta_text == video.cta.text
    assert options.platforms == tuple(
        dict.fromkeys(p.platform for p in plan.distribution.posts if p.video == "v1-bakker")
    )
    assert options.logo is not None and options.logo.parent == plan_file.parent / "media"
    assert options.language == video.language
    flags_win = options_from_plan(
        plan, plan_file, "v1-bakker", CheckOptions(cta_text="Bel ons", platforms=(Platform.YOUTUBE,))
    )
    assert flags_win.cta_text == "Bel ons" and flags_win.platforms == (Platform.YOUTUBE,)
    with pytest.raises(PlanError, match="not in the plan"):
        options_from_plan(plan, plan_file, "nope", CheckOptions())


def test_html_report_is_self_contained_and_escaped(tmp_path: Path) -> None:
    ad = make_ad(
        tmp_path / "<b>ad.mp4",
        aspect="9:16",
        scenes=[Scene(1.0), Scene(1.0), Scene(1.0)],
        texts=[Text("<script>alert(1)</script>", 0.5, 2.5)],
        audio=[Tone(-20.0)],
    )
    report = check_video(ad.path, CheckOptions(no_speech=True, ocr=False))
    failed = check_videos([tmp_path / "<i>gone.mp4"], FAST)[0]
    page = render_html([report, failed], "en")
    assert "<b>ad" not in page and "&lt;b&gt;ad.mp4" in page
    assert "<i>gone" not in page
    assert page.count("data:image/jpeg;base64,") == 3  # a thumbnail per shot
    for external in ("http://", "https://", "<link", "<script"):
        assert external not in page
    assert "Dutch" not in render_html([report], "nl")


def test_an_unexpected_failure_in_one_file_does_not_stop_the_batch(
    landscape_slow: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reelwise.media.quality import PictureQualityAnalyser

    calls = {"n": 0}
    original = PictureQualityAnalyser.process

    def flaky(self: PictureQualityAnalyser, frame: object) -> None:
        calls["n"] += 1
        if calls["n"] == 5:  # the first file only
            raise RuntimeError("exotic stream")
        original(self, frame)  # type: ignore[arg-type]

    monkeypatch.setattr(PictureQualityAnalyser, "process", flaky)
    first, second = check_videos([landscape_slow, landscape_slow], FAST)
    assert isinstance(first, FailedCheck) and isinstance(second, VideoReport)
    assert "could not be checked: RuntimeError: exotic stream" in first.to_dict("en")["error"]
    with pytest.raises(RuntimeError):
        calls["n"] = 4
        check_videos([landscape_slow], FAST, debug=True)


@pytest.fixture(scope="module")
def shared_media() -> Path:
    folder = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "media"
    if not folder.is_dir():
        pytest.fail(f"shared test data not found at {folder}")
    return folder


def test_real_footage_with_and_without_sound(shared_media: Path) -> None:
    car = check_video(shared_media / "car-detection.mp4", FAST).to_dict("en")
    # Its sound track is digital silence (FFmpeg's ebur128 reads a peak of -inf too).
    assert car["probe"]["has_audio"] is True and car["fps"] == pytest.approx(12.5)
    assert car["sound"]["silent"] is True and car["loudness"]["integrated_lufs"] is None
    silent = [f for f in car["findings"] if f["id"] == "video.qa.audio"]
    assert silent and silent[0]["message"] == "The sound track is silent from start to end"
    assert "video.qa.frame_rate" in {f["id"] for f in car["findings"]}  # 12.5 fps
    bottle = check_video(shared_media / "bottle-detection.mp4", FAST).to_dict("en")
    assert bottle["loudness"] == {"integrated_lufs": None, "true_peak_dbtp": None}
    no_sound = [f for f in bottle["findings"] if f["id"] == "video.qa.audio"]
    assert no_sound and no_sound[0]["evidence"] == {"has_audio": False}
    assert bottle["hook"]["dynamic_start"] is False and len(bottle["scenes"]) == 1


def test_a_real_face_is_found_by_the_whole_check(shared_media: Path) -> None:
    """The person signing to the camera is seen from the start, through the threaded
    pipeline as a user runs it; footage of bottles has no face."""
    asl = check_video(shared_media / "asl-thanks.mkv", FAST)
    faces = asl.analysis.faces
    assert faces is not None and faces.measured and faces.sampled_frames >= 3
    assert faces.first_face_s is not None and faces.first_face_s < 1.0 and faces.in_first_5s
    said = [f.message.render("en") for f in asl.findings if f.id == "video.faces"]
    assert said and all(m.startswith("There is no close-up") for m in said)  # a face, not a close-up
    bottle = check_video(shared_media / "bottle-detection.mp4", FAST).analysis.faces
    assert bottle is not None and bottle.sampled_frames >= 3 and bottle.frames_with_face == 0


def test_rotated_phone_video_is_judged_upright(tmp_path: Path) -> None:
    from clips import with_rotation

    stored = make_ad(tmp_path / "stored.mp4", size=(640, 360), scenes=[Scene(1.0), Scene(1.0)], audio=[Tone()])
    phone = with_rotation(stored.path, tmp_path / "phone.mp4", 90)
    report = check_video(phone, CheckOptions(no_speech=True, ocr=False, platforms=(Platform.TIKTOK,)))
    data = report.to_dict("en")
    assert (data["width"], data["height"]) == (360, 640)
    assert "video.qa.rotation" in ids(report)
    problems = {p["code"] for p in data["platforms"]["tiktok"]["problems"]}
    assert "aspect_ratio" not in problems  # 9:16 as shown, although stored 16:9


def _warm_up_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "reelwise-warm-up"]


def test_warm_up_loads_the_ocr_engine_the_check_then_uses(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from reelwise.adapters import ocr

    monkeypatch.setattr(ocr, "_engines", {})
    warm_up()
    for thread in _warm_up_threads():
        thread.join(timeout=60)
    loaded = list(ocr._engines.values())
    assert len(loaded) == 1  # loaded once, beside the caller
    assert ocr.load_ocr_engine() is loaded[0]
    ad = make_ad(tmp_path / "ad.mp4", scenes=[Scene(2.0)], texts=[Text("Order now", 0.2, 1.8)], audio=[])
    report = check_video(ad.path, CheckOptions(no_speech=True))
    assert [t.text for t in report.analysis.texts()] == ["Order now"]
    assert list(ocr._engines.values()) == loaded


def test_a_failed_warm_up_is_reported_by_the_check(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from reelwise.adapters import ocr, ppocr

    broken = tmp_path / "det.onnx"
    broken.write_bytes(b"not a model" * 100)
    models = {**ocr.bundled_models(), "Det.model_path": str(broken)}
    monkeypatch.setattr(ppocr, "bundled_models", lambda: models)
    monkeypatch.setattr(ocr, "_engines", {})
    warm_up()  # fails on its thread, quietly
    for thread in _warm_up_threads():
        thread.join(timeout=60)
    assert ocr._engines == {}
    ad = make_ad(tmp_path / "ad.mp4", scenes=[Scene(1.0)], audio=[])
    report = check_video(ad.path, CheckOptions(no_speech=True))
    assert any(str(broken) in note and "cannot be loaded" in note for note in report.analysis.notes)
