"""Import hygiene: `import gutjoint_kg` and `--help` stay light (the wheel itself: test_installed.py)."""

from __future__ import annotations

from pathlib import Path

from .support.fresh_interpreter import run_fresh

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("click", "pyvis", "pyshacl", "pyoxigraph", "oxrdflib", "starlette", "uvicorn", "jinja2")


def _loaded_after(code: str) -> set[str]:
    return {m.split(".")[0] for m in run_fresh(code).modules}


def test_import_is_light() -> None:
    loaded = _loaded_after("import gutjoint_kg")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_cli_help_loads_no_engine() -> None:
    loaded = _loaded_after(
        "from click.testing import CliRunner\nfrom gutjoint_kg.cli import main\nCliRunner().invoke(main, ['--help'])"
    )
    assert not loaded & {"pyvis", "pyshacl", "pyoxigraph", "oxrdflib", "starlette", "uvicorn"}
