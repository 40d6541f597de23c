"""Run SPARQL over the knowledge base: the named query library, safe parameters, timeouts, formats.

Parameters are never pasted into query text: rdflib gets them as ``initBindings`` on a prepared query, other engines
(Oxigraph, remote endpoints) a ``VALUES`` block of serialised RDF terms; both give the same answers."""

from __future__ import annotations

import builtins
import csv
import ctypes
import io
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.namespace import RDF, XSD
from rdflib.term import Identifier

from .. import resources
from ..errors import GutJointError, UnknownConceptError, UsageError
from ..vocab import PREFIXES, bind_prefixes, curie, expand
from . import guard

if TYPE_CHECKING:
    from ..kb.store import KnowledgeBase

T = TypeVar("T")

#: Parameter types a query header may declare, with the datatype of the literal they produce.
PARAM_TYPES: dict[str, URIRef | None] = {
    "concept": None,  # a concept by CURIE, IRI, label or synonym (resolved through the KB)
    "level": None,  # an evidence level by name (established, human, animal, article, contested)
    "iri": None,  # any IRI, written as a CURIE, <IRI> or http(s) IRI
    "string": XSD.string,
    "integer": XSD.integer,
    "decimal": XSD.decimal,
    "boolean": XSD.boolean,
}

#: Output formats for SELECT/ASK results and for CONSTRUCT/DESCRIBE graphs.
TABLE_FORMATS = ("table", "csv", "tsv", "json", "xml", "md")
GRAPH_FORMATS = ("ttl", "jsonld", "nt")
ALL_FORMATS = TABLE_FORMATS + GRAPH_FORMATS
_RDFLIB_GRAPH_FORMAT = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "json": "json-ld", "xml": "xml"}

