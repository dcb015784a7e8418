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
from typing import BinaryIO

from kg.compiled.manifest import MANIFEST, NTRIPLES, ONTOLOGY
from kg.compiled.tables import TABLES
from kg.compiled.write import write_compiled
from kg.errors import UsageError
from kg.explorer.page import render_html
from kg.exports.bods import write_bods
from kg.exports.ftm import write_ftm
from kg.exports.gexf import write_gexf
from kg.exports.gexf_dynamic import write_gexf_dynamic
from kg.exports.graphml import write_graphml
from kg.exports.neo4j import write_neo4j
from kg.exports.summary import focus_entity, summary_markdown
from kg.graph.knowledge import KnowledgeGraph
from kg.graph.rdfwrite import write_jsonld, write_turtle

TITLE = "kg · AI capital graph"


@dataclass(frozen=True)
class OutputFormat:
    """One file of ``kg build``'s outputs."""

    file: str  # the file name inside --out
    description: str  # one line: summary.md's and the README's "what" column
    media_type: str  # what a server should call it
    write: Callable[[KnowledgeGraph, BinaryIO], None]  # the built graph (derived statements included) → the file
    rdf: bool = False  # the canonical RDF graph itself (reads back with `kg validate --rdf`)
    name: str = ""  # the short name ``kg build --outputs`` also takes
    max_entities: int | None = None  # above this many entities written only when asked for (``--outputs``)
    too_big: str = ""  # why, in a few words: "kg build" says it when it skips the file


def _whole_graph_html(kg: KnowledgeGraph, fh: BinaryIO) -> None:
    fh.write(render_html(kg.nx, kg.ontology, kg.sources, title=TITLE).encode("utf-8"))


def _focus_html(kg: KnowledgeGraph, fh: BinaryIO) -> None:
    focus = focus_entity(kg)
    title = f"kg · {kg.nx.nodes[focus].get('label', focus)} — ownership" if focus else TITLE
    fh.write(render_html(kg.nx, kg.ontology, kg.sources, focus=focus, title=title).encode("utf-8"))


def _summary(kg: KnowledgeGraph, fh: BinaryIO) -> None:
    # the files this build writes (kg build puts them in the report first); every output by default
    fh.write(summary_markdown(kg, kg.report.get("written") or listing()).encode("utf-8"))


FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat(
        "graph.ttl",
        "the RDF graph (Turtle)",
        "text/turtle",
        lambda kg, fh: write_turtle(kg.rdf, fh, subjects=kg.subjects),
        rdf=True,
        name="ttl",
    ),
    OutputFormat(
        "graph.jsonld",
        "the RDF graph (JSON-LD)",
        "application/ld+json",
        lambda kg, fh: write_jsonld(kg.rdf, fh, subjects=kg.subjects),
        rdf=True,
        name="jsonld",
        max_entities=200_000,
        too_big="a JSON-LD file of that size is several GB and few tools read one whole",
    ),
    OutputFormat(
        "graph.graphml",
        "the NetworkX projection (GraphML, for Gephi, yEd, Cytoscape)",
        "application/graphml+xml",
        lambda kg, fh: write_graphml(kg.nx, fh),
        name="graphml",
    ),
    OutputFormat(
        "graph.gexf",
        "the NetworkX projection (GEXF, for Gephi)",
        "application/gexf+xml",
        lambda kg, fh: write_gexf(kg.nx, fh, kg.ontology),
        name="gexf",
    ),
    OutputFormat(
        "graph.dynamic.gexf",
        "the NetworkX projection with the timeline (GEXF 1.3, dynamic: statements over their dates, for Gephi)",
        "application/gexf+xml",
        lambda kg, fh: write_gexf_dynamic(kg.nx, fh, kg.ontology),
        name="gexf-dynamic",
    ),
    OutputFormat(
        "graph.neo4j.zip",
        "nodes and relationships for Neo4j (neo4j-admin import CSVs, import.sh, load.cypher for LOAD CSV)",
        "application/zip",
        write_neo4j,
        name="neo4j",
    ),
    OutputFormat(
        "graph.bods.json",
        "ownership and control as BODS 0.4 statements, with kg's look-through stakes (Open Ownership's tools)",
        "application/json",
        write_bods,
        name="bods",
    ),
    OutputFormat(
        "graph.html",
        "interactive view of the whole graph (open in a browser)",
        "text/html",
        _whole_graph_html,
        name="html",
        max_entities=50_000,
        too_big="a browser cannot lay out a page of the whole graph at that size (use kg render --focus)",
    ),
    OutputFormat(
        "focus.html",
        "interactive ownership view of the entity with the most holders (Zhipu in the bundled data)",
        "text/html",
        _focus_html,
        name="focus",
    ),
    OutputFormat("summary.md", "counts, largest holders, this list", "text/markdown", _summary, name="summary"),
)


