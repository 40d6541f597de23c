"""Unit tests of the explorer page: styling, legend, escaping, layouts, atomic writing and the ``viz`` command."""

from __future__ import annotations

import copy
import json
import math
import re
from pathlib import Path
from types import SimpleNamespace

import networkx as nx
import pytest

import gutjoint_kg as gj
from gutjoint_kg.errors import GutJointError
from gutjoint_kg.kb.views import select
from gutjoint_kg.render import explorer as viz
from gutjoint_kg.render.layout import STAGES, Box, curve_points, curve_via, label_lines, node_box, stage_of, text_size
from gutjoint_kg.render.style import CATEGORY_STYLE, DEFAULT_STYLE, POLARITY_COLOURS, UNGRADED_STROKE

from .test_validate import PREFIXES

XSS_LABEL = "<img src=x onerror=alert(1)>"
XSS_TTL = (
    PREFIXES
    + """
gj:xss_probe a gj:Trigger ; rdfs:label "<img src=x onerror=alert(1)>" ;
    skos:definition "</script><script>window.gjPwned = 1</script> see https://example.org/x" ;
    skos:altLabel "xss probe" .
gj:xss_probe gj:increases gj:joint_pain .
gjs:xss_probe--increases--joint_pain a gj:Statement ; rdf:subject gj:xss_probe ; rdf:predicate gj:increases ;
    rdf:object gj:joint_pain ; gj:evidenceLevel gj:ArticleClaim ; gj:note "<svg onload=alert(3)>" ;
    prov:wasDerivedFrom gjsrc:article-triggers .
"""
)


def page_data(page: str) -> dict:
    """The JSON island of an explorer page, parsed as the browser would."""
    match = re.search(r'<script type="application/json" id="gj-data">(.*?)</script>', page, re.S)
    assert match, "no data island in the page"
    return json.loads(match.group(1))


def assert_offline(page: str) -> None:
    found = re.findall(r"https?://[^\s\"'<>]{0,40}", page)
    assert not found, f"the page references the network: {found[:5]}"


@pytest.fixture(scope="module")
def mini_page(mini_kb: gj.KnowledgeBase) -> str:
    return viz.to_html(select(mini_kb), kb=mini_kb)


@pytest.fixture(scope="module")
def fake_chains() -> list:
    """Two chains shaped like ``paths.Chain`` over the mini KG: stress -> ... -> pain."""

    def step(source: str, target: str, relation: str, evidence: str, rank: int) -> SimpleNamespace:
        return SimpleNamespace(
            source=source,
            target=target,
            relation=relation,
            relation_label=relation.split(":")[1],
            polarity=1,
            evidence=evidence,
            evidence_rank=rank,
            sources=("mini",),
            note=None,
        )

    long = [
        step("gj:stress", "gj:dysbiosis", "gj:increases", "human", 3),
        step("gj:dysbiosis", "gj:permeability", "gj:increases", "animal", 2),
        step("gj:permeability", "gj:inflammation", "gj:increases", "human", 3),
        step("gj:inflammation", "gj:pain", "gj:causes", "established", 4),
    ]
    short = [
        step("gj:stress", "gj:permeability", "gj:increases", "article", 1),
        step("gj:permeability", "gj:inflammation", "gj:increases", "human", 3),
        step("gj:inflammation", "gj:pain", "gj:causes", "established", 4),
    ]
    return [
        SimpleNamespace(
            nodes=tuple([s[0].source] + [x.target for x in s]),
            steps=tuple(s),
            net_effect="increases",
            weakest_evidence=min(s, key=lambda x: x.evidence_rank).evidence,
            length=len(s),
        )
        for s in (short, long)
    ]


@pytest.fixture(scope="module")
def fake_path_view(mini_graph: nx.MultiDiGraph, fake_chains: list):
    nodes = {n for c in fake_chains for n in c.nodes}
    return SimpleNamespace(
        graph=mini_graph.subgraph(nodes).copy(),
        kind="path",
        focus=None,
        chains=fake_chains,
        title="How stress can lead to pain",
    )


# --------------------------------------------------------------------------- styling and legend


@pytest.mark.parametrize(
    ("polarity", "colour"),
    [(1, POLARITY_COLOURS[1]), (-1, POLARITY_COLOURS[-1]), (0, POLARITY_COLOURS[0]), (None, POLARITY_COLOURS[0])],
)
def test_edge_colour_follows_polarity(polarity: int | None, colour: str) -> None:
    assert viz.edge_style(polarity, "human", 3)["color"]["color"] == colour


