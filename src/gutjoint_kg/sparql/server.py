"""A read-only SPARQL 1.1 Protocol endpoint over the knowledge base (``gutjoint-kg serve``, extra ``[server]``).
Routes: ``/sparql`` (GET, POST), ``/queries``, ``/queries/NAME``, ``/health`` and ``/`` (an offline HTML query page).
Update gets 403 unless ``allow_update``; a query's worker process (:mod:`.worker`) is killed after ``timeout`` s (503);
rows past ``max_rows`` are cut (header ``X-Gutjoint-Truncated``); 413 past ``max_request_bytes``; a bad query: 400."""

from __future__ import annotations

import html
import json
import resource
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Graph, URIRef

from ..errors import GutJointError, UsageError
from ..kb.inferred import ASSERTED_GRAPH, named_graphs
from ..vocab import DISCLAIMER, PREFIXES
from . import protocol
from .protocol import HTTPProblem
from .worker import Busy, Pool, WorkerLost

if TYPE_CHECKING:  # pragma: no cover
    from starlette.applications import Starlette

    from .. import sparql

TRUNCATION_HEADER = "X-Gutjoint-Truncated"


@dataclass
class Settings:
    """Limits of one server instance."""

    allow_update: bool = False
    timeout: float = 10.0
    max_rows: int = 10_000
    max_request_bytes: int = 1_000_000
    cors: str = "*"  # the origin allowed to read (CORS), or "none"
    workers: int = 2  # queries evaluated at once, each in its own process (one with allow_update)
    max_memory_mb: int = 2048  # address space of a worker process
    max_connections: int = 512  # open connections; the oldest idle one is closed for a new one
    header_timeout: float = 10.0  # seconds for a whole request (headers and body) to arrive
    idle_timeout: int = 5  # seconds a kept-alive connection may wait for its next request
    cache_mb: int = 64  # answers kept for repeated queries (off with allow_update: answers change)


#: A written answer: body, media type and headers.
Written = tuple[bytes, str, dict[str, str]]


class ResultCache:
    """Written answers of repeated queries, least recently used out first, in a byte budget (0 or --allow-update: off).
    Keyed by query, parameters, default graph and Accept; the served KB is read-only, so answers never go stale."""

    def __init__(self, budget_bytes: int):
        self.budget, self.used, self.hits, self.misses = budget_bytes, 0, 0, 0
        self._items: OrderedDict[Hashable, Written] = OrderedDict()

    @staticmethod
    def key(
        text: str, bindings: dict[str, Any] | None, scope: str | None, accept: str, formats: tuple[str, ...]
    ) -> Hashable:
        """The cache key of one query on one default graph, written as one client asks."""
        return text, tuple(sorted((k, v.n3()) for k, v in (bindings or {}).items())), scope, accept, formats

    def get(self, key: Hashable) -> Written | None:
        """The kept answer (now the most recently used), or None."""
        found = self._items.get(key)
        if found is None:
            self.misses += self.budget > 0
            return None
        self._items.move_to_end(key)
        self.hits += 1
        return found

    def put(self, key: Hashable, written: Written) -> None:
        """Keep an answer unless it alone exceeds the budget; evict the least recently used to fit."""
        size = len(written[0])
        if size > self.budget or key in self._items:
            return
        self._items[key] = written
        self.used += size
        while self.used > self.budget:
            _, dropped = self._items.popitem(last=False)
            self.used -= len(dropped[0])

    def stats(self) -> dict[str, int]:
        """Entries, bytes used, budget, hits and misses (for /health)."""
        return {
            "entries": len(self._items),
            "bytes": self.used,
            "budget": self.budget,
            "hits": self.hits,
            "misses": self.misses,
        }


# --------------------------------------------------------------------------- parsing and running
def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:500]


