"""The on-disk cache: a directory, keys hashed from file contents and code, atomic pickle files.
It holds a :class:`~gutjoint_kg.kb.store.KnowledgeBase`'s derived indices (:func:`restore`/:func:`save`) and the
compiled form of :mod:`gutjoint_kg.kb.compiled`; keys hash inputs, store kind, version and the deriving modules, so an
edited module never reads a stale entry. No rdflib or store import (the store imports it): the warm CLI stays light."""

from __future__ import annotations

import hashlib
import io
import logging
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from ..errors import GutJointError

FORMAT = 3  # bump when the pickled structure of the indices or the compiled form changes

#: The library modules whose code shapes the cached data (and the inferred graph an import store
#: copies beside the KB, whose digest is this key): editing one invalidates the cache.
CODE: tuple[Path, ...] = tuple(
    Path(__file__).with_name(name) for name in ("store.py", "graph.py", "compiled.py", "inferred.py")
)

#: What makes a cache file unreadable or stale (a truncated file, a class that moved, …).
BAD_PICKLE = (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, IndexError, TypeError, ValueError)


class Indexed(Protocol):
    """What :func:`restore`/:func:`save` need of a knowledge base (the store's ``KnowledgeBase``)."""

    CACHED: tuple[str, ...]
    files: list[Path]
    store: str


def cache_dir() -> Path:
    """``$GUTJOINT_KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/gutjoint-kg``, else ``~/.cache/gutjoint-kg``."""
    explicit = os.environ.get("GUTJOINT_KG_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gutjoint-kg"


def digest(files: Iterable[Path], store: str = "memory", code: Iterable[Path] | None = None) -> str:
    """Content hash of the input ``files``, the store kind, the package version and ``code``
    (default: :data:`CODE`)."""
    from .. import __version__

    h = hashlib.sha256(f"{FORMAT}|{__version__}|{store}".encode())
    for source in CODE if code is None else code:
        h.update(source.name.encode())
        h.update(Path(source).read_bytes())
    for path in files:
        h.update(str(Path(path).name).encode())
        h.update(hashlib.sha256(Path(path).read_bytes()).digest())
    return h.hexdigest()[:32]


def key(kb: Indexed) -> str:
    """The cache key of ``kb``'s indices (see :func:`digest`), hashed once per knowledge base."""
    state = vars(kb)
    if "_cache_key" not in state:
        state["_cache_key"] = digest(kb.files, kb.store)
    return str(state["_cache_key"])


def restore(kb: Indexed) -> bool:
    """Fill ``kb``'s indices (``kb.CACHED``) from the cache; False when there is no valid entry."""
    try:
        fh = read(cache_dir() / f"kb-{key(kb)}.pickle")
        payload = pickle.load(fh) if fh is not None else None
    except BAD_PICKLE:
        return False
    if not isinstance(payload, dict) or set(payload) != set(kb.CACHED):
        return False
    vars(kb).update(payload)
    return True


def save(kb: Indexed) -> Path | None:
    """Write ``kb``'s indices atomically; a cache that cannot be written is silently skipped."""
    return write(f"kb-{key(kb)}.pickle", {name: getattr(kb, name) for name in kb.CACHED})


def read(path: Path) -> io.BytesIO | None:
    """The pickles of a cache file whose SHA-256 matches, or None: a corrupt file is reported once (a
    warning), then deleted, so the caller rebuilds it."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data[32:]).digest() == data[:32]:
        return io.BytesIO(data[32:])
    logging.getLogger("gutjoint_kg").warning("warning: the cache file %s was corrupt; rebuilding it", path)
    path.unlink(missing_ok=True)
    return None


def write(name: str, *payloads: object) -> Path | None:
    """Pickle ``payloads`` one after the other into ``cache_dir() / name`` atomically, after their
    SHA-256 (checked by :func:`read`); a cache that cannot be written is skipped (None)."""
    from ..render.atomic import write_atomic

    target = cache_dir() / name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        blob = b"".join(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL) for payload in payloads)
        write_atomic(target, hashlib.sha256(blob).digest() + blob, force=True)
        return target
    except (OSError, GutJointError):
        return None
