"""Fixed vocabularies of the plan: metrics, CTA types, creative formats, platforms …

Each catalogue is a ``StrEnum`` (its values are what a plan file says) with a label that
goes through the translation catalogue.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

DEFAULT_STAGES: Final = ("See", "Think", "Do", "Care")


class MetricKind(StrEnum):
    ATTENTION = "attention"  # views, reach: attention is not an outcome
    ENGAGEMENT = "engagement"
    OUTCOME = "outcome"  # leads, sales, revenue: what the business is after
    BRAND = "brand"  # recall, awareness: measured by survey


class Metric(StrEnum):
    REACH = "reach"
    IMPRESSIONS = "impressions"
    VIEWS = "views"
    VIEW_THROUGH_RATE = "view_through_rate"
    AVERAGE_PERCENT_VIEWED = "average_percent_viewed"
    WATCH_TIME_HOURS = "watch_time_hours"
    CTR = "ctr"
    ENGAGEMENT_RATE = "engagement_rate"
    FOLLOWERS = "followers"
    SHARES = "shares"
    LEADS = "leads"
    SIGN_UPS = "sign_ups"
    SALES = "sales"
    REVENUE = "revenue"
    DOWNLOADS = "downloads"
    STORE_VISITS = "store_visits"
    BRAND_RECALL_LIFT = "brand_recall_lift"
    BRAND_AWARENESS_LIFT = "brand_awareness_lift"
    CONSIDERATION_LIFT = "consideration_lift"

    @property
    def kind(self) -> MetricKind:
        return METRIC_KINDS[self]

    @property
    def is_rate(self) -> bool:
        """Rates and lifts are fractions (0.25 = 25 %); the rest are counts or euros."""
        return self in RATE_METRICS


METRIC_KINDS: Final[dict[Metric, MetricKind]] = {
    Metric.REACH: MetricKind.ATTENTION,
    Metric.IMPRESSIONS: MetricKind.ATTENTION,
    Metric.VIEWS: MetricKind.ATTENTION,
    Metric.VIEW_THROUGH_RATE: MetricKind.ATTENTION,
    Metric.AVERAGE_PERCENT_VIEWED: MetricKind.ATTENTION,
    Metric.WATCH_TIME_HOURS: MetricKind.ATTENTION,
    Metric.CTR: MetricKind.ENGAGEMENT,
    Metric.ENGAGEMENT_RATE: MetricKind.ENGAGEMENT,
    Metric.FOLLOWERS: MetricKind.ENGAGEMENT,
    Metric.SHARES: MetricKind.ENGAGEMENT,
    Metric.LEADS: MetricKind.OUTCOME,
    Metric.SIGN_UPS: MetricKind.OUTCOME,
    Metric.SALES: MetricKind.OUTCOME,
    Metric.REVENUE: MetricKind.OUTCOME,
    Metric.DOWNLOADS: MetricKind.OUTCOME,
    Metric.STORE_VISITS: MetricKind.OUTCOME,
    Metric.BRAND_RECALL_LIFT: MetricKind.BRAND,
    Metric.BRAND_AWARENESS_LIFT: MetricKind.BRAND,
    Metric.CONSIDERATION_LIFT: MetricKind.BRAND,
}

RATE_METRICS: Final = frozenset(
    {
        Metric.VIEW_THROUGH_RATE,
        Metric.AVERAGE_PERCENT_VIEWED,
        Metric.CTR,
        Metric.ENGAGEMENT_RATE,
        Metric.BRAND_RECALL_LIFT,
        Metric.BRAND_AWARENESS_LIFT,
        Metric.CONSIDERATION_LIFT,
    }
)


class CtaType(StrEnum):
    VISIT = "visit"
    BUY = "buy"
    SIGN_UP = "sign_up"
    CONTACT = "contact"
    FOLLOW = "follow"
    WATCH_NEXT = "watch_next"
    DOWNLOAD = "download"
    VISIT_STORE = "visit_store"

    @property
    def needs_url(self) -> bool:
        """A click CTA sends the viewer to a page: it needs a URL to click."""
        return self in CLICK_CTAS


CLICK_CTAS: Final = frozenset({CtaType.VISIT, CtaType.BUY, CtaType.SIGN_UP, CtaType.DOWNLOAD})


class CreativeFormat(StrEnum):
    TESTIMONIAL = "testimonial"
    BEHIND_THE_SCENES = "behind_the_scenes"
    EXPLAINER = "explainer"
    HOW_TO = "how_to"
    PRODUCT_DEMO = "product_demo"
    BRAND_FILM = "brand_film"
    UGC_STYLE = "ugc_style"
    INTERVIEW = "interview"
    EVENT_RECAP = "event_recap"
    ANNOUNCEMENT = "announcement"
    ANIMATION = "animation"


class AuthenticityItem(StrEnum):
    REAL_PEOPLE = "real_people"  # real customers or staff, not actors
    REAL_PLACE = "real_place"  # filmed where the business really is
    OWN_VOICE = "own_voice"  # the brand speaks as itself, no borrowed tone
    HONEST_CLAIMS = "honest_claims"  # every claim can be backed up
    NO_STOCK_FOOTAGE = "no_stock_footage"
    SHOWS_THE_PRODUCT_IN_USE = "shows_the_product_in_use"


class ProductionMode(StrEnum):
    IN_HOUSE = "in_house"
    AGENCY = "agency"
    FREELANCE = "freelance"


class ProductionStatus(StrEnum):
    BRIEF = "brief"
    SCRIPT = "script"
    SHOOT = "shoot"
    EDIT = "edit"
    REVIEW = "review"
    APPROVED = "approved"

    @property
    def order(self) -> int:
        return list(ProductionStatus).index(self)


class AssetKind(StrEnum):
    POSTER = "poster"
    FLYER = "flyer"
    EMAIL = "email"
    LANDING_PAGE = "landing_page"
    BLOG_POST = "blog_post"
    AD = "ad"
    EVENT = "event"
    OTHER = "other"

    @property
    def offline(self) -> bool:
        return self in OFFLINE_ASSETS


OFFLINE_ASSETS: Final = frozenset({AssetKind.POSTER, AssetKind.FLYER, AssetKind.EVENT})


class Platform(StrEnum):
    YOUTUBE = "youtube"
    YOUTUBE_SHORTS = "youtube_shorts"
    INSTAGRAM_FEED = "instagram_feed"
    INSTAGRAM_REELS = "instagram_reels"
    INSTAGRAM_STORIES = "instagram_stories"
    TIKTOK = "tiktok"
    FACEBOOK = "facebook"
    LINKEDIN = "linkedin"
    X = "x"
    WEBSITE = "website"

    @property
    def network(self) -> str:
        """The social network a placement belongs to (all Instagram placements → instagram)."""
        return self.value.split("_")[0]

    @property
    def label(self) -> str:
        """The name people know it by ("Instagram Reels"): a proper name, the same in every language."""
        return _PLATFORM_LABELS[self]


_PLATFORM_LABELS: dict[Platform, str] = {
    Platform.YOUTUBE: "YouTube",
    Platform.YOUTUBE_SHORTS: "YouTube Shorts",
    Platform.INSTAGRAM_FEED: "Instagram Feed",
    Platform.INSTAGRAM_REELS: "Instagram Reels",
    Platform.INSTAGRAM_STORIES: "Instagram Stories",
    Platform.TIKTOK: "TikTok",
    Platform.FACEBOOK: "Facebook",
    Platform.LINKEDIN: "LinkedIn",
    Platform.X: "X",
    Platform.WEBSITE: "Website",
}


class OutletType(StrEnum):
    TRADE_JOURNAL = "trade_journal"
    ONLINE_NEWSPAPER = "online_newspaper"
    MAGAZINE = "magazine"
    NICHE_BLOG = "niche_blog"


class PitchStatus(StrEnum):
    PLANNED = "planned"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    PUBLISHED = "published"


class DataSource(StrEnum):
    YOUTUBE_STUDIO = "youtube_studio"
    TIKTOK = "tiktok"
    META = "meta"
    LINKEDIN = "linkedin"
    PLAYER = "player"  # reelwise's own player tracker
    CONVERSIONS = "conversions"
    SURVEY = "survey"
    CRM = "crm"
    WEB_ANALYTICS = "web_analytics"
    OTHER = "other"


class Cadence(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


class AlertKind(StrEnum):
    BELOW = "below"  # value under the threshold
    ABOVE = "above"
    DROP_PERCENT = "drop_percent"  # fall of more than threshold % against the previous period


class SurveyQuestion(StrEnum):
    AD_RECALL = "ad_recall"  # what was the video about
    BRAND_RECALL = "brand_recall"  # who was it from
    AWARENESS = "awareness"
    CONSIDERATION = "consideration"
