"""Log in, log out, switch language."""

from __future__ import annotations

import time
from collections import defaultdict, deque
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from reelwise.i18n import Msg, normalise_language
from reelwise.services.users import authenticate
from reelwise.web import auth
from reelwise.web.templating import render

router = APIRouter(include_in_schema=False)

# at most this many failed logins per client address per window
MAX_FAILURES = 10
WINDOW_S = 300.0
_failures: dict[str, deque[float]] = defaultdict(deque)


def _too_many(client: str) -> bool:
    now = time.monotonic()
    attempts = _failures[client]
    while attempts and now - attempts[0] > WINDOW_S:
        attempts.popleft()
    return len(attempts) >= MAX_FAILURES


def _safe_next(target: str | None) -> str:
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    if getattr(request.state, "user", None) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login.html", next=_safe_next(next))


@router.post("/login")
def login_submit(
    request: Request,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str | None, Form()] = None,
) -> Response:
    client = request.client.host if request.client else "?"
    if _too_many(client):
        return render(
            request,
            "login.html",
            status_code=429,
            next=_safe_next(next),
            email=email,
            error=Msg("Too many failed attempts. Wait a few minutes and try again."),
        )
    user = authenticate(auth.state(request).users, email, password)
    if user is None:
        _failures[client].append(time.monotonic())
        return render(
            request,
            "login.html",
            status_code=401,
            next=_safe_next(next),
            email=email,
            error=Msg("Wrong e-mail address or password."),
        )
    auth.login(request, user)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    auth.logout(request)
    return RedirectResponse("/login", status_code=303)


@router.post("/language")
def switch_language(
    request: Request, lang: Annotated[str, Form()], next: Annotated[str | None, Form()] = None
) -> Response:
    code = normalise_language(lang) or "en"
    user = getattr(request.state, "user", None)
    if user is not None:
        auth.state(request).users.set_language(user.id, code)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return response
