"""The dependency direction of the package holds: a module imports only modules of lower layers."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "gutjoint_kg"

#: Lower layers first; a module may import from its own layer or any layer before it.
LAYERS: list[set[str]] = [
    {"errors", "vocab", "style", "resources", "text"},
    {"atomic"},
    {"store", "cache"},
    {"graph", "validate", "paths", "sparql", "importer"},
    {"views", "scale", "remote"},
    {"viz", "diagram", "export", "server", "headless"},
    {"cli"},
]


def _layer(module: str) -> int:
    for i, layer in enumerate(LAYERS):
        if module in layer:
            return i
    raise AssertionError(f"module {module!r} is in no layer of tests/test_architecture.py")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = node.module.split(".")[0] if node.module else None
            if node.level >= 2 or base is None:
                found |= {alias.name for alias in node.names} if base is None else {base}
            else:
                found.add(base)
    return {m for m in found if (PACKAGE / f"{m}.py").exists() or (PACKAGE / m).is_dir()}


def test_every_module_is_placed() -> None:
    for path in PACKAGE.glob("*.py"):
        if path.stem != "__init__":
            _layer(path.stem)


def test_dependency_direction() -> None:
    problems = []
    for path in sorted(PACKAGE.glob("*.py")):
        if path.stem == "__init__":
            continue
        mine = _layer(path.stem)
        for dep in _imports(path):
            if dep != "cli" and _layer(dep) > mine:
                problems.append(f"{path.stem} (layer {mine}) imports {dep} (layer {_layer(dep)})")
    assert not problems, problems


def test_library_never_imports_the_cli() -> None:
    for path in PACKAGE.glob("*.py"):
        assert "cli" not in _imports(path), path.name
