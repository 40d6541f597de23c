"""Explorer page generation time and size at 100 / 1 k / 5 k nodes, and time to a stable page in Chromium
(the shipped KB's default page, target ≤ 1.5 s, and the largest synthetic page, target ≤ 5 s).

Uses :func:`gutjoint_kg.render.explorer.to_html` on random causal graphs shaped like the KB's NetworkX view, then
opens the largest page in headless Chromium (network blocked, as in ``tests/test_browser.py``) and
reads ``window.gjExplorer.readyMs``: milliseconds from navigation start to the first complete drawing.

    python benchmarks/bench_explorer.py --sizes 100 1000 5000 --runs 3
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

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


def chromium_ready_ms(page: Path, runs: int) -> list[float]:
    """``readyMs`` of ``runs`` fresh loads of ``page`` in one headless, offline Chromium."""
    from gutjoint_kg.errors import GutJointError
    from tests.support.headless import offline_chromium

    with tempfile.TemporaryDirectory() as profile:
        try:
            driver = offline_chromium(Path(profile))
        except GutJointError as exc:
            raise SystemExit(f"{exc} (or pass --no-browser)") from None
        try:
            out = []
            for _ in range(runs):
                driver.get("about:blank")
                driver.get(page.resolve().as_uri())
                deadline = time.monotonic() + 120
                while not driver.execute_script("return !!(window.gjExplorer && window.gjExplorer.ready)"):
                    if time.monotonic() > deadline:
                        raise SystemExit(f"{page.name} not stable after 120 s")
                    time.sleep(0.05)
                out.append(driver.execute_script("return window.gjExplorer.readyMs") / 1000)
            return out
        finally:
            driver.quit()


def spread(values: list[float], fmt: str = ".2f") -> str:
    """``median (min–max)``."""
    return f"{statistics.median(values):{fmt}} ({min(values):{fmt}}–{max(values):{fmt}})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurement")
    args = parser.parse_args()
    try:
        from gutjoint_kg.render.explorer import to_html
    except ImportError:
        raise SystemExit("gutjoint_kg.render.explorer is not available yet: nothing to benchmark") from None
    print(f"# explorer page generation, median (min–max) of {args.runs}; {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        largest = None
        for n in sorted(args.sizes):  # the last page written is the largest
            G = synthetic_view(n)
            times, sizes = [], []
            for _ in range(args.runs):
                start = time.perf_counter()
                page = to_html(G)
                times.append(time.perf_counter() - start)
                sizes.append(len(page.encode("utf-8")) / 1e6)
            line = f"{n:>6,} nodes  {spread(times)} s  {spread(sizes)} MB"
            if n >= 5000:
                line += f"   target generated ≤3 s: {'MET' if statistics.median(times) <= 3 else 'NOT MET'}"
            print(line, flush=True)
            largest = Path(tmp) / f"explorer-{n}.html"
            largest.write_text(page, encoding="utf-8")
        if not args.no_browser:  # the page a teacher opens: the shipped KB's default overview
            import gutjoint_kg as gj
            from gutjoint_kg.kb.views import select

            kb = gj.load()
            start = time.perf_counter()
            whole = Path(tmp) / "explorer-kb.html"
            whole.write_text(to_html(select(kb), kb=kb), encoding="utf-8")
            made = time.perf_counter() - start
            ready = chromium_ready_ms(whole, args.runs)
            verdict = "MET" if statistics.median(ready) <= 1.5 else "NOT MET"
            print(
                f"shipped KB ({len(kb.concepts)} concepts) generated in {made:.2f} s, "
                f"stable in Chromium after {spread(ready)} s   target ≤1.5 s: {verdict}",
                flush=True,
            )
        if largest is not None and not args.no_browser:
            ready = chromium_ready_ms(largest, args.runs)
            line = f"{n:>6,} nodes  stable in Chromium after {spread(ready)} s"
            if n >= 5000:
                line += f"   target ≤5 s: {'MET' if statistics.median(ready) <= 5 else 'NOT MET'}"
            print(line, flush=True)


if __name__ == "__main__":
    main()
