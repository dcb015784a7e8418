"""Write a compiled graph (``graph.kg/``) from a built graph: the tables, ``graph.nt`` and the manifest last.

Called by ``kg build`` through its registry entry (inside the build's all-or-nothing staging folder) and by a read
command that found the compiled graph out of date.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import BinaryIO

from kg.compiled import rows
from kg.compiled.graph import CompiledGraph
from kg.compiled.manifest import FORMAT, FORMAT_VERSION, MANIFEST, NTRIPLES, ONTOLOGY, fingerprints, input_files
from kg.compiled.tables import table_of, write_table
from kg.graph.knowledge import KnowledgeGraph
from kg.graph.rdfwrite import write_ntriples
from kg.schema.ontology import default_ontology_dir
from kg.schema.specs import to_snapshot


def _tables(kg: KnowledgeGraph) -> dict:
    return {
        "entities": table_of(rows.entity_rows(kg), ["id"]),
        "names": table_of(rows.name_rows(kg), ["id", "name", "kind", "key"], attrs=False),
        "identifiers": table_of(rows.identifier_rows(kg), ["id", "scheme", "value"], attrs=False),
        "statements": table_of(rows.statement_rows(kg), ["subject", "object", "key"]),
        "sources": table_of(rows.source_rows(kg), ["id"], keep_lead=True),
        "facts": table_of(rows.fact_rows(kg), ["subject"], keep_lead=True),
        "derived": table_of(rows.derived_rows(kg), ["id"], attrs=False),
    }


def write_compiled(kg: KnowledgeGraph, directory: str | Path, *, data: str | Path | None = None) -> dict:
    """Write ``kg`` (built from CSV, derived statements added) as a compiled graph into ``directory`` (created).

    The Parquet files and ``graph.nt`` are deterministic; the manifest is written last, so a folder without one
    is never taken for a compiled graph.
    """
    from kg import __version__

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    tables = {}
    for name, table in _tables(kg).items():
        write_table(table, directory / f"{name}.parquet")
        tables[name] = {"file": f"{name}.parquet", "rows": table.num_rows}
    with open(directory / NTRIPLES, "wb") as fh:
        sink = _LineCount(fh)  # streamed (sorted, distinct lines) from the subject index the writers share
        write_ntriples(kg.rdf, sink, kg.subjects)  # type: ignore[arg-type]
    snapshot = json.dumps(to_snapshot(kg.ontology), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    (directory / ONTOLOGY).write_text(snapshot, encoding="utf-8")
    data_dir = Path(data) if data is not None else (kg.dataset.directory if kg.dataset else Path("data"))
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "kg_version": __version__,
        "data": str(data_dir),  # as given to kg build, e.g. "data": where a read command looks for changes
        "min_confidence": kg.report.get("min_confidence"),
        "derived": kg.report.get("derived") or {},
        "inputs": fingerprints(input_files(data_dir, default_ontology_dir())),
        "tables": tables,
        "ntriples": {"file": NTRIPLES, "triples": sink.lines},
        "ontology": {"file": ONTOLOGY},
        "counts": {
            "entities": kg.nx.number_of_nodes(),
            "statements": kg.nx.number_of_edges(),
            "sources": len(kg.sources),
        },
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    CompiledGraph(directory, manifest).lookup  # noqa: B018 - the indexed lookup file in store/, made now once
    return manifest


class _LineCount:
    """A binary file that counts the lines written through it."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh, self.lines = fh, 0

    def write(self, data: bytes) -> int:
        self.lines += data.count(b"\n")
        return self.fh.write(data)
