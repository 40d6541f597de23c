"""The input boundary: every file the tool reads is size-checked and decoded here, and every failure
while reading or parsing it becomes one :class:`~gutjoint_kg.errors.GutJointError` naming the file
(and line). Dependency-free, so the loader, the importer and the CLI share it.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import DataParseError, GutJointError

#: Largest file read whole (``--data``, ``sparql -f``, the KB); bigger graphs go through ``import``.
MAX_FILE_BYTES = 256 << 20
#: Longest literal or IRI a parser accepts (Oxigraph's token buffer is 16 MiB).
MAX_TERM_CHARS = 1 << 20

#: What an IRI may not contain (RFC 3987, the Turtle/N-Triples IRIREF rule), and its scheme.
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`]')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def iri_problem(iri: str) -> str | None:
    """Why ``iri`` is not an absolute IRI Turtle would accept, or None when it is one.

    >>> iri_problem("http://ex.org/a b")
    "invalid IRI 'http://ex.org/a b': ' ' is not allowed"
    """
    bad = _BAD_IRI.search(iri)
    if bad:
        return f"invalid IRI {iri!r}: {bad.group()!r} is not allowed"
    if not _SCHEME.match(iri):
        return f"invalid IRI {iri!r}: no scheme (such as https:)"
    if len(iri) > MAX_TERM_CHARS:
        return f"IRI longer than the {MAX_TERM_CHARS:,}-character limit"
    return None


def line_of(data: bytes, needle: str) -> int | None:
    """The line (from 1) where ``needle`` first occurs in ``data``, if it does."""
    at = data.find(needle.encode("utf-8", "replace"))
    return None if at < 0 else data.count(b"\n", 0, at) + 1


def read_bytes(path: Path, what: str = "file") -> bytes:
    """The bytes of a text input, checked: a regular file, at most :data:`MAX_FILE_BYTES`, UTF-8, no NUL."""
    try:
        if not path.is_file():
            raise GutJointError(f"{path}: no such {what}")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise GutJointError(f"{path}: larger than the {MAX_FILE_BYTES >> 20} MiB limit of a {what}")
        data = path.read_bytes()
    except OSError as exc:
        raise GutJointError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    check_text(path, data)
    return data


def check_text(path: Path, data: bytes, first_line: int = 1) -> None:
    """Refuse ``data`` (from line ``first_line`` of ``path``) unless it is UTF-8 text without NUL bytes."""
    nul = data.find(b"\0")
    try:
        data[: nul if nul >= 0 else None].decode("utf-8")
    except UnicodeDecodeError as exc:
        line = first_line + data.count(b"\n", 0, exc.start)
        raise DataParseError(
            str(path), line, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); convert it to UTF-8"
        ) from None
    if nul >= 0:
        line = first_line + data.count(b"\n", 0, nul)
        raise DataParseError(str(path), line, "binary data (a NUL byte), not a text file")


def read_text(path: Path, what: str = "file") -> str:
    """A text input file as a string (see :func:`read_bytes`)."""
    return read_bytes(path, what).decode("utf-8")


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Turn resource failures while parsing ``path`` (memory, recursion, I/O) into one-line errors; the
    parsers' warnings about ill-typed literals are silenced (the loader reports them as errors)."""
    log = logging.getLogger("rdflib.term")
    level, log.level = log.level, logging.CRITICAL
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    except (MemoryError, RecursionError) as exc:
        limit = f"too large to parse (a literal or IRI holds at most {MAX_TERM_CHARS:,} characters)"
        raise GutJointError(f"{path}: {'too deeply nested' if isinstance(exc, RecursionError) else limit}") from None
    except OSError as exc:
        raise GutJointError(f"{path}: {exc.strerror or exc}") from exc
    finally:
        log.level = level
