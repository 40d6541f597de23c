"""Knowledge-base commands: ``info``, ``concepts``, ``show``, ``validate``.

``info`` and ``show`` answer from the cached view (no rdflib) when the cache is warm; their data
come from :func:`summary` and :func:`concept_cards` either way, so both paths print the same.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..vocab import DISCLAIMER, curie
from ..vocab import normalise as _normalise
from .common import data_option, emit_rows, format_option, load_kb, load_view
from .serving import endpoint_option, remote_kb

if TYPE_CHECKING:  # pragma: no cover
    from ..kb.store import KnowledgeBase, Statement


def summary(kb: KnowledgeBase) -> dict:
    """Counts by category, relation and evidence level, and the versions: what ``info`` prints."""
    from .. import __version__

    return {
        "package_version": __version__,
        "kb_version": kb.version,
        "concepts": len(kb.concepts),
        "statements": len(kb.statements),
        "sources": len(kb.sources),
        "by_category": dict(sorted(Counter(c.category for c in kb.concepts.values()).items())),
        "by_relation": dict(
            sorted(Counter(kb.relations[s.predicate].label for s in kb.statements).items(), key=lambda kv: -kv[1])
        ),
        "by_evidence": {name: 0 for name in kb.evidence_levels}
        | dict(Counter(s.evidence or "none" for s in kb.statements)),
    }


@click.command()
@data_option
@format_option("text", "json")
def info(extra_data: tuple[str, ...], fmt: str) -> None:
    """Counts by category and relation, evidence-level distribution and version."""
    view = load_view(extra_data)
    data = view.extras["info"] if view is not None else summary(load_kb(extra_data))
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


def concept_card(kb: KnowledgeBase, name: str) -> dict:
    """A concept with its definition, synonyms, mappings and statements, as plain data."""
    c = kb.concept(name)
    outgoing, incoming = kb.statements_about(c.iri)
    return _card(kb, c, outgoing, incoming)


def concept_cards(kb: KnowledgeBase) -> dict[str, dict]:
    """Every concept's :func:`concept_card` by CURIE, in one pass over the statements."""
    outgoing: dict = {iri: [] for iri in kb.concepts}
    incoming: dict = {iri: [] for iri in kb.concepts}
    for st in kb.statements:
        outgoing[st.subject].append(st)
        incoming[st.object].append(st)
    return {c.curie: _card(kb, c, outgoing[iri], incoming[iri]) for iri, c in kb.concepts.items()}


def _card(kb: KnowledgeBase, c, outgoing: list[Statement], incoming: list[Statement]) -> dict:
    def edge(st, other):
        o = kb.concepts[other]
        rel = kb.relations[st.predicate]
        return {
            "relation": rel.curie,
            "relation_label": rel.label,
            "polarity": rel.polarity,
            "concept": o.curie,
            "label": o.label,
            "evidence": st.evidence,
            "sources": list(st.sources),
            "note": st.note,
        }

    return {
        "curie": c.curie,
        "iri": str(c.iri),
        "label": c.label,
        "category": c.category,
        "definition": c.definition,
        "synonyms": list(c.synonyms),
        "mappings": [{"relation": rel, "id": m} for rel, m in c.mappings],
        "contested": c.contested,
        "note": c.note,
        "sources": list(c.sources),
        "outgoing": [edge(s, s.object) for s in outgoing],
        "incoming": [edge(s, s.subject) for s in incoming],
    }


@click.command()
@click.argument("concept")
@data_option
@format_option("text", "json")
@endpoint_option
def show(concept: str, extra_data: tuple[str, ...], fmt: str, endpoint: str | None, endpoint_graph: str | None) -> None:
    """A concept card: definition, synonyms, mappings and its statements with evidence."""
    view = None if endpoint else load_view(extra_data)
    if view is not None:  # warm cache: the card was computed when the cache was filled
        card = view.extras["cards"][view.resolve(concept)]
    elif endpoint:  # only the concept and its direct neighbours are fetched
        kb = remote_kb(endpoint, endpoint_graph, seeds=[concept], depth=1, direction="both", extra_data=extra_data)
        card = concept_card(kb, concept)
    else:
        card = concept_card(load_kb(extra_data), concept)
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


__all__ = ["concept_card", "concept_cards", "concepts", "curie", "info", "show", "summary", "validate_cmd"]
