"""Load and merge the knowledge base into an rdflib graph, and read concepts and statements from it.

RDF is the single source of truth: everything here is derived from the graph, never written back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from .. import resources
from ..errors import DataParseError, GutJointError, UsageError
from ..inputs import MAX_TERM_CHARS, iri_problem, line_of, read_bytes, reading
from ..terms import GJ
from ..vocab import EVIDENCE_NAMES, ONTOLOGY_IRI, NameIndex, bind_prefixes, curie, normalise
from . import cache
from .inferred import ASSERTED_GRAPH

#: RDF serialisation by file suffix, for ``--data`` files.
FORMAT_BY_SUFFIX = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".n3": "n3",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".trig": "trig",
    ".nq": "nquads",
}

MAPPING_PREDICATES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.relatedMatch, SKOS.broadMatch, SKOS.narrowMatch)


@dataclass(frozen=True)
class Relation:
    """A gj: relation with its declared polarity (+1, -1, 0) and whether paths may chain it."""

    iri: URIRef
    curie: str
    label: str
    short_label: str
    polarity: int
    causal: bool
    verb_phrase: str = ""  # gj:verbPhrase: how "<subject> ___ <object>" reads (the label when absent)
    chain_end: bool = False  # gj:chainEnd: may end a causal chain (condition -> manifestation)


@dataclass(frozen=True)
class EvidenceLevel:
    """A grade of the evidence scale; ``rank`` orders them (higher is stronger)."""

    iri: URIRef
    name: str
    rank: int
    label: str
    definition: str


@dataclass(frozen=True)
class Source:
    """An article section or publication that statements cite."""

    iri: URIRef
    key: str
    label: str
    doi: str | None = None
    pmid: str | None = None


@dataclass(frozen=True)
class Concept:
    """A node of the graph with its human-readable card."""

    iri: URIRef
    curie: str
    label: str
    category: str
    definition: str
    synonyms: tuple[str, ...] = ()
    mappings: tuple[tuple[str, str], ...] = ()  # (skos relation local name, CURIE)
    contested: bool = False
    note: str | None = None
    sources: tuple[str, ...] = ()

    @property
    def identifiers(self) -> tuple[str, ...]:
        """The external IDs that stand for this concept, for name lookup and linking imported graphs: ``exactMatch``
        CURIEs, plus for a protein the ``closeMatch`` ``HGNC:`` gene (gene-centred graphs put its edges on the gene)."""
        exact = [m for rel, m in self.mappings if rel == "exactMatch"]
        if any(m.startswith("UniProtKB:") for m in exact):
            exact += [m for rel, m in self.mappings if rel == "closeMatch" and m.startswith("HGNC:")]
        return tuple(exact)


@dataclass(frozen=True)
class Statement:
    """One curated edge with its evidence level and sources."""

    iri: URIRef | None
    subject: URIRef
    predicate: URIRef
    object: URIRef
    evidence: str | None
    sources: tuple[str, ...] = ()
    note: str | None = None


#: Kept for callers of the old private name; see :func:`gutjoint_kg.vocab.normalise`.
_normalise = normalise


def _rdf_format(path: Path) -> str:
    try:
        return FORMAT_BY_SUFFIX[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMAT_BY_SUFFIX))
        raise UsageError(f"{path}: unknown RDF file type {path.suffix!r} (known: {known})") from None


def parse_file(graph: Graph, path: Path) -> None:
    """Parse one RDF file into ``graph`` behind the input boundary (:mod:`gutjoint_kg.inputs`): a bad encoding,
    syntax, IRI or schema value, remote JSON-LD context, XML entity or resource limit is one :class:`GutJointError`."""
    data = read_bytes(path)
    fmt = _rdf_format(path)
    with reading(path):
        if not _parse_native(graph, path, fmt, data):
            part = Graph()
            _parse_rdflib(part, path, fmt, data)
            for term in {t for triple in part for t in triple if isinstance(t, URIRef)}:
                if problem := iri_problem(str(term)):
                    raise DataParseError(str(path), line_of(data, term.rsplit("/", 1)[-1]), problem)
            _check_values(path, data, part)
            graph += part


def _check_values(path: Path, data: bytes, triples: Iterable[tuple[Any, ...]]) -> None:
    """Refuse a file's ill-typed schema values (:data:`TYPED`) and over-long literals, by line."""
    for t in triples:
        s, p, o = t[:3]
        if p in TYPED:
            try:
                typed_value(s, p, o)
            except GutJointError as exc:
                line = None if getattr(o, "ill_typed", False) else line_of(data, str(o))
                raise DataParseError(str(path), line, str(exc)) from None
        elif isinstance(o, Literal) and len(o) > MAX_TERM_CHARS:
            raise DataParseError(str(path), line_of(data, o[:80]), f"literal longer than {MAX_TERM_CHARS:,} characters")


