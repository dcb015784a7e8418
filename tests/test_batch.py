"""Batch mode: ``kg owners|holdings|control|show --input FILE`` answers every entity in one process."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import kg
from conftest import DATA, HOSTILE, ROOT
from kg.api.batch import entity_lines
from kg.api.frames import COLUMNS
from kg.cli.main import main
from kg.sparql.stores import save_store

AS_OF = ["--as-of", "2026-01-09"]
TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FORMULA = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ids(tmp_path: Path) -> Path:
    path = tmp_path / "ids.txt"
    path.write_text(
        "# three entities and a bad one\nzhipu\n\nno_such_entity_here\n智谱\n  tang_jie  \n", encoding="utf-8"
    )
    return path


def test_entity_lines_skip_blanks_and_comments_and_keep_line_numbers(ids):
    assert list(entity_lines(str(ids))) == [(2, "zhipu"), (4, "no_such_entity_here"), (5, "智谱"), (6, "tang_jie")]
    stream = io.BytesIO(b"\xef\xbb\xbfzhipu\r\n#x\nbaidu\n")
    assert list(entity_lines("-", stream)) == [(1, "zhipu"), (3, "baidu")]


def test_jsonl_a_bad_id_in_the_middle_is_one_error_line_and_the_rest_answer(capsys, ids):
    code, out, err = run(capsys, "owners", "--input", str(ids), "--format", "jsonl", *AS_OF)
    assert code == 1
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(o["line"], o["input"]) for o in lines] == [(2, "zhipu"), (5, "智谱"), (6, "tang_jie")]
    assert err.splitlines() == [f"kg: {ids}:4: no entity is named 'no_such_entity_here'"]
    # each result is exactly what the single command prints with --format json
    assert (
        run(capsys, "owners", "zhipu", "--format", "json", *AS_OF)[1]
        == json.dumps(lines[0]["result"], ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    )
    assert lines[0]["result"] == lines[1]["result"]


@pytest.mark.parametrize("command", ["owners", "holdings", "control", "show"])
def test_every_batch_command_answers_from_stdin(capsys, monkeypatch, command):
    monkeypatch.setattr(sys, "stdin", io.StringIO("zhipu\nbogus_id_x\ntang_jie\n"))
    code, out, err = run(capsys, command, "--input", "-", "--format", "jsonl", *([] if command == "show" else AS_OF))
    assert code == 1 and err.startswith("kg: -:2: ") and len(err.splitlines()) == 1
    assert [json.loads(line)["input"] for line in out.splitlines()] == ["zhipu", "tang_jie"]
    single = run(capsys, command, "tang_jie", "--format", "json", *([] if command == "show" else AS_OF))[1]
    assert json.loads(out.splitlines()[1])["result"] == json.loads(single)


def test_csv_shape_one_header_then_rows_of_the_dataframe(capsys, ids):
    code, out, _ = run(capsys, "owners", "--input", str(ids), "--format", "csv", *AS_OF)
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 1 and rows[0] == ["line", "input", *COLUMNS["owners"]]
    g = kg.build(DATA)
    frame = g.owners("zhipu", as_of="2026-01-09")
    body = [r for r in rows[1:] if r[0] == "2"]
    assert [r[2] for r in body] == frame["holder"].tolist()
    assert [float(r[rows[0].index("low")]) for r in body] == frame["low"].tolist()
    assert {r[0] for r in rows[1:]} == {"2", "5"}  # tang_jie has no owners: no row
    assert rows[1][rows[0].index("as_of")] == "2026-01-09" and rows[1][rows[0].index("exact")] in ("true", "false")


def test_json_is_one_array_and_table_prints_each_answer(capsys, ids):
    code, out, _ = run(capsys, "holdings", "--input", str(ids), "--format", "json", *AS_OF)
    assert code == 1 and [o["line"] for o in json.loads(out)] == [2, 5, 6]
    code, out, _ = run(capsys, "control", "--input", str(ids), *AS_OF)
    single = run(capsys, "control", "zhipu", *AS_OF)[1]
    assert code == 1 and out.startswith(single) and out.count(single.splitlines()[0]) == 2


def test_all_good_exits_0_and_an_empty_input_prints_an_empty_array(capsys, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("zhipu\n", encoding="utf-8")
    assert run(capsys, "owners", "--input", str(good), "--format", "jsonl", *AS_OF)[0] == 0
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n\n", encoding="utf-8")
    assert run(capsys, "show", "--input", str(empty), "--format", "json")[:2] == (0, "[]\n")


def test_usage_errors(capsys, ids, tmp_path):
    assert run(capsys, "owners", "zhipu", "--input", str(ids))[0] == 2
    assert run(capsys, "owners")[0] == 2
    assert run(capsys, "owners", "--input", str(tmp_path / "missing.txt"))[0] == 2
    bad = tmp_path / "gbk.txt"
    bad.write_bytes("智谱\n".encode("gbk"))
    code, _, err = run(capsys, "owners", "--input", str(bad))
    assert code == 2 and "not UTF-8" in err
    code, _, err = run(capsys, "owners", "--input", str(ids), "--assume", "nonsense")
    assert code == 2 and err.count("\n") == 1  # checked once, before any entity


@pytest.fixture(scope="module")
def hostile_store():
    folder = Path(tempfile.mkdtemp(prefix="kg-batch-hostile-"))
    save_store(kg.load_rdf(HOSTILE, check=False), folder / "store")
    yield ["--store", str(folder / "store")]
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("command", ["owners", "holdings", "control", "show"])
def test_hostile_names_are_neutralised_in_csv_and_jsonl(capsys, tmp_path, hostile_store, command):
    ids = tmp_path / "ids.txt"
    ids.write_text(
        "target_ai\nconstructor\n=cmd|' /C calc'!A0\n\x1b[31mred\u202e\ntoString\n__proto__\n", encoding="utf-8"
    )
    for fmt in ("csv", "jsonl", "table"):
        code, out, err = run(capsys, command, "--input", str(ids), "--format", fmt, *hostile_store)
        assert code == 1 and out and len(err.splitlines()) == 2
        assert not TERMINAL_CONTROL.search(out) and not TERMINAL_CONTROL.search(err)
        if fmt == "csv":
            cells = [c for row in csv.reader(io.StringIO(out)) for c in row]
            assert not [c for c in cells if c.startswith(FORMULA) and not NUMBER.fullmatch(c)]
        if fmt == "jsonl":
            assert all(json.loads(line)["result"] for line in out.splitlines())


def test_batch_as_a_process_streams_stdin(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "owners", "--input", "-", "--format", "jsonl", "--data", str(DATA), *AS_OF],
        input="zhipu\nnope_nope\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == "kg: -:2: no entity is named 'nope_nope'"
    assert json.loads(proc.stdout)["input"] == "zhipu"


@pytest.mark.parametrize("kind", ["fifo", "directory", "device", "loop"])
def test_an_input_that_is_not_a_regular_file_is_refused_not_read(capsys, tmp_path, kind):
    import os

    path = tmp_path / "input"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    elif kind == "device":
        path = Path("/dev/zero")
    else:
        path.symlink_to(tmp_path / "input")
    code, out, err = run(capsys, "owners", "--input", str(path), "--format", "jsonl")
    assert code == 2 and out == "" and err.startswith(f"kg: input {path}: ") and len(err.splitlines()) == 1
