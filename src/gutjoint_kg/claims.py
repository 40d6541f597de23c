"""The claim checker: how well the mechanism layer supports a claim of the source article.

A claim ``A rel B`` (``gj:Claim``) is judged by the cheapest mechanism chains from A to B: *supported* (human or
established steps), *partly supported*, *contradicted* or *unsupported*; docs/paths.md defines these and VERBS."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from .errors import AmbiguousConceptError, GutJointError, UnknownConceptError, UsageError
from .paths import Chain, Step, causal_graph, chains_on, clause, node_label, ref
from .vocab import GJ_NS, NameIndex, curie, has_words, normalise

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

    from .kb.store import KnowledgeBase, Relation

#: The claim layer's namespace (``gjc:``).
GJC_NS = "https://w3id.org/gutjoint-kg/claim/"

#: The four verdicts, best first (the values of ``gj:verdict``).
VERDICTS: tuple[str, ...] = ("supported", "partly supported", "unsupported", "contradicted")

#: A chain supports a claim when its weakest step has at least this evidence rank (human studies).
SUPPORT_RANK = 3

#: How a claimed effect (polarity) reads in a sentence.
EFFECT_WORDS: dict[int, str] = {1: "increases", -1: "decreases", 0: "is linked to"}

#: How many of the cheapest mechanism chains a verdict looks at.
CHAINS_EXAMINED = 20


class ClaimParseError(GutJointError):
    """A sentence the claim reader cannot turn into ``concept verb concept`` (exit code 2)."""

    exit_code = 2


# --------------------------------------------------------------------------- the claim layer
@dataclass(frozen=True)
class Claim:
    """One claim of the article: ``subject relation object`` with its article sections."""

    iri: str
    subject: str  # CURIE
    relation: str  # CURIE
    relation_label: str
    verb_phrase: str
    polarity: int  # the effect the claim asserts: +1, -1, or 0 (an association, either effect)
    object: str  # CURIE
    sources: tuple[str, ...] = ()
    note: str | None = None
    migrated: bool = True  # False: a mechanism-layer statement graded 'article' (not yet moved to gjc:)

    @property
    def curie(self) -> str:
        """``gjc:…`` for claims of the claim layer (the full IRI otherwise)."""
        if self.iri.startswith(GJC_NS):
            return "gjc:" + self.iri[len(GJC_NS) :]
        return curie(self.iri)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {
            "claim": self.curie,
            "subject": self.subject,
            "relation": self.relation,
            "object": self.object,
            "polarity": self.polarity,
            "sources": list(self.sources),
            "note": self.note,
        }


def claims(kb: KnowledgeBase) -> list[Claim]:
    """Every claim of ``kb``'s claim layer (``gj:Claim`` nodes), plus the statements still graded
    ``article`` in the mechanism layer that no claim restates (until the migration moves them)."""
    from rdflib import URIRef
    from rdflib.namespace import PROV, RDF

    g, relations, concepts = kb.graph, kb.relations, kb.concepts
    gj_claim, note_p = URIRef(GJ_NS + "Claim"), URIRef(GJ_NS + "note")
    out: dict[tuple[str, str, str], Claim] = {}
    for node in sorted(set(g.subjects(RDF.type, gj_claim)), key=str):
        s, p, o = g.value(node, RDF.subject), g.value(node, RDF.predicate), g.value(node, RDF.object)
        if not isinstance(s, URIRef) or not isinstance(o, URIRef) or not isinstance(p, URIRef):
            continue
        if s not in concepts or o not in concepts or p not in relations:
            continue
        rel = relations[p]
        note = g.value(node, note_p)
        cites = (kb._source_key(x) for x in g.objects(node, PROV.wasDerivedFrom) if isinstance(x, URIRef))
        claim = _claim(
            str(node), curie(s), rel, curie(o), tuple(sorted(cites)), str(note) if note is not None else None
        )
        out.setdefault((claim.subject, claim.relation, claim.object), claim)
    for st in kb.statements:
        if st.evidence != "article":
            continue
        rel = relations[st.predicate]
        key = (curie(st.subject), rel.curie, curie(st.object))
        if key in out:
            continue
        iri = str(st.iri) if st.iri is not None else " ".join(key)
        out[key] = _claim(iri, key[0], rel, key[2], st.sources, st.note, migrated=False)
    return sorted(out.values(), key=lambda c: (c.subject, c.relation, c.object))


def _claim(
    iri: str, subject: str, rel: Relation, obj: str, sources: tuple[str, ...], note: str | None, migrated: bool = True
) -> Claim:
    """A claim ``subject rel obj``; the effect it asserts is the relation's, a manifestation (chain end) read as +1."""
    polarity = 1 if rel.chain_end and rel.polarity == 0 else rel.polarity
    return Claim(iri, subject, rel.curie, rel.label, rel.verb_phrase, polarity, obj, sources, note, migrated)


