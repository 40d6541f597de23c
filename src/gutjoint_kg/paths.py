"""Causal reasoning over the NetworkX view: chains, neighbourhoods, loops, interventions, sign decoding, explanations.

Searches run on the *causal projection* (per concept pair, the strongest-evidence causal statement), rank chains by
summed :func:`step_cost` (lower is better) and are bounded, so they stay fast on graphs much larger than the KB."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice, permutations
from typing import Any

import networkx as nx

from .errors import NoPathError, UnknownConceptError, UsageError
from .vocab import DISCLAIMER, EVIDENCE_LOCAL_NAMES

#: Evidence level name -> rank (higher is stronger); mirrors the ranks declared in the schema
#: (established 4, human 3, animal 2, contested 1, article 0).
LEVEL_RANKS: dict[str, int] = {name: len(EVIDENCE_LOCAL_NAMES) - 1 - i for i, name in enumerate(EVIDENCE_LOCAL_NAMES)}

#: How much each evidence rank is believed, as a probability that the step holds (docs/paths.md).
BELIEF: dict[int, float] = {4: 0.95, 3: 0.8, 2: 0.5, 1: 0.3, 0: 0.1}

#: Belief of a statement without a (known) evidence level.
UNGRADED_BELIEF = 0.05

#: Cost added per step whatever its evidence, so that of two equally believed chains the shorter wins.
STEP_PENALTY = 0.2

#: How each evidence level reads in a sentence.
EVIDENCE_PHRASES: dict[str, str] = {
    "established": "established knowledge",
    "human": "human studies",
    "animal": "animal or in-vitro studies",
    "article": "a claim of the article only",
    "contested": "contested evidence",
}

#: Concept categories that :func:`decode` treats as mechanisms by default.
MECHANISM_CATEGORIES: tuple[str, ...] = ("BiologicalProcess",)

#: How many candidate paths ``causal_paths`` examines per result wanted.
CANDIDATES_PER_RESULT = 50

#: Most ``via`` concepts one search accepts (their orders are tried exhaustively).
MAX_VIA = 4

_EFFECT = {1: "increases", -1: "decreases", 0: "unsigned"}


def belief(level_rank: int) -> float:
    """How far a step of this evidence rank is believed (0-1); unknown ranks get :data:`UNGRADED_BELIEF`."""
    return BELIEF.get(level_rank, UNGRADED_BELIEF)


def step_cost(level_rank: int) -> float:
    """The cost of one chain step: ``-ln(belief(level_rank)) + STEP_PENALTY`` (``step_cost(4)`` ≈ 0.251, ``(0)`` ≈ 2.5).
    A pure function of the rank because the explorer page embeds these costs for its own k-shortest-path search."""
    return -math.log(belief(level_rank)) + STEP_PENALTY


def is_claim(data: dict[str, Any]) -> bool:
    """True for an edge of the claim layer (an article claim), which chains skip by default: typed
    ``gj:Claim`` (``claim`` attribute) or graded ``article`` (statements not yet migrated)."""
    return bool(data.get("claim")) or data.get("evidence") == "article"


def is_chain_end(data: dict[str, Any]) -> bool:
    """True for an edge that may only end a chain: a ``gj:chainEnd`` relation (hasSymptom), never a causal one."""
    return bool(data.get("chain_end")) and not data.get("causal", False)


# --------------------------------------------------------------------------- data classes
@dataclass(frozen=True)
class Step:
    """One edge of a chain: a curated statement with its relation, polarity and evidence."""

    source: str
    target: str
    relation: str
    relation_label: str
    polarity: int
    evidence: str | None
    evidence_rank: int
    sources: tuple[str, ...]
    note: str | None
    verb_phrase: str = ""  # the relation's gj:verbPhrase ("raises the risk of"); relation_label when empty
    chain_end: bool = False  # a non-causal last step (condition -> manifestation), read as +1
    claim: bool = False  # an article claim (claim layer), allowed only with include_claims
    statement: str | None = None  # the statement's CURIE or IRI

    @property
    def cost(self) -> float:
        """This step's :func:`step_cost`."""
        return step_cost(self.evidence_rank)

    @property
    def verb(self) -> str:
        """The verb phrase that reads this step in a sentence."""
        return self.verb_phrase or self.relation_label

    def to_dict(self) -> dict[str, Any]:
        """The step in the documented JSON edge schema."""
        return {
            "source": self.source,
            "target": self.target,
            "relation": self.relation,
            "relation_label": self.relation_label,
            "polarity": self.polarity,
            "evidence": self.evidence,
            "sources": list(self.sources),
            "note": self.note,
            "cost": round(self.cost, 4),
            "chain_end": self.chain_end,
            "claim": self.claim,
        }


