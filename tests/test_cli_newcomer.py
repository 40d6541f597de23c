"""A CLI a newcomer cannot trip over, checked in fresh processes of the installed ``gutjoint-kg``
command (not through CliRunner): loose and ambiguous names, umbrella terms, ``viz --path`` with
one concept, ``serve`` without its extra, and the claim checker's errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMAND = Path(sys.executable).with_name("gutjoint-kg")


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    """The environment of a fresh process with its own cache directory."""
    return {**os.environ, "GUTJOINT_KG_CACHE_DIR": str(tmp_path / "cache")}


def gutjoint(env: dict[str, str], *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed command in a fresh process."""
    assert COMMAND.is_file(), f"the package is not installed with its console script ({COMMAND})"
    return subprocess.run([str(COMMAND), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


def test_an_ambiguous_name_lists_its_candidates_with_categories(env):
    res = gutjoint(env, "paths", "stress", "joint pain")
    assert res.returncode == 1 and res.stdout == ""
    (line,) = res.stderr.strip().splitlines()
    assert line.startswith("Error: 'stress' is ambiguous; it matches ")
    assert "chronic stress (Trigger, gj:chronic_stress)" in line and "Traceback" not in res.stderr


def test_suggestions_match_words_inside_labels_and_synonyms(env):
    res = gutjoint(env, "show", "stress levels")
    assert res.returncode == 1
    assert "did you mean" in res.stderr and "'chronic stress'" in res.stderr
    res = gutjoint(env, "show", "strss")  # a misspelt word still finds the concepts named with it
    assert res.returncode == 1 and "'chronic stress'" in res.stderr


def test_show_of_an_umbrella_term_shows_the_concepts_it_covers(env):
    res = gutjoint(env, "show", "intestinal permeability")
    assert res.returncode == 0, res.stderr
    assert "'intestinal permeability' is no concept's own name; it covers 2 concepts" in res.stderr
    assert "increased intestinal permeability  (gj:increased_intestinal_permeability" in res.stdout
    assert "healthy intestinal permeability  (gj:selective_permeability" in res.stdout
    res = gutjoint(env, "show", "intestinal permeability", "--format", "json")
    assert res.returncode == 1 and "is ambiguous" in res.stderr  # JSON needs one concept


def test_viz_path_with_one_concept_says_the_target_is_missing(env, tmp_path):
    res = gutjoint(env, "viz", "--path", "chronic stress", "-o", str(tmp_path / "y.html"))
    assert res.returncode == 2
    assert "--path takes two concepts, SOURCE and TARGET; got 'chronic stress' and then the option '-o'" in res.stderr
    assert "Missing option" not in res.stderr and not (tmp_path / "y.html").exists()
    res = gutjoint(env, "viz", "--path", "chronic stress", "nowhere land", "-o", str(tmp_path / "y.html"))
    assert res.returncode == 1 and "unknown concept 'nowhere land'" in res.stderr


def test_serve_without_the_server_extra_says_so_before_anything_else(env):
    code = (
        "import sys\n"
        "sys.modules['starlette'] = None\n"  # as if the [server] extra were not installed
        "sys.modules['uvicorn'] = None\n"
        "from gutjoint_kg.cli import main\n"
        "sys.argv = ['gutjoint-kg', 'serve']\n"
        "main()\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 1 and res.stdout == ""
    assert res.stderr.strip().splitlines() == [
        "Error: serve needs the server extra (starlette, uvicorn missing): pip install 'gutjoint-kg[server]'"
    ]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("check", "the sky is blue"), 2, "Error: no known verb in 'the sky is blue'"),
        (("check",), 2, "Error: give SOURCE TARGET, one quoted sentence"),
        (("check", "Moonlight worsens joint pain"), 2, "Error: no concept named 'moonlight'"),
        (("paths", "joint pain", "chronic stress"), 1, "Error: no causal chain from 'joint pain' to 'chronic stress'"),
    ],
)
def test_claim_checker_and_paths_errors_are_one_line(env, args, code, message):
    res = gutjoint(env, *args)
    assert res.returncode == code and res.stdout == ""
    assert res.stderr.strip().splitlines()[-1].startswith(message), res.stderr
    assert "Traceback" not in res.stderr
    if args[0] == "paths":
        assert "the arrows run the other way" in res.stderr and "(swap the two concepts)" in res.stderr


@pytest.mark.parametrize("command", ["paths", "check", "explain"])
def test_help_of_the_reasoning_commands(env, command):
    res = gutjoint(env, command, "--help")
    assert res.returncode == 0 and "Usage: gutjoint-kg " + command in res.stdout
