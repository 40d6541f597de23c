"""Client side of a remote SPARQL 1.1 server: push the knowledge base, query it, fetch subgraphs.

Standard protocols only (SPARQL 1.1 Protocol and Update, Graph Store HTTP) over urllib, proxies off, no extra needed.
Long SELECTs are paged (``ORDER BY`` + ``LIMIT``/``OFFSET``) past silent server caps (Virtuoso: 10 000 rows)."""

from __future__ import annotations

import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD
from rdflib.term import Identifier

from .. import sparql
from ..errors import GutJointError, UsageError
from ..terms import GJ
from ..vocab import ONTOLOGY_IRI, bind_prefixes, curie
from . import guard

if TYPE_CHECKING:  # pragma: no cover
    from ..kb.store import KnowledgeBase

#: Named graph that ``push`` writes to unless told otherwise.
DEFAULT_GRAPH = "https://w3id.org/gutjoint-kg/graph"

#: Rows asked for per page; at most Virtuoso's default ``ResultSetMaxRows``.
PAGE_SIZE = 10_000

#: Triples per SPARQL Update / Graph Store request when pushing.
BATCH_SIZE = 1_000

#: Statements a subgraph fetch may bring back before it refuses (keeps ``--endpoint`` bounded).
MAX_STATEMENTS = 50_000

#: Response headers by which servers announce that they cut a result set short.
TRUNCATION_HEADERS = ("x-sparql-maxrows", "x-gutjoint-truncated")

_VALUES_CHUNK = 200


class RemoteError(GutJointError):
    """The remote server refused a request, timed out or answered something unreadable."""


# --------------------------------------------------------------------------- results and query text
def parse_json_results(body: bytes) -> tuple[list[str], list[dict[str, Identifier]]] | bool:
    """Variables and rows (unbound variables absent) of SPARQL JSON results, or an ASK boolean; parsed by rdflib."""
    from rdflib.query import Result as Parsed

    try:
        parsed = Parsed.parse(io.BytesIO(body), format="json")
        if parsed.type == "ASK":
            return bool(parsed.askAnswer)
        return [str(v) for v in parsed.vars or []], [{str(k): v for k, v in row.items()} for row in parsed.bindings]
    except Exception as exc:  # rdflib raises JSON, key and term errors for a malformed answer
        raise RemoteError(f"the server sent unreadable SPARQL JSON results ({exc!r})") from None


_PROLOGUE = re.compile(r"\A(?:\s+|#[^\n]*\n|(?i:PREFIX)\s+[\w.-]*:\s*<[^>]*>|(?i:BASE)\s*<[^>]*>)*")


def split_prologue(query: str) -> tuple[str, str]:
    """Split ``query`` into its prologue (comments, PREFIX and BASE lines) and the rest.

    >>> split_prologue("PREFIX a: <urn:a>\\n# hi\\nSELECT * {}")
    ('PREFIX a: <urn:a>\\n# hi\\n', 'SELECT * {}')
    """
    m = _PROLOGUE.match(query)
    end = m.end() if m else 0
    return query[:end], query[end:]


def _has_top_level(body: str, keyword: str) -> bool:
    """True when ``keyword`` occurs after the last closing brace (a solution modifier of the outer query)."""
    tail = body[body.rfind("}") + 1 :] if "}" in body else body
    return re.search(rf"(?i)\b{keyword}\b", tail) is not None


def iri(term: str | URIRef) -> str:
    """``<IRI>`` for SPARQL text; refuses characters that would end the IRI early."""
    text = str(term)
    if re.search(r'[<>"{}|^`\\\s]', text):
        raise UsageError(f"not a valid IRI: {text!r}")
    return f"<{text}>"


