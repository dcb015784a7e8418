import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def output_snapshot(directory: Path) -> dict[str, bytes]:
    """Every file of a build's outputs with its bytes; not the compiled graph's git-ignored cache (``graph.kg/store``,
    stamped with the tables' modification times)."""
    from kg.compiled.manifest import CACHE_DIR

    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and CACHE_DIR not in p.relative_to(directory).parts
    }


SOURCES = ROOT.parent / "shared" / "sources"  # the documents the bundled data is curated from, beside the checkout


def require_sources() -> Path:
    """The shared source documents; a test that reads them skips on a bare clone and fails in CI, which has them."""
    if not (SOURCES / "000_b917a50fe0cf0989.txt").exists():
        if os.environ.get("CI"):
            pytest.fail(f"the source documents are not beside the repo ({SOURCES})")
        pytest.skip(f"the source documents are not beside the repo ({SOURCES})")
    return SOURCES


SMALL = ROOT / "tests" / "fixtures" / "small"
DATA = ROOT / "data"


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A private copy of the small valid dataset, safe to edit."""
    dest = tmp_path / "small"
    shutil.copytree(SMALL, dest)
    return dest


@pytest.fixture(scope="session")
def bundled():
    """The bundled dataset, built once per test session."""
    import kg

    return kg.load(DATA)


@pytest.fixture(scope="session")
def small_graph():
    import kg

    return kg.load(SMALL)


HOSTILE = ROOT / "tests" / "fixtures" / "hostile" / "hostile.ttl"


@pytest.fixture(scope="session")
def hostile():
    """Names, titles and quotes that try to hurt every output, on entities with JavaScript prototype ids."""
    import kg

    return kg.load_rdf(HOSTILE, check=False)  # data from a store or endpoint is not checked: writers must cope