@dataclass(frozen=True)
class Chain:
    """A directed simple path of causal statements, with its net effect and weakest link."""

    nodes: tuple[str, ...]
    steps: tuple[Step, ...]
    net_polarity: int  # product of polarities (+1, -1, or 0 if any unsigned step)
    net_effect: str  # "increases" | "decreases" | "unsigned"
    weakest_evidence: str | None
    weakest_rank: int
    length: int
    cost: float = 0.0  # sum of the steps' step_cost (lower is better)

    @classmethod
    def from_steps(cls, steps: Sequence[Step]) -> Chain:
        """Build a chain (net polarity, weakest link, length) from consecutive steps."""
        if not steps:
            raise ValueError("a chain needs at least one step")
        polarity = math.prod(s.polarity for s in steps)
        weakest = min(steps, key=lambda s: s.evidence_rank)
        return cls(
            nodes=(steps[0].source, *(s.target for s in steps)),
            steps=tuple(steps),
            net_polarity=polarity,
            net_effect=_EFFECT[polarity],
            weakest_evidence=weakest.evidence,
            weakest_rank=weakest.evidence_rank,
            length=len(steps),
            cost=sum(s.cost for s in steps),
        )

    @property
    def belief(self) -> float:
        """The product of the steps' beliefs: how far the whole chain is believed (0-1)."""
        return math.prod(belief(s.evidence_rank) for s in self.steps)

    @property
    def weakest_step(self) -> Step:
        """The first step of the lowest evidence rank."""
        return min(self.steps, key=lambda s: s.evidence_rank)

    def route(self, G: nx.Graph | None = None, sep: str = " → ") -> str:
        """The chain as one readable line of labels (CURIEs when ``G`` is not given)."""
        return sep.join(node_label(G, n) for n in self.nodes)

    def sort_key(self) -> tuple[float, int, int, tuple[str, ...]]:
        """Ranking key: lowest cost, then shortest, then strongest weakest link, then node names."""
        return (round(self.cost, 9), self.length, -self.weakest_rank, self.nodes)

    def to_dict(self, G: nx.Graph | None = None) -> dict[str, Any]:
        """The chain in the documented JSON schema (labels come from ``G`` when given)."""
        return {
            "nodes": [ref(G, n) for n in self.nodes],
            "edges": [s.to_dict() for s in self.steps],
            "net_effect": self.net_effect,
            "net_polarity": self.net_polarity,
            "weakest_evidence": self.weakest_evidence,
            "length": self.length,
            "cost": round(self.cost, 4),
            "belief": round(self.belief, 4),
        }


@dataclass(frozen=True)
class Neighbor:
    """A concept within ``distance`` causal steps up- or downstream, with one strongest route."""

    curie: str
    label: str
    category: str
    direction: str  # "up" (feeds into the concept) | "down" (the concept leads to it)
    distance: int
    chain: Chain  # the route, always written in causal direction

    def to_dict(self, G: nx.Graph | None = None) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {
            "curie": self.curie,
            "label": self.label,
            "category": self.category,
            "direction": self.direction,
            "distance": self.distance,
            "net_effect": self.chain.net_effect,
            "weakest_evidence": self.chain.weakest_evidence,
            "chain": self.chain.to_dict(G),
        }


@dataclass(frozen=True)
class Loop:
    """A directed feedback cycle: reinforcing (net +), balancing (net −) or unsigned."""

    chain: Chain  # nodes start and end at the same concept
    kind: str

    def to_dict(self, G: nx.Graph | None = None) -> dict[str, Any]:
        """The cycle as a chain dict plus its ``kind``."""
        return {"kind": self.kind, **self.chain.to_dict(G)}


@dataclass(frozen=True)
class Action:
    """How one intervention acts on one node of the chains (directly or through one concept)."""

    intervention: str
    node: str
    position: str  # "source" | "mechanism" | "target"
    route: Chain  # intervention -> ... -> node (one or two steps)
    chains: tuple[int, ...]  # 1-based indices of the chains that contain the node
    interrupts: tuple[int, ...]  # chains whose push on the node it opposes (never at the target)

    def to_dict(self, G: nx.Graph | None = None) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {
            "node": ref(G, self.node),
            "position": self.position,
            "effect": self.route.net_effect,
            "weakest_evidence": self.route.weakest_evidence,
            "route": self.route.to_dict(G),
            "chains": list(self.chains),
            "interrupts": list(self.interrupts),
        }


@dataclass(frozen=True)
class InterventionPoint:
    """An intervention with everything it acts on and the chains it interrupts."""

    curie: str
    label: str
    actions: tuple[Action, ...]

    @property
    def interrupts(self) -> tuple[int, ...]:
        """Every chain (1-based index) that at least one action opposes."""
        return tuple(sorted({i for a in self.actions for i in a.interrupts}))

    def to_dict(self, G: nx.Graph | None = None) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {
            "curie": self.curie,
            "label": self.label,
            "interrupts": list(self.interrupts),
            "actions": [a.to_dict(G) for a in self.actions],
        }


@dataclass(frozen=True)
class InterventionReport:
    """The chains from source to target, the interventions acting on them and a minimum node cut."""

    source: str
    target: str
    chains: tuple[Chain, ...]
    interventions: tuple[InterventionPoint, ...]
    cut: tuple[str, ...]  # mechanisms whose removal disconnects source from target (within the bound)
    direct: bool  # a single statement links source and target, so no node cut can separate them

    def to_dict(self, G: nx.Graph | None = None) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {
            "source": ref(G, self.source),
            "target": ref(G, self.target),
            "chains": [c.to_dict(G) for c in self.chains],
            "interventions": [i.to_dict(G) for i in self.interventions],
            "cut": [ref(G, n) for n in self.cut],
            "direct_link": self.direct,
        }


