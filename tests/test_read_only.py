"""Read-only stores (issue 16, item 16): an analyst who may only read a shared store can run
``geokg stats``, ``query``, ``export`` and ``serve`` on it, ``geokg ingest`` says in one line that it
is not writable, and none of them changes the store's file (bytes, modification time) or its
folder (listing). ``geokg serve`` never changes a store, even one it could write.

How these tests make a store read-only although the suite often runs as root
---------------------------------------------------------------------------
Root ignores permission bits (CAP_DAC_OVERRIDE), so ``chmod 0555`` alone proves nothing when the
suite runs as root (as it does in this project's containers). Each test runs under every way of
refusing writes that this machine offers, and is skipped (with the reason) where one is missing:

``user``
    Permission bits (folder 0555, file 0444) read by an unprivileged user: the commands run
    directly when the suite is not root; as root, they run as ``nobody`` through util-linux's
    ``setpriv``, with every capability dropped (also from the bounding set). This is the
    analyst's real situation. Skipped when ``setpriv`` is missing or ``nobody`` cannot run this
    Python and import geokg from this checkout.
``immutable``
    ``chattr +i`` on the folder or file: the kernel refuses to write or create entries there
    with EPERM even for root, and ``access(2)``, which geokg asks, says so. Needs
    CAP_LINUX_IMMUTABLE and a file system with the flag (ext4, xfs, btrfs; not tmpfs). Always
    undone in a ``finally``, or the temporary files could not be removed.

Two layouts: ``folder`` (folder and file read-only: SQLite may create nothing beside the file) and
``file`` (only the file; SQLite *could* create ``-wal``/``-shm`` in the folder, which a plain
``mode=ro`` open does and never removes).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from geokg.errors import GeokgWarning, StoreError
from geokg.graph import open_store
from geokg.graph.sqlite_readonly import read_only_way
from geokg.graph.sqlite_store import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
NOBODY = 65534
SETPRIV = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--inh-caps=-all",
           "--bounding-set=-all"]
CLI = [sys.executable, "-c", "from geokg.cli import main; main()"]


# -- ways to refuse writes ----------------------------------------------------------------------------

def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COLUMNS": "200"}
    env.update(kw.pop("env", {}))
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False, **kw)


def _user_prefix() -> list[str] | None:
    """The command prefix that runs as an unprivileged user, or None (with why in _why)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        _why["user"] = "running as root and setpriv (util-linux) is missing"
        return None
    probe = _run([*SETPRIV, *CLI[:2], "import geokg.cli, os; assert os.geteuid() != 0"],
                 env={"HOME": tempfile.gettempdir()})
    if probe.returncode != 0:
        _why["user"] = f"nobody cannot run this Python with geokg: {probe.stderr.strip()[-200:]}"
        return None
    return SETPRIV


def _chattr_works() -> bool:
    if shutil.which("chattr") is None:
        _why["immutable"] = "chattr is missing"
        return False
    with tempfile.NamedTemporaryFile() as f:
        if subprocess.run(["chattr", "+i", f.name], capture_output=True, check=False).returncode != 0:
            _why["immutable"] = "chattr +i refused (no CAP_LINUX_IMMUTABLE, or a file system without the flag)"
            return False
        subprocess.run(["chattr", "-i", f.name], check=True)
    return True


_why: dict[str, str] = {}