# --------------------------------------------------------------------------- the endpoint
class Endpoint:
    """A SPARQL 1.1 endpoint over HTTP (query, update, optionally Graph Store); ``graph`` restricts reads to one named
    graph, ``user``/``password`` answer Basic or Digest challenges (Virtuoso's ``/sparql-auth`` asks for Digest)."""

    def __init__(
        self,
        url: str,
        *,
        graph: str | None = None,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 60.0,
        page_size: int = PAGE_SIZE,
    ):
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise UsageError(f"--endpoint must be an http(s) URL, not {url!r}")
        if page_size < 1:
            raise UsageError("page size must be at least 1")
        self.url, self.graph, self.timeout, self.page_size = url, graph, timeout, page_size
        self.user = user
        self.software = ""  # the Server header of the last answer (e.g. "Virtuoso/07.20.3229 …")
        handlers: list[urllib.request.BaseHandler] = [urllib.request.ProxyHandler({})]  # never via a proxy
        if user is not None:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, f"{parsed.scheme}://{parsed.netloc}/", user, password or "")
            handlers += [urllib.request.HTTPDigestAuthHandler(manager), urllib.request.HTTPBasicAuthHandler(manager)]
        self._opener = urllib.request.build_opener(*handlers)

    def __repr__(self) -> str:
        return f"Endpoint({self.url!r}, graph={self.graph!r})"

    # ------------------------------------------------------------------ HTTP
    def request(
        self,
        url: str,
        *,
        method: str = "POST",
        data: bytes | None = None,
        content_type: str | None = None,
        accept: str | None = None,
    ) -> tuple[bytes, dict[str, str]]:
        """One HTTP request; returns (body, lower-cased headers). Errors name the status and the server's reason."""
        headers = {"User-Agent": "gutjoint-kg"}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        req = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with self._opener.open(req, timeout=self.timeout) as resp:
                headers = {k.lower(): v for k, v in resp.headers.items()}
                self.software = headers.get("server", self.software)
                return resp.read(), headers
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()
            reason = " ".join(detail.split())[:300] or exc.reason
            raise RemoteError(f"{url}: HTTP {exc.code}: {reason}") from None
        except urllib.error.URLError as exc:
            raise RemoteError(f"{url}: cannot connect ({exc.reason})") from None
        except TimeoutError:
            raise RemoteError(f"{url}: no answer within {self.timeout:g} s") from None
        except ValueError as exc:  # urllib's reaction to an authentication scheme it cannot answer
            raise RemoteError(f"{url}: {exc}") from None

    def _params(self) -> list[tuple[str, str]]:
        return [("default-graph-uri", self.graph)] if self.graph else []

    def query_raw(self, query: str, accept: str) -> tuple[bytes, dict[str, str]]:
        """POST ``query`` (form-encoded, as the Protocol allows) and return the raw body and headers."""
        form = urllib.parse.urlencode([("query", query), *self._params()]).encode()
        return self.request(self.url, data=form, content_type="application/x-www-form-urlencoded", accept=accept)

    def update(self, update: str) -> None:
        """Run a SPARQL 1.1 Update request."""
        form = urllib.parse.urlencode([("update", update)]).encode()
        self.request(self.url, data=form, content_type="application/x-www-form-urlencoded", accept="*/*")

    # ------------------------------------------------------------------ queries
    def ask(self, query: str) -> bool:
        """The boolean of an ASK query."""
        body, _ = self.query_raw(sparql.with_prologue(query)[0], "application/sparql-results+json")
        result = parse_json_results(body)
        if isinstance(result, bool):
            return result
        _, rows = result  # Virtuoso answers ASK with a one-cell table when it dislikes the Accept header
        return bool(rows) and any(str(v) in ("1", "true") for v in rows[0].values())

    def select_page(self, query: str) -> tuple[list[str], list[dict[str, Identifier]], int | None]:
        """One SELECT request: (variables, rows, cap) where ``cap`` is the row cap the server announced, if any."""
        body, headers = self.query_raw(query, "application/sparql-results+json")
        result = parse_json_results(body)
        if isinstance(result, bool):
            raise RemoteError("expected a SELECT result, got a boolean")
        return result[0], result[1], _cap(headers)

    def select(
        self, query: str, *, order_by: Sequence[str] | None = None, max_rows: int | None = None
    ) -> sparql.Result:
        """All rows of a SELECT, paged past server caps: its ORDER BY is kept, its LIMIT/OFFSET wrapped as a sub-query
        if capped, else ordered by ``order_by`` (default: all projected); :class:`RemoteError` past ``max_rows``."""
        query = sparql.with_prologue(query)[0]
        prologue, body = split_prologue(query)
        if guard.check(body) != "SELECT":
            raise UsageError("only SELECT queries can be paged; run CONSTRUCT/ASK with query_raw")
        if _has_top_level(body, "LIMIT") or _has_top_level(body, "OFFSET"):
            variables, rows, cap = self.select_page(query)
            if cap is None or len(rows) < cap:
                if max_rows is not None and len(rows) > max_rows:
                    raise RemoteError(f"the answer has more than {max_rows} rows; narrow the query")
                return _select_result(variables, rows)
        if _has_top_level(body, "ORDER") and not _has_top_level(body, "LIMIT") and not _has_top_level(body, "OFFSET"):
            variables, base = [], query
        elif order_by is None or _has_top_level(body, "LIMIT") or _has_top_level(body, "OFFSET"):
            variables, _, _ = self.select_page(prologue + f"SELECT * WHERE {{ {{ {body} }} }} LIMIT 0")
            keys = order_by or variables
            base = prologue + f"SELECT * WHERE {{ {{ {body} }} }} ORDER BY " + " ".join(f"?{v}" for v in keys)
        else:
            variables = []
            base = query + " ORDER BY " + " ".join(f"?{v}" for v in order_by)
        found: list[dict[str, Identifier]] = []
        page = self.page_size
        while True:
            vars_, rows, cap = self.select_page(f"{base}\nLIMIT {page} OFFSET {len(found)}")
            variables = variables or vars_
            found += rows
            if max_rows is not None and len(found) > max_rows:
                raise RemoteError(f"the answer has more than {max_rows} rows; narrow the query")
            if cap is not None and 0 < cap < page:
                page = cap  # the server caps results below our page size: go on with pages of its size
            if len(rows) < page or not rows:
                return _select_result(variables, found)

    def construct(self, query: str) -> Graph:
        """The graph of a CONSTRUCT or DESCRIBE (N-Triples or Turtle; see :func:`run_query` for cap checks)."""
        body, headers = self.query_raw(sparql.with_prologue(query)[0], "application/n-triples, text/turtle;q=0.9")
        return _parse_graph(body, headers)

    def triples(self, where: str, *, max_rows: int | None = None) -> Iterator[tuple[Any, ...]]:
        """Triples ``?s ?p ?o`` matched by a group pattern, fetched in ordered pages."""
        yield from self.select(f"SELECT ?s ?p ?o WHERE {{ {where} }}", order_by=("s", "p", "o"), max_rows=max_rows).rows


