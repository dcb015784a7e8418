"""Vocabulary comes only from the schema: no predicate, class, family or grade written out elsewhere in src/.

`kg.schema` (the ontology read into typed specs, and `kg.schema.vocab`) is the one place kg's
vocabulary is named. This test reads every Python module outside `src/kg/schema/` and fails when a
string literal is the name of a relation or a class, the name of a distinctive grade, or when a
tuple, list or set literal re-lists two or more grades, bases or families (the shape of a copied
vocabulary list). Plain words that are also grades or families ("low"/"high" as the ends of a
range, "control" as a command or a track, "derived" as a named graph) are allowed alone; a list of
them is not. Docstrings are prose and are not read.
"""

from __future__ import annotations

import ast

import pytest

from conftest import ROOT
from kg.schema.ontology import load_ontology
from kg.schema.vocab import BASIS, CONFIDENCE, OWNERSHIP_ROLES

SRC = ROOT / "src" / "kg"
ONTO = load_ontology()
# Whole-string names that are never ordinary words: relation and class names (camelCase / PascalCase)
# and the grades that are not also plain words.
NAMES = dict.fromkeys(ONTO.relations, "relation") | dict.fromkeys(ONTO.classes, "class")
NAMES |= {g: "confidence grade" for g in CONFIDENCE if "-" in g}
# Lists of these are copies of a vocabulary list.
# The few that must be: the same word used as plain English, not as the vocabulary term.
ALLOWED = {
    (
        "ownership/control_result.py",
        "relation 'controls'",
    ): "the verdict word in control's JSON ('controls', 'may control')",
}
LISTS = {
    "confidence grade": set(CONFIDENCE),
    "basis": set(BASIS),
    "family": set(ONTO.families),
    "ownership role": set(OWNERSHIP_ROLES),
}


def _modules():
    return sorted(p for p in SRC.rglob("*.py") if "schema" not in p.relative_to(SRC).parts)


def _docstrings(tree) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def vocabulary_literals(source: str) -> list[tuple[int, str]]:
    """Every vocabulary literal in ``source``: (line, what).

    >>> vocabulary_literals('x = "holdsSharesIn"')
    [(1, "relation 'holdsSharesIn'")]
    >>> vocabulary_literals('lo, hi = d["low"], d["high"]')
    []
    >>> vocabulary_literals('GRADES = ("high", "medium", "low")')
    [(1, 'a list of confidence grade names: high, low, medium')]
    """
    tree = ast.parse(source)
    docs = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            if node.value in NAMES:
                found.append((node.lineno, f"{NAMES[node.value]} {node.value!r}"))
        elif isinstance(node, ast.Tuple | ast.List | ast.Set):
            words = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
            for kind, names in LISTS.items():
                if len(words & names) >= 2:
                    found.append((node.lineno, f"a list of {kind} names: {', '.join(sorted(words & names))}"))
    return sorted(found)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_vocabulary_outside_the_schema(path):
    rel = str(path.relative_to(SRC))
    found = [
        (line, what)
        for line, what in vocabulary_literals(path.read_text(encoding="utf-8"))
        if (rel, what) not in ALLOWED
    ]
    where = [f"{path.relative_to(ROOT)}:{line}: {what}" for line, what in found]
    assert where == [], "vocabulary written out; take it from kg.schema instead:\n" + "\n".join(where)


def test_the_scan_finds_what_it_should():
    assert vocabulary_literals('p = "ultimateControllerOf"') == [(1, "relation 'ultimateControllerOf'")]
    assert vocabulary_literals('t = "Person"') == [(1, "class 'Person'")]
    assert vocabulary_literals('m = "medium-high"') == [(1, "confidence grade 'medium-high'")]
    assert vocabulary_literals('F = ["ownership", "control"]') == [(1, "a list of family names: control, ownership")]
    assert vocabulary_literals('def f():\n    """holdsSharesIn is prose here."""') == []
