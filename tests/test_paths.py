"""Causal reasoning (gutjoint_kg.paths) on the hand-checkable mini KG, random graphs and the shipped KB.

Expected results below are derived by hand from tests/data/mini.ttl:
  stress -+(article)-> permeability -+(human)-> inflammation -causes(established)-> pain
  stress -+(human)-> dysbiosis -+(animal)-> permeability
  inflammation -+(animal)-> barrier_damage -+(animal)-> permeability   (reinforcing loop)
  inflammation -+(established)-> resolution --(established)-> inflammation   (balancing loop)
  tj -protectsAgainst(established, -)-> permeability
  sleep_support -(article)-> stress; barrier_support -(article)-> permeability
"""

from __future__ import annotations

import math

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gutjoint_kg import DISCLAIMER, NoPathError, UnknownConceptError, UsageError
from gutjoint_kg.claims import claims as claims_of  # noqa: E402
from gutjoint_kg.paths import (
    STEP_PENALTY,
    Chain,
    Step,
    belief,
    causal_graph,
    causal_paths,
    clause,
    decode,
    doubled_words,
    downstream,
    explain,
    interventions,
    loops,
    neighbors,
    repeats,
    step_cost,
    step_sentence,
    upstream,
)
from gutjoint_kg.paths import _step as causal_graph_step  # noqa: E402

VIA_PERMEABILITY = ("gj:stress", "gj:permeability", "gj:inflammation", "gj:pain")
VIA_DYSBIOSIS = ("gj:stress", "gj:dysbiosis", "gj:permeability", "gj:inflammation", "gj:pain")


def _edge(G: nx.MultiDiGraph, u: str, v: str, rel: str, polarity: int, rank: int, causal: bool = True) -> None:
    names = {4: "established", 3: "human", 2: "animal", 1: "contested", 0: "article"}
    G.add_edge(
        u,
        v,
        key=rel,
        relation=rel,
        relation_label=rel.split(":")[1],
        polarity=polarity,
        causal=causal,
        evidence=names[rank],
        evidence_rank=rank,
        sources=["test"],
        note=None,
    )


# --------------------------------------------------------------------------- chains
def test_stress_to_pain_exact_chains_ranked_by_cost(mini_graph):
    # the article claim stress -> permeability is no chain step by default
    assert [c.nodes for c in causal_paths(mini_graph, "gj:stress", "gj:pain")] == [VIA_DYSBIOSIS]
    chains = causal_paths(mini_graph, "gj:stress", "gj:pain", include_claims=True)
    assert [c.nodes for c in chains] == [VIA_DYSBIOSIS, VIA_PERMEABILITY]
    best, second = chains
    assert (best.weakest_evidence, best.weakest_rank, best.length) == ("animal", 2, 4)
    assert (second.weakest_evidence, second.weakest_rank, second.length) == ("article", 0, 3)
    assert best.cost == pytest.approx(2 * step_cost(3) + step_cost(2) + step_cost(4))
    assert second.cost == pytest.approx(step_cost(0) + step_cost(3) + step_cost(4))
    assert second.steps[0].claim and not any(s.claim for s in best.steps)
    assert best.net_effect == second.net_effect == "increases"
    assert [s.relation for s in second.steps] == ["gj:increases", "gj:increases", "gj:causes"]
    assert second.steps[0].note == "fixture note" and second.steps[0].sources == ("mini",)


