"""``kg build``: validate, build, and write every output atomically."""

from __future__ import annotations

import os
from pathlib import Path

from kg.errors import UsageError
from kg.explorer.page import render_html
from kg.exports.atomic_dir import check_target, replacing_directory
from kg.exports.formats import to_graphml, to_jsonld, to_turtle
from kg.exports.summary import focus_entity, summary_markdown
from kg.graph.build import DEFAULT_MIN_CONFIDENCE
from kg.graph.knowledge import load
from kg.graph.rdfio import triple_count
from kg.ownership.derived import derived_ntriples

OUTPUTS = (
    ("graph.ttl", "the RDF graph (Turtle)"),
    ("graph.jsonld", "the RDF graph (JSON-LD)"),
    ("graph.graphml", "the NetworkX projection (GraphML, for Gephi, yEd, Cytoscape)"),
    ("graph.html", "interactive view of the whole graph (open in a browser)"),
    ("focus.html", "interactive ownership view of the entity with the most holders (Zhipu in the bundled data)"),
    ("summary.md", "counts, largest holders, this list"),
)


def build_outputs(
    data: str | Path,
    out: str | Path,
    *,
    min_confidence: str = DEFAULT_MIN_CONFIDENCE,
    store: str | Path | None = None,
    encoding: str | None = None,
) -> dict:
    """Build the graph from ``data`` and write the outputs into ``out``; all or nothing.

    The outputs are written into a new directory beside ``out`` and switched in as a
    whole (:mod:`kg.exports.atomic_dir`): a failed, killed or concurrent build never leaves a mix
    of old and new files. :class:`~kg.errors.UsageError` when ``out`` cannot be written.
    """
    real_out = check_target(Path(out))  # before the work: a bad --out is a usage error, said at once
    real_data = Path(os.path.realpath(data))
    if real_data == real_out or real_out in real_data.parents:
        raise UsageError(
            f"--out {out} holds the dataset folder {data}; kg replaces the whole --out folder, "
            "so give the outputs a folder of their own"
        )
    kg = load(data, min_confidence=min_confidence, encoding=encoding)
    lines, derived = derived_ntriples(kg)
    kg.add_ntriples(lines)
    kg.report["derived"] = derived
    out = Path(out)
    written = [(name, what) for name, what in OUTPUTS]
    contents = {
        "graph.ttl": to_turtle(kg.rdf, subjects=kg.subjects),
        "graph.jsonld": to_jsonld(kg.rdf, subjects=kg.subjects),
        "graph.graphml": to_graphml(kg.nx),
        "graph.html": render_html(kg.nx, kg.ontology, kg.sources, title="kg · AI capital graph").encode("utf-8"),
    }
    focus = focus_entity(kg)
    contents["focus.html"] = render_html(
        kg.nx,
        kg.ontology,
        kg.sources,
        focus=focus,
        title=f"kg · {kg.nx.nodes[focus].get('label', focus)} — ownership" if focus else "kg · AI capital graph",
    ).encode("utf-8")
    contents["summary.md"] = summary_markdown(kg, written).encode("utf-8")
    try:
        with replacing_directory(out) as stage:
            for name, _ in OUTPUTS:
                (stage / name).write_bytes(contents[name])
    except OSError as exc:
        raise UsageError(f"cannot write the outputs to {out}: {exc.strerror or exc}") from None
    if store is not None:
        from kg.sparql.stores import save_store

        kg.report["store"] = save_store(kg, store)
    return {
        **kg.report,
        "triples": triple_count(kg.rdf),
        "written": written,
        "out": str(out),
        "warnings": [w.format() for w in kg.dataset.warnings] if kg.dataset else [],
    }
