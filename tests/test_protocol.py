"""SPARQL 1.1 Protocol conformance of ``gutjoint-kg serve`` on both engines: the W3C protocol tests
(pinned in tests/data/w3c-protocol), result formats over every term type, content negotiation, CORS,
the service description, dataset parameters, and named queries giving the same rows everywhere."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, XSD, Namespace
from rdflib.query import Result as RdflibResult

import gutjoint_kg as gj
from gutjoint_kg import sparql
from gutjoint_kg.kb.inferred import ASSERTED_GRAPH, INFERRED_GRAPH
from gutjoint_kg.sparql import protocol, remote

from .support.virtuoso_harness import DBA_PASSWORD, VirtuosoError, VirtuosoServer
from .test_server import _serving

pytestmark = pytest.mark.server

# --------------------------------------------------------------------------- the W3C protocol tests
MANIFEST = Path(__file__).parent / "data" / "w3c-protocol" / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
W3C_DATA = "needs the W3C's named graphs (<http://kasei.us/2009/09/sparql/data/data1.rdf> …) on the server"
WRITES = "changes the served data (SPARQL Update); the endpoint serves the KB read-only"
OUT_OF_SCOPE = {
    **dict.fromkeys(
        [
            "query_dataset_default_graphs_get",
            "query_dataset_default_graphs_post",
            "query_dataset_named_graphs_post",
            "query_dataset_named_graphs_get",
            "query_dataset_full",
            "query_multiple_dataset",
        ],
        W3C_DATA,
    ),
    **dict.fromkeys(
        [
            "update_dataset_default_graph",
            "update_dataset_default_graphs",
            "update_dataset_named_graphs",
            "update_dataset_full",
            "update_post_form",
            "update_post_direct",
            "update_base_uri",
        ],
        WRITES,
    ),
}


def _manifest() -> dict[str, list[dict[str, Any]]]:
    """Test name -> its requests (method, path, headers, body, expected statuses, format, boolean)."""
    g = Graph().parse(MANIFEST)
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    tests = {}
    for test in Collection(g, g.value(manifest, MF.entries)):
        requests = []
        for req in Collection(g, g.value(g.value(test, MF.action), HT.requests)):
            listed = g.value(req, HT.headers)
            headers = {str(g.value(h, HT.fieldName)): str(g.value(h, HT.fieldValue)) for h in Collection(g, listed)}
            resp = g.value(req, HT.resp)
            body = g.value(req, HT.body)
            requests.append(
                {
                    "method": str(g.value(req, HT.methodName)),
                    "path": str(g.value(req, HT.absolutePath)),
                    "headers": headers if listed else {},
                    "body": None if body is None else str(g.value(body, CNT.chars)),
                    "status": {int(s.split("StatusCode")[1][0]) for s in g.objects(resp, MF.expectedStatus)},
                    "format": g.value(resp, MF.expectedFormat),
                    "boolean": g.value(resp, MF.expectedBoolean),
                }
            )
        tests[str(test).split("#")[1]] = requests
    return tests


TESTS = _manifest()
IN_SCOPE = sorted(set(TESTS) - set(OUT_OF_SCOPE))


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def base(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``gutjoint-kg serve --store memory|oxigraph`` on a free loopback port (the memory engine needs
    about 20 s for the slowest named query)."""
    log = tmp_path_factory.mktemp(f"serve-{request.param}") / "serve.log"
    with _serving(log, "--store", request.param, "--timeout", "60") as url:
        yield url


def test_the_scope_partitions_the_manifest() -> None:
    assert len(TESTS) == 34 and set(OUT_OF_SCOPE) <= set(TESTS)
    assert len(IN_SCOPE) == 21


@pytest.mark.parametrize("name", IN_SCOPE)
def test_w3c_protocol(base: str, name: str) -> None:
    for req in TESTS[name]:
        ctype = req["headers"].get("content-type", "")
        charset = ctype.partition("charset=")[2] or "utf-8"
        body = None if req["body"] is None else req["body"].encode(charset)
        path = req["path"].replace("/sparql/", "/sparql", 1)
        r = httpx.request(req["method"], base + path, headers=req["headers"], content=body, trust_env=False, timeout=30)
        assert r.status_code // 100 in req["status"], (name, r.status_code, r.text)
        media = r.headers.get("content-type", "").split(";")[0]
        if req["format"] == Literal("boolean"):
            assert media in ("application/sparql-results+json", "application/sparql-results+xml"), media
            answer = RdflibResult.parse(io.BytesIO(r.content), format=media.rsplit("+", 1)[1]).askAnswer
            if req["boolean"] is not None:
                assert answer == req["boolean"].toPython(), name
        elif req["format"] == Literal("tabular"):
            assert media in protocol.TYPES["SELECT"] and media != "text/html", media
        elif req["format"] == Literal("RDF"):
            assert media in ("application/rdf+xml", "text/turtle", "application/n-triples"), media
            Graph().parse(data=r.text, format={"application/rdf+xml": "xml"}.get(media, media.split("/")[1]))


