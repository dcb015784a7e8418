"""The output formats of ``kg build``: one :class:`OutputFormat` entry per file.

The entry is the one place a format is declared. It drives what ``kg build`` writes and in
which order (:func:`kg.exports.outputs.build_outputs`), the list of files in ``summary.md``,
the README's table of outputs and the tests' lists of files (both checked against
:data:`FORMATS`). Adding a format is one entry here plus a test of its content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.compiled.manifest import MANIFEST, NTRIPLES
from kg.compiled.tables import TABLES
from kg.compiled.write import write_compiled
from kg.explorer.page import render_html
from kg.exports.formats import to_gexf, to_graphml, to_jsonld, to_turtle
from kg.exports.summary import focus_entity, summary_markdown
from kg.graph.knowledge import KnowledgeGraph

TITLE = "kg · AI capital graph"


@dataclass(frozen=True)
class OutputFormat:
    """One file of ``kg build``'s outputs."""

    file: str  # the file name inside --out
    description: str  # one line: summary.md's and the README's "what" column
    media_type: str  # what a server should call it
    write: Callable[[KnowledgeGraph], bytes]  # the built graph (derived statements included) → the file's bytes
    rdf: bool = False  # the canonical RDF graph itself (reads back with `kg validate --rdf`)


def _whole_graph_html(kg: KnowledgeGraph) -> bytes:
    return render_html(kg.nx, kg.ontology, kg.sources, title=TITLE).encode("utf-8")


def _focus_html(kg: KnowledgeGraph) -> bytes:
    focus = focus_entity(kg)
    title = f"kg · {kg.nx.nodes[focus].get('label', focus)} — ownership" if focus else TITLE
    return render_html(kg.nx, kg.ontology, kg.sources, focus=focus, title=title).encode("utf-8")


def _summary(kg: KnowledgeGraph) -> bytes:
    return summary_markdown(kg, listing()).encode("utf-8")


FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat(
        "graph.ttl",
        "the RDF graph (Turtle)",
        "text/turtle",
        lambda kg: to_turtle(kg.rdf, subjects=kg.subjects),
        rdf=True,
    ),
    OutputFormat(
        "graph.jsonld",
        "the RDF graph (JSON-LD)",
        "application/ld+json",
        lambda kg: to_jsonld(kg.rdf, subjects=kg.subjects),
        rdf=True,
    ),
    OutputFormat(
        "graph.graphml",
        "the NetworkX projection (GraphML, for Gephi, yEd, Cytoscape)",
        "application/graphml+xml",
        lambda kg: to_graphml(kg.nx),
    ),
    OutputFormat(
        "graph.gexf",
        "the NetworkX projection (GEXF, for Gephi)",
        "application/gexf+xml",
        lambda kg: to_gexf(kg.nx, kg.ontology),
    ),
    OutputFormat(
        "graph.html",
        "interactive view of the whole graph (open in a browser)",
        "text/html",
        _whole_graph_html,
    ),
    OutputFormat(
        "focus.html",
        "interactive ownership view of the entity with the most holders (Zhipu in the bundled data)",
        "text/html",
        _focus_html,
    ),
    OutputFormat("summary.md", "counts, largest holders, this list", "text/markdown", _summary),
)


@dataclass(frozen=True)
class OutputDirectory:
    """One folder of ``kg build``'s outputs, written into the same all-or-nothing staging folder as the files."""

    name: str
    description: str
    write: Callable[[KnowledgeGraph, Path], object]  # the built graph, the folder to create → (a report)
    files: tuple[str, ...]  # every file it holds, so that tests can list a build's files from the registry


COMPILED_FILES = (*(f"{t}.parquet" for t in TABLES), NTRIPLES, MANIFEST)


def _compiled(kg: KnowledgeGraph, folder: Path) -> object:
    return write_compiled(kg, folder)


DIRECTORIES: tuple[OutputDirectory, ...] = (
    OutputDirectory(
        "graph.kg",
        "the compiled graph (Parquet tables, N-Triples, manifest) that read commands answer from",
        _compiled,
        COMPILED_FILES,
    ),
)


def file_names() -> list[str]:
    """Every file ``kg build`` writes, in the order it lists them."""
    return [f.file for f in FORMATS]


def entry_names() -> list[str]:
    """Every file and folder ``kg build`` writes at the top of ``--out``."""
    return file_names() + [d.name for d in DIRECTORIES]


def all_files() -> list[str]:
    """Every file ``kg build`` writes, those inside its folders as ``folder/file``."""
    return file_names() + [f"{d.name}/{f}" for d in DIRECTORIES for f in d.files]


def listing() -> list[tuple[str, str]]:
    """(file, description) of every output: summary.md's list and ``kg build``'s report."""
    return [(f.file, f.description) for f in FORMATS]
