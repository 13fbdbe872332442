""" "How did you hear about us?" answers in Dutch and English → channels, shares, ratios."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from reelwise.analytics.attribution import (
    SynonymTable,
    channel_shares,
    count_channels,
    damerau_levenshtein,
    normalise,
    self_reported_ratio,
)


@pytest.mark.parametrize(
    ("answer", "channels"),
    [
        ("Via Insta", ("instagram",)),
        ("instagram advertentie", ("instagram",)),
        ("Instagramadvertentie", ("instagram",)),
        ("IG", ("instagram",)),
        ("TikTok", ("tiktok",)),
        ("tik tok filmpje", ("tiktok",)),
        ("YouTube", ("youtube",)),
        ("yt", ("youtube",)),
        ("Facebook-groep", ("facebook",)),
        ("fb", ("facebook",)),
        ("LinkedIn post van een collega", ("linkedin", "word_of_mouth")),
        ("Gegoogeld", ("search",)),
        ("via Google", ("search",)),
        ("zoeken op internet", ("search",)),
        ("Een vriendin vertelde het", ("word_of_mouth",)),
        ("mijn familie", ("word_of_mouth",)),
        ("mond-tot-mond", ("word_of_mouth",)),
        ("Word of mouth", ("word_of_mouth",)),
        ("a friend told me", ("word_of_mouth",)),
        ("Ik zag een poster", ("print",)),
        ("affiche bij de bakker", ("print",)),
        ("flyer in de bus", ("print",)),
        ("folder", ("print",)),
        ("Krantenartikel", ("press",)),
        ("in the newspaper", ("press",)),
        ("een blog", ("press",)),
        ("podcast", ("press",)),
        ("Radio 538", ("radio",)),
        ("op een beurs", ("event",)),
        ("at an event", ("event",)),
        ("nieuwsbrief", ("email",)),
        ("your newsletter", ("email",)),
        ("e-mail", ("email",)),
    ],
)
def test_answers_in_dutch_and_english_map_to_channels(answer: str, channels: tuple[str, ...]) -> None:
    match = SynonymTable().match(answer)
    assert match.channels == channels
    assert match.how == "builtin"


@pytest.mark.parametrize(
    ("answer", "channel"),
    [
        ("instagarm", "instagram"),
        ("facebok", "facebook"),
        ("gogle", "search"),
        ("nieuwbrief", "email"),
        ("Youtub", "youtube"),
        ("vriendn", "word_of_mouth"),
        ("newsleter", "email"),
    ],
)
def test_typos_are_matched_fuzzily_and_flagged(answer: str, channel: str) -> None:
    match = SynonymTable().match(answer)
    assert match.channels == (channel,)
    assert match.how == "fuzzy"


@pytest.mark.parametrize("answer", ["weet ik niet meer", "installateur", "eventueel", "older", "", "  ?! ", "mail ons"])
def test_unrelated_words_stay_unmatched(answer: str) -> None:
    assert SynonymTable().match(answer).channels in ((), ("email",))
    if answer != "mail ons":
        assert SynonymTable().match(answer).how == "none"


def test_remembered_mappings_apply_and_win_for_the_whole_answer() -> None:
    table = SynonymTable()
    assert table.match("bij de bakker").channels == ()
    table.add("Bij de Bakker!", "word_of_mouth")
    assert table.match("bij de bakker").channels == ("word_of_mouth",)
    assert table.match("bij de bakker").how == "user"
    table.add("insta story van een vriend", "instagram")
    assert table.match("Insta-story van een vriend").channels == ("instagram",)
    # a remembered phrase inside a longer answer combines with the built-in ones
    assert table.match("poster bij de bakker").channels == ("print", "word_of_mouth")


def test_normalise() -> None:
    assert normalise("  Één  Vriend-in!! ") == "een vriend in"
    assert normalise("") == ""


@given(st.text(max_size=80))
def test_matching_never_crashes_and_normalising_is_idempotent(text: str) -> None:
    match = SynonymTable().match(text)
    assert match.how in ("builtin", "fuzzy", "none", "user")
    assert normalise(normalise(text)) == normalise(text)


@pytest.mark.parametrize(
    ("a", "b", "d"), [("abc", "abc", 0), ("abc", "acb", 1), ("kitten", "sitten", 1), ("abc", "xyz", 3), ("a", "", 1)]
)
def test_damerau_levenshtein(a: str, b: str, d: int) -> None:
    assert damerau_levenshtein(a, b, limit=5) == d


def test_shares_with_dirichlet_intervals_by_hand() -> None:
    counts = count_channels([("instagram",), ("instagram",), ("print", "instagram"), ("radio",)])
    assert counts == {"instagram": 2.5, "print": 0.5, "radio": 1.0}
    shares = {s.channel: s for s in channel_shares(counts, prior=0.5, level=0.9)}
    # Dirichlet(2.5 + ½, 0.5 + ½, 1 + ½): the marginal of instagram is Beta(3, 2.5)
    insta = shares["instagram"]
    assert insta.share == pytest.approx(3 / 5.5)
    assert insta.interval_90 == pytest.approx(tuple(stats.beta.ppf([0.05, 0.95], 3, 2.5)))
    assert sum(s.share for s in shares.values()) == pytest.approx(1.0)
    assert list(shares) == ["instagram", "radio", "print"]
    assert channel_shares({}) == []


def test_self_reported_against_platform_attributed() -> None:
    ratios = {r.channel: r for r in self_reported_ratio({"instagram": 30, "radio": 4}, {"instagram": 10, "tiktok": 5})}
    assert ratios["instagram"].ratio == 3.0
    assert ratios["radio"].ratio is None
    assert ratios["tiktok"].ratio == 0.0
