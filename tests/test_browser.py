"""The explorer page in a real headless Chromium with the network blocked (Selenium).

Needs Debian's ``chromium`` and ``chromium-driver``: without them these tests fail with a message
saying what to install (CI installs them), they never skip silently.
"""

from __future__ import annotations

import struct
import time
from pathlib import Path

import pytest

import gutjoint_kg as gj
from gutjoint_kg.kb.views import select
from gutjoint_kg.render import explorer as viz

from .support.headless import offline_chromium
from .test_viz import XSS_LABEL, XSS_TTL, chain_pair, large_graph


def levels_graph():
    """Five links, one per evidence level (the shipped KB may not draw every level on one page)."""
    import networkx as nx

    G = nx.MultiDiGraph()
    levels = [("established", 4), ("human", 3), ("animal", 2), ("contested", 1), ("article", 0)]
    for i, (name, rank) in enumerate(levels):
        for n in (f"gj:a{i}", f"gj:b{i}"):
            G.add_node(n, label=n, category="Molecule")
        G.add_edge(
            f"gj:a{i}",
            f"gj:b{i}",
            key="gj:increases",
            relation="gj:increases",
            polarity=1,
            causal=True,
            evidence=name,
            evidence_rank=rank,
        )
    return G


pytestmark = pytest.mark.browser

READY_TIMEOUT = 30.0  # a bound on waiting, not a performance goal (those live in benchmarks/)
HUGE_GRAPH = 5000  # the size of the largest page in benchmarks/bench_explorer.py


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory):
    """One headless Chromium for the module, offline: a dead proxy plus CDP-blocked http(s) URLs."""
    try:
        drv = offline_chromium(tmp_path_factory.mktemp("chromium-profile"), console_log=True)
    except gj.GutJointError as exc:  # missing binaries or selenium: a failure, never a skip
        pytest.fail(f"browser tests: {exc}", pytrace=False)
    yield drv
    drv.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, kb: gj.KnowledgeBase, mini_kb: gj.KnowledgeBase) -> dict:
    """The pages under test, written once per module."""
    out = tmp_path_factory.mktemp("pages")
    xss_data = out / "xss.ttl"
    xss_data.write_text(XSS_TTL, encoding="utf-8")
    xss_kb = gj.load([xss_data])
    views = {
        "mini": (select(mini_kb), mini_kb),
        "whole": (select(kb), kb),
        "focus": (select(kb, focus="tight junction", depth=1), kb),
        "path": (select(kb, path=chain_pair(kb, gj.to_networkx(kb)), limit=3), kb),
        "levels": (levels_graph(), None),
        "xss": (select(xss_kb, focus="xss probe", depth=1), xss_kb),
        "large": (large_graph(viz.LARGE_GRAPH + 100), None),
        "huge": (large_graph(HUGE_GRAPH), None),
    }
    paths = {}
    for name, (view, source) in views.items():
        paths[name] = out / f"{name}.html"
        viz.to_html(view, paths[name], kb=source)
    paths["views"] = {name: view for name, (view, _) in views.items()}
    return paths


@pytest.fixture(scope="module")
def page_graph(kb: gj.KnowledgeBase, kb_graph):
    """The graph the whole-KB page draws: the KB's view plus the article's claims (from the claim checker)."""
    return viz.claim_layer(kb_graph, kb, check=False)[0]


def open_page(driver, path: Path, hash: str = "") -> dict:
    """Load a page by file:// URL (plus a ``#hash`` as typed) and wait until the explorer has settled."""
    driver.get_log("browser")  # drop messages of earlier pages
    driver.get(path.resolve().as_uri() + hash)
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if driver.execute_script("return !!(window.gjExplorer && window.gjExplorer.ready)"):
            break
        time.sleep(0.05)
    else:
        raise AssertionError(f"{path.name} not ready after {READY_TIMEOUT}s; console: {driver.get_log('browser')}")
    return driver.execute_script(
        """const g = window.gjExplorer, b = g.network.body;
        return {readyMs: g.readyMs, nodes: g.nodes.length, edges: g.edges.length,
                drawnNodes: b.nodeIndices.length, drawnEdges: b.edgeIndices.length,
                physics: g.network.physics.options.enabled,
                resources: performance.getEntriesByType('resource').map(r => r.name)}"""
    )


def console_errors(driver) -> list[dict]:
    return [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]


def no_alert(driver) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        driver.switch_to.alert  # noqa: B018 - raises when no alert is open
    except NoAlertPresentException:
        return True
    return False


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


# --------------------------------------------------------------------------- helpers


