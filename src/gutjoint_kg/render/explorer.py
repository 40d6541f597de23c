"""The interactive explorer: one self-contained, offline HTML page of a view of the graph.

Our template inlines pyvis's vis-network script and stylesheet (pyvis's own ``in_line`` still links a CDN). Data
texts travel as escaped JSON shown with ``textContent`` (never ``innerHTML``), so a hostile label is shown, not run."""

from __future__ import annotations

import copy
import html
import json
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from ..errors import GutJointError
from ..paths import LEVEL_RANKS, causal_paths, is_chain_end, is_claim, step_cost
from ..vocab import DISCLAIMER
from .layout import (
    CHAR_EM,
    LABEL_INSIDE,
    LINE_EM,
    STAGES,
    Box,
    layered_layout,
    node_box,
    route_edges,
    stage_of,
    untangle,
)
from .style import CATEGORY_STYLE, POLARITY_COLOURS, category_style, evidence_stroke, hex_to_rgb

__all__ = [
    "LARGE_GRAPH",
    "chain_model",
    "edge_id",
    "edge_style",
    "embed_json",
    "legend",
    "node_style",
    "overview_nodes",
    "show_inline",
    "to_html",
    "write_page",
]

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
    border = _mix(colour, 0, 0.35)
    out: dict[str, Any] = {
        "shape": shape,
        "color": {
            "background": colour,
            "border": border,
            "highlight": {"background": _mix(colour, 255, 0.35), "border": "#000000"},
            "hover": {"background": _mix(colour, 255, 0.2), "border": border},
        },
        "borderWidth": 4 if emphasis else 1.5,
        "size": round(12 + min(8.0, 2.0 * math.sqrt(degree)) + (4 if emphasis else 0), 1),
        "font": {"size": 20 if emphasis else 18, "color": "#222222", "face": "sans-serif"},
        "widthConstraint": {"maximum": 120},
    }
    if shape not in LABEL_INSIDE:
        out["font"].update(strokeWidth=3, strokeColor="#ffffff")
    if contested:
        out["shapeProperties"] = {"borderDashes": [5, 4]}
        out["borderWidth"] = max(out["borderWidth"], 2.5)
    return out


def edge_style(polarity: int | None, evidence: str | None, evidence_rank: int | None = None) -> dict[str, Any]:
    """vis.js colour, dash pattern, width and opacity of a link: colour by polarity, the rest by evidence.

    >>> s = edge_style(-1, "article", 0)
    >>> s["color"]["color"], s["dashes"], s["width"]
    ('#1F77B4', [2, 6], 2.2)
    """
    return copy.deepcopy(_edge_style(polarity, evidence, evidence_rank))


