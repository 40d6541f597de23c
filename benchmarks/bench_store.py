"""Load rate (triples/s) and peak RSS per store, each load in a fresh process.

* ``memory``: rdflib's in-memory store, ``Graph.parse`` of the N-Triples file;
* ``oxigraph``: ``gutjoint-kg import FILE --into DIR`` (library call), persistent on disk;
* ``pyoxigraph-disk`` / ``pyoxigraph-memory`` (with ``--stores``): pyoxigraph's own ``bulk_load``
  of the whole file into one named graph, on disk / in memory — the ceiling any importer built on
  pyoxigraph can reach on the machine.

    python benchmarks/bench_store.py --sizes 100000 1000000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from common import machine
from generate import generate

CHILD = r"""
import json, resource, sys, time, tempfile
path, store = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if store == "memory":
    from rdflib import Graph
    g = Graph()
    g.parse(path, format="nt")
    n = len(g)
elif store.startswith("pyoxigraph"):  # the ceiling: pyoxigraph's own bulk loader, whole file, one named graph
    import pyoxigraph as ox
    s = ox.Store() if store == "pyoxigraph-memory" else ox.Store(tempfile.mkdtemp(prefix="gj-bench-store-"))
    s.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode("urn:gj:bench"))
    n = len(s)
else:
    from gutjoint_kg.external.importer import ImportStore
    s = ImportStore(tempfile.mkdtemp(prefix="gj-bench-store-") + "/kg")
    n = s.import_file(path).triples
    s.flush()
seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"triples": n, "seconds": seconds, "rss_mb": rss}))
"""


def write_minimal(size: int, path: Path) -> int:
    """``size`` triples of short IRIs (100 k subjects, 10 predicates): the cheapest input to load."""
    with path.open("w", encoding="ascii") as fh:
        for i in range(size):
            fh.write(f"<http://e.org/s{i % 100_000}> <http://e.org/p{i % 10}> <http://e.org/o{i}> .\n")
    return size


def measure(path: Path, store: str) -> dict:
    """Load ``path`` into ``store`` in a child process; its triple count, seconds and peak RSS."""
    out = subprocess.run([sys.executable, "-c", CHILD, str(path), store], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--stores", nargs="+", default=["memory", "oxigraph"])
    parser.add_argument(
        "--minimal", action="store_true", help="SIZE minimal triples (short IRIs, no literals), not a synthetic KG"
    )
    args = parser.parse_args()
    print(f"# load rate and peak RSS; {machine()}")
    with tempfile.TemporaryDirectory(prefix="gj-bench-") as tmp:
        for size in args.sizes:
            path = Path(tmp) / f"kg-{size}.nt"
            triples = write_minimal(size, path) if args.minimal else generate(size, path)
            for store in args.stores:
                r = measure(path, store)
                line = (
                    f"{store:17s} {triples:>10,} triples  {r['seconds']:7.2f} s  "
                    f"{r['triples'] / r['seconds']:>10,.0f} triples/s  peak RSS {r['rss_mb']:7.0f} MB"
                )
                if store == "oxigraph" and size >= 1_000_000:
                    ok = r["triples"] / r["seconds"] >= 250_000 and r["rss_mb"] <= 600
                    line += f"   target ≥250k/s, ≤600 MB: {'MET' if ok else 'NOT MET'}"
                print(line, flush=True)


if __name__ == "__main__":
    main()
