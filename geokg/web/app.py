"""The HTTP API and the dashboard page: a read-only FastAPI app over one graph store.

Every prepared query of :mod:`geokg.queries` is ``GET /api/queries/{name}`` with its parameters
checked by the query's own pydantic model (``?format=csv`` for CSV); actors, events, one event
with its evidence, store statistics, the aggregated actor network and exports have endpoints of
their own. Nothing writes to the store. The OpenAPI description is at ``/openapi.json`` and the
interactive docs at ``/docs`` (Swagger UI, served from the package: no CDN). The page at ``/``
is :mod:`geokg.web.static` (Cytoscape.js, vendored).

Errors are JSON ``{"error": "<one line>", "status": <code>}`` (plus ``errors`` for validation):
422 for a parameter that does not fit its type or range (days are YYYY-MM-DD from 1000-01-01 to
8999-12-31, numbers at most 2**63 - 1), 400 for a value the store cannot use (an unknown actor,
since after until), 404 for an unknown query, event or export format. Every response, errors
included, carries the security headers (a Content-Security-Policy, also on ``/docs``, nosniff,
no referrer). With *allowed_hosts*, a request naming another Host is refused (400), so that a
page elsewhere cannot reach a server on this machine through a DNS name it controls (DNS rebinding).

>>> import os, tempfile
>>> from fastapi.testclient import TestClient
>>> from geokg.graph import open_store
>>> from geokg.queries.demo import demo_events
>>> path = os.path.join(tempfile.mkdtemp(), "demo.sqlite")
>>> with open_store(path) as store:
...     _ = store.ingest(demo_events())
>>> client = TestClient(create_app(path))
>>> client.get("/api/queries/dyad_timeline", params={"actor": "Korut", "partner": "RUS"}).json()["total"]
4
>>> r = client.get("/api/events", params={"limit": "many"})
>>> r.status_code, r.json()["error"]
(422, 'limit: Input should be a valid integer, unable to parse string as an integer')
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import ipaddress
import re
import shutil
import sqlite3
import tempfile
import threading
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, ValidationError
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from geokg.errors import GeokgError, InputError, QueryError, StoreError
from geokg.queries.params import Day
from geokg.queries.registry import field_aliases, parameter_errors
from geokg.queries.results import EvidenceRow
from geokg.schema.models import FIRST_DAY, LAST_DAY, MAX_INT
from geokg.schema.sectors import SECTORS

__all__ = ["create_app", "ApiError", "trusted_hosts"]

STATIC = Path(__file__).resolve().parent / "static"
#: The page's Content-Security-Policy: scripts and data only from this server, no inline script.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")

Factuality = Literal["asserted", "denied", "alleged", "planned", "hypothetical", "negated"]
ActorKind = Literal["state", "person", "organisation", "group", "media", "other"]
_CODE = r"^[0-9]{2,4}$"
_SECTOR = "^(" + "|".join(SECTORS) + ")$"  # a CAMEO sector code (geokg.schema.sectors)
_SINCE = f"first day (YYYY-MM-DD, {FIRST_DAY} to {LAST_DAY})"
_UNTIL = f"last day (YYYY-MM-DD, {FIRST_DAY} to {LAST_DAY})"
#: Names that reach this machine only; a server bound to loopback answers to these alone by default.
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


class ApiError(Exception):
    """An error the API reports as ``{"error": message, "status": status}``."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra


# -- the store: opened once, used by one request at a time ---------------------------------------------

def _scheme(uri: str) -> str:
    return uri.split("://", 1)[0].lower() if "://" in uri else "sqlite"


def _sqlite_path(uri: str) -> str:
    s = uri[len("sqlite://"):] if uri.lower().startswith("sqlite://") else uri
    if s.startswith("/:memory:"):
        s = s[1:]
    return s or ":memory:"


