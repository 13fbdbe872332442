""" "How did you hear about us?": free text in Dutch or English → channels.

Matching, in order, on the normalised answer (lower case, accents and punctuation
removed, hyphens as spaces):

1. the user's remembered mappings (``channel_synonyms`` in the workspace store), as whole
   words or phrases — they win over everything else;
2. the built-in synonym table, as whole words or phrases; entries ending in ``*`` also
   match the start of a word (``instagram*`` matches ``instagramadvertentie``);
3. only when 1 and 2 find nothing: fuzzy matching for typos — a word of 5+ letters that
   starts with the same letter as a synonym of 5+ letters and is within
   Damerau–Levenshtein distance 1 (2 for words of 8+ letters) of it. Fuzzy matches are
   flagged (``how == "fuzzy"``) so a person can confirm them.

A remembered phrase that is the whole answer decides alone; otherwise the channels of
all remembered and built-in phrases found in the answer are combined.

An answer naming several channels gives each an equal part of one answer. Answers that
match nothing are listed for the user to map (``reelwise answers map PHRASE CHANNEL``).
Shares get Dirichlet intervals: the marginal of Dirichlet(counts + ½) for one channel is
Beta(c_k + ½, Σc + K/2 − c_k − ½).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

# Channels: stable ids, shown through the catalogue in reports.
CHANNELS: Final = (
    "instagram",
    "tiktok",
    "youtube",
    "facebook",
    "linkedin",
    "x",
    "search",
    "word_of_mouth",
    "print",
    "press",
    "radio",
    "tv",
    "event",
    "email",
    "website",
    "ads",
)

#: A channel that only counts when nothing more specific is named ("advertentie op Instagram" → instagram).
GENERIC: Final = "ads"

BUILTIN_SYNONYMS: Final[tuple[tuple[str, str], ...]] = (
    ("instagram*", "instagram"),
    ("insta", "instagram"),
    ("instastory", "instagram"),
    ("instastories", "instagram"),
    ("ig", "instagram"),
    ("reels", "instagram"),
    ("tiktok*", "tiktok"),
    ("tik tok", "tiktok"),
    ("youtube*", "youtube"),
    ("yt", "youtube"),
    ("you tube", "youtube"),
    ("facebook*", "facebook"),
    ("fb", "facebook"),
    ("meta", "facebook"),
    ("linkedin*", "linkedin"),
    ("linked in", "linkedin"),
    ("twitter*", "x"),
    ("google*", "search"),
    ("gegoogeld", "search"),
    ("googelen", "search"),
    ("zoeken", "search"),
    ("gezocht", "search"),
    ("zoekmachine*", "search"),
    ("search*", "search"),
    ("searched", "search"),
    ("bing", "search"),
    ("vriend", "word_of_mouth"),
    ("vriendin", "word_of_mouth"),
    ("vrienden", "word_of_mouth"),
    ("familie", "word_of_mouth"),
    ("kennis", "word_of_mouth"),
    ("kennissen", "word_of_mouth"),
    ("collega*", "word_of_mouth"),
    ("buurman", "word_of_mouth"),
    ("buurvrouw", "word_of_mouth"),
    ("mond tot mond", "word_of_mouth"),
    ("mond op mond", "word_of_mouth"),
    ("via via", "word_of_mouth"),
    ("aanbevolen", "word_of_mouth"),
    ("aanrader", "word_of_mouth"),
    ("word of mouth", "word_of_mouth"),
    ("friend", "word_of_mouth"),
    ("friends", "word_of_mouth"),
    ("family", "word_of_mouth"),
    ("colleague*", "word_of_mouth"),
    ("recommended", "word_of_mouth"),
    ("recommendation", "word_of_mouth"),
    ("poster*", "print"),
    ("affiche*", "print"),
    ("flyer*", "print"),
    ("folder*", "print"),
    ("billboard*", "print"),
    ("brochure*", "print"),
    ("krant*", "press"),
    ("newspaper*", "press"),
    ("artikel*", "press"),
    ("article*", "press"),
    ("tijdschrift*", "press"),
    ("magazine*", "press"),
    ("blog*", "press"),
    ("podcast*", "press"),
    ("radio*", "radio"),
    ("televisie", "tv"),
    ("tv", "tv"),
    ("television", "tv"),
    ("event", "event"),
    ("events", "event"),
    ("evenement*", "event"),
    ("beurs", "event"),
    ("beurzen", "event"),
    ("fair", "event"),
    ("trade show", "event"),
    ("markt", "event"),
    ("email", "email"),
    ("e mail", "email"),
    ("mail", "email"),
    ("mailing", "email"),
    ("nieuwsbrief*", "email"),
    ("newsletter*", "email"),
    ("website", "website"),
    ("webshop", "website"),
    ("site", "website"),
    ("advertentie*", "ads"),
    ("reclame*", "ads"),
    ("advert", "ads"),
    ("advertisement", "ads"),
    ("ad", "ads"),
    ("ads", "ads"),
)

_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")


def normalise(text: str) -> str:
    """Lower case, accents removed, hyphens and punctuation as spaces, single spaces."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return _SPACE.sub(" ", _NON_WORD.sub(" ", ascii_text.replace("-", " "))).strip()


