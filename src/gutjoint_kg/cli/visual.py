"""The ``viz`` command: write the interactive explorer page (one offline HTML file)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..errors import GutJointError
from .common import build_view, data_option, load_kb, view_options
from .serving import endpoint_option, remote_view_kb


@click.command("viz")
@data_option
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    metavar="FILE.html",
    help="Page to write (an existing file is replaced atomically).",
)
@view_options
@click.option("--title", default=None, metavar="TEXT", help="Page title (default: says what is drawn).")
@click.option(
    "--physics/--no-physics",
    default=None,
    help="Force the physics simulation on or off (default: on up to 300 concepts, then a fixed layout).",
)
@endpoint_option
def viz_cmd(
    extra_data: tuple[str, ...],
    output: str,
    focus: str | None,
    depth: int,
    path: tuple[str, str] | None,
    limit: int,
    categories: tuple[str, ...],
    min_evidence: str | None,
    title: str | None,
    physics: bool | None,
    endpoint: str | None,
    endpoint_graph: str | None,
) -> None:
    """Draw the graph, a concept's neighbourhood (--focus) or causal chains (--path) as an offline page.

    The page needs no network: search a concept, filter by category and evidence, click a concept
    to highlight its neighbours.

    \b
    Examples:
      gutjoint-kg viz -o explorer.html
      gutjoint-kg viz -o barrier.html --focus "tight junction" --depth 2
      gutjoint-kg viz -o stress.html --path "chronic stress" "joint pain" --limit 3
    """
    from ..render.explorer import to_html

    _check_output(output)  # fail before the (slower) loading and drawing
    if endpoint:  # fetch only the part of the server's graph that the view draws
        kb = remote_view_kb(endpoint, endpoint_graph, focus, depth, path, extra_data)
    else:
        kb = load_kb(extra_data)
    view = build_view(kb, focus, depth, path, limit, categories, min_evidence)
    to_html(view, output, title=title, physics=physics, kb=kb)
    G = view.graph
    what = {"whole": "whole graph", "focus": f"neighbourhood of {view.focus}", "path": "causal chains"}
    detail = f", {len(view.chains)} chain(s)" if view.kind == "path" else ""
    click.echo(
        f"Wrote {output}: {what.get(view.kind, view.kind)}, "
        f"{G.number_of_nodes()} concepts, {G.number_of_edges()} links{detail}."
    )


def _check_output(output: str) -> None:
    """A one-line error for an output path whose directory is missing or not writable."""
    target = Path(output)
    parent = target.parent
    if target.is_dir():
        raise GutJointError(f"{target} is a directory; give a file name such as {target / 'explorer.html'}")
    if not parent.is_dir():
        raise GutJointError(f"cannot write {target}: directory {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise GutJointError(f"cannot write {target}: directory {parent} is not writable")
