"""The Turtle and JSON-LD writers take shortcuts (JSON-LD text written directly rather than through json.dumps of
a dict per node, single values not sorted, prefixed names from the compactor's cache): their bytes must stay those
of the straightforward writers below, on hostile literals, blank nodes, several values and several types."""

from __future__ import annotations

import io
import json

import pytest

from kg.graph.rdfterms import LANG_STRING, RDF_TYPE, XSD, Compactor, Term, escape, nt_term
from kg.graph.rdfwrite import write_jsonld, write_turtle
from kg.schema.ontology import KG, PREFIXES

ID = "https://w3id.org/ai-capital-kg/id/"
STRING = XSD + "string"
NASTY = 'q"uote \\ back\nline\rcr\ttab\x00\x01\x1f\x7f\x85 😀 \u2028 </script> ]]> 智谱'


def _subjects() -> dict:
    kg = str(KG)
    return {
        ("I", ID + "zhipu"): {
            RDF_TYPE: [("I", kg + "Organization"), ("I", kg + "Company"), ("I", "http://ex.org/Type with space")],
            kg + "nameEn": [("L", NASTY, STRING, ""), ("L", "Zhipu", STRING, ""), ("L", "", STRING, "")],
            kg + "nameZh": [("L", "智谱", LANG_STRING, "zh"), ("L", "智譜", LANG_STRING, "zh-hant")],
            kg + "share": [("L", "2.5", XSD + "decimal", ""), ("L", "x", "http://ex.org/dt#odd type", "")],
            kg + "same": [
                ("L", "x", LANG_STRING, "en"),
                ("L", "x", "http://purl.org/dc/terms/W3CDTF", ""),
                ("L", "x", STRING, ""),
            ],
            "http://ex.org/p q": [("B", "b1"), ("I", ID + "a"), ("I", "http://ex.org/no prefix")],
            kg + "one": [("L", NASTY, STRING, "")],
        },
        ("B", "b1"): {kg + "note": [("L", "blank", STRING, "")], RDF_TYPE: [("L", "not an IRI", STRING, "")]},
        ("B", "a0"): {kg + "note": [("I", ID + "zhipu")]},
        ("I", "http://ex.org/a!"): {kg + "note": [("L", "sorts before a", STRING, "")]},
        ("I", "http://ex.org/a"): {kg + "note": [("L", "1", XSD + "integer", "")]},
        ("I", ID + "no-types"): {RDF_TYPE: [("B", "b1")]},
    }


def _turtle_reference(groups: dict, prefixes: dict[str, str] = PREFIXES) -> bytes:
    compact = Compactor(prefixes)

    def term(t: Term) -> str:
        if t[0] == "I":
            return compact(t[1]) or f"<{t[1]}>"
        if t[0] == "L" and not t[3] and t[2] not in (STRING, LANG_STRING):
            short = compact(t[2])
            return f'"{escape(t[1])}"^^{short or "<" + t[2] + ">"}'
        return nt_term(t)

    text = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items()))
    for s in sorted(groups, key=lambda t: (t[0] != "I", t[1])):
        preds = groups[s]
        parts = []
        for p in sorted(preds, key=lambda p: (p != RDF_TYPE, p)):
            objs = sorted({term(o) for o in preds[p]})
            pname = "a" if p == RDF_TYPE else term(("I", p))
            parts.append(f"{pname} " + " ,\n        ".join(objs))
        text += f"\n{term(s)}\n    " + " ;\n    ".join(parts) + " .\n"
    return text.encode("utf-8")


def _jsonld_reference(groups: dict, prefixes: dict[str, str] = PREFIXES) -> bytes:
    compact = Compactor(prefixes)

    def key(iri: str) -> str:
        return compact(iri) or iri

    def value(t: Term) -> dict:
        if t[0] == "I":
            return {"@id": key(t[1])}
        if t[0] == "B":
            return {"@id": f"_:{t[1]}"}
        if t[3]:
            return {"@value": t[1], "@language": t[3]}
        if t[2] == STRING:
            return {"@value": t[1]}
        return {"@value": t[1], "@type": key(t[2])}

    def order(v: dict) -> tuple:
        return (v.get("@id", ""), v.get("@value", ""), v.get("@type", ""), v.get("@language", ""))

    lines = []
    for ident, s in sorted(((key(s[1]) if s[0] == "I" else f"_:{s[1]}", s) for s in groups), key=lambda p: p[0]):
        node: dict = {"@id": ident}
        for p, objs in groups[s].items():
            if p == RDF_TYPE:
                node["@type"] = sorted(key(o[1]) for o in objs if o[0] == "I")
            else:
                node[key(p)] = sorted([value(o) for o in objs], key=order)
        lines.append(json.dumps(node, ensure_ascii=False, sort_keys=True))
    context = json.dumps(dict(sorted(prefixes.items())), ensure_ascii=False, indent=1)
    return f'{{"@context": {context},\n"@graph": [\n'.encode() + ",\n".join(lines).encode() + b"\n]}\n"


def _written(write, graph, groups: dict) -> bytes:
    buf = io.BytesIO()
    write(graph, buf, subjects=groups)
    return buf.getvalue()


def test_turtle_is_the_straightforward_writers(small_graph, hostile):
    for groups in (_subjects(), small_graph.subjects, hostile.subjects):
        assert _written(write_turtle, small_graph.rdf, groups) == _turtle_reference(groups)


def test_jsonld_is_json_dumps_of_each_node(small_graph, hostile):
    for groups in (_subjects(), small_graph.subjects, hostile.subjects):
        data = _written(write_jsonld, small_graph.rdf, groups)
        assert data == _jsonld_reference(groups)
        json.loads(data)


@pytest.mark.parametrize("size", [1, 3, 7, 64, 1 << 16])
def test_lines_reader_streams_the_utf8_of_the_lines(size):
    """kg.graph.rdfread.LinesReader: what a parser reads through it, in reads of any size, is the UTF-8 of the lines
    joined (multi-byte characters split across reads included)."""
    import io

    from kg.graph.rdfread import LinesReader

    lines = [f'<urn:x:{i}> <urn:p> "智譜 {i} \\u00e9 😀" .\n' for i in range(10_000)]
    reader = io.BufferedReader(LinesReader(lines), buffer_size=size)
    chunks = []
    while chunk := reader.read(size):
        chunks.append(chunk)
    assert b"".join(chunks) == "".join(lines).encode("utf-8")
    assert LinesReader([]).read() == b""
