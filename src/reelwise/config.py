"""Settings that come from the environment or flags, resolved once at the edge."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from reelwise.errors import ConfigError
from reelwise.i18n import Msg, resolve_language


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    lang: str
    debug: bool = False
    database_url: str | None = None  # None: SQLite in the data directory
    whisper_model: str | None = None
    max_upload_mb: int = 200  # the largest video a web upload may be

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'reelwise.sqlite3'}"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("reelwise", appauthor=False))


def resolve_settings(env: Mapping[str, str], *, data: Path | None = None, lang: str | None = None) -> Settings:
    """Flags first, then ``REELWISE_*`` variables, then defaults."""
    data_dir = data or (Path(env["REELWISE_DATA"]) if env.get("REELWISE_DATA") else default_data_dir())
    data_dir = data_dir.expanduser()
    if data_dir.exists() and not data_dir.is_dir():
        raise ConfigError(Msg("the data directory {path} is a file, not a folder", path=str(data_dir)))
    return Settings(
        data_dir=data_dir,
        lang=resolve_language(lang, env),
        debug=env.get("REELWISE_DEBUG", "") not in ("", "0", "false"),
        database_url=env.get("REELWISE_DATABASE_URL") or None,
        whisper_model=env.get("REELWISE_WHISPER_MODEL") or None,
        max_upload_mb=_positive_int(env, "REELWISE_MAX_UPLOAD_MB", 200),
    )


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) <= 0:
        raise ConfigError(Msg("{name} must be a whole number above 0, not {value}", name=name, value=raw))
    return int(raw)
