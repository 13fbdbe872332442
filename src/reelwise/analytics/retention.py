"""Retention curves from the player's heartbeats, written once in Ibis.

Definitions (``docs/analytics.md`` has the long form):

* The tracker (``reelwise-player.js``) makes every ``progress``, ``pause`` and ``ended``
  event self-contained: ``from_s`` is where the stretch it closes began and
  ``position_s`` where it ended (heartbeats every second of video). A ``play`` event
  covers its own position; a ``seek`` covers the position it left (``from_s``). An event
  of these kinds without a usable ``from_s`` covers just its own position.
* A **play** is a session (the tracker draws a new session id per page load and video)
  with at least one covered position. Replays and seeking back inside a session do not
  count twice: the stretches of a play are merged before counting.
* A play that comes within 2 s of the end (``FINISH_TOLERANCE_S``) is a **finish**; its
  coverage is extended to the end so that R(duration) equals the finish rate.
* **R(t) = plays that covered t ÷ plays**, for t in whole seconds (0 … ⌊duration⌋) or in
  per cent of the duration (0 … 100).

The curve is a sweep (see :func:`retention_table`): events are first reduced to one row
per stretch, so the work after the first aggregation is proportional to the number of
stretches, not to the number of heartbeats times their length. Only Ibis operations that
ClickHouse, DuckDB and Postgres all support are used (``ceil``/``floor``, ``range`` +
``unnest`` for the grid, window ``sum``/``max``, ``union``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    import ibis.expr.types as ir

FINISH_TOLERANCE_S: Final = 2.0
PLAYBACK_TYPES: Final = ("play", "pause", "seek", "progress", "ended")
_EPS: Final = 1e-9

Unit = Literal["second", "percent"]


def durations(events: ir.Table) -> ir.Table:
    """Duration per video: the longest ``duration_s`` the player reported (else the furthest position)."""
    dur = events.filter(events.video_id.notnull())
    return dur.group_by("video_id").aggregate(
        duration=dur.duration_s.max(where=dur.duration_s > 0).coalesce(dur.position_s.max())
    )


def play_intervals(events: ir.Table, *, finish_tolerance_s: float = FINISH_TOLERANCE_S) -> ir.Table:
    """Watched stretches, one row per stretch: video_id, variant, session_id, lo, hi, duration."""
    import ibis

    ev = events.filter(
        events.type.isin(PLAYBACK_TYPES)
        & events.video_id.notnull()
        & events.session_id.notnull()
        & events.position_s.notnull()
    )
    stretch = ev.type.isin(("progress", "pause", "ended")) & ev.from_s.notnull() & (ev.from_s <= ev.position_s)
    left_at = (ev.type == "seek") & ev.from_s.notnull()
    lo = ibis.cases((stretch, ev.from_s), (left_at, ev.from_s), else_=ev.position_s)
    hi = ibis.cases((left_at, ev.from_s), else_=ev.position_s)
    iv = ev.select("video_id", variant=ev.variant.coalesce(ibis.literal("")), session_id=ev.session_id, lo=lo, hi=hi)
    dur = durations(events)
    iv = iv.join(dur, "video_id")
    lo = ibis.least(ibis.greatest(iv.lo, 0.0), iv.duration)
    hi = ibis.least(iv.hi, iv.duration)
    hi = ibis.cases((hi >= iv.duration - finish_tolerance_s, iv.duration), else_=hi)
    return iv.select("video_id", "variant", "session_id", lo=lo, hi=hi, duration=iv.duration)


def play_islands(intervals: ir.Table) -> ir.Table:
    """Merge overlapping stretches of each play into disjoint islands [lo, hi]."""
    import ibis

    keys = [intervals.video_id, intervals.session_id]
    order = [intervals.lo, intervals.hi]
    before = ibis.window(group_by=keys, order_by=order, rows=(None, -1))
    cum = ibis.cumulative_window(group_by=keys, order_by=order)
    prev_max = intervals.hi.max().over(before)
    new_island = (prev_max.isnull() | (intervals.lo > prev_max)).cast("int64")
    marked = intervals.mutate(new_island=new_island)
    marked = marked.mutate(island=marked.new_island.sum().over(cum))
    return marked.group_by(["video_id", "variant", "session_id", "island"]).aggregate(
        lo=marked.lo.min(), hi=marked.hi.max(), duration=marked.duration.max()
    )


def plays(events: ir.Table, *, finish_tolerance_s: float = FINISH_TOLERANCE_S) -> ir.Table:
    """One row per play: video_id, variant, session_id, duration, watched_s, furthest_s, finished."""
    islands = play_islands(play_intervals(events, finish_tolerance_s=finish_tolerance_s))
    per_play = islands.group_by(["video_id", "variant", "session_id"]).aggregate(
        duration=islands.duration.max(),
        watched_s=(islands.hi - islands.lo).sum(),
        furthest_s=islands.hi.max(),
    )
    return per_play.mutate(finished=per_play.furthest_s >= per_play.duration - _EPS)


def _stretches(events: ir.Table, *, finish_tolerance_s: float) -> ir.Table:
    """One row per stretch (video_id, variant, session_id, lo, hi, duration), clamped to the video.

    Heartbeats of one stretch share its start, so grouping on the start before anything
    else shrinks the events to a few rows per play; clamping afterwards gives the same
    result as clamping each event (the clamps are monotone), on far fewer rows. The
    video's duration comes from the same pass (the longest ``duration_s`` its playback
    events reported, else the furthest position), so the events are read once.
    """
    import ibis

    ev = events.filter(
        events.type.isin(PLAYBACK_TYPES)
        & events.video_id.notnull()
        & events.session_id.notnull()
        & events.position_s.notnull()
    )
    stretch = ev.type.isin(("progress", "pause", "ended")) & ev.from_s.notnull() & (ev.from_s <= ev.position_s)
    left_at = (ev.type == "seek") & ev.from_s.notnull()
    lo = ibis.cases((stretch, ev.from_s), (left_at, ev.from_s), else_=ev.position_s)
    hi = ibis.cases((left_at, ev.from_s), else_=ev.position_s)
    reported = ibis.cases((ev.duration_s > 0, ev.duration_s), else_=ibis.null("float64"))
    raw = ev.select(
        "video_id",
        variant=ev.variant.coalesce(ibis.literal("")),
        session_id=ev.session_id,
        lo=lo,
        hi=hi,
        reported=reported,
        position=ev.position_s,
    )
    # one pass over the events: the stretches, and what the duration needs (see durations())
    raw = raw.group_by(["video_id", "variant", "session_id", "lo"]).aggregate(
        hi=raw.hi.max(), reported=raw.reported.max(), position=raw.position.max()
    )
    dur = raw.group_by("video_id").aggregate(duration=raw.reported.max().coalesce(raw.position.max()))
    iv = raw.join(dur, "video_id")
    lo = ibis.least(ibis.greatest(iv.lo, 0.0), iv.duration)
    hi = ibis.least(iv.hi, iv.duration)
    hi = ibis.cases((hi >= iv.duration - finish_tolerance_s, iv.duration), else_=hi)
    return iv.select("video_id", "variant", "session_id", lo=lo, hi=hi, duration=iv.duration)


def retention_table(
    events: ir.Table,
    *,
    unit: Unit = "second",
    by_variant: bool = False,
    finish_tolerance_s: float = FINISH_TOLERANCE_S,
) -> ir.Table:
    """R(t) for every video (and variant): video_id, [variant,] k, t_s, covered, plays, retention.

    ``k`` is the whole second (``unit="second"``) or the per cent of the duration
    (``unit="percent"``); ``t_s`` is the position in seconds.

    A sweep, linear in the number of events: (1) heartbeats of one stretch share their
    start, so each stretch is reduced to its furthest end; (2) a stretch becomes the range
    of grid points it covers, and each range keeps only the part no earlier range of its
    play covered (a point covered twice in one play — seeking back, replays — counts
    once); (3) every such part adds +1 at its first point and −1 after its last; (4) a
    running sum over the grid gives the plays that covered each point.
    """
    import ibis

    group = ["video_id", "variant"] if by_variant else ["video_id"]
    play_key = ["video_id", "variant", "session_id"]
    stretches = _stretches(events, finish_tolerance_s=finish_tolerance_s)
    step = stretches.duration / 100.0 if unit == "percent" else ibis.literal(1.0)
    ranges = stretches.select(
        *play_key,
        k_lo=(stretches.lo / step - _EPS).ceil().cast("int64"),
        k_hi=(stretches.hi / step + _EPS).floor().cast("int64"),
    )
    ranges = ranges.filter(ranges.k_lo <= ranges.k_hi)
    # Within a play, sorted by start, the part of a range not covered by the earlier ones is
    # [max(k_lo, prev_hi + 1), k_hi], where prev_hi is the furthest end so far (the range that
    # reached prev_hi started no later, so it covers everything up to prev_hi). These parts
    # are disjoint and their union is the play's coverage: no island merging needed.
    before = ibis.window(group_by=play_key, order_by=[ranges.k_lo, ranges.k_hi], rows=(None, -1))
    prev_hi = ranges.k_hi.max().over(before)
    fresh = ranges.mutate(k_from=ibis.greatest(ranges.k_lo, (prev_hi + 1).coalesce(ranges.k_lo)))
    fresh = fresh.filter(fresh.k_from <= fresh.k_hi)
    starts = fresh.select(*group, k=fresh.k_from, delta=ibis.literal(1, "int64"))
    ends = fresh.select(*group, k=fresh.k_hi + 1, delta=ibis.literal(-1, "int64"))
    deltas = starts.union(ends, distinct=False)
    deltas = deltas.group_by([*group, "k"]).aggregate(delta=deltas.delta.sum())
    per_video = stretches.group_by(group).aggregate(
        duration=stretches.duration.max(), plays=stretches.session_id.nunique()
    )
    top = (per_video.duration + _EPS).floor().cast("int64") if unit == "second" else ibis.literal(100, "int64")
    grid = per_video.mutate(k=ibis.range(0, top + 1)).unnest("k")
    joined = grid.left_join(deltas, [*group, "k"]).select(
        *[grid[c] for c in group], grid.k, grid.duration, grid.plays, delta=deltas.delta.coalesce(0)
    )
    running = ibis.cumulative_window(group_by=group, order_by=joined.k)
    curve = joined.mutate(covered=joined.delta.sum().over(running))
    t_s = curve.k.cast("float64") * (curve.duration / 100.0) if unit == "percent" else curve.k.cast("float64")
    return curve.select(
        *group,
        "k",
        t_s=t_s,
        covered=curve.covered,
        plays=curve.plays,
        retention=curve.covered.cast("float64") / curve.plays,
    ).order_by([*group, "k"])


# --- in memory: one video's curve and its drop-off points -------------------------------------


@dataclass(frozen=True)
class DropOff:
    t_s: float  # where the drop starts
    drop: float  # retention lost over the step (0.12 = 12 points)
    retention_before: float
    retention_after: float


@dataclass(frozen=True)
class RetentionCurve:
    video_id: str
    unit: Unit
    t_s: NDArray[np.float64]
    retention: NDArray[np.float64]
    plays: int
    variant: str | None = None

    @property
    def duration_s(self) -> float:
        return float(self.t_s[-1]) if len(self.t_s) else 0.0

    def at(self, t_s: float) -> float:
        """R at ``t_s`` (step function: the last grid point at or before ``t_s``)."""
        if not len(self.t_s):
            return float("nan")
        i = int(np.searchsorted(self.t_s, t_s + _EPS, side="right")) - 1
        return float(self.retention[max(0, min(i, len(self.retention) - 1))])

    def time_below(self, share: float) -> float | None:
        """First position where retention falls below ``share`` (``0.5``: most viewers are gone)."""
        below = np.nonzero(self.retention < share)[0]
        return float(self.t_s[below[0]]) if len(below) else None

    def drop_offs(self, *, top: int = 3, min_drop: float = 0.02) -> list[DropOff]:
        """The steepest falls, largest first (see :func:`drop_offs`)."""
        return drop_offs(self.t_s, self.retention, top=top, min_drop=min_drop)

    def knee_s(self) -> float | None:
        return knee(self.t_s, self.retention)

    def to_dict(self) -> dict[str, Any]:
        return {
            "video_id": self.video_id,
            "variant": self.variant,
            "unit": self.unit,
            "plays": self.plays,
            "t_s": [round(float(t), 3) for t in self.t_s],
            "retention": [round(float(r), 4) for r in self.retention],
            "drop_offs": [d.__dict__ for d in self.drop_offs()],
            "knee_s": self.knee_s(),
        }


def drop_offs(
    t_s: NDArray[np.float64], retention: NDArray[np.float64], *, top: int = 3, min_drop: float = 0.02
) -> list[DropOff]:
    """Drop-off points: the largest negative steps ΔR(t) = R(t+1) − R(t).

    A step is flagged when it loses at least ``min_drop`` of the plays *and* is a local
    extreme (steeper than the step before it, not less steep than the step after it), so
    one long even slope is reported once, at its start. The last step (the end of the
    video) is not a drop-off.
    """
    if len(retention) < 3:
        return []
    steps = np.diff(retention)[:-1]
    out: list[DropOff] = []
    for i in np.argsort(steps, kind="stable"):
        d = -float(steps[i])
        if d < min_drop or len(out) >= top:
            break
        left = steps[i - 1] if i > 0 else 0.0
        right = steps[i + 1] if i + 1 < len(steps) else 0.0
        if steps[i] >= left - _EPS or steps[i] > right + _EPS:  # the first of equal steps stands for the run
            continue
        out.append(DropOff(float(t_s[i]), d, float(retention[i]), float(retention[i + 1])))
    return out


def knee(t_s: NDArray[np.float64], retention: NDArray[np.float64]) -> float | None:
    """Kneedle: the point of the curve furthest below the chord from its start to its end.

    For a decreasing retention curve this is where the early steep fall turns into the
    slow tail: after it, the remaining viewers mostly stay.
    """
    if len(t_s) < 3 or t_s[-1] <= t_s[0]:
        return None
    x = (t_s - t_s[0]) / (t_s[-1] - t_s[0])
    span = retention[0] - retention[-1]
    if span <= 0:
        return None
    y = (retention - retention[-1]) / span  # 1 at the start, 0 at the end
    chord = 1 - x
    gap = chord - y
    i = int(np.argmax(gap))
    return float(t_s[i]) if gap[i] > 0 else None


def curves(
    backend: Any,
    *,
    video_ids: Sequence[str] | None = None,
    unit: Unit = "second",
    by_variant: bool = False,
) -> list[RetentionCurve]:
    """Retention curves of the store's videos, fetched into memory."""
    events = backend.table("player_events")
    if video_ids is not None:
        events = events.filter(events.video_id.isin(list(video_ids)))
    table = retention_table(events, unit=unit, by_variant=by_variant).to_pyarrow().to_pydict()
    out: list[RetentionCurve] = []
    key_rows: dict[tuple[str, str | None], list[int]] = {}
    for i, video in enumerate(table["video_id"]):
        variant = table["variant"][i] if by_variant else None
        key_rows.setdefault((video, variant), []).append(i)
    for (video, variant), rows in key_rows.items():
        out.append(
            RetentionCurve(
                video_id=video,
                unit=unit,
                t_s=np.array([table["t_s"][i] for i in rows], dtype=float),
                retention=np.array([table["retention"][i] for i in rows], dtype=float),
                plays=int(table["plays"][rows[0]]),
                variant=(variant or None) if by_variant else None,
            )
        )
    return out