class _Store:
    """The app's store, opened lazily and shared; a lock serialises requests (SQLite connections are not
    thread-safe, and a dashboard has few users)."""

    def __init__(self, uri: str, read_only: bool, options: dict[str, Any]) -> None:
        self.uri = uri
        self.read_only = read_only
        self.options = options
        self.lock = threading.RLock()
        self._store: Any = None

    def _open(self) -> Any:
        from geokg.graph import open_store

        if _scheme(self.uri) == "sqlite":
            path = _sqlite_path(self.uri)
            if self.read_only and path != ":memory:" and not Path(path).expanduser().is_file():
                raise StoreError(f"no store at {path} (the web app is read-only: it does not create stores;"
                                 " load one with geokg ingest first)")
            # read-only: the store file and its folder stay exactly as they were (no -wal/-shm left,
            # no statistics written on close; see geokg.graph.sqlite_readonly)
            return open_store(self.uri, check_same_thread=False, read_only=self.read_only)
        return open_store(self.uri, read_only=self.read_only, **self.options)

    @contextmanager
    def use(self) -> Iterator[Any]:
        with self.lock:
            if self._store is not None and getattr(self._store, "snapshot_changed", lambda: False)():
                # opened without a write-ahead log (a store this user may not write) and changed
                # since by its owner: its pages no longer fit together, so read it afresh
                self._store.close()
                self._store = None
            if self._store is None:
                self._store = self._open()
            yield self._store

    def close(self) -> None:
        with self.lock:
            if self._store is not None:
                self._store.close()
                self._store = None


class _Warmer:
    """Brings the embedded store's query summaries (:mod:`geokg.queries.embedded`) up to date in the background.

    The prepared queries build them on first use, which on a large store makes the first actor
    click take seconds (about 9 s at 50k events) while holding the store. The warmer does it once, on
    its own connection (SQLite's WAL lets the app keep reading meanwhile), started by the first network
    request, so that it does not compete with the page's first render for the store. A read-only app
    (``geokg serve``) cannot store them: it builds what the store lacks in memory, on the app's own
    connection (*shared*), where the queries will read it; a store that has them current costs nothing.
    """

    TABLES = ("q_series", "q_roots", "q_partners", "q_dyad_series")

    def __init__(self, uri: str, shared: "_Store | None" = None) -> None:
        self.uri = uri
        # A read-only app's summaries that the store lacks live in its own connection's memory
        # (ensure_in_memory): the warmer must build them there, not on a connection of its own.
        self.shared = shared
        self.done = threading.Event()
        self._started = False
        self._lock = threading.Lock()

    def start(self, delay: float = 1.0) -> None:
        """Start once, after *delay* seconds (the page is then laying out its first network)."""
        with self._lock:
            if self._started:
                return
            self._started = True
        timer = threading.Timer(delay, self._run)
        timer.name = "geokg-web-warm"
        timer.daemon = True
        timer.start()

    def _run(self) -> None:
        import logging

        from geokg.graph import open_store
        from geokg.queries import embedded

        try:
            if self.shared is not None:
                with self.shared.use() as store:
                    embedded.ensure(store.connection, *self.TABLES)
            else:
                store = open_store(self.uri)
                try:
                    embedded.ensure(store.connection, *self.TABLES)
                finally:
                    store.close()
        except Exception as e:  # noqa: BLE001 - the queries build the summaries themselves if this fails
            logging.getLogger(__name__).warning("geokg web: preparing the query summaries failed: %s", e)
        finally:
            self.done.set()


# -- response models (for the OpenAPI description) -----------------------------------------------------

class QueryParam(BaseModel):
    name: str
    required: bool
    default: Any = None
    description: str = ""
    schema_: dict[str, Any] = Field(default_factory=dict, alias="schema")

    model_config = {"populate_by_name": True}


class QueryInfo(BaseModel):
    name: str
    description: str
    doc: str
    path: str
    implementations: list[str]
    parameters: list[QueryParam]


class ActorOut(BaseModel):
    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = Field(default=None, description="CAMEO sector code: COP (police), OPP (opposition), GOV, ...")
    wikidata: str | None = None
    node: str = Field(description="the graph node its events count under (a person: their state)")
    aliases: list[str] = Field(default_factory=list)
    matched: str | None = Field(default=None, description="the name or alias that matched q")
    lang: str | None = None
    match: str | None = Field(default=None, description="exact, prefix or contains")


class ActorList(BaseModel):
    rows: list[ActorOut]
    count: int


class EventOut(BaseModel):
    id: str
    date: str | None
    date_precision: str | None
    source: str | None
    target: str | None
    source_name: str | None = None
    target_name: str | None = None
    cameo: str
    event: str = Field(description="the CAMEO code's name")
    plover: str
    quad_class: int
    goldstein: float
    factuality: str
    mention_count: int
    source_count: int


