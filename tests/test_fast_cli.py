"""The warm CLI fast path: commands answer from the cached, rdflib-free view exactly as the full path does.

Each comparison runs a command with ``--no-cache`` (Turtle parsed, full KnowledgeBase) and again
from a warm cache with the full loader disabled, so a fast path that silently fell back, or that
printed anything different, fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import gutjoint_kg as gj
from gutjoint_kg.kb import cache, compiled, store

from .support.fresh_interpreter import run_fresh

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "data" / "mini.ttl"

#: Every command with a fast path, in its main output formats, plus error cases (exit 1 and 2).
COMMANDS = [
    ("paths", "chronic stress", "joint pain"),
    ("paths", "chronic stress", "joint pain", "--format", "json", "--limit", "3"),
    ("paths", "excess sugar", "morning stiffness", "--format", "csv", "--min-evidence", "article"),
    ("paths", "chronic stres", "joint pian"),
    ("paths", "joint pain", "joint pain"),
    ("paths", "chronic stress", "joint pain", "--min-evidence", "bogus"),
    ("neighbors", "joint pain", "--direction", "up"),
    ("neighbors", "leaky gut", "--depth", "2", "--format", "json"),
    ("loops", "--through", "intestinal barrier dysfunction"),
    ("loops", "--kind", "reinforcing", "--format", "csv", "--limit", "5"),
    ("interventions", "chronic stress", "joint pain"),
    ("interventions", "chronic stress", "joint pain", "--format", "json"),
    ("decode", "morning stiffness", "pain flares after certain foods", "digestive symptoms"),
    ("decode", "morning stiffness", "bloating", "--format", "json"),
    ("explain", "antibiotics", "joint pain"),
    ("explain", "antibiotics", "joint pain", "--format", "json"),
    ("show", "leaky gut"),
    ("show", "tight junctions", "--format", "json"),
    ("show", "tight junktion"),
    ("info",),
    ("info", "--format", "json"),
]


@pytest.fixture(scope="module")
def warm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache directory filled (indices and view) by one ordinary ``info`` run."""
    directory = tmp_path_factory.mktemp("warm-cache")
    mp = pytest.MonkeyPatch()
    mp.setenv("GUTJOINT_KG_CACHE_DIR", str(directory))
    try:
        from gutjoint_kg.cli import main

        result = CliRunner().invoke(main, ["info"])
        assert result.exit_code == 0, result.output
    finally:
        mp.undo()
    return directory


