"""A demo workspace: the example campaign with checked videos, imported exports and simulated data.

``seed_demo(...)`` fills a data directory so that every page of the web app has something
to show: the bundled example campaign (re-dated so that it is running *now*: launched five
weeks before ``today``), the check results of its demo videos, the real platform exports
(or generated ones when the shared folder is absent), player events written through the
collect endpoint's own writer (:class:`~reelwise.analytics.collect.writer.DuckDBSink`) with
realistic retention (a hook drop in the first seconds, a second drop mid-video),
conversions, "how did you hear about us?" answers (some that no synonym matches), a brand
-lift survey, an adjustment and a demo login.

Everything is generated from a fixed random seed and stable ids: seeding twice changes
nothing (events, answers and responses are upserted by id).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import json
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from reelwise.domain.plan import Plan
from reelwise.domain.planfile import load_plan
from reelwise.errors import NotFoundError
from reelwise.services.users import Role, UserStore, add_user, normalise_email
from reelwise.services.workspaces import WorkspaceStore

DEMO_WORKSPACE: Final = "bakkerij"
DEMO_WORKSPACE_NAME: Final = "Bakkerij Van Dijk"
DEMO_EMAIL: Final = "demo@reelwise.local"
DEMO_PASSWORD: Final = "reelwise-demo"
DEMO_SITE: Final = "https://bakkerijvandijk.nl"
SITE_KEY: Final = "pk_demo_bakkerij"  # used when no key is passed
LAUNCHED_DAYS_AGO: Final = 35
_DATE: Final = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

# How viewers leave each demo video: (second, share of the remaining viewers that leaves there).
LEAVING: Final[dict[str, tuple[tuple[float, float], ...]]] = {
    "v1-bakker": ((1.0, 0.18), (5.0, 0.22), (9.0, 0.10)),
    "v2-zuurdesem": ((1.0, 0.25), (3.0, 0.40), (6.0, 0.15)),
    "v3-abonnement": ((2.0, 0.20), (4.0, 0.12), (8.0, 0.10)),
    "v4-klant": ((1.0, 0.15), (6.0, 0.25)),
}
ANSWERS: Final = (
    ("Instagram", 34),
    ("via insta", 12),
    ("Ik zag een reel op Instagram", 9),
    ("TikTok", 14),
    ("Facebook", 11),
    ("YouTube", 4),
    ("poster in de wijk", 15),
    ("flyer in de winkel", 10),
    ("via vrienden", 13),
    ("mijn buurvrouw", 6),
    ("zag de bakfiets voor de deur", 4),
    ("DUIC", 5),
    ("weet ik niet meer", 3),
)
CONVERSION_CHANNELS: Final = (
    ("instagram", 0.42),
    ("facebook", 0.22),
    ("tiktok", 0.14),
    ("poster", 0.12),
    ("email", 0.10),
)


@dataclass
class SeedSummary:
    workspace: str
    campaign: str
    campaign_name: str
    today: dt.date
    events: int = 0
    conversions: int = 0
    answers: int = 0
    comments: int = 0
    placements: int = 0
    survey_responses: int = 0
    imported_files: list[str] = field(default_factory=list)
    checked_videos: list[str] = field(default_factory=list)
    email: str = DEMO_EMAIL
    password: str = DEMO_PASSWORD

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["today"] = self.today.isoformat()
        return out


def shift_weeks(plan_text: str, launch: dt.date, today: dt.date, days_ago: int = LAUNCHED_DAYS_AGO) -> str:
    """Move every date of a plan by whole weeks so that ``launch`` lies ``days_ago`` before ``today``."""
    weeks = round(((today - dt.timedelta(days=days_ago)) - launch).days / 7)
    delta = dt.timedelta(weeks=weeks)

    def move(match: re.Match[str]) -> str:
        try:
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return match[0]
        return (day + delta).isoformat()

    return _DATE.sub(move, plan_text)


def demo_plan(plan_file: Path, today: dt.date) -> Plan:
    """The example plan, re-dated so that the campaign launched five weeks ago."""
    text = plan_file.read_text(encoding="utf-8")
    original = load_plan(text, str(plan_file))
    return load_plan(shift_weeks(text, original.campaign.launch_date, today), str(plan_file))


def _id(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:24]


def _ms(moment: dt.datetime) -> int:
    return int(moment.replace(tzinfo=dt.UTC).timestamp() * 1000)


def _send(
    rows: list[list[Any]],
    head: list[Any],
    moment: dt.datetime,
    duration: float,
    url: str,
    kind: str,
    pos: float,
    frm: float | None = None,
    *,
    at: float,
) -> None:
    ts = _ms(moment + dt.timedelta(seconds=at))
    row_id = "e" + _id(head[3], len(rows), kind, pos)
    rows.append([row_id, *head, kind, round(pos, 3), duration, None if frm is None else round(frm, 3), ts, ts, url])


def simulate_sessions(plan: Plan, today: dt.date, seed: int = 7, site_key: str = SITE_KEY) -> list[list[Any]]:
    """Player events as the collect endpoint stores them (rows in ``EVENT_COLUMNS`` order)."""
    import numpy as np

    from reelwise.analytics.collect.events import PlayerEvent

    rng = np.random.default_rng(seed)
    rows: list[list[Any]] = []
    first_post = {p.video: p.moment.date() for p in reversed(plan.distribution.posts)}
    for video in plan.videos:
        duration = float(video.duration_target_s or 12)
        leaving = LEAVING.get(video.id, ((1.0, 0.2), (duration / 2, 0.2)))
        start = first_post.get(video.id) or plan.campaign.launch_date
        variants: list[str | None] = [v.id for v in video.variants] or [None]
        cta_at = video.cta.moment_s if video.cta and video.cta.moment_s is not None else None
        day = start
        while day < today:
            age = (day - start).days
            sessions = int(rng.poisson(18 + 40 * np.exp(-age / 12)))
            for n in range(sessions):
                session = "s" + _id(video.id, day, n)
                variant = variants[n % len(variants)]
                viewer = _id("viewer", int(rng.integers(0, 4000)))
                moment = dt.datetime.combine(day, dt.time(int(rng.integers(7, 23)), int(rng.integers(0, 60))))
                url = f"{DEMO_SITE}/?utm_campaign=zuurdesem"
                leave = duration
                for at, share in leaving:
                    # the second variant holds viewers a little better (for the A/B read-out)
                    better = 0.6 if variant is not None and variant == variants[-1] and len(variants) > 1 else 1.0
                    if rng.random() < share * better:
                        leave = max(0.0, at + float(rng.uniform(-0.4, 0.4)))
                        break
                clock = 0.0
                send = functools.partial(
                    _send, rows, [site_key, video.id, variant, session, viewer], moment, duration, url
                )
                send("impression", 0.0, at=clock)
                if rng.random() > 0.62:
                    continue
                clock += float(rng.uniform(0.5, 3.0))
                send("play", 0.0, at=clock)
                pos = 0.0
                shown = False
                while pos + 1.0 <= min(leave, duration):
                    pos += 1.0
                    clock += 1.0
                    send("progress", pos, pos - 1.0, at=clock)
                    if cta_at is not None and not shown and pos >= cta_at:
                        shown = True
                        send("cta_shown", pos, at=clock)
                        if rng.random() < 0.09:
                            send("cta_clicked", pos, at=clock)
                if leave >= duration - 0.5:
                    send("ended", duration, pos, at=clock)
                elif leave > pos:
                    send("pause", leave, pos, at=clock)
            day += dt.timedelta(days=1)
    # every row must pass the endpoint's own validation
    for row in rows[:: max(1, len(rows) // 200)]:
        PlayerEvent.model_validate(
            {
                "id": row[0],
                "v": row[2],
                "var": row[3],
                "s": row[4],
                "t": row[6],
                "p": row[7],
                "d": row[8],
                "f": row[9],
                "ts": row[10],
                "u": row[12],
            },
            strict=False,
        )
    return rows


def simulate_conversions(plan: Plan, today: dt.date, seed: int = 11) -> list[list[Any]]:
    """Sales from the launch until yesterday (rows in ``CONVERSION_COLUMNS`` order)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    names = [c for c, _ in CONVERSION_CHANNELS]
    weights = np.array([w for _, w in CONVERSION_CHANNELS])
    rows: list[list[Any]] = []
    day = plan.campaign.launch_date
    while day < today:
        age = (day - plan.campaign.launch_date).days
        for n in range(int(rng.poisson(2.2 + age * 0.05))):
            channel = str(rng.choice(names, p=weights / weights.sum()))
            ts = dt.datetime.combine(day, dt.time(int(rng.integers(8, 22)), int(rng.integers(0, 60))))
            rows.append(["c" + _id(day, n), _ms(ts), channel, plan.campaign.name, None, 29.5, "demo"])
        day += dt.timedelta(days=1)
    return rows