@dataclass(frozen=True)
class Explanation:
    """Why a mechanism accounts for one sign: a causal chain to it, or the sign indicating it."""

    sign: str
    kind: str  # "causal" (mechanism -> ... -> sign) | "indicates" (sign --indicates--> mechanism)
    evidence_rank: int
    distance: int
    chain: Chain  # mechanism -> ... -> sign, or sign --indicates--> mechanism

    def to_dict(self, G: nx.Graph | None = None) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {
            "sign": ref(G, self.sign),
            "kind": self.kind,
            "weakest_evidence": _level_name(self.evidence_rank),
            "distance": self.distance,
            "chain": self.chain.to_dict(G),
        }


@dataclass(frozen=True)
class Mechanism:
    """A candidate mechanism with the signs it explains."""

    curie: str
    label: str
    category: str
    explains: tuple[Explanation, ...]

    def to_dict(self, G: nx.Graph | None = None) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {
            "curie": self.curie,
            "label": self.label,
            "category": self.category,
            "signs_explained": len(self.explains),
            "explains": [e.to_dict(G) for e in self.explains],
        }


@dataclass(frozen=True)
class Decoding:
    """The result of :func:`decode`: ranked mechanisms, red flags and the disclaimer."""

    signs: tuple[str, ...]
    mechanisms: tuple[Mechanism, ...]
    red_flags: tuple[dict[str, Any], ...]
    unexplained: tuple[str, ...] = ()
    disclaimer: str = field(default=DISCLAIMER)

    def to_dict(self, G: nx.Graph | None = None) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {
            "signs": [ref(G, s) for s in self.signs],
            "mechanisms": [m.to_dict(G) for m in self.mechanisms],
            "unexplained": [ref(G, s) for s in self.unexplained],
            "red_flags": list(self.red_flags),
            "disclaimer": self.disclaimer,
        }


# --------------------------------------------------------------------------- helpers
def node_label(G: nx.Graph | None, node: str) -> str:
    """The label of ``node`` in ``G`` (its CURIE when ``G`` is None or lacks it)."""
    return str(G.nodes[node].get("label") or node) if G is not None and node in G else node


def ref(G: nx.Graph | None, node: str) -> dict[str, str]:
    """A concept as ``{"curie", "label"}``, the JSON shape of every node reference."""
    return {"curie": node, "label": node_label(G, node)}


def _level_name(rank: int) -> str | None:
    return next((name for name, r in LEVEL_RANKS.items() if r == rank), None)


def _check_level(min_evidence: str | None) -> int | None:
    if min_evidence is None:
        return None
    key = min_evidence.strip().lower()
    if key not in LEVEL_RANKS:
        raise UsageError(f"unknown evidence level {min_evidence!r}; valid: {', '.join(LEVEL_RANKS)}")
    return LEVEL_RANKS[key]


def _check_node(G: nx.Graph, node: str) -> None:
    if node not in G:
        labels = {G.nodes[n].get("label", n): n for n in G}
        close = difflib.get_close_matches(str(node), list(labels) + list(G), n=3, cutoff=0.6)
        raise UnknownConceptError(str(node), close)


def _check_relations(G: nx.MultiDiGraph, relations: Iterable[str]) -> set[str]:
    known = {d.get("relation", k) for _, _, k, d in G.edges(keys=True, data=True)}
    out = set()
    for rel in relations:
        name = rel if ":" in rel else f"gj:{rel}"
        if name not in known:
            raise UsageError(f"unknown relation {rel!r}; valid: {', '.join(sorted(known))}")
        out.add(name)
    return out


def _step(u: str, v: str, d: dict[str, Any]) -> Step:
    chain_end = is_chain_end(d)
    return Step(
        source=u,
        target=v,
        relation=d.get("relation", ""),
        relation_label=d.get("relation_label") or d.get("relation", ""),
        polarity=1 if chain_end else int(d.get("polarity", 0)),
        evidence=d.get("evidence"),
        evidence_rank=int(d.get("evidence_rank", -1)),
        sources=tuple(d.get("sources") or ()),
        note=d.get("note"),
        verb_phrase=d.get("verb_phrase") or "",
        chain_end=chain_end,
        claim=is_claim(d),
        statement=d.get("statement"),
    )


def _edges(
    G: nx.MultiDiGraph, floor: int | None, include_claims: bool
) -> Iterable[tuple[str, str, str, dict[str, Any]]]:
    """``G``'s edges (u, v, relation, data) in a stable order, without claims (unless
    ``include_claims``) and without statements below the rank ``floor``."""
    for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        if not include_claims and is_claim(d):
            continue
        if floor is not None and d.get("evidence_rank", -1) < floor:
            continue
        yield u, v, d.get("relation", k), d


def _keep_best(P: nx.DiGraph, step: Step) -> None:
    """Put ``step`` on ``P`` unless a stronger statement already links the same pair."""
    u, v = step.source, step.target
    old = P.edges[u, v]["step"] if P.has_edge(u, v) else None
    if old is None or step.evidence_rank > old.evidence_rank:
        P.add_edge(u, v, step=step, rank=step.evidence_rank, cost=step.cost)


