"""Layered left-to-right layout of the explorer (gut -> circulation -> immune -> joint -> symptom) and edge routing.

A concept's *stage* (column) comes from its category, refined by label; overview concepts form a central block, so
expanding keeps positions. Curves use vis-network 9.1's maths (:func:`curve_via`): Python checks what browsers draw."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "STAGES",
    "Box",
    "EdgeRoute",
    "curve_points",
    "curve_via",
    "label_lines",
    "layered_layout",
    "node_box",
    "route_edges",
    "stage_of",
    "untangle",
]

#: The columns of the layout, left to right: (name shown in the page, short description).
STAGES: tuple[tuple[str, str], ...] = (
    ("Triggers", "what starts or eases it: diet, stress, infections, risk factors, interventions"),
    ("Gut", "microbes, the intestinal barrier and gut conditions"),
    ("Circulation", "what crosses the barrier and travels in the blood"),
    ("Immune", "immune cells, cytokines and inflammation"),
    ("Joint", "joint tissues, joint processes and joint conditions"),
    ("Symptoms", "what a person notices, and warning signs"),
)

#: Stage of a category when its label says nothing more specific.
_CATEGORY_STAGE: dict[str, int] = {
    "Trigger": 0,
    "RiskFactor": 0,
    "Intervention": 0,
    "MicrobialTaxon": 1,
    "BarrierComponent": 1,
    "AnatomicalStructure": 3,
    "Molecule": 2,
    "CellType": 3,
    "BiologicalProcess": 3,
    "Condition": 4,
    "Symptom": 5,
    "RedFlag": 5,
}
#: Categories whose stage is fixed whatever the label says.
_FIXED = {"Trigger", "RiskFactor", "Intervention", "Symptom", "RedFlag", "MicrobialTaxon", "BarrierComponent"}
#: Label patterns (tested in order) that move a concept of another category to a stage.
_LABEL_STAGE: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"joint|synovi|cartilag|arthr|enthes|spondyl|bone|muscle|nerve|tendon", re.I), 4),
    (re.compile(r"translocat|endotox|bloodstream|circulat|lipopolysacch|bacterial fragment|toxin|lipid a", re.I), 2),
    (
        re.compile(
            r"intestin|\bgut\b|bowel|barrier|mucos|mucus|microbio|tight junction|epitheli|zonulin|permeab|crohn|"
            r"colitis|celiac|coeliac|enteric|gliadin|food|nutrient|ethanol|fatty acid|butyrate|propionate|acetate",
            re.I,
        ),
        1,
    ),
    (re.compile(r"obesity|insulin|metabolic", re.I), 0),
)


def stage_of(category: str | None, label: str) -> int:
    """The layout column (index into :data:`STAGES`) of a concept.

    >>> stage_of("Trigger", "chronic stress"), stage_of("BiologicalProcess", "joint inflammation")
    (0, 4)
    >>> stage_of("BiologicalProcess", "increased intestinal permeability"), stage_of("Molecule", "IL-6")
    (1, 2)
    """
    cat = category or ""
    if cat not in _FIXED:
        for pattern, stage in _LABEL_STAGE:
            if pattern.search(label):
                return stage
    return _CATEGORY_STAGE.get(cat, 3)


# --------------------------------------------------------------------------- boxes

#: Average glyph width of the page's sans-serif font, in ems: 0.44-0.46 measured in headless Chromium
#: (DejaVu Sans), rounded up so estimated boxes are never smaller than drawn ones.
CHAR_EM = 0.5
#: Line height of a wrapped label, in ems (vis-network draws lines one font size apart), plus a margin.
LINE_EM = 1.05
#: Shapes whose label vis-network draws inside the node; the others carry it underneath.
LABEL_INSIDE = frozenset({"box", "ellipse", "circle", "database", "text"})


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in canvas pixels (x grows right, y grows down)."""

    left: float
    top: float
    right: float
    bottom: float

    def moved(self, dx: float, dy: float) -> Box:
        """The same box shifted by (dx, dy)."""
        return Box(self.left + dx, self.top + dy, self.right + dx, self.bottom + dy)

    def grown(self, margin: float) -> Box:
        """The box enlarged by ``margin`` on every side."""
        return Box(self.left - margin, self.top - margin, self.right + margin, self.bottom + margin)

    def intersects(self, other: Box) -> bool:
        """Whether the two boxes overlap (touching edges do not count)."""
        return (
            self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom
        )

    @property
    def width(self) -> float:
        """Horizontal extent."""
        return self.right - self.left

    @property
    def height(self) -> float:
        """Vertical extent."""
        return self.bottom - self.top


