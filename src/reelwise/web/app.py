"""The composition root of the web app: ``create_app(settings)``.

Pages are server-rendered (Jinja2 + htmx), every script, style and font comes from the
package (no CDN), the REST API lives under ``/api/`` with an OpenAPI description, and the
player tracker's collect endpoint is mounted when it is available.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from reelwise.analytics.collect.app import create_app as create_collect_app
from reelwise.analytics.collect.collector import CollectConfig, Collector
from reelwise.config import Settings
from reelwise.errors import ConflictError, InputError, NotFoundError, ReelwiseError
from reelwise.i18n import N_, Msg
from reelwise.web import auth
from reelwise.web.security import SecurityHeaders, session_secret
from reelwise.web.state import WebState
from reelwise.web.templating import render, templates

ROUTERS = ("auth", "home", "campaigns", "api")
COLLECT_MOUNT = "/t"
# Areas that plug in when their module exists: (module, campaign tab path, tab label)
OPTIONAL_ROUTERS: tuple[tuple[str, str | None, str], ...] = (
    ("editor", "edit", N_("Plan editor")),
    ("board", "board", N_("Buyer journey")),
    ("videos", "videos", N_("Videos")),
    ("audit", "audit", N_("Audit")),
    ("analytics", "analytics", N_("Analytics")),
    ("calendar", "calendar", N_("Calendar")),
    ("channels", "channels", N_("Channels and PR")),
    ("tracking", "tracking", N_("Tracking")),
    ("report", "report", N_("Monday report")),
)


def create_app(settings: Settings, *, state: WebState | None = None) -> FastAPI:
    if state is None:
        from reelwise.adapters.storage import SqlUserStore, open_store
        from reelwise.adapters.storage.store import utc_now

        store = open_store(settings.db_url)
        state = WebState(
            settings=settings,
            store=store,
            users=SqlUserStore(store, utc_now),
            max_upload_bytes=settings.max_upload_mb * 1024 * 1024,
        )

    # The player tracker's collect endpoint, mounted at /t. Its collector starts on the first
    # event (so the pages work even while a separate `reelwise collect` serves this data
    # directory) and stores everything journaled when the app stops.
    collector = Collector(CollectConfig(data_dir=settings.data_dir))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if collector.started:
                await collector.stop()
            state.store.close()

    app = FastAPI(
        title="reelwise",
        description="Smart video marketing: plans, checks, audit and analytics.",
        version="0.1.0",
        docs_url=None,  # Swagger UI would load scripts from a CDN; the description is at /api/openapi.json
        redoc_url=None,
        openapi_url="/api/openapi.json",
        dependencies=[Depends(auth.identify)],
        lifespan=lifespan,
    )
    app.state.web = state
    static = resources.files("reelwise") / "web" / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    for name in ROUTERS:
        module: Any = importlib.import_module(f"reelwise.web.routes.{name}")
        app.include_router(module.router)
    tabs: list[tuple[str, str]] = []
    for name, tab, label in OPTIONAL_ROUTERS:
        if importlib.util.find_spec(f"reelwise.web.routes.{name}") is not None:
            module = importlib.import_module(f"reelwise.web.routes.{name}")
            app.include_router(module.router)
            if tab:
                tabs.append((tab, label))
    templates().env.globals["campaign_tabs"] = tabs
    app.mount(COLLECT_MOUNT, create_collect_app(collector.config, collector))
    _install_error_handlers(app)
    # the outermost middleware runs first: headers on every response, then the session
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings.data_dir),
        session_cookie="reelwise",
        same_site="lax",
        https_only=False,
        max_age=14 * 24 * 3600,
    )
    app.add_middleware(SecurityHeaders)
    return app


def _wants_json(request: Request) -> bool:
    return auth.is_api(request) or "application/json" in request.headers.get("accept", "")


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(auth.LoginRequired)
    async def _login(request: Request, _exc: auth.LoginRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.headers.get("hx-request"):
            return Response(status_code=204, headers={"HX-Redirect": f"/login?next={target}"})
        return RedirectResponse(f"/login?next={target}", status_code=303)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return render(
            request,
            "error.html",
            status_code=exc.status_code,
            status=exc.status_code,
            message=_status_message(exc.status_code),
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": _plain_errors(exc)}, status_code=422)
        return render(
            request,
            "error.html",
            status_code=422,
            status=422,
            message=Msg("The form was incomplete or had a wrong value."),
        )

    @app.exception_handler(ReelwiseError)
    async def _reelwise(request: Request, exc: ReelwiseError) -> Response:
        status = (
            404
            if isinstance(exc, NotFoundError)
            else 409
            if isinstance(exc, ConflictError)
            else (400 if isinstance(exc, InputError) else 500)
        )
        lang = auth.request_language(request)
        if _wants_json(request):
            problems = [
                {"line": i.location.line, "path": i.location.path, "message": i.message.render(lang)}
                for i in getattr(exc, "issues", [])
            ]
            return JSONResponse({"detail": exc.render(lang), "problems": problems}, status_code=status)
        return render(
            request,
            "error.html",
            status_code=status,
            status=status,
            message=exc.message,
            issues=getattr(exc, "issues", []),
        )


def _plain_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", ""))} for e in exc.errors()]


def _status_message(status: int) -> Msg:
    if status == 404:
        return Msg("This page does not exist, or you have no access to it.")
    if status == 403:
        return Msg("You may not do this here.")
    if status == 413:
        return Msg("The file is too large.")
    return Msg("Something went wrong.")