def causal_graph(
    G: nx.MultiDiGraph,
    *,
    min_evidence: str | None = None,
    relations: Iterable[str] | None = None,
    include_claims: bool = False,
) -> nx.DiGraph:
    """The causal projection of ``G``: a DiGraph on all its nodes whose edge ``(u, v)`` holds the strongest statement
    u -> v (``step``, ``rank``, ``cost``); ``causal`` edges (or ``relations``) only, claims if ``include_claims``."""
    floor = _check_level(min_evidence)
    rels = _check_relations(G, relations) if relations is not None else None
    P = nx.DiGraph()
    P.add_nodes_from(G.nodes(data=True))
    for u, v, rel, d in _edges(G, floor, include_claims):
        if (rel not in rels) if rels is not None else not d.get("causal", False):
            continue
        _keep_best(P, _step(u, v, {**d, "relation": rel, "chain_end": False}))
    return P


def _add_chain_ends(
    G: nx.MultiDiGraph, P: nx.DiGraph, target: str, min_evidence: str | None, include_claims: bool
) -> None:
    """Add to ``P`` the chain-end statements (``gj:chainEnd`` relations such as hasSymptom) that end
    at ``target``: a chain may use one as its last step only, so only those into the target matter."""
    floor = _check_level(min_evidence)
    for u, _, k, d in G.in_edges(target, keys=True, data=True):
        if not is_chain_end(d):
            continue
        if (not include_claims and is_claim(d)) or (floor is not None and d.get("evidence_rank", -1) < floor):
            continue
        _keep_best(P, _step(u, target, {**d, "relation": d.get("relation", k)}))


def _chain(P: nx.DiGraph, nodes: Sequence[str]) -> Chain:
    return Chain.from_steps([P.edges[u, v]["step"] for u, v in zip(nodes, nodes[1:], strict=False)])


# --------------------------------------------------------------------------- chains
def causal_paths(
    G: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    max_length: int = 6,
    limit: int = 5,
    min_evidence: str | None = None,
    relations: Iterable[str] | None = None,
    include_claims: bool = False,
    via: Sequence[str] = (),
    avoid: Sequence[str] = (),
) -> list[Chain]:
    """The best directed simple chains from ``source`` to ``target``, lowest :func:`step_cost` sum first (bounded Yen).
    Raises :class:`NoPathError` if none within ``max_length`` or ``source == target``; :class:`UsageError` if bad."""
    if source == target:  # a "no chain" outcome (exit 1), not a malformed argument
        raise NoPathError(f"source and target are the same concept ({source}); choose two different concepts")
    if max_length < 1:
        raise UsageError("max_length must be at least 1")
    if limit < 1:
        raise UsageError("limit must be at least 1")
    for node in (source, target, *via, *avoid):
        _check_node(G, node)
    via, avoid = tuple(dict.fromkeys(via)), tuple(dict.fromkeys(avoid))
    for node in (*via, *avoid):
        if node in (source, target):
            raise UsageError(f"{node_label(G, node)!r} is an end of the chain; --via and --avoid take other concepts")
    if set(via) & set(avoid):
        raise UsageError("a concept cannot be both a --via and an --avoid concept")
    if len(via) > MAX_VIA:
        raise UsageError(f"at most {MAX_VIA} --via concepts")
    P = causal_graph(G, min_evidence=min_evidence, relations=relations, include_claims=include_claims)
    if relations is None:
        _add_chain_ends(G, P, target, min_evidence, include_claims)
    found = _search(P, source, target, max_length=max_length, limit=limit, via=via, avoid=avoid)
    if not found:
        raise NoPathError(
            _no_path_message(G, P, source, target, max_length, min_evidence, relations, include_claims, via, avoid)
        )
    return found


def chains_on(
    G: nx.MultiDiGraph, P: nx.DiGraph, source: str, target: str, *, max_length: int = 6, limit: int = 5
) -> list[Chain]:
    """:func:`causal_paths` with default options on a prebuilt ``P = causal_graph(G)``, so a batch of
    searches (every claim of the article) builds the projection once; ``[]`` when no chain connects them."""
    for node in (source, target):
        _check_node(G, node)
    if source == target:
        return []
    Q = P.copy()  # P is shared: the chain ends into this target go on a copy
    _add_chain_ends(G, Q, target, None, False)
    return _search(Q, source, target, max_length=max_length, limit=limit)


def _search(
    P: nx.DiGraph,
    source: str,
    target: str,
    *,
    max_length: int,
    limit: int,
    via: Sequence[str] = (),
    avoid: Sequence[str] = (),
) -> list[Chain]:
    """Top ``limit`` chains by :meth:`Chain.sort_key` (k shortest simple paths by cost)."""
    H = P.subgraph(set(P) - set(avoid)) if avoid else P
    if via:
        return _search_via(P, H, source, target, via, max_length=max_length, limit=limit)
    found = [_chain(P, path) for path in _cheapest(H, source, target, max_length, limit)]
    return sorted(found, key=Chain.sort_key)


def _cheapest(H: nx.DiGraph, source: str, target: str, max_length: int, want: int) -> list[list[str]]:
    """The ``want`` cheapest simple paths of at most ``max_length`` steps, in increasing cost
    (at most ``want * CANDIDATES_PER_RESULT`` candidates examined)."""
    if source not in H or target not in H or not nx.has_path(H, source, target):
        return []
    out: list[list[str]] = []
    for path in islice(nx.shortest_simple_paths(H, source, target, weight="cost"), want * CANDIDATES_PER_RESULT):
        if len(path) - 1 <= max_length:
            out.append(path)
            if len(out) >= want:
                break
    return out


