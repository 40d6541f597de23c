"""The KGX export is valid Biolink 4.4.6, checked by the tools themselves, offline: every category and
predicate is a Biolink element, every edge fits its predicate's domain and range (bmt), ``kgx validate``
reports no error, and ``kgx transform`` to RDF keeps every gutjoint-kg IRI."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest
from bmt import Toolkit

from gutjoint_kg.render.export import CANONICAL_INVERSE, biolink_match
from gutjoint_kg.vocab import GJ_NS, GJS_NS

ROOT = Path(__file__).resolve().parents[1]
KGX_OFFLINE = ROOT / "scripts" / "kgx_offline.py"
BIOLINK_VERSION = "4.4.6"  # the release the export is validated against (the biolink-model wheel's)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bmt() -> Toolkit:
    """bmt on the Biolink YAML shipped in the biolink-model wheel (its defaults are URLs)."""
    yaml = files("biolink_model") / "schema" / "biolink_model.yaml"
    return Toolkit(str(yaml), predicate_map={"predicate mappings": []})


@pytest.fixture(scope="module")
def kgx_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole KB exported as KGX by the installed command, in a fresh process."""
    out = tmp_path_factory.mktemp("kgx") / "kgx"
    exe = Path(sys.executable).with_name("gutjoint-kg")
    subprocess.run([str(exe), "--no-cache", "export", "kgx", "-o", str(out)], check=True, capture_output=True)
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _kgx(*args: str) -> subprocess.CompletedProcess[str]:
    """``kgx ARGS`` through scripts/kgx_offline.py with every socket connection refused."""
    return subprocess.run(
        [sys.executable, str(KGX_OFFLINE), "--no-network", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_validated_against_the_pinned_biolink_release(bmt: Toolkit) -> None:
    assert bmt.get_model_version() == BIOLINK_VERSION


def test_every_schema_mapping_is_a_biolink_element(kb, bmt: Toolkit) -> None:
    """Each category and relation's Biolink match exists; relations map to predicates, categories to
    categories that are not mixins (kgx refuses mixin categories)."""
    for iri in kb.categories:
        match = biolink_match(kb, iri)
        if match:
            assert bmt.is_category(match) and not bmt.is_mixin(match), (iri, match)
    for rel in kb.relations.values():
        match = biolink_match(kb, rel.iri)
        assert match and bmt.is_predicate(match), (rel.curie, match)


def test_canonical_inverses_agree_with_bmt(bmt: Toolkit) -> None:
    for non_canonical, canonical in CANONICAL_INVERSE.items():
        assert not bmt.is_translator_canonical_predicate(non_canonical)
        assert bmt.is_translator_canonical_predicate(canonical)
        assert bmt.get_inverse_predicate(non_canonical, formatted=True) == canonical


def test_every_edge_fits_domain_and_range(kgx_dir: Path, bmt: Toolkit) -> None:
    """0 violations: each predicate is canonical and each edge's subject/object categories fit it."""
    nodes = {row["id"]: row for row in _rows(kgx_dir / "nodes.tsv")}
    edges = _rows(kgx_dir / "edges.tsv")
    assert len(edges) > 700 and len(nodes) > 250
    for row in nodes.values():
        assert bmt.is_category(row["category"]) and not bmt.is_mixin(row["category"]), row["id"]
    violations = []
    for e in edges:
        subject, obj = nodes[e["subject"]]["category"], nodes[e["object"]]["category"]
        predicate = e["predicate"]
        if not (bmt.is_translator_canonical_predicate(predicate) and bmt.validate_edge(subject, predicate, obj)):
            violations.append((e["id"], subject, predicate, obj))
    assert violations == []
    # the check can fail: the old mapping of gj:indicates breaks the domain of biomarker_for
    assert not bmt.validate_edge("biolink:PhenotypicFeature", "biolink:biomarker_for", "biolink:Disease")


def test_part_of_is_written_in_the_canonical_direction(kgx_dir: Path) -> None:
    edge = next(e for e in _rows(kgx_dir / "edges.tsv") if e["id"] == "gjs:claudin_1--partOf--tight_junction")
    assert (edge["subject"], edge["predicate"], edge["original_predicate"]) == (
        "GO:0070160",
        "biolink:has_part",
        "gj:partOf",
    )
    assert edge["object"] in ("gj:claudin_1", "HGNC:2032", "UniProtKB:O95832")


def test_kgx_validate_offline_reports_no_error(kgx_dir: Path) -> None:
    run = _kgx("validate", "-i", "tsv", str(kgx_dir / "nodes.tsv"), str(kgx_dir / "edges.tsv"))
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stderr[run.stderr.index("{") : run.stderr.rindex("}") + 1])
    assert report == {}


def test_kgx_validate_catches_a_bad_category_and_predicate(kgx_dir: Path, tmp_path: Path) -> None:
    """The offline validator does validate: a made-up category and predicate are errors (exit 1)."""
    nodes = (kgx_dir / "nodes.tsv").read_text(encoding="utf-8").replace("biolink:ExposureEvent", "biolink:Nonsense")
    edges = (kgx_dir / "edges.tsv").read_text(encoding="utf-8").replace("biolink:produces", "biolink:not_a_predicate")
    (tmp_path / "nodes.tsv").write_text(nodes, encoding="utf-8")
    (tmp_path / "edges.tsv").write_text(edges, encoding="utf-8")
    run = _kgx("validate", "-i", "tsv", str(tmp_path / "nodes.tsv"), str(tmp_path / "edges.tsv"))
    assert run.returncode == 1
    assert "Category 'Nonsense' is unknown" in run.stderr and "'not_a_predicate' is not in Biolink" in run.stderr


def test_kgx_transform_to_rdf_keeps_every_iri(kgx_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "kg.nt"
    inputs = [str(kgx_dir / "nodes.tsv"), str(kgx_dir / "edges.tsv")]
    run = _kgx("transform", "-i", "tsv", "-f", "nt", "-o", str(out), *inputs)
    assert run.returncode == 0, run.stderr[-2000:]
    text = out.read_text(encoding="ascii")
    assert "example.org/UNKNOWN" not in text
    wanted = {GJ_NS + row["id"][3:] for row in _rows(kgx_dir / "nodes.tsv") if row["id"].startswith("gj:")}
    wanted |= {GJS_NS + row["id"][4:] for row in _rows(kgx_dir / "edges.tsv")}
    assert len(wanted) > 800
    assert {iri for iri in wanted if f"<{iri}>" not in text} == set()
    assert f"<{GJS_NS}claudin_1--partOf--tight_junction> <{GJ_NS}evidenceLevel> " in text
