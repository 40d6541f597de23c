"""Hostile queries and sockets against ``gutjoint-kg serve`` (a real subprocess on loopback), on both
engines: the server stays up, ``/health`` answers in under a second while the attack runs, the bad
request gets an error, and memory and CPU come back after the deadline."""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .support.virtuoso_harness import free_port

pytestmark = pytest.mark.server

TIMEOUT = 2.0
HEADER_TIMEOUT = 2.0
SSRF = 'SELECT * WHERE {{ BIND("""\n# """ AS ?x) SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}'


def _start(log: Path, *options: str) -> tuple[subprocess.Popen[bytes], str]:
    """``serve`` under a 1,024-file-descriptor limit, on a free loopback port; waits for /health."""
    port = free_port()
    cmd = [sys.executable, "-c", "from gutjoint_kg.cli import main; main()", "serve", "--port", str(port), *options]

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))

    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, preexec_fn=limit)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(base + "/health", timeout=1, trust_env=False).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    pytest.fail(f"serve did not start: {log.read_text()}")


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    log = tmp_path_factory.mktemp("hostile") / "serve.log"
    proc, base = _start(
        log, "--store", request.param, "--timeout", str(TIMEOUT), "--header-timeout", str(HEADER_TIMEOUT),
        "--max-memory-mb", "1024", "--max-connections", "400",
    )  # fmt: skip
    yield proc, base, request.param
    proc.terminate()
    proc.wait(timeout=10)
    assert not _tree(proc.pid)[1:] or all(not Path(f"/proc/{p}").exists() for p in _tree(proc.pid)[1:])


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        found.append(p := todo.pop())
        todo += children.get(p, [])
    return found


def _usage(pid: int) -> tuple[int, float]:
    """(RSS bytes, CPU seconds) of the process tree of ``pid``."""
    rss, cpu = 0, 0.0
    for p in _tree(pid):
        try:
            rss += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            cpu += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass
    return rss, cpu


def _health_ms(base: str) -> float:
    start = time.monotonic()
    r = httpx.get(base + "/health", timeout=5, trust_env=False)
    assert r.status_code == 200
    return (time.monotonic() - start) * 1000


def _attack(base: str, query: str) -> tuple[httpx.Response, list[float]]:
    """POST ``query`` and probe /health every 0.2 s until it is answered: (answer, probe times in ms)."""
    box: dict[str, httpx.Response] = {}

    def send() -> None:
        box["r"] = httpx.post(
            base + "/sparql", content=query, headers={"Content-Type": "application/sparql-query"}, timeout=30,
            trust_env=False,
        )  # fmt: skip

    thread = threading.Thread(target=send)
    thread.start()
    probes = []
    while thread.is_alive():
        probes.append(_health_ms(base))
        time.sleep(0.2)
    thread.join()
    return box["r"], probes


CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
REGEX = 'SELECT * WHERE {{ BIND("{a}!" AS ?o) FILTER(REGEX(STR(?o), "(a+)+$")) }}'.format(a="a" * 40)
VALUES = "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?x { " + " ".join(str(i) for i in range(120_000)) + " } }"


@pytest.mark.parametrize(
    ("name", "query", "statuses"),
    [
        ("cartesian ORDER BY", CARTESIAN, {503}),
        ("catastrophic REGEX", REGEX, {200, 503}),  # Oxigraph's regex engine is linear: it answers
        ("huge VALUES", VALUES, {200, 503}),
        ("5,000 nested {", "SELECT * WHERE " + "{" * 5000 + "}" * 5000, {400}),
        ("20,000 nested (", "SELECT * WHERE { FILTER(" + "(" * 20_000 + "1" + ")" * 20_000 + ") }", {400}),
    ],
)
def test_bad_query_is_stopped_and_the_server_recovers(server: tuple, name: str, query: str, statuses: set) -> None:
    proc, base, store = server
    _health_ms(base)
    rss_before, _ = _usage(proc.pid)
    start = time.monotonic()
    r, probes = _attack(base, query)
    took = time.monotonic() - start
    print(f"{store} {name}: {r.status_code} in {took:.2f} s; /health max {max(probes, default=0):.0f} ms")
    assert r.status_code in statuses, r.text
    assert took < TIMEOUT + 3
    assert max(probes, default=0) < 1000
    assert proc.poll() is None
    time.sleep(0.5)  # the replacement worker is forked
    rss_after, cpu = _usage(proc.pid)
    time.sleep(1.0)
    cpu_used = _usage(proc.pid)[1] - cpu
    assert cpu_used < 0.3, f"{cpu_used:.2f} s of CPU in 1 s after the deadline"
    assert rss_after < rss_before * 1.5 + 100e6, f"{rss_before / 1e6:.0f} MB before, {rss_after / 1e6:.0f} MB after"
    ok = httpx.post(base + "/sparql", data={"query": "ASK { ?s ?p ?o }"}, timeout=10, trust_env=False)
    assert ok.status_code == 200 and ok.json()["boolean"] is True


