"""Namespaces, prefixes, CURIE helpers and name matching shared by every module (no knowledge is
hard-coded here).

Importing this module does not import rdflib: the warm CLI fast path (:mod:`gutjoint_kg.cache`)
uses :func:`curie`, the evidence names and the name matching without it. The rdflib objects
(the ``GJ``, ``OBO`` … namespaces, ``ONTOLOGY_IRI`` and ``EVIDENCE_NAMES``) are built on first access.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Namespace, URIRef

    GJ: Namespace
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
OBO_PREFIXES = ("HP", "MONDO", "GO", "UBERON", "CHEBI", "CL", "NCBITaxon", "RO", "BFO", "PR")

#: Canonical CLI names of the evidence levels, strongest first, with the local names of their
#: schema IRIs (the schema holds their ranks). ``EVIDENCE_NAMES`` maps the same names to ``URIRef`` objects.
EVIDENCE_LOCAL_NAMES: dict[str, str] = {
    "established": "Established",
    "human": "HumanStudies",
    "animal": "AnimalInVitro",
    "article": "ArticleClaim",
    "contested": "Contested",
}

DISCLAIMER = (
    "Educational use only: gutjoint-kg summarises research and one consumer article; it is not "
    "medical advice. Persistent joint pain or digestive symptoms deserve evaluation by a "
    "qualified healthcare professional."
)


def curie(iri: str | URIRef) -> str:
    """Shorten an IRI to a CURIE (``gj:tight_junction``, ``HP:0002829``); unknown IRIs are kept.

    >>> curie("https://w3id.org/gutjoint-kg/tight_junction")
    'gj:tight_junction'
    >>> curie("http://purl.obolibrary.org/obo/HP_0002829")
    'HP:0002829'
    """
    s = str(iri)
    if s.startswith(OBO_NS):
        local = s[len(OBO_NS) :]
        pfx, _, rest = local.partition("_")
        if pfx in OBO_PREFIXES and rest:
            return f"{pfx}:{rest}"
    if s.startswith(HGNC_NS):
        return "HGNC:" + s[len(HGNC_NS) :]
    if s.startswith(UNIPROT_NS):
        return "UniProtKB:" + s[len(UNIPROT_NS) :]
    for pfx, ns in PREFIXES.items():
        if s.startswith(ns) and len(s) > len(ns) and "/" not in s[len(ns) :] and "#" not in s[len(ns) :]:
            return f"{pfx}:{s[len(ns) :]}"
    return s


def expand(text: str) -> URIRef:
    """Expand a CURIE (``gj:x``, ``HP:0002829``, ``HGNC:5141``) or ``<IRI>`` to a full IRI.

    >>> expand("HP:0002829")
    rdflib.term.URIRef('http://purl.obolibrary.org/obo/HP_0002829')
    """
    from rdflib import URIRef

    return URIRef(expand_iri(text))


def expand_iri(text: str) -> str:
    """:func:`expand` as a plain string (no rdflib): the one CURIE table, also used by the importer.

    >>> expand_iri("HGNC:5141")
    'http://identifiers.org/hgnc/5141'
    """
    t = text.strip()
    if t.startswith("<") and t.endswith(">"):
        return t[1:-1]
    if "://" in t:
        return t
    pfx, sep, local = t.partition(":")
    if not sep:
        raise ValueError(f"not a CURIE or IRI: {text!r}")
    if pfx in OBO_PREFIXES:
        return f"{OBO_NS}{pfx}_{local}"
    if pfx == "HGNC":
        return f"{HGNC_NS}{local}"
    if pfx == "UniProtKB":
        return f"{UNIPROT_NS}{local}"
    if pfx in PREFIXES:
        return PREFIXES[pfx] + local
    raise ValueError(f"unknown prefix {pfx!r} in {text!r}")


def sparql_prologue() -> str:
    """PREFIX lines for every prefix in :data:`PREFIXES` (predeclared in queries)."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


# --------------------------------------------------------------------------- name matching
T = TypeVar("T")


def normalise(text: str) -> str:
    """Lower-case, punctuation-insensitive form used to match names.

    >>> normalise("Tight-Junction's ")
    'tight junction s'
    """
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


class NameIndex(Generic[T]):
    """The one resolver of concept names: ``index`` maps lower-cased and normalised names to entries
    (IRIs in a KnowledgeBase, CURIEs in the compiled form), ``label`` names an entry for "did you mean".

    Matching tolerates case, punctuation and a plural/singular ``s``; an unknown name raises
    :class:`~gutjoint_kg.errors.UnknownConceptError` with the closest labels.

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
        """Labels of the ``n`` entries whose names are closest to ``text``."""
        norm = normalise(text)
        keys = [k for k in self.index if ":" not in k and "/" not in k]
        close = difflib.get_close_matches(norm, keys, n=n * 3, cutoff=0.6)
        close += [k for k in keys if norm and norm in k]
        labels: list[str] = []
        for key in close:
            name = self.label(self.index[key])
            if name is not None and name not in labels:
                labels.append(name)
        return labels[:n]


# --------------------------------------------------------------------------- rdflib objects, built lazily
_NAMESPACES = {
    "GJ": GJ_NS,
    "GJS": GJS_NS,
    "GJSRC": GJSRC_NS,
    "OBO": OBO_NS,
    "BIOLINK": BIOLINK_NS,
    "HGNC": HGNC_NS,
    "UNIPROT": UNIPROT_NS,
}


def __getattr__(name: str) -> Any:
    """Build the rdflib ``Namespace``/``URIRef`` constants on first access (PEP 562)."""
    if name not in _NAMESPACES and name not in ("ONTOLOGY_IRI", "EVIDENCE_NAMES"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rdflib import Namespace, URIRef

    if name in _NAMESPACES:
        value: Any = Namespace(_NAMESPACES[name])
    elif name == "ONTOLOGY_IRI":
        value = URIRef(GJ_NS + "ontology")
    else:
        value = {k: URIRef(GJ_NS + local) for k, local in EVIDENCE_LOCAL_NAMES.items()}
    globals()[name] = value
    return value