def _parse_rdflib(graph: Graph, path: Path, fmt: str, data: bytes) -> None:
    """rdflib's parse of ``data``, refusing what could reach the network or expand without bound."""
    if fmt == "xml" and (m := re.search(rb"<!ENTITY", data)):
        raise DataParseError(
            str(path),
            data.count(b"\n", 0, m.start()) + 1,
            "XML entity declarations are not read (entity expansion is off)",
        )
    try:
        if fmt == "json-ld":
            _refuse_remote_contexts(json.loads(data))
        graph.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except GutJointError as exc:
        raise DataParseError(str(path), None, str(exc)) from None
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # rdflib raises BadSyntax, SAXParseException, JSONDecodeError …
        line = getattr(exc, "lines", None)
        if line is not None:
            line += 1  # BadSyntax counts lines from 0
        line = line or getattr(exc, "lineno", None) or _line_from_message(str(exc))
        if hasattr(exc, "getLineNumber"):
            line = exc.getLineNumber()
        column = None
        if hasattr(exc, "_i") and hasattr(exc, "_str"):
            text = exc._str if isinstance(exc._str, str) else exc._str.decode("utf-8", "replace")
            column = exc._i - text.rfind("\n", 0, exc._i)
        reason = getattr(exc, "_why", None) or (str(exc).strip().splitlines() or [type(exc).__name__])[-1]
        raise DataParseError(str(path), line, f"{fmt} syntax error: {reason}", column) from exc


