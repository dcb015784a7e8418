"""Names, titles and quotes from the data are untrusted everywhere they go.

The fixture tests/fixtures/hostile/hostile.ttl is valid RDF in kg's vocabulary whose
strings try to hurt each output: HTML and Markdown in summary.md, escape sequences
and bidi overrides on a terminal, characters XML forbids in GraphML and XML results,
formulas in CSV/TSV opened by a spreadsheet.
"""

from __future__ import annotations

import atexit
import csv
import io
import json
import re
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

import kg
from conftest import HOSTILE
from kg.cli.main import main
from kg.exports.formats import to_gexf, to_graphml
from kg.exports.summary import summary_markdown
from kg.sparql.stores import save_store
from kg.untrusted import (
    FORMULA_START,
    for_terminal,
    markdown,
    spreadsheet_cell,
    xml_document,
)

# The hostile names break kg's input rules (ids, control characters, formulas), so `--rdf` refuses the
# file; a persistent store or an endpoint is not checked, and that is how such names reach the writers.
STORE = Path(tempfile.mkdtemp(prefix="kg-hostile-")) / "store"
atexit.register(shutil.rmtree, STORE.parent, ignore_errors=True)
save_store(kg.load_rdf(HOSTILE, check=False), STORE)
RDF = ["--store", str(STORE)]
# what a terminal obeys: C0 but tab/newline, DEL, C1, bidi embeddings/overrides/isolates
TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
UNESCAPED_LINK = re.compile(r"(?<!\\)\]\(")  # "](" closes a link or image unless the "]" is escaped
LABELS = "SELECT ?s ?label WHERE { ?s rdfs:label|skos:altLabel|dcterms:title|kg:evidence ?label } ORDER BY ?s ?label"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- summary.md ---------------------------------------------------------------------------------


def test_summary_markdown_holds_no_raw_html_markdown_or_control_characters(hostile):
    md = summary_markdown(hostile, [("graph.ttl", "Turtle")])
    assert "Target AI" in md and "(`constructor`)" in md  # the holders are listed …
    for raw in ("<script", "<img", "</", "<b>"):  # … as text only
        assert raw not in md
    assert not UNESCAPED_LINK.search(md)
    assert "&lt;script&gt;window.\\_\\_pwned=1&lt;/script&gt;" in md
    assert not TERMINAL_CONTROL.search(md)
    assert "\\\\x1b\\[31mRED" in md  # the escape sequence, shown
    columns = None
    for line in md.splitlines():  # no value breaks out of its table cell: every row has its header's cells
        bars = len(re.findall(r"(?<!\\)\|", line))
        if not line.startswith("|"):
            columns = None
        elif columns is None:
            columns = bars
        else:
            assert bars == columns, line


@pytest.mark.parametrize(
    "text, expected",
    [
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("[click](javascript:alert(1))", "\\[click\\](javascript:alert(1))"),
        ("![pic](http://x/p.png)", "!\\[pic\\](http://x/p.png)"),
        ("*b* _i_ ~s~ `c` a|b \\", "\\*b\\* \\_i\\_ \\~s\\~ \\`c\\` a\\|b \\\\"),
        ("AT&T\nline two\r\n\tthree", "AT&amp;T line two  three"),
        ("\x1b[31mred\u202e", "\\\\x1b\\[31mred\\\\u202e"),
        ("Zhipu AI / 智谱 (Beijing) Co., Ltd.", "Zhipu AI / 智谱 (Beijing) Co., Ltd."),
    ],
)
def test_markdown_escapes_every_way_a_value_could_become_markup(text, expected):
    assert markdown(text) == expected


