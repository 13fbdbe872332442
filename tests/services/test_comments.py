"""Importing comments from the YouTube and Graph APIs' JSON and from CSV, into a real
DuckDB event store, then the report with the plan's targets and handles."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reelwise.analytics.store import EventStore
from reelwise.errors import DataImportError
from reelwise.services.comments import comment_report, import_comments
from reelwise.services.plans import read_plan

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def yt_comment(cid: str, text: str, author: str, channel: str, when: str, parent: str | None = None) -> dict[str, Any]:
    snippet: dict[str, Any] = {
        "channelId": "UCbakkerij",
        "videoId": "vid1",
        "textDisplay": text,
        "textOriginal": text,
        "authorDisplayName": author,
        "authorChannelId": {"value": channel},
        "likeCount": 0,
        "publishedAt": when,
        "updatedAt": when,
    }
    if parent:
        snippet["parentId"] = parent
    return {"kind": "youtube#comment", "etag": "e", "id": cid, "snippet": snippet}


def youtube_response() -> dict[str, Any]:
    """A commentThreads.list response as the YouTube Data API v3 returns it."""

    def thread(top: dict[str, Any], replies: list[dict[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": "youtube#commentThread",
            "etag": "t",
            "id": top["id"],
            "snippet": {
                "channelId": "UCbakkerij",
                "videoId": "vid1",
                "topLevelComment": top,
                "canReply": True,
                "totalReplyCount": len(replies),
                "isPublic": True,
            },
        }
        if replies:
            out["replies"] = {"comments": replies}
        return out

    return {
        "kind": "youtube#commentThreadListResponse",
        "etag": "r",
        "pageInfo": {"totalResults": 3, "resultsPerPage": 20},
        "items": [
            thread(
                yt_comment("Ugw1", "Wanneer bezorgen jullie in Amersfoort?", "@jan", "UCjan", "2027-02-15T08:00:00Z"),
                [yt_comment("Ugw1.a", "Vanaf maart!", "Van Dijk", "UCbakkerij", "2027-02-15T10:30:00Z", "Ugw1")],
            ),
            thread(yt_comment("Ugw2", "Brood was beschimmeld", "@piet", "UCpiet", "2027-02-15T09:00:00Z"), []),
            thread(yt_comment("Ugw3", "Heerlijk! 😍", "@els", "UCels", "2027-02-16T20:00:00Z"), []),
            {"kind": "youtube#commentThread", "id": "broken"},
        ],
    }


@pytest.fixture
def store(tmp_path: Path) -> Any:
    with EventStore.open(tmp_path / "events.duckdb") as opened:
        yield opened


def test_youtube_threads_with_the_channels_own_replies(store: EventStore, tmp_path: Path) -> None:
    path = tmp_path / "threads.json"
    path.write_text(json.dumps(youtube_response()), encoding="utf-8")
    summary = import_comments(store, path)
    assert (summary.format, summary.rows_new) == ("youtube", 4)
    assert [i.render("en") for i in summary.issues] == [f"{path} items[3]: not a YouTube comment thread"]
    again = import_comments(store, path)
    assert (again.rows_new, again.rows_updated) == (0, 0)  # the same file twice: nothing changes
    report = comment_report(store, as_of=dt.datetime(2027, 2, 16, 20, 0))
    (youtube,) = report.platforms
    assert youtube.comments == 3 and youtube.need_answer == 2 and youtube.within_target == 1
    assert youtube.median_reply_hours == pytest.approx(2.5)  # the channel's own reply, 2.5 h later
    assert [a.comment.text for a in report.overdue] == ["Brood was beschimmeld"]  # 35 h, target 24 h


def test_graph_api_comments_with_the_plans_handle_as_the_brand(store: EventStore, tmp_path: Path) -> None:
    path = tmp_path / "ig.json"
    data = {
        "data": [
            {
                "id": "17890",
                "text": "Kan ik ook in Utrecht ophalen?",
                "username": "marieke",
                "timestamp": "2027-02-15T19:00:00+0000",
                "replies": {
                    "data": [
                        {
                            "id": "17891",
                            "text": "Ja hoor!",
                            "username": "bakkerijvandijk",
                            "timestamp": "2027-02-15T21:00:00+0000",
                        }
                    ]
                },
            },
            {
                "id": "17892",
                "message": "Niet lekker dit keer",
                "from": {"name": "Kees"},
                "created_time": "2027-02-15T20:00:00+0000",
            },
            {"id": "17893", "message": "no date"},
        ]
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    summary = import_comments(store, path, "instagram_reels")
    assert summary.format == "facebook" and summary.rows_new == 3 and len(summary.issues) == 1
    assert "data[2]" in summary.issues[0].render("en")
    plan = read_plan(EXAMPLES / "bakkerij" / "plan.en.yaml", check_files=False)
    report = comment_report(store, plan, as_of=dt.datetime(2027, 2, 16, 8, 0))
    (insta,) = report.platforms
    assert insta.platform == "instagram" and insta.target_hours == 4  # the plan's Instagram target
    assert insta.within_target == 1 and insta.overdue == 1  # @bakkerijvandijk answered in 2 h; Kees waits 12 h
    assert report.overdue[0].comment.author == "Kees"


def test_csv_with_dutch_headers_and_bad_rows_located(store: EventStore, tmp_path: Path) -> None:
    path = tmp_path / "reacties.csv"
    path.write_text(
        "datum;platform;naam;reactie;antwoord op;id;van ons\n"
        "15-02-2027 08:00;tiktok;jan;Wanneer komen jullie naar Zeist?;;c1;\n"
        "15-02-2027 09:15;tiktok;Bakkerij;Volgende maand!;c1;c2;ja\n"
        "gisteren;tiktok;piet;Lekker!;;c3;\n"
        "15-02-2027 10:00;myspace;els;Top;;c4;\n"
        "15-02-2027 11:00;tiktok;els;;;c5;\n"
        "15-02-2027 12:00;tiktok;els;Mooi;;c6;misschien\n",
        encoding="utf-8",
    )
    summary = import_comments(store, path)
    assert summary.rows_new == 2 and summary.rows_read == 6
    where = [i.render("en") for i in summary.issues]
    assert any(":4" in w and "not a date" in w for w in where)
    assert any(":5" in w and "unknown platform myspace" in w for w in where)
    assert any(":6" in w and "empty" in w for w in where)
    assert any(":7" in w and "not yes or no" in w for w in where)
    (tiktok,) = comment_report(store).platforms
    assert tiktok.answered == 1 and tiktok.median_reply_hours == pytest.approx(1.25)


def test_files_that_cannot_be_read_fail_with_their_name(store: EventStore, tmp_path: Path) -> None:
    cases = {
        "missing.csv": None,
        "broken.json": '{"items": [',
        "other.json": '{"hello": "world"}',
        "nodate.csv": "naam,tekst\njan,hoi\n",
        "noplatform.csv": "datum,tekst\n2027-02-15,hoi\n",
    }
    for name, content in cases.items():
        path = tmp_path / name
        if content is not None:
            path.write_text(content, encoding="utf-8")
        try:
            summary = import_comments(store, path)
        except DataImportError as exc:
            assert name in exc.render("en")
            continue
        assert name == "noplatform.csv" and summary.rows_new == 0 and "--platform" in summary.issues[0].render("en")
    assert store.connection.execute("SELECT count(*) FROM comments").fetchone() == (0,)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_any_bytes_are_imported_or_refused_with_a_message(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "any.csv"
    path.write_bytes(data)
    with EventStore.open(tmp_path / "fuzz.duckdb") as store:
        try:
            import_comments(store, path, "tiktok")
        except DataImportError as exc:
            assert exc.render("en")
