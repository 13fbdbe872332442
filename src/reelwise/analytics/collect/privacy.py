"""Privacy by default: no cookies, no IP addresses stored, viewers counted per day only.

A viewer is ``blake2b(key=salt_of_day, ip + user agent + site key)``. The salt is 32 random
bytes made on first use each (UTC) day, kept on disk so a restart the same day counts the
same viewer once, and deleted when the day is over. Without the salt the hash cannot be
linked back to an IP address (the whole IPv4 space is small enough to try, the salt is not),
and hashes of different days cannot be linked to each other.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import threading
from datetime import date
from pathlib import Path
from typing import Final
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

SALT_BYTES: Final = 32
_SALT_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.salt$")


class DailySalts:
    """One random salt per UTC day in ``folder``; salts of other days are deleted."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()
        self._day: date | None = None
        self._salt = b""

    def salt_for(self, day: date) -> bytes:
        with self._lock:
            if self._day == day:
                return self._salt
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"{day.isoformat()}.salt"
            salt = _read_salt(path)
            if salt is None:
                salt = secrets.token_bytes(SALT_BYTES)
                tmp = path.with_suffix(".tmp")
                with open(tmp, "wb") as handle:
                    handle.write(salt)
                    handle.flush()
                    os.fsync(handle.fileno())
                try:
                    os.link(tmp, path)  # first writer wins if two processes race
                except FileExistsError:
                    salt = _read_salt(path) or salt
                finally:
                    tmp.unlink(missing_ok=True)
            self._forget_other_days(day)
            self._day, self._salt = day, salt
            return salt

    def _forget_other_days(self, today: date) -> None:
        for entry in self.folder.iterdir():
            match = _SALT_FILE.match(entry.name)
            if match and match.group(1) != today.isoformat():
                entry.unlink(missing_ok=True)

    def viewer_hash(self, day: date, ip: str, user_agent: str, site_key: str) -> str:
        """The day's pseudonymous viewer id (24 hex characters)."""
        digest = hashlib.blake2b(
            f"{ip}\n{user_agent}\n{site_key}".encode("utf-8", "replace"), key=self.salt_for(day), digest_size=12
        )
        return digest.hexdigest()


def _read_salt(path: Path) -> bytes | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    return data if len(data) == SALT_BYTES else None


def clean_page_url(url: str) -> str:
    """The page URL without what may identify a person: no user info, no fragment, and of the
    query string only the ``utm_*`` campaign parameters (forms put e-mail addresses in queries)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return ""
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if port is not None:
        host = f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.startswith("utm_")])
    return urlunsplit((parts.scheme.lower(), host, parts.path, query, ""))
