"""The player tracker under a DOM shim in node: what it sends, when, and that the server accepts it.

The real-browser test comes with the web app; this one checks the script's logic and the
contract with POST /collect (every payload it sends validates on the server).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from reelwise.analytics.collect.events import parse_beacon

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "src" / "reelwise" / "web" / "static"
SOURCE = STATIC / "reelwise-player.js"
MINIFIED = STATIC / "reelwise-player.min.js"
HARNESS = Path(__file__).with_name("player_harness.js")
NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")


def build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_player_js", ROOT / "scripts" / "build_player_js.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def harness(script: Path, scenario: str) -> dict[str, Any]:
    assert NODE is not None
    done = subprocess.run(
        [NODE, str(HARNESS), str(script), scenario], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def events_of(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for b in result["beacons"] for e in b["body"]["events"]]


def test_the_minified_tracker_is_small_and_up_to_date() -> None:
    built = build_module().minify(SOURCE.read_text(encoding="utf-8"))
    assert MINIFIED.read_text(encoding="utf-8") == built, "run: python scripts/build_player_js.py"
    assert len(built.encode()) < 5000


@pytest.mark.parametrize(
    "source", ["var r = /ab+c/;", "var t = `x${1}`;", 'if (a) { return "x" / 2; }', "var s = 'open"]
)
def test_the_build_step_refuses_what_it_cannot_minify_safely(source: str) -> None:
    module = build_module()
    if source.startswith("if"):
        assert module.minify(source) == 'if(a){return"x"/2;}\n'
        return
    with pytest.raises(module.MinifyError):
        module.minify(source)


def test_the_build_step_keeps_words_and_signs_apart() -> None:
    assert build_module().minify("var a = b + +c - -d; return x;") == "var a=b+ +c- -d;return x;\n"


@needs_node
@pytest.mark.parametrize("script", [SOURCE, MINIFIED], ids=["source", "minified"])
def test_a_viewing_session_is_reported_in_order(script: Path) -> None:
    result = harness(script, "watch")
    events = events_of(result)
    seen = [(e["t"], e["f"], e["p"]) for e in events]
    assert seen == [
        ("impression", None, 0),
        ("play", None, 0),
        ("progress", 0, 1),  # a heartbeat per second of video: [f, p] was watched
        ("progress", 1, 2),
        ("progress", 2, 3),
        ("pause", 3, 3),
        ("seek", 3, 10),  # from 3 s to 10 s: skipped, not watched
        ("play", None, 10),
        ("progress", 10, 11),
        ("progress", 11, 12),
        ("ended", 12, 12.5),
        ("cta_shown", None, 12.5),
        ("cta_clicked", None, 12.5),
    ]
    assert {e["v"] for e in events} == {"intro"} and {e["var"] for e in events} == {"v16x9"}
    assert len({e["s"] for e in events}) == 1 and len({e["id"] for e in events}) == len(events)
    assert {e["u"] for e in events} == {"https://shop.example.com/landing?utm_source=tiktok"}  # no e-mail, no #
    # nothing left the page until the click: then everything went at once, before navigating
    assert (result["beforeClick"], result["afterClick"]) == (0, 1)
    assert result["beacons"][0]["url"] == "https://stats.example.org/collect?k=pk_testkey_123"
    assert result["cta"] == {"text": "Book a <b>demo</b>", "href": "https://shop.example.com/demo", "display": "",
                             "rel": "noopener"}  # fmt: skip
    assert result["evilCta"] is False  # a javascript: URL never becomes a link
    assert result["tracked"] == [True, True, True, False]


@needs_node
@pytest.mark.parametrize("script", [SOURCE, MINIFIED], ids=["source", "minified"])
def test_queued_events_go_out_on_the_timer_and_when_the_page_is_hidden(script: Path) -> None:
    result = harness(script, "timer")
    assert (result["beforeTimer"], result["afterTimer"]) == (0, 1)
    assert result["afterHidden"] == 1  # nothing new queued by then: nothing sent
    assert [e["t"] for e in events_of(result)] == ["impression", "play", "progress", "progress"]


@needs_node
def test_fetch_keepalive_when_the_beacon_is_refused() -> None:
    result = harness(MINIFIED, "fallback")
    assert result["beacons"] == []
    [sent] = result["fetches"]
    assert sent["keepalive"] is True and sent["credentials"] == "omit"
    assert [e["t"] for e in sent["body"]["events"]] == ["play"]


@needs_node
def test_large_queues_go_in_batches_of_at_most_fifty() -> None:
    result = harness(MINIFIED, "batching")
    sizes = [len(b["body"]["events"]) for b in result["beacons"]]
    assert sizes == [50, 50, 21]
    assert all(b["bytes"] < 60_000 for b in result["beacons"])
    assert result["pendingTimers"] == 0


@needs_node
@pytest.mark.parametrize("scenario", ["watch", "timer", "fallback", "batching"])
def test_the_server_accepts_every_payload_the_tracker_sends(scenario: str) -> None:
    result = harness(MINIFIED, scenario)
    for sent in result["beacons"] + result["fetches"]:
        parsed = parse_beacon(json.dumps(sent["body"]).encode())
        assert parsed.rejected == [], parsed.rejected
        assert parsed.site_key == "pk_testkey_123"
        assert len(parsed.events) == len(sent["body"]["events"])
