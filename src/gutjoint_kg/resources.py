"""The only module that knows where the shipped Turtle, SHACL and SPARQL files live."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any


def ontology_dir() -> Path:
    """Directory of the shipped ontology: inside the installed wheel, else the source checkout."""
    packaged = Path(str(resources.files("gutjoint_kg") / "ontology"))
    if (packaged / "gutjoint.ttl").is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "ontology"
    if (checkout / "gutjoint.ttl").is_file():
        return checkout
    raise FileNotFoundError(f"gutjoint-kg ontology files not found in {packaged} or {checkout}")


def schema_file() -> Path:
    """The schema: categories, relations, evidence scale."""
    return ontology_dir() / "gutjoint.ttl"


def kb_files() -> list[Path]:
    """The curated knowledge base files, one theme each, in a stable order."""
    return sorted((ontology_dir() / "kb").glob("*.ttl"))


def shapes_file() -> Path:
    """SHACL shapes every concept and statement must satisfy."""
    return ontology_dir() / "shapes.ttl"


def check_queries() -> list[Path]:
    """SPARQL quality checks (``checks/*-violation.rq``): each must return no rows."""
    return sorted((ontology_dir() / "checks").glob("*-violation.rq"))


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of a JSON export format (``cyjs``, ``nodelink``), shipped as ``schemas/<name>.schema.json``."""
    return dict(json.loads((ontology_dir() / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")))


def query_dir() -> Path:
    """Directory of the named SPARQL queries for researchers."""
    return ontology_dir() / "queries"


def shipped_files() -> list[Path]:
    """Schema plus knowledge base: what :func:`gutjoint_kg.store.load` reads by default."""
    return [schema_file(), *kb_files()]