def _search_via(
    P: nx.DiGraph,
    H: nx.DiGraph,
    source: str,
    target: str,
    via: Sequence[str],
    *,
    max_length: int,
    limit: int,
) -> list[Chain]:
    """Chains through every ``via`` concept: for each order of them, join the cheapest segments
    between consecutive waypoints (each avoiding the other waypoints), keeping simple paths only."""
    per_segment, beam = max(limit * 4, 10), limit * CANDIDATES_PER_RESULT
    found: dict[tuple[str, ...], Chain] = {}
    for order in permutations(via):
        points = [source, *order, target]
        partial: list[tuple[str, ...]] = [(source,)]
        for a, b in zip(points, points[1:], strict=False):
            S = H.subgraph(set(H) - (set(points) - {a, b}))
            segments = _cheapest(S, a, b, max_length, per_segment)
            joined = [
                (*nodes, *seg[1:])
                for nodes in partial
                for seg in segments
                if not set(seg[1:]) & set(nodes) and len(nodes) + len(seg) - 2 <= max_length
            ]
            partial = sorted(joined, key=lambda ns: _chain(P, ns).sort_key())[:beam]
            if not partial:
                break
        for nodes in partial:
            found.setdefault(nodes, _chain(P, nodes))
    return sorted(found.values(), key=Chain.sort_key)[:limit]


def _no_path_message(
    G: nx.MultiDiGraph,
    P: nx.DiGraph,
    source: str,
    target: str,
    max_length: int,
    min_evidence: str | None,
    relations: Iterable[str] | None,
    include_claims: bool = False,
    via: Sequence[str] = (),
    avoid: Sequence[str] = (),
) -> str:
    """Why no chain was found, in one line, with the change of options that would find one."""
    s, t = node_label(G, source), node_label(G, target)
    head = f"no causal chain from {s!r} to {t!r} within {max_length} steps"
    if via or avoid:
        if _search(P, source, target, max_length=max_length, limit=1):
            how = " and ".join(
                part
                for part in (
                    f"through {', '.join(repr(node_label(G, n)) for n in via)}" if via else "",
                    f"avoiding {', '.join(repr(node_label(G, n)) for n in avoid)}" if avoid else "",
                )
                if part
            )
            return f"{head} {how}; chains exist without that condition (drop --via/--avoid)"
    if nx.has_path(P, source, target):
        n = nx.shortest_path_length(P, source, target)
        if n > max_length:
            return f"{head}; the shortest has {n} steps (raise --max-length)"
    if min_evidence is not None:
        wider = causal_graph(G, relations=relations, include_claims=include_claims)
        if nx.has_path(wider, source, target):
            return f"{head}; chains exist only through statements weaker than {min_evidence!r} (lower --min-evidence)"
    if not include_claims and nx.has_path(causal_graph(G, relations=relations, include_claims=True), source, target):
        return (
            f"{head} in the mechanism layer; only the article's claims connect them "
            "(add --include-claims to see those chains, or `check` to test the claim)"
        )
    back = causal_graph(G, relations=relations, include_claims=include_claims)
    if relations is None:
        _add_chain_ends(G, back, source, None, include_claims)
    if nx.has_path(back, target, source):
        n = nx.shortest_path_length(back, target, source)
        return f"{head}; the arrows run the other way: {t!r} leads to {s!r} in {n} step(s) (swap the two concepts)"
    if P.out_degree(source) == 0:
        return f"{head}; {s!r} has no outgoing causal statements"
    if P.in_degree(target) == 0:
        return f"{head}; {t!r} has no incoming causal statements"
    reach = nx.descendants(P, source)
    return f"{head}; {s!r} leads to {len(reach)} concept(s), none of which leads to {t!r}"


# --------------------------------------------------------------------------- neighbourhood
def neighbors(
    G: nx.MultiDiGraph,
    concept: str,
    depth: int = 1,
    direction: str = "both",
    *,
    min_evidence: str | None = None,
    relations: Iterable[str] | None = None,
    include_claims: bool = False,
) -> list[Neighbor]:
    """Concepts within ``depth`` causal steps ``up`` (feeding into it), ``down`` (led to) or ``both``, each with its
    strongest shortest route and that route's net effect (article claims are steps only with ``include_claims``)."""
    if direction not in ("up", "down", "both"):
        raise UsageError(f"direction must be up, down or both, not {direction!r}")
    if depth < 1:
        raise UsageError("depth must be at least 1")
    _check_node(G, concept)
    P = causal_graph(G, min_evidence=min_evidence, relations=relations, include_claims=include_claims)
    out: list[Neighbor] = []
    for d in ("up", "down") if direction == "both" else (direction,):
        H = P.reverse(copy=False) if d == "up" else P
        for node, route in _bfs_routes(H, concept, depth).items():
            nodes = route[::-1] if d == "up" else route
            out.append(
                Neighbor(
                    curie=node,
                    label=node_label(G, node),
                    category=G.nodes[node].get("category", ""),
                    direction=d,
                    distance=len(route) - 1,
                    chain=_chain(P, nodes),
                )
            )
    return sorted(out, key=lambda n: (n.direction != "up", n.distance, -n.chain.weakest_rank, n.label.lower()))


def upstream(G: nx.MultiDiGraph, concept: str, depth: int = 1, **kw: Any) -> list[Neighbor]:
    """What feeds into ``concept`` within ``depth`` causal steps."""
    return neighbors(G, concept, depth, "up", **kw)