ENGINES = ("rdflib", "oxigraph")
_PREFIX_DECL = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.IGNORECASE | re.MULTILINE)
_HEADER_LINE = re.compile(r"^#\s*(title|description|param|engines)\s*:\s*(.*)$", re.IGNORECASE)
_PARAM_SPEC = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*\((?P<type>\w+)(?:\s*,\s*(?P<opt>optional|default\s+(?P<default>[^)]*?)))?\s*\)"
    r"\s*(?:[—–-]+\s*(?P<desc>.*))?$"
)
_BAD_IRI_CHARS = re.compile(r'[\s<>"{}|^`\\]')
_IRI_REF = re.compile(r'<[^<>"\s]*>')
_VAR = re.compile(r"[?$]\w*")
_WORD = re.compile(r"[A-Za-z_][\w:.-]*")
_FORM = re.compile(r"^\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE | re.MULTILINE)


# --------------------------------------------------------------------------- the query library
@dataclass(frozen=True)
class Param:
    """A query parameter declared in a header line ``# param: name (type, default X) — text``."""

    name: str
    type: str
    default: str | None = None
    optional: bool = False
    description: str = ""

    @property
    def required(self) -> bool:
        """True when the caller must give a value (no default and not optional)."""
        return self.default is None and not self.optional


@dataclass(frozen=True)
class NamedQuery:
    """One ``ontology/queries/NAME.rq`` file: its header fields and the SPARQL text."""

    name: str
    path: Path
    title: str
    description: str
    text: str
    params: tuple[Param, ...] = ()
    engines: tuple[str, ...] = ("rdflib", "oxigraph", "virtuoso")

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE (the first query-form keyword of the text)."""
        m = _FORM.search(self.text)
        return m.group(1).upper() if m else "?"

    def param(self, name: str) -> Param | None:
        """The declared parameter called ``name`` (None if there is none)."""
        return next((p for p in self.params if p.name == name), None)

    def to_dict(self, *, with_text: bool = False) -> dict[str, Any]:
        """The header as JSON-ready data (CLI ``queries --format json`` and the server's ``/queries``)."""
        data = {
            "name": self.name,
            "form": self.form,
            "title": self.title,
            "description": self.description,
            "parameters": [
                {
                    "name": p.name,
                    "type": p.type,
                    "default": p.default,
                    "required": p.required,
                    "description": p.description,
                }
                for p in self.params
            ],
            "engines": list(self.engines),
        }
        if with_text:
            data["query"] = self.text
        return data


def parse_header(text: str, name: str = "<query>", path: Path | None = None) -> NamedQuery:
    """Read the ``# key: value`` comment header at the top of a query (continuation lines: ``#   ...``)."""
    fields: dict[str, list[str]] = {"title": [], "description": [], "param": [], "engines": []}
    last: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        m = _HEADER_LINE.match(stripped)
        if m:
            last = m.group(1).lower()
            fields[last].append(m.group(2).strip())
        elif last and re.match(r"#(\s{3,}|\t)\S", stripped):
            fields[last][-1] += " " + stripped.lstrip("#").strip()
        else:
            last = None
    if not fields["title"]:
        raise GutJointError(f"{path or name}: query header has no '# title:' line")
    params = []
    for spec in fields["param"]:
        m = _PARAM_SPEC.match(spec)
        if not m or m.group("type").lower() not in PARAM_TYPES:
            raise GutJointError(
                f"{path or name}: bad '# param:' line {spec!r}; expected 'name (TYPE[, default X | , optional]) — text'"
                f" with TYPE one of {', '.join(PARAM_TYPES)}"
            )
        default = m.group("default")
        params.append(
            Param(
                name=m.group("name"),
                type=m.group("type").lower(),
                default=default.strip().strip('"') if default else None,
                optional=m.group("opt") == "optional",
                description=(m.group("desc") or "").strip(),
            )
        )
    engines = tuple(fields["engines"][0].split()) if fields["engines"] else ("rdflib", "oxigraph", "virtuoso")
    return NamedQuery(
        name=name,
        path=path or Path(name),
        title=fields["title"][0],
        description=" ".join(fields["description"]),
        text=text,
        params=tuple(params),
        engines=engines,
    )


class QueryLibrary:
    """The named queries of a directory (default: the shipped ``ontology/queries``)."""

    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory) if directory else resources.query_dir()

    def list(self) -> list[NamedQuery]:
        """Every ``*.rq`` query, sorted by name."""
        return [self._read(p) for p in sorted(self.directory.glob("*.rq"))]

    def names(self) -> builtins.list[str]:
        """The names (file stems) of the queries."""
        return sorted(p.stem for p in self.directory.glob("*.rq"))

    def get(self, name: str) -> NamedQuery:
        """The query called ``name``; an unknown name lists the available ones."""
        path = self.directory / f"{name}.rq"
        if "/" in name or not path.is_file():
            import difflib

            names = self.names()
            close = difflib.get_close_matches(name, names, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise GutJointError(f"unknown query {name!r}; {hint}available: {', '.join(names)}")
        return self._read(path)

    def _read(self, path: Path) -> NamedQuery:
        return parse_header(path.read_text(encoding="utf-8"), path.stem, path)


def list_queries() -> list[NamedQuery]:
    """The shipped query library."""
    return QueryLibrary().list()


def get_query(name: str) -> NamedQuery:
    """One shipped query by name (``GutJointError`` listing the names if unknown)."""
    return QueryLibrary().get(name)


# --------------------------------------------------------------------------- parameters
def bind_params(
    params: tuple[Param, ...],
    values: Mapping[str, str],
    kb: KnowledgeBase | None = None,
) -> dict[str, Identifier]:
    """Turn ``--param key=value`` strings into typed RDF terms; usage error naming a bad one.
    Declared defaults fill the gaps; optional parameters without a value stay unbound."""
    declared = {p.name: p for p in params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise UsageError(f"unknown parameter {unknown[0]!r}; this query takes: {known}")
    out: dict[str, Identifier] = {}
    for p in params:
        raw = values.get(p.name, p.default)
        if raw is None:
            if p.required:
                raise UsageError(f"missing parameter {p.name!r} ({p.type}); give --param {p.name}=VALUE")
            continue
        out[p.name] = to_term(p, raw, kb)
    return out


def to_term(param: Param, raw: str, kb: KnowledgeBase | None = None) -> Identifier:
    """One value as an RDF term of the parameter's type (IRI or typed literal)."""
    text = raw.strip()
    kind = param.type
    try:
        if kind == "concept" and kb is not None:
            try:
                return kb.resolve(text)
            except UnknownConceptError as exc:
                raise UsageError(f"parameter {param.name!r}: {exc}") from None
        if kind == "level" and kb is not None and ":" not in text:
            return kb.evidence_level(text).iri
        if kind in ("concept", "level", "iri"):
            iri = expand(text)
            if not str(iri) or _BAD_IRI_CHARS.search(str(iri)):
                raise ValueError("characters not allowed in an IRI")
            return iri
        if kind == "integer":
            return Literal(int(text), datatype=XSD.integer)
        if kind == "decimal":
            return Literal(Decimal(text), datatype=XSD.decimal)
        if kind == "boolean":
            if text.lower() not in ("true", "false", "1", "0"):
                raise ValueError("expected true or false")
            return Literal(text.lower() in ("true", "1"), datatype=XSD.boolean)
        return Literal(raw)
    except UsageError as exc:
        if param.name in str(exc):
            raise
        raise UsageError(f"parameter {param.name!r}: {exc}") from None
    except (ValueError, InvalidOperation) as exc:
        example = {"integer": "3", "decimal": "0.5", "boolean": "true"}.get(kind, "gj:joint_pain or HP:0002829")
        raise UsageError(f"parameter {param.name!r}: {raw!r} is not a valid {kind} ({exc}; e.g. {example})") from None


def with_values(text: str, bindings: Mapping[str, Identifier]) -> str:
    """Bind variables by inserting ``VALUES (?a ?b) { (t1 t2) }`` at the top of the WHERE group.
    Terms are written as escaped N-Triples (:meth:`rdflib.term.Node.n3`), so user text cannot change the query."""
    if not bindings:
        return text
    names = " ".join(f"?{k}" for k in bindings)
    terms = " ".join(_nt(v) for v in bindings.values())
    block = f"\n  VALUES ({names}) {{ ({terms}) }}\n"
    pos = _where_brace(text)
    if pos is None:
        raise GutJointError("cannot bind parameters: the query has no WHERE { … } group")
    return text[: pos + 1] + block + text[pos + 1 :]


def _nt(term: Identifier) -> str:
    if isinstance(term, URIRef) and _BAD_IRI_CHARS.search(str(term)):
        raise UsageError(f"not a valid IRI: {str(term)!r}")
    return term.n3()


def _where_brace(text: str) -> int | None:
    """Index of the ``{`` that opens the outermost WHERE group (skips strings, IRIs, comments)."""
    i, n, depth = 0, len(text), 0
    construct = template_done = after_where = False
    while i < n:
        ch = text[i]
        if ch == "#":
            i = text.find("\n", i)
            if i < 0:
                return None
            continue
        if ch in "\"'":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
            continue
        if ch == "<":
            m = _IRI_REF.match(text, i)
            i = m.end() if m else i + 1
            continue
        if ch in "?$":
            i = _matched(_VAR.match(text, i)).end()
            continue
        if ch.isalpha() and depth == 0:
            m = _matched(_WORD.match(text, i))
            word = m.group().upper()
            if word == "CONSTRUCT":
                construct = True
            after_where = word == "WHERE"
            i = m.end()
            continue
        if ch == "{":
            if depth == 0:
                if construct and not template_done and not after_where:
                    template_done = True
                else:
                    return i
            depth += 1
        elif ch == "}":
            depth -= 1
        elif not ch.isspace() and depth == 0:
            after_where = False
        i += 1
    return None


# --------------------------------------------------------------------------- running
@dataclass
class Result:
    """A query's answer, fully materialised: rows for SELECT, a boolean for ASK, a graph otherwise."""

    form: str  # SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Identifier | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    engine: str = "rdflib"
    seconds: float = 0.0
    changed: int = 0  # UPDATE: triples added minus triples removed
    truncated: bool = False  # rows or triples were cut at ``max_rows``

    @property
    def kind(self) -> str:
        """SELECT, ASK or UPDATE, or CONSTRUCT for any graph answer (what content negotiation needs)."""
        return "CONSTRUCT" if self.form in ("CONSTRUCT", "DESCRIBE") else self.form

    def as_set(self) -> set[tuple[Identifier | None, ...]] | bool | Graph | None:
        """A comparable form: the set of rows, the boolean, or the graph."""
        if self.form == "SELECT":
            return set(self.rows)
        if self.form == "ASK":
            return self.boolean
        return self.graph

    def records(self) -> list[dict[str, Identifier | None]]:
        """SELECT rows as dicts keyed by variable name."""
        return [dict(zip(self.vars, row, strict=True)) for row in self.rows]


class QueryTimeoutError(GutJointError):
    """A query that ran longer than its timeout (exit code 1)."""


class _Cancelled(BaseException):
    """Raised asynchronously inside a worker thread whose query timed out."""


def engine_of(graph: Graph) -> str:
    """``oxigraph`` for a graph on the oxrdflib store, else ``rdflib``."""
    return "oxigraph" if type(graph.store).__module__.startswith("oxrdflib") else "rdflib"


def with_prologue(text: str) -> tuple[str, int]:
    """The query with PREFIX lines for the standard prefixes it does not declare itself, and the number of lines
    added (to map error positions back to the user's text)."""
    declared = {m.group(1) or "" for m in _PREFIX_DECL.finditer(text)}
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared]
    return ("\n".join(lines) + "\n" + text if lines else text), len(lines)


def is_update(text: str) -> bool:
    """True when the text is a SPARQL UPDATE rather than a query (by its first keyword); the guard
    (:func:`guard.check`) refuses what no query or update may do."""
    return guard.check(text) in guard.UPDATE_VERBS


def prepare(text: str) -> Any:
    """Parse and translate a query with rdflib (syntax errors name line, column and token)."""
    from rdflib.plugins.sparql import prepareQuery

    guard.check(text)
    full, offset = with_prologue(text)
    try:
        return prepareQuery(full)
    except Exception as exc:  # pyparsing.ParseException or rdflib's translation errors
        raise _syntax_error(exc, full, offset) from None


def _matched(m: re.Match[str] | None) -> re.Match[str]:
    """The match of a pattern that matches (possibly empty) at every position."""
    assert m is not None
    return m


def _syntax_error(exc: Exception, full: str, offset: int) -> GutJointError:
    lineno = getattr(exc, "lineno", None)
    if lineno is None:
        return GutJointError(f"SPARQL error: {str(exc).strip().splitlines()[0]}")
    loc = getattr(exc, "loc", 0)
    token = _matched(re.match(r"\S{0,40}", full[loc:])).group() or "end of query"
    expected = re.sub(r"\s+", " ", getattr(exc, "msg", "") or "")
    if re.fullmatch(r"Expected \w+(Query|Update)", expected):
        expected = ""  # pyparsing names only the top-level rule then: no help to the reader
    expected = expected if len(expected) <= 80 else expected[:79] + "…"
    return GutJointError(
        f"SPARQL syntax error at line {lineno - offset}, column {getattr(exc, 'col', '?')}: unexpected {token!r}"
        + (f" ({expected})" if expected else "")
    )


def _declared_params(text: str) -> tuple[Param, ...]:
    """The parameters a query's own header declares (none when it has no header)."""
    first_line = text.lstrip().split("\n", 1)[0]
    return parse_header(text).params if _HEADER_LINE.match(first_line.strip()) else ()


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE by the guard's tokens (which refuse SERVICE, FROM and deep
    nesting); anything else goes to rdflib's parser for its syntax error."""
    form = guard.check(text)
    return form if form in guard.QUERY_FORMS else prepare(text).algebra.name.replace("Query", "").upper()


def run(
    kb_or_graph: KnowledgeBase | Graph,
    text: str,
    *,
    params: Mapping[str, str] | None = None,
    declared: tuple[Param, ...] | None = None,
    bindings: Mapping[str, Identifier] | None = None,
    timeout: float | None = 30,
    allow_update: bool = False,
    max_rows: int | None = None,
) -> Result:
    """Run SPARQL on a KB (asserted + inferred graph) or a graph within ``timeout`` s, keeping at most ``max_rows`` rows
    or triples (then ``truncated``). ``params`` are typed from ``declared`` (the header's) and bound as rdflib
    ``initBindings`` (rdflib does not push a VALUES block into the pattern: 60 s vs 0.1 s) or an Oxigraph VALUES block.
    An UPDATE raises :class:`UsageError` unless ``allow_update``, and then changes only the in-memory asserted graph."""
    kb = None if isinstance(kb_or_graph, Graph) else kb_or_graph
    declared = _declared_params(text) if declared is None else declared
    if is_update(text):
        if not allow_update:
            raise UsageError("this is a SPARQL UPDATE; it is refused unless --allow-update is given")
        if params or bindings:
            raise UsageError("parameters are not supported for UPDATE requests")
        graph = kb_or_graph if isinstance(kb_or_graph, Graph) else kb_or_graph.graph  # the asserted graph
        return _run_update(graph, text, engine_of(graph), timeout)
    graph = kb_or_graph if isinstance(kb_or_graph, Graph) else kb_or_graph.query_graph
    engine = engine_of(graph)
    bindings = bind_params(declared, params or {}, kb) if bindings is None else bindings
    if engine == "rdflib":
        prepared = prepare(text)
        form = prepared.algebra.name.replace("Query", "").upper()

        def work() -> Result:
            return _materialise(graph.query(prepared, initBindings=bindings), form, max_rows)
    else:
        form = query_form(text)
        full = with_prologue(with_values(text, bindings))[0]

        def work() -> Result:
            return _run_native(*_oxigraph_of(graph), full, form, text, max_rows)

    start = time.perf_counter()
    result = _with_timeout(work, timeout)
    result.engine, result.seconds = engine, time.perf_counter() - start
    return result


def _run_update(graph: Graph, text: str, engine: str, timeout: float | None) -> Result:
    from rdflib.plugins.sparql import prepareUpdate

    full, offset = with_prologue(text)
    try:
        prepareUpdate(full)
    except Exception as exc:
        raise _syntax_error(exc, full, offset) from None
    before = len(graph)
    start = time.perf_counter()
    _with_timeout(lambda: graph.update(full), timeout)
    return Result(
        form="UPDATE", engine=engine, seconds=time.perf_counter() - start, changed=len(graph) - before, graph=graph
    )


def _plain(term: Any) -> Any:
    """RDF 1.1: a literal typed xsd:string is the simple literal; give both engines one spelling."""
    if isinstance(term, Literal) and term.datatype == XSD.string and not term.language:
        return Literal(str(term))
    return term


def _materialise(res: Any, form: str, max_rows: int | None = None) -> Result:
    """Pull the solutions, at most ``max_rows`` (inside the worker thread, so the timeout covers evaluation)."""
    if form == "SELECT":
        names = [str(v) for v in res.vars]
        rows = [tuple(_plain(row[i]) for i in range(len(names))) for row in islice(res, _past(max_rows))]
        return _cut(Result(form, vars=names, rows=rows), max_rows)
    if form == "ASK":
        return Result(form, boolean=bool(res.askAnswer))
    return _cut(_graph_result(form, ((s, p, _plain(o)) for s, p, o in res.graph), max_rows), max_rows)


def _past(max_rows: int | None) -> int | None:
    """How many rows to read to know whether there are more than ``max_rows``."""
    return None if max_rows is None else max_rows + 1


def _cut(result: Result, max_rows: int | None) -> Result:
    """``result`` with at most ``max_rows`` rows or triples; ``truncated`` when some were dropped."""
    if max_rows is None:
        return result
    if result.form == "SELECT" and len(result.rows) > max_rows:
        result.rows, result.truncated = result.rows[:max_rows], True
    elif result.graph is not None and result.form != "UPDATE" and len(result.graph) > max_rows:
        kept = _answer_graph()
        kept.addN((*t, kept) for t in islice(iter(result.graph), max_rows))
        result.graph, result.truncated = kept, True
    return result


def _graph_result(form: str, triples: Iterable[tuple[Any, Any, Any]], max_rows: int | None) -> Result:
    """A graph answer of the first ``max_rows`` + 1 ``triples`` (then :func:`_cut` decides)."""
    out = _answer_graph()
    out.addN((*t, out) for t in islice(triples, _past(max_rows)))
    return Result(form, graph=out)


def _answer_graph() -> Graph:
    """An empty CONSTRUCT/DESCRIBE answer graph on rdflib's context-free ``SimpleMemory`` store (adding is ~2× faster),
    with exactly the project's prefixes bound (binding rdflib's default set first costs a few ms per answer)."""
    out = Graph(store="SimpleMemory", bind_namespaces="none")
    bind_prefixes(out)
    return out


def _oxigraph_of(graph: Graph) -> tuple[Any, Any]:
    """The pyoxigraph.Store behind an oxrdflib graph and the graph's own graph name in it (None for a
    dataset: the union of all its graphs)."""
    import pyoxigraph as ox

    ident = graph.identifier
    store = graph.store._inner  # type: ignore[attr-defined]  # oxrdflib's pyoxigraph.Store
    if isinstance(graph, Dataset):  # every graph of the store: their union is the default graph
        return store, None
    return store, ox.NamedNode(str(ident)) if isinstance(ident, URIRef) else ox.BlankNode(str(ident))


def run_on_store(
    store: Any,
    text: str,
    *,
    graphs: list[str] | None = None,
    params: Mapping[str, str] | None = None,
    declared: tuple[Param, ...] | None = None,
    kb: KnowledgeBase | None = None,
    timeout: float | None = 30,
) -> Result:
    """Run a query on a ``pyoxigraph.Store`` whose named ``graphs`` (default: all) form the default graph, binding
    parameters as :func:`run` does (``kb`` resolves concept names); an UPDATE raises :class:`UsageError`."""
    if is_update(text):
        raise UsageError("SPARQL UPDATE is not accepted on an import store (it is changed only by gutjoint-kg import)")
    declared = _declared_params(text) if declared is None else declared
    bindings = bind_params(declared, params or {}, kb)
    form = query_form(text)
    full = with_prologue(with_values(text, bindings))[0]
    start = time.perf_counter()
    scope = None if graphs is None else [_ox_named(g) for g in graphs]
    result = _with_timeout(lambda: _run_native(store, scope, full, form, text), timeout)
    result.engine, result.seconds = "oxigraph", time.perf_counter() - start
    return result


def _run_native(store: Any, own: Any, query: str, form: str, text: str, max_rows: int | None = None) -> Result:
    """Run ``query`` on a pyoxigraph store over ``own`` (a graph name, a list: their union, None: all), not via oxrdflib
    (it builds each literal twice); syntax errors in rdflib's words if rdflib agrees on ``text``, else in Oxigraph's."""
    answer = _native_query(store, own, query, text)
    if form == "DESCRIBE":
        return _cut(Result(form, graph=_describe_as_cbd(store, own, answer)), max_rows)
    if form == "ASK":
        return Result(form, boolean=bool(answer))
    if form == "SELECT":
        names, rows = native_rows(answer, _past(max_rows))
        return _cut(Result(form, vars=names, rows=rows), max_rows)
    return _cut(_graph_result(form, native_triples(answer), max_rows), max_rows)


def native_rows(answer: Any, limit: int | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Variable names and the first ``limit`` (default: all) solutions of a pyoxigraph SELECT
    answer, as tuples of rdflib terms (None where unbound)."""
    from ..kb.store import OxigraphTerms

    term = OxigraphTerms()
    names = [v.value for v in answer.variables]
    return names, [tuple(None if v is None else term(v) for v in row) for row in islice(answer, limit)]


def native_triples(answer: Iterable[Any]) -> Iterator[tuple[Any, Any, Any]]:
    """The triples (or quads, graph dropped) of a pyoxigraph answer as rdflib terms, one at a time."""
    from ..kb.store import OxigraphTerms

    term = OxigraphTerms()
    return ((term(t.subject), term(t.predicate), term(t.object)) for t in answer)


def _ox_named(iri: str) -> Any:
    import pyoxigraph as ox

    return ox.NamedNode(iri)


def _native_query(store: Any, own: Any, query: str, text: str) -> Any:
    """pyoxigraph's lazy answer to ``query`` on graph(s) ``own`` (see :func:`_run_native`); a syntax
    error in rdflib's words when rdflib agrees (``text`` is the user's query), else in Oxigraph's."""
    scope: dict[str, Any] = {"use_default_graph_as_union": True} if own is None else {"default_graph": own}
    if own is not None and not isinstance(own, list):
        scope["named_graphs"] = []  # an oxrdflib graph's own name is internal: GRAPH ?g must not show it
    try:
        return store.query(query, **scope)  # only the query's own and the standard prefixes, as on rdflib
    except SyntaxError as exc:
        prepare(text)
        raise GutJointError(f"SPARQL syntax error: {exc}") from None


def native_answer(graph: Graph, query: str, text: str) -> Any:
    """The lazy pyoxigraph answer to ``query`` (prologue included) on an oxrdflib ``graph``, for callers that read
    only part of it (the server's row cap) with :func:`native_rows` / :func:`native_triples`."""
    return _native_query(*_oxigraph_of(graph), query, text)


def _describe_as_cbd(store: Any, own: Any, described: Iterable[Any]) -> Graph:
    """Give Oxigraph's DESCRIBE rdflib's meaning: the concise bounded description (:meth:`~rdflib.Graph.cbd`) of the IRI
    subjects in ``described``, with the ``rdf:Statement`` nodes reifying its triples, via native lookups in ``own``."""
    import pyoxigraph as ox

    out = _answer_graph()
    reifies = ox.NamedNode(str(RDF.subject))
    found: list[Any] = []
    expanded: set[Any] = set()

    scopes = own if isinstance(own, list) else [own]

    def quads(s: Any, p: Any, o: Any) -> list[Any]:
        return [q for g in scopes for q in store.quads_for_pattern(s, p, o, g)]

    def add(node: Any) -> None:
        for quad in quads(node, None, None):
            found.append(quad)
            if isinstance(quad.object, ox.BlankNode) and quad.object not in expanded:
                expanded.add(quad.object)
                add(quad.object)
        for statement in quads(None, reifies, node):
            found.extend(quads(statement.subject, None, None))

    for s in {t.subject for t in described}:
        if isinstance(s, ox.NamedNode):
            add(s)
    out.addN((*triple, out) for triple in native_triples({*found}))
    return out


def run_with_timeout(work: Callable[[], T], timeout: float) -> T:
    """Run ``work`` in a daemon thread, re-raising its exceptions; after ``timeout`` s raise :class:`QueryTimeoutError`.
    The thread gets an async exception, which stops rdflib's Python code; native Oxigraph runs on until process exit."""
    if timeout <= 0:
        raise UsageError(f"timeout must be positive, got {timeout}")
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = work()
        except _Cancelled:
            pass
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=target, name="gutjoint-kg-sparql", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident or 0), ctypes.py_object(_Cancelled))
        worker.join(2.0)
        raise QueryTimeoutError(f"query stopped after {timeout:g} s (--timeout)")
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def _with_timeout(work: Callable[[], T], timeout: float | None) -> T:
    """:func:`run_with_timeout` (or a plain call without a timeout), with engine errors as GutJointError."""
    try:
        return work() if timeout is None else run_with_timeout(work, timeout)
    except GutJointError:
        raise
    except Exception as exc:
        raise GutJointError(f"query failed: {type(exc).__name__}: {exc}") from exc


