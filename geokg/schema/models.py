"""Pydantic models at the edges of geokg: what comes in (articles) and goes out (events).

The JSON shape of :class:`Event` is the extraction contract of DESIGN.md; keep field names stable.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date as _date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from geokg.schema.sectors import check_sector

ActorKind = Literal["state", "person", "organisation", "group", "media", "other"]
Factuality = Literal["asserted", "denied", "alleged", "planned", "hypothetical", "negated"]
Precision = Literal["day", "month", "year"]

# Compiled once: validating a JSONL of extracted events runs these for every record. Digits are
# [0-9], not \d, which also takes full-width and other scripts' digits that no reader of the
# contract expects; fullmatch, because $ also matches before a trailing newline.
_ISO3 = re.compile(r"[A-Z]{3}")
_QID = re.compile(r"Q[0-9]+")
_CAMEO = re.compile(r"[0-9]{3,4}")
_DATE_BY_PRECISION = {
    "day": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
    "month": re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])"),
    "year": re.compile(r"[0-9]{4}"),
}
_SURROGATE = re.compile(r"[\ud800-\udfff]")

#: The days geokg accepts as a publication date or a query period's bound. Relative dates are
#: counted from the publication date ("tahun lalu", "next week") and query periods are widened
#: by up to a year (a period's floor, a series' last bucket); Python's calendar ends at years 1
#: and 9999, so a margin of a thousand years on each side keeps every such date a real one.
FIRST_DAY = _date(1000, 1, 1)
LAST_DAY = _date(8999, 12, 31)
#: The largest offset a store holds: SQLite's and Neo4j's integers are 64-bit.
MAX_INT = 2**63 - 1


def check_day(day: _date, what: str = "date") -> _date:
    """*day* if it lies in FIRST_DAY..LAST_DAY, else ValueError naming *what*.

    >>> check_day(_date(2023, 8, 16)).isoformat()
    '2023-08-16'
    >>> check_day(_date(9999, 12, 31), "published")
    Traceback (most recent call last):
    ...
    ValueError: published must be a day from 1000-01-01 to 8999-12-31, got 9999-12-31
    """
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{what} must be a day from {FIRST_DAY} to {LAST_DAY}, got {day.isoformat()}")
    return day


def _unicode(v: str) -> str:
    # A JSON escape such as "\ud800" decodes to half a surrogate pair, which is no character:
    # it cannot be written as UTF-8, so a store or an output file would fail on it later.
    m = _SURROGATE.search(v)
    if m:
        raise ValueError(f"holds a lone surrogate (U+{ord(m.group()):04X}), which is not Unicode text")
    return v


#: A string that can be written out: no lone surrogates.
Text = Annotated[str, AfterValidator(_unicode)]
#: An identifier: non-empty text.
Id = Annotated[str, Field(min_length=1), AfterValidator(_unicode)]


def _published_day(v: _date | None) -> _date | None:
    return None if v is None else check_day(v, "published")


def _iso_day(v: str | None) -> str | None:
    # The extraction contract writes the publication date as YYYY-MM-DD; anything else ("yesterday",
    # "2023-02-30") would reach stores and exports as a date they cannot read.
    if v is None:
        return v
    if not _DATE_BY_PRECISION["day"].fullmatch(v):
        raise ValueError(f"published must be a date YYYY-MM-DD, got {v!r}")
    check_day(_date.fromisoformat(v), "published")
    return v


def check_event_date(value: str, precision: str) -> str:
    """*value* if it is a real date of the *precision* (day ``2023-08-15``, month ``2023-08``, year
    ``2023``), written with ASCII digits; else ValueError.

    >>> check_event_date("2023-02-28", "day"), check_event_date("2023-12", "month")
    ('2023-02-28', '2023-12')
    >>> check_event_date("2023-02-30", "day")
    Traceback (most recent call last):
    ...
    ValueError: date '2023-02-30' is not a day of the calendar: day is out of range for month
    >>> check_event_date("0000", "year")
    Traceback (most recent call last):
    ...
    ValueError: date '0000' is not a year of the calendar (0001-9999)
    """
    if not _DATE_BY_PRECISION[precision].fullmatch(value):
        raise ValueError(f"date {value!r} does not have {precision} precision")
    if precision == "day":
        try:
            _date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"date {value!r} is not a day of the calendar: {exc}") from None
    elif int(value[:4]) < 1:
        raise ValueError(f"date {value!r} is not a {precision} of the calendar (0001-9999)")
    return value


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

    id: Id
    name: Text
    kind: ActorKind = "other"
    country: str | None = None
    wikidata: str | None = None
    role: Text | None = None
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

    text: Text
    start: int = Field(ge=0, le=MAX_INT)
    end: int = Field(ge=0, le=MAX_INT)

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

    id: Id
    text: Text
    title: Text | None = None
    url: Text | None = None
    published: Annotated[_date | None, AfterValidator(_published_day)] = None
    lang: str | None = None
    source: Text | None = None  # path or feed the article came from
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

    event_id: Text = ""
    article_id: Id
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
    trigger: Text | None = None
    lang: Text | None = None
    published: Annotated[str | None, AfterValidator(_iso_day)] = None
    url: Text | None = None
    title: Text | None = None
    published_source: str | None = None  # the article's: where its publication date came from

    @field_validator("cameo")
    @classmethod
    def _cameo(cls, v: str) -> str:
        from geokg.schema import codebook  # noqa: PLC0415 - read on first use, not on import

        if not _CAMEO.fullmatch(v) or not (1 <= int(v[:2]) <= 20):
            raise ValueError(f"cameo must be a 3- or 4-digit CAMEO code with root 01-20, got {v!r}")
        if codebook.get(v) is None:
            raise ValueError(f"cameo {v!r} is not a code of the CAMEO codebook (geokg codes lists them)")
        return v

    @model_validator(mode="after")
    def _date_matches_precision(self) -> "Event":
        if (self.date is None) != (self.date_precision is None):
            raise ValueError("date and date_precision must both be set or both be null")
        if self.date is not None:
            check_event_date(self.date, self.date_precision)  # type: ignore[arg-type]
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

    def coded(self) -> "Event":
        """This event with quad_class, goldstein and plover as the codebook gives them for its code.

        They follow from the code; a record read from a file may carry others (edited by hand, or
        from an older codebook), which would put the event in the wrong quad class or PLOVER category.

        >>> e = Event(article_id="a", cameo="112", quad_class=1, goldstein=9.0, plover="AID",
        ...           evidence=Evidence(text="x", start=0, end=1), confidence=0.8).coded()
        >>> e.quad_class, e.goldstein, e.plover
        (3, -2.0, 'ACCUSE')
        """
        from geokg.schema import codebook  # noqa: PLC0415

        c = codebook.lookup(self.cameo)
        if (self.quad_class, self.goldstein, self.plover) == (c.quad_class, c.goldstein, c.plover):
            return self
        return self.model_copy(update={"quad_class": c.quad_class, "goldstein": c.goldstein, "plover": c.plover})
