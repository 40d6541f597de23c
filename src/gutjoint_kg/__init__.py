"""gutjoint-kg: an evidence-graded knowledge graph of the gut-joint axis.

The public API loads the curated RDF knowledge base and derives views from it::

    >>> import gutjoint_kg as gj
    >>> kb = gj.load()
    >>> G = gj.to_networkx(kb)
    >>> G.nodes["gj:tight_junction"]["category"]
    'BarrierComponent'

Importing this package loads neither the CLI (click) nor pyvis nor any web framework.
"""

from __future__ import annotations

from .errors import DataParseError, GutJointError, NoPathError, UnknownConceptError, UsageError
from .graph import neighbourhood, to_networkx
from .store import Concept, KnowledgeBase, Statement, load
from .vocab import DISCLAIMER, curie, expand

#: The package version (single source: hatch reads it from here; no importlib.metadata at start-up).
__version__ = "0.1.0"

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
