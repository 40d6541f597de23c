"""Path finding across the curated graph and imported graphs (an :class:`ImportStore`), for :mod:`gutjoint_kg.paths`.
:func:`store_digraph` builds the whole chainable view in one bulk pass (one index scan per predicate, for whole-graph
analyses); :func:`crossing_graph` only a bounded bidirectional expansion merged into the curated view, external nodes
sharing a standard ID (``skos:exactMatch``/``closeMatch``) identified with the curated concept, so chains cross."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from ..errors import UnknownConceptError
from ..vocab import BIOLINK, OBO, curie
from .importer import RDF_TYPE, RDFS_LABEL, ImportStore, curated_mappings, curie_to_iri, iri_to_curie

if TYPE_CHECKING:  # pragma: no cover
    from ..kb.store import KnowledgeBase

B = str(BIOLINK)
RO = str(OBO) + "RO_"

#: Predicates of imported graphs that path queries may chain, with their polarity
#: (+1 increases, -1 decreases, 0 unsigned). Everything else (labels, types, xrefs,
#: "related_to") is ignored by path search. The curated ``gj:`` relations are added from the schema.
CHAIN_PREDICATES: dict[str, int] = {
    B + "causes": 1,
    B + "contributes_to": 1,
    B + "positively_regulates": 1,
    B + "increases_amount_or_activity_of": 1,
    B + "has_phenotype": 1,
    B + "predisposes_to_condition": 1,
    B + "negatively_regulates": -1,
    B + "decreases_amount_or_activity_of": -1,
    B + "treats": -1,
    B + "treats_or_applied_or_studied_to_treat": -1,
    B + "ameliorates_condition": -1,
    B + "preventative_for_condition": -1,
    B + "regulates": 0,
    B + "affects": 0,
    B + "gene_associated_with_condition": 0,
    B + "genetically_associated_with": 0,
    B + "interacts_with": 0,
    B + "physically_interacts_with": 0,
    RO + "0002213": 1,  # positively regulates
    RO + "0002212": -1,  # negatively regulates
    RO + "0002211": 0,  # regulates
    RO + "0003302": 1,  # causes or contributes to condition
}

#: Default bounds of :func:`crossing_graph`.
FAN_OUT = 200
MAX_NODES = 20_000

LABEL_PREDICATES = (RDFS_LABEL, B + "name")


def chain_predicates(kb: KnowledgeBase | None = None) -> dict[str, int]:
    """Chainable predicate IRI -> polarity: :data:`CHAIN_PREDICATES` plus the causal gj: relations."""
    out = dict(CHAIN_PREDICATES)
    if kb is not None:
        out.update({str(iri): rel.polarity for iri, rel in kb.relations.items() if rel.causal})
    return out


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1].replace("_", " ")


# --------------------------------------------------------------------------- bulk view
def store_digraph(store: ImportStore, predicates: Iterable[str] | None = None) -> nx.DiGraph:
    """The whole chainable part of the live imported graphs as a DiGraph keyed by IRI, edges with ``relation`` and
    ``polarity``, in one scan per (predicate, graph); for whole-graph analyses (paths use :func:`crossing_graph`)."""
    ox = store._ox
    table = CHAIN_PREDICATES if predicates is None else {p: CHAIN_PREDICATES.get(p, 0) for p in predicates}
    G = nx.DiGraph()
    for graph in store.graphs():
        g = ox.NamedNode(graph)
        for pred, pol in table.items():
            quads = store.store.quads_for_pattern(None, ox.NamedNode(pred), None, g)
            G.add_edges_from(
                (q.subject.value, q.object.value, {"relation": pred, "polarity": pol})
                for q in quads
                if isinstance(q.object, ox.NamedNode)
            )
    return G


# --------------------------------------------------------------------------- bounded extraction
@dataclass
class Crossing:
    """The result of :func:`crossing_graph`: the merged graph and how much of the store it read."""

    graph: nx.MultiDiGraph
    external_nodes: int
    external_edges: int
    truncated: bool  # a fan-out or node cap was hit: chains through hubs may be missing


class _Walker:
    """Adjacency over curated causal edges plus the imported graphs, keyed by node CURIE."""

    def __init__(self, kb: KnowledgeBase, G: nx.MultiDiGraph, store: ImportStore, fan_out: int):
        self.kb, self.G, self.store, self.ox = kb, G, store, store._ox
        self.fan_out = fan_out
        self.preds = chain_predicates(kb)
        self.graphs = {g.graph: g.name for g in store.imports()}
        self.to_curated: dict[str, str] = {}  # external IRI -> curated CURIE
        self.to_external: dict[str, list[str]] = {}  # curated CURIE -> external IRIs
        for ext, concepts in curated_mappings(kb).items():
            c = curie(sorted(concepts)[0])
            self.to_curated[ext] = c
            self.to_external.setdefault(c, []).append(ext)
        self.edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.iris: dict[str, str] = {}  # node key -> IRI (external nodes)
        self.truncated = False

    def key(self, iri: str) -> str:
        return self.to_curated.get(iri) or iri_to_curie(iri)

    def iris_of(self, node: str) -> list[str]:
        if node in self.to_external:
            return self.to_external[node]
        if node in self.G:
            return []
        return [self.iris.get(node) or curie_to_iri(node)]

    def step(self, node: str, forward: bool) -> list[str]:
        """Neighbours of ``node`` one causal step down (forward) or up, recording the edges."""
        out: list[str] = []
        if node in self.G:
            edges = self.G.out_edges(node, data=True) if forward else self.G.in_edges(node, data=True)
            out += [v if forward else u for u, v, d in edges if d.get("causal")]
        ox = self.ox
        for iri in self.iris_of(node):
            n = ox.NamedNode(iri)
            quads = (
                self.store.store.quads_for_pattern(n, None, None)
                if forward
                else self.store.store.quads_for_pattern(None, None, n)
            )
            taken = 0
            for q in quads:
                g = q.graph_name
                if not isinstance(g, ox.NamedNode) or g.value not in self.graphs:
                    continue
                pred = q.predicate.value
                if pred not in self.preds:
                    continue
                other = q.object if forward else q.subject
                if not isinstance(other, ox.NamedNode):
                    continue
                if taken >= self.fan_out:
                    self.truncated = True
                    break
                taken += 1
                k = self.key(other.value)
                self.iris.setdefault(k, other.value)
                s, o = (node, k) if forward else (k, node)
                self.edges.setdefault((s, o, pred), {"graph": g.value})
                out.append(k)
        return out

    def expand(self, start: str, depth: int, forward: bool, max_nodes: int) -> set[str]:
        seen = {start}
        frontier = [start]
        for _ in range(depth):
            nxt = []
            for node in frontier:
                for other in self.step(node, forward):
                    if other not in seen:
                        seen.add(other)
                        nxt.append(other)
                if len(seen) >= max_nodes:
                    self.truncated = True
                    return seen
            frontier = nxt
            if not frontier:
                break
        return seen


def resolve_node(kb: KnowledgeBase, store: ImportStore, name: str) -> str:
    """A curated concept (any name ``kb.resolve`` accepts) or an external node by CURIE/IRI.
    External IDs that a curated concept maps to resolve to that concept."""
    try:
        return curie(kb.resolve(name))
    except UnknownConceptError as exc:
        try:
            iri = curie_to_iri(name)
        except ValueError:
            raise exc from None
        mapped = curated_mappings(kb).get(iri)
        if mapped:
            return curie(sorted(mapped)[0])
        ox = store._ox
        node = ox.NamedNode(iri)
        graphs = {ox.NamedNode(g) for g in store.graphs()}
        for g in graphs:
            if next(iter(store.store.quads_for_pattern(node, None, None, g)), None) or next(
                iter(store.store.quads_for_pattern(None, None, node, g)), None
            ):
                return iri_to_curie(iri)
        raise exc from None  # neither curated nor imported: the curated names closest to it


def crossing_graph(
    kb: KnowledgeBase,
    G: nx.MultiDiGraph,
    store: ImportStore,
    sources: Iterable[str],
    targets: Iterable[str] = (),
    *,
    max_length: int = 6,
    fan_out: int = FAN_OUT,
    max_nodes: int = MAX_NODES,
) -> Crossing:
    """The curated view ``G`` plus the imported edges a bounded path search can use: sources expand forward
    ``ceil(max_length / 2)`` steps, ``targets`` backward the rest (all chains unless capped); no targets: both ways."""
    walker = _Walker(kb, G, store, fan_out)
    sources, targets = list(sources), list(targets)
    if targets:
        fwd = (max_length + 1) // 2
        for s in sources:
            walker.expand(s, fwd, True, max_nodes)
        for t in targets:
            walker.expand(t, max_length - fwd, False, max_nodes)
    else:
        for s in sources:
            walker.expand(s, max_length, True, max_nodes)
            walker.expand(s, max_length, False, max_nodes)
    return Crossing(_merge(kb, G, walker), len(walker.iris), len(walker.edges), walker.truncated)


def _merge(kb: KnowledgeBase, G: nx.MultiDiGraph, walker: _Walker) -> nx.MultiDiGraph:
    H = G.copy()
    ox, st = walker.ox, walker.store.store
    for node, iri in walker.iris.items():
        if node in H:
            continue
        n = ox.NamedNode(iri)
        label = next(
            (q.object.value for p in LABEL_PREDICATES for q in st.quads_for_pattern(n, ox.NamedNode(p), None)), None
        )
        types = [q.object.value for q in st.quads_for_pattern(n, ox.NamedNode(RDF_TYPE), None)]
        H.add_node(
            node,
            iri=iri,
            label=label or node,
            category=_local(types[0]).title().replace(" ", "") if types else "External",
            definition="",
            synonyms=[],
            mappings=[],
            contested=False,
            external=True,
        )
    for (u, v, pred), data in sorted(walker.edges.items()):
        rel = iri_to_curie(pred)
        if H.has_edge(u, v, key=rel):
            continue
        H.add_edge(
            u,
            v,
            key=rel,
            relation=rel,
            relation_label=_local(pred),
            short_label=_local(pred),
            polarity=walker.preds[pred],
            causal=True,
            evidence=None,
            evidence_rank=-1,
            sources=[f"import:{walker.graphs[data['graph']]}"],
            note=None,
            statement=None,
            external=True,
        )
    return H


__all__ = ["CHAIN_PREDICATES", "Crossing", "chain_predicates", "crossing_graph", "resolve_node", "store_digraph"]
