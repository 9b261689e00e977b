"""The Neo4j store: the same data model and answers as the embedded store, through the official driver.

Opened by URI (``neo4j://host:port``, ``bolt://host:port``, ``+s`` variants), e.g.
``open_store("bolt://127.0.0.1:7687", user="neo4j", password="...", database="neo4j")``.
Settings come from the options, else from the URI (``bolt://user:password@host:port/database``),
else from ``GEOKG_NEO4J_URI`` (when the URI names no host, e.g. ``neo4j://``), ``GEOKG_NEO4J_USER``,
``GEOKG_NEO4J_PASSWORD`` and ``GEOKG_NEO4J_DATABASE``; defaults ``neo4j://localhost:7687``, user
``neo4j``, database ``neo4j``.

Graph model (Neo4j 5 Cypher)::

    (:Article {id, url, title, published, lang, source, ingested_at})
        -[:MENTIONS {id, text, start, end, confidence, factuality, source_actor, target_actor,
                     cameo, ingested_at}]->
    (:Event {id, cameo, root, quad_class, goldstein, plover, date, date_precision, date_start,
             date_end, factuality, source, target, mention_count, source_count, first_seen, last_seen})
    (:Event)-[:SOURCE]->(:Actor)        the actor that acts
    (:Event)-[:TARGET]->(:Actor)        the actor acted upon
    (:Actor {id, name, kind, country, wikidata, aliases, roles, provisional, sector})
        -[:INTERACTS {root, count, goldstein_sum, first_date, last_date}]->(:Actor)
    (:Window {id, article, key, published, event})   an undated mention with a publication date

Direction convention: role relationships point from the event to its actors, so
``(s:Actor)<-[:SOURCE]-(e:Event)-[:TARGET]->(t:Actor)`` reads "s did e to t"; ``INTERACTS`` points
from source to target. ``Event.source``/``target`` repeat the role ends' ids (the actor *keys*:
a person folds into the state it acts for, see :func:`~geokg.graph.base.actor_key`), so that
filters need no traversal; ``MENTIONS.source_actor``/``target_actor`` keep the actor as
extracted (the person). ``date`` is the string at its precision; ``date_start``/``date_end``
are Cypher ``date`` values (the day interval of the precision) for range filters; ``first_seen``/
``last_seen`` are ``datetime`` values; ``Actor.roles`` is a JSON string (a property cannot hold
maps); ``Actor.sector`` is the CAMEO sector code (:mod:`geokg.schema.sectors`), absent when none
(actors written before sectors existed read as none: no migration is needed); ``Window`` lists, by
mention id, each undated mention whose article has a publication date, with its
:func:`~geokg.graph.base.window_key` and the event its date window placed it in (read when a later
report may move it: :func:`~geokg.graph.base.assign_windows`); ``INTERACTS`` is
the dyad summary per (source, target, CAMEO root) of *events*, with ``first_date``/``last_date``
the least and greatest ``date_start`` of its dated events.

Mentions are ``MENTIONS`` relationships, not ``(:Mention)`` nodes: a mention is never looked up
by its id (on the test server a relationship-property lookup scans every relationship), but read
from its article's adjacency, and ``CREATE``d only when new; so relationships by property cost
nothing extra and a node per mention (one more node and relationship each) would only add work.
Relationships are never ``MERGE``d per row: on the test server that walks the start node's
relationships for every row (measured at 20k events: the dyad summary by per-row ``MERGE`` took
13.5 s of 26 s, by one walk per source actor and batch 2.2 s).

Writes: each batch of items is one managed transaction (``session.execute_write``, retried by the
driver on transient errors) that first *reads* what the batch touches (existing articles and
their mention ids, existing events and their mentions, existing actors) and then *writes* only
what is new, with one ``UNWIND $rows`` statement per kind of change. All identities are
deterministic (:mod:`geokg.graph.base`), and every decision is taken inside the transaction from
what the database holds, so re-ingest and retries change nothing; dyad counters change only by
events created, re-coded or deleted in the same transaction. Semantics (an event's code is the
lowest of its mentions', its factuality and counts follow from its mentions, actors merge by
:func:`~geokg.graph.base.merge_actor`, undated mentions are placed by date window) are those of
the embedded store, in any order of reports, which differential tests check. One writer per database at a time is assumed: a concurrent writer of the same articles or
events makes a batch fail on a uniqueness constraint (rolled back; re-running it is safe), but two
writers adding the first events of the same dyad at once could each create its ``INTERACTS``.
Batches run one at a time (two concurrent write transactions gain nothing on the test server: they
conflict on the edge lists of shared actors and are retried); while the server runs one, a helper
thread prepares the next batch from the items (no database access). The hot statements take all
their rows (the reads their ids) as one delimited string, split by the server (see the statements
below): the pure-Python driver spends about 3 us per value it packs, the server a few us per row.

Every difference between the test server's Cypher and Neo4j 5 is in
:mod:`geokg.graph.cypher_dialect`.
"""

from __future__ import annotations

import gc
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from itertools import islice
from typing import Any
from urllib.parse import unquote, urlsplit

import networkx as nx

from geokg.errors import StoreError
from geokg.graph.base import (ActorFilter, EventFilter, GraphStore, IngestReport, StoredActor, StoredEvent,
                              NETWORK_COLUMNS, actor_signature, coded, day_bounds, place_windowed, window_candidates,
                              event_factuality, event_network, gc_paused, identities, iso, mention_rank, merge_actor,
                              note_article, sort_item, state_name, window_key)
from geokg.graph.cypher_dialect import SCHEMA, Dialect, dialect_for
from geokg.schema.models import Event, Evidence, Mention

__all__ = ["Neo4jStore"]

DEFAULT_URI = "neo4j://localhost:7687"
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"
_FOLDED_KINDS = ("person", "other")  # must match geokg.graph.base.actor_key
_EMBEDDED_OPTIONS = frozenset({"cache_mb", "check_same_thread", "create"})  # SQLiteStore's, ignored here

# -- statements ---------------------------------------------------------------------------------------
# The rows of the hot statements (and the id lists of the reads) are sent as one string: fields
# joined by _SEP (None as _NUL), rows by _ROW, split again by the server (``split($rows, $row)``,
# ``split(s, $sep)``, then ``toInteger``/``toFloat``/``date`` per field). The pure-Python driver
# packs a list of 15 values in about 27 us (about 3 us a value, whatever its type) and the server
# splits and converts a row in a few us. A batch whose values contain one of these characters
# (never generated ids, codes, numbers and dates; possible in free text) is sent as lists instead,
# to the same statement body (the conversions are no-ops on typed values): _run_rows, _run_ids.
# The column order is given beside each statement.

_SEP = "\x1f"  # ASCII unit separator: between the fields of a string-coded row
_NUL = "\x1e"  # ASCII record separator: a field that is null
_ROW = "\x1d"  # ASCII group separator: between rows (or ids)


def _rows_stmt(body: str) -> tuple[str, str]:
    """(statement for string-coded rows, statement for list rows) of a body that reads ``r[i]``."""
    return ("UNWIND split($rows, $row) AS s\nWITH split(s, $sep) AS r\n" + body,
            "UNWIND $rows AS r\n" + body)


def _ids_stmt(body: str) -> tuple[str, str]:
    """(statement for ids joined in one string, statement for a list of ids) of a body that reads ``id``."""
    return "UNWIND split($ids, $row) AS id\n" + body, "UNWIND $ids AS id\n" + body


def _n(i: int) -> str:
    """Field *i* of a row that may be null."""
    return f"CASE r[{i}] WHEN $nul THEN null ELSE r[{i}] END"


