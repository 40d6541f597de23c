"""SHACL shapes and SPARQL checks: the shipped KB is clean, and each rule catches what it should."""

from __future__ import annotations

from pathlib import Path

import pytest

import gutjoint_kg as gj
from gutjoint_kg.kb.validate import validate

PREFIXES = """@prefix gj: <https://w3id.org/gutjoint-kg/> .
@prefix gjs: <https://w3id.org/gutjoint-kg/statement/> .
@prefix gjsrc: <https://w3id.org/gutjoint-kg/source/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
"""


def test_shipped_kb_is_clean(kb: gj.KnowledgeBase) -> None:
    assert validate(kb) == []


def test_mini_fixture_is_clean(mini_kb: gj.KnowledgeBase) -> None:
    assert validate(mini_kb) == []


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
            "duplicate-label",
        ),
    ],
)
def test_each_rule_catches_its_problem(tmp_path: Path, body: str, rule: str) -> None:
    from .support.data import MINI

    extra = tmp_path / "broken.ttl"
    extra.write_text(PREFIXES + body + "\n", encoding="utf-8")
    findings = validate(gj.load([MINI, extra], include_kb=False))
    assert any(rule in f.rule for f in findings), findings
