"""Vega-Lite specs of the analytics dashboard, as plain dicts (served as JSON, tested as JSON).

Every chart has a row builder (the numbers, the same ones the page shows in the table
behind the chart) and a spec builder that embeds those rows as inline data. Rates are
fractions (0.42 = 42 %), formatted as percentages by the spec. Text in a spec (axis
titles, labels) is translated by the caller's ``t`` function.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final

from reelwise.services.monday import METRIC_LABELS, QUESTION_LABELS, SEVERITY_LABELS, STATUS_LABELS, GoalLine
from reelwise.services.report import Report

Translate = Callable[..., str]
SCHEMA: Final = "https://vega.github.io/schema/vega-lite/v5.json"
__all__ = ["METRIC_LABELS", "QUESTION_LABELS", "SEVERITY_LABELS", "STATUS_LABELS"]
CHARTS: Final = ("goals", "funnel", "retention", "platforms", "attribution", "lift")
PALETTE: Final = ["#0b6e4f", "#2b6cb0", "#b7791f", "#c53030", "#6b46c1", "#2c7a7b", "#718096"]
STATUS_COLOURS: Final = {
    "achieved": "#2f855a",
    "on_track": "#0b6e4f",
    "at_risk": "#b7791f",
    "off_track": "#c53030",
    "missed": "#742a2a",
    "no_data": "#a0aec0",
    "no_target": "#a0aec0",
}
RATE_KPIS: Final = frozenset(
    {"view_through_rate", "average_percent_viewed", "ctr", "engagement_rate", "brand_recall_lift"}
    | {"brand_awareness_lift", "consideration_lift"}
)
PLATFORM_RATES: Final = ("average_percent_viewed", "completion", "ctr", "engagement_rate")


def metric_label(metric: str, t: Translate) -> str:
    label = METRIC_LABELS.get(metric)
    return t(label) if label else metric


def _base(t: Translate, title: str, description: str) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "title": {"text": title, "anchor": "start", "fontSize": 14},
        "description": description,
        "width": "container",
        "config": {
            "font": "system-ui, sans-serif",
            "view": {"stroke": None},
            "axis": {"labelFontSize": 11, "titleFontSize": 12, "grid": True, "gridColor": "#eef0f2"},
            "legend": {"orient": "bottom", "labelFontSize": 11, "titleFontSize": 11, "labelLimit": 320},
        },
    }


# --- goal progress -------------------------------------------------------------------------


def goal_rows(goals: Sequence[GoalLine], t: Translate) -> list[dict[str, Any]]:
    """Progress towards each target (1 = reached), with the projection and its 90 % interval."""
    rows = []
    for g in goals:
        target = g.target or None
        rows.append(
            {
                "goal": g.goal_id,
                "metric": metric_label(g.metric, t),
                "status": t(STATUS_LABELS.get(g.status, g.status)),
                "status_key": g.status,
                "current": g.current,
                "target": g.target,
                "progress": g.current / target if target and g.current is not None else None,
                "expected": g.expected / target if target and g.expected is not None else None,
                "low": g.low / target if target and g.low is not None else None,
                "high": g.high / target if target and g.high is not None else None,
                "prob_reach": g.prob_reach,
                "deadline": g.deadline.isoformat() if g.deadline else None,
            }
        )
    return rows


def goals_spec(rows: Sequence[dict[str, Any]], t: Translate) -> dict[str, Any]:
    spec = _base(
        t,
        t("Goal progress and projection to the deadline"),
        t("Bars: share of the target reached today. Line: the 90% interval of the projection; dot: expected."),
    )
    y = {"field": "goal", "type": "nominal", "title": None, "sort": None}
    scale = {"domainMin": 0}
    spec["data"] = {"values": list(rows)}
    spec["height"] = {"step": 34}
    spec["layer"] = [
        {
            "mark": {"type": "bar", "height": 16, "cornerRadiusEnd": 3},
            "encoding": {
                "y": y,
                "x": {
                    "field": "progress",
                    "type": "quantitative",
                    "title": t("share of target"),
                    "axis": {"format": "%"},
                    "scale": scale,
                },
                "color": {
                    "field": "status",
                    "type": "nominal",
                    "title": t("status"),
                    "scale": {
                        "domain": [t(STATUS_LABELS[k]) for k in STATUS_COLOURS],
                        "range": list(STATUS_COLOURS.values()),
                    },
                },
                "tooltip": [
                    {"field": "goal", "title": t("goal")},
                    {"field": "metric", "title": t("metric")},
                    {"field": "current", "title": t("now"), "format": ",.3~f"},
                    {"field": "target", "title": t("target"), "format": ",.3~f"},
                    {"field": "status", "title": t("status")},
                    {"field": "prob_reach", "title": t("chance to reach"), "format": ".0%"},
                ],
            },
        },
        {
            "mark": {"type": "rule", "strokeWidth": 2, "color": "#1d232a"},
            "encoding": {"y": y, "x": {"field": "low", "type": "quantitative"}, "x2": {"field": "high"}},
        },
        {
            "mark": {"type": "point", "filled": True, "color": "#1d232a", "size": 50},
            "encoding": {"y": y, "x": {"field": "expected", "type": "quantitative"}},
        },
        {
            "data": {"values": [{"target": 1}]},
            "mark": {"type": "rule", "strokeDash": [4, 3], "color": "#5b6670"},
            "encoding": {"x": {"field": "target", "type": "quantitative"}},
        },
    ]
    return spec


# --- funnel -------------------------------------------------------------------------------------


def funnel_rows(report: Report, t: Translate) -> list[dict[str, Any]]:
    rows = []
    for stage in report.funnel:
        for metric, value in stage.kpis.items():
            rows.append(
                {
                    "stage": stage.stage,
                    "metric": metric_label(metric, t),
                    "value": value,
                    "is_rate": metric in RATE_KPIS,
                    "status": t(STATUS_LABELS[stage.status.value]) if stage.status else None,
                    "step_rate": stage.step_rate,
                }
            )
    return rows


def funnel_spec(rows: Sequence[dict[str, Any]], t: Translate) -> dict[str, Any]:
    counts = [
        {**r, "label": f"{r['stage']} · {r['metric']}"}
        for r in rows
        if not r["is_rate"] and r["value"] and r["value"] > 0
    ]
    spec = _base(t, t("Funnel by stage"), t("Counts per stage of the buyer journey (logarithmic scale)."))
    spec["data"] = {"values": counts}
    spec["height"] = {"step": 26}
    y = {"field": "label", "type": "nominal", "title": None, "sort": None, "axis": {"labelLimit": 260}}
    x = {"field": "value", "type": "quantitative", "scale": {"type": "log"}, "title": t("count")}
    colour = {"field": "stage", "type": "nominal", "title": t("stage"), "scale": {"range": PALETTE}, "sort": None}
    tooltip = [
        {"field": "stage", "title": t("stage")},
        {"field": "metric", "title": t("metric")},
        {"field": "value", "title": t("value"), "format": ",.0f"},
    ]
    # dots, not bars: a bar on a logarithmic axis has no zero to start from
    spec["layer"] = [
        {
            "mark": {"type": "circle", "size": 140, "opacity": 1},
            "encoding": {"y": y, "x": x, "color": colour, "tooltip": tooltip},
        },
        {
            "mark": {"type": "text", "align": "left", "dx": 10, "fontSize": 11, "color": "#1d232a"},
            "encoding": {"y": y, "x": x, "text": {"field": "value", "type": "quantitative", "format": ",.0f"}},
        },
    ]
    return spec


# --- retention -------------------------------------------------------------------------------------


def retention_rows(report: Report, titles: dict[str, str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Points of each video's curve, and its drop-off markers."""
    points: list[dict[str, Any]] = []
    drops: list[dict[str, Any]] = []
    for curve in report.curves:
        name = titles.get(curve.video_id, curve.video_id)
        for t_s, r in zip(curve.t_s, curve.retention, strict=True):
            points.append({"video": name, "video_id": curve.video_id, "t_s": float(t_s), "retention": float(r)})
        for d in curve.drop_offs():
            drops.append(
                {
                    "video": name,
                    "video_id": curve.video_id,
                    "t_s": d.t_s,
                    "retention": d.retention_before,
                    "lost": d.drop,
                    "plays": curve.plays,
                }
            )
    return points, drops