LEVELS = [("established", 4), ("human", 3), ("animal", 2), ("contested", 1), ("article", 0)]


def test_five_evidence_levels_have_five_distinct_strokes() -> None:
    styles = [viz.edge_style(1, name, rank) for name, rank in LEVELS]
    patterns = [json.dumps(s["dashes"]) for s in styles]
    assert len(set(patterns)) == 5  # the dash pattern alone tells them apart in greyscale
    assert styles[0]["dashes"] is False and all(isinstance(s["dashes"], list) for s in styles[1:])
    widths = [s["width"] for s in styles]
    opacities = [s["color"]["opacity"] for s in styles]
    assert widths == sorted(widths, reverse=True) and opacities == sorted(opacities, reverse=True)
    assert len(set(zip(widths, opacities, strict=True))) == 5


def test_ungraded_edge_reads_weakest() -> None:
    style = viz.edge_style(1, None, None)
    assert style["dashes"] == UNGRADED_STROKE["dashes"]
    assert style["width"] < viz.edge_style(1, "established", 4)["width"]


@pytest.mark.parametrize("category", sorted(CATEGORY_STYLE))
def test_node_colour_and_shape_by_category(category: str) -> None:
    style = viz.node_style(category)
    assert style["color"]["background"] == CATEGORY_STYLE[category]["color"]
    assert style["shape"] == CATEGORY_STYLE[category]["shape"]


def test_unknown_category_falls_back_and_emphasis_grows() -> None:
    assert viz.node_style("Nonsense")["color"]["background"] == DEFAULT_STYLE["color"]
    assert viz.node_style("Symptom", emphasis=True)["size"] > viz.node_style("Symptom")["size"]
    assert viz.node_style("Symptom", contested=True)["shapeProperties"]["borderDashes"]


def test_category_shapes_have_legend_glyphs() -> None:
    assert {s["shape"] for s in CATEGORY_STYLE.values()} <= set(viz.SHAPE_GLYPHS)


def test_legend_lists_present_categories_in_schema_order(mini_kb, mini_graph) -> None:
    entries = viz.legend(mini_graph, viz._evidence_labels(mini_kb))
    names = [c["name"] for c in entries["categories"]]
    assert names == [c for c in CATEGORY_STYLE if c in set(names)]
    assert set(names) == {d["category"] for _, d in mini_graph.nodes(data=True)}
    counts = {c["name"]: c["count"] for c in entries["categories"]}
    assert counts["Symptom"] == 3 and counts["Trigger"] == 2
    assert [p["polarity"] for p in entries["polarity"]] == [1, -1, 0]
    ranks = [e["rank"] for e in entries["evidence"]]
    assert ranks == sorted(ranks, reverse=True) and len(ranks) == 5  # every level of the KB, drawn or not
    assert entries["evidence"][-1]["label"] == mini_kb.evidence_levels["article"].label


@pytest.mark.parametrize("name", ["BarrierComponent", "RedFlag", "Trigger", ""])
def test_category_label_is_readable(name: str) -> None:
    label = viz.category_label(name)
    assert label and label[0].isupper() and not re.search(r"[a-z][A-Z]", label)


# --------------------------------------------------------------------------- escaping


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", XSS_LABEL, "a & b > c", "x\u2028y", "http://x"])
def test_embedded_json_cannot_break_out_and_round_trips(text: str) -> None:
    out = viz.embed_json({"label": text})
    assert not set("<>&") & set(out)
    assert "://" not in out
    assert json.loads(out) == {"label": text}


def test_data_text_is_escaped_everywhere(mini_kb, mini_graph, tmp_path: Path) -> None:
    G = mini_graph.copy()
    G.nodes["gj:tj"]["label"] = XSS_LABEL
    G.nodes["gj:tj"]["definition"] = "</script><script>alert(2)</script>"
    G.edges["gj:tj", "gj:gut", "gj:partOf"]["note"] = "<svg onload=alert(3)>"
    page = viz.to_html(G, title=f"Title {XSS_LABEL}")
    for raw in (XSS_LABEL, "<script>alert(2)", "<svg onload"):
        assert raw not in page
    assert "<title>Title &lt;img src=x onerror=alert(1)&gt;</title>" in page
    assert page.count("</script>") == 3  # the data island, vis-network, the explorer script
    data = page_data(page)
    node = next(n for n in data["nodes"] if n["id"] == "gj:tj")
    assert node["label"] == XSS_LABEL  # shown verbatim (as text) in the browser