@pytest.mark.parametrize(
    ("source", "target", "nodes", "effect", "polarity", "weakest"),
    [
        ("gj:tj", "gj:pain", ("gj:tj", "gj:permeability", "gj:inflammation", "gj:pain"), "decreases", -1, "human"),
        ("gj:sleep_support", "gj:bloating", ("gj:sleep_support", "gj:stress", "gj:dysbiosis", "gj:bloating"),
         "decreases", -1, "article"),
        ("gj:resolution", "gj:stiffness", ("gj:resolution", "gj:inflammation", "gj:stiffness"), "decreases", -1,
         "article"),
        ("gj:sugar", "gj:bloating", ("gj:sugar", "gj:dysbiosis", "gj:bloating"), "increases", 1, "article"),
    ],
)  # fmt: skip
def test_net_effect_is_product_of_polarities(mini_graph, source, target, nodes, effect, polarity, weakest):
    chain = causal_paths(mini_graph, source, target, limit=1, include_claims=True)[0]
    assert chain.nodes == nodes
    assert (chain.net_effect, chain.net_polarity, chain.weakest_evidence) == (effect, polarity, weakest)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"limit": 1}, [VIA_DYSBIOSIS]),
        ({"max_length": 3}, [VIA_PERMEABILITY]),
        ({"min_evidence": "animal"}, [VIA_DYSBIOSIS]),
        ({"min_evidence": "ARTICLE"}, [VIA_DYSBIOSIS, VIA_PERMEABILITY]),
        ({"relations": {"gj:increases", "gj:causes"}}, [VIA_DYSBIOSIS, VIA_PERMEABILITY]),
    ],
)
def test_bounds_and_filters(mini_graph, kwargs, expected):
    found = causal_paths(mini_graph, "gj:stress", "gj:pain", include_claims=True, **kwargs)
    assert [c.nodes for c in found] == expected


def test_relations_can_chain_non_causal_edges_as_unsigned(mini_graph):
    chain = causal_paths(mini_graph, "gj:pain", "gj:stiffness", relations={"associatedWith"})[0]
    assert chain.nodes == ("gj:pain", "gj:stiffness")
    assert (chain.net_effect, chain.net_polarity) == ("unsigned", 0)


def test_parallel_edges_use_the_strongest_statement():
    G = nx.MultiDiGraph()
    G.add_nodes_from(["a", "b", "c"], label="x")
    _edge(G, "a", "b", "gj:increases", 1, 1)
    _edge(G, "a", "b", "gj:inhibits", -1, 4)
    _edge(G, "b", "c", "gj:causes", 1, 3)
    (chain,) = causal_paths(G, "a", "c")
    assert chain.steps[0].relation == "gj:inhibits"
    assert (chain.net_effect, chain.weakest_evidence) == ("decreases", "human")
    assert causal_graph(G).number_of_edges() == 2


def test_chain_to_dict_schema(mini_graph):
    data = causal_paths(mini_graph, "gj:tj", "gj:pain")[0].to_dict(mini_graph)
    assert set(data) == {"nodes", "edges", "net_effect", "net_polarity", "weakest_evidence", "length", "cost", "belief"}
    assert data["nodes"][0] == {"curie": "gj:tj", "label": "tight junction"}
    assert data["edges"][0] == {
        "source": "gj:tj",
        "target": "gj:permeability",
        "relation": "gj:protectsAgainst",
        "relation_label": "protects against",
        "polarity": -1,
        "evidence": "established",
        "sources": ["mini"],
        "note": None,
        "cost": round(step_cost(4), 4),
        "chain_end": False,
        "claim": False,
    }
    assert (data["net_effect"], data["net_polarity"], data["weakest_evidence"], data["length"]) == (
        "decreases",
        -1,
        "human",
        3,
    )


def test_chain_from_steps_needs_a_step():
    with pytest.raises(ValueError, match="at least one step"):
        Chain.from_steps([])


# --------------------------------------------------------------------------- evidence-weighted ranking
def test_step_cost_is_minus_log_belief_plus_a_step_penalty():
    assert [round(step_cost(r), 4) for r in (4, 3, 2, 1, 0, -1)] == [0.2513, 0.4231, 0.8931, 1.404, 2.5026, 3.1957]
    assert all(step_cost(r) > step_cost(r + 1) for r in range(-1, 4))
    assert step_cost(4) == pytest.approx(-math.log(belief(4)) + STEP_PENALTY)


def _claim_vs_chain() -> nx.MultiDiGraph:
    """stress -worsens(article claim)-> pain, and stress -> a -> b -> pain, three established steps."""
    G = nx.MultiDiGraph()
    G.add_nodes_from(["stress", "a", "b", "pain"], label="x", category="BiologicalProcess")
    _edge(G, "stress", "pain", "gj:worsens", 1, 0)
    _edge(G, "stress", "a", "gj:increases", 1, 4)
    _edge(G, "a", "b", "gj:activates", 1, 4)
    _edge(G, "b", "pain", "gj:causes", 1, 4)
    return G


