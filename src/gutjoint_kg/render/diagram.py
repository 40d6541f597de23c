"""Static diagrams for slides and handouts: Mermaid and Graphviz DOT text, and SVG via Graphviz.

Both take a :class:`~gutjoint_kg.views.View` (or a graph from :func:`gutjoint_kg.to_networkx`), drawn left to right:
nodes coloured by category, edges by polarity and dashed for weak evidence (see :mod:`gutjoint_kg.style`)."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import networkx as nx

from ..errors import GutJointError, UsageError
from ..kb.views import View
from .style import EVIDENCE_DASHES, EVIDENCE_WIDTH, GRAPHVIZ_SHAPES, POLARITY_COLOURS, category_style, hex_to_rgb

#: Seconds Graphviz may take to lay out a diagram before we give up.
DOT_TIMEOUT = 60

#: mermaid's default ``maxEdges`` and ``maxTextSize`` (its config schema): a larger diagram does not render.
MERMAID_MAX_EDGES, MERMAID_MAX_TEXT = 500, 50_000

_MERMAID_ENTITIES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "|": "#124;"}


def mermaid_escape(text: str) -> str:
    """Make ``text`` safe inside a quoted Mermaid label (entity codes; one line).

    >>> mermaid_escape('IL-17 "A" <b>#1')
    'IL-17 #quot;A#quot; #lt;b#gt;#35;1'
    """
    return "".join(_MERMAID_ENTITIES.get(ch, ch) for ch in " ".join(str(text).split()))


def dot_escape(text: str) -> str:
    r"""Make ``text`` safe inside a double-quoted DOT string (backslashes, quotes, newlines).

    >>> dot_escape('say "hi"\\n')
    'say \\"hi\\"\\\\n'
    """
    return str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n")


def _unpack(graph_or_view: View | nx.MultiDiGraph, title: str | None) -> tuple[nx.MultiDiGraph, str | None, set[Any]]:
    if isinstance(graph_or_view, View):
        ends = set()
        for chain in graph_or_view.chains:
            ends |= {chain.nodes[0], chain.nodes[-1]}
        if graph_or_view.focus:
            ends.add(graph_or_view.focus)
        return graph_or_view.graph, title if title is not None else graph_or_view.title, ends
    return graph_or_view, title, set()


def _edges(G: nx.MultiDiGraph) -> list[tuple[str, str, str, dict[str, Any]]]:
    return sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1]))


def _edge_label(d: dict[str, Any], key: str) -> str:
    label = d.get("relation_label") or key
    return f"{label} [{d['evidence']}]" if d.get("evidence") else label


def _text_colour(fill: str) -> str:
    r, g, b = hex_to_rgb(fill)
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#FFFFFF"


def to_mermaid(graph_or_view: View | nx.MultiDiGraph, *, title: str | None = None, direction: str = "LR") -> str:
    """Mermaid ``flowchart`` text: quoted, entity-escaped labels; one ``classDef`` per category;
    ``-.->`` for weak evidence; ``linkStyle`` colours by polarity."""
    G, title, ends = _unpack(graph_or_view, title)
    ids = {n: f"n{i}" for i, n in enumerate(sorted(G.nodes))}
    lines = []
    if title:
        lines += ["---", f"title: {json.dumps(title)}", "---"]
    lines.append(f"flowchart {direction}")
    for n in sorted(G.nodes):
        lines.append(f'    {ids[n]}["{mermaid_escape(G.nodes[n].get("label", n))}"]')
    link_styles = []
    for i, (u, v, k, d) in enumerate(_edges(G)):
        arrow = "-.->" if EVIDENCE_DASHES.get(d.get("evidence") or "", False) else "-->"
        lines.append(f'    {ids[u]} {arrow}|"{mermaid_escape(_edge_label(d, k))}"| {ids[v]}')
        colour = POLARITY_COLOURS.get(d.get("polarity", 0), POLARITY_COLOURS[0])
        width = EVIDENCE_WIDTH.get(d.get("evidence_rank", 0), 1.0)
        link_styles.append(f"    linkStyle {i} stroke:{colour},stroke-width:{width:g}px")
    lines += link_styles
    categories = sorted({G.nodes[n].get("category") or "Other" for n in G.nodes})
    for cat in categories:
        fill = category_style(cat)["color"]
        lines.append(f"    classDef {cat} fill:{fill},stroke:#333333,color:{_text_colour(fill)}")
        members = ",".join(ids[n] for n in sorted(G.nodes) if (G.nodes[n].get("category") or "Other") == cat)
        lines.append(f"    class {members} {cat}")
    if ends:
        lines.append("    classDef endpoint stroke-width:3px")
        lines.append(f"    class {','.join(ids[n] for n in sorted(ends) if n in ids)} endpoint")
    text = "\n".join(lines) + "\n"
    if G.number_of_edges() > MERMAID_MAX_EDGES or len(text) > MERMAID_MAX_TEXT:
        raise UsageError(
            f"a Mermaid diagram of {G.number_of_edges()} edges and {len(text):,} characters exceeds mermaid's "
            f"default limits (maxEdges {MERMAID_MAX_EDGES}, maxTextSize {MERMAID_MAX_TEXT:,}); "
            "draw part of the graph with --focus CONCEPT, --path or --category"
        )
    return text


def mermaid_parts(G: nx.MultiDiGraph) -> dict[str, str | bytes]:
    """``{Category}.mmd``: one renderable diagram per category, of its concepts and the statements whose
    subject they are (the whole KB as one diagram exceeds mermaid's limits)."""
    parts: dict[str, str | bytes] = {}
    for cat in sorted({G.nodes[n].get("category") or "Other" for n in G}):
        members = {n for n in G if (G.nodes[n].get("category") or "Other") == cat}
        H = nx.MultiDiGraph()
        H.add_edges_from(e for e in G.edges(keys=True, data=True) if e[0] in members)
        H.add_nodes_from((n, G.nodes[n]) for n in members | set(H))
        parts[f"{cat}.mmd"] = to_mermaid(H, title=f"What each {cat} concept relates to")
    return parts


def to_dot(graph_or_view: View | nx.MultiDiGraph, *, title: str | None = None, rankdir: str = "LR") -> str:
    """Graphviz DOT text: nodes filled by category colour and shape, edges coloured by polarity,
    dashed for weak evidence, thicker for stronger evidence; chain ends (or the focus) drawn bold."""
    G, title, ends = _unpack(graph_or_view, title)

    def q(s: str) -> str:
        return f'"{dot_escape(s)}"'

    lines = ["digraph gutjoint {"]
    graph_attrs = [f"rankdir={rankdir}", 'fontname="Helvetica"', "nodesep=0.3", "ranksep=0.6"]
    if title:
        graph_attrs += [f"label={q(title)}", "labelloc=t", "fontsize=16"]
    lines.append(f"    graph [{', '.join(graph_attrs)}];")
    lines.append('    node [style="filled", fontname="Helvetica", fontsize=11, margin="0.1,0.05"];')
    lines.append('    edge [fontname="Helvetica", fontsize=9];')
    for n in sorted(G.nodes):
        d = G.nodes[n]
        style = category_style(d.get("category"))
        attrs = {
            "label": q(d.get("label", n)),
            "shape": GRAPHVIZ_SHAPES.get(style["shape"], "ellipse"),
            "fillcolor": q(style["color"]),
            "fontcolor": q(_text_colour(style["color"])),
            "tooltip": q(f"{d.get('category', '')}: {d.get('definition', '')}".strip(": ")),
        }
        if n in ends:
            attrs["penwidth"] = "3"
        lines.append(f"    {q(n)} [{', '.join(f'{k}={v}' for k, v in attrs.items())}];")
    for u, v, k, d in _edges(G):
        colour = POLARITY_COLOURS.get(d.get("polarity", 0), POLARITY_COLOURS[0])
        attrs = {
            "label": q(_edge_label(d, k)),
            "color": q(colour),
            "fontcolor": q(colour),
            "penwidth": f"{EVIDENCE_WIDTH.get(d.get('evidence_rank', 0), 1.0):g}",
            "style": "dashed" if EVIDENCE_DASHES.get(d.get("evidence") or "", False) else "solid",
        }
        if d.get("note"):
            attrs["tooltip"] = q(d["note"])
        lines.append(f"    {q(u)} -> {q(v)} [{', '.join(f'{a}={b}' for a, b in attrs.items())}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_svg(dot_text: str) -> bytes:
    """Lay out DOT text with Graphviz (``dot -Tsvg``); a clear error when Graphviz is missing or fails."""
    exe = shutil.which("dot")
    if exe is None:
        raise GutJointError("Graphviz 'dot' not found; install graphviz or use --format dot")
    try:
        proc = subprocess.run(
            [exe, "-Tsvg"], input=dot_text.encode("utf-8"), capture_output=True, timeout=DOT_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise GutJointError(f"Graphviz 'dot' took longer than {DOT_TIMEOUT} s; try --format dot") from None
    except OSError as exc:
        raise GutJointError(f"cannot run Graphviz 'dot' ({exe}): {exc.strerror or exc}") from None
    if proc.returncode != 0 or not proc.stdout:
        reason = (proc.stderr.decode("utf-8", "replace").strip().splitlines() or ["no output"])[-1]
        raise GutJointError(f"Graphviz 'dot' failed (exit {proc.returncode}): {reason}")
    return proc.stdout


#: the formats ``gutjoint-kg diagram --format`` accepts
DIAGRAM_FORMATS = ("mermaid", "dot", "svg")


def render_diagram(view: View, fmt: str) -> str | bytes:
    """Render a view as ``mermaid`` or ``dot`` text, or ``svg`` bytes."""
    if fmt == "mermaid":
        return to_mermaid(view)
    if fmt == "dot":
        return to_dot(view)
    if fmt == "svg":
        return to_svg(to_dot(view))
    raise UsageError(f"unknown diagram format {fmt!r}; valid: {', '.join(DIAGRAM_FORMATS)}")