def test_page_script_never_uses_innerhtml() -> None:
    from importlib import resources

    js = (resources.files("gutjoint_kg") / "templates" / "explorer.js").read_text(encoding="utf-8")
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "document.write" not in js


# --------------------------------------------------------------------------- layout and routing


@pytest.fixture(scope="module")
def whole_data(kb: gj.KnowledgeBase) -> dict:
    return page_data(viz.to_html(select(kb), kb=kb))


def boxes_of(data: dict, ids: set[str] | None = None) -> dict[str, Box]:
    """Estimated concept boxes (shape plus label) at their page positions."""
    return {
        n["id"]: node_box(n["shape"], n["size"], n["label"], n["font"]["size"], n["widthConstraint"]["maximum"]).moved(
            n["x"], n["y"]
        )
        for n in data["nodes"]
        if ids is None or n["id"] in ids
    }


def drawn_on_overview(data: dict) -> tuple[set[str], list[dict]]:
    shown = {n["id"] for n in data["nodes"] if n["overview"]}
    return shown, [e for e in data["edges"] if e["from"] in shown and e["to"] in shown and not e["claim"]]


@pytest.mark.parametrize(
    ("category", "label", "stage"),
    [
        ("Trigger", "chronic stress", 0),
        ("BarrierComponent", "tight junction", 1),
        ("BiologicalProcess", "increased intestinal permeability", 1),
        ("BiologicalProcess", "translocation of gut contents into circulation", 2),
        ("CellType", "Th17 cells", 3),
        ("BiologicalProcess", "joint inflammation", 4),
        ("Condition", "rheumatoid arthritis", 4),
        ("Condition", "Crohn's disease", 1),
        ("Symptom", "joint pain", 5),
    ],
)
def test_stages_run_gut_to_joint_to_symptom(category: str, label: str, stage: int) -> None:
    assert stage_of(category, label) == stage


def test_no_two_concept_boxes_overlap_on_the_whole_kb(whole_data: dict) -> None:
    boxes = list(boxes_of(whole_data).items())
    clashes = [(a, b) for i, (a, p) in enumerate(boxes) for b, q in boxes[i + 1 :] if p.intersects(q)]
    assert clashes == []


def test_overview_columns_follow_the_stages_left_to_right(whole_data: dict) -> None:
    shown, _ = drawn_on_overview(whole_data)
    nodes = [n for n in whole_data["nodes"] if n["id"] in shown]
    assert 5 <= len(nodes) <= viz.OVERVIEW_SIZE
    stages = sorted({n["stage"] for n in nodes})
    for a, b in zip(stages, stages[1:], strict=False):  # every column lies wholly left of the next one
        assert max(n["x"] for n in nodes if n["stage"] == a) < min(n["x"] for n in nodes if n["stage"] == b)
    assert {n["stage"] for n in nodes} >= {0, len(STAGES) - 1}  # from the triggers to the symptoms


def test_overview_links_pass_no_concept_they_do_not_touch(whole_data: dict) -> None:
    shown, edges = drawn_on_overview(whole_data)
    boxes = boxes_of(whole_data, shown)
    pos = {n["id"]: (n["x"], n["y"]) for n in whole_data["nodes"]}
    crossings = []
    for e in edges:
        for x, y in curve_points(pos[e["from"]], pos[e["to"]], e["smooth"], samples=200):
            for other, box in boxes.items():
                if other not in (e["from"], e["to"]) and box.left < x < box.right and box.top < y < box.bottom:
                    crossings.append((e["id"], other))
    assert sorted(set(crossings)) == []


def test_overview_labels_keep_clear_of_each_other(whole_data: dict) -> None:
    shown, edges = drawn_on_overview(whole_data)
    boxes = list(boxes_of(whole_data, shown).values())
    pos = {n["id"]: (n["x"], n["y"]) for n in whole_data["nodes"]}
    for e in edges:
        if e.get("label_hidden"):  # left out by the page: it could not keep clear
            continue
        mid = curve_points(pos[e["from"]], pos[e["to"]], e["smooth"], samples=2)[1]
        w, h = viz._edge_label_size(e["label"])
        boxes.append(Box(mid[0] - w / 2, mid[1] - h / 2, mid[0] + w / 2, mid[1] + h / 2))
    clashes = [(i, j) for i, p in enumerate(boxes) for j, q in enumerate(boxes[i + 1 :], i + 1) if p.intersects(q)]
    assert clashes == []


