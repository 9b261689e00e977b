"""Boundary values, error headers and host names of the web API (issue 16, items 12 and 18)."""

from __future__ import annotations

import base64
import hashlib
import re
import sys

import pytest
from fastapi.testclient import TestClient

from geokg.graph import open_store
from geokg.queries.demo import demo_events
from geokg.queries.registry import list_queries
from geokg.web import app as webapp
from geokg.web.app import create_app

SECURITY = ("content-security-policy", "x-content-type-options", "referrer-policy")
HUGE = "9223372036854775808"  # 2**63: one past the stores' integers


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("web") / "demo.sqlite"
    with open_store(str(path)) as store:
        store.ingest(demo_events())
    return path


@pytest.fixture(scope="module")
def client(store_path):
    return TestClient(create_app(str(store_path)), raise_server_exceptions=False)


def _required(name: str) -> dict[str, str]:
    """Values for a query's required parameters (actors of the demo store)."""
    fill = {"a": "PRK", "b": "RUS", "actor": "PRK", "partner": "RUS", "text": "Korea", "event": "x"}
    q = next(q for q in list_queries() if q.name == name)
    return {k: fill[k] for k, f in q.params.model_fields.items() if f.is_required()}


def _period_queries() -> list[str]:
    return [q.name for q in list_queries() if "since" in q.params.model_fields]


BOUNDARY_URLS = [
    ("/api/events", {"since": "0001-01-01"}, "since"),
    ("/api/events", {"since": "9999-12-31"}, "since"),
    ("/api/events", {"until": "0001-01-01"}, "until"),
    ("/api/events", {"offset": HUGE}, "offset"),
    ("/api/events", {"since": "1699920000"}, "since"),  # not a Unix time
    ("/api/events", {"until": "2023-08-15\n"}, "until"),
    ("/api/network", {"since": "0001-01-01"}, "since"),
    ("/api/network", {"until": "9999-12-31"}, "until"),
    ("/api/export/ttl", {"since": "0001-01-01"}, "since"),
] + [(f"/api/queries/{name}", {bound: day}, bound) for name in _period_queries()
     for bound in ("since", "until") for day in ("0001-01-01", "9999-12-31")] + [
    ("/api/queries/dyad_timeline", {"offset": HUGE}, "offset"),
    ("/api/queries/dyad_timeline", {"limit": HUGE}, "limit"),
    ("/api/queries/actor_profile", {"top": HUGE}, "top"),
    ("/api/queries/shortest_path", {"min_events": HUGE}, "min_events"),
]


@pytest.mark.parametrize("path, params, name", BOUNDARY_URLS,
                         ids=[f"{p}?{'&'.join(f'{k}={v!r}' for k, v in q.items())}" for p, q, _ in BOUNDARY_URLS])
def test_boundary_values_are_422_naming_the_parameter(client, path, params, name):
    query = {**_required(path.rsplit("/", 1)[1]), **params} if path.startswith("/api/queries/") else params
    r = client.get(path, params=query)
    assert r.status_code == 422, (r.status_code, r.text)
    assert re.search(rf"(^|: ){name}: ", r.json()["error"]), r.json()["error"]
    assert all(h in r.headers for h in SECURITY), r.headers


@pytest.mark.parametrize("path, params", [
    ("/api/events", {"since": "1000-01-01", "until": "8999-12-31"}),
    ("/api/events", {"offset": str(2**63 - 1)}),
    ("/api/network", {"since": "1000-01-01", "until": "8999-12-31"}),
    ("/api/queries/goldstein_series", {"a": "PRK", "until": "8999-12-31", "freq": "year", "fill": "true"}),
    ("/api/queries/goldstein_series", {"a": "PRK", "since": "8999-01-01", "until": "8999-12-31", "freq": "day"}),
    ("/api/queries/dyad_timeline", {"a": "PRK", "b": "RUS", "since": "1000-01-01", "offset": str(2**63 - 1)}),
])
def test_the_ends_of_the_ranges_are_answered(client, path, params):
    assert client.get(path, params=params).status_code == 200


