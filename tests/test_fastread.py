"""The vectorised reading path (kg.ingest.fastread) gives exactly the exact path's records, and falls back on any problem.

Every dataset is read twice, once with the fast path forced on every file (``FAST_MIN_BYTES = 0``) and once
with it off, and the two results — the Dataset (records in order, values and their types, warnings), or the
DataError's problems — must be equal. Per file, the fast path must return None wherever the exact reader
reports anything, and must not fall back on the plain valid data it is for.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
from pathlib import Path

import pytest

from kg.errors import DataError
from kg.ingest import fastread
from kg.ingest.cells import parse_cell
from kg.ingest.dataset import read_dataset
from kg.ingest.fastvalues import PATTERNS, decided
from kg.ingest.reader import Reader, read_file
from kg.ingest.records import ProblemLog
from kg.schema.ontology import load_ontology
from support import hostile_files
from test_invalid_input import FIXTURES, make_dataset

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ONTO = load_ontology()
FILES = ("sources", "entities", "relations", "facts")
VALID = [
    ROOT / "data",
    HERE / "fixtures" / "small",
    HERE / "fixtures" / "dates",
    HERE / "fixtures" / "unstated_shares",
    *sorted((HERE / "fixtures" / "cycles").iterdir()),
]


def outcome(directory: Path, fast: bool, monkeypatch):
    """read_dataset's Dataset, or its DataError's problems, with the fast path on every file or on none."""
    monkeypatch.setattr(fastread, "FAST_MIN_BYTES", 0 if fast else 1 << 62)
    try:
        return read_dataset(directory, ONTO)
    except DataError as exc:
        return exc.problems


def per_file(directory: Path):
    """(file, exact records, exact problems, fast records or None) for each file of ``directory``."""
    for file in FILES:
        path = directory / f"{file}.csv"
        if not path.exists() and not path.is_symlink():
            continue
        exact = Reader(ONTO, directory)
        records = read_file(exact, file, path, file)
        fast = read_file_fast_on(directory, file)
        yield file, records, exact.problems, fast


def read_file_fast_on(directory: Path, file: str):
    return fastread.read_file_fast(Reader(ONTO, directory), file, directory / f"{file}.csv", file, min_bytes=0)


def assert_same(directory: Path, monkeypatch):
    fast, exact = outcome(directory, True, monkeypatch), outcome(directory, False, monkeypatch)
    assert fast == exact
    if not isinstance(exact, list):  # the types too: Decimal, int, tuple, PartialDate, str
        for name in FILES:
            for a, b in zip(getattr(fast, name), getattr(exact, name), strict=True):
                assert [type(v) for v in a.values.values()] == [type(v) for v in b.values.values()]
                assert list(a.values) == list(b.values)
    return exact


@pytest.mark.parametrize("directory", VALID, ids=lambda p: str(p.relative_to(ROOT)))
def test_valid_datasets_read_the_same(directory, monkeypatch):
    ds = assert_same(directory, monkeypatch)
    assert not isinstance(ds, list), ds
    for file, records, problems, fast in per_file(directory):
        assert not problems
        if fast is not None:
            assert fast == records, file


def test_bundled_data_takes_the_fast_path():
    for file, records, _, fast in per_file(ROOT / "data"):
        assert fast is not None, f"{file}.csv fell back"
        assert fast == records


@pytest.mark.parametrize("n", [300, 3000])
def test_generated_data_reads_the_same(n, tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    generate(n, tmp_path)
    ds = assert_same(tmp_path, monkeypatch)
    assert len(ds.entities) == n
    for file, records, _, fast in per_file(tmp_path):
        assert fast is not None and fast == records, file


def assert_falls_back(data: Path, monkeypatch) -> None:
    problems = assert_same(data, monkeypatch)
    assert isinstance(problems, list) and problems
    for file, _, file_problems, fast in per_file(data):
        if file_problems:
            assert fast is None, f"{file}.csv: the fast path accepted what the exact path reports"


@pytest.mark.parametrize("case", sorted(FIXTURES))
def test_invalid_fixture_falls_back_with_the_same_errors(case, tmp_path, monkeypatch):
    assert_falls_back(make_dataset(case, tmp_path / "data"), monkeypatch)


def test_readme_broken_dataset_falls_back_with_the_same_errors(monkeypatch):
    assert_falls_back(HERE / "fixtures" / "readme" / "mydata", monkeypatch)


@pytest.mark.parametrize("case", hostile_files.cases(), ids=lambda c: c["case"])
def test_hostile_file_falls_back(case, tmp_path, monkeypatch):
    with contextlib.ExitStack() as keep:
        data = hostile_files.dataset(case, tmp_path / "d", keep)
        assert read_file_fast_on(data, case["which"]) is None
        assert_same(data, monkeypatch)


# -- CSV the two parsers might split differently --------------------------------------------------

RELATIONS = (HERE / "fixtures" / "small" / "relations.csv").read_bytes()


def _quoted_evidence(text: bytes) -> bytes:
    lines = text.split(b"\n")
    return b"\n".join(
        [lines[0]] + [line + b'"a, ""quoted"" word"' if line.endswith(b",") else line for line in lines[1:]]
    )


TRICKY = {
    "crlf": RELATIONS.replace(b"\n", b"\r\n"),
    "blank_lines": RELATIONS.replace(b"\n", b"\n\n", 3) + b"\n\n",
    "crlf_blank_lines": RELATIONS.replace(b"\n", b"\r\n").replace(b"\r\n", b"\r\n\r\n", 4),
    "bom": b"\xef\xbb\xbf" + RELATIONS,
    "no_final_newline": RELATIONS.rstrip(b"\n"),
    "quoted_cells": _quoted_evidence(RELATIONS),
    "quoted_line_break": _quoted_evidence(RELATIONS).replace(b"quoted", b"line\nbreak", 1),
    "quote_then_text": _quoted_evidence(RELATIONS).replace(b'word"', b'word"x', 1),
    "quote_inside_cell": RELATIONS.replace(b"\n", b'\nab"c', 2).replace(b'\nab"c', b"\n", 1),
    "space_before_quote": _quoted_evidence(RELATIONS).replace(b',"a, ', b', "a, ', 1),
    "lone_cr": RELATIONS.replace(b"\n", b"\r", 2),
    "all_blank_row": RELATIONS + b"," * RELATIONS.split(b"\n")[0].count(b",") + b"\n",
    "whitespace_line": RELATIONS + b"   \n",
    "header_repeated": RELATIONS + RELATIONS.split(b"\n")[0] + b"\n",
    "short_row": RELATIONS + b"a,b\n",
    "padded_id": RELATIONS.replace(b"\n", b"\n ", 2).replace(b"\n ", b"\n", 1),
    "header_only": RELATIONS.split(b"\n")[0] + b"\n",
    "header_without_newline": RELATIONS.split(b"\n")[0],
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_tricky_csv_reads_the_same(name, tmp_path, monkeypatch):
    for file in FILES:
        shutil.copyfile(HERE / "fixtures" / "small" / f"{file}.csv", tmp_path / f"{file}.csv")
    (tmp_path / "relations.csv").write_bytes(TRICKY[name])
    assert_same(tmp_path, monkeypatch)
    for file, records, problems, fast in per_file(tmp_path):
        if problems:
            assert fast is None, file
        elif fast is not None:
            assert fast == records, file


def test_simple_csv_is_used_for_plain_quoting_and_windows_line_ends(tmp_path):
    for name in ("crlf", "quoted_cells", "blank_lines", "bom"):
        for file in FILES:
            shutil.copyfile(HERE / "fixtures" / "small" / f"{file}.csv", tmp_path / f"{file}.csv")
        (tmp_path / "relations.csv").write_bytes(TRICKY[name])
        assert read_file_fast_on(tmp_path, "relations") is not None, name


# -- the vectorised value tests agree with parse_cell -----------------------------------------------


SAMPLES = [
    "abc", "a", "co0", "ABC", "a b", " a", "a ", "\u3000a", "a\u3000", "a\u00a0", "=1", "+1", "-1", "@x", "x=1",
    "a|b", "a | b", "|", "a\tb", "a\nb", "12", "0012", "-3", "1.5", "١٢", "x" * 129, "x" * 4001, "名字", "a\x85",
    "a\u200b", "\ufeffa", "a.b-c_d", "_a", ".a", "a" * 128, "", "\u2028a", "a\x1c", "名", "a\x7f", "\u00e9t\u00e9",
]  # fmt: skip


@pytest.mark.parametrize("kind", sorted(PATTERNS))
def test_decided_values_are_parse_cells(kind):
    import pyarrow as pa

    known, convert = decided(kind, pa.array(SAMPLES, pa.string()), SAMPLES)
    assert any(known)
    for text, ok in zip(SAMPLES, known, strict=True):
        if ok:
            log = ProblemLog()
            value = parse_cell(log, kind, text, ("f", 1, 1), "c")
            assert not log.problems and value == convert(text) and type(value) is type(convert(text)), text


def test_repeated_rows_found_through_hash_collisions():
    from kg.ingest.records import Record
    from kg.ingest.references import _Repeats

    a, b, c, d = (
        Record("relations", n, {"subject": s, "note": "x"}) for n, s in ((2, "a"), (3, "b"), (4, "b"), (5, "a"))
    )
    repeats = _Repeats()
    assert repeats.first(a) is None
    repeats.by_hash[hash(repeats.key(b))] = a  # b's hash collides with a's row
    assert repeats.first(b) is None and repeats.first(c) == 3 and repeats.first(d) == 2