class Refusal:
    """One way of making a path read-only for the commands a test runs (see the module docstring)."""

    def __init__(self, name: str, prefix: list[str]) -> None:
        self.name = name
        self.prefix = prefix   # how the commands are run (as nobody, or as we are)

    @contextmanager
    def read_only(self, *paths: Path) -> Iterator[None]:
        if self.name == "user":
            modes = {p: p.stat().st_mode & 0o7777 for p in paths}
            for p in paths:
                p.chmod(0o555 if p.is_dir() else 0o444)
            try:
                yield
            finally:
                for p, m in modes.items():
                    p.chmod(m)
        else:
            done: list[Path] = []
            try:
                for p in paths:
                    subprocess.run(["chattr", "+i", str(p)], check=True, capture_output=True)
                    done.append(p)
                yield
            finally:
                for p in done:
                    subprocess.run(["chattr", "-i", str(p)], check=True, capture_output=True)

    def cli(self, *args: str, home: Path) -> subprocess.CompletedProcess:
        return _run([*self.prefix, *CLI, *args], env={"HOME": str(home)})

    def popen(self, *args: str, home: Path) -> subprocess.Popen:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(home), "NO_COLOR": "1"}
        return subprocess.Popen([*self.prefix, *CLI, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module", params=["user", "immutable"])
def refusal(request) -> Refusal:
    if request.param == "user":
        prefix = _user_prefix()
        if prefix is None:
            pytest.skip(_why["user"])
        return Refusal("user", prefix)
    if not _chattr_works():
        pytest.skip(_why["immutable"])
    return Refusal("immutable", [])


# -- the store ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built_store(tmp_path_factory) -> Path:
    """The demo articles ingested by the CLI without the query summaries (so that reading it
    read-only must compute them)."""
    folder = tmp_path_factory.mktemp("ro-built")
    path = folder / "g.sqlite"
    r = _run([*CLI, "ingest", str(EXAMPLES), "--store", str(path), "--no-prepare-queries"])
    assert r.returncode == 0, r.stderr
    return path


@pytest.fixture(scope="module")
def expected(built_store, tmp_path_factory) -> dict:
    """What the commands print on a writable copy of the store."""
    folder = tmp_path_factory.mktemp("ro-expected")
    path = folder / "g.sqlite"
    shutil.copy(built_store, path)
    stats = _run([*CLI, "stats", "--store", str(path), "--format", "json"])
    query = _run([*CLI, "query", "actor_profile", "--actor", "RUS", "--store", str(path), "--format", "json"])
    nt = folder / "g.nt"
    export = _run([*CLI, "export", "-f", "nt", "-o", str(nt), "--store", str(path)])
    assert stats.returncode == query.returncode == export.returncode == 0, (stats.stderr, query.stderr, export.stderr)
    return {"stats": json.loads(stats.stdout), "query": json.loads(query.stdout), "nt": set(nt.read_text().splitlines())}


def _public_dir() -> Path:
    """A temporary folder that an unprivileged user can enter (pytest's own are root's, 0700)."""
    d = Path(tempfile.mkdtemp(prefix="geokg-ro-"))
    d.chmod(0o755)
    return d


@pytest.fixture
def place(built_store) -> Iterator[tuple[Path, Path, Path]]:
    """(store path, its folder, a folder anyone may write for outputs and HOME)."""
    top = _public_dir()
    folder = top / "store"
    folder.mkdir()
    folder.chmod(0o777)   # the "file" layout: a folder the reader may write (the file stays read-only)
    store = folder / "g.sqlite"
    shutil.copy(built_store, store)
    store.chmod(0o644)
    out = top / "out"
    out.mkdir()
    out.chmod(0o777)
    try:
        yield store, folder, out
    finally:
        # in case a test died inside: an immutable file could not be removed
        subprocess.run(["chattr", "-R", "-i", str(top)], capture_output=True, check=False)
        for p in (top, folder, out):
            p.chmod(0o777)
        shutil.rmtree(top, ignore_errors=True)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of a folder with its bytes and modification time (ns)."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def _paths(layout: str, store: Path, folder: Path) -> tuple[Path, ...]:
    return (store, folder) if layout == "folder" else (store,)


# -- the commands -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("layout", ["folder", "file"])
def test_stats_query_export_read_a_read_only_store_and_ingest_refuses(refusal, layout, place, expected):
    store, folder, out = place
    before = snapshot(folder)
    with refusal.read_only(*_paths(layout, store, folder)):
        stats = refusal.cli("stats", "--store", str(store), "--format", "json", home=out)
        query = refusal.cli("query", "actor_profile", "--actor", "RUS", "--store", str(store), "--format", "json",
                            home=out)
        export = refusal.cli("export", "-f", "nt", "-o", str(out / "g.nt"), "--store", str(store), home=out)
        ingest = refusal.cli("ingest", str(EXAMPLES), "--store", str(store), home=out)
        after = snapshot(folder)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout) == expected["stats"]
    assert query.returncode == 0, query.stderr
    assert json.loads(query.stdout) == expected["query"]
    # The store was loaded without its summaries: computed in memory, said in one line, not stored.
    notes = [line for line in query.stderr.splitlines() if "read-only" in line]
    assert len(notes) == 1 and notes[0].startswith("geokg: warning: store is read-only and lacks the query summar"), \
        query.stderr
    assert export.returncode == 0, export.stderr
    assert set((out / "g.nt").read_text().splitlines()) == expected["nt"]
    assert ingest.returncode == 2
    lines = ingest.stderr.strip().splitlines()
    assert lines[-1] == (f"geokg: error: store {store} is not writable (the file and its folder must be; "
                         "geokg stats, query, export and serve can still read it)"), ingest.stderr
    assert "Traceback" not in ingest.stderr
    assert after == before, "a read-only command changed the store or its folder"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=60) as r:
        return r.status, r.read()


