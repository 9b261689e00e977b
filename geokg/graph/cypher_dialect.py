"""The one place where the Bolt test server's Cypher differs from Neo4j 5, and what geokg does about it.

geokg's Neo4j store is written for Neo4j 5 Cypher and the official ``neo4j`` driver. Its tests run
against ArcadeDB's Bolt server (PyPI ``arcadedb-embedded``; it reports ``Neo4j/5.26.0 compatible
(ArcadeDB ...)``), because no Neo4j server can be installed here. Every statement the store sends
is plain Neo4j 5 Cypher that both servers run the same way, except the ones in this module. What
was checked on ArcadeDB 26.10 (driver 6.4):

Runs as on Neo4j 5
    Named ``CREATE CONSTRAINT|INDEX ... IF NOT EXISTS`` (node and relationship uniqueness, range
    and text indexes), ``SHOW CONSTRAINTS/INDEXES [YIELD]``, ``UNWIND $rows ... MATCH/MERGE/CREATE``,
    ``ON CREATE/ON MATCH SET``, ``SET n = map``, ``EXISTS {}``, ``count {}``, ``CALL {}`` (also
    ``CALL (x) {}``), ``count(DISTINCT [a, b])``, dynamic map access ``m[k]``, ``properties()``,
    ``elementId``, ``STARTS WITH``, ``date()`` and temporal values both ways, list properties,
    ``CALL db.labels()``, reading one's own writes inside a transaction, rollback, the ``neo4j://``
    (routing) and ``bolt://`` schemes. Ascending ``ORDER BY`` puts nulls last on both (the store
    relies on it for "undated last").

Differs, with what the store does about it (so the same code is right on both)
    1. ``CALL db.awaitIndexes()`` does not exist (ArcadeDB builds indexes synchronously; Neo4j
       populates them in the background). -> :data:`AWAIT_INDEXES` is ``None`` for ArcadeDB.
    2. No ``FULLTEXT`` indexes ("Only standard, RANGE and TEXT index types are supported"), no
       APOC. -> actor text search filters in Python (also the only way to get Python's casefold
       semantics that the embedded store uses), and no statement uses APOC.
    3. ``MERGE (n:L {id: null})`` creates a node instead of failing. -> the store never MERGEs or
       MATCHes on a key it has not checked is not null in Python (rows are split by which keys
       are present).
    4. Relationships cannot be found fast except by walking from a node. A relationship
       property index exists and its uniqueness is enforced, but a lookup by it
       (``MATCH ()-[m:MENTIONS {id: $id}]->()``) scans every relationship (30 lookups/s with
       20k relationships), and so does ``WHERE elementId(r) = $x`` or ``id(r) = $x`` (3,000
       lookups: 161 s). ``MERGE``/``MATCH`` of a relationship between two bound nodes walks the
       start node's relationships per row (400-1,100 rows/s from actors with thousands of
       ``INTERACTS``). -> the store never looks a relationship up: a mention's existence is read
       from its article's ``MENTIONS`` adjacency (an article's mention ids all contain the
       article id, so this is exact) and new ones are ``CREATE``d; the dyad summary walks each
       source actor's ``INTERACTS`` once per batch, picking its increments from a map keyed by
       target and root, and ``CREATE``s the missing ones. Both are also right for Neo4j.
    5. After a ``DatabaseNotFound`` error, a pooled connection keeps failing unless every call
       names its database. -> every session and query passes ``database_`` explicitly (the
       store's default database is ``neo4j``, Neo4j's own default).
    6. No ``CREATE DATABASE`` over Bolt, no ``USE``. -> the store never creates databases; the
       test fixture creates one per test through ArcadeDB's HTTP API (``tests/bolt_server.py``).
    7. ``dbms.components()`` answers ``Neo4j Kernel 5.26.0 community``, so it cannot tell the
       servers apart; the Bolt agent string can: :func:`dialect_for`.
    8. Inside a pattern's property map, a string *value* that starts with ``$`` and names a
       parameter of the statement is read as that parameter: ``UNWIND $rows AS r MATCH (a:Actor
       {id: r})`` finds nothing for an actor whose id is ``"$rows"`` (it looks for the row list).
       Neo4j never does this (parameters are values; the statement text is fixed), and the store
       never puts an id into Cypher text. -> every lookup of a node by a row value is written
       ``MATCH (a:Actor) WHERE a.id = r`` (same index use, same speed on both servers: measured
       10k lookups in 40-60 ms either way); ``MERGE (a:Actor {id: r.id})`` and ``CREATE`` property
       maps store such values as given and are kept. A lookup by a statement's own parameter
       (``{id: $id}``) is not affected.

Speed (not a dialect difference, but it shaped the write path; 2 shared cores, ``neo4j`` 6.4
pure-Python packstream, server JIT warm, per row of ``UNWIND`` batches of 5,000, server time taken
as wall minus client CPU, noisy): an index lookup by a node key 5-12 us; a node ``CREATE`` 5-7 us,
20 us with 15 properties, 33 us with 4 of them indexed; ``MERGE`` of a new node 1.5-3 times its
``CREATE``; a relationship ``CREATE`` 15-30 us besides the lookups of its ends, 14 us more under a
relationship uniqueness constraint; walking a relationship 1.3-2 us, 4 us when a property of it is
read; a transaction 0.4-2 ms. Two concurrent write transactions are slower than one (they
conflict on shared nodes' edge lists: ``DeadlockDetected``, retried). Bigger transactions are not
faster (100k events: 2,000 rows 2.3k events/s, 5,000 2.8-3.7k, 10,000 2.7k, 20,000 2.4k). A fresh
server's JIT compiler uses about 20 s of CPU in the first 100k events, mostly on the core the
client leaves idle. The pure-Python driver packs any value in about 3 us (a row of 15 in 27 us, a
map row twice that), so the hot statements take all their rows as one string (fields, nulls and
rows marked by control characters) that the server splits (``split()``, ``toInteger``,
``toFloat``, ``date()``: a few us per row); batches whose values contain those characters are
sent as lists to the same statement body. ``neo4j-rust-ext`` (the driver's optional Rust packer)
would remove most of the remaining client cost.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Dialect", "NEO4J", "ARCADEDB", "dialect_for", "SCHEMA"]

#: Constraints and indexes created on open (Neo4j 5 syntax; both servers run all of them).
#: (name, statement, required): an optional statement that fails is skipped (e.g. relationship
#: uniqueness constraints need Neo4j 5.7 or later).
SCHEMA: tuple[tuple[str, str, bool], ...] = (
    ("actor_id", "CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE", True),
    ("event_id", "CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE", True),
    ("article_id", "CREATE CONSTRAINT article_id IF NOT EXISTS FOR (n:Article) REQUIRE n.id IS UNIQUE", True),
    ("mention_id", "CREATE CONSTRAINT mention_id IF NOT EXISTS FOR ()-[m:MENTIONS]-() REQUIRE m.id IS UNIQUE",
     False),
    ("event_date_start", "CREATE INDEX event_date_start IF NOT EXISTS FOR (n:Event) ON (n.date_start)", True),
    ("event_source", "CREATE INDEX event_source IF NOT EXISTS FOR (n:Event) ON (n.source)", True),
    ("event_target", "CREATE INDEX event_target IF NOT EXISTS FOR (n:Event) ON (n.target)", True),
    ("window_id", "CREATE CONSTRAINT window_id IF NOT EXISTS FOR (n:Window) REQUIRE n.id IS UNIQUE", True),
    ("window_key", "CREATE INDEX window_key IF NOT EXISTS FOR (n:Window) ON (n.key)", True),
)


@dataclass(frozen=True)
class Dialect:
    """What differs between the servers, as data the store consults (see the module docstring)."""

    name: str
    #: Statement that waits until background index population is done, or None (difference 1).
    await_indexes: str | None


NEO4J = Dialect(name="neo4j", await_indexes="CALL db.awaitIndexes(300)")
ARCADEDB = Dialect(name="arcadedb", await_indexes=None)


def dialect_for(agent: str | None) -> Dialect:
    """The dialect of a server from its Bolt agent string.

    >>> dialect_for("Neo4j/5.26.0 compatible (ArcadeDB 26.10.2)").name
    'arcadedb'
    >>> dialect_for("Neo4j/5.20.0").name
    'neo4j'
    """
    return ARCADEDB if agent and "arcadedb" in agent.lower() else NEO4J
