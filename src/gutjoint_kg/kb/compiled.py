"""The compiled form of a knowledge base: the plain data every fast command reads (no rdflib).
:func:`compile_kb` derives from a :class:`KnowledgeBase` the name index, labels, relation names, ``info`` and ``show``
data and the NetworkX view; :func:`save` caches it (the graph in a second pickle, unpickled only when walked) and
:func:`load` reads it back as a :class:`Compiled`: a warm start needs neither rdflib nor NetworkX (no top import)."""

from __future__ import annotations

import pickle
from collections import Counter
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..vocab import NameIndex, curie
from . import cache

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from rdflib import URIRef

    from .store import Concept, KnowledgeBase, Statement


class Compiled:
    """A knowledge base compiled for the fast commands: names -> CURIEs, labels, relation names, ``extras`` (``info``,
    ``show`` cards), the NetworkX view; :meth:`resolve` acts as :meth:`KnowledgeBase.resolve` (CURIEs, same errors)."""

    def __init__(
        self,
        names: dict[str, str],
        labels: dict[str, str],
        relations: dict[str, str],
        extras: dict[str, Any],
        graph: bytes | nx.MultiDiGraph,
    ):
        self.names, self.labels, self.relations, self.extras = names, labels, relations, extras
        self._graph = graph
        #: the import-store directory of ``--store oxigraph:DIR`` (never cached)
        self.imports: Path | None = None
        #: the KnowledgeBase this was compiled from in this process (None when read from the cache)
        self.source: KnowledgeBase | None = None

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The graph of :func:`gutjoint_kg.to_networkx` (nodes keyed by CURIE); unpickled on first use."""
        if isinstance(self._graph, bytes):
            return pickle.loads(self._graph)
        return self._graph

    @property
    def info(self) -> dict[str, Any]:
        """What ``info`` prints (:func:`summary`)."""
        return dict(self.extras["info"])

    def card(self, name: str) -> dict[str, Any]:
        """What ``show`` prints for a concept given by any name :meth:`resolve` accepts (:func:`concept_card`)."""
        return dict(self.extras["cards"][self.resolve(name)])

    @cached_property
    def _index(self) -> NameIndex[str]:
        return NameIndex(self.names, self.labels.__getitem__)

    def resolve(self, name: str) -> str:
        """The CURIE of a concept by CURIE, IRI, local name, label or synonym."""
        return self._index.resolve(str(name))

    def resolve_relations(self, names: Iterable[str]) -> set[str]:
        """Relation CURIEs for CURIEs, local names or labels (see :func:`gutjoint_kg.kb.graph.pick_relations`)."""
        from .graph import pick_relations

        return pick_relations(self.relations, names)


def compile_kb(kb: KnowledgeBase, extras: dict[str, Any] | None = None) -> Compiled:
    """The compiled form of ``kb``; ``extras`` defaults to the ``info`` summary and every ``show`` card."""
    from .graph import relation_names, to_networkx

    compiled = Compiled(
        names={name: curie(iri) for name, iri in kb.name_index().items()},
        labels={c.curie: c.label for c in kb.concepts.values()},
        relations=relation_names(kb),
        extras={"info": summary(kb), "cards": concept_cards(kb)} if extras is None else extras,
        graph=to_networkx(kb),
    )
    compiled.imports, compiled.source = kb.imports, kb
    return compiled


# --------------------------------------------------------------------------- the cache
def path_for(files: Iterable[Path]) -> Path:
    """Where the compiled form of the in-memory KB over ``files`` is cached."""
    return cache.cache_dir() / f"view-{cache.digest(files, 'memory')}.pickle"


def load(files: Iterable[Path]) -> Compiled | None:
    """The cached compiled form of the KB over ``files``, or None (no entry, an unreadable file, a missing input)."""
    try:
        fh = cache.read(path_for(files))
        if fh is None:
            return None
        head = pickle.load(fh)  # names, labels, relations, extras: no NetworkX needed
        graph = fh.read()  # a second pickle, loaded when .graph is first used
        if not graph:
            return None
        return Compiled(head["names"], head["labels"], head["relations"], head["extras"], graph)
    except (*cache.BAD_PICKLE, KeyError):
        return None


def save(compiled: Compiled, files: Iterable[Path]) -> Path | None:
    """Cache ``compiled`` as the form of the KB over ``files``, atomically; skipped silently when the
    cache cannot be written."""
    head = {"names": compiled.names, "labels": compiled.labels, "relations": compiled.relations}
    return cache.write(path_for(files).name, head | {"extras": compiled.extras}, compiled.graph)


# --------------------------------------------------------------------------- command data
def summary(kb: KnowledgeBase) -> dict[str, Any]:
    """Counts by category, relation and evidence level, and the versions: what ``info`` prints."""
    from .. import __version__

    return {
        "package_version": __version__,
        "kb_version": kb.version,
        "concepts": len(kb.concepts),
        "statements": len(kb.statements),
        "sources": len(kb.sources),
        "by_category": dict(sorted(Counter(c.category for c in kb.concepts.values()).items())),
        "by_relation": dict(
            sorted(Counter(kb.relations[s.predicate].label for s in kb.statements).items(), key=lambda kv: -kv[1])
        ),
        "by_evidence": {name: 0 for name in kb.evidence_levels}
        | dict(Counter(s.evidence or "none" for s in kb.statements)),
    }


def concept_card(kb: KnowledgeBase, name: str) -> dict[str, Any]:
    """A concept with its definition, synonyms, mappings and statements, as plain data."""
    c = kb.concept(name)
    outgoing, incoming = kb.statements_about(c.iri)
    return _card(kb, c, outgoing, incoming)


def concept_cards(kb: KnowledgeBase) -> dict[str, dict[str, Any]]:
    """Every concept's :func:`concept_card` by CURIE, in one pass over the statements."""
    outgoing: dict[URIRef, list[Statement]] = {iri: [] for iri in kb.concepts}
    incoming: dict[URIRef, list[Statement]] = {iri: [] for iri in kb.concepts}
    for st in kb.statements:
        outgoing[st.subject].append(st)
        incoming[st.object].append(st)
    return {c.curie: _card(kb, c, outgoing[iri], incoming[iri]) for iri, c in kb.concepts.items()}


def _card(kb: KnowledgeBase, c: Concept, outgoing: list[Statement], incoming: list[Statement]) -> dict[str, Any]:
    def edge(st: Statement, other: URIRef) -> dict[str, Any]:
        o = kb.concepts[other]
        rel = kb.relations[st.predicate]
        return {
            "relation": rel.curie,
            "relation_label": rel.label,
            "polarity": rel.polarity,
            "concept": o.curie,
            "label": o.label,
            "evidence": st.evidence,
            "sources": list(st.sources),
            "note": st.note,
        }

    return {
        "curie": c.curie,
        "iri": str(c.iri),
        "label": c.label,
        "category": c.category,
        "definition": c.definition,
        "synonyms": list(c.synonyms),
        "mappings": [{"relation": rel, "id": m} for rel, m in c.mappings],
        "contested": c.contested,
        "note": c.note,
        "sources": list(c.sources),
        "outgoing": [edge(s, s.object) for s in outgoing],
        "incoming": [edge(s, s.subject) for s in incoming],
    }
