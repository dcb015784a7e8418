"""Read GLEIF API JSON (JSON:API responses of api.gleif.org/api/v1) as a stream of plain records.

A response holds one record (``data`` an object) or a page of them (``data`` an array) of type
``lei-records``, ``relationship-records`` or ``reporting-exceptions``; each is read with ``ijson``
(one record in memory at a time) after a streaming pass that bounds the nesting depth. The API says
``corroborationLevel`` where the XML says ``ValidationSources``: the same codes, read the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ijson

from kg.ingest.importers.gleif_records import (
    ExceptionRecord,
    Header,
    LeiRecord,
    Name,
    Period,
    RelRecord,
    Where,
    gleif_date,
)
from kg.ingest.safe_io import open_regular

MAX_DEPTH = 64
KINDS = {"lei-records": "lei", "relationship-records": "rr", "reporting-exceptions": "repex"}


class JsonRefused(Exception):
    """The file cannot be read on: a message, a JSON pointer and the fix."""

    def __init__(self, message: str, pointer: str, fix: str):
        super().__init__(message)
        self.message, self.pointer, self.fix = message, pointer, fix


def _s(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _scan(path: str) -> tuple[str, bool]:
    """The publication date and whether ``data`` is an array, checking depth and well-formedness on the way."""
    depth = 0
    published = ""
    array = None
    with open_regular(path) as f:
        try:
            for prefix, event, value in ijson.parse(f):
                if event in ("start_map", "start_array"):
                    depth += 1
                    if depth > MAX_DEPTH:
                        raise JsonRefused(
                            f"the JSON is nested more than {MAX_DEPTH} deep",
                            "/" + prefix.replace(".", "/"),
                            "give GLEIF's API response unchanged",
                        )
                    if prefix == "data" and array is None:
                        array = event == "start_array"
                elif event in ("end_map", "end_array"):
                    depth -= 1
                elif prefix == "meta.goldenCopy.publishDate" and event == "string":
                    published = gleif_date(value)
        except ijson.JSONError as exc:
            raise JsonRefused(f"not valid JSON: {exc}", "", "give GLEIF's API response unchanged") from None
    if array is None:
        raise JsonRefused(
            "the JSON has no 'data' object or array: it is not a GLEIF API response",
            "/data",
            "save the response of an api.gleif.org/api/v1 lei-records, relationship-records or reporting-exceptions request",
        )
    return published, array


def read_json(path: str, shown: str) -> Iterator[Header | LeiRecord | RelRecord | ExceptionRecord]:
    """The header, then every record of one GLEIF API JSON file. Raises :class:`JsonRefused`."""
    published, array = _scan(path)
    headers: dict[str, Header] = {}
    with open_regular(path) as f:
        items = ijson.items(f, "data.item" if array else "data", use_float=False)
        for n, item in enumerate(items):
            pointer = f"/data/{n}" if array else "/data"
            if not isinstance(item, dict) or item.get("type") not in KINDS:
                got = item.get("type") if isinstance(item, dict) else type(item).__name__
                raise JsonRefused(
                    f"a record of type {str(got)[:60]!r}, not lei-records, relationship-records or reporting-exceptions",
                    pointer + "/type",
                    "import the API's lei-records, relationship-records or reporting-exceptions responses",
                )
            kind = KINDS[item["type"]]
            if kind not in headers:
                headers[kind] = Header(kind, "json", published)
                yield headers[kind]
            attrs = _d(item, "attributes")
            where = Where(shown, pointer=pointer)
            yield _lei(attrs, where) if kind == "lei" else _rel(attrs, where) if kind == "rr" else _repex(attrs, where)


def _d(obj: Any, key: str) -> dict:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, dict) else {}


def _l(obj: Any, key: str) -> list:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, list) else []


def _lei(attrs: dict, where: Where) -> LeiRecord:
    ent, reg = _d(attrs, "entity"), _d(attrs, "registration")
    rec = LeiRecord(lei=_s(attrs.get("lei")), where=where)
    legal = _d(ent, "legalName")
    if _s(legal.get("name")):
        rec.legal_name = Name(_s(legal.get("name")), _s(legal.get("language")))
    for key in ("otherNames", "transliteratedOtherNames"):
        for n in _l(ent, key):
            if isinstance(n, dict) and _s(n.get("name")):
                rec.other_names.append(Name(_s(n.get("name")), _s(n.get("language")), _s(n.get("type"))))
    rec.jurisdiction = _s(ent.get("jurisdiction"))
    rec.category = _s(ent.get("category"))
    rec.sub_category = _s(ent.get("subCategory"))
    rec.legal_form = _s(_d(ent, "legalForm").get("id"))
    rec.entity_status = _s(ent.get("status"))
    rec.creation_date = gleif_date(_s(ent.get("creationDate")))
    ra = _d(ent, "registeredAt")
    rec.ra_id = _s(ra.get("id")) or _s(ra.get("other"))
    rec.ra_entity_id = _s(ent.get("registeredAs"))
    rec.registration_status = _s(reg.get("status"))
    rec.validation_sources = _s(reg.get("corroborationLevel"))
    rec.last_update = gleif_date(_s(reg.get("lastUpdateDate")))
    return rec


def _rel(attrs: dict, where: Where) -> RelRecord:
    rel, reg = _d(attrs, "relationship"), _d(attrs, "registration")
    start, end = _d(rel, "startNode"), _d(rel, "endNode")
    out = RelRecord(
        child=_s(start.get("id")),
        parent=_s(end.get("id")),
        type=_s(rel.get("type")),
        where=where,
        child_type=_s(start.get("type")),
        parent_type=_s(end.get("type")),
        status=_s(rel.get("status")),
    )
    for p in _l(rel, "periods"):
        if isinstance(p, dict):
            out.periods.append(
                Period(gleif_date(_s(p.get("startDate"))), gleif_date(_s(p.get("endDate"))), _s(p.get("type")))
            )
    for q in _l(rel, "qualifiers"):
        if isinstance(q, dict):
            out.qualifiers.append((_s(q.get("dimension")), _s(q.get("category"))))
    for q in _l(rel, "quantifiers"):
        if isinstance(q, dict):
            out.quantifiers.append((_s(q.get("measurementMethod")), _amount(q.get("amount")), _s(q.get("units"))))
    out.registration_status = _s(reg.get("status"))
    out.validation_sources = _s(reg.get("corroborationLevel"))
    out.validation_documents = _s(reg.get("corroborationDocuments"))
    out.last_update = gleif_date(_s(reg.get("lastUpdateDate")))
    return out


def _amount(value: Any) -> str:
    return _s(value) or (str(value) if value is not None and not isinstance(value, bool | dict | list) else "")


def _repex(attrs: dict, where: Where) -> ExceptionRecord:
    reasons = attrs.get("reason")
    refs = attrs.get("reference")
    return ExceptionRecord(
        lei=_s(attrs.get("lei")),
        category=_s(attrs.get("category")),
        where=where,
        reasons=[_s(r) for r in (reasons if isinstance(reasons, list) else [reasons]) if _s(r)],
        references=[_s(r) for r in (refs if isinstance(refs, list) else [refs]) if _s(r)],
    )
