"""The HTTP API (geokg.web) with FastAPI's test client, on a store built by real extraction.

The store holds the shared sample (published 2023-08-16), the test articles and the shipped
examples, extracted by :func:`geokg.extract`. Every endpoint is called, with good and bad parameters.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest

from geokg import extract, open_store, read_articles
from geokg.errors import StoreError
from geokg.schema.models import Article
from helpers import SHARED

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = SHARED / "samples" / "idn_kim_putin_letters.txt"
STATIC = ROOT / "geokg" / "web" / "static"
LETTERS = "North Korean leader Kim Jong Un and Russian President Vladimir Putin exchanged letters"


def _titled(a: Article, published: date | None) -> Article:
    """The article with its first line as title and a made-up https link (the stores keep both)."""
    first = next((ln.strip() for ln in a.text.splitlines() if ln.strip()), a.id)
    return a.model_copy(update={"published": published, "title": a.title or first,
                                "url": a.url or f"https://example.org/articles/{a.id}"})


def sample_articles() -> list[Article]:
    """The shared sample, the test articles (both published 2023-08-16) and the examples (their dates)."""
    arts = [_titled(a, date(2023, 8, 16)) for a in read_articles([str(SAMPLE)])]
    for p in sorted((ROOT / "tests" / "data" / "articles").glob("*.txt")):
        arts += [_titled(a, date(2023, 8, 16)) for a in read_articles([str(p)])]
    published = {}
    with (ROOT / "examples" / "published.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            published[row["file"]] = date.fromisoformat(row["published"])
    for p in sorted((ROOT / "examples").glob("*.txt")):
        arts += [_titled(a, published.get(p.name)) for a in read_articles([str(p)])]
    return arts


def build_store(path: Path, articles: list[Article] | None = None, extra_items: list | None = None) -> Path:
    """An embedded store at *path* from real extraction of *articles* (default: :func:`sample_articles`)."""
    items: list = []
    for a in articles if articles is not None else sample_articles():
        items.append(a)
        items.extend(extract(a))
    items.extend(extra_items or [])
    with open_store(path) as store:
        store.ingest(items)
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    if not SAMPLE.is_file():
        pytest.fail(f"the shared sample {SAMPLE} is missing", pytrace=False)
    return build_store(tmp_path_factory.mktemp("web") / "geokg.sqlite")


@pytest.fixture(scope="module")
def client(store_path):
    from fastapi.testclient import TestClient

    from geokg.web import create_app

    with TestClient(create_app(str(store_path))) as c:
        yield c


@pytest.fixture(scope="module")
def letters_id(client) -> str:
    r = client.get("/api/events", params={"source": "PRK", "target": "RUS", "cameo": "040", "since": "2023-08-15",
                                         "until": "2023-08-15"})
    assert r.status_code == 200, r.text
    rows = r.json()["rows"]
    assert [(e["date"], e["cameo"]) for e in rows] == [("2023-08-15", "040")]
    return rows[0]["id"]


def _error(r, status: int, *words: str) -> dict:
    """The response is a JSON error with this status whose message contains every word."""
    assert r.status_code == status, (r.status_code, r.text)
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["status"] == status
    for w in words:
        assert w in body["error"], (w, body["error"])
    return body


# -- prepared queries ---------------------------------------------------------------------------------

def test_query_list_has_every_registered_query(client):
    from geokg.queries import list_queries

    r = client.get("/api/queries")
    assert r.status_code == 200
    listed = {q["name"]: q for q in r.json()}
    assert set(listed) == {q.name for q in list_queries()}
    dt = listed["dyad_timeline"]
    assert dt["description"].startswith("Events between two actors")
    assert dt["path"] == "/api/queries/dyad_timeline"
    params = {p["name"]: p for p in dt["parameters"]}
    assert params["actor"]["required"] and params["partner"]["required"]
    assert not params["since"]["required"] and params["limit"]["default"] == 200


def _sample_params(name: str, parameters: list[dict], letters_id: str) -> dict:
    known = {"actor_profile": {"actor": "Korut"}, "dyad_timeline": {"a": "PRK", "b": "Moskow"},
             "event_evidence": {"event": letters_id}, "goldstein_series": {"a": "PRK", "b": "RUS"},
             "quadclass_series": {"a": "North Korea"}, "search_actors": {"text": "Korea"}}
    if name in known:
        return known[name]
    by_name = {"actor": "PRK", "a": "PRK", "b": "RUS", "partner": "RUS", "text": "Korea", "event": letters_id}
    out = {}
    for p in parameters:
        if p["required"]:
            if p["name"] not in by_name:
                pytest.fail(f"query {name}: add sample parameters for {p['name']!r} to this test")
            out[p["name"]] = by_name[p["name"]]
    return out


def test_every_query_as_json_and_csv(client, letters_id):
    queries = client.get("/api/queries").json()
    assert len(queries) >= 8
    for q in queries:
        params = _sample_params(q["name"], q["parameters"], letters_id)
        r = client.get(q["path"], params=params)
        assert r.status_code == 200, (q["name"], r.text)
        body = r.json()
        assert body["query"] == q["name"] and isinstance(body["rows"], list), q["name"]
        c = client.get(q["path"], params={**params, "format": "csv"})
        assert c.status_code == 200, (q["name"], c.text)
        assert c.headers["content-type"].startswith("text/csv")
        assert f'filename="{q["name"]}.csv"' in c.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(c.text)))
        assert len(rows) == len(body["rows"]), q["name"]


def test_query_answers_match_the_library(client, store_path):
    r = client.get("/api/queries/dyad_timeline", params={"a": "Korea Utara", "b": "Rusia", "evidence": 1})
    with open_store(store_path) as store:
        want = store.query("dyad_timeline", a="PRK", b="RUS", evidence=1).model_dump(mode="json")
    assert r.json() == want
    dates = [row["date"] for row in want["rows"]]
    assert "2023-08-15" in dates
    # Repeated names and comma lists both reach a list parameter.
    one = client.get("/api/queries/dyad_timeline", params={"a": "PRK", "b": "RUS", "codes": "04,03"}).json()
    two = client.get("/api/queries/dyad_timeline", params=[("a", "PRK"), ("b", "RUS"), ("codes", "04"),
                                                           ("codes", "03")]).json()
    assert one["rows"] == two["rows"] and one["rows"]
    assert {row["cameo"][:2] for row in one["rows"]} <= {"03", "04"}


def test_query_csv_columns(client):
    r = client.get("/api/queries/dyad_timeline", params={"a": "PRK", "b": "RUS", "format": "csv"})
    header = next(csv.reader(io.StringIO(r.text)))
    assert header[:6] == ["id", "date", "date_precision", "source", "target", "cameo"]
    assert "evidence" in header    # nested values as JSON text


def test_query_bad_parameters(client):
    _error(client.get("/api/queries/dyad_timeline", params={"a": "PRK"}), 422, "partner: required")
    _error(client.get("/api/queries/dyad_timelin", params={"a": "PRK"}), 404, "did you mean dyad_timeline?")
    _error(client.get("/api/queries/dyad_timeline", params={"a": "PRK", "b": "RUS", "limit": "lots"}), 422,
           "limit", "integer")
    _error(client.get("/api/queries/dyad_timeline", params={"a": "PRK", "b": "RUS", "limit": "0"}), 422, "limit")
    _error(client.get("/api/queries/dyad_timeline", params={"a": "PRK", "b": "RUS", "colour": "red"}), 422,
           "colour: unknown parameter")
    _error(client.get("/api/queries/dyad_timeline", params={"a": "PRK", "b": "RUS", "since": "yesterday"}), 422,
           "since")
    _error(client.get("/api/queries/dyad_timeline",
                      params={"a": "PRK", "b": "RUS", "since": "2023-09-01", "until": "2023-08-01"}), 422,
           "since (2023-09-01) is after until (2023-08-01)")
    _error(client.get("/api/queries/dyad_timeline", params={"a": "PRK", "b": "RUS", "codes": "99"}), 422,
           "CAMEO code")
    _error(client.get("/api/queries/goldstein_series", params={"a": "PRK", "freq": "hourly"}), 422, "freq")
    _error(client.get("/api/queries/dyad_timeline", params={"a": "PRK", "b": "Atlantis"}), 400,
           "unknown actor 'Atlantis'")
    _error(client.get("/api/queries/dyad_timeline", params={"a": "PRK", "b": "RUS", "format": "xml"}), 422,
           "format")
    body = _error(client.get("/api/queries/no_such_query"), 404, "unknown query 'no_such_query'")
    assert "dyad_timeline" in body["queries"]
    _error(client.get("/api/queries/event_evidence", params={"event": "hp_nope"}), 400, "no event")


# -- actors -------------------------------------------------------------------------------------------

def test_actors_search_by_alias_in_any_language(client):
    def ids(**params):
        r = client.get("/api/actors", params=params)
        assert r.status_code == 200, r.text
        return [(a["id"], a["node"]) for a in r.json()["rows"]]

    assert ids(q="Korut") == [("PRK", "PRK")]                  # Indonesian
    assert ("RUS", "RUS") in ids(q="Moskow")                    # Indonesian name of the capital
    assert ("vladimir_putin", "RUS") in ids(q="putin")          # a person counts under their state
    hit = client.get("/api/actors", params={"q": "Korea Utara"}).json()["rows"][0]
    assert hit["id"] == "PRK" and hit["matched"] and hit["match"] == "exact"
    assert all(k == "state" for k in (a["kind"] for a in client.get(
        "/api/actors", params={"q": "a", "kind": "state"}).json()["rows"]))
    south = client.get("/api/actors", params={"q": "Korea", "country": "KOR"}).json()["rows"]
    assert "KOR" in [a["id"] for a in south] and all(a["country"] == "KOR" for a in south)
    assert ids(q="Atlantis") == []


def test_actors_listing(client, store_path):
    r = client.get("/api/actors", params={"kind": "state", "limit": 3}).json()
    assert r["count"] == len(r["rows"]) == 3
    assert all(a["kind"] == "state" and a["node"] == a["id"] for a in r["rows"])
    with open_store(store_path) as store:
        n = store.stats()["actors"]
    assert client.get("/api/actors", params={"limit": 1000}).json()["count"] == n
    assert [a["id"] for a in client.get("/api/actors", params={"country": "PRK", "kind": "state"}).json()["rows"]] \
        == ["PRK"]


def test_actors_bad_parameters(client):
    _error(client.get("/api/actors", params={"country": "prk"}), 422, "country")
    _error(client.get("/api/actors", params={"kind": "planet"}), 422, "kind")
    _error(client.get("/api/actors", params={"limit": "0"}), 422, "limit")
    _error(client.get("/api/actors", params={"limit": "5000"}), 422, "limit")
    _error(client.get("/api/actors", params={"q": ""}), 422, "q")


# -- events -------------------------------------------------------------------------------------------

def test_events_paging(client, store_path):
    with open_store(store_path) as store:
        total = store.stats()["events"]
    first = client.get("/api/events", params={"limit": 5}).json()
    second = client.get("/api/events", params={"limit": 5, "offset": 5}).json()
    assert first["next_offset"] == 5 and len(first["rows"]) == 5 and len(second["rows"]) == 5
    assert not {e["id"] for e in first["rows"]} & {e["id"] for e in second["rows"]}
    every, offset = [], 0
    while offset is not None:
        page = client.get("/api/events", params={"limit": 17, "offset": offset}).json()
        every += page["rows"]
        offset = page["next_offset"]
    assert len(every) == len({e["id"] for e in every}) == total
    e = every[0]
    assert {"id", "date", "cameo", "event", "source_name", "target_name", "goldstein", "factuality"} <= set(e)


def test_events_filters(client):
    def rows(**params):
        r = client.get("/api/events", params={"limit": 1000, **params})
        assert r.status_code == 200, r.text
        return r.json()["rows"]

    prk = rows(actor="Korut")
    assert prk and all("PRK" in (e["source"], e["target"]) for e in prk)
    dyad = rows(source="North Korea", target="Russia")
    assert dyad and all((e["source"], e["target"]) == ("PRK", "RUS") for e in dyad)
    assert all(e["source_name"] == "North Korea" and e["target_name"] == "Russia" for e in dyad)
    consult = rows(cameo="04")
    assert consult and all(e["cameo"].startswith("04") for e in consult)
    assert all(e["cameo"].startswith("040") for e in rows(cameo="040"))
    aug = rows(since="2023-08-01", until="2023-08-31")
    assert aug and all(e["date"] and e["date"].startswith("2023-08") for e in aug)
    denied = rows(factuality="denied")
    # the denied arms supply (three mentions read 072, a planned one 070: the event takes the lowest code)
    assert ("PRK", "RUS", "070") in {(e["source"], e["target"], e["cameo"]) for e in denied}
    assert all(e["factuality"] == "denied" for e in denied)
    assert all(e["quad_class"] == 4 for e in rows(quad_class=4))


def test_events_bad_parameters(client):
    _error(client.get("/api/events", params={"limit": "0"}), 422, "limit")
    _error(client.get("/api/events", params={"limit": "many"}), 422, "limit", "integer")
    _error(client.get("/api/events", params={"offset": "-1"}), 422, "offset")
    _error(client.get("/api/events", params={"cameo": "consult"}), 422, "cameo")
    _error(client.get("/api/events", params={"cameo": "99"}), 422, "cameo", "root 01-20")
    _error(client.get("/api/events", params={"since": "2023-02-30"}), 422, "since")
    _error(client.get("/api/events", params={"since": "2023-09-01", "until": "2023-08-01"}), 400,
           "since (2023-09-01) is after until (2023-08-01)")
    _error(client.get("/api/events", params={"quad_class": "5"}), 422, "quad_class")
    _error(client.get("/api/events", params={"factuality": "rumoured"}), 422, "factuality")
    _error(client.get("/api/events", params={"actor": "Atlantis"}), 400, "unknown actor 'Atlantis'")


def test_one_event_with_its_evidence_and_articles(client, letters_id):
    r = client.get(f"/api/events/{letters_id}")
    assert r.status_code == 200, r.text
    d = r.json()
    ev = d["event"]
    assert (ev["source"], ev["target"], ev["cameo"], ev["date"]) == ("PRK", "RUS", "040", "2023-08-15")
    assert (ev["source_name"], ev["target_name"]) == ("North Korea", "Russia")
    assert len(d["mentions"]) == ev["mention_count"] >= 2
    assert any(LETTERS in m["text"] for m in d["mentions"])
    links = {a["id"]: a for a in d["articles"]}
    assert "en_kim_putin_letters_wire" in links
    wire = links["en_kim_putin_letters_wire"]
    assert wire["url"] == "https://example.org/articles/en_kim_putin_letters_wire"
    assert wire["title"].startswith("Kim and Putin trade letters") and wire["published"] == "2023-08-16"
    _error(client.get("/api/events/hp_does_not_exist"), 404, "no event 'hp_does_not_exist'")


# -- stats, meta, network -----------------------------------------------------------------------------

def test_stats(client, store_path):
    s = client.get("/api/stats").json()
    with open_store(store_path) as store:
        want = store.stats()
    assert {k: s[k] for k in want} == want
    assert s["store"] == "sqlite"
    assert s["first_date"] <= "2023-03-13" and s["last_date"] >= "2024-04-18"


def test_meta(client):
    m = client.get("/api/meta").json()
    assert [r["code"] for r in m["cameo_roots"]] == [f"{i:02d}" for i in range(1, 21)]
    assert [q["code"] for q in m["quad_classes"]] == [1, 2, 3, 4]
    assert m["factualities"][0] == "asserted" and "denied" in m["factualities"]
    assert "dyad_timeline" in m["queries"] and m["read_only"] is True


def test_network(client):
    net = client.get("/api/network").json()
    nodes = {n["id"]: n for n in net["nodes"]}
    edges = {e["id"]: e for e in net["edges"]}
    assert {"PRK", "RUS", "USA"} <= set(nodes)
    assert nodes["PRK"]["name"] == "North Korea" and 0 < nodes["PRK"]["centrality"] <= 1
    assert net["total_nodes"] == len(nodes) and net["total_edges"] == len(edges) and not net["truncated"]
    e = edges["PRK|RUS"]
    timeline = client.get("/api/queries/dyad_timeline", params={"a": "PRK", "b": "RUS", "limit": 1000}).json()
    assert e["events"] == timeline["total"] == e["events_ab"] + e["events_ba"]
    assert e["events_ab"] == sum(1 for r in timeline["rows"] if r["source"] == "PRK")
    mean = sum(r["goldstein"] for r in timeline["rows"]) / len(timeline["rows"])
    assert e["goldstein_mean"] == pytest.approx(mean, abs=1e-4)
    assert e["sign"] == 1 and e["cooperative"] + e["conflictual"] == e["events"]
    assert nodes["PRK"]["degree"] == sum(1 for k in edges if "PRK" in k.split("|"))
    assert nodes["PRK"]["events"] == sum(x["events"] for k, x in edges.items() if "PRK" in k.split("|"))


def test_network_filters(client):
    full = client.get("/api/network").json()
    aug = client.get("/api/network", params={"since": "2023-08-01", "until": "2023-08-31"}).json()
    ids = {n["id"] for n in aug["nodes"]}
    assert {"PRK", "RUS"} <= ids and "AUS" not in ids and len(aug["nodes"]) < len(full["nodes"])
    aug_edge = next(e for e in aug["edges"] if e["id"] == "PRK|RUS")
    full_edge = next(e for e in full["edges"] if e["id"] == "PRK|RUS")
    assert aug_edge["events"] < full_edge["events"]
    consult = client.get("/api/network", params={"root": "04"}).json()
    n04 = sum(1 for e in client.get("/api/events", params={"cameo": "04", "limit": 1000}).json()["rows"]
              if e["source"] and e["target"] and e["source"] != e["target"])
    assert sum(e["events"] for e in consult["edges"]) == n04
    conflict = client.get("/api/network", params={"quad_class": 3}).json()
    assert all(e["conflictual"] == e["events"] for e in conflict["edges"]) and conflict["edges"]
    denied = client.get("/api/network", params={"factuality": "denied"}).json()
    pairs = {"|".join(sorted((e["source"], e["target"]))) for e in client.get(
        "/api/events", params={"factuality": "denied", "limit": 1000}).json()["rows"]
        if e["source"] and e["target"] and e["source"] != e["target"]}
    assert "PRK|RUS" in pairs and {e["id"] for e in denied["edges"]} == pairs
    strong = client.get("/api/network", params={"min_events": 3}).json()
    assert strong["edges"] and all(e["events"] >= 3 for e in strong["edges"])
    capped = client.get("/api/network", params={"max_nodes": 3, "max_edges": 2}).json()
    assert capped["truncated"] and len(capped["nodes"]) <= 3 and len(capped["edges"]) <= 2
    assert capped["total_nodes"] == full["total_nodes"]


def test_network_bad_parameters(client):
    _error(client.get("/api/network", params={"root": "abc"}), 422, "root")
    _error(client.get("/api/network", params={"root": "21"}), 422, "root", "root 01-20")
    _error(client.get("/api/network", params={"quad_class": "0"}), 422, "quad_class")
    _error(client.get("/api/network", params={"factuality": "maybe"}), 422, "factuality")
    _error(client.get("/api/network", params={"min_events": "0"}), 422, "min_events")
    _error(client.get("/api/network", params={"since": "2024-01-01", "until": "2023-01-01"}), 400, "after until")


# -- exports ------------------------------------------------------------------------------------------

def test_exports(client):
    fmts = {f["name"]: f for f in client.get("/api/export").json()}
    assert {"ttl", "nq", "jsonld", "graphml", "cyjs", "csv"} <= set(fmts)
    r = client.get("/api/export/ttl")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert 'filename="graph.ttl"' in r.headers["content-disposition"] and "@prefix" in r.text
    cy = client.get("/api/export/cyjs", params={"since": "2023-08-01", "until": "2023-08-31", "actors": "PRK,RUS"})
    assert cy.status_code == 200 and "elements" in cy.json()
    z = client.get("/api/export/csv")
    assert z.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(z.content)).namelist()
    assert any(n.endswith("nodes.csv") for n in names) and any(n.endswith("edges.csv") for n in names)
    _error(client.get("/api/export/pdf"), 404, "unknown export format 'pdf'")
    _error(client.get("/api/export/ttl", params={"since": "2024-01-01", "until": "2023-01-01"}), 400, "after until")
    _error(client.get("/api/export/ttl", params={"since": "soon"}), 422, "since")


# -- the page, docs, read-only ------------------------------------------------------------------------

def test_page_and_static_files(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert r.headers["x-content-type-options"] == "nosniff"
    for src in re.findall(r'(?:src|href)="([^"]+)"', r.text):
        assert not src.startswith(("http:", "https:", "//")), f"external resource {src} (no CDN at run time)"
        if src.startswith("/static/"):
            assert client.get(src).status_code == 200, src
    assert "/static/vendor/cytoscape.min.js" in r.text
    js = client.get("/static/app.js").text
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in js, f"app.js uses {sink}: user text must go in as text"
    assert "window.cy" in js and "textContent" in js
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", js), "app.js loads nothing from the internet"
    vendor = STATIC / "vendor"
    assert (vendor / "cytoscape.min.js").stat().st_size > 100_000
    assert "Cytoscape Consortium" in (vendor / "LICENSE-cytoscape.txt").read_text(encoding="utf-8")


def test_openapi_and_docs_work_offline(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/queries", "/api/queries/dyad_timeline", "/api/actors", "/api/events", "/api/events/{event_id}",
                 "/api/stats", "/api/network", "/api/export/{fmt}"):
        assert path in spec["paths"], path
    params = {p["name"] for p in spec["paths"]["/api/queries/dyad_timeline"]["get"]["parameters"]}
    assert {"actor", "partner", "since", "until", "codes", "limit", "format"} <= params
    deprecated = {p["name"] for p in spec["paths"]["/api/queries/dyad_timeline"]["get"]["parameters"]
                  if p.get("deprecated")}
    assert deprecated == {"a", "b"}   # the older names, still read
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/openapi.json" in docs.text
    for src in re.findall(r'(?:src|href)="([^"]+)"', docs.text) + re.findall(r"url: '([^']+)'", docs.text):
        assert not src.startswith(("http:", "https:", "//")), f"/docs loads {src} from the internet"
        if src.startswith("/static/"):
            assert client.get(src).status_code == 200, src


def test_read_only(client):
    methods = set()
    for route in client.app.routes:
        methods |= set(getattr(route, "methods", None) or ())
    assert methods <= {"GET", "HEAD"}, methods
    for path in ("/api/events", "/api/queries/dyad_timeline", "/api/actors"):
        assert client.post(path).status_code == 405
        assert client.delete(path).status_code == 405


def test_missing_store_is_refused(tmp_path):
    from geokg.web import create_app

    with pytest.raises(StoreError, match="no store at"):
        create_app(str(tmp_path / "none.sqlite"))
    assert not (tmp_path / "none.sqlite").exists()
    create_app(str(tmp_path / "new.sqlite"), read_only=False)   # may create an empty store
    assert (tmp_path / "new.sqlite").exists()


def test_serve_command():
    import typer
    from typer.testing import CliRunner

    from geokg.web.cli import register

    app = typer.Typer()

    @app.command()
    def other() -> None:  # a second command, so that typer keeps subcommand names
        pass

    register(app)
    out = CliRunner().invoke(app, ["serve", "--help"]).output
    for opt in ("--store", "--host", "--port"):
        assert opt in out
    r = CliRunner().invoke(app, ["serve", "--store", "/nonexistent/folder/g.sqlite"])
    assert r.exit_code != 0 and isinstance(r.exception, StoreError)


# -- the same API on a Cypher (Bolt) store -------------------------------------------------------------

@pytest.mark.bolt
def test_api_on_a_bolt_store(neo4j_store, bolt_server, client):
    """Network, stats, events and one event come out the same from the Cypher store as from the embedded one."""
    from fastapi.testclient import TestClient

    from geokg.web import create_app

    items: list = []
    for a in sample_articles():
        items.append(a)
        items.extend(extract(a))
    neo4j_store.ingest(items)
    app = create_app(bolt_server.uri, store_options={"user": bolt_server.user, "password": bolt_server.password,
                                                     "database": neo4j_store.database})
    with TestClient(app) as bolt:
        for path, params in (("/api/network", {}), ("/api/network", {"since": "2023-08-01", "until": "2023-08-31"}),
                             ("/api/network", {"root": "04", "factuality": "asserted"}),
                             ("/api/network", {"quad_class": 3, "min_events": 2})):
            got, want = bolt.get(path, params=params).json(), client.get(path, params=params).json()
            assert got == want, (path, params)
        s, want = bolt.get("/api/stats").json(), client.get("/api/stats").json()
        assert s["store"] == "neo4j" and (s["first_date"], s["last_date"]) == (want["first_date"], want["last_date"])
        assert s["events"] == want["events"]
        ev = bolt.get("/api/events", params={"source": "PRK", "target": "RUS", "cameo": "040",
                                             "since": "2023-08-15", "until": "2023-08-15"}).json()["rows"]
        assert len(ev) == 1
        detail = bolt.get(f"/api/events/{ev[0]['id']}").json()
        assert any(LETTERS in m["text"] for m in detail["mentions"])
        r = bolt.get("/api/queries/dyad_timeline", params={"a": "Korut", "b": "Moskow"})
        assert r.status_code == 200 and r.json()["total"] == client.get(
            "/api/queries/dyad_timeline", params={"a": "PRK", "b": "RUS"}).json()["total"]
        assert bolt.get("/api/actors", params={"q": "Korut"}).json()["rows"][0]["id"] == "PRK"