def label_lines(label: str, font_size: float, max_width: float) -> list[str]:
    """The lines vis-network wraps ``label`` into under ``widthConstraint.maximum`` (greedy, by words).

    >>> label_lines("translocation of gut contents into circulation", 18, 150)
    ['translocation of', 'gut contents', 'into circulation']
    """
    limit = max(1, int(max_width / (CHAR_EM * font_size)))
    lines: list[str] = []
    words = [w[i : i + limit] for w in label.split() for i in range(0, len(w), limit)]  # vis breaks long words
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def text_size(label: str, font_size: float, max_width: float) -> tuple[float, float]:
    """Estimated (width, height) in pixels of a label as vis-network draws it."""
    lines = label_lines(label, font_size, max_width)
    width = max(len(line) for line in lines) * CHAR_EM * font_size
    return min(max(width, font_size), max_width), len(lines) * LINE_EM * font_size


def node_box(shape: str, size: float, label: str, font_size: float, max_width: float) -> Box:
    """The box a concept covers around its centre (0, 0): its shape plus its label."""
    w, h = text_size(label, font_size, max_width)
    if shape == "ellipse":  # vis-network: width = label width + label height, height = 2 x label height
        return Box(-(w + h) / 2 - 2, -h - 2, (w + h) / 2 + 2, h + 2)
    if shape in LABEL_INSIDE:
        return Box(-w / 2 - 7, -h / 2 - 7, w / 2 + 7, h / 2 + 7)
    half_w = max(size, w / 2)
    return Box(-half_w, -size, half_w, size + 3 + h)


# --------------------------------------------------------------------------- layout

#: Vertical gap between the boxes of one column, and horizontal gap between columns (room for edge labels).
ROW_GAP = 46.0
#: At most this many concepts of the overview (or of a focus view) in one column; more are split side by side.
MAX_ROWS = 5
COLUMN_GAP = 80.0


def layered_layout(
    nodes: Sequence[str],
    edges: Iterable[tuple[str, str]],
    stage: Mapping[str, int],
    boxes: Mapping[str, Box],
    *,
    overview: Iterable[str] = (),
    core_order: Mapping[str, float] | None = None,
) -> dict[str, tuple[float, float]]:
    """Positions of ``nodes``: one column per stage (never overlapping); the ``overview`` concepts in a central block.
    ``core_order`` (concept -> rank) fixes the block's row order (see :func:`untangle`); else barycentre sweeps."""
    core = set(overview)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for u, v in edges:
        if u != v and u in stage and v in stage:
            neighbours[u].add(v)
            neighbours[v].add(u)
    columns: dict[int, list[str]] = defaultdict(list)
    for node in sorted(nodes, key=lambda n: (-len(neighbours[n]), n)):
        columns[stage[node]].append(node)
    rank: dict[str, float] = {}
    for members in columns.values():
        for i, node in enumerate(members):
            rank[node] = float(i)
    for sweep in range(4):
        order = sorted(columns) if sweep % 2 == 0 else sorted(columns, reverse=True)
        for col in order:
            members = columns[col]

            def centre(node: str, col: int = col) -> float:
                near = [rank[m] for m in neighbours[node] if stage[m] != col]
                return sum(near) / len(near) if near else rank[node]

            members.sort(key=lambda n: (centre(n), n))
            for i, node in enumerate(members):
                rank[node] = float(i)
    pos: dict[str, tuple[float, float]] = {}
    if core_order is not None:
        inner = {col: sorted((n for n in columns[col] if n in core), key=lambda n: core_order[n]) for col in columns}
    else:
        inner = {col: _chain_order([n for n in columns[col] if n in core], neighbours) for col in columns}
    outer = {col: [n for n in columns[col] if n not in core] for col in columns}
    # the overview block: its own compact columns (only stages it uses), centred on y = 0
    # a stage with more than MAX_ROWS block concepts is split into side-by-side sub-columns, in order
    chunks: list[list[str]] = []
    for c in sorted(columns):
        members = inner[c]
        if not members:
            continue
        k = math.ceil(len(members) / MAX_ROWS)
        size = math.ceil(len(members) / k)
        chunks += [members[i : i + size] for i in range(0, len(members), size)]
    stagger = [_stagger(chunk, neighbours, boxes) for chunk in chunks]
    core_x = _column_x(chunks, boxes, stagger)
    band = 0.0
    for chunk, x, shift in zip(chunks, core_x, stagger, strict=True):
        height = sum(boxes[n].height for n in chunk) + ROW_GAP * (len(chunk) - 1)
        band = max(band, height)
        y = -height / 2
        for i, node in enumerate(chunk):
            pos[node] = (x + (shift if i % 2 else -shift), y - boxes[node].top)
            y += boxes[node].height + ROW_GAP
    # every other concept above or below the block (never beside it), in columns as wide as they need
    all_x = _column_x([outer[c] for c in sorted(columns) if outer[c]], boxes)
    for col, x in zip([c for c in sorted(columns) if outer[c]], all_x, strict=True):
        members = sorted(outer[col], key=lambda n: (-len(neighbours[n] & core), rank[n], n))
        below, above = band / 2 + ROW_GAP * 2, -band / 2 - ROW_GAP * 2
        for i, node in enumerate(members):
            if i % 2 == 0 or not core:
                pos[node] = (x, below - boxes[node].top)
                below += boxes[node].height + ROW_GAP
            else:
                pos[node] = (x, above - boxes[node].bottom)
                above -= boxes[node].height + ROW_GAP
    return {n: (round(px, 1), round(py, 1)) for n, (px, py) in pos.items()}


