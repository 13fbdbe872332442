#!/usr/bin/env python3
"""Seed the demo workspace (used by `make demo`): the example campaign with data to look at.

    python scripts/seed_demo.py --data demo-output/data [--no-check] [--today 2026-12-01]

Creates (or refreshes) workspace "bakkerij" with the example campaign re-dated to run now,
its demo videos checked, the real platform exports from ../shared/data/exports (generated
ones when that folder is absent), simulated player events, sales, answers and a survey,
and the demo login. Running it again changes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the data directory to fill")
    parser.add_argument("--plan", type=Path, default=ROOT / "examples" / "bakkerij" / "plan.nl.yaml")
    parser.add_argument("--exports", type=Path, default=ROOT.parent / "shared" / "data" / "exports")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--no-check", action="store_true", help="do not check the demo videos (faster)")
    args = parser.parse_args(argv)

    from reelwise.adapters.storage import SqlUserStore, open_store
    from reelwise.adapters.storage.store import utc_now
    from reelwise.config import resolve_settings
    from reelwise.errors import ReelwiseError
    from reelwise.services.seed import DEMO_WORKSPACE, check_demo_videos, demo_plan, seed_demo
    from reelwise.services.workspaces import slugify

    settings = resolve_settings(dict(os.environ), data=args.data)
    checked: list[str] = []
    try:
        if not args.no_check:
            # the video checks run first, before the workspace database is opened
            print("  checking the demo videos", flush=True)
            plan = demo_plan(args.plan, args.today)
            folder = settings.data_dir / "workspaces" / DEMO_WORKSPACE / "campaigns" / slugify(plan.campaign.name)
            checked = check_demo_videos(plan, args.plan.parent, folder)
        with open_store(settings.db_url) as store:
            summary = seed_demo(
                data_dir=settings.data_dir,
                store=store,
                users=SqlUserStore(store, utc_now),
                plan_file=args.plan,
                today=args.today,
                exports_dir=args.exports if args.exports.is_dir() else None,
                check_videos=False,
                progress=lambda text: print(f"  {text}", flush=True),
            )
    except ReelwiseError as exc:
        print(f"error: {exc.render('en')}", file=sys.stderr)
        return 1
    print(
        f"Demo workspace '{summary.workspace}': campaign '{summary.campaign_name}', {summary.events:,} player events, "
        f"{summary.conversions} sales, {summary.answers} answers, {summary.comments} comments, "
        f"{summary.placements} placements, {summary.survey_responses} survey responses, "
        f"{len(summary.imported_files)} export files, {len(checked)} videos checked."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