def test_an_internal_error_carries_the_security_headers(store_path, monkeypatch):
    app = create_app(str(store_path))
    with app.state.store.use() as store:
        monkeypatch.setattr(type(store), "stats", lambda self: 1 / 0)
    r = TestClient(app, raise_server_exceptions=False).get("/api/stats")
    assert r.status_code == 500 and r.json()["error"].startswith("internal error (ZeroDivisionError)")
    assert all(h in r.headers for h in SECURITY), r.headers
    assert r.headers["content-security-policy"].startswith("default-src 'self'")


def test_docs_have_a_csp_that_allows_their_inline_script_only(client):
    r = client.get("/docs")
    policy = r.headers["content-security-policy"]
    scripts = re.findall(r"<script>(.*?)</script>", r.text, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src 'self' 'sha256-{digest}';" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert "frame-ancestors 'none'" in policy


# -- host names -------------------------------------------------------------------------------------

def test_trusted_hosts_of_a_bind_address():
    assert webapp.trusted_hosts("127.0.0.1") == ["localhost", "127.0.0.1", "::1"]
    assert webapp.trusted_hosts("::1") == ["localhost", "127.0.0.1", "::1"]
    assert webapp.trusted_hosts("localhost", ["geo.example.org"]) == ["localhost", "127.0.0.1", "::1", "geo.example.org"]
    assert webapp.trusted_hosts("192.0.2.7") == ["192.0.2.7"]
    assert webapp.trusted_hosts("0.0.0.0") is None and webapp.trusted_hosts("::") is None
    assert webapp.trusted_hosts("0.0.0.0", ["geo.example.org"]) == ["geo.example.org"]
    assert webapp.trusted_hosts("127.0.0.1", ["*"]) is None


@pytest.mark.parametrize("host, status", [
    ("127.0.0.1:8000", 200), ("localhost:8000", 200), ("LOCALHOST", 200), ("[::1]:8000", 200),
    ("geo.example.org", 200), ("attacker.example:8000", 400), ("127.0.0.1.attacker.example", 400), ("", 400),
])
def test_a_loopback_server_answers_to_its_own_names_only(store_path, host, status):
    app = create_app(str(store_path), allowed_hosts=webapp.trusted_hosts("127.0.0.1", ["geo.example.org"]))
    r = TestClient(app, raise_server_exceptions=False).get("/api/stats", headers={"host": host})
    assert r.status_code == status, r.text
    assert all(h in r.headers for h in SECURITY), r.headers
    if status == 400:
        assert "--allow-host" in r.json()["error"]


def test_serve_checks_the_host_header(store_path, monkeypatch, capsys):
    """geokg serve on loopback refuses another Host; --allow-host adds one."""
    import uvicorn

    from geokg.cli import main

    served = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append(app))
    monkeypatch.setattr(sys, "argv", ["geokg", "serve", "--store", str(store_path), "--allow-host", "geo.example.org"])
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 0, capsys.readouterr().err
    web = TestClient(served[0])
    assert web.get("/api/stats", headers={"host": "evil.example"}).status_code == 400
    assert web.get("/api/stats", headers={"host": "geo.example.org:8000"}).status_code == 200
    assert web.get("/api/stats", headers={"host": "localhost:8000"}).status_code == 200


# -- the same bounds on the command line -----------------------------------------------------------------

@pytest.mark.parametrize("args, needle", [
    (["top_events", "--since", "0001-01-01"], "since: must be a day from 1000-01-01 to 8999-12-31"),
    (["top_events", "--until", "9999-12-31"], "until: must be a day from 1000-01-01 to 8999-12-31"),
    (["top_events", "--since", "1699920000"], "since: must be a day YYYY-MM-DD"),
    (["dyad_timeline", "--a", "PRK", "--b", "RUS", "--offset", HUGE], "offset: must be at most"),
])
def test_query_command_refuses_boundary_values_in_one_line(store_path, monkeypatch, capsys, args, needle):
    from geokg.cli import main

    monkeypatch.setattr(sys, "argv", ["geokg", "query", *args, "--store", str(store_path)])
    with pytest.raises(SystemExit) as exc:
        main()
    err = capsys.readouterr().err
    assert exc.value.code == 2, err
    assert len(err.strip().splitlines()) == 1 and needle in err, err