def test_three_established_steps_beat_a_one_step_article_claim():
    G = _claim_vs_chain()
    assert [c.nodes for c in causal_paths(G, "stress", "pain")] == [("stress", "a", "b", "pain")]
    both = causal_paths(G, "stress", "pain", include_claims=True)
    assert [c.nodes for c in both] == [("stress", "a", "b", "pain"), ("stress", "pain")]
    assert both[0].cost < both[1].cost and both[1].weakest_evidence == "article"
    assert both[0].belief == pytest.approx(0.95**3) and both[1].belief == pytest.approx(0.1)


def test_six_established_steps_still_beat_an_article_claim_but_not_a_human_study():
    G = nx.MultiDiGraph()
    nodes = ["s", "n1", "n2", "n3", "n4", "n5", "t"]
    G.add_nodes_from(nodes, label="x")
    for u, v in zip(nodes, nodes[1:], strict=False):
        _edge(G, u, v, "gj:increases", 1, 4)
    _edge(G, "s", "t", "gj:worsens", 1, 0)
    assert causal_paths(G, "s", "t", include_claims=True)[0].length == 6
    _edge(G, "s", "t", "gj:increases", 1, 3)  # a human study on the same pair replaces the claim
    assert causal_paths(G, "s", "t", include_claims=True)[0].length == 1


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"via": ["gj:dysbiosis"]}, [VIA_DYSBIOSIS]),
        ({"via": ["gj:permeability"]}, [VIA_DYSBIOSIS, VIA_PERMEABILITY]),
        ({"via": ["gj:inflammation", "gj:dysbiosis"]}, [VIA_DYSBIOSIS]),
        ({"avoid": ["gj:dysbiosis"]}, [VIA_PERMEABILITY]),
        ({"avoid": ["gj:tj", "gj:barrier_damage"]}, [VIA_DYSBIOSIS, VIA_PERMEABILITY]),
        ({"via": ["gj:permeability"], "avoid": ["gj:dysbiosis"]}, [VIA_PERMEABILITY]),
    ],
)
def test_via_and_avoid_on_the_mini_kb(mini_graph, kwargs, expected):
    found = causal_paths(mini_graph, "gj:stress", "gj:pain", include_claims=True, **kwargs)
    assert [c.nodes for c in found] == expected


def test_via_joins_segments_into_simple_chains():
    G = nx.MultiDiGraph()
    G.add_nodes_from("sabcdt", label="x")
    for u, v, r in [("s", "a", 4), ("a", "t", 4), ("s", "b", 3), ("b", "c", 3), ("c", "t", 3), ("a", "c", 2)]:
        _edge(G, u, v, "gj:increases", 1, r)
    assert [c.nodes for c in causal_paths(G, "s", "t", limit=1)] == [tuple("sat")]
    assert [c.nodes for c in causal_paths(G, "s", "t", via=["c"])] == [tuple("sbct"), tuple("sact")]
    assert [c.nodes for c in causal_paths(G, "s", "t", via=["a", "c"])] == [tuple("sact")]


def _chain_end_graph() -> nx.MultiDiGraph:
    """ibd -increasesRiskOf-> arthritis -hasSymptom-> pain -increases-> poor_sleep."""
    G = nx.MultiDiGraph()
    G.add_nodes_from(["ibd", "arthritis", "pain", "poor_sleep"], label="x")
    _edge(G, "ibd", "arthritis", "gj:increasesRiskOf", 1, 3)
    _edge(G, "arthritis", "pain", "gj:hasSymptom", 0, 4, causal=False)
    G.edges["arthritis", "pain", "gj:hasSymptom"]["chain_end"] = True
    _edge(G, "pain", "poor_sleep", "gj:increases", 1, 3)
    return G


