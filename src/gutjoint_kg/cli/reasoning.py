"""Reasoning commands: ``paths``, ``neighbors``, ``loops``, ``interventions``, ``decode``, ``explain``.

Each parses its arguments, resolves concept names, calls :mod:`gutjoint_kg.paths` and prints text,
JSON or CSV; the JSON shapes are documented in docs/paths.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click
import networkx as nx

from ..vocab import DISCLAIMER, EVIDENCE_LOCAL_NAMES, curie
from .common import data_option, emit_rows, format_option, load_kb, load_view, store_option, table
from .serving import endpoint_option, remote_setup

if TYPE_CHECKING:  # pragma: no cover
    from ..kb.compiled import CachedView
    from ..kb.store import KnowledgeBase

ARROW = "→"


# --------------------------------------------------------------------------- shared options
def min_evidence_option(f: Callable) -> Callable:
    """``--min-evidence LEVEL`` over the evidence level names (click reports a bad one, exit 2)."""
    return click.option(
        "--min-evidence",
        type=click.Choice(list(EVIDENCE_LOCAL_NAMES), case_sensitive=False),
        default=None,
        help="Ignore statements weaker than this evidence level.",
    )(f)


def max_length_option(default: int) -> Callable:
    """``--max-length N``: the longest chain or loop considered, in steps."""
    return click.option(
        "--max-length",
        default=default,
        show_default=True,
        type=click.IntRange(1, 20),
        help="Longest chain considered, in steps.",
    )


def limit_option(default: int, what: str) -> Callable:
    """``--limit K``: how many results to show."""
    return click.option("--limit", default=default, show_default=True, type=click.IntRange(1, 1000), help=what)


def _setup(
    extra_data: tuple[str, ...], store: str = "memory", *, fast: bool = True
) -> tuple[KnowledgeBase | CachedView, nx.MultiDiGraph]:
    """The KB and its NetworkX view; with a warm cache and the in-memory store, the cached view
    stands in for the KB (no rdflib, no Turtle). ``fast=False`` when the command needs the full KB."""
    if fast and store == "memory":
        view = load_view(extra_data)
        if view is not None:
            return view, view.graph
    from ..kb.graph import to_networkx

    kb = load_kb(extra_data) if store == "memory" else load_kb(extra_data, store=store)
    return kb, to_networkx(kb)


def _cross(kb: KnowledgeBase | CachedView, G: nx.MultiDiGraph, names: list[str], max_length: int, pair: bool):
    """Resolve ``names`` (curated concepts or imported IDs) and, with ``--store oxigraph:DIR``, merge
    the imported edges a bounded search from them can use into ``G``; returns (G, node CURIEs)."""
    if kb.imports is None:
        return G, [_node(kb, n) for n in names]
    from ..external.importer import ImportStore
    from ..external.scale import crossing_graph, resolve_node

    store = ImportStore(kb.imports, create=False, read_only=True)
    nodes = [resolve_node(kb, store, n) for n in names]
    src, dst = (nodes[:1], nodes[1:]) if pair else (nodes, [])
    crossing = crossing_graph(kb, G, store, src, dst, max_length=max_length)
    if crossing.truncated:
        click.echo("note: the search hit a fan-out or size cap; chains through hub nodes may be missing", err=True)
    return crossing.graph, nodes


def _node(kb: KnowledgeBase | CachedView, name: str) -> str:
    """The CURIE of a concept name (unknown names raise with the closest matches); a cached view
    resolves to the CURIE itself, which :func:`curie` leaves as it is."""
    return curie(kb.resolve(name))


def _label(G: nx.MultiDiGraph, node: str) -> str:
    return G.nodes[node].get("label", node)


def _ref(G: nx.MultiDiGraph, node: str) -> dict[str, str]:
    return {"curie": node, "label": _label(G, node)}


def _route(G: nx.MultiDiGraph, chain) -> str:
    return f" {ARROW} ".join(_label(G, n) for n in chain.nodes)


def _level(name: str | None) -> str:
    return name or "ungraded"


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _echo_chain(G: nx.MultiDiGraph, i: int | None, chain, indent: str = "") -> None:
    head = f"{indent}{i}. " if i is not None else indent
    click.echo(head + _route(G, chain))
    pad = indent + " " * (len(head) - len(indent))
    click.echo(
        f"{pad}net effect: {chain.net_effect} · weakest link: {_level(chain.weakest_evidence)} · {chain.length} step(s)"
    )
    for s in chain.steps:
        cites = f": {', '.join(s.sources)}" if s.sources else ""
        edge = f"{_label(G, s.source)} —{s.relation_label}{ARROW} {_label(G, s.target)}"
        click.echo(f"{pad}  {edge}  [{_level(s.evidence)}{cites}]")


def _step_rows(G: nx.MultiDiGraph, chains, extra: Callable[[int], dict] | None = None) -> list[dict]:
    rows = []
    for i, chain in enumerate(chains, 1):
        for j, s in enumerate(chain.steps, 1):
            rows.append(
                {
                    **(extra(i) if extra else {"chain": i}),
                    "step": j,
                    "source": s.source,
                    "source_label": _label(G, s.source),
                    "relation": s.relation,
                    "target": s.target,
                    "target_label": _label(G, s.target),
                    "polarity": s.polarity,
                    "evidence": s.evidence,
                    "sources": list(s.sources),
                    "net_effect": chain.net_effect,
                    "weakest_evidence": chain.weakest_evidence,
                    "length": chain.length,
                }
            )
    return rows


# --------------------------------------------------------------------------- paths
@click.command("paths")
@click.argument("source")
@click.argument("target")
@max_length_option(6)
@limit_option(5, "Chains to show.")
@min_evidence_option
@click.option("--relation", "relations", multiple=True, metavar="REL", help="Chain only this relation (repeatable).")
@data_option
@store_option
@format_option("text", "json", "csv")
@endpoint_option
def paths_cmd(
    source: str,
    target: str,
    max_length: int,
    limit: int,
    min_evidence: str | None,
    relations: tuple[str, ...],
    extra_data: tuple[str, ...],
    store: str,
    fmt: str,
    endpoint: str | None,
    endpoint_graph: str | None,
) -> None:
    """How SOURCE can lead to TARGET: causal chains with net effect and weakest evidence link."""
    from ..paths import causal_paths

    if endpoint:  # fetch only what lies within --max-length statements downstream of SOURCE
        kb, G = remote_setup(endpoint, endpoint_graph, [source], max_length, "down", extra_data)
    else:
        kb, G = _setup(extra_data, store, fast=not relations)  # --relation names resolve against the KB
    G, (s, t) = _cross(kb, G, [source, target], max_length, pair=True)
    rels = None
    if relations:
        from ..kb.graph import resolve_relations

        rels = sorted(curie(r) for r in resolve_relations(kb, relations))
    chains = causal_paths(G, s, t, max_length=max_length, limit=limit, min_evidence=min_evidence, relations=rels)
    if fmt == "json":
        _echo_json({"source": _ref(G, s), "target": _ref(G, t), "chains": [c.to_dict(G) for c in chains]})
    elif fmt == "csv":
        emit_rows(_step_rows(G, chains), "csv")
    else:
        click.echo(f"Chains from {_label(G, s)} to {_label(G, t)} (strongest weakest link first)\n")
        for i, chain in enumerate(chains, 1):
            _echo_chain(G, i, chain)
            click.echo()


# --------------------------------------------------------------------------- neighbors
@click.command("neighbors")
@click.argument("concept")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(1, 10), help="Causal steps away.")
@click.option(
    "--direction",
    default="both",
    show_default=True,
    type=click.Choice(["up", "down", "both"], case_sensitive=False),
    help="up: what feeds into CONCEPT; down: what it leads to.",
)
@min_evidence_option
@data_option
@store_option
@format_option("text", "json", "csv")
@endpoint_option
def neighbors_cmd(
    concept: str,
    depth: int,
    direction: str,
    min_evidence: str | None,
    extra_data: tuple[str, ...],
    store: str,
    fmt: str,
    endpoint: str | None,
    endpoint_graph: str | None,
) -> None:
    """What feeds into CONCEPT (up) and what it leads to (down), through causal statements."""
    from ..paths import neighbors

    if endpoint:  # fetch only what lies within --depth statements of CONCEPT
        kb, G = remote_setup(endpoint, endpoint_graph, [concept], depth, direction.lower(), extra_data)
    else:
        kb, G = _setup(extra_data, store)
    G, (node,) = _cross(kb, G, [concept], depth, pair=False)
    found = neighbors(G, node, depth, direction.lower(), min_evidence=min_evidence)
    if fmt == "json":
        _echo_json(
            {
                "concept": _ref(G, node),
                "depth": depth,
                "direction": direction.lower(),
                "neighbors": [n.to_dict(G) for n in found],
            }
        )
        return
    rows = [
        {
            "direction": n.direction,
            "distance": n.distance,
            "curie": n.curie,
            "label": n.label,
            "category": n.category,
            "net_effect": n.chain.net_effect,
            "weakest_evidence": n.chain.weakest_evidence,
            "route": _route(G, n.chain),
        }
        for n in found
    ]
    if fmt == "csv":
        emit_rows(rows, "csv")
        return
    titles = {"up": f"Upstream of {_label(G, node)} (what feeds into it)", "down": f"Downstream of {_label(G, node)}"}
    for d in ("up", "down"):
        part = [r for r in rows if r["direction"] == d]
        if direction.lower() in (d, "both"):
            click.echo(f"{titles[d]}: {len(part)} concept(s) within {depth} step(s)")
            if part:
                cols = ["distance", "label", "category", "net_effect", "weakest_evidence", "route"]
                click.echo(table(part, cols, max_width=90))
            click.echo()


# --------------------------------------------------------------------------- loops
@click.command("loops")
@click.option("--through", default=None, metavar="CONCEPT", help="Only loops through this concept.")
@max_length_option(6)
@limit_option(20, "Loops to show.")
@click.option(
    "--kind",
    default="all",
    show_default=True,
    type=click.Choice(["all", "reinforcing", "balancing"], case_sensitive=False),
    help="Only loops of this kind.",
)
@min_evidence_option
@data_option
@format_option("text", "json", "csv")
def loops_cmd(
    through: str | None,
    max_length: int,
    limit: int,
    kind: str,
    min_evidence: str | None,
    extra_data: tuple[str, ...],
    fmt: str,
) -> None:
    """Feedback loops: reinforcing (net +, vicious circles) and balancing (net −)."""
    from ..paths import loops

    kb, G = _setup(extra_data)
    node = _node(kb, through) if through else None
    found = loops(G, node, max_length, min_evidence=min_evidence)
    if kind.lower() != "all":
        found = [lp for lp in found if lp.kind == kind.lower()]
    total, found = len(found), found[:limit]
    if fmt == "json":
        _echo_json(
            {"through": _ref(G, node) if node else None, "total": total, "loops": [lp.to_dict(G) for lp in found]}
        )
    elif fmt == "csv":
        emit_rows(_step_rows(G, [lp.chain for lp in found], lambda i: {"loop": i, "kind": found[i - 1].kind}), "csv")
    else:
        where = f" through {_label(G, node)}" if node else ""
        click.echo(f"{total} feedback loop(s){where} of at most {max_length} steps; showing {len(found)}\n")
        for i, lp in enumerate(found, 1):
            click.echo(f"{i}. [{lp.kind}] " + _route(G, lp.chain))
            click.echo(f"   weakest link: {_level(lp.chain.weakest_evidence)} · {lp.chain.length} step(s)")


# --------------------------------------------------------------------------- interventions
@click.command("interventions")
@click.argument("source")
@click.argument("target")
@max_length_option(6)
@limit_option(10, "Chains to consider.")
@min_evidence_option
@data_option
@format_option("text", "json", "csv")
def interventions_cmd(
    source: str,
    target: str,
    max_length: int,
    limit: int,
    min_evidence: str | None,
    extra_data: tuple[str, ...],
    fmt: str,
) -> None:
    """Where the chains from SOURCE to TARGET can be interrupted: interventions and a minimum node cut."""
    from ..paths import interventions

    kb, G = _setup(extra_data)
    s, t = _node(kb, source), _node(kb, target)
    report = interventions(G, s, t, max_length=max_length, limit=limit, min_evidence=min_evidence)
    if fmt == "json":
        _echo_json(report.to_dict(G))
        return
    rows = [
        {
            "intervention": p.curie,
            "intervention_label": p.label,
            "node": a.node,
            "node_label": _label(G, a.node),
            "position": a.position,
            "effect": a.route.net_effect,
            "weakest_evidence": a.route.weakest_evidence,
            "route": _route(G, a.route),
            "chains": list(a.chains),
            "interrupts": list(a.interrupts),
        }
        for p in report.interventions
        for a in p.actions
    ]
    if fmt == "csv":
        emit_rows(rows, "csv")
        return
    n = len(report.chains)
    click.echo(f"{n} chain(s) from {_label(G, s)} to {_label(G, t)}:")
    for i, chain in enumerate(report.chains, 1):
        click.echo(f"  {i}. {_route(G, chain)}  [{chain.net_effect}, weakest: {_level(chain.weakest_evidence)}]")
    click.echo("\nInterventions (chains interrupted, then what they act on):")
    if not report.interventions:
        click.echo("  none act on these chains")
    for p in report.interventions:
        which = ", ".join(map(str, p.interrupts)) if p.interrupts else "none (acts only on the outcome)"
        click.echo(f"  {p.label} — interrupts {len(p.interrupts)}/{n}: {which}")
        for a in p.actions:
            click.echo(
                f"      {a.route.net_effect} {_label(G, a.node)} ({a.position}; {_level(a.route.weakest_evidence)})"
                + (f" via {_label(G, a.route.nodes[1])}" if a.route.length > 1 else "")
            )
    cut = ", ".join(_label(G, c) for c in report.cut) or "none"
    note = " (besides the direct statement linking them)" if report.direct else ""
    click.echo(f"\nMinimum set of concepts whose removal disconnects them{note}: {cut}")


# --------------------------------------------------------------------------- decode
@click.command("decode")
@click.argument("signs", nargs=-1, required=True, metavar="SIGN [SIGN ...]")
@max_length_option(4)
@limit_option(10, "Mechanisms to show.")
@min_evidence_option
@data_option
@format_option("text", "json", "csv")
def decode_cmd(
    signs: tuple[str, ...], max_length: int, limit: int, min_evidence: str | None, extra_data: tuple[str, ...], fmt: str
) -> None:
    """Mechanisms that connect observed signs, plus the red flags that need a professional. Educational only."""
    from ..paths import decode

    kb, G = _setup(extra_data)
    nodes = [_node(kb, s) for s in signs]
    result = decode(G, nodes, max_length=max_length, limit=limit, min_evidence=min_evidence)
    if fmt == "json":
        _echo_json(result.to_dict(G))
        return
    if fmt == "csv":
        rows = [
            {
                "rank": i,
                "mechanism": m.curie,
                "mechanism_label": m.label,
                "signs_explained": len(m.explains),
                "sign": e.sign,
                "sign_label": _label(G, e.sign),
                "kind": e.kind,
                "weakest_evidence": e.chain.weakest_evidence,
                "distance": e.distance,
                "route": _route(G, e.chain),
            }
            for i, m in enumerate(result.mechanisms, 1)
            for e in m.explains
        ]
        emit_rows(rows, "csv")
        return
    click.echo("Signs: " + "; ".join(_label(G, s) for s in result.signs) + "\n")
    click.echo("Mechanisms that could connect them (most signs explained, then strongest evidence):")
    if not result.mechanisms:
        click.echo("  none found")
    for i, m in enumerate(result.mechanisms, 1):
        click.echo(f"  {i}. {m.label} — explains {len(m.explains)}/{len(result.signs)}")
        for e in m.explains:
            how = "indicates" if e.kind == "indicates" else "leads to"
            route = _route(G, e.chain)
            click.echo(f"       {_label(G, e.sign)}: {how} ({_level(e.chain.weakest_evidence)}) {route}")
    if result.unexplained:
        click.echo("  No mechanism found for: " + "; ".join(_label(G, s) for s in result.unexplained))
    click.echo("\nRed flags — seek professional evaluation if any apply:")
    for f in result.red_flags:
        click.echo(f"  ! {f['label']}: {f['definition']}")
    click.echo("\n" + DISCLAIMER)


# --------------------------------------------------------------------------- explain
@click.command("explain")
@click.argument("source")
@click.argument("target")
@max_length_option(6)
@min_evidence_option
@data_option
@format_option("text", "json")
def explain_cmd(
    source: str, target: str, max_length: int, min_evidence: str | None, extra_data: tuple[str, ...], fmt: str
) -> None:
    """The best chain from SOURCE to TARGET told as a plain-language narrative."""
    from ..paths import causal_paths, explain

    kb, G = _setup(extra_data)
    s, t = _node(kb, source), _node(kb, target)
    chain = causal_paths(G, s, t, max_length=max_length, limit=1, min_evidence=min_evidence)[0]
    text = explain(chain, G)
    if fmt == "json":
        _echo_json({"chain": chain.to_dict(G), "narrative": text, "disclaimer": DISCLAIMER})
        return
    click.echo(f"How {_label(G, s)} can lead to {_label(G, t)}:\n")
    click.echo(text)
    click.echo("\n" + DISCLAIMER)
