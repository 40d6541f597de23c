"""The reasoning commands (paths, neighbors, loops, interventions, decode, explain) through click.

Most tests run on the mini KG (tests/data/mini.ttl) by replacing the command module's KB loader,
so outputs can be checked by hand; a few run on the shipped KB end to end.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import gutjoint_kg as gj
from gutjoint_kg import DISCLAIMER
from gutjoint_kg.cli import reasoning
from gutjoint_kg.kb.compiled import compile_kb

MINI = Path(__file__).parent / "data" / "mini.ttl"
CLAIMS = Path(__file__).parent / "data" / "claims.ttl"


@pytest.fixture()
def mini_cli(monkeypatch: pytest.MonkeyPatch):
    """The CLI with the mini KG (plus any --data files) in place of the shipped KB."""

    def mini(extra_data=(), store="memory"):
        return compile_kb(gj.load([MINI, *extra_data], include_kb=False))

    monkeypatch.setattr(reasoning, "load_compiled", mini)
    from gutjoint_kg.cli import main

    return main


def run(runner, cli, *args: str):
    return runner.invoke(cli, list(args))


# --------------------------------------------------------------------------- paths
def test_paths_text(runner, mini_cli):
    result = run(runner, mini_cli, "paths", "chronic stress", "joint ache", "--include-claims")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Chains from stress to pain (mechanism layer and the article's claims; lowest" in out
    assert "1. stress → dysbiosis → permeability → inflammation → pain" in out
    assert "2. stress → permeability → inflammation → pain" in out
    assert "net effect: increases · weakest link: animal · 4 step(s) · cost 1.99" in out
    assert "net effect: increases · weakest link: article · 3 step(s) · cost 3.18" in out
    assert "inflammation —causes→ pain  [established: mini]" in out


def test_paths_use_the_mechanism_layer_by_default(runner, mini_cli):
    result = run(runner, mini_cli, "paths", "chronic stress", "joint ache")
    assert result.exit_code == 0, result.output
    assert "Chains from stress to pain (mechanism layer; lowest evidence-weighted cost first)" in result.output
    assert "1. stress → dysbiosis" in result.output and "2." not in result.output


def test_paths_rank_a_three_step_established_chain_above_a_one_step_claim(runner, mini_cli):
    args = ("paths", "overwork", "elbow ache", "--data", str(CLAIMS), "--format", "json")
    data = json.loads(run(runner, mini_cli, *args).output)
    assert [len(c["edges"]) for c in data["chains"]] == [3]
    data = json.loads(run(runner, mini_cli, *args, "--include-claims").output)
    assert [len(c["edges"]) for c in data["chains"]] == [3, 1]
    assert data["chains"][0]["cost"] < data["chains"][1]["cost"]
    assert [e["claim"] for e in data["chains"][1]["edges"]] == [True]


@pytest.mark.parametrize(
    ("args", "routes"),
    [
        (("--via", "dysbiosis"), [5]),
        (("--avoid", "dysbiosis"), [4]),
        (("--via", "leaky gut", "--avoid", "dysbiosis"), [4]),
        (("--avoid", "tight junction", "--avoid", "barrier damage"), [5, 4]),
    ],
)
def test_paths_via_and_avoid(runner, mini_cli, args, routes):
    result = run(runner, mini_cli, "paths", "stress", "pain", "--include-claims", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    assert [len(c["nodes"]) for c in json.loads(result.output)["chains"]] == routes


def test_paths_json_schema(runner, mini_cli):
    result = run(runner, mini_cli, "paths", "gj:tj", "pain", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["source"] == {"curie": "gj:tj", "label": "tight junction"}
    (chain,) = data["chains"]
    assert [n["curie"] for n in chain["nodes"]] == ["gj:tj", "gj:permeability", "gj:inflammation", "gj:pain"]
    assert (chain["net_effect"], chain["net_polarity"], chain["weakest_evidence"]) == ("decreases", -1, "human")
    assert set(chain["edges"][0]) == {
        "source",
        "target",
        "relation",
        "relation_label",
        "polarity",
        "evidence",
        "sources",
        "note",
        "cost",
        "chain_end",
        "claim",
    }


def test_paths_csv_one_row_per_step(runner, mini_cli):
    result = run(runner, mini_cli, "paths", "stress", "pain", "--format", "csv", "--include-claims")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["chain"], r["step"]) for r in rows] == [("1", str(i)) for i in range(1, 5)] + [
        ("2", str(i)) for i in range(1, 4)
    ]
    assert (
        rows[0]["source"] == "gj:stress" and rows[0]["evidence"] == "human" and rows[4]["weakest_evidence"] == "article"
    )


@pytest.mark.parametrize(
    ("args", "chains"),
    [
        (("--limit", "1"), 1),
        (("--max-length", "3"), 1),
        (("--min-evidence", "animal"), 1),
        (("--relation", "causes", "--relation", "increases"), 2),
    ],
)
def test_paths_options(runner, mini_cli, args, chains):
    result = run(runner, mini_cli, "paths", "stress", "pain", "--format", "json", "--include-claims", *args)
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["chains"]) == chains


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("paths", "strss", "pain"), 1, "Error: unknown concept 'strss'; did you mean 'stress'"),
        (("paths", "stress", "chronic stress"), 1, "Error: source and target are the same concept"),
        (("paths", "pain", "stress"), 1, "the arrows run the other way: 'stress' leads to 'pain' in 4 step(s)"),
        (("paths", "sugar", "pain"), 1, "only the article's claims connect them (add --include-claims"),
        (
            ("paths", "sugar", "pain", "--max-length", "2", "--include-claims"),
            1,
            "the shortest has 4 steps (raise --max-length)",
        ),
        (("paths", "barrier support", "bloating"), 1, "'barrier support' has no outgoing causal statements"),
        (("paths", "stress", "pain", "--via", "tight junction"), 1, "through 'tight junction'; chains exist"),
        (("paths", "stress", "pain", "--via", "pain"), 2, "'pain' is an end of the chain"),
        (("paths", "stress", "pain", "--avoid", "nowhere land"), 1, "unknown concept 'nowhere land'"),
        (("paths", "ache", "stress", "--data", str(CLAIMS)), 1, "'ache' is ambiguous; it matches"),
        (("check",), 2, "give SOURCE TARGET, one quoted sentence"),
        (("check", "a", "b", "c"), 2, "give SOURCE TARGET, one quoted sentence"),
        (("check", "--article", "stress"), 2, "--article checks every claim"),
        (("check", "the sky is blue"), 2, "no known verb in 'the sky is blue'"),
        (("check", "stress does not worsen pain"), 2, "cannot check a negated claim"),
        (("check", "moonlight worsens pain"), 2, "no concept named 'moonlight' (the subject of the claim)"),
        (("check", "stress", "moonlight"), 1, "unknown concept 'moonlight'"),
        (("paths", "stress", "pain", "--min-evidence", "strong"), 2, "'established', 'human', 'animal'"),
        (("paths", "stress", "pain", "--relation", "nope"), 2, "unknown relation 'nope'; valid: activates"),
        (("paths", "stress", "pain", "--max-length", "0"), 2, "Invalid value for '--max-length'"),
        (("paths", "stress", "pain", "--format", "xml"), 2, "Invalid value for '--format'"),
        (("explain", "pain", "stress"), 1, "the arrows run the other way"),
        (("interventions", "stress", "stress"), 1, "same concept"),
        (("neighbors", "stress", "--direction", "sideways"), 2, "Invalid value for '--direction'"),
        (("loops", "--through", "nothing here"), 1, "unknown concept 'nothing here'"),
        (("decode",), 2, "Missing argument"),
        (("decode", "pain", "bogus sign"), 1, "unknown concept 'bogus sign'"),
    ],
)
def test_bad_input_one_line_and_exit_code(runner, mini_cli, args, code, message):
    result = run(runner, mini_cli, *args)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    if code == 1:
        assert len(result.output.strip().splitlines()) == 1


# --------------------------------------------------------------------------- neighbors
def test_neighbors_text_both_directions(runner, mini_cli):
    result = run(runner, mini_cli, "neighbors", "permeability", "--include-claims")
    assert result.exit_code == 0, result.output
    assert "Upstream of permeability (what feeds into it): 5 concept(s) within 1 step(s)" in result.output
    assert "Downstream of permeability: 1 concept(s) within 1 step(s)" in result.output
    assert "tight junction → permeability" in result.output


def test_neighbors_json_and_csv(runner, mini_cli):
    args = ("neighbors", "stress", "--depth", "2", "--direction", "down", "--format", "json", "--include-claims")
    result = run(runner, mini_cli, *args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["concept"]["curie"] == "gj:stress" and data["direction"] == "down"
    assert {(n["curie"], n["distance"]) for n in data["neighbors"]} == {
        ("gj:permeability", 1),
        ("gj:dysbiosis", 1),
        ("gj:inflammation", 2),
        ("gj:bloating", 2),
    }
    result = run(runner, mini_cli, "neighbors", "stress", "--direction", "up", "--format", "csv", "--include-claims")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["curie"], r["net_effect"]) for r in rows] == [("gj:sleep_support", "decreases")]


# --------------------------------------------------------------------------- loops
def test_loops_text(runner, mini_cli):
    result = run(runner, mini_cli, "loops")
    assert result.exit_code == 0, result.output
    assert "2 feedback loop(s) of at most 6 steps; showing 2" in result.output
    assert "1. [balancing] inflammation → resolution → inflammation" in result.output
    assert "2. [reinforcing] barrier damage → permeability → inflammation → barrier damage" in result.output


@pytest.mark.parametrize(("kind", "expected"), [("reinforcing", ["reinforcing"]), ("balancing", ["balancing"])])
def test_loops_kind_filter_json(runner, mini_cli, kind, expected):
    result = run(runner, mini_cli, "loops", "--kind", kind, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [lp["kind"] for lp in data["loops"]] == expected and data["total"] == 1


def test_loops_through_csv(runner, mini_cli):
    result = run(runner, mini_cli, "loops", "--through", "leaky gut", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["source"] for r in rows] == ["gj:permeability", "gj:inflammation", "gj:barrier_damage"]
    assert {r["kind"] for r in rows} == {"reinforcing"}


# --------------------------------------------------------------------------- interventions
def test_interventions_text(runner, mini_cli):
    result = run(runner, mini_cli, "interventions", "stress", "pain", "--include-claims")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "2 chain(s) from stress to pain:" in out
    assert "sleep support — interrupts 2/2: 1, 2" in out
    assert "decreases dysbiosis (mechanism; article) via stress" in out
    assert "Minimum set of concepts whose removal disconnects them: " in out


def test_interventions_json_and_csv(runner, mini_cli):
    args = ("interventions", "stress", "pain", "--include-claims")
    data = json.loads(run(runner, mini_cli, *args, "--format", "json").output)
    assert set(data) == {"source", "target", "chains", "interventions", "cut", "direct_link"}
    assert [p["curie"] for p in data["interventions"]] == ["gj:barrier_support", "gj:sleep_support"]
    assert len(data["cut"]) == 1
    output = run(runner, mini_cli, *args, "--format", "csv").output
    pairs = {(r["intervention"], r["node"]) for r in csv.DictReader(io.StringIO(output))}
    assert {("gj:sleep_support", "gj:stress"), ("gj:barrier_support", "gj:permeability")} <= pairs


# --------------------------------------------------------------------------- decode
def test_decode_text_has_red_flags_and_disclaimer(runner, mini_cli):
    result = run(runner, mini_cli, "decode", "pain", "bloating", "stiffness", "--limit", "2", "--include-claims")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "1. dysbiosis — explains 3/3" in out and "2. inflammation — explains 2/3" in out
    assert "3." not in out.split("Red flags")[0]
    assert "! fever: Toy red flag" in out
    assert DISCLAIMER in out


def test_decode_json_and_csv(runner, mini_cli):
    data = json.loads(run(runner, mini_cli, "decode", "pain", "bloating", "--format", "json").output)
    assert data["mechanisms"][0]["curie"] == "gj:dysbiosis" and data["disclaimer"] == DISCLAIMER
    assert data["red_flags"][0]["curie"] == "gj:fever"
    rows = list(csv.DictReader(io.StringIO(run(runner, mini_cli, "decode", "bloating", "--format", "csv").output)))
    assert rows[0]["mechanism"] == "gj:dysbiosis" and rows[0]["route"] == "dysbiosis → bloating"


# --------------------------------------------------------------------------- explain
def test_explain_text_and_json(runner, mini_cli):
    result = run(runner, mini_cli, "explain", "stress", "pain")
    assert result.exit_code == 0, result.output
    assert "How stress can lead to pain:" in result.output
    assert "Stress increases dysbiosis (human studies; mini)." in result.output
    assert "Net effect: stress increases pain along this chain (4 steps)." in result.output
    assert "The weakest step is dysbiosis → permeability (animal or in-vitro studies)" in result.output
    assert DISCLAIMER in result.output
    data = json.loads(run(runner, mini_cli, "explain", "stress", "pain", "--format", "json").output)
    assert data["chain"]["length"] == 4 and data["narrative"].count("\n") == 5


def test_data_option_merges_a_file(runner, mini_cli, tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix gj: <https://w3id.org/gutjoint-kg/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        'gj:noise a gj:Trigger ; rdfs:label "noise" ; skos:definition "Toy extra trigger." .\n'
        "gj:noise gj:increases gj:stress .\n"
    )
    result = run(runner, mini_cli, "paths", "noise", "pain", "--data", str(extra), "--limit", "1")
    assert result.exit_code == 0, result.output
    # the extra statement has no evidence annotation, so every chain through it is "ungraded"
    assert "1. noise → stress → dysbiosis → permeability → inflammation → pain" in result.output
    assert "weakest link: ungraded" in result.output


# --------------------------------------------------------------------------- check
def test_check_source_target(runner, mini_cli):
    result = run(runner, mini_cli, "check", "worry", "knee ache", "--data", str(CLAIMS))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "[supported] worry increases knee ache"
    assert "best chain: worry → mast cell firing → knee ache  (score 0.76, cost 0.67)" in result.output
    assert "weakest link: worry —increases→ mast cell firing [human: fixture]" in result.output
    assert "citations: fixture" in result.output
    result = run(
        runner, mini_cli, "check", "miracle tonic", "ankle ache", "--effect", "decreases", "--data", str(CLAIMS)
    )
    assert result.output.startswith("[contradicted] miracle tonic decreases ankle ache")


def test_check_sentence_says_what_it_understood(runner, mini_cli):
    result = run(runner, mini_cli, "check", "Junk food makes hip ache worse", "--data", str(CLAIMS))
    assert result.exit_code == 0, result.output
    out = result.output.splitlines()
    assert (
        out[0]
        == "Understood: junk food (gj:x2) → hip ache (gj:y2); verb 'worsens': more of the first, more of the second"
    )
    assert out[2] == "[partly supported] junk food increases hip ache"
    data = json.loads(
        run(
            runner, mini_cli, "check", "cold weather worsens wrist ache", "--data", str(CLAIMS), "--format", "json"
        ).output
    )
    assert (data["verdict"], data["best_chain"], data["score"]) == ("unsupported", None, 0.0)


def test_check_article_text_json_csv(runner, mini_cli):
    base = ("check", "--article", "--data", str(CLAIMS))
    text = run(runner, mini_cli, *base).output
    # the fixture's 7 claims plus mini's 5 statements still graded 'article'
    assert text.startswith("12 claim(s) of the article checked against the mechanism layer: ")
    assert "[contradicted] miracle tonic eases ankle ache  (fixture#article)" in text
    assert "[supported] bowel disease worsens finger ache  (fixture#article)" in text
    data = json.loads(run(runner, mini_cli, *base, "--format", "json").output)
    by = {v["claim"]["claim"]: v for v in data["verdicts"] if v["claim"]["claim"].startswith("gjc:")}
    assert {k: v["verdict"] for k, v in by.items()} == {
        "gjc:x1--increases--m1": "supported",
        "gjc:x1--worsens--y1": "supported",
        "gjc:x2--contributesTo--y2": "partly supported",
        "gjc:x3--worsens--y3": "unsupported",
        "gjc:x4--mitigates--y4": "contradicted",
        "gjc:x5--worsens--y5": "supported",
        "gjc:x6--worsens--y6": "supported",
    }
    assert by["gjc:x2--contributesTo--y2"]["weakest_link"]["evidence"] == "animal"
    rows = list(csv.DictReader(io.StringIO(run(runner, mini_cli, *base, "--format", "csv").output)))
    assert len(rows) == 12 and {"claim", "verdict", "score", "best_chain", "weakest_link", "citations"} <= set(rows[0])
    row = next(r for r in rows if r["claim"] == "gjc:x5--worsens--y5")
    assert row["best_chain"] == "bowel disease → gut arthritis → finger ache" and row["verdict"] == "supported"


def test_loose_names_are_read_plainly(runner, mini_cli):
    result = run(runner, mini_cli, "paths", "worry", "firing", "--data", str(CLAIMS))
    assert result.exit_code == 0, result.output
    assert "note: read 'firing' as 'mast cell firing' (gj:m1)" in result.stderr
    result = run(runner, mini_cli, "paths", "ache", "stress", "--data", str(CLAIMS))
    assert result.exit_code == 1
    assert "knee ache (Symptom, gj:y1)" in result.output and "Traceback" not in result.output


# --------------------------------------------------------------------------- shipped knowledge base
@pytest.mark.parametrize(
    "args",
    [
        ("paths", "chronic stress", "joint pain", "--include-claims"),
        ("paths", "excess sugar", "morning stiffness", "--format", "json", "--max-length", "8"),
        ("explain", "antibiotics", "joint pain"),
        ("neighbors", "joint pain", "--direction", "up"),
        ("loops", "--through", "intestinal barrier dysfunction"),
        ("interventions", "chronic stress", "joint pain"),
        ("check", "--article"),
        ("check", "Alcohol overuse worsens joint pain"),
        ("decode", "morning stiffness", "pain flares after certain foods", "digestive symptoms"),
    ],
)
def test_shipped_kb_answers_the_example_questions(runner, cli, args):
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    assert result.output.strip()


def test_shipped_kb_puts_a_mechanism_chain_first(runner, cli):
    result = runner.invoke(cli, ["paths", "chronic stress", "joint pain", "--format", "json"])
    assert result.exit_code == 0, result.output
    first = json.loads(result.output)["chains"][0]
    assert not any(e["claim"] for e in first["edges"]) and first["length"] >= 3
    assert all(e["sources"] for e in first["edges"])
    assert first["nodes"][1]["curie"] != "gj:joint_pain"  # not the article's one-step shortcut
