"""What the audit reads from a workspace's data: the ``metrics`` the rules look for.

- ``goals``: each goal's value measured so far (the report's own measurement);
- ``best_hours``: the account's best posting times per network (audience activity by hour);
- ``comment_response_hours``: the median time to the brand's first reply per network;
- ``placements``: the earned placements recorded (outlet, day, reach, link, video).

A metric the data cannot give is left out, so its rule says "not measured yet".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reelwise.analytics.store import EventStore, read_existing

if TYPE_CHECKING:
    from reelwise.domain.plan import Plan


def audit_metrics(plan: Plan, data_dir: Path, workspace: str, today: dt.date) -> dict[str, Any] | None:
    """The metrics of ``workspace`` for the audit; None when the workspace has no data at all."""
    found: dict[str, Any] | None = read_existing(
        data_dir, workspace, lambda store: metrics_from_store(store, plan, today), None
    )
    return found


def metrics_from_store(store: EventStore, plan: Plan, today: dt.date) -> dict[str, Any]:
    from reelwise.analytics.best_times import best_hours_from_store
    from reelwise.analytics.measure import Measurer
    from reelwise.services.comments import comment_report
    from reelwise.services.placements import stored_placements
    from reelwise.services.report import campaign_names

    backend = store.ibis()
    out: dict[str, Any] = {}
    measurer = Measurer(backend, plan, today=today, campaigns=campaign_names(plan, None))
    goals: dict[str, float] = {}
    for goal in plan.goals:
        current = measurer.measure(goal.metric).current
        if current is not None:
            goals[goal.id] = current
    if goals:
        out["goals"] = goals
    best = best_hours_from_store(backend)
    if best:
        out["best_hours"] = best
    replies = {
        p.platform: p.median_reply_hours
        for p in comment_report(store, plan).platforms
        if p.median_reply_hours is not None
    }
    if replies:
        out["comment_response_hours"] = replies
    placements = stored_placements(store)
    if placements:
        out["placements"] = placements
    return out
