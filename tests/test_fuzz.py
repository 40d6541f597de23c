"""Property tests of the input boundary: random bytes and Turtle-ish text either load or raise the
project's own error (never a traceback of rdflib, pyoxigraph or the standard library); imported
cells and output filters keep their promises for any text. Deterministic (derandomised) and fast."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from gutjoint_kg.cli.common import _CONTROLS
from gutjoint_kg.errors import GutJointError
from gutjoint_kg.external.importer import curie_to_iri
from gutjoint_kg.inputs import iri_problem
from gutjoint_kg.kb.store import parse_file
from gutjoint_kg.text import spreadsheet_safe

FAST = settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

#: Pieces of Turtle, good and bad, that random sequences are built from.
TOKENS = [
    "@prefix gj: <https://w3id.org/gutjoint-kg/> .\n",
    "@prefix : <http://ex.org/> .\n",
    "gj:x",
    "gj:y",
    ":a",
    "<http://ex.org/a b>",
    '<http://ex.org/"{}>',
    "<rel>",
    "gj:polarity",
    "gj:rank",
    "gj:causal",
    "gj:note",
    "a",
    "gj:EvidenceGrade",
    '"abc"',
    '"maybe"^^<http://www.w3.org/2001/XMLSchema#boolean>',
    "1",
    "-1",
    "2",
    "true",
    '"x"@EN',
    '"x"^^xsd:string',
    "[",
    "]",
    "(",
    ")",
    ";",
    ",",
    ".",
    "\n",
    " ",
    '"""',
    "\\u0000",
    "\x1b]0;t\x07",
    "_:b",
    "@base <http://ex.org/> .",
    "\u00e9",
    "#",
    "{",
    "}",
]


def _parse(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            parse_file(Graph(), path)
        except GutJointError as exc:
            assert "\n" not in str(exc) and str(exc).startswith(str(path))


@FAST
@given(st.binary(max_size=400), st.sampled_from([".ttl", ".nt", ".jsonld", ".rdf", ".trig", ".nq", ".n3"]))
def test_random_bytes_load_or_raise_our_error(data: bytes, suffix: str) -> None:
    _parse(data, suffix)


@FAST
@given(st.lists(st.sampled_from(TOKENS), max_size=40))
def test_turtle_ish_text_loads_or_raises_our_error(tokens: list[str]) -> None:
    _parse(" ".join(tokens).encode("utf-8", "surrogatepass"), ".ttl")


@FAST
@given(st.text(max_size=60))
def test_an_import_cell_is_a_valid_iri_or_refused(text: str) -> None:
    try:
        iri = curie_to_iri(text)
    except ValueError:
        return
    assert iri_problem(iri) is None and not any(c in iri for c in ' <>"\n')


@FAST
@given(st.text(max_size=30))
def test_no_cell_starts_a_formula(text: str) -> None:
    safe = spreadsheet_safe(text)
    assert safe == text or safe == "'" + text
    if safe[:1] in ("=", "+", "-", "@", "\t", "\r"):
        float(safe)  # only numbers keep a leading sign


@FAST
@given(st.text(alphabet=st.sampled_from(["\x1b", "[", "]", "0", ";", "m", "J", "\x07", "\\", "P", "x", "\x9b", "\n"])))
def test_terminal_filter_leaves_only_styling(text: str) -> None:
    out = _CONTROLS.sub(lambda m: m[1] or "", text)
    rest = _CONTROLS.sub("", out)  # what is left once the kept SGR sequences go too
    assert "\x1b" not in rest and "\x9b" not in rest and "\x07" not in rest
