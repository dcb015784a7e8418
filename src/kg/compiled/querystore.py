"""The compiled graph's SPARQL store on disk: ``store/oxigraph/``, made once, then opened read-only in milliseconds.

``kg query``, the API's ``query`` and ``kg serve`` on a compiled graph answer from an Oxigraph store holding
``graph.nt`` (the canonical graph with its derived statements) and the ontology — what
:func:`kg.sparql.stores.query_dataset` assembles in memory for a graph built from CSV. It is bulk-loaded the
first time a query needs it (into a temporary folder, renamed into place when complete), stamped with what it was
made from (the manifest's digest, ``graph.nt``'s size and time, the ontology's digest), and remade when the stamp
differs. It is a kg store (``kg-store.json``), so ``kg serve --store`` serves it as it is. Where the folder is
read-only it is not made: the query loads ``graph.nt`` into memory, as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from kg.compiled.manifest import CACHE_DIR, MANIFEST, NTRIPLES

QUERY_STORE = "oxigraph"
STAMP = "kg-stamp.json"


def query_store_path(directory: Path) -> Path:
    return directory / CACHE_DIR / QUERY_STORE


def _stamp(directory: Path, ontology: str) -> str:
    st = (directory / NTRIPLES).stat()
    manifest = hashlib.sha256((directory / MANIFEST).read_bytes()).hexdigest()
    return f"{manifest} {st.st_size}:{st.st_mtime_ns} {ontology}"


def ontology_key(snapshot: Path, ontology_dir: str | Path | None) -> str:
    """A digest of the ontology a compiled graph answers with: its snapshot, or the Turtle files of ``ontology_dir``."""
    if ontology_dir is None:
        with contextlib.suppress(OSError):
            return "snapshot " + hashlib.sha256(snapshot.read_bytes()).hexdigest()
    from kg.schema.specs import default_ontology_dir

    folder = Path(ontology_dir or default_ontology_dir())
    return " ".join(f"{p.name}:{hashlib.sha256(p.read_bytes()).hexdigest()}" for p in sorted(folder.glob("*.ttl")))


def query_store(directory: Path, ontology: str, ontology_nt: Callable[[], bytes], derived: dict) -> Path | None:
    """The folder of the compiled graph's query store, made first if missing or stale; None if it cannot be.

    ``ontology`` names the ontology (a digest); ``ontology_nt()`` gives its N-Triples, asked for only when the
    store is made (it reads the Turtle files).
    """
    import pyoxigraph as ox

    from kg.sparql.stores import STORE_MARKER

    try:
        expected = _stamp(directory, ontology)
    except OSError:
        return None
    path = query_store_path(directory)
    with contextlib.suppress(OSError, ValueError):
        if json.loads((path / STAMP).read_text(encoding="utf-8")).get("stamp") == expected:
            return path
    tmp = path.with_name(f".{QUERY_STORE}.{os.getpid()}.tmp")
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.parent.mkdir(parents=True, exist_ok=True)
        store = ox.Store(str(tmp))
        with open(directory / NTRIPLES, "rb") as fh:
            store.bulk_load(input=fh, format=ox.RdfFormat.N_TRIPLES)
        store.bulk_load(input=ontology_nt(), format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        info = {"kg_store": 1, "triples": len(store), "derived": derived}
        del store
        (tmp / STORE_MARKER).write_text(json.dumps(info, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        (tmp / STAMP).write_text(json.dumps({"stamp": expected}) + "\n", encoding="utf-8")
        old = path.with_name(f".{QUERY_STORE}.{os.getpid()}.old")
        if path.exists():
            os.replace(path, old)
        os.replace(tmp, path)
        shutil.rmtree(old, ignore_errors=True)
    except (OSError, SyntaxError, ValueError):
        shutil.rmtree(tmp, ignore_errors=True)
        return None
    return path
