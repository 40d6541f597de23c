"""Options, knowledge-base loading and output helpers shared by every sub-command."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..text import cell, table  # noqa: F401  (table is re-exported for the commands)

if TYPE_CHECKING:  # pragma: no cover
    from ..kb.compiled import CachedView
    from ..kb.store import KnowledgeBase

#: Modules whose code shapes the cached view (besides store.py): editing one invalidates it.
VIEW_CODE: tuple[Path, ...] = (
    Path(__file__).resolve().parents[1] / "kb" / "graph.py",
    Path(__file__).resolve().parents[1] / "kb" / "compiled.py",
    Path(__file__).resolve().with_name("common.py"),
    Path(__file__).resolve().with_name("kb.py"),
)


def data_option(f: Callable) -> Callable:
    """``--data FILE`` (repeatable) on a sub-command; merged with the group-level ``--data``."""
    return click.option(
        "--data",
        "extra_data",
        multiple=True,
        type=click.Path(dir_okay=False),
        help="Extra RDF file to merge with the knowledge base (repeatable).",
    )(f)


def format_option(*choices: str, default: str | None = None) -> Callable:
    """``--format`` restricted to ``choices`` (click reports a bad one with exit code 2)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices, case_sensitive=False),
        default=default or choices[0],
        show_default=True,
        help="Output format.",
    )


def store_option(f: Callable) -> Callable:
    """``--store memory|oxigraph|oxigraph:DIR``: where the KB lives; ``DIR`` adds imported graphs."""
    return click.option(
        "--store",
        "store",
        default="memory",
        show_default=True,
        metavar="memory|oxigraph[:DIR]",
        help="RDF store; oxigraph:DIR also searches the graphs imported into DIR (gutjoint-kg import).",
    )(f)


def view_options(f: Callable) -> Callable:
    """The view options shared by ``viz`` and ``export``: focus, path and filters."""
    options = [
        click.option("--focus", default=None, metavar="CONCEPT", help="Draw only this concept's neighbourhood."),
        click.option("--depth", default=1, show_default=True, type=click.IntRange(0, 10), help="Hops around --focus."),
        click.option(
            "--path", nargs=2, default=None, metavar="SOURCE TARGET", help="Draw the best chains between two concepts."
        ),
        click.option(
            "--limit", default=3, show_default=True, type=click.IntRange(1, 100), help="Chains drawn with --path."
        ),
        click.option(
            "--category", "categories", multiple=True, metavar="C", help="Keep only this category (repeatable)."
        ),
        click.option(
            "--min-evidence", default=None, metavar="LEVEL", help="Keep statements at or above this evidence level."
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def build_view(kb: KnowledgeBase, focus, depth, path, limit, categories, min_evidence):
    """Run :func:`gutjoint_kg.views.select` with the values of :func:`view_options`."""
    from ..kb.views import select

    return select(
        kb,
        focus=focus,
        depth=depth,
        path=tuple(path) if path else None,
        limit=limit,
        categories=categories,
        min_evidence=min_evidence,
    )


def _cache_settings(extra_data: Iterable[str]) -> tuple[list[str], bool]:
    """The ``--data`` files (group's and command's) and whether the cache may be used."""
    root = click.get_current_context().find_root().obj or {}
    return [*root.get("data", []), *extra_data], not root.get("no_cache", False)


def load_kb(extra_data: Iterable[str] = (), store: str = "memory") -> KnowledgeBase:
    """Load the KB with the group's and the command's ``--data`` files.

    With the cache on and the in-memory store, this also writes the cached view that
    :func:`load_view` reads, when there is none yet.
    """
    from ..kb import compiled as cache
    from ..kb.store import load

    files, use_cache = _cache_settings(extra_data)
    kb = load(files, store=store, use_cache=use_cache)
    if use_cache and store == "memory" and not cache.view_path(kb.files, VIEW_CODE).is_file():
        save_view(kb)
    return kb


def load_view(extra_data: Iterable[str] = ()) -> CachedView | None:
    """The warm cache's rdflib-free view of the in-memory KB with the ``--data`` files, or None when
    ``--no-cache`` is given or the cache is cold (then the caller loads the full KB with :func:`load_kb`)."""
    from .. import resources
    from ..kb import compiled as cache

    files, use_cache = _cache_settings(extra_data)
    if not use_cache:
        return None
    return cache.load_view([*resources.shipped_files(), *map(Path, files)], VIEW_CODE)


def save_view(kb: KnowledgeBase) -> Path | None:
    """Cache ``kb``'s view: its NetworkX graph, the ``info`` summary and every concept's ``show`` card."""
    from ..kb import compiled as cache
    from ..kb.graph import to_networkx
    from .kb import concept_cards, summary

    extras = {"info": summary(kb), "cards": concept_cards(kb)}
    return cache.save_view(kb, to_networkx(kb), extras, VIEW_CODE)


def emit_rows(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None) -> None:
    """Print rows as an aligned table, JSON, CSV or Markdown."""
    columns = list(columns or (rows[0].keys() if rows else []))
    fmt = fmt.lower()
    if fmt == "json":
        click.echo(json.dumps(list(rows), indent=2, ensure_ascii=False, default=str))
    elif fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.DictWriter(
            buf, fieldnames=columns, extrasaction="ignore", delimiter="," if fmt == "csv" else "\t", lineterminator="\n"
        )
        writer.writeheader()
        for row in rows:
            writer.writerow({k: cell(row.get(k)) for k in columns})
        click.echo(buf.getvalue(), nl=False)
    elif fmt == "md":
        click.echo("| " + " | ".join(columns) + " |")
        click.echo("|" + "---|" * len(columns))
        for row in rows:
            click.echo("| " + " | ".join(cell(row.get(k)).replace("|", "\\|") for k in columns) + " |")
    else:
        click.echo(table(rows, columns))


def is_terminal() -> bool:
    """True when stderr is an interactive terminal (progress bars are shown only then)."""
    return sys.stderr.isatty()
