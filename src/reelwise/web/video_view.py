"""What the video page shows, built from a stored check report (plain data, no I/O).

The timeline is drawn as SVG with positions in percent of the video's length (the strict
Content-Security-Policy allows no inline styles; SVG attributes are fine): a strip of scene
thumbnails, then one lane each for on-screen text, speech, logo and call to action.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from reelwise.i18n import N_, Msg, Num

PLATFORM_NAMES: Final = {
    "youtube": "YouTube",
    "youtube_shorts": "YouTube Shorts",
    "instagram_feed": "Instagram Feed",
    "instagram_reels": "Instagram Reels",
    "instagram_stories": "Instagram Stories",
    "tiktok": "TikTok",
    "facebook": "Facebook",
    "linkedin": "LinkedIn",
    "x": "X",
}
WEBSITE: Final = N_("Website")
SEVERITY_ORDER: Final = {"problem": 0, "warning": 1, "info": 2}

LANE_LABELS: Final = {
    "text": N_("On-screen text"),
    "speech": N_("Speech"),
    "voice": N_("Voice (no transcript)"),
    "logo": N_("Logo"),
    "cta": N_("Call to action"),
}


def platform_name(value: str) -> Msg | str:
    return Msg(WEBSITE) if value == "website" else PLATFORM_NAMES.get(value, value)


def seconds(value: float | None) -> Msg:
    if value is None:
        return Msg("–")
    return Msg("{seconds} s", seconds=Num(float(value), decimals=1))


def _num(value: Any, decimals: int = 1) -> Num | str:
    try:
        return Num(float(value), decimals=decimals)
    except (TypeError, ValueError):
        return "–"


def problem_text(problem: Mapping[str, Any]) -> Msg:
    """One platform-fit problem or warning in words."""
    code = str(problem.get("code", ""))
    p = problem
    if code == "aspect_ratio":
        return Msg(
            "The shape {actual} does not fit; accepted: {accepted}", actual=p.get("actual"), accepted=p.get("accepted")
        )
    if code == "duration":
        return Msg(
            "{actual} s long; the platform takes {low}–{high} s",
            actual=_num(p.get("actual_s")),
            low=_num(p.get("min_s") or 0),
            high=_num(p.get("max_s")) if p.get("max_s") is not None else "∞",
        )
    if code == "resolution":
        return Msg(
            "Resolution {actual} is below the minimum of {minimum}", actual=p.get("actual"), minimum=p.get("minimum")
        )
    if code == "file_size":
        return Msg(
            "The file is {actual} MB; the limit is {limit} MB",
            actual=_num(p.get("actual_mb")),
            limit=_num(p.get("max_mb")),
        )
    if code == "below_recommended_resolution":
        return Msg(
            "Resolution {actual} is below the recommended {recommended}",
            actual=p.get("actual"),
            recommended=p.get("recommended"),
        )
    if code == "too_loud":
        return Msg(
            "Louder ({lufs} LUFS) than the platform's target of {target} LUFS: it will be turned down",
            lufs=_num(p.get("integrated_lufs")),
            target=_num(p.get("target_lufs")),
        )
    if code == "too_quiet":
        return Msg(
            "Quieter ({lufs} LUFS) than the platform's target of {target} LUFS",
            lufs=_num(p.get("integrated_lufs")),
            target=_num(p.get("target_lufs")),
        )
    if code == "true_peak":
        return Msg(
            "Peaks reach {peak} dBTP, above {limit} dBTP",
            peak=_num(p.get("true_peak_dbtp"), 2),
            limit=_num(p.get("max_dbtp"), 2),
        )
    if code == "text_in_unsafe_zone":
        return Msg(
            "On-screen text where the app's buttons and captions cover it (first at {time}): “{text}”",
            time=seconds(p.get("first_s")),
            text=str(p.get("text", "")),
        )
    return Msg("{code}", code=code)


@dataclass(frozen=True)
class Mark:
    left: float  # percent of the duration
    width: float
    start_s: float
    end_s: float
    title: str
    row: int = 0  # overlapping moments go on rows below each other


ROW_HEIGHT: Final = 12


@dataclass(frozen=True)
class Lane:
    kind: str
    label: str  # message id
    marks: list[Mark]
    measured: bool = True

    @property
    def rows(self) -> int:
        return 1 + max((m.row for m in self.marks), default=0)

    @property
    def height(self) -> int:
        return self.rows * ROW_HEIGHT + 6

    def y(self, mark: Mark) -> int:
        return 3 + mark.row * ROW_HEIGHT


@dataclass(frozen=True)
class Shot:
    index: int
    left: float
    width: float
    start_s: float
    end_s: float
    thumb: str | None  # URL


@dataclass(frozen=True)
class Moment:
    start_s: float
    kind: str
    text: Msg


@dataclass
class Timeline:
    duration_s: float
    shots: list[Shot] = field(default_factory=list)
    lanes: list[Lane] = field(default_factory=list)
    ticks: list[tuple[float, float]] = field(default_factory=list)  # (left %, seconds)


def _pct(value: float, duration: float) -> float:
    return round(max(0.0, min(100.0, value / duration * 100)), 3) if duration > 0 else 0.0


def _marks(items: Sequence[tuple[float, float, str]], duration: float, max_rows: int = 4) -> list[Mark]:
    """Marks in time order; one that overlaps the marks on a row goes on the next row (at most ``max_rows``)."""
    out = []
    row_ends: list[float] = []
    for start, end, title in sorted(items, key=lambda item: (item[0], item[1])):
        left = _pct(start, duration)
        width = max(0.6, min(100.0 - left, _pct(max(end, start), duration) - left))
        row = next((i for i, row_end in enumerate(row_ends) if row_end <= left), len(row_ends))
        if row == len(row_ends):
            if row >= max_rows:
                row = max_rows - 1
            else:
                row_ends.append(0.0)
        row_ends[row] = max(row_ends[row], left + width)
        out.append(Mark(left=left, width=round(width, 3), start_s=start, end_s=end, title=title, row=row))
    return out


def _times(item: Mapping[str, Any]) -> tuple[float, float] | None:
    start = item.get("start_s")
    if not isinstance(start, int | float):
        return None
    end = item.get("end_s")
    return float(start), float(end) if isinstance(end, int | float) else float(start)


def _ticks(duration: float) -> list[tuple[float, float]]:
    if duration <= 0:
        return []
    step = next((s for s in (1, 2, 5, 10, 15, 30, 60, 120, 300) if duration / s <= 12), 600)
    out = []
    t = 0.0
    while t <= duration + 1e-9:
        out.append((_pct(t, duration), t))
        t += step
    return out


def timeline(report: Mapping[str, Any], thumb_url: str) -> Timeline:
    """The timeline of a stored report; ``thumb_url`` is the folder URL the thumbnail names are added to."""
    duration = float(report.get("duration_s") or 0.0)
    line = Timeline(duration_s=duration, ticks=_ticks(duration))
    for index, scene in enumerate(report.get("scenes") or []):
        times = _times(scene)
        if times is None:
            continue
        start, end = times
        thumb = scene.get("thumbnail")
        line.shots.append(
            Shot(
                index=index,
                left=_pct(start, duration),
                width=round(_pct(end, duration) - _pct(start, duration), 3),
                start_s=start,
                end_s=end,
                thumb=f"{thumb_url}/{index}.jpg" if thumb else None,
            )
        )
    texts = [(*t, str(item.get("text", ""))) for item in report.get("text") or [] if (t := _times(item))]
    line.lanes.append(Lane("text", LANE_LABELS["text"], _marks(texts, duration)))
    speech = report.get("speech") or {}
    segments = [(*t, str(s.get("text", ""))) for s in speech.get("segments") or [] if (t := _times(s))]
    if speech.get("measured"):
        line.lanes.append(Lane("speech", LANE_LABELS["speech"], _marks(segments, duration)))
    else:
        voice = (speech.get("voice_activity") or {}).get("segments") or []
        spans = [(*t, "") for s in voice if (t := _times(s))]
        line.lanes.append(Lane("voice", LANE_LABELS["voice"], _marks(spans, duration)))
    brand = report.get("brand") or {}
    logos = [(*t, "") for a in brand.get("logo_appearances") or [] if (t := _times(a))]
    measured = bool((brand.get("measured") or {}).get("logo"))
    line.lanes.append(Lane("logo", LANE_LABELS["logo"], _marks(logos, duration), measured=measured))
    cta = report.get("cta") or {}
    ctas = [(*t, str(c.get("value", ""))) for c in cta.get("items") or [] if (t := _times(c))]
    if not ctas and isinstance(cta.get("first_s"), int | float):
        first = float(cta["first_s"])
        ctas = [(first, first + float(cta.get("on_screen_s") or 0.5), str(cta.get("text") or ""))]
    line.lanes.append(Lane("cta", LANE_LABELS["cta"], _marks(ctas, duration)))
    return line


def moments(report: Mapping[str, Any]) -> list[Moment]:
    """Everything that happens in the video, in time order, in words."""
    out: list[Moment] = []
    for index, scene in enumerate(report.get("scenes") or []):
        if index and (t := _times(scene)):
            out.append(Moment(t[0], "cut", Msg("Shot {number} starts", number=index + 1)))
    for item in report.get("text") or []:
        if t := _times(item):
            out.append(
                Moment(
                    t[0],
                    "text",
                    Msg("On screen until {end}: “{text}”", end=seconds(t[1]), text=str(item.get("text", ""))),
                )
            )
    speech = report.get("speech") or {}
    for seg in speech.get("segments") or []:
        if t := _times(seg):
            out.append(Moment(t[0], "speech", Msg("Said: “{text}”", text=str(seg.get("text", "")))))
    if not speech.get("measured"):
        for seg in (speech.get("voice_activity") or {}).get("segments") or []:
            if t := _times(seg):
                out.append(Moment(t[0], "voice", Msg("Someone speaks until {end}", end=seconds(t[1]))))
    brand = report.get("brand") or {}
    for appearance in brand.get("logo_appearances") or []:
        if t := _times(appearance):
            out.append(Moment(t[0], "logo", Msg("Logo on screen until {end}", end=seconds(t[1]))))
    if isinstance(brand.get("name_first_s"), int | float):
        seen = str(brand.get("name_seen_as") or "")
        out.append(Moment(float(brand["name_first_s"]), "brand", Msg("Brand name first seen: “{name}”", name=seen)))
    if isinstance(brand.get("name_first_heard_s"), int | float):
        heard = str(brand.get("name_heard_as") or "")
        out.append(
            Moment(float(brand["name_first_heard_s"]), "brand", Msg("Brand name first heard: “{name}”", name=heard))
        )
    for item in (report.get("cta") or {}).get("items") or []:
        if t := _times(item):
            source = Msg("spoken") if item.get("source") == "speech" else Msg("on screen")
            out.append(
                Moment(
                    t[0],
                    "cta",
                    Msg("Call to action ({source}): {value}", source=source, value=str(item.get("value", ""))),
                )
            )
    out.sort(key=lambda m: (m.start_s, m.kind))
    return out


@dataclass(frozen=True)
class PlatformFit:
    platform: str
    name: Msg | str
    fits: bool
    problems: list[Msg]
    warnings: list[Msg]


def platform_fits(report: Mapping[str, Any]) -> list[PlatformFit]:
    out = []
    for key, fit in (report.get("platforms") or {}).items():
        if not isinstance(fit, Mapping):
            continue
        out.append(
            PlatformFit(
                platform=str(key),
                name=platform_name(str(key)),
                fits=bool(fit.get("fits")),
                problems=[problem_text(p) for p in fit.get("problems") or [] if isinstance(p, Mapping)],
                warnings=[problem_text(p) for p in fit.get("warnings") or [] if isinstance(p, Mapping)],
            )
        )
    return out


def sorted_findings(report: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    items = [f for f in report.get("findings") or [] if isinstance(f, Mapping)]
    return sorted(items, key=lambda f: (SEVERITY_ORDER.get(str(f.get("severity")), 3), f.get("point", 0)))


def counts(report: Mapping[str, Any]) -> dict[str, int]:
    out = {"problem": 0, "warning": 0, "info": 0}
    for f in report.get("findings") or []:
        if isinstance(f, Mapping) and f.get("severity") in out:
            out[str(f["severity"])] += 1
    return out
