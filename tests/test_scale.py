"""Paths at scale: bounded crossing into imported graphs, the bulk store view, store parity, fast start."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import gutjoint_kg as gj
from gutjoint_kg.external.importer import ImportStore, curie_to_iri, iri_to_curie
from gutjoint_kg.external.scale import CHAIN_PREDICATES, crossing_graph, resolve_node, store_digraph
from gutjoint_kg.paths import causal_paths

from .support.fresh_interpreter import run_fresh

ROOT = Path(__file__).resolve().parents[1]
B = "https://w3id.org/biolink/vocab/"
NCBI = "http://identifiers.org/ncbigene/"


def _chain_file(path: Path, length: int, hub_fan: int = 0) -> Path:
    """NCBIGene:0 -> 1 -> ... -> length (positively regulates), a hub on node 1, and noise predicates."""
    lines = [f"<{NCBI}{i}> <{B}positively_regulates> <{NCBI}{i + 1}> ." for i in range(length)]
    lines += [f"<{NCBI}1> <{B}positively_regulates> <{NCBI}hub{j}> ." for j in range(hub_fan)]
    lines += [f'<{NCBI}{i}> <http://www.w3.org/2000/01/rdf-schema#label> "gene {i}" .' for i in range(length + 1)]
    lines += [f"<{NCBI}0> <{B}related_to> <{NCBI}{length}> ."]  # not chainable: ignored by paths
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def chain_store(tmp_path: Path) -> ImportStore:
    """A store holding one 6-step chain of genes with a 30-edge hub on the second gene."""
    store = ImportStore(tmp_path / "store")
    store.import_file(_chain_file(tmp_path / "chain.nt", 6, hub_fan=30))
    return store


@pytest.mark.parametrize("text", ["MONDO:0008383", "HGNC:11892", "NCBIGene:7124", "UniProtKB:P01375", "XYZ:12"])
def test_curie_round_trip(text: str) -> None:
    assert iri_to_curie(curie_to_iri(text)) == text


def test_store_digraph_keeps_only_chainable_predicates(chain_store: ImportStore) -> None:
    D = store_digraph(chain_store)
    assert D.number_of_edges() == 6 + 30
    assert not D.has_edge(NCBI + "0", NCBI + "6")  # related_to is not chainable
    assert D.edges[NCBI + "0", NCBI + "1"] == {"relation": B + "positively_regulates", "polarity": 1}


@pytest.mark.parametrize("max_length", [6, 7])
def test_crossing_covers_every_chain_within_the_bound(
    chain_store: ImportStore, mini_kb: gj.KnowledgeBase, mini_graph, max_length: int
) -> None:
    crossing = crossing_graph(mini_kb, mini_graph, chain_store, ["NCBIGene:0"], ["NCBIGene:6"], max_length=max_length)
    chains = causal_paths(crossing.graph, "NCBIGene:0", "NCBIGene:6", max_length=max_length)
    assert [c.length for c in chains] == [6]
    assert chains[0].net_effect == "increases"
    assert crossing.graph.nodes["NCBIGene:3"]["label"] == "gene 3"
    assert not crossing.truncated


def test_crossing_reads_only_the_neighbourhood(chain_store: ImportStore, mini_kb, mini_graph) -> None:
    crossing = crossing_graph(mini_kb, mini_graph, chain_store, ["NCBIGene:0"], ["NCBIGene:2"], max_length=2)
    assert crossing.external_edges < 6 + 30  # the far end of the chain was never read
    assert "NCBIGene:6" not in crossing.graph


def test_fan_out_cap_is_reported(chain_store: ImportStore, mini_kb, mini_graph) -> None:
    crossing = crossing_graph(mini_kb, mini_graph, chain_store, ["NCBIGene:1"], ["NCBIGene:6"], fan_out=5)
    assert crossing.truncated
    assert sum(1 for n in crossing.graph if str(n).startswith("NCBIGene:hub")) <= 5


def test_too_short_bound_finds_nothing(chain_store: ImportStore, mini_kb, mini_graph) -> None:
    crossing = crossing_graph(mini_kb, mini_graph, chain_store, ["NCBIGene:0"], ["NCBIGene:6"], max_length=5)
    with pytest.raises(gj.NoPathError):
        causal_paths(crossing.graph, "NCBIGene:0", "NCBIGene:6", max_length=5)


def test_resolve_node_prefers_curated_and_knows_imported(chain_store: ImportStore, mini_kb) -> None:
    assert resolve_node(mini_kb, chain_store, "chronic stress") == "gj:stress"
    assert resolve_node(mini_kb, chain_store, "NCBIGene:4") == "NCBIGene:4"
    with pytest.raises(gj.UnknownConceptError):
        resolve_node(mini_kb, chain_store, "NCBIGene:404")


def test_an_imported_edge_on_a_proteins_gene_lands_on_the_concept(
    tmp_path: Path, kb: gj.KnowledgeBase, kb_graph
) -> None:
    """gj:tnf exactMatches its protein and only closeMatches its gene (a gene is not its protein),
    yet an imported edge on HGNC:11892 still lands on gj:tnf, in names, links and path search."""
    tnf = kb.concept("tnf")
    assert ("exactMatch", "UniProtKB:P01375") in tnf.mappings and ("closeMatch", "HGNC:11892") in tnf.mappings
    assert ("exactMatch", "HGNC:11892") not in tnf.mappings
    assert kb.resolve("HGNC:11892") == kb.resolve("UniProtKB:P01375") == tnf.iri
    store = ImportStore(tmp_path / "store")
    store.import_file(ROOT / "tests" / "data" / "import" / "edges.csv")  # HGNC:11892 contributes_to MONDO:0005178
    store.link(kb)
    assert resolve_node(kb, store, "HGNC:11892") == "gj:tnf"
    oa = resolve_node(kb, store, "MONDO:0005178")
    crossing = crossing_graph(kb, kb_graph, store, ["gj:tnf"], [oa], max_length=1)
    edges = [d for _, v, d in crossing.graph.out_edges("gj:tnf", data=True) if v == oa and d.get("external")]
    assert [e["sources"] for e in edges] == [["import:edges.csv"]]
    assert [c.net_effect for c in causal_paths(crossing.graph, "gj:tnf", oa, max_length=1)] == ["increases"]


def test_a_gene_identifies_only_a_protein_concept(kb: gj.KnowledgeBase) -> None:
    """A closeMatch HGNC gene stands for the concept only when the concept exactMatches a UniProtKB
    protein: zonulin closeMatches the haptoglobin gene but is no haptoglobin, so HGNC:5141 is not its name."""
    zonulin = kb.concept("zonulin")
    assert ("closeMatch", "HGNC:5141") in zonulin.mappings
    assert "HGNC:5141" not in zonulin.identifiers
    assert kb.name_index().get("hgnc:5141") is None


def test_chain_predicates_have_a_polarity() -> None:
    assert set(CHAIN_PREDICATES.values()) <= {-1, 0, 1}
    assert CHAIN_PREDICATES[B + "treats"] == -1


# --------------------------------------------------------------------------- store parity
def test_store_parity_on_the_curated_kb(kb: gj.KnowledgeBase) -> None:
    ox = gj.load(store="oxigraph")
    assert ox.store == "oxigraph" and type(ox.graph.store).__name__ != type(kb.graph.store).__name__
    assert ox.concepts == kb.concepts
    assert ox.statements == kb.statements
    assert ox.relations == kb.relations
    assert len(ox.graph) == len(kb.graph)


@pytest.mark.parametrize(
    "args",
    [
        ["paths", "chronic stress", "joint pain", "--format", "json"],
        ["neighbors", "tight junctions", "--depth", "2", "--format", "csv"],
    ],
)
def test_cli_same_answers_on_both_stores(runner: CliRunner, cli, args: list[str]) -> None:
    memory = runner.invoke(cli, [*args, "--store", "memory"])
    oxigraph = runner.invoke(cli, ["--no-cache", *args, "--store", "oxigraph"])
    assert memory.exit_code == oxigraph.exit_code == 0
    assert memory.output == oxigraph.output


# --------------------------------------------------------------------------- fast start
def test_cache_invalidates_when_a_turtle_file_changes(tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    body = "@prefix gj: <https://w3id.org/gutjoint-kg/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    extra.write_text(body + 'gj:x a gj:Trigger ; rdfs:label "first" .\n', encoding="utf-8")
    assert gj.load([extra], include_kb=False, use_cache=True).concept("gj:x").label == "first"
    extra.write_text(body + 'gj:x a gj:Trigger ; rdfs:label "second" .\n', encoding="utf-8")
    warm = gj.load([extra], include_kb=False, use_cache=True)
    assert warm.concept("gj:x").label == "second"


ENGINES = ("pyvis", "pyshacl", "pyoxigraph", "oxrdflib", "rdflib.plugins.sparql", "jinja2")


def _modules_after(code: str, env_dir: Path) -> set[str]:
    return run_fresh(code, cache_dir=env_dir).under(*ENGINES)


@pytest.mark.parametrize(
    "argv",
    [None, ["--help"], ["paths", "chronic stress", "joint pain"], ["show", "leaky gut"], ["info"]],
)
def test_no_engine_is_loaded_by_import_help_or_warm_commands(tmp_path: Path, argv: list[str] | None) -> None:
    if argv is None:
        assert _modules_after("import gutjoint_kg", tmp_path) == set()
        return
    code = f"from click.testing import CliRunner\nfrom gutjoint_kg.cli import main\nCliRunner().invoke(main, {argv!r})"
    cold = _modules_after(code, tmp_path)  # parses the Turtle (with pyoxigraph's parser) and fills the cache
    assert cold - {"pyoxigraph", "pyoxigraph.pyoxigraph"} == set()
    assert _modules_after(code, tmp_path) == set()  # warm: a new process reads only the cache
