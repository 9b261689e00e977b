"""A real Bolt + Cypher server for the Neo4j store's tests and benchmark: ArcadeDB from PyPI.

No Neo4j server can be installed from the registries these machines reach, so the tests run the
Neo4j store, through the official ``neo4j`` driver, against ArcadeDB's server with its Bolt plugin
(it reports itself as "Neo4j/5.26.0 compatible"). The ``arcadedb-embedded`` wheel (a test
dependency in pyproject.toml) carries the server jars and its own Java runtime, so no system Java
is used or needed.

:class:`BoltServer` starts one server process on free loopback ports (Bolt and HTTP, 127.0.0.1
only), with a temporary root folder and a random root password, waits until it answers, and stops
it with SIGTERM (SIGKILL after a timeout). The process is also stopped at interpreter exit
(``atexit``) and, should this Python process die without running that, by the kernel
(``PR_SET_PDEATHSIG``), so that no Java process outlives the tests.

Used by ``tests/conftest.py`` (fixtures ``bolt_server`` and ``neo4j_store``) and by
``bench/ingest_bolt.py``. Run on its own to start a server by hand::

    .venv/bin/python tests/bolt_server.py        # prints the URI and password, Ctrl-C stops it

Measured here (2 cores): ready in 1.5 s (up to 4.5 s beside two CPU-bound jobs), first query
0.3-0.9 s, 140-180 MB resident when idle (1.2-2 GB loading 100k events with a 2 GB heap), stopped
by SIGTERM in under 0.5 s.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

__all__ = ["BoltServer", "BoltServerError", "free_port"]

HOST = "127.0.0.1"
USER = "root"
MAIN_CLASS = "com.arcadedb.server.ArcadeDBServer"
# What the arcadedb-embedded package itself passes to its JVM (see arcadedb_embedded/jvm.py).
_JVM_FLAGS = (
    "--enable-native-access=ALL-UNNAMED",
    "--add-modules=jdk.incubator.vector",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.nio.channels.spi=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
    "-Djava.awt.headless=true",
)


# Log lines of a server that could not bind its ports (it then stays up without them).
_PORT_TAKEN = ("Unable to listen", "already in use", "BindException")
_FATAL = (*_PORT_TAKEN, 'Exception in thread "main"')


class BoltServerError(RuntimeError):
    """The test server could not be found, started or reached."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _package_dir() -> Path:
    try:
        import arcadedb_embedded
    except ImportError as e:  # pragma: no cover - a test dependency
        raise BoltServerError("the Bolt test server needs the 'arcadedb-embedded' package "
                              "(pip install -e '.[test]', or make test)") from e
    return Path(arcadedb_embedded.__file__).resolve().parent


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Ask Linux to SIGTERM the server when the Python process that started it dies."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


