"""Server commands: ``serve`` (a SPARQL 1.1 endpoint) and ``push`` (load the KB into a remote server),
plus the ``--endpoint`` option that other commands use to run against a remote server."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import GutJointError, UsageError
from .common import Seconds, data_option, is_terminal, load_kb

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from rdflib import Graph

    from .. import sparql
    from ..kb.compiled import Compiled
    from ..kb.store import KnowledgeBase
    from ..sparql.remote import Endpoint


# --------------------------------------------------------------------------- --endpoint for other commands
def endpoint_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--endpoint URL`` and ``--graph IRI``: read the KB from a remote SPARQL server instead of local files."""
    f = click.option(
        "--graph",
        "endpoint_graph",
        default=None,
        metavar="IRI",
        help="With --endpoint: read only this named graph (default: the server's default graph).",
    )(f)
    return click.option(
        "--endpoint",
        default=None,
        metavar="URL",
        help="Query this SPARQL 1.1 endpoint instead of the local files.",
    )(f)


def remote_endpoint(url: str, graph: str | None = None, timeout: float = 60.0) -> Endpoint:
    """The :class:`~gutjoint_kg.remote.Endpoint` of ``--endpoint``.

    Credentials, if the server wants them, come from GUTJOINT_ENDPOINT_USER and GUTJOINT_ENDPOINT_PASSWORD.
    """
    from ..sparql.remote import Endpoint

    user = os.environ.get("GUTJOINT_ENDPOINT_USER")
    password = os.environ.get("GUTJOINT_ENDPOINT_PASSWORD")
    return Endpoint(url, graph=graph, user=user, password=password, timeout=timeout)


def remote_kb(
    url: str,
    graph: str | None = None,
    *,
    seeds: Iterable[str] = (),
    depth: int | None = None,
    direction: str = "any",
    extra_data: Iterable[str] = (),
) -> KnowledgeBase:
    """A KnowledgeBase fetched from ``url``: the part within ``depth`` statements of ``seeds``, or everything.

    ``--data`` files make no sense against a server (push them instead), so they are refused.
    """
    from ..sparql.remote import RemoteKB

    root = click.get_current_context().find_root().obj or {}
    if list(extra_data) or root.get("data"):
        raise UsageError("--data cannot be combined with --endpoint; push the files to the server first")
    rkb = RemoteKB(remote_endpoint(url, graph))
    if depth is None:
        return rkb.everything()
    return rkb.around(list(seeds), depth, direction)


def remote_setup(
    url: str, graph: str | None, seeds: Iterable[str], depth: int, direction: str, extra_data: Iterable[str] = ()
) -> tuple[Compiled, nx.MultiDiGraph]:
    """The compiled KB and its NetworkX view for the reasoning commands with ``--endpoint``: only the
    needed subgraph is fetched."""
    from ..kb.compiled import compile_kb

    kb = compile_kb(remote_kb(url, graph, seeds=seeds, depth=depth, direction=direction, extra_data=extra_data))
    return kb, kb.graph


def remote_sparql(
    url: str,
    graph: str | None,
    text: str,
    *,
    params: dict[str, str] | None = None,
    named: sparql.NamedQuery | None = None,
    timeout: float = 60.0,
    extra_data: Iterable[str] = (),
) -> sparql.Result:
    """``sparql --endpoint``: run SPARQL text (or a :class:`~gutjoint_kg.sparql.NamedQuery` ``named``) on
    the server and return a :class:`gutjoint_kg.sparql.Result`, ready for ``sparql.serialize_result``."""
    from ..sparql.remote import run_query

    root = click.get_current_context().find_root().obj or {}
    if list(extra_data) or root.get("data"):
        raise UsageError("--data cannot be combined with --endpoint; push the files to the server first")
    declared = named.params if named is not None else None
    engines = named.engines if named is not None else None
    return run_query(remote_endpoint(url, graph, timeout), text, params=params, declared=declared, engines=engines)


