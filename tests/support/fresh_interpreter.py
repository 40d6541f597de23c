"""Run Python code in a fresh interpreter and report which modules it left loaded (import-cost tests)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Fresh:
    """What a fresh interpreter printed and the names of every module in its ``sys.modules``."""

    stdout: str
    modules: set[str]

    def under(self, *packages: str) -> set[str]:
        """The loaded modules that are ``packages`` or inside them."""
        return {m for m in self.modules if any(m == p or m.startswith(p + ".") for p in packages)}


def run_fresh(code: str, *, cache_dir: Path | None = None) -> Fresh:
    """Run ``code`` with ``python -c`` from the repository root (``cache_dir``: the gutjoint-kg cache)."""
    env = dict(os.environ)
    if cache_dir is not None:
        env["GUTJOINT_KG_CACHE_DIR"] = str(cache_dir)
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "modules.txt"
        tail = f"\nimport sys\nopen({str(listing)!r}, 'w').write(' '.join(sorted(sys.modules)))\n"
        out = subprocess.run(
            [sys.executable, "-c", code + tail], capture_output=True, text=True, check=True, cwd=ROOT, env=env
        )
        return Fresh(out.stdout, set(listing.read_text().split()))
