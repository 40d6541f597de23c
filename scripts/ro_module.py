"""Rebuild tests/data/ro-module.ttl: the RO and BFO axioms the gj: relation alignments rely on.

The module holds, for every RO/BFO property gutjoint.ttl aligns a relation to (rdfs:subPropertyOf
obo:...), that property and its super-properties with their labels, characteristics, domains and
ranges; every class those mention, with its named super-classes up to BFO; and the disjointness
axioms among those classes (continuant vs occurrent ...). Nothing is downloaded: it reads a fetched
snapshot of github.com/oborel/obo-relations (a git directory) at a pinned commit.

Usage: python scripts/ro_module.py GIT_DIR [COMMIT] [-o tests/data/ro-module.ttl]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

ROOT = Path(__file__).resolve().parents[1]
OBO = "http://purl.obolibrary.org/obo/"
PINNED = "2b8fb441970162c83dccae78f733a31b96f156bf"  # oborel/obo-relations, 2026-08-21
#: BFO upper classes kept whatever the alignments use, so their disjointness is always in the module.
BFO_CORE = ("BFO_0000002", "BFO_0000003", "BFO_0000004", "BFO_0000015", "BFO_0000020", "BFO_0000031", "BFO_0000040")


def _copy(src: Graph, out: Graph, s: URIRef | BNode, p: URIRef) -> list[URIRef]:
    """Copy every (s, p, o), following blank-node objects (unions, lists) whole; return named objects."""
    named = []
    for o in src.objects(s, p):
        out.add((s, p, o))
        if isinstance(o, BNode):
            todo = [o]
            while todo:
                b = todo.pop()
                for bp, bo in src.predicate_objects(b):
                    out.add((b, bp, bo))
                    if isinstance(bo, BNode):
                        todo.append(bo)
                    elif bp == RDF.first and isinstance(bo, URIRef):
                        named.append(bo)
        elif isinstance(o, URIRef):
            named.append(o)
    return named


def build(ro: Graph, schema: Graph, commit: str) -> Graph:
    """The module graph: aligned RO properties and what their domains and ranges need."""
    out = Graph()
    out.bind("obo", OBO)
    out.bind("owl", OWL)
    header = URIRef("https://w3id.org/gutjoint-kg/tests/ro-module")
    out.add((header, RDF.type, OWL.Ontology))
    source = f"https://github.com/oborel/obo-relations/blob/{commit}/ro-full.owl"
    out.add((header, RDFS.comment, Literal(f"Built by scripts/ro_module.py from {source}; do not edit by hand.")))
    props = [o for o in schema.objects(None, RDFS.subPropertyOf) if str(o).startswith(OBO)]
    classes: set[URIRef] = {URIRef(OBO + c) for c in BFO_CORE}
    seen: set[URIRef] = set()
    while props:
        prop = props.pop()
        if prop in seen:
            continue
        seen.add(prop)
        if (prop, RDF.type, None) not in ro:
            raise SystemExit(f"{prop}: not in ro-full.owl at {commit}")
        for p in (RDF.type, RDFS.label):
            _copy(ro, out, prop, p)
        props += _copy(ro, out, prop, RDFS.subPropertyOf)
        for p in (RDFS.domain, RDFS.range):
            classes.update(_copy(ro, out, prop, p))
    todo, done = list(classes), set()
    while todo:
        cls = todo.pop()
        if cls in done:
            continue
        done.add(cls)
        out.add((cls, RDF.type, OWL.Class))
        _copy(ro, out, cls, RDFS.label)
        for sup in ro.objects(cls, RDFS.subClassOf):
            if isinstance(sup, URIRef):
                out.add((cls, RDFS.subClassOf, sup))
                todo.append(sup)
    for cls in done:
        for other in ro.objects(cls, OWL.disjointWith):
            if other in done:
                out.add((cls, OWL.disjointWith, other))
    return out


def main() -> int:
    """Read ro-full.owl at the commit from the git directory and write the module atomically."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("git_dir", type=Path, help="a fetched snapshot of oborel/obo-relations (git directory)")
    ap.add_argument("commit", nargs="?", default=PINNED)
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "tests" / "data" / "ro-module.ttl")
    args = ap.parse_args()
    owl = subprocess.run(
        ["git", "--git-dir", str(args.git_dir), "show", f"{args.commit}:ro-full.owl"],
        check=True,
        capture_output=True,
    ).stdout
    ro = Graph().parse(data=owl, format="xml")
    schema = Graph().parse(ROOT / "ontology" / "gutjoint.ttl")
    module = build(ro, schema, args.commit)
    fd, tmp = tempfile.mkstemp(dir=args.output.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        f.write(module.serialize(format="turtle").encode())
    os.replace(tmp, args.output)
    print(f"{args.output}: {len(module)} triples from ro-full.owl at {args.commit}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
