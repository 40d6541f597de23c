"""The interactive explorer: one self-contained, offline HTML page of a view of the graph.

pyvis assembles the vis-network options; the page itself comes from our own template with the
vis-network script and stylesheet that ship inside the pyvis wheel inlined, because pyvis's own
``in_line`` mode still links Bootstrap from a CDN. Every text taken from the data travels as
escaped JSON and is put on screen with ``textContent`` (never ``innerHTML``), so a label such as
``<img src=x onerror=alert(1)>`` in a user's ``--data`` file is shown, not run.
"""

from __future__ import annotations

import copy
import html
import json
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from ..errors import GutJointError
from ..vocab import DISCLAIMER
from .style import CATEGORY_STYLE, EVIDENCE_DASHES, EVIDENCE_WIDTH, POLARITY_COLOURS, category_style

__all__ = ["LARGE_GRAPH", "edge_style", "embed_json", "legend", "node_style", "show_inline", "to_html", "write_page"]

#: Above this many concepts the page is laid out in Python and drawn with physics off.
LARGE_GRAPH = 300
#: Upper bound of the physics iterations run before a page with physics is first shown.
STABILIZATION_ITERATIONS = 120
#: vis-network version inlined from the pyvis wheel.
VIS_VERSION = "9.1.2"

#: Unicode glyphs drawing each vis.js node shape in the HTML legend (no SVG, no images).
SHAPE_GLYPHS: dict[str, str] = {
    "triangle": "\u25b2",
    "triangleDown": "\u25bc",
    "box": "\u25ac",
    "hexagon": "\u2b22",
    "dot": "\u25cf",
    "diamond": "\u25c6",
    "ellipse": "\u25cf",  # drawn stretched by the page's CSS (few fonts have an ellipse glyph)
    "star": "\u2605",
    "square": "\u25a0",
}

#: Legend wording of the three edge colours.
POLARITY_LABELS: dict[int, str] = {
    1: "increases / causes / worsens",
    -1: "decreases / inhibits / protects",
    0: "structural or associative (no direction of effect)",
}

#: How a chain's net effect reads in titles (``paths.Chain.net_effect`` may be a sign or a word).
NET_EFFECT_WORDS: dict[int, str] = {1: "increases", -1: "decreases", 0: "no net direction"}

#: Shapes whose label vis.js draws inside the node; the others carry it underneath.
_LABEL_INSIDE = {"box", "ellipse", "circle", "database", "text"}


#: Fonts of edge labels: plain, and numbered steps of a chain (shared by every edge of the page).
_EDGE_FONT = {"size": 11, "color": "#333333", "strokeWidth": 3, "strokeColor": "#ffffff", "align": "middle"}
_STEP_FONT = {**_EDGE_FONT, "size": 14}


# --------------------------------------------------------------------------- styling


@cache
def category_label(name: str) -> str:
    """A readable category name for the legend.

    >>> category_label("BarrierComponent")
    'Barrier component'
    >>> category_label("RedFlag")
    'Red flag'
    """
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name or "Uncategorised").split()
    return " ".join([words[0]] + [w.lower() for w in words[1:]]) if words else "Uncategorised"


def node_style(
    category: str | None, *, degree: int = 0, emphasis: bool = False, contested: bool = False
) -> dict[str, Any]:
    """vis.js colour, shape, size and font of a concept of ``category`` (emphasised = focus or chain end)."""
    return copy.deepcopy(_node_style(category, degree, emphasis, contested))


