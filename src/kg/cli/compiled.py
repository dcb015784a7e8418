"""Which compiled graph a read command answers from, and whether it is still that of the data.

``--graph PATH`` names one; otherwise a command with the default ``--data`` (and default encoding and
confidence floor) uses ``outputs/graph.kg`` when it exists. When a data or ontology file changed since it was
built, the command says so in one line on stderr and rebuilds it, or refuses with ``--no-rebuild``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kg.errors import DataError, Problem, UsageError
from kg.schema.vocab import DEFAULT_MIN_CONFIDENCE

DEFAULT_GRAPH = Path("outputs") / "graph.kg"
DEFAULT_DATA = "data"


def compiled_graph(args):
    """The compiled graph for these arguments, rebuilt first if stale; None to build in memory as before."""
    from kg.compiled.manifest import MANIFEST, read_manifest

    if not hasattr(args, "graph_dir"):
        return None
    explicit = args.graph_dir is not None
    if explicit:
        path = Path(args.graph_dir)
    elif args.data != DEFAULT_DATA or args.encoding or args.min_confidence != DEFAULT_MIN_CONFIDENCE:
        return None
    else:
        path = DEFAULT_GRAPH
        if not (path / MANIFEST).exists():
            return None
    manifest = read_manifest(path)
    if manifest.get("min_confidence") != args.min_confidence:
        if not explicit:
            return None
        raise UsageError(
            f"{path} was built with --min-confidence {manifest.get('min_confidence')}; "
            f"give that, or build another with: kg build --min-confidence {args.min_confidence}"
        )
    data = Path(args.data if args.data != DEFAULT_DATA or not explicit else str(manifest.get("data", DEFAULT_DATA)))
    return _fresh(path, manifest, data, args)


def _fresh(path: Path, manifest: dict, data: Path, args):
    from kg.compiled.graph import open_graph
    from kg.compiled.manifest import changed_input
    from kg.schema.specs import default_ontology_dir

    if not data.is_dir():  # the data it was built from is not here: the graph is all there is
        return open_graph(path)
    changed = changed_input(path, manifest, data, default_ontology_dir())
    if changed is None:
        return open_graph(path)
    if args.no_rebuild:
        raise DataError(
            [
                Problem(
                    str(path),
                    0,
                    0,
                    f"{changed} changed since this compiled graph was built",
                    "rebuild it with: kg build (or leave out --no-rebuild to rebuild it now)",
                )
            ]
        )
    print(f"kg: {changed} changed since {path} was built; rebuilding it", file=sys.stderr)
    return rebuild(path, data, manifest.get("min_confidence") or DEFAULT_MIN_CONFIDENCE, args.encoding)


def rebuild(path: Path, data: Path, min_confidence: str, encoding: str | None):
    """Build ``data`` in memory, replace the compiled graph at ``path`` with it (all or nothing), return the graph."""
    from kg.atomic_dir import replacing_directory
    from kg.compiled.write import write_compiled
    from kg.graph.knowledge import load
    from kg.ownership.derived import derived_ntriples

    kg = load(data, min_confidence=min_confidence, encoding=encoding)
    lines, derived = derived_ntriples(kg)
    kg.add_ntriples(lines)
    kg.report["derived"] = derived
    try:
        with replacing_directory(path) as stage:
            write_compiled(kg, stage, data=data)
    except OSError as exc:
        print(f"kg: could not rewrite {path} ({exc.strerror or exc}); answering from memory", file=sys.stderr)
    return kg
