"""The examples of README.md and docs/*.md run as written, so the docs and behaviour cannot drift apart.

Convention for the ``console`` and unlabelled ```` ``` ```` blocks (documented in README's "Tests" section):

- ``$ gutjoint-kg …`` lines are run (in a scratch directory, with the shipped KB); a trailing
  ``# comment`` and ``\\`` line continuations are shell syntax, as in a terminal;
- the lines up to the next ``$`` line are the expected output (stdout and stderr as a terminal shows
  them, trailing spaces ignored); ``…`` stands for any text, within a line or for whole lines; no
  lines means only the exit status (0, or non-zero when the output shown is an ``Error:`` line) is checked;
- a command that names a file an earlier command of its block wrote (``-o``) runs after that command, in one
  scratch directory;
- a block is illustrative, and not run, when a command is not ``gutjoint-kg`` (``pip``, ``curl``, ``echo``),
  holds an uppercase placeholder (``HOST``) or a shell operator (``|``, ``>``), or needs what the reader
  supplies: a running server (``serve``, ``push``, ``--endpoint``), files to import or an import store.

The README's test command is also the command ``.ci/run`` runs.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from .support.data import ROOT

README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
ELLIPSIS = "…"
#: Commands and options that need what a reader supplies (a server, files to import, an import store).
NEEDS_READER = re.compile(r"^(serve|push|import)$|^--endpoint$|^oxigraph:")
SHELL_OPERATORS = {"|", ">", ">>", "<", "&&", "||", ";"}


@dataclass(frozen=True)
class Example:
    """One ``$ gutjoint-kg`` command of a page's block and the output the page shows for it."""

    page: str
    line: int
    argv: tuple[str, ...]
    expected: tuple[str, ...]
    before: tuple[tuple[str, ...], ...] = ()  # earlier commands of the block that wrote a file this one names

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"


def console_blocks(text: str) -> list[tuple[int, list[str]]]:
    """(line number of the first line, lines) of every ```console and unlabelled ``` block."""
    blocks: list[tuple[int, list[str]]] = []
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        mark = line.strip()
        if fence is None and mark.startswith("```"):
            fence = mark[3:]
            blocks.append((number + 1, []))
        elif fence is not None and mark == "```":
            if fence not in ("", "console"):
                blocks.pop()  # a bash, turtle or sparql listing, not a terminal session
            fence = None
        elif fence is not None:
            blocks[-1][1].append(line)
    return blocks


def _illustrative(command: list[str]) -> bool:
    """Whether a command of a block makes the block illustrative (see the module docstring)."""
    return (
        command[:1] != ["gutjoint-kg"]
        or any(re.fullmatch(r"[A-Z_]{3,}", w) for w in command)
        or any(w in SHELL_OPERATORS or NEEDS_READER.search(w) for w in command)
    )


def examples(text: str, page: str = "README.md") -> tuple[list[Example], list[int]]:
    """The runnable examples and the first lines of the illustrative blocks of one page."""
    runnable, illustrative = [], []
    for start, lines in console_blocks(text):
        commands = [shlex.split(ln[2:].rstrip("\\"), comments=True) for ln in lines if ln.startswith("$ ")]
        if any(_illustrative(c) for c in commands):
            illustrative.append(start)
            continue
        i, writers = 0, {}
        while i < len(lines):
            if not lines[i].startswith("$ "):
                i += 1
                continue
            line_no, command = start + i, lines[i][2:]
            while command.endswith("\\"):
                i += 1
                command = command[:-1] + " " + lines[i].strip()
            i += 1
            output = []
            while i < len(lines) and not lines[i].startswith("$ "):
                output.append(lines[i].rstrip())
                i += 1
            argv = tuple(shlex.split(command, comments=True)[1:])
            before = tuple(dict.fromkeys(w for path, w in writers.items() if path in argv))
            runnable.append(Example(page, line_no, argv, tuple(output), before))
            for flag in ("-o", "--output"):
                if flag in argv[:-1]:
                    writers[argv[argv.index(flag) + 1]] = argv
    return runnable, illustrative


