"""Rebuild tests/data/eco-terms.tsv: the ECO terms the offline label check compares against.

ECO (the Evidence & Conclusion Ontology) ships in no PyPI package, so tests/test_ontology_labels.py
reads a small pinned cut of it: for each ECO id the schema or ontology/verified-identifiers.tsv uses,
plus the candidates checked when the evidence grades were mapped (and one obsolete term, so the
obsolete flag is exercised), its id, name and obsolete flag, read from ``eco.obo`` of a fetched
snapshot of github.com/evidenceontology/evidenceontology (a git directory) at a pinned commit.
Nothing is downloaded.

Usage: python scripts/eco_terms.py GIT_DIR [COMMIT] [-o tests/data/eco-terms.tsv]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_ontology_labels import obo_terms  # noqa: E402  (the reader the label check uses)

PINNED = "28e39bd2df92afd42aa0b80be3c56aad936c4e87"  # evidenceontology/evidenceontology, release 2024-07-19
#: Checked while mapping the grades but not used (parents of the used terms, rejected candidates),
#: and ECO:0007189, an obsolete term the test uses to see that the flag is read.
EXTRA = (
    "ECO:0000000",
    "ECO:0000006",
    "ECO:0000034",
    "ECO:0000179",
    "ECO:0000180",
    "ECO:0000181",
    "ECO:0000205",
    "ECO:0000305",
    "ECO:0000352",
    "ECO:0007189",
)


def used_ids() -> set[str]:
    """ECO ids in the schema, the KB files and the verified list."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "ontology").rglob("*.ttl"))
    ids = {"ECO:" + n for n in re.findall(r"obo:ECO_(\d{7})", text)}
    sheet = (ROOT / "ontology" / "verified-identifiers.tsv").read_text(encoding="utf-8")
    return ids | set(re.findall(r"^(ECO:\d{7})\t", sheet, flags=re.M))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("git_dir", type=Path)
    ap.add_argument("commit", nargs="?", default=PINNED)
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "tests" / "data" / "eco-terms.tsv")
    args = ap.parse_args()
    obo = subprocess.run(
        ["git", "-C", str(args.git_dir), "show", f"{args.commit}:eco.obo"], capture_output=True, text=True, check=True
    ).stdout
    version = next((line.split(": ", 1)[1] for line in obo.splitlines() if line.startswith("data-version: ")), "?")
    known = obo_terms(obo)
    wanted = sorted(used_ids() | set(EXTRA))
    missing = [i for i in wanted if i not in known]
    if missing:
        raise SystemExit(f"not in eco.obo at {args.commit}: {missing}")
    lines = [
        "# ECO terms cut from eco.obo of github.com/evidenceontology/evidenceontology",
        f"# commit {args.commit} (data-version: {version}); rebuild: python scripts/eco_terms.py GIT_DIR",
        "id\tlabel\tobsolete",
    ]
    lines += [f"{i}\t{known[i][0]}\t{'true' if known[i][1] else 'false'}" for i in wanted]
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.output}: {len(wanted)} terms")


if __name__ == "__main__":
    main()
