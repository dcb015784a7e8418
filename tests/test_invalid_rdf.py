"""Broken and hostile RDF as data: one file per case in tests/fixtures/invalid_rdf/.

``expected.tsv`` gives, per case (the file name), the exact first error line kg prints, with
the path as the bare file name. Every command that loads ``--rdf`` must print that line and
exit 1: no traceback, no "internal error", no crash.

Cases that attack the parser (RDF/XML entities, deep or remote JSON-LD, huge files, pipes and
devices) run in a subprocess with a 2 GB address-space limit and a timeout, so a regression
fails the test instead of hurting the machine. The others run in-process.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli.main import main

HERE = Path(__file__).resolve().parent
CASES = HERE / "fixtures" / "invalid_rdf"
TABLE = CASES / "expected.tsv"
SUMMARY = "kg: 1 error(s) in the data; nothing was written."
MEMORY_LIMIT = 2 * 1024**3
HOSTILE_SUFFIXES = (".rdf", ".jsonld")  # the formats whose parsers are attacked: entities, depth, remote contexts


def read_table() -> dict[str, str]:
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "case\texpected", "expected.tsv header"
    rows = {}
    for n, line in enumerate(lines[1:], start=2):
        case, sep, expected = line.partition("\t")
        assert sep and expected, f"expected.tsv:{n}: want two cells"
        assert case not in rows, f"expected.tsv:{n}: {case} twice"
        rows[case] = expected
    return rows


ROWS = read_table()
COMMANDS = (("validate",), ("show", "a"), ("owners", "a"))


def test_table_and_files_match():
    files = sorted(p.name for p in CASES.iterdir() if p.name != "expected.tsv")
    assert files == sorted(ROWS), "every fixture has one row in expected.tsv and every row a fixture"
    assert list(ROWS) == sorted(ROWS), "keep expected.tsv sorted"
    for name in files:
        assert (CASES / name).stat().st_size < 400_000, f"{name}: keep fixtures small"


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


DRIVER = """
import contextlib, io, json, sys
from kg.cli.main import main
out = []
for argv in json.loads(sys.argv[1]):
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()) as o:
        rc = main(argv)
    out.append([rc, err.getvalue(), o.getvalue()])
