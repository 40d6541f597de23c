"""The KB 2.0 model of issue 13 ("Done means"), measured on the shipped graph with rdflib.

Every number is counted from the graph at test time; only the thresholds (the issue's targets) are
constants.
"""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

import gutjoint_kg as gj
from gutjoint_kg.vocab import GJ, GJSRC, curie

# --- issue 13 targets ------------------------------------------------------------------------
MIN_CONCEPTS = 250
MIN_STATEMENTS = 900  # both layers: mechanism statements and the article's claims
MIN_PUBLICATIONS = 80
MIN_MECHANISM_CITING_A_PUBLICATION = 0.75
MIN_BIOMEDICAL_MAPPED = 0.70

#: Relations the evidence-ceiling rule treats as definitional (curators may grade them established).
DEFINITIONAL = {GJ.partOf, GJ.subtypeOf, GJ.locatedIn}

#: Categories of biomedical entities that standard ontologies (HP, MONDO, GO, UBERON, CHEBI, CL,
#: NCBITaxon, HGNC) cover; triggers, interventions, red flags and risk factors are lay or composite notions.
BIOMEDICAL = {
    GJ.AnatomicalStructure,
    GJ.BarrierComponent,
    GJ.BiologicalProcess,
    GJ.CellType,
    GJ.Condition,
    GJ.MicrobialTaxon,
    GJ.Molecule,
    GJ.Symptom,
}

MAPPINGS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.relatedMatch, SKOS.broadMatch, SKOS.narrowMatch)


@pytest.fixture(scope="module")
def g(kb: gj.KnowledgeBase) -> Graph:
    return kb.graph


def _concepts(g: Graph) -> set:
    return {c for cat in g.subjects(RDFS.subClassOf, GJ.Concept) for c in g.subjects(RDF.type, cat)}


def _claims(g: Graph) -> set:
    return set(g.subjects(RDF.type, GJ.Claim))


def _mechanism(g: Graph) -> set:
    return set(g.subjects(RDF.type, GJ.Statement)) - _claims(g)


def _publications(g: Graph) -> set:
    return set(g.subjects(RDF.type, GJ.Publication))


def _is_article(g: Graph, source) -> bool:
    return source == GJSRC.article or (source, DCTERMS.isPartOf, GJSRC.article) in g


def _triple(g: Graph, node) -> tuple:
    return g.value(node, RDF.subject), g.value(node, RDF.predicate), g.value(node, RDF.object)


# --- size --------------------------------------------------------------------------------------


def test_at_least_250_concepts(g: Graph) -> None:
    assert len(_concepts(g)) >= MIN_CONCEPTS


def test_at_least_900_statements_in_the_two_layers(g: Graph) -> None:
    mechanism, claims = _mechanism(g), _claims(g)
    assert mechanism and claims
    assert len(mechanism) + len(claims) >= MIN_STATEMENTS, (len(mechanism), len(claims))


def test_at_least_80_publications(g: Graph) -> None:
    assert len(_publications(g)) >= MIN_PUBLICATIONS


# --- publications: DOI or PMID and a canonical page for each are held by tests/test_literature.py -----


# --- the mechanism layer -----------------------------------------------------------------------


def test_share_of_mechanism_statements_citing_a_publication(g: Graph) -> None:
    pubs = _publications(g)
    mechanism = _mechanism(g)
    citing = [s for s in mechanism if any(o in pubs for o in g.objects(s, PROV.wasDerivedFrom))]
    share = len(citing) / len(mechanism)
    assert share >= MIN_MECHANISM_CITING_A_PUBLICATION, share


def test_no_established_statement_rests_on_the_curators_alone_unless_definitional(g: Graph) -> None:
    curators = URIRef(GJSRC.curators)
    offending = [
        curie(s)
        for s in _mechanism(g)
        if g.value(s, GJ.evidenceLevel) == GJ.Established
        and set(g.objects(s, PROV.wasDerivedFrom)) == {curators}
        and g.value(s, RDF.predicate) not in DEFINITIONAL
    ]
    assert not offending, offending


# --- the claim layer ---------------------------------------------------------------------------


def test_every_article_statement_is_in_the_claim_layer(g: Graph) -> None:
    """Whatever cites the article is a claim: graded 'article', citing article sections only."""
    for node in g.subjects(RDF.type, GJ.Statement):
        sources = set(g.objects(node, PROV.wasDerivedFrom))
        if any(_is_article(g, s) for s in sources):
            assert (node, RDF.type, GJ.Claim) in g, curie(node)
    for claim in _claims(g):
        assert g.value(claim, GJ.evidenceLevel) == GJ.ArticleClaim, curie(claim)
        assert all(_is_article(g, s) for s in g.objects(claim, PROV.wasDerivedFrom)), curie(claim)


def test_every_article_section_has_its_claims(g: Graph) -> None:
    """Each section of the source article is represented in the claim layer."""
    claims = _claims(g)
    empty = [
        curie(section)
        for section in g.subjects(RDF.type, GJ.ArticleSection)
        if not any((c, PROV.wasDerivedFrom, section) in g for c in claims)
    ]
    assert not empty, f"article sections without a claim: {empty}"


def test_claims_add_no_plain_triples(g: Graph) -> None:
    """The plain triples are exactly the mechanism layer: a claim is never a chain step."""
    relations = set(g.subjects(GJ.polarity, None))
    plain = {(s, p, o) for p in relations for s, o in g.subject_objects(p)}
    assert plain == {_triple(g, s) for s in _mechanism(g)}
    claimed_only = {_triple(g, c) for c in _claims(g)} - plain
    assert claimed_only, "some claims have no mechanism support at all, so none may add a triple"


def test_claims_and_mechanism_statements_live_in_their_own_namespaces(g: Graph) -> None:
    assert all(str(c).startswith("https://w3id.org/gutjoint-kg/claim/") for c in _claims(g))
    assert all(str(s).startswith("https://w3id.org/gutjoint-kg/statement/") for s in _mechanism(g))


# --- mappings ----------------------------------------------------------------------------------


def test_at_least_70_percent_of_biomedical_concepts_are_mapped(g: Graph) -> None:
    biomedical = [c for c in _concepts(g) if set(g.objects(c, RDF.type)) & BIOMEDICAL]
    mapped = [c for c in biomedical if any(True for p in MAPPINGS for _ in g.objects(c, p))]
    assert len(mapped) / len(biomedical) >= MIN_BIOMEDICAL_MAPPED, (len(mapped), len(biomedical))