def set_viewport(driver, width: int = 1280, height: int = 720) -> None:
    """The page's viewport (not the window) at a projector's size."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )


def click_canvas(driver, x: float, y: float) -> None:
    """A real mouse click (Selenium ActionChains) at DOM point (x, y) of the network canvas."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    canvas = driver.find_element(By.CSS_SELECTOR, "#gj-network canvas")
    ActionChains(driver).move_to_element_with_offset(
        canvas, round(x - canvas.size["width"] / 2), round(y - canvas.size["height"] / 2)
    ).click().perform()


def panel(driver) -> tuple[str, str]:
    return tuple(
        driver.execute_script(
            "const p = document.getElementById('gj-details'); return [p.dataset.kind || '', p.dataset.id || ''];"
        )
    )


DRAWN = """const b = gjExplorer.network.body, n = gjExplorer.network;
    const nodes = b.nodeIndices.map(i => b.nodes[i]).map(x => {
        const p = n.canvasToDOM({x: x.x, y: x.y});
        return {id: x.id, concept: x.options.concept || x.id, x: p.x, y: p.y};
    });
    const edges = b.edgeIndices.map(i => b.edges[i]).filter(e => e.connected).map(e => {
        const m = n.canvasToDOM(e.edgeType.getPoint(0.5));
        return {id: e.id, x: m.x, y: m.y};
    });
    return {nodes: nodes, edges: edges};"""

VISIBLE_LABELS = """const b = gjExplorer.network.body;
    return b.nodeIndices.map(i => b.nodes[i]).filter(x => x.labelModule.visible()).length"""

LABEL_BOXES = """const b = gjExplorer.network.body, out = [];
    b.nodeIndices.map(i => b.nodes[i]).forEach(x => {
        if (x.labelModule.visible()) {
            const s = x.labelModule.size; out.push(['node ' + x.id, s.left, s.top, s.width, s.height]);
        }
    });
    b.edgeIndices.map(i => b.edges[i]).forEach(e => {
        if (e.connected && e.labelModule.visible()) {
            const s = e.labelModule.size; out.push(['edge ' + e.id, s.left, s.top, s.width, s.height]);
        }
    });
    return out;"""


def overlapping(boxes: list) -> list[tuple[str, str]]:
    found = []
    for i, (a, ax, ay, aw, ah) in enumerate(boxes):
        for b, bx, by, bw, bh in boxes[i + 1 :]:
            if ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah:
                found.append((a, b))
    return found


def reference_chains(G, source: str, target: str, k: int = 3) -> list[list[str]]:
    """The CLI's ranking (``paths.causal_paths``); its top k once ties at the cut follow its own tie-break
    (reported to the chains engineer: ``_cheapest`` cuts before sorting ties)."""
    from gutjoint_kg import paths

    return [list(c.nodes) for c in paths.causal_paths(G, source, target, limit=k + 10)[:k]]


# --------------------------------------------------------------------------- tests


def test_small_page_loads_cleanly(driver, pages) -> None:
    G = pages["views"]["mini"].graph
    state = open_page(driver, pages["mini"])
    assert console_errors(driver) == []
    assert (state["nodes"], state["edges"]) == (G.number_of_nodes(), G.number_of_edges())
    assert state["physics"] is False


def test_default_page_opens_on_a_readable_overview(driver, pages, kb_graph) -> None:
    set_viewport(driver)
    state = open_page(driver, pages["whole"])
    assert console_errors(driver) == []
    assert all(not r.startswith(("http:", "https:")) for r in state["resources"]), state["resources"]
    overview = sorted(n["id"] for n in viz_data(pages["whole"])["nodes"] if n["overview"])
    drawn = driver.execute_script("return gjExplorer.visible().nodes")
    assert drawn == overview and len(drawn) < kb_graph.number_of_nodes()
    shown = driver.execute_script(VISIBLE_LABELS)
    assert shown == len(overview)  # every label is drawn at the default zoom, none too small to read
    assert driver.execute_script("return gjExplorer.network.getScale() * 18") >= viz.LABEL_DRAW_THRESHOLD
    status = driver.execute_script("return document.getElementById('gj-status').textContent")
    assert "Overview" in driver.title and f"of {kb_graph.number_of_nodes()} concepts" in status
    assert overlapping(driver.execute_script(LABEL_BOXES)) == []
    # zoomed far out, labels hide (hovering still shows the tooltip)
    driver.execute_script("gjExplorer.network.moveTo({scale: 0.2}); gjExplorer.network.redraw();")
    hidden = driver.execute_script(VISIBLE_LABELS)
    assert hidden == 0