def untangle(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str, str]],
    stage: Mapping[str, int],
    boxes: Mapping[str, Box],
    *,
    overview: Sequence[str],
    shown: Iterable[str],
    rounds: int = 16,
) -> dict[str, tuple[float, float]]:
    """:func:`layered_layout`, then greedy swaps of nearby overview concepts within a column (for up to ``rounds``),
    kept while more of the ``shown`` links (ids of ``edges`` drawn on the overview) route clear of every concept."""
    core = set(overview)
    pairs = [(u, v) for _, u, v in edges]
    visible = set(shown)
    links = [e for e in edges if e[0] in visible and e[1] in core and e[2] in core]
    pos = layered_layout(nodes, pairs, stage, boxes, overview=overview)

    def crossings(p: Mapping[str, tuple[float, float]]) -> list[tuple[str, str]]:
        sub = {n: p[n] for n in core}
        routes = route_edges(sub, {n: boxes[n] for n in core}, links, {})
        return [(eid, hit) for eid, route in routes.items() for hit in route.hits]

    worst = crossings(pos)
    for _ in range(rounds):
        if not worst:
            break
        order = {n: pos[n][1] for n in core}
        better = None
        ends = {eid: (u, v) for eid, u, v in links}
        movable = list(dict.fromkeys(n for eid, hit in worst for n in (hit, *ends[eid])))
        for node in movable:
            column = sorted((n for n in core if stage[n] == stage[node]), key=lambda n: order[n])
            i = column.index(node)
            for j in (i - 1, i + 1, i - 2, i + 2):
                if not 0 <= j < len(column):
                    continue
                trial = dict(order)
                trial[node], trial[column[j]] = order[column[j]], order[node]
                candidate = layered_layout(nodes, pairs, stage, boxes, overview=overview, core_order=trial)
                found = crossings(candidate)
                if len(found) < len(worst):
                    better = (candidate, found)
                    break
            if better:
                break
        if better is None:
            break
        pos, worst = better
    return pos


# --------------------------------------------------------------------------- routing


def _chain_order(members: list[str], neighbours: Mapping[str, set[str]]) -> list[str]:
    """``members`` (in barycentre order) reordered depth-first along their links to each other, so concepts
    linked within one column sit next to each other and their link needs no detour."""
    inside = set(members)
    seen: set[str] = set()
    out: list[str] = []
    for start in members:
        stack = [start]
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            out.append(node)
            near = [m for m in members if m in neighbours[node] and m in inside and m not in seen]
            stack.extend(reversed(near))
    return out


def _stagger(members: Sequence[str], neighbours: Mapping[str, set[str]], boxes: Mapping[str, Box]) -> float:
    """How far to shift alternate rows of a column sideways: enough that a link between two concepts two or
    more rows apart runs straight past the ones between (0 when the column has no such link)."""
    index = {n: i for i, n in enumerate(members)}
    far = any(abs(index[a] - index[b]) >= 2 for a in members for b in neighbours[a] if b in index)
    return max(boxes[n].right for n in members) / 2 + CLEARANCE if far else 0.0


