"""Static diagrams: Mermaid/DOT text (escaping, styling), SVG through Graphviz, the ``diagram`` command."""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

import networkx as nx
import pytest

from gutjoint_kg.errors import GutJointError, UsageError
from gutjoint_kg.kb.views import select
from gutjoint_kg.render import diagram
from gutjoint_kg.render.style import CATEGORY_STYLE, POLARITY_COLOURS

NASTY = 'IL-17 "A" <b>#1 | x\\y\nz'

HAS_DOT = shutil.which("dot") is not None


@pytest.fixture(scope="module")
def path_view(mini_kb):
    """The best chains from stress to pain in the mini KG."""
    return select(mini_kb, path=("stress", "pain"), limit=3)


@pytest.fixture()
def nasty_graph() -> nx.MultiDiGraph:
    """Two nodes and one edge whose labels hold every character the syntaxes treat specially."""
    G = nx.MultiDiGraph()
    G.add_node("gj:a", label=NASTY, category="Molecule", definition='say "hi"')
    G.add_node("gj:b", label="end", category="Nope")
    G.add_edge(
        "gj:a",
        "gj:b",
        key="gj:increases",
        relation_label='in"creases',
        polarity=1,
        evidence="contested",
        evidence_rank=0,
        note="n\\ote",
    )
    return G