def test_curve_model_is_vis_networks() -> None:
    # vis-network 9.1: a curvedCW edge of roundness 1 puts its control point square to the start
    # (canvas y grows downwards, so clockwise from a left-to-right edge bulges up)
    assert curve_via((0.0, 0.0), (100.0, 0.0), "curvedCW", 1.0) == pytest.approx((0.0, -100.0))
    assert curve_via((0.0, 0.0), (100.0, 0.0), "curvedCCW", 1.0) == pytest.approx((0.0, 100.0))
    straight = curve_points((0.0, 0.0), (100.0, 50.0), None, samples=4)
    assert straight[2] == pytest.approx((50.0, 25.0))
    cubic = curve_points((0.0, 0.0), (100.0, 100.0), {"type": "cubicBezier", "roundness": 0.5}, samples=2)
    assert cubic[1] == pytest.approx((50.0, 50.0)) and cubic[0] == (0.0, 0.0)


def test_label_wrapping_follows_the_width_limit() -> None:
    lines = label_lines("lipopolysaccharide", 18, 120)  # vis-network breaks it as lipopolysacchar|ide
    assert len(lines) == 2 and "".join(lines) == "lipopolysaccharide"
    w, h = text_size("translocation of gut contents into circulation", 18, 120)
    assert w <= 120 and h > 2 * 18


# --------------------------------------------------------------------------- chain costs


def test_links_carry_the_cli_step_costs(whole_data: dict) -> None:
    step_cost, is_claim = viz.chain_model()
    assert whole_data["ranking"]["claim_cost"] == pytest.approx(step_cost(0), abs=1e-6)
    steps = [e for e in whole_data["edges"] if e["cost"] is not None]
    assert steps and all(e["cost"] == pytest.approx(step_cost(e["evidence_rank"]), abs=1e-6) for e in steps)
    assert all(e["causal"] or e["chain_end"] for e in steps)
    claims = [e for e in whole_data["edges"] if e["claim"]]
    assert claims and all(e["cost"] is None for e in claims)  # claims are not steps unless asked for
    assert all(e["relation"] == "gj:hasSymptom" for e in whole_data["edges"] if e["chain_end"])


def test_chain_model_uses_the_published_costs() -> None:
    step_cost, is_claim = viz.chain_model()
    from gutjoint_kg import paths

    assert (step_cost, is_claim) == (paths.step_cost, paths.is_claim)  # one ranking: the CLI's
    assert [round(step_cost(r), 4) for r in (4, 3, 2, 1, 0, -1)] == [0.2513, 0.4231, 0.8931, 1.404, 2.5026, 3.1957]
    assert is_claim({"claim": True, "statement": "gjc:a--worsens--b", "evidence": "article"})
    assert is_claim({"evidence": "article"})  # graded article before the migration
    assert not is_claim({"statement": "gjs:a--worsens--b", "evidence": "human"})


# --------------------------------------------------------------------------- the page


def test_page_is_self_contained(mini_page: str) -> None:
    assert_offline(mini_page)
    assert '<link rel="stylesheet"' not in mini_page and "<script src" not in mini_page
    assert "vis-network" in mini_page and "window.gjExplorer" in mini_page


def test_page_holds_every_node_and_edge(mini_page: str, mini_graph: nx.MultiDiGraph) -> None:
    data = page_data(mini_page)
    assert {n["id"] for n in data["nodes"]} == set(mini_graph.nodes)
    assert len(data["edges"]) == mini_graph.number_of_edges()
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])
    edge = next(e for e in data["edges"] if e["id"] == "gj:resolution|gj:decreases|gj:inflammation")
    assert edge["color"]["color"] == POLARITY_COLOURS[-1] and edge["arrows"] == "to" and edge["label"] == "-"
    assert edge["sources"] == ["Test fixture"]  # citation key "mini" resolved to its label