@cache
def _node_style(category: str | None, degree: int, emphasis: bool, contested: bool) -> dict[str, Any]:
    """:func:`node_style`, computed once per distinct argument; the page shares these (read-only) dicts."""
    style = category_style(category)
    colour, shape = style["color"], style["shape"]
    border = _darken(colour, 0.35)
    out: dict[str, Any] = {
        "shape": shape,
        "color": {
            "background": colour,
            "border": border,
            "highlight": {"background": _lighten(colour, 0.35), "border": "#000000"},
            "hover": {"background": _lighten(colour, 0.2), "border": border},
        },
        "borderWidth": 4 if emphasis else 1.5,
        "size": round(12 + min(16.0, 3.0 * math.sqrt(degree)) + (8 if emphasis else 0), 1),
        "font": {"size": 22 if emphasis else 18, "color": "#222222", "face": "sans-serif"},
        "widthConstraint": {"maximum": 160},
    }
    if shape not in _LABEL_INSIDE:
        out["font"].update(strokeWidth=3, strokeColor="#ffffff")
    if contested:
        out["shapeProperties"] = {"borderDashes": [5, 4]}
        out["borderWidth"] = max(out["borderWidth"], 2.5)
    return out


def edge_style(polarity: int | None, evidence: str | None, evidence_rank: int | None) -> dict[str, Any]:
    """vis.js colour, dashes and width of an edge: colour by polarity, dashes and width by evidence.

    >>> s = edge_style(-1, "article", 1)
    >>> s["color"]["color"], s["dashes"], s["width"]
    ('#1F77B4', True, 1.5)
    """
    return copy.deepcopy(_edge_style(polarity, evidence, evidence_rank))


@cache
def _edge_style(polarity: int | None, evidence: str | None, evidence_rank: int | None) -> dict[str, Any]:
    """:func:`edge_style`, computed once per distinct argument; the page shares these (read-only) dicts."""
    colour = POLARITY_COLOURS.get(polarity if polarity in POLARITY_COLOURS else 0, POLARITY_COLOURS[0])
    return {
        "color": {"color": colour, "highlight": colour, "hover": colour, "opacity": 0.9},
        "dashes": EVIDENCE_DASHES.get(evidence or "", True),  # unknown or missing evidence reads as weak
        "width": EVIDENCE_WIDTH.get(evidence_rank if evidence_rank is not None else -1, 1.0),
    }


