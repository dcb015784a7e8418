"""``kg combine DIR… --out DIR``: several dataset folders into one, with every shared identifier a ``sameAs`` statement.

Each folder is read and checked by kg's own reader (any problem is a :class:`~kg.errors.DataError` naming the
folder's file and line). The output goes through :class:`~kg.ingest.importers.common.ImportSink`, so it is checked
again and switched in whole, or not written at all:

- sources are united: the same id with the same row is kept once; the same id with a different row is a problem
  naming both files and lines (two folders must not mean two things by one id);
- entities likewise;
- relations and facts are concatenated in input order (a row given exactly so in two folders: once);
- then every pair of entities carrying the same **strong identifier** gets a ``sameAs`` row. A strong identifier
  names one legal person: an org-id.guide list code (``^[A-Z]{2}-[A-Z0-9]+$``: XI-LEI, GB-COH, CN-USCC …) or
  ``wikidata``; never a per-publisher record id such as ``bods-record``. The subject is the entity first in input
  order, the object the other (three or more records sharing one identifier: a star from the first); evidence
  "both records carry XI-LEI:…", basis ``derived``, confidence ``high``, source the subject's (a note names the
  other's). The projection then treats each group as one entity (:mod:`kg.graph.merge`).

The report (``import-report.json``) lists every merge.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from kg.errors import UsageError
from kg.ingest.dataset import read_dataset
from kg.ingest.importers.common import ImportSink, Located
from kg.ingest.records import Record, display_path
from kg.schema.ontology import Ontology, load_ontology
from kg.schema.vocab import CONFIDENCE, SAME_AS

STRONG_SCHEME = re.compile(r"^(?:[A-Z]{2}-[A-Z0-9]+|wikidata)$")
DERIVED = "derived"  # the basis: kg worked it out from what the records state
SUREST = CONFIDENCE[0]  # the surest grade: one identifier, one legal person
OWN_SOURCE = "kg-combine"  # only when neither record of a pair names a source


def strong_identifiers(values: tuple) -> list[tuple[str, str]]:
    """(comparison key, identifier as written) for each identifier that names one legal person.

    >>> strong_identifiers(("XI-LEI:5493001kjtiigc8y1r12", "bods-record:abc", "wikidata:Q95"))
    [('XI-LEI:5493001KJTIIGC8Y1R12', 'XI-LEI:5493001kjtiigc8y1r12'), ('wikidata:Q95', 'wikidata:Q95')]
    """
    out = []
    for ident in values:
        scheme, sep, local = str(ident).partition(":")
        if sep and local.strip() and STRONG_SCHEME.match(scheme):
            out.append((f"{scheme}:{local.strip().upper()}", str(ident)))
    return out


def _plain(value):
    """A typed cell value as the sink takes it (partial dates as their text)."""
    return value if isinstance(value, str | int | float | bool | tuple) or value is None else str(value)


def _where(rec: Record, folder: Path) -> Located:
    return Located(display_path(folder / f"{rec.file}.csv"), rec.line)


def combine(dirs, out, *, onto: Ontology | None = None) -> dict:
    """Combine dataset folders ``dirs`` into ``out``; returns the report (rows, merges)."""
    folders = [Path(d) for d in dirs]
    if len(folders) < 2:
        raise UsageError("kg combine needs at least two dataset folders: kg combine DIR DIR… --out DIR")
    if any(Path(out).resolve() == f.resolve() for f in folders):
        raise UsageError("--out must be a new folder, not one of the folders combined")
    onto = onto or load_ontology()
    datasets = [(folder, read_dataset(folder, onto)) for folder in folders]
    sink = ImportSink(out, importer="combine", inputs=folders, onto=onto)
    with sink:
        kept: dict[tuple[str, str], tuple[Record, Path]] = {}
        sources_of: dict[str, str] = {}
        order: list[tuple[str, tuple]] = []  # entity id, identifiers: in input order
        seen: set[bytes] = set()  # digests of the relation and fact rows given so far
        stated: set[frozenset[str]] = set()  # pairs an input joins by sameAs already
        for folder, ds in datasets:
            for file, records in (("sources", ds.sources), ("entities", ds.entities)):
                for rec in records:
                    ident = str(rec.get("id"))
                    first = kept.get((file, ident))
                    if first is not None:
                        if first[0].values != rec.values:
                            old = _where(*first)
                            sink.problem(
                                _where(rec, folder),
                                f"{file[:-1]} id '{ident}' is also in {old.file}:{old.line} with a different row",
                                "give one of them another id (or make the rows the same) before combining",
                            )
                        continue
                    kept[(file, ident)] = (rec, folder)
                    row = {k: _plain(v) for k, v in rec.values.items()}
                    if file == "sources":
                        sink.source(_where(rec, folder), **row)
                    else:
                        sink.entity(_where(rec, folder), **row)
                        sources_of[ident] = str(rec.get("source") or "")
                        order.append((ident, tuple(rec.get("identifiers") or ())))
            for rec in ds.relations:
                row = {k: _plain(v) for k, v in rec.values.items()}
                if _seen(seen, "relations", row):  # the same statement in two folders: once
                    continue
                if row.get("predicate") == SAME_AS:
                    stated.add(frozenset((str(row["subject"]), str(row["object"]))))
                sink.relations(f"{folder}\x1f{rec.line}", [row], _where(rec, folder))
            for rec in ds.facts:
                row = {k: _plain(v) for k, v in rec.values.items()}
                if not _seen(seen, "facts", row):
                    sink.fact(_where(rec, folder), **row)
        merges = _same_as(sink, order, sources_of, stated)
        sink.extra["merges"] = merges
    return sink.report


def _seen(seen: set[bytes], file: str, row: dict) -> bool:
    """Whether this exact row was given before (a digest kept per row: 20 bytes, not the row)."""
    digest = hashlib.sha1(repr((file, sorted(row.items()))).encode("utf-8")).digest()
    if digest in seen:
        return True
    seen.add(digest)
    return False


def _same_as(
    sink: ImportSink, order: list[tuple[str, tuple]], sources_of: dict[str, str], stated: set[frozenset[str]]
) -> list[dict]:
    """One sameAs row per (first carrier, other carrier) of each strong identifier not joined already by an
    input's own sameAs row; returns the merges listed."""
    carriers: dict[str, list[str]] = {}
    shown: dict[str, str] = {}
    for ident, idents in order:
        for key, written in strong_identifiers(idents):
            shown.setdefault(key, written)
            group = carriers.setdefault(key, [])
            if ident not in group:
                group.append(ident)
    pairs: dict[tuple[str, str], list[str]] = {}
    for key, group in carriers.items():
        for other in group[1:]:
            pairs.setdefault((group[0], other), []).append(shown[key])
    merges = []
    for (subject, obj), shared in pairs.items():
        if frozenset((subject, obj)) in stated:
            continue
        source = sources_of[subject] or sources_of[obj]
        if not source:
            source = sink.source(
                id=OWN_SOURCE, title="kg combine: identifiers shared by records of the combined folders", kind="other"
            )
        other = sources_of[obj]
        row = {
            "subject": subject,
            "predicate": SAME_AS,
            "object": obj,
            "source": source,
            "basis": DERIVED,
            "confidence": SUREST,
            "evidence": "both records carry " + "; ".join(shared),
            "note": f"{obj} is from source {other}" if other else f"{obj} names no source",
        }
        sink.relations(f"sameAs\x1f{subject}\x1f{obj}", [row])
        merges.append({"subject": subject, "object": obj, "identifiers": shared})
    return merges
