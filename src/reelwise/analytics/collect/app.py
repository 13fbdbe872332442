"""The collect HTTP API: ``POST /collect``, ``POST /conversions``, ``GET /collect/health``.

An ASGI app of its own (``reelwise collect`` serves it; the web app mounts the same app and
calls :func:`collector_lifespan` from its own lifespan, because a mounted app's lifespan
does not run; without either, the collector starts on the first request).

Answers of ``POST /collect``:

* 200 ``{"accepted": n}`` — every event is valid and durable (journaled and synced);
* 400 ``{"accepted": n, "rejected": [{"index", "id", "reasons": [...]}]}`` — some events
  were refused with every reason; the ``n`` valid ones *were* accepted (a beacon cannot be
  retried by the page, so one bad event must not lose the others); with ``n = 0`` nothing
  was stored. A body that is not a beacon at all gets 400 ``{"error", "reasons"}``;
* 403 unknown site key, 413 body too large, 429 past the key's rate limit (with
  ``Retry-After``), 503 when events cannot be made durable (nothing was acknowledged).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from reelwise.analytics.collect.collector import CollectConfig, Collector
from reelwise.analytics.collect.conversions import parse_csv, parse_json
from reelwise.analytics.collect.events import MAX_EVENTS_PER_BATCH, BadBeacon, PlayerEvent, parse_beacon
from reelwise.analytics.collect.journal import JournalError
from reelwise.analytics.collect.keys import KEY_PATTERN, SiteKey

CORS: Final = {"Access-Control-Allow-Origin": "*"}
PREFLIGHT: Final = {
    **CORS,
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "86400",
}


class _TooLarge(Exception):
    pass


class _BadLength(Exception):
    pass


def _json(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers={**CORS, **(headers or {})})


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return _json(status, {"error": code, "message": message}, headers)


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused before reading when Content-Length says it is too large, and cut off
    while reading when there is no Content-Length (chunked)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise _BadLength(declared)
        if int(declared) > limit:
            raise _TooLarge()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge()
        chunks.append(chunk)
    return b"".join(chunks)


def _event_schema() -> dict[str, Any]:
    event = PlayerEvent.model_json_schema(by_alias=True)
    return {
        "type": "object",
        "required": ["events"],
        "properties": {
            "k": {"type": "string", "description": "The site key (or ?k= in the URL)."},
            "events": {"type": "array", "minItems": 1, "maxItems": MAX_EVENTS_PER_BATCH, "items": event},
        },
    }


def create_app(config: CollectConfig, collector: Collector | None = None) -> FastAPI:
    """The collect API for the data directory in ``config``."""
    engine = collector or Collector(config)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        async with collector_lifespan(engine):
            yield

    app = FastAPI(title="reelwise collect", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.collector = engine

    async def ready() -> Collector:
        if not engine.started:
            await engine.start()
        return engine

    def check_key(key: str | None) -> SiteKey | JSONResponse:
        if not key:
            return _error(400, "missing_key", 'a site key is needed: ?k=… or "k" in the body')
        if not KEY_PATTERN.match(key):
            return _error(400, "bad_key", "the site key has the wrong form")
        site = engine.site_key(key)
        if site is None:
            return _error(403, "unknown_key", "this site key is not known here")
        wait = engine.limiter.retry_after(site.key)
        if wait is not None:
            seconds = str(max(1, round(wait + 0.5)))
            return _error(429, "rate_limited", "too many events for this site key", {"Retry-After": seconds})
        if engine.overloaded(site.workspace):
            return _error(503, "overloaded", "the event store is behind; try again shortly", {"Retry-After": "5"})
        return site

    @app.options("/collect", include_in_schema=False)
    async def preflight() -> Response:
        return Response(status_code=204, headers=PREFLIGHT)

    @app.post(
        "/collect",
        summary="Player events (a beacon)",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"text/plain": {"schema": _event_schema()}, "application/json": {"schema": _event_schema()}},
            }
        },
    )
    async def collect(request: Request) -> Response:
        col = await ready()
        query_key = request.query_params.get("k")
        site: SiteKey | None = None
        if query_key is not None:
            checked = check_key(query_key)
            if isinstance(checked, JSONResponse):
                return checked
            site = checked
        try:
            body = await read_body(request, col.config.max_body_bytes)
        except _TooLarge:
            limit = col.config.max_body_bytes
            return _error(413, "too_large", f"the body is larger than {limit} bytes; send smaller batches")
        except _BadLength:
            return _error(400, "bad_length", "Content-Length is not a number")
        try:
            parsed = parse_beacon(body)
        except BadBeacon as exc:
            return _json(400, {"error": "bad_beacon", "reasons": [r.as_json() for r in exc.reasons]})
        if parsed.site_key is not None and query_key is not None and parsed.site_key != query_key:
            return _error(400, "key_mismatch", "the site key in the URL and in the body differ")
        if site is None:
            checked = check_key(parsed.site_key)
            if isinstance(checked, JSONResponse):
                return checked
            site = checked
        accepted = 0
        if parsed.events:
            client = request.client
            ip = client.host if client else ""
            rows = col.event_rows(site, parsed.events, ip, request.headers.get("user-agent", ""))
            try:
                await col.accept_events(site, rows)
            except JournalError:
                return _error(503, "not_durable", "the events could not be stored; send them again")
            accepted = len(rows)
        if parsed.rejected:
            return _json(400, {"accepted": accepted, "rejected": [r.as_json() for r in parsed.rejected]})
        return _json(200, {"accepted": accepted})

    @app.post("/conversions", summary="Conversions (JSON array or CSV; needs the key's secret token)")
    async def conversions(request: Request) -> Response:
        col = await ready()
        key = request.query_params.get("k")
        if not key or not KEY_PATTERN.match(key):
            return _error(400, "missing_key", "a site key is needed: ?k=…")
        site = col.site_key(key)
        if site is None:
            return _error(403, "unknown_key", "this site key is not known here")
        auth = request.headers.get("authorization", "")
        token = auth[7:].strip() if auth[:7].lower() == "bearer " else ""
        if not token or not site.accepts_secret(token):
            return _error(
                401,
                "unauthorised",
                "conversions need the key's secret token: Authorization: Bearer sk_…",
                {"WWW-Authenticate": "Bearer"},
            )
        try:
            body = await read_body(request, col.config.max_conversions_bytes)
        except _TooLarge:
            limit = col.config.max_conversions_bytes
            return _error(413, "too_large", f"the body is larger than {limit} bytes; split the file")
        except _BadLength:
            return _error(400, "bad_length", "Content-Length is not a number")
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        is_json = content_type.endswith("json") or (
            not content_type.startswith("text/csv") and body.lstrip()[:1] in (b"[", b"{")
        )
        try:
            parsed = parse_json(body) if is_json else parse_csv(body)
        except ValueError as exc:
            return _error(400, "bad_body", str(exc))
        if parsed.problems:
            return _json(
                400,
                {
                    "accepted": 0,
                    "problems": [p.as_json() for p in parsed.problems],
                    "ignored_columns": parsed.ignored_columns,
                },
            )
        if parsed.conversions:
            try:
                await col.accept_conversions(site, parsed.conversions)
            except JournalError:
                return _error(503, "not_durable", "the conversions could not be stored; send them again")
        return _json(200, {"accepted": len(parsed.conversions), "ignored_columns": parsed.ignored_columns})

    scripts = _tracker_scripts()

    @app.get("/static/{name}", include_in_schema=False)
    async def tracker(name: str) -> Response:
        body = scripts.get(name)
        if body is None:
            return Response(status_code=404)
        headers = {**CORS, "Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"}
        return Response(body, media_type="text/javascript; charset=utf-8", headers=headers)

    @app.get("/collect/health", summary="Is the collector accepting and storing events?")
    async def health() -> Response:
        col = await ready()
        report = col.health()
        return _json(200 if report["status"] == "ok" else 503, report)

    return app


def _tracker_scripts() -> dict[str, bytes]:
    """The player tracker, served by the collect server itself (the snippet's ``src``)."""
    from importlib import resources

    folder = resources.files("reelwise") / "web" / "static"
    found: dict[str, bytes] = {}
    for name in ("reelwise-player.min.js", "reelwise-player.js"):
        entry = folder / name
        if entry.is_file():
            found[name] = entry.read_bytes()
    return found


@contextlib.asynccontextmanager
async def collector_lifespan(collector: Collector) -> AsyncIterator[Collector]:
    """Start the collector (replaying journals) and store everything on the way out."""
    await collector.start()
    try:
        yield collector
    finally:
        await collector.stop()