def test_kg_build_summary_escapes_names_from_csv(small, tmp_path):
    evil = '<img src=x onerror="alert(1)"> [x](javascript:alert(2)) *em*'
    cell = '"' + evil.replace('"', '""') + '"'
    with (small / "entities.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"evil,Company,{cell},,,,CN,,,news-1,\n")
    with (small / "sources.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"evil-src,{cell},Evil,2026-01-01,https://example.org/x,en,news,\n")
    with (small / "relations.csv").open("a", encoding="utf-8") as fh:
        fh.write("evil,holdsSharesIn,example_ai,evil-src,1,,,,,,,,,2026-01-08,,,stated,high,,\n")
    assert main(["build", "--data", str(small), "--out", str(tmp_path / "out")]) == 0
    md = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    assert "(`evil`)" in md and "<img" not in md and not UNESCAPED_LINK.search(md)
    assert '&lt;img src=x onerror="alert(1)"&gt; \\[x\\](javascript:alert(2)) \\*em\\*' in md


# -- terminal output ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "constructor"],
        ["show", "__proto__"],
        ["show", "toString"],
        ["show", "hasOwnProperty"],
        ["search", "Capital"],
        ["search", "evil"],
        ["owners", "target_ai", "--explain"],
        ["owners", "target_ai", "--direct"],
        ["holdings", "constructor", "--explain"],
        ["control", "target_ai", "--explain"],
        ["control", "toString"],
        ["path", "constructor", "target_ai"],
        ["query", "shareholders", "--param", "company=target_ai"],
    ],
)
def test_terminal_output_carries_no_escape_sequence_c1_or_bidi_control(capsys, argv):
    code, out, err = run(capsys, *argv, *RDF)
    assert code == 0, err
    assert out.strip()
    assert not TERMINAL_CONTROL.search(out) and not TERMINAL_CONTROL.search(err)


def test_escape_sequences_are_shown_not_obeyed(capsys):
    _code, out, _err = run(capsys, "search", "Capital", *RDF)
    assert "\\x1b[31mRED\\x1b[0m Capital\\x1b[2J" in out
    _code, out, _err = run(capsys, "show", "__proto__", *RDF)
    assert "\\u202eevil\\u202c" in out and "\\u2066iso\\u2069" in out
    _code, out, _err = run(capsys, "show", "toString", *RDF)
    assert "\\x9b31m C1 CSI" in out
    _code, out, _err = run(capsys, "show", "constructor", *RDF)
    assert "  description: *bold* _em_ `code` <b>tag</b> | pipe second line" in out.splitlines()  # one line


def test_error_messages_echo_input_neutralised(capsys):
    code, out, err = run(capsys, "show", "\x1b[31mnobody\u202e", *RDF)
    assert code == 1 and out == ""
    assert "\\x1b[31mnobody\\u202e" in err and not TERMINAL_CONTROL.search(err)


def test_table_aligns_cells_after_neutralising_them(capsys):
    _code, out, _err = run(capsys, "search", "Capital", *RDF)
    header, rule, row = out.splitlines()[:3]
    assert row.index("Company") == header.index("type") == rule.index(" -------  ") + 1


def test_json_output_escapes_c1_and_bidi_and_keeps_the_values(capsys, hostile):
    _code, out, _err = run(capsys, "show", "toString", "--format", "json", *RDF)
    assert not TERMINAL_CONTROL.search(out)
    assert "\\u009b31m" in out
    assert json.loads(out)["entity"]["name_zh"] == hostile.nx.nodes["toString"]["name_zh"]
    _code, out, _err = run(capsys, "show", "__proto__", "--format", "json", *RDF)
    assert json.loads(out)["entity"]["name_zh"].startswith("\u202eevil\u202c")


class _TTY(io.TextIOWrapper):
    def isatty(self) -> bool:
        return True


def test_files_written_to_a_terminal_are_neutralised_too(monkeypatch):
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", _TTY(raw, encoding="utf-8"))
    monkeypatch.setattr(sys, "stdin", io.StringIO(LABELS))
    assert main(["query", "-", "--format", "csv", *RDF]) == 0
    sys.stdout.flush()
    text = raw.getvalue().decode("utf-8")
    assert "\\x1b[31mRED" in text and not TERMINAL_CONTROL.search(text.replace("\r\n", "\n"))


def test_files_written_to_a_pipe_keep_the_data(capsysbinary, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(LABELS))
    assert main(["query", "-", "--format", "json", *RDF]) == 0
    out = capsysbinary.readouterr().out
    labels = {b["label"]["value"] for b in json.loads(out)["results"]["bindings"]}
    assert "\x1b[31mRED\x1b[0m Capital\x1b[2J" in labels  # the JSON file holds the value as it is