def evaluate(graph: Graph, text: str, settings: Settings, bindings: dict[str, Any] | None = None) -> sparql.Result:
    """Check and run one query or update on ``graph`` via :func:`gutjoint_kg.sparql.run` with the row cap, turning every
    failure into an :class:`HTTPProblem`; the time limit is the worker pool's (:mod:`.worker`)."""
    from .. import sparql

    try:
        if sparql.is_update(text):
            if not settings.allow_update:
                raise HTTPProblem(
                    403, "SPARQL Update is disabled on this read-only endpoint (start with --allow-update)"
                )
            result = sparql.run(graph, text, allow_update=True, timeout=None)
            result.graph = None  # the served graph itself: never sent back
            return result
        return sparql.run(graph, text, bindings=bindings, declared=(), timeout=None, max_rows=settings.max_rows)
    except HTTPProblem:
        raise
    except GutJointError as exc:
        raise HTTPProblem(400, str(exc)) from None
    except Exception as exc:  # evaluation errors (bad function arguments, rdflib's recursion limit …)
        raise HTTPProblem(400, f"query failed: {_one_line(exc)}") from None


# --------------------------------------------------------------------------- writing answers
def serialise(result: sparql.Result, media: str, fmt: str) -> tuple[bytes, str]:
    """(body, media type) of a result in a negotiated format (:func:`gutjoint_kg.sparql.serialize_result`)."""
    from .. import sparql

    if fmt == "html":
        if result.kind != "CONSTRUCT":
            return _html_table(result).encode(), "text/html; charset=utf-8"
        text = (result.graph or Graph()).serialize(format="turtle")
        return _page("Graph", f"<pre>{html.escape(text)}</pre>").encode(), "text/html; charset=utf-8"
    return sparql.serialize_result(result, fmt).encode("utf-8"), media + "; charset=utf-8"


def _cell(term: Any) -> str:
    if term is None:
        return ""
    from ..vocab import curie

    return curie(term) if isinstance(term, URIRef) else str(term)


def _html_table(outcome: sparql.Result) -> str:
    if outcome.kind == "ASK":
        return _page("Answer", f"<p>{html.escape(str(outcome.boolean).lower())}</p>")
    head = "".join(f"<th>{html.escape(v)}</th>" for v in outcome.vars)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(t))}</td>" for t in row) + "</tr>" for row in outcome.rows or []
    )
    note = f"<p>{len(outcome.rows or [])} row(s)" + (" — cut at the row limit" if outcome.truncated else "") + "</p>"
    return _page("Results", f"{note}<table><tr>{head}</tr>{rows}</table>")


PAGE_CSS = (
    "body{font-family:sans-serif;margin:2em;max-width:70em}textarea{width:100%;font-family:monospace}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}"
    ".note{color:#555;font-size:90%}"
)


def _page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} · gutjoint-kg</title>'
        f'<style>{PAGE_CSS}</style></head><body><h1>{html.escape(title)}</h1>{body}<p class="note">'
        f"{html.escape(DISCLAIMER)}</p></body></html>"
    )


def query_page(queries: list[dict[str, Any]], version: str) -> str:
    """The offline HTML query form (no scripts, no external resources)."""
    example = "SELECT ?concept ?label WHERE {\n  ?concept a gj:Symptom ; rdfs:label ?label .\n} ORDER BY ?label"
    formats = "".join(f'<option value="{k}">{k}</option>' for k in ("html", "json", "xml", "csv", "tsv", "turtle"))
    items = "".join(
        f'<li><a href="queries/{html.escape(q["name"])}?format=html">{html.escape(q["name"])}</a>'
        f" — {html.escape(q.get('title', ''))}</li>"
        for q in queries
    )
    prefixes = html.escape(", ".join(PREFIXES))
    body = (
        f"<p>Knowledge base release: {html.escape(version)}. SPARQL 1.1 endpoint at <code>/sparql</code>; "
        f"predeclared prefixes: {prefixes}.</p>"
        '<form method="get" action="sparql"><textarea name="query" rows="12">'
        f'{html.escape(example)}</textarea><p>Format: <select name="format">{formats}</select> '
        '<button type="submit">Run</button></p></form>'
        f"<h2>Named queries</h2><ul>{items or '<li>none</li>'}</ul>"
    )
    return _page("gutjoint-kg SPARQL endpoint", body)


