"""The SPARQL 1.1 Protocol as pure functions: a request read into one operation with its dataset,
content negotiation, CORS headers and the service description (used by ``server.py``)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, VOID

from ..kb.inferred import ASSERTED_GRAPH, INFERRED_GRAPH
from .remote import DEFAULT_GRAPH as SERVED_GRAPH  # the served default graph's name, as ``push`` names it

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

#: What each answer kind can be written as: media type -> ``serialize_result`` format, server's preference first.
TYPES: dict[str, dict[str, str]] = {
    "SELECT": {
        "application/sparql-results+json": "json",
        "application/sparql-results+xml": "xml",
        "text/csv": "csv",
        "text/tab-separated-values": "tsv",
        "text/html": "html",
    },
    "ASK": {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml", "text/html": "html"},
    "CONSTRUCT": {
        "text/turtle": "ttl",
        "application/ld+json": "jsonld",
        "application/n-triples": "nt",
        "application/rdf+xml": "xml",
        "text/html": "html",
    },
}
_RESULTS_JSON = ("application/sparql-results+json", "application/ld+json")
_RESULTS_XML = ("application/sparql-results+xml", "application/rdf+xml")
_TURTLE = ("", "text/turtle")
#: ``format=`` values (SPARQLWrapper's among them) and other media types -> (results type, graph type).
ALIASES: dict[str, tuple[str, str]] = {
    # a JSON (XML) results client of a graph gets JSON-LD (RDF/XML)
    **dict.fromkeys(("json", "application/json", "text/javascript", "application/sparql-results+json"), _RESULTS_JSON),
    **dict.fromkeys(("xml", "application/xml", "text/xml", "application/sparql-results+xml"), _RESULTS_XML),
    **dict.fromkeys(("turtle", "ttl", "application/turtle", "application/x-turtle"), _TURTLE),
    **dict.fromkeys(("n3", "text/n3", "text/rdf+n3", "application/n3"), _TURTLE),  # Turtle is N3
    **dict.fromkeys(("json-ld", "jsonld", "application/x-json+ld"), ("", "application/ld+json")),
    **dict.fromkeys(("nt", "ntriples", "n-triples", "text/plain"), ("", "application/n-triples")),
    **dict.fromkeys(("rdf", "rdf+xml", "rdfxml"), ("", "application/rdf+xml")),
    "csv": ("text/csv", ""),
    "tsv": ("text/tab-separated-values", ""),
    "html": ("text/html", "text/html"),
}
FORMAT_PARAMS = ("format", "output", "results")  # SPARQLWrapper sends its format under all three names
_CHARSET = re.compile(r";\s*charset\s*=\s*\"?([\w-]+)", re.IGNORECASE)


class HTTPProblem(Exception):
    """An error answer: status code plus one-line message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


@dataclass(frozen=True)
class Operation:
    """One protocol request: the query or update text (None: no operation, so the service
    description is asked for), the ``format=`` values and the dataset parameters."""

    text: str | None
    update: bool = False
    formats: tuple[str, ...] = ()
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


def parse_request(method: str, query_string: str, content_type: str, body: bytes) -> Operation:
    """Read a GET/HEAD (``?query=``) or one of the three POST encodings; 400/415 for what the
    Protocol forbids (two operations, GET update, a body without its media type, not UTF-8)."""
    params = parse_qsl(query_string, keep_blank_values=True)
    media = content_type.split(";")[0].strip().lower()
    if method == "POST":
        charset = _CHARSET.search(content_type)
        if charset and charset.group(1).lower().replace("-", "") != "utf8":
            raise HTTPProblem(415, f"the request must be UTF-8, not {charset.group(1)}")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPProblem(400, "the request body is not UTF-8") from None
        if media == "application/x-www-form-urlencoded":
            params += parse_qsl(text, keep_blank_values=True)
        elif media in ("application/sparql-query", "application/sparql-update"):
            params.append(("query" if media.endswith("query") else "update", text))
        else:
            raise HTTPProblem(415, f"unsupported Content-Type {media!r}; use a form, sparql-query or sparql-update")
    operations = [(k, v) for k, v in params if k in ("query", "update")]
    if len(operations) > 1:
        raise HTTPProblem(400, "give exactly one 'query' or 'update' per request")
    if any(k.startswith("using-") for k, _ in params):
        raise HTTPProblem(400, "using-graph-uri / using-named-graph-uri are not supported")
    kind, text = operations[0] if operations else ("query", "")
    if method != "POST" and kind == "update":
        raise HTTPProblem(403, "SPARQL Update must be POSTed (and is refused unless the server runs --allow-update)")
    if method == "POST" and not text.strip():
        raise HTTPProblem(400, "no query given (parameter 'query')")

    def values(name: str) -> tuple[str, ...]:
        return tuple(v for k, v in params if k == name)

    return Operation(
        text=text if text.strip() else None,
        update=kind == "update",
        formats=tuple(v for k, v in params if k in FORMAT_PARAMS and v),
        default_graphs=values("default-graph-uri"),
        named_graphs=values("named-graph-uri"),
    )


