"""``kg import ftm``: FollowTheMoney entities (JSON Lines, one entity a line) into kg's dataset contract.

Each line is read on its own (at most :data:`MAX_LINE` bytes; nesting bounded by the JSON parser's depth), its
schema and every property value checked with the ``followthemoney`` package's own model (the optional extra
``kg[ftm]``): an unknown schema, a property the schema lacks, a value that is not a list of texts or that
FtM's type would drop (a date that is no date, an entity reference FtM cannot keep) is a problem naming the
file, line and property, never a silent loss. Parties and links are written by :mod:`ftm_rows`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.ingest.importers.common import ImportSink, Located, bounded_lines, ontology_for
from kg.ingest.importers.ftm_ids import load_model
from kg.ingest.importers.ftm_rows import FtmRows
from kg.ingest.safe_io import FileRefused, open_regular
from kg.schema.ftm_codes import check_ftm_codes

MAX_LINE = 4 << 20  # bytes in one entity's line
MAX_VALUES = 10_000  # values of one property
FIX_JSONL = 'give FollowTheMoney entities as JSON Lines: one {"id", "schema", "properties"} object a line'


class Refused(Exception):
    def __init__(self, message: str, fix: str, column: int = 0):
        super().__init__(message)
        self.message, self.fix, self.column = message, fix, column


def import_ftm(paths: Iterable[str | Path], out: str | Path, **options: object) -> dict:
    """Import FtM JSON Lines files into a kg dataset folder ``out``; returns the sink's report.

    Raises :class:`kg.errors.DataError` listing every problem when any line is bad (then nothing is written),
    :class:`kg.errors.UsageError` when the followthemoney package is not installed.
    """
    model = load_model()
    onto = ontology_for(check_ftm_codes, "FtM entities")
    names = [str(p) for p in paths]
    with ImportSink(out, importer="ftm", inputs=names) as sink:
        rows = FtmRows(sink, onto, model)
        for path in names:
            _import_file(sink, rows, model, path)
    return sink.report


def _import_file(sink: ImportSink, rows: FtmRows, model: Any, path: str) -> None:
    try:
        fh = open_regular(path)
    except FileRefused as exc:
        sink.problem(Located(path), exc.message, exc.hint)
        return
    with fh:
        for line, raw in bounded_lines(fh, MAX_LINE):
            if raw is None:
                sink.problem(
                    Located(path, line, 1),
                    f"line is longer than {MAX_LINE:,} bytes",
                    "one FtM entity a line; split the file or drop the oversized entity",
                )
                continue
            if not raw.strip():
                continue
            try:
                proxy = _proxy(model, raw)
            except Refused as exc:
                sink.problem(Located(path, line, exc.column or 1), exc.message, exc.fix)
                continue
            rows.entity(proxy, path, Located(path, line, 1, record=proxy.id))


def _proxy(model: Any, raw: bytes) -> Any:
    """One line as an FtM entity proxy, every value checked by the model; :class:`Refused` otherwise."""
    try:
        data = json.loads(raw.rstrip(b"\r\n"))
    except UnicodeDecodeError:
        raise Refused("is not UTF-8 text", "save the file as UTF-8") from None
    except json.JSONDecodeError as exc:
        raise Refused(f"is not JSON: {exc.msg}", FIX_JSONL, exc.colno) from None
    except RecursionError:
        raise Refused("is nested too deeply", FIX_JSONL) from None
    if not isinstance(data, dict):
        raise Refused(f"is a JSON {type(data).__name__}, not an FtM entity object", FIX_JSONL)
    ident, schema_name, props = data.get("id"), data.get("schema"), data.get("properties", {})
    if not isinstance(ident, str) or not ident.strip():
        raise Refused('has no entity id ("id" must be a non-empty text)', "give every entity its FtM id")
    schema = model.get(schema_name) if isinstance(schema_name, str) else None
    if schema is None:
        raise Refused(
            f"entity {ident[:80]}: unknown FtM schema {str(schema_name)[:80]!r}",
            "use a schema of the followthemoney model (Person, Company, Ownership …)",
        )
    if schema.abstract:
        raise Refused(f"entity {ident[:80]}: schema {schema.name} is abstract", "use one of its concrete schemata")
    if not isinstance(props, dict):
        raise Refused(f'entity {ident[:80]}: "properties" is not an object', FIX_JSONL)
    proxy = model.make_entity(schema)
    proxy.id = ident
    for name, values in props.items():
        prop = schema.properties.get(name)
        if prop is None:
            raise Refused(
                f"entity {ident[:80]}: schema {schema.name} has no property {str(name)[:80]!r}",
                "drop the property or use the schema that has it",
            )
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise Refused(
                f"entity {ident[:80]}: property {name} is {type(values).__name__}, not a list of texts",
                f'write it as "{name}": ["…"]',
            )
        if len(values) > MAX_VALUES:
            raise Refused(f"entity {ident[:80]}: property {name} has over {MAX_VALUES:,} values", "split the entity")
        for value in values:
            clean = prop.type.clean(value, proxy=proxy)
            if clean is None or (prop.type.name == "entity" and clean == ident):
                what = "a reference to the entity itself" if clean == ident else f"not a valid FtM {prop.type.name}"
                raise Refused(
                    f"entity {ident[:80]}: {name} value {value[:80]!r} is {what}",
                    f"give a value FtM's {prop.type.name} type accepts (FtM itself would drop this one)",
                )
            proxy.add(name, clean, cleaned=True)
    return proxy
