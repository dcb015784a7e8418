"""Pytest plugin (``-p support.doctests`` in pyproject): the doctests in src/kg run at the repository root.

Their examples read as a reader at the root would type them (``kg.load("data")``), whatever folder
pytest is started from; they only read there, never write.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "kg"


@pytest.fixture(autouse=True)
def _doctests_at_the_repository_root(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if type(request.node).__name__ == "DoctestItem" and PACKAGE in Path(request.node.path).parents:
        monkeypatch.chdir(ROOT)
