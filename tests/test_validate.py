"""SHACL shapes and SPARQL checks: the shipped KB is clean, and each rule catches what it should."""

from __future__ import annotations

from pathlib import Path

import pytest

import gutjoint_kg as gj
from gutjoint_kg.kb.validate import validate
from gutjoint_kg.vocab import GJ, curie

PREFIXES = """@prefix gj: <https://w3id.org/gutjoint-kg/> .
@prefix gjs: <https://w3id.org/gutjoint-kg/statement/> .
@prefix gjc: <https://w3id.org/gutjoint-kg/claim/> .
@prefix gjsrc: <https://w3id.org/gutjoint-kg/source/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix obo: <http://purl.obolibrary.org/obo/> .
"""

#: Sources the KB 2.0 fixtures below cite: a publication, an article section and the curators.
SOURCES = """gjsrc:p1 a gj:Publication ; rdfs:label "P1 2020" ; gj:citationKey "p1" .
gjsrc:p2 a gj:Publication ; rdfs:label "P2 2021" ; gj:citationKey "p2" .
gjsrc:art-x a gj:ArticleSection ; dcterms:isPartOf gjsrc:article ;
    rdfs:label "Article, section X" ; gj:citationKey "article#x" .
gjsrc:curators a gj:Source ; rdfs:label "curators" ; gj:citationKey "curators" .
"""

#: The plain triple and the head of the mechanism statement gjs:stress--worsens--pain.
STRESS_PAIN = (
    "gj:stress gj:worsens gj:pain . gjs:stress--worsens--pain a gj:Statement ;"
    " rdf:subject gj:stress ; rdf:predicate gj:worsens ; rdf:object gj:pain ;"
)

#: The KB 2.0 rules: the mini graph predates them (one generic source, hand grades for path tests).
EVIDENCE_MODEL_RULES = {"mechanism-article-level-violation", "evidence-ceiling-violation"}


def test_shipped_kb_is_clean(kb: gj.KnowledgeBase) -> None:
    assert validate(kb) == []