@cache
def _edge_style(polarity: int | None, evidence: str | None, evidence_rank: int | None) -> dict[str, Any]:
    """:func:`edge_style`, computed once per distinct argument; the page shares these (read-only) dicts."""
    colour = POLARITY_COLOURS.get(polarity if polarity in POLARITY_COLOURS else 0, POLARITY_COLOURS[0])
    stroke = evidence_stroke(evidence)  # unknown or missing evidence reads as the weakest
    return {
        "color": {"color": colour, "highlight": _mix(colour, 0, 0.3), "hover": colour, "opacity": stroke["opacity"]},
        "dashes": copy.copy(stroke["dashes"]),
        "width": stroke["width"],
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
    ranks: dict[str, int] = {}
    words: dict[str, set[str]] = defaultdict(set)
    for *_, d in _edges(G):
        if d.get("evidence"):
            ranks[d["evidence"]] = d.get("evidence_rank", -1)
        short = str(d.get("short_label") or d.get("relation_label") or d.get("relation") or "")
        words[short].add(str(d.get("verb_phrase") or d.get("relation_label") or short))
    labels = dict(evidence_labels or {})
    for name in labels:  # every level of the KB, drawn or not, so the legend always explains all five
        ranks.setdefault(name, LEVEL_RANKS.get(name, -1))
    evidence = [
        {"name": name, "rank": rank, "label": labels.get(name, name), **evidence_stroke(name)}
        for name, rank in sorted(ranks.items(), key=lambda kv: -kv[1])
    ]
    relations = [
        {"label": short, "meaning": " / ".join(sorted(words[short]))} for short in sorted(words, key=str.lower)
    ]
    return {"categories": categories, "polarity": polarity, "evidence": evidence, "relations": relations}


def _mix(colour: str, towards: int, amount: float) -> str:
    """``colour`` moved ``amount`` of the way to black (``towards`` 0) or white (255)."""
    return "#{:02X}{:02X}{:02X}".format(*(round(c + (towards - c) * amount) for c in hex_to_rgb(colour)))


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
    Up to :data:`LARGE_GRAPH` concepts networkx's spring layout (quadratic); above, the linear :func:`_force_layout`."""
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
    Repulsion via FFT convolution on a 128 × 128 grid, exact within a cell; springs pull along the edges ``ends``."""
    import numpy as np

    grid = 128
    rng = np.random.default_rng(seed)
    side = math.sqrt(n)  # ideal distance between neighbours: 1
    pos = rng.uniform(-side / 2, side / 2, (n, 2))
    src: Any
    dst: Any
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
        if src is not None:
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


# --------------------------------------------------------------------------- chains and claims


def chain_model() -> tuple[Callable[[int], float], Callable[[dict[str, Any]], bool]]:
    """The page's link to the CLI's chain ranking: ``(paths.step_cost, paths.is_claim)``.
    The page runs Yen's k-shortest paths over embedded ``step_cost`` costs, ranking chains as ``gutjoint-kg paths``."""
    return step_cost, is_claim


def claim_layer(
    G: nx.MultiDiGraph, kb: Any, *, check: bool = True
) -> tuple[nx.MultiDiGraph, dict[str, tuple[str, str]]]:
    """The graph with the article's claims as edges, and each claim's verdict and reason (``check=False`` skips them).
    Without a ``kb`` (a bare networkx graph) the graph is returned as it is and no verdict is known."""
    from .. import claims as checker

    if kb is None:
        return G, {}
    H = checker.with_claims(G, kb)
    if not check:
        return H, {}
    present = [c for c in checker.claims(kb) if c.subject in G and c.object in G]
    out: dict[str, tuple[str, str]] = {}
    for verdict in checker.check_claims(G, present):
        if verdict.claim is not None:
            out[str(verdict.claim.curie)] = (str(verdict.verdict), str(verdict.reason(G)))
    return H, out


# --------------------------------------------------------------------------- overview


#: At most this many concepts on the overview (the article's storyline) of the default page.
OVERVIEW_SIZE = 22
#: Chains from this many triggers (the most connected ones) make the storyline.
OVERVIEW_TRIGGERS = 5


def overview_nodes(G: nx.MultiDiGraph, stage: Mapping[str, int]) -> list[str]:
    """The concepts the default page opens on: the best chain from each main trigger to the main symptom.
    Those are the most connected concepts of the first and last stage; topped up so every stage shows."""
    degree = dict(G.degree())

    def top(stage_index: int, category: str | None = None) -> list[str]:
        members = [
            n for n in G if stage[n] == stage_index and (category is None or G.nodes[n].get("category") == category)
        ]
        return sorted(members, key=lambda n: (-degree[n], n))

    chosen: list[str] = []
    targets = top(len(STAGES) - 1, "Symptom")[:1] or top(len(STAGES) - 1)[:1]
    if G.number_of_nodes() <= LARGE_GRAPH and targets:
        found = 0
        for trigger in top(0, "Trigger") or top(0):
            if found >= OVERVIEW_TRIGGERS or len(chosen) >= OVERVIEW_SIZE:
                break
            try:
                chains = causal_paths(G, trigger, targets[0], limit=1)
            except GutJointError:
                continue
            found += 1
            for node in chains[0].nodes:
                if node not in chosen and len(chosen) < OVERVIEW_SIZE:
                    chosen.append(node)
    for stage_index in range(len(STAGES)):
        if len(chosen) >= OVERVIEW_SIZE:
            break
        if not any(stage[n] == stage_index for n in chosen):
            chosen += top(stage_index)[:2]
    return chosen[:OVERVIEW_SIZE] if chosen else sorted(G, key=lambda n: (-degree[n], n))[:OVERVIEW_SIZE]


# --------------------------------------------------------------------------- page data


def chain_summary(chain: Any, evidence_labels: Mapping[str, str] | None = None) -> str:
    """``net effect: increases; weakest link: animal or in-vitro evidence`` for a ``paths.Chain``."""
    labels = evidence_labels or {}
    weakest = getattr(chain, "weakest_evidence", None)
    word = labels.get(str(weakest), str(weakest)) if weakest is not None else "unknown"
    return f"net effect: {chain.net_effect}; weakest link: {word}"


def edge_id(source: str, relation: str, target: str) -> str:
    """The page's id of a link (also its URL and test handle)."""
    return f"{source}|{relation}|{target}"


def _link_id(u: str, relation: str, v: str, d: Mapping[str, Any], is_claim: Callable[[Any], bool]) -> str:
    """A link's page id: :func:`edge_id`, or a claim's own CURIE (a claim may share its ends and relation
    with a mechanism statement)."""
    statement = str(d.get("statement") or "")
    if is_claim(d) and statement.startswith("gjc:"):
        return statement
    return edge_id(u, relation, v)


def _page_data(
    G: nx.Graph,
    *,
    kind: str,
    focus: str | None,
    chains: Sequence[Any],
    physics: bool | None,
    kb: Any,
    title: str,
) -> dict[str, Any]:
    """Everything the page's script needs: concepts with positions, routed links with costs, legend, chains."""
    n = G.number_of_nodes()
    large = n > LARGE_GRAPH
    G, verdicts = claim_layer(G, kb, check=not large)
    ev_labels = _evidence_labels(kb)
    src_labels = _source_labels(kb)
    labels = {node: str(d.get("label") or node) for node, d in G.nodes(data=True)}
    stage = {node: stage_of(d.get("category"), labels[node]) for node, d in G.nodes(data=True)}
    emphasised = {focus} if focus else set()
    if kind == "path" and chains:
        emphasised |= {chains[0].nodes[0], chains[0].nodes[-1]}
    if kind == "whole" and not large:  # a graph beyond LARGE_GRAPH opens whole (no storyline search)
        overview = overview_nodes(G, stage)
    else:
        overview = list(G)
    in_overview = set(overview)

    degree = dict(G.degree())
    styles = {
        node: _node_style(d.get("category"), degree.get(node, 0), node in emphasised, bool(d.get("contested")))
        for node, d in G.nodes(data=True)
    }
    boxes = {
        node: node_box(st["shape"], st["size"], labels[node], st["font"]["size"], st["widthConstraint"]["maximum"])
        for node, st in styles.items()
    }
    edge_list = list(_edges(G))
    ids = [(_link_id(u, str(d.get("relation") or key or ""), v, d, is_claim), u, v) for u, v, key, d in edge_list]
    # the links drawn together on the first view (the overview leaves claims out)
    first_view = {
        eid
        for (eid, u, v), (*_, d) in zip(ids, edge_list, strict=True)
        if u in in_overview and v in in_overview and not (kind == "whole" and is_claim(d))
    }
    if large:
        positions = _layout(G)
    else:
        positions = untangle(list(G), ids, stage, boxes, overview=overview, shown=first_view)

    nodes = []
    for node, d in G.nodes(data=True):
        record = {
            "id": node,
            "label": labels[node],
            "category": d.get("category") or "",
            "category_label": category_label(d.get("category") or ""),
            "definition": d.get("definition") or "",
            "synonyms": [str(s) for s in d.get("synonyms") or ()],
            "mappings": [str(m) for m in d.get("mappings") or ()],
            "contested": bool(d.get("contested")),
            "emphasis": node in emphasised,
            "overview": node in in_overview,
            "stage": stage[node],
            **styles[node],
        }
        if node in positions:
            record["x"], record["y"] = positions[node]
        nodes.append(record)

    records = []
    for u, v, key, d in edge_list:
        relation = str(d.get("relation") or key or "")
        rank = d.get("evidence_rank")
        rank = int(rank) if rank is not None else -1
        evidence = d.get("evidence") or ""
        claim = bool(is_claim(d))
        end = is_chain_end(d)
        cost = step_cost(rank) if (d.get("causal") or end) and not claim else None
        records.append(
            {
                "id": _link_id(u, relation, v, d, is_claim),
                "from": u,
                "to": v,
                "label": str(d.get("short_label") or d.get("relation_label") or relation),
                "arrows": "to",
                "relation": relation,
                "relation_label": str(d.get("relation_label") or relation),
                "verb": str(d.get("verb_phrase") or d.get("relation_label") or relation),
                "polarity": d.get("polarity", 0) or 0,
                "causal": bool(d.get("causal")),
                "claim": claim,
                "chain_end": end,
                "cost": round(cost, 6) if cost is not None else None,
                "claim_cost": round(step_cost(rank), 6) if claim and d.get("causal") else None,
                "evidence": evidence,
                "evidence_rank": rank,
                "evidence_label": ev_labels.get(evidence, evidence or "not graded"),
                "sources": [src_labels.get(s, str(s)) for s in d.get("sources") or ()],
                "note": d.get("note") or "",
                "statement": str(d.get("statement") or ""),
                "verdict": verdicts.get(str(d.get("statement") or ""), ("", ""))[0],
                "verdict_reason": verdicts.get(str(d.get("statement") or ""), ("", ""))[1],
                "font": _EDGE_FONT,
                **_edge_style(d.get("polarity"), evidence or None, rank),
            }
        )
    if not large:
        sizes = {r["id"]: _edge_label_size(r["label"]) for r in records}
        overview_edges = first_view
        routes = route_edges(
            positions,
            boxes,
            [(r["id"], r["from"], r["to"]) for r in records],
            sizes,
            label_groups=[overview_edges],
            priority=in_overview,
        )
        for r in records:
            route = routes.get(r["id"])
            r["smooth"] = route.smooth if route and route.smooth else {"enabled": False}
            if route and route.hits:
                r["crosses"] = list(route.hits)
            if route and not route.label_clear and r["id"] in overview_edges:
                r["label_hidden"] = True  # its label would cover another; the tooltip and panel still say it
    else:
        for r in records:
            r["smooth"] = {"enabled": False}
    focus_views = _focus_views(G, records, stage, boxes) if kind == "whole" and not large else {}

    options: dict[str, Any] = {
        "autoResize": True,
        "physics": {
            "enabled": bool(physics),
            "stabilization": {"enabled": True, "iterations": STABILIZATION_ITERATIONS, "updateInterval": 25},
            "barnesHut": {"gravitationalConstant": -12000, "springLength": 170, "springConstant": 0.03, "damping": 0.4},
            "minVelocity": 0.75,
        },
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.7}},
            "selectionWidth": 2,
            "hoverWidth": 1,
            "smooth": {"enabled": False},  # straight unless the route says otherwise
            "labelHighlightBold": False,
        },
        # a selected concept's label is not set bold: it would grow over its neighbours' labels
        "nodes": {
            "labelHighlightBold": False,
            "scaling": {"label": {"enabled": False, "drawThreshold": LABEL_DRAW_THRESHOLD}},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "navigationButtons": False,
            "keyboard": False,
            "hideEdgesOnDrag": large,
            "multiselect": False,
        },
    }
    chain_rows = [
        {
            "nodes": list(chain.nodes),
            "steps": [edge_id(s.source, s.relation, s.target) for s in chain.steps],
            "summary": chain_summary(chain, ev_labels),
        }
        for chain in chains
    ]
    return {
        "kind": kind,
        "title": title,
        "focus": focus,
        "physics": bool(physics),
        "large": large,
        "stages": [{"name": name, "description": text} for name, text in STAGES],
        "nodes": nodes,
        "edges": records,
        "options": options,
        "legend": legend(G, ev_labels),
        "chains": chain_rows,
        "ranking": {"claim_cost": round(step_cost(0), 6)},
        "labelThreshold": LABEL_DRAW_THRESHOLD,
        "focusViews": focus_views,
    }


