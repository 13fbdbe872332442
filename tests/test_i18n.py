"""Every user-facing text exists in Dutch and English; language selection works."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from reelwise.i18n import Msg, _, catalogue, normalise_language, resolve_language, set_language

SRC = Path(__file__).resolve().parents[1] / "src" / "reelwise"
KEYWORDS = {"_": None, "N_": None, "Msg": (1,)}


def extracted_messages() -> dict[str, str]:
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(SRC),
        method_map=[("**.py", "python"), ("**/templates/**.html", "jinja2")],
        keywords=KEYWORDS,
        comment_tags=(),
    ):
        if isinstance(message, str) and message:
            found.setdefault(message, f"{filename}:{lineno}")
    return found


def test_every_message_has_a_dutch_translation() -> None:
    nl = catalogue("nl")
    missing = {m: where for m, where in extracted_messages().items() if m not in nl}
    assert not missing, "missing Dutch translations:\n" + "\n".join(f"{w}: {m!r}" for m, w in sorted(missing.items()))


def test_translations_keep_the_placeholders() -> None:
    import string

    def names(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    broken = [m for m, t in catalogue("nl").items() if names(m) != names(t)]
    assert not broken, f"placeholders differ between English and Dutch: {broken}"


def test_messages_render_in_both_languages() -> None:
    msg = Msg("{count} checks", count=3)
    assert msg.render("en") == "3 checks"
    assert msg.render("nl") == "3 controles"


def test_current_language_switches_eager_translation() -> None:
    set_language("nl")
    assert _("error") == "fout"
    set_language("en")
    assert _("error") == "error"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("nl", "nl"), ("nl_NL.UTF-8", "nl"), ("NL", "nl"), ("en-GB", "en"), ("de_DE", None), ("", None), (None, None)],
)
def test_language_codes_are_normalised(value: str | None, expected: str | None) -> None:
    assert normalise_language(value) == expected


def test_language_resolution_order() -> None:
    assert resolve_language("nl", {"REELWISE_LANG": "en"}) == "nl"
    assert resolve_language(None, {"REELWISE_LANG": "nl", "LANG": "en_US.UTF-8"}) == "nl"
    assert resolve_language(None, {"LANG": "nl_BE.UTF-8"}) == "nl"
    assert resolve_language(None, {"LANG": "C"}) in ("en", "nl")


def test_unknown_placeholder_in_a_message_never_crashes() -> None:
    assert Msg("{missing} thing").render("en") == "{missing} thing"
    assert Msg("file {file} not found", file="{weird}.yaml").render("en") == "file {weird}.yaml not found"
