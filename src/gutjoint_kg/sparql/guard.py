"""What a query may ask, decided before any engine sees it: no SERVICE, FROM or LOAD (no network, no files), no
``file:`` IRI in an update, bounded nesting and length (deep trees crash Oxigraph's parser, exhaust rdflib's recursion).
One tokenizer knowing every SPARQL string, IRI, name and comment form decides, after expanding codepoint escapes as
both engines do (SPARQL 1.1 §19.2); a ``<`` that may be less-than is read both ways, so no code can hide in an IRI."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import UsageError

#: Deepest nesting of ``{``, ``(`` and ``[`` accepted (Oxigraph crashes at a few hundred).
MAX_DEPTH = 64
#: Most operators and pattern clauses (UNION, OPTIONAL, paths, arithmetic …) accepted in one query.
MAX_OPERATORS = 1000

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_VERBS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
_CLAUSES = frozenset({"UNION", "OPTIONAL", "MINUS", "BIND", "FILTER"})
_OPERATORS = frozenset("/|^&+-*!=<>")
_REFUSED = {
    "SERVICE": "SERVICE is not supported: queries run on the local knowledge base only (no network)",
    "FROM": "FROM / FROM NAMED is not supported: queries run on the loaded knowledge base",
    "LOAD": "LOAD is not supported: nothing is read from the network or from files",
}
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_TOKEN = re.compile(
    r"(?P<space>\s+)|(?P<comment>#[^\n\r]*)"
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r"|(?P<var>[?$]\w*)"
    r"|(?P<number>\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)"
    rf"|(?P<name>(?:_|[^\W\d_](?:[\w.-]*[\w-])?)?:(?:(?:[\w:]|{_PLX})(?:(?:[\w.:-]|{_PLX})*(?:[\w:-]|{_PLX}))?)?"
    r"|[^\W\d]\w*|@[A-Za-z]+(?:-[A-Za-z0-9]+)*)"
    r"|(?P<other>\\.|.)",
    re.DOTALL,
)
_VALUES = frozenset({"string", "iri", "var", "number", "name"})


def _tokens(text: str, less_than: bool) -> Iterator[tuple[str, str]]:
    """(kind, text) of every token; with ``less_than``, a ``<`` right after a value inside ``( )``
    is the operator, not the start of an IRI."""
    stack: list[str] = []
    pos, prev = 0, ("space", "")
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        assert m is not None and m.lastgroup is not None  # ``other`` matches any character
        kind, tok = m.lastgroup, m.group()
        if kind == "iri" and less_than and stack[-1:] == ["("] and (prev[0] in _VALUES or prev[1] in (")", "]")):
            kind, tok = "other", "<"
        pos += len(tok)
        if kind in ("space", "comment"):
            continue
        if tok in ("{", "(", "["):
            stack.append(tok)
        elif tok in ("}", ")", "]") and stack:
            stack.pop()
        prev = (kind, tok)
        yield kind, tok


def check(text: str) -> str:
    """The query form or update verb of ``text`` (``""`` if it has none), after refusing what it may
    not do with a one-line :class:`UsageError`. Callers run it before parsing or evaluating."""
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    form = ""
    for less_than in (False, True):
        depth = operators = 0
        file_iri = False
        for kind, tok in _tokens(text, less_than):
            word = tok.upper() if kind == "name" else ""
            head = word.partition(":")[0]  # rdflib reads ``SERVICE:x`` as the keyword and ``:x``
            if head in _REFUSED:
                raise UsageError(_REFUSED[head])
            if not form and (word in QUERY_FORMS or word in UPDATE_VERBS):
                form = word
            depth += (tok in ("{", "(", "[")) - (tok in ("}", ")", "]"))
            if depth > MAX_DEPTH:
                raise UsageError(f"query nested deeper than {MAX_DEPTH} levels of {{ ( [ (the guard's limit)")
            operators += word in _CLAUSES or (kind == "other" and tok in _OPERATORS)
            if operators > MAX_OPERATORS:
                raise UsageError(f"query has more than {MAX_OPERATORS} operators and clauses (the guard's limit)")
            file_iri = file_iri or (kind == "iri" and tok[1:6].lower() == "file:")
        if file_iri and form in UPDATE_VERBS:
            raise UsageError("an update may not name a file: IRI (the server never touches files)")
    return form