def with_claims(G: nx.MultiDiGraph, kb: KnowledgeBase) -> nx.MultiDiGraph:
    """A copy of ``G`` with every claim of the claim layer as an edge (``claim=True``, keyed by the
    claim's CURIE), so that ``causal_paths(..., include_claims=True)`` can use them as steps."""
    from .kb.graph import relation_attrs

    H = G.copy()
    ranks = {name: lv.rank for name, lv in kb.evidence_levels.items()}
    by_curie = {r.curie: r for r in kb.relations.values()}
    for c in claims(kb):
        if not c.migrated or c.subject not in H or c.object not in H:
            continue  # unmigrated claims already are edges of G (graded 'article')
        H.add_edge(
            c.subject,
            c.object,
            key=c.curie,
            **relation_attrs(by_curie[c.relation]),
            evidence="article",
            evidence_rank=ranks.get("article", 0),
            sources=list(c.sources),
            note=c.note,
            statement=c.curie,
            claim=True,
        )
    return H


# --------------------------------------------------------------------------- verdicts
@dataclass(frozen=True)
class Verdict:
    """How the mechanism layer stands to one claim (or question ``source -> target``)."""

    source: str
    target: str
    polarity: int
    verdict: str
    best: Chain | None  # the best chain behind the verdict (opposite effect when contradicted)
    same_effect: int  # chains (of those examined) with the claimed effect
    opposite_effect: int  # chains with the opposite effect
    claim: Claim | None = None

    @property
    def score(self) -> float:
        """The belief of the best supporting chain (0 when nothing supports the claim)."""
        return self.best.belief if self.best is not None and self.verdict in VERDICTS[:2] else 0.0

    @property
    def weakest(self) -> Step | None:
        """The weakest step of the best chain."""
        return self.best.weakest_step if self.best is not None else None

    @property
    def citations(self) -> tuple[str, ...]:
        """Every source cited by the steps of the best chain, in order of first use."""
        if self.best is None:
            return ()
        return tuple(dict.fromkeys(src for s in self.best.steps for src in s.sources))

    def reason(self, G: nx.Graph | None = None) -> str:
        """One line saying why the verdict is what it is."""
        effect = EFFECT_WORDS[self.polarity]
        s, t = node_label(G, self.source), node_label(G, self.target)
        if self.verdict == "unsupported":
            return f"no mechanism chain links {s} to {t}"
        assert self.best is not None
        weakest = self.best.weakest_evidence or "ungraded"
        if self.verdict == "contradicted":
            said = clause(s, EFFECT_WORDS[self.best.net_polarity], t, self.best.net_polarity)
            return f"the mechanism chains say {said}, not that it {effect} it"
        if self.verdict == "supported":
            return f"a chain with the claimed effect rests on {weakest} evidence at its weakest step"
        return f"chains with the claimed effect exist, but the best rests on {weakest} evidence at its weakest step"

    def to_dict(self, G: nx.Graph | None = None) -> dict[str, Any]:
        """Plain data for JSON output."""
        weakest = self.weakest
        return {
            "claim": self.claim.to_dict() if self.claim is not None else None,
            "source": ref(G, self.source),
            "target": ref(G, self.target),
            "effect": EFFECT_WORDS[self.polarity],
            "verdict": self.verdict,
            "reason": self.reason(G),
            "score": round(self.score, 4),
            "same_effect_chains": self.same_effect,
            "opposite_effect_chains": self.opposite_effect,
            "best_chain": self.best.to_dict(G) if self.best is not None else None,
            "weakest_link": weakest.to_dict() if weakest is not None else None,
            "citations": list(self.citations),
        }


