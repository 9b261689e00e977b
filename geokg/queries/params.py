"""Parameter models shared by the queries: a closed set of fields, dates as ISO days, code lists.

Unknown parameters are refused (``extra="forbid"``), so a typo is an error, not a silent default.

>>> Period(since="2023-08-01").since.isoformat()
'2023-08-01'
>>> Period(since="2023-09-01", until="2023-08-01")
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Period
  Value error, since (2023-09-01) is after until (2023-08-01) ...

Days are written YYYY-MM-DD and lie in 1000-01-01..8999-12-31 (:data:`geokg.schema.models.FIRST_DAY`,
``LAST_DAY``): a query widens a period by up to a year, which must stay inside the calendar. Numbers
are at most 2**63 - 1, the stores' integers.

>>> Period(since="1699920000")
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Period
since
  Value error, must be a day YYYY-MM-DD, got '1699920000' ...
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import (AfterValidator, AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field, field_validator,
                      model_validator)

from geokg.schema.models import FIRST_DAY, LAST_DAY, MAX_INT, check_day

__all__ = ["Params", "Period", "ActorRef", "CodeList", "Day", "split_list", "ACTOR", "PARTNER", "actor_field",
           "partner_field"]

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _day_text(v: Any) -> Any:
    # pydantic reads a number, or a string of digits, as a Unix time ("1699920000" -> 2023-11-14):
    # a parameter documented as YYYY-MM-DD takes only that.
    if isinstance(v, str) and not _ISO_DAY.fullmatch(v):
        raise ValueError(f"must be a day YYYY-MM-DD, got {v!r}")
    if isinstance(v, (int, float)):
        raise ValueError(f"must be a day YYYY-MM-DD, got the number {v!r}")
    return v


def _in_window(v: date) -> date:
    try:
        return check_day(v, "a day")
    except ValueError as exc:
        raise ValueError(str(exc).replace("a day must be", "must be")) from None


#: A day parameter: YYYY-MM-DD, from FIRST_DAY to LAST_DAY.
Day = Annotated[date, BeforeValidator(_day_text), AfterValidator(_in_window)]


def split_list(v: Any) -> Any:
    """``"04,112"`` (the CLI's form) -> ``["04", "112"]``; lists pass through; blanks dropped."""
    if isinstance(v, str):
        v = v.split(",")
    if isinstance(v, (list, tuple)):
        out: list[str] = []
        for x in v:
            out += [s.strip() for s in str(x).split(",") if s.strip()] if isinstance(x, str) else [x]
        return out
    return v


def _cameo_prefix(v: Any) -> Any:
    if isinstance(v, int) and not isinstance(v, bool):
        v = f"{v:02d}"
    if not isinstance(v, str) or not v.isdigit() or not 2 <= len(v) <= 4 or not 1 <= int(v[:2]) <= 20:
        raise ValueError(f"a CAMEO code or prefix has 2-4 digits with root 01-20, got {v!r}")
    return v


#: An actor as the user names it: an id ("PRK"), a name ("North Korea") or an alias in any
#: language ("Korut"); queries resolve it with :func:`geokg.queries.resolve.resolve_actor`.
ActorRef = Annotated[str, Field(min_length=1, description="actor id, name or alias (any language)")]
#: The names of the actor parameters, one family for every query: ``actor`` (the one the query is
#: about) and ``partner`` (the other side of a dyad or path). ``a`` and ``b``, the names the dyad,
#: series and path queries had first, are still read.
ACTOR = AliasChoices("actor", "a")
PARTNER = AliasChoices("partner", "b")


def actor_field(default: Any = ..., description: str = "actor id, name or alias (any language)") -> Any:
    """The ``actor`` parameter (also read as ``a``); required unless a *default* is given."""
    return Field(default, validation_alias=ACTOR, description=description)


def partner_field(default: Any = ..., description: str = "the other actor: id, name or alias") -> Any:
    """The ``partner`` parameter (also read as ``b``); required unless a *default* is given."""
    return Field(default, validation_alias=PARTNER, description=description)


#: CAMEO codes or prefixes ("04" = every consultation, "112" = accusations and their sub-codes).
CodeList = Annotated[list[Annotated[str, BeforeValidator(_cameo_prefix)]] | None, BeforeValidator(split_list),
                     Field(description="CAMEO code prefixes, comma-separated (04,112)")]


class Params(BaseModel):
    """Base of every query's parameters: unknown names are errors."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*")
    @classmethod
    def _fits_a_store(cls, v: Any) -> Any:
        # Every number may reach a store as a LIMIT, an OFFSET or a count bound, where Python's
        # unbounded ints overflow; the bound is checked here, once for every query.
        if isinstance(v, int) and not isinstance(v, bool) and not -MAX_INT <= v <= MAX_INT:
            raise ValueError(f"must be at most {MAX_INT} in size")
        return v


class Period(Params):
    """A period of event dates; an event counts if its date (at its precision) overlaps it.

    ``"2023-07"`` spans 2023-07-01..2023-07-31, so it is in a period that starts on 2023-07-20;
    undated events are never in a bounded period (the rule of :class:`geokg.graph.base.EventFilter`).
    """

    since: Day | None = Field(default=None, description=f"first day (YYYY-MM-DD, {FIRST_DAY} to {LAST_DAY})")
    until: Day | None = Field(default=None, description=f"last day (YYYY-MM-DD, {FIRST_DAY} to {LAST_DAY})")

    @model_validator(mode="after")
    def _ordered(self) -> "Period":
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        return self
