"""Knowledge-base commands: ``info``, ``concepts``, ``show``, ``validate``.

``info`` and ``show`` answer from the compiled form (:mod:`gutjoint_kg.kb.compiled`; no rdflib when
the cache is warm), so a cold and a warm run print the same.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..kb.compiled import concept_card
from ..vocab import DISCLAIMER
from ..vocab import normalise as _normalise
from .common import data_option, emit_rows, format_option, load_compiled, load_kb
from .serving import endpoint_option, remote_kb


@click.command()
@data_option
@format_option("text", "json")
def info(extra_data: tuple[str, ...], fmt: str) -> None:
    """Counts by category and relation, evidence-level distribution and version."""
    data = load_compiled(extra_data).info
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"gutjoint-kg {data['package_version']}  knowledge base {data['kb_version']}")
    click.echo(f"{data['concepts']} concepts, {data['statements']} statements, {data['sources']} sources\n")
    for title, counts in (
        ("Concepts by category", data["by_category"]),
        ("Statements by relation", data["by_relation"]),
        ("Statements by evidence level (strongest first)", data["by_evidence"]),
    ):
        click.echo(title)
        width = max((len(k) for k in counts), default=0)
        for name, n in counts.items():
            click.echo(f"  {name.ljust(width)}  {n:>4}")
        click.echo()
    click.echo(DISCLAIMER)


@click.command()
@data_option
@click.option("--category", "categories", multiple=True, help="Only concepts of this category (repeatable).")
@click.option("--search", "search", default=None, help="Only concepts whose label, synonym or CURIE contains TEXT.")
@format_option("table", "json", "csv")
def concepts(extra_data: tuple[str, ...], categories: tuple[str, ...], search: str | None, fmt: str) -> None:
    """List concepts, optionally filtered by category or text."""
    kb = load_kb(extra_data)
    cats = {kb.category_name(c) for c in categories}
    needle = _normalise(search) if search else None
    rows = []
    for c in sorted(kb.concepts.values(), key=lambda c: (c.category, c.label.lower())):
        if cats and c.category not in cats:
            continue
        if needle and not any(needle in _normalise(t) for t in (c.label, c.curie, *c.synonyms)):
            continue
        rows.append(
            {
                "curie": c.curie,
                "label": c.label,
                "category": c.category,
                "synonyms": list(c.synonyms),
                "mappings": [m for _, m in c.mappings],
                "definition": c.definition,
            }
        )
    columns = ["curie", "label", "category", "mappings"] if fmt == "table" else None
    emit_rows(rows, fmt, columns)


@click.command()
@click.argument("concept")
@data_option
@format_option("text", "json")
@endpoint_option
def show(concept: str, extra_data: tuple[str, ...], fmt: str, endpoint: str | None, endpoint_graph: str | None) -> None:
    """A concept card: definition, synonyms, mappings and its statements with evidence.

    A name that is no concept's own but holds the words of several ("intestinal permeability")
    shows each of them, said plainly; one whose words fit one concept shows that one, with a note.
    """
    meant = [] if endpoint else _concepts_meant(concept, extra_data, fmt)
    if meant:
        for i, c in enumerate(meant):
            click.echo("\n" if i else "", nl=False)
            click.get_current_context().invoke(show, concept=c, extra_data=extra_data, fmt=fmt)
        return
    if endpoint:  # only the concept and its direct neighbours are fetched
        kb = remote_kb(endpoint, endpoint_graph, seeds=[concept], depth=1, direction="both", extra_data=extra_data)
        card = concept_card(kb, concept)
    else:  # the card was computed when the KB was compiled
        card = load_compiled(extra_data).card(concept)
    if fmt == "json":
        click.echo(json.dumps(card, indent=2, ensure_ascii=False))
        return
    click.echo(click.style(f"{card['label']}", bold=True) + f"  ({card['curie']}, {card['category']})")
    click.echo(f"  {card['definition']}")
    if card["contested"]:
        click.echo(f"  CONTESTED: {card['note'] or 'see the literature'}")
    elif card["note"]:
        click.echo(f"  Note: {card['note']}")
    if card["synonyms"]:
        click.echo(f"  Synonyms: {', '.join(card['synonyms'])}")
    if card["mappings"]:
        click.echo("  Mappings: " + ", ".join(f"{m['id']} ({m['relation']})" for m in card["mappings"]))
    if card["sources"]:
        click.echo(f"  Introduced by: {', '.join(card['sources'])}")
    for title, edges, incoming in (("Outgoing", card["outgoing"], False), ("Incoming", card["incoming"], True)):
        click.echo(f"\n{title} statements ({len(edges)})")
        for e in edges:
            where = f"[{e['evidence']}] ({', '.join(e['sources'])})"
            if incoming:
                click.echo(f"  ← {e['label']} —{e['relation_label']}→ this  {where}")
            else:
                click.echo(f"  → {e['relation_label']} {e['label']}  {where}")
            if e["note"]:
                click.echo(f"      note: {e['note']}")


#: Most concepts ``show`` prints for one umbrella term; a vaguer name lists its candidates instead.
MAX_SHOWN = 3


def _concepts_meant(name: str, extra_data: tuple[str, ...], fmt: str) -> list[str]:
    """The CURIEs a loose name stands for ([] when it is a concept's own name): the concepts whose
    names hold all its words, announced on stderr; none raises the usual unknown-concept error."""
    from ..vocab import NameIndex

    kb = load_compiled(extra_data)
    if NameIndex(kb.names, kb.labels.get).get(name) is not None:
        return []
    from ..claims import read_concept, word_matches
    from ..errors import AmbiguousConceptError

    categories = {c: str(card["category"]) for c, card in kb.extras["cards"].items()}
    try:
        found, note = read_concept(kb.names, kb.labels, categories, name)
    except AmbiguousConceptError as exc:
        found_all = word_matches(kb.names, name)
        if fmt == "json" or len(found_all) > MAX_SHOWN:
            raise
        listed = "; ".join(f"{label} ({cat})" for _, label, cat in exc.candidates)
        head = f"{name!r} is no concept's own name; it covers {len(found_all)} concepts, shown below"
        click.echo(f"{head}: {listed}\n", err=True)
        return found_all
    click.echo(f"note: {note}", err=True)
    return [found]


@click.command("validate")
@data_option
@format_option("text", "json", "csv")
def validate_cmd(extra_data: tuple[str, ...], fmt: str) -> None:
    """Check the knowledge base (and --data files) against SHACL shapes and SPARQL checks.

    Exit code 0 when clean, 1 when there are violations, 2 on usage errors.
    """
    from ..kb.validate import validate

    kb = load_kb(extra_data)
    findings = validate(kb)
    rows = [{"node": f.node, "rule": f.rule, "severity": f.severity, "message": f.message} for f in findings]
    if fmt == "text":
        for r in rows:
            click.echo(f"{r['severity']}: {r['node']}: [{r['rule']}] {r['message']}")
        files = ", ".join(Path(f).name for f in kb.files)
        status = "clean" if not findings else f"{len(findings)} finding(s)"
        click.echo(
            f"validated {len(kb.concepts)} concepts, {len(kb.statements)} statements ({files}): {status}", err=True
        )
    else:
        emit_rows(rows, fmt, ["node", "rule", "severity", "message"])
    if findings:
        raise SystemExit(1)


__all__ = ["concepts", "info", "show", "validate_cmd"]
