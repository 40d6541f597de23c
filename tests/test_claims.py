"""The claim checker (gutjoint_kg.claims): the claim layer, verdicts, their RDF form and the sentence reader.

Verdict fixtures live in tests/data/claims.ttl (one claim per verdict, described at its top); the
sentence reader runs on paraphrases of the source article's claims against the shipped KB.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import Literal, URIRef

import gutjoint_kg as gj
from gutjoint_kg.claims import (
    GJC_NS,
    VERDICTS,
    ClaimParseError,
    check_claims,
    claims,
    judge,
    kb_verdict_graph,
    parse_claim,
    read_concept,
    verdict_graph,
    with_claims,
    word_matches,
)
from gutjoint_kg.errors import AmbiguousConceptError, UnknownConceptError
from gutjoint_kg.paths import causal_paths
from gutjoint_kg.vocab import GJ_NS, curie

DATA = Path(__file__).parent / "data"
CLAIMS = DATA / "claims.ttl"


@pytest.fixture(scope="module")
def claims_kb() -> gj.KnowledgeBase:
    """The schema plus the claim fixture."""
    return gj.load([CLAIMS], include_kb=False)


@pytest.fixture(scope="module")
def claims_graph(claims_kb: gj.KnowledgeBase) -> nx.MultiDiGraph:
    return gj.to_networkx(claims_kb)


@pytest.fixture(scope="module")
def tables(kb: gj.KnowledgeBase) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The shipped KB's name index (name -> CURIE), labels and categories."""
    names = {k: curie(v) for k, v in kb.name_index().items()}
    return names, {c.curie: c.label for c in kb.concepts.values()}, {c.curie: c.category for c in kb.concepts.values()}


# --------------------------------------------------------------------------- the claim layer
def test_claims_are_read_from_the_claim_layer_only(claims_kb, claims_graph):
    found = {c.curie: c for c in claims(claims_kb)}
    assert set(found) == {
        "gjc:x1--worsens--y1",
        "gjc:x1--increases--m1",
        "gjc:x2--contributesTo--y2",
        "gjc:x3--worsens--y3",
        "gjc:x4--mitigates--y4",
        "gjc:x5--worsens--y5",
        "gjc:x6--worsens--y6",
    }
    c = found["gjc:x4--mitigates--y4"]
    assert (c.subject, c.relation, c.object, c.polarity) == ("gj:x4", "gj:mitigates", "gj:y4", -1)
    assert c.sources == ("fixture#article",) and c.note == "Fixture claim." and c.migrated
    assert c.verb_phrase == "eases"
    # claims have no plain triple, so the graph view holds none of them ...
    assert not claims_graph.has_edge("gj:x1", "gj:y1") and not claims_graph.has_edge("gj:x3", "gj:y3")
    # ... and a claim restating a mechanism statement leaves that statement's own evidence intact
    (st,) = [s for s in claims_kb.statements if curie(s.subject) == "gj:x1" and curie(s.object) == "gj:m1"]
    assert (st.evidence, st.sources, str(st.iri)) == (
        "human",
        ("fixture",),
        "https://w3id.org/gutjoint-kg/statement/x1--increases--m1",
    )


def test_statements_still_graded_article_count_as_claims_until_migrated(mini_kb):
    found = {(c.subject, c.object): c for c in claims(mini_kb)}
    assert set(found) == {
        ("gj:stress", "gj:permeability"),
        ("gj:sugar", "gj:dysbiosis"),
        ("gj:inflammation", "gj:stiffness"),
        ("gj:sleep_support", "gj:stress"),
        ("gj:barrier_support", "gj:permeability"),
    }
    assert not any(c.migrated for c in found.values())
    assert len(verdict_graph(check_claims(gj.to_networkx(mini_kb), found.values()))) == 0  # only gjc: claims


# --------------------------------------------------------------------------- verdicts
@pytest.mark.parametrize(
    ("claim", "verdict", "best", "weakest"),
    [
        ("gjc:x1--worsens--y1", "supported", ("gj:x1", "gj:m1", "gj:y1"), "human"),
        ("gjc:x1--increases--m1", "supported", ("gj:x1", "gj:m1"), "human"),
        ("gjc:x2--contributesTo--y2", "partly supported", ("gj:x2", "gj:m2", "gj:y2"), "animal"),
        ("gjc:x3--worsens--y3", "unsupported", None, None),
        ("gjc:x4--mitigates--y4", "contradicted", ("gj:x4", "gj:y4"), "human"),
        ("gjc:x5--worsens--y5", "supported", ("gj:x5", "gj:c5", "gj:y5"), "human"),
        ("gjc:x6--worsens--y6", "supported", ("gj:x6", "gj:a6", "gj:b6", "gj:y6"), "established"),
    ],
)
def test_each_verdict_on_its_fixture(claims_kb, claims_graph, claim, verdict, best, weakest):
    (v,) = [v for v in check_claims(claims_graph, claims(claims_kb)) if v.claim and v.claim.curie == claim]
    assert v.verdict == verdict
    assert (v.best.nodes if v.best else None) == best
    assert (v.best.weakest_evidence if v.best else None) == weakest
    if verdict in ("supported", "partly supported"):
        assert v.score == pytest.approx(v.best.belief) and 0 < v.score <= 1
        assert v.citations == ("fixture",)
    else:
        assert v.score == 0.0
    data = v.to_dict(claims_graph)
    assert data["verdict"] == verdict and data["claim"]["claim"] == claim
    assert (data["best_chain"] is None) == (best is None)


