"""Jinja2 templates with autoescaping and the reader's language."""

from __future__ import annotations

from importlib import resources
from typing import Any

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse

from reelwise.i18n import LANGUAGES, translate
from reelwise.web import auth

_templates: Jinja2Templates | None = None


def templates() -> Jinja2Templates:
    global _templates
    if _templates is None:
        folder = resources.files("reelwise") / "web" / "templates"
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True)
        _templates = Jinja2Templates(env=env)
        _templates.env.globals["LANGUAGES"] = LANGUAGES
        _templates.env.filters["pct"] = lambda v: "–" if v is None else f"{100 * float(v):.1f} %"
        _templates.env.filters["num"] = _number
    return _templates


def _number(value: Any, digits: int = 0) -> str:
    if value is None:
        return "–"
    try:
        return f"{float(value):,.{digits}f}".replace(",", " ")
    except (TypeError, ValueError):
        return str(value)


def gettext_for(lang: str) -> Any:
    def _(msgid: str, **params: Any) -> str:
        text = translate(msgid, lang)
        if not params:
            return text
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return msgid

    return _


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a page in the reader's language, with the user, the CSRF token and the nav."""
    lang = auth.request_language(request)
    user = getattr(request.state, "user", None)
    context.update(
        request=request,
        lang=lang,
        _=gettext_for(lang),
        user=user,
        csrf_token=auth.csrf_token(request),
    )
    response = templates().TemplateResponse(request, name, context, status_code=status_code)
    response.headers["content-language"] = lang
    return response