# --------------------------------------------------------------------------- serialising
def serialize_result(result: Result, fmt: str) -> str:
    """Write a result in ``fmt``: SPARQL 1.1 JSON/XML/CSV/TSV, a text table or Markdown for
    SELECT/ASK; Turtle, JSON-LD, N-Triples (``json``→JSON-LD, ``xml``→RDF/XML) for graphs."""
    fmt = fmt.lower()
    if result.form in ("CONSTRUCT", "DESCRIBE", "UPDATE"):
        name = {"table": "ttl", "md": "ttl"}.get(fmt, fmt)
        if name not in _RDFLIB_GRAPH_FORMAT:
            raise UsageError(f"format {fmt!r} is for SELECT/ASK results; a graph is written as ttl, jsonld or nt")
        return (result.graph or Graph()).serialize(format=_RDFLIB_GRAPH_FORMAT[name])
    if fmt in GRAPH_FORMATS:
        raise UsageError(f"format {fmt!r} is for CONSTRUCT/DESCRIBE; use one of {', '.join(TABLE_FORMATS)}")
    if result.form == "ASK":
        if fmt in ("csv", "tsv"):
            raise UsageError("SPARQL CSV/TSV are defined for SELECT only; use json, xml or table for ASK")
        if fmt in ("table", "md"):
            return "yes\n" if result.boolean else "no\n"
    if fmt == "tsv":
        return _tsv(result)
    if fmt == "csv":
        return _csv(result)
    if fmt in ("json", "xml"):
        return bytes(_rdflib_result(result).serialize(format=fmt)).decode("utf-8")
    if fmt not in ("table", "md"):
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(ALL_FORMATS)}")
    cells = [[_short(v) for v in row] for row in result.rows]
    if fmt == "md":
        lines = ["| " + " | ".join(result.vars) + " |", "|" + "---|" * len(result.vars)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    return _table(result.vars, cells) + f"\n({len(cells)} row{'s' if len(cells) != 1 else ''})\n"


def _rdflib_result(result: Result) -> Any:
    from rdflib.query import Result as RdflibResult

    out = RdflibResult(result.form)
    if result.form == "ASK":
        out.askAnswer = bool(result.boolean)
        return out
    out.vars = [Variable(v) for v in result.vars]
    out.bindings = [
        {
            Variable(k): _Kept(v) if isinstance(v, Literal) else v
            for k, v in zip(result.vars, row, strict=True)
            if v is not None
        }
        for row in result.rows
    ]
    return out


class _Kept(Literal):
    """A literal that is always true: rdflib's XML results writer drops falsy values (``0``, ``false``)."""

    def __new__(cls, term: Literal) -> _Kept:
        return super().__new__(cls, str(term), term.language, term.datatype, normalize=False)  # type: ignore[no-any-return]

    def __bool__(self) -> bool:
        return True


def _tsv(result: Result) -> str:
    """SPARQL 1.1 TSV: header ``?var``, terms in N-Triples syntax (tab, newline escaped), unbound as empty."""
    from rdflib.plugins.serializers.nt import _quoteLiteral

    def cell(v: Identifier | None) -> str:
        return "" if v is None else _quoteLiteral(v).replace("\t", "\\t") if isinstance(v, Literal) else v.n3()

    lines = [[f"?{v}" for v in result.vars]] + [[cell(v) for v in row] for row in result.rows]
    return "".join("\t".join(line) + "\n" for line in lines)


def _csv(result: Result) -> str:
    """SPARQL 1.1 CSV: header of bare names, IRIs and lexical forms, blank nodes as ``_:b``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow(["" if v is None else (v.n3() if isinstance(v, BNode) else str(v)) for v in row])
    return buf.getvalue()


def _short(term: Identifier | None) -> str:
    """Readable cell: CURIE for IRIs, the lexical form for literals."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return curie(term)
    return str(term) if isinstance(term, Literal) else term.n3()


def _table(columns: list[str], cells: list[list[str]], width: int = 60) -> str:
    cut = [[c if len(c) <= width else c[: width - 1] + "…" for c in row] for row in cells]
    widths = [max([len(c)] + [len(r[i]) for r in cut]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cut]
    return "\n".join(lines)


def to_json_rows(result: Result) -> list[dict[str, Any]]:
    """SELECT rows as plain dicts of CURIE/lexical strings (for Python callers and notebooks)."""
    return [{k: (_short(v) if v is not None else None) for k, v in r.items()} for r in result.records()]


__all__ = [
    "ALL_FORMATS",
    "NamedQuery",
    "Param",
    "QueryLibrary",
    "QueryTimeoutError",
    "Result",
    "bind_params",
    "get_query",
    "list_queries",
    "parse_header",
    "prepare",
    "run",
    "run_with_timeout",
    "serialize_result",
    "native_answer",
    "native_rows",
    "native_triples",
    "query_form",
    "run_on_store",
    "with_values",
]
