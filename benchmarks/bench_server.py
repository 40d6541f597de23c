"""Latency of ``gutjoint-kg serve`` under 20 concurrent clients on the shipped named queries, both engines.

Each engine's server runs as a subprocess on loopback. A single client first runs every named query
(its defaults) ``--runs`` times for the single-client median; then ``--clients`` threads each send
``--requests`` requests cycling through the queries. Printed per engine: single-client median,
p50/p90/p99 under load and p99 / single median (target ≤ 10×), and the start-up of the workers,
with the result cache on (64 MB: the single-client runs and the load repeat answered queries) and off.

    python benchmarks/bench_server.py --clients 20 --requests 20
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import threading
import time

import httpx
from common import cli, machine


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(store: str, workers: int, cache_mb: int) -> tuple[subprocess.Popen[bytes], str, float]:
    """A server on a free port, its base URL and seconds until /health answered."""
    port = _free_port()
    start = time.perf_counter()
    argv = [*cli(), "serve", "--store", store, "--port", str(port), "--workers", str(workers), "--timeout", "30"]
    argv += ["--cache-mb", str(cache_mb)]
    proc = subprocess.Popen(argv, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    while True:
        try:
            if httpx.get(base + "/health", timeout=1, trust_env=False).status_code == 200:
                return proc, base, time.perf_counter() - start
        except httpx.TransportError:
            time.sleep(0.05)


def _get(client: httpx.Client, name: str) -> tuple[int, float]:
    """(HTTP status, seconds) of one named query with its defaults."""
    start = time.perf_counter()
    r = client.get(f"/queries/{name}", headers={"Accept": "application/sparql-results+json, text/turtle;q=0.9"})
    return r.status_code, time.perf_counter() - start


def _load(base: str, names: list[str], clients: int, requests: int) -> list[float]:
    """Seconds of every request of ``clients`` concurrent clients sending ``requests`` each."""
    times: list[float] = []

    def one(i: int) -> None:
        with httpx.Client(base_url=base, timeout=60, trust_env=False) as c:
            for k in range(requests):
                status, took = _get(c, names[(i + k) % len(names)])
                if status != 200:
                    raise SystemExit(f"HTTP {status} under load")
                times.append(took)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times


def _pct(times: list[float], p: float) -> float:
    return sorted(times)[min(len(times) - 1, int(p * len(times)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=20, help="requests per client")
    parser.add_argument("--runs", type=int, default=5, help="single-client runs of each query")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--store", action="append", choices=["memory", "oxigraph"])
    parser.add_argument("--cache-mb", action="append", type=int, help="result cache budgets (default: 64 and 0)")
    args = parser.parse_args()
    print(machine())
    print(
        f"{'store':9} {'cache MB':>8} {'start s':>8} {'single ms':>10} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8}"
        f" {'p99/single':>10}"
    )
    for store in args.store or ["memory", "oxigraph"]:
        for cache_mb in args.cache_mb or [64, 0]:
            _row(store, cache_mb, args)


def _row(store: str, cache_mb: int, args: argparse.Namespace) -> None:
    """Measure one server (engine, cache budget) and print its line."""
    proc, base, started = _serve(store, args.workers, cache_mb)
    try:
        with httpx.Client(base_url=base, timeout=60, trust_env=False) as client:
            names = [q["name"] for q in client.get("/queries").json()]
            first = {n: _get(client, n)[0] for n in names}
            names = [n for n in names if first[n] == 200]
            single = [_get(client, n)[1] for _ in range(args.runs) for n in names]
        loaded = _load(base, names, args.clients, args.requests)
        skipped = ", ".join(f"{n} (HTTP {s})" for n, s in first.items() if s != 200)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    med = statistics.median(single)
    p50, p90, p99 = (_pct(loaded, p) * 1000 for p in (0.5, 0.9, 0.99))
    print(
        f"{store:9} {cache_mb:8} {started:8.2f} {med * 1000:10.1f} {p50:8.1f} {p90:8.1f} {p99:8.1f}"
        f" {p99 / 1000 / med:9.1f}×"
    )
    if skipped:
        print(f"  left out on {store} (they fail with a single client): {skipped}")


if __name__ == "__main__":
    main()
