"""The check report: the JSON shape (a stable contract) and the self-contained HTML page.

JSON keys promised to users (never rename; add freely): ``file, duration_s, width, height,
fps, scenes[{start_s,end_s}], text[{start_s,end_s,text}], speech{measured, segments,
in_first_5s}, brand{logo_first_s, name_first_s, colour_share}, cta{found, first_s, sources,
matches_plan}, hook{dynamic_start, first_cut_s}, loudness{integrated_lufs, true_peak_dbtp},
platforms{NAME: {fits, problems}}, findings[{id, point, severity, message, evidence, fix}]``.
Times are seconds from the start; ``null`` where not present or not measured.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from reelwise.i18n import _, get_language

if TYPE_CHECKING:
    from reelwise.services.check_video import FailedCheck, VideoReport


def _r(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(float(value), digits)


def _result_dict(value: Any, lang: str | None) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    to_dict = getattr(value, "to_dict", None)
    if to_dict is None:
        return {}
    try:
        out = to_dict(lang)
    except TypeError:
        out = to_dict()
    return out if isinstance(out, dict) else {}


def report_dict(report: VideoReport, lang: str | None = None) -> dict[str, Any]:
    """The JSON object of one checked file."""
    a = report.analysis
    p = a.probe
    results = a.results
    scenes = a.scenes
    text = _result_dict(results.get("text"), lang)
    speech = _result_dict(results.get("speech"), lang)
    logo = _result_dict(results.get("logo"), lang)
    colour = _result_dict(results.get("colour"), lang)
    brand_extra = _result_dict(results.get("brand"), lang)
    cta = _result_dict(results.get("cta"), lang)
    loud = a.loudness
    brand: dict[str, Any] = {
        "logo_first_s": logo.get("logo_first_s"),
        "name_first_s": brand_extra.get("name_first_s"),
        "colour_share": colour.get("colour_share"),
        "measured": {"logo": bool(logo), "name": bool(brand_extra), "colour": bool(colour)},
    }
    brand.update({k: v for k, v in logo.items() if k not in brand})
    brand.update({k: v for k, v in colour.items() if k not in brand})
    brand.update({k: v for k, v in brand_extra.items() if k not in ("name_first_s",) and k not in brand})
    cta_out: dict[str, Any] = {
        "found": None,
        "first_s": None,
        "sources": [],
        "matches_plan": None,
        "measured": bool(cta),
    }
    cta_out.update(cta)
    speech_out: dict[str, Any] = {"measured": False, "segments": [], "in_first_5s": None}
    speech_out.update(speech)
    out: dict[str, Any] = {
        "file": a.file,
        "video_id": a.context.video_id,
        "duration_s": _r(a.duration_s),
        "width": p.width,
        "height": p.height,
        "fps": _r(p.fps),
        "scenes": [{"start_s": _r(s.start_s), "end_s": _r(s.end_s)} for s in (scenes.shots if scenes else [])],
        "text": text.get("text", []),
        "speech": speech_out,
        "brand": brand,
        "cta": cta_out,
        "hook": {
            "dynamic_start": scenes.pacing.dynamic_start if scenes else None,
            "first_cut_s": _r(scenes.pacing.first_cut_s) if scenes else None,
            "speech_in_first_5s": speech_out.get("in_first_5s"),
            "face_in_first_5s": a.faces.in_first_5s if a.faces else None,
            "logo_in_first_5s": (logo["logo_first_s"] < 5.0) if logo.get("logo_first_s") is not None else None,
        },
        "pacing": scenes.pacing.to_dict() if scenes else None,
        "faces": a.faces.to_dict() if a.faces else None,
        "loudness": loud.to_dict() if loud else {"integrated_lufs": None, "true_peak_dbtp": None},
        "sound": a.sound.to_dict() if a.sound else None,
        "picture": a.picture.to_dict() if a.picture else None,
        "captions": text.get("captions_burned_in"),
        "probe": p.to_dict(),
        "platforms": {name: fit.to_dict() for name, fit in a.platforms.items()},
        "findings": [f.to_dict(lang) for f in report.findings],
        "notes": list(a.notes),
        "timings_s": {k: round(v, 3) for k, v in a.timings.items()}
        | {"decode_total": round(report.decode_seconds, 3), "total": round(report.seconds, 3)},
    }
    return out


def reports_json(items: Sequence[VideoReport | FailedCheck], lang: str | None = None) -> list[dict[str, Any]]:
    return [item.to_dict(lang) for item in items]


# ---- HTML -----------------------------------------------------------------------------------

_TEMPLATE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ t.title }}</title>
<style>
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:72rem;
padding:0 1rem;color:#1d232a}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2.5rem;border-bottom:1px solid #ddd}
.facts{display:flex;flex-wrap:wrap;gap:.4rem 1.5rem;color:#444}
.strip{position:relative;height:84px;background:#f1f3f5;border-radius:6px;overflow:hidden;margin:.75rem 0}
.shot{position:absolute;top:0;height:84px;border-right:2px solid #fff;overflow:hidden}
.shot img{height:84px;width:100%;object-fit:cover;display:block}
.lane{position:relative;height:18px;margin:2px 0;background:#fafafa;border-radius:3px}
.lane span{position:absolute;height:14px;top:2px;border-radius:3px;min-width:3px}
.lanes .label{font-size:.8rem;color:#555}
.text span{background:#4c6ef5}.speech span{background:#2f9e44}.logo span{background:#f08c00}
.cta span{background:#e03131}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eee;
vertical-align:top}
.sev-problem{color:#c92a2a;font-weight:600}.sev-warning{color:#e67700;font-weight:600}.sev-info{color:#1971c2}
.error{color:#c92a2a}.axis{display:flex;justify-content:space-between;font-size:.75rem;color:#666}
</style></head><body>
<h1>{{ t.title }}</h1>
{% for v in videos %}
<section>
<h2>{{ v.file }}</h2>
{% if v.error %}<p class="error">{{ v.error }}</p>{% else %}
<div class="facts">
<span>{{ t.duration }}: {{ v.duration_s }} s</span><span>{{ v.width }}×{{ v.height }}</span>
<span>{{ v.fps }} fps</span><span>{{ t.scenes }}: {{ v.scenes|length }}</span>
<span>{{ t.loudness }}: {{ v.loudness.integrated_lufs if v.loudness.integrated_lufs is not none else "–" }} LUFS,
{{ v.loudness.true_peak_dbtp if v.loudness.true_peak_dbtp is not none else "–" }} dBTP</span>
</div>
<div class="strip" aria-label="{{ t.timeline }}">
{% for s in v.shots %}<div class="shot" style="left:{{ s.left }}%;width:{{ s.width }}%"
title="{{ s.start_s }}–{{ s.end_s }} s">{% if s.thumb %}<img alt="{{ s.start_s }} s"
src="data:image/jpeg;base64,{{ s.thumb }}">{% endif %}</div>{% endfor %}
</div>
<div class="lanes">
{% for lane in v.lanes %}<div class="label">{{ lane.label }}</div>
<div class="lane {{ lane.kind }}">{% for m in lane.marks %}<span style="left:{{ m.left }}%;width:{{ m.width }}%"
title="{{ m.title }}"></span>{% endfor %}</div>{% endfor %}
</div>
<div class="axis"><span>0 s</span><span>{{ v.duration_s }} s</span></div>
<h3>{{ t.findings }}</h3>
<table><tr><th>{{ t.point }}</th><th>{{ t.severity }}</th><th>{{ t.message }}</th><th>{{ t.fix }}</th></tr>
{% for f in v.findings %}<tr><td>{{ f.point }}</td><td class="sev-{{ f.severity }}">{{ f.severity }}</td>
<td>{{ f.message }}</td><td>{{ f.fix or "" }}</td></tr>{% endfor %}
</table>
<h3>{{ t.platforms }}</h3>
<table>{% for name, p in v.platforms.items() %}<tr><td>{{ name }}</td>
<td>{{ t.fits if p.fits else t.does_not_fit }}</td>
<td>{% for pr in p.problems %}{{ pr.code }} {% endfor %}</td></tr>{% endfor %}</table>
{% endif %}
</section>
{% endfor %}
</body></html>
"""