def test_service_after_a_multiline_string_reaches_nobody(server: tuple, tmp_path: Path) -> None:
    proc, base, store = server
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(0.5)
        query = SSRF.format(port=listener.getsockname()[1])
        r = httpx.post(base + "/sparql", data={"query": query}, timeout=10, trust_env=False)
        assert r.status_code == 400 and "SERVICE is not supported" in r.text
        cli = subprocess.run(
            [sys.executable, "-c", "from gutjoint_kg.cli import main; main()", "sparql", query, "--store", store],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert cli.returncode != 0 and "SERVICE is not supported" in cli.stderr
        with pytest.raises(TimeoutError):
            listener.accept()  # nothing ever connected


#: While 1,500 sockets are being accepted (and the oldest idle ones evicted) a new client waits in
#: the accept queue: /health then took 0.03-1.03 s on an idle 2-core machine. Before the limits the
#: server became unreachable at about 1,100, so the bound is reachability with a margin, not 1 s.
FLOOD_PROBE_MS = 3000


def test_half_open_connections_are_closed_and_never_lock_clients_out(server: tuple) -> None:
    proc, base, _ = server
    port = int(base.rsplit(":", 1)[1])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4096)), hard))
    sockets = []
    try:
        for i in range(1500):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")  # the headers never end
            sockets.append(s)
            if i % 500 == 499:
                probe = _health_ms(base)
                print(f"{i + 1} half-open connections: /health in {probe:.0f} ms")
                assert probe < FLOOD_PROBE_MS
        assert _health_ms(base) < FLOOD_PROBE_MS
        time.sleep(HEADER_TIMEOUT + 1)
        open_ones = 0
        for s in sockets:
            s.settimeout(0.01)
            try:
                open_ones += s.recv(1) != b""
            except TimeoutError:
                open_ones += 1
            except OSError:
                pass
        assert open_ones == 0, f"{open_ones} half-open connections still open"
    finally:
        for s in sockets:
            s.close()
    assert proc.poll() is None and _health_ms(base) < 1000


def test_updates_may_not_load_files_or_reach_out(tmp_path: Path) -> None:
    secret = tmp_path / "secret.ttl"
    secret.write_text("<urn:s> <urn:p> 'secret' .\n")
    proc, base = _start(tmp_path / "serve.log", "--allow-update", "--timeout", str(TIMEOUT))
    try:
        assert httpx.get(base + "/health", trust_env=False).json()["cache"]["budget"] == 0  # answers change
        ask = httpx.get(base + "/sparql", params={"query": "ASK { <urn:a> <urn:b> 'ok' }"}, trust_env=False)
        assert ask.json()["boolean"] is False
        for update in (
            f"LOAD <file://{secret}>",
            "LOAD <http://127.0.0.1:9/x.ttl>",
            f"INSERT DATA {{ <file://{secret}> <urn:p> 1 }}",
        ):
            r = httpx.post(base + "/sparql", data={"update": update}, timeout=10, trust_env=False)
            assert r.status_code == 400, (update, r.text)
        r = httpx.post(
            base + "/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> 'ok' }"}, timeout=10, trust_env=False
        )
        assert r.status_code == 200
        ask = httpx.get(base + "/sparql", params={"query": "ASK { <urn:a> <urn:b> 'ok' }"}, trust_env=False)
        assert ask.json()["boolean"] is True
        killed = httpx.post(base + "/sparql", data={"query": CARTESIAN}, timeout=30, trust_env=False)
        assert killed.status_code == 503
        ask = httpx.get(base + "/sparql", params={"query": "ASK { <urn:a> <urn:b> 'ok' }"}, timeout=10, trust_env=False)
        assert ask.json()["boolean"] is True  # the replacement worker replayed the accepted update
    finally:
        proc.terminate()
        proc.wait(timeout=10)
