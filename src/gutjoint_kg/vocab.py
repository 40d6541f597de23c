"""Namespaces, prefixes, CURIE helpers and name matching shared by every module (no knowledge is hard-coded here).

Importing it does not import rdflib, so the warm CLI fast path (:mod:`gutjoint_kg.cache`) uses :func:`curie` and
name matching without it; the rdflib objects (``GJ``, ``OBO`` …, ``ONTOLOGY_IRI``) are built on first access."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:  # pragma: no cover
    import curies
    from rdflib import Namespace, URIRef

    from .terms import GJ as GJ

    GJS: Namespace
    GJSRC: Namespace
    OBO: Namespace
    BIOLINK: Namespace
    HGNC: Namespace
    UNIPROT: Namespace
    ONTOLOGY_IRI: URIRef
    EVIDENCE_NAMES: dict[str, URIRef]

GJ_NS = "https://w3id.org/gutjoint-kg/"
GJS_NS = "https://w3id.org/gutjoint-kg/statement/"
GJSRC_NS = "https://w3id.org/gutjoint-kg/source/"
OBO_NS = "http://purl.obolibrary.org/obo/"
BIOLINK_NS = "https://w3id.org/biolink/vocab/"
HGNC_NS = "http://identifiers.org/hgnc/"
UNIPROT_NS = "http://purl.uniprot.org/uniprot/"

#: Prefix map used for CURIEs, SPARQL prologues and serialisations (order: most specific first).
PREFIXES: dict[str, str] = {
    "gjs": GJS_NS,
    "gjsrc": GJSRC_NS,
    "gj": GJ_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "obo": OBO_NS,
    "biolink": BIOLINK_NS,
    "hgnc": HGNC_NS,
    "uniprot": UNIPROT_NS,
}

#: OBO ontologies whose IRIs ``http://purl.obolibrary.org/obo/X_123`` shorten to ``X:123``.
OBO_PREFIXES = ("HP", "MONDO", "GO", "UBERON", "CHEBI", "CL", "NCBITaxon", "RO", "BFO", "PR", "DOID", "SO", "MP", "ECO")

#: Prefixes of common KG dumps (KGX, Monarch, Hetionet, PrimeKG) that imported graphs use.
EXTERNAL_PREFIXES: dict[str, str] = {
    "NCBIGene": "http://identifiers.org/ncbigene/",
    "ENSEMBL": "http://identifiers.org/ensembl/",
    "DRUGBANK": "http://identifiers.org/drugbank/",
    "MESH": "http://id.nlm.nih.gov/mesh/",
    "REACT": "http://identifiers.org/reactome/",
    "OMIM": "http://identifiers.org/omim/",
}

#: CURIE prefix -> the lower-case prefix of :data:`PREFIXES` that names the same namespace in SPARQL.
_SYNONYMS = {"HGNC": "hgnc", "UniProtKB": "uniprot"}

#: Canonical CLI names of the evidence levels, strongest first, with the local names of their
#: schema IRIs (the schema holds their ranks). ``EVIDENCE_NAMES`` maps the same names to ``URIRef`` objects.
EVIDENCE_LOCAL_NAMES: dict[str, str] = {
    "established": "Established",
    "human": "HumanStudies",
    "animal": "AnimalInVitro",
    "contested": "Contested",
    "article": "ArticleClaim",
}

DISCLAIMER = (
    "Educational use only: gutjoint-kg summarises research and one consumer article; it is not "
    "medical advice. Persistent joint pain or digestive symptoms deserve evaluation by a "
    "qualified healthcare professional."
)


@cache
def converter() -> curies.Converter:
    """The one CURIE <-> IRI table (longest namespace wins): :data:`PREFIXES`, OBO, ``HGNC:``, ``UniProtKB:``,
    :data:`EXTERNAL_PREFIXES`. Built on first use: importing ``curies`` costs ~0.1 s, which the warm CLI never pays."""
    import curies

    records = [
        curies.Record(prefix=p, uri_prefix=ns, prefix_synonyms=[s for s, c in _SYNONYMS.items() if c == p])
        for p, ns in PREFIXES.items()
        if p not in _SYNONYMS.values()
    ]
    records += [curies.Record(prefix=c, uri_prefix=PREFIXES[s], prefix_synonyms=[s]) for c, s in _SYNONYMS.items()]
    records += [curies.Record(prefix=p, uri_prefix=f"{OBO_NS}{p}_") for p in OBO_PREFIXES]
    records += [curies.Record(prefix=p, uri_prefix=ns) for p, ns in EXTERNAL_PREFIXES.items()]
    return curies.Converter(records)


def curie(iri: str | URIRef) -> str:
    """Shorten an IRI to a CURIE (``gj:tight_junction``, ``HP:0002829``); unknown IRIs are kept, and
    so are IRIs whose local part would hold a ``/`` or ``#``.

    >>> curie("https://w3id.org/gutjoint-kg/tight_junction")
    'gj:tight_junction'
    >>> curie("http://purl.obolibrary.org/obo/HP_0002829")
    'HP:0002829'
    >>> curie("https://w3id.org/gutjoint-kg/claim/x")
    'https://w3id.org/gutjoint-kg/claim/x'
    """
    s = str(iri)
    short = converter().compress(s, strict=False)
    if short is None:
        return s
    local = short.split(":", 1)[1]
    return short if local and "/" not in local and "#" not in local else s


def expand(text: str) -> URIRef:
    """Expand a CURIE (``gj:x``, ``HP:0002829``, ``HGNC:5141``) or ``<IRI>`` to a full IRI.

    >>> expand("HP:0002829")
    rdflib.term.URIRef('http://purl.obolibrary.org/obo/HP_0002829')
    """
    from rdflib import URIRef

    return URIRef(expand_iri(text))


def expand_iri(text: str) -> str:
    """:func:`expand` as a plain string (no rdflib).

    >>> expand_iri("HGNC:5141")
    'http://identifiers.org/hgnc/5141'
    >>> expand_iri("NCBIGene:7124")
    'http://identifiers.org/ncbigene/7124'
    """
    t = text.strip()
    if t.startswith("<") and t.endswith(">"):
        return t[1:-1]
    if "://" in t:
        return t
    pfx, sep, _ = t.partition(":")
    if not sep:
        raise ValueError(f"not a CURIE or IRI: {text!r}")
    found = converter().expand(t, strict=False)
    if found is None:
        raise ValueError(f"unknown prefix {pfx!r} in {text!r}")
    return str(found)


def bind_prefixes(graph: Any, *, override: bool = True) -> Any:
    """Bind every prefix of :data:`PREFIXES` on an rdflib graph or dataset (serialisations and
    SPARQL answers then use them); returns ``graph``."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=override)
    return graph


