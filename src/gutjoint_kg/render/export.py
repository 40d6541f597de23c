"""Export the knowledge base, or a view of it, in the formats other tools read.

:data:`WRITERS` maps a format name to a writer rendering in memory (text/bytes, or ``{file name: content}``) that
:func:`export` writes atomically. RDF of a view is its triples (:func:`view_graph`); graph formats use NetworkX."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.plugins.serializers.trig import TrigSerializer

from ..errors import UsageError
from ..kb.store import KnowledgeBase
from ..kb.views import View, select
from ..terms import GJ
from ..text import spreadsheet_safe
from ..vocab import BIOLINK, EVIDENCE_NAMES, ONTOLOGY_IRI, PREFIXES, bind_prefixes, curie, expand
from .atomic import atomic_dir, check_target, write_atomic
from .style import EVIDENCE_DASHES, EVIDENCE_WIDTH, POLARITY_COLOURS, category_style, hex_to_rgb

#: What a writer returns: the text or bytes of one file, or ``{relative file name: content}``.
Output = str | bytes | dict[str, str | bytes]

#: IRI of the TriG named graph that holds statement nodes and source descriptions.
PROVENANCE_GRAPH = URIRef(str(GJ) + "graph/provenance")

#: Information-resource CURIE of this knowledge graph, for KGX ``primary_knowledge_source``.
INFORES = "infores:gutjoint-kg"

#: Biolink 4.4.6 predicates that are not Translator-canonical -> the canonical inverse a KGX edge is
#: written with, subject and object swapped (checked against bmt by tests/test_biolink.py).
CANONICAL_INVERSE = {"biolink:part_of": "biolink:has_part"}

KGX_NODE_COLUMNS = ("id", "category", "name", "description", "xref", "synonym", "provided_by", "iri")
KGX_EDGE_COLUMNS = (
    "id",
    "subject",
    "predicate",
    "object",
    "original_predicate",
    "object_direction_qualifier",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "publications",
    "gj:evidenceLevel",  # the statement node's own properties, as CURIEs so a KGX -> RDF round trip keeps them
    "prov:wasDerivedFrom",
    "gj:note",
)
CSV_NODE_COLUMNS = ("curie", "label", "category", "definition", "synonyms", "mappings", "contested", "iri")
CSV_EDGE_COLUMNS = (
    "statement",
    "subject",
    "subject_label",
    "relation",
    "relation_label",
    "object",
    "object_label",
    "polarity",
    "causal",
    "evidence",
    "evidence_rank",
    "sources",
    "note",
)
CSV_PATH_COLUMNS = (
    "chain",
    "step",
    "source",
    "source_label",
    "relation",
    "relation_label",
    "polarity",
    "target",
    "target_label",
    "evidence",
    "sources",
    "note",
    "chain_net_effect",
    "chain_weakest_evidence",
)


@dataclass(frozen=True)
class Writer:
    """A registered export format: how to render it and what it produces."""

    name: str
    description: str
    extension: str  # file suffix, or "" for a directory
    multi_file: bool
    render: Callable[[KnowledgeBase, View | None], Output]


#: format name -> writer, in the order ``export --list`` shows them.
WRITERS: dict[str, Writer] = {}


def register(name: str, description: str, extension: str = "", multi_file: bool = False) -> Callable[..., Any]:
    """Decorator adding a render function to :data:`WRITERS` under ``name``."""

    def deco(func: Callable[[KnowledgeBase, View | None], Output]) -> Callable[..., Any]:
        WRITERS[name] = Writer(name, description, extension, multi_file, func)
        return func

    return deco


def writer(name: str) -> Writer:
    """The writer of a format name; a usage error lists the valid names."""
    try:
        return WRITERS[name.lower()]
    except KeyError:
        raise UsageError(f"unknown export format {name!r}; valid: {', '.join(WRITERS)}") from None


# --------------------------------------------------------------------------------- public API
def render(kb: KnowledgeBase, fmt: str, view: View | None = None) -> Output:
    """Render ``kb`` (or ``view`` of it) in format ``fmt`` without writing anything."""
    return writer(fmt).render(kb, view)


def export(
    kb: KnowledgeBase, fmt: str, dest: str | Path, *, view: View | None = None, force: bool = False
) -> list[Path]:
    """Write ``kb`` (or ``view``) to ``dest`` in ``fmt`` atomically; returns the files written.
    Multi-file formats make a directory. An existing ``dest`` goes only with ``force``; a failed render keeps it."""
    w = writer(fmt)
    # Refuse early (before the possibly slow render) when the target exists and force is off.
    check_target(dest, force=force, directory=w.multi_file and not _single_file_view(w, view))
    return _write_output(w.render(kb, view), Path(dest), force=force)


def export_all(
    kb: KnowledgeBase,
    dest: str | Path,
    *,
    view: View | None = None,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Write every format into directory ``dest`` plus ``manifest.json``; returns the manifest.
    The manifest (KB and package versions, counts, each file's SHA-256) is what a citable release is made from."""
    from .. import __version__

    graph_view = view or select(kb)
    entries: list[dict[str, Any]] = []
    with atomic_dir(dest, force=force) as tmp:
        for name, w in WRITERS.items():
            output = w.render(kb, view)
            target = tmp / (f"{name}" if isinstance(output, dict) else f"gutjoint-kg{w.extension}")
            for path in _write_output(output, target, force=False):
                data = path.read_bytes()
                entries.append(
                    {
                        "path": path.relative_to(tmp).as_posix(),
                        "format": name,
                        "bytes": len(data),
                        "sha256": hashlib.sha256(data).hexdigest(),
                    }
                )
            if progress:
                progress(name)
        manifest = {
            "name": "gutjoint-kg",
            "kb_version": kb.version,
            "package_version": __version__,
            "view": _describe_view(view),
            "counts": {
                "concepts": graph_view.graph.number_of_nodes(),
                "statements": graph_view.graph.number_of_edges(),
                "triples": len(kb.graph if view is None else view_graph(kb, view)),
                "sources": len(kb.sources),
            },
            "files": entries,
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _single_file_view(w: Writer, view: View | None) -> bool:
    return view is not None and (w.name == "mermaid" or (w.name == "csv" and view.kind == "path"))


def _write_output(output: Output, dest: Path, *, force: bool) -> list[Path]:
    if not isinstance(output, dict):
        return [write_atomic(dest, output, force=force)]
    written = []
    with atomic_dir(dest, force=force) as tmp:
        for name, content in sorted(output.items()):
            if isinstance(content, bytes):
                (tmp / name).write_bytes(content)
            else:
                with open(tmp / name, "w", encoding="utf-8", newline="\n") as fh:
                    fh.write(content)
            written.append(dest / name)
    return written


def _describe_view(view: View | None) -> dict[str, Any]:
    if view is None:
        return {"kind": "kb", "title": "the whole knowledge base"}
    return {"kind": view.kind, "title": view.title, "focus": view.focus}


# ------------------------------------------------------------------------------------ RDF
def view_graph(kb: KnowledgeBase, view: View) -> Graph:
    """The RDF triples of a view: its concepts' non-relation triples, its edges with their statement nodes, then the
    ontology header, cited sources and ``gj:`` schema terms they use, to a fixed point (blank nodes followed)."""
    g = kb.graph
    out = _new_graph()
    relations = set(kb.relations)

    def describe(subject: Any, skip: set[Any] | frozenset[Any] = frozenset()) -> None:
        for p, o in g.predicate_objects(subject):
            if p in skip or (subject, p, o) in out:
                continue
            out.add((subject, p, o))
            if isinstance(o, BNode):
                describe(o)

    G = view.graph
    for _, data in G.nodes(data=True):
        describe(URIRef(data["iri"]), relations)
    for u, v, data in G.edges(data=True):
        out.add((URIRef(G.nodes[u]["iri"]), expand(data["relation"]), URIRef(G.nodes[v]["iri"])))
        if data.get("statement"):
            describe(expand(data["statement"]))
    describe(ONTOLOGY_IRI)

    done: set[Any] = set()
    while True:
        todo = set()
        for _s, p, o in out:
            todo.add(p)
            if p in (PROV.wasDerivedFrom, DCTERMS.isPartOf, RDF.type, GJ.evidenceLevel):
                todo.add(o)
            if p in (RDFS.subClassOf, RDFS.subPropertyOf):
                todo.add(o)
        todo = {t for t in todo - done if isinstance(t, URIRef) and _describable(t, kb)}
        if not todo:
            return out
        for term in todo:
            describe(term)
        done |= todo


def _describable(term: URIRef, kb: KnowledgeBase) -> bool:
    """Schema terms (``gj:X``) and sources (``gjsrc:X``) are pulled into a view; concepts are not."""
    c = curie(term)
    return (c.startswith("gj:") and term not in kb.concepts) or c.startswith("gjsrc:")


def _new_graph() -> Graph:
    out = Graph()
    bind_prefixes(out)
    return out


def _rdf(kb: KnowledgeBase, view: View | None) -> Graph:
    return kb.graph if view is None else view_graph(kb, view)


@register("ttl", "RDF Turtle (whole KB or the view's triples)", ".ttl")
def to_turtle(kb: KnowledgeBase, view: View | None = None) -> str:
    """Turtle, the format the KB is authored in."""
    return _rdf(kb, view).serialize(format="turtle")


@register("nt", "RDF N-Triples, sorted lines (diff-friendly)", ".nt")
def to_ntriples(kb: KnowledgeBase, view: View | None = None) -> str:
    """N-Triples with lines sorted, so two releases diff line by line."""
    lines = _rdf(kb, view).serialize(format="nt").splitlines()
    return "".join(line + "\n" for line in sorted(set(lines)) if line.strip())


@register("jsonld", "JSON-LD with a compact @context of the project prefixes", ".jsonld")
def to_jsonld(kb: KnowledgeBase, view: View | None = None) -> str:
    """JSON-LD compacted against an inline ``@context`` (no remote context is fetched to read it)."""
    text = _rdf(kb, view).serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)
    return json.dumps(_canonical_json(json.loads(text)), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _canonical_json(node: Any) -> Any:
    """Sort JSON-LD arrays (unordered sets, except ``@list``) so a release is byte-reproducible."""
    if isinstance(node, dict):
        return {k: ([_canonical_json(x) for x in v] if k == "@list" else _canonical_json(v)) for k, v in node.items()}
    if isinstance(node, list):
        items = [_canonical_json(x) for x in node]
        return sorted(items, key=lambda x: json.dumps(x, sort_keys=True, ensure_ascii=False))
    return node


@register("rdfxml", "RDF/XML (Protege, OWL API and older triple stores)", ".rdf")
def to_rdfxml(kb: KnowledgeBase, view: View | None = None) -> str:
    """RDF/XML, abbreviated where rdflib can, byte-reproducible: sorted triples in rdflib's dict-backed store
    (the default store iterates sets, in hash order) and sorted namespace declarations."""
    ordered = bind_prefixes(Graph(store="SimpleMemory"))
    for triple in sorted(_rdf(kb, view)):
        ordered.add(triple)
    text: str = ordered.serialize(format="pretty-xml")
    declarations = re.search(r"(\n  xmlns:[^\n]*)+", text)
    if declarations is None:  # pragma: no cover - rdflib always declares the rdf namespace
        return text
    lines = sorted(declarations.group(0).split("\n")[1:])
    return text[: declarations.start()] + "".join("\n" + line for line in lines) + text[declarations.end() :]


@register("trig", "TriG: knowledge in the default graph, statements and sources in a provenance graph", ".trig")
def to_trig(kb: KnowledgeBase, view: View | None = None) -> str:
    """TriG with two graphs: the default graph holds schema, concepts and plain edge triples;
    ``gj:graph/provenance`` holds every statement node (evidence, sources, notes) and source description."""
    ds = dataset(kb, view)
    serializer = TrigSerializer(ds)
    # rdflib lists a dataset's graphs from a set (hash order): the default graph first, then by IRI
    serializer.contexts = sorted(
        serializer.contexts, key=lambda g: (g.identifier != DATASET_DEFAULT_GRAPH_ID, g.identifier)
    )
    out = io.BytesIO()
    serializer.serialize(out, encoding="utf-8")
    return out.getvalue().decode("utf-8")


def dataset(kb: KnowledgeBase, view: View | None = None) -> Dataset:
    """Split the KB (or view) triples into the TriG layout of :func:`to_trig`."""
    g = _rdf(kb, view)
    provenance_subjects = set(g.subjects(RDF.type, GJ.Statement)) | {s.iri for s in kb.sources.values()}
    ds = Dataset()
    bind_prefixes(ds)
    prov_graph = ds.graph(PROVENANCE_GRAPH)
    for triple in g:
        (prov_graph if triple[0] in provenance_subjects else ds.default_graph).add(triple)
    return ds


@register("verdicts", "Derived gj:verdict of every claim of the article (gutjoint-kg check)", ".verdicts.ttl")
def to_verdicts(kb: KnowledgeBase, view: View | None = None) -> str:
    """Turtle of the derived ``gj:verdict`` of every ``gjc:`` claim (of the claims between concepts
    of ``view``, when given); the named query ``claim-verdicts`` lists them with the claims."""
    from ..claims import kb_verdict_graph

    nodes = set(view.graph.nodes) if view is not None else None
    return kb_verdict_graph(kb, nodes=nodes).serialize(format="turtle")


# ------------------------------------------------------------------------- graph formats
def _view(kb: KnowledgeBase, view: View | None) -> View:
    return view if view is not None else select(kb)


def _scalar(value: Any) -> Any:
    """Lists -> ``"; "``-joined strings, ``None`` -> ``""``; bool/int/float/str unchanged."""
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return "; ".join(str(v) for v in value)
    return value


def scalar_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A sorted copy of ``G`` whose attributes are scalars (GraphML/GEXF allow no lists or None)."""
    H = nx.MultiDiGraph(**{k: _scalar(v) for k, v in G.graph.items()})
    for n in sorted(G.nodes):
        H.add_node(n, **{k: _scalar(v) for k, v in G.nodes[n].items()})
    for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])):
        H.add_edge(u, v, key=k, **{a: _scalar(b) for a, b in d.items()})
    return H


def _graph_attrs(kb: KnowledgeBase, view: View) -> dict[str, str]:
    return {"name": view.title, "kb_version": kb.version, "view": view.kind}


@register("graphml", "GraphML with typed attributes (yEd, Gephi, Cytoscape desktop)", ".graphml")
def to_graphml(kb: KnowledgeBase, view: View | None = None) -> str:
    """GraphML; lists become ``"; "``-joined strings, polarity/evidence_rank are ints, causal a boolean."""
    v = _view(kb, view)
    H = scalar_graph(v.graph)
    H.graph.update(_graph_attrs(kb, v))
    return "\n".join(nx.generate_graphml(H, prettyprint=True)) + "\n"


_GEXF_SHAPES = {"triangle": "triangle", "triangleDown": "triangle", "box": "square", "square": "square"}
_GEXF_SHAPES |= {"diamond": "diamond"}


@register("gexf", "GEXF 1.2 with category colours and evidence-weighted edges (Gephi)", ".gexf")
def to_gexf(kb: KnowledgeBase, view: View | None = None) -> str:
    """GEXF with ``viz`` colours/shapes by category, edge colour by polarity, dashes for weak evidence;
    edge ``weight`` is the evidence rank + 1 so Gephi layouts pull well-supported links tighter."""
    v = _view(kb, view)
    H = scalar_graph(v.graph)
    H.graph.update(_graph_attrs(kb, v))
    for n, d in H.nodes(data=True):
        style = category_style(d.get("category"))
        r, g, b = hex_to_rgb(style["color"])
        d["viz"] = {
            "color": {"r": r, "g": g, "b": b, "a": 1.0},
            "size": 10.0 + 2.0 * v.graph.degree(n),
            "shape": _GEXF_SHAPES.get(style["shape"], "disc"),
        }
    for u, w, k, d in H.edges(keys=True, data=True):
        r, g, b = hex_to_rgb(POLARITY_COLOURS.get(d.get("polarity", 0), POLARITY_COLOURS[0]))
        rank = d.get("evidence_rank", 0)
        d["id"] = f"{u}|{k}|{w}"
        d["weight"] = float(max(rank, 0) + 1)
        d["viz"] = {
            "color": {"r": r, "g": g, "b": b, "a": 1.0},
            "thickness": EVIDENCE_WIDTH.get(rank, 1.0),
            "shape": "dashed" if EVIDENCE_DASHES.get(d.get("evidence") or "", False) else "solid",
        }
    text = "\n".join(nx.generate_gexf(H, version="1.2draft")) + "\n"
    # networkx stamps today's date; use the KB release date so the same release gives the same bytes
    release = re.search(r"\d{4}-\d{2}-\d{2}", kb.version)
    if release:
        text = re.sub(r'lastmodifieddate="[^"]*"', f'lastmodifieddate="{release.group(0)}"', text, count=1)
    return text


@register("cyjs", "Cytoscape.js JSON (also opens in Cytoscape desktop)", ".cyjs")
def to_cyjs(kb: KnowledgeBase, view: View | None = None) -> str:
    """Cytoscape JSON: ``elements.nodes[].data`` and ``elements.edges[].data`` with style hints
    (``color``, ``shape``, ``line_style``); lists stay JSON arrays. Readable by ``nx.cytoscape_graph``."""
    v = _view(kb, view)
    G = v.graph
    nodes = []
    for n in sorted(G.nodes):
        d = G.nodes[n]
        style = category_style(d.get("category"))
        nodes.append({"data": {"id": n, "value": n, "name": d.get("label", n), **_json_attrs(d), **style}})
    edges = []
    for u, w, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])):
        edges.append(
            {
                "data": {
                    "id": f"{u}|{k}|{w}",
                    "source": u,
                    "target": w,
                    "key": k,
                    "interaction": d.get("relation_label", k),
                    **_json_attrs(d),
                    "color": POLARITY_COLOURS.get(d.get("polarity", 0), POLARITY_COLOURS[0]),
                    "line_style": "dashed" if EVIDENCE_DASHES.get(d.get("evidence") or "", False) else "solid",
                }
            }
        )
    doc = {
        "data": _graph_attrs(kb, v),
        "directed": True,
        "multigraph": True,
        "elements": {"nodes": nodes, "edges": edges},
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _json_attrs(d: dict[str, Any]) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, tuple | set) else v) for k, v in d.items()}


@register("nodelink", "NetworkX node-link JSON (nx.node_link_graph reads it back)", ".nodelink.json")
def to_nodelink(kb: KnowledgeBase, view: View | None = None) -> str:
    """``networkx.node_link_data`` with ``edges="edges"``; attributes kept as JSON (lists stay lists)."""
    v = _view(kb, view)
    G = v.graph
    H = nx.MultiDiGraph(**(G.graph | _graph_attrs(kb, v)))
    H.add_nodes_from((n, G.nodes[n]) for n in sorted(G.nodes))
    H.add_edges_from(sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])))
    data = nx.node_link_data(H, edges="edges")
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


# ------------------------------------------------------------------------------------ KGX
def biolink_match(kb: KnowledgeBase, term: URIRef) -> str | None:
    """The Biolink CURIE a schema term maps to: skos:exactMatch, else closeMatch, else broadMatch."""
    for pred in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch):
        for o in sorted(str(o) for o in kb.graph.objects(term, pred)):
            if o.startswith(str(BIOLINK)):
                return curie(o)
    return None


def _kgx_ids(kb: KnowledgeBase, G: nx.MultiDiGraph) -> dict[str, str]:
    """KGX node ids: a concept's single external ``exactMatch`` CURIE when no other concept claims
    it (so the graph merges with Monarch/KG-Hub graphs on shared ids), else its ``gj:`` CURIE."""
    wanted: dict[str, str] = {}
    for n in G.nodes:
        concept = kb.concepts[URIRef(G.nodes[n]["iri"])]
        exact = [m for rel, m in concept.mappings if rel == "exactMatch" and ":" in m and "://" not in m]
        if len(exact) == 1:
            wanted[n] = exact[0]
    claims: dict[str, int] = {}
    for c in kb.concepts.values():
        for rel, m in c.mappings:
            if rel == "exactMatch":
                claims[m] = claims.get(m, 0) + 1
    return {n: wanted[n] if n in wanted and claims.get(wanted[n]) == 1 else n for n in G.nodes}


def _publications(kb: KnowledgeBase, keys: list[str]) -> list[str]:
    by_key = {s.key: s for s in kb.sources.values()}
    out = []
    for key in keys:
        src = by_key.get(key)
        if src is None:
            continue
        if src.pmid:
            out.append(f"PMID:{src.pmid}")
        if src.doi:
            out.append(f"doi:{src.doi}")
    return out


def _tsv(value: Any) -> str:
    """One KGX TSV cell: lists are ``|``-joined, tabs and newlines become spaces."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "|".join(_tsv(v).replace("|", "/") for v in value if v not in (None, ""))
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(str(value).split()) if any(c in str(value) for c in "\t\r\n") else str(value)


@register("kgx", "KGX TSV (nodes.tsv + edges.tsv) with Biolink categories and predicates", multi_file=True)
def to_kgx(kb: KnowledgeBase, view: View | None = None) -> dict[str, str]:
    """KGX TSV for Biolink pipelines (Monarch, KG-Hub). Categories and predicates come from the
    schema's skos mappings to Biolink (``biolink:NamedThing`` / ``biolink:related_to`` when none)."""
    v = _view(kb, view)
    G = v.graph
    ids = _kgx_ids(kb, G)
    cat_iris = {name: iri for iri, name in kb.categories.items()}
    rel_by_curie = {r.curie: r for r in kb.relations.values()}
    by_key = {s.key: s for s in kb.sources.values()}
    node_rows = []
    for n in sorted(G.nodes, key=lambda n: ids[n]):
        d = G.nodes[n]
        category = biolink_match(kb, cat_iris[d["category"]]) if d.get("category") in cat_iris else None
        xrefs = [m for m in d.get("mappings", []) if m != ids[n]]
        if ids[n] != n:
            xrefs.insert(0, n)
        node_rows.append(
            {
                "id": ids[n],
                "category": category or "biolink:NamedThing",
                "name": d.get("label", ""),
                "description": d.get("definition", ""),
                "xref": xrefs,
                "synonym": d.get("synonyms", []),
                "provided_by": [INFORES],
                "iri": d.get("iri", ""),
            }
        )
    edge_rows = []
    for u, w, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: (ids[e[0]], e[2], ids[e[1]])):
        polarity = d.get("polarity", 0)
        predicate = biolink_match(kb, rel_by_curie[k].iri) or "biolink:related_to"
        subject, obj = (ids[w], ids[u]) if predicate in CANONICAL_INVERSE else (ids[u], ids[w])
        edge_rows.append(
            {
                "id": d.get("statement") or f"{u}--{k.split(':')[-1]}--{w}",
                "subject": subject,
                "predicate": CANONICAL_INVERSE.get(predicate, predicate),
                "object": obj,
                "original_predicate": k,
                "object_direction_qualifier": {1: "increased", -1: "decreased"}.get(polarity, ""),
                "knowledge_level": "statistical_association" if k == "gj:associatedWith" else "knowledge_assertion",
                "agent_type": "manual_agent",
                "primary_knowledge_source": INFORES,
                "publications": _publications(kb, d.get("sources", [])),
                "gj:evidenceLevel": curie(EVIDENCE_NAMES[d["evidence"]]) if d.get("evidence") else "",
                "prov:wasDerivedFrom": [curie(by_key[key].iri) for key in d.get("sources", []) if key in by_key],
                "gj:note": d.get("note") or "",
            }
        )
    return {
        "nodes.tsv": _tsv_table(KGX_NODE_COLUMNS, node_rows),
        "edges.tsv": _tsv_table(KGX_EDGE_COLUMNS, edge_rows),
    }


