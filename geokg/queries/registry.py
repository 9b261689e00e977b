"""Prepared queries by name: each with typed parameters and one implementation per store kind.

A query is registered by decorating its implementation with :func:`query`; the decorated name
becomes a :class:`Query` that the CLI (``geokg query``), the Python API (``store.query(name, ...)``)
and the web API read. A query written once against :meth:`~geokg.graph.base.GraphStore.to_networkx`
serves every store; a query with a native implementation per store adds the others with
:meth:`Query.implementation`::

    class Params(Period):
        a: str

    @query("my_query", Params, kinds=("sqlite",))
    def my_query(store, p: Params) -> MyResult:
        '''One line that ``geokg query --list`` shows.

        Examples
        --------
        (a runnable example on geokg.queries.demo.demo_store())
        '''

    @my_query.implementation("neo4j")
    def _my_query_cypher(store, p: Params) -> MyResult: ...

Adding a query is adding one module to :mod:`geokg.queries`: every module there is imported
the first time the registry is read (rdflib's plugin habit), so nothing lists queries by hand.

>>> q = get("dyad_timeline")
>>> q.name, sorted(q.implementations)
('dyad_timeline', ['neo4j', 'sqlite'])
>>> q.description
'Events between two actors, both directions, in date order, with mention counts and evidence.'
>>> get("dyad_timelines")
Traceback (most recent call last):
...
geokg.errors.QueryError: unknown query 'dyad_timelines'; did you mean dyad_timeline? (see geokg query --list)
"""

from __future__ import annotations

import difflib
import importlib
import inspect
import pkgutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from geokg.errors import QueryError

__all__ = ["Query", "query", "register", "get", "list_queries", "run", "store_kind", "STORE_KINDS", "parameter_errors",
           "suggest", "field_aliases"]

#: Store kinds a query can be implemented for (``store_kind`` tells which one a store is).
STORE_KINDS: tuple[str, ...] = ("sqlite", "neo4j")

_QUERIES: dict[str, "Query"] = {}
_loaded = False
#: Modules of the package that hold no queries (helpers and the CLI).
_NOT_QUERIES = {"registry", "cli", "params", "results", "resolve", "embedded", "demo", "network_views",
                "filters", "evidence"}

Impl = Callable[[Any, Any], BaseModel]


@dataclass
class Query:
    """A named, documented, parameterised query with one implementation per store kind."""

    name: str
    params: type[BaseModel]
    doc: str = ""
    implementations: dict[str, Impl] = field(default_factory=dict)

    @property
    def description(self) -> str:
        """The first line of the docstring (what ``geokg query --list`` shows)."""
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else ""

    def implementation(self, *kinds: str) -> Callable[[Impl], Impl]:
        """Decorator: register a function ``(store, params) -> result`` for these store kinds."""
        for k in kinds:
            if k not in STORE_KINDS:
                raise ValueError(f"unknown store kind {k!r} (known: {', '.join(STORE_KINDS)})")

        def deco(fn: Impl) -> Impl:
            for k in kinds:
                self.implementations[k] = fn
            return fn
        return deco

    def validate(self, params: dict[str, Any]) -> BaseModel:
        """Parameters checked against the query's model; :class:`QueryError` naming what is wrong."""
        try:
            return self.params.model_validate(params)
        except ValidationError as e:
            raise QueryError(f"{self.name}: {parameter_errors(e)}") from None

    def run(self, store: Any, /, **params: Any) -> BaseModel:
        """Validate *params* and run the implementation for *store*'s kind."""
        p = self.validate(params)
        kind = store_kind(store)
        impl = self.implementations.get(kind)
        if impl is None:
            raise QueryError(f"query {self.name!r} has no implementation for {kind} stores")
        return impl(store, p)

    __call__ = run

    def parameters(self) -> list[dict[str, Any]]:
        """Each parameter: name, other names it is read by, type (as text), default, required,
        choices, help (for the CLI)."""
        out = []
        for name, f in self.params.model_fields.items():
            ann = f.annotation
            choices = _choices(ann)
            out.append({"name": name, "aliases": [a for a in field_aliases(f) if a != name], "type": _type_name(ann),
                        "required": f.is_required(), "default": None if f.is_required() else f.default,
                        "choices": choices, "help": f.description or "", "flag": ann is bool})
        return out

    def parameter_names(self) -> dict[str, str]:
        """Every name a parameter is read by (``actor``, and ``a`` as it was first called) -> its name.

        >>> get("dyad_timeline").parameter_names()["b"]
        'partner'
        """
        out: dict[str, str] = {}
        for name, f in self.params.model_fields.items():
            out[name] = name
            for alias in field_aliases(f):
                out.setdefault(alias, name)
        return out


def field_aliases(f: Any) -> list[str]:
    """The names a field is validated by (``validation_alias``: one name, or AliasChoices of names)."""
    va = f.validation_alias
    if va is None:
        return []
    if isinstance(va, str):
        return [va]
    return [c for c in getattr(va, "choices", []) if isinstance(c, str)]


