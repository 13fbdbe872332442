"""The buyer-journey board: columns per stage, cards with their next steps, gaps marked."""

from __future__ import annotations

from tests.conftest import EXAMPLES
from tests.domain.plans import plan_data

from reelwise.domain.plan import Plan
from reelwise.services.journey import build_board
from reelwise.services.plans import read_plan


def test_the_example_has_a_full_journey_without_gaps() -> None:
    example = read_plan(EXAMPLES / "bakkerij" / "plan.en.yaml")
    board = build_board(example)
    assert [c.stage for c in board.columns] == ["See", "Think", "Do", "Care"]
    assert board.gap_count == 0
    see = board.columns[0]
    video = next(c for c in see.cards if c.id == "v1-bakker")
    assert video.cta_type == "follow"
    assert [(s.id, s.stage) for s in video.next_steps] == [("v2-zuurdesem", "Think"), ("poster-wijk", "See")]
    assert sum(len(c.cards) for c in board.columns) == len(example.videos) + len(example.assets)


def test_gaps_are_marked_where_the_journey_breaks() -> None:
    data = plan_data()  # one See video without next step; a poster with a QR code; no Think/Do/Care videos
    data["assets"].append(
        {"id": "flyer", "kind": "flyer", "title": "Flyer", "stage": "Do", "link": "https://kb.example/"}
    )
    data["assets"].append(
        {
            "id": "flyer2",
            "kind": "flyer",
            "title": "Flyer 2",
            "stage": "Do",
            "link": "https://kb.example/?utm_source=f&utm_campaign=l",
        }
    )
    board = build_board(Plan.model_validate(data))
    columns = {c.stage: c for c in board.columns}
    assert not columns["See"].gaps
    assert [g.render("en") for g in columns["Think"].gaps] == ["No video in the Think stage: nobody is moved on here."]
    video = columns["See"].cards[0]
    assert video.gaps and "next step" in video.gaps[0].render("en")
    poster = next(c for c in columns["See"].cards if c.id == "poster")
    assert not poster.gaps, "the poster has a QR code"
    flyers = {c.id: c for c in columns["Do"].cards}
    assert flyers["flyer"].gaps and "QR code" in flyers["flyer"].gaps[0].render("en")
    assert not flyers["flyer2"].gaps, "a tagged link counts"
    assert board.gap_count == 3 + 1 + 1  # Think, Do, Care without video; the video; one flyer
    data2 = board.to_dict("nl")
    assert data2["gap_count"] == 5
    assert data2["stages"][1]["gaps"] == ["Geen video in de fase Think: hier wordt niemand verder geholpen."]


def test_a_next_step_to_an_online_asset_carries_its_title_and_stage() -> None:
    data = plan_data()
    data["assets"].append({"id": "landing", "kind": "landing_page", "title": "Landingspagina", "stage": "Do"})
    data["videos"][0]["next_step"] = ["landing"]
    board = build_board(Plan.model_validate(data))
    (step,) = board.columns[0].cards[0].next_steps
    assert (step.title, step.stage, step.kind) == ("Landingspagina", "Do", "landing_page")
    assert not board.columns[0].cards[0].gaps
