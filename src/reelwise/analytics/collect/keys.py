"""Site keys: which workspace a beacon belongs to.

A site key (``pk_…``) is public: it sits in the page's HTML and only says where events go.
Each key has a secret ingest token (``sk_…``) for the server-to-server endpoint
``POST /conversions``; only its SHA-256 is stored, the token is shown once at creation.
Keys live in ``<data_dir>/collect/keys.json``, written atomically.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from reelwise.analytics.store import workspace_store_path
from reelwise.errors import ConfigError, NotFoundError
from reelwise.i18n import Msg

KEY_PATTERN: Final = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


@dataclass(frozen=True)
class SiteKey:
    key: str
    workspace: str
    label: str
    created: str
    secret_sha256: str

    def as_json(self) -> dict[str, str]:
        return {
            "key": self.key,
            "workspace": self.workspace,
            "label": self.label,
            "created": self.created,
            "secret_sha256": self.secret_sha256,
        }

    def accepts_secret(self, token: str) -> bool:
        digest = hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
        return hmac.compare_digest(digest, self.secret_sha256)


def check_workspace(name: str) -> str:
    """The name when it is a plain workspace name (the store's rule); raises ConfigError otherwise."""
    workspace_store_path(Path("."), name)
    return name


def _valid_workspace(name: str) -> bool:
    try:
        check_workspace(name)
    except ConfigError:
        return False
    return True


class KeyStore:
    """The site keys in one data directory."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> KeyStore:
        return cls(data_dir / "collect" / "keys.json")

    def stamp(self) -> float:
        """Changes when the file changes (to reload keys while serving)."""
        try:
            return self.path.stat().st_mtime_ns / 1e9
        except FileNotFoundError:
            return 0.0

    def load(self) -> dict[str, SiteKey]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise ConfigError(
                Msg("the site keys in {path} cannot be read: {error}", path=str(self.path), error=str(exc))
            ) from exc
        keys: dict[str, SiteKey] = {}
        items: Any = raw.get("keys", []) if isinstance(raw, dict) else []
        for item in items:
            try:
                key = SiteKey(
                    key=str(item["key"]),
                    workspace=str(item["workspace"]),
                    label=str(item.get("label", "")),
                    created=str(item.get("created", "")),
                    secret_sha256=str(item["secret_sha256"]),
                )
            except (KeyError, TypeError, AttributeError):
                continue
            if KEY_PATTERN.match(key.key) and _valid_workspace(key.workspace):
                keys[key.key] = key
        return keys

    def list(self) -> list[SiteKey]:
        return sorted(self.load().values(), key=lambda k: (k.workspace, k.created, k.key))

    def create(self, workspace: str, label: str, now: datetime) -> tuple[SiteKey, str]:
        """A new key for ``workspace``; returns the key and its secret ingest token (shown once)."""
        check_workspace(workspace)
        keys = self.load()
        secret = "sk_" + secrets.token_urlsafe(24)
        key = SiteKey(
            key="pk_" + secrets.token_urlsafe(12),
            workspace=workspace,
            label=label.strip()[:200],
            created=now.replace(microsecond=0).isoformat(),
            secret_sha256=hashlib.sha256(secret.encode()).hexdigest(),
        )
        keys[key.key] = key
        self._save(keys)
        return key, secret

    def revoke(self, key: str) -> SiteKey:
        keys = self.load()
        if key not in keys:
            raise NotFoundError(Msg("there is no site key {key}", key=key))
        removed = keys.pop(key)
        self._save(keys)
        return removed

    def _save(self, keys: dict[str, SiteKey]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"keys": [k.as_json() for k in sorted(keys.values(), key=lambda k: k.key)]}
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.path)