def default_graph_scope(op: Operation) -> str | None:
    """The graph a query's ``default-graph-uri`` picks: None for the served union (also when both are named), the IRI
    of one named graph, or ``""`` (empty) for none; 400 for ``named-graph-uri`` or a dataset on an update."""
    if op.named_graphs:
        raise HTTPProblem(
            400,
            f"named-graph-uri is not supported: the named graphs are fixed (<{ASSERTED_GRAPH}>, <{INFERRED_GRAPH}>)",
        )
    if op.update and op.default_graphs:
        raise HTTPProblem(400, "default-graph-uri is for queries; an update names its graphs itself")
    chosen = set(op.default_graphs)
    if not chosen or SERVED_GRAPH in chosen or {str(ASSERTED_GRAPH), str(INFERRED_GRAPH)} <= chosen:
        return None
    return next((str(g) for g in (ASSERTED_GRAPH, INFERRED_GRAPH) if str(g) in chosen), "")


def negotiate(accept: str, formats: Sequence[str], kind: str) -> tuple[str, str]:
    """(media type, ``serialize_result`` format) for an answer of ``kind``: the first understood ``format=`` wins, else
    ``Accept`` by q value and specificity (``*/*``, ``text/*``; q=0 excludes); 406 with the offer when nothing fits."""
    offer = TYPES[kind]
    for fmt in formats:
        media = _offered(fmt.lower().strip(), kind)
        if media:
            return media, offer[media]
    if formats:
        raise HTTPProblem(406, f"format {formats[0]!r} not available for {kind}; available: {', '.join(offer)}")
    best: tuple[float, int, int] | None = None
    choice = next(iter(offer))
    for position, part in enumerate(accept.split(",") if accept.strip() else ["*/*"]):
        media, *rest = (p.strip().lower() for p in part.split(";"))
        q = next((float(p[2:]) for p in rest if re.fullmatch(r"q=[01](\.\d{0,3})?", p)), 1.0)
        if media in ("*/*", "*"):
            found, rank = next(iter(offer)), 0
        elif media.endswith("/*"):
            found, rank = next((m for m in offer if m.startswith(media[:-1])), ""), 1
        else:
            found, rank = _offered(media, kind), 2
        if found and q > 0 and (best is None or (q, rank, -position) > best):
            best, choice = (q, rank, -position), found
    if best is None:
        why = " (SPARQL CSV/TSV are defined for SELECT only)" if kind == "ASK" and "text/" in accept else ""
        raise HTTPProblem(406, f"cannot produce {accept!r} for {kind}{why}; available: {', '.join(offer)}")
    return choice, offer[choice]


def _offered(name: str, kind: str) -> str:
    """The media type of ``kind``'s offer that a format name or media type means ("" if none)."""
    if name in TYPES[kind]:
        return name
    results, graph = ALIASES.get(name, ("", ""))
    media = graph if kind == "CONSTRUCT" else results
    return media if media in TYPES[kind] else ""


def cors_headers(origin: str, *, preflight: bool = False) -> dict[str, str]:
    """CORS response headers for reads from ``origin`` (``*``: any; ``none``: no CORS)."""
    if origin == "none":
        return {}
    headers = {"Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": "X-Gutjoint-Truncated"}
    if origin != "*":
        headers["Vary"] = "Origin"
    if preflight:
        headers["Access-Control-Allow-Methods"] = "GET, POST, HEAD, OPTIONS"
        headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
        headers["Access-Control-Max-Age"] = "86400"
    return headers


def service_description(endpoint: str, *, triples: int, update: bool, named: Mapping[str, int] | None = None) -> Graph:
    """The ``sd:Service`` of the endpoint: its URL, languages, result formats and default dataset
    (the default graph's size and each named graph with its size)."""
    g = Graph(bind_namespaces="none")
    g.bind("sd", SD)
    g.bind("void", VOID)
    service, dataset, default = URIRef(endpoint), BNode(), URIRef(SERVED_GRAPH)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    for language in [SD.SPARQL11Query] + [SD.SPARQL11Update] * update:
        g.add((service, SD.supportedLanguage, language))
    results = [f"SPARQL_Results_{name}" for name in ("JSON", "XML", "CSV", "TSV")]
    for name in (*results, "Turtle", "JSON-LD", "N-Triples", "RDF_XML"):
        g.add((service, SD.resultFormat, FORMATS[name]))
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, VOID.triples, Literal(triples)))
    if named:  # the default graph is the union of the named graphs
        g.add((service, SD.feature, SD.UnionDefaultGraph))
    for name, size in (named or {}).items():
        entry = BNode()
        g.add((dataset, SD.namedGraph, entry))
        g.add((entry, SD.name, URIRef(name)))
        g.add((entry, SD.graph, URIRef(name)))
        g.add((URIRef(name), RDF.type, SD.Graph))
        g.add((URIRef(name), VOID.triples, Literal(size)))
    return g
