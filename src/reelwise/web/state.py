"""What the web app holds for its lifetime: settings, the stores, the templates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reelwise.config import Settings
from reelwise.services.users import UserStore
from reelwise.services.workspaces import WorkspaceStore


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class WebState:
    settings: Settings
    store: WorkspaceStore
    users: UserStore
    clock: Callable[[], dt.datetime] = utc_now
    max_upload_bytes: int = 200 * 1024 * 1024
    jobs: dict[str, Any] = field(default_factory=dict)  # background jobs by id (video checks)

    @property
    def data_dir(self) -> Path:
        return self.settings.data_dir

    def today(self) -> dt.date:
        return self.clock().date()

    def workspace_dir(self, workspace: str) -> Path:
        return self.data_dir / "workspaces" / workspace
