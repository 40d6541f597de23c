"""Options, knowledge-base loading and output helpers shared by every sub-command."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..text import cell, spreadsheet_safe
from ..text import table as table  # re-exported for the commands

if TYPE_CHECKING:  # pragma: no cover
    from ..kb.compiled import Compiled
    from ..kb.store import KnowledgeBase
    from ..kb.views import View


class Seconds(click.FloatRange):
    """A number of seconds in a range; ``nan`` and ``inf`` are refused (a bound must bound)."""

    name = "seconds"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        seconds = super().convert(value, param, ctx)
        if not math.isfinite(seconds):
            self.fail(f"{value!r} is not a finite number of seconds", param, ctx)
        return seconds


#: Control characters and sequences other than SGR (colour, bold) and tab/newline/CR: OSC (window
#: title, clipboard), other CSI (cursor moves, erase), DCS/PM/APC strings, C1 controls.
_CONTROLS = re.compile(
    r"(\x1b\[[0-9;]*m)|\x1b[\]P^_X].*?(?:\x07|\x1b\\|$)|\x1b\[[0-?]*[ -/]*[@-~]?|\x1b.?"
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]",
    re.S,
)


class _Terminal:
    """A terminal stream that passes on only the tool's own styling (SGR), so data read from files
    (a label with an OSC sequence that sets the window title or the clipboard) cannot drive it."""

    def __init__(self, stream: Any):
        self._stream = stream

    def write(self, text: str) -> int:
        return int(self._stream.write(_CONTROLS.sub(lambda m: m[1] or "", text)))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def guard_terminal() -> None:
    """Filter standard output and error through :class:`_Terminal` when they are terminals."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, _Terminal) and stream.isatty():
            setattr(sys, name, _Terminal(stream))


def data_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--data FILE`` (repeatable) on a sub-command; merged with the group-level ``--data``."""
    return click.option(
        "--data",
        "extra_data",
        multiple=True,
        type=click.Path(dir_okay=False),
        help="Extra RDF file to merge with the knowledge base (repeatable).",
    )(f)


def force_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--force``: the one switch that lets an ``-o`` output replace an existing file
    (:func:`gutjoint_kg.render.atomic.check_target` applies the rule)."""
    return click.option("--force", is_flag=True, help="Overwrite the output if it exists.")(f)


def format_option(*choices: str, default: str | None = None) -> Callable[..., Any]:
    """``--format`` restricted to ``choices`` (click reports a bad one with exit code 2)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices, case_sensitive=False),
        default=default or choices[0],
        show_default=True,
        help="Output format.",
    )


def store_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--store memory|oxigraph|oxigraph:DIR``: where the KB lives; ``DIR`` adds imported graphs."""
    return click.option(
        "--store",
        "store",
        default="memory",
        show_default=True,
        metavar="memory|oxigraph[:DIR]",
        help="RDF store; oxigraph:DIR also searches the graphs imported into DIR (gutjoint-kg import).",
    )(f)


def _two_concepts(ctx: click.Context, param: click.Parameter, value: tuple[str, str] | None) -> tuple[str, str] | None:
    """``--path SOURCE TARGET`` must get two concepts; an option where the second should be (``--path
    "chronic stress" -o x.html``) is reported as a missing TARGET, not as a missing option."""
    if value is not None and value[1].startswith("-") and len(value[1]) > 1:
        raise click.BadParameter(
            f"--path takes two concepts, SOURCE and TARGET; got {value[0]!r} and then the option {value[1]!r}",
            ctx=ctx,
            param=param,
        )
    return value


def view_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """The view options shared by ``viz`` and ``export``: focus, path and filters."""
    options = [
        click.option("--focus", default=None, metavar="CONCEPT", help="Draw only this concept's neighbourhood."),
        click.option("--depth", default=1, show_default=True, type=click.IntRange(0, 10), help="Hops around --focus."),
        click.option(
            "--path",
            nargs=2,
            default=None,
            metavar="SOURCE TARGET",
            callback=_two_concepts,
            help="Draw the best chains between two concepts.",
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


def build_view(
    kb: KnowledgeBase,
    focus: str | None,
    depth: int,
    path: Sequence[str] | None,
    limit: int,
    categories: Sequence[str],
    min_evidence: str | None,
) -> View:
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

    With the cache on and the in-memory store, this also caches the compiled form that
    :func:`load_compiled` reads, when there is none yet.
    """
    from ..kb import compiled
    from ..kb.store import load

    files, use_cache = _cache_settings(extra_data)
    kb = load(files, store=store, use_cache=use_cache)
    if use_cache and store == "memory" and not compiled.path_for(kb.files).is_file():
        compiled.save(compiled.compile_kb(kb), kb.files)
    return kb


def load_compiled(extra_data: Iterable[str] = (), store: str = "memory") -> Compiled:
    """The compiled form that every fast command reads: unpickled from the cache when it is warm
    (no rdflib, no Turtle), else compiled from the loaded KB and cached for the next run."""
    from .. import resources
    from ..kb import compiled

    files, use_cache = _cache_settings(extra_data)
    cached = use_cache and store == "memory"
    if cached:
        found = compiled.load([*resources.shipped_files(), *map(Path, files)])
        if found is not None:
            return found
    from ..kb.store import load  # cold: parse the Turtle (imports rdflib)

    kb = load(files, store=store, use_cache=use_cache)
    form = compiled.compile_kb(kb)
    if cached:
        compiled.save(form, kb.files)
    return form


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
            writer.writerow({k: spreadsheet_safe(cell(row.get(k))) for k in columns})
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
