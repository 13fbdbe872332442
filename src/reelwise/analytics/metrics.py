"""Video metrics per video and platform, normalised across platforms (Ibis over the store).

Platform exports (``platform_metrics``) and our own player (``player_events``) are brought
to one shape, :class:`VideoMetrics`, with the same names and units everywhere: counts as
counts, durations in seconds, watch time in hours and **every rate as a fraction**
(0.45 = 45 %; the imports store percentages as the platforms show them, 45.0).

Platform rows: a lifetime row (``day`` NULL) wins; otherwise daily rows are summed for
counts and averaged for rates and durations. Derived where the platform does not report
them: watch time = views × average view duration; average view duration = watch time ÷
views; average % viewed = average view duration ÷ duration; CTR = clicks ÷ impressions.
Engagement rate is ours, the same for every platform: (likes + comments + shares +
saves) ÷ views.

Own player: play rate = plays ÷ impressions; finish rate = finishes ÷ plays (a finish
comes within 2 s of the end, see :mod:`reelwise.analytics.retention`); engagement =
average share of the video watched; time to play = median seconds from the impression to
the first play of a session; CTR = CTA clicks ÷ plays.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Final

from reelwise.analytics.retention import plays as plays_table

if TYPE_CHECKING:
    import ibis.expr.types as ir

ADDITIVE: Final = frozenset(
    {
        "views",
        "reach",
        "impressions",
        "likes",
        "comments",
        "shares",
        "saves",
        "reactions",
        "clicks",
        "link_clicks",
        "watch_time_hours",
        "followers_gained",
        "subscribers_net",
    }
)
PERCENT: Final = frozenset({"impressions_ctr", "average_percent_viewed", "completion_rate", "ctr", "engagement_rate"})
WIDE: Final = (
    "views",
    "reach",
    "impressions",
    "likes",
    "comments",
    "shares",
    "saves",
    "clicks",
    "link_clicks",
    "watch_time_hours",
    "average_view_duration_s",
    "duration_s",
    "average_percent_viewed",
    "completion_rate",
    "ctr",
    "impressions_ctr",
    "engagement_rate",
)


@dataclass(frozen=True)
class VideoMetrics:
    """One video on one platform (``platform == "player"``: our own player)."""

    platform: str
    video_key: str
    video_id: str | None
    title: str | None = None
    variant: str | None = None
    views: float | None = None
    reach: float | None = None
    impressions: float | None = None
    watch_time_hours: float | None = None
    average_view_duration_s: float | None = None
    average_percent_viewed: float | None = None
    completion: float | None = None
    ctr: float | None = None
    engagement_rate: float | None = None
    clicks: float | None = None
    # own player only
    plays: int | None = None
    finishes: int | None = None
    play_rate: float | None = None
    finish_rate: float | None = None
    time_to_play_s: float | None = None
    cta_shown: int | None = None
    cta_clicked: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


def _div(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _first(*values: float | None) -> float | None:
    return next((v for v in values if v is not None), None)


def platform_values(metrics: ir.Table, *, since: dt.date | None = None, until: dt.date | None = None) -> ir.Table:
    """Wide table: platform, video_key, title and one column per metric in :data:`WIDE`.

    With ``since``/``until`` only daily rows in that range count (lifetime rows cannot be
    cut by date).
    """
    import ibis

    m = metrics.filter((metrics.video_key != "") & metrics.hour.isnull() & metrics.value.notnull())
    if since is not None or until is not None:
        m = m.filter(m.day.notnull())
        if since is not None:
            m = m.filter(m.day >= since)
        if until is not None:
            m = m.filter(m.day <= until)
    lifetime = m.day.isnull()
    per_metric = m.group_by(["platform", "video_key", "metric"]).aggregate(
        title=m.video_title.max(),
        lifetime=m.value.max(where=lifetime),
        daily_sum=m.value.sum(where=~lifetime),
        daily_mean=m.value.mean(where=~lifetime),
    )
    additive = per_metric.metric.isin(sorted(ADDITIVE))
    value = per_metric.lifetime.coalesce(ibis.cases((additive, per_metric.daily_sum), else_=per_metric.daily_mean))
    scaled = ibis.cases((per_metric.metric.isin(sorted(PERCENT)), value / 100.0), else_=value)
    per_metric = per_metric.mutate(value=scaled)
    wide = per_metric.group_by(["platform", "video_key"]).aggregate(
        title=per_metric.title.max(),
        **{name: per_metric.value.max(where=per_metric.metric == name) for name in WIDE},
    )
    return wide


def platform_metrics(backend: Any, *, since: dt.date | None = None, until: dt.date | None = None) -> list[VideoMetrics]:
    """Normalised metrics of every video in the platform exports."""
    wide = platform_values(backend.table("platform_metrics"), since=since, until=until)
    mapping = backend.table("videos_map")
    joined = wide.left_join(mapping, ["platform", "video_key"]).select(wide, video_id=mapping.video_id)
    rows = joined.order_by(["platform", "video_key"]).to_pyarrow().to_pylist()
    out = []
    for r in rows:
        views = r["views"]
        avd = _first(r["average_view_duration_s"], _div(_mul(r["watch_time_hours"], 3600.0), views))
        watch = _first(r["watch_time_hours"], _mul(views, avd, 1 / 3600.0))
        pct = _first(r["average_percent_viewed"], _div(avd, r["duration_s"]))
        engaged = [r[k] for k in ("likes", "comments", "shares", "saves") if r[k] is not None]
        engagement = _div(sum(engaged), views) if engaged else None
        out.append(
            VideoMetrics(
                platform=r["platform"],
                video_key=r["video_key"],
                video_id=r["video_id"],
                title=r["title"],
                views=views,
                reach=r["reach"],
                impressions=r["impressions"],
                watch_time_hours=watch,
                average_view_duration_s=avd,
                average_percent_viewed=pct,
                completion=r["completion_rate"],
                ctr=_first(
                    r["ctr"], r["impressions_ctr"], _div(_first(r["clicks"], r["link_clicks"]), r["impressions"])
                ),
                engagement_rate=_first(engagement, r["engagement_rate"]),
                clicks=_first(r["clicks"], r["link_clicks"]),
            )
        )
    return out


def _mul(*values: float | None) -> float | None:
    out = 1.0
    for v in values:
        if v is None:
            return None
        out *= v
    return out


# --- own player ----------------------------------------------------------------------------


def player_values(events: ir.Table, *, by_variant: bool = True) -> ir.Table:
    """Per video (and variant): impressions, plays, finishes, watched seconds, CTA counts, viewers."""
    import ibis

    ev = events.filter(events.video_id.notnull() & events.session_id.notnull())
    ev = ev.mutate(variant=ev.variant.coalesce(ibis.literal("")))
    group = ["video_id", "variant"] if by_variant else ["video_id"]
    counts = ev.group_by(group).aggregate(
        impressions=ev.session_id.nunique(where=ev.type == "impression"),
        cta_shown=ev.session_id.nunique(where=ev.type == "cta_shown"),
        cta_clicked=ev.session_id.nunique(where=ev.type == "cta_clicked"),
        viewers=ev.viewer_hash.nunique(where=ev.type == "play"),
    )
    p = plays_table(events)
    played = p.group_by(group).aggregate(
        plays=p.count(),
        finishes=p.finished.cast("int64").sum(),
        watched_s=p.watched_s.sum(),
        engagement=(p.watched_s / p.duration).mean(),
        duration=p.duration.max(),
    )
    return counts.left_join(played, group).select(
        counts, *[played[c] for c in ("plays", "finishes", "watched_s", "engagement", "duration")]
    )


def time_to_play(events: ir.Table, *, by_variant: bool = True) -> ir.Table:
    """Per session: seconds from the first impression to the first play."""
    import ibis

    ev = events.filter(events.type.isin(("impression", "play")) & events.session_id.notnull())
    ev = ev.mutate(variant=ev.variant.coalesce(ibis.literal("")))
    group = ["video_id", "variant"] if by_variant else ["video_id"]
    per_session = ev.group_by([*group, "session_id"]).aggregate(
        seen=ev.client_ts.min(where=ev.type == "impression"), played=ev.client_ts.min(where=ev.type == "play")
    )
    per_session = per_session.filter(per_session.seen.notnull() & per_session.played.notnull())
    return per_session.select(*group, seconds=per_session.played.delta(per_session.seen, unit="millisecond") / 1000.0)


def player_metrics(
    backend: Any, *, video_ids: Sequence[str] | None = None, by_variant: bool = True
) -> list[VideoMetrics]:
    """Normalised metrics of every video (and variant) seen by our own player."""
    events = backend.table("player_events")
    if video_ids is not None:
        events = events.filter(events.video_id.isin(list(video_ids)))
    rows = player_values(events, by_variant=by_variant).to_pyarrow().to_pylist()
    ttp: dict[tuple[str, str], list[float]] = {}
    for r in time_to_play(events, by_variant=by_variant).to_pyarrow().to_pylist():
        ttp.setdefault((r["video_id"], r.get("variant", "")), []).append(max(0.0, r["seconds"]))
    out = []
    for r in sorted(rows, key=lambda r: (r["video_id"], r.get("variant", ""))):
        variant = r.get("variant", "")
        plays = int(r["plays"] or 0)
        finishes = int(r["finishes"] or 0)
        impressions = int(r["impressions"] or 0)
        waits = ttp.get((r["video_id"], variant))
        watched = r["watched_s"]
        out.append(
            VideoMetrics(
                platform="player",
                video_key=r["video_id"],
                video_id=r["video_id"],
                variant=variant or None,
                views=float(plays),
                reach=float(r["viewers"] or 0),
                impressions=float(impressions),
                watch_time_hours=(watched or 0.0) / 3600.0,
                average_view_duration_s=_div(watched, plays),
                average_percent_viewed=r["engagement"],
                completion=_div(finishes, plays),
                ctr=_div(r["cta_clicked"], plays),
                plays=plays,
                finishes=finishes,
                play_rate=_div(plays, impressions),
                finish_rate=_div(finishes, plays),
                time_to_play_s=statistics.median(waits) if waits else None,
                cta_shown=int(r["cta_shown"] or 0),
                cta_clicked=int(r["cta_clicked"] or 0),
            )
        )
    return out