def retention_spec(points: Sequence[dict[str, Any]], drops: Sequence[dict[str, Any]], t: Translate) -> dict[str, Any]:
    spec = _base(
        t,
        t("Retention per video"),
        t("Share of plays still watching at each second; dots mark the steepest drop-offs."),
    )
    spec["height"] = 260
    colour = {"field": "video", "type": "nominal", "title": t("video"), "scale": {"range": PALETTE}}
    spec["layer"] = [
        {
            "data": {"values": list(points)},
            "mark": {"type": "line", "interpolate": "step-after", "strokeWidth": 2},
            "encoding": {
                "x": {"field": "t_s", "type": "quantitative", "title": t("seconds into the video")},
                "y": {
                    "field": "retention",
                    "type": "quantitative",
                    "title": t("still watching"),
                    "axis": {"format": "%"},
                    "scale": {"domain": [0, 1]},
                },
                "color": colour,
            },
        },
        {
            "data": {"values": list(drops)},
            "mark": {"type": "point", "filled": True, "size": 90, "shape": "triangle-down"},
            "encoding": {
                "x": {"field": "t_s", "type": "quantitative"},
                "y": {"field": "retention", "type": "quantitative"},
                "color": colour,
                "tooltip": [
                    {"field": "video", "title": t("video")},
                    {"field": "t_s", "title": t("at second")},
                    {"field": "lost", "title": t("viewers lost"), "format": ".0%"},
                ],
            },
        },
    ]
    return spec


