"""Generated platform exports full of the quirks the real ones have, in English and Dutch."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from openpyxl import Workbook


@dataclass(frozen=True)
class Video:
    key: str
    title: str
    views: int
    watch_hours: float
    avg_duration_s: int
    likes: int


def csv_bytes(rows: list[list[str]], *, bom: bool = False, delimiter: str = ",", quote_all: bool = False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=delimiter, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL, lineterminator="\r\n"
    )
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def fmt_number(value: float, lang: str, decimals: int = 0) -> str:
    """``12,345.6`` (en) or ``12.345,6`` (nl)."""
    text = f"{value:,.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def hms(seconds: int) -> str:
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


YOUTUBE_HEADERS = {
    "en": ["Content", "Video title", "Video publish time", "Views", "Watch time (hours)", "Average view duration",
           "Likes", "Thumbnail impressions", "Card teaser clicks"],
    "nl": ["Inhoud", "Videotitel", "Publicatietijd van video", "Weergaven", "Kijktijd (uren)",
           "Gemiddelde weergaveduur", "Vind-ik-leuks", "Vertoningen", "Klikken op kaartteasers"],
}  # fmt: skip


def youtube_table(videos: list[Video], lang: str, *, thousands: bool = True) -> bytes:
    """Table data with a leading Total row, H:MM:SS durations, an unknown column, empty cells."""
    published = {"en": "Sep 4, 2025", "nl": "4 sep. 2025"}[lang]
    total_views = sum(v.views for v in videos)
    total_hours = sum(v.watch_hours for v in videos)
    rows = [YOUTUBE_HEADERS[lang]]
    rows.append(["Total" if lang == "en" else "Totaal", "", "", fmt_number(total_views, lang) if thousands else
                 str(total_views), fmt_number(total_hours, lang, 4), "", "", "", ""])  # fmt: skip
    for v in videos:
        rows.append(
            [" " + v.key if v.key.startswith("-") else v.key, v.title, published,
             fmt_number(v.views, lang) if thousands else str(v.views), fmt_number(v.watch_hours, lang, 4),
             hms(v.avg_duration_s), str(v.likes) if v.likes else "", "", "7"]
        )  # fmt: skip
    return csv_bytes(rows)


TIKTOK_OVERVIEW_HEADERS = {
    "en": ["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"],
    "nl": ["Datum", "Videoweergaven", "Profielweergaven", "Vind-ik-leuks", "Reacties", "Keer gedeeld"],
}
MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"],
}  # fmt: skip


def yearless(day: dt.date, lang: str) -> str:
    month = MONTHS[lang][day.month - 1]
    return f"{month} {day.day}" if lang == "en" else f"{day.day} {month}"


def tiktok_overview(start: dt.date, views: list[int], lang: str) -> bytes:
    rows = [TIKTOK_OVERVIEW_HEADERS[lang]]
    for offset, count in enumerate(views):
        day = start + dt.timedelta(days=offset)
        rows.append([yearless(day, lang), str(count), "undefined", str(count // 10), "-1", "0"])
    return csv_bytes(rows, bom=True, quote_all=True)


META_HEADERS = {
    "en": ["Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)", "Publish time",
           "Permalink", "Post type", "Date", "Reach", "Views", "Reactions", "Comments", "Shares", "Saves",
           "Boost status"],
    "nl": ["Bericht-ID", "Pagina-ID", "Paginanaam", "Titel", "Beschrijving", "Duur (sec)", "Publicatietijd",
           "Permalink", "Berichttype", "Datum", "Bereik", "Weergaven", "Reacties", "Opmerkingen", "Keer gedeeld",
           "Opgeslagen", "Boost-status"],
}  # fmt: skip


@dataclass(frozen=True)
class Post:
    post_id: str
    caption: str
    instagram: bool
    reach: int
    views: int
    reactions: int


def meta_posts(posts: list[Post], lang: str) -> bytes:
    """BOM, Lifetime date, "15,000"-style numbers, multi-line captions, IG reel post types."""
    rows = [META_HEADERS[lang]]
    lifetime = "Lifetime" if lang == "en" else "Levensduur"
    for p in posts:
        link = (
            f"https://www.instagram.com/reel/{p.post_id}/" if p.instagram else f"https://www.facebook.com/{p.post_id}"
        )
        rows.append(
            [p.post_id, "1234567890", "Acme", "", p.caption, "31", "09/29/2025 10:15", link,
             "IG reel" if p.instagram else "Reels", lifetime, fmt_number(p.reach, lang), fmt_number(p.views, lang),
             str(p.reactions), "3", "", "1", "Not boosted"]
        )  # fmt: skip
    return csv_bytes(rows, bom=True)


LINKEDIN_POSTS = {
    "en": ["Post title", "Post link", "Post type", "Posted by", "Created date", "Impressions", "Clicks",
           "Click through rate (CTR)", "Likes", "Comments", "Reposts", "Follows", "Engagement rate", "Content Type"],
    "nl": ["Titel van bericht", "Link naar bericht", "Berichttype", "Geplaatst door", "Aanmaakdatum", "Weergaven",
           "Klikken", "Klikfrequentie (CTR)", "Vind-ik-leuks", "Opmerkingen", "Reposts", "Follows",
           "Betrokkenheidspercentage", "Inhoudstype"],
}  # fmt: skip
LINKEDIN_METRICS = {
    "en": ["Date", "Impressions (organic)", "Impressions (sponsored)", "Impressions (total)", "Clicks (organic)",
           "Engagement rate (organic)"],
    "nl": ["Datum", "Weergaven (organisch)", "Weergaven (gesponsord)", "Weergaven (totaal)", "Klikken (organisch)",
           "Betrokkenheidspercentage (organisch)"],
}  # fmt: skip


def linkedin_xlsx(posts: list[tuple[str, int, int]], days: list[tuple[dt.date, int]], lang: str) -> bytes:
    """A page content export: description rows above the headers, ``Metrics`` and ``All posts`` sheets."""
    book = Workbook()
    metrics = book.active
    assert metrics is not None
    metrics.title = "Metrics"
    metrics.append(["Aggregated metrics for your page's posts, by day. Data is from 1/1/2025 to 1/31/2025."])
    metrics.append(LINKEDIN_METRICS[lang])
    for day, impressions in days:
        metrics.append([day.strftime("%m/%d/%Y"), impressions, 0, impressions, impressions // 20, 0.0512])
    sheet = book.create_sheet("All posts")
    sheet.append(["All posts: metrics for every post. Impressions and clicks are counted from the first day."])
    sheet.append(LINKEDIN_POSTS[lang])
    for activity, impressions, clicks in posts:
        sheet.append(
            [f"Post {activity}\nwith a second line", f"https://www.linkedin.com/feed/update/urn:li:activity:{activity}",
             "Organic", "Ann", dt.datetime(2025, 1, 10, 9, 30), impressions, clicks,
             clicks / impressions if impressions else 0, 5, 1, 0, 2, 0.04, "Video"]
        )  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
