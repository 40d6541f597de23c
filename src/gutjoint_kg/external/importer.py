"""Import large external knowledge graphs into a persistent Oxigraph store, one named graph per file.
Bookkeeping graphs: a manifest (each file's live graph, triple count, hash) and links (curated concepts to external
nodes sharing an ID). A file loads into a staging graph made live in one transaction, so no half-import ever shows.
Formats: N-Triples, N-Quads, Turtle, KGX node/edge TSV, a CSV edge list (docs/scaling.md). pyoxigraph loads lazily."""

from __future__ import annotations

import csv
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..errors import DataParseError, GutJointError, UsageError
from ..inputs import check_text, iri_problem
from ..vocab import PREFIXES, expand_iri

if TYPE_CHECKING:  # pragma: no cover
    from ..kb.store import KnowledgeBase

#: Named graphs of a store: each imported file gets ``IMPORT_NS<name>/<stamp>``.
IMPORT_NS = "https://w3id.org/gutjoint-kg/import/"
MANIFEST_GRAPH = IMPORT_NS + "manifest"
LINKS_GRAPH = IMPORT_NS + "links"
#: The curated knowledge base, copied in by :meth:`ImportStore.link` so SPARQL on the store sees
#: curated and imported triples together (``gutjoint-kg sparql --store oxigraph:DIR``).
CURATED_GRAPH = IMPORT_NS + "curated"
CURATED_INFERRED_GRAPH = IMPORT_NS + "curated-inferred"  # the inferred graph of the curated copy
GJ_NS = PREFIXES["gj"]
SKOS_NS = PREFIXES["skos"]
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

FORMATS = ("nt", "ttl", "nq", "kgx", "csv")
SUFFIX_FORMATS = {".nt": "nt", ".ntriples": "nt", ".ttl": "ttl", ".turtle": "ttl", ".nq": "nq", ".csv": "csv"}

#: Where a CURIE whose prefix :func:`gutjoint_kg.vocab.converter` does not know is sent (``FOO:1``).
IDENTIFIERS_ORG = "https://identifiers.org/"

#: Batch size (lines) for line-based formats: bounded memory, progress updates, error isolation.
BATCH_LINES = 100_000


def _ox() -> Any:
    try:
        import pyoxigraph
    except ImportError:
        raise GutJointError("importing needs the optional extra: pip install 'gutjoint-kg[oxigraph]'") from None
    return pyoxigraph


# --------------------------------------------------------------------------- identifiers
def curie_to_iri(text: str) -> str:
    """The IRI of a CURIE (or ``<IRI>``/IRI) as used in imported graphs.

    >>> curie_to_iri("MONDO:0008383")
    'http://purl.obolibrary.org/obo/MONDO_0008383'
    >>> curie_to_iri("NCBIGene:7124")
    'http://identifiers.org/ncbigene/7124'
    >>> curie_to_iri("FOO:1")
    'https://identifiers.org/FOO:1'
    """
    t = text.strip()
    prefix, sep, local = t.partition(":")
    if t.startswith("urn:") or "://" in t or (t.startswith("<") and t.endswith(">")):
        iri = t if t.startswith("urn:") else expand_iri(t)
    elif not sep or not prefix or not local:
        raise ValueError(f"not a CURIE or IRI: {text!r}")
    else:
        try:
            iri = expand_iri(t)  # the one prefix table: curated KB, OBO, HGNC, UniProtKB, KG dumps
        except ValueError:
            iri = f"{IDENTIFIERS_ORG}{prefix}:{local}"
    if problem := iri_problem(iri):  # the IRI rule of Turtle: no cell can inject N-Triples
        raise ValueError(problem)
    return iri


def iri_to_curie(iri: str) -> str:
    """Shorten an IRI of an imported graph to a CURIE where a prefix is known, else keep it.

    >>> iri_to_curie("http://identifiers.org/ncbigene/7124")
    'NCBIGene:7124'
    >>> iri_to_curie("https://identifiers.org/FOO:1")
    'FOO:1'
    """
    from ..vocab import curie

    short = curie(iri)
    if short != iri:
        return short
    if iri.startswith(IDENTIFIERS_ORG) and ":" in iri[len(IDENTIFIERS_ORG) :]:
        return iri[len(IDENTIFIERS_ORG) :]
    return iri


def _nt_iri(text: str) -> str:
    return "<" + curie_to_iri(text) + ">"


