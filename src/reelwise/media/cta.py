"""The call to action in a cut: what the viewer is asked to do, when, and for how long.

Entry point: :func:`find_cta` ``(texts, speech, planned_text=None, planned_url=None) ->
CtaResult`` — a pure function over on-screen text (``TextTrack.items``) and the transcript
(``SpeechTrack.segments``). ``CtaResult.to_dict()`` gives the report's ``"cta"`` object:
``{"found", "first_s", "sources": ["speech"|"text"], "matches_plan", "items": [...],
"on_screen_s", "url_legible_2s", ...}``. :func:`cta_step` is the pipeline post step that
reads the analysis and stores the result under ``results["cta"]``.

What counts as a CTA:

* a phrase of the Dutch/English catalogue :data:`CTA_PHRASES` ("bestel nu", "meld je aan",
  "shop now", "link in bio" …), matched tolerantly (:mod:`reelwise.media.phrases`);
* a web address (``bakkerijjansen.nl``, ``www.acme.com/shop``; in speech also "acme dot com");
* a handle (``@bakkerijjansen``);
* a phone number (Dutch formats ``06-12345678``, ``020 123 4567``, ``+31 6 1234 5678``,
  ``0800-1234``, and international ``+`` numbers).

A URL counts as legible when it stays on screen at least :data:`URL_MIN_S` (2 s) with a
text height of at least :data:`LEGIBLE_HEIGHT` of the picture height.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from reelwise.media.base import TimedText
from reelwise.media.phrases import allowed_edits, find_phrase, levenshtein, normalise, tokens, word_time

if TYPE_CHECKING:
    from reelwise.media.pipeline import VideoAnalysis

URL_MIN_S: Final = 2.0
LEGIBLE_HEIGHT: Final = 0.02  # text box height as a share of the picture height

CTA_PHRASES: Final[dict[str, tuple[str, ...]]] = {
    "nl": (
        "bestel nu",
        "bestel vandaag",
        "bestel direct",
        "bestel online",
        "koop nu",
        "koop direct",
        "shop nu",
        "meld je aan",
        "meld je nu aan",
        "aanmelden",
        "schrijf je in",
        "inschrijven",
        "abonneer",
        "bezoek",
        "kijk op",
        "ga naar",
        "surf naar",
        "volg ons",
        "volg ons op",
        "download",
        "download de app",
        "reserveer",
        "reserveer nu",
        "boek nu",
        "vraag aan",
        "probeer gratis",
        "probeer nu",
        "bel ons",
        "bel nu",
        "neem contact op",
        "ontdek meer",
        "lees meer",
        "bekijk",
        "link in bio",
        "swipe up",
        "klik hier",
        "klik op de link",
        "doe mee",
        "scan de code",
        "gratis proberen",
        "kom langs",
    ),
    "en": (
        "shop now",
        "buy now",
        "order now",
        "order today",
        "get yours",
        "sign up",
        "sign up today",
        "subscribe",
        "join now",
        "join us",
        "register",
        "visit",
        "visit us",
        "go to",
        "check out",
        "follow us",
        "download",
        "download the app",
        "get the app",
        "install",
        "learn more",
        "find out more",
        "discover more",
        "read more",
        "book now",
        "reserve",
        "try it free",
        "try for free",
        "start free",
        "get started",
        "call us",
        "call now",
        "contact us",
        "link in bio",
        "swipe up",
        "click the link",
        "tap the link",
        "watch next",
        "scan the code",
        "apply now",
        "donate",
        "get a quote",
    ),
}

_TLDS = (
    "nl|be|com|eu|org|net|shop|store|online|io|app|co|de|fr|uk|info|biz|tv|me|nu|amsterdam|frl|"
    "brussels|vlaanderen|site|website|tech|ai"
)
URL_RE: Final = re.compile(
    rf"(?<![@\w.-])(?:https?://)?(?:www\.)?(?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?\.)+(?:{_TLDS})\b(?:/[^\s,;]*)?",
    re.IGNORECASE,
)
HANDLE_RE: Final = re.compile(r"(?<![\w@.])@[a-z0-9_](?:[a-z0-9_.]{0,28}[a-z0-9_])?", re.IGNORECASE)
PHONE_RE: Final = re.compile(
    r"(?<![\d+])(?:"
    r"(?:\+|00)31[\s.-]?(?:\(0\)[\s.-]?)?[1-9](?:[\s.-]?\d){8}"  # +31 6 1234 5678
    r"|0[89]00[\s.-]?\d{2,3}[\s.-]?\d{2,4}"  # 0800-1234, 0900 123 4567
    r"|0[1-9](?:[\s.-]?\d){8}"  # 06-12345678, 020 123 4567
    r"|\+(?!31)[1-9]\d{0,2}(?:[\s.-]?\d){6,12}"  # other international numbers
    r")(?!\d)"
)
_SPOKEN_DOT = re.compile(r"\s+(?:dot|punt)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class CtaItem:
    kind: str  # "phrase" | "url" | "handle" | "phone"
    value: str
    source: str  # "text" | "speech"
    start_s: float
    end_s: float
    height: float | None = None  # on-screen text height, share of the picture

    @property
    def on_screen_s(self) -> float:
        return round(self.end_s - self.start_s, 3) if self.source == "text" else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value": self.value,
            "source": self.source,
            "start_s": round(self.start_s, 3),
            "end_s": round(self.end_s, 3),
        }


@dataclass
class CtaResult:
    items: list[CtaItem] = field(default_factory=list)
    matches_plan: bool | None = None
    plan_text_found: bool | None = None
    plan_url_found: bool | None = None
    speech_measured: bool = True

    @property
    def found(self) -> bool:
        return bool(self.items)

    @property
    def first_s(self) -> float | None:
        return round(min(i.start_s for i in self.items), 3) if self.items else None

    @property
    def sources(self) -> list[str]:
        firsts: dict[str, float] = {}
        for item in self.items:
            firsts[item.source] = min(item.start_s, firsts.get(item.source, item.start_s))
        return sorted(firsts, key=lambda s: firsts[s])

    @property
    def on_screen_s(self) -> float:
        """Time (union of intervals) with a CTA on screen."""
        return _union([(i.start_s, i.end_s) for i in self.items if i.source == "text"])

    @property
    def url_on_screen_s(self) -> float:
        return _union([(i.start_s, i.end_s) for i in self.items if i.source == "text" and i.kind == "url"])

    @property
    def url_legible_2s(self) -> bool | None:
        urls = [i for i in self.items if i.source == "text" and i.kind == "url"]
        if not urls:
            return None
        return any(i.on_screen_s >= URL_MIN_S - 1e-6 and (i.height is None or i.height >= LEGIBLE_HEIGHT) for i in urls)

    def values(self, kind: str) -> list[str]:
        seen: list[str] = []
        for item in self.items:
            if item.kind == kind and item.value not in seen:
                seen.append(item.value)
        return seen

    def to_dict(self) -> dict[str, Any]:
        return {
            "found": self.found,
            "first_s": self.first_s,
            "sources": self.sources,
            "matches_plan": self.matches_plan,
            "plan_text_found": self.plan_text_found,
            "plan_url_found": self.plan_url_found,
            "on_screen_s": round(self.on_screen_s, 3),
            "url_on_screen_s": round(self.url_on_screen_s, 3),
            "url_legible_2s": self.url_legible_2s,
            "urls": self.values("url"),
            "handles": self.values("handle"),
            "phones": self.values("phone"),
            "phrases": self.values("phrase"),
            "speech_measured": self.speech_measured,
            "items": [i.to_dict() for i in sorted(self.items, key=lambda i: (i.start_s, i.kind))],
        }


def _union(intervals: list[tuple[float, float]]) -> float:
    total, end = 0.0, float("-inf")
    for s, e in sorted(intervals):
        if e <= end:
            continue
        total += e - max(s, end)
        end = e
    return round(total, 3)


def canonical_url(url: str) -> str:
    """``https://www.Acme.nl/shop/`` → ``acme.nl/shop``."""
    u = normalise(url.strip()).rstrip("/.,")
    u = re.sub(r"^https?://", "", u)
    return re.sub(r"^www\.", "", u)


