"""Reasoning commands: ``paths``, ``neighbors``, ``loops``, ``interventions``, ``decode``, ``explain``, ``check``.

Each parses its arguments, resolves concept names, calls :mod:`gutjoint_kg.paths` and prints text,
JSON or CSV; the JSON shapes are documented in docs/paths.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import click
import networkx as nx

from ..claims import EFFECT_WORDS, VERDICTS
from ..paths import node_label, ref
from ..vocab import DISCLAIMER, EVIDENCE_LOCAL_NAMES
from .common import data_option, emit_rows, format_option, load_compiled, load_kb, store_option, table
from .serving import endpoint_option, remote_setup

if TYPE_CHECKING:  # pragma: no cover
    from ..claims import Verdict
    from ..kb.compiled import Compiled
    from ..kb.store import KnowledgeBase
    from ..paths import Chain, Step

ARROW = "→"


# --------------------------------------------------------------------------- shared options
def min_evidence_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--min-evidence LEVEL`` over the evidence level names (click reports a bad one, exit 2)."""
    return click.option(
        "--min-evidence",
        type=click.Choice(list(EVIDENCE_LOCAL_NAMES), case_sensitive=False),
        default=None,
        help="Ignore statements weaker than this evidence level.",
    )(f)


def max_length_option(default: int) -> Callable[..., Any]:
    """``--max-length N``: the longest chain or loop considered, in steps."""
    return click.option(
        "--max-length",
        default=default,
        show_default=True,
        type=click.IntRange(1, 20),
        help="Longest chain considered, in steps.",
    )


def limit_option(default: int, what: str) -> Callable[..., Any]:
    """``--limit K``: how many results to show."""
    return click.option("--limit", default=default, show_default=True, type=click.IntRange(1, 1000), help=what)


def include_claims_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--include-claims``: let the article's claims (the claim layer) be chain steps."""
    return click.option(
        "--include-claims",
        is_flag=True,
        help="Let the article's own claims be chain steps (by default chains use the mechanism layer only).",
    )(f)


def layer_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--min-evidence``, ``--include-claims`` and ``--data``: which statements chains may use."""
    return min_evidence_option(include_claims_option(data_option(f)))


def _setup(
    extra_data: tuple[str, ...], store: str = "memory", include_claims: bool = False
) -> tuple[Compiled, nx.MultiDiGraph]:
    """The compiled KB and its NetworkX view (no rdflib, no Turtle when the cache is warm), with the
    claim layer's edges when ``include_claims``."""
    kb = load_compiled(extra_data, store)
    return kb, _with_claims(kb, kb.graph, include_claims, extra_data)


def _cross(
    kb: Compiled, G: nx.MultiDiGraph, names: list[str], max_length: int, pair: bool
) -> tuple[nx.MultiDiGraph, list[str]]:
    """Resolve ``names`` (curated concepts or imported IDs) and, with ``--store oxigraph:DIR``, merge
    the imported edges a bounded search from them can use into ``G``; returns (G, node CURIEs)."""
    if kb.imports is None:
        return G, [_node(kb, n, G) for n in names]
    from ..external.importer import ImportStore
    from ..external.scale import crossing_graph, resolve_node

    assert kb.source is not None  # an import store is never cached: the KB was compiled in this process
    store = ImportStore(kb.imports, create=False, read_only=True)
    nodes = [resolve_node(kb.source, store, n) for n in names]
    src, dst = (nodes[:1], nodes[1:]) if pair else (nodes, [])
    crossing = crossing_graph(kb.source, G, store, src, dst, max_length=max_length)
    if crossing.truncated:
        click.echo("note: the search hit a fan-out or size cap; chains through hub nodes may be missing", err=True)
    return crossing.graph, nodes


