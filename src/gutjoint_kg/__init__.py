"""gutjoint-kg: an evidence-graded knowledge graph of the gut-joint axis.

The public API loads the curated RDF knowledge base and derives views from it::

    >>> import gutjoint_kg as gj
    >>> kb = gj.load()
    >>> G = gj.to_networkx(kb)
    >>> G.nodes["gj:tight_junction"]["category"]
    'BarrierComponent'

Importing this package loads neither rdflib nor NetworkX, the CLI (click), pyvis or any web
framework: ``load``, ``KnowledgeBase``, ``to_networkx`` … are imported on first access (PEP 562),
so the warm CLI fast path and ``import gutjoint_kg.paths`` stay free of rdflib.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import DataParseError, GutJointError, NoPathError, UnknownConceptError, UsageError
from .vocab import DISCLAIMER, curie, expand

if TYPE_CHECKING:  # pragma: no cover
    from .kb.graph import neighbourhood, to_networkx
    from .kb.store import Concept, KnowledgeBase, Statement, load

#: The package version (single source: hatch reads it from here; no importlib.metadata at start-up).
__version__ = "0.1.0"

#: public name -> the submodule that defines it (imported on first access)
_LAZY: dict[str, str] = {
    "Concept": "kb.store",
    "KnowledgeBase": "kb.store",
    "Statement": "kb.store",
    "load": "kb.store",
    "neighbourhood": "kb.graph",
    "to_networkx": "kb.graph",
}

__all__ = [
    "DISCLAIMER",
    "Concept",
    "DataParseError",
    "GutJointError",
    "KnowledgeBase",
    "NoPathError",
    "Statement",
    "UnknownConceptError",
    "UsageError",
    "__version__",
    "curie",
    "expand",
    "load",
    "neighbourhood",
    "to_networkx",
]


def __getattr__(name: str) -> Any:
    """Import the public names of :data:`_LAZY` and submodules (``gj.sparql``) on first access."""
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    if not name.startswith("_"):
        try:
            return importlib.import_module(f".{name}", __name__)
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
