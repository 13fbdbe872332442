"""The buyer-journey board: the campaign's stages as columns, videos and other assets as cards.

A board shows where the journey breaks, as *gaps*:

* a stage without a video — nobody is moved on at that point of the journey;
* a video without a next step — a viewer who liked it has nowhere to go;
* an offline asset (poster, flyer, event) without a QR code or a tagged link — the visits
  it brings cannot be told apart from any other visit.

Stages, tagged links and video lookups come from :mod:`reelwise.strategy.journey`, the
helpers the audit rules use, so the board and the audit agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reelwise.domain.plan import Asset, Plan, Video
from reelwise.i18n import Msg
from reelwise.strategy.journey import is_tagged, videos_in_stage


@dataclass(frozen=True)
class Step:
    """A link from a card to the card that comes next."""

    id: str
    title: str
    stage: str | None  # None: the id names nothing in the plan
    kind: str | None


@dataclass(frozen=True)
class Card:
    id: str
    kind: str  # "video" or the asset's kind (poster, landing_page …)
    title: str
    stage: str
    path: str  # where it lives in the plan: videos[1], assets[0]
    cta_type: str | None = None
    cta_text: str | None = None
    url: str | None = None  # the CTA's URL, or the asset's link / QR target
    next_steps: list[Step] = field(default_factory=list)
    gaps: list[Msg] = field(default_factory=list)

    @property
    def is_video(self) -> bool:
        return self.kind == "video"


@dataclass(frozen=True)
class Column:
    stage: str
    cards: list[Card]
    gaps: list[Msg]


@dataclass(frozen=True)
class Board:
    columns: list[Column]
    unplaced: list[Card]  # cards whose stage is not one of the campaign's (an invalid plan)

    @property
    def gap_count(self) -> int:
        return sum(len(c.gaps) + sum(len(card.gaps) for card in c.cards) for c in self.columns)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        def card(c: Card) -> dict[str, Any]:
            return {
                "id": c.id,
                "kind": c.kind,
                "title": c.title,
                "stage": c.stage,
                "path": c.path,
                "cta": {"type": c.cta_type, "text": c.cta_text} if c.cta_type else None,
                "url": c.url,
                "next_steps": [{"id": s.id, "title": s.title, "stage": s.stage, "kind": s.kind} for s in c.next_steps],
                "gaps": [g.render(lang) for g in c.gaps],
            }

        return {
            "stages": [
                {"stage": col.stage, "gaps": [g.render(lang) for g in col.gaps], "cards": [card(c) for c in col.cards]}
                for col in self.columns
            ],
            "gap_count": self.gap_count,
        }


def _video_card(plan: Plan, index: int, video: Video, lookup: dict[str, tuple[str, str, str]]) -> Card:
    steps = []
    for step in video.next_step:
        found = lookup.get(step)
        steps.append(Step(step, found[0], found[1], found[2]) if found else Step(step, step, None, None))
    gaps = []
    if not video.next_step:
        gaps.append(Msg("No next step: a viewer who liked this video has nowhere to go."))
    return Card(
        id=video.id,
        kind="video",
        title=video.title,
        stage=video.stage,
        path=f"videos[{index}]",
        cta_type=video.cta.type.value if video.cta else None,
        cta_text=video.cta.text if video.cta else None,
        url=video.cta.url if video.cta else None,
        next_steps=steps,
        gaps=gaps,
    )


def _asset_card(index: int, asset: Asset) -> Card:
    gaps = []
    if asset.kind.offline and not asset.qr_target and not is_tagged(asset.link):
        gaps.append(Msg("Offline without a QR code or tagged link: the visits it brings cannot be counted."))
    return Card(
        id=asset.id,
        kind=asset.kind.value,
        title=asset.title,
        stage=asset.stage,
        path=f"assets[{index}]",
        url=asset.qr_target or asset.link,
        gaps=gaps,
    )


def build_board(plan: Plan) -> Board:
    """The board of a (validated) plan: one column per stage, in the campaign's order."""
    lookup: dict[str, tuple[str, str, str]] = {v.id: (v.title, v.stage, "video") for v in plan.videos}
    lookup.update({a.id: (a.title, a.stage, a.kind.value) for a in plan.assets})
    cards = [_video_card(plan, i, v, lookup) for i, v in enumerate(plan.videos)]
    cards += [_asset_card(i, a) for i, a in enumerate(plan.assets)]
    columns = []
    placed: set[str] = set()
    for stage in plan.campaign.stages:
        here = [c for c in cards if c.stage.lower() == stage.lower()]
        placed.update(c.path for c in here)
        gaps = []
        if not videos_in_stage(plan, stage):
            gaps.append(Msg("No video in the {stage} stage: nobody is moved on here.", stage=stage))
        columns.append(Column(stage=stage, cards=here, gaps=gaps))
    return Board(columns=columns, unplaced=[c for c in cards if c.path not in placed])
