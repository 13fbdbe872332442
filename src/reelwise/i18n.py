"""Dutch and English text for everything a person reads.

English is the source language: a message's id *is* its English text (the gettext
convention). Dutch translations live in ``locale/nl/LC_MESSAGES/*.po``; every area of the
package owns one catalogue file (``core.po``, ``plan.po``, ``audit.po`` …) so areas never
edit each other's file. All catalogues of a language are merged at first use.

Two ways to mark text:

* ``Msg("Video {video} has no call to action", video="v1")`` — a lazy message that is
  rendered later in whatever language the reader chose (findings, errors);
* ``_("Plan is valid")`` — translated now, in the current language (CLI output).

Placeholders use ``str.format`` names, never positional fragments: a sentence is never
built from pieces in code.
"""

from __future__ import annotations

import contextvars
import locale as _locale
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Final

LANGUAGES: Final = ("en", "nl")
DEFAULT_LANGUAGE: Final = "en"

_current: contextvars.ContextVar[str] = contextvars.ContextVar("reelwise_lang", default=DEFAULT_LANGUAGE)


def normalise_language(value: str | None) -> str | None:
    """Map ``nl``, ``nl_NL.UTF-8``, ``NL``, ``en-GB`` … to a supported code, else None."""
    if not value:
        return None
    code = value.strip().replace("-", "_").split("_")[0].split(".")[0].lower()
    return code if code in LANGUAGES else None


def resolve_language(explicit: str | None, env: Mapping[str, str]) -> str:
    """Choose the language: explicit flag, then ``REELWISE_LANG``, then the locale."""
    for candidate in (explicit, env.get("REELWISE_LANG")):
        lang = normalise_language(candidate)
        if lang:
            return lang
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        lang = normalise_language(env.get(var))
        if lang:
            return lang
    try:
        lang = normalise_language(_locale.getlocale()[0])
    except ValueError:
        lang = None
    return lang or DEFAULT_LANGUAGE


def set_language(lang: str) -> contextvars.Token[str]:
    code = normalise_language(lang)
    if code is None:
        raise ValueError(f"unsupported language: {lang!r}")
    return _current.set(code)


def get_language() -> str:
    return _current.get()


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All translations of one language, merged from every ``.po`` file of the package."""
    if lang == "en":
        return {}
    from babel.messages.pofile import read_po

    merged: dict[str, str] = {}
    folder = resources.files("reelwise") / "locale" / lang / "LC_MESSAGES"
    if not folder.is_dir():
        return merged
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".po"):
            continue
        with entry.open("rb") as handle:
            cat = read_po(handle, locale=lang)
        for message in cat:
            if message.id and isinstance(message.id, str) and message.string and not message.fuzzy:
                merged[message.id] = str(message.string)
    return merged


def translate(msgid: str, lang: str | None = None) -> str:
    """The text of ``msgid`` in ``lang`` (default: the current language)."""
    return catalogue(lang or get_language()).get(msgid, msgid)


def _(msgid: str, **params: Any) -> str:
    """Translate now, in the current language, and fill in the named placeholders."""
    text = translate(msgid)
    return text.format(**params) if params else text


def N_(msgid: str) -> str:
    """Mark a constant for extraction without translating it yet."""
    return msgid


@dataclass(frozen=True)
class Msg:
    """A message rendered later, in the reader's language."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __init__(self, msgid: str, /, **params: Any) -> None:
        object.__setattr__(self, "msgid", msgid)
        object.__setattr__(self, "params", dict(params))

    def render(self, lang: str | None = None) -> str:
        lang = lang or get_language()
        params = {k: _render_param(v, lang) for k, v in self.params.items()}
        text = translate(self.msgid, lang)
        if not params:
            return text
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            try:
                return self.msgid.format(**params)
            except (KeyError, IndexError, ValueError):
                return self.msgid

    def __str__(self) -> str:
        return self.render()


def _render_param(value: Any, lang: str) -> Any:
    if isinstance(value, Msg | Num):
        return value.render(lang)
    return value


_NUMBER_LOCALES: Final = {"en": "en_GB", "nl": "nl_NL"}


@dataclass(frozen=True)
class Num:
    """A number in a message, written the reader's way: ``2,000.5`` in English, ``2.000,5`` in Dutch.

    ``Msg("{count} sales", count=Num(2000))``; ``Num(0.05, percent=True)`` → ``5%`` / ``5%``;
    ``decimals`` is the most digits after the point (trailing zeros are left out).
    """

    value: float
    decimals: int = 0
    percent: bool = False

    def render(self, lang: str | None = None) -> str:
        from babel.numbers import format_decimal, format_percent

        locale = _NUMBER_LOCALES.get(lang or get_language(), "en_GB")
        pattern = "#,##0" + ("." + "#" * self.decimals if self.decimals > 0 else "")
        if self.percent:
            return str(format_percent(self.value, format=pattern + "%", locale=locale))
        return str(format_decimal(self.value, format=pattern, locale=locale))

    def __str__(self) -> str:
        return self.render()


def render(value: Msg | str | None, lang: str | None = None) -> str | None:
    """Render a message or pass a plain string through."""
    if value is None or isinstance(value, str):
        return value
    return value.render(lang)
