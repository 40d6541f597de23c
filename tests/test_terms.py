"""The gj: schema terms of :mod:`gutjoint_kg.terms`: a closed namespace whose every name the schema
(ontology/gutjoint.ttl) defines, and that holds every term the code uses."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef

from gutjoint_kg.terms import GJ, MANIFEST_TERMS
from gutjoint_kg.vocab import GJ_NS

from .support.data import ROOT

DECLARED = set(GJ.__annotations__)

#: Terms of the claim and evidence-grading model (KB 2.0) the code and the explorer read.
MODEL_TERMS = {
    "Claim", "organism", "studyDesign", "urgent", "chainEnd", "verbPhrase", "verdict", "Human", "Mouse", "Rat",
    "OtherAnimal", "InVitro", "SystematicReview", "RCT", "Cohort", "CaseControl", "CrossSectional", "CaseSeries",
    "AnimalExperiment", "InVitroExperiment", "NarrativeReview", "Guideline",
}  # fmt: skip


def _schema_terms() -> set[str]:
    g = Graph().parse(ROOT / "ontology" / "gutjoint.ttl")
    return {str(s)[len(GJ_NS) :] for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(GJ_NS)}


def test_every_declared_term_is_defined_in_the_schema() -> None:
    assert str(GJ) == GJ_NS
    missing = DECLARED - MANIFEST_TERMS - _schema_terms()
    assert not missing, f"declared in gutjoint_kg/terms.py but not defined in ontology/gutjoint.ttl: {sorted(missing)}"


def test_the_model_terms_are_declared() -> None:
    assert MODEL_TERMS <= DECLARED, sorted(MODEL_TERMS - DECLARED)


def test_every_term_the_code_uses_is_declared() -> None:
    used = set()
    for path in (ROOT / "src" / "gutjoint_kg").rglob("*.py"):
        if path.name == "terms.py":  # the definitions themselves (its docstring shows a typo)
            continue
        used |= set(re.findall(r"\bGJ\.([A-Za-z_]\w*)", path.read_text(encoding="utf-8")))
    assert used and used <= DECLARED, sorted(used - DECLARED)
    importer = (ROOT / "src" / "gutjoint_kg" / "external" / "importer.py").read_text(encoding="utf-8")
    assert all(f"{{GJ_NS}}{t}" in importer or f"{{gj}}{t}" in importer for t in MANIFEST_TERMS)


def test_a_typo_raises() -> None:
    assert GJ.polarity == URIRef(GJ_NS + "polarity")
    with pytest.raises(AttributeError, match="polarty"):
        GJ.polarty  # noqa: B018
    with pytest.raises(AttributeError, match="tight_junction"):
        GJ["tight_junction"]  # a concept is data, not a schema term: expand("gj:tight_junction")
