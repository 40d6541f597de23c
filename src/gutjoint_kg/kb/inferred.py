"""The inferred graph: what the asserted KB entails in standard vocabulary (RO, SKOS, Biolink, IRIs), served beside it.
Derived: ``rdf:type``/subproperty closure toward non-gj ancestors and ``gj:Concept`` (gj's own hierarchy is left to
property paths; no domain/range typing), Biolink terms of exact/broad matches, a SKOS view and DOI/PMID/PMCID IRIs.
:func:`query_dataset` serves both as named graphs :data:`ASSERTED_GRAPH`/:data:`INFERRED_GRAPH`, union by default."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from urllib.parse import quote

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from ..terms import GJ
from ..vocab import BIOLINK_NS, GJ_NS, ONTOLOGY_IRI, bind_prefixes

#: The named graph of the curated (asserted) triples.
ASSERTED_GRAPH = URIRef(GJ_NS + "graph/asserted")
#: The named graph of the triples :func:`inferred_triples` derives.
INFERRED_GRAPH = URIRef(GJ_NS + "graph/inferred")

Triple = tuple[Node, Node, Node]

#: Characters kept as they are in a doi.org IRI (RFC 3986 unreserved and sub-delimiters, ``/:@``);
#: any other a DOI may hold (``<``, ``>``, space, ``#``, ``?``, non-ASCII) is percent-encoded.
_IRI_SAFE = "/:@!$&'()*+,;=-._~"


def _ancestors(graph: Graph, link: URIRef) -> dict[Node, set[Node]]:
    """Every IRI with a ``link`` (subClassOf/subPropertyOf) mapped to all its strict ancestors."""
    parents: dict[Node, set[Node]] = {}
    for child, parent in graph.subject_objects(link):
        if isinstance(child, URIRef) and isinstance(parent, URIRef) and child != parent:
            parents.setdefault(child, set()).add(parent)
    out: dict[Node, set[Node]] = {}
    for start in parents:
        seen: set[Node] = set()
        todo = list(parents[start])
        while todo:
            node = todo.pop()
            if node not in seen and node != start:
                seen.add(node)
                todo.extend(parents.get(node, ()))
        out[start] = seen
    return out


def _biolink_matches(graph: Graph) -> tuple[dict[Node, set[Node]], dict[Node, set[Node]]]:
    """The Biolink terms each schema relation and class is equal to or narrower than
    (``skos:exactMatch`` / ``skos:broadMatch``; a close match is not an entailment)."""
    relations: dict[Node, set[Node]] = {}
    classes: dict[Node, set[Node]] = {}
    for link in (SKOS.exactMatch, SKOS.broadMatch):
        for term, match in graph.subject_objects(link):
            if str(match).startswith(BIOLINK_NS) and str(term).startswith(GJ_NS):
                kind = relations if (term, GJ.polarity, None) in graph else classes
                kind.setdefault(term, set()).add(match)
    return relations, classes


def _standard(term: Node, ancestors: dict[Node, set[Node]], biolink: dict[Node, set[Node]]) -> set[Node]:
    """The ancestors of a class or property to materialise: non-gj ones and ``gj:Concept``, plus the Biolink terms it
    or an ancestor maps to (gj's own hierarchy is left to property paths, so each step is seen once)."""
    lineage = {term} | ancestors.get(term, set())
    kept = {a for a in lineage - {term} if not str(a).startswith(GJ_NS) or a == GJ.Concept}
    return kept | {b for a in lineage for b in biolink.get(a, ())}


def identifier_iris(graph: Graph) -> Iterator[Triple]:
    """``dcterms:identifier`` IRIs for the DOIs, PMIDs and PMCIDs of every source."""
    forms: tuple[tuple[URIRef, Callable[[str], str]], ...] = (
        (GJ.doi, lambda v: "https://doi.org/" + quote(v, safe=_IRI_SAFE)),
        (GJ.pmid, lambda v: f"https://pubmed.ncbi.nlm.nih.gov/{quote(v, safe='')}/"),
        (GJ.pmcid, lambda v: f"https://pmc.ncbi.nlm.nih.gov/articles/{quote(v, safe='')}/"),
    )
    for predicate, form in forms:
        for source, value in graph.subject_objects(predicate):
            yield source, DCTERMS.identifier, URIRef(form(str(value).strip()))


def inferred_triples(graph: Graph) -> set[Triple]:
    """The triples of the inferred graph (see the module docstring) not already asserted in ``graph``."""
    out: set[Triple] = set()
    relations, classes_to = _biolink_matches(graph)
    classes = _ancestors(graph, RDFS.subClassOf)
    for thing, cls in graph.subject_objects(RDF.type):
        out.update((thing, RDF.type, sup) for sup in _standard(cls, classes, classes_to))
    properties = _ancestors(graph, RDFS.subPropertyOf)
    for prop in set(properties) | set(relations):
        supers = _standard(prop, properties, relations)
        for s, o in graph.subject_objects(prop) if supers else ():
            out.update((s, sup, o) for sup in supers)
    concept_classes = {c for c, sups in classes.items() if GJ.Concept in sups}
    for concept in {x for c in concept_classes for x in graph.subjects(RDF.type, c)}:
        out.add((concept, RDF.type, SKOS.Concept))
        out.add((concept, SKOS.inScheme, ONTOLOGY_IRI))
        out.update((concept, SKOS.prefLabel, label) for label in graph.objects(concept, RDFS.label))
    out.add((ONTOLOGY_IRI, RDF.type, SKOS.ConceptScheme))
    out.update(identifier_iris(graph))
    return {t for t in out if t not in graph}


def inferred_graph(graph: Graph) -> Graph:
    """The inferred graph of ``graph`` as a graph of its own (for ``push`` and the import stores)."""
    out = Graph()
    bind_prefixes(out)
    _fill(out, inferred_triples(graph))
    return out


def query_dataset(graph: Graph) -> Dataset:
    """A dataset of ``graph`` (:data:`ASSERTED_GRAPH`) and its inferences (:data:`INFERRED_GRAPH`), union by default, on
    the same kind of store; the asserted graph of its store (:func:`gutjoint_kg.kb.store.new_graph`) is not copied."""
    if graph.identifier == ASSERTED_GRAPH and graph.store.context_aware and len(list(graph.store.contexts())) <= 1:
        ds = Dataset(store=graph.store, default_union=True)
    else:
        kind = "Oxigraph" if type(graph.store).__module__.startswith("oxrdflib") else "default"
        ds = Dataset(store=kind, default_union=True)
        _fill(ds.graph(ASSERTED_GRAPH), graph)
    bind_prefixes(ds)
    _fill(ds.graph(INFERRED_GRAPH), inferred_triples(graph))
    return ds


def _fill(target: Graph, triples: Iterable[Triple]) -> None:
    target.addN((s, p, o, target) for s, p, o in triples)


def named_graphs(graph: Graph) -> list[Graph]:
    """The named graphs of a dataset from :func:`query_dataset` in IRI order (none for a plain graph)."""
    if not isinstance(graph, Dataset):
        return []
    return sorted(
        (g for g in graph.contexts() if g.identifier in (ASSERTED_GRAPH, INFERRED_GRAPH)), key=lambda g: g.identifier
    )
