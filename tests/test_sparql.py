"""The SPARQL library: headers, safe parameter binding, both engines, formats, errors, timeout."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD
from rdflib.query import Result as RdflibResult

import gutjoint_kg as gj
from gutjoint_kg import sparql
from gutjoint_kg.sparql import Param, guard

MINI = Path(__file__).parent / "data" / "mini.ttl"
QUERIES = sparql.list_queries()
NAMES = [q.name for q in QUERIES]

#: SELECT queries whose default parameters the shipped KB guarantees answers for, with their columns.
EXPECTED_COLUMNS = {
    "statements": ["subject", "relation", "object", "level", "rank", "source", "note"],
    "concept-statements": ["direction", "relation", "other", "otherLabel", "level", "source"],
    "trigger-symptom-chains": ["trigger", "step1", "via1", "step2", "via2", "step3", "symptom", "hops", "weakestRank"],
    "reachable-symptoms": ["symptom", "label"],
    "mapped-to-ontology": ["concept", "label", "category", "mapping", "target"],
    "mapping-coverage": ["ontology", "mapping", "concepts"],
    "unmapped-concepts": ["concept", "label", "category"],
    "article-only-statements": ["subject", "relation", "object", "level", "note"],
    "shared-mechanisms": ["mechanism", "label", "linkA", "linkB"],
    "interventions": ["intervention", "label", "relation", "polarity", "target", "targetLabel", "level"],
    "evidence-by-relation": ["relation", "level", "rank", "statements"],
    "contested": ["kind", "item", "label", "note"],
    "statements-by-level": ["subjectLabel", "relation", "objectLabel", "note"],
    "feedback-loops": ["a", "r1", "b", "r2", "c", "r3", "length"],
    "sources": ["source", "kind", "key", "title", "doi", "pmid", "statements"],
    "publications-for-concept": ["key", "title", "doi", "pmid", "subject", "relation", "object"],
    "category-counts": ["category", "concepts", "statements"],
}


@pytest.fixture(scope="module")
def ox_kb() -> gj.KnowledgeBase:
    """The shipped KB on the Oxigraph store."""
    return gj.load(store="oxigraph")


@pytest.fixture(scope="module")
def mini_ox() -> gj.KnowledgeBase:
    """The mini fixture on the Oxigraph store."""
    return gj.load([MINI], include_kb=False, store="oxigraph")


@pytest.fixture(scope="module")
def shipped_results(kb: gj.KnowledgeBase) -> dict[str, sparql.Result]:
    """Every library query run once with its defaults on the rdflib store."""
    return {q.name: sparql.run(kb, q.text, declared=q.params, timeout=120) for q in QUERIES}


# ------------------------------------------------------------------------------ the library
def test_library_has_at_least_15_documented_queries_of_every_form() -> None:
    assert len(QUERIES) >= 15
    assert {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"} <= {q.form for q in QUERIES}
    for q in QUERIES:
        assert q.title and len(q.description) > 40, q.name


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_every_declared_parameter_is_used_and_has_a_default_or_is_optional(query: sparql.NamedQuery) -> None:
    body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#"))
    for p in query.params:
        assert f"?{p.name}" in body, f"{query.name}: ?{p.name} not in the query"
        assert not p.required, f"{query.name}: {p.name} needs a default so the query runs as shipped"


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_every_library_query_parses_with_predeclared_prefixes(query: sparql.NamedQuery) -> None:
    sparql.prepare(query.text)


def test_unknown_query_name_lists_the_available_ones() -> None:
    with pytest.raises(gj.GutJointError) as err:
        sparql.get_query("statments")
    assert "did you mean 'statements'" in str(err.value)
    assert "trigger-symptom-chains" in str(err.value)
    assert err.value.exit_code == 1


def test_header_parsing_reads_types_defaults_optional_and_continuations() -> None:
    text = (
        "# title: T\n# description: first line\n#   second line\n"
        "# param: c (concept, default gj:pain) — the concept\n# param: n (integer, optional) - count\n"
        "# engines: rdflib oxigraph\nSELECT ?c WHERE { ?c ?p ?n }\n"
    )
    q = sparql.parse_header(text, "t")
    assert q.description == "first line second line"
    assert q.params == (
        Param("c", "concept", "gj:pain", False, "the concept"),
        Param("n", "integer", None, True, "count"),
    )
    assert q.engines == ("rdflib", "oxigraph")


@pytest.mark.parametrize("line", ["# param: x (colour, default red)", "# param: (iri)", "# param: x iri"])
def test_bad_param_header_line_is_reported(line: str) -> None:
    with pytest.raises(gj.GutJointError, match="bad '# param:' line"):
        sparql.parse_header(f"# title: t\n{line}\nSELECT * {{}}")


# ------------------------------------------------------------------------------ shipped KB
@pytest.mark.parametrize("name", sorted(EXPECTED_COLUMNS))
def test_select_queries_return_expected_columns_and_rows(name: str, shipped_results: dict) -> None:
    result = shipped_results[name]
    assert result.form == "SELECT"
    assert result.vars == EXPECTED_COLUMNS[name]
    assert result.rows, f"{name} returned no rows on the shipped KB"


def test_ask_construct_and_describe_on_shipped_kb(kb: gj.KnowledgeBase, shipped_results: dict) -> None:
    assert shipped_results["has-link"].boolean is True
    hood = shipped_results["neighbourhood"].graph
    centre = gj.expand("gj:increased_intestinal_permeability")
    assert (None, None, centre) in hood and (centre, None, None) in hood
    described = shipped_results["describe-concept"].graph
    pain = gj.expand("gj:joint_pain")
    # DESCRIBE covers the default graph: the asserted triples and the inferred ones
    about = set(kb.query_graph.triples((pain, None, None)))
    assert set(described.triples((pain, None, None))) == about > set(kb.graph.triples((pain, None, None)))


def test_statements_query_agrees_with_the_python_api(kb: gj.KnowledgeBase, shipped_results: dict) -> None:
    rows = shipped_results["statements"].rows
    assert {(s, p, o) for s, p, o, *_ in rows} == {(st.subject, st.predicate, st.object) for st in kb.statements}


def test_min_rank_parameter_filters(kb: gj.KnowledgeBase) -> None:
    q = sparql.get_query("statements")
    strong = sparql.run(kb, q.text, declared=q.params, params={"min_rank": "4"})
    assert strong.rows and {int(r[4]) for r in strong.rows} == {4}


def test_chains_end_at_the_requested_symptom_and_have_at_most_three_hops(kb: gj.KnowledgeBase) -> None:
    q = sparql.get_query("trigger-symptom-chains")
    result = sparql.run(
        kb, q.text, declared=q.params, params={"symptom": "joint pain", "start": "chronic stress"}, timeout=120
    )
    records = result.records()
    assert {r["symptom"] for r in records} == {gj.expand("gj:joint_pain")}
    assert {int(r["hops"]) for r in records} <= {1, 2, 3}
    assert records and {r["trigger"] for r in records} == {gj.expand("gj:chronic_stress")}


# ------------------------------------------------------------------------------ two engines
@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_both_engines_give_identical_results(
    query: sparql.NamedQuery, shipped_results: dict, ox_kb: gj.KnowledgeBase
) -> None:
    mem = shipped_results[query.name]
    ox = sparql.run(ox_kb, query.text, declared=query.params, timeout=120)
    assert (mem.engine, ox.engine) == ("rdflib", "oxigraph")
    assert mem.form == ox.form
    if mem.form in ("CONSTRUCT", "DESCRIBE"):
        assert len(mem.graph) > 0
        assert isomorphic(mem.graph, ox.graph)
    elif mem.form == "SELECT":
        assert mem.vars == ox.vars
        assert set(mem.rows) == set(ox.rows)
        assert len(mem.rows) == len(ox.rows)
    else:
        assert mem.boolean == ox.boolean


def test_both_engines_bind_non_default_parameters_alike(kb: gj.KnowledgeBase, ox_kb: gj.KnowledgeBase) -> None:
    q = sparql.get_query("mapped-to-ontology")
    for ontology in ("MONDO", "HGNC", "GO"):
        mem = sparql.run(kb, q.text, declared=q.params, params={"ontology": ontology})
        ox = sparql.run(ox_kb, q.text, declared=q.params, params={"ontology": ontology})
        assert mem.rows and set(mem.rows) == set(ox.rows)


# ------------------------------------------------------------------------------ parameters
def test_parameter_values_cannot_inject_sparql(mini_kb: gj.KnowledgeBase, mini_ox: gj.KnowledgeBase) -> None:
    text = "# title: t\n# param: name (string, default x)\nSELECT ?c WHERE { ?c rdfs:label ?name }"
    evil = 'x" } ?c ?p ?o { "'
    for kb in (mini_kb, mini_ox):
        assert sparql.run(kb, text, params={"name": evil}).rows == []
        assert sparql.run(kb, text, params={"name": "stress"}).rows == [(gj.expand("gj:stress"),)]


@pytest.mark.parametrize(
    ("ptype", "raw", "expected"),
    [
        ("iri", "HP:0002829", URIRef("http://purl.obolibrary.org/obo/HP_0002829")),
        ("iri", "<https://example.org/x>", URIRef("https://example.org/x")),
        ("concept", "leaky gut", gj.expand("gj:permeability")),
        ("level", "human", gj.expand("gj:HumanStudies")),
        ("integer", "3", Literal(3, datatype=XSD.integer)),
        ("boolean", "true", Literal(True, datatype=XSD.boolean)),
        ("string", 'a "quoted" text', Literal('a "quoted" text')),
    ],
)
def test_parameters_are_typed(mini_kb: gj.KnowledgeBase, ptype: str, raw: str, expected) -> None:
    assert sparql.to_term(Param("p", ptype), raw, mini_kb) == expected


@pytest.mark.parametrize(
    ("ptype", "raw", "message"),
    [
        ("integer", "three", "'three' is not a valid integer"),
        ("iri", "not a curie", "is not a valid iri"),
        ("iri", "gj:a>b", "is not a valid iri"),
        ("boolean", "maybe", "not a valid boolean"),
        ("concept", "nothing-like-this", "unknown concept"),
        ("level", "strong", "unknown evidence level"),
    ],
)
def test_ill_typed_parameter_is_a_usage_error_naming_it(
    mini_kb: gj.KnowledgeBase, ptype: str, raw: str, message: str
) -> None:
    with pytest.raises(gj.UsageError, match=message) as err:
        sparql.to_term(Param("p", ptype), raw, mini_kb)
    assert "'p'" in str(err.value) and err.value.exit_code == 2


def test_missing_and_unknown_parameters_are_usage_errors() -> None:
    params = (Param("need", "iri"),)
    with pytest.raises(gj.UsageError, match="missing parameter 'need'"):
        sparql.bind_params(params, {})
    with pytest.raises(gj.UsageError, match="unknown parameter 'other'; this query takes: need"):
        sparql.bind_params(params, {"need": "gj:x", "other": "1"})


def test_with_values_inserts_after_the_where_brace_not_into_templates_strings_or_comments() -> None:
    text = 'PREFIX x: <http://a/b#c>\n# a { comment\nCONSTRUCT { ?s x:p "{" } WHERE { ?s ?p ?o }'
    out = sparql.with_values(text, {"s": URIRef("http://e/x"), "o": Literal('a"} b')})
    assert out.startswith('PREFIX x: <http://a/b#c>\n# a { comment\nCONSTRUCT { ?s x:p "{" } WHERE {\n')
    assert '\n  VALUES (?s ?o) { (<http://e/x> "a\\"} b") }\n ?s ?p ?o }' in out
    sparql.prepare(out)  # still a valid query


def test_with_values_refuses_a_query_without_where_group() -> None:
    with pytest.raises(gj.GutJointError, match="no WHERE"):
        sparql.with_values("DESCRIBE <http://e/x>", {"x": URIRef("http://e/y")})


def test_standard_prefixes_are_added_only_when_not_declared() -> None:
    text, added = sparql.with_prologue("PREFIX gj: <http://other/>\nSELECT * { ?s gj:p ?o }")
    assert "PREFIX gj: <https://w3id.org" not in text
    assert "PREFIX skos:" in text and added == len(gj.vocab.PREFIXES) - 1


# ------------------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("SELECT ?x WHERE { ?x ?y }", "line 1, column 19: unexpected '?x'"),
        ("SELECT ?x\nWHERE {\n  ?x gj:p ?y .\n  FILTER (?x = )\n}", "line 4, column 3: unexpected 'FILTER'"),
    ],
)
def test_syntax_error_names_line_column_and_token(mini_kb: gj.KnowledgeBase, text: str, where: str) -> None:
    with pytest.raises(gj.GutJointError) as err:
        sparql.run(mini_kb, text)
    assert str(err.value).startswith(f"SPARQL syntax error at {where}")
    assert err.value.exit_code == 1


def test_update_is_refused_unless_allowed_then_changes_only_memory(tmp_path: Path) -> None:
    kb = gj.load([MINI], include_kb=False)
    update = "INSERT DATA { gj:stress gj:causes gj:pain }"
    with pytest.raises(gj.UsageError, match="--allow-update"):
        sparql.run(kb, update)
    before = MINI.read_bytes()
    result = sparql.run(kb, update, allow_update=True)
    assert (result.form, result.changed) == ("UPDATE", 1)
    assert (gj.expand("gj:stress"), gj.expand("gj:causes"), gj.expand("gj:pain")) in kb.graph
    assert MINI.read_bytes() == before


@pytest.mark.parametrize(
    "text",
    ["SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SELECT * FROM <http://e/g> { ?s ?p ?o }"],
)
@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_remote_data_is_refused(mini_kb: gj.KnowledgeBase, mini_ox: gj.KnowledgeBase, text: str, engine: str) -> None:
    with pytest.raises(gj.UsageError, match="not supported"):
        sparql.run(mini_kb if engine == "rdflib" else mini_ox, text)


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT ?s WHERE { ?s prov:wasDerivedFrom ?o }", "SELECT"),  # a word inside a name
        ("SELECT ?from WHERE { ?from ?p ?o }", "SELECT"),
        ("# fetched from the web\nPREFIX ex: <http://e/>\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ('ASK { ?s ?p "SERVICE <http://e/> {}" }', "ASK"),  # a keyword inside a string
        ("SELECT * WHERE { ?s ?p <http://e/#service> } # SERVICE", "SELECT"),
        ("PREFIX ex: <http://e/> # a trailing comment\nSELECT * {}", "SELECT"),
        ("INSERT DATA { gj:a gj:b gj:c }", "INSERT"),
        ("SELECT * WHERE { ?s ?p ?o .SERVICE <http://e/> { ?s ?p ?o } }", None),
        ("SELECT * WHERE { ?s ?p true SeRvIcE <http://e/> { ?s ?p ?o } }", None),
        ("SELECT * WHERE { ?s ?p 1SERVICE <http://e/> {} }", None),
        ("SELECT * WHERE { ?s ?p ?a-SERVICE }", None),
        ("SELECT * from <http://e/g> { ?s ?p ?o }", None),
        ('ASK { ?s ?p "x" } \\u0053ERVICE', None),  # codepoint escapes are expanded first
        ('SELECT * { BIND("""\n# """ AS ?x) SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }', None),
        ("SELECT * { ?s ?p ?o FILTER(?a<?b)SERVICE:x#>\n{ ?s ?p ?o } }", None),  # '<' the operator
        ("SELECT * { ?s ?p ex:a\\#b SERVICE <http://e/> {} }", None),  # '#' escaped in a name
        ("LOAD <http://e/data.ttl>", None),
        ("INSERT DATA { <file:///etc/passwd> <urn:p> 1 }", None),
        ("SELECT * WHERE " + "{" * 65 + "}" * 65, None),
        ("SELECT * WHERE { FILTER(" + "(" * 65 + "1" + ")" * 65 + ") }", None),
        ("SELECT * WHERE { " + " UNION ".join(["{}"] * 1001) + " }", None),
        ("SELECT * WHERE " + "{" * 60 + "}" * 60, "SELECT"),
    ],
)
def test_guard_refuses_remote_files_and_deep_queries(text: str, form: str | None) -> None:
    if form is None:
        with pytest.raises(gj.UsageError, match="not supported|file: IRI|guard's limit"):
            guard.check(text)
    else:
        assert guard.check(text) == form


