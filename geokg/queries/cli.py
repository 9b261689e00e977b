"""``geokg query``: the prepared queries on the command line, built from the registry.

    geokg query --list
    geokg query dyad_timeline --actor PRK --partner RUS [--since 2023-01-01] [--store PATH|bolt://...] [--format table|json|csv]
    geokg query dyad_timeline --help

Each query's options are its parameter model's fields (``--min-events`` and ``--min_events`` both
work; lists take ``--codes 04,112`` or a repeated option; booleans ``--fill``/``--no-fill``;
``none`` clears an optional value). Actors are ``--actor`` and ``--partner`` in every query
(``--a``/``--b``, their first names in the dyad, series and path queries, still work). Unknown queries and bad parameters are a
:class:`~geokg.errors.QueryError`: one line on stderr and exit status 2, like every geokg error.
The lead wires it in with ``register(app)`` in :mod:`geokg.cli`.
"""

from __future__ import annotations

import csv
import json
import sys
import typing
from typing import Any, Optional

import typer

from geokg.errors import GeokgError, QueryError

__all__ = ["register", "parse_params", "render"]

_FORMATS = ("table", "json", "csv")
_CELL = 60   # widest table cell


def _allows_none(ann: Any) -> bool:
    return ann is type(None) or type(None) in typing.get_args(ann)


def _is_list(ann: Any) -> bool:
    if typing.get_origin(ann) is list:
        return True
    return any(_is_list(a) for a in typing.get_args(ann) if a is not type(None))