def test_reverse_and_parallel_edges_are_drawn_apart(mini_page: str) -> None:
    data = page_data(mini_page)
    edges = {e["id"]: e for e in data["edges"]}
    pos = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}
    pair = [edges["gj:inflammation|gj:increases|gj:resolution"], edges["gj:resolution|gj:decreases|gj:inflammation"]]
    mids = [curve_points(pos[e["from"]], pos[e["to"]], e["smooth"], samples=2)[1] for e in pair]
    assert math.dist(*mids) > 20  # the two links (and their labels) do not lie on top of each other


def test_pages_are_laid_out_in_python_without_physics(mini_page: str) -> None:
    data = page_data(mini_page)
    assert data["physics"] is False and data["options"]["physics"]["enabled"] is False
    assert data["options"]["physics"]["stabilization"]["iterations"] <= viz.STABILIZATION_ITERATIONS
    assert all("x" in n and "y" in n for n in data["nodes"])


def large_graph(n: int) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    cats = list(CATEGORY_STYLE)
    for i in range(n):
        G.add_node(f"gj:n{i}", label=f"concept {i}", category=cats[i % len(cats)], definition="d")
    for i in range(1, n):
        G.add_edge(f"gj:n{i // 2}", f"gj:n{i}", key="gj:increases", polarity=1, evidence="human", evidence_rank=3)
    return G


def test_large_graph_is_laid_out_in_python_without_physics() -> None:
    data = page_data(viz.to_html(large_graph(viz.LARGE_GRAPH + 50)))
    assert data["large"] is True and data["physics"] is False
    assert data["options"]["physics"]["enabled"] is False
    xs = [n["x"] for n in data["nodes"]]
    assert len(xs) == viz.LARGE_GRAPH + 50 and max(xs) - min(xs) > 500


def test_large_layout_is_deterministic_and_spread() -> None:
    G = large_graph(1000)
    first, second = (page_data(viz.to_html(G))["nodes"] for _ in range(2))
    positions = [(n["x"], n["y"]) for n in first]
    assert positions == [(n["x"], n["y"]) for n in second]
    assert len(set(positions)) == len(positions)  # no two concepts drawn on top of each other
    xs, ys = zip(*positions, strict=True)
    assert min(max(xs) - min(xs), max(ys) - min(ys)) > 1000