def downstream(G: nx.MultiDiGraph, concept: str, depth: int = 1, **kw: Any) -> list[Neighbor]:
    """What ``concept`` leads to within ``depth`` causal steps."""
    return neighbors(G, concept, depth, "down", **kw)


def _bfs_routes(H: nx.DiGraph, start: str, depth: int) -> dict[str, list[str]]:
    """Shortest routes from ``start`` (one per node, through the strongest-evidence parents)."""
    routes: dict[str, list[str]] = {start: [start]}
    frontier = [start]
    for _ in range(depth):
        best: dict[str, tuple[tuple[int, str], str]] = {}
        for u in frontier:
            for v, data in H[u].items():
                if v in routes:
                    continue
                key = (-data["rank"], u)
                if v not in best or key < best[v][0]:
                    best[v] = (key, u)
        for v, (_, u) in best.items():
            routes[v] = routes[u] + [v]
        frontier = sorted(best)
        if not frontier:
            break
    del routes[start]
    return routes


# --------------------------------------------------------------------------- loops
def loops(
    G: nx.MultiDiGraph,
    through: str | None = None,
    max_length: int = 6,
    *,
    min_evidence: str | None = None,
    relations: Iterable[str] | None = None,
    limit: int | None = None,
    max_cycles: int = 10_000,
    include_claims: bool = False,
) -> list[Loop]:
    """Directed feedback loops of at most ``max_length`` steps, optionally through one concept, ranked by cost.
    Each is reinforcing (net +), balancing (net −) or unsigned; at most ``max_cycles`` cycles are examined."""
    if max_length < 1:
        raise UsageError("max_length must be at least 1")
    P = causal_graph(G, min_evidence=min_evidence, relations=relations, include_claims=include_claims)
    H: nx.DiGraph = P
    if through is not None:
        _check_node(G, through)
        component = next(c for c in nx.strongly_connected_components(P) if through in c)
        H = P.subgraph(component)
    found = []
    for cycle in islice(nx.simple_cycles(H, length_bound=max_length), max_cycles):
        if through is not None and through not in cycle:
            continue
        start = cycle.index(through) if through is not None else cycle.index(min(cycle))
        nodes = cycle[start:] + cycle[:start] + [cycle[start]]
        chain = _chain(P, nodes)
        kind = {1: "reinforcing", -1: "balancing"}.get(chain.net_polarity, "unsigned")
        found.append(Loop(chain, kind))
    found.sort(key=lambda lp: lp.chain.sort_key())
    return found[:limit] if limit is not None else found


# --------------------------------------------------------------------------- interventions
def interventions(
    G: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    max_length: int = 6,
    limit: int = 10,
    min_evidence: str | None = None,
    category: str = "Intervention",
    include_claims: bool = False,
) -> InterventionReport:
    """Which interventions act (directly or in two causal steps) on the chains from ``source`` to ``target``, which
    chains they interrupt (by opposing them), and a minimum set of mechanisms whose removal disconnects the two."""
    chains = causal_paths(
        G, source, target, max_length=max_length, limit=limit, min_evidence=min_evidence, include_claims=include_claims
    )
    P = causal_graph(G, min_evidence=min_evidence, include_claims=include_claims)
    _add_chain_ends(G, P, target, min_evidence, include_claims)  # the chains may end on a manifestation
    floor = _check_level(min_evidence)

    # the sign each chain pushes each of its nodes with (source = +1)
    pushes: dict[str, dict[int, int]] = {}
    for i, chain in enumerate(chains, 1):
        sign = 1
        pushes.setdefault(chain.nodes[0], {})[i] = sign
        for step in chain.steps:
            sign *= step.polarity
            pushes.setdefault(step.target, {})[i] = sign

    points = []
    for iv in sorted(n for n, c in G.nodes(data="category") if c == category):
        if iv in pushes:
            continue
        routes = _routes_from(G, P, iv, set(pushes), floor, include_claims)
        actions = []
        for node, route in sorted(routes.items()):
            pos = "source" if node == source else "target" if node == target else "mechanism"
            on = tuple(sorted(pushes[node]))
            opp = () if pos == "target" else tuple(i for i in on if route.net_polarity * pushes[node][i] == -1)
            actions.append(Action(iv, node, pos, route, on, opp))
        if actions:
            actions.sort(key=lambda a: (-len(a.interrupts), a.route.sort_key(), a.node))
            points.append(InterventionPoint(iv, node_label(G, iv), tuple(actions)))
    points.sort(key=lambda p: (-len(p.interrupts), min(a.route.sort_key() for a in p.actions), p.label.lower()))

    cut, direct = _node_cut(P, source, target, max_length)
    return InterventionReport(source, target, tuple(chains), tuple(points), cut, direct)


def _routes_from(
    G: nx.MultiDiGraph, P: nx.DiGraph, iv: str, nodes: set[str], floor: int | None, include_claims: bool = False
) -> dict[str, Chain]:
    """Best route (direct statement of any relation, else two causal steps) from ``iv`` to each node."""
    out: dict[str, Chain] = {}
    for _, v, k, d in G.out_edges(iv, keys=True, data=True):
        if not include_claims and is_claim(d):
            continue
        if v in nodes and (floor is None or d.get("evidence_rank", -1) >= floor):
            chain = Chain.from_steps([_step(iv, v, {**d, "relation": d.get("relation", k)})])
            if v not in out or chain.sort_key() < out[v].sort_key():
                out[v] = chain
    two_step: dict[str, Chain] = {}
    for mid in P.successors(iv):
        for v in P.successors(mid):
            if v in nodes and v not in out and v != iv:
                chain = _chain(P, [iv, mid, v])
                if v not in two_step or chain.sort_key() < two_step[v].sort_key():
                    two_step[v] = chain
    return out | two_step


