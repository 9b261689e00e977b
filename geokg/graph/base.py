"""The one interface every graph store implements, and the identities that make stores agree.

Both stores compute event identities here, in Python, so that the embedded store and Neo4j
deduplicate the same way and re-ingest is idempotent by construction.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping
import calendar
import gc
import json
from contextlib import contextmanager
from datetime import date, datetime, timedelta  # noqa: F401
from hashlib import blake2b
from typing import Any

import networkx as nx
from pydantic import BaseModel, Field, field_validator

from geokg.errors import StoreError
from geokg.schema.models import Actor, Article, Event, Mention, stable_id  # noqa: F401 (doctests)
from geokg.schema.sectors import check_sector


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause CPython's cycle collector while a store ingests (reference counting still frees memory).

    The collector runs after every 700 new containers and, now and then, walks every live one: a
    batch builds hundreds of thousands of tuples that all live until it commits, beside the
    stores' identity maps and caches, so it ran thousands of times for nothing (measured: about a
    quarter of the CPU time of loading 200k events). Cycles made meanwhile are collected by the
    first collection after the block. Nests; restores the collector's previous state.

    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def happening_id(e: Event) -> str:
    """Identity of the happening an extracted event reports.

    Same source, target, CAMEO root and date (at its precision) is the same happening, whichever
    article reports it. This is the identity an event has on its own: an undated event stays
    inside its article here. In a store, an undated event whose article has a publication date
    is matched with the other reports of its dyad and root by its date window instead
    (:func:`assign_windows`).

    >>> from geokg.schema.models import Evidence
    >>> ev = lambda art, start: Event(article_id=art, cameo="040", quad_class=1, goldstein=1.0,
    ...     plover="CONSULT", date="2023-08-15", date_precision="day",
    ...     evidence=Evidence(text="x", start=start, end=start + 1), confidence=0.9,
    ...     source=Actor(id="PRK", name="North Korea", kind="state", country="PRK"),
    ...     target=Actor(id="RUS", name="Russia", kind="state", country="RUS"))
    >>> happening_id(ev("a", 0)) == happening_id(ev("b", 50))
    True
    >>> happening_id(ev("a", 0)) == stable_id("hp", "PRK", "RUS", "04", "2023-08-15")
    True
    """
    return identities(actor_key(e.source), actor_key(e.target), e)[0]


def actor_key(a: Actor | None) -> str | None:
    """The node an actor becomes in the graph: persons and agents fold into the state they act for.

    Analysts count dyads between states and organisations; the person is kept on the mention.

    >>> actor_key(Actor(id="vladimir_putin", name="Vladimir Putin", kind="person", country="RUS"))
    'RUS'
    """
    if a is None:
        return None
    if a.kind in ("person", "other") and a.country:
        return a.country
    return a.id


def mention_id(e: Event) -> str:
    """Identity of one article's report of an event (stable across re-ingest).

    >>> from geokg.schema.models import Evidence
    >>> e = Event(article_id="a", cameo="0311", quad_class=1, goldstein=5.2, plover="COOPERATE",
    ...           evidence=Evidence(text="x", start=3, end=9), confidence=0.5,
    ...           source=Actor(id="kim_jong_un", name="Kim Jong Un", kind="person", country="PRK"))
    >>> mention_id(e) == stable_id("mn", "a", 3, 9, "0311", "PRK", None)
    True
    """
    return identities(actor_key(e.source), actor_key(e.target), e)[1]


_B2 = blake2b(digest_size=10)  # copied per id: cheaper than building a hasher with arguments


def identities(sk: str | None, tk: str | None, e: Event) -> tuple[str, str]:
    """(happening id, mention id) of *e* given its actors' keys (:func:`actor_key`).

    The one definition of both identities, written for the stores' ingest loops (they know the
    keys already); equal to ``stable_id("hp", source key, target key, CAMEO root, date or
    "undated:<article>:<start>:<code>")`` and ``stable_id("mn", article, start, end, code, source
    key, target key)``.

    >>> from geokg.schema.models import Evidence
    >>> e = Event(article_id="a", cameo="0311", quad_class=1, goldstein=5.2, plover="COOPERATE",
    ...           evidence=Evidence(text="x", start=3, end=9), confidence=0.5)
    >>> identities("PRK", None, e) == (stable_id("hp", "PRK", None, "03", "undated:a:3:0311"),
    ...                                stable_id("mn", "a", 3, 9, "0311", "PRK", None))
    True
    """
    ev = e.evidence
    cameo = e.cameo
    s = "" if sk is None else sk
    t = "" if tk is None else tk
    h = _B2.copy()
    h.update(f"{s}\x1f{t}\x1f{cameo[:2]}\x1f{e.date or f'undated:{e.article_id}:{ev.start}:{cameo}'}".encode())
    m = _B2.copy()
    m.update(f"{e.article_id}\x1f{ev.start}\x1f{ev.end}\x1f{cameo}\x1f{s}\x1f{t}".encode())
    return "hp_" + h.hexdigest(), "mn_" + m.hexdigest()


# -- undated events: date windows ---------------------------------------------------------------------

#: An undated event happened at most this many days before its article was published: its date
#: window runs from publication minus WINDOW_DAYS to the publication date (both included).
WINDOW_DAYS = 7


def window_key(sk: str | None, tk: str | None, root: str) -> str:
    """The (source key, target key, CAMEO root) that date windows are matched within, as one string.

    >>> window_key("IDN", None, "11").split("\x1f")
    ['IDN', '', '11']
    """
    return f"{'' if sk is None else sk}\x1f{'' if tk is None else tk}\x1f{root}"


def _happening(key: str, when: str) -> str:
    # The happening id hash of identities(): "<source>\x1f<target>\x1f<root>\x1f<date or scope>".
    h = _B2.copy()
    h.update(f"{key}\x1f{when}".encode())
    return "hp_" + h.hexdigest()


def window_days(published: str) -> list[str]:
    """The days of the date window of an undated event published on *published* (ISO), earliest first.

    >>> d = window_days("2023-08-16"); (len(d), d[0], d[-1])
    (8, '2023-08-09', '2023-08-16')
    """
    p = date.fromisoformat(published).toordinal()
    return [date.fromordinal(p - k).isoformat() for k in range(WINDOW_DAYS, -1, -1)]


def day_candidates(key: str, published: str) -> dict[str, str]:
    """Happening id -> day of every dated (day precision) happening that could hold an undated event of
    this :func:`window_key` published on *published*: one per day of its window.

    >>> c = day_candidates(window_key("PRK", "RUS", "04"), "2023-08-16")
    >>> c[happening_id_of("PRK", "RUS", "04", "2023-08-15")]
    '2023-08-15'
    """
    return {_happening(key, d): d for d in window_days(published)}


def window_candidates(stored: Mapping[str, tuple], new: Mapping[str, tuple[str, str]]
                      ) -> tuple[dict[str, dict[str, str]], dict[str, tuple[str, str]]]:
    """The windowed mentions of a batch by key, and the dated happenings that could hold them.

    *stored* maps a stored windowed mention's id to (article, key, publication day, event); *new*
    maps a new one's id to (key, publication day). Returns (key -> {mention id: publication day},
    happening id -> (key, day)) over every day of every window: both stores ask which of those
    happenings exist.

    >>> k = window_key("PRK", "RUS", "04")
    >>> by_key, cand = window_candidates({}, {"mn_1": (k, "2023-08-16")})
    >>> by_key == {k: {"mn_1": "2023-08-16"}}, cand[happening_id_of("PRK", "RUS", "04", "2023-08-15")][1]
    (True, '2023-08-15')
    """
    by_key: dict[str, dict[str, str]] = {}
    for mid, (_, k, pub, _) in stored.items():
        by_key.setdefault(k, {})[mid] = pub
    for mid, w in new.items():
        by_key.setdefault(w[0], {})[mid] = w[1]
    cand: dict[str, tuple[str, str]] = {}
    for k, wm in by_key.items():
        for pub in set(wm.values()):
            for h, d in day_candidates(k, pub).items():
                cand[h] = (k, d)
    return by_key, cand


def place_windowed(by_key: Mapping[str, Mapping[str, str]], cand: Mapping[str, tuple[str, str]],
                   exists: Iterable[str], new: Mapping[str, object], stored: Mapping[str, tuple]
                   ) -> tuple[dict[str, str], dict[str, str]]:
    """Where every windowed mention of a batch belongs (:func:`assign_windows` per key): (new mention
    id -> happening, stored mention id -> its new happening, for those that move).

    *by_key* and *cand* as :func:`window_candidates` gives them; *exists* the candidate happenings
    the store or the batch holds; *stored* maps a stored mention's id to a tuple whose fourth item is
    its current event.

    >>> k = window_key("IDN", "PRK", "11")
    >>> by_key, cand = window_candidates({}, {"mn_new": (k, "2023-11-22")})
    >>> hid = happening_id_of("IDN", "PRK", "11", "2023-11-20")
    >>> placed, moves = place_windowed(by_key, cand, [hid], {"mn_new": None}, {})
    >>> placed["mn_new"] == hid, moves
    (True, {})
    """
    days: dict[str, list[str]] = {}
    for h in exists:
        k, d = cand[h]
        days.setdefault(k, []).append(d)
    placed: dict[str, str] = {}
    moves: dict[str, str] = {}
    for k, wm in by_key.items():
        for mid, hid in assign_windows(k, wm, days.get(k, ())).items():
            if mid in new:
                placed[mid] = hid
            elif stored[mid][3] != hid:
                moves[mid] = hid
    return placed, moves


def happening_id_of(sk: str | None, tk: str | None, root: str, when: str) -> str:
    """The id of the dated happening of (source key, target key, root) on *when* (any precision).

    >>> happening_id_of("PRK", "RUS", "04", "2023-08-15") == stable_id("hp", "PRK", "RUS", "04", "2023-08-15")
    True
    """
    return _happening(window_key(sk, tk, root), when)


def assign_windows(key: str, windowed: Mapping[str, str], days: Iterable[str]) -> dict[str, str]:
    """The happening of every undated mention with a publication date, within one :func:`window_key`.

    *windowed* maps each such mention (its id) to its article's publication day; *days* are the
    days of the dated, day-precision happenings of the same dyad and root (any superset of those
    inside the windows will do). The rule, a function of these sets only, so that the result does
    not depend on the order in which reports arrive:

    1. A mention whose window (:func:`window_days`) holds one or more dated days joins the dated
       happening closest to its publication (the latest such day; two happenings of one day and
       key are one happening, so no further tie-break is needed).
    2. The other mentions join each other when their windows overlap (publication days at most
       :data:`WINDOW_DAYS` apart), transitively: each chain of overlapping windows is one undated
       happening, identified by its key and its earliest publication day.

    A month- or year-precision date never lies inside an eight-day window: such events and the
    undated ones stay apart. Returns mention id -> happening id.

    >>> k = window_key("IDN", "PRK", "11")
    >>> got = assign_windows(k, {"m1": "2023-08-16", "m2": "2023-08-19", "m3": "2023-08-20"}, ["2023-08-12"])
    >>> got["m1"] == got["m2"] == happening_id_of("IDN", "PRK", "11", "2023-08-12"), got["m3"] == got["m1"]  # 08-20: 13th on
    (True, False)
    >>> apart = assign_windows(k, {"m1": "2023-08-16", "m2": "2023-08-23", "m3": "2023-08-31"}, [])
    >>> apart["m1"] == apart["m2"] != apart["m3"]
    True
    """
    dated = sorted(d for d in days if len(d) == 10)
    out: dict[str, str] = {}
    loose: list[tuple[int, str, str]] = []
    for mid, pub in windowed.items():
        p = date.fromisoformat(pub).toordinal()
        lo = date.fromordinal(p - WINDOW_DAYS).isoformat()
        best = None
        for d in dated:
            if d > pub:
                break
            if d >= lo:
                best = d
        if best is not None:
            out[mid] = _happening(key, best)
        else:
            loose.append((p, pub, mid))
    loose.sort()
    first = ""
    prev = None
    for p, pub, mid in loose:
        if prev is None or p - prev > WINDOW_DAYS:
            first = pub
        prev = p
        out[mid] = _happening(key, f"undated-from:{first}")
    return out


# -- what an event is, from the set of its mentions -----------------------------------------------------

_CODED: dict[str, tuple[int, float, str]] = {}


def coded(cameo: str, fallback: tuple[int, float, str] | None = None) -> tuple[int, float, str]:
    """(quad_class, goldstein, plover) of a CAMEO code, as the codebook gives them.

    A stored event's code is the lowest code its mentions give (:func:`event_code`), and its quad
    class, Goldstein score and PLOVER category follow from that code, so that they too depend only
    on the set of mentions (and loading a record edited by hand cannot misclassify an event, as
    :meth:`geokg.schema.models.Event.coded` says). *fallback* serves a code the codebook lacks
    (only events built without validation have one).

    >>> coded("112")
    (3, -2.0, 'ACCUSE')
    """
    c = _CODED.get(cameo)
    if c is None:
        from geokg.schema import codebook  # noqa: PLC0415 - the schema layer's data, read once

        entry = codebook.get(cameo)
        if entry is None:
            if fallback is None:
                raise StoreError(f"cameo {cameo!r} is not a code of the CAMEO codebook")
            return fallback
        c = _CODED[cameo] = (entry.quad_class, entry.goldstein, entry.plover)
    return c


def event_code(codes: Iterable[str]) -> str:
    """A stored event's CAMEO code: the lowest code among its mentions' (all of one root).

    The generic code of a root (``110``, ``040``) sorts before its specific ones, so when reports
    disagree the event takes the reading they share; any rule that depends on the set alone would
    do, this one also merges in one comparison per report.

    >>> event_code(["112", "110", "1121"])
    '110'
    """
    return min(codes)


_FACT_RANK = {f: i for i, f in enumerate(("asserted", "denied", "alleged", "planned", "hypothetical", "negated"))}


def mention_rank(confidence: float, factuality: str, source_actor: str | None, target_actor: str | None,
                 text: str) -> tuple:
    """Sort key of the readings of one mention (two extracted events with the same mention id: the
    same span of one article, code and dyad): the least key is kept, whatever their order.

    Highest confidence first, then the factuality earliest in :data:`FACTUALITY_ORDER`, then the
    smallest actor ids and evidence text.

    >>> sorted([(0.75, "planned"), (0.85, "asserted")], key=lambda m: mention_rank(*m, "a", None, "x"))[0]
    (0.85, 'asserted')
    """
    return (-confidence, _FACT_RANK.get(factuality, len(_FACT_RANK)), source_actor or "", target_actor or "", text)


#: Tie-break order when an event's mentions disagree and none asserts it (first wins on equal counts).
FACTUALITY_ORDER: tuple[str, ...] = ("asserted", "denied", "alleged", "planned", "hypothetical", "negated")


def event_factuality(counts: Mapping[str, int]) -> str:
    """An event's factuality from its mentions' factualities (value -> number of mentions).

    ``asserted`` if any mention asserts it, else the most frequent value, ties broken by
    :data:`FACTUALITY_ORDER`. Every store uses this rule so that they agree.

    >>> event_factuality({"alleged": 2, "denied": 2})
    'denied'
    >>> event_factuality({"alleged": 5, "asserted": 1})
    'asserted'
    """
    if counts.get("asserted"):
        return "asserted"
    rank = {f: i for i, f in enumerate(FACTUALITY_ORDER)}
    return min((f for f, n in counts.items() if n > 0), key=lambda f: (-counts[f], rank.get(f, len(rank)), f))


class EventFilter(BaseModel):
    """Which events to return; every field narrows the result, None means any."""

    actor: str | None = None          # either side
    source: str | None = None
    target: str | None = None
    cameo: str | None = None          # code prefix: "11" matches 110..1128
    quad_class: int | None = Field(default=None, ge=1, le=4)
    factuality: str | None = None
    # since/until: the event's date, as the day interval its precision allows ("2023-08" is
    # 2023-08-01..2023-08-31), overlaps [since, until]; undated events never match a date bound.
    since: date | None = None
    until: date | None = None
    article_id: str | None = None
    limit: int | None = Field(default=None, ge=1)
    offset: int = Field(default=0, ge=0)


class ActorFilter(BaseModel):
    """Which actors to return."""

    text: str | None = None           # substring of name or any alias, case-insensitive
    kind: str | None = None
    country: str | None = None
    sector: str | None = None         # CAMEO sector code (geokg.schema.sectors): COP, OPP, GOV, ...
    limit: int | None = Field(default=None, ge=1)


class StoredEvent(BaseModel):
    """A deduplicated happening in a store, with how often and by how many articles it was reported."""

    id: str
    cameo: str
    quad_class: int
    goldstein: float
    plover: str
    date: str | None
    date_precision: str | None
    factuality: str
    source: str | None
    target: str | None
    mention_count: int
    source_count: int
    first_seen: datetime
    last_seen: datetime


class StoredActor(BaseModel):
    """An actor node with its aliases and dated roles."""

    id: str
    name: str
    kind: str
    country: str | None = None
    wikidata: str | None = None
    aliases: list[str] = Field(default_factory=list)
    roles: list[dict[str, Any]] = Field(default_factory=list)
    sector: str | None = None  # CAMEO sector code (geokg.schema.sectors), as on the extracted Actor

    @field_validator("sector")
    @classmethod
    def _sector(cls, v: str | None) -> str | None:
        # Gazetteer entries and RDF imports come in as StoredActor: hold them to the Actor's code list.
        return check_sector(v)


class IngestReport(BaseModel):
    """What one ingest call changed."""

    articles: int = 0
    events_new: int = 0
    mentions_new: int = 0
    batches: int = 0


class GraphStore(ABC):
    """A graph of actors, events and articles. Open one with :func:`geokg.graph.open_store`."""

    uri: str

    @abstractmethod
    def ingest(self, items: Iterable[Article | Event], *, batch_size: int = 5000) -> IngestReport:
        """Load articles and extracted events; each batch is one transaction; idempotent."""

    @abstractmethod
    def events(self, filter: EventFilter | None = None, **kw: Any) -> list[StoredEvent]:
        """Deduplicated events matching the filter, in date order (undated last)."""

    @abstractmethod
    def actors(self, filter: ActorFilter | None = None, **kw: Any) -> list[StoredActor]:
        """Actors matching the filter, by id."""

    @abstractmethod
    def mentions(self, event_id: str) -> list[Mention]:
        """Every article's report of one event."""

    @abstractmethod
    def stats(self) -> dict[str, int]:
        """Counts with keys articles, events, mentions, actors, dyads."""

    @abstractmethod
    def to_networkx(self, since: date | None = None, until: date | None = None, **kw: Any) -> nx.MultiDiGraph:
        """Actors as nodes, one edge per event with both a source and a target (edge key = event id).

        Only dyads (source, target) with at least *min_events* matching events are kept; other
        keywords are :class:`EventFilter` fields (actor, cameo, quad_class, factuality, ...). Node
        attributes: name, kind, country, wikidata, sector; edge attributes: id, cameo, root, quad_class,
        goldstein, plover, date, factuality, mention_count (see :func:`event_network`).
        """

    @abstractmethod
    def close(self) -> None:
        """Release files and connections."""

    def discard_if_unused(self) -> bool:
        """Close the store, and remove it if this object created it and nothing was committed to it
        (True then). A store on a server keeps its database: this closes it."""
        self.close()
        return False

    def query(self, name: str, /, **params: Any) -> BaseModel:
        """Run the prepared query *name* (see :mod:`geokg.queries`; ``geokg query --list``)."""
        from geokg.queries.registry import run

        return run(self, name, **params)

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- helpers both stores' ingest loops share ---------------------------------------------------------

