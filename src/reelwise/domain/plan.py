"""The campaign plan: every part of the ten-point strategy as validated data.

The models check the shape of each field; :mod:`reelwise.domain.crossrefs` checks the
links between parts (a post's video exists, a stage is defined …). Files named in a plan
are paths relative to the plan file; whether they exist is checked at the edge.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Final, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from reelwise.domain.catalogues import (
    DEFAULT_STAGES,
    AlertKind,
    AssetKind,
    AuthenticityItem,
    Cadence,
    CreativeFormat,
    CtaType,
    DataSource,
    Metric,
    OutletType,
    PitchStatus,
    Platform,
    ProductionMode,
    ProductionStatus,
    SurveyQuestion,
)

SCHEMA_VERSION: Final = 1

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
_URL = re.compile(r"^https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?(?:[/?#]\S*)?$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_LANG = re.compile(r"^[a-z]{2}(?:-[A-Z]{2})?$")
_HOURS = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")
_ASPECT = re.compile(r"^(\d{1,2}):(\d{1,2})$")


def _hex(value: str) -> str:
    if not _HEX.match(value):
        raise PydanticCustomError("hex_colour", "not a hex colour like #1A2B3C")
    if len(value) == 4:
        value = "#" + "".join(c * 2 for c in value[1:])
    return value.upper()


def _url(value: str) -> str:
    if not _URL.match(value):
        raise PydanticCustomError("url", "not a URL (http:// or https://)")
    return value


def _ident(value: str) -> str:
    if not _ID.match(value):
        raise PydanticCustomError("identifier", "not a valid id (letters, digits, _ . -)")
    return value


def _lang(value: str) -> str:
    if not _LANG.match(value):
        raise PydanticCustomError("language", "not a language code like nl or en")
    return value


def _hours(value: str) -> str:
    match = _HOURS.match(value)
    if not match:
        raise PydanticCustomError("hour_range", "not an hour range like 07:00-09:30")
    start = int(match[1]) * 60 + int(match[2])
    end = int(match[3]) * 60 + int(match[4])
    if end <= start or end > 24 * 60:
        raise PydanticCustomError("hour_range", "not an hour range like 07:00-09:30")
    return value


def _aspect(value: str) -> str:
    match = _ASPECT.match(value)
    if not match or int(match[1]) == 0 or int(match[2]) == 0:
        raise PydanticCustomError("aspect_ratio", "not an aspect ratio like 9:16")
    return value


HexColour = Annotated[str, AfterValidator(_hex)]
Url = Annotated[str, AfterValidator(_url)]
Ident = Annotated[str, AfterValidator(_ident)]
LanguageCode = Annotated[str, AfterValidator(_lang)]
HourRange = Annotated[str, AfterValidator(_hours)]
AspectRatio = Annotated[str, AfterValidator(_aspect)]
FilePath = Annotated[str, Field(min_length=1, description="A path relative to the plan file.")]
Text = Annotated[str, Field(min_length=1)]
Euros = Annotated[float, Field(ge=0, description="An amount in euros.")]


class Part(BaseModel):
    """Base of every plan part: unknown fields are errors, numbers are accepted as text."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        coerce_numbers_to_str=True,
        validate_default=False,
        use_enum_values=False,
    )


# --- 9. brand ---------------------------------------------------------------------------


class BrandKit(Part):
    name: Text
    name_variants: list[Text] = Field(default_factory=list, description="Other spellings people use.")
    colours: list[HexColour] = Field(default_factory=list, description="House colours, hex.")
    fonts: list[Text] = Field(default_factory=list)
    logo: FilePath | None = Field(default=None, description="Logo image (PNG with transparency is best).")
    slogan: str | None = None
    languages: list[LanguageCode] = Field(default_factory=lambda: ["nl"])


# --- audience -------------------------------------------------------------------------


class AgeRange(Part):
    min: int = Field(ge=0, le=120)
    max: int = Field(ge=0, le=120)

    @model_validator(mode="after")
    def _ordered(self) -> AgeRange:
        if self.max < self.min:
            raise PydanticCustomError("age_range", "max is below min")
        return self


class Persona(Part):
    id: Ident
    name: Text
    description: str | None = None
    age: AgeRange | None = None
    country: str | None = Field(default=None, description="ISO country code or name.")
    region: str | None = None
    platforms: list[Platform] = Field(default_factory=list)
    active_hours: list[HourRange] = Field(
        default_factory=list, description="Local times when this persona is online, e.g. 07:00-09:00."
    )