def viz_data(path: Path) -> dict:
    from .test_viz import page_data

    return page_data(path.read_text(encoding="utf-8"))


def test_click_the_centre_of_every_concept_opens_its_panel(driver, pages) -> None:
    set_viewport(driver)
    for name in ("whole", "path"):
        open_page(driver, pages[name])
        drawn = driver.execute_script(DRAWN)
        assert drawn["nodes"]
        for node in drawn["nodes"]:
            click_canvas(driver, node["x"], node["y"])
            assert panel(driver) == ("concept", node["concept"]), (name, node)
    assert console_errors(driver) == []


def test_click_the_middle_of_every_link_of_a_chain_page_opens_its_statement(driver, pages) -> None:
    set_viewport(driver)
    open_page(driver, pages["path"])
    drawn = driver.execute_script(DRAWN)
    steps = driver.execute_script("return gjExplorer.chainEdges.get().map(e => [e.id, e.chain, e.step])")
    statement = {cid: pages["views"]["path"].chains[c].steps[s] for cid, c, s in steps}
    assert len(drawn["edges"]) == len(steps) > 0
    for edge in drawn["edges"]:
        click_canvas(driver, edge["x"], edge["y"])
        st = statement[edge["id"]]
        assert panel(driver) == ("statement", viz.edge_id(st.source, st.relation, st.target)), edge
        text = driver.find_element("css selector", "#gj-chain-result .gj-step").text
        assert "Evidence" in text and "Relation" in text
    assert overlapping(driver.execute_script(LABEL_BOXES)) == []
    assert console_errors(driver) == []


def test_chain_finder_agrees_with_the_cli_and_steps_with_the_keyboard(driver, pages, kb_graph) -> None:
    from selenium.webdriver.common.keys import Keys

    from .test_viz import chain_pair

    open_page(driver, pages["whole"])
    source, target = chain_pair(None, kb_graph)
    found = driver.execute_script("return gjExplorer.findChains(arguments[0], arguments[1])", source, target)
    assert [c["nodes"] for c in found] == reference_chains(kb_graph, source, target)
    by_name = driver.execute_script(
        "return gjExplorer.findChains(arguments[0], arguments[1])",
        kb_graph.nodes[source]["label"],
        kb_graph.nodes[target]["label"],
    )
    assert by_name == found  # names or CURIEs
    driver.execute_script("gjExplorer.showChain(arguments[0], arguments[1])", source, target)
    first = found[0]["steps"]
    assert panel(driver) == ("statement", first[0])
    body = driver.find_element("tag name", "body")
    body.send_keys(Keys.ARROW_RIGHT)
    assert driver.execute_script("return gjExplorer.state.chain.step") == (1 if len(first) > 1 else 0)
    body.send_keys(Keys.ARROW_LEFT)
    assert driver.execute_script("return gjExplorer.state.chain.step") == 0
    assert "Chains from" in driver.title


def test_url_hash_reproduces_a_chain_view(driver, pages, kb_graph) -> None:
    from .test_viz import chain_pair

    source, target = chain_pair(None, kb_graph)
    s_label, t_label = kb_graph.nodes[source]["label"], kb_graph.nodes[target]["label"]
    typo = s_label[:2] + s_label[3:] if len(s_label) > 6 else s_label  # one letter missing, as typed in a hurry
    driver.get("about:blank")
    open_page(driver, pages["whole"], "#chain=" + typo + "/" + t_label)
    view = driver.execute_script(
        "return [gjExplorer.view.title, gjExplorer.state.chain.list.map(c => c.nodes), location.hash]"
    )
    assert view[0] == f"Chains from {s_label} to {t_label}"
    assert view[1] == [
        c["nodes"]
        for c in driver.execute_script("return gjExplorer.findChains(arguments[0], arguments[1])", source, target)
    ]
    driver.get("about:blank")
    open_page(driver, pages["whole"], view[2])  # the page's own hash reopens the same view
    assert (
        driver.execute_script("return [gjExplorer.view.title, gjExplorer.state.chain.list.map(c => c.nodes)]")
        == view[:2]
    )


def test_url_hash_focus_draws_a_readable_neighbourhood(driver, pages, page_graph) -> None:
    set_viewport(driver)
    driver.get("about:blank")
    open_page(driver, pages["whole"], "#focus=tight junctoin")  # a typo, as typed
    node = "gj:tight_junction"
    near = sorted({node, *page_graph.predecessors(node), *page_graph.successors(node)})
    assert driver.execute_script("return gjExplorer.visible().nodes") == near
    assert driver.execute_script("return [gjExplorer.focusLayout, gjExplorer.view.title]") == [
        True,
        "Around tight junction",
    ]
    assert driver.execute_script(VISIBLE_LABELS) == len(near)
    assert overlapping(driver.execute_script(LABEL_BOXES)) == []
    assert panel(driver) == ("concept", node)