def _write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def answer_rows(plan: Plan, today: dt.date) -> list[list[str]]:
    rows: list[list[str]] = []
    span = max(1, (today - plan.campaign.launch_date).days)
    for text, count in ANSWERS:
        for n in range(count):
            day = plan.campaign.launch_date + dt.timedelta(days=(n * 7 + len(text)) % span)
            rows.append([f"ans-{_id(text, n)[:12]}", day.isoformat(), text])
    return rows


COMMENTS: Final = (
    # (platform, author, text, hours until the shop answers; None: not answered)
    ("instagram_reels", "marieke_utrecht", "Bezorgen jullie ook in Zeist?", 2.0),
    ("instagram_reels", "jeroen.bakt", "Wat een vakmanschap, heerlijk om te zien!", None),
    ("instagram_reels", "sanne_vd", "Mijn brood kwam te laat en was niet lekker", 30.0),
    ("instagram_reels", "lotte", "Kan ik het abonnement pauzeren tijdens de vakantie?", 3.5),
    ("tiktok", "foodie_fenna", "Hoe lang rijst het deeg?", 6.0),
    ("tiktok", "bas", "🔥🔥🔥", None),
    ("tiktok", "k.dekker", "Nooit aangekomen, geld terug graag", None),
    ("tiktok", "mo", "Is het ook glutenvrij te krijgen?", None),
    ("facebook", "Henk de Vries", "Top bakker, al jaren klant!", None),
    ("facebook", "Ans Jansen", "Wat kost een proefbrood?", 20.0),
)


