"""Use cases of the collect server: site keys, and serving the collect endpoint."""

from __future__ import annotations

import ipaddress
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from reelwise.analytics.collect.collector import CollectConfig
from reelwise.analytics.collect.keys import KeyStore, SiteKey, check_workspace
from reelwise.config import Settings
from reelwise.errors import ConfigError
from reelwise.i18n import Msg


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(host: str, allow_remote: bool) -> None:
    """Loopback only, unless the user says otherwise (put a TLS proxy in front)."""
    if not allow_remote and not is_loopback(host):
        raise ConfigError(
            Msg(
                "{host} is not a loopback address: the collect server listens on 127.0.0.1 unless you pass "
                "--allow-remote (and put an HTTPS proxy in front of it)",
                host=host,
            )
        )


def collect_config(
    settings: Settings,
    *,
    workspace: str | None = None,
    flush_ms: int | None = None,
    flush_events: int | None = None,
    rate: float | None = None,
    burst: float | None = None,
) -> CollectConfig:
    config = CollectConfig(
        data_dir=settings.data_dir,
        workspaces=frozenset({check_workspace(workspace)}) if workspace else None,
    )
    writer = config.writer
    if flush_ms is not None:
        writer = replace(writer, flush_interval_s=max(flush_ms, 10) / 1000)
    if flush_events is not None:
        writer = replace(writer, flush_events=max(flush_events, 1))
    config = replace(config, writer=writer)
    if rate is not None:
        config = replace(config, rate_per_key=rate, burst_per_key=burst if burst is not None else rate * 4)
    elif burst is not None:
        config = replace(config, burst_per_key=burst)
    return config


def key_store(data_dir: Path) -> KeyStore:
    return KeyStore.in_data_dir(data_dir)


def create_key(settings: Settings, workspace: str, label: str = "") -> tuple[SiteKey, str]:
    """A new site key and its secret ingest token (the token is not stored, only its hash)."""
    return key_store(settings.data_dir).create(workspace, label, datetime.now(UTC))


def list_keys(settings: Settings, workspace: str | None = None) -> list[SiteKey]:
    keys = key_store(settings.data_dir).list()
    return [k for k in keys if workspace is None or k.workspace == workspace]


def revoke_key(settings: Settings, key: str) -> SiteKey:
    return key_store(settings.data_dir).revoke(key)


def serve(
    config: CollectConfig, host: str, port: int, *, allow_remote: bool = False, log_level: str = "warning"
) -> None:
    """Serve the collect app with uvicorn until interrupted (then store what is journaled)."""
    check_host(host, allow_remote)
    import sys

    import uvicorn

    # The DuckDB flush runs in a worker thread; hand the interpreter back to the event loop
    # sooner than the 5 ms default so acknowledgements do not queue behind a flush.
    sys.setswitchinterval(0.0005)
    # Up to a flush's worth of rows (lists) lives in memory; collect the young generation less
    # often so full collections over them do not stall acknowledgements.
    import gc

    gc.set_threshold(50_000, 20, 20)

    from reelwise.analytics.collect.app import create_app

    uvicorn.run(
        create_app(config),
        host=host,
        port=port,
        log_level=log_level,
        access_log=False,
        server_header=False,
        proxy_headers=True,  # the client address from X-Forwarded-For when a proxy on loopback sends it
        timeout_graceful_shutdown=10,
    )
