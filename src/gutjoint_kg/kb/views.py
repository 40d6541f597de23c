"""Views: the parts of the graph that ``viz`` and ``export`` draw or write (focus, path, filters).

One function so that the explorer page and every export format select exactly the same nodes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..errors import UsageError
from ..vocab import curie
from .graph import neighbourhood, to_networkx
from .store import KnowledgeBase


@dataclass
class View:
    """A selected subgraph plus what selected it (for titles, manifests and layouts)."""

    graph: nx.MultiDiGraph
    kind: str = "whole"  # whole | focus | path
    focus: str | None = None
    chains: list[Any] = field(default_factory=list)  # paths.Chain objects in path mode
    title: str = "gutjoint-kg"


def select(
    kb: KnowledgeBase,
    *,
    focus: str | None = None,
    depth: int = 1,
    path: Sequence[str] | None = None,
    limit: int = 3,
    categories: Sequence[str] = (),
    min_evidence: str | None = None,
    max_length: int = 6,
) -> View:
    """Select the whole graph, a concept's neighbourhood (``focus``/``depth``) or the best chains
    between two concepts (``path=(source, target)``), then filter by category and evidence."""
    if focus and path:
        raise UsageError("choose either a focus concept or a path, not both")
    if depth < 0:
        raise UsageError("--depth must be 0 or more")
    G = to_networkx(kb, min_evidence=min_evidence)
    if focus:
        node = curie(kb.resolve(focus))
        H = neighbourhood(G, node, depth=depth)
        view = View(H, kind="focus", focus=node, title=f"Neighbourhood of {kb.concepts[kb.resolve(focus)].label}")
    elif path:
        from ..paths import causal_paths

        source, target = (curie(kb.resolve(p)) for p in path)
        chains = causal_paths(G, source, target, limit=limit, max_length=max_length)
        H = nx.MultiDiGraph(**G.graph)
        for chain in chains:
            for n in chain.nodes:
                H.add_node(n, **G.nodes[n])
            for step in chain.steps:
                H.add_edge(
                    step.source, step.target, key=step.relation, **G.edges[step.source, step.target, step.relation]
                )
        s_label, t_label = G.nodes[source]["label"], G.nodes[target]["label"]
        view = View(H, kind="path", chains=chains, title=f"How {s_label} can lead to {t_label}")
    else:
        view = View(G)
    if categories:
        keep = {kb.category_name(c) for c in categories}
        keep_nodes = [n for n, d in view.graph.nodes(data=True) if d["category"] in keep or n == view.focus]
        view.graph = view.graph.subgraph(keep_nodes).copy()
    return view