def judge(
    G: nx.MultiDiGraph,
    source: str,
    target: str,
    polarity: int = 1,
    *,
    max_length: int = 6,
    claim: Claim | None = None,
    projection: nx.DiGraph | None = None,
) -> Verdict:
    """The verdict on "``source`` has effect ``polarity`` on ``target``" from the :data:`CHAINS_EXAMINED` cheapest
    mechanism chains; an association (``polarity`` 0) takes any chain. ``projection``: a prebuilt causal_graph(G)."""
    if polarity not in (-1, 0, 1):
        raise UsageError(f"polarity must be -1, 0 or 1, not {polarity!r}")
    P = causal_graph(G) if projection is None else projection
    chains = chains_on(G, P, source, target, max_length=max_length, limit=CHAINS_EXAMINED)
    if polarity == 0 and not chains:  # an association holds whichever way the chain runs
        chains = chains_on(G, P, target, source, max_length=max_length, limit=CHAINS_EXAMINED)
    same = [c for c in chains if polarity == 0 or c.net_polarity == polarity]
    opposite = [c for c in chains if polarity != 0 and c.net_polarity == -polarity]
    strong = [c for c in same if c.weakest_rank >= SUPPORT_RANK]
    if strong:
        verdict, best = "supported", strong[0]
    elif same:
        verdict, best = "partly supported", same[0]
    elif opposite:
        verdict, best = "contradicted", opposite[0]
    else:
        verdict, best = "unsupported", None
    return Verdict(source, target, polarity, verdict, best, len(same), len(opposite), claim)


def check_claims(G: nx.MultiDiGraph, found: Iterable[Claim], *, max_length: int = 6) -> list[Verdict]:
    """The verdict on every claim (``G`` is the mechanism-layer view; claim edges in it are ignored), over
    one causal projection built once."""
    P = causal_graph(G)
    return [judge(G, c.subject, c.object, c.polarity, max_length=max_length, claim=c, projection=P) for c in found]


def verdict_graph(verdicts: Iterable[Verdict]) -> Graph:
    """An rdflib graph of the derived verdicts: ``<claim> gj:verdict "supported"`` for every claim of
    the claim layer (for the release bundle and SPARQL users; never written into the ontology)."""
    from rdflib import Graph, Literal, URIRef

    g = Graph()
    g.bind("gj", GJ_NS)
    g.bind("gjc", GJC_NS)
    verdict_p = URIRef(GJ_NS + "verdict")
    for v in verdicts:
        if v.claim is not None and v.claim.migrated:
            g.add((URIRef(v.claim.iri), verdict_p, Literal(v.verdict)))
    return g


def kb_verdict_graph(kb: KnowledgeBase, *, max_length: int = 6, nodes: set[str] | None = None) -> Graph:
    """:func:`verdict_graph` for every claim of ``kb`` (what ``export`` adds to the release bundle),
    or for the claims whose subject and object are both among ``nodes`` (CURIEs)."""
    from .kb.graph import to_networkx

    found = [c for c in claims(kb) if nodes is None or (c.subject in nodes and c.object in nodes)]
    return verdict_graph(check_claims(to_networkx(kb), found, max_length=max_length))


