"""The one interface every graph store implements, and the identities that make stores agree.

Both stores compute event identities here, in Python, so that the embedded store and Neo4j
deduplicate the same way and re-ingest is idempotent by construction.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping
import calendar
import gc
from contextlib import contextmanager
from datetime import date, datetime
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
    article reports it. An undated event cannot be matched across articles with any certainty,
    so its identity stays inside its article.

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


def sort_item(item: Any, articles: dict[str, list], actors: dict[str, Any]) -> Event | None:
    """One ingested item: an :class:`Event` is returned for the caller to write; an article is
    recorded in *articles* (id -> [url, title, published, lang, source], what a later copy of it
    adds filled in) and an actor in *actors* (id -> actor), and None returned. Dicts are validated.

    >>> arts, acts = {}, {}
    >>> sort_item({"id": "a1", "text": "x", "url": "https://example.org/1"}, arts, acts), arts
    (None, {'a1': ['https://example.org/1', None, None, None, None]})
    """
    if isinstance(item, dict):
        item = Event.model_validate(item) if "cameo" in item else Article.model_validate(item)
    if isinstance(item, Event):
        return item
    if isinstance(item, Article):
        row = articles.get(item.id)
        vals = [item.url, item.title, iso(item.published), item.lang, item.source]
        articles[item.id] = vals if row is None else [v if v is not None else o for v, o in zip(vals, row)]
        return None
    if isinstance(item, (StoredActor, Actor)):
        actors[item.id] = item
        return None
    raise StoreError(f"cannot ingest a {type(item).__name__}: expected Event, Article or actor")


def actor_signature(a: Actor) -> tuple:
    """What an extracted actor says about itself: a store skips writing an actor whose signature it
    has already written (both stores' caches use this one definition, so they agree on what changed).

    >>> actor_signature(Actor(id="GEO.COP", name="Georgia police", kind="group", country="GEO", sector="COP"))
    ('Georgia police', 'group', 'GEO', None, None, 'COP')
    """
    return a.name, a.kind, a.country, a.wikidata, a.role, a.sector


def merge_actor(a: Actor | StoredActor, old: tuple | None) -> tuple:
    """The row an actor becomes, given the stored one: (name, kind, country, wikidata, aliases, roles, sector).

    *old* is the stored (name, kind, country, wikidata, aliases, roles, provisional, sector) or None.
    An actor's first name stays its name and other names become aliases; gazetteer entries
    (:class:`StoredActor`) are authoritative, and a provisional state (made from a person's
    country) takes the state's own name once the state is ingested; roles accumulate. The sector
    follows the country's rule: the first one known stays (a later report fills it in when it was
    unknown), and a gazetteer entry's own sector wins.

    >>> old = ("Vladimir Putin", "person", "RUS", None, [], [], False, None)
    >>> merge_actor(Actor(id="putin", name="Putin", kind="person", country="RUS", role="president",
    ...                   sector="GOV"), old)
    ('Vladimir Putin', 'person', 'RUS', None, ['Putin'], [{'role': 'president', 'country': 'RUS'}], 'GOV')
    """
    gazetteer = isinstance(a, StoredActor)
    aliases = list(a.aliases) if gazetteer else []
    roles = [dict(r) for r in a.roles] if gazetteer else []
    if not gazetteer and a.role:
        roles.append({"role": a.role, "country": a.country})
    if old is None:
        name, kind, country, wikidata, sector = a.name, a.kind, a.country, a.wikidata, a.sector
        prev_aliases, prev_roles = [], []
    else:
        o_name, o_kind, o_country, o_wikidata, prev_aliases, prev_roles, provisional, o_sector = old
        prev_aliases = list(prev_aliases)
        if gazetteer or provisional:
            name, kind = a.name, a.kind
            country, wikidata, sector = a.country or o_country, a.wikidata or o_wikidata, a.sector or o_sector
            if o_name != name:
                prev_aliases.append(o_name)
        else:
            name, kind = o_name, o_kind
            country, wikidata, sector = o_country or a.country, o_wikidata or a.wikidata, o_sector or a.sector
            if a.name != name:
                aliases.append(a.name)
    merged_aliases: list[str] = []
    for al in prev_aliases + aliases:
        if al and al != name and al not in merged_aliases:
            merged_aliases.append(al)
    merged_roles = list(prev_roles)
    for r in roles:
        if r not in merged_roles:
            merged_roles.append(r)
    return name, kind, country, wikidata, merged_aliases, merged_roles, sector


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
