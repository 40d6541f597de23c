"""SPARQL commands: ``sparql`` (run a query) and ``queries`` (browse the named query library)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import UsageError
from ..inputs import read_text
from ..render.atomic import check_target, write_atomic
from .common import Seconds, data_option, emit_rows, force_option, format_option, load_kb
from .serving import endpoint_option, remote_sparql

FORMATS = ("table", "csv", "tsv", "json", "xml", "md", "ttl", "jsonld", "nt")


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    """``key=value`` strings as a dict; a pair without ``=`` is a usage error naming it."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--param {pair!r}: expected KEY=VALUE, e.g. --param concept=gj:joint_pain")
        out[key.strip()] = value
    return out


@click.command("sparql")
@click.argument("query", required=False)
@click.option("-f", "--file", "file", type=click.Path(dir_okay=False), help="Read the query from FILE.rq ('-': stdin).")
@click.option("--name", "name", default=None, help="Run a query of the library (see `gutjoint-kg queries`).")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="Bind a declared parameter (repeatable).")
@format_option(*FORMATS)
@click.option(
    "--store",
    default="memory",
    show_default=True,
    metavar="memory|oxigraph[:DIR]",
    help="Query engine: rdflib's memory store, Oxigraph (optional extra, much faster), or the import "
    "store at DIR (curated KB + imported graphs, read-only).",
)
@click.option(
    "--timeout",
    type=Seconds(min=0, min_open=True),
    default=30,
    show_default=True,
    help="Stop the query after this many seconds.",
)
@click.option(
    "--allow-update",
    is_flag=True,
    help="Accept SPARQL UPDATE; it changes only the in-memory graph unless --output is given.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the result (or, after an UPDATE, the whole updated graph) to FILE atomically.",
)
@force_option
@data_option
@endpoint_option
def sparql_cmd(
    query: str | None,
    file: str | None,
    name: str | None,
    params: tuple[str, ...],
    fmt: str,
    store: str,
    timeout: float,
    allow_update: bool,
    output: str | None,
    force: bool,
    extra_data: tuple[str, ...],
    endpoint: str | None,
    endpoint_graph: str | None,
) -> None:
    """Run a SPARQL query on the knowledge base: QUERY text, -f FILE.rq or --name NAME.

    Standard prefixes (gj, gjs, gjsrc, rdf, rdfs, owl, xsd, skos, prov, dcterms, obo, biolink,
    hgnc, uniprot) are predeclared. SELECT/ASK results print as a table or in the SPARQL 1.1
    result formats (json, xml, csv, tsv); CONSTRUCT/DESCRIBE graphs as ttl, jsonld or nt.
    An UPDATE is refused (exit 2) unless --allow-update is given.
    """
    from .. import sparql
    from ..kb.store import split_store

    if output:
        check_target(output, force=force)  # refuse before the work, not after
    given = [x for x in (query, file, name) if x is not None]
    if len(given) != 1:
        raise click.UsageError("give exactly one of QUERY, -f FILE or --name NAME")
    declared = None
    if name is not None:
        named = sparql.get_query(name)
        text, declared = named.text, named.params
    elif file is not None:
        if file == "-":
            text = sys.stdin.read()
        else:
            text = read_text(Path(file), "query file")
    else:
        text = query or ""
    if not text.strip():
        raise UsageError("the query is empty")
    values = _parse_params(params)
    if endpoint:  # run on the server (paged past its row cap); UPDATE is refused there
        named_query = sparql.get_query(name) if name is not None else None
        result = remote_sparql(
            endpoint, endpoint_graph, text, params=values, named=named_query, timeout=timeout, extra_data=extra_data
        )
    elif (imports := split_store(store)[1]) is not None:  # an import store: curated + imported graphs
        if extra_data:
            raise UsageError("--data cannot be merged into an import store; import the file instead")
        result = _run_on_import_store(imports, text, values, declared, timeout)
    else:
        kb = load_kb(extra_data, store=store)
        result = sparql.run(kb, text, params=values, declared=declared, timeout=timeout, allow_update=allow_update)
    if result.form == "UPDATE":
        sign = "+" if result.changed >= 0 else ""
        if output:
            rdf_format = _rdf_format_for(Path(output))
            write_atomic(output, kb.graph.serialize(format=rdf_format), force=force)
            click.echo(f"UPDATE applied ({sign}{result.changed} triples); updated graph written to {output}", err=True)
        else:
            click.echo(
                f"UPDATE applied to the in-memory graph only ({sign}{result.changed} triples); "
                "nothing was saved (use --output FILE to write the updated graph)",
                err=True,
            )
        return
    out = sparql.serialize_result(result, fmt)
    if output:
        write_atomic(output, out, force=force)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(out, nl=not out.endswith("\n"))


