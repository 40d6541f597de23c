"""The standard-vocabulary queries of docs/sparql.md (RO, Biolink, PROV, gj:Concept) answer,
alike, on rdflib, Oxigraph and the HTTP server (issue 19)."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from gutjoint_kg import sparql
from gutjoint_kg.kb.store import load
from tests.test_server import _serving

DOC = Path(__file__).resolve().parents[1] / "docs" / "sparql.md"


def _queries() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("### Standard vocabulary", 1)[1].split("\n### ", 1)[0]
    return re.findall(r"```sparql\n(.*?)```", section, re.S)


QUERIES = _queries()


def test_the_section_has_the_four_queries() -> None:
    assert len(QUERIES) == 4
    assert any("obo:RO_0002410" in q for q in QUERIES) and any("prov:" in q for q in QUERIES)


@pytest.fixture(scope="module")
def counts() -> dict[str, list[int]]:
    """Rows of each documented query on rdflib and on Oxigraph."""
    return {store: [len(sparql.run(load(store=store), q).rows) for q in QUERIES] for store in ("memory", "oxigraph")}


def test_every_query_answers_and_the_engines_agree(counts: dict[str, list[int]]) -> None:
    assert all(n > 0 for n in counts["memory"]), counts
    assert counts["memory"] == counts["oxigraph"]
    assert counts["memory"][0] == len(load().concepts)  # every concept is reached through its category


@pytest.mark.server
def test_the_server_answers_them_too(tmp_path: Path, counts: dict[str, list[int]]) -> None:
    with _serving(tmp_path / "serve.log") as base:
        rows = []
        for q in QUERIES:
            r = httpx.post(
                base + "/sparql",
                data={"query": q},
                headers={"Accept": "application/sparql-results+json"},
                trust_env=False,
                timeout=60,
            )
            assert r.status_code == 200, r.text
            rows.append(len(r.json()["results"]["bindings"]))
    assert rows == counts["memory"]