def day_bounds(d: str, precision: str | None = None) -> tuple[str, str]:
    """ISO first and last day of a date at its precision (its length says which: Event checks it).

    >>> day_bounds("2024-02", "month"), day_bounds("2023", "year"), day_bounds("2023-08-15")
    (('2024-02-01', '2024-02-29'), ('2023-01-01', '2023-12-31'), ('2023-08-15', '2023-08-15'))
    """
    if len(d) == 7:
        y, m = int(d[:4]), int(d[5:7])
        return f"{d}-01", f"{d}-{calendar.monthrange(y, m)[1]:02d}"
    if len(d) == 4:
        return f"{d}-01-01", f"{d}-12-31"
    return d, d


def iso(v: Any) -> str | None:
    """A date or datetime as ISO text (other values as text, None as None).

    >>> iso(date(2023, 8, 15)), iso(None)
    ('2023-08-15', None)
    """
    if v is None:
        return None
    return v.isoformat() if hasattr(v, "isoformat") else str(v)


def state_name(code: str) -> str:
    """A readable name for a state known only by its ISO3 code (the provisional actor a person's
    country makes until the state itself is ingested).

    >>> state_name("PRK"), state_name("XXX")
    ('North Korea', 'XXX')
    """
    try:
        import pycountry

        c = pycountry.countries.get(alpha_3=code)
    except Exception:  # pragma: no cover - pycountry is a dependency, but a name is not essential
        c = None
    return (getattr(c, "common_name", None) or c.name) if c is not None else code