def test_a_manifestation_is_reachable_as_the_last_step_only():
    G = _chain_end_graph()
    (chain,) = causal_paths(G, "ibd", "pain")
    assert chain.nodes == ("ibd", "arthritis", "pain") and chain.net_effect == "increases"
    assert chain.steps[-1].chain_end and chain.steps[-1].polarity == 1
    with pytest.raises(NoPathError):  # hasSymptom never sits in the middle of a chain
        causal_paths(G, "ibd", "poor_sleep")
    with pytest.raises(NoPathError):  # and is not a step at all when relations are chosen
        causal_paths(G, "ibd", "pain", relations={"gj:increasesRiskOf"})


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("source", "target", "kwargs", "error", "message"),
    [
        ("gj:stress", "gj:stress", {}, NoPathError, "same concept"),
        ("gj:stress", "gj:pain", {"min_evidence": "strong"}, UsageError, "valid: established, human, animal"),
        ("gj:stress", "gj:pain", {"relations": {"gj:nope"}}, UsageError, "valid: gj:associatedWith"),
        ("gj:stress", "gj:pain", {"max_length": 0}, UsageError, "max_length"),
        ("gj:stres", "gj:pain", {}, UnknownConceptError, "did you mean 'gj:stress'"),
        ("gj:pain", "gj:stress", {}, NoPathError, "the arrows run the other way: 'stress' leads to 'pain' in 4 step"),
        ("gj:stiffness", "gj:stress", {}, NoPathError, "'stiffness' has no outgoing causal statements"),
        ("gj:sugar", "gj:pain", {}, NoPathError, "only the article's claims connect them (add --include-claims"),
        ("gj:sugar", "gj:pain", {"max_length": 2, "include_claims": True}, NoPathError, "the shortest has 4 steps"),
        ("gj:stress", "gj:pain", {"min_evidence": "human"}, NoPathError, "weaker than 'human'"),
        ("gj:stress", "gj:pain", {"relations": {"gj:increases"}}, NoPathError, "'pain' has no incoming"),
        ("gj:barrier_support", "gj:bloating", {}, NoPathError, "'barrier support' has no outgoing causal"),
        (
            "gj:barrier_support",
            "gj:bloating",
            {"include_claims": True},
            NoPathError,
            "'barrier support' leads to 6 concept(s), none of which leads to 'bloating'",
        ),
        ("gj:stress", "gj:pain", {"via": ["gj:tj"]}, NoPathError, "through 'tight junction'; chains exist without"),
        ("gj:stress", "gj:pain", {"avoid": ["gj:dysbiosis"]}, NoPathError, "avoiding 'dysbiosis'; chains exist"),
        ("gj:stress", "gj:pain", {"via": ["gj:pain"]}, UsageError, "is an end of the chain"),
        ("gj:stress", "gj:pain", {"via": ["gj:gut"], "avoid": ["gj:gut"]}, UsageError, "both a --via and an --avoid"),
        ("gj:stress", "gj:pain", {"avoid": ["gj:nowhere"]}, UnknownConceptError, "unknown concept 'gj:nowhere'"),
    ],
)
def test_bad_input_raises_helpful_errors(mini_graph, source, target, kwargs, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        causal_paths(mini_graph, source, target, **kwargs)


# --------------------------------------------------------------------------- neighbourhood
def test_upstream_of_permeability(mini_graph):
    assert {n.curie for n in upstream(mini_graph, "gj:permeability")} == {"gj:tj", "gj:barrier_damage", "gj:dysbiosis"}
    found = upstream(mini_graph, "gj:permeability", include_claims=True)
    assert {n.curie for n in found} == {"gj:tj", "gj:barrier_damage", "gj:dysbiosis", "gj:barrier_support", "gj:stress"}
    assert {n.direction for n in found} == {"up"} and {n.distance for n in found} == {1}
    effects = {n.curie: n.chain.net_effect for n in found}
    assert effects["gj:tj"] == "decreases" and effects["gj:stress"] == "increases"


def test_downstream_of_stress_depth_two(mini_graph):
    found = {n.curie: n for n in downstream(mini_graph, "gj:stress", depth=2, include_claims=True)}
    assert {k: n.distance for k, n in found.items()} == {
        "gj:permeability": 1,
        "gj:dysbiosis": 1,
        "gj:inflammation": 2,
        "gj:bloating": 2,
    }
    assert found["gj:inflammation"].chain.nodes == ("gj:stress", "gj:permeability", "gj:inflammation")


def test_neighbors_both_directions_route_runs_in_causal_direction(mini_graph):
    found = neighbors(mini_graph, "gj:stress", depth=2, direction="both", include_claims=True)
    ups = [n for n in found if n.direction == "up"]
    assert [(n.curie, n.chain.nodes) for n in ups] == [("gj:sleep_support", ("gj:sleep_support", "gj:stress"))]
    assert found[0].direction == "up"  # upstream first, then downstream by distance
    with pytest.raises(UsageError, match="direction"):
        neighbors(mini_graph, "gj:stress", direction="sideways")


# --------------------------------------------------------------------------- loops
def test_loops_are_classified(mini_graph):
    found = loops(mini_graph)
    assert [(lp.kind, lp.chain.nodes) for lp in found] == [
        ("balancing", ("gj:inflammation", "gj:resolution", "gj:inflammation")),
        ("reinforcing", ("gj:barrier_damage", "gj:permeability", "gj:inflammation", "gj:barrier_damage")),
    ]
    assert found[0].chain.net_polarity == -1 and found[1].chain.weakest_evidence == "animal"
    assert found[1].to_dict(mini_graph)["kind"] == "reinforcing"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {"through": "gj:permeability"},
            [("gj:permeability", "gj:inflammation", "gj:barrier_damage", "gj:permeability")],
        ),
        ({"through": "gj:stress"}, []),
        ({"max_length": 2}, [("gj:inflammation", "gj:resolution", "gj:inflammation")]),
        ({"min_evidence": "human"}, [("gj:inflammation", "gj:resolution", "gj:inflammation")]),
        ({"limit": 1}, [("gj:inflammation", "gj:resolution", "gj:inflammation")]),
    ],
)
def test_loop_filters(mini_graph, kwargs, expected):
    assert [lp.chain.nodes for lp in loops(mini_graph, **kwargs)] == expected


