"""The dependency direction of the package holds: a module imports only modules of lower layers."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "gutjoint_kg"

#: Lower layers first; a module may import from its own layer or any layer before it.
LAYERS: list[set[str]] = [
    {"errors", "vocab", "render.style", "render.layout", "resources", "text"},
    {"render.atomic"},
    {"kb.store", "kb.compiled"},
    {"kb.graph", "kb.validate", "paths", "sparql", "external.importer"},
    {"kb.views", "external.scale", "sparql.remote"},
    {"render.explorer", "render.diagram", "render.export", "sparql.server"},
    {"cli"},
]


def _name(path: Path) -> str:
    """Dotted module name inside the package (``kb/store.py`` -> ``kb.store``; a package is its folder)."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> list[Path]:
    """Every library module outside the CLI (package ``__init__`` files of kb/, render/, external/ are empty)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = _name(path)
        if name and not name.startswith("cli") and name not in {"kb", "render", "external"}:
            found.append(path)
    return found


def _layer(module: str) -> int:
    for i, layer in enumerate(LAYERS):
        if module in layer:
            return i
    raise AssertionError(f"module {module!r} is in no layer of tests/test_architecture.py")


def _resolve(candidate: str) -> str | None:
    """The package module ``candidate`` names (a module, or the package it is an attribute of), if any."""
    while candidate:
        if (PACKAGE / f"{candidate.replace('.', '/')}.py").exists() or (
            PACKAGE / candidate.replace(".", "/") / "__init__.py"
        ).exists():
            return candidate if candidate not in {"kb", "render", "external"} else None
        candidate = candidate.rpartition(".")[0]
    return None


def _imports(path: Path) -> set[str]:
    """Package modules that ``path`` imports with relative imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    me = _name(path).split(".")
    package = me if path.name == "__init__.py" else me[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
            prefix = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                target = _resolve(f"{prefix}.{alias.name}" if prefix else alias.name) or _resolve(prefix)
                if target and target != "__version__":
                    found.add(target)
    return found - {""}


def test_every_module_is_placed() -> None:
    for path in _modules():
        _layer(_name(path))


def test_dependency_direction() -> None:
    problems = []
    for path in _modules():
        mine = _layer(_name(path))
        for dep in _imports(path):
            if dep.startswith("cli"):
                continue
            if _layer(dep) > mine:
                problems.append(f"{_name(path)} (layer {mine}) imports {dep} (layer {_layer(dep)})")
    assert not problems, problems


def test_library_never_imports_the_cli() -> None:
    for path in _modules():
        assert not any(dep.startswith("cli") for dep in _imports(path)), path.name
