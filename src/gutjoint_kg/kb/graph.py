"""The NetworkX view of the knowledge base: concepts are nodes keyed by CURIE, statements are edges.

Literals never become nodes: labels, definitions and mappings are node attributes, and each
edge carries its relation, polarity, evidence level and sources."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from ..vocab import curie
from .store import KnowledgeBase, Relation


def to_networkx(
    kb: KnowledgeBase,
    *,
    categories: Iterable[str] | None = None,
    min_evidence: str | None = None,
    relations: Iterable[str] | None = None,
) -> nx.MultiDiGraph:
    """Build a ``MultiDiGraph`` of concepts and statements keyed by relation CURIE (parallel relations coexist), kept to
    ``categories``, statements at ``min_evidence`` or above and ``relations`` (CURIEs or labels) when given."""
    cats = {kb.category_name(c) for c in categories} if categories else None
    floor = kb.evidence_level(min_evidence).rank if min_evidence else None
    rels = resolve_relations(kb, relations) if relations else None
    ranks = {name: lv.rank for name, lv in kb.evidence_levels.items()}

    G = nx.MultiDiGraph(kb_version=kb.version)
    for c in kb.concepts.values():
        if cats is not None and c.category not in cats:
            continue
        G.add_node(
            c.curie,
            iri=str(c.iri),
            label=c.label,
            category=c.category,
            definition=c.definition,
            synonyms=list(c.synonyms),
            mappings=[m for _, m in c.mappings],
            contested=c.contested,
        )
    for st in kb.statements:
        s, o = curie(st.subject), curie(st.object)
        if s not in G or o not in G:
            continue
        rel = kb.relations[st.predicate]
        if rels is not None and curie(st.predicate) not in rels:
            continue
        rank = ranks.get(st.evidence or "", -1)
        if floor is not None and rank < floor:
            continue
        G.add_edge(
            s,
            o,
            key=rel.curie,
            **relation_attrs(rel),
            evidence=st.evidence,
            evidence_rank=rank,
            sources=list(st.sources),
            note=st.note,
            statement=curie(st.iri) if st.iri is not None else None,
        )
    return G


def relation_attrs(rel: Relation) -> dict[str, Any]:
    """The attributes a statement's edge takes from its relation (one edge schema: the KB's view, the claim layer)."""
    same = ("short_label", "polarity", "causal", "chain_end", "verb_phrase")
    return {"relation": rel.curie, "relation_label": rel.label} | {k: getattr(rel, k) for k in same}


def relation_names(kb: KnowledgeBase) -> dict[str, str]:
    """Every name of a relation (CURIE, local name, label; lower-cased) -> the relation's CURIE."""
    return {
        key.lower(): rel.curie
        for rel in kb.relations.values()
        for key in (rel.curie, rel.curie.split(":", 1)[-1], rel.label)
    }


def pick_relations(index: Mapping[str, str], names: Iterable[str]) -> set[str]:
    """The relation CURIEs of ``names`` in a :func:`relation_names` index; a usage error lists the valid names."""
    from ..errors import UsageError

    out = set()
    for name in names:
        key = name.strip().lower()
        if key not in index:
            valid = ", ".join(sorted({c.split(":", 1)[-1] for c in index.values()}))
            raise UsageError(f"unknown relation {name!r}; valid: {valid}")
        out.add(index[key])
    return out


def resolve_relations(kb: KnowledgeBase, names: Iterable[str]) -> set[str]:
    """Relation CURIEs for CURIEs, local names or labels; a usage error lists the valid names."""
    return pick_relations(relation_names(kb), names)


def neighbourhood(G: nx.MultiDiGraph, node: str, depth: int = 1, direction: str = "both") -> nx.MultiDiGraph:
    """The subgraph within ``depth`` hops of ``node`` (``up`` = predecessors, ``down`` = successors)."""
    if node not in G:
        raise nx.NodeNotFound(f"node {node} not in graph")
    if direction == "down":
        H = G
    elif direction == "up":
        H = G.reverse(copy=False)
    elif direction == "both":
        H = G.to_undirected(as_view=True)
    else:
        raise ValueError(f"direction must be up, down or both, not {direction!r}")
    near = nx.single_source_shortest_path_length(H, node, cutoff=depth)
    return G.subgraph(near).copy()
