"""Shared fixtures: the tiny hand-checkable KG, the shipped KB, a CLI runner, an isolated cache."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import gutjoint_kg as gj

from .support.data import MINI


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own cache directory, so no test sees another's compiled KB."""
    monkeypatch.setenv("GUTJOINT_KG_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="session")
def mini_kb() -> gj.KnowledgeBase:
    """The schema plus tests/data/mini.ttl (16 concepts, 18 statements)."""
    return gj.load([MINI], include_kb=False)


@pytest.fixture(scope="session")
def mini_graph(mini_kb: gj.KnowledgeBase):
    """NetworkX view of the mini KG."""
    return gj.to_networkx(mini_kb)


@pytest.fixture(scope="session")
def kb() -> gj.KnowledgeBase:
    """The shipped knowledge base (schema + ontology/kb/*.ttl)."""
    return gj.load()


@pytest.fixture(scope="session")
def kb_graph(kb: gj.KnowledgeBase):
    """NetworkX view of the shipped knowledge base."""
    return gj.to_networkx(kb)


@pytest.fixture()
def runner() -> CliRunner:
    """A click runner (stderr kept apart from stdout)."""
    return CliRunner()


@pytest.fixture()
def cli():
    """The click entry point."""
    from gutjoint_kg.cli import main

    return main