def _nt_literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class LineError:
    """A malformed line (or record) of an imported file."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


@dataclass
class ImportResult:
    """What one file's import did: its graph, triple count, skipped lines and timing."""

    path: Path
    name: str
    graph: str
    format: str
    triples: int
    seconds: float
    skipped: list[LineError] = field(default_factory=list)
    replaced: bool = False

    @property
    def rate(self) -> float:
        """Triples per second."""
        return self.triples / self.seconds if self.seconds > 0 else float("inf")


@dataclass(frozen=True)
class ImportedGraph:
    """A manifest entry: the live named graph of one imported file."""

    name: str
    graph: str
    format: str
    triples: int
    sha256: str
    imported_at: str


# --------------------------------------------------------------------------- the store
class ImportStore:
    """A persistent Oxigraph store of imported graphs (``read_only`` opens it without a write lock)."""

    def __init__(self, directory: str | Path, *, create: bool = True, read_only: bool = False):
        ox = _ox()
        self.directory = Path(directory)
        if not create and not self.directory.is_dir():
            raise GutJointError(
                f"{self.directory}: no such import store (create one with: gutjoint-kg import FILE --into DIR)"
            )
        if self.directory.exists() and not self.directory.is_dir():
            raise GutJointError(f"{self.directory} exists and is not a directory")
        try:
            self.store = ox.Store.read_only(str(self.directory)) if read_only else ox.Store(str(self.directory))
        except OSError as exc:
            raise GutJointError(f"{self.directory}: cannot open the Oxigraph store: {exc}") from exc
        self._ox = ox

    # ---------------------------------------------------------------- manifest
    def imports(self) -> list[ImportedGraph]:
        """The live graph of every imported file, by file name."""
        rows = self.store.query(
            f"""SELECT ?g ?name ?fmt ?n ?sha ?at WHERE {{ GRAPH <{MANIFEST_GRAPH}> {{
              ?g <{GJ_NS}importedFile> ?name ; <{GJ_NS}importFormat> ?fmt ; <{GJ_NS}tripleCount> ?n ;
                 <{GJ_NS}sha256> ?sha ; <{GJ_NS}importedAt> ?at }} }} ORDER BY ?name"""
        )
        return [
            ImportedGraph(
                name=r["name"].value,
                graph=r["g"].value,
                format=r["fmt"].value,
                triples=int(r["n"].value),
                sha256=r["sha"].value,
                imported_at=r["at"].value,
            )
            for r in rows
        ]

    def graphs(self) -> list[str]:
        """IRIs of the live imported graphs."""
        return [g.graph for g in self.imports()]

    def _switch(self, name: str, graph: str, fmt: str, triples: int, sha: str) -> str | None:
        """Point the manifest entry of ``name`` to ``graph`` in one transaction; returns the old graph."""
        old = next((g.graph for g in self.imports() if g.name == name), None)
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        m, gj = MANIFEST_GRAPH, GJ_NS
        lit = _nt_literal(name)
        self.store.update(
            f"""DELETE {{ GRAPH <{m}> {{ ?g ?p ?o }} }}
            WHERE {{ GRAPH <{m}> {{ ?g <{gj}importedFile> {lit} ; ?p ?o }} }} ;
            INSERT DATA {{ GRAPH <{m}> {{
              <{graph}> <{gj}importedFile> {lit} ; <{gj}importFormat> "{fmt}" ;
                 <{gj}tripleCount> {triples} ; <{gj}sha256> "{sha}" ;
                 <{gj}importedAt> "{now}"^^<http://www.w3.org/2001/XMLSchema#dateTime> }} }}"""
        )
        return old

    def remove(self, name: str) -> bool:
        """Drop an imported file's graph and manifest entry; False if it was not imported."""
        entry = next((g for g in self.imports() if g.name == name), None)
        if entry is None:
            return False
        m = MANIFEST_GRAPH
        self.store.update(f"DELETE WHERE {{ GRAPH <{m}> {{ <{entry.graph}> ?p ?o }} }}")
        self._drop(entry.graph)
        return True

    def _drop(self, graph: str) -> None:
        node = self._ox.NamedNode(graph)
        if self.store.contains_named_graph(node):
            self.store.remove_graph(node)

    def clean_orphans(self) -> int:
        """Remove staging graphs of interrupted imports (not referenced by the manifest)."""
        live = set(self.graphs()) | {MANIFEST_GRAPH, LINKS_GRAPH, CURATED_GRAPH, CURATED_INFERRED_GRAPH}
        orphans = [g.value for g in self.store.named_graphs() if g.value.startswith(IMPORT_NS) and g.value not in live]
        for g in orphans:
            self._drop(g)
        return len(orphans)

    def triple_count(self, graph: str) -> int:
        """Number of triples in one named graph."""
        rows = list(self.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"))
        return int(rows[0]["n"].value)

    def flush(self) -> None:
        """Write buffered data to disk."""
        self.store.flush()

    # ---------------------------------------------------------------- import
    def import_file(
        self,
        path: str | Path,
        fmt: str | None = None,
        *,
        on_error: str = "fail",
        batch_lines: int = BATCH_LINES,
        progress: Callable[[int], None] | None = None,
    ) -> ImportResult:
        """Bulk-load one file into a fresh named graph made its live graph; ``progress`` gets bytes consumed per call.
        A bad line raises :class:`DataParseError` (store unchanged); ``on_error="skip"`` reports it (not for Turtle)."""
        path = Path(path)
        if on_error not in ("fail", "skip"):
            raise UsageError(f"on_error must be fail or skip, not {on_error!r}")
        if not path.is_file():
            raise GutJointError(f"{path}: no such file")
        fmt = (fmt or guess_format(path)).lower()
        if fmt not in FORMATS:
            raise UsageError(f"unknown import format {fmt!r}; choose one of {', '.join(FORMATS)}")
        name = path.name
        sha = _sha256(path)
        stamp = f"{time.time_ns():x}"
        graph = f"{IMPORT_NS}{quote(name, safe='')}/{stamp}"
        target = self._ox.NamedNode(graph)
        start = time.perf_counter()
        skipped: list[LineError] = []
        try:
            if fmt == "ttl":
                self._load_turtle(path, target, progress)
            else:
                lines = _LINE_READERS[fmt](path, skipped, on_error, progress, batch_lines)
                nq = self._ox.RdfFormat.N_QUADS if fmt == "nq" else self._ox.RdfFormat.N_TRIPLES
                self._load_lines(path, lines, target, nq, on_error, skipped)
        except BaseException as exc:
            try:
                self._drop(graph)  # nothing half-imported: the staging graph is never made live
            except OSError:
                pass  # e.g. a full disk: clean_orphans drops it on the next run
            if isinstance(exc, OSError):
                raise GutJointError(f"{path}: cannot import: {exc.strerror or exc}; nothing was imported") from exc
            raise
        triples = self.triple_count(graph)
        old = self._switch(name, graph, fmt, triples, sha)
        if old is not None and old != graph:
            self._drop(old)
        return ImportResult(path, name, graph, fmt, triples, time.perf_counter() - start, skipped, old is not None)

    def _load_turtle(self, path: Path, target: Any, progress: Callable[[int], None] | None) -> None:
        ox = self._ox
        try:
            self.store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=target)
        except SyntaxError as exc:
            raise DataParseError(str(path), exc.lineno, f"Turtle syntax error: {_reason(exc)}") from exc
        if progress:
            progress(path.stat().st_size)

    def _load_lines(
        self,
        path: Path,
        batches: Iterator[tuple[int, bytes]],
        target: Any,
        rdf_format: Any,
        on_error: str,
        skipped: list[LineError],
    ) -> None:
        """Load (first line number, block of whole lines) batches; a bad line is fatal or skipped
        (then the lines before it are loaded and loading resumes after it)."""
        ox = self._ox

        def bulk(block: bytes, target: Any) -> None:
            self.store.bulk_load(input=block, format=rdf_format, to_graph=target)

        load = self._load_quads if rdf_format == ox.RdfFormat.N_QUADS else bulk

        for first, block in batches:
            while block:
                try:
                    load(block, target)
                    break
                except SyntaxError as exc:
                    bad = exc.lineno or 1  # within the block, from 1
                    reason = f"{_FORMAT_NAMES[rdf_format]} syntax error: {_reason(exc)}"
                    err = LineError(str(path), first + bad - 1, reason)
                    if on_error == "fail":
                        raise DataParseError(err.path, err.line, err.message) from exc
                    skipped.append(err)
                    start = _line_start(block, bad)
                    if start:  # the lines before the bad one are valid: load them
                        load(block[:start], target)
                    block = block[_line_start(block, bad + 1) :]
                    first += bad

    def _load_quads(self, chunk: bytes, target: Any) -> None:
        """N-Quads: validate and fold every quad into the file's graph (original graph names dropped)."""
        ox = self._ox
        quads = [ox.Quad(q.subject, q.predicate, q.object, target) for q in ox.parse(chunk, ox.RdfFormat.N_QUADS)]
        self.store.bulk_extend(quads)

    # ---------------------------------------------------------------- linkage
    def link(self, kb: KnowledgeBase) -> int:
        """Rewrite the links graph from each curated concept to every external node (of a live imported graph) with
        one of its identifiers (``skos:exactMatch``; ``skos:closeMatch`` for a protein's gene); returns links made."""
        ox = self._ox
        graphs = [ox.NamedNode(g) for g in self.graphs()]
        found: list[Any] = []
        for iri, ext in curated_links(kb).items():
            node = ox.NamedNode(iri)
            for g in graphs:
                if _any(self.store.quads_for_pattern(node, None, None, g)) or _any(
                    self.store.quads_for_pattern(None, None, node, g)
                ):
                    found.extend(
                        ox.Quad(ox.NamedNode(c), ox.NamedNode(p), node, ox.NamedNode(LINKS_GRAPH)) for c, p in ext
                    )
                    break
        self._drop(LINKS_GRAPH)
        self.store.extend(found)
        self._copy_curated(kb)
        return len(found)

    def _copy_curated(self, kb: KnowledgeBase) -> None:
        """Replace the curated graph with ``kb``'s triples and its inferred graph with their
        inferences (:mod:`gutjoint_kg.kb.inferred`), and record which KB it is (its digest)."""
        from ..kb import cache
        from ..kb.inferred import inferred_graph

        ox, m, staging = self._ox, MANIFEST_GRAPH, f"{CURATED_GRAPH}/next"  # clean_orphans drops a leftover
        parts = ((staging, kb.graph), (f"{CURATED_INFERRED_GRAPH}/next", inferred_graph(kb.graph)))
        for graph, triples in parts:
            self._drop(graph)
            data = triples.serialize(format="nt", encoding="utf-8")
            self.store.load(data, ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
        self.store.update(  # one transaction: SPARQL never sees the store without the curated KB
            f"""MOVE SILENT GRAPH <{staging}> TO GRAPH <{CURATED_GRAPH}> ;
            MOVE SILENT GRAPH <{CURATED_INFERRED_GRAPH}/next> TO GRAPH <{CURATED_INFERRED_GRAPH}> ;
            DELETE WHERE {{ GRAPH <{m}> {{ <{CURATED_GRAPH}> <{GJ_NS}kbDigest> ?d }} }} ;
            INSERT DATA {{ GRAPH <{m}> {{ <{CURATED_GRAPH}> <{GJ_NS}kbDigest> "{cache.key(kb)}" }} }}"""
        )

    def curated_digest(self) -> str | None:
        """Digest of the curated KB copied into the store (see :func:`gutjoint_kg.kb.cache.key`), if any."""
        query = f"SELECT ?d WHERE {{ GRAPH <{MANIFEST_GRAPH}> {{ <{CURATED_GRAPH}> <{GJ_NS}kbDigest> ?d }} }}"
        rows = list(self.store.query(query))
        return rows[0]["d"].value if rows else None

    def links(self) -> list[tuple[str, str]]:
        """(curated concept IRI, external IRI) pairs of the links graph."""
        ox = self._ox
        return sorted(
            (q.subject.value, q.object.value)
            for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(LINKS_GRAPH))
        )