def _focus_views(
    G: nx.Graph, records: Sequence[Mapping[str, Any]], stage: Mapping[str, int], boxes: Mapping[str, Box]
) -> dict[str, dict[str, Any]]:
    """For each concept, a compact layered layout of it and its direct neighbours, with routed links.
    Used for ``#focus=CONCEPT`` and search results, so a neighbourhood is drawn as readably as the overview."""
    near: dict[str, set[str]] = defaultdict(set)
    for r in records:
        near[r["from"]].add(r["to"])
        near[r["to"]].add(r["from"])
    labels = {r["id"]: str(r["label"]) for r in records}
    out: dict[str, dict[str, Any]] = {}
    for node in G:
        members = sorted(near[node] | {node})
        inside = set(members)
        links = [(r["id"], r["from"], r["to"]) for r in records if r["from"] in inside and r["to"] in inside]
        pos = layered_layout(members, [(u, v) for _, u, v in links], stage, boxes, overview=members)
        sizes = {eid: _edge_label_size(labels[eid]) for eid, _, _ in links}
        routes = route_edges(pos, boxes, links, sizes, label_groups=[set(sizes)], priority=inside)
        out[node] = {
            "pos": {n: list(p) for n, p in pos.items()},
            "smooth": {eid: route.smooth or {"enabled": False} for eid, route in routes.items()},
            "noLabel": sorted(eid for eid, route in routes.items() if not route.label_clear),
        }
    return out