def parse_params(q: Any, args: list[str]) -> dict[str, Any]:
    """``["--actor", "PRK", "--min-events=2", "--no-fill"]`` -> raw parameters for *q*'s model, by
    the parameters' own names (``--a`` gives ``actor``).

    >>> from geokg.queries.registry import get
    >>> parse_params(get("goldstein_series"), ["--actor", "PRK", "--freq=week", "--no-fill"])
    {'actor': 'PRK', 'freq': 'week', 'fill': False}
    >>> parse_params(get("dyad_timeline"), ["--a", "PRK", "--b", "RUS", "--codes", "04", "--codes", "112", "--limit", "none"])
    {'actor': 'PRK', 'partner': 'RUS', 'codes': ['04', '112'], 'limit': None}
    >>> parse_params(get("dyad_timeline"), ["--a", "--b", "RUS"])
    Traceback (most recent call last):
    ...
    geokg.errors.QueryError: dyad_timeline: --a needs a value (got the option --b next)
    """
    from geokg.queries.registry import suggest

    fields = q.params.model_fields
    names = q.parameter_names()
    out: dict[str, Any] = {}
    i = 0
    while i < len(args):
        tok = args[i]
        if not tok.startswith("--") or tok == "--":
            raise QueryError(f"{q.name}: unexpected argument {tok!r} (parameters are --name value)")
        key, eq, value = tok[2:].partition("=")
        name = names.get(key.replace("-", "_"))
        negated = False
        base = names.get(key.replace("-", "_")[3:]) if key.startswith(("no-", "no_")) else None
        if name is None and base is not None and fields[base].annotation is bool:
            name, negated = base, True
        if name is None:
            near = suggest(key.replace("_", "-"), [n.replace("_", "-") for n in names])
            raise QueryError(f"{q.name}: unknown parameter --{key}{near.replace('mean ', 'mean --')} "
                             f"(see geokg query {q.name} --help)")
        f = fields[name]
        if f.annotation is bool and not eq:
            out[name] = not negated
            i += 1
            continue
        if not eq:
            if i + 1 >= len(args):
                raise QueryError(f"{q.name}: --{key} needs a value")
            value = args[i + 1]
            # "--a --b RUS": the next option is not --a's value (no value of a query starts with --)
            if value.startswith("--") and len(value) > 2:
                raise QueryError(f"{q.name}: --{key} needs a value (got the option {value.split('=')[0]} next)")
            i += 2
        else:
            i += 1
        if value.strip().lower() in ("none", "null") and _allows_none(f.annotation):
            out[name] = None
        elif _is_list(f.annotation):
            prev = out.get(name) or []
            out[name] = prev + [v.strip() for v in value.split(",") if v.strip()]
        else:
            out[name] = value
    return out


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        if v and isinstance(v[0], dict):
            first = v[0]
            text = first.get("text") or first.get("id") or json.dumps(first, ensure_ascii=False)
            if "cameo" in first and "source" in first:   # nested events (a path's hops)
                text = f"{first.get('date') or '-'} {first.get('source')}->{first.get('target')} {first.get('cameo')}"
            s = " ".join(str(text).split())
            return s + (f" (+{len(v) - 1})" if len(v) > 1 else "")
        return ", ".join(str(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, float):
        return f"{v:g}" if abs(v) >= 1e-4 or v == 0 else f"{v:.3e}"
    return str(v)


def _extras(result: Any) -> dict[str, Any]:
    data = result.model_dump(mode="json")
    # None says nothing to a reader ("sector None" for a state): left out of the table's head line.
    return {k: v for k, v in data.items()
            if k not in ("query", "params", "rows") and v is not None and not isinstance(v, (list, dict))}


def render(result: Any, fmt: str, out=None) -> None:
    """Print a query result as a table (people), JSON (the whole result) or CSV (rows, nested values as JSON)."""
    out = out or sys.stdout
    if fmt == "json":
        json.dump(result.model_dump(mode="json"), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    row_type = result._row_type()
    cols = list(row_type.model_fields) if row_type is not None else []
    if fmt == "csv":
        w = csv.DictWriter(out, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for r in result.to_flat_records():
            w.writerow(r)
        return
    records = result.to_records()
    extras = _extras(result)
    head = f"{result.query}: {len(records)} row{'s' if len(records) != 1 else ''}"
    if extras:
        head += " (" + ", ".join(f"{k} {v}" for k, v in extras.items()) + ")"
    out.write(head + "\n")
    if not records:
        return
    cells = [[_cell(r.get(c)) for c in cols] for r in records]
    # Every column but the last is cut to a readable width; the last (often the evidence) is whole.
    cells = [[c if len(c) <= _CELL or i == len(row) - 1 else c[:_CELL - 3] + "..." for i, c in enumerate(row)]
             for row in cells]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    out.write("  ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() + "\n")


def _list_text() -> str:
    from geokg.queries.registry import list_queries

    qs = list_queries()
    w = max(len(q.name) for q in qs)
    return "\n".join(f"{q.name.ljust(w)}  {q.description}" for q in qs)


def _help_text(name: str) -> str:
    from geokg.queries.registry import get

    q = get(name)
    doc = q.doc.strip().split("\nExamples\n")[0].rstrip()   # the Python examples stay in the docs
    lines = [f"geokg query {q.name} [--param value ...] [--store URI] [--format table|json|csv]", "",
             doc, "", "Options:"]
    for prm in q.parameters():
        kind = "|".join(prm["choices"]) if prm["choices"] else prm["type"]
        dflt = "required" if prm["required"] else f"default {prm['default']!r}"
        flag = f"--{prm['name'].replace('_', '-')}" + ("/--no-" + prm["name"].replace("_", "-") if prm["flag"] else "")
        flag += "".join(f" (or --{a.replace('_', '-')})" for a in prm["aliases"])
        lines.append(f"  {flag}  {kind}, {dflt}" + (f": {prm['help']}" if prm["help"] else ""))
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    """Add the ``query`` command to a Typer app."""

    @app.command(
        "query",
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []},
        help="Run a prepared query: geokg query NAME --param value ... (geokg query --list shows them).")
    def query_command(
        ctx: typer.Context,
        name: Optional[str] = typer.Argument(None, help="Query name (see --list)."),
        list_: bool = typer.Option(False, "--list", help="List the queries with their descriptions."),
        store: Optional[str] = typer.Option(None, "--store", help="Store URI: a path, sqlite:///path, neo4j:// or "
                                            "bolt://host:port (default: a file under the user's data directory)."),
        format: str = typer.Option("table", "--format", help="table, json or csv."),
        user: Optional[str] = typer.Option(None, "--user", help="Neo4j user (or GEOKG_NEO4J_USER)."),
        password: Optional[str] = typer.Option(None, "--password", help="Neo4j password (or GEOKG_NEO4J_PASSWORD)."),
        help_: bool = typer.Option(False, "--help", "-h", help="Show this help, or a query's parameters."),
    ) -> None:
        try:
            if list_:
                typer.echo(_list_text())
                return
            if help_ or name is None:
                typer.echo(_help_text(name) if name else ctx.get_help() + "\n\nQueries:\n" + _list_text())
                return
            if format not in _FORMATS:
                raise QueryError(f"--format must be one of {', '.join(_FORMATS)}, got {format!r}")
            from geokg.graph import default_store_uri, open_store
            from geokg.queries.registry import get

            q = get(name)
            params = q.validate(parse_params(q, list(ctx.args)))
            options = {k: v for k, v in (("user", user), ("password", password)) if v is not None}
            # read_only=None: a store this user may not write is read without changing it
            with open_store(store or default_store_uri(), create=False, read_only=None, **options) as st:
                result = q.run(st, **params.model_dump(exclude_unset=True))
            render(result, format)
        except GeokgError as e:
            typer.echo(f"geokg: error: {e}", err=True)
            raise typer.Exit(2) from None
