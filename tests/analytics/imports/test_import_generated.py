"""Generated exports of all four platforms, in English and Dutch, full of the real files' quirks."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.analytics.imports.samples import (
    Post,
    Video,
    linkedin_xlsx,
    meta_posts,
    tiktok_overview,
    youtube_table,
)

from reelwise.analytics.imports import ImportContext, ParsedExport, parse_file
from reelwise.errors import DataImportError

CTX = ImportContext(year=2026)
LANGS = st.sampled_from(["en", "nl"])
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

titles = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00") | st.sampled_from('\n",;'),
    max_size=40,
)
videos = st.lists(
    st.builds(
        Video,
        key=st.from_regex(r"[A-Za-z0-9_-]{11}", fullmatch=True),
        title=titles,
        views=st.integers(0, 5_000_000),
        watch_hours=st.floats(0, 90_000, allow_nan=False).map(lambda x: round(x, 4)),
        avg_duration_s=st.integers(0, 4 * 3600),
        likes=st.integers(0, 10_000),
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda v: v.key,
).filter(lambda vs: all(v.key.lower() != "total" for v in vs))


def lookup(parsed: ParsedExport, key: str, metric: str, day: dt.date | None = None) -> float | str | None:
    rec = parsed.records
    for k, d, m, v, t in zip(rec.video_key, rec.day, rec.metric, rec.value, rec.text_value, strict=True):
        if k == key and d == day and m == metric:
            return v if v is not None else t
    return None


@FAST
@given(vs=videos, lang=LANGS, thousands=st.booleans())
def test_youtube_table_in_both_languages(vs: list[Video], lang: str, thousands: bool) -> None:
    parsed = parse_file(youtube_table(vs, lang, thousands=thousands), "Table data.csv", CTX)
    assert parsed.kind == "youtube_table"
    assert parsed.totals()["views"] == sum(v.views for v in vs)
    for v in vs:
        assert lookup(parsed, v.key, "views") == v.views
        assert lookup(parsed, v.key, "watch_time_hours") == pytest.approx(v.watch_hours)
        assert lookup(parsed, v.key, "average_view_duration_s") == v.avg_duration_s
        assert lookup(parsed, v.key, "likes") == (v.likes or None)  # an empty cell stores nothing
        assert lookup(parsed, v.key, "published") == "2025-09-04"
        assert lookup(parsed, v.key, "Card teaser clicks" if lang == "en" else "Klikken op kaartteasers") == 7
    assert parsed.unknown_columns == ["Card teaser clicks" if lang == "en" else "Klikken op kaartteasers"]


@FAST
@given(lang=LANGS, views=st.lists(st.integers(0, 2_000_000), min_size=1, max_size=40))
def test_tiktok_overview_over_a_year_boundary(lang: str, views: list[int]) -> None:
    start = dt.date(2026, 1, 10) - dt.timedelta(days=len(views) - 1)
    parsed = parse_file(tiktok_overview(start, views, lang), "Overview.csv", CTX)
    assert parsed.kind == "tiktok_overview"
    assert (parsed.period_start, parsed.period_end) == (start, dt.date(2026, 1, 10))
    assert parsed.totals()["views"] == sum(views)
    assert lookup(parsed, "", "profile_views", start) is None  # "undefined"
    assert lookup(parsed, "", "comments", start) == -1


def test_tiktok_without_year_or_today_asks_for_year() -> None:
    data = tiktok_overview(dt.date(2026, 1, 1), [5], "en")
    with pytest.raises(DataImportError, match="--year"):
        parse_file(data, "Overview.csv", ImportContext())


posts = st.lists(
    st.builds(
        Post,
        post_id=st.from_regex(r"[1-9][0-9]{6,16}", fullmatch=True),
        caption=titles,
        instagram=st.booleans(),
        reach=st.integers(0, 9_000_000),
        views=st.integers(0, 9_000_000),
        reactions=st.integers(0, 500),
    ),
    min_size=1,
    max_size=6,
    unique_by=lambda p: p.post_id,
)


@FAST
@given(ps=posts, lang=LANGS)
def test_meta_posts_facebook_and_instagram(ps: list[Post], lang: str) -> None:
    parsed = parse_file(meta_posts(ps, lang), "export.csv", CTX)
    assert parsed.kind.startswith("meta_posts")
    rec = parsed.records
    for p in ps:
        platform = {pl for k, pl in zip(rec.video_key, rec.platform, strict=True) if k == p.post_id}
        assert platform == {"instagram" if p.instagram else "facebook"}
        assert lookup(parsed, p.post_id, "reach") == p.reach
        assert lookup(parsed, p.post_id, "views") == p.views
        assert lookup(parsed, p.post_id, "reactions") == p.reactions
        assert lookup(parsed, p.post_id, "comments") == 3
        assert lookup(parsed, p.post_id, "published") == "2025-09-29"
        assert lookup(parsed, p.post_id, "post_type") == ("IG reel" if p.instagram else "Reels")
        assert lookup(parsed, p.post_id, "duration_s") == 31
    titles_by_key = dict(zip(rec.video_key, rec.video_title, strict=True))
    for p in ps:
        assert titles_by_key[p.post_id] == (p.caption.replace("\r\n", "\n").strip() or None)
    assert parsed.unknown_columns == ["Boost status" if lang == "en" else "Boost-status"]


def test_meta_thousands_separators_are_read_as_such() -> None:
    data = meta_posts([Post("123456789", "Hello,\nworld", True, 15000, 1234567, 2)], "en")
    assert b'"15,000"' in data
    parsed = parse_file(data, "export.csv", CTX)
    assert lookup(parsed, "123456789", "reach") == 15000
    assert lookup(parsed, "123456789", "views") == 1234567


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_linkedin_page_content_workbook(lang: str) -> None:
    days = [(dt.date(2025, 1, d), 100 * d) for d in range(1, 15)]
    data = linkedin_xlsx([("7011111111111111111", 1000, 30), ("7022222222222222222", 200, 0)], days, lang)
    parsed = parse_file(data, "page_content.xlsx", CTX)
    assert parsed.kind == "linkedin_content"
    assert parsed.rows_read == 2 + 14
    assert lookup(parsed, "7011111111111111111", "impressions") == 1000
    assert lookup(parsed, "7011111111111111111", "ctr") == pytest.approx(3.0)  # fraction in the sheet, % stored
    assert lookup(parsed, "7011111111111111111", "published") == "2025-01-10"
    assert lookup(parsed, "", "impressions", dt.date(2025, 1, 13)) == 1300  # (total)
    assert lookup(parsed, "", "impressions_organic", dt.date(2025, 1, 13)) == 1300
    assert lookup(parsed, "", "engagement_rate_organic", dt.date(2025, 1, 2)) == pytest.approx(5.12)
    assert parsed.totals()["impressions"] == 1200  # over the posts, not added to the daily rows
    assert (parsed.period_start, parsed.period_end) == (dt.date(2025, 1, 1), dt.date(2025, 1, 14))


def test_semicolon_csv_with_decimal_commas() -> None:
    text = "Datum;Weergaven;Kijktijd (uren)\r\n13-06-2025;1.224;12,5\r\n14-06-2025;147;0,25\r\n"
    parsed = parse_file(text.encode("cp1252"), "Totalen.csv", CTX)
    assert parsed.kind == "youtube_totals"
    assert lookup(parsed, "", "views", dt.date(2025, 6, 13)) == 1224
    assert lookup(parsed, "", "watch_time_hours", dt.date(2025, 6, 14)) == 0.25


def assert_located(exc: DataImportError, name: str) -> None:
    assert exc.issues, "a DataImportError must say where"
    assert exc.issues[0].location.file is not None and name in exc.issues[0].location.file
    assert exc.render("en") and exc.render("nl")


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary", "NUL"),
        (b"Content,Views\r\nabcdefghijk,12,13,14\r\n", "fields"),
        (b"Content,Video title,Views\r\nabcdefghijk,x,lots\r\n", "not a number"),
        (b"Colour,Size\r\nred,5\r\n", "not a platform export"),
        (b"Date,Views\r\n2025-01-01,5\r\nnot a date,4\r\n", "not a date"),
        (b"PK\x03\x04garbage", "Excel"),
    ],
)
def test_bad_files_give_located_errors(data: bytes, fragment: str) -> None:
    with pytest.raises(DataImportError, match=fragment) as info:
        parse_file(data, "bad.csv", CTX)
    assert_located(info.value, "bad.csv")


def test_a_bad_cell_is_located_by_line_and_column() -> None:
    data = b'Content,Video title,Views\r\nabcdefghijk,"multi\nline",5\r\nbcdefghijkl,x,lots\r\n'
    with pytest.raises(DataImportError) as info:
        parse_file(data, "t.csv", CTX)
    location = info.value.issues[0].location
    assert (location.line, location.path) == (4, "[Views]")
    assert "t.csv:4 [Views]" in info.value.render("en")


SEEDS = [
    youtube_table([Video("-abcdefghij", 'a "quoted"\ntitle', 1500, 2.5, 65, 3)], "nl"),
    tiktok_overview(dt.date(2025, 12, 30), [1, 2, 3, 4], "en"),
    meta_posts([Post("123456789", "Hi\nthere", True, 15000, 20000, 4)], "en"),
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.sampled_from(SEEDS),
    position=st.floats(0, 1),
    junk=st.binary(max_size=12) | st.sampled_from([b'"', b"\n", b",", b";", b"\x00", b"\xff\xfe", b"undefined", b"-"]),
    cut=st.booleans(),
)
def test_mutated_exports_raise_only_located_import_errors(seed: bytes, position: float, junk: bytes, cut: bool) -> None:
    at = int(len(seed) * position)
    data = seed[:at] + junk + (b"" if cut else seed[at:])
    try:
        parse_file(data, "mutated.csv", CTX)
    except DataImportError as exc:
        assert_located(exc, "mutated.csv")


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300))
def test_random_bytes_raise_only_located_import_errors(data: bytes) -> None:
    try:
        parse_file(data, "random.csv", CTX)
    except DataImportError as exc:
        assert_located(exc, "random.csv")


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=200))
def test_damaged_workbooks_raise_only_located_import_errors(data: bytes) -> None:
    book = linkedin_xlsx([("7011111111111111111", 10, 1)], [(dt.date(2025, 1, 1), 5)], "en")
    damaged = book[: len(book) // 2] + data
    try:
        parse_file(damaged, "page.xlsx", CTX)
    except DataImportError as exc:
        assert_located(exc, "page.xlsx")
