"""The remote client's pure parts (no server needed): query text helpers, term normalisation, guards."""

from __future__ import annotations

import json

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from gutjoint_kg import sparql
from gutjoint_kg.errors import UsageError
from gutjoint_kg.sparql import remote

from .support.fresh_interpreter import run_fresh


@pytest.mark.parametrize(
    ("query", "prologue"),
    [
        ("SELECT * {}", ""),
        ("PREFIX a: <urn:a>\nSELECT * {}", "PREFIX a: <urn:a>\n"),
        (
            "# title: x\n# param: y\nprefix b:<urn:b> BASE <urn:c>\nASK {}",
            "# title: x\n# param: y\nprefix b:<urn:b> BASE <urn:c>\n",
        ),
    ],
)
def test_split_prologue(query: str, prologue: str) -> None:
    head, body = remote.split_prologue(query)
    assert head == prologue and head + body == query


def test_json_results_read_every_term_kind() -> None:
    """Virtuoso's ``typed-literal`` too; an unbound variable is absent from its row; junk is one clear error."""
    cells = {
        "a": {"type": "uri", "value": "urn:x"},
        "b": {"type": "bnode", "value": "b0"},
        "c": {"type": "literal", "value": "x", "xml:lang": "en"},
        "d": {"type": "typed-literal", "value": "3", "datatype": str(XSD.int)},
    }
    body = json.dumps({"head": {"vars": ["a", "b", "c", "d", "e"]}, "results": {"bindings": [cells]}}).encode()
    row = {"a": URIRef("urn:x"), "b": BNode("b0"), "c": Literal("x", lang="en"), "d": Literal("3", datatype=XSD.int)}
    assert remote.parse_json_results(body) == (["a", "b", "c", "d", "e"], [row])
    assert remote.parse_json_results(b'{"head": {}, "boolean": true}') is True
    with pytest.raises(remote.RemoteError, match="unreadable SPARQL JSON"):
        remote.parse_json_results(b"<html>busy</html>")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (Literal("3", datatype=XSD.int), Literal(3)),
        (Literal("x", datatype=XSD.string), Literal("x")),
        (Literal("1.50", datatype=XSD.decimal), Literal(1.5)),
        (BNode("b1"), BNode("nodeID://b2")),
        (URIRef("https://w3id.org/gutjoint-kg/joint_pain"), URIRef("https://w3id.org/gutjoint-kg/joint_pain")),
    ],
)
def test_normalise_term_equates_engine_spellings(a, b) -> None:
    assert remote.normalise_term(a) == remote.normalise_term(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [(Literal("3"), Literal(3)), (Literal("x", lang="en"), Literal("x")), (URIRef("urn:a"), Literal("urn:a"))],
)
def test_normalise_term_keeps_real_differences(a, b) -> None:
    assert remote.normalise_term(a) != remote.normalise_term(b)


@pytest.mark.parametrize("url", ["ftp://host/sparql", "localhost:8890/sparql", "sparql"])
def test_endpoint_needs_an_http_url(url: str) -> None:
    with pytest.raises(UsageError, match="http"):
        remote.Endpoint(url)


@pytest.mark.parametrize("bad", ["urn:a> <urn:b", "urn:a b", 'x"y'])
def test_iri_refuses_injection(bad: str) -> None:
    with pytest.raises(UsageError, match="not a valid IRI"):
        remote.iri(bad)


def test_unreachable_server_is_one_clear_error() -> None:
    from .support.virtuoso_harness import free_port

    ep = remote.Endpoint(f"http://127.0.0.1:{free_port()}/sparql", timeout=5)
    with pytest.raises(remote.RemoteError, match="cannot connect"):
        ep.ask("ASK {}")


def test_importing_the_package_loads_no_web_framework() -> None:
    fresh = run_fresh("import gutjoint_kg, gutjoint_kg.sparql.remote, gutjoint_kg.sparql.server")
    assert sorted(fresh.under("starlette", "uvicorn", "httpx")) == []


class _LocalEndpoint:
    """Answers :meth:`remote.Endpoint.triples` from a local graph, so RemoteKB runs without a server."""

    def __init__(self, graph) -> None:
        self.graph = graph

    def triples(self, where: str, *, max_rows: int | None = None):
        for row in self.graph.query(sparql.with_prologue(f"SELECT ?s ?p ?o WHERE {{ {where} }}")[0]):
            yield tuple(row)


def test_remote_names_resolve_a_protein_by_its_gene(kb) -> None:
    """The remote name index fetches closeMatch too: HGNC:11892, the gene of the protein gj:tnf (a
    closeMatch, not an exactMatch), names gj:tnf remotely as it does locally."""
    remote_kb = remote.RemoteKB(_LocalEndpoint(kb.graph))  # type: ignore[arg-type]
    assert remote_kb.resolve("HGNC:11892") == remote_kb.resolve("UniProtKB:P01375") == kb.resolve("tnf")