def legend(G: nx.Graph, evidence_labels: Mapping[str, str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """The legend entries of a graph: the categories it draws (in schema order), polarities, evidence levels."""
    counts = Counter(d.get("category") for _, d in G.nodes(data=True))
    known = [c for c in CATEGORY_STYLE if c in counts]
    extra = sorted((c for c in counts if c not in CATEGORY_STYLE), key=lambda c: (c is None, c or ""))
    categories = []
    for cat in known + extra:
        style = category_style(cat)
        categories.append(
            {
                "name": cat or "",
                "label": category_label(cat or ""),
                "color": style["color"],
                "shape": style["shape"],
                "glyph": SHAPE_GLYPHS.get(style["shape"], SHAPE_GLYPHS["dot"]),
                "count": counts[cat],
            }
        )
    polarity = [{"polarity": p, "label": POLARITY_LABELS[p], "color": POLARITY_COLOURS[p]} for p in (1, -1, 0)]
    ranks = {}
    for *_, d in _edges(G):
        if d.get("evidence"):
            ranks[d["evidence"]] = d.get("evidence_rank", -1)
    labels = dict(evidence_labels or {})
    evidence = [
        {
            "name": name,
            "rank": rank,
            "label": labels.get(name, name),
            "dashes": EVIDENCE_DASHES.get(name, True),
            "width": EVIDENCE_WIDTH.get(rank, 1.0),
        }
        for name, rank in sorted(ranks.items(), key=lambda kv: -kv[1])
    ]
    return {"categories": categories, "polarity": polarity, "evidence": evidence}


def _darken(colour: str, amount: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(*(round(c * (1 - amount)) for c in (r, g, b)))


def _lighten(colour: str, amount: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(*(round(c + (255 - c) * amount) for c in (r, g, b)))


# --------------------------------------------------------------------------- escaping


def embed_json(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: ``<``, ``>``, ``&`` and ``/`` are escaped.

    Escaping ``/`` (valid JSON) also keeps any IRI in the data from appearing as a literal ``http://``.

    >>> embed_json({"label": "</script><b>"})
    '{"label":"\\\\u003c\\\\/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e").replace("/", "\\/")


def _escape(text: str) -> str:
    """HTML-escape text for an element or attribute; ``/`` too, so no literal URL survives."""
    return html.escape(text, quote=True).replace("/", "&#47;")


# --------------------------------------------------------------------------- page data


def _edges(G: nx.Graph) -> Iterable[tuple[str, str, Any, dict[str, Any]]]:
    if G.is_multigraph():
        yield from G.edges(keys=True, data=True)
    else:
        for u, v, d in G.edges(data=True):
            yield u, v, d.get("relation"), d


def _evidence_labels(kb: Any) -> dict[str, str]:
    return {name: level.label for name, level in kb.evidence_levels.items()} if kb is not None else {}


def _source_labels(kb: Any) -> dict[str, str]:
    """Citation key -> readable citation (DOI or PMID as plain text, never as a link)."""
    if kb is None:
        return {}
    out = {}
    for src in kb.sources.values():
        text = src.label or src.key
        if src.doi:
            text += f" (doi:{src.doi})"
        elif src.pmid:
            text += f" (PMID {src.pmid})"
        out[src.key] = text
    return out


def _layout(G: nx.Graph, scale: float | None = None) -> dict[Any, tuple[float, float]]:
    """A deterministic layout in screen pixels (used as the start, or the end, of the drawing).

    Up to :data:`LARGE_GRAPH` concepts networkx's spring layout; above, :func:`_force_layout`, whose
    cost grows linearly with the graph (networkx's is quadratic: 3.6 s for 1 000 concepts).
    """
    n = G.number_of_nodes()
    if n == 0:
        return {}
    simple = nx.Graph()
    simple.add_nodes_from(G)
    simple.add_edges_from((u, v) for u, v, *_ in G.edges if u != v)
    scale = scale or 75.0 * math.sqrt(n)
    if n <= LARGE_GRAPH:
        pos = nx.spring_layout(simple, seed=7, iterations=50)
        return {node: (float(x) * scale, float(y) * scale) for node, (x, y) in pos.items()}
    index = {node: i for i, node in enumerate(simple)}
    ends = [(index[u], index[v]) for u, v in simple.edges]
    xy = nx.rescale_layout(_force_layout(n, ends), scale=scale)
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(simple, xy.tolist(), strict=True)}


#: Pull of every concept towards the centre in :func:`_force_layout` (keeps unlinked ones near the rest).
_LAYOUT_GRAVITY = 3.0
#: Spring strength along edges in :func:`_force_layout`, relative to the repulsion between concepts.
_LAYOUT_SPRING = 5.0


def _force_layout(n: int, ends: Sequence[tuple[int, int]], *, iterations: int = 80, seed: int = 7) -> Any:
    """Fruchterman–Reingold positions (an ``n`` × 2 array) in O(n) per iteration, deterministic for a seed.

    Repulsion between all concepts is computed on a 128 × 128 grid by FFT convolution (particle-mesh),
    plus exact repulsion between concepts sharing a cell; springs pull along the edges ``ends``.
    """
    import numpy as np

    grid = 128
    rng = np.random.default_rng(seed)
    side = math.sqrt(n)  # ideal distance between neighbours: 1
    pos = rng.uniform(-side / 2, side / 2, (n, 2))
    src, dst = (np.asarray(col, dtype=np.intp) for col in zip(*ends, strict=True)) if ends else (None, None)
    temp = side / 3
    cooling = (0.05 / temp) ** (1 / iterations) if temp > 0.05 else 1.0
    # the push of one concept on a cell (dx, dy) cells away, softened so neighbouring cells stay finite;
    # in cell units, so one transform serves every iteration (the field scales with 1 / cell width)
    offsets = np.fft.fftfreq(2 * grid, 1 / (2 * grid))  # cell offsets in circular (FFT) order
    dx, dy = np.meshgrid(offsets, offsets, indexing="ij")
    kernels = [np.fft.rfft2(d / (dx**2 + dy**2 + 1.0)) for d in (dx, dy)]
    for _ in range(iterations):
        disp = np.zeros((n, 2))
        low, high = np.percentile(pos, [1, 99], axis=0)  # a far-flung concept does not stretch the grid
        h = max(float((high - low).max()) / grid * 1.0001, 1e-6)  # cell width
        cell = np.clip(((pos - low) / h).astype(np.intp), 0, grid - 1)
        flat = cell[:, 0] * grid + cell[:, 1]
        counts = np.bincount(flat, minlength=grid * grid)
        mass = np.fft.rfft2(counts.reshape(grid, grid), (2 * grid, 2 * grid))
        for axis, kernel in enumerate(kernels):
            field = np.fft.irfft2(mass * kernel, (2 * grid, 2 * grid))[:grid, :grid]
            disp[:, axis] += field.ravel()[flat] / h
        i, j = _same_cell_pairs(flat, counts)
        if len(i):
            delta = pos[i] - pos[j]
            push = delta / np.maximum((delta**2).sum(1), 1e-4)[:, None]
            for axis in (0, 1):
                disp[:, axis] += np.bincount(i, push[:, axis], n) - np.bincount(j, push[:, axis], n)
        if src is not None and dst is not None:
            delta = pos[src] - pos[dst]
            pull = _LAYOUT_SPRING * delta * np.sqrt((delta**2).sum(1))[:, None]
            for axis in (0, 1):
                disp[:, axis] += np.bincount(dst, pull[:, axis], n) - np.bincount(src, pull[:, axis], n)
        disp -= _LAYOUT_GRAVITY * pos
        length = np.maximum(np.sqrt((disp**2).sum(1)), 1e-9)
        pos += disp * (np.minimum(length, temp) / length)[:, None]
        temp *= cooling
    return pos


def _same_cell_pairs(flat: Any, counts: Any) -> tuple[Any, Any]:
    """Index arrays ``i``, ``j`` of every pair of concepts in the same grid cell (``flat``: cell per concept)."""
    import numpy as np

    order = np.argsort(flat, kind="stable")
    rank = np.arange(len(flat))
    after = np.cumsum(counts)[flat[order]] - rank - 1  # later members of the same cell, per sorted position
    first = np.repeat(rank, after)
    step = np.arange(len(first)) - np.repeat(np.cumsum(after) - after, after)
    return order[first], order[first + 1 + step]


def _chain_layout(chains: Sequence[Any]) -> dict[str, tuple[float, float]]:
    """Left-to-right positions for the nodes of causal chains: column = step, rows spread the chains."""
    D = nx.DiGraph()
    for chain in chains:
        nx.add_path(D, list(chain.nodes))
    first = chains[0].nodes[0]
    if nx.is_directed_acyclic_graph(D):
        level: dict[str, int] = {}
        for node in nx.topological_sort(D):
            level[node] = max((level[p] + 1 for p in D.predecessors(node)), default=0)
        last = chains[0].nodes[-1]
        level[last] = max(level.values())  # the symptom (target) is always the rightmost column
    else:  # a cycle through the union of chains: use the earliest position of each node
        level = {}
        for chain in chains:
            for i, node in enumerate(chain.nodes):
                level[node] = min(level.get(node, i), i)
        level[first] = 0
    columns: dict[int, list[str]] = defaultdict(list)
    for chain in chains:
        for node in chain.nodes:
            if node not in columns[level[node]]:
                columns[level[node]].append(node)
    pos = {}
    for col, members in columns.items():
        for row, node in enumerate(members):
            pos[node] = (col * 250.0, (row - (len(members) - 1) / 2) * 150.0)
    return pos


def _effect_word(effect: Any) -> str:
    if isinstance(effect, bool) or effect is None:
        return str(effect)
    if isinstance(effect, int | float):
        return NET_EFFECT_WORDS.get(int(math.copysign(1, effect)) if effect else 0, str(effect))
    return str(effect)


def _evidence_word(evidence: Any, labels: Mapping[str, str]) -> str:
    name = getattr(evidence, "evidence", evidence)  # a Step or an evidence name
    return labels.get(str(name), str(name)) if name is not None else "unknown"


def chain_summary(chain: Any, evidence_labels: Mapping[str, str] | None = None) -> str:
    """``net effect: increases; weakest link: animal or in-vitro evidence`` for a ``paths.Chain``."""
    labels = evidence_labels or {}
    return (
        f"net effect: {_effect_word(chain.net_effect)}; weakest link: {_evidence_word(chain.weakest_evidence, labels)}"
    )


def _page_data(
    G: nx.Graph,
    *,
    kind: str,
    focus: str | None,
    chains: Sequence[Any],
    physics: bool | None,
    kb: Any,
) -> dict[str, Any]:
    """Everything the page's script needs: vis nodes and edges, options, legend, chains."""
    from pyvis.network import Network

    n = G.number_of_nodes()
    ev_labels = _evidence_labels(kb)
    src_labels = _source_labels(kb)
    if kind == "path" and chains:
        positions = _chain_layout(chains)
        use_physics = bool(physics)
    else:
        use_physics = n <= LARGE_GRAPH if physics is None else bool(physics)
        positions = _layout(G)
    emphasised = {focus} if focus else set()
    if kind == "path" and chains:
        emphasised |= {chains[0].nodes[0], chains[0].nodes[-1]}

    degree = dict(G.degree())
    nodes = []
    for node, d in G.nodes(data=True):
        record = {
            "id": node,
            "label": str(d.get("label") or node),
            "category": d.get("category") or "",
            "category_label": category_label(d.get("category") or ""),
            "definition": d.get("definition") or "",
            "synonyms": [str(s) for s in d.get("synonyms") or ()],
            "mappings": [str(m) for m in d.get("mappings") or ()],
            "contested": bool(d.get("contested")),
            "emphasis": node in emphasised,
            **_node_style(d.get("category"), degree.get(node, 0), node in emphasised, bool(d.get("contested"))),
        }
        if node in positions:
            record["x"], record["y"] = positions[node]
        nodes.append(record)

    step_numbers: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for chain in chains:
        for i, step in enumerate(chain.steps, start=1):
            numbers = step_numbers[(step.source, step.target, step.relation)]
            if i not in numbers:
                numbers.append(i)
    pair_count: Counter[Any] = Counter()
    edges = []
    for u, v, key, d in _edges(G):
        pair = frozenset((u, v))
        k = pair_count[pair]
        pair_count[pair] += 1
        short = str(d.get("short_label") or d.get("relation_label") or key or "")
        numbers = step_numbers.get((u, v, key), [])
        label = f"{', '.join(map(str, numbers))}. {short}" if numbers else short
        evidence = d.get("evidence")
        record = {
            "id": f"{u}|{key}|{v}",
            "from": u,
            "to": v,
            "label": label,
            "arrows": "to",
            "relation": str(key or ""),
            "relation_label": str(d.get("relation_label") or key or ""),
            "polarity": d.get("polarity", 0),
            "causal": bool(d.get("causal")),
            "evidence": evidence or "",
            "evidence_rank": d.get("evidence_rank", -1) if d.get("evidence_rank") is not None else -1,
            "evidence_label": ev_labels.get(evidence or "", evidence or "not graded"),
            "sources": [src_labels.get(s, str(s)) for s in d.get("sources") or ()],
            "note": d.get("note") or "",
            "steps": numbers,
            "font": _STEP_FONT if numbers else _EDGE_FONT,
            **_edge_style(d.get("polarity"), evidence, d.get("evidence_rank")),
        }
        if k:  # a second edge between the same two concepts: curve it so both stay visible
            record["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.2 * k}
        edges.append(record)

    # pyvis assembles the vis-network options; nodes and edges are handed over as whole lists
    # (pyvis's add_node checks a list of ids per call, which is quadratic on large graphs).
    net = Network(directed=True, height="100%", width="100%")
    net.nodes, net.edges = nodes, edges
    net.node_ids = [r["id"] for r in nodes]
    net.node_map = {r["id"]: r for r in nodes}
    net.barnes_hut(
        gravity=-12000, central_gravity=0.2, spring_length=170, spring_strength=0.03, damping=0.4, overlap=0.4
    )
    net.toggle_physics(use_physics)
    net.options.physics.stabilization.iterations = STABILIZATION_ITERATIONS
    net.options.physics.stabilization.updateInterval = 25
    net.set_edge_smooth("continuous")
    net.options.edges.inherit_colors(False)
    nodes, edges, _, _, _, options_json = net.get_network_data()
    options = json.loads(options_json)
    options["physics"]["minVelocity"] = 0.75
    options["interaction"].update(hover=True, tooltipDelay=150, navigationButtons=False, keyboard=False)
    options["interaction"]["hideEdgesOnDrag"] = n > LARGE_GRAPH
    if n > LARGE_GRAPH:  # straight edges: vis-network recomputes every curve on every frame
        options["edges"]["smooth"] = {"enabled": False}
    options["layout"] = {"improvedLayout": n <= 100 and not positions}

    chain_rows = []
    labels = {node: str(d.get("label") or node) for node, d in G.nodes(data=True)}
    for chain in chains:
        chain_rows.append(
            {
                "summary": chain_summary(chain, ev_labels),
                "nodes": [labels.get(x, x) for x in chain.nodes],
                "steps": [
                    {
                        "edge": f"{s.source}|{s.relation}|{s.target}",
                        "text": f"{labels.get(s.source, s.source)} {s.relation_label} {labels.get(s.target, s.target)}",
                        "evidence": ev_labels.get(s.evidence or "", s.evidence or "not graded"),
                    }
                    for s in chain.steps
                ],
            }
        )
    return {
        "kind": kind,
        "focus": focus,
        "physics": use_physics,
        "large": n > LARGE_GRAPH,
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "legend": legend(G, ev_labels),
        "chains": chain_rows,
    }


# --------------------------------------------------------------------------- assets and page


@cache
def _asset(package: str, name: str) -> str:
    return (resources.files(package) / name).read_text(encoding="utf-8")


def _inline_script(js: str) -> str:
    """Make JavaScript safe and reference-free inside ``<script>``.

    ``</script`` becomes ``<\\/script`` and ``://`` becomes ``:\\/\\/``; in vis-network both occur
    only inside strings and comments, where ``\\/`` reads as ``/``, so the code is unchanged while
    the page holds no ``</script`` and no literal ``http://`` (an SVG namespace, licence and error texts).
    """
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE).replace("://", ":\\/\\/")


def _vis_assets() -> tuple[str, str]:
    """The vis-network script and stylesheet shipped inside the pyvis wheel (inlined, never fetched)."""
    base = f"lib/vis-{VIS_VERSION}"
    try:
        js = _asset("pyvis", f"{base}/vis-network.min.js")
        css = _asset("pyvis", f"{base}/vis-network.css")
    except (FileNotFoundError, ModuleNotFoundError) as exc:  # pragma: no cover - broken installation
        raise GutJointError(f"pyvis does not ship vis-network {VIS_VERSION} ({exc}); reinstall pyvis>=0.3.2") from exc
    if "</style" in css.lower() or "://" in css:
        raise GutJointError("the vis-network stylesheet in pyvis cannot be inlined safely")
    return _inline_script(js), css


def _as_view(view_or_graph: Any) -> tuple[nx.Graph, str, str | None, list[Any], str]:
    if isinstance(view_or_graph, nx.Graph):
        return view_or_graph, "whole", None, [], _default_title(None)
    graph = getattr(view_or_graph, "graph", None)
    if not isinstance(graph, nx.Graph):
        raise TypeError(f"expected a views.View or a networkx graph, not {type(view_or_graph).__name__}")
    return (
        graph,
        getattr(view_or_graph, "kind", "whole") or "whole",
        getattr(view_or_graph, "focus", None),
        list(getattr(view_or_graph, "chains", None) or []),
        _default_title(getattr(view_or_graph, "title", None)),
    )


def _default_title(title: str | None) -> str:
    return title if title and title != "gutjoint-kg" else "gutjoint-kg explorer: the gut-joint axis knowledge graph"


def to_html(
    view_or_graph: Any,
    path: str | os.PathLike[str] | None = None,
    *,
    title: str | None = None,
    physics: bool | None = None,
    kb: Any = None,
) -> str:
    """Render a view (or a networkx graph from :func:`gutjoint_kg.to_networkx`) as one offline HTML page.

    ``physics`` None lets vis-network settle graphs up to :data:`LARGE_GRAPH` concepts (bounded, then
    frozen) and lays larger ones out in Python; ``kb`` adds readable evidence and source labels.
    With ``path`` the page is also written there atomically. The caller's graph is never modified.
    """
    G, kind, focus, chains, default_title = _as_view(view_or_graph)
    if G.number_of_nodes() == 0:
        raise GutJointError("nothing to draw: the selection holds no concept (relax --category or --min-evidence)")
    evidence_labels = _evidence_labels(kb)
    subtitle = ""
    if kind == "path" and chains:
        summary = chain_summary(chains[0], evidence_labels)
        default_title = f"{default_title} ({summary})"
        plural = f"{len(chains)} chains, best first" if len(chains) > 1 else "1 chain"
        subtitle = f"{plural}; steps are numbered along each chain" + (f"; best chain: {summary}" if title else "")
    page_title = title or default_title
    data = _page_data(G, kind=kind, focus=focus, chains=chains, physics=physics, kb=kb)
    vis_js, vis_css = _vis_assets()
    values = {
        "TITLE": _escape(page_title),
        "SUBTITLE": _escape(subtitle),
        "DISCLAIMER": _escape(DISCLAIMER),
        "VIS_CSS": vis_css,
        "APP_CSS": _asset("gutjoint_kg", "templates/explorer.css"),
        "VIS_JS": vis_js,
        "APP_JS": _inline_script(_asset("gutjoint_kg", "templates/explorer.js")),
        "DATA": embed_json(data),
    }
    # one pass over the template only: inserted values are never scanned for placeholders again
    page = re.sub(r"@@([A-Z_]+)@@", lambda m: values[m.group(1)], _asset("gutjoint_kg", "templates/explorer.html"))
    if path is not None:
        write_page(path, page)
    return page


def write_page(path: str | os.PathLike[str], page: str) -> Path:
    """Write ``page`` to ``path`` atomically (temp file in the target directory, then ``os.replace``).

    An existing file is replaced whole; a missing or unwritable directory raises :class:`GutJointError`.
    """
    from .atomic import write_atomic

    return write_atomic(path, page, force=True)


def show_inline(view_or_graph: Any, *, height: int = 650, **kwargs: Any) -> Any:
    """The explorer page inline in Jupyter: an ``IPython.display.HTML`` holding a sandboxed ``<iframe srcdoc>``."""
    from IPython.display import HTML

    page = to_html(view_or_graph, **kwargs)
    # wrapped in a <div>: IPython warns about a bare <iframe> (it suggests IFrame, which needs a URL)
    return HTML(  # type: ignore[no-untyped-call]
        f'<div class="gutjoint-kg-explorer"><iframe srcdoc="{html.escape(page, quote=True)}" '
        f'sandbox="allow-scripts" style="width: 100%; height: {int(height)}px; border: 1px solid #ddd;">'
        "</iframe></div>"
    )
