"""Path finding at scale: NetworkX view build time and whole-process ``paths`` latency.

For each size a synthetic KG is imported once into an on-disk Oxigraph store; then
``gutjoint-kg paths lipopolysaccharide MONDO:9000001 --store oxigraph:DIR`` runs ``--runs`` times
(a chain crossing from the curated KB through TNF into the synthetic graph), and
:func:`gutjoint_kg.external.scale.store_digraph` builds the whole chainable view once.

    python benchmarks/bench_paths.py --sizes 10000 100000 1000000
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import cli, machine, run_times, summary
from generate import generate

QUERY = ["paths", "lipopolysaccharide", "MONDO:9000001", "--limit", "3"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import gutjoint_kg as gj
    from gutjoint_kg.external.importer import ImportStore
    from gutjoint_kg.external.scale import store_digraph

    print(f"# paths at scale, whole process, median (min–max) of {args.runs}; {machine()}")
    cache = tempfile.mkdtemp(prefix="gj-bench-cache-")
    env = {**os.environ, "GUTJOINT_KG_CACHE_DIR": cache}
    with tempfile.TemporaryDirectory(prefix="gj-bench-") as tmp:
        for size in args.sizes:
            path = Path(tmp) / f"kg-{size}.nt"
            generate(size, path)
            store_dir = Path(tmp) / f"store-{size}"
            store = ImportStore(store_dir)
            store.import_file(path)
            store.link(gj.load())
            store.flush()
            start = time.perf_counter()
            D = store_digraph(store)
            build = time.perf_counter() - start
            del store, D
            argv = [*cli(), *QUERY, "--store", f"oxigraph:{store_dir}"]
            first = subprocess.run(argv, env=env, capture_output=True, text=True, check=True).stdout
            assert "MONDO:9000001" in first or "disease" in first, first
            times = run_times(argv, args.runs, env=env)
            line = f"{size:>9,} edges  view build {build:6.2f} s   paths {summary(times)}"
            if size >= 1_000_000:
                ok = statistics.median(times) <= 1.5
                line += f"   target ≤1.5 s: {'MET' if ok else 'NOT MET'}"
            print(line, flush=True)


if __name__ == "__main__":
    main()