# Written only when named (``kg build --outputs ftm``), never by default nor by ``all``: each needs an optional
# package (a clear error naming the extra when it is missing).
OPT_IN: tuple[OutputFormat, ...] = (
    OutputFormat(
        "graph.ftm.json",
        "parties, ownership, control and directorships as FollowTheMoney entities, JSON Lines (needs kg[ftm])",
        "application/x-ndjson",
        write_ftm,
        name="ftm",
    ),
)


@dataclass(frozen=True)
class OutputDirectory:
    """One folder of ``kg build``'s outputs, written into the same all-or-nothing staging folder as the files."""

    name: str
    description: str
    write: Callable[[KnowledgeGraph, Path], object]  # the built graph, the folder to create → (a report)
    files: tuple[str, ...]  # every file it holds, so that tests can list a build's files from the registry


COMPILED_FILES = (*(f"{t}.parquet" for t in TABLES), NTRIPLES, ONTOLOGY, MANIFEST)  # and the git-ignored store/


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
    """Every file ``kg build`` writes by default, in the order it lists them."""
    return [f.file for f in FORMATS]


def opt_in_names() -> list[str]:
    """The files ``kg build`` writes only when ``--outputs`` names them."""
    return [f.file for f in OPT_IN]


def entry_names() -> list[str]:
    """Every file and folder ``kg build`` writes at the top of ``--out``."""
    return file_names() + [d.name for d in DIRECTORIES]


def all_files() -> list[str]:
    """Every file ``kg build`` writes, those inside its folders as ``folder/file``."""
    return file_names() + [f"{d.name}/{f}" for d in DIRECTORIES for f in d.files]


def listing(formats: tuple[OutputFormat, ...] = FORMATS) -> list[tuple[str, str]]:
    """(file, description) of every output (or of ``formats``): summary.md's list and ``kg build``'s report."""
    return [(f.file, f.description) for f in formats]


ALL = "all"


def choose(names: str | None, entities: int) -> tuple[tuple[OutputFormat, ...], list[str]]:
    """The outputs to write and a line for each one left out, from ``--outputs`` (None: the default).

    ``names`` is a comma-separated list of file names or short names, or ``all`` (every output but the opt-in
    ones of :data:`OPT_IN`, which are written only when named); what it names is written whatever the size. By default every output is written except those whose ``max_entities`` the graph
    exceeds. :class:`~kg.errors.UsageError` for a name that is no output, naming the valid ones.
    """
    if names is None:
        chosen = tuple(f for f in FORMATS if f.max_entities is None or entities <= f.max_entities)
        skipped = [
            f"kg: skipped {f.file}: {entities:,} entities is over {f.max_entities:,}, and {f.too_big}; "
            f"add --outputs {ALL} (or name it: --outputs {f.name},...) to write it anyway."
            for f in FORMATS
            if f not in chosen
        ]
        return chosen, skipped
    wanted = {n.strip() for n in names.split(",") if n.strip()}
    if ALL in wanted:
        return FORMATS, []
    known = {key: f for f in (*FORMATS, *OPT_IN) for key in (f.file, f.name) if key}
    unknown = sorted(wanted - known.keys())
    if unknown or not wanted:
        valid = ", ".join(f"{f.file} ({f.name})" for f in (*FORMATS, *OPT_IN))
        what = f"unknown output {', '.join(map(repr, unknown))}" if unknown else "no output named"
        raise UsageError(f"--outputs: {what}; choose from {valid}, or {ALL} (comma-separated)")
    picked = {known[n].file for n in wanted}
    return tuple(f for f in (*FORMATS, *OPT_IN) if f.file in picked), []
