"""The ``viz`` command: write the interactive explorer page (one offline HTML file)."""

from __future__ import annotations

import click

from ..render.atomic import check_target, write_atomic
from .common import build_view, data_option, force_option, load_kb, view_options
from .serving import endpoint_option, remote_view_kb


@click.command("viz")
@data_option
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    metavar="FILE.html",
    help="Page to write (atomically; an existing file only with --force).",
)
@force_option
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
    force: bool,
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

    check_target(output, force=force)  # fail before the (slower) loading and drawing
    if endpoint:  # fetch only the part of the server's graph that the view draws
        kb = remote_view_kb(endpoint, endpoint_graph, focus, depth, path, extra_data)
    else:
        kb = load_kb(extra_data)
    view = build_view(kb, focus, depth, path, limit, categories, min_evidence)
    write_atomic(output, to_html(view, title=title, physics=physics, kb=kb), force=force)
    G = view.graph
    what = {"whole": "whole graph", "focus": f"neighbourhood of {view.focus}", "path": "causal chains"}
    detail = f", {len(view.chains)} chain(s)" if view.kind == "path" else ""
    click.echo(
        f"Wrote {output}: {what.get(view.kind, view.kind)}, "
        f"{G.number_of_nodes()} concepts, {G.number_of_edges()} links{detail}."
    )
