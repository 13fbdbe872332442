"""Point 5, production: technical QA of the delivered file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reelwise.domain.findings import Finding, Severity
from reelwise.domain.registry import CheckKind, check
from reelwise.i18n import Msg

if TYPE_CHECKING:
    from reelwise.media.pipeline import VideoAnalysis

POINT = 5
MIN_SHORT_SIDE = 720
MIN_FPS = 23.9
MIN_BITS_PER_PIXEL = 0.03  # video bits per pixel per frame below which detail suffers visibly
QUIET_LUFS = -24.0
LOUD_LUFS = -9.0
MAX_TRUE_PEAK = -1.0
TRUNCATED_BY_S = 0.5


def _f(id: str, severity: Severity, message: Msg, fix: Msg | None = None, **evidence: object) -> Finding:
    return Finding(id=id, point=POINT, severity=severity, message=message, evidence=evidence, fix=fix)


@check(
    id="video.qa.resolution",
    point=POINT,
    kind=CheckKind.VIDEO,
    title=Msg("Resolution is at least 720p"),
    why=Msg("Platforms show low-resolution video soft or small; ads may be rejected."),
    fix=Msg("Export at 1080 px on the short side (1080x1920 vertical, 1920x1080 landscape)."),
)
def resolution(a: VideoAnalysis) -> list[Finding]:
    p = a.probe
    if min(p.width, p.height) >= MIN_SHORT_SIDE:
        return []
    return [
        _f(
            "video.qa.resolution",
            Severity.WARNING,
            Msg("The picture is {width}x{height}: below 720p", width=p.width, height=p.height),
            Msg("Export at 1080 px on the short side (1080x1920 vertical, 1920x1080 landscape)."),
            width=p.width,
            height=p.height,
        )
    ]


@check(
    id="video.qa.frame_rate",
    point=POINT,
    kind=CheckKind.VIDEO,
    title=Msg("Frame rate is steady and at least 24 fps"),
    why=Msg("A low or variable frame rate stutters, and some platforms and editors handle it badly."),
    fix=Msg("Export at a constant 25 or 30 fps (or the rate it was shot at)."),
)
def frame_rate(a: VideoAnalysis) -> list[Finding]:
    p = a.probe
    out: list[Finding] = []
    fps = round(p.fps, 2)
    if 0 < p.fps < MIN_FPS:
        out.append(
            _f(
                "video.qa.frame_rate",
                Severity.WARNING,
                Msg("The frame rate is {fps} fps: motion will look jerky", fps=fps),
                Msg("Export at a constant 25 or 30 fps (or the rate it was shot at)."),
                fps=fps,
            )
        )
    if p.variable_frame_rate:
        out.append(
            _f(
                "video.qa.frame_rate",
                Severity.WARNING,
                Msg(
                    "The frame rate is variable (frames {min_ms}–{max_ms} ms apart)",
                    min_ms=round((p.min_frame_interval_s or 0) * 1000, 1),
                    max_ms=round((p.max_frame_interval_s or 0) * 1000, 1),
                ),
                Msg(
                    "Convert to a constant frame rate before editing or uploading (phone recordings often "
                    "are variable)."
                ),
                average_fps=fps,
                min_interval_s=p.min_frame_interval_s,
                max_interval_s=p.max_frame_interval_s,
            )
        )
    return out


@check(
    id="video.qa.rotation",
    point=POINT,
    kind=CheckKind.VIDEO,
    title=Msg("The picture is stored upright"),
    why=Msg(
        "A picture stored sideways with a rotation flag shows sideways in players and editors that ignore the flag."
    ),
    fix=Msg("Re-export so the picture itself is upright (most editors do this on export)."),
)
def rotation(a: VideoAnalysis) -> list[Finding]:
    p = a.probe
    if not p.rotation:
        return []
    stored = f"{p.stored_width}x{p.stored_height}"
    shown = f"{p.width}x{p.height}"
    return [
        _f(
            "video.qa.rotation",
            Severity.INFO,
            Msg(
                "The picture is stored {stored} and turned {degrees}° by metadata to show as {shown}",
                stored=stored,
                degrees=p.rotation,
                shown=shown,
            ),
            Msg("Re-export so the picture itself is upright (most editors do this on export)."),
            rotation=p.rotation,
            stored=[p.stored_width, p.stored_height],
            display=[p.width, p.height],
        )
    ]


@check(
    id="video.qa.bitrate",
    point=POINT,
    kind=CheckKind.VIDEO,
    title=Msg("Video bitrate leaves room for detail"),
    why=Msg("Platforms re-encode every upload; a starved source loses detail twice."),
    fix=Msg("Export with a higher bitrate (for 1080p30 about 8 Mbit/s or more)."),
)
def bitrate(a: VideoAnalysis) -> list[Finding]:
    p = a.probe
    if not p.video_bit_rate or not p.fps or p.width * p.height < 640 * 360:
        return []
    bpp = p.video_bit_rate / (p.width * p.height * p.fps)
    if bpp >= MIN_BITS_PER_PIXEL:
        return []
    return [
        _f(
            "video.qa.bitrate",
            Severity.INFO,
            Msg(
                "The video bitrate is low: {kbps} kbit/s for {width}x{height}",
                kbps=round(p.video_bit_rate / 1000),
                width=p.width,
                height=p.height,
            ),
            Msg("Export with a higher bitrate (for 1080p30 about 8 Mbit/s or more)."),
            video_bit_rate=p.video_bit_rate,
            bits_per_pixel=round(bpp, 4),
        )
    ]


@check(
    id="video.qa.truncated",
    point=POINT,
    kind=CheckKind.VIDEO,
    title=Msg("The file is complete"),
    why=Msg("A file that ends early or has damaged parts was cut off while copying or exporting."),
    fix=Msg("Export or copy the file again and check it plays to the end."),
)
def truncated(a: VideoAnalysis) -> list[Finding]:
    p = a.probe
    decoded = p.decoded_duration_s or 0.0
    short = p.duration_s > 0 and decoded > 0 and decoded < p.duration_s - TRUNCATED_BY_S
    if not short and not p.decode_errors:
        return []
    return [
        _f(
            "video.qa.truncated",
            Severity.PROBLEM,
            Msg(
                "The file says it lasts {declared} s but only {decoded} s could be decoded ({errors} damaged packets)",
                declared=round(p.duration_s, 2),
                decoded=round(decoded, 2),
                errors=p.decode_errors,
            ),
            Msg("Export or copy the file again and check it plays to the end."),
            declared_s=p.duration_s,
            decoded_s=decoded,
            decode_errors=p.decode_errors,
        )
    ]


@check(
    id="video.qa.audio",
    point=POINT,
    kind=CheckKind.VIDEO,
    title=Msg("There is sound"),
    why=Msg("A video without sound, or with a silent track, loses everyone who watches with the sound on."),
    fix=Msg("Add a voice-over or music, or mark the video as made for sound-off viewing."),
)
def audio(a: VideoAnalysis) -> list[Finding]:
    if not a.probe.has_audio:
        return [
            _f(
                "video.qa.audio",
                Severity.WARNING,
                Msg("The file has no sound track"),
                Msg("Add a voice-over or music, or mark the video as made for sound-off viewing."),
                has_audio=False,
            )
        ]
    sound = a.sound
    if sound is not None and sound.silent:
        return [
            _f(
                "video.qa.audio",
                Severity.WARNING,
                Msg("The sound track is silent from start to end"),
                Msg("Add a voice-over or music, or mark the video as made for sound-off viewing."),
                has_audio=True,
                peak_dbfs=sound.peak_dbfs,
            )
        ]
    return []


@check(
    id="video.qa.loudness",
    point=POINT,
    kind=CheckKind.VIDEO,
    title=Msg("Loudness and true peak are in range"),
    why=Msg(
        "Players normalise loudness: a mix far from about -14 LUFS is turned down (losing punch) or sounds "
        "weak; a true peak above -1 dBTP distorts after the platform re-encodes it."
    ),
    fix=Msg("Normalise the mix to about -14 LUFS integrated with a true-peak limit of -1 dBTP."),
)
def loudness(a: VideoAnalysis) -> list[Finding]:
    level = a.loudness
    if level is None or a.sound is None or a.sound.silent:
        return []
    out: list[Finding] = []
    fix = Msg("Normalise the mix to about -14 LUFS integrated with a true-peak limit of -1 dBTP.")
    lufs = level.integrated_lufs
    if lufs is not None and lufs < QUIET_LUFS:
        out.append(
            _f(
                "video.qa.loudness",
                Severity.WARNING,
                Msg("The mix is quiet: {lufs} LUFS integrated", lufs=round(lufs, 1)),
                fix,
                integrated_lufs=round(lufs, 2),
            )
        )
    elif lufs is not None and lufs > LOUD_LUFS:
        out.append(
            _f(
                "video.qa.loudness",
                Severity.WARNING,
                Msg("The mix is very loud: {lufs} LUFS integrated", lufs=round(lufs, 1)),
                fix,
                integrated_lufs=round(lufs, 2),
            )
        )
    tp = level.true_peak_dbtp
    if tp is not None and tp > MAX_TRUE_PEAK:
        out.append(
            _f(
                "video.qa.loudness",
                Severity.WARNING,
                Msg("The true peak is {dbtp} dBTP (above -1 dBTP)", dbtp=round(tp, 2)),
                fix,
                true_peak_dbtp=round(tp, 2),
            )
        )
    return out


@check(
    id="video.qa.clipping",
    point=POINT,
    kind=CheckKind.VIDEO,
    title=Msg("The sound does not clip"),
    why=Msg("Clipped sound crackles and cannot be repaired afterwards."),
    fix=Msg("Lower the level before the limiter in the mix, or re-record the clipped parts."),
)
def clipping(a: VideoAnalysis) -> list[Finding]:
    sound = a.sound
    if sound is None or not sound.clipping_events:
        return []
    first = sound.clipping_times_s[0]
    return [
        _f(
            "video.qa.clipping",
            Severity.PROBLEM if sound.clipping_events >= 10 else Severity.WARNING,
            Msg("The sound clips {count} times, first at {time} s", count=sound.clipping_events, time=round(first, 2)),
            Msg("Lower the level before the limiter in the mix, or re-record the clipped parts."),
            events=sound.clipping_events,
            clipped_samples=sound.clipped_samples,
            times_s=[round(t, 3) for t in sound.clipping_times_s[:20]],
        )
    ]


@check(
    id="video.qa.silence",
    point=POINT,
    kind=CheckKind.VIDEO,
    title=Msg("No long silences"),
    why=Msg("Two seconds or more of silence feels like a broken video and invites a swipe."),
    fix=Msg("Fill the gap with music or room tone, or cut it out."),
)
def silence(a: VideoAnalysis) -> list[Finding]:
    sound = a.sound
    if sound is None or sound.silent or not sound.silences:
        return []
    return [
        _f(
            "video.qa.silence",
            Severity.WARNING,
            Msg("Silence from {start} s to {end} s", start=round(s.start_s, 2), end=round(s.end_s, 2)),
            Msg("Fill the gap with music or room tone, or cut it out."),
            **s.to_dict(),
        )
        for s in sound.silences
    ]


@check(
    id="video.qa.black",
    point=POINT,
    kind=CheckKind.VIDEO,
    title=Msg("No black stretches"),
    why=Msg("A black picture looks like a broken video; viewers scroll on."),
    fix=Msg("Remove the black frames, or shorten a fade to black to a few frames."),
)
def black(a: VideoAnalysis) -> list[Finding]:
    picture = a.picture
    if picture is None:
        return []
    out = []
    for s in picture.black:
        at_edge = s.start_s < 0.05 or s.end_s > a.duration_s - 0.05
        severity = Severity.INFO if at_edge and s.duration_s < 1.0 else Severity.WARNING
        out.append(
            _f(
                "video.qa.black",
                severity,
                Msg("Black picture from {start} s to {end} s", start=round(s.start_s, 2), end=round(s.end_s, 2)),
                Msg("Remove the black frames, or shorten a fade to black to a few frames."),
                **s.to_dict(),
            )
        )
    return out


@check(
    id="video.qa.frozen",
    point=POINT,
    kind=CheckKind.VIDEO,
    title=Msg("No frozen picture"),
    why=Msg("A picture that stops moving for seconds looks like a playback fault."),
    fix=Msg("Check the edit for a missing clip or a held frame; add movement or cut it shorter."),
)
def frozen(a: VideoAnalysis) -> list[Finding]:
    picture = a.picture
    if picture is None:
        return []
    return [
        _f(
            "video.qa.frozen",
            Severity.WARNING,
            Msg(
                "The picture does not change from {start} s to {end} s",
                start=round(s.start_s, 2),
                end=round(s.end_s, 2),
            ),
            Msg("Check the edit for a missing clip or a held frame; add movement or cut it shorter."),
            **s.to_dict(),
        )
        for s in picture.frozen
    ]
