"""Comments on the campaign's videos: what kind each one is, and how fast the brand answered.

``classify`` sorts a comment (Dutch or English) into a **complaint**, a **question**, **praise**
or **other**, in that order of precedence: a complaint that asks something is still a
complaint, and a question with a compliment still waits for an answer. It is a word list
with light negation handling ("niet lekker", "not great" are complaints), not a model: every
decision can be read back from the words that made it (``Triage.because``).

``response_report`` pairs every viewer's comment with the brand's first reply to it and
measures the time in between against the channel's response-time target; a question or
complaint without a reply past its target is **overdue**.

Pure code on plain records; the store and the file formats live in ``reelwise.services.comments``.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final

from reelwise.i18n import N_

DEFAULT_TARGET_HOURS: Final = 24.0  # a channel without a response-time target in the plan


class CommentKind(StrEnum):
    COMPLAINT = "complaint"
    QUESTION = "question"
    PRAISE = "praise"
    OTHER = "other"


NEEDS_ANSWER: Final = frozenset({CommentKind.COMPLAINT, CommentKind.QUESTION})
KIND_LABELS: Final = {
    CommentKind.COMPLAINT.value: N_("complaint"),
    CommentKind.QUESTION.value: N_("question"),
    CommentKind.PRAISE.value: N_("praise"),
    CommentKind.OTHER.value: N_("other"),
}

_COMPLAINT_PHRASES: Final = (
    # English
    "disappointed", "disappointing", "terrible", "awful", "worst", "horrible", "bad", "broken",
    "refund", "complaint", "complain", "never again", "scam", "rude", "too late", "arrived late",
    "not delivered", "never arrived", "didn t arrive", "did not arrive", "doesn t work", "not working",
    "waste of money", "poor", "mouldy", "moldy", "stale", "overpriced", "too expensive", "cancel",
    "unsubscribe", "wrong order", "still waiting", "no reply", "no answer", "unacceptable",
    # Dutch
    "teleurgesteld", "teleurstellend", "slecht", "slechte", "waardeloos", "klacht", "klagen",
    "nooit meer", "oplichting", "oplichters", "onbeschoft", "te laat", "niet geleverd",
    "niet bezorgd", "nooit aangekomen", "niet aangekomen", "werkt niet", "kapot", "beschimmeld",
    "schimmel", "te duur", "geld terug", "opzeggen", "verkeerde bestelling", "nog steeds niets",
    "geen reactie", "geen antwoord", "onacceptabel", "vies", "zonde van mijn geld",
)  # fmt: skip
_PRAISE_PHRASES: Final = (
    # English
    "love", "loved", "great", "amazing", "awesome", "delicious", "tasty", "beautiful", "best",
    "thanks", "thank you", "fantastic", "perfect", "wonderful", "yum", "yummy", "nice", "well done",
    "good job", "brilliant", "recommend",
    # Dutch
    "lekker", "heerlijk", "top", "geweldig", "prachtig", "mooi", "super", "fantastisch", "bedankt",
    "dank je", "dankjewel", "dank u", "toppers", "topper", "smullen", "goed bezig", "aanrader",
    "genieten", "knap", "gaaf", "mooie", "lekkere", "heerlijke", "prachtige", "geweldige", "gave",
)  # fmt: skip
_PRAISE_EMOJI: Final = ("❤", "😍", "👍", "🔥", "👏", "🙌", "😋", "🥰", "💯", "🤩", "♥")
_NEGATIONS: Final = frozenset({"not", "no", "never", "niet", "geen", "nooit", "nie", "isn", "wasn", "aren"})
_QUESTION_OPENERS: Final = frozenset(
    {
        # English
        "how", "what", "when", "where", "why", "who", "which", "can", "could", "do", "does", "did",
        "is", "are", "will", "would", "should", "any", "anyone", "has", "have",
        # Dutch
        "hoe", "wat", "wanneer", "waar", "waarom", "wie", "welke", "welk", "kan", "kun", "kunnen",
        "kunt", "zijn", "heb", "hebben", "hebt", "heeft", "doen", "doet", "wordt", "worden", "komt",
        "bezorgen", "bezorgt", "leveren", "levert", "mag", "mogen", "zou", "zouden", "gaat", "gaan",
    }
)  # fmt: skip
_INTENSIFIERS: Final = frozenset({"so", "very", "really", "that", "too", "zo", "erg", "echt", "heel", "te", "wel"})
_EXCLAMATIONS: Final = (
    ["what", "a"],
    ["what", "an"],
    ["wat", "een"],
    ["wat", "zijn"],
    ["how", "nice"],
    ["hoe", "mooi"],
)
_QUESTION_PHRASES: Final = ("i wonder", "i was wondering", "ik vraag me af", "graag meer info", "meer informatie")
_WORD: Final = re.compile(r"[a-z0-9]+")


def _plain(text: str) -> str:
    """Lower case, accents off, apostrophes to spaces: "Didn't" → "didn t", "café" → "cafe"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("'", " ").replace("’", " ")


