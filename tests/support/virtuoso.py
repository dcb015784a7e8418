"""A throwaway Virtuoso SPARQL server for tests.

Debian: ``apt-get install virtuoso-opensource`` (the binary is ``/usr/bin/virtuoso-t``
from ``virtuoso-opensource-7-bin``). The server gets its own database in a temporary
directory, listens on two free loopback ports only and is stopped on exit; it never
uses the system-wide Debian service or its database.

On a fresh database the administrator is ``dba`` / ``dba``. Anonymous ``/sparql``
answers queries only (updates fail with SR186 "No permission"); updates and the Graph
Store Protocol go through the ``-auth`` endpoints, which take HTTP *Digest* auth
(Basic auth gets 401). With urllib::

    pm = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    pm.add_password(None, server.base, server.user, server.password)
    opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(pm))
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BINARY = "virtuoso-t"
CANDIDATES = (
    "/usr/bin/virtuoso-t",
    "/usr/sbin/virtuoso-t",
    "/usr/lib/virtuoso-opensource-7/bin/virtuoso-t",
    "/usr/lib/virtuoso-opensource-6.1/bin/virtuoso-t",
    "/usr/local/bin/virtuoso-t",
    "/usr/local/virtuoso-opensource/bin/virtuoso-t",
    "/opt/virtuoso-opensource/bin/virtuoso-t",
)
HOST = "127.0.0.1"
USER = "dba"
PASSWORD = "dba"  # the default of a database that virtuoso-t creates itself


def find_virtuoso() -> str | None:
    """Path of the Virtuoso server binary, or None when it is not installed."""
    found = shutil.which(BINARY)
    if found:
        return found
    for path in CANDIDATES:
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


@dataclass(frozen=True)
class VirtuosoServer:
    base: str  # http://127.0.0.1:PORT
    sparql: str  # query endpoint, anonymous, read-only
    update: str  # SPARQL 1.1 Update (and query) endpoint; Digest auth as user/password
    gsp: str  # Graph Store Protocol (?graph=IRI or ?default); Digest auth as user/password
    user: str
    password: str
    isql: int  # SQL (isql / ODBC) port on 127.0.0.1
    http_port: int
    log: Path
    pid: int
    startup_seconds: float
    auth: str = "digest"

    def __getitem__(self, key: str):  # dict-style access too: server["sparql"]
        return getattr(self, key)

    def opener(self, user: str | None = None, password: str | None = None):
        """A urllib opener that answers the -auth endpoints' Digest challenge."""
        pm = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        pm.add_password(None, self.base, user or self.user, password or self.password)
        return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(pm))


def _free_ports(n: int) -> list[int]:
    """n distinct ports that were free on 127.0.0.1 a moment ago (bind to port 0)."""
    socks = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind((HOST, 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def _ini(d: Path, sql_port: int, http_port: int) -> str:
    # Small buffers and few threads: starts in ~2 s and uses ~100 MB. No [Plugins]
    # (hosting modules), no [Zero Config] (mDNS), no proxy, no mail server.
    return f"""\
[Database]
DatabaseFile       = {d}/virtuoso.db
ErrorLogFile       = {d}/virtuoso.log
LockFile           = {d}/virtuoso.lck
TransactionFile    = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {d}/virtuoso-temp.db
TransactionFile    = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = {HOST}:{sql_port}
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 10
CheckpointInterval   = 0
O_DIRECT             = 0
CaseMode             = 2
MaxStaticCursorRows  = 5000
AllowOSCalls         = 0
DirsAllowed          = ., {d}
ThreadsPerQuery      = 2
AsyncQueueMaxThreads = 4
NumberOfBuffers      = 10000
MaxDirtyBuffers      = 6000
MaxQueryMem          = 512M

[HTTPServer]
ServerPort           = {HOST}:{http_port}
ServerRoot           = {d}/vsp
MaxClientConnections = 5
ServerThreads        = 5
DavRoot              = DAV
EnabledDavVSP        = 0
HTTPProxyEnabled     = 0
MaxKeepAlives        = 5
KeepAliveTimeout     = 10
Charset              = UTF-8
EnabledGzipContent   = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000

[SPARQL]
ResultSetMaxRows           = 100000
MaxQueryExecutionTime      = 60
MaxQueryCostEstimationTime = 400
"""


def _tail(path: Path, n: int = 40) -> str:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError as exc:
        return f"(no log: {exc})"
    return "\n".join(lines[-n:])


def _ask_ok(url: str) -> bool:
    q = urllib.parse.urlencode({"query": "ASK {}"})
    req = urllib.request.Request(f"{url}?{q}", headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(req, timeout=2) as resp:
            return resp.status == 200 and json.load(resp).get("boolean") is True
    except (OSError, ValueError):  # refused, reset, timeout, HTTPError, bad JSON
        return False


def _stop(proc: subprocess.Popen, grace: float = 10.0) -> None:
    if proc.poll() is not None:
        return
    try:
        proc.send_signal(signal.SIGTERM)  # Virtuoso: "Initiating quick shutdown", ~1 s
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


def _start(binary: str, d: Path, timeout: float) -> tuple[subprocess.Popen, VirtuosoServer]:
    sql_port, http_port = _free_ports(2)
    (d / "vsp").mkdir(parents=True, exist_ok=True)
    ini = d / "virtuoso.ini"
    ini.write_text(_ini(d, sql_port, http_port))
    log = d / "virtuoso-stdout.log"
    t0 = time.monotonic()
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)],
            cwd=d,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C in pytest does not hit it first
        )
    base = f"http://{HOST}:{http_port}"
    server = None
    try:
        deadline = t0 + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"virtuoso-t exited with code {proc.returncode} during startup "
                    f"(ports {sql_port}/{http_port}); last lines of {log}:\n{_tail(log)}"
                )
            if _ask_ok(f"{base}/sparql"):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"Virtuoso's SPARQL endpoint {base}/sparql did not answer within "
                    f"{timeout:g} s; last lines of {log}:\n{_tail(log)}"
                )
            time.sleep(0.2)
        server = VirtuosoServer(
            base=base,
            sparql=f"{base}/sparql",
            update=f"{base}/sparql-auth",
            gsp=f"{base}/sparql-graph-crud-auth",
            user=USER,
            password=PASSWORD,
            isql=sql_port,
            http_port=http_port,
            log=log,
            pid=proc.pid,
            startup_seconds=time.monotonic() - t0,
        )
        return proc, server
    finally:
        if server is None:
            _stop(proc)


@contextlib.contextmanager
def virtuoso_server(tmp_dir: Path, timeout: float = 60) -> Iterator[VirtuosoServer]:
    """Start a fresh Virtuoso with its database in tmp_dir; stop it on exit.

    Raises RuntimeError (with the log's tail) when the binary is missing or the
    endpoint does not answer ``ASK {}`` within ``timeout`` seconds.
    """
    binary = find_virtuoso()
    if binary is None:
        raise RuntimeError("virtuoso-t not found (apt-get install virtuoso-opensource)")
    tmp_dir = Path(tmp_dir).resolve()
    tmp_dir.mkdir(parents=True, exist_ok=True)
    # The ports are free when picked but may be taken before virtuoso-t binds them;
    # then it exits at once, and a fresh database directory with new ports is tried.
    for attempt in range(3):
        d = tmp_dir if attempt == 0 else tmp_dir / f"retry{attempt}"
        d.mkdir(parents=True, exist_ok=True)
        try:
            proc, server = _start(binary, d, timeout)
            break
        except RuntimeError as exc:
            if "exited" not in str(exc) or attempt == 2:
                raise
    try:
        yield server
    finally:
        _stop(proc)
