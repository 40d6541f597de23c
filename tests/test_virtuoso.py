"""Integration tests against a real Virtuoso server (Debian's ``virtuoso-opensource``), started privately.

The server runs with ``ResultSetMaxRows = 1000`` -- far below the KB's triple count -- so every
read through ``--endpoint`` must page past Virtuoso's silent truncation to pass. Answers are
compared with the local ones after :func:`gutjoint_kg.sparql.remote.normalise_term` (Virtuoso types
integers as ``xsd:int``/``xsd:integer`` at will and drops ``xsd:string`` on plain literals).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Graph

import gutjoint_kg as gj
from gutjoint_kg import sparql
from gutjoint_kg.sparql import remote

from .support.virtuoso_harness import DBA_PASSWORD, VirtuosoError, VirtuosoServer

pytestmark = [pytest.mark.virtuoso, pytest.mark.slow]

#: Virtuoso's row cap in the test configuration (the KB has ~6000 triples).
CAP = 1000
GRAPH = remote.DEFAULT_GRAPH


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """A private Virtuoso (own directory and ports); a missing binary FAILS the tests rather than skipping."""
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"), max_rows=CAP)
    try:
        server.start()
    except VirtuosoError as exc:
        pytest.fail(f"cannot run the Virtuoso integration tests: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def pushed(virtuoso: VirtuosoServer, kb: gj.KnowledgeBase) -> VirtuosoServer:
    """Virtuoso holding the shipped KB in the project graph (pushed with SPARQL Update)."""
    ep = remote.Endpoint(virtuoso.auth_url, user="dba", password=DBA_PASSWORD)
    assert remote.push(kb.graph, ep) == len(kb.graph)
    return virtuoso


@pytest.fixture()
def reader(pushed: VirtuosoServer) -> remote.Endpoint:
    """Anonymous read access to the project graph."""
    return remote.Endpoint(pushed.url, graph=GRAPH)


def _norm_rows(rows: list[tuple]) -> Counter:
    return Counter(tuple(remote.normalise_term(t) for t in row) for row in rows)


def _local(kb: gj.KnowledgeBase, query: str) -> tuple[list[str], Counter]:
    result = kb.graph.query(sparql.with_prologue(query)[0])
    return [str(v) for v in result.vars or []], _norm_rows(list(result))


# --------------------------------------------------------------------------- push
def test_push_is_idempotent_with_sparql_update(
    pushed: VirtuosoServer, kb: gj.KnowledgeBase, runner, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIRTUOSO_PASSWORD", DBA_PASSWORD)
    args = ["push", "--endpoint", pushed.auth_url, "--user", "dba", "--password-env", "VIRTUOSO_PASSWORD"]
    for _ in range(2):  # twice: the second run must replace, not duplicate
        result = runner.invoke(cli, [*args, "--batch-size", "700"])
        assert result.exit_code == 0, result.output
        assert f"Pushed {len(kb.graph)} triples" in result.output
        assert f"now holds {len(kb.graph)})" in result.output
    ep = remote.Endpoint(pushed.url)
    assert remote.count_triples(ep, GRAPH) == len(kb.graph)


def test_push_with_graph_store_protocol(pushed: VirtuosoServer, kb: gj.KnowledgeBase, runner, cli, monkeypatch) -> None:
    monkeypatch.setenv("VIRTUOSO_PASSWORD", DBA_PASSWORD)
    other = "https://example.org/gsp-test"
    args = [
        "push",
        "--endpoint",
        pushed.auth_url,
        "--graph-store",
        pushed.graph_store_url,
        "--graph",
        other,
        "--user",
        "dba",
        "--password-env",
        "VIRTUOSO_PASSWORD",
    ]
    for _ in range(2):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
    ep = remote.Endpoint(pushed.url, graph=other)
    assert remote.count_triples(ep, other) == len(kb.graph)
    fetched = remote.fetch_graph(ep)  # 6 pages past the 1000-row cap
    assert len(fetched) == len(kb.graph)
    assert {(s, p) for s, p, _ in fetched} == {(s, p) for s, p, _ in kb.graph}


def test_push_without_credentials_fails_cleanly(pushed: VirtuosoServer, runner, cli) -> None:
    result = runner.invoke(cli, ["push", "--endpoint", pushed.auth_url])
    assert result.exit_code == 1
    assert "HTTP 401" in result.output


def test_batches_keep_blank_nodes_together() -> None:
    g = Graph().parse(
        data="@prefix ex: <urn:ex:> . ex:a ex:p [ ex:q [ ex:r 1 ] ] . ex:b ex:p 2 . ex:c ex:p 3 . ex:d ex:p 4 .",
        format="turtle",
    )
    parts = remote.batches(g, size=2)
    assert sum(len(p) for p in parts) == len(g)
    with_bnodes = [p for p in parts if any(isinstance(x, BNode) for t in p for x in t)]
    assert len(with_bnodes) == 1 and len(with_bnodes[0]) >= 3


# --------------------------------------------------------------------------- truncation
def test_virtuoso_truncates_and_select_pages_past_it(reader: remote.Endpoint, kb: gj.KnowledgeBase) -> None:
    _, rows, cap = reader.select_page(sparql.with_prologue("SELECT * WHERE { ?s ?p ?o } LIMIT 5000")[0])
    assert len(rows) == CAP and cap == CAP  # the trap: 1000 rows where 5000 were asked
    result = reader.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert len(result.rows) == len(kb.graph) > CAP  # one request answers at most CAP rows: it paged
    limited = reader.select("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 2500")
    assert len(limited.rows) == 2500


def test_max_rows_refuses_rather_than_cuts(reader: remote.Endpoint) -> None:
    with pytest.raises(remote.RemoteError, match="more than 100 rows"):
        reader.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", max_rows=100)


# --------------------------------------------------------------------------- same answers as locally
PROBES = {
    "statements_by_evidence": """SELECT ?level (COUNT(?st) AS ?n) WHERE { ?st a gj:Statement ; gj:evidenceLevel ?level }
        GROUP BY ?level""",
    "labels_and_languages": "SELECT ?c ?label WHERE { ?c a gj:Symptom ; rdfs:label ?label }",
    "optional_notes": "SELECT ?st ?note WHERE { ?st a gj:Statement . OPTIONAL { ?st gj:note ?note } }",
    "bound_path_upstream": "SELECT DISTINCT ?x WHERE { ?x (gj:increases|gj:causes)+ gj:joint_pain }",
    "ranks": "SELECT ?level ?rank WHERE { ?level a gj:EvidenceGrade ; gj:rank ?rank }",
}


@pytest.mark.parametrize("name", sorted(PROBES))
def test_probe_queries_agree_with_local(reader: remote.Endpoint, kb: gj.KnowledgeBase, name: str) -> None:
    variables, expected = _local(kb, PROBES[name])
    result = reader.select(PROBES[name])
    assert result.vars == variables
    assert _norm_rows(result.rows) == expected
    assert sum(expected.values()) > 0


@pytest.fixture(scope="module")
def oxigraph_kb() -> gj.KnowledgeBase:
    """The shipped KB on Oxigraph: the fast local reference for the named queries."""
    return gj.load(store="oxigraph")


def _normalised(result) -> object:
    if result.form == "SELECT":
        return _norm_rows(result.rows)
    if result.form == "ASK":
        return result.boolean
    return {tuple(remote.normalise_term(x) for x in t) for t in result.graph}


def test_every_named_query_agrees_with_local(reader: remote.Endpoint, oxigraph_kb: gj.KnowledgeBase) -> None:
    queries = sparql.list_queries()
    assert queries, "ontology/queries holds no named query"
    failures, fallbacks = [], []
    for q in queries:
        far = remote.run_query(reader, q.text, declared=q.params, engines=q.engines)
        text = sparql.with_values(q.text, sparql.bind_params(q.params, {}, oxigraph_kb))
        local = sparql.run(oxigraph_kb.graph, text, declared=())  # Virtuoso holds what push sends: the asserted graph
        if far.engine != "remote":
            fallbacks.append(q.name)
        got, expected = _normalised(far), _normalised(local)
        if got != expected:
            size = {"SELECT": lambda r: len(r.rows), "ASK": lambda r: r.boolean}.get(q.form, lambda r: len(r.graph))
            failures.append(f"{q.name} ({far.engine}): {size(far)} on Virtuoso vs {size(local)} locally")
    assert not failures, failures
    # only queries marked with '# engines:' (without virtuoso) or DESCRIBE may take the fallback
    assert set(fallbacks) == {q.name for q in queries if "virtuoso" not in q.engines or q.form == "DESCRIBE"}


# --------------------------------------------------------------------------- --endpoint commands
def test_remote_kb_equals_local(reader: remote.Endpoint, kb: gj.KnowledgeBase) -> None:
    far = remote.RemoteKB(reader).everything()
    assert far.concepts == kb.concepts
    assert far.statements == kb.statements
    assert far.version == kb.version


def test_subgraph_fetch_is_bounded(reader: remote.Endpoint) -> None:
    rkb = remote.RemoteKB(reader, max_statements=20)
    with pytest.raises(remote.RemoteError, match="exceeds 20 statements"):
        rkb.around(["chronic stress"], 6, "down")


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["paths", "chronic stress", "joint pain", "--format", "json"], 0),
        (["paths", "gj:chronic_stress", "gj:joint_pain", "--min-evidence", "article", "--max-length", "4"], 0),
        (["paths", "chronic stress", "joint pain", "--min-evidence", "human"], 1),
        (["neighbors", "tight junction", "--depth", "2", "--format", "json"], 0),
        (["neighbors", "leaky gut", "--direction", "up", "--format", "csv"], 0),
        (["show", "increased intestinal permeability", "--format", "json"], 0),
        (["show", "tite junction"], 1),
    ],
    ids=["paths", "paths-filtered", "paths-none", "neighbors", "neighbors-up", "show", "show-unknown"],
)
def test_commands_with_endpoint_match_local(pushed: VirtuosoServer, runner, cli, args: list[str], code: int) -> None:
    local = runner.invoke(cli, args)
    far = runner.invoke(cli, [*args, "--endpoint", pushed.url, "--graph", GRAPH])
    assert local.exit_code == code, local.output
    assert far.exit_code == code, far.output
    assert far.output == local.output


def test_viz_with_endpoint_draws_the_same_view(pushed: VirtuosoServer, runner, cli, tmp_path: Path) -> None:
    args = ["viz", "--focus", "tight junction", "--depth", "2"]
    local = runner.invoke(cli, [*args, "-o", str(tmp_path / "local.html")])
    far = runner.invoke(cli, [*args, "-o", str(tmp_path / "far.html"), "--endpoint", pushed.url, "--graph", GRAPH])
    assert local.exit_code == 0 and far.exit_code == 0, far.output
    assert far.output.replace("far.html", "X") == local.output.replace("local.html", "X")
    assert (tmp_path / "far.html").stat().st_size > 1000


def test_endpoint_refuses_data_files(pushed: VirtuosoServer, runner, cli) -> None:
    mini = Path(__file__).parent / "data" / "mini.ttl"
    result = runner.invoke(cli, ["paths", "a", "b", "--endpoint", pushed.url, "--data", str(mini)])
    assert result.exit_code == 2 and "--data cannot be combined with --endpoint" in result.output


def test_endpoint_without_kb_is_a_clear_error(virtuoso: VirtuosoServer, runner, cli) -> None:
    result = runner.invoke(cli, ["paths", "a", "b", "--endpoint", virtuoso.url, "--graph", "urn:empty"])
    assert result.exit_code == 1 and "no gutjoint-kg schema" in result.output


def test_run_query_binds_named_parameters_through_the_server(reader: remote.Endpoint) -> None:
    from gutjoint_kg import sparql

    q = sparql.get_query("has-link")
    yes = remote.run_query(
        reader,
        q.text,
        params={"subject": "corticotropin-releasing hormone", "object": "mast cell activation"},
        declared=q.params,
    )
    no = remote.run_query(
        reader,
        q.text,
        params={"subject": "mast cell activation", "object": "corticotropin-releasing hormone"},
        declared=q.params,
    )
    assert (yes.boolean, no.boolean) == (True, False)
    with pytest.raises(gj.UsageError, match="did you mean 'chronic stress'"):
        remote.run_query(reader, q.text, params={"subject": "chronic strez"}, declared=q.params)
    with pytest.raises(gj.UsageError, match="push"):
        remote.run_query(reader, "CLEAR ALL")


def test_push_includes_data_files(pushed: VirtuosoServer, runner, cli, monkeypatch) -> None:
    monkeypatch.setenv("VIRTUOSO_PASSWORD", DBA_PASSWORD)
    mini = Path(__file__).parent / "data" / "mini.ttl"
    args = ["push", "--endpoint", pushed.auth_url, "--user", "dba", "--password-env", "VIRTUOSO_PASSWORD"]
    result = runner.invoke(cli, [*args, "--graph", "urn:gutjoint:with-mini", "--data", str(mini)])
    assert result.exit_code == 0, result.output
    expected = len(gj.load([mini]).graph)
    assert remote.count_triples(remote.Endpoint(pushed.url), "urn:gutjoint:with-mini") == expected


def test_push_with_inferred_answers_standard_vocabulary(pushed: VirtuosoServer, runner, cli, monkeypatch) -> None:
    from gutjoint_kg.kb.inferred import inferred_triples

    monkeypatch.setenv("VIRTUOSO_PASSWORD", DBA_PASSWORD)
    args = ["push", "--endpoint", pushed.auth_url, "--user", "dba", "--password-env", "VIRTUOSO_PASSWORD"]
    target = "urn:gutjoint:with-inferred"
    kb = gj.load()
    for _ in range(2):  # idempotent for the inferred graph too
        result = runner.invoke(cli, [*args, "--graph", target, "--with-inferred"])
        assert result.exit_code == 0, result.output
        n = len(inferred_triples(kb.graph))
        assert f"Pushed {n} inferred triples into <{target}/inferred>" in result.output
    ep = remote.Endpoint(pushed.url)
    assert remote.count_triples(ep, f"{target}/inferred") == n and remote.count_triples(ep, target) == len(kb.graph)
    concepts = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH <{target}/inferred> {{ ?x a gj:Concept }} }}"
    rows = ep.select_page(sparql.with_prologue(concepts)[0])[1]
    assert int(str(rows[0]["n"])) == len(kb.concepts)
    writer = remote.Endpoint(pushed.auth_url, user="dba", password=DBA_PASSWORD)
    for graph in (f"{target}/inferred", target):  # the other tests read the server's default graph
        writer.update(f"DROP SILENT GRAPH <{graph}>")


@pytest.mark.parametrize(
    "args",
    [
        ["sparql", "--name", "category-counts"],
        ["sparql", "--name", "has-link", "--param", "subject=leaky gut", "--param", "object=joint pain"],
        ["sparql", "SELECT ?c ?label WHERE { ?c a gj:Symptom ; rdfs:label ?label } ORDER BY ?label", "--format", "csv"],
    ],
    ids=["named-ordered", "named-ask", "ad-hoc"],
)
def test_sparql_with_endpoint_matches_local(pushed: VirtuosoServer, runner, cli, args: list[str]) -> None:
    local = runner.invoke(cli, [*args, "--store", "oxigraph"])
    far = runner.invoke(cli, [*args, "--endpoint", pushed.url, "--graph", GRAPH])
    assert local.exit_code == 0 and far.exit_code == 0, far.output
    assert far.output == local.output


def test_sparql_with_endpoint_refuses_updates(pushed: VirtuosoServer, runner, cli) -> None:
    result = runner.invoke(cli, ["sparql", "CLEAR ALL", "--endpoint", pushed.url])
    assert result.exit_code == 2 and "gutjoint-kg push" in result.output
