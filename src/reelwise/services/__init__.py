"""Use cases: validate a plan, audit a campaign, check a video, import data."""