# [id]; each mention as [id, event, confidence, factuality, source_actor, target_actor, text]
_READ_ARTICLES = _ids_stmt("""
MATCH (a:Article) WHERE a.id = id
OPTIONAL MATCH (a)-[m:MENTIONS]->(e:Event)
RETURN id, a.url AS url, a.title AS title, a.published AS published, a.lang AS lang, a.source AS source,
       collect([m.id, e.id, m.confidence, m.factuality, m.source_actor, m.target_actor, m.text]) AS mentions
""")
# [id]
_READ_EVENTS = _ids_stmt("""
MATCH (e:Event) WHERE e.id = id
OPTIONAL MATCH (a:Article)-[m:MENTIONS]->(e)
RETURN id, e.cameo AS cameo, collect(a.id) AS articles, collect(m.factuality) AS facts
""")
# What an event keeps after some of its mentions moved or changed: [id]
_RECOUNT_EVENTS = """
UNWIND $ids AS id
MATCH (e:Event) WHERE e.id = id
OPTIONAL MATCH (a:Article)-[m:MENTIONS]->(e)
RETURN id, e.cameo AS cameo, e.goldstein AS goldstein, e.source AS source, e.target AS target, e.root AS root,
       collect(a.id) AS articles, collect(m.factuality) AS facts, collect(m.cameo) AS codes
"""
_DELETE_EVENTS = "UNWIND $ids AS id MATCH (e:Event) WHERE e.id = id DETACH DELETE e"
# [id, mention_count, source_count, factuality, cameo, quad_class, goldstein, plover]
_RECODE_EVENTS = """
UNWIND $rows AS r
MATCH (e:Event) WHERE e.id = r[0]
SET e.mention_count = r[1], e.source_count = r[2], e.factuality = r[3], e.cameo = r[4], e.quad_class = r[5],
    e.goldstein = r[6], e.plover = r[7]
"""
# A better reading of stored mentions (base.mention_rank): [article, id, text, confidence, factuality,
# source_actor, target_actor]
_REREAD_MENTIONS = """
UNWIND $rows AS r
MATCH (a:Article) WHERE a.id = r[0]
MATCH (a)-[m:MENTIONS]->(:Event) WHERE m.id = r[1]
SET m.text = r[2], m.confidence = r[3], m.factuality = r[4], m.source_actor = r[5], m.target_actor = r[6]
"""
# Stored mentions leaving their event (date windows): [article, id]; they are created again at the new one.
_TAKE_MENTIONS = """
UNWIND $rows AS r
MATCH (a:Article) WHERE a.id = r[0]
MATCH (a)-[m:MENTIONS]->(e:Event) WHERE m.id = r[1]
WITH m, e.id AS old, [m.id, a.id, e.id, m.text, m.start, m.end, m.confidence, m.factuality, m.source_actor,
                      m.target_actor, m.cameo] AS row
DELETE m
RETURN row, old
"""
# Undated mentions with a publication date (geokg.graph.base.assign_windows), by window key.
_READ_WINDOWS = """
UNWIND $keys AS k
MATCH (w:Window) WHERE w.key = k
RETURN w.id AS id, w.article AS article, w.key AS key, w.published AS published, w.event AS event
"""
_ANY_WINDOW = "MATCH (w:Window) RETURN w.id AS id LIMIT 1"
_FIND_WINDOW_KEYS = """
UNWIND $keys AS k
MATCH (w:Window) WHERE w.key = k
RETURN DISTINCT k AS key
"""
# {id, article, key, published, event}
_WRITE_WINDOWS = """
UNWIND $rows AS r
MERGE (w:Window {id: r.id})
SET w.article = r.article, w.key = r.key, w.published = r.published, w.event = r.event
"""
_EVENTS_EXIST = "UNWIND $ids AS id MATCH (e:Event) WHERE e.id = id RETURN id"
_READ_ACTORS = _ids_stmt("""
MATCH (a:Actor) WHERE a.id = id
RETURN id, a.name AS name, a.kind AS kind, a.country AS country, a.wikidata AS wikidata,
       a.aliases AS aliases, a.roles AS roles, a.provisional AS provisional, a.sector AS sector
""")
# {id, name, kind, country, wikidata, aliases, roles, sector}
_WRITE_ACTORS = """
UNWIND $rows AS r
MERGE (a:Actor {id: r.id})
SET a.name = r.name, a.kind = r.kind, a.country = r.country, a.wikidata = r.wikidata,
    a.aliases = r.aliases, a.roles = r.roles, a.provisional = false, a.sector = r.sector
"""
# {id, name}: a state known so far only as the country of a person (named from ISO 3166)
_WRITE_STATES = """
UNWIND $rows AS r
MERGE (a:Actor {id: r.id})
ON CREATE SET a.name = r.name, a.kind = 'state', a.country = r.id, a.aliases = [], a.roles = '[]',
              a.provisional = true
"""
# [id, url, title, published, lang, source]
_CREATE_ARTICLES = _rows_stmt(f"""
CREATE (:Article {{id: r[0], url: {_n(1)}, title: {_n(2)}, published: {_n(3)}, lang: {_n(4)}, source: {_n(5)},
                  ingested_at: $now}})
""")
# [id, url, title, published, lang, source]: fill in what is now known, never blank out, and keep the
# least of two known values (base.merge_field)
_UPDATE_ARTICLES = """
UNWIND $rows AS r
MATCH (a:Article) WHERE a.id = r[0]
SET a.url = CASE WHEN r[1] IS NULL THEN a.url WHEN a.url IS NULL OR r[1] < a.url THEN r[1] ELSE a.url END,
    a.title = CASE WHEN r[2] IS NULL THEN a.title WHEN a.title IS NULL OR r[2] < a.title THEN r[2] ELSE a.title END,
    a.published = CASE WHEN r[3] IS NULL THEN a.published WHEN a.published IS NULL OR r[3] < a.published THEN r[3] ELSE a.published END,
    a.lang = CASE WHEN r[4] IS NULL THEN a.lang WHEN a.lang IS NULL OR r[4] < a.lang THEN r[4] ELSE a.lang END,
    a.source = CASE WHEN r[5] IS NULL THEN a.source WHEN a.source IS NULL OR r[5] < a.source THEN r[5] ELSE a.source END
"""
# [id, cameo, root, quad_class, goldstein, plover, date, date_precision, date_start, date_end,
#  factuality, source, target, mention_count, source_count]; one statement per present role
_EVENT_PROPS = f"""{{id: r[0], cameo: r[1], root: r[2], quad_class: toInteger(r[3]), goldstein: toFloat(r[4]),
                  plover: r[5], date: {_n(6)}, date_precision: {_n(7)}, date_start: date({_n(8)}),
                  date_end: date({_n(9)}), factuality: r[10], source: {_n(11)}, target: {_n(12)},
                  mention_count: toInteger(r[13]), source_count: toInteger(r[14]),
                  first_seen: $now, last_seen: $now}}"""