def test_verdict_details(claims_graph):
    v = judge(claims_graph, "gj:x2", "gj:y2", 1)
    assert v.weakest is not None and (v.weakest.source, v.weakest.target) == ("gj:x2", "gj:m2")
    assert "animal" in v.reason(claims_graph)
    contra = judge(claims_graph, "gj:x4", "gj:y4", -1)
    assert (contra.same_effect, contra.opposite_effect) == (0, 1)
    assert (
        contra.reason(claims_graph)
        == "the mechanism chains say miracle tonic increases ankle ache, not that it decreases it"
    )
    assert judge(claims_graph, "gj:x4", "gj:y4", 1).verdict == "supported"  # the same pair, the other effect
    assert judge(claims_graph, "gj:y1", "gj:x1", 0).verdict == "supported"  # an association holds either way
    assert judge(claims_graph, "gj:x3", "gj:y3", 0).verdict == "unsupported"
    with pytest.raises(gj.UsageError, match="polarity"):
        judge(claims_graph, "gj:x1", "gj:y1", 2)


def test_a_claim_never_supports_itself(claims_kb, claims_graph):
    H = with_claims(claims_graph, claims_kb)
    assert H.has_edge("gj:x3", "gj:y3") and H.edges["gj:x3", "gj:y3", "gjc:x3--worsens--y3"]["claim"]
    assert judge(H, "gj:x3", "gj:y3", 1).verdict == "unsupported"
    assert claims_graph.number_of_edges() + 7 == H.number_of_edges()


def test_claims_become_steps_only_when_asked(claims_kb, claims_graph):
    H = with_claims(claims_graph, claims_kb)
    assert [c.nodes for c in causal_paths(H, "gj:x6", "gj:y6")] == [("gj:x6", "gj:a6", "gj:b6", "gj:y6")]
    both = causal_paths(H, "gj:x6", "gj:y6", include_claims=True)
    assert [c.nodes for c in both] == [("gj:x6", "gj:a6", "gj:b6", "gj:y6"), ("gj:x6", "gj:y6")]
    assert both[1].steps[0].claim and both[1].steps[0].statement == "gjc:x6--worsens--y6"


def test_verdict_graph_materialises_gj_verdict(claims_kb):
    g = kb_verdict_graph(claims_kb)
    verdict = URIRef(GJ_NS + "verdict")
    got = {str(s)[len(GJC_NS) :]: str(o) for s, _, o in g.triples((None, verdict, None))}
    assert got == {
        "x1--worsens--y1": "supported",
        "x1--increases--m1": "supported",
        "x2--contributesTo--y2": "partly supported",
        "x3--worsens--y3": "unsupported",
        "x4--mitigates--y4": "contradicted",
        "x5--worsens--y5": "supported",
        "x6--worsens--y6": "supported",
    }
    assert set(got.values()) <= set(VERDICTS)
    assert all(isinstance(o, Literal) for o in g.objects(None, verdict))
    assert "gjc:x1--worsens--y1" in g.serialize(format="turtle")


# --------------------------------------------------------------------------- reading names
def test_word_matches_and_loose_reading(tables):
    names, labels, cats = tables
    assert set(word_matches(names, "intestinal permeability")) >= {
        "gj:increased_intestinal_permeability",
        "gj:selective_permeability",
    }
    with pytest.raises(AmbiguousConceptError) as err:
        read_concept(names, labels, cats, "intestinal permeability")
    assert "increased intestinal permeability (BiologicalProcess" in str(err.value)
    assert read_concept(names, labels, cats, "gut permeability") == ("gj:increased_intestinal_permeability", None)
    with pytest.raises(UnknownConceptError):
        read_concept(names, labels, cats, "quantum entanglement")


