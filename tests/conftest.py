"""Shared pytest fixtures.

Bolt server fixtures (tests marked ``@pytest.mark.bolt``):

* ``bolt_server`` (session): a real ArcadeDB server with its Bolt plugin, started from the
  ``arcadedb-embedded`` wheel on free loopback ports (see ``tests/bolt_server.py``), stopped at
  the end of the session (also on failures and Ctrl-C). If it cannot start, the tests that need
  it FAIL with the server's log tail: they are never skipped, so CI runs them.
* ``neo4j_store`` (function): a :class:`~geokg.graph.neo4j_store.Neo4jStore` on a fresh, empty
  database of that server, dropped afterwards.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bolt_server import BoltServer, BoltServerError  # noqa: E402


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory):
    """The Bolt test server: ``.uri``, ``.user``, ``.password``, ``.http_port``, ``.fresh_database(name)``."""
    server = BoltServer(root=tmp_path_factory.mktemp("arcadedb"))
    error = None
    try:
        server.start()
    except BoltServerError as e:
        error = str(e)
    if error is not None:
        pytest.fail(f"the Bolt test server did not start: {error}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def neo4j_store(bolt_server, request):
    """A Neo4jStore on a fresh database of the Bolt test server."""
    from geokg.graph.neo4j_store import Neo4jStore

    with bolt_server.fresh_database(bolt_server.new_database_name(request.node.name)) as db:
        store = Neo4jStore(bolt_server.uri, user=bolt_server.user, password=bolt_server.password, database=db)
        try:
            yield store
        finally:
            store.close()
