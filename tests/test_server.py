"""``gutjoint-kg serve``: the SPARQL 1.1 Protocol endpoint, driven in a subprocess by real HTTP clients."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Variable
from rdflib.plugins.sparql.results.xmlresults import XMLResultParser

import gutjoint_kg as gj
from gutjoint_kg.resources import query_dir
from gutjoint_kg.sparql import server

from .support.virtuoso_harness import free_port

pytestmark = pytest.mark.server

MAX_ROWS = 50
MINI = Path(__file__).parent / "data" / "mini.ttl"
MAX_BYTES = 20_000
SYMPTOMS = "SELECT ?c ?label WHERE { ?c a gj:Symptom ; rdfs:label ?label } ORDER BY ?label"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@contextmanager
def _serving(log: Path, *options: str) -> Iterator[str]:
    """``gutjoint-kg serve`` on a free loopback port (its base URL), stopped on exit."""
    proc, base = _serve(log, *options)
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _serve(log: Path, *options: str) -> tuple[subprocess.Popen, str]:
    """Start ``gutjoint-kg serve`` on a free loopback port and wait for /health."""
    port = free_port()
    cmd = [sys.executable, "-c", "from gutjoint_kg.cli import main; main()", "serve", "--port", str(port), *options]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            pytest.fail(f"serve exited with {proc.returncode}: {log.read_text()}")
        try:
            if httpx.get(base + "/health", timeout=1, trust_env=False).status_code == 200:
                return proc, base
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            proc.terminate()
            pytest.fail(f"serve did not answer within 60 s: {log.read_text()}")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``gutjoint-kg serve`` (rdflib) with small limits; stopped by PID afterwards."""
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with _serving(log, "--timeout", "1", "--max-rows", str(MAX_ROWS), "--max-request-bytes", str(MAX_BYTES)) as base:
        yield base