def test_large_layout_keeps_linked_concepts_closer_than_unlinked() -> None:
    G = large_graph(2000)
    pos = {n["id"]: (n["x"], n["y"]) for n in page_data(viz.to_html(G))["nodes"]}
    nodes = list(pos)

    def dist(a: str, b: str) -> float:
        return ((pos[a][0] - pos[b][0]) ** 2 + (pos[a][1] - pos[b][1]) ** 2) ** 0.5

    linked = sorted(dist(u, v) for u, v in G.edges())
    unlinked = sorted(dist(nodes[i], nodes[(i * 7919 + 13) % len(nodes)]) for i in range(len(nodes)))
    assert linked[len(linked) // 2] * 4 < unlinked[len(unlinked) // 2]


def test_large_page_draws_straight_edges_without_improved_layout(mini_page: str) -> None:
    data = page_data(viz.to_html(large_graph(viz.LARGE_GRAPH + 1)))
    options = data["options"]
    assert all(e["smooth"] == {"enabled": False} for e in data["edges"])
    assert options["layout"]["improvedLayout"] is False and options["interaction"]["hideEdgesOnDrag"] is True
    small = page_data(mini_page)
    assert small["options"]["interaction"]["hideEdgesOnDrag"] is False
    assert any(e["smooth"].get("enabled") for e in small["edges"])  # routed around concepts in the way


def test_five_thousand_concepts_are_all_placed() -> None:
    """Generation time is measured in benchmarks/bench_explorer.py, not here."""
    G = large_graph(5000)
    data = page_data(viz.to_html(G))
    assert len(data["nodes"]) == 5000 and len(data["edges"]) == 4999
    assert all(isinstance(n.get("x"), int | float) and isinstance(n.get("y"), int | float) for n in data["nodes"])


def test_styles_are_fresh_dicts_for_callers() -> None:
    style = viz.node_style("Symptom", degree=4)
    style["color"]["background"] = "#000000"
    assert viz.node_style("Symptom", degree=4)["color"]["background"] == CATEGORY_STYLE["Symptom"]["color"]
    edge = viz.edge_style(1, "human", 3)
    edge["color"]["color"] = "#000000"
    assert viz.edge_style(1, "human", 3)["color"]["color"] == POLARITY_COLOURS[1]


@pytest.mark.parametrize(("physics", "expected"), [(True, True), (False, False)])
def test_physics_can_be_forced(mini_graph, physics: bool, expected: bool) -> None:
    assert page_data(viz.to_html(mini_graph, physics=physics))["options"]["physics"]["enabled"] is expected


def test_callers_graph_is_not_modified(mini_graph: nx.MultiDiGraph) -> None:
    before = (
        copy.deepcopy(dict(mini_graph.nodes(data=True))),
        copy.deepcopy(list(mini_graph.edges(keys=True, data=True))),
    )
    viz.to_html(mini_graph)
    assert (dict(mini_graph.nodes(data=True)), list(mini_graph.edges(keys=True, data=True))) == before


def test_empty_selection_is_an_error(mini_kb) -> None:
    with pytest.raises(GutJointError, match="nothing to draw"):
        viz.to_html(nx.MultiDiGraph())


def test_rejects_other_objects() -> None:
    with pytest.raises(TypeError, match="View or a networkx graph"):
        viz.to_html(42)


# --------------------------------------------------------------------------- path and focus pages


def test_path_page_carries_the_cli_chains_in_order(fake_path_view, mini_kb) -> None:
    page = viz.to_html(fake_path_view, kb=mini_kb)
    data = page_data(page)
    ids = {e["id"] for e in data["edges"]}
    assert [c["nodes"] for c in data["chains"]] == [list(c.nodes) for c in fake_path_view.chains]
    for row, chain in zip(data["chains"], fake_path_view.chains, strict=True):
        assert row["steps"] == [viz.edge_id(s.source, s.relation, s.target) for s in chain.steps]
        assert set(row["steps"]) <= ids
    assert "net effect: increases; weakest link: claimed by the source article only" in page.split("</title>")[0]
    assert next(n for n in data["nodes"] if n["id"] == "gj:stress")["emphasis"] is True


def chain_pair(kb: gj.KnowledgeBase, G: nx.MultiDiGraph, min_steps: int = 3) -> tuple[str, str]:
    """A trigger and a symptom of the shipped KB joined by a chain of at least ``min_steps`` steps."""
    from gutjoint_kg.paths import causal_paths

    triggers = sorted(n for n, d in G.nodes(data=True) if d["category"] == "Trigger")
    symptoms = sorted(n for n, d in G.nodes(data=True) if d["category"] == "Symptom")
    for s in triggers:
        for t in symptoms:
            try:
                chains = causal_paths(G, s, t, limit=1)
            except gj.GutJointError:
                continue
            if chains[0].length >= min_steps:
                return s, t
    raise AssertionError("the shipped KB has no trigger-to-symptom chain of three steps")


def test_path_page_of_the_shipped_kb(kb, kb_graph) -> None:
    source, target = chain_pair(kb, kb_graph)
    view = select(kb, path=(source, target), limit=3)
    data = page_data(viz.to_html(view, kb=kb))
    assert data["kind"] == "path" and len(data["chains"]) == len(view.chains) >= 1
    assert data["chains"][0]["nodes"][0] == source and data["chains"][0]["nodes"][-1] == target


def test_focus_page_emphasises_the_focus(kb) -> None:
    view = select(kb, focus="tight junction", depth=1)
    data = page_data(viz.to_html(view))
    focus = [n for n in data["nodes"] if n["emphasis"]]
    assert [n["id"] for n in focus] == ["gj:tight_junction"]
    assert len(data["nodes"]) == view.graph.number_of_nodes()


def test_whole_kb_page_is_offline(kb, kb_graph) -> None:
    page = viz.to_html(kb_graph, kb=kb)
    assert_offline(page)
    assert len(page_data(page)["nodes"]) == kb_graph.number_of_nodes()


def test_show_inline_wraps_the_page_in_a_sandboxed_iframe(mini_graph) -> None:
    shown = viz.show_inline(mini_graph, height=400)
    markup = shown.data
    assert markup.startswith('<div class="gutjoint-kg-explorer"><iframe srcdoc="')
    assert 'sandbox="allow-scripts"' in markup
    assert "<script" not in markup  # the whole page is an escaped attribute value
    assert "height: 400px" in markup


# --------------------------------------------------------------------------- writing


def test_writes_atomically_and_replaces(tmp_path: Path, mini_graph) -> None:
    target = tmp_path / "explorer.html"
    target.write_text("old")
    page = viz.to_html(mini_graph, target)
    assert target.read_text(encoding="utf-8") == page
    assert [p.name for p in tmp_path.iterdir()] == ["explorer.html"]


def test_failed_write_keeps_the_old_file(tmp_path: Path, mini_graph, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "explorer.html"
    target.write_text("old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("gutjoint_kg.render.atomic.os.replace", broken_replace)
    with pytest.raises(GutJointError, match="No space left"):
        viz.to_html(mini_graph, target)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["explorer.html"]


def test_missing_directory_is_a_clear_error(tmp_path: Path, mini_graph) -> None:
    with pytest.raises(GutJointError, match="does not exist"):
        viz.to_html(mini_graph, tmp_path / "nope" / "x.html")


def test_unwritable_directory_is_a_clear_error(tmp_path: Path, mini_graph, monkeypatch) -> None:
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("gutjoint_kg.render.atomic.tempfile.mkstemp", denied)
    with pytest.raises(GutJointError, match="cannot write .*Permission denied"):
        viz.write_page(tmp_path / "x.html", "<html></html>")


# --------------------------------------------------------------------------- the command


def test_cli_whole_graph(runner, cli, tmp_path: Path, kb, kb_graph) -> None:
    out = tmp_path / "explorer.html"
    result = runner.invoke(cli, ["viz", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{kb_graph.number_of_nodes()} concepts" in result.output
    page = out.read_text(encoding="utf-8")
    assert_offline(page)
    drawn = viz.claim_layer(kb_graph, kb, check=False)[0]  # the KB's view plus the article's claims
    assert len(page_data(page)["edges"]) == drawn.number_of_edges()


def test_cli_focus_category_and_title(runner, cli, tmp_path: Path) -> None:
    out = tmp_path / "focus.html"
    args = ["viz", "-o", str(out), "--focus", "tight junction", "--depth", "2", "--category", "BarrierComponent"]
    result = runner.invoke(cli, [*args, "--title", "Barrier <b>map</b>"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<title>Barrier &lt;b&gt;map&lt;&#47;b&gt;</title>" in page
    assert {n["category"] for n in page_data(page)["nodes"]} == {"BarrierComponent"}


def test_cli_path(runner, cli, tmp_path: Path, kb, kb_graph) -> None:
    out = tmp_path / "path.html"
    source, target = chain_pair(kb, kb_graph)
    result = runner.invoke(cli, ["viz", "-o", str(out), "--path", source, target, "--limit", "2"])
    assert result.exit_code == 0, result.output
    assert "chain(s)" in result.output
    assert "net effect:" in out.read_text(encoding="utf-8").split("</title>")[0]


def test_cli_xss_data_file(runner, cli, tmp_path: Path) -> None:
    data = tmp_path / "xss.ttl"
    data.write_text(XSS_TTL, encoding="utf-8")
    out = tmp_path / "xss.html"
    result = runner.invoke(cli, ["--data", str(data), "viz", "-o", str(out), "--focus", "xss probe"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert XSS_LABEL not in page and "<script>window.gjPwned" not in page
    assert_offline(page)  # even the URL in the definition is not a literal reference
    labels = {n["label"] for n in page_data(page)["nodes"]}
    assert XSS_LABEL in labels


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--focus", "tight junctoin"], 1, "did you mean 'tight junction'"),
        (["--min-evidence", "strong"], 2, "strong"),
        (["--focus", "tight junction", "--path", "chronic stress", "joint pain"], 2, "not both"),
        (["--depth", "-1", "--focus", "tight junction"], 2, "--depth"),
    ],
)
def test_cli_bad_input(runner, cli, tmp_path: Path, args: list[str], code: int, message: str) -> None:
    out = tmp_path / "x.html"
    result = runner.invoke(cli, ["viz", "-o", str(out), *args])
    assert result.exit_code == code, result.output
    assert message in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("where", "code", "message"), [("missing/x.html", 1, "does not exist"), (".", 2, "is a directory")]
)
def test_cli_bad_output_path(runner, cli, tmp_path: Path, where: str, code: int, message: str) -> None:
    result = runner.invoke(cli, ["viz", "-o", str(tmp_path / where)])
    assert result.exit_code == code, result.output
    assert message in result.output


def test_cli_unwritable_directory(runner, cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("gutjoint_kg.render.atomic.os.access", lambda path, mode: False)
    result = runner.invoke(cli, ["viz", "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1
    assert "is not writable" in result.output
