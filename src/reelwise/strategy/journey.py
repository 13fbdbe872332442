"""Small, pure helpers the audit rules share: funnel stages, tagged links, first posts, text.

Any rule module may use these (points 1–10); they read only the plan.

* :func:`canonical_stage` maps a plan stage to ``see``/``think``/``do``/``care`` when the
  plan uses those names (any case), else ``None`` — rules that depend on the meaning of a
  stage skip plans with their own stage names.
* :func:`is_tagged` says whether a link carries campaign tagging (UTM ``utm_source`` and
  ``utm_campaign``).
* :func:`first_post` gives the earliest planned post of a video.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final
from urllib.parse import parse_qs, urlsplit

from reelwise.domain.plan import Plan, Post, Video

STAGE_NAMES: Final = ("see", "think", "do", "care")
# UTM parameters that make a click attributable to a campaign (Google Analytics' minimum is
# source + medium + campaign; we ask for source and campaign, medium is often implied).
REQUIRED_UTM: Final = ("utm_source", "utm_campaign")


def canonical_stage(stage: str | None) -> str | None:
    if stage is None:
        return None
    value = stage.strip().lower()
    return value if value in STAGE_NAMES else None


def stage_named(plan: Plan, name: str) -> str | None:
    """The plan's spelling of a canonical stage (``"do"`` → ``"Do"``), or None."""
    return next((s for s in plan.campaign.stages if s.lower() == name), None)


def is_tagged(url: str | None) -> bool:
    if not url:
        return False
    query = parse_qs(urlsplit(url).query)
    return all(query.get(key) and query[key][0].strip() for key in REQUIRED_UTM)


# Links to a profile on a social network: UTM tags there reach nobody's analytics.
SOCIAL_DOMAINS: Final = (
    "instagram.com",
    "tiktok.com",
    "youtube.com",
    "youtu.be",
    "facebook.com",
    "linkedin.com",
    "x.com",
    "twitter.com",
)


def on_social(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in SOCIAL_DOMAINS)


def posts_of(plan: Plan, video_id: str) -> list[Post]:
    return [p for p in plan.distribution.posts if p.video == video_id]


def first_post(plan: Plan, video_id: str) -> Post | None:
    posts = posts_of(plan, video_id)
    return min(posts, key=lambda p: _naive(p.moment)) if posts else None


def _naive(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=None)


def videos_in_stage(plan: Plan, stage: str) -> list[Video]:
    return [v for v in plan.videos if v.stage.lower() == stage.lower()]


_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def mentions(text: str, keyword: str) -> bool:
    """Does ``text`` contain ``keyword`` as whole words (case-insensitive)?

    A keyword of several words must appear as that phrase; a one-word keyword also matches
    words that start with it (``brood`` in ``broodjes``), and a long one (7+ letters) loses
    its last two letters first, so plurals and compounds match (``lentebrood`` in
    ``lentebroden``), which suits Dutch and English alike.
    """
    kw = keyword.strip().lower()
    if not kw:
        return False
    if " " in kw:
        pattern = r"(?<!\w)" + re.escape(kw) + r"(?!\w)"
    else:
        stem = kw[:-2] if len(kw) >= 7 else kw
        pattern = r"(?<!\w)" + re.escape(stem) + r"\w*"
    return re.search(pattern, text.lower()) is not None
