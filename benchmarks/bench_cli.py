"""CLI start-up: whole-process time of ``info``, ``show`` and ``paths`` against import floors.

Cold = empty cache directory each run (Turtle parsed); warm = cache filled beforehand. Floors are
``python -c "import networkx"`` and ``python -c "import rdflib"``. Runs are interleaved so that
background load affects every command alike.

    python benchmarks/bench_cli.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from subprocess import DEVNULL, run

from common import cli, machine, summary

COMMANDS = {
    "info": ["info"],
    "show": ["show", "leaky gut"],
    "paths": ["paths", "chronic stress", "joint pain"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    warm_dir = tempfile.mkdtemp(prefix="gj-bench-warm-")
    env_warm = {**os.environ, "GUTJOINT_KG_CACHE_DIR": warm_dir}
    run([*cli(), "info"], env=env_warm, stdout=DEVNULL, check=True)  # fill the cache
    cases: dict[str, tuple[list[str], str | None]] = {
        "floor: import networkx": ([sys.executable, "-c", "import networkx"], None),
        "floor: import rdflib": ([sys.executable, "-c", "import rdflib"], None),
    }
    for name, argv in COMMANDS.items():
        cases[f"{name} (warm)"] = ([*cli(), *argv], "warm")
        cases[f"{name} (cold)"] = ([*cli(), *argv], "cold")
    times: dict[str, list[float]] = {k: [] for k in cases}
    for _ in range(args.runs):
        for name, (argv, cache) in cases.items():
            env = env_warm
            cold_dir = None
            if cache == "cold":
                cold_dir = tempfile.mkdtemp(prefix="gj-bench-cold-")
                env = {**os.environ, "GUTJOINT_KG_CACHE_DIR": cold_dir}
            start = time.perf_counter()
            run(argv, env=env, stdout=DEVNULL, stderr=DEVNULL, check=True)
            times[name].append(time.perf_counter() - start)
            if cold_dir:
                shutil.rmtree(cold_dir, ignore_errors=True)
    shutil.rmtree(warm_dir, ignore_errors=True)
    floor = statistics.median(times["floor: import networkx"])
    print(f"# CLI start-up, {args.runs} runs each, median (min–max); {machine()}")
    for name, t in times.items():
        print(f"{name:28s} {summary(t)}   {statistics.median(t) / floor:.2f}× networkx")
    warm = statistics.median(times["paths (warm)"]) / floor
    cold = statistics.median(times["paths (cold)"]) / floor
    print(f"target paths warm ≤ 1.5× networkx: {warm:.2f}× {'MET' if warm <= 1.5 else 'NOT MET'}")
    print(f"target paths cold ≤ 3× networkx:   {cold:.2f}× {'MET' if cold <= 3 else 'NOT MET'}")


if __name__ == "__main__":
    main()