# --- 1. campaign and goals ------------------------------------------------------------


class Expectations(Part):
    touchpoints: int | None = Field(default=None, ge=1, description="Contacts needed before a conversion.")
    days_to_conversion: int | None = Field(default=None, ge=0, description="Days from first contact to a conversion.")
    conversion_rate: float | None = Field(
        default=None, gt=0, le=1, description="Expected share of reached people who convert (0.02 = 2 %)."
    )


class Campaign(Part):
    name: Text
    start: dt.date
    end: dt.date
    launch: dt.date | None = Field(default=None, description="Public launch date; defaults to the start.")
    budget_eur: Euros | None = None
    sells: bool = Field(default=True, description="Does the campaign sell something (vs. pure awareness)?")
    stages: list[Text] = Field(default_factory=lambda: list(DEFAULT_STAGES), min_length=1)
    expectations: Expectations | None = None

    @field_validator("end")
    @classmethod
    def _after_start(cls, end: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("start")
        if isinstance(start, dt.date) and end < start:
            raise PydanticCustomError("date_order", "the campaign ends before it starts")
        return end

    @field_validator("stages")
    @classmethod
    def _unique_stages(cls, stages: list[str]) -> list[str]:
        if len({s.lower() for s in stages}) != len(stages):
            raise PydanticCustomError("duplicate", "a stage is named twice")
        return stages

    @property
    def launch_date(self) -> dt.date:
        return self.launch or self.start


class Goal(Part):
    id: Ident
    metric: Metric
    target: float | None = Field(default=None, ge=0, description="Rates as fractions: 0.3 = 30 %.")
    deadline: dt.date | None = None
    stage: str | None = None
    serves: Ident | None = Field(default=None, description="Id of the outcome goal this goal serves.")
    awareness_only: bool = Field(default=False, description="An attention goal that deliberately serves no outcome.")
    description: str | None = None


# --- videos -----------------------------------------------------------------------------


class Cta(Part):
    type: CtaType
    text: Text
    url: Url | None = None
    moment_s: float | None = Field(default=None, ge=0, description="Seconds from the start where the CTA comes.")


class Concept(Part):
    keywords: list[Text] = Field(default_factory=list)
    ideas: list[Text] = Field(default_factory=list)
    format: CreativeFormat | None = None
    authenticity: dict[AuthenticityItem, bool] = Field(
        default_factory=dict, description="Authenticity checklist: item → checked."
    )


class Production(Part):
    mode: ProductionMode | None = None
    budget_eur: Euros | None = None
    supplier: str | None = None
    status: ProductionStatus = ProductionStatus.BRIEF
    delivery: dt.date | None = Field(default=None, description="Date the final cut is due.")
    approved_on: dt.date | None = None


class Variant(Part):
    id: Ident
    aspect_ratio: AspectRatio
    duration_s: float | None = Field(default=None, gt=0)
    captions: bool = Field(default=False, description="Burned-in or sidecar captions for sound-off viewing.")
    file: FilePath | None = None


class Video(Part):
    id: Ident
    title: Text
    file: FilePath | None = None
    language: LanguageCode | None = None
    stage: Text
    duration_target_s: float | None = Field(default=None, gt=0)
    cta: Cta | None = None
    branded_content: bool = Field(default=False, description="Deliberately without a CTA.")
    brand_moment_s: float | None = Field(default=None, ge=0, description="Planned first brand moment (s).")
    next_step: list[Ident] = Field(default_factory=list, description="Assets or videos that come after this one.")
    concept: Concept = Field(default_factory=Concept)
    production: Production = Field(default_factory=Production)
    variants: list[Variant] = Field(default_factory=list)

    @model_validator(mode="after")
    def _cta_or_branded(self) -> Video:
        if self.cta is not None and self.branded_content:
            raise PydanticCustomError("cta_and_branded", "has a CTA and is marked branded_content: choose one")
        return self


# --- 3. other assets ----------------------------------------------------------------------


class Asset(Part):
    id: Ident
    kind: AssetKind
    title: Text
    stage: Text
    message: str | None = None
    keywords: list[Text] = Field(default_factory=list)
    link: Url | None = None
    qr_target: Url | None = Field(default=None, description="Where the printed QR code points.")
    image: FilePath | None = None
    date: dt.date | None = None


# --- 6. distribution ---------------------------------------------------------------------


class Post(Part):
    id: Ident | None = None
    platform: Platform
    persona: Ident | None = None
    video: Ident
    variant: Ident | None = None
    moment: dt.datetime
    caption: str | None = None
    link: Url | None = None
    paid_budget_eur: Euros | None = None


class Distribution(Part):
    timezone: str = Field(default="Europe/Amsterdam", description="Time zone of the planned moments.")
    posts: list[Post] = Field(default_factory=list)


# --- 7. social channels ------------------------------------------------------------------


class Channel(Part):
    platform: Platform
    handle: Text
    description: str | None = None
    link: Url | None = None
    profile_image: FilePath | None = None
    cover_image: FilePath | None = None
    pinned_video: Ident | None = None
    comment_owner: str | None = None
    response_time_hours: float | None = Field(default=None, gt=0)


# --- 8. PR ------------------------------------------------------------------------------


class Outlet(Part):
    id: Ident
    name: Text
    type: OutletType
    niche: str | None = None
    audience_size: int | None = Field(default=None, ge=0)
    lead_time_days: int | None = Field(default=None, ge=0)
    contact: str | None = None


class Pitch(Part):
    outlet: Ident
    video: Ident | None = None
    date: dt.date
    status: PitchStatus = PitchStatus.PLANNED


class BlogPost(Part):
    niche: Text
    title: Text
    date: dt.date | None = None
    outlet: Ident | None = None


class PR(Part):
    outlets: list[Outlet] = Field(default_factory=list)
    pitches: list[Pitch] = Field(default_factory=list)
    blog_posts: list[BlogPost] = Field(default_factory=list)


# --- 10. measurement -------------------------------------------------------------------


class Kpi(Part):
    goal: Ident
    kpi: Text
    source: DataSource


class Alert(Part):
    metric: Metric
    kind: AlertKind
    threshold: float
    goal: Ident | None = None


class AttributionQuestion(Part):
    question: Text
    options: list[Text] = Field(min_length=2)


class BrandLift(Part):
    questions: list[SurveyQuestion] = Field(min_length=1)
    control_share: float = Field(default=0.5, gt=0, lt=1, description="Share of respondents in the control group.")
    responses_per_arm: int | None = Field(default=None, ge=1)
    minimum_lift: float | None = Field(default=None, gt=0, lt=1, description="Smallest lift worth detecting.")


class Measurement(Part):
    kpis: list[Kpi] = Field(default_factory=list)
    review_cadence: Cadence | None = None
    alerts: list[Alert] = Field(default_factory=list)
    attribution_question: AttributionQuestion | None = None
    brand_lift: BrandLift | None = None


# --- the whole plan -------------------------------------------------------------------


class Plan(Part):
    """A whole campaign plan: the document a plan YAML file holds."""

    model_config = ConfigDict(title="reelwise campaign plan")

    version: Literal[1] = SCHEMA_VERSION
    brand: BrandKit
    campaign: Campaign
    personas: list[Persona] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)
    videos: list[Video] = Field(default_factory=list)
    assets: list[Asset] = Field(default_factory=list)
    distribution: Distribution = Field(default_factory=Distribution)
    channels: list[Channel] = Field(default_factory=list)
    pr: PR = Field(default_factory=PR)
    measurement: Measurement = Field(default_factory=Measurement)

    # lookups used by the checks ---------------------------------------------------------
    def video(self, video_id: str) -> Video | None:
        return next((v for v in self.videos if v.id == video_id), None)

    def goal(self, goal_id: str) -> Goal | None:
        return next((g for g in self.goals if g.id == goal_id), None)

    def persona(self, persona_id: str) -> Persona | None:
        return next((p for p in self.personas if p.id == persona_id), None)

    def stage_index(self, stage: str) -> int | None:
        lowered = [s.lower() for s in self.campaign.stages]
        return lowered.index(stage.lower()) if stage.lower() in lowered else None

    def to_data(self) -> dict[str, Any]:
        """Plain data for YAML/JSON: defaults left out so files stay short."""
        return self.model_dump(mode="json", exclude_defaults=True, by_alias=True)