# --------------------------------------------------------------------------- push
def batches(graph: Graph, size: int = BATCH_SIZE) -> list[list[tuple[Any, ...]]]:
    """Split a graph into batches of about ``size`` triples; triples joined by a blank node stay together
    (blank node labels are scoped to one request, so splitting them would duplicate nodes)."""
    plain: list[tuple[Any, ...]] = []
    parent: dict[BNode, BNode] = {}

    def find(b: BNode) -> BNode:
        while parent.setdefault(b, b) != b:
            parent[b] = parent[parent[b]]
            b = parent[b]
        return b

    with_bnodes: list[tuple[Any, ...]] = []
    for t in sorted(graph, key=lambda t: tuple(str(x) for x in t)):
        bn = [x for x in (t[0], t[2]) if isinstance(x, BNode)]
        if not bn:
            plain.append(t)
            continue
        with_bnodes.append(t)
        for b in bn[1:]:
            parent[find(b)] = find(bn[0])
    groups: dict[BNode, list[tuple[Any, ...]]] = {}
    for t in with_bnodes:
        b = next(x for x in (t[0], t[2]) if isinstance(x, BNode))
        groups.setdefault(find(b), []).append(t)
    units = [[t] for t in plain] + list(groups.values())
    out: list[list[tuple[Any, ...]]] = []
    current: list[tuple[Any, ...]] = []
    for unit in units:
        if current and len(current) + len(unit) > size:
            out.append(current)
            current = []
        current += unit
    if current:
        out.append(current)
    return out