# --------------------------------------------------------------------------- every term type, every format
TERMS = """SELECT ?iri ?bnode ?plain ?lang ?typed ?zero ?zerodec ?false ?empty ?tricky ?unbound WHERE {
  BIND (<urn:x:a> AS ?iri) BIND (BNODE() AS ?bnode) BIND ("x" AS ?plain) BIND ("chat"@fr AS ?lang)
  BIND ("2020-01-02"^^xsd:date AS ?typed) BIND (0 AS ?zero) BIND (0.0 AS ?zerodec) BIND (false AS ?false)
  BIND ("" AS ?empty) BIND ("a\\nb\\tc\\"d" AS ?tricky)
}"""
EXPECTED: dict[str, Any] = {
    "iri": URIRef("urn:x:a"),
    "plain": Literal("x"),
    "lang": Literal("chat", lang="fr"),
    "typed": Literal("2020-01-02", datatype=XSD.date),
    "zero": Literal("0", datatype=XSD.integer),
    "zerodec": Literal("0.0", datatype=XSD.decimal),
    "false": Literal("false", datatype=XSD.boolean),
    "empty": Literal(""),
    "tricky": Literal('a\nb\tc"d'),
    "unbound": None,
}
CSV_CELLS = {"iri": "urn:x:a", "plain": "x", "lang": "chat", "typed": "2020-01-02", "zero": "0", "false": "false"}
CSV_CELLS |= {"empty": "", "tricky": 'a\nb\tc"d', "unbound": ""}


def _check_terms(fmt: str, body: str) -> None:
    """Every cell of the TERMS row read back from ``fmt`` equals what was bound (bnode: any label)."""
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(body)))
        assert len(rows) == 1 and rows[0]["bnode"].startswith("_:")
        assert {k: rows[0][k] for k in CSV_CELLS} == CSV_CELLS and float(rows[0]["zerodec"]) == 0
        return
    result = RdflibResult.parse(io.BytesIO(body.encode()), format=fmt)
    assert [str(v) for v in result.vars or []] == ["iri", "bnode", *list(EXPECTED)[1:]]
    (row,) = list(result)
    cells = dict(zip([str(v) for v in result.vars or []], row, strict=True))
    assert isinstance(cells.pop("bnode"), BNode)
    for name, term in EXPECTED.items():
        got = cells[name]
        decimal = isinstance(term, Literal) and term.datatype == XSD.decimal  # Oxigraph writes 0.0 as "0"
        assert got == term or (decimal and got.eq(term)), (fmt, name, got)
        if term is not None:
            assert bool(str(got)) == bool(str(term)), (fmt, name)  # the lexical form too: 0 and false are not lost


@pytest.mark.parametrize("fmt", ["xml", "json", "csv", "tsv"])
@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_every_term_type_survives_each_format_in_process(store: str, fmt: str) -> None:
    result = sparql.run(gj.load([], include_kb=False, store=store).graph, TERMS)
    _check_terms(fmt, sparql.serialize_result(result, fmt))


@pytest.mark.parametrize("fmt", ["xml", "json", "csv", "tsv"])
def test_every_term_type_survives_each_format_on_the_server(base: str, fmt: str) -> None:
    r = httpx.get(base + "/sparql", params={"query": TERMS, "format": fmt}, trust_env=False, timeout=30)
    assert r.status_code == 200, r.text
    _check_terms(fmt, r.text)


@pytest.mark.parametrize("fmt", ["xml", "json", "csv", "tsv"])
def test_every_term_type_survives_sparql_format(runner, cli, fmt: str) -> None:
    result = runner.invoke(cli, ["sparql", TERMS, "--format", fmt, "--store", "oxigraph"])
    assert result.exit_code == 0, result.output
    _check_terms(fmt, result.stdout)