# --------------------------------------------------------------------------- interventions
def test_interventions_between_stress_and_pain(mini_graph):
    report = interventions(mini_graph, "gj:stress", "gj:pain", include_claims=True)
    assert [c.nodes for c in report.chains] == [VIA_DYSBIOSIS, VIA_PERMEABILITY]
    by = {p.curie: p for p in report.interventions}
    assert set(by) == {"gj:sleep_support", "gj:barrier_support"}  # evaluation acts on nothing here
    sleep = {a.node: a for a in by["gj:sleep_support"].actions}
    assert sleep["gj:stress"].position == "source" and sleep["gj:stress"].route.length == 1
    assert sleep["gj:stress"].route.net_effect == "decreases" and sleep["gj:stress"].interrupts == (1, 2)
    assert sleep["gj:dysbiosis"].route.nodes == ("gj:sleep_support", "gj:stress", "gj:dysbiosis")
    assert sleep["gj:dysbiosis"].chains == (1,)
    barrier = {a.node: a for a in by["gj:barrier_support"].actions}
    assert barrier["gj:permeability"].interrupts == (1, 2) and barrier["gj:permeability"].route.length == 1
    assert by["gj:barrier_support"].interrupts == (1, 2)
    # both chains pass through permeability and inflammation: one node suffices to disconnect
    assert len(report.cut) == 1 and report.cut[0] in {"gj:permeability", "gj:inflammation"}
    assert report.direct is False
    H = causal_graph(mini_graph, include_claims=True)
    H.remove_nodes_from(report.cut)
    assert not nx.has_path(H, "gj:stress", "gj:pain")


def test_interventions_direct_link_has_no_cut(mini_graph):
    report = interventions(mini_graph, "gj:inflammation", "gj:pain", include_claims=True)
    assert report.direct is True and report.cut == ()
    data = report.to_dict(mini_graph)
    assert data["direct_link"] is True and data["cut"] == []
    # barrier support reaches inflammation in two steps; sleep support needs three
    assert [p["curie"] for p in data["interventions"]] == ["gj:barrier_support"]
    assert data["interventions"][0]["actions"][0]["interrupts"] == [1]


