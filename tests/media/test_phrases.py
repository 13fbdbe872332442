"""Tolerant phrase matching for transcripts and on-screen text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reelwise.media.base import TimedText
from reelwise.media.phrases import find_in_timed, find_phrase, levenshtein, similarity, tokens

words = st.text(alphabet="abcdefghij ", max_size=12)


@settings(deadline=None)
@given(words, words, words)
def test_levenshtein_is_a_metric(a: str, b: str, c: str) -> None:
    assert levenshtein(a, a) == 0
    assert levenshtein(a, b) == levenshtein(b, a)
    assert levenshtein(a, c) <= levenshtein(a, b) + levenshtein(b, c)
    assert levenshtein(a, b) <= max(len(a), len(b))


@settings(deadline=None)
@given(words, words)
def test_levenshtein_limit_only_cuts_off_above_the_limit(a: str, b: str) -> None:
    full = levenshtein(a, b)
    assert levenshtein(a, b, limit=2) == (full if full <= 2 else 3)


def test_tokens_drop_case_accents_and_punctuation() -> None:
    assert tokens("Bestel NU! Café-Één") == ["bestel", "nu", "cafe", "een"]


def test_exact_and_slightly_misheard_phrases_match() -> None:
    assert find_phrase("sign up", "Sign up today!") is not None
    assert find_phrase("sign up", "Sigh up today at our website") is not None  # one letter wrong
    assert find_phrase("sign up", "Sight up today") is None  # two edits in six letters is another phrase
    assert find_phrase("sign up", "signup now") is not None  # written as one word
    assert find_phrase("meld je aan", "Meld je vandaag aan") is None  # a word in between is not a typo
    assert find_phrase("bestel nu", "bestel nu!").exact  # type: ignore[union-attr]


def test_short_words_need_an_exact_match() -> None:
    assert find_phrase("koop", "kook") is None
    assert find_phrase("koop", "Koop!") is not None


def test_a_name_inside_a_web_address_or_handle_is_found() -> None:
    assert find_phrase("Bakkerij Jansen", "Bestel op www.bakkerijjansen.nl") is not None
    assert find_phrase("Bakkerij Jansen", "@bakkerijjansen") is not None
    assert find_phrase("Bakkerij Jansen", "Bakery Janssen") is None  # too far off: another name


def test_no_match_in_unrelated_text() -> None:
    assert find_phrase("learn more", "Fresh bread every day") is None
    assert find_phrase("", "anything") is None
    assert find_phrase("visit", "") is None


def test_the_earliest_timed_match_uses_word_times() -> None:
    items = [
        TimedText(
            4.0,
            6.0,
            "Welcome. Learn more at our website",
            words=[
                (4.0, 4.5, "Welcome."),
                (5.0, 5.3, "Learn"),
                (5.3, 5.5, "more"),
                (5.5, 5.6, "at"),
                (5.6, 5.7, "our"),
                (5.7, 6.0, "website"),
            ],
        ),
        TimedText(8.0, 9.0, "learn more"),
    ]
    match = find_in_timed(["learn more"], items)
    assert match is not None and match.time_s == 5.0


def test_similarity() -> None:
    assert similarity("Bestel nu", "bestel  NU") == 1.0
    assert similarity("abc", "xyz") == 0.0
