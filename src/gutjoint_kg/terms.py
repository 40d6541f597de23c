"""The gj: schema terms as an rdflib ``DefinedNamespace`` with ``_fail = True``: ``GJ.polarty`` (a typo)
raises at once instead of minting a new IRI, and mypy flags it too. Concept IRIs (``gj:tight_junction``) are
data, not schema: build them with :func:`gutjoint_kg.vocab.expand`. ``tests/test_terms.py`` checks that every
name here is defined in ``ontology/gutjoint.ttl`` (the import-store bookkeeping terms apart)."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace


class GJ(DefinedNamespace):
    """The gutjoint-kg schema (https://w3id.org/gutjoint-kg/)."""

    _NS = Namespace("https://w3id.org/gutjoint-kg/")
    _fail = True

    # classes
    AnatomicalStructure: URIRef
    ArticleSection: URIRef
    BarrierComponent: URIRef
    BiologicalProcess: URIRef
    CellType: URIRef
    Claim: URIRef
    Concept: URIRef
    Condition: URIRef
    EvidenceGrade: URIRef
    Intervention: URIRef
    MicrobialTaxon: URIRef
    Molecule: URIRef
    Organism: URIRef
    Publication: URIRef
    RedFlag: URIRef
    RiskFactor: URIRef
    Source: URIRef
    Statement: URIRef
    StudyDesign: URIRef
    Symptom: URIRef
    Trigger: URIRef

    # properties (relations, annotations, evidence grading, claims)
    activates: URIRef
    associatedWith: URIRef
    causal: URIRef
    causes: URIRef
    chainEnd: URIRef
    citationKey: URIRef
    isContested: URIRef
    contributesTo: URIRef
    crossReactsWith: URIRef
    decreases: URIRef
    doi: URIRef
    evidenceLevel: URIRef
    hasFeature: URIRef
    hasSymptom: URIRef
    increases: URIRef
    increasesRiskOf: URIRef
    indicates: URIRef
    inhibits: URIRef
    locatedIn: URIRef
    mimics: URIRef
    mitigates: URIRef
    note: URIRef
    organism: URIRef
    partOf: URIRef
    pmcid: URIRef
    pmid: URIRef
    polarity: URIRef
    produces: URIRef
    protectsAgainst: URIRef
    rank: URIRef
    relation: URIRef
    section: URIRef
    shortLabel: URIRef
    studyDesign: URIRef
    subtypeOf: URIRef
    targets: URIRef
    urgent: URIRef
    verbPhrase: URIRef
    verdict: URIRef
    verifiedVia: URIRef
    worsens: URIRef

    # individuals: evidence levels, organisms, study designs
    AnimalExperiment: URIRef
    AnimalInVitro: URIRef
    ArticleClaim: URIRef
    CaseControl: URIRef
    CaseSeries: URIRef
    Cohort: URIRef
    Contested: URIRef
    CrossSectional: URIRef
    Established: URIRef
    Guideline: URIRef
    Human: URIRef
    HumanStudies: URIRef
    InVitro: URIRef
    InVitroExperiment: URIRef
    Mouse: URIRef
    NarrativeReview: URIRef
    OtherAnimal: URIRef
    RCT: URIRef
    Rat: URIRef
    SystematicReview: URIRef

    # the ontology header
    ontology: URIRef

    # bookkeeping of an import store's manifest graph (external/importer.py), not schema terms
    importedFile: URIRef
    importFormat: URIRef
    tripleCount: URIRef
    sha256: URIRef
    importedAt: URIRef
    kbDigest: URIRef


#: Names of :class:`GJ` that only the import store's manifest uses (not in ontology/gutjoint.ttl).
MANIFEST_TERMS = frozenset({"importedFile", "importFormat", "tripleCount", "sha256", "importedAt", "kbDigest"})
