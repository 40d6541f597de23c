"""CLI: info, concepts, show, validate — output and exit codes 0/1/2."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .support.data import MINI


def test_info_text_and_json(runner, cli) -> None:
    res = runner.invoke(cli, ["info"])
    assert res.exit_code == 0, res.output
    assert "concepts" in res.output and "Statements by evidence level" in res.output
    data = json.loads(runner.invoke(cli, ["info", "--format", "json"]).output)
    assert data["concepts"] >= 120 and data["statements"] >= 250
    assert set(data["by_evidence"]) >= {"established", "human", "animal", "article", "contested"}
    assert data["kb_version"].startswith("https://w3id.org/gutjoint-kg/releases/")


def test_concepts_filters_and_formats(runner, cli) -> None:
    res = runner.invoke(cli, ["concepts", "--category", "redflag", "--format", "json"])
    assert res.exit_code == 0
    rows = json.loads(res.output)
    assert rows and all(r["category"] == "RedFlag" for r in rows)
    res = runner.invoke(cli, ["concepts", "--search", "junction", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert "gj:tight_junction" in {r["curie"] for r in rows}
    assert runner.invoke(cli, ["concepts", "--category", "nonsense"]).exit_code == 2


def test_show_card(runner, cli) -> None:
    res = runner.invoke(cli, ["show", "tight junction"])
    assert res.exit_code == 0, res.output
    assert "GO:0070160" in res.output and "Outgoing statements" in res.output
    card = json.loads(runner.invoke(cli, ["show", "leaky gut", "--format", "json"]).output)
    assert card["curie"] == "gj:increased_intestinal_permeability" and card["contested"] is True
    assert all(e["evidence"] and e["sources"] for e in card["outgoing"] + card["incoming"])


def test_show_unknown_concept_suggests(runner, cli) -> None:
    res = runner.invoke(cli, ["show", "tight junktion"])
    assert res.exit_code == 1
    assert "did you mean" in res.output and "tight junction" in res.output
    assert len(res.output.strip().splitlines()) == 1


def test_validate_clean_is_zero(runner, cli) -> None:
    res = runner.invoke(cli, ["validate"])
    assert res.exit_code == 0, res.output


def test_validate_violation_is_one(runner, cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad-concept.ttl"
    bad.write_text(
        "@prefix gj: <https://w3id.org/gutjoint-kg/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'gj:undefined_thing a gj:Trigger ; rdfs:label "undefined thing" .\n',
        encoding="utf-8",
    )
    res = runner.invoke(cli, ["validate", "--data", str(bad)])
    assert res.exit_code == 1
    assert "gj:undefined_thing" in res.output and "skos:definition" in res.output


def test_validate_usage_error_is_two(runner, cli) -> None:
    assert runner.invoke(cli, ["validate", "--format", "yaml"]).exit_code == 2
    assert runner.invoke(cli, ["validate", "--bogus"]).exit_code == 2


def test_malformed_turtle_names_file_and_line(runner, cli, tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix gj: <https://w3id.org/gutjoint-kg/> .\n\ngj:a gj:b gj:c gj:d .\n", encoding="utf-8")
    res = runner.invoke(cli, ["--data", str(bad), "info"])
    assert res.exit_code == 1
    assert f"{bad}:3" in res.output
    assert "Traceback" not in res.output


def test_group_and_command_data_merge(runner, cli) -> None:
    res = runner.invoke(cli, ["--data", str(MINI), "show", "gj:barrier_damage", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["label"] == "barrier damage"


def test_unknown_command_suggests(runner, cli) -> None:
    res = runner.invoke(cli, ["shwo", "x"])
    assert res.exit_code == 2 and "show" in res.output
