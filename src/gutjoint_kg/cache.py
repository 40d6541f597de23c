"""A cache of the knowledge base's derived indices, keyed by file contents and package version.

CLI users feel every 100 ms: with a warm cache, ``show`` or ``paths`` never parse Turtle.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from .store import KnowledgeBase

FORMAT = 1  # bump when the pickled structure changes


def cache_dir() -> Path:
    """``$GUTJOINT_KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/gutjoint-kg``, else ``~/.cache/gutjoint-kg``."""
    explicit = os.environ.get("GUTJOINT_KG_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gutjoint-kg"


def key(kb: KnowledgeBase) -> str:
    """Content hash of every input file, the store kind, the package version and the code that
    derives the indices (so an edited ``store.py`` never reads a stale cache)."""
    from . import __version__, store

    h = hashlib.sha256(f"{FORMAT}|{__version__}|{kb.store}".encode())
    h.update(Path(store.__file__).read_bytes())
    for path in kb.files:
        h.update(str(path.name).encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:32]


def restore(kb: KnowledgeBase) -> bool:
    """Fill ``kb``'s indices from the cache; False when there is no valid entry."""
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
    directory = cache_dir()
    payload = {name: getattr(kb, name) for name in KnowledgeBase.CACHED}
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".kb-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
        target = directory / f"kb-{key(kb)}.pickle"
        os.replace(tmp, target)
        return target
    except OSError:
        return None