def _any(it: Iterable[Any]) -> bool:
    return next(iter(it), None) is not None


def curated_links(kb: KnowledgeBase) -> dict[str, list[tuple[str, str]]]:
    """External IRI -> (curated concept IRI, SKOS predicate IRI) for each concept it identifies: ``skos:exactMatch``,
    or ``skos:closeMatch`` for the HGNC gene of a protein (:attr:`~gutjoint_kg.kb.store.Concept.identifiers`)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for c in kb.concepts.values():
        identifiers = set(c.identifiers)
        for rel, m in c.mappings:
            if m not in identifiers:
                continue
            try:
                iri = curie_to_iri(m)
            except ValueError:
                continue
            out.setdefault(iri, []).append((str(c.iri), SKOS_NS + rel))
    return out


def curated_mappings(kb: KnowledgeBase) -> dict[str, list[str]]:
    """External IRI -> the curated concept IRIs it identifies (an ``exactMatch``, or a protein's gene)."""
    return {iri: [c for c, _ in links] for iri, links in curated_links(kb).items()}


def guess_format(path: Path) -> str:
    """Import format from a file name (``.nt``, ``.ttl``, ``.nq``, ``.csv``; ``.tsv`` is KGX)."""
    suffixes = [s.lower() for s in path.suffixes if s.lower() not in (".gz",)]
    suffix = suffixes[-1] if suffixes else ""
    if suffix == ".tsv":
        return "kgx"
    if suffix in SUFFIX_FORMATS:
        return SUFFIX_FORMATS[suffix]
    raise UsageError(
        f"{path}: cannot tell the format from {suffix or 'no suffix'!r}; give --format ({', '.join(FORMATS)})"
    )


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _reason(exc: SyntaxError) -> str:
    text = exc.msg if isinstance(exc.msg, str) else str(exc)
    return text.split(": ", 1)[1] if text.startswith("Parser error") and ": " in text else text


# --------------------------------------------------------------------------- line readers
def _raw_lines(path: Path, batch: int, progress: Callable[[int], None] | None) -> Iterator[tuple[int, bytes]]:
    """(number of the first line, block of whole lines) for about ``batch`` lines at a time, cut from big reads at the
    last newline so no Python code runs per line (that cost a tenth of an import)."""
    size = max(batch, 1) * 128  # N-Triples lines of public KGs average ~100-150 bytes
    lineno, rest = 1, b""
    with path.open("rb") as fh:
        while True:
            data = fh.read(size)
            if not data:
                break
            data = rest + data
            cut = data.rfind(b"\n") + 1
            if not cut:  # no line end yet: read on
                rest = data
                continue
            block, rest = data[:cut], data[cut:]
            yield lineno, block
            lineno += block.count(b"\n")
            if progress:
                progress(len(block))
    if rest:
        yield lineno, rest + b"\n"
        if progress:
            progress(len(rest))


def _line_start(block: bytes, line: int) -> int:
    """Byte offset where line ``line`` (from 1) of ``block`` starts (``len(block)`` past its end)."""
    pos = 0
    for _ in range(line - 1):
        pos = block.find(b"\n", pos) + 1
        if not pos:
            return len(block)
    return pos


def _nt_reader(
    path: Path, skipped: list[LineError], on_error: str, progress: Callable[[int], None] | None, batch: int
) -> Iterator[tuple[int, bytes]]:
    return _raw_lines(path, batch, progress)


def _kgx_reader(
    path: Path, skipped: list[LineError], on_error: str, progress: Callable[[int], None] | None, batch: int
) -> Iterator[tuple[int, bytes]]:
    """KGX TSV: a nodes file (``id`` column) or an edges file (``subject``/``predicate``/``object``)."""
    return _table_reader(path, skipped, on_error, progress, batch, delimiter="\t", kind="KGX")


def _csv_reader(
    path: Path, skipped: list[LineError], on_error: str, progress: Callable[[int], None] | None, batch: int
) -> Iterator[tuple[int, bytes]]:
    """CSV edge list: ``subject,predicate,object`` (+ optional ``subject_name``, ``object_name``)."""
    return _table_reader(path, skipped, on_error, progress, batch, delimiter=",", kind="CSV")


def _table_reader(
    path: Path,
    skipped: list[LineError],
    on_error: str,
    progress: Callable[[int], None] | None,
    batch: int,
    *,
    delimiter: str,
    kind: str,
) -> Iterator[tuple[int, bytes]]:
    """Translate a KGX/CSV table to N-Triples lines, batch by batch (bad rows: fatal or skipped)."""
    with path.open("rb") as fh:
        reader = csv.reader(_text_lines(path, fh), delimiter=delimiter)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise DataParseError(str(path), 1, f"{kind} file is empty (no header)") from None
        except csv.Error as exc:
            raise DataParseError(str(path), 1, f"{kind} header: {exc}") from None
        cols = {h: i for i, h in enumerate(header)}
        if {"subject", "predicate", "object"} <= cols.keys():
            row_to_nt = _edge_row(cols)
        elif "id" in cols:
            row_to_nt = _node_row(cols)
        else:
            raise DataParseError(
                str(path),
                1,
                f"{kind} header needs subject, predicate, object (edges) or id (nodes); got {', '.join(header)}",
            )
        out: list[bytes] = []
        first, consumed = 2, 0
        for lineno, row in _rows(path, reader, kind):
            consumed += sum(len(c) for c in row) + len(row)  # approximate bytes, for the progress bar
            try:
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) < len(header):
                    raise ValueError(f"expected {len(header)} fields, found {len(row)}")
                out.extend(row_to_nt(row))
            except ValueError as exc:
                err = LineError(str(path), lineno, f"{kind} row: {exc}")
                if on_error == "fail":
                    raise DataParseError(err.path, err.line, err.message) from None
                skipped.append(err)
            if len(out) >= batch:
                yield first, b"".join(out)  # translated lines are valid N-Triples
                out, first = [], lineno + 1
                if progress:
                    progress(consumed)
                consumed = 0
        if out:
            yield first, b"".join(out)
        if progress and consumed:
            progress(consumed)