def damerau_levenshtein(a: str, b: str, limit: int = 2) -> int:
    """Optimal-string-alignment distance, stopping early past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


@dataclass(frozen=True)
class Match:
    channels: tuple[str, ...]  # in order of first mention; empty = unmatched
    how: str  # "user" | "builtin" | "fuzzy" | "none"


@dataclass
class SynonymTable:
    """The built-in synonyms plus the user's remembered mappings."""

    user: dict[str, str] = field(default_factory=dict)

    def add(self, phrase: str, channel: str) -> str:
        key = normalise(phrase)
        if not key:
            raise ValueError("empty phrase")
        self.user[key] = channel
        return key

    def _entries(self) -> list[tuple[tuple[str, ...], bool, str]]:
        out = []
        for phrase, channel in BUILTIN_SYNONYMS:
            prefix = phrase.endswith("*")
            out.append((tuple(normalise(phrase.rstrip("*")).split()), prefix, channel))
        return out

    def match(self, answer: str) -> Match:
        words = normalise(answer).split()
        if not words:
            return Match((), "none")
        whole = " ".join(words)
        if whole in self.user:
            return Match((self.user[whole],), "user")
        user = [(tuple(k.split()), False, c) for k, c in self.user.items()]
        found, covered = _find(words, user + self._entries())
        user_found, _ = _find(words, user)
        rest = [(i, w) for i, w in enumerate(words) if i not in covered]
        fuzzy = _fuzzy(rest, self._entries() + user)
        channels = _ordered(found + fuzzy)
        if len(channels) > 1 and GENERIC in channels:  # an Instagram ad is Instagram
            channels = tuple(c for c in channels if c != GENERIC)
        if not channels:
            return Match((), "none")
        how = "fuzzy" if fuzzy else ("user" if user_found else "builtin")
        return Match(channels, how)


def _find(
    words: Sequence[str], entries: Iterable[tuple[tuple[str, ...], bool, str]]
) -> tuple[list[tuple[int, str]], set[int]]:
    """Exact (and prefix) matches: (position, channel) pairs and the word positions used."""
    found: list[tuple[int, str]] = []
    covered: set[int] = set()
    for tokens, prefix, channel in entries:
        n = len(tokens)
        for i in range(len(words) - n + 1):
            window = words[i : i + n]
            if list(tokens[:-1]) != list(window[:-1]):
                continue
            last = window[-1]
            if last == tokens[-1] or (prefix and last.startswith(tokens[-1])):
                found.append((i, channel))
                covered.update(range(i, i + n))
    return found, covered


def _fuzzy(
    words: Sequence[tuple[int, str]], entries: Iterable[tuple[tuple[str, ...], bool, str]]
) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    singles = [(t[0], c) for t, _p, c in entries if len(t) == 1 and len(t[0]) >= 5]
    for i, word in words:
        if len(word) < 5:
            continue
        limit = 2 if len(word) >= 8 else 1
        for synonym, channel in singles:
            if synonym[0] == word[0] and damerau_levenshtein(word, synonym, limit) <= limit:
                found.append((i, channel))
                break
    return found


def _ordered(found: list[tuple[int, str]]) -> tuple[str, ...]:
    seen: list[str] = []
    for _pos, channel in sorted(found):
        if channel not in seen:
            seen.append(channel)
    return tuple(seen)


# --- shares and the self-reported / platform ratio -------------------------------------------


@dataclass(frozen=True)
class ChannelShare:
    channel: str
    answers: float
    share: float  # posterior mean
    interval_90: tuple[float, float]


def count_channels(matches: Iterable[Sequence[str]]) -> dict[str, float]:
    """Answers per channel; an answer naming k channels counts 1/k for each."""
    counts: dict[str, float] = {}
    for channels in matches:
        for channel in channels:
            counts[channel] = counts.get(channel, 0.0) + 1.0 / len(channels)
    return counts


def channel_shares(counts: Mapping[str, float], *, prior: float = 0.5, level: float = 0.9) -> list[ChannelShare]:
    """Shares of the mapped answers per channel with Dirichlet (marginal Beta) intervals."""
    from scipy.stats import beta

    if not counts:
        return []
    total = sum(counts.values())
    k = len(counts)
    alpha0 = total + prior * k
    tail = (1 - level) / 2
    out = []
    for channel, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        a = c + prior
        b = alpha0 - a
        lo, hi = beta.ppf([tail, 1 - tail], a, b)
        out.append(ChannelShare(channel, c, a / alpha0, (float(lo), float(hi))))
    return out


@dataclass(frozen=True)
class ChannelRatio:
    channel: str
    self_reported: float
    platform: float
    ratio: float | None  # self-reported ÷ platform-attributed; None when the platform counts none


def self_reported_ratio(self_reported: Mapping[str, float], platform: Mapping[str, float]) -> list[ChannelRatio]:
    """Per channel: what customers say against what the platforms attribute."""
    out = []
    for channel in sorted(set(self_reported) | set(platform)):
        s = self_reported.get(channel, 0.0)
        p = platform.get(channel, 0.0)
        out.append(ChannelRatio(channel, s, p, s / p if p else None))
    return out
