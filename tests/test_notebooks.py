"""The notebooks: stored clean (no outputs), executed top to bottom without error, offline HTML.

Each notebook runs in a fresh ``python3`` kernel (ipykernel's own kernelspec, launched with this
interpreter) from a temporary copy, with ``TMPDIR`` and the KB cache pointed into the test's temp
directory, so nothing is written next to the notebooks or into the user's home.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import nbclient
import nbformat
import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
EXPECTED = {"01_causal_chains.ipynb", "02_sparql_for_researchers.ipynb", "03_cli_and_exports.ipynb"}
#: Notebooks that show an interactive explorer inline (so their HTML outputs must exist).
WITH_EXPLORER = {"01_causal_chains.ipynb", "03_cli_and_exports.ipynb"}
CELL_TIMEOUT = 120
URL = re.compile(r"https?://", re.IGNORECASE)


def _ids(path: Path) -> str:
    return path.stem


def _execute(source: Path, workdir: Path) -> tuple[object, Path]:
    """Run a copy of ``source`` in ``workdir``; the kernel's temp files go to ``workdir``/tmp."""
    nb_copy = workdir / "nb" / source.name
    nb_copy.parent.mkdir(parents=True)
    shutil.copy(source, nb_copy)
    tmp = workdir / "tmp"
    tmp.mkdir()
    nb = nbformat.read(nb_copy, as_version=4)
    with pytest.MonkeyPatch.context() as mp:
        # the kernel inherits this environment: `!gutjoint-kg` resolves to this interpreter's
        # script (as `jupyter lab` does for its own environment), temp files and cache stay here
        mp.setenv("PATH", str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
        mp.setenv("TMPDIR", str(tmp))
        mp.setenv("GUTJOINT_KG_CACHE_DIR", str(workdir / "cache"))
        client = nbclient.NotebookClient(
            nb,
            timeout=CELL_TIMEOUT,
            kernel_name="python3",
            resources={"metadata": {"path": str(nb_copy.parent)}},
        )
        client.execute()
    return nb, tmp


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory):
    """Execute each notebook at most once per module; returns ``run(path) -> (notebook, its temp dir)``."""
    done: dict[Path, tuple[object, Path]] = {}

    def run(path: Path) -> tuple[object, Path]:
        if path not in done:
            done[path] = _execute(path, tmp_path_factory.mktemp(path.stem))
        return done[path]

    return run


def _outputs(nb, mime: str) -> list[str]:
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if mime in data:
                value = data[mime]
                found.append("".join(value) if isinstance(value, list) else value)
    return found


# --------------------------------------------------------------------------- stored form
def test_the_three_notebooks_are_there() -> None:
    assert {p.name for p in NOTEBOOKS} == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_stored_without_outputs_or_execution_counts(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "a notebook without code cells"
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs or execution counts (clear them before committing)"
    assert all("execution" not in c.metadata for c in nb.cells), "cell execution timings are stored"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_opens_with_markdown_title_and_disclaimer(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    text = "\n".join(c.source for c in nb.cells)
    assert "not medical advice" in text or "DISCLAIMER" in text


# --------------------------------------------------------------------------- execution
@pytest.mark.notebook
def test_kernel_is_this_interpreter(tmp_path: Path) -> None:
    """nbclient finds a ``python3`` kernelspec and launches it with the interpreter running the tests."""
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(
        cells=[new_code_cell("import sys, gutjoint_kg\nprint(sys.executable)\nprint(gutjoint_kg.__file__)")]
    )
    nbclient.NotebookClient(
        nb, timeout=CELL_TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    executable, package = nb.cells[0].outputs[0]["text"].split()
    assert Path(executable).resolve() == Path(sys.executable).resolve()
    import gutjoint_kg

    assert Path(package).resolve() == Path(gutjoint_kg.__file__).resolve()


@pytest.mark.notebook
@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_runs_top_to_bottom(path: Path, executed) -> None:
    nb, tmp = executed(path)  # raises CellExecutionError on the first failing cell
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), "a code cell was not run"
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors
    # every `!gutjoint-kg` line ran the command (a missing program prints "not found")
    text = "".join(o.get("text", "") for c in code for o in c.outputs if o.output_type == "stream")
    assert "command not found" not in text and "No such file or directory" not in text
    # files written by the notebook stayed in its temp directory, none next to the notebook
    assert sorted(p.name for p in (tmp.parent / "nb").iterdir()) == [path.name]


@pytest.mark.notebook
@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_html_outputs_are_offline(path: Path, executed) -> None:
    nb, _ = executed(path)
    pages = _outputs(nb, "text/html")
    if path.name in WITH_EXPLORER:
        assert any("<iframe srcdoc=" in page for page in pages), "no inline explorer was rendered"
    for page in pages:
        assert not URL.findall(page), "an HTML output references the network"
        assert not re.search(r"<script[^>]+src=|<link[^>]+href=", page, re.IGNORECASE)