def _serve_and_ask(run: Refusal, store: Path, home: Path) -> dict:
    """Start ``geokg serve``, ask it a few things (one of which starts the summaries' warmer),
    stop it with Ctrl-C as a user would; returns the answers and how it ended."""
    port = _free_port()
    proc = run.popen("serve", "--store", str(store), "--port", str(port), "--log-level", "warning", home=home)
    base = f"http://127.0.0.1:{port}"
    answers: dict = {}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(base + "/api/stats")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"geokg serve did not start: {proc.communicate()[1][-2000:]}", pytrace=False)
                time.sleep(0.1)
        answers["stats"] = json.loads(_get(base + "/api/stats")[1])
        answers["network"] = _get(base + "/api/network")[0]   # starts the warmer (after 1 s)
        time.sleep(2.0)
        answers["profile"] = json.loads(_get(base + "/api/queries/actor_profile?actor=RUS")[1])
        answers["page"] = _get(base + "/")[0]
        answers["ttl"] = _get(base + "/api/export/ttl")[0]
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    answers["returncode"], answers["stderr"] = proc.returncode, err
    return answers


def _check_served(answers: dict, expected: dict) -> None:
    assert answers["returncode"] == 0, answers["stderr"][-2000:]
    assert "Traceback" not in answers["stderr"], answers["stderr"][-2000:]
    assert answers["network"] == answers["page"] == answers["ttl"] == 200
    assert {k: answers["stats"][k] for k in expected["stats"]} == expected["stats"]
    assert answers["profile"]["rows"] == expected["query"]["rows"]


@pytest.mark.parametrize("layout", ["folder", "file"])
def test_serve_reads_a_read_only_store(refusal, layout, place, expected):
    store, folder, out = place
    before = snapshot(folder)
    with refusal.read_only(*_paths(layout, store, folder)):
        answers = _serve_and_ask(refusal, store, out)
        after = snapshot(folder)
    _check_served(answers, expected)
    assert after == before


def test_serve_never_changes_a_store_it_could_write(place, expected):
    """`geokg serve` promises to be read-only: it used to run PRAGMA optimize when it stopped, which
    writes sqlite_stat1 into the file (and its warmer stored the query summaries)."""
    store, folder, out = place
    before = snapshot(folder)
    answers = _serve_and_ask(Refusal("none", []), store, out)
    _check_served(answers, expected)
    assert snapshot(folder) == before
    # SQLite removed the -wal/-shm it made while serving (it could: the folder is writable)
    assert sorted(p.name for p in folder.iterdir()) == ["g.sqlite"]


# -- the library -------------------------------------------------------------------------------------------

def test_read_only_open_refuses_ingest_and_writes(built_store, tmp_path):
    path = tmp_path / "g.sqlite"
    shutil.copy(built_store, path)
    before = snapshot(tmp_path)
    with open_store(path, read_only=True) as st:
        assert st.read_only and st.stats()["events"] > 0
        with pytest.raises(StoreError, match="opened read-only"):
            st.ingest([])
        with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
            st.connection.execute("DELETE FROM events")
        with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
            st.connection.execute("PRAGMA optimize")
    assert snapshot(tmp_path) == before
    with pytest.raises(StoreError, match="no store at"):
        open_store(tmp_path / "missing.sqlite", read_only=True)
    assert not (tmp_path / "missing.sqlite").exists()
    # read_only=None: writable here, so an ordinary open
    with open_store(path, read_only=None) as st:
        assert st.read_only is False