PLACEMENTS: Final = (
    # (outlet, days ago, reach, title): what the PR work brought
    ("bakkerswereld", 9, 15_000, "Een abonnement helpt de buurtbakker"),
    ("duic", 4, 120_000, "Nachtbakker van de Biltstraat op video"),
)


def comment_rows(plan: Plan, today: dt.date) -> list[list[str]]:
    """Comments on the channels over the last days, some answered by the shop (its handle), some not."""
    handles = {c.platform.network: c.handle for c in plan.channels}
    rows: list[list[str]] = []
    start = dt.datetime.combine(today - dt.timedelta(days=3), dt.time(8, 0))
    for n, (platform, author, text, answer_after) in enumerate(COMMENTS):
        when = start + dt.timedelta(hours=7 * n)
        cid = f"com-{_id(platform, author, text)[:12]}"
        rows.append([cid, when.strftime("%Y-%m-%d %H:%M"), platform, author, text, ""])
        if answer_after is not None:
            reply_at = when + dt.timedelta(hours=answer_after)
            shop = handles.get(platform.split("_", 1)[0], "Bakkerij van Dijk")
            rows.append(
                [
                    f"{cid}-r",
                    reply_at.strftime("%Y-%m-%d %H:%M"),
                    platform,
                    shop,
                    "Dank je! We sturen je een bericht.",
                    cid,
                ]
            )
    return rows


