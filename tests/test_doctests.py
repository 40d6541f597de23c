"""The docstring examples of every module, run against the package as imported (a checkout's
``src/`` in development, the installed wheel in ``test_installed.py``), never against file paths."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import gutjoint_kg

MODULES = sorted(m.name for m in pkgutil.walk_packages(gutjoint_kg.__path__, "gutjoint_kg."))


def _run(name: str) -> tuple[doctest.TestResults, str]:
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    for test in doctest.DocTestFinder().find(module, name):
        runner.run(test, out=report.append)
    return runner.summarize(verbose=False), "".join(report)


def test_every_package_module_is_found() -> None:
    assert {"gutjoint_kg.kb.store", "gutjoint_kg.sparql", "gutjoint_kg.cli.common", "gutjoint_kg.paths"} <= set(MODULES)


@pytest.mark.parametrize("name", ["gutjoint_kg", *MODULES])
def test_docstring_examples(name: str) -> None:
    results, report = _run(name)
    assert results.failed == 0, report


def test_the_package_has_docstring_examples() -> None:
    attempted = sum(_run(name)[0].attempted for name in ["gutjoint_kg", *MODULES])
    assert attempted >= 20, attempted