class EventPage(BaseModel):
    rows: list[EventOut]
    limit: int
    offset: int
    next_offset: int | None = Field(description="offset of the next page, or null on the last page")


class ArticleLink(BaseModel):
    id: str
    title: str | None = None
    url: str | None = None
    published: str | None = None


class EventDetail(BaseModel):
    event: EventOut
    mentions: list[EvidenceRow]
    articles: list[ArticleLink]


class Stats(BaseModel):
    store: str
    articles: int
    events: int
    mentions: int
    actors: int
    dyads: int
    first_date: str | None = None
    last_date: str | None = None


class NetNode(BaseModel):
    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = Field(default=None, description="CAMEO sector code: COP (police), OPP (opposition), GOV, ...")
    degree: int
    events: int
    centrality: float


class NetEdge(BaseModel):
    id: str
    source: str
    target: str
    events: int
    events_ab: int
    events_ba: int
    goldstein_mean: float | None
    sign: int
    cooperative: int
    conflictual: int
    mentions: int


class Network(BaseModel):
    nodes: list[NetNode]
    edges: list[NetEdge]
    total_nodes: int
    total_edges: int
    truncated: bool
    max_weight: int
    max_centrality: float


class Meta(BaseModel):
    store: str
    read_only: bool
    first_date: str | None
    last_date: str | None
    cameo_roots: list[dict[str, str]]
    sectors: list[dict[str, str]] = Field(default_factory=list, description="CAMEO sector codes and what they mean")
    quad_classes: list[dict[str, Any]]
    factualities: list[str]
    queries: list[str]
    exports: list[str]


# -- helpers ------------------------------------------------------------------------------------------

_REQUEST_PARTS = frozenset({"query", "path"})  # where FastAPI says a bad parameter was


def _errors(e: ValidationError | RequestValidationError) -> list[dict[str, Any]]:
    return [{"loc": [str(x) for x in err.get("loc", ())], "msg": err.get("msg", ""), "type": err.get("type", "")}
            for err in e.errors()]


def _query_dict(request: Request, skip: set[str]) -> dict[str, Any]:
    """Query string -> dict: repeated names become lists, empty values are left out (= default)."""
    out: dict[str, Any] = {}
    for key in dict.fromkeys(request.query_params.keys()):
        if key in skip:
            continue
        vals = [v for v in request.query_params.getlist(key) if v != ""]
        if vals:
            out[key] = vals if len(vals) > 1 else vals[0]
    return out


def _csv(records: list[dict[str, Any]], columns: list[str] | None, filename: str) -> Response:
    cols = list(columns or [])
    for r in records:
        for k in r:
            if k not in cols:
                cols.append(k)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(records)
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _check_period(since: date | None, until: date | None) -> None:
    if since and until and since > until:
        raise ApiError(400, f"since ({since}) is after until ({until})")


def _code_ok(code: str | None, name: str) -> None:
    if code is not None and not 1 <= int(code[:2]) <= 20:
        raise ApiError(422, f"{name}: a CAMEO code or prefix has 2-4 digits with root 01-20, got {code!r}")