def test_xml_keeps_zero_and_false_of_the_kb(base: str) -> None:
    """The bug as users met it: polarity 0 and ``gj:causal false`` came back empty in XML."""
    query = "SELECT ?p ?causal WHERE { ?p gj:polarity 0 ; gj:causal ?causal FILTER (!?causal) } LIMIT 1"
    r = httpx.get(base + "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+xml"})
    assert r.status_code == 200 and ">false</literal>" in r.text, r.text


# --------------------------------------------------------------------------- content negotiation (pure)
@pytest.mark.parametrize(
    ("accept", "kind", "expected"),
    [
        ("", "SELECT", "json"),
        ("text/csv;q=0.5, application/sparql-results+xml", "SELECT", "xml"),
        ("application/sparql-results+xml;q=0, */*;q=0.1", "SELECT", "json"),  # q=0 excludes
        ("text/*", "SELECT", "csv"),
        ("text/*;q=0.2, text/tab-separated-values", "SELECT", "tsv"),
        ("*/*", "CONSTRUCT", "ttl"),
        ("text/csv, */*;q=0.1", "ASK", "json"),
        ("application/sparql-results+json", "CONSTRUCT", "jsonld"),  # a JSON client of a graph gets JSON-LD
        ("application/rdf+xml;q=0.9, text/turtle;q=0.8", "CONSTRUCT", "xml"),
    ],
)
def test_negotiate_by_accept(accept: str, kind: str, expected: str) -> None:
    assert protocol.negotiate(accept, (), kind)[1] == expected


@pytest.mark.parametrize(
    ("fmt", "kind", "media"),
    [  # SPARQLWrapper's return formats (json, xml, turtle, n3, rdf, rdf+xml, csv, tsv, json-ld)
        ("json", "SELECT", "application/sparql-results+json"),
        ("xml", "ASK", "application/sparql-results+xml"),
        ("csv", "SELECT", "text/csv"),
        ("tsv", "SELECT", "text/tab-separated-values"),
        ("json-ld", "CONSTRUCT", "application/ld+json"),
        ("json", "CONSTRUCT", "application/ld+json"),
        ("n3", "CONSTRUCT", "text/turtle"),
        ("turtle", "CONSTRUCT", "text/turtle"),
        ("rdf+xml", "CONSTRUCT", "application/rdf+xml"),
        ("rdf", "CONSTRUCT", "application/rdf+xml"),
        ("xml", "CONSTRUCT", "application/rdf+xml"),
    ],
)
def test_negotiate_by_format_parameter(fmt: str, kind: str, media: str) -> None:
    assert protocol.negotiate("image/png", (fmt, "ignored"), kind)[0] == media


@pytest.mark.parametrize(
    ("accept", "formats", "kind"),
    [("text/csv", (), "ASK"), ("text/tab-separated-values", (), "ASK"), ("image/png", (), "SELECT")]
    + [("", ("csv",), "ASK"), ("*/*;q=0", (), "SELECT"), ("", ("turtle",), "SELECT")],
)
def test_negotiate_refuses_with_406(accept: str, formats: tuple[str, ...], kind: str) -> None:
    with pytest.raises(protocol.HTTPProblem) as info:
        protocol.negotiate(accept, formats, kind)
    assert info.value.status == 406 and "available:" in info.value.message


def test_sparqlwrapper_return_formats(base: str) -> None:
    from SPARQLWrapper import CSV, JSONLD, N3, RDFXML, TSV, TURTLE, SPARQLWrapper

    # one label per symptom: five solutions are five distinct triples (?x ?l would also match the
    # inferred skos:prefLabel, the same literal, so two solutions could make one triple)
    construct = (
        "CONSTRUCT { ?c <urn:p> ?l } WHERE { ?c a <https://w3id.org/gutjoint-kg/Symptom> ;"
        " <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 5"
    )
    for fmt, media in [(JSONLD, "ld+json"), (N3, "turtle"), (TURTLE, "turtle"), (RDFXML, "rdf+xml")]:
        sw = SPARQLWrapper(base + "/sparql")
        sw.setQuery(construct)
        sw.setReturnFormat(fmt)
        response = sw.query()
        assert media in response.info()["content-type"], fmt
        got = response.convert()  # a Graph, or the Turtle text for N3/TURTLE
        assert len(got if isinstance(got, Graph) else Graph().parse(data=got, format="turtle")) == 5, fmt
    for fmt, first in [(CSV, b"c\r\n"), (TSV, b"?c\n")]:
        sw = SPARQLWrapper(base + "/sparql")
        sw.setQuery("SELECT ?c WHERE { VALUES ?c { 1 2 } }")
        sw.setReturnFormat(fmt)
        assert sw.query().convert().startswith(first), fmt


