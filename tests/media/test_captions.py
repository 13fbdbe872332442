"""Sidecar captions: SRT and WebVTT parsed leniently where players are, with located errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reelwise.adapters.speech import find_sidecar, read_sidecar
from reelwise.errors import InputError
from reelwise.media.captions import parse_captions

SRT = """\ufeff1
00:00:00,500 --> 00:00:02,500
<i>Hallo</i> allemaal

2
00:00:05,000 --> 00:00:07,250
Bestel vandaag nog
op bakkerijjansen.nl &amp; win

"""

VTT = """WEBVTT - reelwise test
Kind: captions

NOTE this is a comment
that spans lines

STYLE
::cue { color: yellow }

intro
00:01.000 --> 00:03.500 align:start position:10%
<v Anna>Visit <c.yellow>acme.nl</c></v>

01:00:00.000 --> 01:00:01.000
{\\an8}one hour in
"""


def test_srt_cues_with_times_and_clean_text() -> None:
    cues = parse_captions(SRT.replace("\n", "\r\n"), file="ad.srt")
    assert [(c.start_s, c.end_s, c.text) for c in cues] == [
        (0.5, 2.5, "Hallo allemaal"),
        (5.0, 7.25, "Bestel vandaag nog op bakkerijjansen.nl & win"),
    ]


def test_vtt_header_notes_styles_settings_and_short_times() -> None:
    cues = parse_captions(VTT, file="ad.vtt")
    assert [(c.start_s, c.end_s, c.text) for c in cues] == [
        (1.0, 3.5, "Visit acme.nl"),
        (3600.0, 3601.0, "one hour in"),
    ]


def test_srt_without_numbers_and_with_dots_is_accepted() -> None:
    cues = parse_captions("00:00:01.000 --> 00:00:02.000\nHi\n\n00:00:03.5 --> 00:00:04.0\nThere\n")
    assert [(c.start_s, c.end_s) for c in cues] == [(1.0, 2.0), (3.5, 4.0)]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("1\n00:00:01,000 -> 00:00:02,000\nHi\n", 1, "timing line"),
        (
            "1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:05,000 --> 00:00:04,000\nbackwards\n",
            6,
            "before it starts",
        ),
        ("1\n00:00:01,000 --> 00:61:02,000\nHi\n", 2, "59"),
        ("1\n00:00:01,000 --> soon\nHi\n", 2, "bad timing line"),
        ("1\nHi\n00:00:01,000 --> 00:00:02,000\n", 3, "must come first"),
    ],
)
def test_errors_name_the_file_and_line(text: str, line: int, words: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_captions(text, file="ad.srt")
    issue = caught.value.issues[0]
    assert issue.location.file == "ad.srt" and issue.location.line == line
    assert words in caught.value.render("en")


def test_several_problems_are_all_reported() -> None:
    with pytest.raises(InputError) as caught:
        parse_captions("1\n00:00:09,000 --> 00:00:01,000\na\n\n2\nno timing\n", file="x.srt")
    assert len(caught.value.issues) == 2
    assert "2 problems" in caught.value.render("en")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789:,.-> \n\r\tWEBVTTNOabc<>{}\\&;\ufeff")), max_size=300))
def test_any_text_parses_or_gives_located_issues_never_crashes(text: str) -> None:
    try:
        cues = parse_captions(text, file="f.srt")
    except InputError as exc:
        assert exc.issues and all(i.location.file == "f.srt" and i.location.line for i in exc.issues)
    else:
        assert all(0 <= c.start_s <= c.end_s for c in cues)
        assert [c.start_s for c in cues] == sorted(c.start_s for c in cues)


@settings(deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 10_000_000),
            st.integers(0, 100_000),
            st.text(
                alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
                min_size=1,
                max_size=20,
            ),
        ),
        max_size=8,
    )
)
def test_written_srt_reads_back(cues: list[tuple[int, int, str]]) -> None:
    def stamp(ms: int) -> str:
        return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"

    blocks, expected = [], []
    for i, (start, length, text) in enumerate(cues, 1):
        body = " ".join(text.replace("<", " ").replace("{", " ").replace("&", " ").split())
        if not body or "-->" in body:
            continue
        blocks.append(f"{i}\n{stamp(start)} --> {stamp(start + length)}\n{body}\n")
        expected.append((start / 1000, (start + length) / 1000, body))
    got = parse_captions("\n".join(blocks))
    assert sorted((round(c.start_s, 3), round(c.end_s, 3), c.text) for c in got) == sorted(
        (round(a, 3), round(b, 3), t) for a, b, t in expected
    )


def test_sidecar_is_found_next_to_the_video_language_first(tmp_path: Path) -> None:
    video = tmp_path / "ad.mp4"
    video.write_bytes(b"")
    assert find_sidecar(video) is None
    (tmp_path / "ad.en.vtt").write_text(VTT, encoding="utf-8")
    assert find_sidecar(video) == tmp_path / "ad.en.vtt"
    (tmp_path / "ad.srt").write_text(SRT, encoding="utf-8")
    assert find_sidecar(video) == tmp_path / "ad.srt"
    (tmp_path / "ad.nl.srt").write_text(SRT, encoding="utf-8")
    assert find_sidecar(video, ["nl"]) == tmp_path / "ad.nl.srt"
    assert read_sidecar(tmp_path / "ad.en.vtt")[0].text == "Visit acme.nl"


def test_a_windows_1252_sidecar_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ad.srt"
    path.write_bytes("1\n00:00:01,000 --> 00:00:02,000\nCafé\n".encode("cp1252"))
    assert read_sidecar(path)[0].text == "Café"


def test_an_unreadable_sidecar_gives_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the captions"):
        read_sidecar(tmp_path / "missing.srt")