def _column_x(
    columns: Sequence[Sequence[str]], boxes: Mapping[str, Box], shifts: Sequence[float] | None = None
) -> list[float]:
    """The x of each column's centre line: each as wide as its widest box (plus any row shift), with
    :data:`COLUMN_GAP` between them."""
    out: list[float] = []
    right = 0.0
    for k, members in enumerate(columns):
        shift = shifts[k] if shifts else 0.0
        left_half = max(-boxes[n].left for n in members) + shift
        right_half = max(boxes[n].right for n in members) + shift
        x = 0.0 if not out else right + COLUMN_GAP + left_half
        out.append(x)
        right = x + right_half
    return out


def curve_via(p0: tuple[float, float], p1: tuple[float, float], kind: str, roundness: float) -> tuple[float, float]:
    """The control point vis-network 9.1 uses for a ``curvedCW`` / ``curvedCCW`` edge from ``p0`` to ``p1``.

    >>> curve_via((0.0, 0.0), (100.0, 0.0), "curvedCW", 0.0)
    (50.0, 0.0)
    """
    dx, dy = p1[0] - p0[0], p0[1] - p1[1]
    radius = math.hypot(dx, dy)
    turn = (0.5 * roundness + 0.5) if kind == "curvedCW" else (-0.5 * roundness + 0.5)
    angle = (math.atan2(dy, dx) + turn * math.pi) % (2 * math.pi)
    reach = (0.5 * roundness + 0.5) * radius
    x, y = p0[0] + reach * math.sin(angle), p0[1] + reach * math.cos(angle)
    return round(x, 9) + 0.0, round(y, 9) + 0.0


def curve_points(
    p0: tuple[float, float], p1: tuple[float, float], smooth: Mapping[str, Any] | None, samples: int = 32
) -> list[tuple[float, float]]:
    """Points along the edge as drawn: a straight segment, a quadratic Bezier through :func:`curve_via`, or
    vis-network's horizontal ``cubicBezier`` (control points level with each end, ``roundness`` of the run out)."""
    import numpy as np

    return [(x, y) for x, y in _curve_array(p0, p1, smooth, np.linspace(0.0, 1.0, samples + 1)).tolist()]


def _curve_array(p0: tuple[float, float], p1: tuple[float, float], smooth: Mapping[str, Any] | None, t: Any) -> Any:
    """:func:`curve_points` as a numpy array at the parameters ``t`` (what the router checks)."""
    import numpy as np

    a, b = np.asarray(p0, dtype=float), np.asarray(p1, dtype=float)
    tt = t[:, None]
    if smooth and smooth.get("enabled", True) and smooth.get("type") == "cubicBezier":
        r = float(smooth["roundness"])
        d = a - b
        if smooth.get("forceDirection") == "vertical":
            c1, c2 = np.array([a[0], a[1] - r * d[1]]), np.array([b[0], b[1] + r * d[1]])
        else:
            c1, c2 = np.array([a[0] - r * d[0], a[1]]), np.array([b[0] + r * d[0], b[1]])
        return (1 - tt) ** 3 * a + 3 * (1 - tt) ** 2 * tt * c1 + 3 * (1 - tt) * tt**2 * c2 + tt**3 * b
    if not smooth or not smooth.get("enabled", True):
        via = (a + b) / 2
    else:
        via = np.asarray(curve_via(p0, p1, str(smooth["type"]), float(smooth["roundness"])))
    return (1 - tt) ** 2 * a + 2 * (1 - tt) * tt * via + tt**2 * b


@dataclass(frozen=True)
class EdgeRoute:
    """How one edge is drawn: ``smooth`` is None for a straight edge; ``hits`` lists concepts it still crosses."""

    smooth: dict[str, Any] | None
    label_box: Box | None
    hits: tuple[str, ...]
    label_clear: bool = True  # False: no route keeps the label off other labels, so the page leaves it out


#: Roundness values tried, in order, for a curve that clears the concepts in its way.
_ROUNDNESS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9, 1.0)
#: Clearance kept between a link and a concept box it does not touch.
CLEARANCE = 6.0