# --------------------------------------------------------------------------- named queries
def named_queries() -> list[dict[str, Any]]:
    """The shipped named queries (:func:`gutjoint_kg.sparql.list_queries`) as JSON-ready dicts."""
    from .. import sparql

    return [q.to_dict() for q in sparql.list_queries()]


# --------------------------------------------------------------------------- the application
def create_app(kb: Any, *, settings: Settings | None = None, version: str | None = None) -> Starlette:
    """The Starlette application serving a KnowledgeBase (or a bare rdflib Graph); needs the ``[server]`` extra.
    With a KnowledgeBase, concept parameters of named queries resolve labels and synonyms."""
    try:
        from starlette.applications import Starlette
        from starlette.middleware import Middleware
        from starlette.middleware.base import BaseHTTPMiddleware
        from starlette.requests import Request
        from starlette.responses import HTMLResponse, JSONResponse, Response
        from starlette.routing import Route
    except ImportError:
        raise GutJointError("serve needs the optional extra: pip install 'gutjoint-kg[server]'") from None

    settings = settings or Settings()
    # the asserted and inferred graphs with their union as default; an update changes the asserted
    # graph alone (the inferred graph would go stale), so --allow-update serves that graph only
    graph: Graph = kb if isinstance(kb, Graph) else (kb.graph if settings.allow_update else kb.query_graph)
    graph_sizes = {str(g.identifier): len(g) for g in named_graphs(graph)}
    names_kb = None if isinstance(kb, Graph) else kb
    version = version or (getattr(kb, "version", None) or "unknown")
    pool = Pool(
        partial(_job, graph, settings),
        1 if settings.allow_update else settings.workers,
        settings.max_memory_mb << 20,
        int(settings.timeout) + 5,
    )
    cache = ResultCache(0 if settings.allow_update else settings.cache_mb << 20)
    triples = [len(graph)]  # what /health reports: counted once, then changed by accepted updates

    def problem(exc: HTTPProblem) -> Response:
        return Response(exc.message + "\n", status_code=exc.status, media_type="text/plain; charset=utf-8")

    async def read_body(request: Request) -> bytes:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > settings.max_request_bytes:
            raise HTTPProblem(413, f"request body over the limit of {settings.max_request_bytes} bytes")
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > settings.max_request_bytes:
                raise HTTPProblem(413, f"request body over the limit of {settings.max_request_bytes} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    async def operation(request: Request) -> protocol.Operation:
        """The request as one protocol operation (:func:`protocol.parse_request`) within the size limit."""
        if len(str(request.url.query)) > settings.max_request_bytes:
            raise HTTPProblem(413, f"query string over the limit of {settings.max_request_bytes} bytes")
        body = await read_body(request) if request.method == "POST" else b""
        ctype = request.headers.get("content-type", "")
        return protocol.parse_request(request.method, str(request.url.query), ctype, body)

    def written(outcome: sparql.Result, request: Request, formats: tuple[str, ...]) -> Written:
        media, fmt = protocol.negotiate(request.headers.get("accept", ""), formats, outcome.kind)
        body, media = serialise(outcome, media, fmt)
        headers = {"Vary": "Accept"}
        if outcome.truncated:
            headers[TRUNCATION_HEADER] = f"max-rows={settings.max_rows}"
        return body, media, headers

    def answer(outcome: sparql.Result, request: Request, formats: tuple[str, ...]) -> Response:
        if outcome.kind == "UPDATE":  # no result to negotiate (the protocol leaves the body to the service)
            return JSONResponse({"status": "ok", "changed": outcome.changed})
        body, media, headers = written(outcome, request, formats)
        return Response(body, media_type=media, headers=headers)

    async def run(text: str, bindings: dict[str, Any] | None = None, scope: str | None = None) -> sparql.Result:
        try:
            status, outcome = await pool.call((text, bindings, scope), settings.timeout)
        except TimeoutError:
            raise HTTPProblem(503, f"query exceeded the time limit of {settings.timeout:g} s") from None
        except Busy:
            raise HTTPProblem(
                503, f"all {pool.size} workers stayed busy for {settings.timeout:g} s; retry later"
            ) from None
        except WorkerLost:
            raise HTTPProblem(
                503, f"query exceeded {settings.max_memory_mb} MB of memory or crashed its worker"
            ) from None
        if status != 200:
            raise HTTPProblem(status, outcome)
        if outcome.form == "UPDATE":
            pool.replay.append((text, None, None))
            triples[0] += outcome.changed
        return outcome  # type: ignore[no-any-return]

    async def respond(
        request: Request,
        formats: tuple[str, ...],
        text: str,
        bindings: dict[str, Any] | None = None,
        scope: str | None = None,
    ) -> Response:
        """Run a query, or take its kept answer, and write it in the format the client asked for."""
        key = cache.key(text, bindings, scope, request.headers.get("accept", ""), formats)
        kept = cache.get(key)
        if kept is None:
            outcome = await run(text, bindings, scope)
            if outcome.kind == "UPDATE":
                return answer(outcome, request, formats)
            kept = written(outcome, request, formats)
            cache.put(key, kept)
        body, media, headers = kept
        return Response(body, media_type=media, headers=headers)

    async def sparql(request: Request) -> Response:
        from .. import sparql

        try:
            op = await operation(request)
            if op.text is None:  # no query: the service description
                sd = protocol.service_description(
                    str(request.url.replace(query="")),
                    triples=triples[0],
                    update=settings.allow_update,
                    named=graph_sizes,
                )
                return answer(sparql.Result("CONSTRUCT", graph=sd), request, op.formats)
            return await respond(request, op.formats, op.text, scope=protocol.default_graph_scope(op))
        except HTTPProblem as exc:
            return problem(exc)

    async def queries(request: Request) -> Response:
        found = named_queries()
        if "text/html" in request.headers.get("accept", "") or request.query_params.get("format") == "html":
            items = "".join(
                f'<li><a href="queries/{html.escape(q["name"])}?format=html">{html.escape(q["name"])}</a></li>'
                for q in found
            )
            return HTMLResponse(_page("Named queries", f"<ul>{items}</ul>"))
        return JSONResponse(found)

    async def named(request: Request) -> Response:
        from .. import sparql

        name = request.path_params["name"]
        try:
            try:
                q = sparql.get_query(name)
            except GutJointError:
                raise HTTPProblem(404, f"no named query {name!r}; see /queries") from None
            values = {k: v for k, v in request.query_params.items() if k not in protocol.FORMAT_PARAMS}
            try:
                bindings = sparql.bind_params(q.params, values, names_kb)
            except GutJointError as exc:
                raise HTTPProblem(400, str(exc)) from None
            formats = tuple(v for k, v in request.query_params.multi_items() if k in protocol.FORMAT_PARAMS)
            return await respond(request, formats, q.text, bindings)
        except HTTPProblem as exc:
            return problem(exc)

    started = time.time()

    async def health(request: Request) -> Response:
        return JSONResponse(
            {
                "status": "ok",
                "triples": triples[0],
                "version": version,
                "uptime_s": round(time.time() - started, 1),
                "cache": cache.stats(),
            }
        )

    async def home(request: Request) -> Response:
        return HTMLResponse(query_page(named_queries(), version))

    routes = [
        Route("/", home),
        Route("/sparql", sparql, methods=["GET", "HEAD", "POST"]),
        Route("/queries", queries),
        Route("/queries/{name}", named),
        Route("/health", health),
    ]

    async def cors(request: Request, call_next: Any) -> Response:
        if request.method == "OPTIONS":  # a CORS preflight (or a client asking what is allowed)
            return Response(status_code=204, headers=protocol.cors_headers(settings.cors, preflight=True))
        response: Response = await call_next(request)
        response.headers.update(protocol.cors_headers(settings.cors))
        return response

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        evaluate(graph, "ASK { ?s ?p ?o }", settings)  # warms rdflib's parser up once, for every worker
        await pool.start()
        yield
        pool.close()

    middleware = [Middleware(BaseHTTPMiddleware, dispatch=cors)]
    return Starlette(routes=routes, lifespan=lifespan, middleware=middleware)


def _job(graph: Graph, settings: Settings, job: tuple[str, dict[str, Any] | None, str | None]) -> tuple[int, Any]:
    """What a worker process runs: (200, Result) or (status, message), on the default graph the
    request's dataset picks (:func:`protocol.default_graph_scope`)."""
    text, bindings, scope = job
    try:
        return 200, evaluate(_scoped(graph, scope), text, settings, bindings)
    except HTTPProblem as exc:
        return exc.status, exc.message


def _scoped(graph: Graph, scope: str | None) -> Graph:
    """The whole served graph (None), one named graph of it by IRI, or an empty graph (``""``, or a
    graph it does not hold)."""
    if scope is None:
        return graph
    if isinstance(graph, Dataset):
        return graph.graph(URIRef(scope)) if any(str(g.identifier) == scope for g in named_graphs(graph)) else Graph()
    return graph if scope == str(ASSERTED_GRAPH) else Graph()


def run(
    kb: Any,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    settings: Settings | None = None,
    version: str | None = None,
    log_level: str = "warning",
) -> None:
    """Serve a KnowledgeBase (or Graph) with uvicorn until interrupted."""
    if not 0 < port < 65536:
        raise UsageError(f"port must be between 1 and 65535, not {port}")
    app = create_app(kb, settings=settings, version=version)
    try:
        import uvicorn
    except ImportError:
        raise GutJointError("serve needs the optional extra: pip install 'gutjoint-kg[server]'") from None
    settings = settings or Settings()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # a connection is a file descriptor
    # accepted-but-unseen sockets (the backlog, accepted in bursts) count too: keep cap + 2 backlogs below the limit
    limits = replace(settings, max_connections=min(settings.max_connections, (hard - 64) // 3))
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        http=_guarded(limits),
        timeout_keep_alive=limits.idle_timeout,
        backlog=limits.max_connections,
    )


def _guarded(settings: Settings) -> type:
    """uvicorn's HTTP/1.1 protocol where a request must arrive whole within ``header_timeout`` s and, past
    ``max_connections``, the oldest idle connection is closed (half-open sockets cannot exhaust file descriptors)."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class Guarded(H11Protocol):
        opened, timer = 0.0, None

        def waiting(self) -> bool:
            return self.cycle is None or self.cycle.response_complete or self.cycle.more_body

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self.opened = self.loop.time()
            if len(self.connections) > settings.max_connections:
                idle = [c for c in self.connections if isinstance(c, Guarded) and c.waiting()]
                min(idle or [self], key=lambda c: c.opened).transport.close()
            self.arm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self.arm()

        def arm(self) -> None:
            if self.timer is not None:
                self.timer.cancel()
            self.timer = self.loop.call_later(settings.header_timeout, self.expire)

        def expire(self) -> None:
            if self.waiting():
                self.transport.close()

    return Guarded


def describe_settings(settings: Settings) -> str:
    """One line naming the limits (printed at start-up)."""
    return json.dumps(
        {"update": settings.allow_update, **{k: v for k, v in asdict(settings).items() if k != "allow_update"}}
    )
