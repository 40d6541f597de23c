"""Helpers shared by the benchmark scripts: timing whole processes, medians, peak memory."""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))  # tests.support (the headless browser helper) for bench_explorer


def run_times(argv: Sequence[str], runs: int, env: dict | None = None) -> list[float]:
    """Wall-clock seconds of ``runs`` executions of a whole process (output discarded)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
        times.append(time.perf_counter() - start)
    return times


def summary(times: Sequence[float], unit: str = "s") -> str:
    """``median (min–max)`` of a list of timings."""
    return f"{statistics.median(times):.3f} {unit} ({min(times):.3f}–{max(times):.3f})"


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    """One line describing where the figures came from."""
    cpus = os.cpu_count()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.machine()}, {cpus} cores, {mem:.0f} GiB RAM, Python {platform.python_version()}"


def cli() -> list[str]:
    """The ``gutjoint-kg`` entry point as an argv prefix (same interpreter)."""
    script = Path(sys.executable).parent / "gutjoint-kg"
    if not script.exists():
        raise SystemExit(f"{script} not found: install the package first (pip install -e .)")
    return [str(script)]