def test_five_evidence_levels_draw_five_stroke_styles(driver, pages) -> None:
    open_page(driver, pages["levels"])
    driver.execute_script("document.getElementById('gj-whole').click()")
    styles = driver.execute_script(
        """const b = gjExplorer.network.body, seen = {};
        b.edgeIndices.map(i => b.edges[i]).forEach(e => {
            const lv = gjExplorer.data.edges.find(x => x.id === e.id).evidence;
            seen[lv] = JSON.stringify([e.options.dashes, e.options.width, e.options.color.opacity]);
        });
        return seen;"""
    )
    assert set(styles) == {"established", "human", "animal", "contested", "article"}
    assert len(set(styles.values())) == 5
    legend = driver.execute_script(
        "return Array.from(document.querySelectorAll('#gj-legend-evidence li')).map(li => li.dataset.level)"
    )
    assert sorted(legend) == sorted(styles)


def test_search_forgives_typos_and_lists_every_match(driver, pages, kb_graph) -> None:
    from selenium.webdriver.common.by import By

    open_page(driver, pages["whole"])
    assert driver.execute_script("return gjExplorer.matchConcepts('cronic stress')[0]") == "gj:chronic_stress"
    box = driver.find_element(By.ID, "gj-search")
    box.send_keys("joint")
    listed = driver.execute_script(
        "return Array.from(document.querySelectorAll('#gj-search-list li')).map(li => li.firstChild.textContent)"
    )
    labels = {d["label"] for _, d in kb_graph.nodes(data=True)}
    expected = {
        d["label"]
        for n, d in kb_graph.nodes(data=True)
        if "joint" in d["label"].lower()
        or "joint" in n.lower()
        or any("joint" in s.lower() for s in d.get("synonyms") or ())
    }
    assert expected <= set(listed) <= labels and len(expected) > 10
    assert driver.execute_script("return gjExplorer.search('no such concept at all')") == []


def test_filters_drop_concepts_left_without_links_and_say_so(driver, pages) -> None:
    open_page(driver, pages["whole"])
    driver.execute_script("document.getElementById('gj-whole').click(); gjExplorer.filter({minRank: 4})")
    shown = driver.execute_script("return gjExplorer.visible()")
    ends = set()
    for eid in shown["edges"]:
        ends |= {eid.split("|")[0], eid.split("|")[2]}
    assert set(shown["nodes"]) == ends  # no concept without a drawn link
    assert "filtered" in driver.title and "filtered" in driver.execute_script("return gjExplorer.view.status")
    assert "min=established" in driver.execute_script("return location.hash")


def test_save_image_writes_a_png_of_the_view(driver, pages) -> None:
    import base64

    open_page(driver, pages["whole"])
    url = driver.execute_script("return gjExplorer.saveImage(false)")
    assert url.startswith("data:image/png;base64,")
    data = base64.b64decode(url.split(",", 1)[1])
    assert png_size(data) == tuple(
        driver.execute_script("const c = document.querySelector('#gj-network canvas'); return [c.width, c.height]")
    )


def test_concept_panel_lists_every_link_and_double_click_expands(driver, pages, page_graph) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    set_viewport(driver)
    open_page(driver, pages["whole"])
    node = max(driver.execute_script(DRAWN)["nodes"], key=lambda n: page_graph.degree(n["id"]))
    click_canvas(driver, node["x"], node["y"])
    links = driver.find_elements(By.CSS_SELECTOR, "#gj-details button.gj-link")
    assert len(links) == page_graph.degree(node["id"])  # every link, no cut-off
    groups = driver.execute_script(
        "return Array.from(document.querySelectorAll('#gj-details ul.gj-links')).map(ul => ul.children.length)"
    )
    assert groups == [page_graph.out_degree(node["id"]), page_graph.in_degree(node["id"])]
    assert all(
        li.find_elements(By.CSS_SELECTOR, ".gj-badge")
        for li in driver.find_elements(By.CSS_SELECTOR, "#gj-details ul.gj-links li")
    )
    links[0].click()
    assert panel(driver)[0] == "statement"
    before = len(driver.execute_script("return gjExplorer.visible().nodes"))
    canvas = driver.find_element(By.CSS_SELECTOR, "#gj-network canvas")
    ActionChains(driver).move_to_element_with_offset(
        canvas, round(node["x"] - canvas.size["width"] / 2), round(node["y"] - canvas.size["height"] / 2)
    ).double_click().perform()
    shown = set(driver.execute_script("return gjExplorer.visible().nodes"))
    assert (
        len(shown) > before
        and set(page_graph.predecessors(node["id"])) | set(page_graph.successors(node["id"])) <= shown
    )
    assert page_graph.nodes[node["id"]]["label"] in driver.title  # "... + links of <concept>"


