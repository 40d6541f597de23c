"""OWL reasoning over the KB: HermiT (via owlready2) accepts the KB with the RO/BFO axioms its
relation alignments import, and the alignments fit how each relation is used (issue 19)."""

from __future__ import annotations

from pathlib import Path

import owlready2
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from gutjoint_kg import resources
from gutjoint_kg.kb.store import load
from gutjoint_kg.terms import GJ

MODULE = Path(__file__).parent / "data" / "ro-module.ttl"
OBO = "http://purl.obolibrary.org/obo/"
#: RO property -> (allowed subject categories, allowed object categories); None = no domain/range.
#: From the RO domains/ranges in the module: RO_0003000 produces is material entity -> material
#: entity; RO_0002452 has symptom is disease -> phenotype; RO_0003304 contributes to condition ends
#: in a condition.
FIT: dict[str, tuple[set[str] | None, set[str] | None]] = {
    "RO_0002410": (None, None),
    "RO_0002610": (None, None),
    "RO_0003304": (None, {"Condition"}),
    "RO_0003000": ({"MicrobialTaxon", "CellType", "AnatomicalStructure"}, {"Molecule", "AnatomicalStructure"}),
    "RO_0002452": ({"Condition"}, {"Symptom"}),
}

pytestmark = pytest.mark.slow


def hermit(graph: Graph, tmp_path: Path) -> list[str]:
    """Run HermiT on ``graph``; the unsatisfiable classes, or raise if the ABox is inconsistent."""
    path = tmp_path / "kb.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    return [c.iri for c in world.inconsistent_classes()]


def kb_with_module() -> Graph:
    """The shipped KB plus the RO/BFO module, as one rdflib graph."""
    graph = Graph()
    for path in resources.shipped_files():
        graph.parse(path)
    graph.parse(MODULE)
    return graph


def test_hermit_finds_the_kb_with_ro_consistent(tmp_path: Path) -> None:
    assert hermit(kb_with_module(), tmp_path) == []


def test_hermit_rejects_a_relation_used_against_its_ro_domain(tmp_path: Path) -> None:
    # A condition that has a symptom is an RO disease (a disposition, a dependent continuant); if it
    # also "produced" something it would be a material entity (an independent continuant): disjoint.
    graph = kb_with_module()
    condition = next(s for s, _ in graph.subject_objects(GJ.hasSymptom))
    molecule = next(o for _, o in graph.subject_objects(GJ.produces))
    graph.add((condition, GJ.produces, molecule))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        hermit(graph, tmp_path)


def test_module_declares_every_ro_property_the_schema_aligns_to() -> None:
    schema = Graph().parse(resources.schema_file())
    module = Graph().parse(MODULE)
    aligned = {o for o in schema.objects(None, RDFS.subPropertyOf) if str(o).startswith(OBO)}
    missing = [str(p) for p in aligned if (p, RDFS.label, None) not in module]
    assert aligned and not missing, f"rebuild tests/data/ro-module.ttl with scripts/ro_module.py: {missing}"
    assert {str(p).removeprefix(OBO) for p in aligned} == set(FIT), "add the new alignment's fit to FIT"


def test_every_use_of_an_aligned_relation_fits_the_ro_domain_and_range() -> None:
    kb = load()
    schema = kb.graph
    misfits = []
    for st in kb.statements:
        supers = schema.transitive_objects(st.predicate, RDFS.subPropertyOf)
        for ro in (str(p).removeprefix(OBO) for p in supers if isinstance(p, URIRef) and str(p).startswith(OBO)):
            domain, range_ = FIT[ro]
            s, o = kb.concepts[st.subject].category, kb.concepts[st.object].category
            if (domain is not None and s not in domain) or (range_ is not None and o not in range_):
                misfits.append(f"{st.subject} {st.predicate} {st.object} ({s} -> {o}) vs {ro}")
    assert not misfits, misfits
