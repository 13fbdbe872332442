"""A small, complete, valid plan as data, for tests to start from and break one thing."""

from __future__ import annotations

import copy
from typing import Any

BASE: dict[str, Any] = {
    "version": 1,
    "brand": {
        "name": "Koffiebar Noord",
        "name_variants": ["KB Noord"],
        "colours": ["#112233", "#FFCC00"],
        "fonts": ["Inter"],
        "slogan": "Koffie zoals het hoort",
        "languages": ["nl"],
    },
    "campaign": {
        "name": "Lente",
        "start": "2027-03-01",
        "end": "2027-05-31",
        "budget_eur": 4000,
        "expectations": {"touchpoints": 4, "days_to_conversion": 10, "conversion_rate": 0.02},
    },
    "personas": [
        {
            "id": "studenten",
            "name": "Studenten",
            "age": {"min": 18, "max": 26},
            "country": "NL",
            "platforms": ["tiktok", "instagram_reels"],
            "active_hours": ["12:00-14:00", "20:00-23:00"],
        }
    ],
    "goals": [
        {"id": "verkoop", "metric": "sales", "target": 200, "deadline": "2027-05-31", "stage": "Do"},
        {
            "id": "bereik",
            "metric": "reach",
            "target": 30000,
            "deadline": "2027-04-30",
            "stage": "See",
            "serves": "verkoop",
        },
    ],
    "videos": [
        {
            "id": "v1",
            "title": "Onze barista",
            "language": "nl",
            "stage": "See",
            "duration_target_s": 20,
            "brand_moment_s": 1,
            "cta": {
                "type": "visit",
                "text": "Kom langs",
                "url": "https://kb.example/?utm_source=video",
                "moment_s": 15,
            },
            "concept": {
                "keywords": ["koffie"],
                "ideas": ["Een dag achter de bar"],
                "format": "behind_the_scenes",
                "authenticity": {"real_people": True},
            },
            "production": {"mode": "in_house", "budget_eur": 500, "status": "approved", "delivery": "2027-02-20"},
            "variants": [{"id": "reel", "aspect_ratio": "9:16", "duration_s": 20, "captions": True}],
        },
    ],
    "assets": [
        {
            "id": "poster",
            "kind": "poster",
            "title": "Poster",
            "stage": "See",
            "message": "Koffie",
            "keywords": ["koffie"],
            "qr_target": "https://kb.example/?utm_source=poster",
        }
    ],
    "distribution": {
        "posts": [
            {
                "platform": "tiktok",
                "persona": "studenten",
                "video": "v1",
                "variant": "reel",
                "moment": "2027-03-02 12:30",
                "caption": "Nieuw!",
            }
        ]
    },
    "channels": [
        {
            "platform": "tiktok",
            "handle": "@kbnoord",
            "description": "Koffie",
            "link": "https://kb.example",
            "comment_owner": "Mo",
            "response_time_hours": 6,
            "pinned_video": "v1",
        }
    ],
    "pr": {
        "outlets": [
            {
                "id": "krant",
                "name": "De Krant",
                "type": "online_newspaper",
                "niche": "lokaal",
                "audience_size": 5000,
                "lead_time_days": 7,
                "contact": "r@krant.example",
            }
        ],
        "pitches": [{"outlet": "krant", "video": "v1", "date": "2027-02-15", "status": "planned"}],
        "blog_posts": [{"niche": "lokaal", "title": "Over ons", "outlet": "krant"}],
    },
    "measurement": {
        "kpis": [{"goal": "verkoop", "kpi": "bonnen", "source": "crm"}],
        "review_cadence": "weekly",
        "alerts": [{"metric": "sales", "kind": "below", "threshold": 5, "goal": "verkoop"}],
        "attribution_question": {"question": "Hoe hoorde je van ons?", "options": ["TikTok", "Anders"]},
        "brand_lift": {"questions": ["brand_recall"], "responses_per_arm": 500},
    },
}


def plan_data(**changes: Any) -> dict[str, Any]:
    """A deep copy of BASE with top-level parts replaced."""
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data