def test_projector_controls_and_help_overlay(driver, pages) -> None:
    from selenium.webdriver.common.by import By

    open_page(driver, pages["whole"])
    scale = driver.execute_script("return gjExplorer.network.getScale()")
    driver.find_element(By.ID, "gj-zoom-in").click()
    assert driver.execute_script("return gjExplorer.network.getScale()") > scale
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys("-")
    body.send_keys("-")
    assert driver.execute_script("return gjExplorer.network.getScale()") < scale
    body.send_keys("0")
    assert driver.execute_script("return gjExplorer.network.getScale()") == pytest.approx(scale, rel=0.02)
    driver.find_element(By.ID, "gj-large").click()
    assert driver.execute_script("return document.body.classList.contains('gj-large')")
    assert driver.execute_script("return gjExplorer.nodes.get()[0].font.size") > 18
    body.send_keys("?")
    help_box = driver.find_element(By.ID, "gj-help")
    assert help_box.is_displayed() and "line pattern is evidence" in help_box.text.lower()
    driver.find_element(By.ID, "gj-help-close").click()
    assert not help_box.is_displayed()
    assert console_errors(driver) == []


def test_xss_probes_do_not_run(driver, pages) -> None:
    from selenium.webdriver.common.by import By

    open_page(driver, pages["xss"])
    assert no_alert(driver)
    assert driver.execute_script("return gjExplorer.search('xss probe')") == ["gj:xss_probe"]
    assert driver.find_element(By.CSS_SELECTOR, "#gj-details h3").text == XSS_LABEL  # shown as text
    node = next(n for n in driver.execute_script(DRAWN)["nodes"] if n["id"] == "gj:xss_probe")
    click_canvas(driver, node["x"], node["y"])
    driver.execute_script("gjExplorer.selectEdge('gj:xss_probe|gj:increases|gj:joint_pain')")
    assert "<svg onload=alert(3)>" in driver.find_element(By.ID, "gj-details").text
    for probe in (
        "#focus=<img src=x onerror=window.gjPwned=1>",
        "#chain=<img src=x onerror=window.gjPwned=1>/joint pain",
    ):
        driver.get("about:blank")
        open_page(driver, pages["xss"], probe)
        assert no_alert(driver)
    assert driver.execute_script("return document.querySelectorAll('img, svg, b').length") == 0
    assert driver.execute_script("return window.gjPwned === undefined")
    assert console_errors(driver) == []


def test_large_graph_layout_is_fixed(driver, pages) -> None:
    G = pages["views"]["large"]
    state = open_page(driver, pages["large"])
    assert state["physics"] is False
    assert (state["nodes"], state["edges"]) == (G.number_of_nodes(), G.number_of_edges())
    moved = driver.execute_script(
        """const a = gjExplorer.network.getPositions(['gj:n0', 'gj:n1']);
        return new Promise(done => setTimeout(() => {
            const b = gjExplorer.network.getPositions(['gj:n0', 'gj:n1']);
            done(Math.abs(a['gj:n0'].x - b['gj:n0'].x) + Math.abs(a['gj:n1'].y - b['gj:n1'].y));
        }, 500));"""
    )
    assert moved == 0  # nothing drifts: the layout is fixed
    assert console_errors(driver) == []


def test_five_thousand_concepts_load_without_edge_labels(driver, pages) -> None:
    G = pages["views"]["huge"]
    state = open_page(driver, pages["huge"])
    assert (state["nodes"], state["edges"]) == (G.number_of_nodes(), G.number_of_edges())
    assert (state["drawnNodes"], state["drawnEdges"]) == (HUGE_GRAPH, HUGE_GRAPH - 1)
    assert state["physics"] is False
    labels = driver.execute_script("return gjExplorer.edges.get().filter(e => e.label !== undefined).length")
    assert labels == 0  # no edge label is drawn on a large graph; the data keeps them for the tooltips
    assert console_errors(driver) == []


def test_a_missing_browser_is_named_not_skipped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from .support import headless

    monkeypatch.setattr(headless.shutil, "which", lambda name: None)
    with pytest.raises(gj.GutJointError, match=r"apt-get install -y chromium chromium-driver.*chromium=None"):
        headless.offline_chromium(tmp_path)