def test_describe_concept_answers_a_json_results_client(base: str) -> None:
    r = httpx.get(base + "/queries/describe-concept", headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/ld+json")
    assert len(Graph().parse(data=r.text, format="json-ld")) > 10


def test_ask_as_csv_is_406_with_a_reason(base: str) -> None:
    r = httpx.get(base + "/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/csv"})
    assert r.status_code == 406 and "SELECT only" in r.text


# --------------------------------------------------------------------------- HEAD, CORS, service description
def test_head_has_the_headers_of_get_and_no_body(base: str) -> None:
    params = {"query": "SELECT ?x WHERE { VALUES ?x { 1 } }"}
    got = httpx.get(base + "/sparql", params=params, headers={"Accept": "text/csv"})
    head = httpx.head(base + "/sparql", params=params, headers={"Accept": "text/csv"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"] == "text/csv; charset=utf-8"


def test_cors_on_reads_errors_and_preflight(base: str) -> None:
    ok = httpx.get(base + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://yasgui.example"})
    bad = httpx.get(base + "/sparql", params={"query": "ASK {"}, headers={"Origin": "https://yasgui.example"})
    assert ok.headers["access-control-allow-origin"] == "*" and bad.status_code == 400
    assert bad.headers["access-control-allow-origin"] == "*"  # a browser client can read the error too
    pre = httpx.options(
        base + "/sparql",
        headers={
            "Origin": "https://yasgui.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert pre.status_code == 204
    assert "POST" in pre.headers["access-control-allow-methods"]
    assert "content-type" in pre.headers["access-control-allow-headers"].lower()


def test_cors_origin_option(tmp_path: Path) -> None:
    with _serving(tmp_path / "serve.log", "--cors", "https://yasgui.example") as url:
        r = httpx.get(url + "/health")
        assert r.headers["access-control-allow-origin"] == "https://yasgui.example"
    assert protocol.cors_headers("none") == {} and protocol.cors_headers("none", preflight=True) == {}


SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [("text/turtle", "turtle"), ("application/rdf+xml", "xml"), ("application/ld+json", "json-ld")],
)
def test_service_description_on_get_without_query(
    base: str, kb: gj.KnowledgeBase, accept: str, rdf_format: str
) -> None:
    r = httpx.get(base + "/sparql", headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    g = Graph().parse(data=r.text, format=rdf_format)
    service = URIRef(base + "/sparql")
    assert (service, RDF.type, SD.Service) in g and (service, SD.endpoint, service) in g
    assert set(g.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}  # read-only: no Update
    assert set(g.objects(service, SD.feature)) == {SD.UnionDefaultGraph}
    formats = {str(f).rsplit("/", 1)[1] for f in g.objects(service, SD.resultFormat)}
    assert {
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
    } <= formats
    void_triples = URIRef("http://rdfs.org/ns/void#triples")
    dataset = g.value(service, SD.defaultDataset)
    triples = g.value(g.value(dataset, SD.defaultGraph), void_triples)
    assert triples is not None and int(triples) == len(kb.query_graph)  # the union of the two named graphs
    named = {
        g.value(entry, SD.name): g.value(g.value(entry, SD.graph), void_triples)
        for entry in g.objects(dataset, SD.namedGraph)
    }
    assert {str(name): int(size) for name, size in named.items()} == {
        str(ASSERTED_GRAPH): len(kb.graph),
        str(INFERRED_GRAPH): len(kb.query_graph) - len(kb.graph),
    }


# --------------------------------------------------------------------------- dataset parameters
def _ask(base: str, **params: str) -> httpx.Response:
    return httpx.get(base + "/sparql", params={"query": "ASK { ?s ?p ?o }", **params})


def test_default_graph_uri_is_honoured(base: str) -> None:
    assert _ask(base, **{"default-graph-uri": "urn:nothing"}).json()["boolean"] is False
    assert _ask(base, **{"default-graph-uri": protocol.SERVED_GRAPH}).json()["boolean"] is True
    form = httpx.post(base + "/sparql", data={"query": "ASK { ?s ?p ?o }", "default-graph-uri": "urn:nothing"})
    assert form.json()["boolean"] is False


def test_default_graph_uri_picks_a_named_graph(base: str) -> None:
    concept = "ASK { gj:tight_junction a gj:Concept }"  # inferred: the category is asserted
    label = "ASK { gj:tight_junction rdfs:label ?l }"  # asserted
    for query, where in ((concept, INFERRED_GRAPH), (label, ASSERTED_GRAPH)):
        other = INFERRED_GRAPH if where == ASSERTED_GRAPH else ASSERTED_GRAPH
        for graph, holds in ((where, True), (protocol.SERVED_GRAPH, True), (other, False), ("urn:nothing", False)):
            r = httpx.get(base + "/sparql", params={"query": query, "default-graph-uri": str(graph)})
            assert r.json()["boolean"] is holds, (query, graph)


def test_named_graph_uri_is_refused(base: str) -> None:
    r = _ask(base, **{"named-graph-uri": str(INFERRED_GRAPH)})
    assert r.status_code == 400 and "named graphs are fixed" in r.text


def test_graph_pattern_shows_the_two_named_graphs(base: str) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    r = httpx.get(base + "/sparql", params={"query": query})
    assert r.status_code == 200, r.text
    assert [b["g"]["value"] for b in r.json()["results"]["bindings"]] == [str(ASSERTED_GRAPH), str(INFERRED_GRAPH)]


# --------------------------------------------------------------------------- named queries: the same rows everywhere
#: A value for every parameter of the library that differs from its default (all of them set).
PARAMS = {
    "concept-statements": {"concept": "leaky gut"},
    "describe-concept": {"concept": "gj:zonulin"},
    "has-link": {"subject": "chronic stress", "object": "leaky gut", "min_rank": "1"},
    "mapped-to-ontology": {"ontology": "MONDO"},
    "neighbourhood": {"concept": "gj:zonulin"},
    "publications-for-concept": {"concept": "gj:zonulin"},
    "reachable-symptoms": {"start": "gj:zonulin"},
    "shared-mechanisms": {"condition_a": "gj:ankylosing_spondylitis", "condition_b": "gj:inflammatory_bowel_disease"},
    "statements-by-level": {"level": "animal"},
    "statements": {"min_rank": "3"},
    "trigger-symptom-chains": {"start": "chronic stress"},
    "unmapped-concepts": {"category": "gj:Symptom"},
}


def _normalised(result: sparql.Result) -> object:
    if result.form == "SELECT":
        return Counter(tuple(remote.normalise_term(t) for t in row) for row in result.rows)
    if result.form == "ASK":
        return result.boolean
    return {tuple(remote.normalise_term(x) for x in t) for t in result.graph or Graph()}


def _from_server(base: str, q: sparql.NamedQuery) -> sparql.Result:
    graph_form = q.form in ("CONSTRUCT", "DESCRIBE")
    accept = "application/n-triples" if graph_form else "application/sparql-results+json"
    r = httpx.get(f"{base}/queries/{q.name}", params=PARAMS.get(q.name, {}), headers={"Accept": accept}, timeout=90)
    assert r.status_code == 200, (q.name, r.text)
    if graph_form:
        return sparql.Result(q.form, graph=Graph().parse(data=r.text, format="nt"))
    parsed = remote.parse_json_results(r.content)
    if isinstance(parsed, bool):
        return sparql.Result("ASK", boolean=parsed)
    names, rows = parsed
    return sparql.Result("SELECT", vars=names, rows=[tuple(row.get(v) for v in names) for row in rows])


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory, kb: gj.KnowledgeBase) -> Iterator[VirtuosoServer]:
    """A private Virtuoso holding the KB in the project graph (a missing binary FAILS, never skips)."""
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    try:
        server.start()
    except VirtuosoError as exc:
        pytest.fail(f"cannot run the Virtuoso comparison: {exc}")
    try:
        remote.push(kb.graph, remote.Endpoint(server.auth_url, user="dba", password=DBA_PASSWORD))
        yield server
    finally:
        server.stop()


@pytest.fixture()
def virtuoso(virtuoso_server: VirtuosoServer) -> remote.Endpoint:
    """Anonymous reads of the project graph on the private Virtuoso."""
    return remote.Endpoint(virtuoso_server.url, graph=remote.DEFAULT_GRAPH)


@pytest.mark.slow
def test_named_queries_with_parameters_agree_on_every_engine(base: str, virtuoso: remote.Endpoint) -> None:
    queries = sparql.list_queries()
    assert set(PARAMS) == {q.name for q in queries if q.params}, "give every parameterised query a value"
    kbs = {s: gj.load(store=s) for s in ("memory", "oxigraph")}
    failures = []
    for q in queries:
        params = PARAMS.get(q.name, {})
        answers = {s: sparql.run(kb, q.text, params=params, declared=q.params, timeout=90) for s, kb in kbs.items()}
        answers["server"] = _from_server(base, q)
        answers["virtuoso"] = remote.run_query(virtuoso, q.text, params=params, declared=q.params, engines=q.engines)
        expected = {e: _normalised(answers["oxigraph"]) for e in answers}
        assert expected["oxigraph"] not in (Counter(), set()), f"{q.name}: no answer with {params}; pick other values"
        if q.form == "DESCRIBE":  # Virtuoso holds what push sends, the asserted graph, and describes that
            asserted = sparql.run(kbs["oxigraph"].graph, q.text, params=params, declared=q.params, timeout=90)
            expected["virtuoso"] = _normalised(asserted)
        failures += [f"{q.name} on {e}" for e, a in answers.items() if _normalised(a) != expected[e]]
    assert not failures, failures


@pytest.mark.slow
def test_push_warns_about_other_copies_in_a_union_default_graph(
    virtuoso_server: VirtuosoServer, runner, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIRTUOSO_PASSWORD", DBA_PASSWORD)
    args = ["push", "--endpoint", virtuoso_server.auth_url, "--user", "dba", "--password-env", "VIRTUOSO_PASSWORD"]
    alone = runner.invoke(cli, args)
    assert alone.exit_code == 0 and "Warning" not in alone.output, alone.output
    copy = runner.invoke(cli, [*args, "--graph", "urn:gutjoint:copy"])
    assert copy.exit_code == 0 and "counts without --graph urn:gutjoint:copy are multiplied" in copy.stderr
    assert f"<{remote.DEFAULT_GRAPH}>" in copy.stderr
    ep = remote.Endpoint(virtuoso_server.auth_url, user="dba", password=DBA_PASSWORD)
    ep.update("DROP SILENT GRAPH <urn:gutjoint:copy>")
    assert remote.other_copies(ep, remote.DEFAULT_GRAPH) == []


# --------------------------------------------------------------------------- in-process request parsing
@pytest.mark.parametrize(
    ("method", "query", "ctype", "body", "status"),
    [
        ("GET", "query=ASK{}&query=ASK{}", "", b"", 400),
        ("POST", "", "application/x-www-form-urlencoded", b"query=ASK{}&update=CLEAR+ALL", 400),
        ("POST", "", "application/sparql-query; charset=UTF-16", "ASK {}".encode("utf-16"), 415),
        ("POST", "", "application/sparql-query", b"\xff\xfe", 400),
        ("POST", "", "", b"ASK {}", 415),
        ("GET", "update=CLEAR+ALL", "", b"", 403),
        ("POST", "using-graph-uri=urn:g", "application/sparql-update", b"CLEAR ALL", 400),
    ],
)
def test_parse_request_refusals(method: str, query: str, ctype: str, body: bytes, status: int) -> None:
    with pytest.raises(protocol.HTTPProblem) as info:
        protocol.parse_request(method, query, ctype, body)
    assert info.value.status == status


def test_parse_request_reads_every_encoding() -> None:
    direct = protocol.parse_request("POST", "default-graph-uri=urn:a&format=csv", "application/sparql-query", b"ASK {}")
    form = protocol.parse_request("POST", "", "application/x-www-form-urlencoded", b"query=ASK+%7B%7D&output=csv")
    get = protocol.parse_request("HEAD", "query=ASK+%7B%7D&default-graph-uri=urn:a", "", b"")
    assert (direct.text, direct.default_graphs, direct.formats) == ("ASK {}", ("urn:a",), ("csv",))
    assert (form.text, form.formats) == ("ASK {}", ("csv",))
    assert (get.text, get.default_graphs) == ("ASK {}", ("urn:a",))
    assert protocol.parse_request("GET", "", "", b"").text is None  # no query: the service description