def _run_on_import_store(
    directory: Path, text: str, values: dict[str, Any], declared: tuple[Any, ...] | None, timeout: float
) -> Any:
    """Query the import store at ``directory`` read-only; a note when its curated copy is missing
    or older than the installed KB (answers would mix KB versions)."""
    from .. import sparql
    from ..external.importer import CURATED_GRAPH, CURATED_INFERRED_GRAPH, ImportStore
    from ..kb import cache

    store = ImportStore(directory, create=False, read_only=True)
    kb = load_kb()
    held = store.curated_digest()
    if held != cache.key(kb):
        state = "holds no copy of the curated KB" if held is None else "holds an older version of the curated KB"
        click.echo(f"note: {directory} {state}; refresh: gutjoint-kg import --relink --into {directory}", err=True)
    # The curated copy with its inferred graph, as on the memory store, and every import; not the manifest
    # (bookkeeping) nor the links (each is a curated skos:exactMatch/closeMatch triple that the curated
    # copy holds already; Oxigraph's union of graphs keeps duplicates).
    graphs = [CURATED_GRAPH, CURATED_INFERRED_GRAPH, *store.graphs()]
    return sparql.run_on_store(
        store.store, text, graphs=graphs, params=values, declared=declared, kb=kb, timeout=timeout
    )


def _rdf_format_for(path: Path) -> str:
    from ..kb.store import FORMAT_BY_SUFFIX

    fmt = FORMAT_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMAT_BY_SUFFIX))
        raise UsageError(f"{path}: unknown RDF file type {path.suffix!r} for the updated graph (known: {known})")
    return fmt


@click.command("queries")
@click.argument("name", required=False)
@format_option("table", "json", "md")
def queries_cmd(name: str | None, fmt: str) -> None:
    """List the named SPARQL queries, or show one with its description, parameters and text."""
    from .. import sparql

    if name is None:
        rows = [
            {
                "name": q.name,
                "form": q.form,
                "parameters": ", ".join(p.name + ("*" if p.required else "") for p in q.params),
                "title": q.title,
            }
            for q in sparql.list_queries()
        ]
        emit_rows(rows, fmt, ["name", "form", "parameters", "title"])
        if fmt == "table":
            click.echo("\nShow one with `gutjoint-kg queries NAME`; run it with `gutjoint-kg sparql --name NAME`.")
        return
    q = sparql.get_query(name)
    if fmt == "json":
        data = q.to_dict(with_text=True)
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(f"{q.name} ({q.form}): {q.title}\n")
    click.echo(click.wrap_text(q.description, width=88) + "\n")
    if q.params:
        click.echo("Parameters:")
        for p in q.params:
            state = f"default {p.default}" if p.default is not None else ("optional" if p.optional else "required")
            click.echo(f"  {p.name} ({p.type}, {state}) — {p.description}")
        click.echo()
    click.echo(f"Engines: {' '.join(q.engines)}\n")
    fence = "```" if fmt == "md" else ""
    click.echo(f"{fence}sparql\n{q.text.rstrip()}\n{fence}" if fence else q.text.rstrip())
    example = " ".join(f"--param {p.name}={p.default or 'VALUE'}" for p in q.params if p.required or p.default)
    click.echo(f"\nRun: gutjoint-kg sparql --name {q.name}" + (f" {example}" if example else ""))
