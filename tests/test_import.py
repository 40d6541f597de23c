"""Importing external graphs into a persistent Oxigraph store (issue: scale and speed)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import gutjoint_kg as gj
from gutjoint_kg.errors import DataParseError, UsageError
from gutjoint_kg.external.importer import IMPORT_NS, LINKS_GRAPH, ImportStore, curie_to_iri, guess_format, import_files

DATA = Path(__file__).parent / "data" / "import"
OBO = "http://purl.obolibrary.org/obo/"
RA = OBO + "MONDO_0008383"


@pytest.fixture()
def store(tmp_path: Path) -> ImportStore:
    """An empty import store in a temporary directory."""
    return ImportStore(tmp_path / "store")


def _triples(store: ImportStore, name: str) -> set[tuple[str, str, str]]:
    graph = next(g.graph for g in store.imports() if g.name == name)
    ox = store._ox
    return {
        (q.subject.value, q.predicate.value, q.object.value)
        for q in store.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    }


@pytest.mark.parametrize(
    ("name", "fmt", "count"),
    [
        ("small.nt", "nt", 7),
        ("small.ttl", "ttl", 2),
        ("small.nq", "nq", 2),
        ("kgx_nodes.tsv", "kgx", 9),
        ("kgx_edges.tsv", "kgx", 3),
        ("edges.csv", "csv", 8),
    ],
)
def test_each_format_imports_into_its_own_graph(store: ImportStore, name: str, fmt: str, count: int) -> None:
    result = store.import_file(DATA / name)
    assert (result.format, result.triples, result.skipped) == (fmt, count, [])
    assert result.graph.startswith(IMPORT_NS)
    assert [(g.name, g.triples) for g in store.imports()] == [(name, count)]
    assert store.triple_count(result.graph) == count


def test_kgx_maps_curies_categories_and_biolink_predicates(store: ImportStore) -> None:
    store.import_file(DATA / "kgx_nodes.tsv")
    store.import_file(DATA / "kgx_edges.tsv")
    nodes = _triples(store, "kgx_nodes.tsv")
    edges = _triples(store, "kgx_edges.tsv")
    chebi = OBO + "CHEBI_41879"
    assert (chebi, "http://www.w3.org/2000/01/rdf-schema#label", "dexamethasone") in nodes
    assert (chebi, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "https://w3id.org/biolink/vocab/Drug") in nodes
    hgnc = "http://identifiers.org/hgnc/11892"
    assert (chebi, "https://w3id.org/biolink/vocab/negatively_regulates", hgnc) in edges
    assert (
        "http://identifiers.org/ncbigene/7124",
        "https://w3id.org/biolink/vocab/gene_associated_with_condition",
        RA,
    ) in edges


def test_nquads_graph_names_fold_into_the_file_graph(store: ImportStore) -> None:
    store.import_file(DATA / "small.nq")
    assert not store.store.contains_named_graph(store._ox.NamedNode("http://example.org/graph1"))


def test_reimport_replaces_the_files_graph(store: ImportStore) -> None:
    first = store.import_file(DATA / "small.nt")
    second = store.import_file(DATA / "small.nt")
    assert second.replaced and not first.replaced
    assert second.graph != first.graph
    assert [g.graph for g in store.imports()] == [second.graph]
    assert not store.store.contains_named_graph(store._ox.NamedNode(first.graph))
    assert len(_triples(store, "small.nt")) == 7


def test_malformed_line_fails_with_file_and_line_and_imports_nothing(store: ImportStore) -> None:
    with pytest.raises(DataParseError, match=r"bad\.nt:4: N-Triples syntax error") as err:
        store.import_file(DATA / "bad.nt")
    assert err.value.line == 4
    assert store.imports() == []
    assert [g for g in store.store.named_graphs() if g.value.startswith(IMPORT_NS + "bad")] == []


def test_failed_reimport_keeps_the_previous_graph(store: ImportStore, tmp_path: Path) -> None:
    path = tmp_path / "data.nt"
    shutil.copy(DATA / "small.nt", path)
    good = store.import_file(path)
    shutil.copy(DATA / "bad.nt", path)
    with pytest.raises(DataParseError):
        store.import_file(path)
    assert [g.graph for g in store.imports()] == [good.graph]
    assert store.triple_count(good.graph) == 7


@pytest.mark.parametrize(
    ("name", "count", "lines"),
    [("bad.nt", 8, [4, 10]), ("bad.csv", 9, [5, 6])],
)
def test_skip_mode_loads_good_lines_and_reports_bad_ones(store: ImportStore, name: str, count: int, lines) -> None:
    result = store.import_file(DATA / name, on_error="skip")
    assert result.triples == count
    assert [e.line for e in result.skipped] == lines
    assert all(str(e).startswith(f"{DATA / name}:") for e in result.skipped)


def test_skip_mode_batches_resume_after_bad_lines(store: ImportStore) -> None:
    result = store.import_file(DATA / "bad.nt", on_error="skip", batch_lines=3)
    assert result.triples == 8
    assert [e.line for e in result.skipped] == [4, 10]


@pytest.mark.parametrize("batch_lines", [1, 2, 7, 250_000])
@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_line_numbers_hold_across_blocks(store: ImportStore, tmp_path: Path, batch_lines: int, ending: str) -> None:
    """Blocks are cut from byte reads: every bad line keeps its own number wherever the cuts fall,
    also with CRLF endings, blank lines, comments and no newline at the end of the file."""
    bad = {5, 6, 41, 42, 43, 120, 199}
    lines = []
    for n in range(1, 201):
        if n in bad:
            lines.append(f"<http://e/s{n}> <http://e/p> broken{n} .")
        elif n % 17 == 0:
            lines.append("# a comment" if n % 2 else "")
        else:
            lines.append(f'<http://e/s{n}> <http://e/p> "{"x" * (n % 50)}" .')
    path = tmp_path / "many.nt"
    path.write_bytes(ending.join(lines).encode())  # no line end after the last line
    result = store.import_file(path, on_error="skip", batch_lines=batch_lines)
    assert [e.line for e in result.skipped] == sorted(bad)
    good = {n for n in range(1, 201) if n not in bad and n % 17}
    assert {t[0] for t in _triples(store, "many.nt")} == {f"http://e/s{n}" for n in good}
    with pytest.raises(DataParseError) as err:
        store.import_file(path, batch_lines=batch_lines)
    assert err.value.line == 5


@pytest.mark.parametrize("on_error", ["fail", "skip"])
def test_turtle_errors_are_always_fatal(store: ImportStore, on_error: str) -> None:
    with pytest.raises(DataParseError, match=r"bad\.ttl:3: Turtle syntax error"):
        store.import_file(DATA / "bad.ttl", on_error=on_error)
    assert store.imports() == []


def test_interrupted_import_leaves_an_orphan_that_is_cleaned(store: ImportStore) -> None:
    ox = store._ox
    orphan = ox.NamedNode(IMPORT_NS + "half.nt/123")
    store.store.add(ox.Quad(ox.NamedNode("http://e.org/a"), ox.NamedNode("http://e.org/p"), ox.Literal("x"), orphan))
    store.import_file(DATA / "small.nt")
    assert store.clean_orphans() == 1
    assert not store.store.contains_named_graph(orphan)
    assert [g.name for g in store.imports()] == ["small.nt"]


def test_linkage_connects_shared_ids_to_curated_concepts(tmp_path: Path, kb: gj.KnowledgeBase) -> None:
    results, links = import_files(tmp_path / "s", [DATA / "small.nt", DATA / "edges.csv"], kb=kb)
    assert [r.triples for r in results] == [7, 8]
    pairs = ImportStore(tmp_path / "s").links()
    assert len(pairs) == links
    gjns = "https://w3id.org/gutjoint-kg/"
    assert (gjns + "rheumatoid_arthritis", RA) in pairs
    assert (gjns + "tnf", "http://identifiers.org/hgnc/11892") in pairs  # the gene of the protein gj:tnf
    assert all(ext.startswith(("http://purl.obolibrary.org/", "http://identifiers.org/")) for _, ext in pairs)
    store = ImportStore(tmp_path / "s")
    assert store.store.contains_named_graph(store._ox.NamedNode(LINKS_GRAPH))
    # each link carries the curated relation: the gene is a closeMatch of gj:tnf, never an exactMatch
    ox = store._ox
    quads = {
        (q.subject.value, q.predicate.value, q.object.value)
        for q in store.store.quads_for_pattern(None, None, None, ox.NamedNode(LINKS_GRAPH))
    }
    skos = "http://www.w3.org/2004/02/skos/core#"
    assert (gjns + "tnf", skos + "closeMatch", "http://identifiers.org/hgnc/11892") in quads
    assert (gjns + "rheumatoid_arthritis", skos + "exactMatch", RA) in quads
    assert not any(
        p == skos + "exactMatch" and o.startswith("http://identifiers.org/hgnc/") and s == gjns + "tnf"
        for s, p, o in quads
    )


def test_remove_drops_graph_and_entry(store: ImportStore) -> None:
    result = store.import_file(DATA / "small.nt")
    assert store.remove("small.nt")
    assert not store.remove("small.nt")
    assert store.imports() == []
    assert not store.store.contains_named_graph(store._ox.NamedNode(result.graph))


@pytest.mark.parametrize(
    ("name", "fmt"), [("a.nt", "nt"), ("a.NQ", "nq"), ("a_edges.tsv", "kgx"), ("a.csv", "csv"), ("a.ttl", "ttl")]
)
def test_guess_format(name: str, fmt: str) -> None:
    assert guess_format(Path(name)) == fmt


def test_guess_format_unknown_is_usage_error() -> None:
    with pytest.raises(UsageError, match="--format"):
        guess_format(Path("graph.xyz"))


@pytest.mark.parametrize("bad", ["not a curie", "nocolon", ":x", "HGNC:"])
def test_bad_identifiers_are_rejected(bad: str) -> None:
    with pytest.raises(ValueError, match="not a CURIE"):
        curie_to_iri(bad)


# --------------------------------------------------------------------------- CLI
@pytest.fixture()
def imported(tmp_path: Path, runner: CliRunner, cli) -> Path:
    """A store with the NT, KGX and CSV fixtures imported through the CLI."""
    target = tmp_path / "kg"
    files = [str(DATA / n) for n in ("small.nt", "kgx_nodes.tsv", "kgx_edges.tsv", "edges.csv")]
    result = runner.invoke(cli, ["import", *files, "--into", str(target)])
    assert result.exit_code == 0, result.output
    return target


def test_cli_import_reports_each_file_and_links(imported: Path, runner: CliRunner, cli) -> None:
    result = runner.invoke(cli, ["import", "--into", str(imported), "--list"])
    assert result.exit_code == 0
    for name in ("small.nt", "kgx_nodes.tsv", "kgx_edges.tsv", "edges.csv"):
        assert name in result.output
    assert "link(s) to curated concepts" in result.output


def test_cli_import_summary_line(tmp_path: Path, runner: CliRunner, cli) -> None:
    result = runner.invoke(cli, ["import", str(DATA / "small.nt"), "--into", str(tmp_path / "kg")])
    assert result.exit_code == 0
    assert "imported small.nt: 7 triples (nt)" in result.output
    assert "linked" in result.output


def test_cli_import_malformed_fails_with_line(tmp_path: Path, runner: CliRunner, cli) -> None:
    result = runner.invoke(cli, ["import", str(DATA / "bad.nt"), "--into", str(tmp_path / "kg")])
    assert result.exit_code == 1
    assert "bad.nt:4: N-Triples syntax error" in result.output


def test_cli_import_skip_reports_lines(tmp_path: Path, runner: CliRunner, cli) -> None:
    result = runner.invoke(cli, ["import", str(DATA / "bad.nt"), "--into", str(tmp_path / "kg"), "--on-error", "skip"])
    assert result.exit_code == 0
    assert "skipped 2 malformed line(s)" in result.output
    assert "bad.nt:10:" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["import", "--into", "X"],
        ["import", "missing.nt", "--into", "X"],
        ["import", str(DATA / "small.nt"), "--into", "X", "--format", "xml"],
        ["import", str(DATA / "small.nt")],
    ],
)
def test_cli_import_usage_errors(tmp_path: Path, runner: CliRunner, cli, args: list[str]) -> None:
    args = [a if a != "X" else str(tmp_path / "kg") for a in args]
    assert runner.invoke(cli, args).exit_code == 2


def test_cli_paths_cross_into_imported_graph(imported: Path, runner: CliRunner, cli) -> None:
    args = ["paths", "CHEBI:41879", "joint stiffness", "--store", f"oxigraph:{imported}", "--format", "json"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    first = data["chains"][0]
    assert first["nodes"][0] == {"curie": "CHEBI:41879", "label": "dexamethasone"}
    assert first["nodes"][-1]["curie"] == "gj:joint_stiffness"
    assert any(n["curie"].startswith("gj:") for n in first["nodes"][1:-1])  # crossed into the curated graph
    assert any(e["sources"][0].startswith("import:") for e in first["edges"])


def test_cli_paths_from_curated_into_imported(imported: Path, runner: CliRunner, cli) -> None:
    result = runner.invoke(cli, ["paths", "chronic stress", "NCBIGene:9999", "--store", f"oxigraph:{imported}"])
    assert result.exit_code == 1  # the made-up gene is reachable from nothing curated
    result = runner.invoke(cli, ["paths", "chronic stress", "rheumatoid arthritis", "--store", f"oxigraph:{imported}"])
    assert result.exit_code == 0


def test_cli_paths_missing_store_is_an_error(tmp_path: Path, runner: CliRunner, cli) -> None:
    result = runner.invoke(cli, ["paths", "chronic stress", "joint pain", "--store", f"oxigraph:{tmp_path / 'no'}"])
    assert result.exit_code == 1
    assert "no such import store" in result.output


@pytest.mark.parametrize("spec", ["sqlite", "memory:x", "oxigraph:"])
def test_cli_bad_store_spec_is_usage_error(runner: CliRunner, cli, spec: str) -> None:
    result = runner.invoke(cli, ["paths", "chronic stress", "joint pain", "--store", spec])
    assert result.exit_code == 2


def test_cli_neighbors_show_imported_nodes(imported: Path, runner: CliRunner, cli) -> None:
    result = runner.invoke(cli, ["neighbors", "rheumatoid arthritis", "--store", f"oxigraph:{imported}"])
    assert result.exit_code == 0
    assert "Segatella copri" in result.output  # curated (linked through NCBITaxon:165179)
    assert "TNF (NCBI)" in result.output  # only in the imported KGX graph


# --------------------------------------------------------------------------- SPARQL on the import store
CROSSING = """SELECT ?concept ?drug WHERE {
  ?concept skos:exactMatch ?disease . ?drug <https://w3id.org/biolink/vocab/treats> ?disease
}"""


def test_cli_sparql_on_the_import_store_crosses_into_imported_graphs(tmp_path: Path, runner: CliRunner, cli) -> None:
    target = tmp_path / "kg"
    assert runner.invoke(cli, ["import", str(DATA / "small.nt"), "--into", str(target)]).exit_code == 0
    store = ["--store", f"oxigraph:{target}", "--format", "json"]
    crossing = runner.invoke(cli, ["sparql", CROSSING, *store])
    assert crossing.exit_code == 0, crossing.output
    rows = json.loads(crossing.stdout)["results"]["bindings"]
    assert len(rows) == 1  # the links graph repeats curated triples: it is not queried twice
    assert {(r["concept"]["value"], r["drug"]["value"]) for r in rows} == {
        (str(gj.expand("gj:rheumatoid_arthritis")), "http://identifiers.org/drugbank/DB00065")
    }
    assert "note:" not in crossing.stderr  # the store's curated copy is the installed KB
    # the curated part answers as on the memory store; the manifest is not part of the data
    named = ["sparql", "--name", "concept-statements", "--param", "concept=leaky gut", "--format", "csv"]
    on_store, in_memory = runner.invoke(cli, [*named, "--store", f"oxigraph:{target}"]), runner.invoke(cli, named)
    assert on_store.exit_code == 0 and sorted(on_store.stdout.splitlines()) == sorted(in_memory.stdout.splitlines())
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    n = json.loads(runner.invoke(cli, ["sparql", count, *store]).stdout)["results"]["bindings"][0]["n"]["value"]
    kb = gj.load()
    assert int(n) == len(kb.query_graph) + 7  # curated copy, its inferences + small.nt; no manifest nor links
    # standard vocabulary answers as on the memory store: the inferred graph is copied beside the KB
    concepts = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a gj:Concept }"
    n = json.loads(runner.invoke(cli, ["sparql", concepts, *store]).stdout)["results"]["bindings"][0]["n"]["value"]
    assert int(n) == len(kb.concepts)


def test_cli_sparql_on_the_import_store_is_read_only_and_notes_a_stale_copy(
    tmp_path: Path, runner: CliRunner, cli
) -> None:
    target = tmp_path / "kg"
    ImportStore(target).import_file(DATA / "small.nt")  # imported by the library, never linked
    store = ["--store", f"oxigraph:{target}"]
    stale = runner.invoke(cli, ["sparql", "ASK { ?s ?p ?o }", *store])
    assert stale.exit_code == 0 and "holds no copy of the curated KB" in stale.stderr
    assert "import --relink" in stale.stderr
    assert runner.invoke(cli, ["import", "--relink", "--into", str(target)]).exit_code == 0
    assert "note:" not in runner.invoke(cli, ["sparql", "ASK { ?s ?p ?o }", *store]).stderr
    update = runner.invoke(cli, ["sparql", "INSERT DATA { gj:a gj:b gj:c }", *store, "--allow-update"])
    assert update.exit_code == 2 and "not accepted on an import store" in update.stderr
    missing = runner.invoke(cli, ["sparql", "ASK {}", "--store", f"oxigraph:{tmp_path / 'nope'}"])
    assert missing.exit_code == 1 and "no such import store" in missing.stderr
