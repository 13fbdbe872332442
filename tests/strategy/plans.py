"""A good baseline campaign plan for the audit-rule tests, and helpers to run one rule.

Shared by the tests of every strategy rule module (points 1–10): build the baseline with
:func:`baseline`, change the one thing a rule is about, and run the rule with
:func:`run_rule`. The baseline is meant to be a plan a careful marketer would defend: a
bakery's spring campaign with goals, four videos across See/Think/Do/Care, personas,
posts, channels, PR and a measurement plan. A rule that fires on it is either wrong or the
baseline needs the fix (then fix the baseline, not the test).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from typing import Any

from reelwise.domain.findings import Finding
from reelwise.domain.plan import Plan
from reelwise.domain.registry import REGISTRY, load_all
from reelwise.strategy.base import AuditContext

TODAY = dt.date(2027, 1, 10)
TAG = "utm_source=video&utm_medium=social&utm_campaign=lente"
SITE = "https://bakkerij.example"

# A measured video report in which the brand shows early (what the video check will feed).
GOOD_REPORTS: Mapping[str, Mapping[str, Any]] = {
    vid: {"brand": {"logo_first_s": 1.2, "name_first_s": 2.5}} for vid in ("v-see", "v-think", "v-do", "v-care")
}


def _video(
    vid: str, title: str, stage: str, fmt: str, cta: dict[str, Any], variants: list[dict[str, Any]], keywords: list[str]
) -> dict[str, Any]:
    return {
        "id": vid,
        "title": title,
        "stage": stage,
        "language": "nl",
        "duration_target_s": 30,
        "cta": cta,
        "brand_moment_s": 2,
        "concept": {
            "keywords": keywords,
            "ideas": ["de bakker vertelt zelf", "klanten proeven"],
            "format": fmt,
            "authenticity": {"real_people": True, "real_place": True, "own_voice": True, "honest_claims": True},
        },
        "production": {
            "mode": "freelance",
            "budget_eur": 2500,
            "supplier": "Studio Noord",
            "status": "approved",
            "delivery": "2027-01-20",
            "approved_on": "2027-01-25",
        },
        "variants": variants,
    }


def baseline() -> dict[str, Any]:
    """A fresh copy of the good baseline plan, as plain data (mutate it freely)."""
    return copy.deepcopy(_BASELINE)


_BASELINE: dict[str, Any] = {
    "version": 1,
    "brand": {
        "name": "Bakkerij Van Dijk",
        "name_variants": ["Van Dijk", "Bakkerij van Dijk", "Van Dijk Bakery"],
        "colours": ["#8B4513", "#F5DEB3"],
        "fonts": ["Nunito"],
        "logo": "brand/logo.png",
        "slogan": "Elke dag vers, al sinds 1952",
        "languages": ["nl"],
    },
    "campaign": {
        "name": "Lentebrood 2027",
        "start": "2027-03-01",
        "end": "2027-04-30",
        "launch": "2027-03-15",
        "budget_eur": 15000,
        "sells": True,
        "expectations": {"touchpoints": 5, "days_to_conversion": 14, "conversion_rate": 0.02},
    },
    "personas": [
        {
            "id": "parents",
            "name": "Jonge ouders",
            "age": {"min": 28, "max": 42},
            "country": "NL",
            "platforms": ["instagram_reels", "instagram_feed", "youtube"],
            "active_hours": ["07:00-09:00", "19:00-22:00"],
        },
        {
            "id": "office",
            "name": "Kantoorlunchers",
            "age": {"min": 25, "max": 55},
            "country": "NL",
            "platforms": ["linkedin"],
            "active_hours": ["12:00-13:30", "17:00-18:30"],
        },
    ],
    "goals": [
        {"id": "g-sales", "metric": "sales", "target": 400, "deadline": "2027-04-30", "stage": "Do"},
        {
            "id": "g-reach",
            "metric": "reach",
            "target": 50000,
            "deadline": "2027-04-15",
            "stage": "See",
            "serves": "g-sales",
        },
        {"id": "g-recall", "metric": "brand_recall_lift", "target": 0.03, "deadline": "2027-04-30", "stage": "See"},
    ],
    "videos": [
        _video(
            "v-see",
            "Zo bakken wij ons lentebrood",
            "See",
            "behind_the_scenes",
            {
                "type": "watch_next",
                "text": "Kijk hoe ons zuurdesem rijst",
                "url": f"{SITE}/zuurdesem?{TAG}",
                "moment_s": 24,
            },
            [
                {"id": "vs-916", "aspect_ratio": "9:16", "duration_s": 30, "captions": True},
                {"id": "vs-169", "aspect_ratio": "16:9", "duration_s": 30, "captions": True},
            ],
            ["lentebrood", "zuurdesem", "vers"],
        ),
        _video(
            "v-think",
            "Drie lentebroden vergeleken",
            "Think",
            "explainer",
            {"type": "visit", "text": "Vergelijk ze op onze site", "url": f"{SITE}/lente?{TAG}", "moment_s": 25},
            [{"id": "vt-11", "aspect_ratio": "1:1", "duration_s": 45, "captions": True}],
            ["lentebrood", "zuurdesem", "spelt"],
        ),
        _video(
            "v-do",
            "Bestel je lentebrood vandaag",
            "Do",
            "product_demo",
            {"type": "buy", "text": "Bestel nu met code LENTE", "url": f"{SITE}/bestel?{TAG}", "moment_s": 20},
            [
                {"id": "vd-916", "aspect_ratio": "9:16", "duration_s": 25, "captions": True},
                {"id": "vd-169", "aspect_ratio": "16:9", "duration_s": 25, "captions": True},
            ],
            ["lentebrood", "bestellen", "vers"],
        ),
        _video(
            "v-care",
            "Bedankt van de bakker",
            "Care",
            "testimonial",
            {"type": "sign_up", "text": "Meld je aan voor de broodbrief", "url": f"{SITE}/brief?{TAG}", "moment_s": 22},
            [{"id": "vc-45", "aspect_ratio": "4:5", "duration_s": 30, "captions": True}],
            ["lentebrood", "vaste klanten", "vers"],
        ),
    ],
    "assets": [
        {
            "id": "a-poster",
            "kind": "poster",
            "title": "Lentebrood in de winkel",
            "stage": "See",
            "message": "Vers lentebrood met zuurdesem",
            "keywords": ["lentebrood", "zuurdesem"],
            "qr_target": f"{SITE}/lente?utm_source=poster&utm_medium=print&utm_campaign=lente",
            "date": "2027-03-01",
        },
        {
            "id": "a-landing",
            "kind": "landing_page",
            "title": "Lentebrood bestellen",
            "stage": "Do",
            "message": "Bestel vers lentebrood",
            "keywords": ["lentebrood", "bestellen"],
            "link": f"{SITE}/bestel?{TAG}",
        },
        {
            "id": "a-mail",
            "kind": "email",
            "title": "Broodbrief april",
            "stage": "Care",
            "message": "Bedankt en tot morgen",
            "keywords": ["lentebrood", "vers"],
            "link": f"{SITE}/brief?{TAG}",
        },
    ],
    "distribution": {
        "timezone": "Europe/Amsterdam",
        "posts": [
            {
                "id": "p1",
                "platform": "instagram_reels",
                "persona": "parents",
                "video": "v-see",
                "variant": "vs-916",
                "moment": "2027-03-15T08:00:00",
                "caption": "Zo rijst ons lentebrood #lentebrood",
            },
            {
                "id": "p2",
                "platform": "youtube",
                "persona": "parents",
                "video": "v-see",
                "variant": "vs-169",
                "moment": "2027-03-15T20:00:00",
            },
            {
                "id": "p3",
                "platform": "instagram_feed",
                "persona": "parents",
                "video": "v-think",
                "variant": "vt-11",
                "moment": "2027-03-22T20:30:00",
            },
            {
                "id": "p4",
                "platform": "linkedin",
                "persona": "office",
                "video": "v-think",
                "variant": "vt-11",
                "moment": "2027-03-23T12:15:00",
            },
            {
                "id": "p5",
                "platform": "instagram_reels",
                "persona": "parents",
                "video": "v-do",
                "variant": "vd-916",
                "moment": "2027-04-01T19:30:00",
                "link": f"{SITE}/bestel?{TAG}",
            },
            {
                "id": "p6",
                "platform": "linkedin",
                "persona": "office",
                "video": "v-do",
                "variant": "vd-169",
                "moment": "2027-04-02T12:30:00",
                "link": f"{SITE}/bestel?{TAG}",
            },
            {
                "id": "p7",
                "platform": "instagram_feed",
                "persona": "parents",
                "video": "v-care",
                "variant": "vc-45",
                "moment": "2027-04-20T20:00:00",
                "caption": "Bedankt voor een jaar vers brood",
            },
        ],
    },
    "channels": [
        {
            "platform": "instagram_reels",
            "handle": "@bakkerijvandijk",
            "description": "Elke dag vers brood uit Utrecht",
            "link": f"{SITE}/?utm_source=instagram&utm_campaign=profiel",
            "profile_image": "brand/avatar.png",
            "pinned_video": "v-see",
            "comment_owner": "Sanne",
            "response_time_hours": 4,
        },
        {
            "platform": "youtube",
            "handle": "@bakkerijvandijk",
            "description": "Bakken zoals het hoort, sinds 1952.",
            "link": SITE,
            "profile_image": "brand/avatar.png",
            "cover_image": "brand/banner.png",
            "pinned_video": "v-see",
            "comment_owner": "Sanne",
            "response_time_hours": 12,
        },
        {
            "platform": "linkedin",
            "handle": "bakkerij-van-dijk",
            "description": "Ambachtelijke bakkerij in Utrecht",
            "link": SITE,
            "profile_image": "brand/avatar.png",
            "cover_image": "brand/banner-li.png",
            "comment_owner": "Pieter",
            "response_time_hours": 8,
        },
    ],
    "pr": {
        "outlets": [
            {
                "id": "o-trade",
                "name": "Bakkerswereld",
                "type": "trade_journal",
                "niche": "bakkerij",
                "audience_size": 12000,
                "lead_time_days": 30,
                "contact": "redactie@bakkerswereld.example",
            },
            {
                "id": "o-parents",
                "name": "Ouders in Utrecht",
                "type": "niche_blog",
                "niche": "ouderschap",
                "audience_size": 8000,
                "lead_time_days": 10,
                "contact": "tips@ouders.example",
            },
        ],
        "pitches": [
            {"outlet": "o-trade", "video": "v-see", "date": "2027-02-01"},
            {"outlet": "o-parents", "video": "v-see", "date": "2027-03-01"},
        ],
        "blog_posts": [
            {"niche": "bakkerij", "title": "Waarom zuurdesem tijd nodig heeft", "date": "2027-03-10"},
            {"niche": "ouderschap", "title": "Samen bakken met je kind", "date": "2027-03-20", "outlet": "o-parents"},
        ],
    },
    "measurement": {
        "kpis": [
            {"goal": "g-sales", "kpi": "Online bestellingen met code LENTE", "source": "conversions"},
            {"goal": "g-reach", "kpi": "Unieke bereik Instagram + YouTube + LinkedIn", "source": "meta"},
            {"goal": "g-recall", "kpi": "Merkherinnering blootgesteld vs. controle", "source": "survey"},
        ],
        "review_cadence": "weekly",
        "alerts": [
            {"metric": "reach", "kind": "below", "threshold": 20000, "goal": "g-reach"},
            {"metric": "sales", "kind": "below", "threshold": 100, "goal": "g-sales"},
        ],
        "attribution_question": {
            "question": "Hoe heb je over ons gehoord?",
            "options": ["Instagram", "YouTube", "LinkedIn", "Poster in de winkel", "Via vrienden of familie", "Anders"],
        },
        "brand_lift": {
            "questions": ["ad_recall", "brand_recall"],
            "control_share": 0.5,
            "responses_per_arm": 12000,
            "minimum_lift": 0.02,
        },
    },
}


def plan_of(data: Mapping[str, Any]) -> Plan:
    return Plan.model_validate(data)


def context(
    data: Mapping[str, Any] | None = None,
    *,
    today: dt.date = TODAY,
    video_reports: Mapping[str, Mapping[str, Any]] | None = None,
    metrics: Mapping[str, Any] | None = None,
) -> AuditContext:
    return AuditContext(
        plan=plan_of(baseline() if data is None else data),
        today=today,
        video_reports=dict(video_reports or {}),
        metrics=metrics,
    )


def run_rule(rule_id: str, data: Mapping[str, Any] | None = None, **ctx: Any) -> list[Finding]:
    """Run one registered rule on a plan (the baseline by default) and return its findings."""
    if rule_id not in REGISTRY:
        load_all()
    func = REGISTRY.get(rule_id).func
    return list(func(context(data, **ctx)))
