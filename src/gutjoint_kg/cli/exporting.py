"""Export and diagram commands: ``export FORMAT -o PATH`` / ``export --all -o DIR`` and ``diagram SOURCE TARGET``."""

from __future__ import annotations

import sys

import click

from ..render.export import WRITERS
from .common import build_view, data_option, force_option, format_option, is_terminal, load_kb, table, view_options


@click.command("export")
@click.argument("fmt", metavar="FORMAT", required=False, type=click.Choice(list(WRITERS), case_sensitive=False))
@click.option(
    "-o",
    "--output",
    default=None,
    metavar="PATH",
    help="File (or directory, for multi-file formats and --all) to write; '-' prints a single-file format.",
)
@click.option("--all", "all_formats", is_flag=True, help="Write every format plus manifest.json into directory PATH.")
@click.option("--list", "list_formats", is_flag=True, help="List the export formats and exit.")
@force_option
@view_options
@data_option
def export_cmd(
    fmt: str | None,
    output: str | None,
    all_formats: bool,
    list_formats: bool,
    force: bool,
    focus: str | None,
    depth: int,
    path: tuple[str, str] | None,
    limit: int,
    categories: tuple[str, ...],
    min_evidence: str | None,
    extra_data: tuple[str, ...],
) -> None:
    """Export the knowledge base, or a view of it, as RDF, GraphML, GEXF, Cytoscape, KGX, CSV or diagrams.

    Without view options RDF formats hold the whole KB; with them, only the view's triples.
    """
    if list_formats:
        rows = [
            {"format": w.name, "writes": "directory" if w.multi_file else f"file ({w.extension})", "for": w.description}
            for w in WRITERS.values()
        ]
        click.echo(table(rows, ["format", "writes", "for"], max_width=100))
        return
    if all_formats and fmt:
        raise click.UsageError("give either a FORMAT or --all, not both")
    if not all_formats and not fmt:
        raise click.UsageError(f"give a FORMAT ({', '.join(WRITERS)}) or --all; see --list")
    if not output:
        raise click.UsageError("-o PATH is required")

    from ..render import export as ex

    kb = load_kb(extra_data)
    view = None
    if focus or path or categories or min_evidence:
        view = build_view(kb, focus, depth, path, limit, categories, min_evidence)

    if all_formats:
        if output == "-":
            raise click.UsageError("--all writes a directory; give -o DIR")
        if is_terminal():
            with click.progressbar(length=len(WRITERS), label="Exporting", file=sys.stderr) as bar:
                manifest = ex.export_all(kb, output, view=view, force=force, progress=lambda _name: bar.update(1))
        else:
            manifest = ex.export_all(kb, output, view=view, force=force)
        counts = manifest["counts"]
        click.echo(
            f"wrote {len(manifest['files'])} files + manifest.json to {output} "
            f"({counts['concepts']} concepts, {counts['statements']} statements, KB {manifest['kb_version']})"
        )
        return

    assert fmt is not None  # given, or --all returned above
    fmt = fmt.lower()
    if output == "-":
        result = ex.render(kb, fmt, view)
        if isinstance(result, dict):
            raise click.UsageError(f"{fmt} writes several files; give -o DIR")
        click.echo(result, nl=False)
        return
    written = ex.export(kb, fmt, output, view=view, force=force)
    where = output if len(written) == 1 else f"{output}/ ({', '.join(p.name for p in written)})"
    click.echo(f"wrote {fmt} to {where}")


@click.command("diagram")
@click.argument("source")
@click.argument("target")
@format_option("mermaid", "dot", "svg")
@click.option("-o", "--output", default=None, metavar="FILE", help="Write to FILE instead of standard output.")
@force_option
@click.option("--limit", default=3, show_default=True, type=click.IntRange(1, 20), help="Number of chains drawn.")
@click.option("--max-length", default=6, show_default=True, type=click.IntRange(1, 12), help="Longest chain (steps).")
@click.option("--min-evidence", default=None, metavar="LEVEL", help="Use only statements at or above this level.")
@data_option
def diagram_cmd(
    source: str,
    target: str,
    fmt: str,
    output: str | None,
    force: bool,
    limit: int,
    max_length: int,
    min_evidence: str | None,
    extra_data: tuple[str, ...],
) -> None:
    """Draw the best causal chains from SOURCE to TARGET for slides: Mermaid, DOT or SVG (needs Graphviz)."""
    from ..kb.views import select
    from ..render.atomic import check_target, write_atomic
    from ..render.diagram import render_diagram

    if output:
        check_target(output, force=force)  # refuse before the work, not after
    kb = load_kb(extra_data)
    view = select(kb, path=(source, target), limit=limit, min_evidence=min_evidence, max_length=max_length)
    result = render_diagram(view, fmt.lower())
    if output:
        write_atomic(output, result, force=force)
        click.echo(f"wrote {fmt} diagram of {len(view.chains)} chain(s) to {output}", err=True)
    else:
        click.echo(result, nl=False)
