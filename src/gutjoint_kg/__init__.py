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

from importlib.metadata import PackageNotFoundError, version

from .errors import DataParseError, GutJointError, NoPathError, UnknownConceptError, UsageError
from .graph import neighbourhood, to_networkx
from .store import Concept, KnowledgeBase, Statement, load
from .vocab import DISCLAIMER, curie, expand

try:
    __version__ = version("gutjoint-kg")
except PackageNotFoundError:  # running from a source checkout without installation
    __version__ = "0.0.0+unknown"

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
