"""Read GLEIF golden-copy XML (LEI-CDF, RR-CDF, reporting exceptions) as a stream of plain records.

Hostile input: the parser is defusedxml's (no DTD at all, so no entity expansion and no external
fetch), elements are cleared and dropped as soon as their record is read (memory stays at one record
whatever the file's size), nesting is bounded and so is the text of one element. Each record keeps
the line and column where it starts, so every problem can name its place.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

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

LEI_NS = "http://www.gleif.org/data/schema/leidata/2016"
RR_NS = "http://www.gleif.org/data/schema/rr/2016"
REPEX_NS = "http://www.gleif.org/data/schema/repex/2016"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ROOTS = {
    f"{{{LEI_NS}}}LEIData": "lei",
    f"{{{RR_NS}}}RelationshipData": "rr",
    f"{{{REPEX_NS}}}ReportingExceptionData": "repex",
}
RECORDS = {f"{{{LEI_NS}}}LEIRecord": "lei", f"{{{RR_NS}}}RelationshipRecord": "rr", f"{{{REPEX_NS}}}Exception": "repex"}
CONTENT_DATES = {f"{{{ns}}}ContentDate" for ns in (LEI_NS, RR_NS, REPEX_NS)}
AT = "{urn:kg:gleif}at"  # where a record element starts, kept on it as "line:column"
MAX_DEPTH = 32  # GLEIF records are about 6 deep
MAX_TEXT = 64 * 1024  # characters of text in one element
CHUNK = 1 << 16


class XmlRefused(Exception):
    """The file cannot be read on: a message, the line and column, and the fix."""

    def __init__(self, message: str, line: int, column: int, fix: str):
        super().__init__(message)
        self.message, self.line, self.column, self.fix = message, line, column, fix


class _Builder(TreeBuilder):
    """A tree builder that bounds depth and text, and marks where each record element starts."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: DefusedXMLParser | None = None
        self.depth = 0
        self.text = 0

    def _at(self) -> tuple[int, int]:
        p = self.parser.parser if self.parser is not None else None
        return (p.CurrentLineNumber, p.CurrentColumnNumber + 1) if p is not None else (0, 0)

    def start(self, tag, attrs):
        self.depth += 1
        self.text = 0
        if self.depth > MAX_DEPTH:
            line, col = self._at()
            raise XmlRefused(
                f"elements are nested more than {MAX_DEPTH} deep", line, col, "give GLEIF's own files as published"
            )
        if tag in RECORDS:
            line, col = self._at()
            attrs = {**attrs, AT: f"{line}:{col}"}
        return super().start(tag, attrs)

    def end(self, tag):
        self.depth -= 1
        return super().end(tag)

    def data(self, data):
        self.text += len(data)
        if self.text > MAX_TEXT:
            line, col = self._at()
            raise XmlRefused(
                f"an element holds more than {MAX_TEXT} characters of text", line, col, "give GLEIF's own files"
            )
        return super().data(data)


def read_xml(path: str, shown: str) -> Iterator[Header | LeiRecord | RelRecord | ExceptionRecord]:
    """The header, then every record of one GLEIF XML file. Raises :class:`XmlRefused` on bad XML."""
    builder = _Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.parser = parser
    queue: list = []
    parser._setevents(queue, ("start", "end"))
    kind = ""
    header: Header | None = None
    stack: list[Element] = []
    with open_regular(path) as f:
        while True:
            chunk = f.read(CHUNK)
            try:
                if chunk:
                    parser.feed(chunk)
                else:
                    parser.close()
            except ParseError as exc:
                line, col = exc.position
                raise XmlRefused(
                    f"not well-formed XML: {exc}", line, col + 1, "give GLEIF's XML file unchanged"
                ) from None
            except DefusedXmlException as exc:
                line, col = builder._at()
                raise XmlRefused(
                    f"the file declares a DTD or entities ({type(exc).__name__}); kg reads no DTD",
                    line,
                    col,
                    "remove the <!DOCTYPE …> declaration: GLEIF's files have none",
                ) from None
            for event, elem in queue:
                if event == "start":
                    if not stack:
                        kind = ROOTS.get(elem.tag, "")
                        if not kind:
                            raise XmlRefused(
                                f"the root element is {elem.tag}, not a GLEIF LEIData, RelationshipData or "
                                "ReportingExceptionData",
                                1,
                                1,
                                "give a GLEIF golden-copy XML file (LEI-CDF, RR-CDF or reporting exceptions)",
                            )
                    stack.append(elem)
                    continue
                stack.pop()
                if elem.tag in CONTENT_DATES and header is None:
                    header = Header(kind, "xml", gleif_date(elem.text or ""))
                    yield header
                elif elem.tag in RECORDS:
                    if header is None:
                        header = Header(kind, "xml")
                        yield header
                    line, _, col = elem.get(AT, "0:0").partition(":")
                    yield _record(elem, Where(shown, int(line), int(col)))
                    elem.clear()
                    if stack:
                        stack[-1].remove(elem)
            queue.clear()
            if not chunk:
                break
    if header is None and kind:
        yield Header(kind, "xml")