def test_oxigraph_parses_plain_queries_itself(mini_ox: gj.KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = sparql.prepare
    monkeypatch.setattr(sparql, "prepare", lambda text: calls.append(text) or real(text))
    result = sparql.run(mini_ox, "SELECT ?s WHERE { ?s prov:wasDerivedFrom ?o }")
    assert result.engine == "oxigraph" and result.rows and calls == []
    with pytest.raises(gj.GutJointError, match=r"SPARQL syntax error at line 2"):
        sparql.run(mini_ox, "SELECT ?s WHERE {\n ?s ?p }")
    assert calls  # a syntax error is reported in rdflib's words, as on the memory store


EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_timeout_stops_an_expensive_query_promptly(mini_kb: gj.KnowledgeBase) -> None:
    start = time.perf_counter()
    with pytest.raises(sparql.QueryTimeoutError, match=r"query stopped after 0.3 s \(--timeout\)"):
        sparql.run(mini_kb, EXPENSIVE, timeout=0.3)
    assert time.perf_counter() - start < 2
    deadline = time.perf_counter() + 5  # the rdflib worker is cancelled, not left running
    while any(t.name == "gutjoint-kg-sparql" for t in threading.enumerate()) and time.perf_counter() < deadline:
        time.sleep(0.05)
    assert not any(t.name == "gutjoint-kg-sparql" for t in threading.enumerate())


def test_non_positive_timeout_is_a_usage_error(mini_kb: gj.KnowledgeBase) -> None:
    with pytest.raises(gj.UsageError, match="timeout must be positive"):
        sparql.run(mini_kb, "ASK {}", timeout=0)


# ------------------------------------------------------------------------------ formats
SELECT_MINI = "SELECT ?s ?label ?note WHERE { ?s rdfs:label ?label . OPTIONAL { ?st rdf:subject ?s ; gj:note ?note } }"


@pytest.fixture(scope="module")
def mini_select(mini_kb: gj.KnowledgeBase) -> sparql.Result:
    """A SELECT with an unbound column, run on the mini fixture."""
    return sparql.run(mini_kb, SELECT_MINI + " ORDER BY ?s")


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_select_formats_parse_back_with_rdflib(mini_select: sparql.Result, fmt: str) -> None:
    text = sparql.serialize_result(mini_select, fmt)
    parsed = RdflibResult.parse(io.StringIO(text), format=fmt)
    assert [str(v) for v in parsed.vars] == mini_select.vars
    rows = {tuple(row) for row in parsed}
    if fmt == "csv":  # SPARQL CSV drops datatypes: compare lexical forms
        assert {tuple(str(v) if v is not None else None for v in r) for r in rows} == {
            tuple(str(v) if v is not None else None for v in r) for r in mini_select.rows
        }
    else:
        assert rows == set(mini_select.rows)


def test_csv_and_json_read_with_the_standard_library(mini_select: sparql.Result) -> None:
    rows = list(csv.DictReader(io.StringIO(sparql.serialize_result(mini_select, "csv"))))
    assert rows[0].keys() == {"s", "label", "note"} and len(rows) == len(mini_select.rows)
    data = json.loads(sparql.serialize_result(mini_select, "json"))
    assert data["head"]["vars"] == ["s", "label", "note"]
    assert any("note" not in b for b in data["results"]["bindings"])  # unbound stays unbound


def test_tsv_follows_the_w3c_layout(mini_select: sparql.Result) -> None:
    lines = sparql.serialize_result(mini_select, "tsv").splitlines()
    assert lines[0] == "?s\t?label\t?note"
    assert lines[1].startswith("<https://w3id.org/gutjoint-kg/") and '\t"' in lines[1]


def test_table_and_markdown_use_curies(mini_select: sparql.Result) -> None:
    table = sparql.serialize_result(mini_select, "table")
    assert "gj:stress" in table and f"({len(mini_select.rows)} rows)" in table
    md = sparql.serialize_result(mini_select, "md").splitlines()
    assert md[0] == "| s | label | note |" and md[1] == "|---|---|---|"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_ask_formats_parse_back(mini_kb: gj.KnowledgeBase, fmt: str) -> None:
    result = sparql.run(mini_kb, "ASK { gj:stress gj:increases gj:permeability }")
    parsed = RdflibResult.parse(io.StringIO(sparql.serialize_result(result, fmt)), format=fmt)
    assert parsed.askAnswer is True


@pytest.mark.parametrize(("fmt", "rdf_format"), [("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")])
def test_graph_formats_parse_back(mini_kb: gj.KnowledgeBase, fmt: str, rdf_format: str) -> None:
    result = sparql.run(mini_kb, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o . ?s a gj:Symptom }")
    back = Graph().parse(data=sparql.serialize_result(result, fmt), format=rdf_format)
    assert len(back) == len(result.graph) > 0 and isomorphic(back, result.graph)


@pytest.mark.parametrize(
    ("query", "fmt"), [("ASK {}", "csv"), ("SELECT * {}", "ttl"), ("CONSTRUCT WHERE { ?s a gj:Symptom }", "csv")]
)
def test_format_that_does_not_fit_the_result_is_a_usage_error(mini_kb: gj.KnowledgeBase, query: str, fmt: str) -> None:
    with pytest.raises(gj.UsageError, match="format|CSV"):
        sparql.serialize_result(sparql.run(mini_kb, query), fmt)


def test_oxigraph_answers_like_rdflib_on_prefixes_literals_and_blank_nodes(tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix zz: <http://zz.example/> .\n"
        'zz:a zz:p "plain", "chat"@fr, 3, "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> ;\n'
        "     zz:q [ zz:r zz:b ] .\n",
        encoding="utf-8",
    )
    kbs = [gj.load([MINI, extra], include_kb=False, store=s) for s in ("memory", "oxigraph")]
    for kb in kbs:  # a prefix of a data file is not a query prefix, on either engine
        with pytest.raises(gj.GutJointError, match="zz"):
            sparql.run(kb, "SELECT ?o WHERE { zz:a zz:p ?o }")
    select = "PREFIX zz: <http://zz.example/>\nSELECT ?o WHERE { zz:a zz:p ?o } ORDER BY STR(?o)"
    rows = [sparql.run(kb, select).rows for kb in kbs]
    assert rows[0] == rows[1] and len(rows[0]) == 4 and Literal("plain") in {r[0] for r in rows[1]}
    construct = "PREFIX zz: <http://zz.example/>\nCONSTRUCT { ?s ?p ?o } WHERE { zz:a zz:q ?s . ?s ?p ?o }"
    graphs = [sparql.run(kb, construct).graph for kb in kbs]
    assert len(graphs[1]) == 1 and isomorphic(graphs[0], graphs[1])
    assert sparql.run(kbs[1], "PREFIX zz: <http://zz.example/>\nASK { zz:a zz:q [ zz:r zz:b ] }").boolean is True
