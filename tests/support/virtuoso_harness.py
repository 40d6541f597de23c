"""A private Virtuoso server for the integration tests: own directory, own loopback ports, own database.

``VirtuosoServer(directory).start()`` writes a ``virtuoso.ini`` (loopback ports chosen free, a high
``ResultSetMaxRows`` unless told otherwise), runs ``virtuoso-t +foreground``, waits until ``/sparql``
answers, and :meth:`stop` ends exactly that process by its PID. Debian: ``apt-get install virtuoso-opensource``.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

#: The server binary; override with GUTJOINT_VIRTUOSO_BIN.
BINARY = os.environ.get("GUTJOINT_VIRTUOSO_BIN", "virtuoso-t")

#: Password of the ``dba`` account of a freshly created database.
DBA_PASSWORD = "dba"

INI = """\
[Database]
DatabaseFile       = {d}/virtuoso.db
ErrorLogFile       = {d}/virtuoso.log
LockFile           = {d}/virtuoso.lck
TransactionFile    = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile    = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping        = 0

[Parameters]
ServerPort         = 127.0.0.1:{sql_port}
DisableUnixSocket  = 1
CheckpointInterval = 0
DirsAllowed        = ., {d}
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000
ThreadsPerQuery    = 2
MaxSortedTopRows   = 200000
MaxQueryMem        = 500M

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {d}
ServerThreads        = 4
MaxClientConnections = 4
EnabledGzipContent   = 0

[SPARQL]
ResultSetMaxRows           = {max_rows}
MaxQueryExecutionTime      = 60
MaxQueryCostEstimationTime = 0
"""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class VirtuosoError(RuntimeError):
    """Virtuoso is missing or did not come up."""


class VirtuosoServer:
    """One private ``virtuoso-t`` process; use as a context manager or call start()/stop()."""

    def __init__(self, directory: Path, *, max_rows: int = 1_000_000, startup_timeout: float = 60.0):
        self.directory = Path(directory)
        self.max_rows = max_rows
        self.startup_timeout = startup_timeout
        self.http_port = 0
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """The read-only SPARQL endpoint (anonymous)."""
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def auth_url(self) -> str:
        """The SPARQL endpoint that accepts updates from ``dba`` (HTTP Digest)."""
        return f"http://127.0.0.1:{self.http_port}/sparql-auth"

    @property
    def graph_store_url(self) -> str:
        """The Graph Store HTTP Protocol endpoint for ``dba`` (HTTP Digest)."""
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud-auth"

    def start(self) -> VirtuosoServer:
        """Write the config, start the server and wait until ``/sparql`` answers."""
        binary = shutil.which(BINARY)
        if binary is None:
            raise VirtuosoError(
                f"{BINARY} not found: install Virtuoso (Debian: apt-get install virtuoso-opensource) "
                "or set GUTJOINT_VIRTUOSO_BIN"
            )
        self.directory.mkdir(parents=True, exist_ok=True)
        self.http_port = free_port()
        sql_port = free_port()
        ini = self.directory / "virtuoso.ini"
        ini.write_text(
            INI.format(d=self.directory, sql_port=sql_port, http_port=self.http_port, max_rows=self.max_rows)
        )
        log = open(self.directory / "stdout.log", "wb")  # noqa: SIM115 - kept open for the child's lifetime
        self.process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)],
            cwd=self.directory,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + self.startup_timeout
        probe = self.url + "?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D"
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise VirtuosoError(f"virtuoso-t exited with {self.process.returncode}: {self._log_tail()}")
            try:
                with opener.open(probe, timeout=2) as resp:
                    if resp.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise VirtuosoError(f"virtuoso-t did not answer on {self.url} within {self.startup_timeout:g} s")

    def _log_tail(self) -> str:
        path = self.directory / "stdout.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return " | ".join(text.strip().splitlines()[-5:])

    def stop(self) -> None:
        """End the server by its PID: SIGTERM, then SIGKILL after 10 s."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def __enter__(self) -> VirtuosoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
