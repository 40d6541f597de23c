"""Plain-text tables for terminals and notebooks (no pandas): one helper for the CLI and the tours."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str], max_width: int = 60) -> str:
    """A plain-text table with aligned columns; long cells are cut with an ellipsis.

    >>> print(table([{"a": 1, "b": ["x", "y"]}], ["a", "b"]))
    a  b
    -  ----
    1  x; y
    """
    cells = [[_cut(cell(r.get(c)), max_width) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines)


def cell(value: Any) -> str:
    """A value as table/CSV text: None is empty, sequences are joined with '; '."""
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return "; ".join(str(v) for v in value)
    return str(value)


def spreadsheet_safe(text: str) -> str:
    """A CSV/TSV cell that a spreadsheet will not run as a formula: text starting with ``=``, ``+``,
    ``-``, ``@``, a tab or CR gets a leading ``'`` (numbers such as ``-1`` are kept).

    >>> spreadsheet_safe("=1+1"), spreadsheet_safe("-1")
    ("'=1+1", '-1')
    """
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.fullmatch(text) else text


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