def _find(phrases: Sequence[str], words: list[str]) -> list[tuple[int, str]]:
    """(position, phrase) of every phrase found as whole words."""
    found = []
    for phrase in phrases:
        parts = phrase.split()
        n = len(parts)
        for i in range(len(words) - n + 1):
            if words[i : i + n] == parts:
                found.append((i, phrase))
    return found


@dataclass(frozen=True)
class Triage:
    kind: CommentKind
    because: tuple[str, ...]  # the words or signs that decided it


def classify(text: str) -> Triage:
    """The kind of one comment, with the words that decided it."""
    words = _WORD.findall(_plain(text))

    def negated(i: int) -> bool:
        """A negation just before (or before an intensifier: "not so great", "niet echt lekker")."""
        if i >= 1 and words[i - 1] in _NEGATIONS:
            return True
        return i >= 2 and words[i - 1] in _INTENSIFIERS and words[i - 2] in _NEGATIONS

    complaint_hits = _find(_COMPLAINT_PHRASES, words)
    praise_hits = _find(_PRAISE_PHRASES, words)
    # "not bad", "niet slecht" praise; "not great", "niet lekker" complain
    complaints = [p for i, p in complaint_hits if not (" " not in p and negated(i))]
    praise = [f"not {p}" for i, p in complaint_hits if " " not in p and negated(i)]
    unpraise = [f"not {p}" for i, p in praise_hits if negated(i)]
    if complaints or unpraise:
        return Triage(CommentKind.COMPLAINT, tuple(dict.fromkeys([*complaints, *unpraise])))
    asked = [p for _, p in _find(_QUESTION_PHRASES, words)]
    if "?" in text:
        asked.append("?")
    elif (
        len(words) >= 3
        and words[0] in _QUESTION_OPENERS
        and words[:2] not in _EXCLAMATIONS
        and not text.rstrip().endswith(("!", "."))
    ):
        asked.append(words[0])
    if asked:
        return Triage(CommentKind.QUESTION, tuple(asked))
    praise += [p for i, p in praise_hits if not negated(i)] + [e for e in _PRAISE_EMOJI if e in text]
    if praise:
        return Triage(CommentKind.PRAISE, tuple(dict.fromkeys(praise)))
    return Triage(CommentKind.OTHER, ())


def platform_family(platform: str) -> str:
    """``instagram_reels`` → ``instagram``: comments live on the account, not on a format."""
    return platform.split("_", 1)[0].lower()


def same_account(author: str, handles: Iterable[str]) -> bool:
    """Whether ``author`` is one of ``handles`` (case, spaces and a leading @ ignored)."""
    key = _account_key(author)
    return bool(key) and any(key == _account_key(h) for h in handles)


def _account_key(name: str) -> str:
    return re.sub(r"\s+", "", name.strip().lstrip("@").lower())


@dataclass(frozen=True)
class Comment:
    comment_id: str
    platform: str
    ts: dt.datetime
    text: str
    author: str = ""
    parent_id: str | None = None  # the comment this one replies to
    by_owner: bool = False  # written by the brand's own account
    video_key: str | None = None


@dataclass
class Answered:
    comment: Comment
    kind: CommentKind
    because: tuple[str, ...]
    reply_hours: float | None  # the brand's first reply, hours after the comment; None: none yet
    target_hours: float
    overdue_hours: float | None = None  # past the target without a reply, as of the report