def _node_cut(P: nx.DiGraph, source: str, target: str, max_length: int) -> tuple[tuple[str, ...], bool]:
    """A minimum node cut on the bounded causal subgraph; a direct edge is set aside (flagged)."""
    ds = nx.single_source_shortest_path_length(P, source, cutoff=max_length)
    dt = nx.single_source_shortest_path_length(P.reverse(copy=False), target, cutoff=max_length)
    keep = [n for n in ds if n in dt and ds[n] + dt[n] <= max_length]
    H = nx.DiGraph(P.subgraph(keep))
    direct = H.has_edge(source, target)
    if direct:
        H.remove_edge(source, target)
    if not nx.has_path(H, source, target):
        return (), direct
    return tuple(sorted(nx.minimum_node_cut(H, source, target))), direct


# --------------------------------------------------------------------------- decoding signs
def decode(
    G: nx.MultiDiGraph,
    signs: Sequence[str],
    *,
    max_length: int = 4,
    limit: int = 10,
    min_evidence: str | None = None,
    categories: Sequence[str] = MECHANISM_CATEGORIES,
    indicator_relations: Sequence[str] = ("gj:indicates",),
    include_claims: bool = False,
) -> Decoding:
    """Mechanisms that connect observed signs, ranked by signs explained (by a chain or ``indicates``), then evidence.
    The red flags (category RedFlag) and the educational disclaimer are always returned."""
    if not signs:
        raise UsageError("give at least one sign or symptom")
    for s in signs:
        _check_node(G, s)
    signs = tuple(dict.fromkeys(signs))
    floor = _check_level(min_evidence)
    P = causal_graph(G, min_evidence=min_evidence, include_claims=include_claims)
    cats = set(categories)

    found: dict[str, dict[str, Explanation]] = {}
    for sign in signs:
        Q = P.copy()  # a condition explains a sign it shows itself as (chain end)
        _add_chain_ends(G, Q, sign, min_evidence, include_claims)
        for node in _bottlenecks_into(Q, sign, max_length):
            if G.nodes[node].get("category") not in cats:
                continue
            chains = _search(Q, node, sign, max_length=max_length, limit=5)
            chain = next((c for c in chains if c.net_polarity == 1), None)
            if chain is not None:
                found.setdefault(node, {})[sign] = Explanation(sign, "causal", chain.weakest_rank, chain.length, chain)
        for _, m, k, d in G.out_edges(sign, keys=True, data=True):
            rank = d.get("evidence_rank", -1)
            if d.get("relation", k) not in indicator_relations or G.nodes[m].get("category") not in cats:
                continue
            if not include_claims and is_claim(d):
                continue
            if floor is not None and rank < floor:
                continue
            old = found.setdefault(m, {}).get(sign)
            if old is None or (-rank, 1) < (-old.evidence_rank, old.distance):
                chain = Chain.from_steps([_step(sign, m, {**d, "relation": d.get("relation", k)})])
                found[m][sign] = Explanation(sign, "indicates", rank, 1, chain)

    def score(item: tuple[str, dict[str, Explanation]]) -> tuple[int, int, int, str]:
        node, ex = item
        return (
            -len(ex),
            -sum(e.evidence_rank for e in ex.values()),
            sum(e.distance for e in ex.values()),
            node_label(G, node).lower(),
        )

    mechanisms = []
    for node, ex in sorted(found.items(), key=score)[:limit]:
        explains = tuple(ex[sign] for sign in signs if sign in ex)
        mechanisms.append(Mechanism(node, node_label(G, node), G.nodes[node].get("category", ""), explains))
    explained = {s for ex in found.values() for s in ex}
    unexplained = tuple(s for s in signs if s not in explained)
    return Decoding(signs, tuple(mechanisms), _red_flags(G, signs, [m.curie for m in mechanisms]), unexplained)


def _bottlenecks_into(P: nx.DiGraph, target: str, max_length: int) -> dict[str, tuple[int, int]]:
    """Nodes with a chain of at most ``max_length`` steps *increasing* ``target``: best weakest link and fewest steps,
    by a hop-bounded widest-path search over (node, sign) states (callers confirm each with a simple path)."""
    best: dict[tuple[str, int], tuple[float, int]] = {(target, 1): (math.inf, 0)}
    frontier = {(target, 1)}
    for hops in range(1, max_length + 1):
        changed = set()
        for v, sign in frontier:
            for u, data in P.pred[v].items():
                state = (u, sign * data["step"].polarity)
                if u == target or state[1] == 0:
                    continue
                rank = min(data["rank"], best[(v, sign)][0])
                if state not in best or rank > best[state][0]:
                    best[state] = (rank, hops)
                    changed.add(state)
        frontier = changed
        if not frontier:
            break
    return {n: (int(r), h) for (n, sign), (r, h) in best.items() if sign == 1 and n != target}


