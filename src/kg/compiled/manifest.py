"""The compiled graph's manifest: its format version, what it was built from (content hashes and sizes of the
data and ontology files) and its counts; and whether the files it names have changed since.

``manifest.json`` is deterministic (no times): the same data gives the same bytes. Sizes and mtimes, which change
with every checkout, are kept apart in ``store/stat.json``, a cache outside the deterministic outputs: when a
file's size and mtime still match it, the file is not hashed again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from kg.errors import DataError, Problem

FORMAT = "kg-compiled"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
ONTOLOGY = "ontology.json"  # the ontology it was built with, as specs (kg.schema.specs)
NTRIPLES = "graph.nt"  # the canonical graph with its derived statements, sorted
CACHE_DIR = "store"  # not part of the deterministic outputs (git-ignored): stat cache, SPARQL store
STAT_CACHE = "stat.json"
MAX_MANIFEST_BYTES = 1 << 20
REBUILD_HINT = "rebuild it with: kg build"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_files(data: Path, ontology_dir: Path) -> dict[str, Path]:
    """The files a compiled graph depends on: the dataset's CSV files and the ontology's Turtle files."""
    files = {f"data/{p.name}": p for p in sorted(data.glob("*.csv")) if p.is_file()}
    files.update({f"ontology/{p.name}": p for p in sorted(ontology_dir.glob("*.ttl")) if p.is_file()})
    return files


def fingerprints(files: dict[str, Path]) -> dict[str, dict]:
    return {name: {"sha256": sha256_of(p), "size": p.stat().st_size} for name, p in files.items()}


def stats_of(files: dict[str, Path]) -> dict[str, list]:
    out = {}
    for name, p in files.items():
        st = p.stat()
        out[name] = [st.st_size, st.st_mtime_ns]
    return out


def bad(path: Path, message: str) -> DataError:
    return DataError([Problem(str(path), 0, 0, message, REBUILD_HINT)])


def read_manifest(directory: Path) -> dict:
    """The manifest of a compiled graph, checked; :class:`~kg.errors.DataError` when it is missing or not kg's."""
    from kg.ingest.safe_io import FileRefused, read_regular

    path = directory / MANIFEST
    if not directory.is_dir() or not os.path.lexists(path):
        raise bad(directory, "not a compiled kg graph (no manifest.json)")
    try:
        manifest = json.loads(read_regular(path, MAX_MANIFEST_BYTES).decode("utf-8"))
    except FileRefused as exc:
        raise DataError([Problem(str(path), 0, 0, exc.message, exc.hint)]) from None
    except (ValueError, UnicodeDecodeError):
        raise bad(path, "the manifest is not JSON (damaged?)") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise bad(path, "not a compiled kg graph's manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise bad(
            path, f"compiled graph format version {manifest.get('format_version')!r}; this kg reads {FORMAT_VERSION}"
        )
    inputs = manifest.get("inputs")
    if not isinstance(inputs, dict) or not all(
        isinstance(v, dict) and isinstance(v.get("sha256"), str) and isinstance(v.get("size"), int)
        for v in inputs.values()
    ):
        raise bad(path, "the manifest's list of input files is damaged")
    if not isinstance(manifest.get("tables"), dict):
        raise bad(path, "the manifest's list of tables is damaged")
    return manifest


def changed_input(directory: Path, manifest: dict, data: Path, ontology_dir: Path) -> str | None:
    """The first input file (``data/relations.csv``) that differs from what the graph was built from, else None.

    Sizes and mtimes are compared first (the stat cache); a file whose stat differs is hashed.
    """
    files = input_files(data, ontology_dir)
    recorded = manifest["inputs"]
    for name in sorted(set(recorded) | set(files)):
        if name not in files or name not in recorded:
            return name
    stats = stats_of(files)
    cache = _read_stat_cache(directory)
    stats = {n: [*stats[n], recorded[n]["sha256"]] for n in stats}  # a stat vouches only for the same content
    unsure = [n for n in sorted(files) if cache.get(n) != stats[n]]
    for name in unsure:
        if stats[name][0] != recorded[name]["size"] or sha256_of(files[name]) != recorded[name]["sha256"]:
            return name
    if unsure:
        write_stat_cache(directory, stats)
    return None


def _read_stat_cache(directory: Path) -> dict:
    try:
        cache = json.loads((directory / CACHE_DIR / STAT_CACHE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return cache if isinstance(cache, dict) else {}


def write_stat_cache(directory: Path, stats: dict) -> None:
    """Remember the sizes and mtimes that were found to match (best effort: a read-only folder is fine)."""
    try:
        (directory / CACHE_DIR).mkdir(exist_ok=True)
        tmp = directory / CACHE_DIR / f".{STAT_CACHE}.{os.getpid()}"
        tmp.write_text(json.dumps(stats, sort_keys=True), encoding="utf-8")
        os.replace(tmp, directory / CACHE_DIR / STAT_CACHE)
    except OSError:
        pass