def merge_field(new: Any, old: Any) -> Any:
    """One field of an article (or actor) reported twice: the value known, or the least of two.

    Articles are reported by their own record and by every event extracted from them (which carry
    its url, title, publication date and language); a value once known is never blanked out, and
    when reports disagree the least value is kept, so that the order of the reports does not matter.

    >>> merge_field(None, "a"), merge_field("b", "a"), merge_field("a", None)
    ('a', 'a', 'a')
    """
    if new is None:
        return old
    if old is None or new < old:
        return new
    return old


def note_article(articles: dict[str, list], aid: str, vals: list) -> None:
    """Record a report of article *aid*'s fields ([url, title, published, lang, source]) in *articles*.

    >>> arts = {}
    >>> note_article(arts, "a1", [None, "Title", "2023-08-16", None, None])
    >>> note_article(arts, "a1", ["https://example.org/1", "Another title", None, "en", None]); arts["a1"]
    ['https://example.org/1', 'Another title', '2023-08-16', 'en', None]
    """
    row = articles.get(aid)
    if row is None:
        articles[aid] = vals
    elif row != vals:
        articles[aid] = [merge_field(v, o) for v, o in zip(vals, row)]


def sort_item(item: Any, articles: dict[str, list], actors: dict[str, Any]) -> Event | None:
    """One ingested item: an :class:`Event` is returned for the caller to write; an article is
    recorded in *articles* (id -> [url, title, published, lang, source], merged with what else
    reports it: :func:`note_article`) and an actor in *actors* (id -> list of its reports, merged by
    :func:`merge_actor`), and None returned. Dicts are validated.

    >>> arts, acts = {}, {}
    >>> sort_item({"id": "a1", "text": "x", "url": "https://example.org/1"}, arts, acts), arts
    (None, {'a1': ['https://example.org/1', None, None, None, None]})
    """
    if isinstance(item, dict):
        item = Event.model_validate(item) if "cameo" in item else Article.model_validate(item)
    if isinstance(item, Event):
        return item
    if isinstance(item, Article):
        note_article(articles, item.id, [item.url, item.title, iso(item.published), item.lang, item.source])
        return None
    if isinstance(item, (StoredActor, Actor)):
        actors.setdefault(item.id, []).append(item)
        return None
    raise StoreError(f"cannot ingest a {type(item).__name__}: expected Event, Article or actor")


