"""Loading, merging, parse errors, concept resolution and the NetworkX view (issue: knowledge base)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

import gutjoint_kg as gj
from gutjoint_kg.kb import store
from gutjoint_kg.kb.store import parse_file

# Concepts of the source article that must resolve by (a) label or synonym a reader would type.
ARTICLE_TERMS = [
    "intestinal barrier",
    "gut lining",
    "tight junctions",
    "increased intestinal permeability",
    "leaky gut",
    "bloodstream",
    "circulation",
    "toxins",
    "microbes",
    "undigested food particles",
    "food antigens",
    "bacterial fragments",
    "immune tolerance",
    "immune system",
    "immune cells",
    "immune activation",
    "systemic inflammation",
    "inflammatory signalling",
    "molecular mimicry",
    "chronic low-grade inflammation",
    "nerve sensitisation",
    "tissue wear",
    "cartilage breakdown",
    "metabolic stress",
    "microbiome imbalance",
    "dysbiosis",
    "joint tissue",
    "connective tissue",
    "muscles",
    "joint pain",
    "joint stiffness",
    "soreness",
    "swelling",
    "warmth",
    "reduced mobility",
    "pain that fluctuates with diet, stress or illness",
    "joint pain with no clear injury",
    "morning stiffness",
    "pain flares after certain foods",
    "digestive symptoms",
    "fatigue",
    "brain fog",
    "highly processed foods",
    "excess sugar",
    "refined carbohydrates",
    "chronic stress",
    "alcohol overuse",
    "frequent infections",
    "antibiotic exposure",
    "poor sleep",
    "reduce gut irritants and inflammatory foods",
    "balanced nutrition for barrier repair",
    "prioritise sleep and stress reduction",
    "gentle, regular movement",
    "support microbiome balance",
    "adequate hydration",
    "wear and tear",
    "ageing",
    "injury",
    "arthritis",
    "inflammatory arthritis",
    "severe joint pain",
    "progressive joint pain",
    "joint pain with swelling",
    "fever",
    "joint deformity",
    "professional medical evaluation",
    # beyond the article, from the verified references
    "zonulin",
    "occludin",
    "claudin-1",
    "ZO-1",
    "lipopolysaccharide",
    "TLR4",
    "metabolic endotoxemia",
    "IL-23/IL-17 axis",
    "subclinical gut inflammation",
    "Salmonella enterica",
    "Shigella flexneri",
    "Campylobacter jejuni",
    "Yersinia enterocolitica",
    "reactive arthritis",
    "Klebsiella pneumoniae",
    "HLA-B27",
    "ankylosing spondylitis",
    "enteropathic arthritis",
    "Prevotella copri",
    "rheumatoid arthritis",
    "osteoarthritis",
    "spondyloarthritis",
    "inflammatory bowel disease",
]


def test_shipped_kb_size(kb: gj.KnowledgeBase) -> None:
    assert len(kb.concepts) >= 120
    assert len(kb.statements) >= 250


@pytest.mark.parametrize("term", ARTICLE_TERMS)
def test_article_concepts_resolve(kb: gj.KnowledgeBase, term: str) -> None:
    iri = kb.resolve(term)
    assert iri in kb.concepts


def test_leaky_gut_is_a_flagged_synonym(kb: gj.KnowledgeBase) -> None:
    c = kb.concept("leaky gut")
    assert c.curie == "gj:leaky_gut_syndrome"  # the contested lay construct, kept apart from the measurable finding
    assert "leaky gut" in c.synonyms
    assert c.contested and c.note


def test_every_statement_has_source_and_evidence(kb: gj.KnowledgeBase) -> None:
    missing = [s for s in kb.statements if not s.sources or s.evidence is None or s.iri is None]
    assert missing == []


def test_every_evidence_level_is_used(kb: gj.KnowledgeBase) -> None:
    from gutjoint_kg.claims import claims

    used = {s.evidence for s in kb.statements}  # the mechanism layer: never 'article' (KB 2.0)
    assert used == set(kb.evidence_levels) - {"article"}
    assert claims(kb) and all(c.migrated for c in claims(kb))  # 'article' is the claim layer's level


def test_every_concept_has_one_category_label_definition(kb: gj.KnowledgeBase) -> None:
    for c in kb.concepts.values():
        assert c.category in kb.categories.values()
        assert c.label and len(c.definition) >= 20, c.curie


def test_round_trip_is_isomorphic(kb: gj.KnowledgeBase, tmp_path: Path) -> None:
    out = tmp_path / "kb.ttl"
    out.write_text(kb.graph.serialize(format="turtle"), encoding="utf-8")
    back = Graph().parse(out, format="turtle")
    assert len(back) == len(kb.graph)
    assert isomorphic(back, kb.graph)


def test_to_networkx_keeps_every_concept_and_statement(kb: gj.KnowledgeBase, kb_graph: nx.MultiDiGraph) -> None:
    assert kb_graph.number_of_nodes() == len(kb.concepts)
    assert kb_graph.number_of_edges() == len(kb.statements)
    assert all(isinstance(n, str) and ":" in n for n in kb_graph.nodes)
    assert not any(isinstance(n, Literal) for n in kb_graph.nodes)
    attrs = kb_graph.nodes["gj:tight_junction"]
    assert attrs["label"] == "tight junction" and attrs["category"] == "BarrierComponent"
    assert "GO:0070160" in attrs["mappings"]
    for _, _, data in kb_graph.edges(data=True):
        assert data["polarity"] in (-1, 0, 1)
        assert data["evidence"] in kb.evidence_levels and data["sources"]


def test_mini_networkx_edge_attributes(mini_graph: nx.MultiDiGraph) -> None:
    data = mini_graph.edges["gj:resolution", "gj:inflammation", "gj:decreases"]
    assert data["polarity"] == -1 and data["causal"] is True
    assert data["evidence"] == "established" and data["sources"] == ["mini"]
    assert mini_graph.edges["gj:tj", "gj:gut", "gj:partOf"]["polarity"] == 0


def test_to_networkx_filters(mini_kb: gj.KnowledgeBase) -> None:
    strong = gj.to_networkx(mini_kb, min_evidence="human")
    assert all(d["evidence_rank"] >= 3 for *_, d in strong.edges(data=True))
    assert strong.number_of_edges() < gj.to_networkx(mini_kb).number_of_edges()
    symptoms = gj.to_networkx(mini_kb, categories=["symptom"])
    assert set(symptoms.nodes) == {"gj:pain", "gj:stiffness", "gj:bloating"}
    with pytest.raises(gj.UsageError, match="valid: established, human"):
        gj.to_networkx(mini_kb, min_evidence="strong")
    with pytest.raises(gj.UsageError, match="unknown relation"):
        gj.to_networkx(mini_kb, relations=["causes-ish"])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("tight junction", "tight_junction"),
        ("Tight-Junctions", "tight_junction"),
        ("gj:tight_junction", "tight_junction"),
        ("tight_junction", "tight_junction"),
        ("https://w3id.org/gutjoint-kg/tight_junction", "tight_junction"),
        ("GO:0070160", "tight_junction"),
        ("HP:0002829", "joint_pain"),
        ("ARTHRALGIA", "joint_pain"),
    ],
)
def test_resolve_variants(kb: gj.KnowledgeBase, name: str, expected: str) -> None:
    assert kb.resolve(name) == gj.expand(f"gj:{expected}")


def test_unknown_concept_suggests(kb: gj.KnowledgeBase) -> None:
    with pytest.raises(gj.UnknownConceptError) as err:
        kb.resolve("tight junktion")
    assert "tight junction" in err.value.suggestions
    assert "did you mean" in str(err.value)


def test_merge_user_data(tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix gj: <https://w3id.org/gutjoint-kg/> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'gj:my_concept a gj:Trigger ; rdfs:label "my trigger" ; skos:definition "A user-supplied trigger." .\n',
        encoding="utf-8",
    )
    kb = gj.load([extra])
    assert kb.concept("my trigger").category == "Trigger"
    assert len(kb.concepts) == len(gj.load().concepts) + 1


def test_parse_error_names_file_and_line_and_loads_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n', encoding="utf-8")
    with pytest.raises(gj.DataParseError) as err:
        gj.load([bad])
    assert err.value.line == 3
    assert f"{bad}:3" in str(err.value)
    g = Graph()
    with pytest.raises(gj.DataParseError):
        parse_file(g, bad)


def test_missing_data_file(tmp_path: Path) -> None:
    with pytest.raises(gj.GutJointError, match="no such file"):
        gj.load([tmp_path / "nope.ttl"])


def test_unknown_rdf_suffix(tmp_path: Path) -> None:
    odd = tmp_path / "data.xyz"
    odd.write_text("", encoding="utf-8")
    with pytest.raises(gj.UsageError, match="unknown RDF file type"):
        gj.load([odd])


def test_cache_reuses_and_invalidates(tmp_path: Path) -> None:
    from gutjoint_kg.kb import cache

    extra = tmp_path / "extra.ttl"
    body = (
        "@prefix gj: <https://w3id.org/gutjoint-kg/> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'gj:c1 a gj:Trigger ; rdfs:label "LABEL" ; skos:definition "A cached concept for the test." .\n'
    )
    extra.write_text(body.replace("LABEL", "first"), encoding="utf-8")
    first = gj.load([extra], use_cache=True)
    assert first.concept("gj:c1").label == "first"
    assert list(cache.cache_dir().glob("kb-*.pickle"))
    warm = gj.load([extra], use_cache=True)
    assert "graph" not in warm.__dict__  # indices came from the cache; nothing was parsed
    assert warm.concept("gj:c1").label == "first"
    extra.write_text(body.replace("LABEL", "second"), encoding="utf-8")
    assert gj.load([extra], use_cache=True).concept("gj:c1").label == "second"


# --------------------------------------------------------------------------- native (pyoxigraph) parsing
EDGE_CASES = """@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <http://example.org/base/> .
<relative> ex:p [ ex:q "nested"@en-gb ; ex:r ( 1 2.5 3e0 ) ] .
ex:a ex:label "plain", "typed"^^ex:dt, "tab\\there"@fr, true, "2020-01-01"^^xsd:date ;
    ex:long '''multi
line''' .
_:x ex:p _:y . _:y ex:p _:x .
"""


def _rdflib_parse(path: Path) -> Graph:
    g = Graph()
    g.parse(path, format="turtle" if path.suffix == ".ttl" else "nt")
    return g


@pytest.mark.parametrize("name", ["shipped", "mini", "edge-cases"])
def test_native_parse_equals_rdflib_parse(tmp_path: Path, name: str) -> None:
    from gutjoint_kg import resources

    if name == "shipped":
        files = resources.shipped_files()
    elif name == "mini":
        files = [Path(__file__).parent / "data" / "mini.ttl"]
    else:
        files = [tmp_path / "edge.ttl"]
        files[0].write_text(EDGE_CASES, encoding="utf-8")
    for path in files:
        native = Graph()
        assert store._parse_native(native, path, "turtle"), path
        assert len(native) == len(_rdflib_parse(path)) and isomorphic(native, _rdflib_parse(path)), path
        assert dict(native.namespaces())["ex" if name == "edge-cases" else "gj"]


def test_native_parse_is_what_load_uses(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("rdflib's parser was called")

    monkeypatch.setattr(Graph, "parse", refuse)
    assert len(gj.load().concepts) > 100


def test_typed_strings_and_rejected_files_go_to_rdflib(tmp_path: Path) -> None:
    typed = tmp_path / "typed.ttl"
    typed.write_text(
        '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n<http://e/a> <http://e/p> "x"^^xsd:string .\n',
        encoding="utf-8",
    )
    assert not store._parse_native(Graph(), typed, "turtle")  # rdflib keeps "x"^^xsd:string apart from "x"
    g = Graph()
    parse_file(g, typed)
    assert next(g.objects()).datatype == XSD.string
    british = tmp_path / "british.ttl"
    british.write_text('<http://e/a> <http://e/p> "colour"@en-GB .\n', encoding="utf-8")
    assert not store._parse_native(Graph(), british, "turtle")  # Oxigraph would write en-gb
    g = Graph()
    parse_file(g, british)
    assert next(g.objects()).language == "en-GB"
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://e/a> <http://e/p> <http://e/b>\n<http://e/c> .\n", encoding="utf-8")
    g = Graph()
    assert not store._parse_native(g, bad, "turtle") and len(g) == 0  # nothing half-added
    with pytest.raises(gj.DataParseError, match=r"bad\.ttl:\d+"):
        parse_file(g, bad)