# --------------------------------------------------------------------------- reading a sentence
# Paraphrases of the source article's own claims (the claim layer), with the reading expected.
PHRASINGS = [
    ("Alcohol overuse worsens joint pain", "gj:alcohol_overuse", 1, "gj:joint_pain"),
    ("Drinking too much alcohol can make joint pain worse", "gj:ethanol", 1, "gj:joint_pain"),
    ("Chronic stress increases gut permeability", "gj:chronic_stress", 1, "gj:increased_intestinal_permeability"),
    ("Gut permeability is caused by chronic stress", "gj:chronic_stress", 1, "gj:increased_intestinal_permeability"),
    ("Joint pain is worsened by chronic stress", "gj:chronic_stress", 1, "gj:joint_pain"),
    (
        "Antibiotic exposure contributes to increased intestinal permeability",
        "gj:antibiotic_exposure",
        1,
        "gj:increased_intestinal_permeability",
    ),
    ("Antibiotics can disrupt the gut microbiome", "gj:antibiotic_exposure", -1, "gj:gut_microbiome"),
    ("Excess sugar and refined carbohydrates feed microbiome imbalance", "gj:excess_sugar", 1, "gj:dysbiosis"),
    ("Processed foods damage the intestinal barrier", "gj:processed_foods", -1, "gj:intestinal_barrier"),
    ("Poor sleep weakens the gut barrier", "gj:poor_sleep", -1, "gj:intestinal_barrier"),
    ("Enteric infections raise gut permeability", "gj:enteric_infection", 1, "gj:increased_intestinal_permeability"),
    ("A leaky gut contributes to joint inflammation", "gj:leaky_gut_syndrome", 1, "gj:joint_inflammation"),
    (
        "Increased intestinal permeability leads to systemic inflammation",
        "gj:increased_intestinal_permeability",
        1,
        "gj:systemic_inflammation",
    ),
    ("Immune activation drives joint pain", "gj:immune_activation", 1, "gj:joint_pain"),
    (
        "Systemic inflammation promotes chronic low-grade inflammation",
        "gj:systemic_inflammation",
        1,
        "gj:chronic_low_grade_inflammation",
    ),
    ("Obesity contributes to metabolic stress", "gj:obesity", 1, "gj:metabolic_stress"),
    ("Metabolic stress may worsen joint pain", "gj:metabolic_stress", 1, "gj:joint_pain"),
    ("Adequate hydration supports intestinal barrier repair", "gj:hydration", 1, "gj:intestinal_barrier_repair"),
    ("Intestinal barrier repair eases joint pain", "gj:intestinal_barrier_repair", -1, "gj:joint_pain"),
    ("Gentle regular movement improves microbiome balance", "gj:gentle_movement", 1, "gj:microbiome_balance"),
    ("Fatigue is linked to joint pain", "gj:fatigue", 0, "gj:joint_pain"),
    ("Bacterial fragments trigger joint inflammation", "gj:bacterial_fragments", 1, "gj:joint_inflammation"),
    ("Frequent infections are tied to microbiome imbalance", "gj:frequent_infections", 0, "gj:dysbiosis"),
    ("Obesity helps to raise metabolic stress", "gj:obesity", 1, "gj:metabolic_stress"),
]


@pytest.mark.parametrize(("text", "subject", "polarity", "obj"), PHRASINGS)
def test_sentence_reader_on_the_articles_claims(tables, text, subject, polarity, obj):
    names, labels, cats = tables
    parsed = parse_claim(text, names, labels, cats)
    assert (parsed.subject, parsed.polarity, parsed.object) == (subject, polarity, obj)
    said = parsed.understood(labels)
    assert said.startswith(f"Understood: {labels[subject]} ({subject}) → {labels[obj]} ({obj})")


def test_at_least_twenty_phrasings():
    assert len(PHRASINGS) >= 20


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "give a claim such as"),
        ("the sky is blue", "no known verb in 'the sky is blue'"),
        ("Chronic stress does not worsen joint pain", "cannot check a negated claim"),
        ("Moonlight worsens joint pain", "no concept named 'moonlight' (the subject of the claim)"),
        ("Chronic stress worsens moonlight", "no concept named 'moonlight' (the object of the claim)"),
        ("Stress worsens joint pain", "the subject 'stress' could mean: .*chronic stress (Trigger); .*; name one"),
        ("Joint pain worsens joint pain", "name the same concept"),
    ],
)
def test_unreadable_sentences_say_why(tables, text, message):
    names, labels, cats = tables
    with pytest.raises(ClaimParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_claim(text, names, labels, cats)
    assert ClaimParseError.exit_code == 2


# --------------------------------------------------------------------------- release bundle and SPARQL
def test_export_writes_the_verdicts_and_the_named_query_lists_them(claims_kb, tmp_path):
    from gutjoint_kg.render import export as ex
    from gutjoint_kg.sparql import QueryLibrary, run

    text = ex.render(claims_kb, "verdicts")
    assert 'gjc:x4--mitigates--y4 gj:verdict "contradicted"' in text
    bundle = tmp_path / "verdicts.ttl"
    bundle.write_text(text, encoding="utf-8")
    merged = gj.load([CLAIMS, bundle], include_kb=False)
    query = QueryLibrary().get("claim-verdicts")
    rows = {(str(r["subjectLabel"]), str(r["objectLabel"])): r for r in run(merged, query.text).records()}
    assert {k: str(r["verdict"]) for k, r in rows.items()} == {
        ("worry", "knee ache"): "supported",
        ("worry", "mast cell firing"): "supported",
        ("junk food", "hip ache"): "partly supported",
        ("cold weather", "wrist ache"): "unsupported",
        ("miracle tonic", "ankle ache"): "contradicted",
        ("bowel disease", "finger ache"): "supported",
        ("overwork", "elbow ache"): "supported",
    }
    assert str(rows[("junk food", "hip ache")]["section"]) == "fixture#article"
    # without the verdict graph the query still lists every claim, verdicts unbound
    bare = run(claims_kb, query.text).records()
    assert len(bare) == 7 and all(r.get("verdict") is None for r in bare)