# --------------------------------------------------------------------------- reading a sentence
#: The verb lexicon: phrase -> (effect, passive). Effect +1 "more of the first, more of the second",
#: -1 "more of the first, less of the second", 0 an association (either effect counts); a passive
#: phrase ("is caused by") swaps subject and object. ``improve``-type verbs are decided by the
#: object's category (see :data:`IMPROVABLE`).
_PLUS = [
    "increases", "increase", "raises", "raise", "boosts", "boost", "causes", "cause", "leads to", "lead to",
    "triggers", "trigger", "worsens", "worsen", "aggravates", "aggravate", "contributes to", "contribute to",
    "drives", "drive", "promotes", "promote", "fuels", "fuel", "activates", "activate", "produces", "produce",
    "results in", "result in", "brings on", "bring on", "sets off", "set off", "provokes", "provoke",
    "amplifies", "amplify", "intensifies", "intensify", "exacerbates", "exacerbate", "feeds", "feed",
    "sparks", "spark", "fosters", "foster", "is a cause of", "supports", "support", "strengthens", "strengthen",
    "restores", "restore", "tightens", "tighten",
    "are a cause of", "raises the risk of", "raise the risk of", "increases the risk of", "increase the risk of",
]  # fmt: skip
_MINUS = [
    "decreases", "decrease", "reduces", "reduce", "lowers", "lower", "eases", "ease", "relieves", "relieve",
    "soothes", "soothe", "calms", "calm", "prevents", "prevent", "protects against", "protect against",
    "inhibits", "inhibit", "blocks", "block", "suppresses", "suppress", "mitigates", "mitigate", "alleviates",
    "alleviate", "lessens", "lessen", "cuts", "cut", "counters", "counter", "fights", "fight",
    "damages", "damage", "weakens", "weaken", "disrupts", "disrupt", "harms", "harm",
    "impairs", "impair", "breaks down", "break down", "dampens", "dampen", "tames", "tame", "quiets", "quiet",
    "opens", "open", "loosens", "loosen", "guards against", "guard against", "combats", "combat",
]  # fmt: skip
_ASSOCIATION = [
    "is linked to", "are linked to", "is associated with", "are associated with", "is tied to", "are tied to",
    "is connected to", "are connected to", "goes with", "go with", "is related to", "are related to",
]  # fmt: skip
_PASSIVE_PLUS = [
    "is caused by", "are caused by", "is triggered by", "are triggered by", "is worsened by", "are worsened by",
    "is driven by", "are driven by", "is increased by", "are increased by", "is raised by", "are raised by",
    "is aggravated by", "are aggravated by", "results from", "result from", "comes from", "come from",
    "stems from", "stem from", "is fuelled by", "is fueled by", "are fuelled by", "are fueled by",
]  # fmt: skip
_PASSIVE_MINUS = [
    "is reduced by", "are reduced by", "is eased by", "are eased by", "is relieved by", "are relieved by",
    "is prevented by", "are prevented by", "is lowered by", "are lowered by", "is decreased by",
    "are decreased by", "is soothed by", "are soothed by", "is calmed by", "are calmed by",
]  # fmt: skip
_IMPROVE = ["improves", "improve", "helps", "help", "helps with", "help with", "benefits", "benefit", "heals",
            "heal", "repairs", "repair", "seals", "seal"]  # fmt: skip
VERBS: dict[str, tuple[int, bool]] = {
    **{v: (1, False) for v in _PLUS},
    **{v: (-1, False) for v in _MINUS},
    **{v: (0, False) for v in _ASSOCIATION},
    **{v: (1, True) for v in _PASSIVE_PLUS},
    **{v: (-1, True) for v in _PASSIVE_MINUS},
}

#: Verbs whose effect depends on the object: they raise what is good to have more of (a structure,
#: barrier part, cell type or microbe) and lower anything else (a symptom, condition, harmful process).
IMPROVE_VERBS: frozenset[str] = frozenset(_IMPROVE)

#: Categories an ``improve``-type verb *increases*.
IMPROVABLE: frozenset[str] = frozenset({"AnatomicalStructure", "BarrierComponent", "CellType", "MicrobialTaxon"})

#: Words that mark a process as harmful, so that ``improve``-type verbs lower it ("heals leaky gut").
HARM_WORDS: frozenset[str] = frozenset(
    "increased excess excessive chronic dysfunction imbalance inflammation inflammatory leaky leak damage "
    "disassembly sensitisation sensitization stress infection translocation dysbiosis loss impaired".split()
)

#: Words dropped before the verb is looked for (modal verbs, hedges, "help(s) to").
_FILLER = re.compile(
    r"\b(can|could|may|might|will|would|often|usually|typically|frequently|sometimes|really|also|even|"
    r"directly|actually|further|significantly|greatly|tends? to|is known to|are known to|is thought to|"
    r"are thought to|is said to|are said to|seems? to|appears? to)\b"
)
_MAKE_WORSE = re.compile(r"\b(makes?|making) (.+?) worse\b")
_MAKE_BETTER = re.compile(r"\b(makes?|making) (.+?) better\b")
_HELP_TO = re.compile(r"\b(helps?|help) (to )?(?=\w)")
_NEGATION = re.compile(r"\b(not|never|no longer|doesn t|don t|cannot|can t|won t|isn t|aren t|nor)\b")

#: Leading words of a noun phrase that name no concept ("the", "your", "too much" …).
_DETERMINERS = (
    "the", "a", "an", "your", "our", "their", "his", "her", "my", "its", "this", "that", "these", "those",
    "some", "any", "much", "many", "more", "too much", "too many", "lots of", "a lot of", "high", "higher",
    "having", "getting", "being", "in", "of", "people s", "in people",
)  # fmt: skip