def survey_rows(plan: Plan, today: dt.date, seed: int = 13) -> list[list[str]]:
    import numpy as np

    rng = np.random.default_rng(seed)
    rates = {"ad_recall": (0.34, 0.22), "brand_recall": (0.29, 0.21), "consideration": (0.18, 0.15)}
    rows: list[list[str]] = []
    day = (today - dt.timedelta(days=7)).isoformat()
    for question, (exposed, control) in rates.items():
        for arm, rate in (("exposed", exposed), ("control", control)):
            for n in range(420):
                yes = "yes" if rng.random() < rate else "no"
                rows.append([f"sr-{_id(question, arm, n)[:12]}", day, arm, question, yes])
    return rows


def demo_exports(exports_dir: Path | None, folder: Path) -> list[Path]:
    """The real exports when the shared folder exists, else a small generated YouTube export."""
    if exports_dir is not None and exports_dir.is_dir():
        return sorted(p for p in exports_dir.rglob("*") if p.suffix.lower() in (".csv", ".xlsx"))
    table = folder / "Table data.csv"
    head = ["Content", "Video title", "Video publish time", "Duration", "Views", "Watch time (hours)", "Subscribers"]
    head += ["Impressions", "Impressions click-through rate (%)"]
    _write_csv(
        table,
        head,
        [
            ["Total", "", "", "", "9120", "14.2", "31", "40210", "3.1"],
            ["bakkerVDk01", "Om 4 uur op", "Feb 16, 2026", "12", "6210", "9.8", "22", "25100", "3.4"],
            ["zuurdesem02", "Waarom zuurdesem?", "Feb 23, 2026", "12", "2910", "4.4", "9", "15110", "2.6"],
        ],
    )
    return [table]


def check_demo_videos(plan: Plan, plan_dir: Path, campaign_dir: Path) -> list[str]:
    """Check each demo video (no speech recognition); reports go where the video pages read them.

    ``<campaign_dir>/videos/<video-id>/check.json`` (English) and ``check.nl.json`` (Dutch).
    """
    from reelwise.services.check_video import CheckOptions, check_video, options_from_plan

    done = []
    for video in plan.videos:
        if not video.file:
            continue
        path = plan_dir / video.file
        if not path.is_file():
            continue
        logo = plan_dir / plan.brand.logo if plan.brand.logo else None
        base = CheckOptions(no_speech=True, thumbnails=False, logo=logo)
        options = options_from_plan(plan, plan_dir / "plan.yaml", video.id, base)
        report = check_video(path, options)
        folder = campaign_dir / "videos" / video.id
        folder.mkdir(parents=True, exist_ok=True)
        for lang, name in (("en", "check.json"), ("nl", "check.nl.json")):
            text = json.dumps(report.to_dict(lang), default=str, ensure_ascii=False)
            (folder / name).write_text(text, encoding="utf-8")
        done.append(video.id)
    return done