@pytest.fixture(scope="module")
def oxigraph_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``gutjoint-kg serve --store oxigraph`` (fast enough to run every named query)."""
    log = tmp_path_factory.mktemp("serve-ox") / "serve.log"
    with _serving(log, "--store", "oxigraph", "--timeout", "30", "--max-rows", str(MAX_ROWS)) as base:
        yield base


@pytest.fixture(scope="module")
def client(endpoint: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=endpoint, timeout=30, trust_env=False) as c:
        yield c


@pytest.fixture(scope="module")
def symptoms(kb: gj.KnowledgeBase) -> list[tuple[str, str]]:
    """The expected answer to SYMPTOMS, computed locally."""
    rows = kb.graph.query(SYMPTOMS, initNs={"gj": gj.vocab.GJ, "rdfs": "http://www.w3.org/2000/01/rdf-schema#"})
    return [(str(r[0]), str(r[1])) for r in rows]


# --------------------------------------------------------------------------- protocol and formats
def test_health_reports_the_kb(client: httpx.Client, kb: gj.KnowledgeBase) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["triples"] == len(kb.query_graph) and body["version"] == kb.version


def _parse(fmt: str, text: str) -> list[tuple[str, str]]:
    if fmt == "json":
        data = json.loads(text)
        assert data["head"]["vars"] == ["c", "label"]
        return [(b["c"]["value"], b["label"]["value"]) for b in data["results"]["bindings"]]
    if fmt == "xml":
        result = XMLResultParser().parse(io.BytesIO(text.encode()))
        return [(str(b[Variable("c")]), str(b[Variable("label")])) for b in result.bindings]
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == ["c", "label"]
        return [tuple(r) for r in rows[1:]]
    rows = [line.split("\t") for line in text.splitlines()]
    assert rows[0] == ["?c", "?label"]
    return [(r[0].strip("<>"), r[1].strip('"')) for r in rows[1:]]


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("application/sparql-results+json", "json"),
        ("application/sparql-results+xml", "xml"),
        ("text/csv", "csv"),
        ("text/tab-separated-values", "tsv"),
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST-form", "POST-direct"])
def test_select_in_every_result_format(
    client: httpx.Client, symptoms: list, accept: str, fmt: str, method: str
) -> None:
    headers = {"Accept": accept}
    if method == "GET":
        r = client.get("/sparql", params={"query": SYMPTOMS}, headers=headers)
    elif method == "POST-form":
        r = client.post("/sparql", data={"query": SYMPTOMS}, headers=headers)
    else:
        r = client.post("/sparql", content=SYMPTOMS, headers={**headers, "Content-Type": "application/sparql-query"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(accept)
    assert _parse(fmt, r.text) == symptoms
    assert len(symptoms) > 3


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_format_parameter_overrides_accept(client: httpx.Client, symptoms: list, fmt: str) -> None:
    r = client.get("/sparql", params={"query": SYMPTOMS, "format": fmt}, headers={"Accept": "text/html"})
    assert r.status_code == 200
    assert _parse(fmt, r.text) == symptoms


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt")],
)
def test_construct_in_every_graph_format(
    client: httpx.Client, kb: gj.KnowledgeBase, accept: str, rdf_format: str
) -> None:
    query = "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a gj:Symptom ; rdfs:label ?l }"
    r = client.post("/sparql", data={"query": query}, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(accept)
    g = Graph().parse(data=r.text, format=rdf_format)
    expected = kb.graph.query(query, initNs=gj.vocab.PREFIXES).graph
    assert set(g) == set(expected) and len(g) > 3


def test_ask_answers_a_boolean(client: httpx.Client) -> None:
    r = client.get("/sparql", params={"query": "ASK { gj:joint_pain a gj:Symptom }"})
    assert r.status_code == 200 and r.json() == {"head": {}, "boolean": True}


def test_sparqlwrapper_reads_the_endpoint(endpoint: str, symptoms: list) -> None:
    from SPARQLWrapper import JSON, POST, XML, SPARQLWrapper

    sw = SPARQLWrapper(endpoint + "/sparql")
    sw.setQuery(
        "PREFIX gj: <https://w3id.org/gutjoint-kg/>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + SYMPTOMS
    )
    sw.setReturnFormat(JSON)
    data = sw.query().convert()
    assert [(b["c"]["value"], b["label"]["value"]) for b in data["results"]["bindings"]] == symptoms
    sw.setMethod(POST)
    sw.setReturnFormat(XML)
    doc = sw.query().convert()
    assert len(doc.getElementsByTagName("result")) == len(symptoms)


def test_curl_style_request_without_accept_gets_json(endpoint: str) -> None:
    r = httpx.get(endpoint + "/sparql", params={"query": "SELECT ?x WHERE { VALUES ?x { 1 } }"}, trust_env=False)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/sparql-results+json")


# --------------------------------------------------------------------------- guards
@pytest.mark.parametrize(
    "send",
    [
        lambda c: c.post("/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}),
        lambda c: c.post(
            "/sparql", content="DELETE WHERE { ?s ?p ?o }", headers={"Content-Type": "application/sparql-update"}
        ),
        lambda c: c.get("/sparql", params={"update": "CLEAR ALL"}),
        lambda c: c.get("/sparql", params={"query": "DROP ALL"}),
    ],
    ids=["form", "direct", "get-update", "update-as-query"],
)
def test_update_is_forbidden(client: httpx.Client, kb: gj.KnowledgeBase, send) -> None:
    r = send(client)
    assert r.status_code == 403
    assert client.get("/health").json()["triples"] == len(kb.query_graph)


def test_malformed_query_is_400_with_the_parser_message(client: httpx.Client) -> None:
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert r.status_code == 400
    assert r.text.startswith("SPARQL syntax error at line 1, column 18: unexpected '?s'")


def test_service_and_from_are_refused(client: httpx.Client) -> None:
    far = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    r = client.get("/sparql", params={"query": far})
    assert r.status_code == 400 and "SERVICE is not supported" in r.text
    r = client.get("/sparql", params={"query": "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }"})
    assert r.status_code == 400 and "FROM" in r.text


def test_missing_query_is_400(client: httpx.Client) -> None:
    assert client.post("/sparql", data={"format": "json"}).status_code == 400  # (a GET gets the service description)


def test_slow_query_times_out(client: httpx.Client) -> None:
    start = time.monotonic()
    r = client.get("/sparql", params={"query": SLOW})
    assert r.status_code == 503 and "time limit of 1 s" in r.text
    assert time.monotonic() - start < 5
    assert client.get("/health").status_code == 200  # the server survived


def test_row_limit_cuts_and_says_so(client: httpx.Client) -> None:
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == MAX_ROWS
    assert r.headers[server.TRUNCATION_HEADER] == f"max-rows={MAX_ROWS}"
    small = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
    assert server.TRUNCATION_HEADER not in small.headers


def test_oversized_body_is_413(client: httpx.Client) -> None:
    query = "SELECT * WHERE { ?s ?p ?o }" + "#" * (MAX_BYTES + 10)
    r = client.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413


def test_oversized_query_string_is_413(client: httpx.Client) -> None:
    r = client.get("/sparql", params={"query": "ASK {}" + " " * (MAX_BYTES + 10)})
    assert r.status_code == 413


def test_unsupported_content_type_and_format(client: httpx.Client) -> None:
    assert client.post("/sparql", content="x", headers={"Content-Type": "image/png"}).status_code == 415
    assert client.get("/sparql", params={"query": SYMPTOMS, "format": "turtle"}).status_code == 406
    assert client.get("/sparql", params={"query": SYMPTOMS}, headers={"Accept": "image/png"}).status_code == 406


# --------------------------------------------------------------------------- named queries and pages
def test_named_queries_are_listed(client: httpx.Client) -> None:
    names = {q["name"] for q in client.get("/queries").json()}
    assert names == {p.stem for p in query_dir().glob("*.rq")}
    assert names, "ontology/queries holds no named query"


def test_every_named_query_runs_with_its_defaults(oxigraph_endpoint: str) -> None:
    from gutjoint_kg import sparql

    kb = gj.load(store="oxigraph")
    with httpx.Client(base_url=oxigraph_endpoint, timeout=60, trust_env=False) as client:
        listed = client.get("/queries").json()
        assert listed, "ontology/queries holds no named query"
        for q in listed:
            graph_form = q["form"] in ("CONSTRUCT", "DESCRIBE")
            accept = "application/n-triples" if graph_form else "application/sparql-results+json"
            r = client.get(f"/queries/{q['name']}", headers={"Accept": accept})
            assert r.status_code == 200, (q["name"], r.text)
            named = sparql.get_query(q["name"])
            local = sparql.run(kb, sparql.with_values(named.text, sparql.bind_params(named.params, {}, kb)))
            if q["form"] == "SELECT":
                assert len(r.json()["results"]["bindings"]) == min(len(local.rows), MAX_ROWS), q["name"]
            elif q["form"] == "ASK":
                assert r.json()["boolean"] == local.boolean, q["name"]
            else:
                assert len(Graph().parse(data=r.text, format="nt")) == min(len(local.graph), MAX_ROWS), q["name"]


def test_named_query_parameters_are_typed_and_checked(client: httpx.Client) -> None:
    ok = client.get("/queries/has-link", params={"subject": "chronic stress", "object": "leaky gut"})
    assert ok.status_code == 200 and "boolean" in ok.json()
    bad = client.get("/queries/has-link", params={"subject": 'x" } DROP ALL #'})
    assert bad.status_code == 400 and "subject" in bad.text
    unknown = client.get("/queries/has-link", params={"nope": "1"})
    assert unknown.status_code == 400 and "unknown parameter 'nope'" in unknown.text


def test_unknown_named_query_is_404(client: httpx.Client) -> None:
    r = client.get("/queries/no_such_query")
    assert r.status_code == 404 and "no named query" in r.text


def test_query_page_is_offline_and_escaped(client: httpx.Client) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<form" in r.text and 'action="sparql"' in r.text
    assert not re.search(r"(src|href)=\"https?:", r.text)
    page = client.get("/sparql", params={"query": 'SELECT ?x WHERE { BIND("<script>" AS ?x) }', "format": "html"})
    assert "&lt;script&gt;" in page.text and "<script>" not in page.text


# --------------------------------------------------------------------------- in-process units
@pytest.mark.parametrize(
    ("accept", "kind", "expected"),
    [
        ("", "SELECT", "json"),
        ("*/*", "CONSTRUCT", "ttl"),
        ("text/csv;q=0.5, application/sparql-results+xml", "SELECT", "xml"),
        ("application/ld+json", "CONSTRUCT", "jsonld"),
        ("text/plain", "CONSTRUCT", "nt"),
    ],
)
def test_negotiate(accept: str, kind: str, expected: str) -> None:
    from gutjoint_kg.sparql import protocol

    assert protocol.negotiate(accept, (), kind)[1] == expected


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_evaluate_separates_queries_updates_and_errors(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from gutjoint_kg import sparql

    g = gj.load([MINI], include_kb=False, store=store).graph
    parsed = []
    real = sparql.prepare
    monkeypatch.setattr(sparql, "prepare", lambda text: parsed.append(text) or real(text))
    outcome = server.evaluate(g, "SELECT * WHERE { ?s ?p ?o }", server.Settings(max_rows=3))
    assert (outcome.kind, len(outcome.rows), outcome.truncated) == ("SELECT", 3, True)
    assert len(parsed) == (1 if store == "memory" else 0)  # rdflib parses once; Oxigraph parses plain queries itself
    assert server.evaluate(g, "ASK { ?s ?p ?o }", server.Settings()).boolean is True
    with pytest.raises(server.HTTPProblem) as info:
        server.evaluate(g, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", server.Settings())
    assert info.value.status == 403
    for bad in ("SELECT WHERE", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"):
        with pytest.raises(server.HTTPProblem) as info:
            server.evaluate(g, bad, server.Settings())
        assert info.value.status == 400


def test_update_allowed_only_with_the_flag(mini_kb: gj.KnowledgeBase) -> None:
    g = Graph()
    g += mini_kb.graph
    before = len(g)
    with pytest.raises(server.HTTPProblem):
        server.evaluate(g, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", server.Settings())
    server.evaluate(g, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", server.Settings(allow_update=True))
    assert len(g) == before + 1


def test_serve_rejects_bad_options(runner, cli) -> None:
    result = runner.invoke(cli, ["serve", "--port", "0"])
    assert result.exit_code == 2 and "--port" in result.output
    result = runner.invoke(cli, ["serve", "--store", "nope"])
    assert result.exit_code == 2


def test_docs_exist() -> None:
    doc = Path(__file__).resolve().parents[1] / "docs" / "server.md"
    assert "gutjoint-kg serve" in doc.read_text() and "gutjoint-kg push" in doc.read_text()


# --------------------------------------------------------------------------- the result cache
def test_a_repeated_query_is_answered_from_the_cache(client: httpx.Client) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }  # the cache test"
    accept = {"Accept": "application/sparql-results+json"}
    before = client.get("/health").json()["cache"]
    first = client.get("/sparql", params={"query": query}, headers=accept)
    second = client.get("/sparql", params={"query": query}, headers=accept)
    other_graph = client.get(
        "/sparql",
        params={"query": query, "default-graph-uri": "https://w3id.org/gutjoint-kg/graph/asserted"},
        headers=accept,
    )
    after = client.get("/health").json()["cache"]
    assert first.status_code == 200 and first.content == second.content
    assert other_graph.json() != first.json()  # another default graph is another answer, not a cache hit
    assert (after["hits"] - before["hits"], after["misses"] - before["misses"]) == (1, 2)
    assert after["entries"] == before["entries"] + 2 and 0 < after["bytes"] <= after["budget"] == 64 << 20


def test_the_cache_keeps_the_most_recent_answers_within_its_budget() -> None:
    def answer(n: int) -> server.Written:
        return b"x" * n, "text/plain", {}

    cache = server.ResultCache(3000)
    for i in range(3):
        cache.put(("q", i), answer(1000))
    assert cache.get(("q", 0)) is not None  # now the most recently used
    cache.put(("q", 3), answer(1000))  # evicts the least recently used: 1
    assert cache.get(("q", 1)) is None and cache.get(("q", 0)) is not None and cache.used == 3000
    cache.put(("big", 0), answer(3001))  # larger than the whole budget: not kept, nothing evicted
    assert cache.get(("big", 0)) is None and cache.stats()["entries"] == 3
    off = server.ResultCache(0)
    off.put(("q", 0), answer(1))
    assert off.get(("q", 0)) is None and off.stats() == {"entries": 0, "bytes": 0, "budget": 0, "hits": 0, "misses": 0}