def _refuse_remote_contexts(node: Any) -> None:
    """JSON-LD is read offline: a ``@context`` or ``@import`` that names a document is an error."""
    if isinstance(node, list):
        for item in node:
            _refuse_remote_contexts(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in ("@context", "@import") and isinstance(value, str | list):
                for ref in [value] if isinstance(value, str) else value:
                    if isinstance(ref, str):
                        raise GutJointError(f"remote JSON-LD context {ref!r} is not fetched (offline); inline it")
            _refuse_remote_contexts(value)


#: Schema values the loader reads as numbers or flags: predicate -> (what it must be, converter).
_FLAGS = {"true": True, "false": False, "1": True, "0": False}
TYPED: dict[URIRef, tuple[str, Any]] = {
    GJ.polarity: ("1, -1 or 0", {"1": 1, "+1": 1, "-1": -1, "0": 0}.__getitem__),
    GJ.rank: ("an integer", int),
    GJ.causal: ("true or false", _FLAGS.__getitem__),
    GJ.chainEnd: ("true or false", _FLAGS.__getitem__),
    GJ.isContested: ("true or false", _FLAGS.__getitem__),
}


def typed_value(subject: Any, predicate: URIRef, node: Any) -> Any:
    """The Python value of a typed schema value (:data:`TYPED`); a missing or ill-typed one is an error
    (``gj:causal "maybe"`` is not read as false)."""
    what, convert = TYPED[predicate]
    try:
        if isinstance(node, Literal) and not node.ill_typed:
            return convert(str(node).strip())
    except (KeyError, ValueError):
        pass
    given = "nothing" if node is None else "an ill-typed literal" if node.ill_typed else node.n3()
    raise GutJointError(f"{curie(predicate)} of {curie(subject)} must be {what}, not {given}")


class OxigraphTerms:
    """Converts pyoxigraph terms to rdflib terms as rdflib's parsers build them, reusing IRI and literal objects (~10 µs
    each); one per document or answer. Blank nodes keep Oxigraph's labels unless ``fresh_blank_nodes`` (a file)."""

    def __init__(self, *, fresh_blank_nodes: bool = False):
        import pyoxigraph as ox

        self._named, self._blank, self._literal = ox.NamedNode, ox.BlankNode, ox.Literal
        self._fresh = fresh_blank_nodes
        self._iris: dict[str, URIRef] = {}
        self._bnodes: dict[str, BNode] = {}
        self._literals: dict[tuple[Any, ...], Literal] = {}

    def __call__(self, t: Any) -> Any:
        """The rdflib twin of one pyoxigraph term (hot loop: plain type tests, cached IRIs)."""
        kind = type(t)
        found: Any
        if kind is self._named:
            found = self._iris.get(t.value)
            if found is None:
                found = self._iris[t.value] = URIRef(t.value)
            return found
        if kind is self._blank:
            found = self._bnodes.get(t.value)
            if found is None:
                found = self._bnodes[t.value] = BNode() if self._fresh else BNode(t.value)
            return found
        if kind is self._literal:
            key = (t.value, t.language, t.datatype.value)
            found = self._literals.get(key)
            if found is None:
                found = self._literals[key] = self._literal_of(t)
            return found
        raise ValueError(f"unsupported RDF term {t!r}")  # RDF 1.2 triple terms: rdflib has none

    def _literal_of(self, t: Any) -> Literal:
        if t.language:
            return Literal(t.value, lang=t.language)
        datatype = t.datatype.value
        if datatype == _XSD_STRING or datatype == _RDF_LANG:
            return Literal(t.value)
        return Literal(t.value, datatype=self(t.datatype))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

#: What Oxigraph's parser reads differently from rdflib's: ``"x"^^xsd:string`` (rdflib keeps it
#: apart from ``"x"``) and language tags with capitals (Oxigraph lower-cases them). Files with
#: either (or an ``@`` before capitals anywhere, e.g. in a string) are parsed by rdflib.
_RDFLIB_ONLY = re.compile(rb"(?:xsd:|XMLSchema#)string\b|@[a-zA-Z0-9-]*[A-Z]")
_NATIVE_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES"}


def _parse_native(graph: Graph, path: Path, fmt: str, data: bytes | None = None) -> bool:
    """Parse Turtle / N-Triples with pyoxigraph's Rust parser (2× rdflib's speed), adding triples once all parsed;
    False if it does not apply, rejects the file or would read it otherwise (:data:`_RDFLIB_ONLY`): rdflib parses it."""
    if fmt not in _NATIVE_FORMATS:
        return False
    try:
        import pyoxigraph as ox
    except ImportError:  # pragma: no cover - pyoxigraph is a dependency, but rdflib alone suffices
        return False
    data = path.read_bytes() if data is None else data
    if _RDFLIB_ONLY.search(data):
        return False
    term = OxigraphTerms(fresh_blank_nodes=True)
    try:
        parser = ox.parse(data, getattr(ox.RdfFormat, _NATIVE_FORMATS[fmt]), base_iri=path.resolve().as_uri())
        triples = [(term(q.subject), term(q.predicate), term(q.object), graph) for q in parser]
        prefixes = dict(parser.prefixes) if fmt == "turtle" else {}
    except (SyntaxError, ValueError):
        return False
    _check_values(path, data, triples)
    graph.addN(triples)
    for prefix, ns in prefixes.items():
        graph.bind(prefix, ns)
    return True


def _line_from_message(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


def split_store(spec: str) -> tuple[str, Path | None]:
    """Split a ``--store`` value into the store kind and the import-store directory, if any.

    >>> split_store("oxigraph:/data/kg")
    ('oxigraph', PosixPath('/data/kg'))
    >>> split_store("memory")
    ('memory', None)
    """
    kind, sep, rest = spec.partition(":")
    if kind not in ("memory", "oxigraph"):
        raise UsageError(f"unknown store {spec!r}; choose memory, oxigraph or oxigraph:DIR")
    if sep and (kind == "memory" or not rest):
        raise UsageError(f"bad store {spec!r}; only oxigraph takes a directory (oxigraph:DIR)")
    return kind, Path(rest) if rest else None


def new_graph(store: str = "memory") -> Graph:
    """An empty graph on the chosen store (``memory`` = rdflib; ``oxigraph``, ``oxigraph:DIR`` = in-memory pyoxigraph),
    named :data:`~gutjoint_kg.kb.inferred.ASSERTED_GRAPH` so SPARQL can add the inferred graph to its store."""
    store, _ = split_store(store)
    if store == "memory":
        graph = Graph(identifier=ASSERTED_GRAPH)
    elif store == "oxigraph":
        try:
            import oxrdflib  # noqa: F401
        except ImportError:
            raise GutJointError(
                "--store oxigraph needs the optional extra: pip install 'gutjoint-kg[oxigraph]'"
            ) from None
        graph = Graph(store="Oxigraph", identifier=ASSERTED_GRAPH)
    else:
        raise UsageError(f"unknown store {store!r}; choose memory or oxigraph")
    bind_prefixes(graph)
    return graph


def load(
    data: Iterable[str | Path] = (),
    *,
    include_kb: bool = True,
    store: str = "memory",
    use_cache: bool = False,
) -> KnowledgeBase:
    """Load the shipped KB (only the schema if not ``include_kb``) plus user RDF files; loads nothing if any file fails.
    ``use_cache`` reuses derived indices keyed by content hash and version; RDF is then parsed only when needed.

    >>> kb = load()
    >>> kb.resolve("Tight junctions")
    rdflib.term.URIRef('https://w3id.org/gutjoint-kg/tight_junction')
    """
    shipped = resources.shipped_files() if include_kb else [resources.schema_file()]
    files = shipped + [Path(p) for p in data]
    for path in files:
        if not path.is_file():
            raise GutJointError(f"{path}: no such file")
    kind, imports = split_store(store)
    if imports is not None and not imports.is_dir():
        raise GutJointError(f"{imports}: no such import store (create one with: gutjoint-kg import FILE --into DIR)")
    kb = KnowledgeBase(files=files, store=kind)
    kb.imports = imports
    if use_cache:
        if cache.restore(kb):
            return kb
        kb.graph  # noqa: B018 - parse now so errors surface here
        cache.save(kb)
        return kb
    kb.graph  # noqa: B018 - parse now so that errors surface at load time
    return kb


def parse_files(files: Iterable[Path], store: str = "memory") -> Graph:
    """Parse every file into one new graph; any error aborts before the graph is returned."""
    graph = new_graph(store)
    staging = Graph() if store != "memory" else graph
    for path in files:
        parse_file(staging, path)
    if staging is not graph:
        graph += staging
    return graph


class KnowledgeBase:
    """The merged RDF graph plus read-only, lazily built indices over it."""

    #: the derived indices that the cache stores (each a cached_property below)
    CACHED: tuple[str, ...] = (
        "relations",
        "evidence_levels",
        "categories",
        "sources",
        "version",
        "concepts",
        "statements",
    )

    def __init__(self, graph: Graph | None = None, files: Iterable[Path] = (), store: str = "memory"):
        self.files = [Path(f) for f in files]
        self.store = store
        self.imports: Path | None = None  # directory of imported graphs (``--store oxigraph:DIR``)
        if graph is not None:
            self.__dict__["graph"] = graph

    @cached_property
    def graph(self) -> Graph:
        """The merged RDF graph (parsed on first use when indices came from the cache)."""
        return parse_files(self.files, self.store)

    @cached_property
    def query_graph(self) -> Graph:
        """What SPARQL queries see: the asserted graph and the inferred graph as named graphs of one
        dataset whose default graph is their union (:func:`gutjoint_kg.kb.inferred.query_dataset`)."""
        from .inferred import query_dataset

        return query_dataset(self.graph)

    # ------------------------------------------------------------------ schema
    @cached_property
    def relations(self) -> dict[URIRef, Relation]:
        """Every property with a declared ``gj:polarity``."""
        g = self.graph
        out = {}
        for prop, pol in g.subject_objects(GJ.polarity):
            if not isinstance(prop, URIRef):
                continue
            causal, end = g.value(prop, GJ.causal), g.value(prop, GJ.chainEnd)
            out[prop] = Relation(
                iri=prop,
                curie=curie(prop),
                label=str(g.value(prop, RDFS.label) or curie(prop)),
                short_label=str(g.value(prop, GJ.shortLabel) or g.value(prop, RDFS.label) or curie(prop)),
                polarity=typed_value(prop, GJ.polarity, pol),
                causal=causal is not None and typed_value(prop, GJ.causal, causal),
                verb_phrase=str(g.value(prop, GJ.verbPhrase) or g.value(prop, RDFS.label) or curie(prop)),
                chain_end=end is not None and typed_value(prop, GJ.chainEnd, end),
            )
        return out

    @cached_property
    def evidence_levels(self) -> dict[str, EvidenceLevel]:
        """Evidence levels by CLI name, strongest first."""
        g = self.graph
        by_iri = {iri: name for name, iri in EVIDENCE_NAMES.items()}
        levels = []
        for iri in g.subjects(RDF.type, GJ.EvidenceGrade):
            assert isinstance(iri, URIRef), iri  # SHACL: evidence levels are named
            name = by_iri.get(iri) or str(g.value(iri, RDFS.label))
            levels.append(
                EvidenceLevel(
                    iri=iri,
                    name=name,
                    rank=typed_value(iri, GJ.rank, g.value(iri, GJ.rank)),
                    label=str(g.value(iri, SKOS.altLabel) or g.value(iri, RDFS.label) or name),
                    definition=str(g.value(iri, SKOS.definition) or ""),
                )
            )
        return {lv.name: lv for lv in sorted(levels, key=lambda lv: -lv.rank)}

    def evidence_level(self, name: str) -> EvidenceLevel:
        """Look up an evidence level by name (case-insensitive); a bad name is a usage error."""
        key = name.strip().lower()
        if key in self.evidence_levels:
            return self.evidence_levels[key]
        raise UsageError(f"unknown evidence level {name!r}; valid: {', '.join(self.evidence_levels)}")

    @cached_property
    def categories(self) -> dict[URIRef, str]:
        """Category classes (subclasses of gj:Concept) mapped to their short names."""
        subjects = self.graph.subjects(RDFS.subClassOf, GJ.Concept)
        return {c: str(c).rsplit("/", 1)[-1] for c in subjects if isinstance(c, URIRef)}

    def category_name(self, name: str) -> str:
        """Canonical category name for a case/punctuation-insensitive spelling; usage error if unknown."""
        wanted = normalise(name).replace(" ", "")
        for short in self.categories.values():
            if short.lower() == wanted:
                return short
        raise UsageError(f"unknown category {name!r}; valid: {', '.join(sorted(self.categories.values()))}")

    @cached_property
    def sources(self) -> dict[URIRef, Source]:
        """Article sections and publications, by IRI."""
        g = self.graph
        out = {}
        for iri in set(g.subjects(GJ.citationKey, None)):
            if not isinstance(iri, URIRef):
                continue
            out[iri] = Source(
                iri=iri,
                key=str(g.value(iri, GJ.citationKey)),
                label=str(g.value(iri, RDFS.label) or curie(iri)),
                doi=_opt(g.value(iri, GJ.doi)),
                pmid=_opt(g.value(iri, GJ.pmid)),
            )
        return out

    @cached_property
    def version(self) -> str:
        """The ``owl:versionIRI`` of the ontology (the KB release), or ``unknown``."""
        v = self.graph.value(ONTOLOGY_IRI, OWL.versionIRI)
        return str(v) if v else "unknown"

    # ---------------------------------------------------------------- concepts
    @cached_property
    def concepts(self) -> dict[URIRef, Concept]:
        """Every instance of a category, with its card."""
        g = self.graph
        column, columns = self._column, self._columns
        labels, definitions, contested_flags, notes = (
            column(RDFS.label),
            column(SKOS.definition),
            column(GJ.isContested),
            column(GJ.note),
        )
        synonyms, derived = columns(SKOS.altLabel), columns(PROV.wasDerivedFrom)
        mapped = [(str(p).rsplit("#", 1)[-1], columns(p)) for p in MAPPING_PREDICATES]
        out: dict[URIRef, Concept] = {}
        for cat_iri, cat in self.categories.items():
            for iri in g.subjects(RDF.type, cat_iri):
                if not isinstance(iri, URIRef) or iri in out:
                    continue
                mappings = tuple((rel, m) for rel, by in mapped for m in sorted(curie(o) for o in by.get(iri, ())))
                contested = contested_flags.get(iri)
                out[iri] = Concept(
                    iri=iri,
                    curie=curie(iri),
                    label=str(labels.get(iri) or curie(iri)),
                    category=cat,
                    definition=str(definitions.get(iri) or ""),
                    synonyms=tuple(sorted(str(s) for s in synonyms.get(iri, ()))),
                    mappings=mappings,
                    contested=contested is not None and typed_value(iri, GJ.isContested, contested),
                    note=_opt(notes.get(iri)),
                    sources=tuple(sorted(self._source_key(s) for s in derived.get(iri, ()))),
                )
        return out

    def concept(self, name: str | URIRef) -> Concept:
        """The card of a concept given any name :meth:`resolve` accepts."""
        return self.concepts[self.resolve(name)]

    @cached_property
    def _name_index(self) -> dict[str, URIRef]:
        index: dict[str, URIRef] = {}
        # Lower tiers never override higher ones: CURIE/local name/label beat synonyms beat mappings.
        tiers: list[list[tuple[str, URIRef]]] = [[], [], []]
        for c in sorted(self.concepts.values(), key=lambda c: c.curie):
            tiers[0] += [(c.curie, c.iri), (c.curie.split(":", 1)[1], c.iri), (c.label, c.iri), (str(c.iri), c.iri)]
            tiers[1] += [(s, c.iri) for s in c.synonyms]
            tiers[2] += [(m, c.iri) for m in c.identifiers]
        for tier in tiers:
            for key, iri in tier:
                index.setdefault(normalise(key), iri)
                index.setdefault(key.lower(), iri)
        return index

    def name_index(self) -> dict[str, URIRef]:
        """Every name :meth:`resolve` matches exactly (lower-cased and normalised) -> concept IRI,
        in the order :meth:`suggest` ranks ties; the CLI's cached view keeps a copy."""
        return dict(self._name_index)

    def resolve(self, name: str | URIRef) -> URIRef:
        """Find a concept by CURIE, IRI, local name, label or synonym (case/punctuation-insensitive).
        Raises :class:`UnknownConceptError` with the closest names when nothing matches."""
        if isinstance(name, URIRef) and name in self.concepts:
            return name
        return self._names.resolve(str(name))

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """Labels of the concepts whose names are closest to ``text``."""
        return self._names.suggest(text, n)

    @cached_property
    def _names(self) -> NameIndex[URIRef]:
        return NameIndex(self._name_index, lambda iri: self.concepts[iri].label)

    # -------------------------------------------------------------- statements
    def _source_key(self, iri: URIRef) -> str:
        src = self.sources.get(iri)
        return src.key if src else curie(iri)

    @cached_property
    def statements(self) -> list[Statement]:
        """Every plain triple between two concepts over a gj: relation, with its annotations."""
        g = self.graph
        column = self._column
        subjects, predicates, objects = column(RDF.subject), column(RDF.predicate), column(RDF.object)
        annotations: dict[tuple[Any, ...], Any] = {}
        claims = set(g.subjects(RDF.type, GJ.Claim))  # the claim layer shares (s, p, o) but not the triple
        for annotation in g.subjects(RDF.type, GJ.Statement):
            if annotation in claims:
                continue
            annotations[(subjects.get(annotation), predicates.get(annotation), objects.get(annotation))] = annotation
        levels_by_iri = {lv.iri: lv.name for lv in self.evidence_levels.values()}
        levels, notes, derived = column(GJ.evidenceLevel), column(GJ.note), self._columns(PROV.wasDerivedFrom)
        out = []
        concepts = self.concepts
        for prop in self.relations:
            for s, o in g.subject_objects(prop):
                if not isinstance(s, URIRef) or not isinstance(o, URIRef) or s not in concepts or o not in concepts:
                    continue
                node = annotations.get((s, prop, o))
                level = levels.get(node) if node is not None else None
                out.append(
                    Statement(
                        iri=node if isinstance(node, URIRef) else None,
                        subject=s,
                        predicate=prop,
                        object=o,
                        evidence=levels_by_iri.get(level) if level is not None else None,
                        sources=tuple(sorted(self._source_key(x) for x in derived.get(node, ())))
                        if node is not None
                        else (),
                        note=_opt(notes.get(node)) if node is not None else None,
                    )
                )
        out.sort(key=lambda st: (curie(st.subject), curie(st.predicate), curie(st.object)))
        return out

    def _column(self, predicate: URIRef) -> dict[Any, Any]:
        """subject -> its (first) object of ``predicate``, in one pass: index building uses this
        instead of a ``graph.value`` lookup per node, which costs ~30 µs each on rdflib's memory store."""
        out: dict[Any, Any] = {}
        for s, o in self.graph.subject_objects(predicate):
            out.setdefault(s, o)
        return out

    def _columns(self, predicate: URIRef) -> dict[object, list[Any]]:
        """subject -> every object of ``predicate``, in one pass."""
        out: dict[object, list[Any]] = {}
        for s, o in self.graph.subject_objects(predicate):
            out.setdefault(s, []).append(o)
        return out

    def statements_about(self, iri: URIRef) -> tuple[list[Statement], list[Statement]]:
        """(outgoing, incoming) statements of one concept."""
        outgoing = [s for s in self.statements if s.subject == iri]
        incoming = [s for s in self.statements if s.object == iri]
        return outgoing, incoming

    def iter_triples(self) -> Iterator[tuple[Any, ...]]:
        """All triples of the merged graph (blank nodes included)."""
        return iter(self.graph)


def _opt(value: object) -> str | None:
    return None if value is None or isinstance(value, BNode) else str(value)