# --- platforms -----------------------------------------------------------------------------------------


def platform_rows(report: Report, t: Translate) -> list[dict[str, Any]]:
    """Per platform: views and watch time summed; rates weighted by views (normalised, fractions)."""
    acc: dict[str, dict[str, float]] = {}
    for v in report.videos:
        a = acc.setdefault(v.platform, {"videos": 0.0, "views": 0.0, "watch_time_hours": 0.0})
        a["videos"] += 1
        views = float(v.views or 0.0)
        a["views"] += views
        a["watch_time_hours"] += float(v.watch_time_hours or 0.0)
        for name in PLATFORM_RATES:
            value = getattr(v, name)
            if value is not None and views:
                a[name + "_sum"] = a.get(name + "_sum", 0.0) + float(value) * views
                a[name + "_w"] = a.get(name + "_w", 0.0) + views
    rows = []
    for platform, a in sorted(acc.items(), key=lambda kv: -kv[1]["views"]):
        row: dict[str, Any] = {
            "platform": t("own player") if platform == "player" else platform,
            "videos": int(a["videos"]),
            "views": a["views"],
            "watch_time_hours": a["watch_time_hours"],
        }
        for name in PLATFORM_RATES:
            row[name] = a[name + "_sum"] / a[name + "_w"] if a.get(name + "_w") else None
        rows.append(row)
    return rows


def platforms_spec(rows: Sequence[dict[str, Any]], t: Translate) -> dict[str, Any]:
    long = [
        {"platform": r["platform"], "metric": metric_label(name, t), "value": r[name]}
        for r in rows
        for name in PLATFORM_RATES
        if r[name] is not None
    ]
    spec = _base(t, t("Platforms compared"), t("The same metrics on every platform, as shares of views."))
    spec["data"] = {"values": long}
    spec["height"] = 240
    spec["mark"] = {"type": "bar", "cornerRadiusEnd": 2}
    spec["encoding"] = {
        "x": {"field": "metric", "type": "nominal", "title": None, "axis": {"labelAngle": 0}},
        "xOffset": {"field": "platform", "type": "nominal"},
        "y": {"field": "value", "type": "quantitative", "title": t("share"), "axis": {"format": "%"}},
        "color": {"field": "platform", "type": "nominal", "title": t("platform"), "scale": {"range": PALETTE}},
        "tooltip": [
            {"field": "platform", "title": t("platform")},
            {"field": "metric", "title": t("metric")},
            {"field": "value", "title": t("value"), "format": ".1%"},
        ],
    }
    return spec


