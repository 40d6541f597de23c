"""Quality control: SHACL shapes (pyshacl) plus SPARQL ``*-violation`` checks, as a list of findings.

Findings are collected, not raised, so a curator sees every problem in one run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.query import ResultRow
from rdflib.term import Node

from .. import resources
from ..vocab import curie
from .store import KnowledgeBase, parse_file

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: the offending node, the rule that caught it, and a message for people."""

    node: str
    rule: str
    message: str
    severity: str = "Violation"


def validate(
    kb: KnowledgeBase,
    *,
    shapes: Path | None = None,
    checks: Iterable[Path] | None = None,
) -> list[Finding]:
    """Run the SHACL shapes and every check query over ``kb``; an empty list means clean."""
    findings = shacl_findings(kb.graph, shapes or resources.shapes_file())
    for query in resources.check_queries() if checks is None else checks:
        findings += check_findings(kb.graph, query)
    return sorted(set(findings))


def shacl_findings(data: Graph, shapes_path: Path) -> list[Finding]:
    """Validate ``data`` against a SHACL file with pyshacl and turn each result into a Finding."""
    from pyshacl import validate as shacl_validate  # heavy import: only when validating

    shapes = Graph()
    parse_file(shapes, shapes_path)
    conforms, report, _ = shacl_validate(data, shacl_graph=shapes, inference="none", advanced=True)
    if conforms:
        return []
    out = []
    for result in report.subjects(SH.resultSeverity, None):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        shape = report.value(result, SH.sourceShape)
        if shape is not None and _is_bnode(shape):  # a property shape: name the node shape holding it
            shape = shapes.value(predicate=SH.property, object=shape) or shape
        shape_name = curie(shape).rsplit("/", 1)[-1] if shape is not None and not _is_bnode(shape) else "shape"
        rule = shape_name + (f" {curie(path)}" if path is not None and not _is_bnode(path) else "")
        severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        message = str(report.value(result, SH.resultMessage) or "SHACL constraint not met")
        value = report.value(result, SH.value)
        if value is not None and not _is_bnode(value):
            message += f" (value: {curie(value)})"
        out.append(Finding(curie(focus) if focus is not None else "?", rule, message, severity))
    return out


def check_findings(data: Graph, query_path: Path) -> list[Finding]:
    """Run one ``*-violation.rq`` query; every row (``?node``, ``?message``) is a finding."""
    rule = query_path.stem
    out = []
    for row in data.query(query_path.read_text(encoding="utf-8")):
        assert isinstance(row, ResultRow), "a *-violation.rq query is a SELECT"
        node = row.get("node")
        message = row.get("message")
        out.append(Finding(curie(str(node)) if node is not None else "?", rule, str(message or rule)))
    return out


def _is_bnode(node: Node) -> bool:
    from rdflib import BNode

    return isinstance(node, BNode)
