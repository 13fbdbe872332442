"""On-screen text: supers in the first seconds (point 4), text cut off by the picture's edge
(point 5) and readiness for sound-off viewing through captions (point 6). Reads
``analysis.results["text"]`` (:class:`reelwise.media.ocr.TextTrack`) and
``analysis.results["speech"]``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reelwise.domain.findings import Finding, Severity
from reelwise.domain.registry import CheckKind, check
from reelwise.i18n import Msg

if TYPE_CHECKING:
    from reelwise.media.ocr import TextTrack
    from reelwise.media.pipeline import VideoAnalysis

EARLY_S = 5.0
# A text box this close to an edge (a fraction of the picture) reaches it. The text finder's
# boxes reach a little beyond the letters, so text set 2 % in from an edge ends about 1 % from
# it and is not flagged; text run off the picture, or set 1 % in, is (measured on drawn supers).
EDGE_MARGIN = 0.005
EDGE_MIN_CHARS = 3  # a stray mark or letter at an edge is not a line of text


def _track(a: VideoAnalysis) -> TextTrack | None:
    from reelwise.media.ocr import TextTrack

    value = a.results.get("text")
    return value if isinstance(value, TextTrack) else None


@check(
    id="video.text.early",
    point=4,
    kind=CheckKind.VIDEO,
    title=Msg("A super (on-screen text) in the first 5 seconds"),
    why=Msg("Most people scroll past with the sound off; text in the first seconds tells them what this is."),
    fix=Msg("Put a short super with the message in the first 5 seconds."),
)
def text_early(a: VideoAnalysis) -> list[Finding]:
    track = _track(a)
    if track is None:
        return []
    first = track.first_s()
    if first is not None and first < EARLY_S:
        return []
    return [
        Finding(
            "video.text.early",
            4,
            Severity.INFO,
            Msg("No on-screen text in the first 5 seconds")
            if first is None
            else Msg("The first on-screen text comes at {time} s", time=round(first, 1)),
            {"first_text_s": first},
            Msg("Put a short super with the message in the first 5 seconds."),
        )
    ]


EDGE_FIX = Msg("Keep text inside the title-safe area: at least 5 % of the picture's width and height from each edge.")


def _edge(box: tuple[float, float, float, float]) -> str | None:
    x, y, w, h = box
    for name, gap in (("left", x), ("right", 1 - (x + w)), ("top", y), ("bottom", 1 - (y + h))):
        if gap <= EDGE_MARGIN:
            return name
    return None


@check(
    id="video.text.edge",
    point=5,
    kind=CheckKind.VIDEO,
    title=Msg("On-screen text stays inside the picture"),
    why=Msg(
        "Text that reaches the edge of the picture is cut off, and rounded phone screens "
        "and feeds that crop the picture cut off more of it."
    ),
    fix=EDGE_FIX,
)
def text_edge(a: VideoAnalysis) -> list[Finding]:
    track = _track(a)
    if track is None:
        return []
    at_edge = []
    for item in track.items:
        edge = _edge(item.box) if item.box is not None else None
        if edge is not None and len(item.text.strip()) >= EDGE_MIN_CHARS:
            at_edge.append((item, edge))
    if not at_edge:
        return []
    first, _ = at_edge[0]
    time = round(first.start_s, 1)
    message = (
        Msg(
            'On-screen text "{text}" at {time} s reaches the edge of the picture: it may be cut off',
            text=first.text,
            time=time,
        )
        if len(at_edge) == 1
        else Msg(
            "On-screen text reaches the edge of the picture {count} times, "
            'first "{text}" at {time} s: it may be cut off',
            count=len(at_edge),
            text=first.text,
            time=time,
        )
    )
    return [
        Finding(
            "video.text.edge",
            5,
            Severity.WARNING,
            message,
            {
                "texts": [
                    {"text": item.text[:80], "start_s": round(item.start_s, 2), "edge": edge}
                    for item, edge in at_edge[:10]
                ],
                "count": len(at_edge),
            },
            EDGE_FIX,
        )
    ]


@check(
    id="video.captions.sound_off",
    point=6,
    kind=CheckKind.VIDEO,
    title=Msg("Speech is captioned for sound-off viewing"),
    why=Msg("Feeds autoplay without sound; what is said without captions is lost to most viewers."),
    fix=Msg("Add captions: a .srt file next to the video (uploaded with it) or burned-in subtitles."),
)
def captions_sound_off(a: VideoAnalysis) -> list[Finding]:
    track = _track(a)
    speech = a.results.get("speech")
    if speech is None:
        return []
    voice = getattr(speech, "voice", None)
    has_speech = bool(getattr(voice, "segments", None)) or bool(getattr(speech, "segments", None))
    if not has_speech or getattr(speech, "source", None) == "sidecar":
        return []
    if track is not None and track.captions_burned_in:
        return []
    return [
        Finding(
            "video.captions.sound_off",
            6,
            Severity.WARNING,
            Msg("People speak in this video, but there are no captions (no .srt/.vtt file, no burned-in subtitles)"),
            {
                "speech_s": getattr(voice, "speech_s", None),
                "burned_in": track.captions_burned_in if track else None,
                "sidecar": False,
            },
            Msg("Add captions: a .srt file next to the video (uploaded with it) or burned-in subtitles."),
        )
    ]