def _node(kb: Compiled, name: str, G: nx.MultiDiGraph | None = None) -> str:
    """The CURIE of a concept name; a name that is no concept's own is read as the one concept whose
    names hold its words (said on stderr), an ambiguous one lists its candidates with categories
    (exit 1), and an unknown one raises with the closest names."""
    from ..claims import read_concept
    from ..errors import AmbiguousConceptError, UnknownConceptError

    try:
        return kb.resolve(name)
    except AmbiguousConceptError:
        raise
    except UnknownConceptError:
        names, labels, categories = _name_tables(kb, G)
        found, note = read_concept(names, labels, categories, name)
        if note:
            click.echo(f"note: {note}", err=True)
        return found


def _name_tables(
    kb: Compiled, G: nx.MultiDiGraph | None = None
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The name index (name -> CURIE), labels and categories by CURIE of the compiled KB."""
    graph = G if G is not None else kb.graph
    categories = {n: str(d.get("category", "")) for n, d in graph.nodes(data=True)}
    return dict(kb.names), dict(kb.labels), categories


def _level(name: str | None) -> str:
    return name or "ungraded"


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _echo_chain(G: nx.MultiDiGraph, i: int, chain: Chain) -> None:
    """One numbered chain: its route, net effect, weakest link and cost, then each step."""
    pad = " " * len(f"{i}. ")
    click.echo(f"{i}. {chain.route(G)}")
    click.echo(
        f"{pad}net effect: {chain.net_effect} · weakest link: {_level(chain.weakest_evidence)} · "
        f"{chain.length} step(s) · cost {chain.cost:.2f}"
    )
    for s in chain.steps:
        kind = " (article claim)" if s.claim and s.evidence != "article" else ""
        click.echo(f"{pad}  {_step_text(G, s, gap='  ')}{kind}")


def _step_rows(
    G: nx.MultiDiGraph, chains: Sequence[Chain], extra: Callable[[int], dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    rows = []
    for i, chain in enumerate(chains, 1):
        for j, s in enumerate(chain.steps, 1):
            rows.append(
                {
                    **(extra(i) if extra else {"chain": i}),
                    "step": j,
                    "source": s.source,
                    "source_label": node_label(G, s.source),
                    "relation": s.relation,
                    "target": s.target,
                    "target_label": node_label(G, s.target),
                    "polarity": s.polarity,
                    "evidence": s.evidence,
                    "sources": list(s.sources),
                    "net_effect": chain.net_effect,
                    "weakest_evidence": chain.weakest_evidence,
                    "length": chain.length,
                    "cost": round(chain.cost, 4),
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
@click.option("--via", "via", multiple=True, metavar="CONCEPT", help="Only chains through this concept (repeatable).")
@click.option(
    "--avoid", "avoid", multiple=True, metavar="CONCEPT", help="Only chains avoiding this concept (repeatable)."
)
@include_claims_option
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
    via: tuple[str, ...],
    avoid: tuple[str, ...],
    include_claims: bool,
    extra_data: tuple[str, ...],
    store: str,
    fmt: str,
    endpoint: str | None,
    endpoint_graph: str | None,
) -> None:
    """How SOURCE can lead to TARGET: causal chains, best evidence-weighted first.

    A chain's cost is the sum over its steps of -ln(belief of the step's evidence level) plus a
    small penalty per step (docs/paths.md), so a long chain of established steps can beat a short
    one resting on a single weak step. Chains use the mechanism layer; --include-claims lets the
    article's own claims be steps too.

    \b
    Examples:
      gutjoint-kg paths "chronic stress" "joint pain"
      gutjoint-kg paths "chronic stress" "joint pain" --via "mast cell activation" --avoid "dysbiosis"
    """
    from ..paths import causal_paths

    kb: Compiled
    if endpoint:  # fetch only what lies within --max-length statements downstream of SOURCE
        kb, G = remote_setup(endpoint, endpoint_graph, [source], max_length, "down", extra_data)
    else:
        kb, G = _setup(extra_data, store)
    G, (s, t) = _cross(kb, G, [source, target], max_length, pair=True)
    G = _with_claims(kb, G, include_claims, extra_data)
    rels = None
    if relations:
        rels = sorted(kb.resolve_relations(relations))
    chains = causal_paths(
        G,
        s,
        t,
        max_length=max_length,
        limit=limit,
        min_evidence=min_evidence,
        relations=rels,
        include_claims=include_claims,
        via=[_node(kb, v, G) for v in via],
        avoid=[_node(kb, a, G) for a in avoid],
    )
    if fmt == "json":
        _echo_json({"source": ref(G, s), "target": ref(G, t), "chains": [c.to_dict(G) for c in chains]})
    elif fmt == "csv":
        emit_rows(_step_rows(G, chains), "csv")
    else:
        layer = "mechanism layer and the article's claims" if include_claims else "mechanism layer"
        click.echo(
            f"Chains from {node_label(G, s)} to {node_label(G, t)} ({layer}; lowest evidence-weighted cost first)\n"
        )
        for i, chain in enumerate(chains, 1):
            _echo_chain(G, i, chain)
            click.echo()


def _with_claims(kb: Compiled, G: nx.MultiDiGraph, include: bool, extra_data: tuple[str, ...] = ()) -> nx.MultiDiGraph:
    """``G`` plus the claim layer's edges when ``include`` (claims have no plain triple, so the view
    built from the mechanism statements lacks them); reads the full KB only then."""
    if not include:
        return G
    from ..claims import with_claims

    return with_claims(G, _full_kb(kb, extra_data))


def _full_kb(kb: Compiled, extra_data: tuple[str, ...]) -> KnowledgeBase:
    """The KnowledgeBase behind ``kb``: the one it was compiled from in this process, else loaded."""
    return kb.source if kb.source is not None else load_kb(extra_data)


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
@layer_options
@store_option
@format_option("text", "json", "csv")
@endpoint_option
def neighbors_cmd(
    concept: str,
    depth: int,
    direction: str,
    min_evidence: str | None,
    include_claims: bool,
    extra_data: tuple[str, ...],
    store: str,
    fmt: str,
    endpoint: str | None,
    endpoint_graph: str | None,
) -> None:
    """What feeds into CONCEPT (up) and what it leads to (down), through causal statements."""
    from ..paths import neighbors

    kb: Compiled
    if endpoint:  # fetch only what lies within --depth statements of CONCEPT
        kb, G = remote_setup(endpoint, endpoint_graph, [concept], depth, direction.lower(), extra_data)
    else:
        kb, G = _setup(extra_data, store)
    G, (node,) = _cross(kb, G, [concept], depth, pair=False)
    G = _with_claims(kb, G, include_claims, extra_data)
    found = neighbors(G, node, depth, direction.lower(), min_evidence=min_evidence, include_claims=include_claims)
    if fmt == "json":
        _echo_json(
            {
                "concept": ref(G, node),
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
            "route": n.chain.route(G),
        }
        for n in found
    ]
    if fmt == "csv":
        emit_rows(rows, "csv")
        return
    titles = {
        "up": f"Upstream of {node_label(G, node)} (what feeds into it)",
        "down": f"Downstream of {node_label(G, node)}",
    }
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
@layer_options
@format_option("text", "json", "csv")
def loops_cmd(
    through: str | None,
    max_length: int,
    limit: int,
    kind: str,
    min_evidence: str | None,
    include_claims: bool,
    extra_data: tuple[str, ...],
    fmt: str,
) -> None:
    """Feedback loops: reinforcing (net +, vicious circles) and balancing (net −)."""
    from ..paths import loops

    kb, G = _setup(extra_data, include_claims=include_claims)
    node = _node(kb, through, G) if through else None
    found = loops(G, node, max_length, min_evidence=min_evidence, include_claims=include_claims)
    if kind.lower() != "all":
        found = [lp for lp in found if lp.kind == kind.lower()]
    total, found = len(found), found[:limit]
    if fmt == "json":
        _echo_json(
            {"through": ref(G, node) if node else None, "total": total, "loops": [lp.to_dict(G) for lp in found]}
        )
    elif fmt == "csv":
        emit_rows(_step_rows(G, [lp.chain for lp in found], lambda i: {"loop": i, "kind": found[i - 1].kind}), "csv")
    else:
        where = f" through {node_label(G, node)}" if node else ""
        click.echo(f"{total} feedback loop(s){where} of at most {max_length} steps; showing {len(found)}\n")
        for i, lp in enumerate(found, 1):
            click.echo(f"{i}. [{lp.kind}] " + lp.chain.route(G))
            click.echo(f"   weakest link: {_level(lp.chain.weakest_evidence)} · {lp.chain.length} step(s)")


# --------------------------------------------------------------------------- interventions
@click.command("interventions")
@click.argument("source")
@click.argument("target")
@max_length_option(6)
@limit_option(10, "Chains to consider.")
@layer_options
@format_option("text", "json", "csv")
def interventions_cmd(
    source: str,
    target: str,
    max_length: int,
    limit: int,
    min_evidence: str | None,
    include_claims: bool,
    extra_data: tuple[str, ...],
    fmt: str,
) -> None:
    """Where the chains from SOURCE to TARGET can be interrupted: interventions and a minimum node cut."""
    from ..paths import interventions

    kb, G = _setup(extra_data, include_claims=include_claims)
    s, t = _node(kb, source, G), _node(kb, target, G)
    report = interventions(
        G, s, t, max_length=max_length, limit=limit, min_evidence=min_evidence, include_claims=include_claims
    )
    if fmt == "json":
        _echo_json(report.to_dict(G))
        return
    rows = [
        {
            "intervention": p.curie,
            "intervention_label": p.label,
            "node": a.node,
            "node_label": node_label(G, a.node),
            "position": a.position,
            "effect": a.route.net_effect,
            "weakest_evidence": a.route.weakest_evidence,
            "route": a.route.route(G),
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
    click.echo(f"{n} chain(s) from {node_label(G, s)} to {node_label(G, t)}:")
    for i, chain in enumerate(report.chains, 1):
        click.echo(f"  {i}. {chain.route(G)}  [{chain.net_effect}, weakest: {_level(chain.weakest_evidence)}]")
    click.echo("\nInterventions (chains interrupted, then what they act on):")
    if not report.interventions:
        click.echo("  none act on these chains")
    for p in report.interventions:
        which = ", ".join(map(str, p.interrupts)) if p.interrupts else "none (acts only on the outcome)"
        click.echo(f"  {p.label} — interrupts {len(p.interrupts)}/{n}: {which}")
        for a in p.actions:
            click.echo(
                f"      {a.route.net_effect} {node_label(G, a.node)} ({a.position}; {_level(a.route.weakest_evidence)})"
                + (f" via {node_label(G, a.route.nodes[1])}" if a.route.length > 1 else "")
            )
    cut = ", ".join(node_label(G, c) for c in report.cut) or "none"
    note = " (besides the direct statement linking them)" if report.direct else ""
    click.echo(f"\nMinimum set of concepts whose removal disconnects them{note}: {cut}")


# --------------------------------------------------------------------------- decode
@click.command("decode")
@click.argument("signs", nargs=-1, required=True, metavar="SIGN [SIGN ...]")
@max_length_option(4)
@limit_option(10, "Mechanisms to show.")
@layer_options
@format_option("text", "json", "csv")
def decode_cmd(
    signs: tuple[str, ...],
    max_length: int,
    limit: int,
    min_evidence: str | None,
    include_claims: bool,
    extra_data: tuple[str, ...],
    fmt: str,
) -> None:
    """Mechanisms that connect observed signs, plus the red flags that need a professional. Educational only."""
    from ..paths import decode

    kb, G = _setup(extra_data, include_claims=include_claims)
    nodes = [_node(kb, s, G) for s in signs]
    result = decode(
        G, nodes, max_length=max_length, limit=limit, min_evidence=min_evidence, include_claims=include_claims
    )
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
                "sign_label": node_label(G, e.sign),
                "kind": e.kind,
                "weakest_evidence": e.chain.weakest_evidence,
                "distance": e.distance,
                "route": e.chain.route(G),
            }
            for i, m in enumerate(result.mechanisms, 1)
            for e in m.explains
        ]
        emit_rows(rows, "csv")
        return
    click.echo("Signs: " + "; ".join(node_label(G, s) for s in result.signs) + "\n")
    click.echo("Mechanisms that could connect them (most signs explained, then strongest evidence):")
    if not result.mechanisms:
        click.echo("  none found")
    for i, m in enumerate(result.mechanisms, 1):
        click.echo(f"  {i}. {m.label} — explains {len(m.explains)}/{len(result.signs)}")
        for e in m.explains:
            how = "indicates" if e.kind == "indicates" else "leads to"
            route = e.chain.route(G)
            click.echo(f"       {node_label(G, e.sign)}: {how} ({_level(e.chain.weakest_evidence)}) {route}")
    if result.unexplained:
        click.echo("  No mechanism found for: " + "; ".join(node_label(G, s) for s in result.unexplained))
    click.echo("\nRed flags — seek professional evaluation if any apply:")
    for f in result.red_flags:
        click.echo(f"  ! {f['label']}: {f['definition']}")
    click.echo("\n" + DISCLAIMER)


# --------------------------------------------------------------------------- explain
@click.command("explain")
@click.argument("source")
@click.argument("target")
@max_length_option(6)
@layer_options
@format_option("text", "json")
def explain_cmd(
    source: str,
    target: str,
    max_length: int,
    min_evidence: str | None,
    include_claims: bool,
    extra_data: tuple[str, ...],
    fmt: str,
) -> None:
    """The best chain from SOURCE to TARGET told in short sentences: each step's verb, evidence
    level and sources, the net effect and the weakest step."""
    from ..paths import causal_paths, explain

    kb, G = _setup(extra_data, include_claims=include_claims)
    s, t = _node(kb, source, G), _node(kb, target, G)
    chain = causal_paths(
        G, s, t, max_length=max_length, limit=1, min_evidence=min_evidence, include_claims=include_claims
    )[0]
    text = explain(chain, G)
    if fmt == "json":
        _echo_json({"chain": chain.to_dict(G), "narrative": text, "disclaimer": DISCLAIMER})
        return
    click.echo(f"How {node_label(G, s)} can lead to {node_label(G, t)}:\n")
    click.echo(text)
    click.echo("\n" + DISCLAIMER)


# --------------------------------------------------------------------------- check
@click.command("check")
@click.argument("claim", nargs=-1, metavar="[SOURCE TARGET | SENTENCE]")
@click.option("--article", is_flag=True, help="Check every claim of the article (the KB's claim layer).")
@click.option(
    "--effect",
    default="increases",
    show_default=True,
    type=click.Choice(["increases", "decreases", "any"], case_sensitive=False),
    help="With SOURCE TARGET: the effect claimed.",
)
@max_length_option(6)
@data_option
@format_option("text", "json", "csv")
def check_cmd(
    claim: tuple[str, ...], article: bool, effect: str, max_length: int, extra_data: tuple[str, ...], fmt: str
) -> None:
    """How well the mechanism layer supports a claim: supported, partly supported, unsupported or contradicted.

    Give SOURCE TARGET (does SOURCE increase TARGET? see --effect), one SENTENCE such as
    "Alcohol overuse worsens joint pain" (concepts are found by name, the effect by a small verb
    lexicon; the reading is printed first), or --article for every claim of the source article.
    Verdicts are derived from the cheapest mechanism chains (docs/paths.md), never typed by hand.

    \b
    Examples:
      gutjoint-kg check "chronic stress" "joint pain"
      gutjoint-kg check "Alcohol overuse worsens joint pain"
      gutjoint-kg check --article --format csv
    """
    from ..claims import claims, judge, parse_claim
    from ..errors import UsageError

    if article and claim:
        raise UsageError("--article checks every claim of the article; give no SOURCE, TARGET or sentence with it")
    if not article and len(claim) not in (1, 2):
        raise UsageError('give SOURCE TARGET, one quoted sentence ("A worsens B") or --article')
    kb, G = _setup(extra_data)
    if article:  # the claim layer is read from the RDF (claims have no plain triple)
        from ..claims import check_claims

        verdicts = check_claims(G, claims(_full_kb(kb, extra_data)), max_length=max_length)
        _echo_verdicts(G, verdicts, fmt)
        return
    if len(claim) == 2:
        s, t = _node(kb, claim[0], G), _node(kb, claim[1], G)
        polarity = {"increases": 1, "decreases": -1, "any": 0}[effect.lower()]
        verdicts = [judge(G, s, t, polarity, max_length=max_length)]
    else:
        names, labels, categories = _name_tables(kb, G)
        parsed = parse_claim(claim[0], names, labels, categories)
        if fmt == "text":
            click.echo(parsed.understood(labels) + "\n")
        verdicts = [judge(G, parsed.subject, parsed.object, parsed.polarity, max_length=max_length)]
    _echo_verdicts(G, verdicts, fmt)


def _claim_text(G: nx.MultiDiGraph, v: Verdict) -> str:
    """The claim in words: the claim's own verb phrase, else the effect asked about."""
    from ..paths import clause

    s, t = node_label(G, v.source), node_label(G, v.target)
    verb = (v.claim.verb_phrase or v.claim.relation_label) if v.claim is not None else EFFECT_WORDS[v.polarity]
    return clause(s, verb, t, v.polarity)