def _fake_dot(tmp_path: Path, body: str) -> Path:
    """An executable named ``dot`` in its own directory, for PATH-based tests."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    exe = bindir / "dot"
    exe.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return bindir


# -------------------------------------------------------------------------------- Mermaid
def test_mermaid_escapes_labels(nasty_graph) -> None:
    text = diagram.to_mermaid(nasty_graph)
    node_line = next(line for line in text.splitlines() if line.strip().startswith("n0["))
    assert node_line.strip() == 'n0["IL-17 #quot;A#quot; #lt;b#gt;#35;1 #124; x\\y z"]'
    assert 'n0 -.->|"in#quot;creases [contested]"| n1' in text
    # node ids are generated, so a label such as "end" (a Mermaid keyword) cannot break the chart
    assert 'n1["end"]' in text and "classDef Nope fill:#BBBBBB" in text


def test_mermaid_of_a_path_view(path_view) -> None:
    text = diagram.to_mermaid(path_view)
    lines = text.splitlines()
    assert lines[:4] == ["---", 'title: "How stress can lead to pain"', "---", "flowchart LR"]
    G = path_view.graph
    edges = [line for line in lines if re.match(r"\s+n\d+ (-->|-\.->)\|", line)]
    assert len(edges) == G.number_of_edges() > 0
    assert len([line for line in lines if "linkStyle" in line]) == G.number_of_edges()
    # the article's claim stress -> permeability is no chain step (mechanism layer only): the chain
    # runs through dysbiosis, and the established inflammation -> pain step is solid
    ids = {n: f"n{i}" for i, n in enumerate(sorted(G.nodes))}
    assert "gj:permeability" in G and not G.has_edge("gj:stress", "gj:permeability")
    assert f'{ids["gj:stress"]} -->|"increases [human]"| {ids["gj:dysbiosis"]}' in text
    assert f'{ids["gj:inflammation"]} -->|"causes [established]"| {ids["gj:pain"]}' in text
    assert f"class {ids['gj:pain']},{ids['gj:stress']} endpoint" in text or (
        f"class {ids['gj:stress']},{ids['gj:pain']} endpoint" in text
    )
    assert f"classDef Trigger fill:{CATEGORY_STYLE['Trigger']['color']}" in text
    assert f"stroke:{POLARITY_COLOURS[1]}" in text


# ------------------------------------------------------------------------------------ DOT
def test_dot_escapes_labels(nasty_graph) -> None:
    text = diagram.to_dot(nasty_graph)
    assert 'label="IL-17 \\"A\\" <b>#1 | x\\\\y\\nz"' in text
    assert '"gj:a" -> "gj:b" [label="in\\"creases [contested]"' in text
    assert "style=dashed" in text and 'tooltip="n\\\\ote"' in text
    # no unescaped double quote inside any attribute value
    for line in text.splitlines()[4:-1]:
        assert len(re.findall(r'(?<!\\)"', line)) % 2 == 0, line


def test_dot_of_a_path_view(path_view) -> None:
    text = diagram.to_dot(path_view)
    assert text.startswith("digraph gutjoint {") and text.rstrip().endswith("}")
    assert "rankdir=LR" in text and 'label="How stress can lead to pain"' in text
    G = path_view.graph
    assert text.count(" -> ") == G.number_of_edges()
    assert re.search(r'"gj:stress" \[label="stress", shape=triangle, .*penwidth=3', text)
    assert re.search(r'"gj:inflammation" -> "gj:pain" \[label="causes \[established\]".*style=solid', text)


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz 'dot' is not installed")
def test_real_graphviz_renders_escaped_labels(nasty_graph, path_view) -> None:
    svg = diagram.to_svg(diagram.to_dot(nasty_graph)).decode("utf-8")
    assert svg.lstrip().startswith("<?xml") and "</svg>" in svg
    assert "IL&#45;17 &quot;A&quot; &lt;b&gt;#1 | x\\y" in svg
    svg = diagram.to_svg(diagram.to_dot(path_view)).decode("utf-8")
    assert svg.count('class="node"') == path_view.graph.number_of_nodes()
    assert svg.count('class="edge"') == path_view.graph.number_of_edges()


# ------------------------------------------------------------------------------------ SVG
def test_svg_without_graphviz_is_a_clear_error(monkeypatch) -> None:
    monkeypatch.setattr(diagram.shutil, "which", lambda name: None)
    with pytest.raises(GutJointError) as err:
        diagram.to_svg("digraph {}")
    assert str(err.value) == "Graphviz 'dot' not found; install graphviz or use --format dot"


def test_svg_runs_dot_from_path(tmp_path: Path, monkeypatch) -> None:
    bindir = _fake_dot(tmp_path, 'test "$1" = "-Tsvg" || exit 9\ncat > "$0.in"\necho "<svg>ok</svg>"\n')
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")  # found before any real dot
    assert diagram.to_svg('digraph { "a" -> "b" }') == b"<svg>ok</svg>\n"
    assert (bindir / "dot.in").read_text(encoding="utf-8") == 'digraph { "a" -> "b" }'


def test_svg_reports_a_graphviz_failure(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(_fake_dot(tmp_path, 'echo "Error: syntax error in line 1" >&2\nexit 3\n')))
    with pytest.raises(GutJointError, match=r"Graphviz 'dot' failed \(exit 3\): Error: syntax error in line 1"):
        diagram.to_svg("digraph {")


# ------------------------------------------------------------------------------------ CLI
def test_cli_mermaid_to_stdout(runner, cli) -> None:
    res = runner.invoke(cli, ["diagram", "chronic stress", "joint pain", "--format", "mermaid", "--limit", "2"])
    assert res.exit_code == 0, res.output
    assert "flowchart LR" in res.stdout and '"chronic stress"' in res.stdout and '"joint pain"' in res.stdout


def test_cli_dot_to_file_refuses_overwrite(runner, cli, tmp_path: Path) -> None:
    out = tmp_path / "chain.dot"
    args = ["diagram", "chronic stress", "joint pain", "--format", "dot", "-o", str(out)]
    res = runner.invoke(cli, args)
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith("digraph gutjoint {")
    out.write_text("mine", encoding="utf-8")
    res = runner.invoke(cli, args)
    assert res.exit_code == 1 and "already exists; use --force" in res.output
    assert out.read_text(encoding="utf-8") == "mine"
    assert runner.invoke(cli, [*args, "--force"]).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("digraph")


def test_cli_svg_without_graphviz(runner, cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot anywhere on PATH
    out = tmp_path / "chain.svg"
    res = runner.invoke(cli, ["diagram", "chronic stress", "joint pain", "--format", "svg", "-o", str(out)])
    assert res.exit_code == 1
    assert res.output.strip() == "Error: Graphviz 'dot' not found; install graphviz or use --format dot"
    assert not out.exists()


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz 'dot' is not installed")
def test_cli_svg_with_graphviz(runner, cli, tmp_path: Path) -> None:
    out = tmp_path / "chain.svg"
    res = runner.invoke(cli, ["diagram", "chronic stress", "joint pain", "--format", "svg", "-o", str(out)])
    assert res.exit_code == 0, res.output
    svg = out.read_text(encoding="utf-8")
    assert "</svg>" in svg and "chronic stress" in svg and "joint pain" in svg


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["chronic stress", "joint pain", "--format", "png"], 2, "'png' is not one of 'mermaid', 'dot', 'svg'"),
        (["chronic stress", "joint pain", "--min-evidence", "strong"], 2, "unknown evidence level 'strong'"),
        (["chronic strss", "joint pain"], 1, "unknown concept 'chronic strss'; did you mean"),
        (["joint pain", "chronic stress"], 1, "no causal chain"),
        (["chronic stress"], 2, "Missing argument 'TARGET'"),
    ],
)
def test_cli_diagram_errors(runner, cli, args: list[str], code: int, message: str) -> None:
    res = runner.invoke(cli, ["diagram", *args])
    assert res.exit_code == code, res.output
    assert message in res.output


# ------------------------------------------------------------------ Mermaid's size limits
EDGE_LINE = re.compile(r"^\s+n\d+ (-->|-\.->)\|", re.M)


def test_whole_kb_mermaid_is_split_into_renderable_parts(kb, kb_graph, runner, cli, tmp_path: Path) -> None:
    """Mermaid's defaults (maxEdges 500, maxTextSize 50,000) forbid one diagram of the KB; the export
    writes one file per category, each under both limits, that together draw every statement once."""
    assert kb_graph.number_of_edges() > diagram.MERMAID_MAX_EDGES
    res = runner.invoke(cli, ["export", "mermaid", "-o", str(tmp_path / "kb")])
    assert res.exit_code == 0, res.output
    parts = {p.name: p.read_text(encoding="utf-8") for p in sorted((tmp_path / "kb").iterdir())}
    categories = {d["category"] for _, d in kb_graph.nodes(data=True)}
    assert set(parts) == {f"{c}.mmd" for c in categories}
    for name, text in parts.items():
        assert len(EDGE_LINE.findall(text)) <= diagram.MERMAID_MAX_EDGES and len(text) <= diagram.MERMAID_MAX_TEXT
        assert text.startswith("---\ntitle: ") and "\nflowchart LR\n" in text, name
    assert sum(len(EDGE_LINE.findall(t)) for t in parts.values()) == kb_graph.number_of_edges()
    molecules = parts["Molecule.mmd"]
    assert sum(d.get("category") == "Molecule" for _, d in kb_graph.nodes(data=True)) <= molecules.count('["')


def test_a_mermaid_diagram_over_the_limits_is_refused(kb_graph, runner, cli, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"exceeds mermaid's default limits \(maxEdges 500, maxTextSize 50,000\)"):
        diagram.to_mermaid(kb_graph)
    target = tmp_path / "big.mmd"
    res = runner.invoke(cli, ["export", "mermaid", "-o", str(target), "--min-evidence", "human"])
    assert res.exit_code == 2 and not target.exists()
    (line,) = res.output.strip().splitlines()
    assert "Mermaid diagram of" in line and "--focus CONCEPT" in line
