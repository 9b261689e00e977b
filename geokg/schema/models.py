"""Pydantic models at the edges of geokg: what comes in (articles) and goes out (events).

The JSON shape of :class:`Event` is the extraction contract of DESIGN.md; keep field names stable.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date as _date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from geokg.schema.sectors import check_sector

ActorKind = Literal["state", "person", "organisation", "group", "media", "other"]
Factuality = Literal["asserted", "denied", "alleged", "planned", "hypothetical", "negated"]
Precision = Literal["day", "month", "year"]

# Compiled once: validating a JSONL of extracted events runs these for every record.
_ISO3 = re.compile(r"[A-Z]{3}")
_QID = re.compile(r"Q\d+")
_CAMEO = re.compile(r"\d{3,4}")
_DATE_BY_PRECISION = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
}


def stable_id(prefix: str, *parts: object) -> str:
    """Deterministic id from parts, so re-running on the same input gives the same ids.

    >>> stable_id("ev", "a", 1) == stable_id("ev", "a", 1)
    True
    """
    h = hashlib.blake2b("\x1f".join("" if p is None else str(p) for p in parts).encode(), digest_size=10)
    return f"{prefix}_{h.hexdigest()}"


class Actor(BaseModel):
    """A state, person, organisation, group or medium that acts or is acted upon.

    >>> Actor(id="RUS", name="Russia", kind="state", country="RUS").country
    'RUS'
    """

    model_config = ConfigDict(extra="ignore")

    id: str
    name: str
    kind: ActorKind = "other"
    country: str | None = None
    wikidata: str | None = None
    role: str | None = None
    sector: str | None = None  # CAMEO sector code (geokg.schema.sectors): GOV, MIL, COP, OPP, REB, ...

    @field_validator("sector")
    @classmethod
    def _sector(cls, v: str | None) -> str | None:
        return check_sector(v)

    @field_validator("country")
    @classmethod
    def _iso3(cls, v: str | None) -> str | None:
        if v is not None and not _ISO3.fullmatch(v):
            raise ValueError(f"country must be an ISO 3166 alpha-3 code, got {v!r}")
        return v

    @field_validator("wikidata")
    @classmethod
    def _qid(cls, v: str | None) -> str | None:
        if v is not None and not _QID.fullmatch(v):
            raise ValueError(f"wikidata must be a QID like Q159, got {v!r}")
        return v


class Evidence(BaseModel):
    """The sentence an event was read from, with character offsets into the cleaned article text."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> "Evidence":
        if self.end < self.start:
            raise ValueError("evidence end must not be before start")
        return self


class Article(BaseModel):
    """A news article after ingest and cleaning.

    >>> Article(id="a1", text="Putin met Kim.", lang="en").published is None
    True
    """

    model_config = ConfigDict(extra="ignore")

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: _date | None = None
    lang: str | None = None
    source: str | None = None  # path or feed the article came from
    # Where the publication date came from ("option", "mapping", "record", "html-meta", "json-ld",
    # "html-time", "htmldate", "byline", "dateline", "lead"; see geokg.extractors.published):
    # relative dates count from it, so how sure it is matters.
    published_source: str | None = None


class Mention(BaseModel):
    """One article's report of an event: where it was said and how sure the extractor is."""

    article_id: str
    evidence: Evidence
    confidence: float = Field(ge=0.0, le=1.0)
    url: str | None = None
    title: str | None = None
    published: _date | None = None


class Event(BaseModel):
    """A coded, dated event: the extraction contract's output record.

    >>> e = Event(article_id="a", cameo="112", quad_class=3, goldstein=-2.0, plover="ACCUSE",
    ...           evidence=Evidence(text="x", start=0, end=1), confidence=0.8)
    >>> Event.model_validate_json(e.model_dump_json()) == e
    True
    """

    model_config = ConfigDict(extra="ignore")

    event_id: str = ""
    article_id: str
    date: str | None = None
    date_precision: Precision | None = None
    cameo: str
    quad_class: int = Field(ge=1, le=4)
    goldstein: float = Field(ge=-10.0, le=10.0)
    plover: str
    source: Actor | None = None
    target: Actor | None = None
    factuality: Factuality = "asserted"
    evidence: Evidence
    confidence: float = Field(ge=0.0, le=1.0)
    trigger: str | None = None
    lang: str | None = None
    published: str | None = None
    url: str | None = None
    title: str | None = None
    published_source: str | None = None  # the article's: where its publication date came from

    @field_validator("cameo")
    @classmethod
    def _cameo(cls, v: str) -> str:
        if not _CAMEO.fullmatch(v) or not (1 <= int(v[:2]) <= 20):
            raise ValueError(f"cameo must be a 3- or 4-digit CAMEO code with root 01-20, got {v!r}")
        return v

    @model_validator(mode="after")
    def _date_matches_precision(self) -> "Event":
        if (self.date is None) != (self.date_precision is None):
            raise ValueError("date and date_precision must both be set or both be null")
        if self.date is not None and not _DATE_BY_PRECISION[self.date_precision].match(self.date):
            raise ValueError(f"date {self.date!r} does not have {self.date_precision} precision")
        if not self.event_id:
            s = self.source.id if self.source else None
            t = self.target.id if self.target else None
            self.event_id = stable_id("ev", self.article_id, s, t, self.cameo, self.date,
                                      self.evidence.start, self.factuality)
        return self

    @property
    def root(self) -> str:
        """The two-digit CAMEO root, e.g. ``"11"`` for ``"112"``."""
        return self.cameo[:2]
