"""Namespaces, prefixes and CURIE helpers shared by every module (no knowledge is hard-coded here)."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

GJ = Namespace("https://w3id.org/gutjoint-kg/")
GJS = Namespace("https://w3id.org/gutjoint-kg/statement/")
GJSRC = Namespace("https://w3id.org/gutjoint-kg/source/")
OBO = Namespace("http://purl.obolibrary.org/obo/")
BIOLINK = Namespace("https://w3id.org/biolink/vocab/")
HGNC = Namespace("http://identifiers.org/hgnc/")
UNIPROT = Namespace("http://purl.uniprot.org/uniprot/")

ONTOLOGY_IRI = URIRef("https://w3id.org/gutjoint-kg/ontology")

#: Prefix map used for CURIEs, SPARQL prologues and serialisations (order: most specific first).
PREFIXES: dict[str, str] = {
    "gjs": str(GJS),
    "gjsrc": str(GJSRC),
    "gj": str(GJ),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "obo": str(OBO),
    "biolink": str(BIOLINK),
    "hgnc": str(HGNC),
    "uniprot": str(UNIPROT),
}

#: OBO ontologies whose IRIs ``http://purl.obolibrary.org/obo/X_123`` shorten to ``X:123``.
OBO_PREFIXES = ("HP", "MONDO", "GO", "UBERON", "CHEBI", "NCBITaxon", "RO", "BFO", "PR")

#: Canonical CLI names of the evidence levels, strongest first (the schema holds their ranks).
EVIDENCE_NAMES: dict[str, URIRef] = {
    "established": GJ.Established,
    "human": GJ.HumanStudies,
    "animal": GJ.AnimalInVitro,
    "article": GJ.ArticleClaim,
    "contested": GJ.Contested,
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
    obo = str(OBO)
    if s.startswith(obo):
        local = s[len(obo) :]
        pfx, _, rest = local.partition("_")
        if pfx in OBO_PREFIXES and rest:
            return f"{pfx}:{rest}"
    if s.startswith(str(HGNC)):
        return "HGNC:" + s[len(str(HGNC)) :]
    if s.startswith(str(UNIPROT)):
        return "UniProtKB:" + s[len(str(UNIPROT)) :]
    for pfx, ns in PREFIXES.items():
        if s.startswith(ns) and len(s) > len(ns) and "/" not in s[len(ns) :] and "#" not in s[len(ns) :]:
            return f"{pfx}:{s[len(ns) :]}"
    return s


def expand(text: str) -> URIRef:
    """Expand a CURIE (``gj:x``, ``HP:0002829``, ``HGNC:5141``) or ``<IRI>`` to a full IRI.

    >>> expand("HP:0002829")
    rdflib.term.URIRef('http://purl.obolibrary.org/obo/HP_0002829')
    """
    t = text.strip()
    if t.startswith("<") and t.endswith(">"):
        return URIRef(t[1:-1])
    if "://" in t:
        return URIRef(t)
    pfx, sep, local = t.partition(":")
    if not sep:
        raise ValueError(f"not a CURIE or IRI: {text!r}")
    if pfx in OBO_PREFIXES:
        return URIRef(f"{OBO}{pfx}_{local}")
    if pfx == "HGNC":
        return URIRef(f"{HGNC}{local}")
    if pfx == "UniProtKB":
        return URIRef(f"{UNIPROT}{local}")
    if pfx in PREFIXES:
        return URIRef(PREFIXES[pfx] + local)
    raise ValueError(f"unknown prefix {pfx!r} in {text!r}")


def sparql_prologue() -> str:
    """PREFIX lines for every prefix in :data:`PREFIXES` (predeclared in queries)."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
