"""One error tree for reelwise. Only the edges (CLI, web) translate these for people."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reelwise.i18n import Msg


class ReelwiseError(Exception):
    """Base of every error reelwise raises on purpose. ``message`` is shown to the user."""

    exit_code = 1

    def __init__(self, message: Msg | str) -> None:
        self.message = message if isinstance(message, Msg) else Msg(message)
        super().__init__(self.message.render("en"))

    def render(self, lang: str | None = None) -> str:
        return self.message.render(lang)


@dataclass(frozen=True)
class Location:
    """Where in an input a problem sits: file, 1-based line, and path in the document."""

    file: str | None = None
    line: int | None = None
    path: str = ""

    def __str__(self) -> str:
        head = self.file or "<input>"
        if self.line is not None:
            head = f"{head}:{self.line}"
        return f"{head} {self.path}".rstrip() if self.path else head


@dataclass(frozen=True)
class Issue:
    """One located problem in an input file."""

    location: Location
    message: Msg

    def render(self, lang: str | None = None) -> str:
        return f"{self.location}: {self.message.render(lang)}"


class InputError(ReelwiseError):
    """Bad input: a file or value reelwise cannot accept. Carries located issues."""

    exit_code = 2

    def __init__(self, message: Msg | str, issues: Sequence[Issue] = ()) -> None:
        super().__init__(message)
        self.issues = list(issues)

    def render(self, lang: str | None = None) -> str:
        if len(self.issues) == 1:
            return self.issues[0].render(lang)
        return super().render(lang)


class PlanError(InputError):
    """A campaign plan that does not validate."""


class ConfigError(ReelwiseError):
    """A setting, path or environment variable that cannot be used."""


class StoreError(ReelwiseError):
    """The workspace store cannot do what was asked."""


class NotFoundError(StoreError):
    """A workspace, campaign or other stored object does not exist."""


class ConflictError(StoreError):
    """Someone else changed the object since it was read (version mismatch)."""


class MediaError(InputError):
    """A media file that cannot be opened, decoded or analysed."""


class DataImportError(InputError):
    """A data file (platform export, CSV, survey) that cannot be imported."""


class ModelUnavailableError(ReelwiseError):
    """A speech or vision model that is not on disk."""
