"""Hostile input through the installed ``gutjoint-kg`` in a fresh process (issue 18): each case gets
one-line error, its exit code, no traceback, and files that were there before stay byte-identical.
Kill tests SIGKILL ``export --all`` and ``import`` mid-write and check the previous output survives."""

from __future__ import annotations

import hashlib
import os
import pty
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

COMMAND = Path(sys.executable).with_name("gutjoint-kg")
HEAD = "@prefix gj: <https://w3id.org/gutjoint-kg/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol1 "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(2, 10))
    + ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
    '<rdf:Description rdf:about="http://ex.org/x"><rdfs:label>&lol9;</rdfs:label></rdf:Description>\n</rdf:RDF>\n'
)


#: The kill tests compare whole outputs byte for byte, and every export is byte-reproducible, so no
#: run here pins the hash seed (each process gets its own, as a user's would).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONHASHSEED"}


def run(*args: str, cwd: Path, cache: Path, timeout: float = 120, **kw: object) -> subprocess.CompletedProcess[str]:
    env = {**ENV, "GUTJOINT_KG_CACHE_DIR": str(cache)}
    return subprocess.run(
        [str(COMMAND), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout, **kw
    )  # type: ignore[call-overload, no-any-return]


def snapshot(root: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every regular file under ``root`` (hidden leftovers included)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def put(name: str, content: str | bytes) -> Callable[[Path], None]:
    def make(tmp: Path) -> None:
        (tmp / name).write_bytes(content.encode() if isinstance(content, str) else content)

    return make


def fifo(tmp: Path) -> None:
    os.mkfifo(tmp / "pipe")


#: (id, fixture maker, arguments, exit code, words of the one-line error)
CASES: list[tuple[str, Callable[[Path], None], list[str], int, str]] = [
    (
        "iri-space",
        put("a.ttl", HEAD + "<http://ex.org/a b> gj:note 'x' .\n"),
        ["--data", "a.ttl", "info"],
        1,
        "a.ttl:3: invalid IRI",
    ),
    (
        "iri-quote-braces",
        put("a.ttl", HEAD + '<http://ex.org/"{}> gj:note "x" .\n'),
        ["--data", "a.ttl", "info"],
        1,
        "a.ttl:3: invalid IRI",
    ),
    (
        "iri-in-export",
        put("a.ttl", HEAD + "<http://ex.org/a b> gj:note 'x' .\n"),
        ["--data", "a.ttl", "export", "nt", "-o", "out.nt"],
        1,
        "invalid IRI",
    ),
    (
        "polarity-abc",
        put("a.ttl", HEAD + 'gj:x gj:polarity "abc" .\n'),
        ["--data", "a.ttl", "info"],
        1,
        "a.ttl:3: gj:polarity of gj:x must be 1, -1 or 0",
    ),
    (
        "polarity-2",
        put("a.ttl", HEAD + "gj:x gj:polarity 2 .\n"),
        ["--data", "a.ttl", "paths", "a", "b"],
        1,
        "gj:polarity of gj:x must be 1, -1 or 0",
    ),
    (
        "rank-high",
        put("a.ttl", HEAD + 'gj:x gj:rank "high" .\n'),
        ["--data", "a.ttl", "info"],
        1,
        "gj:rank of gj:x must be an integer",
    ),
    (
        "level-without-rank",
        put("a.ttl", HEAD + 'gj:x a gj:EvidenceGrade ; <http://www.w3.org/2000/01/rdf-schema#label> "x" .\n'),
        ["--data", "a.ttl", "info"],
        1,
        "gj:rank of gj:x must be an integer, not nothing",
    ),
    (
        "causal-maybe",
        put("a.ttl", HEAD + 'gj:increases gj:causal "maybe"^^xsd:boolean .\n'),
        ["--data", "a.ttl", "info"],
        1,
        "gj:causal of gj:increases must be true or false",
    ),
    (
        "causal-plain-maybe",
        put("a.ttl", HEAD + 'gj:increases gj:causal "maybe" .\n'),
        ["--data", "a.ttl", "info"],
        1,
        "gj:causal of gj:increases must be true or false",
    ),
    (
        "literal-2mb",
        put("a.ttl", HEAD + 'gj:x gj:note "' + "a" * (2 << 20) + '" .\n'),
        ["--data", "a.ttl", "info"],
        1,
        "literal longer than 1,048,576 characters",
    ),
    (
        "literal-20mb",
        put("a.ttl", HEAD + 'gj:x gj:note "' + "a" * (20 << 20) + '" .\n'),
        ["--data", "a.ttl", "info"],
        1,
        "too large to parse",
    ),
    (
        "latin1-turtle",
        put("a.ttl", (HEAD + 'gj:x gj:note "caf\xe9" .\n').encode("latin-1")),
        ["--data", "a.ttl", "info"],
        1,
        "a.ttl:3: not UTF-8 text",
    ),
    ("binary-turtle", put("a.ttl", bytes(range(256)) * 8), ["--data", "a.ttl", "info"], 1, "a.ttl:1: binary data"),
    ("syntax-error", put("a.ttl", HEAD + "gj:x gj:note .\n"), ["--data", "a.ttl", "info"], 1, "a.ttl:3"),
    ("billion-laughs", put("a.rdf", LAUGHS), ["--data", "a.rdf", "info"], 1, "a.rdf:3: XML entity declarations"),
    (
        "jsonld-remote-context",
        put("a.jsonld", '{"@context": "http://example.org/c.jsonld", "@id": "http://ex.org/a"}'),
        ["--data", "a.jsonld", "info"],
        1,
        "remote JSON-LD context 'http://example.org/c.jsonld' is not fetched",
    ),
    (
        "jsonld-remote-import",
        put("a.jsonld", '{"@context": {"@import": "http://example.org/c"}, "@id": "http://e/a"}'),
        ["--data", "a.jsonld", "info"],
        1,
        "remote JSON-LD context 'http://example.org/c' is not fetched",
    ),
    ("jsonld-broken", put("a.jsonld", '{"@id": '), ["--data", "a.jsonld", "info"], 1, "a.jsonld:1"),
    ("unknown-suffix", put("a.xyz", "x"), ["--data", "a.xyz", "info"], 2, "unknown RDF file type"),
    (
        "sparql-latin1",
        put("q.rq", 'SELECT * { ?s ?p "caf\xe9" }'.encode("latin-1")),
        ["sparql", "-f", "q.rq"],
        1,
        "q.rq:1: not UTF-8 text",
    ),
    ("sparql-missing", lambda tmp: None, ["sparql", "-f", "nope.rq"], 1, "nope.rq: no such query file"),
    (
        "import-latin1-csv",
        put("a.csv", "subject,predicate,object\nMONDO:1,RO:2,caf\xe9:1\n".encode("latin-1")),
        ["import", "a.csv", "--into", "store"],
        1,
        "a.csv:2: not UTF-8 text",
    ),
    (
        "import-binary-csv",
        put("a.csv", bytes(range(256)) * 4),
        ["import", "a.csv", "--into", "store"],
        1,
        "a.csv:1: binary data",
    ),
    (
        "import-latin1-kgx",
        put("a.tsv", "id\tname\nMONDO:1\tcaf\xe9\n".encode("latin-1")),
        ["import", "a.tsv", "--into", "store"],
        1,
        "a.tsv:2: not UTF-8 text",
    ),
    (
        "import-injection",
        put("a.csv", 'subject,predicate,object\n"http://a/x> <http://a/p> <http://a/o> .\n<http://e/s",RO:1,M:2\n'),
        ["import", "a.csv", "--into", "store"],
        1,
        "a.csv:2: CSV row: invalid IRI",
    ),
    (
        "import-kgx-bad-category",
        put("a.tsv", "id\tcategory\nMONDO:1\tbiolink:X|bad cat:1\n"),
        ["import", "a.tsv", "--into", "store"],
        1,
        "a.tsv:2: KGX row: invalid IRI",
    ),
    (
        "import-huge-field",
        put("a.csv", "subject,predicate,object\nM:1,R:1," + "x" * 200_000 + "\n"),
        ["import", "a.csv", "--into", "store"],
        1,
        "a.csv:2: CSV: field larger than field limit",
    ),
    (
        "import-latin1-nt",
        put("a.nt", "<http://a/caf\xe9> <http://a/p> <http://a/o> .\n".encode("latin-1")),
        ["import", "a.nt", "--into", "store"],
        1,
        "a.nt:1: N-Triples syntax error",
    ),
    ("import-list-missing", lambda tmp: None, ["import", "--list", "--into", "nostore"], 1, "no such import store"),
    (
        "export-dev-null",
        lambda tmp: None,
        ["export", "ttl", "-o", "/dev/null", "--force"],
        1,
        "/dev/null is not a regular file",
    ),
    (
        "sparql-dev-null",
        lambda tmp: None,
        ["sparql", "ASK {}", "-o", "/dev/null", "--force"],
        1,
        "/dev/null is not a regular file",
    ),
    ("viz-fifo", fifo, ["viz", "-o", "pipe", "--force"], 1, "pipe is not a regular file"),
    (
        "diagram-fifo",
        fifo,
        ["diagram", "tight junction", "joint pain", "-o", "pipe", "--force"],
        1,
        "pipe is not a regular file",
    ),
    ("export-exists", put("out.ttl", "old"), ["export", "ttl", "-o", "out.ttl"], 1, "out.ttl already exists"),
    ("sparql-exists", put("out.csv", "old"), ["sparql", "ASK {}", "-o", "out.csv"], 1, "out.csv already exists"),
    ("viz-exists", put("out.html", "old"), ["viz", "-o", "out.html"], 1, "out.html already exists"),
    ("timeout-nan", lambda tmp: None, ["sparql", "--timeout", "nan", "ASK {}"], 2, "'nan' is not a finite number"),
    ("timeout-inf", lambda tmp: None, ["sparql", "--timeout", "inf", "ASK {}"], 2, "'inf' is not a finite number"),
    ("serve-timeout-nan", lambda tmp: None, ["serve", "--timeout", "nan"], 2, "'nan' is not a finite number"),
]


@pytest.mark.parametrize(("make", "args", "code", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_input_is_one_line_and_clobbers_nothing(
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    make: Callable[[Path], None],
    args: list[str],
    code: int,
    words: str,
) -> None:
    (tmp_path / "keep.txt").write_bytes(b"precious\n")
    make(tmp_path)
    before = snapshot(tmp_path)
    res = run(*args, cwd=tmp_path, cache=tmp_path_factory.mktemp("cache"))
    errors = [line for line in res.stderr.splitlines() if line.startswith("Error:")]
    assert res.returncode == code, res.stderr
    assert "Traceback" not in res.stderr + res.stdout and len(errors) == 1, res.stderr
    assert words in errors[0], errors[0]
    assert code != 1 or res.stderr.strip() == errors[0]  # exit 1: the one line is all there is
    after = snapshot(tmp_path)
    assert {k: v for k, v in after.items() if not k.startswith(("store/", "nostore/"))} == before
    assert Path("/dev/null").is_char_device()


def test_a_corrupt_cache_is_reported_once_and_rebuilt(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert run("info", cwd=tmp_path, cache=cache).returncode == 0
    for pickle in cache.glob("*.pickle"):
        data = pickle.read_bytes()
        pickle.write_bytes(data[: len(data) // 2] + b"garbage" + data[len(data) // 2 :])
    first = run("paths", "tight junction", "joint pain", cwd=tmp_path, cache=cache)
    again = run("paths", "tight junction", "joint pain", cwd=tmp_path, cache=cache)
    clean = run("--no-cache", "paths", "tight junction", "joint pain", cwd=tmp_path, cache=tmp_path / "other")
    assert first.returncode == again.returncode == 0 and first.stdout == again.stdout == clean.stdout
    assert first.stderr.count("was corrupt; rebuilding it") >= 1 and "Traceback" not in first.stderr
    assert "corrupt" not in again.stderr


def test_csv_exports_neutralise_formulas(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_text(
        HEAD + "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'gj:evil a gj:Trigger ; rdfs:label "=HYPERLINK(\\"http://x\\")" ;\n'
        '  <http://www.w3.org/2004/02/skos/core#definition> "@SUM(1)" .\n'
    )
    res = run("--data", "a.ttl", "export", "csv", "-o", "out", cwd=tmp_path, cache=tmp_path / "cache")
    assert res.returncode == 0, res.stderr
    nodes = (tmp_path / "out" / "nodes.csv").read_text()
    assert "'=HYPERLINK" in nodes and "'@SUM(1)" in nodes and "\n=" not in nodes and ",=" not in nodes
    edges = (tmp_path / "out" / "edges.csv").read_text()
    assert ",-1," in edges  # numbers are not touched
    listed = run("--data", "a.ttl", "concepts", "--format", "csv", cwd=tmp_path, cache=tmp_path / "cache")
    assert "'=HYPERLINK" in listed.stdout and ",=" not in listed.stdout


def test_terminal_output_strips_foreign_control_sequences(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_text(
        HEAD + "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'gj:evil a gj:Trigger ; rdfs:label "Evil\\u001b]0;pwned\\u0007 one\\u001b]52;c;ZXZpbA==\\u001b\\\\" ;\n'
        '  <http://www.w3.org/2004/02/skos/core#definition> "clears\\u001b[2J the screen" .\n'
    )
    master, slave = pty.openpty()
    env = {**os.environ, "GUTJOINT_KG_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen(
        [str(COMMAND), "--data", "a.ttl", "show", "gj:evil"], stdout=slave, stderr=slave, cwd=tmp_path, env=env
    )
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    assert proc.wait(timeout=120) == 0
    os.close(master)
    text = out.decode()
    assert "Evil one" in text and "clears the screen" in text
    assert "\x1b]" not in text and "\x1b[2J" not in text
    assert "\x1b[1m" in text  # the tool's own bold label is kept


def test_a_failing_write_leaves_the_old_output(tmp_path: Path) -> None:
    """A write that fails midway (the file-size limit stands in for a full disk) rolls back."""
    (tmp_path / "out.ttl").write_text("old\n")

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 << 10, 64 << 10))

    res = run("export", "ttl", "-o", "out.ttl", "--force", cwd=tmp_path, cache=tmp_path / "c", preexec_fn=small_files)
    assert res.returncode == 1 and res.stderr.startswith("Error: cannot write out.ttl: File too large"), res.stderr
    assert (tmp_path / "out.ttl").read_text() == "old\n" and sorted(os.listdir(tmp_path)) == ["c", "out.ttl"]


def _kill_after(args: list[str], cwd: Path, cache: Path, seconds: float) -> None:
    env = {**ENV, "GUTJOINT_KG_CACHE_DIR": str(cache)}
    proc = subprocess.Popen(
        [str(COMMAND), *args], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(seconds)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


@pytest.mark.slow
def test_killed_export_all_keeps_the_previous_output(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    work = tmp_path / "work"
    work.mkdir()
    assert run("export", "--all", "-o", "out", cwd=work, cache=cache).returncode == 0
    (work / "out" / "marker").write_text("the previous output\n")
    old = snapshot(work / "out")
    start = time.perf_counter()
    assert run("export", "--all", "-o", "fresh", cwd=work, cache=cache).returncode == 0
    took = time.perf_counter() - start
    for fraction in (0.2, 0.5, 0.8, 0.95):
        _kill_after(["export", "--all", "-o", "out", "--force"], work, cache, took * fraction)
        # the next write to out first finishes or undoes the killed one; without --force it then refuses
        again = run("export", "--all", "-o", "out", cwd=work, cache=cache)
        assert "already exists" in again.stderr, again.stderr
        now = snapshot(work / "out")
        fresh = snapshot(work / "fresh")
        assert {k: v for k, v in old.items() if k != "marker"} == fresh, "export --all is not reproducible"
        assert now == old or (now == fresh and "marker" not in now), fraction
        assert sorted(os.listdir(work)) == ["fresh", "out"], os.listdir(work)  # no .out.* leftovers
        if now != old:
            (work / "out" / "marker").write_text("the previous output\n")
            old = snapshot(work / "out")


@pytest.mark.slow
def test_killed_import_keeps_the_store(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (tmp_path / "a.csv").write_text("subject,predicate,object\nMONDO:0005265,RO:0002410,HP:0002829\n")
    assert run("import", "a.csv", "--into", "store", cwd=tmp_path, cache=cache).returncode == 0
    listed = run("import", "--list", "--into", "store", cwd=tmp_path, cache=cache).stdout
    with (tmp_path / "big.nt").open("w") as fh:
        for i in range(600_000):
            fh.write(f"<http://ex.org/s{i}> <http://ex.org/p> <http://ex.org/o{i % 977}> .\n")
    for seconds in (1.0, 2.5):
        _kill_after(["import", "big.nt", "--into", "store"], tmp_path, cache, seconds)
        after = run("import", "--list", "--into", "store", cwd=tmp_path, cache=cache)
        assert after.returncode == 0 and "Traceback" not in after.stderr, after.stderr
        rows = [line.split()[0] for line in after.stdout.splitlines()[2:-1]]
        assert "a.csv" in rows and (rows == ["a.csv"] or "big.nt" in rows), after.stdout
        assert listed.splitlines()[2].split()[:3] == after.stdout.splitlines()[2].split()[:3]
        query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/gutjoint-kg/import/curated> { ?s ?p ?o } }"
        counted = run("sparql", "--store", "oxigraph:store", query, "--format", "csv", cwd=tmp_path, cache=cache)
        assert counted.returncode == 0 and int(counted.stdout.split()[1]) > 10_000, counted.stderr


def test_shacl_flags_ill_typed_schema_values() -> None:
    """The loader refuses these values in files; SHACL flags them too in a graph built in code."""
    from rdflib import XSD, Literal

    import gutjoint_kg as gj
    from gutjoint_kg import resources
    from gutjoint_kg.kb.validate import shacl_findings
    from gutjoint_kg.terms import GJ

    g = gj.load().graph
    level = GJ.Established
    for subject, predicate, value in (
        (GJ.increases, GJ.causal, Literal("maybe", datatype=XSD.boolean)),
        (GJ.decreases, GJ.polarity, Literal("abc")),
        (level, GJ.rank, Literal("high")),
    ):
        g.remove((subject, predicate, None))
        g.add((subject, predicate, value))
    rules = {(f.node, f.rule) for f in shacl_findings(g, resources.shapes_file())}
    expected = ("gj:increases", "RelationShape gj:causal"), ("gj:decreases", "RelationShape gj:polarity")
    assert {*expected, ("gj:Established", "EvidenceLevelShape gj:rank")} <= rules


def test_a_failing_import_is_one_line_and_imports_nothing(tmp_path: Path) -> None:
    """A bulk load that cannot write (the file-size limit stands in for a full disk) rolls back."""
    cache = tmp_path / "cache"
    (tmp_path / "a.csv").write_text("subject,predicate,object\nMONDO:0005265,RO:0002410,HP:0002829\n")
    assert run("import", "a.csv", "--into", "store", cwd=tmp_path, cache=cache).returncode == 0
    with (tmp_path / "big.nt").open("w") as fh:
        fh.writelines(f"<http://ex.org/s{i}> <http://ex.org/p> <http://ex.org/o{i}> .\n" for i in range(300_000))

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2 << 20, 2 << 20))

    res = run("import", "big.nt", "--into", "store", cwd=tmp_path, cache=cache, preexec_fn=small_files)
    assert res.returncode == 1 and res.stderr.startswith("Error: big.nt: cannot import:"), res.stderr
    assert "nothing was imported" in res.stderr and len(res.stderr.splitlines()) == 1
    listed = run("import", "--list", "--into", "store", cwd=tmp_path, cache=cache).stdout.splitlines()
    assert [line.split()[0] for line in listed[2:-1]] == ["a.csv"]