def _ntriples(triples: Iterable[tuple[Any, ...]]) -> str:
    g = Graph()
    for t in triples:
        g.add(t)
    return g.serialize(format="nt")


def push(
    graph: Graph,
    endpoint: Endpoint,
    *,
    graph_iri: str = DEFAULT_GRAPH,
    graph_store: str | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Replace the named graph ``graph_iri`` on the server with ``graph``; returns the triples sent (``progress``: per
    batch). PUT/POST to Graph Store URL ``graph_store``, else DROP SILENT GRAPH + INSERT DATA, so reruns add nothing."""
    if batch_size < 1:
        raise UsageError("batch size must be at least 1")
    target = iri(graph_iri)
    parts = batches(graph, batch_size)
    sent = 0
    if graph_store is None:
        endpoint.update(f"DROP SILENT GRAPH {target}")
    for i, part in enumerate(parts):
        data = _ntriples(part)
        if graph_store is not None:
            url = graph_store + ("&" if "?" in graph_store else "?") + urllib.parse.urlencode({"graph": graph_iri})
            endpoint.request(
                url,
                method="PUT" if i == 0 else "POST",
                data=data.encode("utf-8"),
                content_type="application/n-triples",
                accept="*/*",
            )
        else:
            endpoint.update(f"INSERT DATA {{ GRAPH {target} {{\n{data}}} }}")
        sent += len(part)
        if progress is not None:
            progress(len(part))
    if not parts and graph_store is not None:
        url = graph_store + ("&" if "?" in graph_store else "?") + urllib.parse.urlencode({"graph": graph_iri})
        endpoint.request(url, method="DELETE", accept="*/*")
    return sent


def count_triples(endpoint: Endpoint, graph_iri: str) -> int:
    """Number of triples in one named graph on the server."""
    rows = endpoint.select_page(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {iri(graph_iri)} {{ ?s ?p ?o }} }}")[1]
    return int(str(rows[0]["n"])) if rows else 0


def other_copies(endpoint: Endpoint, graph_iri: str) -> list[str]:
    """The other graphs holding KB statements when the server's default graph is their union with
    ``graph_iri`` (Virtuoso's is): reads without ``--graph`` then count each statement once per copy."""
    statements = f"?s a {iri(GJ.Statement)}"

    def count(where: str) -> int:
        rows = endpoint.select_page(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")[1]
        return int(str(rows[0]["n"])) if rows else 0

    if count(statements) <= count(f"GRAPH {iri(graph_iri)} {{ {statements} }}"):
        return []
    query = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {statements} }} FILTER (?g != {iri(graph_iri)}) }} ORDER BY ?g"
    return [str(row["g"]) for row in endpoint.select_page(query)[1]]


# --------------------------------------------------------------------------- remote knowledge base
#: Group patterns whose ``?s ?p ?o`` make up the schema part a KnowledgeBase needs (one query each:
#: Virtuoso 7.2 silently answers nothing when a VALUES block sits inside a UNION branch).
_SCHEMA_WHERE = (
    "?s gj:polarity ?x . ?s ?p ?o",
    "?s a gj:EvidenceGrade . ?s ?p ?o",
    "?s rdfs:subClassOf gj:Concept . ?s ?p ?o",
    "?s gj:citationKey ?x . ?s ?p ?o",
    f"VALUES ?s {{ {iri(ONTOLOGY_IRI)} }} ?s ?p ?o",
)