_CREATE_EVENTS = {
    (True, True): _rows_stmt("MATCH (s:Actor) WHERE s.id = r[11] MATCH (t:Actor) WHERE t.id = r[12]\n"
                             f"CREATE (e:Event {_EVENT_PROPS})\nCREATE (s)<-[:SOURCE]-(e)-[:TARGET]->(t)"),
    (True, False): _rows_stmt("MATCH (s:Actor) WHERE s.id = r[11]\n"
                              f"CREATE (e:Event {_EVENT_PROPS})\nCREATE (s)<-[:SOURCE]-(e)"),
    (False, True): _rows_stmt("MATCH (t:Actor) WHERE t.id = r[12]\n"
                              f"CREATE (e:Event {_EVENT_PROPS})\nCREATE (e)-[:TARGET]->(t)"),
    (False, False): _rows_stmt(f"CREATE (e:Event {_EVENT_PROPS})"),
}
# [id, mention_count, source_count, factuality, cameo, quad_class, goldstein, plover]
_UPDATE_EVENTS = """
UNWIND $rows AS r
MATCH (e:Event) WHERE e.id = r[0]
SET e.mention_count = r[1], e.source_count = r[2], e.factuality = r[3], e.cameo = r[4], e.quad_class = r[5],
    e.goldstein = r[6], e.plover = r[7], e.last_seen = $now
"""
# [id, article, event, text, start, end, confidence, factuality, source_actor, target_actor, cameo]
_CREATE_MENTIONS = _rows_stmt(f"""
MATCH (a:Article) WHERE a.id = r[1]
MATCH (e:Event) WHERE e.id = r[2]
CREATE (a)-[:MENTIONS {{id: r[0], text: r[3], start: toInteger(r[4]), end: toInteger(r[5]),
                       confidence: toFloat(r[6]), factuality: r[7], source_actor: {_n(8)},
                       target_actor: {_n(9)}, cameo: r[10], ingested_at: $now}}]->(e)
""")
# Dyad increments by the events created in this batch, grouped by source actor:
# [source, {target + "|" + root: "count<sep>goldstein_sum<sep>first_date<sep>last_date"}]. Existing
# INTERACTS relationships are found by walking each source's outgoing INTERACTS once (a relationship
# MERGE or MATCH between two bound actors costs a walk per row on the test server: 400 rows/s),
# updated in place, and the keys found are returned; the others are then created. The far end is
# not matched by label (INTERACTS joins actors only): checking it costs the test server a record
# load per relationship walked (about 1 us of the 2-3 us).
_UPDATE_DYADS = f"""
UNWIND $groups AS g
MATCH (s:Actor) WHERE s.id = g[0]
MATCH (s)-[i:INTERACTS]->(t)
WITH g, i, t.id + '|' + i.root AS k
WITH g, i, k, g[1][k] AS v
WHERE v IS NOT NULL
WITH g, i, k, split(v, $sep) AS r
WITH g, i, k, r, date({_n(2)}) AS f, date({_n(3)}) AS l
SET i.count = i.count + toInteger(r[0]), i.goldstein_sum = i.goldstein_sum + toFloat(r[1]),
    i.first_date = CASE WHEN f IS NOT NULL AND (i.first_date IS NULL OR f < i.first_date) THEN f ELSE i.first_date END,
    i.last_date = CASE WHEN l IS NOT NULL AND (i.last_date IS NULL OR l > i.last_date) THEN l ELSE i.last_date END
RETURN g[0] AS source, collect(k) AS found
"""
# [source, target, root, count, goldstein_sum, first_date, last_date]
_CREATE_DYADS = _rows_stmt(f"""
MATCH (s:Actor) WHERE s.id = r[0]
MATCH (t:Actor) WHERE t.id = r[1]
CREATE (s)-[:INTERACTS {{root: r[2], count: toInteger(r[3]), goldstein_sum: toFloat(r[4]),
                        first_date: date({_n(5)}), last_date: date({_n(6)})}}]->(t)
""")

_EVENT_RETURN = ("e.id AS id, e.cameo AS cameo, e.quad_class AS quad_class, e.goldstein AS goldstein, "
                 "e.plover AS plover, e.date AS date, e.date_precision AS date_precision, "
                 "e.factuality AS factuality, e.source AS source, e.target AS target, "
                 "e.mention_count AS mention_count, e.source_count AS source_count, "
                 "e.first_seen AS first_seen, e.last_seen AS last_seen")


# -- small helpers ---------------------------------------------------------------------------------

def _native(v: Any) -> Any:
    """neo4j.time values -> datetime/date (other values unchanged)."""
    return v.to_native() if hasattr(v, "to_native") else v


def _one_line(text: str, limit: int = 300) -> str:
    s = " ".join(str(text).split())
    return s if len(s) <= limit else s[: limit - 3] + "..."


def _run_rows(tx, stmts: tuple[str, str], rows: list[list], **params: Any):
    """Run a statement of :func:`_rows_stmt` on *rows* (not empty, all of one width), sent as one
    string when no value holds _SEP, _NUL or _ROW (values are str, int, float or None)."""
    sep, nul, row = _SEP, _NUL, _ROW
    text = row.join([sep.join([nul if v is None else str(v) for v in r]) for r in rows])
    if (text.count(sep) == len(rows) * (len(rows[0]) - 1) and text.count(row) == len(rows) - 1
            and text.count(nul) == sum(r.count(None) for r in rows)):
        return tx.run(stmts[0], rows=text, sep=sep, nul=nul, row=row, **params)
    # Lists carry real nulls: no value may be read as the null mark here (a field that is exactly
    # _NUL is text like any other). ``CASE x WHEN null`` never matches, so _n() passes x through.
    return tx.run(stmts[1], rows=rows, sep=sep, nul=None, **params)


def _run_ids(tx, stmts: tuple[str, str], ids: list[str]):
    """Run a statement of :func:`_ids_stmt` on *ids*, sent as one string when none is empty or holds _ROW."""
    text = _ROW.join(ids)
    if ids and text.count(_ROW) == len(ids) - 1 and "" not in ids:
        return tx.run(stmts[0], ids=text, row=_ROW)
    return tx.run(stmts[1], ids=ids)


class _SchemaDenied(StoreError):
    """The server refused this user a schema change (a reader role)."""