def _spoken_to_written(text: str) -> str:
    return _SPOKEN_DOT.sub(".", text)


def scan(item: TimedText, source: str, phrases: Sequence[str]) -> list[CtaItem]:
    """CTA phrases, URLs, handles and phone numbers in one piece of text."""
    found: list[CtaItem] = []
    text = _spoken_to_written(item.text) if source == "speech" else item.text
    height = item.box[3] if item.box else None

    def add(kind: str, value: str, start: float) -> None:
        found.append(CtaItem(kind, value, source, start, item.end_s, height))

    for phrase in phrases:
        match = find_phrase(phrase, text)
        if match is not None:
            add("phrase", phrase, word_time(item, match.start_token) if source == "speech" else item.start_s)
    for m in URL_RE.finditer(text):
        add("url", canonical_url(m.group(0)), item.start_s)
    for m in HANDLE_RE.finditer(text):
        add("handle", m.group(0).lower(), item.start_s)
    for m in PHONE_RE.finditer(text):
        add("phone", re.sub(r"[\s.-]", "", m.group(0)), item.start_s)
    # keep one phrase per place: "meld je aan" also contains "aanmelden"-like fuzzy hits
    phrases_found = [f for f in found if f.kind == "phrase"]
    if len(phrases_found) > 1:
        longest = max(phrases_found, key=lambda f: len(f.value))
        found = [f for f in found if f.kind != "phrase" or f is longest or longest.value.find(f.value) < 0]
    return found


