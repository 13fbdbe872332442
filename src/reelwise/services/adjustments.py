"""The adjustment log: what was changed, why, and when (its effect is measured by the report)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from reelwise.analytics.store import EventStore
from reelwise.domain.catalogues import Metric
from reelwise.errors import InputError
from reelwise.i18n import Msg


def add_adjustment(
    store: EventStore,
    *,
    hypothesis: str,
    change: str,
    when: dt.datetime,
    campaign: str | None = None,
    metric: str | None = None,
    video_id: str | None = None,
) -> str:
    """Log one adjustment; returns its id. The same adjustment logged twice is stored once."""
    import pyarrow as pa

    if not hypothesis.strip() or not change.strip():
        raise InputError(Msg("an adjustment needs a hypothesis and a change"))
    if metric is not None:
        try:
            Metric(metric)
        except ValueError:
            raise InputError(
                Msg(
                    "{metric} is not a metric (known: {known})", metric=metric, known=", ".join(m.value for m in Metric)
                )
            ) from None
    key = "\x1f".join(
        [when.isoformat(), campaign or "", hypothesis.strip(), change.strip(), metric or "", video_id or ""]
    )
    adjustment_id = "adj-" + hashlib.sha1(key.encode()).hexdigest()[:16]
    row = {
        "adjustment_id": adjustment_id,
        "ts": when,
        "campaign": campaign,
        "hypothesis": hypothesis.strip(),
        "change": change.strip(),
        "metric": metric,
        "video_id": video_id,
    }
    schema = pa.schema(
        [
            ("adjustment_id", pa.string()),
            ("ts", pa.timestamp("us")),
            ("campaign", pa.string()),
            ("hypothesis", pa.string()),
            ("change", pa.string()),
            ("metric", pa.string()),
            ("video_id", pa.string()),
        ]
    )
    store.load_arrow("adjustments", pa.Table.from_pylist([row], schema=schema), ["adjustment_id"])
    return adjustment_id


def list_adjustments(store: EventStore, campaign: str | None = None) -> list[dict[str, Any]]:
    t = store.ibis().table("adjustments")
    if campaign is not None:
        t = t.filter(t.campaign.isnull() | (t.campaign == campaign))
    return list(t.order_by("ts").to_pyarrow().to_pylist())