def test_mini_fixture_is_clean_apart_from_the_evidence_model(mini_kb: gj.KnowledgeBase) -> None:
    """The mini graph is structurally clean; the evidence-model rules flag exactly its 'article'-graded
    edges (mechanism statements may not be graded article) and its unqualified human / established grades."""
    findings = validate(mini_kb)
    assert {f.rule for f in findings} <= EVIDENCE_MODEL_RULES, findings
    g = mini_kb.graph

    def graded(*levels):
        return {curie(n) for lv in levels for n in g.subjects(GJ.evidenceLevel, lv)}

    assert {f.node for f in findings if f.rule == "mechanism-article-level-violation"} == graded(GJ.ArticleClaim)
    assert {f.node for f in findings if f.rule == "evidence-ceiling-violation"} == graded(
        GJ.Established, GJ.HumanStudies
    )


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        ('gj:x a gj:Trigger ; skos:definition "A trigger without any label at all." .', "ConceptShape"),
        ('gj:x a gj:Trigger ; rdfs:label "x" .', "ConceptShape"),
        (
            'gj:x a gj:Trigger , gj:Symptom ; rdfs:label "x" ; skos:definition "Two categories are one too many." .',
            "category-count-violation",
        ),
        (
            'gj:x a gj:Trigger ; rdfs:label "x" ; skos:definition "Points at an ontology we do not allow." ;'
            " skos:exactMatch <http://example.org/X_1> .",
            "ConceptShape",
        ),
        ("gj:stress gj:increases gj:pain .", "plain-triple-without-statement-violation"),
        (
            "gjs:stress--increases--pain a gj:Statement ; rdf:subject gj:stress ; rdf:predicate gj:increases ;"
            " rdf:object gj:pain ; gj:evidenceLevel gj:HumanStudies ; prov:wasDerivedFrom gjsrc:mini .",
            "statement-without-triple-violation",
        ),
        (
            "gj:stress gj:increases gj:pain . gjs:stress--increases--pain a gj:Statement ; rdf:subject gj:stress ;"
            " rdf:predicate gj:increases ; rdf:object gj:pain ; prov:wasDerivedFrom gjsrc:mini .",
            "StatementShape",
        ),
        (
            "gj:stress gj:increases gj:pain . gjs:stress--increases--pain a gj:Statement ; rdf:subject gj:stress ;"
            " rdf:predicate gj:increases ; rdf:object gj:pain ; gj:evidenceLevel gj:ArticleClaim ;"
            " prov:wasDerivedFrom gjsrc:mini .",
            "missing-note-violation",
        ),
        (
            "gj:stress gj:increases gj:nowhere . gjs:stress--increases--nowhere a gj:Statement ;"
            " rdf:subject gj:stress ; rdf:predicate gj:increases ; rdf:object gj:nowhere ;"
            " gj:evidenceLevel gj:HumanStudies ; prov:wasDerivedFrom gjsrc:mini .",
            "dangling-reference-violation",
        ),
        (
            "gj:stress gj:increases gj:pain . gjs:wrong_name a gj:Statement ; rdf:subject gj:stress ;"
            " rdf:predicate gj:increases ; rdf:object gj:pain ; gj:evidenceLevel gj:HumanStudies ;"
            " prov:wasDerivedFrom gjsrc:mini .",
            "statement-iri-violation",
        ),
        (
            "gj:stress gj:increases gj:pain . gjs:stress--increases--pain a gj:Statement ; rdf:subject gj:stress ;"
            " rdf:predicate gj:increases ; rdf:object gj:pain ; gj:evidenceLevel gj:Established ;"
            " prov:wasDerivedFrom gjsrc:article .",
            "grade-without-support-violation",
        ),
        (
            'gj:pain2 a gj:Symptom ; rdfs:label "PAIN" ; skos:definition "Same label as the pain concept." .',
            "duplicate-label-violation",
        ),
        (
            "gj:pain gj:associatedWith gj:pain . gjs:pain--associatedWith--pain a gj:Statement ; rdf:subject gj:pain ;"
            " rdf:predicate gj:associatedWith ; rdf:object gj:pain ; gj:evidenceLevel gj:HumanStudies ;"
            ' prov:wasDerivedFrom gjsrc:mini ; gj:note "n" .',
            "self-loop-violation",
        ),
        (
            "gj:stress gj:madeUp gj:pain . gjs:stress--madeUp--pain a gj:Statement ; rdf:subject gj:stress ;"
            " rdf:predicate gj:madeUp ; rdf:object gj:pain ; gj:evidenceLevel gj:HumanStudies ;"
            ' prov:wasDerivedFrom gjsrc:mini ; gj:note "n" .',
            "unknown-relation-violation",
        ),
        # --- KB 2.0: claim layer -------------------------------------------------------
        (
            SOURCES + "gjc:stress--worsens--pain a gj:Claim , gj:Statement ; rdf:subject gj:stress ;"
            " rdf:predicate gj:worsens ; rdf:object gj:pain ; gj:evidenceLevel gj:ArticleClaim ;"
            ' prov:wasDerivedFrom gjsrc:art-x , gjsrc:p1 ; gj:note "n" .',
            "claim-source-violation",
        ),
        (
            SOURCES + "gjc:stress--worsens--pain a gj:Claim , gj:Statement ; rdf:subject gj:stress ;"
            " rdf:predicate gj:worsens ; rdf:object gj:pain ; gj:evidenceLevel gj:HumanStudies ;"
            ' prov:wasDerivedFrom gjsrc:art-x ; gj:note "n" .',
            "claim-level-violation",
        ),
        (
            SOURCES + "gjs:stress--worsens--pain a gj:Claim , gj:Statement ; rdf:subject gj:stress ;"
            " rdf:predicate gj:worsens ; rdf:object gj:pain ; gj:evidenceLevel gj:ArticleClaim ;"
            ' prov:wasDerivedFrom gjsrc:art-x ; gj:note "n" .',
            "statement-iri-violation",
        ),
        (
            SOURCES
            + "gj:stress gj:worsens gj:pain . gjc:stress--worsens--pain a gj:Statement ; rdf:subject gj:stress ;"
            " rdf:predicate gj:worsens ; rdf:object gj:pain ; gj:evidenceLevel gj:HumanStudies ;"
            ' prov:wasDerivedFrom gjsrc:curators ; gj:note "textbook" .',
            "statement-iri-violation",
        ),
        (
            SOURCES + "gjc:stress--worsens--pain a gj:Claim ; rdf:subject gj:stress ;"
            " rdf:predicate gj:worsens ; rdf:object gj:pain ; gj:evidenceLevel gj:ArticleClaim ;"
            ' prov:wasDerivedFrom gjsrc:art-x ; gj:note "n" .',
            "ClaimShape",
        ),
        (  # a claim used as a mechanism step: its plain triple has no mechanism statement
            SOURCES + "gj:stress gj:worsens gj:pain . gjc:stress--worsens--pain a gj:Claim , gj:Statement ;"
            " rdf:subject gj:stress ; rdf:predicate gj:worsens ; rdf:object gj:pain ;"
            ' gj:evidenceLevel gj:ArticleClaim ; prov:wasDerivedFrom gjsrc:art-x ; gj:note "n" .',
            "plain-triple-without-statement-violation",
        ),
        (
            SOURCES + "gjc:stress--worsens--pain a gj:Claim , gj:Statement ; rdf:subject gj:stress ;"
            " rdf:predicate gj:worsens ; rdf:object gj:pain ; gj:evidenceLevel gj:ArticleClaim ;"
            ' prov:wasDerivedFrom gjsrc:art-x ; gj:note "n" ; gj:verdict "supported" .',
            "verdict-by-hand-violation",
        ),
        # --- KB 2.0: mechanism layer ---------------------------------------------------
        (
            SOURCES + STRESS_PAIN + " gj:evidenceLevel gj:ArticleClaim ;"
            ' prov:wasDerivedFrom gjsrc:curators ; gj:note "n" .',
            "mechanism-article-level-violation",
        ),
        (
            SOURCES + STRESS_PAIN + ' gj:evidenceLevel gj:Contested ; prov:wasDerivedFrom gjsrc:art-x ; gj:note "n" .',
            "mechanism-article-source-violation",
        ),
        (
            SOURCES + STRESS_PAIN + " gj:evidenceLevel gj:HumanStudies ;"
            ' prov:wasDerivedFrom gjsrc:art-x , gjsrc:curators ; gj:note "textbook" .',
            "mechanism-article-source-violation",
        ),
        (
            SOURCES + STRESS_PAIN + " gj:evidenceLevel gj:AnimalInVitro ;"
            " gj:studyDesign gj:AnimalExperiment ; prov:wasDerivedFrom gjsrc:p1 .",
            "literature-qualifier-violation",
        ),
        (
            SOURCES + STRESS_PAIN + " gj:evidenceLevel gj:AnimalInVitro ;"
            " gj:organism gj:Mouse ; prov:wasDerivedFrom gjsrc:p1 .",
            "literature-qualifier-violation",
        ),
        (  # a mouse-only finding graded human
            SOURCES + STRESS_PAIN + " gj:evidenceLevel gj:HumanStudies ;"
            " gj:organism gj:Mouse ; gj:studyDesign gj:AnimalExperiment ; prov:wasDerivedFrom gjsrc:p1 .",
            "evidence-ceiling-violation",
        ),
        (  # established from one non-systematic human paper
            SOURCES + STRESS_PAIN + " gj:evidenceLevel gj:Established ;"
            " gj:organism gj:Human ; gj:studyDesign gj:Cohort ; prov:wasDerivedFrom gjsrc:p1 .",
            "evidence-ceiling-violation",
        ),
        (  # established from two papers, but in mice
            SOURCES + STRESS_PAIN + " gj:evidenceLevel gj:Established ;"
            " gj:organism gj:Mouse ; gj:studyDesign gj:AnimalExperiment ; prov:wasDerivedFrom gjsrc:p1 , gjsrc:p2 .",
            "evidence-ceiling-violation",
        ),
        (  # curators alone make a causal step established
            SOURCES + STRESS_PAIN + " gj:evidenceLevel gj:Established ;"
            ' prov:wasDerivedFrom gjsrc:curators ; gj:note "textbook" .',
            "evidence-ceiling-violation",
        ),
        (  # curators-only textbook knowledge graded human needs a note saying so
            SOURCES + STRESS_PAIN + " gj:evidenceLevel gj:HumanStudies ; prov:wasDerivedFrom gjsrc:curators .",
            "evidence-ceiling-violation",
        ),
        (
            SOURCES + STRESS_PAIN + " gj:evidenceLevel gj:AnimalInVitro ;"
            " gj:organism gj:AnimalExperiment ; gj:studyDesign gj:AnimalExperiment ; prov:wasDerivedFrom gjsrc:p1 .",
            "StatementShape",
        ),
        ("gj:pain gj:urgent true .", "UrgentShape"),
        (  # exactMatch is transitive: a gene and its protein as exact matches say the gene is the protein
            'gj:tnf a gj:Molecule ; rdfs:label "TNF" ; skos:definition "A cytokine of inflammation." ;'
            " skos:exactMatch <http://identifiers.org/hgnc/11892> , <http://purl.uniprot.org/uniprot/P01375> .",
            "gene-is-protein-violation",
        ),
        (
            'gj:x a gj:Trigger ; rdfs:label "x"@de ; skos:definition "A label in a language the KB does not use." .',
            "ConceptShape",
        ),
    ],
)
def test_each_rule_catches_its_problem(tmp_path: Path, body: str, rule: str) -> None:
    from .support.data import MINI

    extra = tmp_path / "broken.ttl"
    extra.write_text(PREFIXES + body + "\n", encoding="utf-8")
    findings = validate(gj.load([MINI, extra], include_kb=False))
    assert any(rule in f.rule for f in findings), findings