# --------------------------------------------------------------------------- name matching
T = TypeVar("T")


def normalise(text: str) -> str:
    """Lower-case, punctuation-insensitive form used to match names.

    >>> normalise("Tight-Junction's ")
    'tight junction s'
    """
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


class NameIndex(Generic[T]):
    """The one resolver of concept names: ``index`` maps lower-cased and normalised names to entries, ``label``
    names one for "did you mean". Tolerates case, punctuation and a plural ``s``; unknown names raise with close labels.

    >>> names = NameIndex({"tight junction": "gj:tj", "gj:tj": "gj:tj"}, {"gj:tj": "tight junction"}.get)
    >>> names.resolve("Tight-Junctions")
    'gj:tj'
    >>> names.resolve("tight junktion")
    Traceback (most recent call last):
    ...
    gutjoint_kg.errors.UnknownConceptError: unknown concept 'tight junktion'; did you mean 'tight junction'?
    """

    def __init__(self, index: Mapping[str, T], label: Callable[[T], str | None]):
        self.index, self.label = index, label

    def get(self, text: str) -> T | None:
        """The entry for ``text``, or None when nothing matches."""
        text = text.strip()
        for key in (text.lower(), normalise(text)):
            if key in self.index:
                return self.index[key]
        norm = normalise(text)
        for variant in (norm.removesuffix("s"), norm + "s"):  # "tight junctions" → "tight junction"
            if variant in self.index:
                return self.index[variant]
        return None

    def resolve(self, text: str) -> T:
        """The entry for ``text``; an unknown name raises with the closest labels."""
        from .errors import UnknownConceptError

        found = self.get(text)
        if found is None:
            raise UnknownConceptError(text.strip(), self.suggest(text.strip()))
        return found

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """Labels of the ``n`` entries whose names are closest to ``text``: a near-exact whole name first ("joint pian"
        -> joint pain), then names holding its (spell-corrected) words, most words first, then looser matches."""
        norm = normalise(text)
        keys = [k for k in self.index if ":" not in k and "/" not in k]
        words = [w for w in norm.split() if len(w) > 2]
        if not any(has_words(k, [w]) for k in keys for w in words):  # a misspelt word: "strss" -> stress
            vocabulary = sorted({w for k in keys for w in k.split()})
            words = [c for w in words for c in difflib.get_close_matches(w, vocabulary, n=1, cutoff=0.8)]
        hits = {k: sum(has_words(k, [w]) for w in words) for k in keys}
        close = difflib.get_close_matches(norm, keys, n=n, cutoff=0.85)
        close += sorted((k for k, c in hits.items() if c), key=lambda k: (-hits[k], len(k), k))
        close += difflib.get_close_matches(norm, keys, n=n * 3, cutoff=0.6)
        close += [k for k in keys if norm and norm in k]
        labels: list[str] = []
        for key in close:
            name = self.label(self.index[key])
            if name is not None and name not in labels:
                labels.append(name)
        return labels[:n]


def has_words(name: str, words: list[str]) -> bool:
    """True when the (normalised) ``name`` contains each of ``words`` as a whole word, tolerating a plural ``s``.

    >>> has_words("chronic stress", ["stress"]), has_words("stressor", ["stress"])
    (True, False)
    """
    own = {w.removesuffix("s") for w in name.split()}
    return all(w.removesuffix("s") in own for w in words)


# --------------------------------------------------------------------------- rdflib objects, built lazily
_NAMESPACES = {
    "GJS": GJS_NS,
    "GJSRC": GJSRC_NS,
    "OBO": OBO_NS,
    "BIOLINK": BIOLINK_NS,
    "HGNC": HGNC_NS,
    "UNIPROT": UNIPROT_NS,
}


def __getattr__(name: str) -> Any:
    """Build the rdflib ``Namespace``/``URIRef`` constants on first access (PEP 562)."""
    if name not in _NAMESPACES and name not in ("GJ", "ONTOLOGY_IRI", "EVIDENCE_NAMES"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rdflib import Namespace, URIRef

    value: Any
    if name == "GJ":  # the schema terms: a closed namespace, typos raise (see gutjoint_kg.terms)
        from .terms import GJ as value
    elif name in _NAMESPACES:
        value = Namespace(_NAMESPACES[name])
    elif name == "ONTOLOGY_IRI":
        from .terms import GJ

        value = GJ.ontology
    else:
        value = {k: URIRef(GJ_NS + local) for k, local in EVIDENCE_LOCAL_NAMES.items()}
    globals()[name] = value
    return value