@dataclass
class PlatformComments:
    platform: str
    target_hours: float
    comments: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    need_answer: int = 0
    answered: int = 0  # of those that need an answer
    within_target: int = 0
    median_reply_hours: float | None = None
    p90_reply_hours: float | None = None
    overdue: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "platform": self.platform,
            "target_hours": self.target_hours,
            "comments": self.comments,
            "by_kind": dict(self.by_kind),
            "need_answer": self.need_answer,
            "answered": self.answered,
            "within_target": self.within_target,
            "within_target_share": None if not self.need_answer else round(self.within_target / self.need_answer, 3),
            "median_reply_hours": None if self.median_reply_hours is None else round(self.median_reply_hours, 1),
            "p90_reply_hours": None if self.p90_reply_hours is None else round(self.p90_reply_hours, 1),
            "overdue": self.overdue,
        }


@dataclass
class CommentReport:
    as_of: dt.datetime | None
    platforms: list[PlatformComments]
    items: list[Answered]

    @property
    def overdue(self) -> list[Answered]:
        return sorted((a for a in self.items if a.overdue_hours is not None), key=lambda a: a.comment.ts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "platforms": [p.to_dict() for p in self.platforms],
            "overdue": [
                {
                    "comment_id": a.comment.comment_id,
                    "platform": a.comment.platform,
                    "video": a.comment.video_key,
                    "author": a.comment.author,
                    "ts": a.comment.ts.isoformat(),
                    "kind": a.kind.value,
                    "text": a.comment.text,
                    "overdue_hours": round(a.overdue_hours or 0.0, 1),
                }
                for a in self.overdue
            ],
        }


def _quantile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def response_report(
    comments: Iterable[Comment],
    targets: Mapping[str, float] | None = None,
    as_of: dt.datetime | None = None,
) -> CommentReport:
    """Every viewer's comment (not a reply, not the brand's own) with the brand's first reply
    to it; per platform family: the kinds, the reply times (median, 90th percentile) and how
    many questions and complaints were answered within ``targets[family]`` hours (default
    24). ``as_of`` (default: the newest comment) decides what is overdue."""
    targets = targets or {}
    everything = list(comments)
    if as_of is None and everything:
        as_of = max(c.ts for c in everything)
    first_reply: dict[str, dt.datetime] = {}
    for c in everything:
        if c.by_owner and c.parent_id is not None:
            seen = first_reply.get(c.parent_id)
            if seen is None or c.ts < seen:
                first_reply[c.parent_id] = c.ts
    items: list[Answered] = []
    for c in sorted(everything, key=lambda c: (c.ts, c.comment_id)):
        if c.by_owner or c.parent_id is not None:
            continue
        triage = classify(c.text)
        family = platform_family(c.platform)
        target = targets.get(family, DEFAULT_TARGET_HOURS)
        reply = first_reply.get(c.comment_id)
        hours = None if reply is None else max(0.0, (reply - c.ts).total_seconds() / 3600)
        item = Answered(c, triage.kind, triage.because, hours, target)
        if triage.kind in NEEDS_ANSWER and hours is None and as_of is not None:
            waiting = (as_of - c.ts).total_seconds() / 3600
            if waiting > target:
                item.overdue_hours = waiting - target
        items.append(item)
    by_family: dict[str, list[Answered]] = {}
    for item in items:
        by_family.setdefault(platform_family(item.comment.platform), []).append(item)
    platforms = []
    for family, group in sorted(by_family.items()):
        stats = PlatformComments(family, targets.get(family, DEFAULT_TARGET_HOURS), comments=len(group))
        for kind in CommentKind:
            stats.by_kind[kind.value] = sum(1 for a in group if a.kind is kind)
        needing = [a for a in group if a.kind in NEEDS_ANSWER]
        stats.need_answer = len(needing)
        replies = [a.reply_hours for a in needing if a.reply_hours is not None]
        stats.answered = len(replies)
        stats.within_target = sum(1 for h in replies if h <= stats.target_hours)
        stats.median_reply_hours = statistics.median(replies) if replies else None
        stats.p90_reply_hours = _quantile(replies, 0.9)
        stats.overdue = sum(1 for a in needing if a.overdue_hours is not None)
        platforms.append(stats)
    return CommentReport(as_of, platforms, items)