@dataclass(frozen=True)
class ParsedClaim:
    """What :func:`parse_claim` understood: ``subject`` has effect ``polarity`` on ``object``."""

    text: str
    subject: str  # CURIE
    object: str  # CURIE
    polarity: int
    verb: str
    subject_text: str
    object_text: str

    def understood(self, labels: Mapping[str, str]) -> str:
        """The reading in words, for the user to confirm."""
        s, o = labels.get(self.subject, self.subject), labels.get(self.object, self.object)
        effect = {1: "more of the first, more of the second", -1: "more of the first, less of the second"}
        how = effect.get(self.polarity, "linked, either way")
        return f"Understood: {s} ({self.subject}) → {o} ({self.object}); verb {self.verb!r}: {how}"


def parse_claim(
    text: str,
    names: Mapping[str, str],
    labels: Mapping[str, str],
    categories: Mapping[str, str] | None = None,
) -> ParsedClaim:
    """Read "<concept> <verb> <concept>" from ``text``: concepts by the name index ``names`` (normalised name -> CURIE),
    the effect by :data:`VERBS`. Raises :class:`ClaimParseError` naming what could not be read."""
    norm = normalise(text)
    if not norm:
        raise ClaimParseError("give a claim such as 'chronic stress worsens joint pain'")
    if _NEGATION.search(norm):
        raise ClaimParseError(f"cannot check a negated claim ({text!r}); state it positively, e.g. 'A reduces B'")
    body = " ".join(_FILLER.sub(" ", norm).split())
    body = _MAKE_WORSE.sub(r"worsens \2", body)
    body = _MAKE_BETTER.sub(r"improves \2", body)
    body = " ".join(_HELP_TO.sub(lambda m: "" if _verb_follows(body, m.end()) else m.group(0), body).split())
    hits = _verb_hits(body)
    if not hits:
        examples = "increases, worsens, causes, leads to, reduces, eases, is caused by, is linked to"
        raise ClaimParseError(f"no known verb in {text!r} (the reader knows e.g.: {examples}; see docs/paths.md)")
    failure: GutJointError | None = None
    readings: list[tuple[tuple[float, int, int], ParsedClaim]] = []
    cats = categories or {}
    for order, (start, verb) in enumerate(hits):
        left, right = body[:start].strip(), body[start + len(verb) :].strip()
        if not left or not right:
            continue
        try:
            (subj, s_left, s_cov), (obj, o_left, o_cov) = (
                _concept(left, names, labels, cats, "subject"),
                _concept(right, names, labels, cats, "object"),
            )
        except ClaimParseError as exc:
            failure = failure or exc
            continue
        polarity, passive = VERBS.get(verb, (0, False))
        if verb in IMPROVE_VERBS:
            polarity = 1 if _improvable(obj, labels, cats) else -1
        if passive:
            subj, obj, left, right = obj, subj, right, left
        if subj == obj:
            failure = failure or ClaimParseError(f"both sides of {text!r} name the same concept ({subj})")
            continue
        # the reading that leaves the fewest words unexplained wins (a verb inside a label loses)
        readings.append(
            ((s_left + o_left, -(s_cov + o_cov), order), ParsedClaim(text, subj, obj, polarity, verb, left, right))
        )
    if readings:
        return min(readings, key=lambda r: r[0])[1]
    raise failure or ClaimParseError(f"could not read {text!r} as '<concept> <verb> <concept>'")


def _improvable(obj: str, labels: Mapping[str, str], categories: Mapping[str, str]) -> bool:
    """Whether an ``improve``-type verb raises ``obj``: yes for structures, barrier parts, cells and
    microbes and for processes whose label names no harm; no for symptoms, conditions, triggers …"""
    category = categories.get(obj, "")
    if category in IMPROVABLE:
        return True
    if category != "BiologicalProcess":
        return False
    return not set(normalise(labels.get(obj, obj)).split()) & HARM_WORDS


def _verb_follows(body: str, at: int) -> bool:
    rest = body[at:]
    return any(rest == v or rest.startswith(v + " ") for v in VERBS)