def _text_lines(path: Path, fh: Iterable[bytes]) -> Iterator[str]:
    """The lines of a binary file as text, each checked to be UTF-8 without NUL (errors cite the line)."""
    for lineno, line in enumerate(fh, 1):
        check_text(path, line, lineno)
        yield line.decode("utf-8")


def _rows(path: Path, reader: Any, kind: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, row) of a csv reader; a malformed row (a field over the size limit …) is a parse error."""
    while True:
        first = reader.line_num + 1
        try:
            yield first, next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise DataParseError(str(path), reader.line_num, f"{kind}: {exc}") from None


def _edge_row(cols: dict[str, int]) -> Callable[[list[str]], list[bytes]]:
    s, p, o = cols["subject"], cols["predicate"], cols["object"]
    names = [(s, cols.get("subject_name")), (o, cols.get("object_name"))]
    label = "<" + RDFS_LABEL + ">"

    def convert(row: list[str]) -> list[bytes]:
        subj, pred, obj = (_nt_iri(_cell(row, i, n)) for i, n in ((s, "subject"), (p, "predicate"), (o, "object")))
        lines = [f"{subj} {pred} {obj} .\n"]
        for idx, name_col in names:
            if name_col is not None and name_col < len(row) and row[name_col].strip():
                lines.append(f"{_nt_iri(row[idx])} {label} {_nt_literal(row[name_col].strip())} .\n")
        return [line.encode("utf-8") for line in lines]

    return convert


def _node_row(cols: dict[str, int]) -> Callable[[list[str]], list[bytes]]:
    i = cols["id"]
    name = cols.get("name")
    category = cols.get("category")
    label, rdf_type = "<" + RDFS_LABEL + ">", "<" + RDF_TYPE + ">"

    def convert(row: list[str]) -> list[bytes]:
        node = _nt_iri(_cell(row, i, "id"))
        lines = []
        if name is not None and name < len(row) and row[name].strip():
            lines.append(f"{node} {label} {_nt_literal(row[name].strip())} .\n")
        if category is not None and category < len(row):
            for cat in row[category].split("|"):
                if cat.strip():
                    lines.append(f"{node} {rdf_type} {_nt_iri(cat.strip())} .\n")
        return [line.encode("utf-8") for line in lines]

    return convert


def _cell(row: list[str], index: int, column: str) -> str:
    value = row[index].strip() if index < len(row) else ""
    if not value:
        raise ValueError(f"empty {column}")
    curie_to_iri(value)  # raises ValueError naming the bad value
    return value


_LINE_READERS: dict[str, Callable[..., Iterator[tuple[int, bytes]]]] = {
    "nt": _nt_reader,
    "nq": _nt_reader,
    "kgx": _kgx_reader,
    "csv": _csv_reader,
}


def _format_names() -> dict[str, Any]:
    ox = _ox()
    return {ox.RdfFormat.N_TRIPLES: "N-Triples", ox.RdfFormat.N_QUADS: "N-Quads"}


class _LazyNames(dict[str, Any]):
    def __missing__(self, key: Any) -> str:
        self.update(_format_names())
        return dict.__getitem__(self, key) if key in self else str(key)


_FORMAT_NAMES: dict[str, Any] = _LazyNames()


def import_files(
    directory: str | Path,
    files: Iterable[str | Path],
    fmt: str | None = None,
    *,
    on_error: str = "fail",
    kb: KnowledgeBase | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[ImportResult], int]:
    """Import several files into the store at ``directory``, then relink it to the curated KB.
    Returns the per-file results and the number of links written (0 without ``kb``)."""
    store = ImportStore(directory)
    store.clean_orphans()
    results = [store.import_file(f, fmt, on_error=on_error, progress=progress) for f in files]
    links = store.link(kb) if kb is not None else 0
    store.flush()
    return results, links


__all__ = [
    "CURATED_GRAPH",
    "CURATED_INFERRED_GRAPH",
    "FORMATS",
    "ImportResult",
    "ImportStore",
    "ImportedGraph",
    "LineError",
    "curie_to_iri",
    "curated_mappings",
    "guess_format",
    "import_files",
    "iri_to_curie",
]
