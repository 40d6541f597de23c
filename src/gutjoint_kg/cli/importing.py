"""``gutjoint-kg import``: bulk-load external graphs into a persistent Oxigraph store and link them.

The library (:mod:`gutjoint_kg.importer`) does the work; this module parses options, shows a
progress bar on a terminal and prints one summary line per file.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .common import is_terminal, load_kb

if TYPE_CHECKING:  # pragma: no cover
    from ..external.importer import ImportResult, ImportStore

FORMATS = ("nt", "ttl", "nq", "kgx", "csv")


@click.command("import")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--into",
    "into",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Directory of the persistent Oxigraph store (created if missing).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS, case_sensitive=False),
    default=None,
    help="Input format (default: from the file suffix; .tsv is KGX).",
)
@click.option(
    "--on-error",
    type=click.Choice(["fail", "skip"], case_sensitive=False),
    default="fail",
    show_default=True,
    help="fail: stop at the first malformed line, importing nothing of that file; skip: report and skip it.",
)
@click.option("--list", "list_only", is_flag=True, help="List the imported graphs of DIR and exit.")
@click.option(
    "--relink",
    is_flag=True,
    help="Only refresh the links and the copy of the curated KB (after the KB or --data changed).",
)
@click.option("--remove", "remove", multiple=True, metavar="NAME", help="Drop an imported file's graph (repeatable).")
def import_cmd(
    files: tuple[Path, ...],
    into: Path,
    fmt: str | None,
    on_error: str,
    list_only: bool,
    relink: bool,
    remove: tuple[str, ...],
) -> None:
    """Import FILE... (N-Triples, Turtle, N-Quads, KGX TSV, CSV edges) into the store at DIR.

    Each file becomes one named graph; re-importing a file replaces its graph. External nodes that
    share a standard ID with a curated concept are linked to it, so `gutjoint-kg paths A B --store
    oxigraph:DIR` can cross from the curated graph into the imported ones; a copy of the curated KB
    is kept beside them for `gutjoint-kg sparql --store oxigraph:DIR`.
    """
    from ..errors import UsageError
    from ..external.importer import ImportStore
    from ..inputs import reading

    if not files and not list_only and not remove and not relink:
        raise UsageError("give at least one FILE to import (or --list / --remove / --relink)")
    for f in files:
        if not f.is_file():
            raise UsageError(f"{f}: no such file")
    with reading(into):  # a full disk or an out-of-memory store is one line, not a traceback
        if list_only and not (files or remove or relink):  # read-only: works on a read-only mount
            _list(ImportStore(into, create=False, read_only=True))
            return
        store = ImportStore(into)
        store.clean_orphans()
        for name in remove:
            if not store.remove(name):
                raise UsageError(f"{name!r} is not imported in {into}; see --list")
            click.echo(f"removed {name}")
        for path in files:
            result = _import_one(store, path, fmt, on_error.lower())
            for err in result.skipped:
                click.echo(f"skipped {err}", err=True)
            verb = "replaced" if result.replaced else "imported"
            skipped = f"; skipped {len(result.skipped)} malformed line(s)" if result.skipped else ""
            click.echo(
                f"{verb} {result.name}: {result.triples:,} triples ({result.format}) in {result.seconds:.2f} s "
                f"({result.rate:,.0f} triples/s){skipped}"
            )
        if files or remove or relink:
            links = store.link(load_kb())
            click.echo(f"linked {links} curated concept mapping(s) to imported nodes")
            store.flush()
        if list_only:
            _list(store)


def _import_one(store: ImportStore, path: Path, fmt: str | None, on_error: str) -> ImportResult:
    if not is_terminal():
        return store.import_file(path, fmt, on_error=on_error)
    with click.progressbar(length=path.stat().st_size, label=path.name, file=sys.stderr) as bar:
        return store.import_file(path, fmt, on_error=on_error, progress=bar.update)


def _list(store: ImportStore) -> None:
    from .common import table

    rows = [
        {"file": g.name, "format": g.format, "triples": f"{g.triples:,}", "imported": g.imported_at, "graph": g.graph}
        for g in store.imports()
    ]
    if not rows:
        click.echo(f"no graphs imported in {store.directory}")
        return
    click.echo(table(rows, ["file", "format", "triples", "imported", "graph"], max_width=90))
    click.echo(f"{len(store.links())} link(s) to curated concepts")
