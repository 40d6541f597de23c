"""Packaging and import hygiene: the wheel ships the ontology; `import gutjoint_kg` stays light."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

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


@pytest.mark.slow
def test_wheel_contains_ontology(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("gutjoint_kg-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "gutjoint_kg/ontology/gutjoint.ttl" in names
    assert "gutjoint_kg/ontology/shapes.ttl" in names
    shipped = {p.name for p in (ROOT / "ontology" / "kb").glob("*.ttl")}
    assert {n.rsplit("/", 1)[-1] for n in names if n.startswith("gutjoint_kg/ontology/kb/")} == shipped
    assert any(n.startswith("gutjoint_kg/ontology/queries/") for n in names)
