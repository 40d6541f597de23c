"""The import graph of the package: every module (``cli/`` included) sits in a layer and imports only
its own layer or lower ones, the library never imports the CLI, and there is no import cycle at all.

Every relative import counts, wherever it is written (module top, inside a function, under
``TYPE_CHECKING``). The package root ``gutjoint_kg/__init__.py`` is the public facade: it re-exports
lazily and is left out (``from .. import __version__`` is not an edge).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "gutjoint_kg"

#: Lower layers first; a module may import from its own layer or any layer before it.
LAYERS: list[set[str]] = [
    {
        "errors",
        "terms",
        "vocab",
        "resources",
        "text",
        "render.style",
        "render.layout",
        "kb",
        "render",
        "external",
        "sparql.worker",
    },
    {"sparql.guard"},
    {"inputs", "render.atomic"},
    {"kb.cache", "kb.inferred"},
    {"kb.store"},
    {"kb.graph", "kb.validate", "paths", "sparql", "external.importer"},
    {"kb.compiled", "kb.views", "claims", "external.scale", "sparql.remote", "sparql.protocol"},
    {"render.explorer", "render.diagram", "render.export", "sparql.server"},
    {"cli.common"},
    {"cli.serving"},
    {"cli.kb", "cli.reasoning", "cli.query", "cli.visual", "cli.exporting", "cli.importing"},
    {"cli"},
]


def _name(path: Path) -> str:
    """Dotted module name inside the package (``kb/store.py`` -> ``kb.store``; a package is its folder)."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, Path]:
    """Every module of the package but the root facade, by dotted name."""
    return {_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if _name(p)}


def _resolve(candidate: str) -> str | None:
    """The package module ``candidate`` names (a module, or the module it is an attribute of), if any."""
    while candidate:
        if candidate in _modules():
            return candidate
        candidate = candidate.rpartition(".")[0]
    return None


def _imports(path: Path) -> set[str]:
    """Package modules that ``path`` imports with relative imports."""
    me = _name(path).split(".")
    package = me if path.name == "__init__.py" else me[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            prefix = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                target = _resolve(f"{prefix}.{alias.name}" if prefix else alias.name) or _resolve(prefix)
                if target:
                    found.add(target)
    return found - {_name(path)}


def _graph() -> nx.DiGraph:
    G = nx.DiGraph()
    for name, path in _modules().items():
        G.add_node(name)
        G.add_edges_from((name, dep) for dep in _imports(path))
    return G


def _layer(module: str) -> int:
    for i, layer in enumerate(LAYERS):
        if module in layer:
            return i
    raise AssertionError(f"module {module!r} is in no layer of tests/test_architecture.py")


def test_every_module_is_placed_once() -> None:
    placed = [m for layer in LAYERS for m in layer]
    assert len(placed) == len(set(placed))
    assert set(placed) == set(_modules()), set(placed) ^ set(_modules())


def test_dependency_direction() -> None:
    problems = [
        f"{a} (layer {_layer(a)}) imports {b} (layer {_layer(b)})" for a, b in _graph().edges if _layer(b) > _layer(a)
    ]
    assert not problems, problems


def test_no_import_cycles() -> None:
    cycles = list(nx.simple_cycles(_graph()))
    assert not cycles, cycles


def test_library_never_imports_the_cli() -> None:
    for a, b in _graph().edges:
        assert a.startswith("cli") or not b.startswith("cli"), f"{a} imports {b}"


def test_the_checker_sees_imports_everywhere() -> None:
    """Function-level and TYPE_CHECKING imports are edges too (the store ↔ cache cycle hid there)."""
    G = _graph()
    assert G.has_edge("kb.compiled", "kb.store")  # under TYPE_CHECKING
    assert G.has_edge("cli.common", "kb.store")  # inside load_kb
    assert G.has_edge("sparql.server", "sparql")  # from .. import sparql
    assert G.has_edge("kb.store", "kb.cache")  # from . import cache