def _json_schema_params(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema()
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    out = []
    for name, f in model.model_fields.items():
        p = dict(props.get(name, {}))
        p.pop("title", None)
        desc = f.description or p.pop("description", "") or ""
        out.append({"name": name, "required": name in required, "default": p.get("default"),
                    "description": desc, "schema": p})
    return out


def _alias_params(model: type[BaseModel]) -> list[dict[str, Any]]:
    """OpenAPI entries for the older names parameters are still read by (``a`` for ``actor``), deprecated."""
    return [{"name": alias, "in": "query", "required": False, "deprecated": True,
             "description": f"older name of {name}", "schema": {"type": "string"}}
            for name, f in model.model_fields.items() for alias in field_aliases(f) if alias != name]


def _cameo_roots() -> list[dict[str, str]]:
    from geokg.schema import codebook

    out = []
    for i in range(1, 21):
        code = f"{i:02d}"
        try:
            name = codebook.lookup(code).name
        except Exception:  # noqa: BLE001 - a missing codebook entry only loses a label
            name = code
        out.append({"code": code, "name": name})
    return out


def _export_api() -> Any:
    """:mod:`geokg.export` when it offers ``export`` (the export endpoints need it), else None."""
    try:
        import geokg.export as mod
    except ImportError:
        return None
    return mod if callable(getattr(mod, "export", None)) and callable(getattr(mod, "formats", None)) else None


def docs_csp(html: str) -> str:
    """The CSP of the Swagger UI page *html*: the page's own, plus the hash of each inline script
    (Swagger UI is started by one), so that no other inline script runs there either.

    >>> docs_csp("<script>go()</script>").split("; ")[1]
    "script-src 'self' 'sha256-5KYv+PUboo5h+0+YAtGRPbwv5d/QxzHslP4YGnUaxRw='"
    """
    hashes = [base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
              for body in re.findall(r"<script>(.*?)</script>", html, re.S)]
    return CSP.replace("script-src 'self'", " ".join(["script-src 'self'", *(f"'sha256-{h}'" for h in hashes)]))


def _security_headers(path: str, docs_policy: str) -> list[tuple[bytes, bytes]]:
    policy = docs_policy if path.startswith("/docs") else CSP
    return [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
            (b"content-security-policy", policy.encode())]


class _SecurityHeaders:
    """ASGI middleware: nosniff, no referrer and a CSP on every response (/docs: its own, see :func:`docs_csp`).

    The app's handler of unexpected errors answers outside every middleware (Starlette's
    ServerErrorMiddleware), so it adds the same headers itself.
    """

    def __init__(self, app: Any, docs_policy: str = CSP) -> None:
        self.app = app
        self.docs_policy = docs_policy

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = _security_headers(scope.get("path", ""), self.docs_policy)

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def trusted_hosts(bind: str, extra: Iterable[str] = ()) -> list[str] | None:
    """The Host names a server bound to *bind* answers to, or None for any.

    Bound to loopback, only this machine's names (and *extra*): a web page on another site that
    points its own DNS name at 127.0.0.1 then gets no answer. Bound to one address, that address
    and *extra*; to every interface (0.0.0.0, ::), *extra* or any name. ``*`` in *extra* allows any.

    >>> trusted_hosts("127.0.0.1")
    ['localhost', '127.0.0.1', '::1']
    >>> trusted_hosts("0.0.0.0") is None, trusted_hosts("10.0.0.5", ["geo.example.org"])
    (True, ['10.0.0.5', 'geo.example.org'])
    """
    names = [h.strip().lower().strip("[]") for h in extra if h.strip()]
    if "*" in names:
        return None
    host = bind.strip().lower().strip("[]")
    try:
        addr = ipaddress.ip_address(host)
    except ValueError:
        addr = None
    if host == "localhost" or (addr is not None and addr.is_loopback):
        return list(dict.fromkeys([*LOOPBACK_NAMES, host, *names]))
    if addr is not None and addr.is_unspecified:
        return names or None
    return list(dict.fromkeys([host, *names]))


class _TrustedHosts:
    """ASGI middleware: refuse (400) a request whose Host header is not one of *hosts*."""

    def __init__(self, app: Any, hosts: list[str]) -> None:
        self.app = app
        self.hosts = frozenset(hosts)

    @staticmethod
    def _name(host: str) -> str:
        host = host.strip().lower()
        if host.startswith("["):  # [::1]:8000
            return host[1:].split("]", 1)[0]
        return host.rsplit(":", 1)[0] if host.count(":") == 1 else host

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        raw = next((v for k, v in scope.get("headers", ()) if k == b"host"), b"").decode("latin-1")
        if self._name(raw) in self.hosts:
            await self.app(scope, receive, send)
            return
        response = JSONResponse({"error": f"host {raw[:100]!r} is not allowed here (geokg serve --allow-host NAME "
                                          "allows another name)", "status": 400}, status_code=400)
        await response(scope, receive, send)


# -- the app ------------------------------------------------------------------------------------------

def create_app(store_uri: str | None = None, read_only: bool = True, *,
               store_options: dict[str, Any] | None = None, warm: bool = False,
               allowed_hosts: list[str] | None = None) -> FastAPI:
    """The web app over the store at *store_uri* (a path, ``sqlite:///path``, ``neo4j://`` or ``bolt://``).

    *read_only* (the default): the app has no write endpoint in any case; read-only also opens the
    store read-only, so that serving never changes the store's file or folder (an embedded store:
    see :mod:`geokg.graph.sqlite_readonly`; query summaries it lacks are computed in memory), and
    refuses to create an embedded store that does not exist yet (an empty dashboard helps nobody).
    *store_options* go to :func:`geokg.graph.open_store` for server stores (user, password, database).
    *warm* (``geokg serve`` sets it): on an embedded store, build the prepared queries' summary
    tables in the background after the first network request (see :class:`_Warmer`); they are
    derived data the queries would otherwise add on their first use.
    *allowed_hosts*: the Host names requests may carry (``geokg serve`` passes :func:`trusted_hosts`
    of its bind address); None accepts any.
    The store is opened here, so that a bad URI fails at once with :class:`~geokg.errors.StoreError`.
    """
    from geokg import __version__
    from geokg.graph.registry import default_store_uri

    uri = str(store_uri) if store_uri is not None else default_store_uri()
    holder = _Store(uri, read_only, dict(store_options or {}))
    with holder.use():
        pass
    warmer = (_Warmer(uri, holder if read_only else None)
              if warm and _scheme(uri) == "sqlite" and _sqlite_path(uri) != ":memory:" else None)
    export_mod = _export_api()
    vendored_docs = (STATIC / "vendor" / "swagger-ui-bundle.js").is_file()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        holder.close()

    app = FastAPI(title="geokg", version=__version__, lifespan=lifespan,
                  description="Read-only API over a geopolitical event knowledge graph: prepared queries, actors, "
                              "events with their evidence, the actor network, exports.",
                  docs_url=None, redoc_url=None)
    app.state.store = holder
    app.state.warmer = warmer
    app.add_middleware(GZipMiddleware, minimum_size=2048)

    # -- errors -----------------------------------------------------------------------------------

    def _err(status: int, message: str, **extra: Any) -> JSONResponse:
        return JSONResponse({"error": message, "status": status, **extra}, status_code=status)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _err(exc.status, exc.message, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _err(422, parameter_errors(exc, _REQUEST_PARTS), errors=_errors(exc))  # type: ignore[arg-type]

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _err(exc.status_code, str(exc.detail))

    @app.exception_handler(QueryError)
    async def _query_error(request: Request, exc: QueryError) -> JSONResponse:
        return _err(400, str(exc))

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, exc: StoreError) -> JSONResponse:
        return _err(503, str(exc))

    @app.exception_handler(GeokgError)
    async def _geokg_error(request: Request, exc: GeokgError) -> JSONResponse:
        return _err(400, str(exc))

    @app.exception_handler(sqlite3.OperationalError)
    async def _sqlite_busy(request: Request, exc: sqlite3.OperationalError) -> JSONResponse:
        return _err(503, f"the store cannot answer now: {exc}")

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        response = _err(500, f"internal error ({type(exc).__name__}); see the server log")
        # answered by Starlette's outermost middleware, past _SecurityHeaders: add them here
        for k, v in _security_headers(request.url.path, docs_policy):
            response.headers[k.decode()] = v.decode()
        return response

    # Swagger UI from the package when it ships its files (it does; a build without them uses the CDN)
    docs_page = get_swagger_ui_html(
        openapi_url=app.openapi_url or "/openapi.json", title="geokg API",
        **(dict(swagger_js_url="/static/vendor/swagger-ui-bundle.js", swagger_css_url="/static/vendor/swagger-ui.css",
                swagger_favicon_url="data:,") if vendored_docs else {}))
    docs_policy = docs_csp(docs_page.body.decode())
    if not vendored_docs:
        cdn = "https://cdn.jsdelivr.net"
        docs_policy = docs_policy.replace("script-src 'self'", f"script-src 'self' {cdn}").replace(
            "style-src 'self'", f"style-src 'self' {cdn}").replace("img-src 'self'", "img-src 'self' https:")

    if allowed_hosts is not None:
        app.add_middleware(_TrustedHosts, hosts=[h.lower().strip("[]") for h in allowed_hosts])
    app.add_middleware(_SecurityHeaders, docs_policy=docs_policy)  # added last: outermost, sees every answer

    # -- the page ---------------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8",
                            headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(docs_page.body)

    # -- prepared queries -------------------------------------------------------------------------

    from geokg.queries import registry

    def _query(name: str) -> Any:
        try:
            return registry.get(name)
        except QueryError as e:
            raise ApiError(404, str(e), queries=[q.name for q in registry.list_queries()]) from None

    def _query_info(q: Any) -> QueryInfo:
        return QueryInfo(name=q.name, description=q.description, doc=q.doc, path=f"/api/queries/{q.name}",
                         implementations=sorted(q.implementations),
                         parameters=[QueryParam(**p) for p in _json_schema_params(q.params)])

    def run_query(name: str, request: Request) -> Response:
        q = _query(name)
        fmt = request.query_params.get("format", "json") or "json"
        if fmt not in ("json", "csv"):
            raise ApiError(422, f"format: must be json or csv, got {fmt!r}")
        raw = _query_dict(request, {"format"})
        try:
            q.params.model_validate(raw)
        except ValidationError as e:
            raise ApiError(422, f"{name}: {parameter_errors(e, _REQUEST_PARTS)}", errors=_errors(e)) from None
        with holder.use() as store:
            kind = registry.store_kind(store)
            if kind not in q.implementations:
                raise ApiError(501, f"query {name!r} has no implementation for {kind} stores")
            result = q.run(store, **raw)
        if fmt == "csv":
            if hasattr(result, "to_flat_records"):
                records = result.to_flat_records()
                row_type = result._row_type() if hasattr(result, "_row_type") else None
                cols = list(row_type.model_fields) if row_type is not None else None
            else:
                records = [result.model_dump(mode="json")]
                cols = None
            return _csv(records, cols, f"{name}.csv")
        return JSONResponse(result.model_dump(mode="json"))

    @app.get("/api/queries", response_model=list[QueryInfo], tags=["queries"],
             summary="Every prepared query with its description and parameters")
    def list_queries() -> list[QueryInfo]:
        return [_query_info(q) for q in registry.list_queries()]

    def _route(q: Any):
        def handler(request: Request) -> Response:
            return run_query(q.name, request)
        handler.__name__ = f"query_{q.name}"
        return handler

    fmt_param = {"name": "format", "in": "query", "required": False,
                 "schema": {"type": "string", "enum": ["json", "csv"], "default": "json"},
                 "description": "json (the query's result model) or csv (its rows)"}
    for q in registry.list_queries():
        params = [{"name": p["name"], "in": "query", "required": p["required"], "description": p["description"],
                   "schema": p["schema"]} for p in _json_schema_params(q.params)]
        app.add_api_route(f"/api/queries/{q.name}", _route(q), methods=["GET"], tags=["queries"],
                          summary=q.description, description=q.doc,
                          openapi_extra={"parameters": [*params, *_alias_params(q.params), fmt_param]},
                          responses={404: {"description": "unknown query"},
                                     422: {"description": "bad parameters"}, 400: {"description": "unusable values"}})

    @app.get("/api/queries/{name}", include_in_schema=False)
    def any_query(name: str, request: Request) -> Response:
        return run_query(name, request)

    # -- actors, events, stats --------------------------------------------------------------------

    @app.get("/api/actors", response_model=ActorList, tags=["graph"],
             summary="Actors of the store; q searches ids, names and aliases in any language")
    def actors(q: str | None = Query(None, min_length=1, max_length=200,
                                     description="part of an id, name or alias (any language)"),
               kind: ActorKind | None = None,
               country: str | None = Query(None, pattern=r"^[A-Z]{3}$", description="ISO 3166 alpha-3"),
               sector: str | None = Query(None, pattern=_SECTOR, description="CAMEO sector code (COP, OPP, GOV, ...)"),
               limit: int = Query(50, ge=1, le=1000)) -> ActorList:
        from geokg.queries.resolve import node_of

        rows: list[ActorOut] = []
        with holder.use() as store:
            if q and q.strip():
                hits = registry.run(store, "search_actors", text=q, kind=kind, limit=1000).rows
                for h in hits:
                    if not h.in_store or (country and h.country != country) or (sector and h.sector != sector):
                        continue
                    rows.append(ActorOut(id=h.id, name=h.name, kind=h.kind, country=h.country, sector=h.sector,
                                         wikidata=h.wikidata, node=h.node, matched=h.matched, lang=h.lang,
                                         match=h.match))
                    if len(rows) >= limit:
                        break
            else:
                for a in store.actors(kind=kind, country=country, sector=sector, limit=limit):
                    rows.append(ActorOut(id=a.id, name=a.name, kind=a.kind, country=a.country, sector=a.sector,
                                         wikidata=a.wikidata, node=node_of(a.kind, a.country, a.id),
                                         aliases=a.aliases))
        return ActorList(rows=rows, count=len(rows))

    def _names(store: Any, ids: set[str]) -> dict[str, str]:
        from geokg.queries.resolve import actor_names

        return actor_names(store, ids) if ids else {}

    def _event_out(e: Any, names: dict[str, str]) -> EventOut:
        from geokg.queries.evidence import codebook_name

        d = e.model_dump()
        return EventOut(**{k: d[k] for k in EventOut.model_fields if k in d and k not in ("event",)},
                        event=d.get("event") or codebook_name(d["cameo"]),
                        source_name=names.get(d["source"]) if d.get("source") else None,
                        target_name=names.get(d["target"]) if d.get("target") else None)

    @app.get("/api/events", response_model=EventPage, tags=["graph"],
             summary="Events (deduplicated happenings), paged, in date order (undated last)")
    def events(limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_INT),
               actor: str | None = Query(None, min_length=1, description="either side: id, name or alias"),
               source: str | None = Query(None, min_length=1, description="id, name or alias"),
               target: str | None = Query(None, min_length=1, description="id, name or alias"),
               cameo: str | None = Query(None, pattern=_CODE, description="CAMEO code prefix (2-4 digits)"),
               since: Day | None = Query(None, description=_SINCE),
               until: Day | None = Query(None, description=_UNTIL),
               factuality: Factuality | None = None,
               quad_class: int | None = Query(None, ge=1, le=4)) -> EventPage:
        from geokg.graph.base import EventFilter
        from geokg.queries.resolve import resolve_actor

        _check_period(since, until)
        _code_ok(cameo, "cameo")
        with holder.use() as store:
            ids = {k: resolve_actor(store, v) for k, v in (("actor", actor), ("source", source), ("target", target))
                   if v is not None}
            f = EventFilter(cameo=cameo, since=since, until=until, factuality=factuality, quad_class=quad_class,
                            limit=limit + 1, offset=offset, **ids)
            found = store.events(f)
            more = len(found) > limit
            found = found[:limit]
            names = _names(store, {x for e in found for x in (e.source, e.target) if x})
            rows = [_event_out(e, names) for e in found]
        return EventPage(rows=rows, limit=limit, offset=offset, next_offset=offset + limit if more else None)

    @app.get("/api/events/{event_id}", response_model=EventDetail, tags=["graph"],
             summary="One event with every report of it: evidence sentences and links to the articles",
             responses={404: {"description": "no such event"}})
    def event(event_id: str) -> EventDetail:
        with holder.use() as store:
            try:
                r = registry.run(store, "event_evidence", event=event_id)
            except QueryError as e:
                if "no event" in str(e):
                    raise ApiError(404, f"no event {event_id!r} in the store") from None
                raise
            ev = r.event
            names = _names(store, {x for x in (ev.source, ev.target) if x})
        mentions = list(r.rows)
        arts: dict[str, ArticleLink] = {}
        for m in mentions:
            arts.setdefault(m.article_id, ArticleLink(id=m.article_id, title=m.title, url=m.url, published=m.published))
        return EventDetail(event=_event_out(ev, names), mentions=mentions, articles=list(arts.values()))

    @app.get("/api/stats", response_model=Stats, tags=["graph"], summary="Counts and the period the events cover")
    def stats() -> Stats:
        from geokg.queries.registry import store_kind
        from geokg.web.network import date_bounds

        with holder.use() as store:
            s = store.stats()
            lo, hi = date_bounds(store)
            kind = store_kind(store)
        return Stats(store=kind, first_date=lo, last_date=hi, **{k: s.get(k, 0) for k in
                                                                  ("articles", "events", "mentions", "actors", "dyads")})

    @app.get("/api/meta", response_model=Meta, tags=["graph"],
             summary="What the page's filters offer: CAMEO roots, quad classes, factualities, the period")
    def meta() -> Meta:
        from geokg.graph.base import FACTUALITY_ORDER
        from geokg.queries.actors import QUAD_NAMES
        from geokg.queries.registry import store_kind
        from geokg.web.network import date_bounds

        with holder.use() as store:
            lo, hi = date_bounds(store)
            kind = store_kind(store)
        return Meta(store=kind, read_only=read_only, first_date=lo, last_date=hi, cameo_roots=_cameo_roots(),
                    sectors=[{"code": c, "name": n} for c, n in SECTORS.items()],
                    quad_classes=[{"code": k, "name": v} for k, v in sorted(QUAD_NAMES.items())],
                    factualities=list(FACTUALITY_ORDER), queries=[q.name for q in registry.list_queries()],
                    exports=[f.name for f in export_mod.formats()] if export_mod else [])

    @app.get("/api/network", response_model=Network, tags=["graph"],
             summary="The actor network: nodes with centrality, one edge per dyad (events, mean Goldstein, sign)")
    def network(since: Day | None = Query(None, description=_SINCE),
                until: Day | None = Query(None, description=_UNTIL),
                root: str | None = Query(None, pattern=_CODE, description="CAMEO root or code prefix (04, 112)"),
                quad_class: int | None = Query(None, ge=1, le=4),
                factuality: Factuality | None = None,
                min_events: int = Query(1, ge=1, description="leave out dyads with fewer events"),
                max_nodes: int = Query(300, ge=1, le=20000, description="most active actors sent"),
                max_edges: int = Query(1500, ge=1, le=200000, description="dyads with most events sent")) -> Any:
        from geokg.web.network import actor_network

        _check_period(since, until)
        _code_ok(root, "root")
        with holder.use() as store:
            net = actor_network(store, since=since, until=until, codes=[root] if root else None,
                                quad_class=quad_class, factuality=factuality, min_events=min_events,
                                max_nodes=max_nodes, max_edges=max_edges)
        if warmer is not None:
            warmer.start()
        return JSONResponse(net)   # already the Network shape; skips re-validating thousands of edges

    # -- exports ----------------------------------------------------------------------------------

    if export_mod is not None:
        @app.get("/api/export", tags=["export"], summary="Export formats")
        def export_formats() -> list[dict[str, str]]:
            return [{"name": f.name, "kind": f.kind, "extension": f.extension, "description": f.description,
                     "path": f"/api/export/{f.name}"} for f in export_mod.formats()]

        @app.get("/api/export/{fmt}", tags=["export"],
                 summary="The graph (or a period / some actors of it) as a file: RDF or network formats",
                 responses={200: {"content": {"application/octet-stream": {}}}, 404: {"description": "unknown format"}})
        def export_file(fmt: str, since: Day | None = Query(None, description=_SINCE),
                        until: Day | None = Query(None, description=_UNTIL),
                        actors: str | None = Query(None, description="actor ids, comma-separated")) -> FileResponse:
            try:
                spec = export_mod.get_format(fmt)
            except InputError as e:
                raise ApiError(404, str(e), formats=[f.name for f in export_mod.formats()]) from None
            _check_period(since, until)
            tmp = Path(tempfile.mkdtemp(prefix="geokg-export-"))
            try:
                out = tmp / f"graph{spec.extension}"
                with holder.use() as store:
                    report = export_mod.export(store, fmt, out, since=since, until=until,
                                               actors=[a for a in (actors or "").split(",") if a.strip()] or None)
                paths = [Path(p) for p in report.paths]
                if len(paths) == 1:
                    path, name, media = paths[0], paths[0].name, _media_type(fmt)
                else:
                    path = tmp / f"graph-{fmt}.zip"
                    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
                        for p in paths:
                            z.write(p, p.name)
                    name, media = path.name, "application/zip"
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            return FileResponse(path, media_type=media, filename=name,
                                background=BackgroundTask(shutil.rmtree, tmp, ignore_errors=True))

    return app


def _media_type(fmt: str) -> str:
    return {"ttl": "text/turtle", "nt": "application/n-triples", "nq": "application/n-quads", "trig": "application/trig",
            "jsonld": "application/ld+json", "graphml": "application/graphml+xml", "gexf": "application/gexf+xml",
            "cyjs": "application/json", "csv": "text/csv"}.get(fmt, "application/octet-stream")