# -- XML ---------------------------------------------------------------------------------------


def test_graphml_is_well_formed_xml(hostile):
    data = to_graphml(hostile.nx)
    root = ET.fromstring(data)  # a strict parser: raises on any character XML 1.0 forbids
    values = [d.text or "" for d in root.iter("{http://graphml.graphdrawing.org/xmlns}data")]
    assert "Bad\ufffdXML\ufffd Holder\ufffd" in values
    assert "\x1b[31mRED\x1b[0m Capital\x1b[2J" not in values and "\ufffd[31mRED\ufffd[0m Capital\ufffd[2J" in values
    assert '=HYPERLINK("http://x.invalid","click")' in values  # the rest as it is


def test_kg_build_graphml_is_well_formed_with_noncharacters_in_names(small, tmp_path):
    with (small / "entities.csv").open("a", encoding="utf-8") as fh:
        fh.write("odd,Company,Odd\ufffeName\uffff,奇\ufffe,,,CN,,,news-1,\n")
    assert main(["build", "--data", str(small), "--out", str(tmp_path / "out")]) == 0
    root = ET.parse(tmp_path / "out" / "graph.graphml").getroot()
    assert "Odd\ufffdName\ufffd" in [d.text for d in root.iter("{http://graphml.graphdrawing.org/xmlns}data")]


def test_gexf_is_well_formed_xml(hostile):
    data = to_gexf(hostile.nx, hostile.ontology)
    root = ET.fromstring(data)  # a strict parser: raises on any character XML 1.0 forbids
    gexf = "{http://www.gexf.net/1.2draft}"
    labels = [n.get("label") for n in root.iter(f"{gexf}node")]
    values = [v.get("value") for v in root.iter(f"{gexf}attvalue")]
    assert "Bad\ufffdXML\ufffd Holder\ufffd" in labels
    assert "\x1b[31mRED\x1b[0m Capital\x1b[2J" not in labels and "\ufffd[31mRED\ufffd[0m Capital\ufffd[2J" in labels
    assert '=HYPERLINK("http://x.invalid","click")' in labels + values  # the rest as it is
    nx.read_gexf(io.BytesIO(data))  # and Gephi's reader in networkx takes it


def test_kg_build_gexf_is_well_formed_with_noncharacters_in_names(small, tmp_path):
    with (small / "entities.csv").open("a", encoding="utf-8") as fh:
        fh.write("odd,Company,Odd\ufffeName\uffff,奇\ufffe,,,CN,,,news-1,\n")
    assert main(["build", "--data", str(small), "--out", str(tmp_path / "out")]) == 0
    root = ET.parse(tmp_path / "out" / "graph.gexf").getroot()
    assert "Odd\ufffdName\ufffd" in [n.get("label") for n in root.iter("{http://www.gexf.net/1.2draft}node")]


@pytest.mark.parametrize("query", [LABELS, "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }"])
def test_query_xml_is_well_formed(capsysbinary, monkeypatch, query):
    monkeypatch.setattr(sys, "stdin", io.StringIO(query))
    assert main(["query", "-", "--format", "xml", *RDF]) == 0
    data = capsysbinary.readouterr().out
    root = ET.fromstring(data)
    text = "".join(root.itertext())
    assert "Bad\ufffdXML\ufffd Holder\ufffd" in text and "=HYPERLINK(" in text


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"<a>x\x01y\xef\xbf\xbez</a>", "<a>x\ufffdy\ufffdz</a>"),
        (b"<a b='&#1;'>&#xFFFE;&#13;&#x10FFFF;</a>", "<a b='&#xFFFD;'>&#xFFFD;&#13;&#x10FFFF;</a>"),
        (b"<a>\t\n\r ok &amp; \xe6\x99\xba</a>", "<a>\t\n\r ok &amp; \u667a</a>"),
    ],
)
def test_xml_document_replaces_what_xml_forbids_raw_or_as_a_reference(data, expected):
    assert xml_document(data).decode("utf-8") == expected
    ET.fromstring(xml_document(data))


# -- CSV and TSV -------------------------------------------------------------------------------------


def _formula(cell: str) -> bool:
    return cell.startswith(FORMULA_START) and not NUMBER.fullmatch(cell)