def route_edges(
    pos: Mapping[str, tuple[float, float]],
    boxes: Mapping[str, Box],
    edges: Sequence[tuple[str, str, str]],
    label_sizes: Mapping[str, tuple[float, float]],
    *,
    label_groups: Sequence[set[str]] = (),
    priority: set[str] = frozenset(),  # type: ignore[assignment]
) -> dict[str, EdgeRoute]:
    """A route for every edge ``(id, from, to)``: the straightest drawing that passes no concept it does not touch.
    Labels (``label_sizes``: width, height) clear every concept, and each other within one of the ``label_groups``.
    Else the fewest crossings win (``hits`` names them); in a group, crossing ``priority`` concepts costs the most."""
    import numpy as np

    samples = np.linspace(0.0, 1.0, 41)  # where each candidate curve is checked
    names = [n for n in pos if n in boxes]
    lefts = np.array([pos[n][0] + boxes[n].left - CLEARANCE for n in names])
    rights = np.array([pos[n][0] + boxes[n].right + CLEARANCE for n in names])
    tops = np.array([pos[n][1] + boxes[n].top - CLEARANCE for n in names])
    bottoms = np.array([pos[n][1] + boxes[n].bottom + CLEARANCE for n in names])
    index = {n: i for i, n in enumerate(names)}
    group_of: dict[str, int] = {}
    for g, members in enumerate(label_groups):
        for e in members:
            group_of.setdefault(e, g)
    placed: dict[int, list[Box]] = defaultdict(list)
    pair_routes: dict[frozenset[str], list[list[tuple[float, float]]]] = defaultdict(list)
    routes: dict[str, EdgeRoute] = {}
    candidates: list[dict[str, Any] | None] = [None]
    candidates += [
        {"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal", "roundness": r}
        for r in (0.5, 0.3, 0.7, 0.9)
    ]
    for r in _ROUNDNESS:
        candidates += [
            {"enabled": True, "type": "curvedCW", "roundness": r},
            {"enabled": True, "type": "curvedCCW", "roundness": r},
        ]
    order = sorted(edges, key=lambda e: (e[0] not in group_of, e[0]))
    for eid, u, v in order:
        if u not in pos or v not in pos:
            continue
        p0, p1 = pos[u], pos[v]
        best: tuple[tuple[int, int, int], dict[str, Any] | None, Box | None, tuple[str, ...]] | None = None
        group = group_of.get(eid)
        for smooth in candidates:
            if u == v:
                break
            pts = _curve_array(p0, p1, smooth, samples)
            inside: Any = (
                (pts[:, 0:1] > lefts) & (pts[:, 0:1] < rights) & (pts[:, 1:2] > tops) & (pts[:, 1:2] < bottoms)
            ).any(axis=0)
            inside[index[u]] = inside[index[v]] = False
            hits = tuple(names[i] for i in np.flatnonzero(inside))
            w, h = label_sizes.get(eid, (0.0, 0.0))
            mid = pts[len(pts) // 2]
            label = Box(mid[0] - w / 2, mid[1] - h / 2, mid[0] + w / 2, mid[1] + h / 2) if w and h else None
            label_hits = 0
            if label is not None:  # a label keeps clear of every concept box, its own two included
                label_hits = int(
                    (
                        (label.left < rights - CLEARANCE)
                        & (lefts + CLEARANCE < label.right)
                        & (label.top < bottoms - CLEARANCE)
                        & (tops + CLEARANCE < label.bottom)
                    ).sum()
                )
                if group is not None:
                    near = label.grown(4.0)
                    label_hits += int(any(near.intersects(b) for b in placed[group]))
            same_pair = sum(_too_close(pts, other) for other in pair_routes[frozenset((u, v))])
            key_hits = sum(1 for h in hits if h in priority) if group is not None else len(hits)
            score = (key_hits + same_pair, label_hits, len(hits))
            if best is None or score < best[0]:
                best = (score, smooth, label, hits)
            if score == (0, 0, 0):
                break
        if best is None:
            routes[eid] = EdgeRoute(None, None, ())
            continue
        score, smooth, label, hits = best
        clear = score[1] == 0
        if label is not None and group is not None and clear:
            placed[group].append(label)
        pair_routes[frozenset((u, v))].append(_curve_array(p0, p1, smooth, samples).tolist())
        routes[eid] = EdgeRoute(smooth, label, hits, clear)
    return routes


def _too_close(pts: Any, other: Sequence[tuple[float, float]]) -> bool:
    """Whether a candidate runs on top of an edge already routed between the same two concepts."""
    import numpy as np

    mid, other_mid = pts[len(pts) // 2], np.array(other[len(other) // 2])
    return bool(np.hypot(*(mid - other_mid)) < 24.0)
