"""``kg import gleif``: GLEIF golden-copy XML and API JSON files into kg's dataset contract.

The form of each file is sniffed from its content (the XML root element, the JSON shape), never
from its name; anything else is refused, naming what was found. Every file is read as a stream
(``gleif_xml``, ``gleif_json``) into the plain records of ``gleif_records``, which ``gleif_rows``
writes through the import sink. The report adds ``ultimate_parents``: how many ultimate parents
GLEIF reports agree with the top of the chain of direct consolidation kg reads, disagree, or could
not be checked because the chain is cut off in the input (each of the last two also a warning).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.ingest.importers.common import ImportSink, Located, ontology_for
from kg.ingest.importers.gleif_json import JsonRefused, read_json
from kg.ingest.importers.gleif_records import ExceptionRecord, Header, LeiRecord, RelRecord
from kg.ingest.importers.gleif_rows import GleifRows
from kg.ingest.importers.gleif_xml import XmlRefused, read_xml
from kg.ingest.safe_io import FileRefused, open_regular
from kg.schema.gleif_codes import check_gleif_codes

SNIFF_BYTES = 4096
FORMS = "GLEIF golden-copy XML (LEI-CDF, RR-CDF, reporting exceptions) or GLEIF API JSON"
LEI_RDF_MARKS = (b"www.gleif.org/ontology/", b"rdf.gleif.org/")

Record = Header | LeiRecord | RelRecord | ExceptionRecord


def sniff(head: bytes) -> str:
    """The form of a file from its first bytes: 'xml', 'json', 'lei-rdf', or a description of what it is."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    gleif_xml = any(root in head for root in (b"<LEIData", b"<RelationshipData", b"<ReportingExceptionData"))
    if any(mark in head for mark in LEI_RDF_MARKS) and not text.startswith((b"{", b"[")) and not gleif_xml:
        return "lei-rdf"
    if text.startswith(b"<"):
        return "xml"
    if text.startswith((b"{", b"[")):
        return "json"
    if not text:
        return "an empty file"
    first = text.split(b"\n", 1)[0][:80].decode("utf-8", "replace")
    return f"a file starting {first!r}"


def _records(path: str, shown: str, form: str) -> Iterator[Record]:
    return read_xml(path, shown) if form == "xml" else read_json(path, shown)


def import_gleif(paths: Iterable[str | Path], out: str | Path, **options: object) -> dict:
    """Import GLEIF files into a kg dataset folder ``out``; returns the sink's report.

    Raises :class:`kg.errors.DataError` listing every problem when any file or record is bad (then
    nothing is written).
    """
    onto = ontology_for(check_gleif_codes, "GLEIF records")
    names = [str(p) for p in paths]
    with ImportSink(out, importer="gleif", inputs=names) as sink:
        rows = GleifRows(sink, onto)
        for path in names:
            _import_file(sink, rows, path)
        stats = rows.finish()
    return {**sink.report, "ultimate_parents": stats}


def _import_file(sink: ImportSink, rows: GleifRows, path: str) -> None:
    shown = path
    try:
        with open_regular(path) as f:
            head = f.read(SNIFF_BYTES)
    except FileRefused as exc:
        sink.problem(Located(shown, 0, 0), exc.message, exc.hint)
        return
    form = sniff(head)
    if form == "lei-rdf":
        sink.problem(
            Located(shown, 1, 1),
            "is RDF in GLEIF's lei-rdf vocabulary (https://www.gleif.org/ontology/), which kg import gleif does not read",
            "import GLEIF's golden-copy XML or API JSON of the same records (gleif.org/en/lei-data/gleif-golden-copy)",
        )
        return
    if form not in ("xml", "json"):
        sink.problem(
            Located(shown, 1, 1), f"is {form}, not {FORMS}", f"give {FORMS}; the form is read from the content"
        )
        return
    sid = None
    try:
        for item in _records(path, shown, form):
            if isinstance(item, Header):
                sid = rows.source(item, path)
            elif sid is None:
                continue
            elif isinstance(item, LeiRecord):
                rows.lei(item, sid)
            elif isinstance(item, RelRecord):
                rows.rel(item, sid)
            else:
                rows.exception(item, sid)
    except XmlRefused as exc:
        sink.problem(Located(shown, exc.line, exc.column), exc.message, exc.fix)
    except JsonRefused as exc:
        sink.problem(Located(shown, 0, 0, record=exc.pointer), exc.message, exc.fix)
    except FileRefused as exc:  # the file was swapped for something else between two reads
        sink.problem(Located(shown), exc.message, exc.hint)
