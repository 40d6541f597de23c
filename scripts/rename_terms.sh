#!/usr/bin/env bash
# Issue 19: rename the two gj: terms whose IRIs differed from another term only by case
# (OWL tools and case-insensitive file systems confuse them). The term with fewer uses is renamed:
#   gj:EvidenceLevel (class)  -> gj:EvidenceGrade   (gj:evidenceLevel, the property, stays)
#   gj:contested (property)   -> gj:isContested     (gj:Contested, the evidence level, stays)
# Idempotent: re-run it after merging edits that still use the old names.
# Usage: scripts/rename_terms.sh [REPO_ROOT]   (defaults to this script's repository)
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
grep -rlIZ --exclude=rename_terms.sh -e 'EvidenceLevel\b' -e 'contested\b' \
    ontology src tests docs notebooks scripts benchmarks README.md 2>/dev/null |
  xargs -0 -r sed -i -E \
    -e 's#\bgj:EvidenceLevel\b#gj:EvidenceGrade#g' \
    -e 's#\bGJ\.EvidenceLevel\b#GJ.EvidenceGrade#g' \
    -e 's#(w3id\.org/gutjoint-kg/)EvidenceLevel\b#\1EvidenceGrade#g' \
    -e 's#^(    )EvidenceLevel: URIRef#\1EvidenceGrade: URIRef#' \
    -e 's#\bgj:contested\b#gj:isContested#g' \
    -e 's#\bGJ\.contested\b#GJ.isContested#g' \
    -e 's#(w3id\.org/gutjoint-kg/)contested\b#\1isContested#g' \
    -e 's#^(    )contested: URIRef#\1isContested: URIRef#'