class Neo4jStore(GraphStore):
    """A geokg graph in a Neo4j 5 database (or a server speaking Bolt and Neo4j 5 Cypher).

    Parameters
    ----------
    uri:
        ``neo4j://``, ``bolt://`` (or ``+s``/``+ssc``) URI; may carry ``user:password@`` and a
        ``/database`` path. A URI without host (``neo4j://``) takes ``GEOKG_NEO4J_URI``.
    user, password, database:
        Override the URI and the ``GEOKG_NEO4J_*`` environment variables.
    connection_timeout:
        Seconds to wait for a connection (default 10).
    read_only:
        True: only read (no constraints or indexes are created on open; ingest is refused), as a
        user with a reader role must. None: create the schema if the server lets this user, else
        carry on read-only (``geokg stats``, ``query``, ``export``). Every read already runs in
        read transactions, which a cluster routes to its readers.
    **driver_options:
        Passed to :func:`neo4j.GraphDatabase.driver` (e.g. ``max_transaction_retry_time``);
        the embedded store's options (``cache_mb``, ``check_same_thread``, ``create``) and options set to
        None are ignored, so that callers can pass the same options whatever the URI.

    Raises
    ------
    StoreError
        The server cannot be reached, the credentials are refused, the database does not exist,
        or the schema cannot be created; a one-line message naming the URI.
    """

    def __init__(self, uri: str | None = None, *, user: str | None = None, password: str | None = None,
                 database: str | None = None, connection_timeout: float = 10.0, read_only: bool | None = False,
                 **driver_options: Any) -> None:
        import neo4j

        env = os.environ
        raw = str(uri) if uri else ""
        if not raw or not urlsplit(raw).hostname:
            raw = env.get("GEOKG_NEO4J_URI") or DEFAULT_URI
        shown = re.sub(r"//[^/@]*@", "//***@", raw)  # never a password in a message
        try:
            parts = urlsplit(raw)
            port = parts.port
        except ValueError as e:
            raise StoreError(f"not a Neo4j URI: {shown!r} ({e})") from None
        if parts.scheme.lower() not in ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc"):
            raise StoreError(f"not a Neo4j URI: {shown!r} (expected neo4j://host:port or bolt://host:port)")
        uri_user = unquote(parts.username) if parts.username else None
        uri_password = unquote(parts.password) if parts.password else None
        uri_db = unquote(parts.path.strip("/")) or None
        netloc = parts.hostname if ":" not in (parts.hostname or "") else f"[{parts.hostname}]"
        if port:
            netloc += f":{port}"
        self.uri = f"{parts.scheme}://{netloc}"
        self.user = user or uri_user or env.get("GEOKG_NEO4J_USER") or DEFAULT_USER
        pw = password if password is not None else uri_password if uri_password is not None \
            else env.get("GEOKG_NEO4J_PASSWORD")
        self.database = database or uri_db or env.get("GEOKG_NEO4J_DATABASE") or DEFAULT_DATABASE
        self._where = f"{self.uri} (database {self.database!r})"
        self._actor_sig: dict[str, tuple] = {}
        self._driver = None
        driver_options = {k: v for k, v in driver_options.items()
                          if v is not None and k not in _EMBEDDED_OPTIONS}
        try:
            self._driver = neo4j.GraphDatabase.driver(
                self.uri, auth=(self.user, pw) if pw is not None else None,
                connection_timeout=connection_timeout, **driver_options)
        except (ValueError, TypeError, neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError) as e:
            raise StoreError(f"cannot open Neo4j store {self.uri}: {_one_line(e)}") from None
        try:
            with self._errors("connecting"):
                self._driver.verify_connectivity()
                self.dialect: Dialect = dialect_for(self._driver.get_server_info().agent)
                self._run_read("RETURN 1 AS ok")  # the database exists and we may read it
            #: True when this store only reads (see the read_only parameter).
            self.read_only = bool(read_only)
            if not self.read_only:
                try:
                    self._ensure_schema()
                except _SchemaDenied:
                    if read_only is not None:
                        raise
                    self.read_only = True   # a reader: what it may do, reading, needs no schema change
        except BaseException:
            self.close()
            raise

    # -- connection, errors -------------------------------------------------------------------------

    @property
    def driver(self):
        """The open :class:`neo4j.Driver` (the queries layer runs its Cypher through it)."""
        if self._driver is None:
            raise StoreError(f"store {self._where} is closed")
        return self._driver

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """Driver and server failures -> one-line StoreError naming the URI (never a traceback)."""
        from neo4j import exceptions as x

        try:
            yield
        except StoreError:
            raise
        except x.AuthError:
            raise StoreError(f"Neo4j at {self.uri} refused the credentials of user {self.user!r} "
                             f"(set --password/GEOKG_NEO4J_PASSWORD, GEOKG_NEO4J_USER)") from None
        except (x.ServiceUnavailable, x.SessionExpired) as e:
            raise StoreError(f"cannot reach the Neo4j server at {self.uri} while {action}: "
                             f"{_one_line(e, 200)}") from None
        except x.Neo4jError as e:
            code = e.code or ""
            if code.endswith("DatabaseNotFound"):
                raise StoreError(f"database {self.database!r} does not exist on {self.uri} "
                                 f"(set GEOKG_NEO4J_DATABASE or the database option)") from None
            if code.endswith(("Unauthorized", "Forbidden")) or ".Security." in code:
                raise StoreError(f"Neo4j at {self.uri} denied {action} to user {self.user!r}: "
                                 f"{_one_line(e.message or e, 200)}") from None
            raise StoreError(f"{action} failed on {self._where}: {_one_line(e.message or e)}") from None
        except x.DriverError as e:
            raise StoreError(f"{action} failed on {self._where}: {_one_line(e)}") from None
        except OSError as e:
            raise StoreError(f"cannot reach the Neo4j server at {self.uri} while {action}: {e}") from None

    def _run_read(self, cypher: str, /, **params: Any) -> list[dict[str, Any]]:
        def work(tx):
            return [r.data() for r in tx.run(cypher, params)]
        with self.driver.session(database=self.database) as s:
            return s.execute_read(work)

    def read(self, cypher: str, /, **params: Any) -> list[dict[str, Any]]:
        """Run a read-only Cypher query in a managed transaction; rows as dicts (StoreError on failure)."""
        with self._errors("reading"):
            return self._run_read(cypher, **params)

    def _ensure_schema(self) -> None:
        from neo4j import exceptions as x

        with self._errors("creating constraints and indexes"):
            with self.driver.session(database=self.database) as s:
                for name, stmt, required in SCHEMA:
                    try:
                        s.run(stmt).consume()
                    except x.ClientError as e:
                        if ".Security." in (e.code or ""):
                            raise _SchemaDenied(f"Neo4j at {self.uri} denied creating {name} to user {self.user!r}: "
                                                f"{_one_line(e.message or e, 200)}") from None
                        if required:
                            raise StoreError(f"cannot create {name} on {self._where}: "
                                             f"{_one_line(e.message or e)}") from None
                if self.dialect.await_indexes:
                    s.run(self.dialect.await_indexes).consume()

    def close(self) -> None:
        if self._driver is not None:
            try:
                self._driver.close()
            except Exception:  # pragma: no cover - closing a broken pool
                pass
            self._driver = None

    def __repr__(self) -> str:
        return f"Neo4jStore({self.uri!r}, database={self.database!r})"

    # -- ingest -------------------------------------------------------------------------------------

    def ingest(self, items: Iterable[Any], *, batch_size: int = 5000,
               on_batch: Callable[[Any, int], None] | None = None) -> IngestReport:
        """Load articles and extracted events; each batch of *batch_size* items is one transaction.

        Items are :class:`Event` and :class:`Article` objects (or their dicts), and also
        :class:`StoredActor` (gazetteer entries with aliases and dated roles) or :class:`Actor`.
        Re-ingesting the same items changes nothing. *on_batch(tx, batch_number)*, if given, runs
        inside each batch's transaction after its writes (it may run again if the driver retries).
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if self.read_only:
            raise StoreError(f"store {self._where} is opened read-only; nothing can be loaded into it")
        report = IngestReport()
        it = iter(items)
        # While the server runs a batch's transaction, a helper thread prepares the next batch (the
        # driver waits on the socket without the GIL). It sees the actor cache as it will be after
        # the running batch commits (_actor_sigs); if that batch fails, ingest stops there anyway.
        # Items are read from *items* in this thread only, batch after batch, as before.
        with self._errors("ingesting"), ThreadPoolExecutor(1, thread_name_prefix="geokg-prepare") as pool, \
                gc_paused():
            with self.driver.session(database=self.database) as session:
                batch = list(islice(it, batch_size))
                prep = self._prepare(batch, self._actor_sig) if batch else None
                while prep is not None:
                    report.batches += 1
                    number = report.batches
                    nxt = list(islice(it, batch_size))
                    ahead = None
                    if nxt:
                        cache = dict(self._actor_sig)
                        cache.update(prep["sigs"])
                        ahead = pool.submit(self._prepare, nxt, cache)

                    def work(tx, prep=prep, number=number):
                        out = self._write_batch(tx, prep)
                        if on_batch is not None:
                            on_batch(tx, number)
                        return out

                    try:
                        arts, evs, ments, sigs = session.execute_write(work)
                    except BaseException:
                        if ahead is not None:
                            ahead.cancel()
                        raise
                    # The driver leaves a few thousand objects in reference cycles per transaction:
                    # collected here, batch by batch, while the collector is paused (gc_paused).
                    gc.collect(1)
                    self._actor_sig.update(sigs)
                    report.articles += arts
                    report.events_new += evs
                    report.mentions_new += ments
                    prep = ahead.result() if ahead is not None else None
        return report

    @staticmethod
    def _actor_sigs(pend: dict[str, list], states: set[str]) -> dict[str, tuple]:
        """The actor cache entries a batch adds once committed: signatures of its extracted actors
        (gazetteer entries have none: they are always written), () for the states it creates."""
        sigs = {aid: actor_signature(a) for aid, reports in pend.items() for a in reports
                if not isinstance(a, StoredActor)}
        for c in states:
            if c not in pend:
                sigs.setdefault(c, ())
        return sigs

    def _prepare(self, batch: list[Any], sig_cache: dict[str, tuple]) -> dict[str, Any]:
        """Everything about a batch that does not depend on the database (outside the transaction).

        *sig_cache* maps actor ids to the signature last written (actors whose signature is
        unchanged are not written again); it is only read. An undated event with a publication date
        gets no happening here (None in its mention row; listed in ``windowed``): the transaction
        places it by its date window (:func:`~geokg.graph.base.assign_windows`).
        """
        pend_actors: dict[str, list] = {}     # id -> every differing report (merged: base.merge_actor)
        pend_sigs: set[tuple] = set()
        pend_states: set[str] = set()         # ISO3 codes that persons fold into
        articles: dict[str, list] = {}        # id -> [url, title, published, lang, source]
        mentions: dict[str, list] = {}        # mention id -> row (the best reading: base.mention_rank)
        extra: dict[str, tuple] = {}          # mention id -> (date, precision, source key, target key, published)
        ev_attrs: dict[str, list] = {}        # happening id -> its date and keys (the code is decided later)
        windowed: dict[str, tuple] = {}       # mention id -> (window key, published, source key, target key)
        bounds: dict[str, tuple[str, str]] = {}

        def see(a: Any) -> None:
            sig = actor_signature(a)
            if sig_cache.get(a.id) != sig and (a.id, sig) not in pend_sigs:
                pend_sigs.add((a.id, sig))
                pend_actors.setdefault(a.id, []).append(a)

        for item in batch:
            if item.__class__ is not Event:
                item = sort_item(item, articles, pend_actors)
                if item is None:
                    continue
            s = item.source
            t = item.target
            if s is not None:
                sid = s.id
                see(s)
                if s.kind in _FOLDED_KINDS and s.country:
                    sk = s.country
                    if sk not in sig_cache:
                        pend_states.add(sk)
                else:
                    sk = sid
            else:
                sid = sk = None
            if t is not None:
                tid = t.id
                see(t)
                if t.kind in _FOLDED_KINDS and t.country:
                    tk = t.country
                    if tk not in sig_cache:
                        pend_states.add(tk)
                else:
                    tk = tid
            else:
                tid = tk = None
            hid, mid = identities(sk, tk, item)
            aid = item.article_id
            row = articles.get(aid)
            if row is None:
                articles[aid] = [item.url, item.title, item.published, item.lang, None]
            elif row[0] != item.url or row[1] != item.title or row[2] != item.published or row[3] != item.lang:
                note_article(articles, aid, [item.url, item.title, item.published, item.lang, None])
            if item.date is None and item.published is not None:
                hid = None
            ev = item.evidence
            m = [mid, aid, hid, ev.text, ev.start, ev.end, item.confidence, item.factuality, sid, tid, item.cameo]
            old = mentions.get(mid)
            if old is not None and (mention_rank(m[6], m[7], sid, tid, m[3]), hid or "") >= (
                    mention_rank(old[6], old[7], old[8], old[9], old[3]), old[2] or ""):
                continue   # two readings of one mention: the better one (then the least happening id) stays
            mentions[mid] = m
            extra[mid] = (item.date, item.date_precision, sk, tk, item.published)
        for mid, m in mentions.items():
            d, prec, sk, tk, published = extra[mid]
            hid = m[2]
            if hid is None:
                windowed[mid] = (window_key(sk, tk, m[10][:2]), published, sk, tk)
            elif hid not in ev_attrs:
                if d:
                    b = bounds.get(d)
                    if b is None:
                        b = bounds[d] = day_bounds(d, prec)
                else:
                    b = (None, None)
                ev_attrs[hid] = [hid, None, m[10][:2], None, None, None, d, prec, b[0], b[1], None, sk, tk]
        return {"actors": pend_actors, "states": pend_states, "articles": articles, "mentions": mentions,
                "events": ev_attrs, "windowed": windowed, "sigs": self._actor_sigs(pend_actors, pend_states)}

    def _write_batch(self, tx, prep: dict[str, Any]) -> tuple[int, int, int, dict]:
        """One batch inside its transaction: read what exists, write what is new. Runs again on retry."""
        now = datetime.now(timezone.utc)
        now = now.replace(microsecond=now.microsecond // 1000 * 1000)  # milliseconds, like the embedded store
        new_sigs = self._write_actors(tx, prep["actors"], prep["states"])
        # A retried transaction starts again from the prepared batch: work on copies.
        mentions: dict[str, list] = {mid: list(m) for mid, m in prep["mentions"].items()}
        ev_attrs: dict[str, list] = dict(prep["events"])

        # Articles: which exist, and which mentions they already have (a mention id contains its
        # article id, so an article's adjacency is the exact set of its existing mentions).
        articles: dict[str, list] = prep["articles"]
        known: dict[str, list] = {}   # mention id -> [id, event, confidence, factuality, actors, text]
        update_rows = []
        existing = set()
        for r in _run_ids(tx, _READ_ARTICLES, list(articles)):
            aid = r["id"]
            existing.add(aid)
            for k in r["mentions"]:
                if k[0] is not None:
                    known[k[0]] = k
            vals = articles[aid]
            old = [r["url"], r["title"], r["published"], r["lang"], r["source"]]
            if any(v is not None and v != o for v, o in zip(vals, old)):
                update_rows.append([aid, *vals])
        new_articles = [[aid, *vals] for aid, vals in articles.items() if aid not in existing]
        if new_articles:
            _run_rows(tx, _CREATE_ARTICLES, new_articles, now=now).consume()
        if update_rows:
            tx.run(_UPDATE_ARTICLES, rows=update_rows).consume()

        dyads: dict[tuple, list] = {}
        recount: set[str] = set()     # stored events whose mentions changed other than by new ones
        reread = []
        for mid, m in mentions.items():
            k = known.get(mid)
            if k is not None and mention_rank(m[6], m[7], m[8], m[9], m[3]) < mention_rank(k[2], k[3], k[4], k[5],
                                                                                          k[6]):
                reread.append([m[1], mid, m[3], m[6], m[7], m[8], m[9]])
                if k[3] != m[7]:
                    recount.add(k[1])
        if reread:
            tx.run(_REREAD_MENTIONS, rows=reread).consume()
        moved = 0
        if prep["windowed"] or ev_attrs:
            moved = self._place_windowed(tx, mentions, ev_attrs, prep["windowed"], known, recount)
        if recount:
            self._recount(tx, recount, dyads)

        new_mentions = [m for mid, m in mentions.items() if mid not in known]
        if not new_mentions:
            if dyads:
                self._write_dyads(tx, dyads)
            return len(new_articles), 0, 0, new_sigs

        # Events that gain mentions: new ones are created with their counts; existing ones get
        # counts, code and factuality recomputed from all their mentions.
        per_event: dict[str, list] = {}      # hid -> [n new mentions, {articles}, {factuality: n}, lowest code]
        for m in new_mentions:
            agg = per_event.get(m[2])
            if agg is None:
                per_event[m[2]] = [1, {m[1]}, {m[7]: 1}, m[10]]
            else:
                agg[0] += 1
                agg[1].add(m[1])
                agg[2][m[7]] = agg[2].get(m[7], 0) + 1
                if m[10] < agg[3]:
                    agg[3] = m[10]
        old_events = {r["id"]: r for r in _run_ids(tx, _READ_EVENTS, list(per_event))}
        create: dict[tuple[bool, bool], list] = {}
        updates = []
        n_new_events = 0
        for hid, (n, arts, facts, cameo) in per_event.items():
            old = old_events.get(hid)
            a = ev_attrs[hid]
            if old is None:
                q, g, p = coded(cameo)
                row = [hid, cameo, a[2], q, g, p, a[6], a[7], a[8], a[9], event_factuality(facts), a[11], a[12], n,
                       len(arts)]
                create.setdefault((a[11] is not None, a[12] is not None), []).append(row)
                n_new_events += 1
                if a[11] is not None and a[12] is not None:
                    key = (a[11], a[12], a[2])
                    ds = a[8]
                    dy = dyads.get(key)
                    if dy is None:
                        dyads[key] = [a[11], a[12], a[2], 1, g, ds, ds]
                    else:
                        dy[3] += 1
                        dy[4] += g
                        if ds is not None:
                            if dy[5] is None or ds < dy[5]:
                                dy[5] = ds
                            if dy[6] is None or ds > dy[6]:
                                dy[6] = ds
            else:
                all_facts = dict(facts)
                for f in old["facts"]:
                    all_facts[f] = all_facts.get(f, 0) + 1
                all_arts = set(arts).union(old["articles"])
                code = min(cameo, old["cameo"])
                q, g, p = coded(code)
                if code != old["cameo"] and a[11] is not None and a[12] is not None:
                    self._dyad(dyads, a[11], a[12], a[2])[4] += g - coded(old["cameo"])[1]
                updates.append([hid, len(old["articles"]) + n, len(all_arts), event_factuality(all_facts), code, q,
                                g, p])
        for key, rows in create.items():
            summary = _run_rows(tx, _CREATE_EVENTS[key], rows, now=now).consume()
            if summary.counters.nodes_created != len(rows):
                raise StoreError(f"ingest into {self._where}: {len(rows) - summary.counters.nodes_created} "
                                 f"events lost their actor nodes; batch rolled back")
        if updates:
            tx.run(_UPDATE_EVENTS, rows=updates, now=now).consume()
        summary = _run_rows(tx, _CREATE_MENTIONS, new_mentions, now=now).consume()
        if summary.counters.relationships_created != len(new_mentions):
            raise StoreError(f"ingest into {self._where}: {len(new_mentions) - summary.counters.relationships_created}"
                             f" mentions lost their article or event; batch rolled back")
        if dyads:
            self._write_dyads(tx, dyads)
        return len(new_articles), n_new_events, len(new_mentions) - moved, new_sigs

    @staticmethod
    def _dyad(dyads: dict[tuple, list], s: str, t: str, root: str) -> list:
        """The increment row of one dyad summary: [source, target, root, count, goldstein sum, first, last]."""
        dy = dyads.get((s, t, root))
        if dy is None:
            dy = dyads[(s, t, root)] = [s, t, root, 0, 0.0, None, None]
        return dy

    def _recount(self, tx, ids: set[str], dyads: dict[tuple, list]) -> None:
        """Decide stored events again from the mentions they have (after some moved away or were read
        anew); an event left with none is deleted. Dyad summary changes go into *dyads*."""
        deleted, rows = [], []
        for r in tx.run(_RECOUNT_EVENTS, ids=sorted(ids)):
            s, t, root, g_old = r["source"], r["target"], r["root"], r["goldstein"]
            both = s is not None and t is not None
            if not r["codes"]:
                deleted.append(r["id"])
                if both:
                    dy = self._dyad(dyads, s, t, root)
                    dy[3] -= 1
                    dy[4] -= g_old
                continue
            facts: dict[str, int] = {}
            for f in r["facts"]:
                facts[f] = facts.get(f, 0) + 1
            code = min(r["codes"])
            q, g, p = coded(code)
            if both and g != g_old:
                self._dyad(dyads, s, t, root)[4] += g - g_old
            rows.append([r["id"], len(r["codes"]), len(set(r["articles"])), event_factuality(facts), code, q, g, p])
        if deleted:
            tx.run(_DELETE_EVENTS, ids=deleted).consume()
        if rows:
            tx.run(_RECODE_EVENTS, rows=rows).consume()

    def _place_windowed(self, tx, mentions: dict[str, list], ev_attrs: dict[str, list], windowed: dict[str, tuple],
                        known: dict[str, list], recount: set[str]) -> int:
        """Give the batch's undated mentions with a publication date their happening, and re-home the
        stored ones whose happening the batch changes, as the embedded store does
        (:meth:`geokg.graph.sqlite_store.SQLiteStore._place_windowed`; ``(:Window)`` nodes list them).
        A moved mention's relationship is deleted and comes back in *mentions* as a new one of its
        new happening; its old event goes into *recount*. Returns the number of mentions moved."""
        new_w = {mid: w for mid, w in windowed.items() if mid not in known}
        info: dict[str, tuple] = {w[0]: (w[2], w[3]) for w in new_w.values()}
        day_keys: dict[str, tuple] = {}
        for a in ev_attrs.values():
            if a[7] == "day":
                day_keys.setdefault(window_key(a[11], a[12], a[2]), (a[11], a[12]))
        ask = [k for k in day_keys if k not in info]
        if ask and tx.run(_ANY_WINDOW).single() is not None:
            for r in tx.run(_FIND_WINDOW_KEYS, keys=ask):
                info[r["key"]] = day_keys[r["key"]]
        if not info:
            return 0
        stored = {r["id"]: (r["article"], r["key"], r["published"], r["event"])
                  for r in tx.run(_READ_WINDOWS, keys=list(info))}
        by_key, cand = window_candidates(stored, new_w)
        exists = {h for h in cand if h in ev_attrs}
        rest = [h for h in cand if h not in exists]
        if rest:
            exists.update(r["id"] for r in tx.run(_EVENTS_EXIST, ids=rest))
        placed, moves = place_windowed(by_key, cand, exists, new_w, stored)
        for mid, hid in placed.items():
            mentions[mid][2] = hid
        if moves:
            for r in tx.run(_TAKE_MENTIONS, rows=[[stored[mid][0], mid] for mid in moves]):
                row, old = list(r["row"]), r["old"]
                mid = row[0]
                recount.add(old)
                mine = mentions.get(mid)
                if mine is not None and mention_rank(mine[6], mine[7], mine[8], mine[9], mine[3]) < mention_rank(
                        row[6], row[7], row[8], row[9], row[3]):
                    row = list(mine)
                row[2] = moves[mid]
                mentions[mid] = row
                known.pop(mid, None)
        for mid in (*placed, *moves):
            hid = mentions[mid][2]
            if hid not in ev_attrs:
                k = windowed[mid][0] if mid in windowed else stored[mid][1]
                sk, tk = info[k]
                d = cand[hid][1] if hid in cand else None
                ev_attrs[hid] = [hid, None, mentions[mid][10][:2], None, None, None, d, "day" if d else None, d, d,
                                 None, sk, tk]
        rows = [{"id": mid, "article": mentions[mid][1], "key": windowed[mid][0], "published": windowed[mid][1],
                 "event": hid} for mid, hid in placed.items()]
        rows += [{"id": mid, "article": stored[mid][0], "key": stored[mid][1], "published": stored[mid][2],
                  "event": hid} for mid, hid in moves.items()]
        if rows:
            tx.run(_WRITE_WINDOWS, rows=rows).consume()
        return len(moves)

    @staticmethod
    def _write_dyads(tx, dyads: dict[tuple, list]) -> None:
        """Add this batch's new events to the dyad summary: update the INTERACTS that exist, create the rest."""
        groups: dict[str, dict[str, list]] = {}
        for (s, t, root), d in dyads.items():
            groups.setdefault(s, {})[f"{t}|{root}"] = _SEP.join([_NUL if v is None else str(v) for v in d[3:]])
        found: set[tuple[str, str]] = set()
        for r in tx.run(_UPDATE_DYADS, groups=[[s, g] for s, g in groups.items()], sep=_SEP, nul=_NUL):
            found.update((r["source"], k) for k in r["found"])
        rows = [d for (s, t, root), d in dyads.items() if (s, f"{t}|{root}") not in found]
        if any(d[3] <= 0 for d in rows):
            raise StoreError("ingest: a dyad summary to decrease is missing; batch rolled back")
        if rows:
            summary = _run_rows(tx, _CREATE_DYADS, rows).consume()
            if summary.counters.relationships_created != len(rows):
                raise StoreError("ingest: dyad summary rows lost their actor nodes; batch rolled back")
        if any(d[3] < 0 for d in dyads.values()):
            # the dyad's last undated event moved away (date windows): no summary without events
            tx.run("UNWIND $ids AS id MATCH (s:Actor) WHERE s.id = id MATCH (s)-[i:INTERACTS]->()"
                   " WHERE i.count <= 0 DELETE i", ids=sorted({d[0] for d in dyads.values() if d[3] < 0})).consume()

    def _write_actors(self, tx, pend: dict[str, Any], states: set[str]) -> dict:
        """Upsert actors seen in this batch (:func:`~geokg.graph.base.merge_actor`); returns signatures to cache.

        Every report of an actor (*pend*: id -> reports) is merged into its row, in any order with
        the same result; a provisional state (made from a person's country) gives way to the
        state's own report.
        """
        if pend:
            old = {r["id"]: r for r in _run_ids(tx, _READ_ACTORS, list(pend))}
            rows = []
            for aid, reports in pend.items():
                o = old.get(aid)
                prev = None if o is None else (o["name"], o["kind"], o["country"], o["wikidata"], o["aliases"] or [],
                                               json.loads(o["roles"] or "[]"), o["provisional"], o["sector"])
                for a in reports:  # merge_actor is a join: any order gives the same row
                    name, kind, country, wikidata, aliases, roles, sector = merge_actor(a, prev)
                    prev = (name, kind, country, wikidata, aliases, roles, False, sector)
                rows.append({"id": aid, "name": name, "kind": kind, "country": country, "wikidata": wikidata,
                             "aliases": aliases, "roles": json.dumps(roles, ensure_ascii=False), "sector": sector})
            tx.run(_WRITE_ACTORS, rows=rows).consume()
        new_states = {c for c in states if c not in pend}
        if new_states:
            tx.run(_WRITE_STATES, rows=[{"id": c, "name": state_name(c)} for c in sorted(new_states)]).consume()
        return self._actor_sigs(pend, states)

    # -- reading ------------------------------------------------------------------------------------

    @staticmethod
    def _filter(filter: EventFilter | None, kw: dict[str, Any]) -> EventFilter:
        if filter is None:
            return EventFilter(**kw)
        return EventFilter.model_validate({**filter.model_dump(), **kw}) if kw else filter

    @staticmethod
    def _event_match(f: EventFilter) -> tuple[str, dict[str, Any]]:
        """``MATCH ... WHERE ...`` binding ``e`` to the events a filter selects, and its parameters."""
        where: list[str] = []
        params: dict[str, Any] = {}
        if f.article_id is not None:
            match = "MATCH (:Article {id: $article_id})-[:MENTIONS]->(m:Event) WITH DISTINCT m AS e"
            params["article_id"] = f.article_id
        else:
            match = "MATCH (e:Event)"
        if f.actor is not None:
            where.append("(e.source = $actor OR e.target = $actor)")
            params["actor"] = f.actor
        if f.source is not None:
            where.append("e.source = $source")
            params["source"] = f.source
        if f.target is not None:
            where.append("e.target = $target")
            params["target"] = f.target
        if f.cameo:
            if not f.cameo.isdigit():
                raise StoreError(f"cameo filter must be digits (a code prefix), got {f.cameo!r}")
            if len(f.cameo) >= 2:
                where.append("e.root = $root")
                params["root"] = f.cameo[:2]
            if len(f.cameo) != 2:
                where.append("e.cameo STARTS WITH $cameo")
                params["cameo"] = f.cameo
        if f.quad_class is not None:
            where.append("e.quad_class = $quad_class")
            params["quad_class"] = f.quad_class
        if f.factuality is not None:
            where.append("e.factuality = $factuality")
            params["factuality"] = f.factuality
        if f.since is not None:
            # Overlap: date_end >= since; the redundant bound on date_start (a date spans at most
            # a year) lets an index on date_start narrow the scan. Undated events never match.
            where.append("e.date_end >= $since AND e.date_start >= $since_floor")
            params["since"] = f.since
            params["since_floor"] = f.since - timedelta(days=366)
        if f.until is not None:
            where.append("e.date_start <= $until")
            params["until"] = f.until
        if where:
            match += (" WHERE " if f.article_id is None else " WITH e WHERE ") + " AND ".join(where)
        return match, params

    @staticmethod
    def _page(f: EventFilter, params: dict[str, Any]) -> str:
        out = ""
        if f.offset:
            out += " SKIP $offset"
            params["offset"] = f.offset
        if f.limit is not None:
            out += " LIMIT $limit"
            params["limit"] = f.limit
        return out

    def events(self, filter: EventFilter | None = None, **kw: Any) -> list[StoredEvent]:
        f = self._filter(filter, kw)
        match, params = self._event_match(f)
        # Ascending ORDER BY puts nulls last on Neo4j and on the test server: undated events last.
        cypher = f"{match} RETURN {_EVENT_RETURN} ORDER BY e.date_start, e.date_end, e.id" + self._page(f, params)
        rows = self.read(cypher, **params)
        out = []
        for r in rows:
            r["first_seen"] = _native(r["first_seen"])
            r["last_seen"] = _native(r["last_seen"])
            out.append(StoredEvent.model_validate(r))
        return out

    def actors(self, filter: ActorFilter | None = None, **kw: Any) -> list[StoredActor]:
        if filter is None:
            f = ActorFilter(**kw)
        else:
            f = ActorFilter.model_validate({**filter.model_dump(), **kw}) if kw else filter
        where: list[str] = []
        params: dict[str, Any] = {}
        if f.kind is not None:
            where.append("a.kind = $kind")
            params["kind"] = f.kind
        if f.country is not None:
            where.append("a.country = $country")
            params["country"] = f.country
        if f.sector is not None:
            where.append("a.sector = $sector")
            params["sector"] = f.sector
        cypher = ("MATCH (a:Actor)" + ((" WHERE " + " AND ".join(where)) if where else "")
                  + " RETURN a.id AS id, a.name AS name, a.kind AS kind, a.country AS country,"
                    " a.wikidata AS wikidata, a.aliases AS aliases, a.roles AS roles, a.sector AS sector"
                    " ORDER BY a.id")
        # Text search in Python: no fulltext index on the test server, and casefold semantics
        # equal to the embedded store's (see geokg.graph.cypher_dialect, difference 2).
        if f.limit is not None and not f.text:
            cypher += " LIMIT $limit"
            params["limit"] = f.limit
        out = []
        t = f.text.casefold() if f.text else None
        for r in self.read(cypher, **params):
            aliases = list(r["aliases"] or [])
            if t is not None and not (t in r["id"].casefold() or t in (r["name"] or "").casefold()
                                      or any(t in al.casefold() for al in aliases)):
                continue
            out.append(StoredActor(id=r["id"], name=r["name"], kind=r["kind"], country=r["country"],
                                   wikidata=r["wikidata"], aliases=aliases, roles=json.loads(r["roles"] or "[]"),
                                   sector=r["sector"]))
            if f.limit is not None and len(out) >= f.limit:
                break
        return out

    def mentions(self, event_id: str | StoredEvent) -> list[Mention]:
        eid = event_id.id if isinstance(event_id, StoredEvent) else event_id
        rows = self.read(
            "MATCH (a:Article)-[m:MENTIONS]->(:Event {id: $id}) RETURN a.id AS article_id, m.text AS text,"
            " m.start AS start, m.end AS end, m.confidence AS confidence, a.url AS url, a.title AS title,"
            " a.published AS published, m.id AS mid", id=eid)
        # the embedded store's order; the mention id breaks ties (two readings of one sentence)
        rows.sort(key=lambda r: (r["published"] is None, r["published"] or "", r["article_id"], r["start"], r["mid"]))
        return [Mention(article_id=r["article_id"], evidence=Evidence(text=r["text"], start=r["start"], end=r["end"]),
                        confidence=r["confidence"], url=r["url"], title=r["title"],
                        published=r["published"][:10] if r["published"] else None) for r in rows]

    def stats(self) -> dict[str, int]:
        r = self.read(
            "CALL { MATCH (n:Article) RETURN count(n) AS articles }"
            " CALL { MATCH (n:Event) RETURN count(n) AS events }"
            " CALL { MATCH (:Article)-[m:MENTIONS]->(:Event) RETURN count(m) AS mentions }"
            " CALL { MATCH (n:Actor) RETURN count(n) AS actors }"
            " CALL { MATCH (s:Actor)-[:INTERACTS]->(t:Actor) RETURN count(DISTINCT [s.id, t.id]) AS dyads }"
            " RETURN articles, events, mentions, actors, dyads")[0]
        return {k: int(r[k]) for k in ("articles", "events", "mentions", "actors", "dyads")}

    def dyads(self, source: str | None = None, target: str | None = None) -> list[dict[str, Any]]:
        """The derived dyad summary: one row per (source, target, CAMEO root), sorted by those keys.

        Keys: source, target, root, count, goldstein_sum, goldstein_mean, first_date, last_date
        (ISO strings or None).
        """
        where, params = [], {}
        if source is not None:
            where.append("s.id = $source")
            params["source"] = source
        if target is not None:
            where.append("t.id = $target")
            params["target"] = target
        rows = self.read(
            "MATCH (s:Actor)-[i:INTERACTS]->(t:Actor)" + ((" WHERE " + " AND ".join(where)) if where else "")
            + " RETURN s.id AS source, t.id AS target, i.root AS root, i.count AS count,"
              " i.goldstein_sum AS goldstein_sum, i.first_date AS first_date, i.last_date AS last_date"
              " ORDER BY source, target, root", **params)
        for r in rows:
            r["goldstein_mean"] = r["goldstein_sum"] / r["count"] if r["count"] else None
            r["first_date"] = iso(_native(r["first_date"]))
            r["last_date"] = iso(_native(r["last_date"]))
        return rows

    def to_networkx(self, since: date | str | None = None, until: date | str | None = None, *,
                    min_events: int = 1, factuality: str | None = None, **kw: Any) -> nx.MultiDiGraph:
        """See :meth:`GraphStore.to_networkx`."""
        f = EventFilter(since=since, until=until, factuality=factuality, **kw)
        match, params = self._event_match(f)
        both = "e.source IS NOT NULL AND e.target IS NOT NULL"
        match += (" AND " if " WHERE " in match else (" WHERE " if f.article_id is None else " WITH e WHERE ")) + both
        cypher = (f"{match} RETURN e.source AS source, e.target AS target, e.id AS id, e.cameo AS cameo,"
                  f" e.root AS root, e.quad_class AS quad_class, e.goldstein AS goldstein, e.plover AS plover,"
                  f" e.date AS date, e.factuality AS factuality, e.mention_count AS mention_count"
                  f" ORDER BY e.date_start, e.id") + self._page(f, params)
        rows = [tuple(r[c] for c in NETWORK_COLUMNS) for r in self.read(cypher, **params)]

        def attrs(nodes: list[str]) -> dict[str, dict[str, Any]]:
            return {r.pop("id"): r for r in self.read(
                "UNWIND $ids AS id MATCH (a:Actor) WHERE a.id = id RETURN a.id AS id, a.name AS name, a.kind AS kind,"
                " a.country AS country, a.wikidata AS wikidata, a.sector AS sector", ids=nodes)}

        return event_network(rows, attrs, since=f.since, until=f.until, min_events=min_events)

    # -- checks -------------------------------------------------------------------------------------

    def check_integrity(self, max_problems: int = 20) -> list[str]:
        """Problems found (empty means sound): every event's counts against its mentions, every
        event's role relationships against its source/target, and the dyad summary against a
        recount of the events. Reads the whole graph."""
        problems: list[str] = []
        for r in self.read(
                "MATCH (e:Event) OPTIONAL MATCH (a:Article)-[m:MENTIONS]->(e)"
                " WITH e, count(m) AS n, count(DISTINCT a) AS k"
                " WHERE n <> e.mention_count OR k <> e.source_count"
                " RETURN e.id AS id, e.mention_count AS mc, e.source_count AS sc, n, k LIMIT $lim",
                lim=max_problems):
            problems.append(f"event {r['id']}: mention_count/source_count {r['mc']}/{r['sc']}, "
                            f"mentions say {r['n']}/{r['k']}")
        for r in self.read(
                "MATCH (e:Event) OPTIONAL MATCH (e)-[:SOURCE]->(s:Actor) OPTIONAL MATCH (e)-[:TARGET]->(t:Actor)"
                " WITH e, collect(s.id) AS ss, collect(t.id) AS ts"
                " WHERE ss <> CASE WHEN e.source IS NULL THEN [] ELSE [e.source] END"
                " OR ts <> CASE WHEN e.target IS NULL THEN [] ELSE [e.target] END"
                " RETURN e.id AS id, ss, ts LIMIT $lim", lim=max_problems):
            problems.append(f"event {r['id']}: role relationships {r['ss']}->{r['ts']} do not match its properties")
        recount: dict[tuple, list] = {}
        for r in self.read(
                "MATCH (e:Event) WHERE e.source IS NOT NULL AND e.target IS NOT NULL"
                " RETURN e.source AS s, e.target AS t, e.root AS root, count(e) AS n, sum(e.goldstein) AS g,"
                " min(e.date_start) AS f, max(e.date_start) AS l"):
            recount[(r["s"], r["t"], r["root"])] = [r["n"], r["g"], iso(_native(r["f"])), iso(_native(r["l"]))]
        summary = {(d["source"], d["target"], d["root"]): d for d in self.dyads()}
        for key in sorted(set(recount) | set(summary)):
            n, g, fd, ld = recount.get(key, [0, 0.0, None, None])
            d = summary.get(key)
            dn, dg, dfd, dld = (d["count"], d["goldstein_sum"], d["first_date"], d["last_date"]) if d else (
                None, None, None, None)
            if dn != n or dg is None or abs(dg - g) > 1e-6 * (1 + abs(g)) or dfd != fd or dld != ld:
                problems.append(f"dyad {key[0]}->{key[1]} root {key[2]}: summary says {dn} events (sum {dg}, "
                                f"{dfd}..{dld}), events say {n} (sum {g}, {fd}..{ld})")
        return problems[:max_problems]
