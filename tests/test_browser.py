"""The explorer page in a real headless Chromium with the network blocked (Selenium).

Needs Debian's ``chromium`` and ``chromium-driver``: without them these tests fail with a message
saying what to install (CI installs them), they never skip silently.
"""

from __future__ import annotations

import struct
import tempfile
import time
from pathlib import Path

import pytest

import gutjoint_kg as gj
from gutjoint_kg.kb.views import select
from gutjoint_kg.render import explorer as viz

from .support.headless import offline_chromium
from .test_viz import XSS_LABEL, XSS_TTL, large_graph

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
        "path": (select(kb, path=("chronic stress", "joint pain"), limit=3), kb),
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


def open_page(driver, path: Path) -> dict:
    """Load a page by file:// URL and wait until the explorer reports it has settled."""
    driver.get_log("browser")  # drop messages of earlier pages
    driver.get(path.resolve().as_uri())
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


# --------------------------------------------------------------------------- tests


def test_small_page_loads_cleanly(driver, pages) -> None:
    G = pages["views"]["mini"].graph
    state = open_page(driver, pages["mini"])
    assert console_errors(driver) == []
    assert (state["nodes"], state["edges"]) == (G.number_of_nodes(), G.number_of_edges())
    assert state["physics"] is False  # frozen after the bounded stabilization


def test_whole_kb_page_offline_and_complete(driver, pages, kb_graph, tmp_path: Path) -> None:
    state = open_page(driver, pages["whole"])
    assert console_errors(driver) == []
    counts = (kb_graph.number_of_nodes(), kb_graph.number_of_edges())
    assert (state["nodes"], state["edges"]) == counts
    assert (state["drawnNodes"], state["drawnEdges"]) == counts  # every node and edge is drawn
    assert all(not r.startswith(("http:", "https:")) for r in state["resources"]), state["resources"]
    # the drawing is not blank: many canvas pixels painted, and a much richer PNG than an empty page
    painted = driver.execute_script(
        """const c = document.querySelector('#gj-network canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n / (c.width * c.height);"""
    )
    assert painted > 0.02
    shot = tmp_path / "explorer.png"
    assert driver.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert png_size(data) == tuple(driver.execute_script("return [innerWidth, innerHeight]"))
    with tempfile.TemporaryDirectory(dir=tmp_path) as empty:
        blank = Path(empty) / "blank.html"
        blank.write_text("<!DOCTYPE html><title>blank</title>", encoding="utf-8")
        driver.get(blank.as_uri())
        assert len(data) > 5 * len(driver.get_screenshot_as_png())


def test_click_highlights_neighbours(driver, pages) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    G = pages["views"]["focus"].graph
    node = "gj:tight_junction"
    open_page(driver, pages["focus"])
    canvas = driver.find_element(By.CSS_SELECTOR, "#gj-network canvas")
    x, y = driver.execute_script(
        "const g = gjExplorer.network, p = g.canvasToDOM(g.getPosition(arguments[0])); return [p.x, p.y];", node
    )
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(x - canvas.size["width"] / 2), int(y - canvas.size["height"] / 2)
    ).click().perform()
    expected = sorted({node, *G.predecessors(node), *G.successors(node)})
    assert driver.execute_script("return gjExplorer.highlighted") == expected
    faded = driver.execute_script(
        "return gjExplorer.nodes.get().filter(n => n.color.background === '#eeeeee').map(n => n.id).sort()"
    )
    assert faded == sorted(set(G) - set(expected))
    assert driver.find_element(By.CSS_SELECTOR, "#gj-details h3").text == G.nodes[node]["label"]
    assert console_errors(driver) == []


def test_search_finds_tight_junction(driver, pages) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(driver, pages["whole"])
    box = driver.find_element(By.ID, "gj-search")
    box.send_keys("tight junction", Keys.ENTER)
    assert driver.execute_script("return gjExplorer.network.getSelectedNodes()") == ["gj:tight_junction"]
    assert driver.execute_script("return gjExplorer.lastSearch[0]") == "gj:tight_junction"
    assert "tight junction" in driver.find_element(By.ID, "gj-status").text
    assert driver.execute_script("return gjExplorer.search('no such concept at all')") == []


def test_filters_hide_categories_and_weak_links(driver, pages, kb_graph) -> None:
    open_page(driver, pages["whole"])
    shown = driver.execute_script("return gjExplorer.filter({categories: ['Symptom']})")
    symptoms = [n for n, d in kb_graph.nodes(data=True) if d["category"] == "Symptom"]
    assert shown["nodes"] == len(symptoms)
    assert driver.execute_script("return gjExplorer.network.body.nodeIndices.length") == len(symptoms)
    shown = driver.execute_script(
        "gjExplorer.resetFilters(); return gjExplorer.filter({minRank: 4})"  # established only
    )
    established = [e for *_, e in kb_graph.edges(keys=True, data=True) if e["evidence_rank"] >= 4]
    assert shown["edges"] == len(established)


def test_xss_label_does_not_execute(driver, pages) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    open_page(driver, pages["xss"])
    assert no_alert(driver)
    assert driver.execute_script("return gjExplorer.search('xss probe')") == ["gj:xss_probe"]
    assert driver.find_element(By.CSS_SELECTOR, "#gj-details h3").text == XSS_LABEL  # shown as text
    canvas = driver.find_element(By.CSS_SELECTOR, "#gj-network canvas")
    x, y = driver.execute_script(
        "const g = gjExplorer.network, p = g.canvasToDOM(g.getPosition('gj:xss_probe')); return [p.x, p.y];"
    )
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(x - canvas.size["width"] / 2), int(y - canvas.size["height"] / 2)
    ).pause(0.6).perform()  # hover: the tooltip is built from the same data
    assert no_alert(driver)
    assert driver.execute_script("return document.querySelectorAll('img, svg, b').length") == 0
    assert driver.execute_script("return window.gjPwned === undefined")
    assert console_errors(driver) == []


def test_path_page_reads_left_to_right(driver, pages) -> None:
    from selenium.webdriver.common.by import By

    view = pages["views"]["path"]
    open_page(driver, pages["path"])
    positions = driver.execute_script("return gjExplorer.network.getPositions()")
    best = view.chains[0].nodes
    xs = [positions[n]["x"] for n in best]
    assert xs == sorted(xs) and xs[0] < xs[-1]
    assert "net effect" in driver.title and "weakest link" in driver.title
    steps = driver.find_elements(By.CSS_SELECTOR, "#gj-chains li.gj-step")
    assert len(steps) == sum(len(c.steps) for c in view.chains)
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