_NAMES_WHERE = (
    "?cat rdfs:subClassOf gj:Concept . ?s a ?cat . ?s ?p ?o . "
    f"FILTER(?p IN ({iri(RDF.type)}, {iri(RDFS.label)}, {iri(SKOS.altLabel)}, {iri(SKOS.exactMatch)},"
    f" {iri(SKOS.closeMatch)}))"
)


def _values(var: str, terms: Iterable[Any]) -> str:
    return f"VALUES ?{var} {{ " + " ".join(iri(t) for t in terms) + " }"


def _chunks(items: Sequence[Any], n: int = _VALUES_CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


class RemoteKB:
    """Builds :class:`~gutjoint_kg.store.KnowledgeBase` objects from bounded parts of a remote graph: schema and name
    index once, concept cards and statements only as needed (:meth:`around`) or for all (:meth:`everything`)."""

    def __init__(self, endpoint: Endpoint, *, max_statements: int = MAX_STATEMENTS):
        self.endpoint, self.max_statements = endpoint, max_statements
        self.graph = Graph()
        bind_prefixes(self.graph)
        for where in _SCHEMA_WHERE:
            for t in endpoint.triples(where):
                self.graph.add(t)
        if not any(self.graph.triples((None, GJ.polarity, None))):
            raise RemoteError(f"{endpoint.url} holds no gutjoint-kg schema (no gj:polarity); push the KB first")
        for t in endpoint.triples(_NAMES_WHERE):
            self.graph.add(t)
        self.relations = sorted({s for s in self.graph.subjects(GJ.polarity, None) if isinstance(s, URIRef)})
        self._cards: set[URIRef] = set()
        self._edges_done: dict[str, set[URIRef]] = {"down": set(), "up": set()}
        self.statements_fetched = 0

    def kb(self) -> KnowledgeBase:
        """A KnowledgeBase over everything fetched so far (indices are rebuilt on each call)."""
        from ..kb.store import KnowledgeBase

        g = Graph()
        bind_prefixes(g)
        g += self.graph
        return KnowledgeBase(graph=g)

    def resolve(self, name: str) -> URIRef:
        """A concept IRI for any name the local :meth:`KnowledgeBase.resolve` accepts."""
        return self.kb().resolve(name)

    def _fetch_cards(self, concepts: Iterable[URIRef]) -> None:
        todo = sorted(set(concepts) - self._cards)
        for chunk in _chunks(todo):
            for t in self.endpoint.triples(f"{_values('s', chunk)} ?s ?p ?o"):
                self.graph.add(t)
        self._cards.update(todo)

    def _fetch_edges(self, frontier: Iterable[URIRef], direction: str) -> set[URIRef]:
        """Statements out of (``down``) or into (``up``) the frontier, with their annotations; returns the far ends."""
        todo = sorted(set(frontier) - self._edges_done[direction])
        far: set[URIRef] = set()
        rels = _values("p", self.relations)
        for chunk in _chunks(todo):
            var, other = ("s", "o") if direction == "down" else ("o", "s")
            where = f"{_values(var, chunk)} {rels} ?s ?p ?o . FILTER(isIRI(?{other}))"
            too_big = RemoteError(
                f"the remote subgraph exceeds {self.max_statements} statements; lower --depth/--max-length"
            )
            try:
                found = list(self.endpoint.triples(where, max_rows=self.max_statements - self.statements_fetched))
            except RemoteError as exc:
                if "more than" in str(exc):
                    raise too_big from None
                raise
            self.statements_fetched += len(found)
            for s, p, o in found:
                self.graph.add((s, p, o))
                far.add(o if direction == "down" else s)
            self._fetch_annotations(found)
        self._edges_done[direction].update(todo)
        return far

    def _fetch_annotations(self, triples: Sequence[tuple[Any, ...]]) -> None:
        for chunk in _chunks(triples, 100):
            rows = " ".join(f"({iri(s)} {iri(p)} {iri(o)})" for s, p, o in chunk)
            where = (
                f"VALUES (?a ?b ?c) {{ {rows} }} ?s {iri(RDF.subject)} ?a ; {iri(RDF.predicate)} ?b ; "
                f"{iri(RDF.object)} ?c . ?s ?p ?o"
            )
            for t in self.endpoint.triples(where):
                self.graph.add(t)

    def around(self, seeds: Iterable[str | URIRef], depth: int, direction: str = "both") -> KnowledgeBase:
        """A KnowledgeBase of the seeds and every concept within ``depth`` statements; ``direction``: ``down`` forwards,
        ``up`` backwards, ``both`` each from the seeds (``neighbors``), ``any`` ignoring direction (a focus view)."""
        if direction not in ("up", "down", "both", "any"):
            raise UsageError(f"direction must be up, down, both or any, not {direction!r}")
        start = {self.resolve(s) if not isinstance(s, URIRef) else s for s in seeds}
        reached = set(start)
        walks = {"both": ("down", "up"), "any": ("any",)}.get(direction, (direction,))
        for walk in walks:
            frontier = set(start)
            seen = set(start)
            for _ in range(depth):
                nxt: set[URIRef] = set()
                for d in ("down", "up") if walk == "any" else (walk,):
                    nxt |= self._fetch_edges(frontier, d)
                frontier = nxt - seen
                seen |= nxt
                if not frontier:
                    break
            reached |= seen
        self._fetch_cards(reached)
        return self.kb()

    def everything(self) -> KnowledgeBase:
        """A KnowledgeBase of every concept and statement on the server (bounded by ``max_statements``)."""
        subjects = self.graph.subjects(RDF.type, None)
        concepts = sorted(c for c in subjects if isinstance(c, URIRef) and self._is_concept(c))
        self._fetch_cards(concepts)
        self._fetch_edges(concepts, "down")
        return self.kb()

    def _is_concept(self, node: object) -> bool:
        cats = set(self.graph.subjects(RDFS.subClassOf, GJ.Concept))
        return isinstance(node, URIRef) and any(t in cats for t in self.graph.objects(node, RDF.type))


def normalise_term(term: object) -> str | None:
    """A server-independent spelling of a result cell, for comparing engines: plain and ``xsd:string`` literals alike,
    numbers by value, blank nodes as ``_:``, IRIs as CURIEs.

    >>> normalise_term(Literal("3", datatype=XSD.int)) == normalise_term(Literal(3))
    True
    """
    if term is None:
        return None
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, URIRef):
        return curie(term)
    if isinstance(term, Literal):
        quoted = json.dumps(str(term), ensure_ascii=False)
        if term.language:
            return f"{quoted}@{term.language.lower()}"
        if term.datatype in (None, XSD.string):
            return quoted
        value = term.toPython()
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, int | float) or type(value).__name__ == "Decimal":
            number = float(value)
            return str(int(number)) if number.is_integer() else repr(round(number, 9))
        return f"{quoted}^^{curie(term.datatype)}"
    return str(term)


