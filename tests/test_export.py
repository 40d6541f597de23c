"""Export formats: round trips through each ecosystem's reader, atomic writes, the bundle and the CLI."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import os
import re
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import networkx as nx
import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

import gutjoint_kg as gj
from gutjoint_kg import resources
from gutjoint_kg.errors import GutJointError, UsageError
from gutjoint_kg.kb.views import select
from gutjoint_kg.render import export as ex
from gutjoint_kg.render.atomic import atomic_dir, write_atomic
from gutjoint_kg.render.style import CATEGORY_STYLE, POLARITY_COLOURS, hex_to_rgb
from gutjoint_kg.vocab import GJ, GJS, GJSRC, PREFIXES

from .support.data import MINI

C = Namespace(PREFIXES["gj"])  # concept IRIs (data; GJ holds only schema terms)

RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml", "trig": "trig"}
#: Loose CURIE shape: a prefix, a colon, a non-empty local part without spaces.
CURIE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*:[^\s|]+$")

EXTRA_TTL = """
@prefix gj: <https://w3id.org/gutjoint-kg/> .
@prefix gjs: <https://w3id.org/gutjoint-kg/statement/> .
@prefix gjsrc: <https://w3id.org/gutjoint-kg/source/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix obo: <http://purl.obolibrary.org/obo/> .
gjsrc:pub1 a gj:Publication ; rdfs:label "Doe 2020" ; gj:citationKey "doe2020" ; gj:doi "10.1000/xyz" ; gj:pmid "123" .
gjs:inflammation--causes--pain prov:wasDerivedFrom gjsrc:pub1 .
gj:pain skos:exactMatch obo:HP_0002829 .
"""


def _parse(text: str, fmt: str) -> Graph:
    """Parse an export back; a TriG dataset is flattened to the union of its graphs."""
    if fmt == "trig":
        ds = Dataset()
        ds.parse(data=text, format="trig")
        out = Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            out.add((s, p, o))
        return out
    return Graph().parse(data=text, format=fmt)


@pytest.fixture(scope="module")
def focus_view(mini_kb: gj.KnowledgeBase):
    """Neighbourhood of dysbiosis (depth 1) in the mini KG: stress, sugar, permeability, bloating."""
    return select(mini_kb, focus="dysbiosis", depth=1)


@pytest.fixture(scope="module")
def extra_kb(tmp_path_factory: pytest.TempPathFactory) -> gj.KnowledgeBase:
    """mini.ttl plus a publication with DOI/PMID and one external exact mapping (for KGX)."""
    path = tmp_path_factory.mktemp("extra") / "extra.ttl"
    path.write_text(EXTRA_TTL, encoding="utf-8")
    return gj.load([MINI, path], include_kb=False)


# ------------------------------------------------------------------------------ registry
def test_registry_has_every_issue_format() -> None:
    assert set(ex.WRITERS) == {
        *RDF_FORMATS,
        "graphml",
        "gexf",
        "cyjs",
        "nodelink",
        "kgx",
        "csv",
        "mermaid",
        "dot",
        "verdicts",
    }
    for name, w in ex.WRITERS.items():
        assert w.name == name and w.description and callable(w.render)
        assert w.multi_file or w.extension.startswith(".")


def test_unknown_format_lists_valid_ones(mini_kb) -> None:
    with pytest.raises(UsageError, match=r"unknown export format 'png'; valid: ttl, nt, .*kgx"):
        ex.render(mini_kb, "png")


# ----------------------------------------------------------------------------------- RDF
@pytest.mark.parametrize("fmt", list(RDF_FORMATS))
def test_rdf_whole_kb_round_trips_isomorphic(mini_kb, fmt: str) -> None:
    text = ex.render(mini_kb, fmt)
    back = _parse(text, RDF_FORMATS[fmt])
    assert len(back) == len(mini_kb.graph)
    assert isomorphic(back, mini_kb.graph)


@pytest.mark.parametrize("fmt", list(RDF_FORMATS))
def test_rdf_view_round_trips_to_the_view_triples(mini_kb, focus_view, fmt: str) -> None:
    expected = ex.view_graph(mini_kb, focus_view)
    back = _parse(ex.render(mini_kb, fmt, focus_view), RDF_FORMATS[fmt])
    assert isomorphic(back, expected)


def test_view_triples_follow_the_documented_rule(mini_kb, focus_view) -> None:
    g = ex.view_graph(mini_kb, focus_view)
    # concept cards of view nodes, not of others
    assert (C.dysbiosis, RDFS.label, Literal("dysbiosis")) in g
    assert (C.stress, RDF.type, GJ.Trigger) in g
    assert not list(g.triples((C.inflammation, None, None)))
    # every view edge: its plain triple and its statement node; edges leaving the view are absent
    assert len(list(g.triples((None, GJ.increases, None)))) == focus_view.graph.number_of_edges()
    assert (C.permeability, GJ.increases, C.inflammation) not in g
    node = GJS["sugar--increases--dysbiosis"]
    assert (node, GJ.evidenceLevel, GJ.ArticleClaim) in g and (node, GJ.note, Literal("fixture note")) in g
    # cited sources and the schema terms used, but not unused ones
    assert (GJSRC.mini, GJ.citationKey, Literal("mini")) in g
    assert (GJ.increases, GJ.polarity, Literal(1)) in g
    assert (GJ.polarity, RDFS.label, Literal("polarity")) in g  # a term the schema triples themselves use
    assert (GJ.Trigger, RDFS.subClassOf, GJ.Concept) in g
    assert not list(g.triples((GJ.Condition, None, None)))
    assert not list(g.triples((GJ.causes, None, None)))


def test_trig_separates_knowledge_from_provenance(mini_kb) -> None:
    ds = Dataset()
    ds.parse(data=ex.render(mini_kb, "trig"), format="trig")
    prov = ds.graph(ex.PROVENANCE_GRAPH)
    default = ds.default_graph
    assert len(set(prov.subjects(RDF.type, GJ.Statement))) == len(mini_kb.statements) == 18
    assert (GJSRC.mini, GJ.citationKey, Literal("mini")) in prov
    assert not list(default.subjects(RDF.type, GJ.Statement))
    assert (C.stress, GJ.increases, C.permeability) in default
    assert (C.stress, RDFS.label, Literal("stress")) in default


def test_jsonld_has_a_compact_inline_context(mini_kb) -> None:
    doc = json.loads(ex.render(mini_kb, "jsonld"))
    ctx = doc["@context"]
    assert isinstance(ctx, dict) and ctx["gj"] == PREFIXES["gj"] and ctx["skos"] == PREFIXES["skos"]
    text = json.dumps(doc["@graph"])
    assert '"gj:stress"' in text and PREFIXES["gj"] + "stress" not in text


def test_ntriples_are_sorted_and_unique(mini_kb) -> None:
    lines = ex.render(mini_kb, "nt").splitlines()
    assert lines == sorted(set(lines)) and len(lines) == len(mini_kb.graph)


# ------------------------------------------------------------------------ graph formats
def _edge_set(G: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(u, v, k) for u, v, k in G.edges(keys=True)}


def test_graphml_reads_back_with_typed_attributes(mini_kb, mini_graph, tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    ex.export(mini_kb, "graphml", path)
    back = nx.read_graphml(path, force_multigraph=True)
    assert set(back.nodes) == set(mini_graph.nodes)
    assert _edge_set(back) == _edge_set(mini_graph)
    assert back.nodes["gj:stress"]["synonyms"] == "chronic stress"
    assert back.nodes["gj:stress"]["category"] == "Trigger"
    edge = back.edges["gj:resolution", "gj:inflammation", "gj:decreases"]
    assert edge["polarity"] == -1 and edge["evidence_rank"] == 4 and edge["causal"] is True
    assert back.edges["gj:tj", "gj:gut", "gj:partOf"]["causal"] is False
    assert back.edges["gj:stress", "gj:dysbiosis", "gj:increases"]["note"] == ""
    for u, v, k, d in mini_graph.edges(keys=True, data=True):
        assert back.edges[u, v, k]["sources"] == "; ".join(d["sources"])
    assert back.graph["kb_version"] == mini_kb.version


def _gexf_edges(G: nx.DiGraph) -> dict[tuple[str, str, str], dict]:
    """Edges of a read GEXF by (u, v, relation); the reader drops the relation key when it returns a
    plain DiGraph (no parallel edges), but the ``relation`` attribute always survives."""
    return {(u, v, d["relation"]): d for u, v, d in G.edges(data=True)}


def test_gexf_reads_back_with_colours_and_dashes(mini_kb, mini_graph, tmp_path: Path) -> None:
    path = tmp_path / "g.gexf"
    ex.export(mini_kb, "gexf", path)
    back = nx.read_gexf(path)
    assert set(back.nodes) == set(mini_graph.nodes)
    by_key = _gexf_edges(back)
    assert set(by_key) == _edge_set(mini_graph)
    for n, d in back.nodes(data=True):
        r, g, b = hex_to_rgb(CATEGORY_STYLE[mini_graph.nodes[n]["category"]]["color"])
        assert (d["viz"]["color"]["r"], d["viz"]["color"]["g"], d["viz"]["color"]["b"]) == (r, g, b)
        assert d["label"] == mini_graph.nodes[n]["label"] and d["category"] == mini_graph.nodes[n]["category"]
    weak = by_key["gj:sugar", "gj:dysbiosis", "gj:increases"]
    strong = by_key["gj:inflammation", "gj:pain", "gj:causes"]
    assert strong["evidence_rank"] == 4 and strong["weight"] > weak["weight"]
    # networkx does not read edge viz back, so check the XML Gephi reads
    ns = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}
    edges = {e.get("id"): e for e in ET.parse(path).getroot().iterfind(".//g:edge", ns)}
    weak_xml, strong_xml = edges[weak["id"]], edges[strong["id"]]
    assert weak_xml.find("viz:shape", ns).get("value") == "dashed"
    assert strong_xml.find("viz:shape", ns).get("value") == "solid"
    red = hex_to_rgb(POLARITY_COLOURS[1])
    assert tuple(int(strong_xml.find("viz:color", ns).get(c)) for c in "rgb") == red


def test_cyjs_matches_the_documented_shape_and_reads_back(mini_kb, mini_graph) -> None:
    doc = json.loads(ex.render(mini_kb, "cyjs"))
    jsonschema.validate(doc, resources.json_schema("cyjs"))
    back = nx.cytoscape_graph(doc)
    assert set(back.nodes) == set(mini_graph.nodes)
    assert _edge_set(back) == _edge_set(mini_graph)
    assert back.nodes["gj:stress"]["synonyms"] == ["chronic stress"]
    edge = back.edges["gj:stress", "gj:permeability", "gj:increases"]
    assert edge["interaction"] == "increases" and edge["line_style"] == "dashed" and edge["polarity"] == 1


def test_nodelink_matches_the_documented_shape_and_reads_back(mini_kb, mini_graph) -> None:
    doc = json.loads(ex.render(mini_kb, "nodelink"))
    jsonschema.validate(doc, resources.json_schema("nodelink"))
    back = nx.node_link_graph(doc, edges="edges")
    assert dict(back.nodes(data=True)) == dict(mini_graph.nodes(data=True))
    assert {(u, v, k): d for u, v, k, d in back.edges(keys=True, data=True)} == {
        (u, v, k): d for u, v, k, d in mini_graph.edges(keys=True, data=True)
    }


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cyjs", "nodelink", "csv", "kgx"])
def test_graph_formats_follow_the_view(mini_kb, focus_view, fmt: str) -> None:
    output = ex.render(mini_kb, fmt, focus_view)
    text = "".join(output.values()) if isinstance(output, dict) else output
    assert "gj:dysbiosis" in text and "gj:sugar" in text
    assert "gj:inflammation" not in text and "gj:fever" not in text


# ----------------------------------------------------------------------------------- KGX
def _read_tsv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))


def test_kgx_columns_curies_and_biolink_terms(extra_kb) -> None:
    files = ex.render(extra_kb, "kgx")
    assert set(files) == {"nodes.tsv", "edges.tsv"}
    nodes, edges = _read_tsv(files["nodes.tsv"]), _read_tsv(files["edges.tsv"])
    assert list(nodes[0]) == list(ex.KGX_NODE_COLUMNS) and list(edges[0]) == list(ex.KGX_EDGE_COLUMNS)
    assert len(nodes) == 16 and len(edges) == 18
    for row in nodes:
        assert CURIE.match(row["id"]) and row["category"].startswith("biolink:")
        assert all(CURIE.match(x) for x in row["xref"].split("|") if x)
    for row in edges:
        for col in ("id", "subject", "predicate", "object", "primary_knowledge_source"):
            assert CURIE.match(row[col]), (col, row[col])
        assert row["predicate"].startswith("biolink:")
        assert row["knowledge_level"] and row["agent_type"] == "manual_agent"
        assert all(CURIE.match(p) for p in row["publications"].split("|") if p)
    by_id = {r["id"]: r for r in nodes}
    assert by_id["gj:stress"]["category"] == "biolink:ExposureEvent"  # a Trigger
    assert by_id["gj:fever"]["category"] == "biolink:PhenotypicFeature"  # a RedFlag
    assert by_id["gj:stiffness"]["category"] == "biolink:PhenotypicFeature"
    assert by_id["gj:stress"]["synonym"] == "chronic stress"
    # a concept with one external exact match is keyed by it, its gj: CURIE kept as an xref
    assert "gj:pain" not in by_id and by_id["HP:0002829"]["xref"] == "gj:pain"
    by_edge = {r["id"]: r for r in edges}
    causes = by_edge["gjs:inflammation--causes--pain"]
    assert causes["predicate"] == "biolink:causes" and causes["object"] == "HP:0002829"
    assert causes["publications"] == "PMID:123|doi:10.1000/xyz" and causes["gj:evidenceLevel"].startswith("gj:")
    assert set(causes["prov:wasDerivedFrom"].split("|")) == {"gjsrc:pub1", "gjsrc:mini"}
    down = by_edge["gjs:resolution--decreases--inflammation"]
    assert down["predicate"] == "biolink:affects" and down["object_direction_qualifier"] == "decreased"
    assert by_edge["gjs:fever--indicates--evaluation"]["predicate"] == "biolink:associated_with"
    assert by_edge["gjs:pain--associatedWith--stiffness"]["knowledge_level"] == "statistical_association"


def test_kgx_cells_never_break_rows(tmp_path: Path) -> None:
    path = tmp_path / "odd.ttl"
    path.write_text(
        "@prefix gj: <https://w3id.org/gutjoint-kg/> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\ngj:odd a gj:Symptom ; rdfs:label "odd\\tname" ; '
        'skos:definition "line one\\nline two" ; skos:altLabel "a|b" .\n',
        encoding="utf-8",
    )
    kb = gj.load([MINI, path], include_kb=False)
    nodes = _read_tsv(ex.render(kb, "kgx")["nodes.tsv"])
    odd = next(r for r in nodes if r["id"] == "gj:odd")
    assert odd["name"] == "odd name" and odd["description"] == "line one line two" and odd["synonym"] == "a/b"


# ----------------------------------------------------------------------------------- CSV
def test_csv_reads_back_with_the_csv_module(mini_kb, mini_graph, tmp_path: Path) -> None:
    written = ex.export(mini_kb, "csv", tmp_path / "tables")
    assert sorted(p.name for p in written) == ["edges.csv", "nodes.csv"]
    with open(tmp_path / "tables" / "nodes.csv", newline="", encoding="utf-8") as fh:
        nodes = list(csv.DictReader(fh))
    with open(tmp_path / "tables" / "edges.csv", newline="", encoding="utf-8") as fh:
        edges = list(csv.DictReader(fh))
    assert {r["curie"] for r in nodes} == set(mini_graph.nodes)
    assert {(r["subject"], r["object"], r["relation"]) for r in edges} == _edge_set(mini_graph)
    stress = next(r for r in nodes if r["curie"] == "gj:stress")
    assert stress["synonyms"] == "chronic stress" and stress["contested"] == "False"
    row = next(r for r in edges if r["statement"] == "gjs:stress--increases--permeability")
    assert row["subject_label"] == "stress" and row["polarity"] == "1" and row["note"] == "fixture note"


def test_csv_of_a_path_view_is_one_steps_file(mini_kb, tmp_path: Path) -> None:
    view = select(mini_kb, path=("stress", "pain"), limit=3)
    written = ex.export(mini_kb, "csv", tmp_path / "chains.csv", view=view)
    assert written == [tmp_path / "chains.csv"] and (tmp_path / "chains.csv").is_file()
    with open(tmp_path / "chains.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(ex.CSV_PATH_COLUMNS)
    assert len(rows) == sum(len(c.steps) for c in view.chains)
    assert {r["chain"] for r in rows} == {str(i) for i in range(1, len(view.chains) + 1)}
    for i, chain in enumerate(view.chains, 1):
        steps = [r for r in rows if r["chain"] == str(i)]
        assert [r["source"] for r in steps] == list(chain.nodes[:-1])
        assert steps[-1]["target"] == "gj:pain" and steps[0]["source"] == "gj:stress"
        assert {r["chain_net_effect"] for r in steps} == {chain.net_effect}


@pytest.mark.parametrize("fmt", ["ttl", "trig"])
def test_rdf_of_a_path_view_holds_only_its_chains(mini_kb, fmt: str) -> None:
    view = select(mini_kb, path=("stress", "pain"), limit=1)
    back = _parse(ex.render(mini_kb, fmt, view), RDF_FORMATS[fmt])
    assert isomorphic(back, ex.view_graph(mini_kb, view))
    statements = set(back.subjects(RDF.type, GJ.Statement))
    assert len(statements) == len(view.chains[0].steps)
    assert GJS["inflammation--causes--pain"] in statements


# --------------------------------------------------------------------------- atomic writes
def test_write_atomic_text_bytes_and_permissions(tmp_path: Path) -> None:
    text_file, bin_file = tmp_path / "a.txt", tmp_path / "b.bin"
    assert write_atomic(text_file, "é\n") == text_file and text_file.read_bytes() == "é\n".encode()
    write_atomic(bin_file, b"\x00\xff")
    assert bin_file.read_bytes() == b"\x00\xff"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(text_file.stat().st_mode) == 0o666 & ~umask
    text_file.chmod(0o600)
    write_atomic(text_file, "new", force=True)
    assert stat.S_IMODE(text_file.stat().st_mode) == 0o600 and text_file.read_text(encoding="utf-8") == "new"


def test_atomic_dir_builds_aside_and_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "out"
    with atomic_dir(target) as tmp:
        assert tmp.parent == tmp_path and tmp != target and not target.exists()
        (tmp / "x.txt").write_text("1", encoding="utf-8")
    assert (target / "x.txt").read_text(encoding="utf-8") == "1"
    with pytest.raises(ValueError), atomic_dir(target, force=True) as tmp:
        (tmp / "y.txt").write_text("2", encoding="utf-8")
        raise ValueError("half way")
    assert [p.name for p in tmp_path.iterdir()] == ["out"] and [p.name for p in target.iterdir()] == ["x.txt"]


def test_existing_file_needs_force(mini_kb, tmp_path: Path) -> None:
    path = tmp_path / "kb.ttl"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(GutJointError, match="already exists; use --force"):
        ex.export(mini_kb, "ttl", path)
    assert path.read_text(encoding="utf-8") == "old"
    ex.export(mini_kb, "ttl", path, force=True)
    assert isomorphic(Graph().parse(path, format="turtle"), mini_kb.graph)


def _broken(monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    def boom(kb, view):
        raise RuntimeError("writer failed")

    monkeypatch.setitem(ex.WRITERS, fmt, dataclasses.replace(ex.WRITERS[fmt], render=boom))


@pytest.mark.parametrize("fmt", ["ttl", "kgx"])
def test_failed_export_leaves_existing_output_untouched(mini_kb, tmp_path, monkeypatch, fmt: str) -> None:
    target = tmp_path / "out"
    if ex.WRITERS[fmt].multi_file:
        target.mkdir()
        (target / "keep.txt").write_text("old", encoding="utf-8")
    else:
        target.write_text("old", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    _broken(monkeypatch, fmt)
    with pytest.raises(RuntimeError, match="writer failed"):
        ex.export(mini_kb, fmt, target, force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no temp files left behind
    kept = target / "keep.txt" if target.is_dir() else target
    assert kept.read_text(encoding="utf-8") == "old"


def test_directory_output_replaced_only_with_force(mini_kb, tmp_path: Path) -> None:
    target = tmp_path / "kgx"
    target.mkdir()
    (target / "stale.tsv").write_text("x", encoding="utf-8")
    with pytest.raises(GutJointError, match="already exists; use --force"):
        ex.export(mini_kb, "kgx", target)
    ex.export(mini_kb, "kgx", target, force=True)
    assert sorted(p.name for p in target.iterdir()) == ["edges.tsv", "nodes.tsv"]
    assert [p.name for p in tmp_path.iterdir()] == ["kgx"]


@pytest.mark.parametrize(
    ("fmt", "make", "message"),
    [
        ("kgx", "file", "exists and is not a directory"),
        ("ttl", "dir", "is a directory; this output is a single file"),
        ("ttl", "missing-parent", "does not exist"),
    ],
)
def test_wrong_kind_of_target_is_refused(mini_kb, tmp_path: Path, fmt: str, make: str, message: str) -> None:
    target = tmp_path / "target"
    if make == "file":
        target.write_text("x", encoding="utf-8")
    elif make == "dir":
        target.mkdir()
    else:
        target = tmp_path / "no" / "such" / "target"
    with pytest.raises(GutJointError, match=message):
        ex.export(mini_kb, fmt, target, force=True)


# ---------------------------------------------------------------------------- the bundle
def test_release_bundle_has_every_format_and_a_true_manifest(mini_kb, tmp_path: Path) -> None:
    out = tmp_path / "release"
    seen: list[str] = []
    manifest = ex.export_all(mini_kb, out, progress=seen.append)
    assert seen == list(ex.WRITERS)
    on_disk = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert on_disk == manifest
    assert manifest["kb_version"] == mini_kb.version and manifest["package_version"] == gj.__version__
    assert manifest["counts"] == {"concepts": 16, "statements": 18, "triples": len(mini_kb.graph), "sources": 2}
    assert {f["format"] for f in manifest["files"]} == set(ex.WRITERS)
    for entry in manifest["files"]:
        data = (out / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["bytes"]
    listed = {f["path"] for f in manifest["files"]} | {"manifest.json"}
    assert {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} == listed
    assert "kgx/nodes.tsv" in listed and "gutjoint-kg.ttl" in listed
    with pytest.raises(GutJointError, match="already exists"):
        ex.export_all(mini_kb, out)


# ------------------------------------------------------------------------------------ CLI
def test_cli_list(runner, cli) -> None:
    res = runner.invoke(cli, ["export", "--list"])
    assert res.exit_code == 0
    for name in ex.WRITERS:
        assert re.search(rf"^{name}\s", res.output, re.M)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "png", "-o", "x"], "'png' is not one of 'ttl', 'nt'"),
        (["export", "-o", "x"], "give a FORMAT"),
        (["export", "ttl"], "-o PATH is required"),
        (["export", "ttl", "--all", "-o", "x"], "not both"),
        (["export", "kgx", "-o", "-"], "writes several files"),
        (["export", "ttl", "-o", "x", "--min-evidence", "strong"], "unknown evidence level 'strong'"),
        (["export", "ttl", "-o", "x", "--focus", "tight junctoin"], "did you mean"),
    ],
)
def test_cli_usage_errors(runner, cli, tmp_path: Path, args: list[str], message: str) -> None:
    with runner.isolated_filesystem(temp_dir=tmp_path):
        res = runner.invoke(cli, args)
        assert not Path("x").exists()
    assert res.exit_code in (1, 2), res.output
    expected = 1 if "did you mean" in message else 2
    assert res.exit_code == expected, res.output
    assert message in res.output


def test_cli_writes_refuses_and_forces(runner, cli, tmp_path: Path) -> None:
    target = tmp_path / "kb.ttl"
    res = runner.invoke(cli, ["export", "ttl", "-o", str(target)])
    assert res.exit_code == 0, res.output
    assert f"wrote ttl to {target}" in res.output
    assert (URIRef(PREFIXES["gj"] + "tight_junction"), RDF.type, GJ.BarrierComponent) in Graph().parse(target)
    res = runner.invoke(cli, ["export", "ttl", "-o", str(target)])
    assert res.exit_code == 1 and "already exists; use --force" in res.output
    assert runner.invoke(cli, ["export", "ttl", "-o", str(target), "--force"]).exit_code == 0


def test_cli_focus_view_to_stdout(runner, cli) -> None:
    res = runner.invoke(cli, ["export", "nodelink", "-o", "-", "--focus", "tight junction", "--depth", "1"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    ids = {n["id"] for n in doc["nodes"]}
    assert "gj:tight_junction" in ids and 1 < len(ids) < 60
    assert doc["graph"]["view"] == "focus"


def test_cli_path_view_csv_and_bundle(runner, cli, tmp_path: Path) -> None:
    res = runner.invoke(cli, ["export", "csv", "-o", str(tmp_path / "c.csv"), "--path", "chronic stress", "joint pain"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader((tmp_path / "c.csv").read_text(encoding="utf-8").splitlines()))
    assert rows[0]["source"] == "gj:chronic_stress" and rows[-1]["target"] == "gj:joint_pain"
    out = tmp_path / "bundle"
    res = runner.invoke(cli, ["export", "--all", "-o", str(out), "--path", "chronic stress", "joint pain"])
    assert res.exit_code == 0, res.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["view"]["kind"] == "path" and (out / "gutjoint-kg.csv").is_file()
    assert manifest["counts"]["concepts"] < 20


def test_cli_release_bundle(runner, cli, tmp_path: Path) -> None:
    out = tmp_path / "release"
    res = runner.invoke(cli, ["export", "--all", "-o", str(out)])
    assert res.exit_code == 0, res.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kb_version"].startswith("https://w3id.org/gutjoint-kg/releases/")
    assert f"wrote {len(manifest['files'])} files + manifest.json" in res.output


# ------------------------------------------------------------------- the shipped knowledge base
def test_shipped_kb_exports_round_trip(kb, kb_graph) -> None:
    back = Graph().parse(data=ex.render(kb, "nt"), format="nt")
    assert isomorphic(back, kb.graph)
    nodes = _read_tsv(ex.render(kb, "kgx")["nodes.tsv"])
    edges = _read_tsv(ex.render(kb, "kgx")["edges.tsv"])
    assert len(nodes) == kb_graph.number_of_nodes() >= 120 and len(edges) == kb_graph.number_of_edges() >= 250
    ids = {r["id"] for r in nodes}
    assert all(r["subject"] in ids and r["object"] in ids for r in edges)
    assert all(CURIE.match(p) for r in edges for p in r["publications"].split("|") if p)
    assert sum(1 for r in edges if r["publications"]) > 20


def test_os_errors_become_one_line_errors(tmp_path, monkeypatch) -> None:
    """A permission or disk failure while writing is a GutJointError (exit 1), not a traceback."""
    import tempfile as _tempfile

    from gutjoint_kg.errors import GutJointError
    from gutjoint_kg.render.atomic import atomic_dir, write_atomic

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(_tempfile, "mkstemp", refuse)
    monkeypatch.setattr(_tempfile, "mkdtemp", refuse)
    with pytest.raises(GutJointError, match=r"cannot write .*out\.ttl: Permission denied"):
        write_atomic(tmp_path / "out.ttl", "x")
    with pytest.raises(GutJointError, match="Permission denied"):
        with atomic_dir(tmp_path / "bundle"):
            pass
    assert list(tmp_path.iterdir()) == []