class BoltServer:
    """One ArcadeDB server process with the Bolt plugin, on free loopback ports.

    >>> s = BoltServer(heap="256m")
    >>> s.uri.startswith("bolt://127.0.0.1:"), s.user, len(s.password) > 16
    (True, 'root', True)
    >>> s.stop()  # not started: nothing to stop, and no folder was made
    """

    def __init__(self, root: str | os.PathLike[str] | None = None, *, heap: str = "512m",
                 password: str | None = None, default_database: str = "graph",
                 java_options: tuple[str, ...] = ()) -> None:
        self._own_root = root is None
        self._root = Path(root) if root is not None else None  # a temporary one is made on first use
        self.heap = heap
        self.user = USER
        self.password = password or secrets.token_urlsafe(18)
        self.default_database = default_database
        self.java_options = tuple(java_options)  # extra -D/-XX options, e.g. ("-Darcadedb.profile=low-ram",)
        self.bolt_port = free_port()
        self.http_port = free_port()
        while self.http_port == self.bolt_port:  # pragma: no cover - the OS hands out distinct ports
            self.http_port = free_port()
        self.proc: subprocess.Popen | None = None
        self.start_seconds: float | None = None
        self._log_file = None
        self._db_serial = 0

    # -- addresses ----------------------------------------------------------------------------------

    @property
    def root(self) -> Path:
        """The server's root folder (databases, config, log); a temporary one unless given."""
        if self._root is None:
            self._root = Path(tempfile.mkdtemp(prefix="geokg-arcadedb-"))
        return self._root

    @property
    def log_path(self) -> Path:
        return self.root / "server.log"

    @property
    def uri(self) -> str:
        return f"bolt://{HOST}:{self.bolt_port}"

    @property
    def http_url(self) -> str:
        return f"http://{HOST}:{self.http_port}"

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    # -- life cycle ---------------------------------------------------------------------------------

    def command(self) -> list[str]:
        """The java command line that starts the server (the password is in it: don't log it)."""
        pkg = _package_dir()
        java = pkg / "jre" / "bin" / "java"
        jars = pkg / "jars"
        if not os.access(java, os.X_OK) or not jars.is_dir():
            raise BoltServerError(f"{pkg} has no bundled Java runtime (jre/bin/java) or server jars (jars/): "
                                  f"reinstall the 'arcadedb-embedded' wheel")
        root = self.root
        return [
            str(java), f"-Xms{min(128, _mb(self.heap))}m", f"-Xmx{self.heap}", *_JVM_FLAGS,
            f"-Darcadedb.server.rootPath={root}",
            f"-Darcadedb.server.databaseDirectory={root / 'databases'}",
            f"-Darcadedb.server.rootPassword={self.password}",
            f"-Darcadedb.server.httpIncomingHost={HOST}",
            f"-Darcadedb.server.httpIncomingPort={self.http_port}",
            "-Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            # The Bolt plugin listens on 0.0.0.0 unless told otherwise.
            f"-Darcadedb.bolt.host={HOST}",
            f"-Darcadedb.bolt.port={self.bolt_port}",
            f"-Darcadedb.server.defaultDatabases={self.default_database}[{USER}]",
            f"-Darcadedb.bolt.defaultDatabase={self.default_database}",
            *self.java_options,
            "-cp", str(jars / "*"), MAIN_CLASS,
        ]

    def start(self, timeout: float = 90.0, attempts: int = 3) -> "BoltServer":
        """Start the server and wait until HTTP says ready and the Bolt port accepts connections.

        A port taken by another process between :func:`free_port` and the server binding it
        makes the server exit at once; it is then started again on new ports (*attempts* times).
        """
        for attempt in range(1, attempts + 1):
            try:
                return self._start(timeout)
            except BoltServerError as e:
                if attempt == attempts or not any(m in str(e) for m in _PORT_TAKEN):
                    raise
                self.bolt_port, self.http_port = free_port(), free_port()
        return self  # pragma: no cover

    def _start(self, timeout: float) -> "BoltServer":
        if self.proc is not None:
            return self
        cmd = self.command()
        (self.root / "databases").mkdir(parents=True, exist_ok=True)
        self._log_file = open(self.log_path, "wb")
        t0 = time.monotonic()
        # Options a user set for their own Java programs must not change the test server.
        env = {k: v for k, v in os.environ.items()
               if k not in ("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS")}
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self._log_file, stderr=subprocess.STDOUT,
                                     cwd=self.root, env=env, start_new_session=True, preexec_fn=_die_with_parent)
        atexit.register(self.stop)
        try:
            self._wait_ready(t0, timeout)
        except BaseException:
            self._kill()
            raise
        self.start_seconds = time.monotonic() - t0
        return self

    def _wait_ready(self, t0: float, timeout: float) -> None:
        deadline = t0 + timeout
        while True:
            code = self.proc.poll()
            if code is not None:
                raise BoltServerError(f"the ArcadeDB Bolt server exited with status {code} while starting; "
                                      f"log {self.log_path}:\n{self.log_tail()}")
            if self._ready() and self._bolt_open():
                return
            tail = self.log_tail(60)
            if any(m in tail for m in _FATAL):
                raise BoltServerError(f"the ArcadeDB Bolt server failed while starting (ports Bolt {self.bolt_port}, "
                                      f"HTTP {self.http_port}); log {self.log_path}:\n{tail}")
            if time.monotonic() > deadline:
                raise BoltServerError(f"the ArcadeDB Bolt server was not ready after {timeout:.0f} s "
                                      f"(HTTP {self.http_url}/api/v1/ready, Bolt {self.uri}); "
                                      f"log {self.log_path}:\n{self.log_tail()}")
            time.sleep(0.1)

    def _ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.http_url}/api/v1/ready", timeout=2) as r:
                return r.status == 204
        except (OSError, urllib.error.URLError):
            return False

    def _bolt_open(self) -> bool:
        try:
            with socket.create_connection((HOST, self.bolt_port), timeout=2):
                return True
        except OSError:
            return False

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM, then SIGKILL after *timeout*; waits for the process; removes a temporary root."""
        self._kill(timeout)
        if self._own_root and self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)
            self._root = None

    def _kill(self, timeout: float = 20.0) -> None:
        proc, self.proc = self.proc, None
        with contextlib.suppress(Exception):
            atexit.unregister(self.stop)
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
        if proc is not None:
            # Anything the server started in its own session (it starts nothing today).
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def __enter__(self) -> "BoltServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- observing ----------------------------------------------------------------------------------

    def log_tail(self, lines: int = 40) -> str:
        if self._root is None:
            return "(no server log)"
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:]).replace(self.password, "***")

    def rss_mb(self) -> float | None:
        """Resident memory of the server process now, in MB (None if not running)."""
        if self.proc is None:
            return None
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            return None
        return None

    def peak_rss_mb(self) -> float | None:
        """Peak resident memory of the server process so far (VmHWM), in MB."""
        if self.proc is None:
            return None
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            return None
        return None

    # -- databases (server commands over HTTP: Bolt has no CREATE DATABASE here) ---------------------

    def server_command(self, command: str) -> dict:
        """``POST /api/v1/server {"command": ...}`` as root; raises BoltServerError on failure."""
        req = urllib.request.Request(f"{self.http_url}/api/v1/server", method="POST",
                                     data=json.dumps({"command": command}).encode())
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        req.add_header("Authorization", f"Basic {token}")
        req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as e:
            detail = e.read().decode(errors="replace")[:500]
            raise BoltServerError(f"server command {command!r} failed: HTTP {e.code} {detail}") from None
        except OSError as e:
            raise BoltServerError(f"server command {command!r} failed: {e}") from None

    def databases(self) -> list[str]:
        """Names of the server's databases (``GET /api/v1/databases``)."""
        req = urllib.request.Request(f"{self.http_url}/api/v1/databases")
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        req.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return list(json.loads(r.read()).get("result", []))
        except OSError as e:
            raise BoltServerError(f"listing databases failed: {e}") from None

    def create_database(self, name: str) -> str:
        self.server_command(f"create database {name}")
        return name

    def drop_database(self, name: str) -> None:
        self.server_command(f"drop database {name}")

    def new_database_name(self, hint: str = "t") -> str:
        self._db_serial += 1
        stem = "".join(c if c.isalnum() else "_" for c in hint)[:40].strip("_") or "t"
        return f"{stem}_{self._db_serial}_{secrets.token_hex(3)}"

    @contextlib.contextmanager
    def fresh_database(self, name: str | None = None) -> Iterator[str]:
        """Create an empty database, yield its name, drop it afterwards."""
        name = name or self.new_database_name()
        self.create_database(name)
        try:
            yield name
        finally:
            if self.proc is not None and self.proc.poll() is None:
                with contextlib.suppress(BoltServerError):
                    self.drop_database(name)


def _mb(size: str) -> int:
    """'512m' -> 512, '2g' -> 2048."""
    s = size.strip().lower()
    mult = {"k": 1 / 1024, "m": 1, "g": 1024}.get(s[-1:], None)
    return int(float(s[:-1]) * mult) if mult is not None else int(int(s) / 2**20)


def main() -> int:  # pragma: no cover - a manual helper
    with BoltServer() as s:
        print(f"uri={s.uri} user={s.user} password={s.password} http={s.http_url} pid={s.pid} "
              f"(ready in {s.start_seconds:.1f} s); Ctrl-C stops it", flush=True)
        try:
            while s.proc is not None and s.proc.poll() is None:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