@pytest.mark.parametrize(
    "body",
    [
        # a claim next to the mechanism statement of the same triple
        SOURCES + STRESS_PAIN + " gj:evidenceLevel gj:HumanStudies ;"
        " gj:organism gj:Human ; gj:studyDesign gj:RCT ; prov:wasDerivedFrom gjsrc:p1 ."
        " gjc:stress--worsens--pain a gj:Claim , gj:Statement ; rdf:subject gj:stress ;"
        " rdf:predicate gj:worsens ; rdf:object gj:pain ; gj:evidenceLevel gj:ArticleClaim ;"
        ' prov:wasDerivedFrom gjsrc:art-x ; gj:note "The article says so without a study." .',
        # a claim alone, without any plain triple
        SOURCES + "gjc:sugar--worsens--pain a gj:Claim , gj:Statement ; rdf:subject gj:sugar ;"
        " rdf:predicate gj:worsens ; rdf:object gj:pain ; gj:evidenceLevel gj:ArticleClaim ;"
        ' prov:wasDerivedFrom gjsrc:art-x ; gj:note "The article says so without a study." .',
        # established: human evidence from two publications
        SOURCES + STRESS_PAIN + " gj:evidenceLevel gj:Established ;"
        " gj:organism gj:Human ; gj:studyDesign gj:Cohort ; prov:wasDerivedFrom gjsrc:p1 , gjsrc:p2 .",
        # established: one systematic review in humans
        SOURCES + STRESS_PAIN + " gj:evidenceLevel gj:Established ;"
        " gj:organism gj:Human , gj:Mouse ; gj:studyDesign gj:SystematicReview ; prov:wasDerivedFrom gjsrc:p1 .",
        # established: a definitional relation on the curators' word
        SOURCES + "gj:pain gj:subtypeOf gj:stiffness . gjs:pain--subtypeOf--stiffness a gj:Statement ;"
        " rdf:subject gj:pain ; rdf:predicate gj:subtypeOf ; rdf:object gj:stiffness ;"
        " gj:evidenceLevel gj:Established ;"
        " prov:wasDerivedFrom gjsrc:curators .",
        # human: curators-only textbook knowledge with a note; contested is allowed at any time
        SOURCES + STRESS_PAIN + " gj:evidenceLevel gj:HumanStudies ;"
        ' prov:wasDerivedFrom gjsrc:curators ; gj:note "Textbook knowledge, not yet cited." .'
        " gj:sugar gj:worsens gj:pain . gjs:sugar--worsens--pain a gj:Statement ; rdf:subject gj:sugar ;"
        " rdf:predicate gj:worsens ; rdf:object gj:pain ; gj:evidenceLevel gj:Contested ;"
        " gj:organism gj:Mouse ; gj:studyDesign gj:AnimalExperiment ; prov:wasDerivedFrom gjsrc:p1 ;"
        ' gj:note "Conflicting." .',
        # labels, synonyms and definitions as @en strings (the loader reads them like plain strings)
        'gj:xen a gj:Symptom ; rdfs:label "english-tagged sign"@en ; skos:altLabel "tagged synonym"@en ;'
        ' skos:definition "A sign whose label, synonym and definition carry an English tag."@en .',
        # a protein: exactMatch to UniProtKB, closeMatch to the HGNC gene that encodes it
        'gj:tnf a gj:Molecule ; rdfs:label "TNF" ; skos:definition "A cytokine of inflammation." ;'
        " skos:exactMatch <http://purl.uniprot.org/uniprot/P01375> ;"
        " skos:closeMatch <http://identifiers.org/hgnc/11892> .",
        # Cell Ontology mappings and an urgent condition
        'gj:tcell a gj:CellType ; rdfs:label "T cell" ; skos:definition "A lymphocyte that matures in the thymus." ;'
        " skos:exactMatch obo:CL_0000084 ."
        ' gj:septic a gj:Condition ; rdfs:label "septic joint" ;'
        ' skos:definition "A joint infected by bacteria, an emergency." ;'
        " gj:urgent true .",
    ],
)
def test_the_evidence_model_accepts_what_it_allows(tmp_path: Path, body: str) -> None:
    """What the KB 2.0 rules allow raises no finding beyond those the mini graph already has."""
    from tests.conftest import MINI

    extra = tmp_path / "ok.ttl"
    extra.write_text(PREFIXES + body + "\n", encoding="utf-8")
    baseline = set(validate(gj.load([MINI], include_kb=False)))
    assert set(validate(gj.load([MINI, extra], include_kb=False))) - baseline == set()


def test_every_check_query_is_exercised_by_a_fixture() -> None:
    """Each shipped *-violation.rq has at least one violating fixture above (no rule goes untested)."""
    from gutjoint_kg import resources

    source = Path(__file__).read_text(encoding="utf-8")
    untested = [q.stem for q in resources.check_queries() if f'"{q.stem}"' not in source]
    assert not untested, untested


def test_english_tagged_labels_load_like_plain_strings(tmp_path: Path) -> None:
    """Why the shapes accept @en strings: the loader reads them as it reads plain strings."""
    from tests.conftest import MINI

    extra = tmp_path / "en.ttl"
    extra.write_text(
        PREFIXES + 'gj:xen a gj:Symptom ; rdfs:label "English-tagged sign"@en ; skos:altLabel "tagged synonym"@en ;'
        ' skos:definition "A sign whose label, synonym and definition carry an English tag."@en .\n',
        encoding="utf-8",
    )
    kb = gj.load([MINI, extra], include_kb=False)
    concept = kb.concept("english-tagged sign")
    assert concept.curie == "gj:xen" and concept.label == "English-tagged sign"
    assert concept.synonyms == ("tagged synonym",) and kb.resolve("Tagged Synonym") == concept.iri
