"""Caches keyed by file contents, package version and code: the knowledge base's derived indices,
and a plain-data *view* that lets the CLI answer without rdflib.

CLI users feel every 100 ms: with a warm cache, ``show`` or ``paths`` never parse Turtle. The
indices hold rdflib terms, so reading them back imports rdflib (≈0.1–0.2 s). The view
(:class:`CachedView`) holds only strings and numbers: a name index, labels and precomputed
command data in one pickle, then the NetworkX graph of :func:`gutjoint_kg.to_networkx` in a
second one that is unpickled only when a command walks the graph. This module imports neither
rdflib nor NetworkX at the top."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import GutJointError, UnknownConceptError
from ..vocab import closest_names, lookup_name

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from .store import KnowledgeBase

FORMAT = 1  # bump when the pickled structure of the indices changes
VIEW_FORMAT = 1  # bump when the pickled structure of the view changes

#: What makes a view file unreadable or stale (a truncated file, a class that moved, …).
_BAD_PICKLE = (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, IndexError, TypeError, ValueError)


def cache_dir() -> Path:
    """``$GUTJOINT_KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/gutjoint-kg``, else ``~/.cache/gutjoint-kg``."""
    explicit = os.environ.get("GUTJOINT_KG_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gutjoint-kg"


def digest(files: Iterable[Path], store: str = "memory", code: Iterable[Path] = ()) -> str:
    """Content hash of the input files, the store kind, the package version and the code that derives
    the cached data (``store.py`` plus ``code``), so an edited module never reads a stale cache."""
    from .. import __version__

    h = hashlib.sha256(f"{FORMAT}|{__version__}|{store}".encode())
    h.update(Path(__file__).with_name("store.py").read_bytes())
    for source in code:
        h.update(source.name.encode())
        h.update(Path(source).read_bytes())
    for path in files:
        h.update(str(Path(path).name).encode())
        h.update(hashlib.sha256(Path(path).read_bytes()).digest())
    return h.hexdigest()[:32]


def key(kb: KnowledgeBase) -> str:
    """The cache key of ``kb``'s indices (see :func:`digest`), hashed once per KnowledgeBase."""
    if "_cache_key" not in kb.__dict__:
        kb.__dict__["_cache_key"] = digest(kb.files, kb.store)
    return kb.__dict__["_cache_key"]


def restore(kb: KnowledgeBase) -> bool:
    """Fill ``kb``'s indices from the cache; False when there is no valid entry."""
    from .store import KnowledgeBase

    path = cache_dir() / f"kb-{key(kb)}.pickle"
    try:
        with path.open("rb") as fh:
            payload = pickle.load(fh)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
        return False
    if not isinstance(payload, dict) or set(payload) != set(KnowledgeBase.CACHED):
        return False
    kb.__dict__.update(payload)
    return True


def save(kb: KnowledgeBase) -> Path | None:
    """Write ``kb``'s indices atomically; a cache that cannot be written is silently skipped."""
    from .store import KnowledgeBase

    payload = {name: getattr(kb, name) for name in KnowledgeBase.CACHED}
    return _write(f"kb-{key(kb)}.pickle", payload)


def _write(name: str, *payloads: object) -> Path | None:
    """Pickle ``payloads`` one after the other into ``cache_dir() / name`` atomically; a cache that
    cannot be written is skipped (None)."""
    from ..render.atomic import atomic_file

    target = cache_dir() / name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_file(target, force=True, mode="wb") as fh:
            for payload in payloads:
                pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
        return target
    except (OSError, GutJointError):
        return None


# --------------------------------------------------------------------------- the rdflib-free view
class CachedView:
    """A knowledge base's NetworkX view with the name index that :meth:`KnowledgeBase.resolve`
    searches (values are CURIEs), concept labels and precomputed command data (``extras``).

    It stands in for a :class:`~gutjoint_kg.store.KnowledgeBase` where a command needs only to
    resolve names and walk the graph: ``resolve`` finds the same concepts, as CURIEs, and raises the
    same :class:`UnknownConceptError` with the same suggestions. The graph is unpickled on first
    access, so ``info`` and ``show`` (which read only ``extras``) do not even import NetworkX.
    """

    imports = None  # views exist only for the in-memory store, never with imported graphs

    def __init__(self, names: dict[str, str], labels: dict[str, str], extras: dict[str, Any], graph: bytes):
        self.names, self.labels, self.extras = names, labels, extras
        self._graph = graph

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The graph of :func:`gutjoint_kg.to_networkx` (nodes keyed by CURIE)."""
        return pickle.loads(self._graph)

    def resolve(self, name: str) -> str:
        """The CURIE of a concept by CURIE, IRI, local name, label or synonym."""
        text = str(name).strip()
        found = lookup_name(self.names, text)
        if found is None:
            raise UnknownConceptError(text, self.suggest(text))
        return found

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """Labels of the concepts whose names are closest to ``text``."""
        return closest_names(self.names, text, self.labels.__getitem__, n)


def view_path(files: Iterable[Path], code: Iterable[Path] = ()) -> Path:
    """Where the view of the in-memory KB over ``files`` lives (``code``: modules that shape it)."""
    return cache_dir() / f"view-{VIEW_FORMAT}-{digest(files, 'memory', code)}.pickle"


def load_view(files: Iterable[Path], code: Iterable[Path] = ()) -> CachedView | None:
    """The cached view of the KB over ``files``, or None (no entry, an unreadable file, a missing input)."""
    try:
        with view_path(files, code).open("rb") as fh:
            head = pickle.load(fh)  # names, labels, extras: no NetworkX needed
            graph = fh.read()  # a second pickle, loaded when .graph is first used
        if not graph:
            return None
        return CachedView(head["names"], head["labels"], head["extras"], graph)
    except (*_BAD_PICKLE, KeyError):
        return None


def save_view(
    kb: KnowledgeBase, graph: nx.MultiDiGraph, extras: dict[str, Any], code: Iterable[Path] = ()
) -> Path | None:
    """Write the view of ``kb`` (its NetworkX ``graph`` and plain-data command ``extras``) atomically;
    skipped silently when the cache cannot be written. Names and labels are taken from ``kb``."""
    from ..vocab import curie

    head = {
        "names": {name: curie(iri) for name, iri in kb.name_index().items()},
        "labels": {c.curie: c.label for c in kb.concepts.values()},
        "extras": extras,
    }
    return _write(view_path(kb.files, code).name, head, graph)