@pytest.fixture()
def warm(warm_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point this test at the warm cache."""
    monkeypatch.setenv("GUTJOINT_KG_CACHE_DIR", str(warm_dir))
    return warm_dir


def _forbid_full_load(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the full knowledge base was loaded on the fast path")

    monkeypatch.setattr(store, "load", refuse)


def _modules_after(argv: list[str], cache_dir: Path) -> set[str]:
    """Top-level modules a fresh interpreter holds after running the CLI with ``argv``."""
    fresh = run_fresh(f"from gutjoint_kg.cli import main\nmain({argv!r}, standalone_mode=False)", cache_dir=cache_dir)
    assert fresh.stdout.strip()
    return fresh.modules


# --------------------------------------------------------------------------- same output both ways
@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a))
def test_warm_fast_path_prints_what_the_full_path_prints(
    runner: CliRunner, cli, warm: Path, monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...]
) -> None:
    full = runner.invoke(cli, ["--no-cache", *argv])
    _forbid_full_load(monkeypatch)
    fast = runner.invoke(cli, list(argv))
    assert fast.exception is None or isinstance(fast.exception, SystemExit), fast.exception
    assert (fast.exit_code, fast.stdout, fast.stderr) == (full.exit_code, full.stdout, full.stderr)
    assert full.stdout or full.stderr


def test_unknown_concept_on_the_fast_path_suggests_names(
    runner: CliRunner, cli, warm: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _forbid_full_load(monkeypatch)
    result = runner.invoke(cli, ["paths", "chronic stress", "joint pian"])
    assert result.exit_code == 1
    assert "Error: unknown concept 'joint pian'; did you mean 'joint pain'" in result.stderr


# --------------------------------------------------------------------------- what a warm run imports
@pytest.mark.parametrize(
    ("argv", "absent"),
    [
        (["paths", "chronic stress", "joint pain"], {"rdflib", "gutjoint_kg.kb.store", "gutjoint_kg.kb.graph"}),
        (["neighbors", "leaky gut"], {"rdflib", "gutjoint_kg.kb.store"}),
        (["show", "leaky gut"], {"rdflib", "networkx", "gutjoint_kg.kb.store"}),
        (["info"], {"rdflib", "networkx", "gutjoint_kg.kb.store"}),
    ],
)
def test_warm_run_imports_no_rdflib(warm: Path, argv: list[str], absent: set[str]) -> None:
    assert not _modules_after(argv, warm) & absent


def test_cold_run_fills_the_view_that_the_next_run_uses(tmp_path: Path) -> None:
    cold = _modules_after(["paths", "chronic stress", "joint pain"], tmp_path)
    assert "rdflib" in cold  # nothing cached yet: Turtle was parsed
    assert list(tmp_path.glob("view-*.pickle"))
    assert "rdflib" not in _modules_after(["paths", "chronic stress", "joint pain"], tmp_path)


def test_importing_the_package_or_paths_loads_no_rdflib() -> None:
    assert "rdflib" not in run_fresh("import gutjoint_kg, gutjoint_kg.paths").modules


def test_public_api_is_still_importable_from_the_package() -> None:
    from gutjoint_kg.kb import graph

    assert gj.load is store.load and gj.KnowledgeBase is store.KnowledgeBase and gj.Concept is store.Concept
    assert gj.to_networkx is graph.to_networkx and gj.neighbourhood is graph.neighbourhood
    assert gj.vocab.GJ.Concept == gj.expand("gj:Concept")
    assert set(gj.__all__) <= set(dir(gj))
    with pytest.raises(AttributeError):
        _ = gj.no_such_thing


# --------------------------------------------------------------------------- falling back to the full path
def test_relation_filter_is_answered_from_the_compiled_form(
    runner: CliRunner, cli, warm: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The compiled form holds the relation names, so --relation needs no full load any more."""
    argv = ["paths", "chronic stress", "joint pain", "--relation", "contributesTo", "--relation", "increases"]
    full = runner.invoke(cli, ["--no-cache", *argv])
    assert full.exit_code == 0, full.output
    _forbid_full_load(monkeypatch)
    fast = runner.invoke(cli, argv)
    assert fast.exit_code == 0, fast.output
    assert fast.stdout == full.stdout
    bad = runner.invoke(cli, [*argv[:3], "--relation", "bogus"])
    assert bad.exit_code == 2 and "unknown relation 'bogus'; valid: " in bad.output


def test_no_cache_never_reads_the_view(runner: CliRunner, cli, warm: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _forbid_full_load(monkeypatch)
    assert isinstance(runner.invoke(cli, ["--no-cache", "show", "leaky gut"]).exception, AssertionError)


def test_a_damaged_view_falls_back_and_is_not_trusted(
    runner: CliRunner, cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GUTJOINT_KG_CACHE_DIR", str(tmp_path))
    expected = runner.invoke(cli, ["show", "leaky gut"])  # cold: fills the cache
    (view,) = tmp_path.glob("view-*.pickle")
    view.write_bytes(view.read_bytes()[:100])
    again = runner.invoke(cli, ["show", "leaky gut"])
    assert (again.exit_code, again.stdout) == (0, expected.stdout)


def test_an_edited_data_file_is_never_served_stale(
    runner: CliRunner, cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GUTJOINT_KG_CACHE_DIR", str(tmp_path / "cache"))
    extra = tmp_path / "extra.ttl"
    prologue = MINI.read_text(encoding="utf-8").split("\n\n", 1)[0]
    concept = 'gj:c1 a gj:Trigger ; rdfs:label "{}" ; skos:definition "A concept for the cache test." .\n'
    extra.write_text(prologue + "\n" + concept.format("first label"), encoding="utf-8")
    assert "first label" in runner.invoke(cli, ["--data", str(extra), "show", "gj:c1"]).stdout
    warm = runner.invoke(cli, ["--data", str(extra), "show", "gj:c1"])
    assert "first label" in warm.stdout and len(list((tmp_path / "cache").glob("view-*"))) == 1
    extra.write_text(prologue + "\n" + concept.format("second label"), encoding="utf-8")
    assert "second label" in runner.invoke(cli, ["--data", str(extra), "show", "gj:c1"]).stdout


# --------------------------------------------------------------------------- the view itself
def _plain(value: object) -> bool:
    """True when ``value`` is built only of exact str/int/float/bool/None, lists, tuples and dicts."""
    if value is None or type(value) in (str, int, float, bool):
        return True
    if type(value) in (list, tuple):
        return all(_plain(v) for v in value)
    if type(value) is dict:
        return all(_plain(k) and _plain(v) for k, v in value.items())
    return False


def test_the_view_holds_only_plain_data(warm: Path) -> None:
    from gutjoint_kg import resources

    view = compiled.load(resources.shipped_files())
    assert view is not None
    G = view.graph
    assert G.number_of_nodes() > 100 and G.number_of_edges() > 200
    assert _plain(dict(G.graph)) and _plain(view.names) and _plain(view.labels) and _plain(view.extras)
    assert all(_plain(k) and _plain(d) for k, d in G.nodes(data=True))
    assert all(_plain((u, v, k)) and _plain(d) for u, v, k, d in G.edges(keys=True, data=True))


@pytest.fixture(scope="module")
def mini_view_dir(mini_kb, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache directory holding the view of the mini KG."""
    directory = tmp_path_factory.mktemp("mini-view")
    mp = pytest.MonkeyPatch()
    mp.setenv("GUTJOINT_KG_CACHE_DIR", str(directory))
    try:
        form = compiled.compile_kb(mini_kb, extras={"note": "extras round-trip"})
        assert compiled.save(form, mini_kb.files) is not None
    finally:
        mp.undo()
    return directory


@pytest.fixture()
def mini_view(mini_kb, mini_view_dir: Path, monkeypatch: pytest.MonkeyPatch) -> compiled.Compiled:
    """The mini KG's view, freshly read back."""
    monkeypatch.setenv("GUTJOINT_KG_CACHE_DIR", str(mini_view_dir))
    view = compiled.load(mini_kb.files)
    assert view is not None and view.extras == {"note": "extras round-trip"}
    return view


@pytest.mark.parametrize(
    "name",
    [
        "gj:tj",
        "tight junction",
        "Tight-Junctions",
        "leaky gut",
        "joint ache",
        "PAIN",
        "https://w3id.org/gutjoint-kg/tj",
    ],
)
def test_view_resolves_like_the_knowledge_base(mini_kb, mini_view: compiled.Compiled, name: str) -> None:
    assert mini_view.resolve(name) == gj.curie(mini_kb.resolve(name))


@pytest.mark.parametrize("name", ["tight junktion", "stifness", "zzzz", "inflamation"])
def test_view_suggests_like_the_knowledge_base(mini_kb, mini_view: compiled.Compiled, name: str) -> None:
    with pytest.raises(gj.UnknownConceptError) as from_kb:
        mini_kb.resolve(name)
    with pytest.raises(gj.UnknownConceptError) as from_view:
        mini_view.resolve(name)
    assert str(from_view.value) == str(from_kb.value)
    assert from_view.value.suggestions == from_kb.value.suggestions


def test_the_graph_is_unpickled_only_when_used(mini_kb, mini_view: compiled.Compiled) -> None:
    mini_view.resolve("leaky gut")
    assert "graph" not in mini_view.__dict__
    assert set(mini_view.graph) == {c.curie for c in mini_kb.concepts.values()}
    assert mini_view.graph.number_of_edges() == len(mini_kb.statements)


def test_a_view_of_other_files_is_not_found(mini_kb, mini_view_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUTJOINT_KG_CACHE_DIR", str(mini_view_dir))
    assert compiled.load([*mini_kb.files, MINI]) is None
    assert compiled.load([mini_kb.files[0], mini_kb.files[0].with_name("missing.ttl")]) is None
    monkeypatch.setattr(cache, "CODE", (*cache.CODE, MINI))  # other library code, other key
    assert compiled.load(mini_kb.files) is None