def _marks(items: Sequence[tuple[float, float, str]], duration: float) -> list[dict[str, Any]]:
    if duration <= 0:
        return []
    out = []
    for start, end, title in items:
        left = max(0.0, min(100.0, start / duration * 100))
        width = max(0.4, min(100.0 - left, (max(end, start) - start) / duration * 100))
        out.append({"left": round(left, 3), "width": round(width, 3), "title": title})
    return out


def _view(item: VideoReport | FailedCheck, lang: str) -> dict[str, Any]:
    if not hasattr(item, "analysis"):  # a file that could not be checked
        return item.to_dict(lang)
    report = cast("VideoReport", item)
    data = report_dict(report, lang)
    duration = float(data["duration_s"] or 0.0)
    scenes = report.analysis.scenes
    thumbs = scenes.thumbnails if scenes else {}
    shots = []
    for s in data["scenes"]:
        thumb = thumbs.get(round(s["start_s"], 6)) or thumbs.get(s["start_s"])
        shots.append(
            {
                "start_s": s["start_s"],
                "end_s": s["end_s"],
                "left": round(s["start_s"] / duration * 100, 3) if duration else 0,
                "width": round((s["end_s"] - s["start_s"]) / duration * 100, 3) if duration else 100,
                "thumb": base64.b64encode(thumb).decode("ascii") if thumb else None,
            }
        )
    text_marks = [(t["start_s"], t["end_s"], f"{t['start_s']} s: {t['text']}") for t in data["text"]]
    speech_marks = [
        (s["start_s"], s["end_s"], f"{s['start_s']} s: {s['text']}") for s in data["speech"].get("segments") or []
    ]
    voice = (data["speech"].get("voice_activity") or {}).get("segments") or []
    if not speech_marks:
        speech_marks = [(s["start_s"], s["end_s"], f"{s['start_s']} s") for s in voice]
    logo_marks = [(x["start_s"], x["end_s"], f"{x['start_s']} s") for x in data["brand"].get("logo_appearances", [])]
    cta = data["cta"]
    cta_marks = []
    if cta.get("first_s") is not None:
        end = cta.get("last_s") or (cta["first_s"] + (cta.get("on_screen_s") or 0.5))
        cta_marks.append((cta["first_s"], end, f"{cta['first_s']} s: {cta.get('text') or ''}"))
    data["shots"] = shots
    data["lanes"] = [
        {"kind": "text", "label": _("on-screen text"), "marks": _marks(text_marks, duration)},
        {"kind": "speech", "label": _("speech"), "marks": _marks(speech_marks, duration)},
        {"kind": "logo", "label": _("logo"), "marks": _marks(logo_marks, duration)},
        {"kind": "cta", "label": _("call to action"), "marks": _marks(cta_marks, duration)},
    ]
    return data


def render_html(items: Sequence[VideoReport | FailedCheck], lang: str | None = None) -> str:
    """A self-contained HTML page (no external files; thumbnails inline), all text escaped."""
    from jinja2 import Environment

    lang = lang or get_language()
    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    labels = {
        "title": _("Video check"),
        "duration": _("duration"),
        "scenes": _("scenes"),
        "loudness": _("loudness"),
        "timeline": _("timeline"),
        "findings": _("Findings"),
        "point": _("point"),
        "severity": _("severity"),
        "message": _("what we saw"),
        "fix": _("how to fix it"),
        "platforms": _("Platforms"),
        "fits": _("fits"),
        "does_not_fit": _("does not fit"),
    }
    return env.from_string(_TEMPLATE).render(t=labels, lang=lang, videos=[_view(i, lang) for i in items])