def actor_signature(a: Actor) -> tuple:
    """What an extracted actor says about itself: a store skips writing an actor whose signature it
    has already written (both stores' caches use this one definition, so they agree on what changed).

    >>> actor_signature(Actor(id="GEO.COP", name="Georgia police", kind="group", country="GEO", sector="COP"))
    ('Georgia police', 'group', 'GEO', None, None, 'COP')
    """
    return a.name, a.kind, a.country, a.wikidata, a.role, a.sector


#: When reports of one actor disagree on its kind, the kind earliest here wins ("other" is a guess).
ACTOR_KIND_ORDER: tuple[str, ...] = ("state", "person", "organisation", "group", "media", "other")
_KIND_RANK = {k: i for i, k in enumerate(ACTOR_KIND_ORDER)}


def _least(*values: str | None) -> str | None:
    known = [v for v in values if v is not None]
    return min(known) if known else None


def merge_actor(a: Actor | StoredActor, old: tuple | None) -> tuple:
    """The row an actor becomes, given the stored one: (name, kind, country, wikidata, aliases, roles, sector).

    *old* is the stored (name, kind, country, wikidata, aliases, roles, provisional, sector) or None.
    The row is a function of the set of reports of the actor (extracted actors and gazetteer or
    imported entries alike), not of their order, so that two stores loading the same items in
    different orders agree:

    * name: the longest of all the names it was reported under (``Vladimir Putin`` over ``Putin``),
      ties to the first in code-point order; every other name is an alias (sorted);
    * kind: the kind earliest in :data:`ACTOR_KIND_ORDER`;
    * country, wikidata, sector: the least of the values reported (most actors have one);
    * roles: every (role, country) reported, sorted.

    A provisional state (made from a person's country, named from ISO 3166) gives way whole to the
    first real report of the state: its made-up name does not become an alias.

    >>> old = ("Vladimir Putin", "person", "RUS", None, [], [], False, None)
    >>> merge_actor(Actor(id="putin", name="Putin", kind="person", country="RUS", role="president",
    ...                   sector="GOV"), old)
    ('Vladimir Putin', 'person', 'RUS', None, ['Putin'], [{'role': 'president', 'country': 'RUS'}], 'GOV')
    """
    gazetteer = isinstance(a, StoredActor)
    names = {a.name, *a.aliases} if gazetteer else {a.name}
    roles = [dict(r) for r in a.roles] if gazetteer else []
    if not gazetteer and a.role:
        roles.append({"role": a.role, "country": a.country})
    kind, country, wikidata, sector = a.kind, a.country, a.wikidata, a.sector
    if old is not None:
        o_name, o_kind, o_country, o_wikidata, o_aliases, o_roles, provisional, o_sector = old
        if not provisional:
            names.add(o_name)
            names.update(o_aliases)
            roles.extend(dict(r) for r in o_roles)
            if _KIND_RANK.get(o_kind, len(_KIND_RANK)) < _KIND_RANK.get(kind, len(_KIND_RANK)):
                kind = o_kind
            country, wikidata, sector = (_least(country, o_country), _least(wikidata, o_wikidata),
                                         _least(sector, o_sector))
    name = min(names, key=lambda n: (-len(n), n))
    aliases = sorted(n for n in names if n and n != name)
    by_key = {json.dumps(r, sort_keys=True, default=str, ensure_ascii=False): r for r in roles}
    return name, kind, country, wikidata, aliases, [by_key[k] for k in sorted(by_key)], sector


