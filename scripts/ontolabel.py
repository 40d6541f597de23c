"""Print the official label of ontology IDs, read offline from the ontology data the test extra installs.

Usage: python scripts/ontolabel.py CL:0000815 MONDO:0005130 ...  (the same reader tests/test_ontology_labels.py uses)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.test_ontology_labels import official_label  # noqa: E402


def main(ids: list[str]) -> int:
    """Print one line per ID: its label, OBSOLETE, or NOT FOUND; exit 1 if any is not found."""
    missing = 0
    for ident in ids:
        found = official_label(ident)
        if found is None:
            missing += 1
            print(f"{ident}\tNOT FOUND")
        else:
            print(f"{ident}\t{found[0]}{' [OBSOLETE]' if found[1] else ''}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
