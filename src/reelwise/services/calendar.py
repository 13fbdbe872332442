"""The content calendar: the plan's dated moments as events, month and week grids, iCalendar.

Events come from the distribution plan (posts at their planned moment), PR (pitches and
blog posts on their day) and other assets with a date. A post's moment is local time in
``distribution.timezone`` (a moment written with a UTC offset is converted to that zone),
so a post planned at 12:30 in Amsterdam sits at 12:30 on the calendar wherever the reader is.

The iCalendar export (RFC 5545) is written here, without a library: timed events in UTC
(``DTSTART:20270302T113000Z``), so no VTIMEZONE is needed and every calendar program shows
them at the right local time; day events as ``VALUE=DATE``. Text is escaped (``\\ ; ,`` and
newlines) and lines are folded at 75 octets without splitting a UTF-8 character.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reelwise.domain.plan import Plan
from reelwise.i18n import N_

UTC: Final = dt.UTC
KINDS: Final[dict[str, str]] = {
    "post": N_("Post"),
    "pitch": N_("Pitch"),
    "blog_post": N_("Blog post"),
    "asset": N_("Asset"),
}


@dataclass(frozen=True)
class Event:
    uid: str  # stable across exports: the same post keeps its id in people's calendars
    kind: str  # post, pitch, blog_post, asset
    title: str
    day: dt.date  # the local day
    at: dt.datetime | None  # local time in the plan's zone (aware); None: a day event
    description: str
    url: str | None
    path: str  # where it lives in the plan
    detail: str | None = None  # a post's platform, a pitch's status, an asset's kind

    @property
    def time(self) -> str:
        return self.at.strftime("%H:%M") if self.at else ""


def plan_zone(plan: Plan) -> ZoneInfo:
    """The plan's time zone; UTC when the name is unknown."""
    try:
        return ZoneInfo(plan.distribution.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _local(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


def _lines(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p)


def events(plan: Plan) -> list[Event]:
    """Every dated moment of the plan, in time order (day events first on their day)."""
    zone = plan_zone(plan)
    videos = {v.id: v for v in plan.videos}
    outlets = {o.id: o for o in plan.pr.outlets}
    out: list[Event] = []
    for i, post in enumerate(plan.distribution.posts):
        at = _local(post.moment, zone)
        video = videos.get(post.video)
        persona = f"persona: {post.persona}" if post.persona else None
        out.append(
            Event(
                uid=f"post-{post.id or i}",
                kind="post",
                title=video.title if video else post.video,
                day=at.date(),
                at=at,
                description=_lines(post.caption, f"video: {post.video}", persona),
                url=post.link,
                path=f"distribution.posts[{i}]",
                detail=post.platform.value,
            )
        )
    for i, pitch in enumerate(plan.pr.pitches):
        outlet = outlets.get(pitch.outlet)
        out.append(
            Event(
                uid=f"pitch-{i}-{pitch.outlet}",
                kind="pitch",
                title=outlet.name if outlet else pitch.outlet,
                day=pitch.date,
                at=None,
                description=_lines(pitch.video and f"video: {pitch.video}", outlet.contact if outlet else None),
                url=None,
                path=f"pr.pitches[{i}]",
                detail=pitch.status.value,
            )
        )
    for i, blog in enumerate(plan.pr.blog_posts):
        if blog.date is not None:
            desc = _lines(f"niche: {blog.niche}", blog.outlet and f"outlet: {blog.outlet}")
            out.append(Event(f"blog-{i}", "blog_post", blog.title, blog.date, None, desc, None, f"pr.blog_posts[{i}]"))
    for i, asset in enumerate(plan.assets):
        if asset.date is not None:
            url = asset.link or asset.qr_target
            out.append(
                Event(
                    f"asset-{asset.id}",
                    "asset",
                    asset.title,
                    asset.date,
                    None,
                    asset.message or "",
                    url,
                    f"assets[{i}]",
                    asset.kind.value,
                )
            )
    out.sort(key=lambda e: (e.day, e.at is not None, e.at.timetz() if e.at else dt.time(), e.uid))
    return out


# --- month and week grids ------------------------------------------------------------


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())  # weeks start on Monday (ISO 8601)


def month_weeks(day: dt.date) -> list[list[dt.date]]:
    """The weeks (Monday to Sunday) that show the month of ``day``."""
    first = day.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    start = week_start(first)
    weeks = []
    while start < nxt:
        weeks.append([start + dt.timedelta(days=d) for d in range(7)])
        start += dt.timedelta(days=7)
    return weeks


def shift_month(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def by_day(items: Iterable[Event]) -> dict[dt.date, list[Event]]:
    out: dict[dt.date, list[Event]] = {}
    for event in items:
        out.setdefault(event.day, []).append(event)
    return out


# --- iCalendar (RFC 5545) ---------------------------------------------------------------


def escape_text(text: str) -> str:
    """RFC 5545 §3.3.11 TEXT: backslash, semicolon, comma and newlines escaped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _vevent(event: Event, stamp: dt.datetime, domain: str, page_url: str | None) -> Iterator[str]:
    yield "BEGIN:VEVENT"
    yield f"UID:{event.uid}@{domain}"
    yield f"DTSTAMP:{_utc(stamp)}"
    if event.at is not None:
        yield f"DTSTART:{_utc(event.at)}"
        yield f"DTEND:{_utc(event.at + dt.timedelta(minutes=30))}"
    else:
        yield f"DTSTART;VALUE=DATE:{event.day.strftime('%Y%m%d')}"
        yield f"DTEND;VALUE=DATE:{(event.day + dt.timedelta(days=1)).strftime('%Y%m%d')}"
    summary = f"{event.title} [{event.detail}]" if event.detail else event.title
    yield f"SUMMARY:{escape_text(summary)}"
    if event.description:
        yield f"DESCRIPTION:{escape_text(event.description)}"
    url = event.url or page_url
    if url:
        yield f"URL:{url}"
    yield f"CATEGORIES:{escape_text(event.kind)}"
    yield "END:VEVENT"


def to_ical(
    plan: Plan,
    items: Iterable[Event],
    *,
    stamp: dt.datetime,
    domain: str,
    page_url: str | None = None,
) -> str:
    """An iCalendar document of ``items``. ``stamp`` (now, from the caller) becomes DTSTAMP;
    ``domain`` makes the UIDs unique (``workspace.campaign.reelwise``); ``page_url`` is the
    calendar page, linked from events that have no URL of their own."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//reelwise//content calendar//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(plan.campaign.name)}",
        f"X-WR-TIMEZONE:{plan_zone(plan).key}",
    ]
    for event in items:
        lines.extend(_vevent(event, stamp, domain, page_url))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
