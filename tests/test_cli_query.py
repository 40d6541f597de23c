"""The ``sparql`` and ``queries`` commands: output, exit codes for bad input, updates, timeout."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.query import Result as RdflibResult

from gutjoint_kg.sparql import list_queries

MINI = str(Path(__file__).parent / "data" / "mini.ttl")


def invoke(runner: CliRunner, cli, *args: str, input: str | None = None):
    """Run the CLI in-process (stderr kept apart)."""
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False)


# ------------------------------------------------------------------------------ queries
def test_queries_lists_every_library_query(runner: CliRunner, cli) -> None:
    result = invoke(runner, cli, "queries")
    assert result.exit_code == 0
    for q in list_queries():
        assert q.name in result.output


def test_queries_json_list_is_machine_readable(runner: CliRunner, cli) -> None:
    result = invoke(runner, cli, "queries", "--format", "json")
    rows = json.loads(result.output)
    assert {r["name"] for r in rows} == {q.name for q in list_queries()}


def test_queries_name_shows_description_parameters_and_text(runner: CliRunner, cli) -> None:
    result = invoke(runner, cli, "queries", "concept-statements")
    assert result.exit_code == 0
    assert "Everything the graph says about one concept" in result.output
    assert "concept (concept, default gj:joint_pain)" in result.output
    assert "SELECT ?direction" in result.output
    assert "gutjoint-kg sparql --name concept-statements --param concept=gj:joint_pain" in result.output


def test_queries_unknown_name_lists_available(runner: CliRunner, cli) -> None:
    result = runner.invoke(cli, ["queries", "no-such-query"])
    assert result.exit_code == 1
    assert "unknown query 'no-such-query'" in result.output and "statements-by-level" in result.output


# ------------------------------------------------------------------------------ sparql: success
def test_sparql_named_query_with_param_prints_table(runner: CliRunner, cli) -> None:
    result = invoke(runner, cli, "sparql", "--name", "shared-mechanisms")
    assert result.exit_code == 0
    assert "gj:intestinal_barrier_dysfunction" in result.output and "rows)" in result.output


def test_sparql_inline_query_json_on_mini_data(runner: CliRunner, cli) -> None:
    query = "SELECT ?o WHERE { gj:stress gj:increases ?o } ORDER BY ?o"
    result = invoke(runner, cli, "--data", MINI, "sparql", query, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [b["o"]["value"].rsplit("/", 1)[1] for b in data["results"]["bindings"]] == ["dysbiosis", "permeability"]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "xml", "json"])
def test_sparql_formats_parse_back(runner: CliRunner, cli, fmt: str) -> None:
    result = invoke(runner, cli, "sparql", "--name", "evidence-by-relation", "--format", fmt)
    assert result.exit_code == 0
    parsed = RdflibResult.parse(io.StringIO(result.output), format=fmt)
    assert [str(v) for v in parsed.vars] == ["relation", "level", "rank", "statements"]
    assert len(list(parsed)) > 10


def test_sparql_file_and_param_and_construct_as_turtle(runner: CliRunner, cli, tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text("# title: out\n# param: c (concept)\nCONSTRUCT { ?c ?p ?o } WHERE { ?c ?p ?o }\n")
    result = invoke(runner, cli, "sparql", "-f", str(rq), "--param", "c=tight junction", "--format", "ttl")
    assert result.exit_code == 0
    graph = Graph().parse(data=result.output, format="turtle")
    assert len(graph) > 3


def test_sparql_output_file_is_written(runner: CliRunner, cli, tmp_path: Path) -> None:
    out = tmp_path / "sources.csv"
    result = invoke(runner, cli, "sparql", "--name", "sources", "--format", "csv", "--output", str(out))
    assert result.exit_code == 0 and out.read_text().startswith("source,kind,key,title,doi,pmid,statements")
    assert [p.name for p in tmp_path.iterdir()] == ["sources.csv"]


def test_sparql_oxigraph_store_gives_same_answer(runner: CliRunner, cli) -> None:
    args = ["sparql", "--name", "unmapped-concepts", "--format", "tsv"]
    mem = invoke(runner, cli, *args)
    ox = invoke(runner, cli, *args, "--store", "oxigraph")
    assert mem.exit_code == ox.exit_code == 0
    assert sorted(mem.output.splitlines()) == sorted(ox.output.splitlines())


def test_sparql_ask_prints_yes_or_no(runner: CliRunner, cli) -> None:
    yes = invoke(runner, cli, "sparql", "--name", "has-link")
    no = invoke(runner, cli, "sparql", "--name", "has-link", "--param", "subject=joint pain")
    assert (yes.output, no.output) == ("yes\n", "no\n")


# ------------------------------------------------------------------------------ sparql: bad input
def test_syntax_error_exit_1_names_line_column_token(runner: CliRunner, cli) -> None:
    result = runner.invoke(cli, ["sparql", "SELECT ?x\nWHERE {\n  ?x gj:p ?y .\n  FILTER (?x = )\n}"])
    assert result.exit_code == 1
    assert "Error: SPARQL syntax error at line 4, column 3: unexpected 'FILTER'" in result.output


def test_unknown_query_name_exit_1_lists_names(runner: CliRunner, cli) -> None:
    result = runner.invoke(cli, ["sparql", "--name", "statments"])
    assert result.exit_code == 1
    assert "did you mean 'statements'" in result.output and "available: " in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--param", "min_rank=high"], "parameter 'min_rank': 'high' is not a valid integer"),
        (["--param", "min_rank"], "expected KEY=VALUE"),
        (["--param", "colour=red"], "unknown parameter 'colour'; this query takes: min_rank"),
    ],
)
def test_ill_typed_or_unknown_parameter_exit_2(runner: CliRunner, cli, args: list[str], message: str) -> None:
    result = runner.invoke(cli, ["sparql", "--name", "statements", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_missing_required_parameter_exit_2(runner: CliRunner, cli, tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text("# title: needs one\n# param: c (concept)\nSELECT ?p WHERE { ?c ?p ?o }\n")
    result = runner.invoke(cli, ["sparql", "-f", str(rq)])
    assert result.exit_code == 2
    assert "missing parameter 'c' (concept)" in result.output


def test_unknown_concept_parameter_exit_2_with_suggestion(runner: CliRunner, cli) -> None:
    result = runner.invoke(cli, ["sparql", "--name", "concept-statements", "--param", "concept=joint pian"])
    assert result.exit_code == 2 and "did you mean" in result.output


@pytest.mark.parametrize(
    "args",
    [[], ["SELECT * {}", "--name", "statements"], ["--format", "yaml", "ASK {}"], ["--timeout", "0", "ASK {}"]],
)
def test_usage_errors_exit_2(runner: CliRunner, cli, args: list[str]) -> None:
    assert runner.invoke(cli, ["sparql", *args]).exit_code == 2


def test_wrong_format_for_result_form_exit_2(runner: CliRunner, cli) -> None:
    result = runner.invoke(cli, ["sparql", "--name", "neighbourhood", "--format", "csv"])
    assert result.exit_code == 2 and "ttl, jsonld or nt" in result.output


def test_update_refused_without_flag_exit_2(runner: CliRunner, cli) -> None:
    result = runner.invoke(cli, ["--data", MINI, "sparql", "INSERT DATA { gj:stress gj:causes gj:pain }"])
    assert result.exit_code == 2 and "--allow-update" in result.output


def test_update_with_flag_changes_memory_only(runner: CliRunner, cli) -> None:
    before = Path(MINI).read_bytes()
    result = invoke(runner, cli, "--data", MINI, "sparql", "--allow-update", "DELETE WHERE { gj:stress ?p ?o }")
    assert result.exit_code == 0
    assert "in-memory graph only" in result.output and "nothing was saved" in result.output
    assert Path(MINI).read_bytes() == before


def test_update_with_output_writes_updated_graph(runner: CliRunner, cli, tmp_path: Path) -> None:
    out = tmp_path / "updated.ttl"
    result = invoke(
        runner,
        cli,
        "--data",
        MINI,
        "sparql",
        "--allow-update",
        "--output",
        str(out),
        "INSERT DATA { gj:stress gj:causes gj:pain }",
    )
    assert result.exit_code == 0
    graph = Graph().parse(out, format="turtle")
    assert any(str(s).endswith("/stress") and str(o).endswith("/pain") for s, _, o in graph)


EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_timeout_in_process_exit_1(runner: CliRunner, cli) -> None:
    start = time.perf_counter()
    result = runner.invoke(cli, ["--data", MINI, "sparql", EXPENSIVE, "--timeout", "0.5"])
    assert result.exit_code == 1
    assert "Error: query stopped after 0.5 s (--timeout)" in result.output
    assert time.perf_counter() - start < 15


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_timeout_cli_process_exits_promptly(store: str, tmp_path: Path) -> None:
    """A real process: even an uninterruptible native query ends when the CLI exits."""
    code = "from gutjoint_kg.cli import main; main()"
    args = [sys.executable, "-c", code, "--no-cache", "sparql", EXPENSIVE, "--timeout", "1", "--store", store]
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "query stopped after 1 s (--timeout)" in proc.stderr
    assert time.perf_counter() - start < 30
