"""Finding phrases in transcripts and on-screen text, tolerant of small recognition errors.

Speech recognition and OCR both make small mistakes ("Bakery Janssen" for "Bakkerij
Jansen", "sign-up" for "sign up", "0" for "O"). Matching therefore works on normalised
tokens (lower case, accents removed, punctuation dropped) and accepts a window of the text
whose characters are within a small Levenshtein distance of the phrase: about one edit per
four characters (:func:`allowed_edits`), none for very short phrases. A phrase written
without spaces ("bakkerijjansen", as in a URL or a handle) also matches.

Entry points: :func:`find_phrase` (first match in one string), :func:`find_in_timed`
(first match in a list of :class:`~reelwise.media.base.TimedText`, with the word time when
the text has word times), :func:`levenshtein`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reelwise.media.base import TimedText

_TOKEN = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    """Lower case, accents removed (``é`` → ``e``), ``&`` kept as ``en``-neutral space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """Normalised word tokens: ``"Bestel NU!"`` → ``["bestel", "nu"]``."""
    return _TOKEN.findall(normalise(text))


def levenshtein(a: str, b: str, limit: int | None = None) -> int:
    """Edit distance (insert, delete, substitute). With ``limit``, any distance above it may be
    returned as ``limit + 1`` (early exit)."""
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    if limit is not None and len(a) - len(b) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        best = i
        for j, cb in enumerate(b, 1):
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            current.append(value)
            best = min(best, value)
        if limit is not None and best > limit:
            return limit + 1
        previous = current
    return previous[-1]


def allowed_edits(phrase: str) -> int:
    """Edits tolerated for a normalised phrase: 0 up to 4 characters, then one per 4
    (measured: recognisers get about one letter in four wrong in names they do not know,
    e.g. "Bakerie Janssen" for "Bakery Jansen")."""
    n = len(phrase.replace(" ", ""))
    return 0 if n <= 4 else n // 4


@dataclass(frozen=True)
class PhraseMatch:
    phrase: str  # the phrase as asked
    found: str  # the matching words of the text (normalised)
    start_token: int
    end_token: int  # exclusive
    distance: int

    @property
    def exact(self) -> bool:
        return self.distance == 0


def find_phrase(phrase: str, text: str, *, fuzzy: bool = True) -> PhraseMatch | None:
    """The best-matching window of ``text`` for ``phrase`` (earliest among equals), or None."""
    wanted = tokens(phrase)
    words = tokens(text)
    if not wanted or not words:
        return None
    target = " ".join(wanted)
    squashed = "".join(wanted)
    limit = allowed_edits(target) if fuzzy else 0
    best: PhraseMatch | None = None
    n = len(wanted)
    for size in sorted({max(1, n - 1), n, n + 1}):
        for start in range(0, len(words) - size + 1):
            window = words[start : start + size]
            joined = " ".join(window)
            distance = min(levenshtein(joined, target, limit), levenshtein("".join(window), squashed, limit))
            if distance <= limit and (best is None or (distance, start) < (best.distance, best.start_token)):
                best = PhraseMatch(phrase, joined, start, start + size, distance)
    if best is None and len(squashed) >= 6:
        # written as one word inside a longer token: "bakkerijjansen" in "www.bakkerijjansen.nl"
        for i, word in enumerate(words):
            if squashed in word:
                best = PhraseMatch(phrase, word, i, i + 1, 0)
                break
    return best


def find_any(phrases: Iterable[str], text: str, *, fuzzy: bool = True) -> PhraseMatch | None:
    """The first (earliest in the text, then closest) match of any of ``phrases``."""
    found = [m for m in (find_phrase(p, text, fuzzy=fuzzy) for p in phrases) if m is not None]
    if not found:
        return None
    return min(found, key=lambda m: (m.start_token, m.distance))


@dataclass(frozen=True)
class TimedMatch:
    match: PhraseMatch
    item: TimedText
    time_s: float  # when the phrase starts (word time when known, else the item's start)


def word_time(item: TimedText, token_index: int) -> float:
    """Start time of the ``token_index``-th normalised token of ``item``, from its word times."""
    if not item.words:
        return item.start_s
    count = 0
    for start, _end, word in item.words:
        n = len(tokens(word))
        if count + n > token_index:
            return start
        count += n
    return item.start_s


def find_in_timed(phrases: Sequence[str], items: Iterable[TimedText], *, fuzzy: bool = True) -> TimedMatch | None:
    """The earliest moment any of ``phrases`` occurs in ``items`` (speech or on-screen text)."""
    best: TimedMatch | None = None
    for item in items:
        match = find_any(phrases, item.text, fuzzy=fuzzy)
        if match is None:
            continue
        t = word_time(item, match.start_token)
        if best is None or t < best.time_s:
            best = TimedMatch(match, item, t)
    return best


def similarity(a: str, b: str) -> float:
    """1.0 for equal normalised texts, falling towards 0 with the edit distance."""
    na, nb = " ".join(tokens(a)), " ".join(tokens(b))
    if not na and not nb:
        return 1.0
    return 1.0 - levenshtein(na, nb) / max(len(na), len(nb))
