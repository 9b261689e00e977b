"""``geokg export`` and ``geokg validate``: thin commands over :func:`geokg.export.export` and
:func:`geokg.export.validate`. ``geokg/cli.py`` adds them with :func:`register`.

Exit status: 0 done (or the file conforms), 1 the file has SHACL violations (listed on stdout),
2 an error (one line on stderr: unknown format, unreadable file, store error, ...).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from geokg.errors import GeokgError

__all__ = ["register"]


def _error(exc: Exception) -> None:
    typer.echo(f"geokg: error: {exc}", err=True)
    raise typer.Exit(2)


def _format_help() -> str:
    from geokg.export.registry import formats

    return "; ".join(f"{f.name}: {f.description}" for f in formats())


def register(app: typer.Typer) -> None:
    """Add the ``export`` and ``validate`` commands to *app*."""

    @app.command("export", help="Write the graph (or a selection) as RDF or a network file.\n\nFormats: "
                 + _format_help())
    def export_cmd(
        format: str = typer.Option(..., "--format", "-f", help="ttl, nt, nq, trig, jsonld, graphml, gexf, cyjs or csv."),
        out: Path = typer.Option(..., "--out", "-o", help="Output file (csv: PATH.csv gives PATH_nodes.csv and "
                                 "PATH_edges.csv; a folder gives nodes.csv and edges.csv)."),
        since: Optional[str] = typer.Option(None, help="Keep events dated on or after this day (YYYY-MM-DD)."),
        until: Optional[str] = typer.Option(None, help="Keep events dated on or before this day (YYYY-MM-DD)."),
        actors: Optional[list[str]] = typer.Option(None, "--actors", "--actor", help="Keep events involving these "
                                                   "actor ids (comma-separated or repeated), e.g. PRK,USA."),
        store: Optional[str] = typer.Option(None, help="Store URI (default: the user's data directory)."),
        engine: str = typer.Option("auto", help="RDF serialiser: auto, stream, oxigraph or rdflib."),
        validate: bool = typer.Option(False, "--validate", help="Check the RDF file against the SHACL shapes after "
                                      "writing it (exit 1 on violations)."),
        user: Optional[str] = typer.Option(None, help="Neo4j user (or GEOKG_NEO4J_USER)."),
        password: Optional[str] = typer.Option(None, help="Neo4j password (or GEOKG_NEO4J_PASSWORD)."),
    ) -> None:
        from geokg.export import export, get_format
        from geokg.graph import open_store

        acts = [a for item in (actors or []) for a in item.split(",") if a.strip()] or None
        try:
            spec = get_format(format)
            options = {k: v for k, v in (("user", user), ("password", password)) if v is not None}
            # read_only=None: a store this user may not write is read without changing it
            with open_store(store, create=False, read_only=None, **options) as st:
                report = export(st, spec.name, out, since=since, until=until, actors=acts, engine=engine)
        except GeokgError as exc:
            _error(exc)
        what = (f"{report.events} events, {report.mentions} mentions, {report.articles} articles, "
                f"{report.actors} actors, {report.statements} statements" if spec.kind == "rdf"
                else f"{report.nodes} nodes, {report.edges} edges")
        typer.echo(f"{what} -> {', '.join(report.paths)} ({report.bytes:,} bytes, {report.seconds:.2f} s"
                   f"{', engine ' + report.engine if report.engine else ''})", err=True)
        if not report.lossless:
            typer.echo("geokg: note: this store's interface does not expose every mention field; the export "
                       "uses the event's values for them", err=True)
        typer.echo(report.model_dump_json())
        if validate and spec.kind == "rdf":
            _report_violations(Path(report.paths[0]), None, False)

    @app.command("validate")
    def validate_cmd(
        file: Path = typer.Argument(..., help="An RDF file (.ttl, .nt, .nq, .trig, .jsonld, .rdf)."),
        format: Optional[str] = typer.Option(None, "--format", "-f", help="RDF format when the extension does "
                                             "not say (ttl, nt, nq, trig, jsonld, rdfxml)."),
        as_json: bool = typer.Option(False, "--json", help="Print violations as JSON lines."),
    ) -> None:
        """Check an RDF file against geokg's SHACL shapes; list violations (exit 1) or say it conforms."""
        _report_violations(file, format, as_json)


def _report_violations(file: Path, fmt: Optional[str], as_json: bool) -> None:
    from geokg.export import validate

    try:
        violations = validate(file, fmt)
    except GeokgError as exc:
        _error(exc)
    if not violations:
        typer.echo(f"{file}: conforms to the geokg SHACL shapes")
        return
    for v in violations:
        typer.echo(json.dumps(v.model_dump(), ensure_ascii=False) if as_json else str(v))
    typer.echo(f"{file}: {len(violations)} SHACL violation{'s' if len(violations) != 1 else ''}", err=True)
    raise typer.Exit(1)