def test_acting_on_the_target_interrupts_nothing():
    G = nx.MultiDiGraph()
    G.add_nodes_from(["a", "b", "c"], category="BiologicalProcess", label="x")
    G.add_node("iv", category="Intervention", label="iv")
    _edge(G, "a", "b", "gj:increases", 1, 3)
    _edge(G, "b", "c", "gj:increases", 1, 3)
    _edge(G, "iv", "c", "gj:mitigates", -1, 3)
    (point,) = interventions(G, "a", "c").interventions
    assert point.actions[0].position == "target" and point.interrupts == ()


# --------------------------------------------------------------------------- decode
def test_decode_ranks_mechanisms_by_signs_explained_then_evidence(mini_graph):
    result = decode(mini_graph, ["gj:pain", "gj:bloating", "gj:stiffness"], include_claims=True)
    # dysbiosis reaches all three; resolution only *decreases* pain, so it explains nothing
    assert [m.curie for m in result.mechanisms] == [
        "gj:dysbiosis",
        "gj:inflammation",
        "gj:permeability",
        "gj:barrier_damage",
    ]
    dys = result.mechanisms[0]
    assert [(e.sign, e.kind, e.evidence_rank, e.distance) for e in dys.explains] == [
        ("gj:pain", "causal", 2, 3),
        ("gj:bloating", "causal", 3, 1),
        ("gj:stiffness", "causal", 0, 3),
    ]
    assert all(e.chain.nodes[0] == "gj:dysbiosis" and e.chain.net_effect == "increases" for e in dys.explains)
    assert [f["curie"] for f in result.red_flags] == ["gj:fever"]
    assert result.disclaimer == DISCLAIMER and result.unexplained == ()


def test_decode_uses_indicates_edges_and_reports_unexplained(mini_graph):
    G = mini_graph.copy()
    _edge(G, "gj:bloating", "gj:permeability", "gj:indicates", 0, 1, causal=False)  # contested
    result = decode(G, ["gj:pain", "gj:bloating", "gj:stiffness", "gj:tj"], include_claims=True)
    assert [m.curie for m in result.mechanisms[:2]] == ["gj:dysbiosis", "gj:permeability"]
    bloating = next(e for e in result.mechanisms[1].explains if e.sign == "gj:bloating")
    assert bloating.kind == "indicates" and bloating.chain.nodes == ("gj:bloating", "gj:permeability")
    assert result.unexplained == ("gj:tj",)
    data = result.to_dict(G)
    assert data["disclaimer"] == DISCLAIMER and data["red_flags"][0]["label"] == "fever"
    assert data["mechanisms"][0]["signs_explained"] == 3


def test_decode_needs_signs(mini_graph):
    with pytest.raises(UsageError, match="at least one sign"):
        decode(mini_graph, [])


# --------------------------------------------------------------------------- explain
def test_explain_one_sentence_per_step(mini_graph):
    chain = causal_paths(mini_graph, "gj:stress", "gj:pain", limit=1)[0]
    lines = explain(chain, mini_graph).splitlines()
    assert len(lines) == chain.length + 2
    assert lines[0] == "Stress increases dysbiosis (human studies; mini)."
    assert lines[3] == "Inflammation causes pain (established knowledge; mini)."
    assert lines[4] == "Net effect: stress increases pain along this chain (4 steps)."
    assert lines[5] == (
        "The weakest step is dysbiosis → permeability (animal or in-vitro studies); "
        "the chain is only as strong as that step."
    )


def test_explain_decreasing_chain_and_notes(mini_graph):
    chain = causal_paths(mini_graph, "gj:sleep_support", "gj:stress", include_claims=True)[0]
    text = explain(chain, mini_graph)
    assert (
        text.splitlines()[0]
        == "Sleep support decreases stress (a claim of the article only; mini). Note: fixture note."
    )
    assert "Net effect: sleep support decreases stress along this chain (one step)." in text
    assert "It rests on a claim of the article only." in text
    assert "Note:" not in explain(chain, mini_graph, notes=False)