def test_read_only_open_of_an_older_schema_says_what_to_do(built_store, tmp_path):
    path = tmp_path / "g.sqlite"
    shutil.copy(built_store, path)
    c = sqlite3.connect(path)
    c.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    c.close()
    with pytest.raises(StoreError, match="older geokg") as info:
        open_store(path, read_only=True)
    assert "\n" not in str(info.value) and "open it once with write access" in str(info.value)
    c = sqlite3.connect(path)
    assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION - 1   # left as it was
    c.close()


def test_stored_summaries_are_used_and_stale_ones_completed_in_memory(tmp_path):
    """A store whose summaries are current is read as is (no warning); one that was loaded again
    after they were built gets the same answers as a writable store, from an in-memory copy."""
    from geokg.queries.demo import demo_events
    from geokg.queries.embedded import prepare

    events = list(demo_events())
    path, fresh = tmp_path / "g.sqlite", tmp_path / "fresh.sqlite"
    with open_store(path) as st:
        st.ingest(events[:4])
        prepare(st)
    with open_store(fresh) as st:
        st.ingest(events)
        want = st.query("actor_profile", actor="RUS").model_dump()
    with warnings.catch_warnings():
        warnings.simplefilter("error", GeokgWarning)   # current summaries: nothing to say
        with open_store(path, read_only=True) as st:
            st.query("actor_profile", actor="RUS")
    with open_store(path) as st:
        st.ingest(events[4:])   # the summaries are now behind
    before = snapshot(tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with open_store(path, read_only=True) as st:
            assert st.query("actor_profile", actor="RUS").model_dump() == want
            assert st.query("actor_profile", actor="RUS").model_dump() == want   # second time: no rebuild
    notes = [str(w.message) for w in caught if issubclass(w.category, GeokgWarning)]
    assert len(notes) == 1 and "q_roots, q_partners" in notes[0]
    assert snapshot(tmp_path) == before


def test_a_write_ahead_log_is_read_where_the_folder_is_read_only(tmp_path):
    """A writer holding transactions in its log (not yet copied into the file): a reader who may
    not write the folder opens ``mode=ro`` through the existing -shm and sees them."""
    if not _chattr_works():
        pytest.skip(_why["immutable"])
    path = tmp_path / "g.sqlite"
    from geokg.queries.demo import demo_events

    writer = open_store(path)
    try:
        writer.connection.execute("PRAGMA wal_autocheckpoint=0")
        writer.ingest(list(demo_events()))
        assert (tmp_path / "g.sqlite-wal").stat().st_size > 0
        subprocess.run(["chattr", "+i", str(tmp_path)], check=True)
        try:
            assert read_only_way(path) == "ro"
            with open_store(path, read_only=None) as reader:
                assert reader.read_only
                assert reader.stats() == writer.stats()
        finally:
            subprocess.run(["chattr", "-i", str(tmp_path)], check=True)
    finally:
        writer.close()


def test_immutable_open_notices_that_the_file_changed(tmp_path):
    path = tmp_path / "g.sqlite"
    open_store(path).close()
    if not _chattr_works():
        pytest.skip(_why["immutable"])
    subprocess.run(["chattr", "+i", str(tmp_path)], check=True)
    try:
        reader = open_store(path, read_only=None)
        assert reader.read_only and not reader.snapshot_changed()
    finally:
        subprocess.run(["chattr", "-i", str(tmp_path)], check=True)
    from geokg.queries.demo import demo_events

    with open_store(path) as writer:
        writer.ingest(list(demo_events()))
    assert reader.snapshot_changed()
    reader.close()


# -- Neo4j ---------------------------------------------------------------------------------------------------

@pytest.mark.bolt
def test_neo4j_read_only_reads_and_refuses_ingest(neo4j_store, bolt_server):
    from geokg.queries.demo import demo_events

    neo4j_store.ingest(list(demo_events()))
    with open_store(bolt_server.uri, user=bolt_server.user, password=bolt_server.password,
                    database=neo4j_store.database, read_only=True) as ro:
        assert ro.read_only
        assert ro.stats() == neo4j_store.stats()
        assert ro.query("actor_profile", actor="RUS").rows
        with pytest.raises(StoreError, match="opened read-only"):
            ro.ingest(list(demo_events()))