def _tsv_table(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    lines = ["\t".join(columns)]
    lines += ["\t".join(_tsv(row.get(c)) for c in columns) for row in rows]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------ CSV
def _csv(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    out = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    out.writeheader()
    for row in rows:
        out.writerow({c: spreadsheet_safe(v) if isinstance(v := _scalar(row.get(c)), str) else v for c in columns})
    return buf.getvalue()


@register("csv", "CSV tables: nodes.csv + edges.csv (one steps file for a --path view)", ".csv", multi_file=True)
def to_csv(kb: KnowledgeBase, view: View | None = None) -> Output:
    """Spreadsheet tables; list cells are ``"; "``-joined. A path view gives one row per chain step."""
    v = _view(kb, view)
    G = v.graph
    if v.kind == "path":
        rows = []
        for i, chain in enumerate(v.chains, 1):
            for j, step in enumerate(chain.steps, 1):
                rows.append(
                    {
                        "chain": i,
                        "step": j,
                        "source": step.source,
                        "source_label": G.nodes[step.source].get("label", ""),
                        "relation": step.relation,
                        "relation_label": step.relation_label,
                        "polarity": step.polarity,
                        "target": step.target,
                        "target_label": G.nodes[step.target].get("label", ""),
                        "evidence": step.evidence,
                        "sources": list(step.sources),
                        "note": step.note,
                        "chain_net_effect": chain.net_effect,
                        "chain_weakest_evidence": chain.weakest_evidence,
                    }
                )
        return _csv(CSV_PATH_COLUMNS, rows)
    nodes = [{"curie": n, **G.nodes[n]} for n in sorted(G.nodes)]
    edges = []
    for u, w, _k, d in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])):
        edges.append(
            {
                **d,
                "subject": u,
                "subject_label": G.nodes[u].get("label", ""),
                "object": w,
                "object_label": G.nodes[w].get("label", ""),
            }
        )
    return {"nodes.csv": _csv(CSV_NODE_COLUMNS, nodes), "edges.csv": _csv(CSV_EDGE_COLUMNS, edges)}


# ------------------------------------------------------------------------- text diagrams
@register("mermaid", "Mermaid flowchart text (GitHub/GitLab); the whole KB as one file per category", ".mmd", True)
def to_mermaid_text(kb: KnowledgeBase, view: View | None = None) -> Output:
    """Mermaid ``flowchart LR`` of the view (see :mod:`gutjoint_kg.diagram`); without a view, one
    diagram per category, since the whole KB exceeds mermaid's default limits."""
    from .diagram import mermaid_parts, to_mermaid

    return to_mermaid(view) if view is not None else mermaid_parts(_view(kb, view).graph)


@register("dot", "Graphviz DOT text (render with dot -Tsvg)", ".dot")
def to_dot_text(kb: KnowledgeBase, view: View | None = None) -> str:
    """Graphviz DOT of the view (see :mod:`gutjoint_kg.diagram`)."""
    from .diagram import to_dot

    return to_dot(_view(kb, view))
