"""URI scheme -> store class, imported only when asked (rdflib's plugin habit)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from geokg.errors import StoreError
from geokg.graph.base import GraphStore

_STORES: dict[str, str] = {
    "sqlite": "geokg.graph.sqlite_store:SQLiteStore",
    "neo4j": "geokg.graph.neo4j_store:Neo4jStore",
    "neo4j+s": "geokg.graph.neo4j_store:Neo4jStore",
    "bolt": "geokg.graph.neo4j_store:Neo4jStore",
    "bolt+s": "geokg.graph.neo4j_store:Neo4jStore",
}


def register_store(scheme: str, target: str) -> None:
    """Register a store class (``"package.module:Class"``) for a URI scheme.

    >>> register_store("sqlite", "geokg.graph.sqlite_store:SQLiteStore")
    """
    _STORES[scheme] = target


def default_store_uri() -> str:
    """The store used when none is given: a file under the user's data directory."""
    import platformdirs

    return str(Path(platformdirs.user_data_dir("geokg")) / "geokg.sqlite")


def open_store(uri: str | Path | None = None, **options: Any) -> GraphStore:
    """Open a store by URI: a path or ``sqlite:///path`` (embedded), ``neo4j://`` or ``bolt://`` (Neo4j).

    >>> import tempfile, os
    >>> with open_store(os.path.join(tempfile.mkdtemp(), "g.sqlite")) as s:
    ...     s.stats()["events"]
    0
    """
    uri = str(uri) if uri is not None else default_store_uri()
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else "sqlite"
    target = _STORES.get(scheme)
    if target is None:
        raise StoreError(f"unknown store URI scheme {scheme!r} (known: {', '.join(sorted(_STORES))})")
    module, _, cls = target.partition(":")
    store_cls = getattr(importlib.import_module(module), cls)
    return store_cls(uri, **options)