def seed_demo(
    *,
    data_dir: Path,
    store: WorkspaceStore,
    users: UserStore,
    plan_file: Path,
    today: dt.date,
    exports_dir: Path | None = None,
    check_videos: bool = True,
    email: str = DEMO_EMAIL,
    password: str = DEMO_PASSWORD,
    progress: Callable[[str], None] | None = None,
) -> SeedSummary:
    """Fill ``data_dir`` with the demo workspace (idempotent)."""
    from reelwise.analytics.collect.keys import KeyStore
    from reelwise.analytics.collect.writer import DuckDBSink
    from reelwise.analytics.store import EventStore, workspace_store_path
    from reelwise.services.adjustments import add_adjustment
    from reelwise.services.answers import import_answers
    from reelwise.services.comments import import_comments
    from reelwise.services.imports import import_files
    from reelwise.services.placements import add_placement
    from reelwise.services.surveys import import_survey

    say = progress or (lambda _text: None)
    try:
        workspace = store.get_workspace(DEMO_WORKSPACE)
    except NotFoundError:
        workspace = store.create_workspace(DEMO_WORKSPACE)
    plan = demo_plan(plan_file, today)
    try:
        current = store.get_campaign(workspace.slug, plan.campaign.name).info.version
    except NotFoundError:
        current = 0
    saved = store.save_campaign(workspace.slug, plan, expected_version=current, author=email)
    summary = SeedSummary(workspace.slug, saved.campaign.slug, saved.campaign.name, today)

    if check_videos:
        say("checking the demo videos")
        campaign_dir = data_dir / "workspaces" / workspace.slug / "campaigns" / saved.campaign.slug
        summary.checked_videos = check_demo_videos(plan, plan_file.parent, campaign_dir)

    say("importing platform exports")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = demo_exports(exports_dir, folder)
        result = import_files(files, workspace.slug, data_dir, today=today)
        summary.imported_files = [f.path.name for f in result.files if f.status != "failed"]

        say("simulating player events, sales, answers, comments and a survey")
        keys = KeyStore.in_data_dir(data_dir)
        mine = [k for k in keys.list() if k.workspace == workspace.slug]
        if mine:
            site_key = mine[0].key
        else:
            now = dt.datetime.combine(today, dt.time(8, 0), tzinfo=dt.UTC)
            site_key = keys.create(workspace.slug, "bakkerijvandijk.nl (demo)", now)[0].key
        events = simulate_sessions(plan, today, site_key=site_key)
        conversions = simulate_conversions(plan, today)
        sink = DuckDBSink(workspace_store_path(data_dir, workspace.slug), lock_timeout_s=10.0)
        for i in range(0, len(events), 50_000):
            sink.store(events[i : i + 50_000], [])
        sink.store([], conversions)
        summary.events, summary.conversions = len(events), len(conversions)

        answers = _write_csv(folder / "antwoorden.csv", ["id", "datum", "antwoord"], answer_rows(plan, today))
        survey = _write_csv(
            folder / "enquete.csv", ["id", "date", "arm", "question", "answer"], survey_rows(plan, today)
        )
        comments = _write_csv(
            folder / "reacties.csv",
            ["id", "datum", "platform", "naam", "reactie", "antwoord op"],
            comment_rows(plan, today),
        )
        with EventStore.for_workspace(data_dir, workspace.slug) as events_store:
            summary.answers = import_answers(events_store, answers).rows_read
            summary.comments = import_comments(events_store, comments).rows_read
            for outlet, days_ago, reach, title in PLACEMENTS:
                add_placement(
                    events_store,
                    day=today - dt.timedelta(days=days_ago),
                    outlet=outlet,
                    reach=reach,
                    title=title,
                    video_id="v1-bakker",
                )
            summary.placements = len(PLACEMENTS)
            summary.survey_responses = import_survey(events_store, survey, campaign=plan.campaign.name).rows_read
            launch = plan.campaign.launch_date
            add_adjustment(
                events_store,
                hypothesis="Een eerdere oproep in de uitlegvideo levert meer proefbrood-aanvragen op",
                change="CTA in v2-zuurdesem van 0:07 naar 0:03 gezet",
                when=dt.datetime.combine(launch + dt.timedelta(days=14), dt.time(9, 0)),
                campaign=plan.campaign.name,
                metric="leads",
                video_id="v2-zuurdesem",
            )

    found = users.user_by_email(normalise_email(email))
    user = found[0] if found is not None else add_user(users, email, "Demo", password, lang="nl")
    users.grant(user.id, workspace.slug, Role.OWNER)
    say("done")
    return summary
