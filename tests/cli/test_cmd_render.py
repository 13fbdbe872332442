"""``reelwise render`` as a user runs it: a real process, real files, JSON and text out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
from tests.cli.test_cmd_check import EXAMPLES, reelwise
from tests.services.test_render_variant import frame_at, two_shots

QUICK = ("--preset", "ultrafast", "--size", "360")


def test_json_of_a_reframed_checked_variant(tmp_path: Path) -> None:
    out = tmp_path / "square.mp4"
    proc = reelwise(
        "render", str(two_shots()), "--platform", "facebook", "--aspect", "1:1", "-o", str(out), *QUICK, "--json"
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["output"] == str(out) and out.is_file()
    assert (data["width"], data["height"], data["aspect"]) == (360, 360, "1:1")
    assert [round(w["start_s"], 1) for w in data["crop"]["windows"]] == [0.0, 2.0]
    assert data["fit"]["fits"] is True and data["end_card_s"] == 0


def test_the_summary_speaks_dutch_and_an_existing_file_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "tall.mp4"
    proc = reelwise(
        "--lang",
        "nl",
        "render",
        str(two_shots()),
        "--platform",
        "tiktok",
        "-o",
        str(out),
        *QUICK,
        "--cta-text",
        "Bestel nu",
        "--brand-colour",
        "#C0392B",
    )
    assert proc.returncode == 2, proc.stderr  # 360 px is under TikTok's 540 px minimum: the check says so
    assert "voor tiktok" in proc.stdout and "De controle: de variant past niet bij tiktok." in proc.stdout
    assert "eindkaart: 3.0 s" in proc.stdout
    before = out.read_bytes()
    again = reelwise("render", str(two_shots()), "--platform", "tiktok", "-o", str(out), *QUICK)
    assert again.returncode == 2 and "already exists" in again.stderr and "--force" in again.stderr
    assert out.read_bytes() == before


def test_bad_flags_give_clear_errors(tmp_path: Path) -> None:
    cases = [
        (("render", str(two_shots())), "--platform"),
        (("render", str(two_shots()), "--platform", "myspace"), "unknown platform myspace"),
        (("render", str(two_shots()), "--platform", "tiktok", "--crf", "99"), "--crf must be 0 to 51"),
        (("render", str(two_shots()), "--platform", "tiktok", "--preset", "turbo"), "unknown preset turbo"),
        (("render", str(tmp_path / "none.mp4"), "--platform", "tiktok"), "not found"),
        (("render", str(two_shots()), "--platform", "tiktok", "--variant", "reel"), "--variant needs --plan"),
    ]
    for args, expected in cases:
        proc = reelwise(*args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert expected in proc.stderr and "Traceback" not in proc.stderr, (args, proc.stderr)
    assert list(tmp_path.iterdir()) == []


def test_a_plan_variant_gets_its_shape_brand_and_call_to_action(example_media: Path, tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "bakkerij" / "plan.en.yaml", tmp_path / "plan.yaml")
    shutil.copytree(example_media, tmp_path / "media")
    (tmp_path / "media" / "v2-zuurdesem.srt").write_text(
        "1\n00:00:01,000 --> 00:00:04,000\nWhy sourdough?\n", encoding="utf-8"
    )
    plan = tmp_path / "plan.yaml"
    proc = reelwise("render", "--plan", str(plan), "--video-id", "v2-zuurdesem", "--variant", "feed", *QUICK, "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["platform"] == "facebook"  # the post that uses the feed variant
    assert (data["width"], data["height"], data["aspect"]) == (360, 450, "4:5")
    assert data["captions"] == 1 and data["end_card_s"] == 3.0
    out = Path(data["output"])
    assert out == tmp_path / "media" / "v2-zuurdesem.facebook.mp4" and out.is_file()
    card = frame_at(out, data["kept_s"] + 1.5)
    brown = np.array([0x13, 0x45, 0x8B])  # BGR of the brand's #8B4513
    assert (np.abs(card.astype(int) - brown).sum(axis=2) < 40).mean() > 0.5
    texts = " ".join(t["text"].lower() for t in data.get("text", []))
    assert data["fit"]["fits"] is True, texts


def test_captions_the_plan_asks_for_need_a_model_only_when_asked_for_on_the_command_line(
    example_media: Path, tmp_path: Path
) -> None:
    shutil.copy(EXAMPLES / "bakkerij" / "plan.en.yaml", tmp_path / "plan.yaml")
    shutil.copytree(example_media, tmp_path / "media")
    plan = str(tmp_path / "plan.yaml")
    args = ("render", "--plan", plan, "--video-id", "v3-abonnement", "--variant", "feed", *QUICK, "--no-check")
    proc = reelwise(*args, "--json")  # no sidecar, no speech model: rendered, and told why without captions
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["captions"] == 0 and data["aspect"] == "1:1"
    assert any("rendered without captions" in n and "REELWISE_WHISPER_MODEL" in n for n in data["notes"])
    asked = reelwise(*args, "--auto-captions", "--force")
    assert asked.returncode != 0 and "REELWISE_WHISPER_MODEL" in asked.stderr and "Traceback" not in asked.stderr


def test_all_variants_of_a_plan_video_in_one_command(example_media: Path, tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load((EXAMPLES / "bakkerij" / "plan.en.yaml").read_text(encoding="utf-8"))
    video = next(v for v in data["videos"] if v["id"] == "v2-zuurdesem")
    video["variants"].append({"id": "square", "aspect_ratio": "1:1", "duration_s": 8})
    data["distribution"]["posts"].append(
        {"platform": "instagram_feed", "video": "v2-zuurdesem", "variant": "square", "moment": "2027-02-24 20:00"}
    )
    (tmp_path / "plan.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copytree(example_media, tmp_path / "media")
    args = ("render", "--plan", str(tmp_path / "plan.yaml"), "--video-id", "v2-zuurdesem", "--all-variants")
    proc = reelwise(*args, *QUICK, "--no-check", "--json")
    assert proc.returncode == 0, proc.stderr
    made = {(d["platform"], d["aspect"], Path(d["output"]).name) for d in json.loads(proc.stdout)}
    assert made == {  # the reel variant is the source itself (its file in the plan): not rendered again
        ("facebook", "4:5", "v2-zuurdesem.feed.facebook.mp4"),
        ("instagram_feed", "1:1", "v2-zuurdesem.square.instagram_feed.mp4"),
    }
    refused = reelwise(*args, "--variant", "feed")
    assert refused.returncode == 2 and "--all-variants needs" in refused.stderr
