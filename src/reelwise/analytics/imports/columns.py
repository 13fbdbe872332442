"""Column names of the platforms' exports, in English and Dutch, mapped to normalised fields.

A header is normalised (lower case, single spaces, no BOM) and looked up first in the
platform's own table (words mean different things per platform: Dutch ``Reacties`` is
comments on YouTube but reactions on Facebook), then in the common table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

Kind = Literal[
    "key", "title", "date", "published", "link", "post_type", "hour", "export_day", "attr", "number", "duration"
]
ROLES: Final = ("key", "title", "date", "published", "link", "post_type", "hour", "export_day")


@dataclass(frozen=True)
class ColumnSpec:
    kind: Kind
    field: str = ""  # metric or attribute name for number/duration/attr


def normalise_header(name: str) -> str:
    text = name.replace("\ufeff", "").replace("\u00a0", " ").strip().strip('"').strip().lower()
    text = re.sub(r"\s+", " ", text)
    return text.rstrip(":").strip()


def _n(field: str) -> ColumnSpec:
    return ColumnSpec("number", field)


def _a(field: str) -> ColumnSpec:
    return ColumnSpec("attr", field)


KEY, TITLE, DATE = ColumnSpec("key"), ColumnSpec("title"), ColumnSpec("date")
PUBLISHED, LINK, POST_TYPE = ColumnSpec("published"), ColumnSpec("link"), ColumnSpec("post_type")
HOUR, EXPORT_DAY = ColumnSpec("hour"), ColumnSpec("export_day")
AVG_DURATION = ColumnSpec("duration", "average_view_duration_s")
DURATION = ColumnSpec("duration", "duration_s")

COMMON: Final[dict[str, ColumnSpec]] = {
    # dates and ids
    "date": DATE, "datum": DATE, "day": DATE, "dag": DATE,
    "hour": HOUR, "uur": HOUR,
    "title": TITLE, "titel": TITLE,
    "video title": TITLE, "videotitel": TITLE, "titel van video": TITLE,
    "post title": TITLE, "titel van bericht": TITLE, "titel van post": TITLE,
    "video id": KEY, "video-id": KEY, "post id": KEY, "post-id": KEY, "bericht-id": KEY, "berichtid": KEY,
    "publish time": PUBLISHED, "publicatietijd": PUBLISHED, "publicatiedatum": PUBLISHED,
    "video publish time": PUBLISHED, "publicatietijd van video": PUBLISHED, "publicatiedatum van video": PUBLISHED,
    "post time": PUBLISHED, "posttijd": PUBLISHED, "plaatsingstijd": PUBLISHED, "tijd van plaatsing": PUBLISHED,
    "created date": PUBLISHED, "aanmaakdatum": PUBLISHED, "datum gemaakt": PUBLISHED,
    "video link": LINK, "videolink": LINK, "permalink": LINK, "post link": LINK, "link naar bericht": LINK,
    "link naar post": LINK, "link": LINK,
    "post type": POST_TYPE, "berichttype": POST_TYPE, "type bericht": POST_TYPE, "posttype": POST_TYPE,
    "content type": POST_TYPE, "inhoudstype": POST_TYPE, "type inhoud": POST_TYPE,
    # counts
    "views": _n("views"), "weergaven": _n("views"), "video views": _n("views"), "videoweergaven": _n("views"),
    "total views": _n("views"), "totaal aantal weergaven": _n("views"),
    "plays": _n("views"), "afspeelacties": _n("views"),
    "reach": _n("reach"), "bereik": _n("reach"), "accounts reached": _n("reach"),
    "reached audience": _n("reach"), "bereikt publiek": _n("reach"),
    "impressions": _n("impressions"), "vertoningen": _n("impressions"),
    "thumbnail impressions": _n("impressions"), "vertoningen van thumbnails": _n("impressions"),
    "thumbnailvertoningen": _n("impressions"),
    "likes": _n("likes"), "vind-ik-leuks": _n("likes"), "vind ik leuks": _n("likes"), "vind-ik-leuk": _n("likes"),
    "total likes": _n("likes"), "totaal aantal vind-ik-leuks": _n("likes"),
    "dislikes": _n("dislikes"), "niet-leuks": _n("dislikes"),
    "comments": _n("comments"), "comments added": _n("comments"), "total comments": _n("comments"),
    "opmerkingen": _n("comments"), "toegevoegde reacties": _n("comments"), "totaal aantal reacties": _n("comments"),
    "shares": _n("shares"), "total shares": _n("shares"), "gedeeld": _n("shares"), "keer gedeeld": _n("shares"),
    "totaal aantal keer gedeeld": _n("shares"), "deelacties": _n("shares"), "reposts": _n("shares"),
    "saves": _n("saves"), "opgeslagen": _n("saves"), "keer opgeslagen": _n("saves"), "favorites": _n("saves"),
    "favorieten": _n("saves"),
    "reactions": _n("reactions"),
    "clicks": _n("clicks"), "klikken": _n("clicks"), "total clicks": _n("clicks"),
    "totaal aantal klikken": _n("clicks"),
    "link clicks": _n("link_clicks"), "linkklikken": _n("link_clicks"), "klikken op link": _n("link_clicks"),
    "other clicks": _n("other_clicks"), "overige klikken": _n("other_clicks"),
    "subscribers": _n("subscribers_net"), "abonnees": _n("subscribers_net"),
    "subscribers gained": _n("subscribers_gained"), "gewonnen abonnees": _n("subscribers_gained"),
    "abonnees gewonnen": _n("subscribers_gained"),
    "subscribers lost": _n("subscribers_lost"), "verloren abonnees": _n("subscribers_lost"),
    "abonnees verloren": _n("subscribers_lost"),
    "followers": _n("followers"), "volgers": _n("followers"),
    "follows": _n("followers_gained"), "new followers": _n("followers_gained"),
    "nieuwe volgers": _n("followers_gained"),
    "followers gained": _n("followers_gained"), "gewonnen volgers": _n("followers_gained"),
    "profile views": _n("profile_views"), "profielweergaven": _n("profile_views"),
    "profile visits": _n("profile_views"), "profielbezoeken": _n("profile_views"),
    "total viewers": _n("viewers"), "totaal aantal kijkers": _n("viewers"), "unique viewers": _n("viewers"),
    "unieke kijkers": _n("viewers"), "kijkers": _n("viewers"),
    "new viewers": _n("new_viewers"), "nieuwe kijkers": _n("new_viewers"),
    "returning viewers": _n("returning_viewers"), "terugkerende kijkers": _n("returning_viewers"),
    "active followers": _n("active_followers"), "actieve volgers": _n("active_followers"),
    "3-second video views": _n("video_views_3s"), "videoweergaven van 3 seconden": _n("video_views_3s"),
    "1-minute video views": _n("video_views_60s"), "videoweergaven van 1 minuut": _n("video_views_60s"),
    "engaged views": _n("engaged_views"), "betrokken weergaven": _n("engaged_views"),
    "reactions, comments and shares": _n("engagements"), "reacties, opmerkingen en deelacties": _n("engagements"),
    "interactions": _n("engagements"), "interacties": _n("engagements"),
    # time
    "watch time (hours)": _n("watch_time_hours"), "kijktijd (uren)": _n("watch_time_hours"),
    "kijktijd (uur)": _n("watch_time_hours"),
    "average view duration": AVG_DURATION, "gemiddelde weergaveduur": AVG_DURATION,
    "average watch time": AVG_DURATION, "gemiddelde kijktijd": AVG_DURATION,
    "average seconds viewed": AVG_DURATION, "gemiddeld aantal seconden bekeken": AVG_DURATION,
    "seconds viewed": _n("watch_time_s"), "seconden bekeken": _n("watch_time_s"),
    "duration": DURATION, "duur": DURATION, "lengte": DURATION, "video duration": DURATION, "videoduur": DURATION,
    "duration (sec)": DURATION, "duur (sec)": DURATION, "duur (seconden)": DURATION,
    # rates (in %)
    "impressions click-through rate (%)": _n("impressions_ctr"),
    "thumbnail impressions click-through rate (%)": _n("impressions_ctr"),
    "klikfrequentie van vertoningen (%)": _n("impressions_ctr"),
    "klikfrequentie van thumbnailvertoningen (%)": _n("impressions_ctr"),
    "klikfrequentie van vertoningen van thumbnails (%)": _n("impressions_ctr"),
    "average percentage viewed (%)": _n("average_percent_viewed"),
    "gemiddeld percentage bekeken (%)": _n("average_percent_viewed"),
    "gemiddeld bekeken percentage (%)": _n("average_percent_viewed"),
    "watched full video (%)": _n("completion_rate"), "volledige video bekeken (%)": _n("completion_rate"),
    "click through rate (ctr)": _n("ctr"), "click-through rate (ctr)": _n("ctr"), "ctr": _n("ctr"),
    "klikfrequentie (ctr)": _n("ctr"), "klikfrequentie": _n("ctr"),
    "engagement rate": _n("engagement_rate"), "betrokkenheidspercentage": _n("engagement_rate"),
    "engagementpercentage": _n("engagement_rate"),
    # money
    "estimated revenue (usd)": _n("revenue"), "estimated revenue (eur)": _n("revenue"),
    "geschatte opbrengst (usd)": _n("revenue"), "geschatte opbrengst (eur)": _n("revenue"),
    "estimated earnings (usd)": _n("revenue"), "geschatte inkomsten (usd)": _n("revenue"),
    # descriptive text kept as attributes
    "page id": _a("page_id"), "pagina-id": _a("page_id"), "page name": _a("page_name"), "paginanaam": _a("page_name"),
    "account id": _a("account_id"), "account-id": _a("account_id"),
    "account username": _a("account_username"), "gebruikersnaam account": _a("account_username"),
    "account name": _a("account_name"), "accountnaam": _a("account_name"),
    "caption type": _a("caption_type"), "type bijschrift": _a("caption_type"),
    "is crosspost": _a("is_crosspost"), "is share": _a("is_share"), "languages": _a("languages"),
    "talen": _a("languages"), "custom labels": _a("custom_labels"), "aangepaste labels": _a("custom_labels"),
    "funded content status": _a("funded_content_status"), "data comment": _a("data_comment"),
    "posted by": _a("posted_by"), "geplaatst door": _a("posted_by"), "campaign name": _a("campaign_name"),
    "campagnenaam": _a("campaign_name"), "audience": _a("audience"), "doelgroep": _a("audience"),
    "campaign start date": _a("campaign_start"), "campaign end date": _a("campaign_end"),
}  # fmt: skip

PLATFORM: Final[dict[str, dict[str, ColumnSpec]]] = {
    "youtube": {
        "content": KEY, "inhoud": KEY, "video": KEY,
        "reacties": _n("comments"), "opmerkingen": _n("comments"),
    },
    "tiktok": {
        "time": EXPORT_DAY, "tijd": EXPORT_DAY,
        "reacties": _n("comments"),
    },
    "meta": {
        "title": _a("post_title"), "titel": _a("post_title"),  # mostly empty; the caption is the title
        "description": TITLE, "beschrijving": TITLE, "caption": TITLE, "bijschrift": TITLE,
        "reacties": _n("reactions"), "opmerkingen": _n("comments"),
    },
    "linkedin": {
        "weergaven": _n("impressions"), "views (excluding off-site video views)": _n("views"),
        "weergaven (exclusief videoweergaven buiten de site)": _n("views"), "offsite views": _n("offsite_views"),
        "weergaven buiten de site": _n("offsite_views"), "unique impressions": _n("reach"),
        "unieke weergaven": _n("reach"), "unieke vertoningen": _n("reach"),
        "reacties": _n("reactions"), "opmerkingen": _n("comments"),
    },
}  # fmt: skip

PERCENT_METRICS: Final = frozenset(
    {"impressions_ctr", "average_percent_viewed", "completion_rate", "ctr", "engagement_rate"}
)


def lookup(header: str, platform: str) -> ColumnSpec | None:
    """The meaning of a column header for ``platform`` (youtube, tiktok, meta, linkedin), or None."""
    key = normalise_header(header)
    table = PLATFORM.get(platform, {})
    return table.get(key) or COMMON.get(key)


def metric_name_for_unknown(header: str) -> str:
    """The name an unknown column is stored under: its header as written (trimmed)."""
    return re.sub(r"\s+", " ", header.replace("\ufeff", "").strip()) or "(unnamed column)"