#: Columns of the event rows :func:`event_network` takes (what ``to_networkx`` selects, in order).
NETWORK_COLUMNS = ("source", "target", "id", "cameo", "root", "quad_class", "goldstein", "plover", "date",
                   "factuality", "mention_count")


def event_network(rows: list[tuple], actor_attrs: Callable[[list[str]], dict[str, dict[str, Any]]], *,
                  since: date | None = None, until: date | None = None, min_events: int = 1) -> nx.MultiDiGraph:
    """The ``to_networkx`` graph of both stores from event rows (:data:`NETWORK_COLUMNS`, date order).

    Dyads with fewer than *min_events* rows are left out; *actor_attrs(ids)* gives each node's
    name, kind, country, wikidata and sector (an id it does not know becomes a node of kind "other").

    >>> rows = [("PRK", "RUS", "hp_1", "040", "04", 1, 1.0, "CONSULT", "2023-09-13", "asserted", 3)]
    >>> g = event_network(rows, lambda ids: {"RUS": {"name": "Russia", "kind": "state"}})
    >>> g.nodes["RUS"]["name"], g.nodes["PRK"]["kind"], g.edges["PRK", "RUS", "hp_1"]["mention_count"]
    ('Russia', 'other', 3)
    """
    if min_events > 1:
        per_dyad: dict[tuple[str, str], int] = {}
        for r in rows:
            per_dyad[(r[0], r[1])] = per_dyad.get((r[0], r[1]), 0) + 1
        rows = [r for r in rows if per_dyad[(r[0], r[1])] >= min_events]
    g = nx.MultiDiGraph(since=iso(since), until=iso(until))
    nodes = sorted({r[0] for r in rows} | {r[1] for r in rows})
    attrs = actor_attrs(nodes) if nodes else {}
    for n in nodes:
        g.add_node(n, **attrs.get(n, {"name": n, "kind": "other", "country": None, "wikidata": None, "sector": None}))
    for r in rows:
        g.add_edge(r[0], r[1], key=r[2], **dict(zip(NETWORK_COLUMNS[2:], r[2:])))
    return g
