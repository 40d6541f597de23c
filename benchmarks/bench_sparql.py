"""SPARQL latency of the named queries (ontology/queries) per store, on the KB plus a synthetic KG.

Both graphs hold the same triples: the curated KB merged with ``--edges`` synthetic edges. Each
query runs through :func:`gutjoint_kg.sparql.run` (the ``sparql`` command's engine) ``--runs``
times on rdflib's memory store and on Oxigraph (oxrdflib); medians are compared.

    python benchmarks/bench_sparql.py --edges 1000000 --runs 3
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from common import machine, peak_rss_mb
from generate import generate

#: A value per parameter type (graphs are passed without a KnowledgeBase, so names are not resolved).
SAMPLE = {"concept": "gj:joint_pain", "iri": "gj:joint_pain", "level": "gj:HumanStudies"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edges", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    try:
        from gutjoint_kg import sparql
    except ImportError:
        raise SystemExit("gutjoint_kg.sparql is not available yet: nothing to benchmark") from None
    from rdflib import Graph

    import gutjoint_kg as gj

    kb = gj.load()
    queries = sparql.list_queries()
    if not queries:
        raise SystemExit("no named queries in ontology/queries")
    with tempfile.TemporaryDirectory(prefix="gj-bench-") as tmp:
        path = Path(tmp) / "kg.nt"
        generate(args.edges, path)
        graphs = {}
        for store, fmt in (("memory", "nt"), ("oxigraph", "ox-nt")):
            start = time.perf_counter()
            g = Graph() if store == "memory" else Graph(store="Oxigraph")
            g.parse(path, format=fmt)
            g += kb.graph
            graphs[store] = g
            print(f"# {store}: {len(g):,} triples loaded in {time.perf_counter() - start:.1f} s", flush=True)
    print(f"# named queries on {args.edges:,} synthetic edges + the KB, median of {args.runs}; {machine()}")
    worst = None
    for q in queries:
        params = {p.name: SAMPLE.get(p.type, "1") for p in q.params if p.required or p.type == "level"}
        times: dict[str, list[float]] = {"memory": [], "oxigraph": []}
        rows = {}
        try:
            sparql.run(graphs["oxigraph"], q.text, params=params, timeout=None)
        except gj.GutJointError as exc:
            print(f"{q.name:32s} skipped: {exc}")
            continue
        for _ in range(args.runs):
            for store, g in graphs.items():
                start = time.perf_counter()
                result = sparql.run(g, q.text, params=params, timeout=None)
                rows[store] = len(result.records()) if hasattr(result, "records") else 0
                times[store].append(time.perf_counter() - start)
        mem, ox = statistics.median(times["memory"]), statistics.median(times["oxigraph"])
        speedup = mem / ox if ox else float("inf")
        worst = speedup if worst is None else min(worst, speedup)
        same = "same rows" if rows["memory"] == rows["oxigraph"] else f"ROWS DIFFER {rows}"
        times_ms = f"memory {mem * 1000:9.2f} ms  oxigraph {ox * 1000:8.2f} ms"
        print(f"{q.name:32s} {times_ms}  {speedup:6.1f}×  ({same})", flush=True)
    print(
        f"slowest speed-up {worst:.1f}× (target ≥5×: {'MET' if worst >= 5 else 'NOT MET'}); "
        f"peak RSS {peak_rss_mb():.0f} MB"
    )


if __name__ == "__main__":
    main()