def test_every_csv_cell_is_neutralised(capsysbinary, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(LABELS))
    assert main(["query", "-", "--format", "csv", *RDF]) == 0
    rows = list(csv.reader(io.StringIO(capsysbinary.readouterr().out.decode("utf-8"), newline="")))
    assert rows[0] == ["s", "label"]
    cells = [c for r in rows[1:] for c in r]
    assert not [c for c in cells if _formula(c)]
    for neutralised in (
        '\'=HYPERLINK("http://x.invalid","click")',
        "'+cmd|' /C calc'!A0",
        "'@SUM(1+1)",
        "'-2+3",
        "'\tTab Person",
    ):
        assert neutralised in cells
    assert "<script>alert('src')</script>" in " ".join(cells)  # not a formula: as it is


def test_every_tsv_cell_is_neutralised(capsysbinary, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(LABELS))
    assert main(["query", "-", "--format", "tsv", *RDF]) == 0
    lines = capsysbinary.readouterr().out.decode("utf-8").splitlines()
    assert lines[0] == "?s\t?label"
    for line in lines[1:]:
        for cell in line.split("\t"):
            text = cell[1 : cell.rfind('"')] if cell.startswith('"') else cell
            assert not _formula(text), cell
    assert any(line.endswith('\t"\'=HYPERLINK(\\"http://x.invalid\\",\\"click\\")"@en') for line in lines)


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-1.5", "-1.5"),
        ("+3", "+3"),
        ("-1e5", "-1e5"),
        ("-", "'-"),
        ("-１", "'-１"),
        ("a=1", "a=1"),
        ("", ""),
    ],
)
def test_spreadsheet_cell(cell, expected):
    assert spreadsheet_cell(cell) == expected


def test_clean_results_are_byte_identical(small_graph):
    """The writers change nothing when there is nothing to neutralise (Oxigraph's bytes, as they were)."""
    import pyoxigraph as ox

    from kg.sparql.results import write_result
    from kg.sparql.stores import query_dataset

    store = query_dataset(small_graph)
    q = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    for fmt, name in (
        (ox.QueryResultsFormat.CSV, "csv"),
        (ox.QueryResultsFormat.TSV, "tsv"),
        (ox.QueryResultsFormat.XML, "xml"),
        (ox.QueryResultsFormat.JSON, "json"),
    ):
        body = store.query(q).serialize(format=fmt)
        assert write_result(store.query(q), name) == body
    body = store.query(q).serialize(format=ox.QueryResultsFormat.XML)
    assert xml_document(body) is body
    assert for_terminal("智谱 AI\tok\n") == "智谱 AI\tok\n"


def test_kg_serve_results_are_neutralised_too():
    """The endpoint writes its own CSV/TSV/XML results: the same rules hold there."""
    import urllib.parse
    import urllib.request

    from kg.sparql.serve import make_server, serve_in_thread, shutdown

    query = (
        "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label>|"
        "<http://www.w3.org/2004/02/skos/core#altLabel> ?label } ORDER BY ?s ?label"
    )
    server = make_server(str(STORE), port=0, workers=1, slow_workers=1, timeout=5)
    serve_in_thread(server)
    host, port = server.server_address[:2]
    try:

        def fetch(accept: str) -> str:
            url = f"http://{host}:{port}/sparql?" + urllib.parse.urlencode({"query": query})
            with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": accept}), timeout=30) as r:
                return r.read().decode("utf-8")

        rows = list(csv.reader(io.StringIO(fetch("text/csv"), newline="")))
        cells = [c for r in rows[1:] for c in r]
        assert '\'=HYPERLINK("http://x.invalid","click")' in cells and not [c for c in cells if _formula(c)]
        tsv = [c for line in fetch("text/tab-separated-values").splitlines()[1:] for c in line.split("\t")]
        texts = [c[1 : c.rfind('"')] if c.startswith('"') else c for c in tsv]
        assert "'@SUM(1+1)" in texts and not [c for c in texts if _formula(c)]
        ET.fromstring(fetch("application/sparql-results+xml").encode("utf-8"))  # well-formed despite U+FFFE
    finally:
        shutdown(server)
