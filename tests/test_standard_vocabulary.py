"""The asserted and inferred graphs (issue 19): the standard-vocabulary queries of docs/sparql.md (RO,
Biolink, SKOS, PROV, DOIs as IRIs) answer, alike, on rdflib, Oxigraph and the HTTP server, and the
inferred graph holds what the asserted graph entails and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from gutjoint_kg import sparql
from gutjoint_kg.kb.inferred import ASSERTED_GRAPH, INFERRED_GRAPH, identifier_iris, inferred_triples
from gutjoint_kg.kb.store import load
from gutjoint_kg.terms import GJ
from gutjoint_kg.vocab import BIOLINK, GJ_NS, OBO
from tests.test_server import _serving

DOC = Path(__file__).resolve().parents[1] / "docs" / "sparql.md"


def _queries() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("### Standard vocabulary", 1)[1].split("\n### ", 1)[0]
    return re.findall(r"```sparql\n(.*?)```", section, re.S)


QUERIES = _queries()


def test_the_section_has_the_five_queries() -> None:
    assert len(QUERIES) == 5
    assert "?x a gj:Concept" in QUERIES[0] and "obo:RO_0002410" in QUERIES[1] and "prov:" in QUERIES[3]
    assert not any("subClassOf" in q or "subPropertyOf" in q for q in QUERIES)  # no hand-written entailment


@pytest.fixture(scope="module")
def answers() -> dict[str, list[set[tuple[str, ...]]]]:
    """Rows of each documented query on rdflib and on Oxigraph, as sets of strings."""
    return {
        store: [{tuple(str(v) for v in row) for row in sparql.run(kb, q).rows or []} for q in QUERIES]
        for store, kb in (("memory", load()), ("oxigraph", load(store="oxigraph")))
    }


def test_every_query_answers_and_the_engines_agree(answers: dict[str, list[set[tuple[str, ...]]]]) -> None:
    kb = load()
    memory = answers["memory"]
    assert all(memory), [len(rows) for rows in memory]
    assert memory == answers["oxigraph"]
    assert {row[0] for row in memory[0]} == {str(c) for c in kb.concepts}  # every concept, by its category
    causal = {rel for rel, r in kb.relations.items() if r.causal}
    assert len(memory[1]) == len({(s, o) for s, p, o in kb.graph if p in causal})
    graphs = dict(memory[4])
    assert set(graphs) == {str(ASSERTED_GRAPH), str(INFERRED_GRAPH)}
    assert int(graphs[str(ASSERTED_GRAPH)]) == len(kb.graph)


def test_the_inferred_graph_holds_entailments_only() -> None:
    kb = load()
    inferred = inferred_triples(kb.graph)
    assert inferred and not any(t in kb.graph for t in inferred)
    tj = URIRef(GJ_NS + "tight_junction")
    assert (tj, RDF.type, GJ.Concept) in inferred and (tj, SKOS.prefLabel, Literal("tight junction")) in inferred
    s, o = next(iter(kb.graph.subject_objects(GJ.increases)))
    assert (s, OBO.RO_0002410, o) in inferred
    # a close match is no entailment: contributesTo is only close to biolink:contributes_to
    assert (GJ.contributesTo, SKOS.closeMatch, BIOLINK.contributes_to) in kb.graph
    assert not any(p == BIOLINK.contributes_to for _, p, _ in inferred)
    # nothing is typed from a domain or range
    assert not {o for s, p, o in inferred if p == RDF.type} - {
        GJ.Concept,
        SKOS.Concept,
        SKOS.ConceptScheme,
        URIRef("http://www.w3.org/ns/prov#Entity"),
        GJ.Source,
        BIOLINK.Publication,
    }


def test_the_inferred_graph_follows_an_added_hierarchy() -> None:
    g = Graph()
    a, b, c, x = (URIRef(f"http://ex.org/{n}") for n in "abcx")
    g.add((a, RDFS.subClassOf, b))
    g.add((b, RDFS.subClassOf, c))
    g.add((c, RDFS.subClassOf, a))  # a cycle must not loop or type x as its own class twice
    g.add((x, RDF.type, a))
    assert {(x, RDF.type, b), (x, RDF.type, c)} <= inferred_triples(g)
    assert (x, RDF.type, a) not in inferred_triples(g)


def test_identifiers_become_iris_with_unsafe_characters_encoded() -> None:
    g = Graph()
    src = URIRef("http://ex.org/paper")
    g.add((src, GJ.doi, Literal("10.1002/(SICI)1097-0258(1998)17:4<377::AID-SIM>3.0.CO;2-X")))
    g.add((src, GJ.pmid, Literal("12345")))
    g.add((src, GJ.pmcid, Literal("PMC42")))
    assert {o for _, _, o in identifier_iris(g)} == {
        URIRef("https://doi.org/10.1002/(SICI)1097-0258(1998)17:4%3C377::AID-SIM%3E3.0.CO;2-X"),
        URIRef("https://pubmed.ncbi.nlm.nih.gov/12345/"),
        URIRef("https://pmc.ncbi.nlm.nih.gov/articles/PMC42/"),
    }
    kb = load()
    papers = {s for s in kb.graph.subjects(GJ.doi, None)}
    with_iri = {s for s, p, o in inferred_triples(kb.graph) if p == DCTERMS.identifier and "doi.org" in o}
    assert papers == with_iri and papers


def test_a_graph_pattern_restricts_to_the_asserted_graph() -> None:
    q = "ASK { GRAPH <%s> { gj:tight_junction a gj:Concept } }"
    kb = load()
    assert sparql.run(kb, q % ASSERTED_GRAPH).boolean is False
    assert sparql.run(kb, q % INFERRED_GRAPH).boolean is True
    assert sparql.run(kb.graph, "ASK { gj:tight_junction a gj:Concept }").boolean is False  # a bare graph: asserted


def test_an_update_changes_the_asserted_graph() -> None:
    kb = load()
    before = len(kb.graph)
    result = sparql.run(kb, "INSERT DATA { gj:tight_junction rdfs:comment 'x' }", allow_update=True)
    assert result.changed == 1 and len(kb.graph) == before + 1


@pytest.mark.server
def test_the_server_answers_them_too(tmp_path: Path, answers: dict[str, list[set[tuple[str, ...]]]]) -> None:
    with _serving(tmp_path / "serve.log") as base:
        rows = []
        for q in QUERIES:
            r = httpx.post(
                base + "/sparql",
                data={"query": q},
                headers={"Accept": "application/sparql-results+json"},
                trust_env=False,
                timeout=60,
            )
            assert r.status_code == 200, r.text
            rows.append(len(r.json()["results"]["bindings"]))

        def concept(graph_uri: str) -> bool:
            params = {"query": "ASK { gj:tight_junction a gj:Concept }", "default-graph-uri": graph_uri}
            r = httpx.get(base + "/sparql", params=params, trust_env=False, timeout=30)
            assert r.status_code == 200, r.text
            return bool(r.json()["boolean"])

        assert concept(str(INFERRED_GRAPH)) and not concept(str(ASSERTED_GRAPH))
        assert concept("https://w3id.org/gutjoint-kg/graph") and not concept("urn:nothing")
    assert rows == [len(a) for a in answers["memory"]]
