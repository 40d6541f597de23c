"""Generate a synthetic biomedical KG as N-Triples: genes, diseases, phenotypes, chemicals and microbes.

IRIs are the real namespaces (NCBIGene, MONDO, HP, CHEBI, NCBITaxon), nodes carry ``rdf:type`` and
``rdfs:label``, edges use Biolink predicates (most chainable, some not), degrees are skewed (a few
hubs). A planted chain links the curated KB's TNF (HGNC:11892) to ``MONDO:9000001`` in three steps,
so ``paths lipopolysaccharide MONDO:9000001`` crosses from the curated graph into the synthetic one.

    python benchmarks/generate.py --edges 1000000 --out /tmp/kg-1m.nt
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

B = "https://w3id.org/biolink/vocab/"
OBO = "http://purl.obolibrary.org/obo/"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

KINDS = [  # (share of nodes, IRI prefix, biolink class, label stem)
    (0.45, "http://identifiers.org/ncbigene/", "Gene", "gene"),
    (0.15, OBO + "MONDO_", "Disease", "disease"),
    (0.15, OBO + "HP_", "PhenotypicFeature", "phenotype"),
    (0.15, OBO + "CHEBI_", "ChemicalEntity", "chemical"),
    (0.10, OBO + "NCBITaxon_", "OrganismTaxon", "taxon"),
]
PREDICATES = [  # (predicate, weight)
    ("positively_regulates", 3),
    ("negatively_regulates", 2),
    ("contributes_to", 2),
    ("causes", 1),
    ("treats", 1),
    ("has_phenotype", 1),
    ("gene_associated_with_condition", 2),
    ("interacts_with", 2),
    ("related_to", 2),  # not chainable
]
PLANTED = [
    ("http://identifiers.org/hgnc/11892", "positively_regulates", "http://identifiers.org/ncbigene/90000001"),
    ("http://identifiers.org/ncbigene/90000001", "contributes_to", "http://identifiers.org/ncbigene/90000002"),
    ("http://identifiers.org/ncbigene/90000002", "causes", OBO + "MONDO_9000001"),
]


def generate(edges: int, out: Path, seed: int = 7) -> int:
    """Write about ``edges`` edge triples plus a label and a type per node; returns the triple count."""
    rng = random.Random(seed)
    n_nodes = max(10, edges // 5)
    nodes: list[str] = []
    lines = 0
    with out.open("w", encoding="utf-8") as fh:
        for share, prefix, cls, stem in KINDS:
            for i in range(int(n_nodes * share)):
                iri = f"{prefix}{1000000 + i}"
                nodes.append(iri)
                fh.write(f'<{iri}> {LABEL} "{stem} {i}" .\n<{iri}> {TYPE} <{B}{cls}> .\n')
                lines += 2
        preds = [p for p, _ in PREDICATES]
        weights = [w for _, w in PREDICATES]
        n = len(nodes)
        batch = []
        for _ in range(edges - len(PLANTED)):
            # skewed degrees: squaring a uniform variate favours low indices (hubs)
            s = nodes[int(n * rng.random() ** 2)]
            o = nodes[rng.randrange(n)]
            batch.append(f"<{s}> <{B}{rng.choices(preds, weights)[0]}> <{o}> .\n")
            if len(batch) >= 100_000:
                fh.writelines(batch)
                batch = []
        fh.writelines(batch)
        fh.writelines(f"<{s}> <{B}{p}> <{o}> .\n" for s, p, o in PLANTED)
        lines += edges
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edges", type=int, default=100_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    total = generate(args.edges, args.out, args.seed)
    print(f"wrote {total:,} triples ({args.edges:,} edges) to {args.out}")


if __name__ == "__main__":
    main()
