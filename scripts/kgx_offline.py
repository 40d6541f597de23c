"""Run a ``kgx`` command (validate, transform, ...) offline, against the Biolink release installed locally.

kgx 2.6 fetches the Biolink YAML, its predicate map and a JSON-LD context from the network and knows no
``gj:`` prefix. This wrapper hands kgx a bmt Toolkit built from the ``biolink-model`` wheel's YAML and a
JSON-LD context file made of that wheel's prefix map plus the gutjoint-kg prefixes (the entries of kgx's
``jsonld-context`` config accept a local file), then runs the kgx command line unchanged:

    python scripts/kgx_offline.py validate -i tsv out/nodes.tsv out/edges.tsv

With ``--no-network`` every socket connection fails, so a hidden download shows up as an error.
"""

from __future__ import annotations

import json
import socket
import sys
import tempfile
from importlib.resources import files
from pathlib import Path

from gutjoint_kg.claims import GJC_NS
from gutjoint_kg.vocab import PREFIXES


def project_prefixes() -> dict[str, str]:
    """The gutjoint-kg CURIE prefixes a KGX export uses (``gj``, ``gjs``, ``gjc``, ``gjsrc``)."""
    return {p: PREFIXES[p] for p in ("gj", "gjs", "gjsrc")} | {"gjc": GJC_NS}


def offline_kgx() -> None:
    """Point kgx at the local Biolink model and a local JSON-LD context with the project prefixes."""
    from bmt import Toolkit

    model = files("biolink_model")
    # bmt's default schema and predicate map are URLs, and kgx builds Toolkit() on import: default to the wheel
    Toolkit.__init__.__defaults__ = (str(model / "schema" / "biolink_model.yaml"), {"predicate mappings": []})
    from kgx import config

    prefixes = json.loads((model / "prefixmaps" / "biolink_model_prefix_map.json").read_text(encoding="utf-8"))
    context = Path(tempfile.mkdtemp(prefix="kgx-offline-")) / "context.jsonld"
    context.write_text(json.dumps({"@context": prefixes | project_prefixes()}), encoding="utf-8")
    contexts = config.get_config()["jsonld-context"]  # biolink, monarch_context, obo_context: all URLs
    contexts.update(dict.fromkeys(contexts, str(context)))


def _refuse(*_args: object, **_kwargs: object) -> None:
    raise OSError("network access refused (kgx_offline.py --no-network)")


def main(argv: list[str]) -> None:
    """Run ``kgx ARGS`` offline; ``--no-network`` first makes every socket connection fail."""
    if argv[:1] == ["--no-network"]:
        argv = argv[1:]
        socket.socket.connect = _refuse  # type: ignore[method-assign]
        socket.create_connection = _refuse  # type: ignore[assignment]
    offline_kgx()
    from kgx.cli import cli

    cli.main(args=argv, prog_name="kgx")


if __name__ == "__main__":
    main(sys.argv[1:])
