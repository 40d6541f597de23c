"""One visual palette for every drawing of the graph (explorer page, GEXF, Mermaid, DOT).

Colours come from the Okabe-Ito / Tol colour-blind-safe sets; shapes are names that both vis.js (pyvis) and
Graphviz understand or map simply. Kept dependency-free so any module may import it."""

from __future__ import annotations

#: Category name -> ``{"color": "#rrggbb", "shape": vis.js shape}``; ``DEFAULT_STYLE`` for unknown ones.
CATEGORY_STYLE: dict[str, dict[str, str]] = {
    "Trigger": {"color": "#E69F00", "shape": "triangle"},
    "RiskFactor": {"color": "#B8860B", "shape": "triangleDown"},
    "AnatomicalStructure": {"color": "#8C8C8C", "shape": "box"},
    "BarrierComponent": {"color": "#56B4E9", "shape": "hexagon"},
    "Molecule": {"color": "#009E73", "shape": "dot"},
    "MicrobialTaxon": {"color": "#7FBF3F", "shape": "diamond"},
    "CellType": {"color": "#0072B2", "shape": "ellipse"},
    "BiologicalProcess": {"color": "#CC79A7", "shape": "ellipse"},
    "Condition": {"color": "#D55E00", "shape": "box"},
    "Symptom": {"color": "#F0E442", "shape": "star"},
    "Intervention": {"color": "#2CA02C", "shape": "square"},
    "RedFlag": {"color": "#C00000", "shape": "triangle"},
}

DEFAULT_STYLE: dict[str, str] = {"color": "#BBBBBB", "shape": "dot"}

#: Edge colour by relation polarity: +1 raises/worsens (red), -1 lowers/protects (blue), 0 structural (grey).
POLARITY_COLOURS: dict[int, str] = {1: "#D62728", -1: "#1F77B4", 0: "#7F7F7F"}

#: Evidence level name -> draw the edge dashed? Weak support (article claim, contested) is dashed.
EVIDENCE_DASHES: dict[str, bool] = {
    "established": False,
    "human": False,
    "animal": False,
    "article": True,
    "contested": True,
}

#: Edge width by evidence rank (4 established ... 0 contested); thicker means better supported.
EVIDENCE_WIDTH: dict[int, float] = {4: 3.0, 3: 2.5, 2: 2.0, 1: 1.5, 0: 1.0}

#: How the explorer strokes a link of each evidence level: five patterns that stay distinct in greyscale print
#: (solid, long dashes, short dashes, dash-dot, dots), with width and opacity falling as support weakens.
#: ``dashes`` is vis-network's dash array (False = solid); ``pattern`` is the legend's wording.
EVIDENCE_STROKES: dict[str, dict[str, object]] = {
    "established": {"dashes": False, "width": 4.0, "opacity": 1.0, "pattern": "solid"},
    "human": {"dashes": [16, 6], "width": 3.2, "opacity": 0.9, "pattern": "long dashes"},
    "animal": {"dashes": [6, 6], "width": 2.6, "opacity": 0.8, "pattern": "short dashes"},
    "contested": {"dashes": [14, 5, 2, 5], "width": 2.2, "opacity": 0.75, "pattern": "dash-dot"},
    "article": {"dashes": [2, 6], "width": 2.2, "opacity": 0.6, "pattern": "dots"},
}
#: The stroke of a link with no (or an unknown) evidence level: sparse dots, faint.
UNGRADED_STROKE: dict[str, object] = {"dashes": [2, 11], "width": 1.6, "opacity": 0.5, "pattern": "sparse dots"}


def evidence_stroke(evidence: str | None) -> dict[str, object]:
    """The explorer's stroke of a link graded ``evidence`` (see :data:`EVIDENCE_STROKES`).

    >>> evidence_stroke("animal")["pattern"], evidence_stroke(None)["pattern"]
    ('short dashes', 'sparse dots')
    """
    return EVIDENCE_STROKES.get(evidence or "", UNGRADED_STROKE)


#: Graphviz node shapes matching the vis.js shapes above (Graphviz has no "dot"/"star" of the same kind).
GRAPHVIZ_SHAPES: dict[str, str] = {
    "triangle": "triangle",
    "triangleDown": "invtriangle",
    "box": "box",
    "hexagon": "hexagon",
    "dot": "ellipse",
    "diamond": "diamond",
    "ellipse": "ellipse",
    "star": "star",
    "square": "box",
}


def category_style(category: str | None) -> dict[str, str]:
    """The style of a category, falling back to :data:`DEFAULT_STYLE` for unknown or missing ones.

    >>> category_style("Symptom")["color"]
    '#F0E442'
    >>> category_style("Nope") == DEFAULT_STYLE
    True
    """
    return CATEGORY_STYLE.get(category or "", DEFAULT_STYLE)


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """``"#D62728"`` -> ``(214, 39, 40)`` (GEXF viz colours are RGB integers).

    >>> hex_to_rgb("#0072B2")
    (0, 114, 178)
    """
    h = colour.lstrip("#")
    if len(h) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