def _echo_verdicts(G: nx.MultiDiGraph, verdicts: list[Verdict], fmt: str) -> None:
    """Print verdicts as text, JSON or CSV (one row per claim)."""
    if fmt == "json":
        _echo_json({"verdicts": [v.to_dict(G) for v in verdicts]} if len(verdicts) != 1 else verdicts[0].to_dict(G))
        return
    if fmt == "csv":
        rows = [
            {
                "claim": v.claim.curie if v.claim else "",
                "source": v.source,
                "source_label": node_label(G, v.source),
                "relation": v.claim.relation if v.claim else EFFECT_WORDS[v.polarity],
                "target": v.target,
                "target_label": node_label(G, v.target),
                "claim_sources": list(v.claim.sources) if v.claim else [],
                "verdict": v.verdict,
                "score": round(v.score, 4),
                "best_chain": v.best.route(G) if v.best else "",
                "weakest_link": _step_text(G, v.weakest) if v.weakest else "",
                "weakest_evidence": v.best.weakest_evidence if v.best else "",
                "citations": list(v.citations),
            }
            for v in verdicts
        ]
        emit_rows(rows, "csv")
        return
    if len(verdicts) > 1:
        counts = ", ".join(f"{sum(v.verdict == name for v in verdicts)} {name}" for name in VERDICTS)
        click.echo(f"{len(verdicts)} claim(s) of the article checked against the mechanism layer: {counts}\n")
    for i, v in enumerate(verdicts, 1):
        head = f"{i}. " if len(verdicts) > 1 else ""
        pad = " " * len(head)
        where = f"  ({', '.join(v.claim.sources)})" if v.claim and v.claim.sources else ""
        click.echo(f"{head}[{v.verdict}] {_claim_text(G, v)}{where}")
        click.echo(f"{pad}   why: {v.reason(G)}")
        if v.best is not None:
            score = f"score {v.score:.2f}, " if v.verdict in VERDICTS[:2] else ""
            click.echo(f"{pad}   best chain: {v.best.route(G)}  ({score}cost {v.best.cost:.2f})")
            assert v.weakest is not None
            click.echo(f"{pad}   weakest link: {_step_text(G, v.weakest)}")
            click.echo(f"{pad}   citations: {', '.join(v.citations) or 'none'}")
        if len(verdicts) > 1:
            click.echo()


def _step_text(G: nx.MultiDiGraph, step: Step, gap: str = " ") -> str:
    """One step as ``A —relation→ B [level: sources]`` (``gap`` before the bracket)."""
    cites = f": {', '.join(step.sources)}" if step.sources else ""
    edge = f"{node_label(G, step.source)} —{step.relation_label}{ARROW} {node_label(G, step.target)}"
    return f"{edge}{gap}[{_level(step.evidence)}{cites}]"
