"""Every publication the KB cites has a DOI or PMID, read at a canonical page that the sheet records.

The brief asks for the canonical address (PubMed, PMC, doi.org or the publisher), never a mirror or
a proxy, so a reader can check each citation at its source.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from rdflib import RDF

import gutjoint_kg as gj
from gutjoint_kg.vocab import GJ

VERIFIED = Path(__file__).resolve().parents[1] / "ontology" / "verified-identifiers.tsv"

#: Hosts of the bibliographic databases and of the publishers whose own pages were read.
CANONICAL_HOSTS = re.compile(
    r"(^|\.)("
    r"pubmed\.ncbi\.nlm\.nih\.gov|pubmed\.gov|pmc\.ncbi\.nlm\.nih\.gov|www\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov|"
    r"doi\.org|europepmc\.org|"
    r"nature\.com|bmj\.com|wiley\.com|sciencedirect\.com|elsevier\.com|cochranelibrary\.com|lww\.com|"
    r"plos\.org|plosone\.org|frontiersin\.org|mdpi\.com|springer\.com|springeropen\.com|biomedcentral\.com|"
    r"oup\.com|jci\.org|cell\.com|science\.org|sciencemag\.org|thelancet\.com|nejm\.org|jamanetwork\.com|"
    r"tandfonline\.com|karger\.com|sagepub\.com|aai\.org|jimmunol\.org|pnas\.org|physiology\.org|"
    r"gastrojournal\.org|acpjournals\.org|ahajournals\.org|asm\.org|rupress\.org|elifesciences\.org|"
    r"hindawi\.com|wjgnet\.com|f1000research\.com|oatext\.com|dovepress\.com|spandidos-publications\.com|"
    r"cambridge\.org|annals\.org|annalsofian\.org|jrheum\.org|eular\.org|rheumatology\.org|"
    r"gutjnl\.bmj\.com|ard\.bmj\.com|arthritis-research\.com|genomemedicine\.com|microbiomejournal\.org|"
    r"cghjournal\.org|amjmed\.com|jaci-inpractice\.org|jacionline\.org|mucosalimmunology\.org|ajcn\.nutrition\.org"
    r")$"
)


def _rows() -> list[dict[str, str]]:
    lines = [line for line in VERIFIED.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def canonical_urls(text: str) -> list[str]:
    """The https?:// addresses in a text whose host is a bibliographic database or a publisher."""
    urls = re.findall(r"https?://[^\s,;)\"']+", text)
    return [u for u in urls if CANONICAL_HOSTS.search(urlsplit(u).hostname or "")]


def test_canonical_hosts_are_told_apart() -> None:
    assert canonical_urls("search tool: pages https://pubmed.ncbi.nlm.nih.gov/24153250/")
    assert canonical_urls("at https://gut.bmj.com/content/63/8/1293 and elsewhere")
    assert not canonical_urls("https://www.unboundmedicine.com/medline/citation/1681264/full_citation")
    assert not canonical_urls("https://pubmed.ncbi.nlm.nih.gov.evil.example/1")
    assert not canonical_urls("no address at all")


def test_every_publication_has_a_doi_or_pmid(kb: gj.KnowledgeBase) -> None:
    missing = []
    for iri in kb.graph.subjects(RDF.type, GJ.Publication):
        if kb.graph.value(iri, GJ.doi) is None and kb.graph.value(iri, GJ.pmid) is None:
            missing.append(str(iri))
    assert not missing, f"publications without DOI or PMID: {missing}"


literature_rows = [r for r in _rows() if r["id"].startswith(("doi:", "PMID:", "PMC"))]


@pytest.mark.parametrize("row", literature_rows, ids=[r["id"] for r in literature_rows])
def test_literature_identifier_names_its_canonical_page(row: dict[str, str]) -> None:
    via = row["verified_via"]
    if via.startswith("references.md"):
        return  # verified earlier on the shared reference sheet, which names its sources
    assert canonical_urls(via), f"{row['id']} ({row['label_or_key']}): no PubMed/PMC/doi.org/publisher page in {via!r}"