def test_explain_uses_the_schemas_verb_phrase_and_never_doubles_a_word():
    G = nx.MultiDiGraph()
    G.add_node("z", label="zonulin")
    G.add_node("p", label="increased intestinal permeability")
    G.add_node("c", label="coeliac disease")
    _edge(G, "z", "p", "gj:increases", 1, 2)
    _edge(G, "p", "c", "gj:increasesRiskOf", 1, 3)
    G.edges["p", "c", "gj:increasesRiskOf"]["verb_phrase"] = "raises the risk of"
    text = explain(causal_paths(G, "z", "c")[0], G, notes=False)
    assert text.splitlines()[:2] == [
        "Zonulin leads to increased intestinal permeability (animal or in-vitro studies; test).",
        "Increased intestinal permeability raises the risk of coeliac disease (human studies; test).",
    ]
    assert doubled_words("Zonulin increases increased permeability (x; x)") == ["increases increased"]
    assert doubled_words("A causes B (fasano2011, fasano2020)") == []
    assert clause("zonulin", "increases", "increased permeability", 1) == "zonulin leads to increased permeability"
    assert clause("stress reduction", "reduces", "pain", -1) == "stress reduction counteracts pain"
    assert clause("CRH", "activates", "mast cell activation", 1) == "CRH leads to mast cell activation"
    assert clause("CRH", "activates", "mast cells", 1) == "CRH activates mast cells"


def test_every_statement_of_the_kb_reads_as_a_grammatical_sentence(kb, kb_graph):
    from gutjoint_kg.claims import with_claims

    G = with_claims(kb_graph, kb)  # the mechanism layer and every claim
    verbs = {r.curie: r.verb_phrase for r in kb.relations.values()}
    assert all(verbs.values()), "every relation declares gj:verbPhrase"
    edges = list(G.edges(keys=True, data=True))
    assert len(edges) == len(kb.statements) + sum(1 for c in claims_of(kb) if c.migrated)
    for u, v, _, d in edges:
        step = causal_graph_step(u, v, d)
        assert step.verb == verbs[step.relation]
        a, b = G.nodes[u]["label"], G.nodes[v]["label"]
        sentence = step_sentence(step, G)
        said = sentence[len(a) + 1 : sentence.index(f" {b} (")]  # the verb the sentence uses
        assert said == step.verb or not repeats(said, a, b), sentence
        assert not repeats(said, a, b), sentence
        for line in explain(Chain.from_steps([step]), G, notes=False).splitlines():
            assert not doubled_words(line), line
            assert not line[0].islower() and line.endswith("."), line
            assert "  " not in line, line


# --------------------------------------------------------------------------- properties
@st.composite
def random_graphs(draw):
    n = draw(st.integers(2, 7))
    nodes = [f"n{i}" for i in range(n)]
    G = nx.MultiDiGraph()
    G.add_nodes_from(nodes, label="x", category="BiologicalProcess")
    edges = draw(
        st.lists(
            st.tuples(
                st.sampled_from(nodes),
                st.sampled_from(nodes),
                st.sampled_from([("gj:increases", 1), ("gj:decreases", -1), ("gj:signless", 0)]),
                st.integers(0, 4),
            ),
            max_size=18,
        )
    )
    for u, v, (rel, pol), rank in edges:
        if u != v:
            _edge(G, u, v, rel, pol, rank)
    s, t = draw(st.sampled_from(nodes)), draw(st.sampled_from(nodes))
    return G, s, t, draw(st.integers(1, 5)), draw(st.integers(1, 6))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_graphs())