def fetch_graph(endpoint: Endpoint, *, max_triples: int = 10 * MAX_STATEMENTS) -> Graph:
    """Every triple of the endpoint's (default or chosen) graph, paged; refuses more than ``max_triples``. The fallback
    for a named query a server cannot evaluate (``# engines:`` header): run it locally with rdflib on this graph."""
    g = Graph()
    bind_prefixes(g)
    for t in endpoint.triples("?s ?p ?o", max_rows=max_triples):
        g.add(t)
    return g


# --------------------------------------------------------------------------- named and ad-hoc queries
def server_engine(endpoint: Endpoint) -> str:
    """A lower-case product name for the server (``virtuoso``, ``fuseki`` …) from its Server header; may be ``""``."""
    if not endpoint.software:
        endpoint.ask("ASK { ?s ?p ?o }")
    product = endpoint.software.split("/", 1)[0].strip().lower()
    return "virtuoso" if "virtuoso" in product else product


def run_query(
    endpoint: Endpoint,
    text: str,
    *,
    params: dict[str, str] | None = None,
    declared: tuple[Any, ...] | None = None,
    engines: Sequence[str] | None = None,
) -> sparql.Result:
    """Run SPARQL (a named query's ``params`` bound as locally) on the server: a :class:`gutjoint_kg.sparql.Result`.
    SELECT pages past caps, a capped graph answer is refused; DESCRIBE, or a server not in ``engines``, runs locally."""
    if sparql.is_update(text):
        raise UsageError("SPARQL Update is not sent with --endpoint; use `gutjoint-kg push` to change a server")
    if declared is None:
        declared = sparql.parse_header(text).params if text.lstrip().lower().startswith("# title") else ()
    names_kb = None
    if any(p.type in ("concept", "level") for p in declared):
        names_kb = RemoteKB(endpoint).kb()
    bindings = sparql.bind_params(declared, params or {}, names_kb)
    bound = sparql.with_values(text, bindings) if bindings else text
    prepared = sparql.prepare(bound)  # syntax errors and SERVICE/FROM refusal, before anything is sent
    form = prepared.algebra.name.replace("Query", "").upper()
    full = sparql.with_prologue(bound)[0]
    unmarked = engines is not None and server_engine(endpoint) not in engines
    if unmarked or form == "DESCRIBE":  # DESCRIBE's answer is server-defined: compute rdflib's locally
        local = fetch_graph(endpoint)
        result = sparql.run(local, bound, declared=(), timeout=None)
        why = "DESCRIBE" if form == "DESCRIBE" else f"not marked for {server_engine(endpoint) or 'this server'}"
        result.engine = f"rdflib on the fetched graph ({why})"
        return result
    if form == "SELECT":
        return endpoint.select(full)
    if form == "ASK":
        return sparql.Result("ASK", boolean=endpoint.ask(full), engine="remote")
    body, headers = endpoint.query_raw(full, "application/n-triples, text/turtle;q=0.9")
    g = _parse_graph(body, headers)
    cap = _cap(headers)
    if cap is not None and len(g) >= cap:
        raise RemoteError(f"the server cut the {form} answer at {cap} triples; raise its row limit or narrow the query")
    return sparql.Result(form, graph=g, engine="remote")


def _cap(headers: dict[str, str]) -> int | None:
    """The row cap a server announced in its response headers (:data:`TRUNCATION_HEADERS`), if any."""
    return next((int(m.group()) for h in TRUNCATION_HEADERS if (m := re.search(r"\d+", headers.get(h, "")))), None)


def _select_result(variables: list[str], rows: list[dict[str, Identifier]]) -> sparql.Result:
    """Rows of variable -> term (unbound absent) as the one result type."""
    return sparql.Result(
        "SELECT", vars=variables, rows=[tuple(r.get(v) for v in variables) for r in rows], engine="remote"
    )


def _parse_graph(body: bytes, headers: dict[str, str]) -> Graph:
    ctype = headers.get("content-type", "").split(";")[0].strip()
    g = Graph()
    bind_prefixes(g)
    fmt = {"application/n-triples": "nt", "text/plain": "nt", "application/ld+json": "json-ld"}.get(ctype, "turtle")
    try:
        g.parse(data=body.decode("utf-8"), format=fmt)
    except Exception as exc:  # rdflib raises several types for bad syntax
        raise RemoteError(f"the server sent an unreadable graph ({ctype or 'no content type'}): {exc}") from None
    return g
