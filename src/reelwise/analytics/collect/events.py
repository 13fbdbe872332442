"""The event format the player tracker sends, and its validation.

A beacon is ``{"k": site_key, "events": [...]}``; each event is short-keyed to keep beacons
small (see docs/tracking.md). Validation reports *every* reason for *every* bad event so a
developer integrating the tracker sees all problems at once.

The happy path validates a whole batch in one call into pydantic-core (JSON parsing and
validation in Rust); only when something is wrong are the events validated one by one to
find out which ones, so that the good events of a batch can still be accepted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

EVENT_TYPES: Final = ("impression", "play", "pause", "seek", "progress", "ended", "cta_shown", "cta_clicked")
MAX_EVENTS_PER_BATCH: Final = 200
MAX_POSITION_S: Final = 86_400.0  # a day: longer "videos" are live streams or bugs
MIN_CLIENT_TS_MS: Final = 1_577_836_800_000  # 2020-01-01T00:00:00Z
MAX_CLIENT_TS_MS: Final = 4_102_444_800_000  # 2100-01-01T00:00:00Z
MAX_URL_LENGTH: Final = 2048

EventType = Literal["impression", "play", "pause", "seek", "progress", "ended", "cta_shown", "cta_clicked"]
OpaqueId = Annotated[str, Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
VideoRef = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
Seconds = Annotated[float, Field(ge=0, le=MAX_POSITION_S, allow_inf_nan=False)]
SiteKey = Annotated[str, Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


class PlayerEvent(BaseModel):
    """One event as the tracker sends it (short keys keep beacons small)."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True, strict=True)

    id: OpaqueId = Field(description="Event id (a UUID); a re-sent event with the same id is stored once.")
    video: VideoRef = Field(alias="v", description="The video's id in the plan.")
    variant: VideoRef | None = Field(default=None, alias="var", description="The variant's id, if any.")
    session: OpaqueId = Field(alias="s", description="Random per page load and video.")
    type: EventType = Field(alias="t")
    position: Seconds = Field(alias="p", description="Playback position in seconds.")
    duration: Seconds | None = Field(default=None, alias="d", description="Duration in seconds, null if unknown.")
    from_: Seconds | None = Field(
        default=None,
        alias="f",
        description="seek: the position before the seek; progress/pause/ended: where this watched stretch began.",
    )
    ts: int = Field(alias="ts", ge=MIN_CLIENT_TS_MS, le=MAX_CLIENT_TS_MS, description="Client time, epoch ms.")
    url: str = Field(alias="u", max_length=MAX_URL_LENGTH, description="The page the player is on.")

    @model_validator(mode="after")
    def _consistent(self) -> PlayerEvent:
        if self.duration is not None and self.position > self.duration + 1.0:
            raise ValueError("position p is past the end of the video (more than 1 s beyond d)")
        if self.type == "seek" and self.from_ is None:
            raise ValueError("a seek needs f, the position before the seek")
        return self


class Beacon(BaseModel):
    """The body of ``POST /collect``."""

    model_config = ConfigDict(extra="ignore")

    k: SiteKey | None = Field(default=None, description="The site key (or pass it as ?k= in the URL).")
    events: list[PlayerEvent] = Field(min_length=1, max_length=MAX_EVENTS_PER_BATCH)


class _LaxBeacon(BaseModel):
    """The envelope alone, so that one bad event does not hide the good ones."""

    model_config = ConfigDict(extra="ignore")

    k: SiteKey | None = None
    events: list[Any] = Field(min_length=1, max_length=MAX_EVENTS_PER_BATCH)


_BEACON = TypeAdapter(Beacon)
_LAX = TypeAdapter(_LaxBeacon)
_EVENT = TypeAdapter(PlayerEvent)


@dataclass(frozen=True)
class Reason:
    """Why a value was refused: which field, a stable code, and an English explanation."""

    field: str
    code: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code, "message": self.message}


@dataclass(frozen=True)
class Rejected:
    """A refused event: its index in the batch, its id when it had one, and every reason."""

    index: int
    event_id: str | None
    reasons: tuple[Reason, ...]

    def as_json(self) -> dict[str, Any]:
        return {"index": self.index, "id": self.event_id, "reasons": [r.as_json() for r in self.reasons]}


@dataclass(frozen=True)
class ParsedBeacon:
    """A beacon whose envelope is valid: the good events and the refused ones."""

    site_key: str | None
    events: list[PlayerEvent]
    rejected: list[Rejected]


class BadBeacon(Exception):
    """The envelope itself is wrong (not JSON, no events list, too many events)."""

    def __init__(self, reasons: list[Reason]) -> None:
        super().__init__("; ".join(f"{r.field}: {r.message}" for r in reasons))
        self.reasons = reasons


def reasons_of(error: ValidationError, whole: str = "(event)") -> list[Reason]:
    """Every problem pydantic found, located by the wire field names (``whole`` for the value itself)."""
    out: list[Reason] = []
    for item in error.errors(include_url=False, include_input=False):
        field = ".".join(str(p) for p in item["loc"]) or whole
        message = str(item["msg"]).removeprefix("Value error, ")
        out.append(Reason(field=field, code=str(item["type"]), message=message))
    return out


def parse_beacon(body: bytes) -> ParsedBeacon:
    """Validate a beacon body. Raises :class:`BadBeacon` when the envelope is unusable."""
    try:
        beacon = _BEACON.validate_json(body)
    except ValidationError:
        pass
    else:
        return ParsedBeacon(site_key=beacon.k, events=beacon.events, rejected=[])
    try:
        lax = _LAX.validate_json(body)
    except ValidationError as exc:
        raise BadBeacon(reasons_of(exc, "(body)")) from None
    good: list[PlayerEvent] = []
    rejected: list[Rejected] = []
    for index, raw in enumerate(lax.events):
        try:
            good.append(_EVENT.validate_python(raw))
        except ValidationError as exc:
            event_id = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
            rejected.append(Rejected(index=index, event_id=event_id, reasons=tuple(reasons_of(exc))))
    return ParsedBeacon(site_key=lax.k, events=good, rejected=rejected)


def beacon_json_schema() -> dict[str, Any]:
    """The JSON Schema of a beacon (for the OpenAPI description and docs)."""
    schema: dict[str, Any] = _BEACON.json_schema(by_alias=True)
    return schema


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