def matches(expected: list[str] | tuple[str, ...], actual: str) -> bool:
    """Whether ``actual`` (trailing spaces ignored) is ``expected`` with ``…`` matching any text."""
    got = "\n".join(line.rstrip() for line in actual.rstrip("\n").splitlines())
    pattern = ".*?".join(re.escape(part) for part in "\n".join(expected).split(ELLIPSIS))
    return re.fullmatch(pattern, got, re.DOTALL) is not None


def _all_examples() -> tuple[list[Example], dict[str, list[int]]]:
    runnable, illustrative = [], {}
    for path in PAGES:
        page = path.relative_to(ROOT).as_posix()
        found, illustrative[page] = examples(path.read_text(encoding="utf-8"), page)
        runnable += found
    return runnable, illustrative


RUNNABLE, ILLUSTRATIVE = _all_examples()


def test_the_readme_has_runnable_and_illustrative_examples() -> None:
    in_readme = [e for e in RUNNABLE if e.page == "README.md"]
    assert len(in_readme) >= 15 and ILLUSTRATIVE["README.md"], (len(in_readme), ILLUSTRATIVE)


def test_the_docs_pages_have_runnable_examples() -> None:
    pages = {e.page for e in RUNNABLE if e.page.startswith("docs/")}
    assert len([e for e in RUNNABLE if e.page in pages]) >= 20 and len(pages) >= 4, sorted(pages)


def test_a_command_runs_after_the_one_that_wrote_its_file() -> None:
    session = ["$ gutjoint-kg export ttl -o a.ttl", "$ gutjoint-kg viz -o b.html", "$ gutjoint-kg export ttl -o a.ttl"]
    text = "```console\n" + "\n".join(session) + "\n```\n"
    found, _ = examples(text, "t.md")
    assert [e.before for e in found] == [(), (), (("export", "ttl", "-o", "a.ttl"),)]


def test_blocks_are_read_as_documented() -> None:
    text = "```console\n$ gutjoint-kg info\nout\n```\n```bash\n$ gutjoint-kg x\n```\n```\n$ gutjoint-kg serve\n```\n"
    found, illustrative = examples(text, "t.md")
    assert [(e.line, e.argv, e.expected) for e in found] == [(2, ("info",), ("out",))] and illustrative == [9]


#: Each distinct command runs once; every page that shows it is checked against that one run.
SESSIONS: dict[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]], list[Example]] = {}
for _example in RUNNABLE:
    SESSIONS.setdefault((_example.argv, _example.before), []).append(_example)
SHOWN = list(SESSIONS.values())


@pytest.mark.parametrize("shown", SHOWN, ids=[" ".join(e.id for e in group) for group in SHOWN])
def test_readme_example(shown: list[Example], cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # -o files land in a scratch directory
    for argv in shown[0].before:  # the file(s) an earlier command of the block wrote
        CliRunner().invoke(cli, list(argv))
    result = CliRunner().invoke(cli, list(shown[0].argv))
    for example in shown:
        errors = bool(example.expected) and example.expected[0].startswith("Error:")
        assert (result.exit_code != 0) if errors else (result.exit_code == 0), (example.id, result.output)
        if example.expected:
            assert matches(example.expected, result.output), (
                f"{example.id}: the page shows\n"
                + "\n".join(example.expected)
                + f"\n\nbut the command prints\n{result.output}"
            )


def test_the_matcher_is_strict() -> None:
    assert matches(["a", "…", "d"], "a\nb\nc\nd\n")
    assert matches(["x  y …"], "x  y z w")
    assert not matches(["a", "d"], "a\nb\nd")
    assert not matches(["a …"], "b a c")


def test_readme_test_command_is_the_ci_command() -> None:
    """The README names the exact test command; .ci/run runs that command."""
    named = re.findall(r"test command\s+`([^`]+)`", README.read_text(encoding="utf-8"))
    assert named, "README.md must name its test command as: test command `...`"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for command in named:
        assert command in ci, f"the README's test command {command!r} is not a line of .ci/run"
