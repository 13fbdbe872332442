"""Comment triage (Dutch and English) and response times against the targets."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reelwise.analytics.comments import (
    DEFAULT_TARGET_HOURS,
    Comment,
    CommentKind,
    classify,
    platform_family,
    response_report,
    same_account,
)

T0 = dt.datetime(2027, 2, 15, 8, 0)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Wanneer bezorgen jullie in Amersfoort?", CommentKind.QUESTION),
        ("Wat kost een abonnement", CommentKind.QUESTION),  # no question mark, but asked
        ("is this vegan", CommentKind.QUESTION),
        ("Ik vraag me af of het ook glutenvrij kan", CommentKind.QUESTION),
        ("Brood was beschimmeld, nog steeds geen reactie", CommentKind.COMPLAINT),
        ("Ordered twice, never arrived. Refund?", CommentKind.COMPLAINT),  # a complaint that asks: a complaint
        ("Niet lekker, oud brood gekregen", CommentKind.COMPLAINT),  # negated praise
        ("not so great this time", CommentKind.COMPLAINT),
        ("Heerlijk brood! 😍", CommentKind.PRAISE),
        ("Wat een mooie video", CommentKind.PRAISE),  # an exclamation, not a question
        ("Niet slecht!", CommentKind.PRAISE),  # negated complaint
        ("not bad at all", CommentKind.PRAISE),
        ("Super lekker, waar kan ik het kopen?", CommentKind.QUESTION),  # praise that asks: waits for an answer
        ("👍", CommentKind.PRAISE),
        ("@sanne kijk!", CommentKind.OTHER),
        ("", CommentKind.OTHER),
    ],
)
def test_comments_are_triaged_in_dutch_and_english(text: str, kind: CommentKind) -> None:
    assert classify(text).kind is kind


def test_the_words_that_decided_are_given() -> None:
    assert classify("Ordered twice, never arrived. Refund?").because == ("refund", "never arrived")
    assert classify("Niet lekker").because == ("not lekker",)
    assert classify("CAFÉ was TOP").because == ("top",)  # case and accents do not matter


@given(st.text(max_size=300))
def test_any_text_gets_exactly_one_kind_the_same_every_time(text: str) -> None:
    first = classify(text)
    assert first == classify(text) and first.kind in CommentKind
    assert (first.kind is CommentKind.OTHER) == (first.because == ())


def test_accounts_and_platform_families() -> None:
    assert same_account("@BakkerijVanDijk", ["bakkerijvandijk"]) and not same_account("", ["x"])
    assert not same_account("@bakkerij", ["@bakkerijvandijk"])
    assert platform_family("instagram_reels") == "instagram" and platform_family("youtube") == "youtube"


def comment(
    cid: str,
    hours: float,
    text: str,
    *,
    parent: str | None = None,
    owner: bool = False,
    platform: str = "instagram_reels",
) -> Comment:
    return Comment(cid, platform, T0 + dt.timedelta(hours=hours), text, "x", parent, owner)


def test_response_times_and_overdue_against_the_channels_target() -> None:
    comments = [
        comment("q1", 0, "Wanneer bezorgen jullie?"),
        comment("r1", 2, "Vanaf maart!", parent="q1", owner=True),  # 2 h: within 4 h
        comment("r1b", 1, "Ik wil het ook weten", parent="q1"),  # a viewer's reply does not count
        comment("c1", 1, "Brood was beschimmeld"),
        comment("r2", 9, "Sorry! We bellen je.", parent="c1", owner=True),  # 8 h: late
        comment("r2b", 20, "Nogmaals sorry", parent="c1", owner=True),  # only the first reply counts
        comment("q2", 3, "Kan ik het ook ophalen?"),  # never answered
        comment("p1", 4, "Heerlijk!"),  # praise needs no answer
        comment("o1", 5, "Dank jullie, tot morgen", owner=True),  # the brand's own post
        comment("y1", 0, "What time do you open?", platform="youtube"),
    ]
    report = response_report(comments, {"instagram": 4.0}, as_of=T0 + dt.timedelta(hours=10))
    by = {p.platform: p for p in report.platforms}
    insta = by["instagram"]
    assert insta.comments == 4 and insta.by_kind == {"complaint": 1, "question": 2, "praise": 1, "other": 0}
    assert (insta.need_answer, insta.answered, insta.within_target) == (3, 2, 1)
    assert insta.median_reply_hours == pytest.approx(5.0) and insta.p90_reply_hours == pytest.approx(7.4)
    assert insta.overdue == 1  # q2: 7 h waiting, 3 h past the 4 h target
    (late,) = [a for a in report.overdue if a.comment.platform == "instagram_reels"]
    assert late.comment.comment_id == "q2" and late.overdue_hours == pytest.approx(3.0)
    youtube = by["youtube"]
    assert youtube.target_hours == DEFAULT_TARGET_HOURS and youtube.overdue == 0  # 10 h < 24 h
    assert report.to_dict()["platforms"][0]["within_target_share"] == pytest.approx(1 / 3, abs=1e-3)


def test_no_comments_no_platforms() -> None:
    report = response_report([])
    assert report.platforms == [] and report.overdue == [] and report.as_of is None


def test_the_advice_asks_to_answer_what_waits_past_its_target() -> None:
    import yaml
    from tests.strategy.plans import baseline

    from reelwise.analytics.advice import AdviceContext, run_advice
    from reelwise.domain.planfile import load_plan

    plan = load_plan(yaml.safe_dump(baseline()), "plan.yaml")
    waiting = [comment("q1", 0, "Wanneer bezorgen jullie?"), comment("c1", 1, "Brood was beschimmeld")]
    late = response_report(waiting, {"instagram": 4.0}, as_of=T0 + dt.timedelta(hours=30))
    (finding,) = [f for f in run_advice(AdviceContext(plan=plan, today=T0.date(), comments=late)) if f.point == 7]
    assert finding.id == "analytics.comments_overdue" and finding.severity.value == "problem"  # a complaint waits
    assert finding.evidence["overdue"] == 2 and finding.evidence["oldest"]["comment_id"] == "q1"
    assert "26 hours" in finding.message.render("en") and finding.message.render("nl") != finding.message.render("en")
    in_time = response_report(waiting, {"instagram": 48.0}, as_of=T0 + dt.timedelta(hours=30))
    assert not [f for f in run_advice(AdviceContext(plan=plan, today=T0.date(), comments=in_time)) if f.point == 7]