def remote_view_kb(
    url: str,
    graph: str | None,
    focus: str | None,
    depth: int,
    path: Sequence[str] | None,
    extra_data: Iterable[str] = (),
) -> KnowledgeBase:
    """The KnowledgeBase a ``viz``/``export`` view needs from a server: a focus neighbourhood (any
    direction), the statements within 6 steps downstream of a path's source, or everything."""
    from ..kb.views import select

    max_length = (select.__kwdefaults__ or {})["max_length"]
    if focus:
        return remote_kb(url, graph, seeds=[focus], depth=depth, direction="any", extra_data=extra_data)
    if path:
        return remote_kb(url, graph, seeds=[path[0]], depth=max_length, direction="down", extra_data=extra_data)
    return remote_kb(url, graph, extra_data=extra_data)


# --------------------------------------------------------------------------- serve
@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind (loopback by default).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@click.option(
    "--store",
    default="memory",
    show_default=True,
    type=click.Choice(["memory", "oxigraph"], case_sensitive=False),
    help="Query engine: rdflib in memory or Oxigraph (extra [oxigraph]).",
)
@data_option
@click.option("--timeout", default=10.0, show_default=True, type=Seconds(0.1, 3600), help="Seconds per query.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1), help="Rows per result at most.")
@click.option(
    "--max-request-bytes",
    default=1_000_000,
    show_default=True,
    type=click.IntRange(1_000),
    help="Largest accepted request (query string or body).",
)
@click.option("--allow-update", is_flag=True, help="Accept SPARQL Update (changes the served copy only, never files).")
@click.option("--cors", default="*", show_default=True, metavar="ORIGIN|none", help="Origin browsers may read from.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="Queries run at once.")
@click.option("--max-memory-mb", default=2048, show_default=True, type=click.IntRange(256), help="Memory per worker.")
@click.option("--max-connections", default=512, show_default=True, type=click.IntRange(8), help="Open connections.")
@click.option(
    "--header-timeout", default=10.0, show_default=True, type=click.FloatRange(0.5), help="Seconds to send a request."
)
@click.option("--idle-timeout", default=5, show_default=True, type=click.IntRange(1), help="Keep-alive seconds.")
@click.option(
    "--cache-mb", default=64, show_default=True, type=click.IntRange(0), help="Answers kept for repeats (0: off)."
)
def serve_cmd(
    host: str,
    port: int,
    store: str,
    extra_data: tuple[str, ...],
    timeout: float,
    max_rows: int,
    max_request_bytes: int,
    allow_update: bool,
    cors: str,
    workers: int,
    max_memory_mb: int,
    max_connections: int,
    header_timeout: float,
    idle_timeout: int,
    cache_mb: int,
) -> None:
    """Serve the knowledge base as a SPARQL 1.1 endpoint (/sparql, /queries, /health, and a query page at /)."""
    import importlib.util

    missing = [m for m in ("starlette", "uvicorn") if importlib.util.find_spec(m) is None]
    if missing:  # say so before anything else is printed
        raise GutJointError(
            f"serve needs the server extra ({', '.join(missing)} missing): pip install 'gutjoint-kg[server]'"
        )
    from ..kb.inferred import ASSERTED_GRAPH, INFERRED_GRAPH
    from ..resources import shipped_files
    from ..sparql.server import Settings, describe_settings, run

    kb = load_kb(extra_data, store=store.lower())
    settings = Settings(
        allow_update=allow_update,
        timeout=timeout,
        max_rows=max_rows,
        max_request_bytes=max_request_bytes,
        cors=cors,
        workers=workers,
        max_memory_mb=max_memory_mb,
        max_connections=max_connections,
        header_timeout=header_timeout,
        idle_timeout=idle_timeout,
        cache_mb=cache_mb,
    )
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"Warning: binding {host} exposes the endpoint beyond this machine.", err=True)
    shown = f"[{host}]" if ":" in host else host
    served = len(kb.graph) if allow_update else len(kb.query_graph)
    click.echo(f"gutjoint-kg SPARQL endpoint: http://{shown}:{port}/sparql  ({served} triples)", err=True)
    extra = [Path(f).name for f in kb.files if Path(f) not in set(shipped_files())]
    added = f" + {', '.join(extra)}" if extra else ""
    asserted = f"the shipped KB ({kb.version}){added}"
    if allow_update:  # an update would leave the inferred graph stale
        click.echo(
            f"default graph: {asserted}, asserted triples only (--allow-update), on the {store.lower()} store", err=True
        )
    else:
        click.echo(
            f"default graph: the union of <{ASSERTED_GRAPH}> ({asserted}, {len(kb.graph)} triples) and "
            f"<{INFERRED_GRAPH}> ({served - len(kb.graph)} triples), on the {store.lower()} store",
            err=True,
        )
    click.echo(f"limits: {describe_settings(settings)}; stop with Ctrl-C", err=True)
    run(kb, host=host, port=port, settings=settings, version=kb.version)


# --------------------------------------------------------------------------- push
@click.command("push")
@click.option("--endpoint", required=True, metavar="URL", help="SPARQL 1.1 Update endpoint (e.g. .../sparql-auth).")
@click.option(
    "--graph", "graph_iri", default=None, metavar="IRI", help="Named graph to replace [default: the project graph]."
)
@click.option(
    "--graph-store",
    default=None,
    metavar="URL",
    help="Use this Graph Store HTTP Protocol URL (e.g. .../sparql-graph-crud-auth) instead of SPARQL Update.",
)
@click.option("--user", default=None, help="User name for HTTP Basic/Digest authentication.")
@click.option(
    "--password-env",
    default=None,
    metavar="VAR",
    help="Environment variable holding the password (never pass passwords as arguments).",
)
@click.option(
    "--batch-size", default=1_000, show_default=True, type=click.IntRange(1, 1_000_000), help="Triples/request."
)
@click.option("--timeout", default=120.0, show_default=True, type=Seconds(1, 86_400), help="Seconds/request.")
@click.option(
    "--with-inferred", is_flag=True, help="Also push the inferred graph (standard vocabulary) into GRAPH/inferred."
)
@data_option
def push_cmd(
    endpoint: str,
    graph_iri: str | None,
    graph_store: str | None,
    user: str | None,
    password_env: str | None,
    batch_size: int,
    timeout: float,
    with_inferred: bool,
    extra_data: tuple[str, ...],
) -> None:
    """Load the knowledge base (and --data files) into a remote SPARQL server, replacing one named graph
    (with --with-inferred, a second one: GRAPH/inferred, what the KB entails in RO, Biolink, SKOS, PROV).

    Idempotent: re-running replaces the graph, nothing is duplicated.
    """
    from ..sparql.remote import DEFAULT_GRAPH, Endpoint, count_triples, iri, other_copies, push

    password = None
    if password_env:
        if password_env not in os.environ:
            raise UsageError(f"environment variable {password_env} (from --password-env) is not set")
        password = os.environ[password_env]
        if user is None:
            raise UsageError("--password-env needs --user")
    target = graph_iri or DEFAULT_GRAPH
    iri(target)  # refuses an unusable IRI before anything is sent
    kb = load_kb(extra_data)
    ep = Endpoint(endpoint, user=user, password=password, timeout=timeout)

    def send(graph: Graph, graph_iri: str) -> int:
        total = len(graph)
        if not is_terminal():
            return push(graph, ep, graph_iri=graph_iri, graph_store=graph_store, batch_size=batch_size)
        with click.progressbar(length=total, label=f"Pushing {total} triples", file=sys.stderr) as bar:
            return push(
                graph, ep, graph_iri=graph_iri, graph_store=graph_store, batch_size=batch_size, progress=bar.update
            )

    sent = send(kb.graph, target)
    if with_inferred:
        from ..kb.inferred import inferred_graph

        inferred_iri = f"{target}/inferred"
        click.echo(f"Pushed {send(inferred_graph(kb.graph), inferred_iri)} inferred triples into <{inferred_iri}>.")
    try:
        stored: Any = count_triples(ep, target)
        others = other_copies(ep, target)
    except Exception:  # some servers do not answer queries on the update URL; the push itself succeeded
        stored, others = "?", []
    click.echo(f"Pushed {sent} triples into <{target}> at {endpoint} (the server now holds {stored}).")
    if others:
        click.echo(
            f"Warning: the server's default graph is a union that also holds KB statements in {len(others)} other"
            f" graph(s) ({', '.join(f'<{g}>' for g in others[:3])}); counts without --graph {target} are multiplied.",
            err=True,
        )
