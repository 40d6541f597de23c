"""The package as a user installs it: a wheel built from this checkout, installed into a fresh venv
(no network: ``--no-index --no-deps``; the dependencies come from this environment through a
``.pth`` file), then every command run in fresh processes from outside the checkout."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from gutjoint_kg.cli import COMMANDS

from .support.data import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of this checkout (``python -m build``, no isolation: the build backend is installed)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("gutjoint_kg-*.whl"))


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the wheel; this environment's site-packages (the dependencies, and
    the checkout's editable hook, which a .pth line does not run) follow its own on ``sys.path``."""
    home = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(home)], check=True)
    python = home / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-index", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    own = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(own) / "_parent_env.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    return home


def _run(venv: Path, *args: str, cwd: Path, cache: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``args[0]`` from the venv's ``bin`` in a fresh process (own cache directory, no PYTHONPATH)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["GUTJOINT_KG_CACHE_DIR"] = str((cache or cwd) / ".cache")
    return subprocess.run(
        [str(venv / "bin" / args[0]), *args[1:]], capture_output=True, text=True, cwd=cwd, env=env, timeout=300
    )


def test_wheel_contains_ontology_and_no_test_helper(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "gutjoint_kg/ontology/gutjoint.ttl" in names
    assert "gutjoint_kg/ontology/shapes.ttl" in names
    shipped = {p.name for p in (ROOT / "ontology" / "kb").glob("*.ttl")}
    assert {n.rsplit("/", 1)[-1] for n in names if n.startswith("gutjoint_kg/ontology/kb/")} == shipped
    assert any(n.startswith("gutjoint_kg/ontology/queries/") for n in names)
    assert {"gutjoint_kg/templates/explorer.js", "gutjoint_kg/kb/store.py", "gutjoint_kg/py.typed"} <= names
    assert not any("headless" in n or n.startswith("tests/") for n in names)


def test_the_installed_package_is_the_wheel(venv: Path, tmp_path: Path) -> None:
    found = _run(venv, "python", "-c", "import gutjoint_kg; print(gutjoint_kg.__file__)", cwd=tmp_path)
    assert found.returncode == 0, found.stderr
    assert Path(found.stdout.strip()).is_relative_to(venv), found.stdout


def test_bare_command_lists_the_commands(venv: Path, tmp_path: Path) -> None:
    bare = _run(venv, "gutjoint-kg", cwd=tmp_path)
    assert bare.returncode == 2 and "Traceback" not in bare.stderr, bare.stderr
    assert all(name in bare.stdout + bare.stderr for name in COMMANDS)


@pytest.mark.parametrize("command", [None, *sorted(COMMANDS)])
def test_help_of_every_command(venv: Path, tmp_path: Path, command: str | None) -> None:
    shown = _run(venv, "gutjoint-kg", *([command] if command else []), "--help", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("Usage: gutjoint-kg" + (f" {command}" if command else ""))


def test_the_readme_main_job(venv: Path, tmp_path: Path) -> None:
    """README set-up command 1, after the install: the explorer of the whole graph."""
    made = _run(venv, "gutjoint-kg", "viz", "-o", "explorer.html", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    page = (tmp_path / "explorer.html").read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html") and "gj:tight_junction" in page


def test_docstring_examples_pass_on_the_installed_wheel(venv: Path, tmp_path: Path) -> None:
    ran = _run(
        venv,
        "python",
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        str(ROOT / "tests" / "test_doctests.py"),
        cwd=ROOT,
        cache=tmp_path,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert " passed" in ran.stdout
