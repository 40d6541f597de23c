"""Explorer page generation time and size at 100 / 1 k / 5 k nodes (synthetic graphs).

Uses :func:`gutjoint_kg.viz.to_html` on random causal graphs shaped like the KB's NetworkX view.
(Time to a stable drawing in Chromium is measured by the explorer's browser tests, not here.)

    python benchmarks/bench_explorer.py --sizes 100 1000 5000
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

import networkx as nx
from common import machine

CATEGORIES = ["Trigger", "BiologicalProcess", "Molecule", "Symptom", "Condition", "Intervention"]
LEVELS = [("established", 4), ("human", 3), ("animal", 2), ("article", 1), ("contested", 0)]


def synthetic_view(n: int, seed: int = 3) -> nx.MultiDiGraph:
    """A MultiDiGraph with the node and edge attributes of :func:`gutjoint_kg.to_networkx`."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    for i in range(n):
        G.add_node(
            f"gj:n{i}",
            label=f"concept {i}",
            category=rng.choice(CATEGORIES),
            definition="A synthetic concept.",
            synonyms=[],
            mappings=[],
            contested=False,
            iri=f"https://w3id.org/gutjoint-kg/n{i}",
        )
    for _ in range(2 * n):
        u, v = f"gj:n{rng.randrange(n)}", f"gj:n{rng.randrange(n)}"
        level, rank = rng.choice(LEVELS)
        pol = rng.choice([1, -1])
        rel = "gj:increases" if pol > 0 else "gj:decreases"
        G.add_edge(
            u,
            v,
            key=rel,
            relation=rel,
            relation_label=rel[3:],
            short_label=rel[3:],
            polarity=pol,
            causal=True,
            evidence=level,
            evidence_rank=rank,
            sources=["synthetic"],
            note=None,
            statement=None,
        )
    return G


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    try:
        from gutjoint_kg.viz import to_html
    except ImportError:
        raise SystemExit("gutjoint_kg.viz is not available yet: nothing to benchmark") from None
    print(f"# explorer page generation, median of {args.runs}; {machine()}")
    for n in args.sizes:
        G = synthetic_view(n)
        times, size = [], 0
        for _ in range(args.runs):
            start = time.perf_counter()
            page = to_html(G)
            times.append(time.perf_counter() - start)
            size = len(page.encode("utf-8"))
        med = statistics.median(times)
        line = f"{n:>6,} nodes  {med:6.2f} s ({min(times):.2f}–{max(times):.2f})  {size / 1e6:6.2f} MB"
        if n >= 5000:
            line += f"   target generated ≤3 s: {'MET' if med <= 3 else 'NOT MET'}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