#: Labels whose on-screen font would be smaller than this many pixels are not drawn (hover still shows them).
LABEL_DRAW_THRESHOLD = 11


def _edge_label_size(text: str) -> tuple[float, float]:
    """Estimated size of an edge label in the page's edge font."""
    size = float(_EDGE_FONT["size"])  # type: ignore[arg-type]
    return len(text) * CHAR_EM * size * 1.1 + 12, LINE_EM * size + 8  # rounded up: a clash costs more than room


# --------------------------------------------------------------------------- assets and page


@cache
def _asset(package: str, name: str) -> str:
    return (resources.files(package) / name).read_text(encoding="utf-8")


def _inline_script(js: str) -> str:
    """Make JavaScript safe and reference-free inside ``<script>``: ``</script`` and ``://`` get ``\\/`` escapes.
    In vis-network both occur only in strings and comments, where ``\\/`` reads as ``/``, so the code is unchanged."""
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
    """Render a view (or a graph from :func:`gutjoint_kg.to_networkx`) as one offline HTML page, also saved to ``path``.
    ``physics`` None: vis-network settles up to :data:`LARGE_GRAPH` concepts, Python the rest; ``kb`` adds labels."""
    G, kind, focus, chains, default_title = _as_view(view_or_graph)
    if G.number_of_nodes() == 0:
        raise GutJointError("nothing to draw: the selection holds no concept (relax --category or --min-evidence)")
    evidence_labels = _evidence_labels(kb)
    subtitle = ""
    if kind == "path" and chains:
        summary = chain_summary(chains[0], evidence_labels)
        default_title = f"{default_title} ({summary})"
        plural = f"{len(chains)} chains, best first" if len(chains) > 1 else "1 chain"
        subtitle = f"{plural}; step through them with the arrow keys" + (f"; best chain: {summary}" if title else "")
    page_title = title or default_title
    data = _page_data(G, kind=kind, focus=focus, chains=chains, physics=physics, kb=kb, title=page_title)
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
    """Write ``page`` to ``path`` atomically, replacing any existing file whole.
    Raises :class:`GutJointError` for a missing or unwritable directory."""
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