print(json.dumps(out))
"""


def run_guarded(rdf: str, cwd: Path, commands=COMMANDS, timeout: float = 120) -> list[tuple[int, str, str]]:
    """Run the kg commands on one RDF file in a child process with bounded memory and time."""
    argvs = [[*cmd, "--rdf", rdf] for cmd in commands]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("KG_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(argvs)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=timeout,
        preexec_fn=_limit_memory,
    )
    assert proc.returncode == 0, f"the process died (exit {proc.returncode}): {proc.stderr[-2000:]}"
    return [tuple(r) for r in json.loads(proc.stdout)]


def run_in_process(rdf: str, capsys) -> list[tuple[int, str, str]]:
    results = []
    for cmd in COMMANDS:
        rc = main([*cmd, "--rdf", rdf])
        captured = capsys.readouterr()
        results.append((rc, captured.err, captured.out))
    return results


def assert_refused(results, expected: str | None) -> None:
    first = None
    for rc, err, out in results:
        assert "Traceback" not in err and "internal error" not in err, err
        assert rc == 1, err
        assert out == ""
        lines = err.splitlines()
        assert lines[-1] == SUMMARY, err
        first = first or lines[0]
        assert lines[0] == first, "every command reports the same first problem"
        if expected is not None:
            assert lines[0] == expected, err


@pytest.mark.parametrize("case", [c for c in ROWS if not c.endswith(HOSTILE_SUFFIXES)])
def test_broken_rdf_is_refused_by_every_command(case, capsys, monkeypatch):
    monkeypatch.chdir(CASES)
    assert_refused(run_in_process(case, capsys), ROWS[case])


@pytest.mark.parametrize("case", [c for c in ROWS if c.endswith(HOSTILE_SUFFIXES)])
def test_hostile_rdf_is_refused_by_every_command(case):
    assert_refused(run_guarded(case, CASES), ROWS[case])


# -- hostile inputs no small fixture can hold ---------------------------------------------


def test_huge_literal(tmp_path):
    """A 17 MB literal gave 'internal error: MemoryError'."""
    path = tmp_path / "huge.ttl"
    path.write_text('<urn:a> <https://w3id.org/ai-capital-kg/ontology#note> "' + "x" * 17_000_000 + '" .\n')
    assert_refused(
        run_guarded(path.name, tmp_path),
        'huge.ttl: <urn:a> kg:note "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…": the literal is 17000000 '
        "characters long (at most 1048576) (fix: keep long texts in the source document; quote only the "
        "key sentence as evidence)",
    )


def test_literal_just_under_the_cap_is_read(tmp_path):
    from kg.graph.rdfcheck import MAX_LITERAL_CHARS

    path = tmp_path / "long.ttl"
    path.write_text(
        "<urn:a> a <https://w3id.org/ai-capital-kg/ontology#Company> ; "
        '<http://www.w3.org/2000/01/rdf-schema#label> "A" ; <urn:p> "' + "x" * MAX_LITERAL_CHARS + '" .\n'
    )
    rc, err, _out = run_guarded(path.name, tmp_path, commands=(("search", "A"),))[0]
    assert rc == 0, err


def test_file_over_the_size_cap(tmp_path, capsys):
    """Refused from its size alone: a sparse file is not read."""
    from kg.graph.rdfsafe import MAX_RDF_BYTES

    path = tmp_path / "big.nt"
    with open(path, "wb") as fh:
        fh.truncate(MAX_RDF_BYTES + 1)
    rc, err, _ = run_guarded(path.name, tmp_path, commands=(("validate",),))[0]
    assert rc == 1
    assert err.splitlines()[0] == (
        f"big.nt: file is {MAX_RDF_BYTES + 1} bytes, larger than the {MAX_RDF_BYTES} kg reads "
        "(fix: split the graph into smaller files or load it into a SPARQL store (--endpoint))"
    )


NOT_A_FILE = {
    "fifo": (
        lambda p: os.mkfifo(p),
        "graph.ttl: cannot read the file: it is a named pipe (FIFO), not a regular file (fix: point kg at an ordinary file (it does not read pipes, devices or sockets))",
    ),
    "dev_zero": (
        lambda p: p.symlink_to("/dev/zero"),
        "graph.ttl: cannot read the file: it is a device, not a regular file (fix: point kg at an ordinary file (it does not read pipes, devices or sockets))",
    ),
    "directory": (lambda p: p.mkdir(), "graph.ttl: cannot read the file: it is a directory, not a regular file"),
    "symlink_loop": (
        lambda p: p.symlink_to(p.name),
        "graph.ttl: cannot read the file: it is a symbolic link loop (fix: point the link at a real file, or replace it with the file)",
    ),
    "missing": (lambda p: None, "graph.ttl: file does not exist"),
}


@pytest.mark.parametrize("case", ["fifo", "dev_zero"])
def test_pipe_and_device_are_refused_at_once(case, tmp_path):
    """A pipe blocked forever and /dev/zero was read until memory ran out (guarded: a regression would hang)."""
    make, message = NOT_A_FILE[case]
    make(tmp_path / "graph.ttl")
    assert_refused(run_guarded("graph.ttl", tmp_path, timeout=60), message)


@pytest.mark.parametrize("case", ["directory", "symlink_loop", "missing"])
def test_not_a_regular_file(case, tmp_path, capsys, monkeypatch):
    make, message = NOT_A_FILE[case]
    make(tmp_path / "graph.ttl")
    monkeypatch.chdir(tmp_path)
    assert_refused(run_in_process("graph.ttl", capsys), message)


def test_remote_context_is_never_fetched(tmp_path):
    """A remote @context on a local server that would record the fetch: refused, and nothing arrives."""
    import http.server
    import threading

    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.end_headers()
            self.wfile.write(b'{"@context": {"name": "http://xmlns.com/foaf/0.1/name"}}')

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/context.jsonld"
        (tmp_path / "g.jsonld").write_text(json.dumps({"@context": url, "@id": "urn:a", "name": "A"}))
        assert_refused(
            run_guarded("g.jsonld", tmp_path, commands=(("validate",),)),
            f"g.jsonld:1:14: JSON-LD @context '{url}' is a remote document, which kg does not fetch "
            "(fix: put the context in the file as an object)",
        )
    finally:
        server.shutdown()
    assert hits == []


# -- what must still be read -----------------------------------------------------------------


def test_kg_own_outputs_pass(tmp_path, capsys):
    """The graph kg writes, in every RDF form kg reads, passes the checks (a DOCTYPE without entities too)."""
    from conftest import SMALL

    assert main(["build", "--data", str(SMALL), "--out", str(tmp_path)]) == 0
    for name in ("graph.ttl", "graph.jsonld"):
        assert main(["validate", "--rdf", str(tmp_path / name)]) == 0, capsys.readouterr().err
    import kg

    g = kg.load_rdf(tmp_path / "graph.ttl")
    xml = tmp_path / "graph.rdf"
    g.rdf.serialize(xml, format="xml")
    text = xml.read_text(encoding="utf-8")
    xml.write_text(text.replace("<rdf:RDF", "<!DOCTYPE rdf:RDF>\n<rdf:RDF", 1), encoding="utf-8")
    assert kg.load_rdf(xml).nx.number_of_edges() == g.nx.number_of_edges()


def test_json_scanner_is_linear_and_exact():
    """Strings holding brackets or '@context' do not count; depth exactly at the limit passes."""
    from kg.graph.rdfsafe import MAX_JSON_DEPTH, check_json

    check_json(b'{"a": "[[[[{{{{", "b": "@context", "@context": {"x": "http://e/x"}}', "t")
    check_json(b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH, "t")
    with pytest.raises(Exception, match="deeper than"):
        check_json(b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1), "t")
    with pytest.raises(Exception, match="remote document"):
        check_json(b'{"\\u0040context": "http://e/c"}', "t")