def suggest(name: str, known: list[str]) -> str:
    """``"; did you mean X?"`` for the nearest of *known* names, or ``""``.

    >>> suggest("top_event", ["top_events", "blocs"]), suggest("zzz", ["blocs"])
    ('; did you mean top_events?', '')
    """
    close = difflib.get_close_matches(name, known, n=1)
    return f"; did you mean {close[0]}?" if close else ""


def parameter_errors(e: ValidationError, skip: frozenset[str] = frozenset()) -> str:
    """Every bad parameter of a validation error on one line; *skip*: location parts left out (the
    web API's "query" and "path").

    >>> try:
    ...     get("dyad_timeline").params.model_validate({"a": "PRK", "zzz": 1})
    ... except ValidationError as e:
    ...     parameter_errors(e)
    'partner: required; zzz: unknown parameter'
    """
    parts = []
    for err in e.errors():
        loc = ".".join(str(x) for x in err.get("loc", ()) if x not in skip) or "parameters"
        msg = err.get("msg", "invalid").removeprefix("Value error, ")  # pydantic's prefix for a validator's own message
        if err.get("type") == "extra_forbidden":
            msg = "unknown parameter"
        elif err.get("type") == "missing":
            msg = "required"
        parts.append(f"{loc}: {msg}")
    return "; ".join(parts)


def _choices(ann: Any) -> list[str] | None:
    from typing import Annotated, Literal, Union, get_args, get_origin

    if get_origin(ann) is Annotated:
        return _choices(get_args(ann)[0])
    if get_origin(ann) is Literal:
        return [str(a) for a in get_args(ann)]
    if get_origin(ann) in (Union, getattr(__import__("types"), "UnionType", Union)):
        for a in get_args(ann):
            c = _choices(a)
            if c:
                return c
    return None


def _type_name(ann: Any) -> str:
    from typing import Annotated, get_args, get_origin

    if get_origin(ann) is Annotated:
        return _type_name(get_args(ann)[0])
    if ann is None or ann is type(None):
        return "none"
    if _choices(ann):
        return "choice"
    origin = get_origin(ann)
    if origin is not None:
        args = [a for a in get_args(ann) if a is not type(None)]
        if origin is list:
            return f"list[{_type_name(args[0]) if args else 'str'}]"
        return _type_name(args[0]) if len(args) == 1 else "|".join(_type_name(a) for a in args)
    return getattr(ann, "__name__", str(ann))


def query(name: str, params: type[BaseModel], *, kinds: tuple[str, ...] = STORE_KINDS) -> Callable[[Impl], Query]:
    """Decorator: make a function ``(store, params) -> result`` the query *name* for *kinds*.

    The function's docstring documents the query (first line: its description).
    """
    def deco(fn: Impl) -> Query:
        q = Query(name=name, params=params, doc=inspect.getdoc(fn) or "")
        q.implementation(*kinds)(fn)
        register(q)
        # The module's name now holds the Query; doctest still finds the examples (``__test__``).
        mod = sys.modules.get(fn.__module__)
        if mod is not None:
            mod.__dict__.setdefault("__test__", {})[name] = fn
        return q
    return deco


def register(q: Query) -> Query:
    """Add a query to the registry (a second query with the same name is an error)."""
    old = _QUERIES.get(q.name)
    if old is not None and old is not q:
        raise ValueError(f"query {q.name!r} is registered twice")
    _QUERIES[q.name] = q
    return q


def _load() -> None:
    """Import every query module of the package, once (they register themselves)."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    import geokg.queries as pkg

    for m in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if m.name not in _NOT_QUERIES and not m.name.startswith("_"):
            importlib.import_module(f"{pkg.__name__}.{m.name}")


def get(name: str) -> Query:
    """The query called *name* (:class:`QueryError` if there is none)."""
    _load()
    q = _QUERIES.get(name)
    if q is None:
        raise QueryError(f"unknown query {name!r}{suggest(name, sorted(_QUERIES))} (see geokg query --list)")
    return q


def list_queries() -> list[Query]:
    """Every registered query, by name."""
    _load()
    return [_QUERIES[k] for k in sorted(_QUERIES)]


def run(store: Any, name: str, /, **params: Any) -> BaseModel:
    """Run the query *name* on *store* with *params* (checked against its parameter model)."""
    return get(name).run(store, **params)


def store_kind(store: Any) -> str:
    """``"sqlite"`` or ``"neo4j"``: which implementations a store takes."""
    from geokg.graph.sqlite_store import SQLiteStore

    if isinstance(store, SQLiteStore):
        return "sqlite"
    from geokg.graph.neo4j_store import Neo4jStore

    if isinstance(store, Neo4jStore):
        return "neo4j"
    raise QueryError(f"prepared queries do not know stores of type {type(store).__name__}")