# --- attribution ----------------------------------------------------------------------------------------


def attribution_rows(report: Report) -> list[dict[str, Any]]:
    shares = report.attribution.get("shares", []) if report.attribution else []
    return [
        {
            "channel": s["channel"],
            "answers": s["answers"],
            "share": s["share"],
            "low": s["interval_90"][0],
            "high": s["interval_90"][1],
        }
        for s in shares
    ]


def attribution_spec(rows: Sequence[dict[str, Any]], t: Translate) -> dict[str, Any]:
    spec = _base(
        t,
        t("How new customers heard about us"),
        t("Share of the mapped answers per channel, with the 90% interval."),
    )
    y = {"field": "channel", "type": "nominal", "title": None, "sort": "-x"}
    spec["data"] = {"values": list(rows)}
    spec["height"] = {"step": 26}
    spec["layer"] = [
        {
            "mark": {"type": "bar", "color": PALETTE[1], "cornerRadiusEnd": 3, "height": 16},
            "encoding": {
                "y": y,
                "x": {
                    "field": "share",
                    "type": "quantitative",
                    "title": t("share of answers"),
                    "axis": {"format": "%"},
                },
                "tooltip": [
                    {"field": "channel", "title": t("channel")},
                    {"field": "answers", "title": t("answers")},
                    {"field": "share", "title": t("share"), "format": ".0%"},
                    {"field": "low", "title": t("from"), "format": ".0%"},
                    {"field": "high", "title": t("to"), "format": ".0%"},
                ],
            },
        },
        {
            "mark": {"type": "rule", "color": "#1d232a", "strokeWidth": 2},
            "encoding": {
                "y": {**y, "sort": None},
                "x": {"field": "low", "type": "quantitative"},
                "x2": {"field": "high"},
            },
        },
    ]
    return spec


# --- brand lift ------------------------------------------------------------------------------------------


def lift_rows(report: Report, t: Translate) -> list[dict[str, Any]]:
    rows = []
    for r in report.recall:
        low, high = r.absolute.interval(0.9)
        rows.append(
            {
                "question": t(QUESTION_LABELS.get(r.question or "", r.question or "")),
                "exposed": r.exposed_rate,
                "control": r.control_rate,
                "exposed_n": r.exposed_n,
                "control_n": r.control_n,
                "lift": r.absolute.mean,
                "low": low,
                "high": high,
                "prob_positive": r.absolute.prob_positive,
            }
        )
    return rows


def lift_spec(rows: Sequence[dict[str, Any]], t: Translate) -> dict[str, Any]:
    spec = _base(
        t,
        t("Brand lift: exposed minus control"),
        t("Percentage points more of the exposed group, with the 90% interval. Left of zero: no lift."),
    )
    y = {"field": "question", "type": "nominal", "title": None, "sort": None}
    spec["data"] = {"values": list(rows)}
    spec["height"] = {"step": 30}
    spec["layer"] = [
        {
            "mark": {"type": "rule", "strokeWidth": 3, "color": PALETTE[0]},
            "encoding": {
                "y": y,
                "x": {"field": "low", "type": "quantitative", "title": t("lift"), "axis": {"format": "+.0%"}},
                "x2": {"field": "high"},
            },
        },
        {
            "mark": {"type": "point", "filled": True, "size": 80, "color": PALETTE[0]},
            "encoding": {
                "y": y,
                "x": {"field": "lift", "type": "quantitative"},
                "tooltip": [
                    {"field": "question", "title": t("question")},
                    {"field": "lift", "title": t("lift"), "format": "+.1%"},
                    {"field": "prob_positive", "title": t("chance of a real lift"), "format": ".0%"},
                ],
            },
        },
        {
            "data": {"values": [{"zero": 0}]},
            "mark": {"type": "rule", "strokeDash": [4, 3], "color": "#5b6670"},
            "encoding": {"x": {"field": "zero", "type": "quantitative"}},
        },
    ]
    return spec