def _url_found(planned: str, urls: Sequence[str], texts: Sequence[str]) -> bool:
    want = canonical_url(planned)
    host = want.split("/")[0]
    for url in urls:
        got_host = url.split("/")[0]
        if url == want or got_host == host or levenshtein(got_host, host, allowed_edits(host)) <= allowed_edits(host):
            return True
    squashed_host = re.sub(r"[^a-z0-9]", "", host)
    return any(squashed_host and squashed_host in re.sub(r"[^a-z0-9]", "", normalise(t)) for t in texts)


def find_cta(
    texts: Sequence[TimedText],
    speech: Sequence[TimedText] = (),
    *,
    planned_text: str | None = None,
    planned_url: str | None = None,
    languages: Sequence[str] = ("nl", "en"),
    speech_measured: bool = True,
) -> CtaResult:
    """Every CTA moment in on-screen text and speech, and whether the planned CTA is there."""
    phrases: list[str] = [p for lang in languages for p in CTA_PHRASES.get(lang, ())]
    if planned_text and tokens(planned_text) and tokens(planned_text) not in [tokens(p) for p in phrases]:
        phrases.append(planned_text)
    items: list[CtaItem] = []
    for t in texts:
        items += scan(t, "text", phrases)
    for s in speech:
        items += scan(s, "speech", phrases)
    result = CtaResult(items=items, speech_measured=speech_measured)
    all_texts = [t.text for t in texts] + [_spoken_to_written(s.text) for s in speech]
    if planned_text:
        result.plan_text_found = any(find_phrase(planned_text, t) is not None for t in all_texts)
    if planned_url:
        result.plan_url_found = _url_found(planned_url, result.values("url"), all_texts)
    checks = [v for v in (result.plan_text_found, result.plan_url_found) if v is not None]
    result.matches_plan = all(checks) if checks else None
    return result


def cta_step(analysis: VideoAnalysis) -> None:
    """Pipeline post step: ``results["cta"] = find_cta(on-screen text, transcript, plan)``."""
    speech = analysis.results.get("speech")
    segments = list(getattr(speech, "segments", []) or [])
    context = analysis.context
    languages = ("nl", "en") if not context.language else (context.language, "en" if context.language == "nl" else "nl")
    analysis.results["cta"] = find_cta(
        analysis.texts(),
        segments,
        planned_text=context.cta_text,
        planned_url=context.cta_url,
        languages=languages,
        speech_measured=bool(getattr(speech, "measured", False)),
    )
