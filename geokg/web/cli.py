"""``geokg serve``: the dashboard and the HTTP API on one store (uvicorn)."""

from __future__ import annotations

from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command to the ``geokg`` Typer app."""

    @app.command()
    def serve(
        store: Optional[str] = typer.Option(None, help="Store URI: a path, sqlite:///path, neo4j:// or bolt://host:port "
                                            "(default: the file under the user's data directory)."),
        host: str = typer.Option("127.0.0.1", help="Interface to listen on (127.0.0.1: this machine only)."),
        port: int = typer.Option(8000, min=0, max=65535, help="TCP port."),
        user: Optional[str] = typer.Option(None, help="Neo4j user (or GEOKG_NEO4J_USER)."),
        password: Optional[str] = typer.Option(None, help="Neo4j password (or GEOKG_NEO4J_PASSWORD)."),
        log_level: str = typer.Option("info", help="uvicorn log level: critical, error, warning, info, debug."),
        allow_host: Optional[list[str]] = typer.Option(
            None, "--allow-host", help="Another Host name the server answers to (repeatable; * for any). "
            "By default it answers to the names of the address it listens on only: localhost, 127.0.0.1 "
            "and ::1 on loopback."),
    ) -> None:
        """Serve the dashboard (actor network, profiles, dyad events) and the read-only HTTP API.

        The page is at http://HOST:PORT/, the API under /api, its documentation at /docs. Requests
        that name another host are refused (a defence against DNS rebinding); to reach the server by
        a DNS name, listen on an address others reach and name it: --host 0.0.0.0 --allow-host geo.example.org.
        """
        import uvicorn  # noqa: PLC0415

        from geokg.web.app import create_app, trusted_hosts  # noqa: PLC0415

        options = {k: v for k, v in (("user", user), ("password", password)) if v is not None}
        hosts = trusted_hosts(host, allow_host or ())
        web = create_app(store, read_only=True, store_options=options, warm=True, allowed_hosts=hosts)
        typer.echo(f"geokg: serving {web.state.store.uri} on http://{host}:{port}/ (API docs: /docs; Ctrl-C stops)",
                   err=True)
        if hosts is None:
            typer.echo("geokg: answering to any Host name; --allow-host NAME limits it to the names you use", err=True)
        uvicorn.run(web, host=host, port=port, log_level=log_level)