def _t(el: Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def _record(elem: Element, where: Where) -> LeiRecord | RelRecord | ExceptionRecord:
    kind = RECORDS[elem.tag]
    if kind == "lei":
        return _lei(elem, where)
    if kind == "rr":
        return _rel(elem, where)
    ns = {"x": REPEX_NS}
    return ExceptionRecord(
        lei=_t(elem.find("x:LEI", ns)),
        category=_t(elem.find("x:ExceptionCategory", ns)),
        where=where,
        reasons=[_t(e) for e in elem.findall("x:ExceptionReason", ns) if _t(e)],
        references=[_t(e) for e in elem.findall("x:ExceptionReference", ns) if _t(e)],
    )


def _lei(elem: Element, where: Where) -> LeiRecord:
    ns = {"l": LEI_NS}
    ent = elem.find("l:Entity", ns)
    reg = elem.find("l:Registration", ns)
    rec = LeiRecord(lei=_t(elem.find("l:LEI", ns)), where=where)
    if ent is not None:
        legal = ent.find("l:LegalName", ns)
        if legal is not None and _t(legal):
            rec.legal_name = Name(_t(legal), legal.get(XML_LANG, ""))
        for path in (
            "l:OtherEntityNames/l:OtherEntityName",
            "l:TransliteratedOtherEntityNames/l:TransliteratedOtherEntityName",
        ):
            for n in ent.findall(path, ns):
                if _t(n):
                    rec.other_names.append(Name(_t(n), n.get(XML_LANG, ""), n.get("type", "")))
        rec.jurisdiction = _t(ent.find("l:LegalJurisdiction", ns))
        rec.category = _t(ent.find("l:EntityCategory", ns))
        rec.sub_category = _t(ent.find("l:EntitySubCategory", ns))
        rec.legal_form = _t(ent.find("l:LegalForm/l:EntityLegalFormCode", ns))
        rec.entity_status = _t(ent.find("l:EntityStatus", ns))
        rec.creation_date = gleif_date(_t(ent.find("l:EntityCreationDate", ns)))
        ra = ent.find("l:RegistrationAuthority", ns)
        if ra is not None:
            rec.ra_id = _t(ra.find("l:RegistrationAuthorityID", ns)) or _t(
                ra.find("l:OtherRegistrationAuthorityID", ns)
            )
            rec.ra_entity_id = _t(ra.find("l:RegistrationAuthorityEntityID", ns))
    if reg is not None:
        rec.registration_status = _t(reg.find("l:RegistrationStatus", ns))
        rec.validation_sources = _t(reg.find("l:ValidationSources", ns))
        rec.last_update = gleif_date(_t(reg.find("l:LastUpdateDate", ns)))
    return rec


def _rel(elem: Element, where: Where) -> RelRecord:
    ns = {"r": RR_NS}
    rel = elem.find("r:Relationship", ns)
    reg = elem.find("r:Registration", ns)
    if rel is None:
        return RelRecord("", "", "", where)
    out = RelRecord(
        child=_t(rel.find("r:StartNode/r:NodeID", ns)),
        parent=_t(rel.find("r:EndNode/r:NodeID", ns)),
        type=_t(rel.find("r:RelationshipType", ns)),
        where=where,
        child_type=_t(rel.find("r:StartNode/r:NodeIDType", ns)),
        parent_type=_t(rel.find("r:EndNode/r:NodeIDType", ns)),
        status=_t(rel.find("r:RelationshipStatus", ns)),
    )
    for p in rel.findall("r:RelationshipPeriods/r:RelationshipPeriod", ns):
        out.periods.append(
            Period(
                gleif_date(_t(p.find("r:StartDate", ns))),
                gleif_date(_t(p.find("r:EndDate", ns))),
                _t(p.find("r:PeriodType", ns)),
            )
        )
    for q in rel.findall("r:RelationshipQualifiers/r:RelationshipQualifier", ns):
        out.qualifiers.append((_t(q.find("r:QualifierDimension", ns)), _t(q.find("r:QualifierCategory", ns))))
    for q in rel.findall("r:RelationshipQuantifiers/r:RelationshipQuantifier", ns):
        out.quantifiers.append(
            (
                _t(q.find("r:MeasurementMethod", ns)),
                _t(q.find("r:QuantifierAmount", ns)),
                _t(q.find("r:QuantifierUnits", ns)),
            )
        )
    if reg is not None:
        out.registration_status = _t(reg.find("r:RegistrationStatus", ns))
        out.validation_sources = _t(reg.find("r:ValidationSources", ns))
        out.validation_documents = _t(reg.find("r:ValidationDocuments", ns))
        out.last_update = gleif_date(_t(reg.find("r:LastUpdateDate", ns)))
    return out
