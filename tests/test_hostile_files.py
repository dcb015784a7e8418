"""Files that are not what they seem: pipes, devices, link loops, wrong paths, other encodings.

Dataset cases are data: tests/fixtures/hostile_files/expected.tsv (made at test time by
tests/support/hostile_files.py, since a repository cannot hold a FIFO or a socket).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import pytest

from kg.cli.main import main
from kg.errors import DataError
from kg.exports.registry import file_names
from kg.ingest.dataset import read_dataset
from kg.ingest.records import display_path
from kg.ingest.safe_io import FileRefused, TooLarge, read_regular
from support import hostile_files

HERE = Path(__file__).resolve().parent
BASE = HERE / "fixtures" / "small"
CASES = hostile_files.cases()


def strip_dir(text: str, directory: Path) -> str:
    return text.replace(display_path(directory) + os.sep, "")


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_hostile_dataset_file(case, tmp_path):
    with contextlib.ExitStack() as keep:
        data = hostile_files.dataset(case, tmp_path / "d", keep)
        with pytest.raises(DataError) as info:
            read_dataset(data)
    assert strip_dir(info.value.problems[0].format(), data) == case["expected"]


@pytest.mark.parametrize(
    "case", [c for c in CASES if c["make"] in ("fifo", "loop", "link:/dev/zero")], ids=lambda c: c["case"]
)
def test_hostile_dataset_file_cli(case, tmp_path, capsys):
    with contextlib.ExitStack() as keep:
        data = hostile_files.dataset(case, tmp_path / "d", keep)
        rc = main(["validate", "--data", str(data)])
    err = capsys.readouterr().err
    assert rc == 1, err
    assert "internal error" not in err and "Traceback" not in err
    assert strip_dir(err.splitlines()[0], data) == case["expected"]


def test_bounded_read_holds_when_stat_says_zero():
    """/proc files are regular and report size 0: the cap must hold on the bytes read."""
    with pytest.raises(TooLarge) as info:
        read_regular("/proc/self/status", 16)
    assert info.value.message == "file holds more than the 16 bytes kg reads"
    assert read_regular("/proc/self/status", 1 << 20).startswith(b"Name:")


def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "p.ttl"
    os.mkfifo(fifo)
    with pytest.raises(FileRefused, match="named pipe"):
        read_regular(fifo, 100)


def test_data_is_a_file(tmp_path, capsys):
    data = tmp_path / "d"
    shutil.copytree(BASE, data)
    rc = main(["validate", "--data", str(data / "entities.csv")])
    err = capsys.readouterr().err
    assert rc == 1
    assert err.splitlines()[0] == (
        f"{display_path(data / 'entities.csv')}: --data must be the dataset folder, "
        f"but this is a file (fix: pass the folder that holds it: --data {display_path(data)})"
    )


def test_data_is_a_link_loop(tmp_path, capsys):
    os.symlink("loop", tmp_path / "loop")
    rc = main(["validate", "--data", str(tmp_path / "loop")])
    err = capsys.readouterr().err
    assert rc == 1 and "internal error" not in err
    assert err.splitlines()[0].startswith(
        f"{display_path(tmp_path / 'loop')}: dataset directory is a symbolic link loop"
    )


@pytest.mark.parametrize("make", ["fifo", "link:/dev/zero", "loop", "dir"])
def test_rdf_file_hostile(make, tmp_path, capsys):
    path = tmp_path / "g.ttl"
    with contextlib.ExitStack() as keep:
        hostile_files.make(make, path, keep)
        rc = main(["validate", "--rdf", str(path)])
    err = capsys.readouterr().err
    assert rc == 1, err
    assert "internal error" not in err and "Traceback" not in err
    assert err.startswith(f"{path}: cannot read the file: it is "), err


@pytest.mark.parametrize("make", ["fifo", "link:/dev/zero", "loop"])
def test_query_file_hostile(make, tmp_path, capsys):
    path = tmp_path / "q.rq"
    with contextlib.ExitStack() as keep:
        hostile_files.make(make, path, keep)
        rc = main(["query", str(path), "--data", str(BASE)])
    err = capsys.readouterr().err
    assert rc == 2, err
    assert err.startswith(f"kg: query file {path}: cannot read the file: it is "), err


def test_query_file_not_utf8(tmp_path, capsys):
    path = tmp_path / "q.rq"
    path.write_bytes("SELECT * WHERE { ?s ?p '智譜' }".encode("gbk"))
    rc = main(["query", str(path), "--data", str(BASE)])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.startswith(f"kg: query file {path} is not UTF-8 text (byte 0x"), err


# -- --out -------------------------------------------------------------------------------


def test_out_is_a_file(tmp_path, capsys):
    target = tmp_path / "taken"
    target.write_text("keep me")
    rc = main(["build", "--data", str(BASE), "--out", str(target)])
    err = capsys.readouterr().err
    assert rc == 2
    assert err == f"kg: --out {target} is a file, not a folder; give a folder for the outputs\n"
    assert target.read_text() == "keep me"


def test_out_under_a_file(tmp_path, capsys):
    target = tmp_path / "taken"
    target.write_text("keep me")
    rc = main(["build", "--data", str(BASE), "--out", str(target / "out")])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.startswith(f"kg: --out {target / 'out'} cannot be used: Not a directory"), err


# -- encodings -----------------------------------------------------------------------------


def _copy(tmp_path: Path, name: str) -> Path:
    data = tmp_path / name
    shutil.copytree(BASE, data)
    return data


def test_bom_builds_byte_identical(tmp_path, capsys):
    plain, bom = _copy(tmp_path, "plain"), _copy(tmp_path, "bom")
    for name in ("sources", "entities", "relations", "facts"):
        (bom / f"{name}.csv").write_bytes(b"\xef\xbb\xbf" + (plain / f"{name}.csv").read_bytes())
    assert main(["build", "--data", str(plain), "--out", str(tmp_path / "o1")]) == 0
    assert main(["build", "--data", str(bom), "--out", str(tmp_path / "o2")]) == 0
    capsys.readouterr()
    for name in file_names():
        assert (tmp_path / "o1" / name).read_bytes() == (tmp_path / "o2" / name).read_bytes(), name


@pytest.mark.parametrize("encoding", ["gb18030", "big5", "utf-16"])
def test_encoding_option_reads_the_file(encoding, tmp_path, capsys):
    plain, other = _copy(tmp_path, "plain"), _copy(tmp_path, "other")
    table = str.maketrans("资创学", "資創學") if encoding == "big5" else {}
    for name in ("sources", "entities", "relations", "facts"):
        text = (plain / f"{name}.csv").read_text(encoding="utf-8").translate(table)
        if encoding == "gb18030" and name == "entities":
            text = text.replace("示例大学", "示例大学𠀀")  # four bytes in GB18030, outside GBK
        (plain / f"{name}.csv").write_text(text, encoding="utf-8")
        (other / f"{name}.csv").write_bytes(text.encode(encoding))
    want = read_dataset(plain)
    got = read_dataset(other, encoding=encoding)
    assert [r.values for r in got.entities] == [r.values for r in want.entities]
    assert [r.values for r in got.relations] == [r.values for r in want.relations]
    with pytest.raises(DataError):
        read_dataset(other)
    assert main(["validate", "--data", str(other), "--encoding", encoding]) == 0
    assert "is valid" in capsys.readouterr().out


def test_unknown_encoding_is_a_usage_error(capsys):
    rc = main(["validate", "--data", str(BASE), "--encoding", "klingon"])
    err = capsys.readouterr().err
    assert rc == 2
    assert err == "kg: --encoding: unknown encoding 'klingon' (try utf-8, utf-16, gb18030, big5 or cp1252)\n"


def test_wrong_encoding_named(tmp_path, capsys):
    data = _copy(tmp_path, "d")
    (data / "entities.csv").write_bytes((BASE / "entities.csv").read_text(encoding="utf-8").encode("gbk"))
    rc = main(["validate", "--data", str(data), "--encoding", "big5"])
    err = capsys.readouterr().err
    assert rc == 1
    assert strip_dir(err.splitlines()[0], data) == (
        "entities.csv:5:4: byte 0xc8 is not valid big5 "
        "(fix: check the encoding, or re-save it as CSV UTF-8 (Excel: File › Save As › CSV UTF-8))"
    )


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        ("fifo", "cannot read the file: it is a named pipe (FIFO), not a regular file"),
        ("garbage", "not a kg store marker (damaged?)"),
    ],
)
def test_store_marker_hostile(make, expected, tmp_path, capsys):
    from kg.sparql.stores import STORE_MARKER

    store = tmp_path / "store"
    store.mkdir()
    marker = store / STORE_MARKER
    if make == "garbage":
        marker.write_bytes(b"\x00\xff not json")
    else:
        with contextlib.ExitStack() as keep:
            hostile_files.make(make, marker, keep)
    rc = main(["show", "example_ai", "--store", str(store)])
    err = capsys.readouterr().err
    assert rc == 1, err
    assert err.startswith(f"{marker}: {expected}"), err


def test_out_holding_the_dataset_is_refused(tmp_path, capsys):
    data = tmp_path / "project" / "data"
    shutil.copytree(BASE, data)
    rc = main(["build", "--data", str(data), "--out", str(tmp_path / "project")])
    err = capsys.readouterr().err
    assert rc == 2
    assert err == (
        f"kg: --out {tmp_path / 'project'} holds the dataset folder {data}; kg replaces the whole "
        "--out folder, so give the outputs a folder of their own\n"
    )
    assert sorted(p.name for p in (tmp_path / "project").iterdir()) == ["data"]


def test_out_is_the_working_folder(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rc = main(["build", "--data", str(BASE), "--out", "."])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.startswith("kg: --out . is the working folder or holds it;"), err


def test_encoding_gb18030_reads_the_gbk_fixture(tmp_path, capsys):
    """The GBK fixture (refused as UTF-8) reads right with --encoding gb18030, and the UTF-8 files beside it stay UTF-8."""
    data = _copy(tmp_path, "d")
    shutil.copyfile(HERE / "fixtures" / "invalid" / "entities_gbk.entities.csv", data / "entities.csv")
    got = read_dataset(data, encoding="gb18030")
    assert [r.values for r in got.entities] == [r.values for r in read_dataset(BASE).entities]
    assert main(["build", "--data", str(data), "--encoding", "gb18030", "--out", str(tmp_path / "o1")]) == 0
    assert main(["build", "--data", str(BASE), "--out", str(tmp_path / "o2")]) == 0
    capsys.readouterr()
    assert (tmp_path / "o1" / "graph.ttl").read_bytes() == (tmp_path / "o2" / "graph.ttl").read_bytes()
