"""The package keeps a shape a newcomer can read: small modules, small classes, imports that follow the stages.

Limits from issue 11: no module over ~400 lines, no class over ~200. The stage order is the data flow
(docs/design.md): a stage imports only from itself, from earlier stages or from the shared modules,
so that the folders show which way data moves.
"""

from __future__ import annotations

import ast

import pytest

from conftest import ROOT

SRC = ROOT / "src" / "kg"
MODULE_LINES = 400
CLASS_LINES = 200
# Each stage may import from the stages before it (and from the shared top-level modules).
STAGES = ["schema", "ingest", "graph", "ownership", "sparql", "compiled", "explorer", "exports", "api", "cli"]
SHARED = {"errors", "untrusted", "terminal", "nogc", "atomic_dir"}


def _modules():
    return sorted(p for p in SRC.rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_module_is_small(path):
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MODULE_LINES, f"{path.relative_to(ROOT)} has {lines} lines (limit {MODULE_LINES}): split it"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_classes_are_small(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    big = [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > CLASS_LINES
    ]
    assert big == [], f"{path.relative_to(ROOT)}: classes over {CLASS_LINES} lines: {big}"


def _stage(path) -> str | None:
    rel = path.relative_to(SRC).parts
    return rel[0] if len(rel) > 1 else None


def _imported_stages(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "kg" and len(parts) > 1 and parts[1] in STAGES:
                yield node.lineno, parts[1]


@pytest.mark.parametrize("path", [p for p in _modules() if _stage(p) in STAGES], ids=lambda p: str(p.relative_to(SRC)))
def test_stages_import_only_earlier_stages(path):
    here = STAGES.index(_stage(path))
    later = [(line, stage) for line, stage in _imported_stages(path) if STAGES.index(stage) > here]
    assert later == [], f"{path.relative_to(ROOT)} ({STAGES[here]}) imports later stages: {later}"


def test_shared_modules_import_no_stage():
    for name in SHARED:
        path = SRC / f"{name}.py"
        assert list(_imported_stages(path)) == [], f"{path.relative_to(ROOT)} is shared and must not import a stage"
