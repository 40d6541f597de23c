"""The schema is OWL 2 DL, by the OWL API's own OWL 2 DL profile checker (issue 19).

The checker is tests/support/OwlProfile.java, run by Java's source launcher against the OWL API jar
that owlready2 ships (for Pellet); nothing is downloaded.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import owlready2
import pytest

from gutjoint_kg import resources

CHECKER = Path(__file__).parent / "support" / "OwlProfile.java"
OWLAPI = next((Path(owlready2.__file__).parent / "pellet").glob("owlapi-distribution-*.jar"))

pytestmark = pytest.mark.slow


def dl_violations(path: Path) -> list[str]:
    """The OWL 2 DL profile violations the OWL API reports for one ontology document."""
    java = shutil.which("java")
    assert java, "Java is needed (Debian: default-jre-headless)"
    run = subprocess.run(
        [java, "-cp", str(OWLAPI), str(CHECKER), str(path)], capture_output=True, text=True, timeout=120
    )
    lines = run.stdout.splitlines()
    assert lines and lines[-1].startswith("axioms: "), run.stderr[-2000:]
    assert int(lines[-1].split()[1]) > 400, "the checker read too few axioms"
    assert (run.returncode == 0) == (len(lines) == 1), run.stdout[-2000:]
    return lines[:-1]


def test_the_schema_is_owl2_dl() -> None:
    assert dl_violations(resources.schema_file()) == []


def test_the_checker_reports_the_misuses_issue_19_fixed(tmp_path: Path) -> None:
    bad = tmp_path / "schema.ttl"
    bad.write_text(
        resources.schema_file().read_text(encoding="utf-8")
        + "\ngj:polarity a owl:DatatypeProperty .\ngj:Statement rdfs:subClassOf rdf:Statement .\n",
        encoding="utf-8",
    )
    found = "\n".join(dl_violations(bad))
    assert "rdf:Statement" in found and "gutjoint-kg/polarity" in found
