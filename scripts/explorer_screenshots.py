"""Regenerate the explorer screenshots of docs/classroom.md and docs/explorer.md from the real page.

Writes the default page of the shipped KB, opens it in the project's offline headless Chromium at a
projector's 1280x720, and saves one PNG per classroom step (overview, a concept's panel, a chain being
stepped through) into docs/. Needs Debian's chromium + chromium-driver and the test extra (selenium).

    python scripts/explorer_screenshots.py [--out docs]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests/support/headless.py is the project's one headless helper

import gutjoint_kg as gj  # noqa: E402
from gutjoint_kg.kb.views import select  # noqa: E402
from gutjoint_kg.paths import causal_paths  # noqa: E402
from gutjoint_kg.render import explorer as viz  # noqa: E402
from tests.support.headless import offline_chromium  # noqa: E402


def best_pair(G) -> tuple[str, str]:
    """The trigger and symptom labels of the longest best chain (a chain worth stepping through)."""
    best: tuple[int, str, str] | None = None
    for s, d in G.nodes(data=True):
        if d["category"] != "Trigger":
            continue
        for t, e in G.nodes(data=True):
            if e["category"] != "Symptom":
                continue
            try:
                chain = causal_paths(G, s, t, limit=1)[0]
            except gj.GutJointError:
                continue
            if best is None or chain.length > best[0]:
                best = (chain.length, d["label"], e["label"])
    if best is None:
        raise SystemExit("the KB has no trigger-to-symptom chain to show")
    return best[1], best[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    kb = gj.load()
    G = gj.to_networkx(kb)
    source, target = best_pair(G)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "explorer.html"
        viz.to_html(select(kb), page, kb=kb)
        driver = offline_chromium(Path(tmp) / "profile")
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1280, "height": 720, "deviceScaleFactor": 1, "mobile": False},
        )
        try:

            def shot(hash_: str, name: str, script: str = "") -> None:
                driver.get("about:blank")
                driver.get(page.as_uri() + hash_)
                deadline = time.monotonic() + 30
                while not driver.execute_script("return !!(window.gjExplorer && window.gjExplorer.ready)"):
                    if time.monotonic() > deadline:
                        raise SystemExit(f"the page did not get ready for {name}")
                    time.sleep(0.05)
                if script:
                    driver.execute_script(script)
                time.sleep(0.4)
                driver.save_screenshot(str(args.out / name))
                print(f"wrote {args.out / name}")

            shot("", "explorer.png")
            shot(
                "", "classroom-concept.png", "gjExplorer.selectConcept(gjExplorer.data.nodes.find(n => n.overview).id)"
            )
            shot(f"#chain={source}/{target}", "classroom-chain.png", "gjExplorer.stepBy(1)")
            shot("", "classroom-help.png", "gjExplorer.showHelp(true)")
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
