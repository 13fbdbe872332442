"""Who is asking: the session user or an API token, their language, their role per workspace.

Pages redirect anonymous visitors to ``/login``; the API answers 401. A workspace the user
is not a member of answers 404 — the same as one that does not exist — so ids cannot be
probed. Viewers may look; only owners and editors may change anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import HTTPException, Request

from reelwise.errors import NotFoundError
from reelwise.i18n import normalise_language, resolve_language
from reelwise.services.users import Role, User, token_hash
from reelwise.web.security import SAFE_METHODS, new_csrf_token, same_token
from reelwise.web.state import WebState

FORM_OVERHEAD = 1024 * 1024  # room for the other fields of a form that carries an upload


class LoginRequired(Exception):
    """Raised for a page that needs a login; the app turns it into a redirect to /login."""


def state(request: Request) -> WebState:
    value: WebState = request.app.state.web
    return value


def request_language(request: Request) -> str:
    user: User | None = getattr(request.state, "user", None)
    if user is not None and normalise_language(user.lang):
        return user.lang
    cookie = normalise_language(request.cookies.get("lang"))
    if cookie:
        return cookie
    header = request.headers.get("accept-language", "")
    first = header.split(",")[0].split(";")[0] if header else None
    return resolve_language(first, {"REELWISE_LANG": state(request).settings.lang})


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = new_csrf_token()
        request.session["csrf"] = token
    return str(token)


def bearer_user(request: Request) -> User | None:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        return None
    return state(request).users.user_for_token(token_hash(header[7:].strip()))


def session_user(request: Request) -> User | None:
    user_id = request.session.get("user_id")
    if not isinstance(user_id, int):
        return None
    try:
        return state(request).users.get_user(user_id)
    except NotFoundError:
        request.session.clear()
        return None


async def identify(request: Request) -> None:
    """App-wide dependency: find the user and enforce CSRF on unsafe cookie requests."""
    token_user = bearer_user(request)
    request.state.via_token = token_user is not None
    request.state.user = token_user or session_user(request)
    if request.method in SAFE_METHODS or request.state.via_token:
        return
    given = request.headers.get("x-csrf-token")
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > state(request).max_upload_bytes + FORM_OVERHEAD:
        raise HTTPException(status_code=413, detail="request too large")  # refused before anything is read
    if given is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get("csrf_token")
            given = value if isinstance(value, str) else None
    if not same_token(request.session.get("csrf"), given):
        raise HTTPException(status_code=403, detail="CSRF token missing or wrong")


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def require_user(request: Request) -> User:
    user: User | None = getattr(request.state, "user", None)
    if user is None:
        if is_api(request):
            raise HTTPException(
                status_code=401, detail="login or an API token needed", headers={"WWW-Authenticate": "Bearer"}
            )
        raise LoginRequired()
    return user


@dataclass(frozen=True)
class Access:
    user: User
    workspace: str  # slug
    workspace_name: str
    role: Role

    @property
    def can_edit(self) -> bool:
        return self.role.can_edit


def workspace_access(request: Request, workspace: str) -> Access:
    """The user's access to a workspace; 404 when there is none (or no such workspace)."""
    user = require_user(request)
    web = state(request)
    role = web.users.role_of(user.id, workspace)
    if role is None and user.is_admin:
        role = Role.OWNER
    if role is None:
        raise HTTPException(status_code=404, detail="not found")
    try:
        ws = web.store.get_workspace(workspace)
    except NotFoundError:
        raise HTTPException(status_code=404, detail="not found") from None
    return Access(user=user, workspace=ws.slug, workspace_name=ws.name, role=role)


def require_edit(access: Access) -> None:
    if not access.can_edit:
        raise HTTPException(status_code=403, detail="viewers cannot change anything")


def login(request: Request, user: User) -> None:
    """Start a fresh session (no fixation) with a new CSRF token."""
    request.session.clear()
    request.session["user_id"] = user.id
    request.session["csrf"] = new_csrf_token()


def logout(request: Request) -> None:
    request.session.clear()