def test_chains_are_simple_existing_and_correctly_signed(case):
    G, s, t, limit, max_length = case
    if s == t:
        return
    try:
        chains = causal_paths(G, s, t, limit=limit, max_length=max_length)
    except NoPathError:
        chains = []
    for c in chains:
        assert len(set(c.nodes)) == len(c.nodes) == c.length + 1
        assert c.nodes[0] == s and c.nodes[-1] == t and c.length <= max_length
        for step, u, v in zip(c.steps, c.nodes, c.nodes[1:], strict=False):
            assert (step.source, step.target) == (u, v)
            assert G.edges[u, v, step.relation]["polarity"] == step.polarity
            assert step.evidence_rank == max(d["evidence_rank"] for d in G.get_edge_data(u, v).values())
        assert c.net_polarity == math.prod(step.polarity for step in c.steps)
        assert c.weakest_rank == min(step.evidence_rank for step in c.steps)
    # exactly the top `limit` simple paths under the documented ranking (brute force on tiny graphs)
    P = causal_graph(G)
    candidates = nx.all_simple_paths(P, s, t, cutoff=max_length)
    every = sorted(
        (Chain.from_steps([P.edges[e]["step"] for e in nx.utils.pairwise(p)]) for p in candidates),
        key=Chain.sort_key,
    )
    assert [c.nodes for c in chains] == [c.nodes for c in every[:limit]]


@settings(max_examples=100, deadline=None)
@given(random_graphs())
def test_loops_are_cycles_with_consistent_kind(case):
    G, _, _, _, max_length = case
    for lp in loops(G, max_length=max_length):
        nodes = lp.chain.nodes
        assert nodes[0] == nodes[-1] and len(set(nodes[:-1])) == len(nodes) - 1 <= max_length
        assert all(G.has_edge(u, v) for u, v in zip(nodes, nodes[1:], strict=False))
        expected = {1: "reinforcing", -1: "balancing", 0: "unsigned"}[math.prod(s.polarity for s in lp.chain.steps)]
        assert lp.kind == expected


def test_step_is_frozen():
    step = Step("a", "b", "gj:increases", "increases", 1, "human", 3, ("x",), None)
    with pytest.raises(AttributeError):
        step.polarity = -1  # type: ignore[misc]


# --------------------------------------------------------------------------- shipped knowledge base
BARRIER = {
    "gj:intestinal_barrier",
    "gj:tight_junction",
    "gj:zonulin",
    "gj:increased_intestinal_permeability",
    "gj:intestinal_barrier_dysfunction",
    "gj:tight_junction_disassembly",
    "gj:translocation_into_circulation",
}
IMMUNE = {
    "gj:immune_activation",
    "gj:innate_immune_response",
    "gj:inflammatory_response",
    "gj:systemic_inflammation",
    "gj:inflammatory_signalling",
    "gj:chronic_low_grade_inflammation",
    "gj:molecular_mimicry",
    "gj:joint_inflammation",
    "gj:nerve_sensitisation",
    "gj:pro_inflammatory_cytokines",
    "gj:tlr4_signalling",
}


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("gj:chronic_stress", "gj:joint_pain"),
        ("gj:excess_sugar", "gj:morning_stiffness"),
        ("gj:antibiotic_exposure", "gj:joint_pain"),
    ],
)
def test_kb_questions_have_chains_through_barrier_and_immune_concepts(kb_graph, source, target):
    # the mechanism layer only, through the barrier: chains go on through immune concepts
    chains = causal_paths(kb_graph, source, target, limit=5, max_length=8, via=["gj:increased_intestinal_permeability"])
    assert all(c.net_effect == "increases" for c in chains[:3])
    assert all(set(c.nodes) & BARRIER for c in chains) and any(set(c.nodes) & IMMUNE for c in chains)


def test_kb_reinforcing_loop_through_the_barrier(kb_graph):
    found = loops(kb_graph, through="gj:intestinal_barrier_dysfunction")
    assert found and any(lp.kind == "reinforcing" and set(lp.chain.nodes) & IMMUNE for lp in found)


def test_kb_interventions_and_decode(kb_graph):
    report = interventions(kb_graph, "gj:chronic_stress", "gj:joint_pain")
    assert any(p.interrupts for p in report.interventions)
    assert report.cut and all(set(c.nodes) & set(report.cut) for c in report.chains)
    signs = ["gj:morning_stiffness", "gj:joint_pain", "gj:joint_swelling"]
    result = decode(kb_graph, signs)
    assert len(result.mechanisms[0].explains) == 3
    assert len(result.red_flags) >= 3 and all(f["curie"] for f in result.red_flags)
