"""``reelwise check`` as a user runs it: a real process, real files, JSON and HTML out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "media"))

from clips import Logo, Scene, Text, Tone, make_ad, not_a_video, truncate

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def reelwise(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("REELWISE_")}
    full_env.update({"REELWISE_LANG": "en", **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "reelwise", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("cli")
    ad = make_ad(
        d / "ad.mp4",
        aspect="9:16",
        scenes=[Scene(1.0), Scene(1.0), Scene(1.5)],
        texts=[Text("Visit acme.nl", 1.5, 3.5, y="h*0.45", size=0.045)],
        logo=Logo(start_s=0.5),
        audio=[Tone(-14.0)],
    )
    return {"ad": ad.path, "text": not_a_video(d / "notes.mp4"), "cut": truncate(ad.path, d / "cut.mp4", 0.4), "dir": d}


def test_json_for_good_and_bad_files_and_a_non_zero_exit(files: dict[str, Path]) -> None:
    html = files["dir"] / "report.html"
    proc = reelwise(
        "check",
        str(files["ad"]),
        str(files["text"]),
        str(files["cut"]),
        "--no-speech",
        "--json",
        "--platform",
        "tiktok",
        "--html",
        str(html),
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    data = json.loads(proc.stdout)
    assert [set(d) >= {"file", "error"} for d in data[1:]] == [True, True]
    assert "not a video file" in data[1]["error"] and "incomplete or damaged" in data[2]["error"]
    good = data[0]
    assert good["file"] == str(files["ad"])
    assert (good["width"], good["height"]) == (360, 640)
    assert [round(s["start_s"], 2) for s in good["scenes"]] == [0.0, 1.0, 2.0]
    assert good["hook"] == good["hook"] | {"dynamic_start": True, "first_cut_s": 1.0}
    assert list(good["platforms"]) == ["tiktok"] and good["platforms"]["tiktok"]["fits"] is False
    assert good["loudness"]["integrated_lufs"] == pytest.approx(-14.0, abs=0.3)
    assert any("acme.nl" in t["text"] for t in good["text"])
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "data:image/jpeg;base64," in page
    assert "notes.mp4" in page
    assert page.rstrip().endswith("</html>")  # written whole before the process ends


def test_brand_options_run_the_logo_and_colour_analysers(files: dict[str, Path]) -> None:
    logo = files["dir"] / ".ad.logo.png"  # the logo the generated ad carries from 0.5 s
    proc = reelwise(
        "check",
        str(files["ad"]),
        "--no-speech",
        "--json",
        "--logo",
        str(logo),
        "--brand-name",
        "ACME",
        "--brand-colour",
        "#E65A28",
        "--cta-text",
        "Visit acme.nl",
        "--cta-url",
        "acme.nl",
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)[0]
    assert data["brand"]["logo_first_s"] == pytest.approx(0.5, abs=0.3)
    assert data["brand"]["colour_share"] is not None
    assert data["cta"]["found"] is True and data["cta"]["first_s"] == pytest.approx(1.5, abs=0.3)


def test_plain_output_in_dutch(files: dict[str, Path]) -> None:
    proc = reelwise("check", str(files["ad"]), "--no-speech", "--lang", "nl", "--platform", "youtube")
    assert proc.returncode == 0, proc.stderr
    assert "YouTube:" in proc.stdout  # the platform by the name people know it by
    assert "punt" in proc.stdout  # the table header in Dutch
    proc = reelwise("--lang", "nl", "check", str(files["text"]), "--no-speech")
    assert proc.returncode == 2
    assert "geen video" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_flags_give_clear_errors(files: dict[str, Path], example_media: Path) -> None:
    proc = reelwise("check", str(files["ad"]), "--platform", "myspace")
    assert proc.returncode == 2 and "unknown platform myspace" in proc.stderr
    proc = reelwise("check", str(files["ad"]), "--plan", str(EXAMPLES / "bakkerij" / "plan.en.yaml"))
    assert proc.returncode == 2 and "--video-id" in proc.stdout + proc.stderr  # not one of the plan's files
    proc = reelwise(
        "check", str(files["ad"]), "--plan", str(EXAMPLES / "bakkerij" / "plan.en.yaml"), "--video-id", "nope"
    )
    assert proc.returncode == 2 and "not in the plan" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_plan_without_video_id_matches_each_file_to_its_plan_video(example_media: Path, tmp_path: Path) -> None:
    plan = EXAMPLES / "bakkerij" / "plan.nl.yaml"
    stranger = tmp_path / "other.mp4"
    stranger.write_bytes((example_media / "v3-abonnement.mp4").read_bytes())
    result = reelwise(
        "check",
        str(example_media / "v1-bakker.mp4"),
        str(example_media / "v3-abonnement.mp4"),
        str(stranger),
        "--plan",
        str(plan),
        "--no-speech",
        "--json",
    )
    assert result.returncode != 0  # the file that is not in the plan fails, after the others
    first, second, third = json.loads(result.stdout)
    assert set(first["platforms"]) == {"instagram_reels", "tiktok", "youtube_shorts"}
    assert set(second["platforms"]) == {"instagram_stories", "facebook", "tiktok"}
    assert first["cta"]["matches_plan"] is not None and second["cta"]["matches_plan"] is not None
    # the supers fit the 9:16 picture, so the whole call to action is read
    assert "Bestel nu: bakkerijvandijk.nl" in [t["text"] for t in second["text"]]
    # ... and inside the title-safe area: no super reaches the edge of the picture
    assert not [f for f in first["findings"] + second["findings"] if f["id"] == "video.text.edge"]
    assert "not a video file of the plan" in third["error"]
    lone = reelwise("check", str(stranger), "--video-id", "v1-bakker")
    assert lone.returncode == 2 and "--video-id needs --plan" in lone.stderr