def _verb_hits(body: str) -> list[tuple[int, str]]:
    """Every lexicon phrase in ``body`` at word boundaries: (position, phrase), leftmost first,
    the longest phrase first at one position."""
    hits = []
    for verb in set(VERBS) | IMPROVE_VERBS:
        for m in re.finditer(rf"(?<![\w]){re.escape(verb)}(?![\w])", body):
            hits.append((m.start(), verb))
    return sorted(hits, key=lambda h: (h[0], -len(h[1])))


def _concept(
    phrase: str, names: Mapping[str, str], labels: Mapping[str, str], categories: Mapping[str, str], side: str
) -> tuple[str, float, int]:
    """The concept a noun phrase names, with its counts of unexplained and matched words, trying looser readings in
    turn; else a :class:`ClaimParseError` naming the candidates or the closest names."""
    candidates = [phrase]
    words = phrase.split()
    while words:
        for det in sorted(_DETERMINERS, key=len, reverse=True):
            d = det.split()
            if words[: len(d)] == d and len(words) > len(d):
                words = words[len(d) :]
                candidates.append(" ".join(words))
                break
        else:
            break
    for cand in candidates:
        found = _index(names, labels).get(cand)
        if found is not None:
            return found, 0, len(cand.split())
    words = phrase.split()
    for size in range(len(words), 0, -1):
        spans = [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]
        found_all = {f for f in (_index(names, labels).get(s) for s in spans if s not in _DETERMINERS) if f is not None}
        if len(found_all) == 1:
            return found_all.pop(), len(words) - size, size
        if len(found_all) > 1:
            options = ", ".join(sorted(labels.get(f, f) for f in found_all))
            raise ClaimParseError(f"the {side} {phrase!r} names several concepts ({options}); name one")
    try:
        return read_concept(names, labels, categories, candidates[-1])[0], 0.5, len(candidates[-1].split())
    except AmbiguousConceptError as exc:
        options = "; ".join(f"{label} ({cat})" for _, label, cat in exc.candidates)
        raise ClaimParseError(f"the {side} {phrase!r} could mean: {options}; name one") from None
    except UnknownConceptError as exc:
        raise ClaimParseError(f"no concept named {phrase!r} (the {side} of the claim){exc.hint}") from None


# --------------------------------------------------------------------------- reading a name
def word_matches(names: Mapping[str, str], text: str) -> list[str]:
    """CURIEs of the concepts one of whose names holds every word of ``text``, in the order of their shortest such name
    (``intestinal permeability`` -> increased intestinal permeability, healthy intestinal permeability)."""
    words = normalise(text).split()
    if not words:
        return []
    found: dict[str, int] = {}
    for key, c in names.items():
        if ":" in key or "/" in key or not has_words(key, words):
            continue
        found[c] = min(found.get(c, len(key)), len(key))
    return sorted(found, key=lambda c: (found[c], c))


def read_concept(
    names: Mapping[str, str], labels: Mapping[str, str], categories: Mapping[str, str], text: str
) -> tuple[str, str | None]:
    """The concept ``text`` names: ``(curie, None)`` for an exact name, else the one concept whose names hold all
    its words, with a note. Raises :class:`AmbiguousConceptError` for several, :class:`UnknownConceptError` for none."""
    found = _index(names, labels).get(text)
    if found is not None:
        return found, None
    matches = word_matches(names, text)
    if len(matches) == 1:
        (c,) = matches
        return c, f"read {text.strip()!r} as {labels.get(c, c)!r} ({c})"
    if matches:
        raise AmbiguousConceptError(
            text.strip(), [(c, labels.get(c, c), categories.get(c, "")) for c in matches[:MAX_CANDIDATES]]
        )
    raise UnknownConceptError(text.strip(), _index(names, labels).suggest(text))


def _index(names: Mapping[str, str], labels: Mapping[str, str]) -> NameIndex[str]:
    """The project's one name resolver over a name table (name -> CURIE) and labels."""
    return NameIndex(names, lambda c: labels.get(c, c))


#: Most candidates an ambiguity message lists.
MAX_CANDIDATES = 8


__all__ = [
    "Claim",
    "ClaimParseError",
    "EFFECT_WORDS",
    "ParsedClaim",
    "VERBS",
    "VERDICTS",
    "Verdict",
    "check_claims",
    "claims",
    "judge",
    "kb_verdict_graph",
    "parse_claim",
    "read_concept",
    "verdict_graph",
    "with_claims",
    "word_matches",
]