def _red_flags(G: nx.MultiDiGraph, signs: Sequence[str], mechanisms: Sequence[str]) -> tuple[dict[str, Any], ...]:
    """Every RedFlag concept; those linked to the signs or mechanisms come first (``related``)."""
    near = set(signs) | set(mechanisms)
    flags = []
    for n, d in G.nodes(data=True):
        if d.get("category") != "RedFlag":
            continue
        linked = set(G.successors(n)) | set(G.predecessors(n))
        flags.append(
            {
                "curie": n,
                "label": d.get("label", n),
                "definition": d.get("definition", ""),
                "related": bool(linked & near),
                "indicates": sorted(node_label(G, v) for _, v, k in G.out_edges(n, keys=True) if k == "gj:indicates"),
            }
        )
    return tuple(sorted(flags, key=lambda f: (not f["related"], f["label"].lower())))


# --------------------------------------------------------------------------- narrative
#: Verbs used instead of a relation's own when it would repeat a word of a neighbouring label
#: ("zonulin increases increased intestinal permeability" -> "zonulin leads to increased …").
_PLAIN_VERB = {1: "leads to", -1: "counteracts", 0: "is linked to"}


def _stem(word: str) -> str:
    return word.lower()[:5]


def doubled_words(text: str) -> list[str]:
    """Adjacent words sharing their first five letters ("increases increased"), ignoring case,
    punctuation and parentheses (citation keys): the grammar check of every sentence :func:`explain` writes."""
    prose = re.sub(r"\([^)]*\)", " ", text)
    words = "".join(ch if ch.isalnum() else " " for ch in prose).split()
    pairs = zip(words, words[1:], strict=False)
    return [f"{a} {b}" for a, b in pairs if len(a) >= 4 and len(b) >= 4 and _stem(a) == _stem(b)]


def repeats(verb: str, subject: str, obj: str) -> bool:
    """True when a word of ``verb`` shares its stem with a word of ``obj`` or the last word of
    ``subject`` ("activates mast cell activation", "increases increased permeability")."""

    def words(text: str) -> list[str]:
        return [w for w in "".join(ch if ch.isalnum() else " " for ch in text).split() if len(w) >= 4]

    near = {_stem(w) for w in words(obj)} | {_stem(w) for w in words(subject)[-1:]}
    return any(_stem(w) in near for w in words(verb))


def clause(subject: str, verb: str, obj: str, polarity: int) -> str:
    """``subject verb obj``, with a plain verb ("leads to", "counteracts") when the relation's own
    would repeat a word of the object or the word before it (see :func:`repeats`)."""
    if repeats(verb, subject, obj):
        verb = _PLAIN_VERB.get(polarity, _PLAIN_VERB[0])
    return f"{subject} {verb} {obj}"


def step_sentence(step: Step, G: nx.Graph | None = None) -> str:
    """One step as a sentence: ``Zonulin leads to increased intestinal permeability (animal or
    in-vitro studies; fasano2011).`` — the relation's verb phrase, its evidence level and sources."""
    a, b = node_label(G, step.source), node_label(G, step.target)
    level = EVIDENCE_PHRASES.get(step.evidence or "", step.evidence or "no graded evidence")
    cites = f"; {', '.join(step.sources)}" if step.sources else ""
    return f"{_cap(clause(a, step.verb, b, step.polarity))} ({level}{cites})."


def explain(chain: Chain, G: nx.Graph | None = None, *, notes: bool = True) -> str:
    """A plain-language narrative of a chain: one short sentence per step (verb phrase, evidence
    level, sources), then the net effect and the weakest step."""
    lines = []
    for step in chain.steps:
        sentence = step_sentence(step, G)
        if notes and step.note:
            sentence += f" Note: {step.note.rstrip('.')}."
        lines.append(sentence)
    first, last = node_label(G, chain.nodes[0]), node_label(G, chain.nodes[-1])
    effect = {1: "increases", -1: "decreases"}.get(chain.net_polarity)
    steps = "one step" if chain.length == 1 else f"{chain.length} steps"
    if effect is not None:
        lines.append("Net effect: " + clause(first, effect, last, chain.net_polarity) + f" along this chain ({steps}).")
    elif chain.length > 1:
        lines.append(f"Net effect: {first} is linked to {last}, but at least one step has no direction ({steps}).")
    if chain.length > 1:
        weak = chain.weakest_step
        level = EVIDENCE_PHRASES.get(weak.evidence or "", weak.evidence or "no graded evidence")
        lines.append(
            f"The weakest step is {node_label(G, weak.source)} → {node_label(G, weak.target)} ({level}); "
            "the chain is only as strong as that step."
        )
    else:
        level = EVIDENCE_PHRASES.get(chain.weakest_evidence or "", chain.weakest_evidence or "no graded evidence")
        lines.append(f"It rests on {level}.")
    return "\n".join(lines)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text and not text[:2].isupper() else text


__all__ = [
    "Action",
    "Chain",
    "Decoding",
    "Explanation",
    "InterventionPoint",
    "InterventionReport",
    "LEVEL_RANKS",
    "Loop",
    "Mechanism",
    "Neighbor",
    "Step",
    "causal_graph",
    "node_label",
    "ref",
    "belief",
    "causal_paths",
    "chains_on",
    "clause",
    "decode",
    "repeats",
    "doubled_words",
    "downstream",
    "explain",
    "interventions",
    "is_chain_end",
    "loops",
    "neighbors",
    "step_cost",
    "step_sentence",
    "upstream",
]
