"""Bad input as data: one broken file per case in tests/fixtures/invalid/.

Each case is ``<case>.<which>.csv`` (replaces ``<which>.csv`` in a copy of the
valid base dataset tests/fixtures/small/) or ``<case>.<which>.missing`` (deletes
it). ``expected.tsv`` gives, per case, the exact first error line (path shown as
the bare file name), the number of errors, and — for cases that document a
validator bug — what is wrong, as ``<kinds>: <reason>`` where kinds is ``+``-joined:

* ``line``     the first error line is wrong today (the table holds the right one);
* ``count``    the number of errors is wrong today (the table holds the right one);
* ``accepted`` the bad input is accepted today.

Those tests are marked ``xfail(strict=True)``: fixing the bug makes them pass,
and strict xfail then fails until the ``bug`` cell is cleared.
"""

from __future__ import annotations

import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import output_snapshot
from kg.cli.main import main
from kg.errors import DataError
from kg.exports.registry import all_files
from kg.ingest.dataset import read_dataset
from kg.ingest.records import display_path

HERE = Path(__file__).resolve().parent
BASE = HERE / "fixtures" / "small"
INVALID = HERE / "fixtures" / "invalid"
TABLE = INVALID / "expected.tsv"
FILES = ("sources", "entities", "relations", "facts")
BUG_KINDS = {"line", "count", "accepted"}
CASE_FILE = re.compile(r"^(?P<case>[a-z0-9_]+)\.(?P<which>sources|entities|relations|facts)\.(?P<kind>csv|missing)$")
SUMMARY = re.compile(r"^kg: \d+ error\(s\) in the data; nothing was written\.$")


# -- the table and the files ---------------------------------------------------


def read_table() -> list[dict]:
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["case", "expected", "errors", "bug"], "expected.tsv header"
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        assert len(cells) == 4, f"expected.tsv:{n}: {len(cells)} cells, want 4"
        case, expected, errors, bug = cells
        kinds = set(bug.split(":", 1)[0].split("+")) if bug else set()
        assert kinds <= BUG_KINDS, f"expected.tsv:{n}: bug kinds {kinds - BUG_KINDS} not in {BUG_KINDS}"
        rows.append({"case": case, "expected": expected, "errors": int(errors), "bug": bug, "kinds": kinds, "line": n})
    return rows


def case_files() -> dict[str, Path]:
    """Case name -> its fixture file (every file of the folder except the table and generator)."""
    out: dict[str, Path] = {}
    for path in sorted(INVALID.iterdir()):
        if path.name in ("expected.tsv", "make_binary.py") or path.name.startswith(".") or path.name == "__pycache__":
            continue
        m = CASE_FILE.match(path.name)
        assert m, f"{path.name}: not named <case>.<sources|entities|relations|facts>.<csv|missing>"
        assert m["case"] not in out, f"case {m['case']} has two files: {out[m['case']].name}, {path.name}"
        out[m["case"]] = path
    return out


ROWS = read_table()
FIXTURES = case_files()


def params(*bug_kinds: str):
    """One pytest.param per case, xfail(strict) when the case documents a bug of one of bug_kinds."""
    out = []
    for row in ROWS:
        hit = row["kinds"] & set(bug_kinds)
        marks = [pytest.mark.xfail(strict=True, reason=f"validator bug: {row['bug']}")] if hit else []
        out.append(pytest.param(row, id=row["case"], marks=marks))
    return out


def test_table_and_files_match():
    cases = [r["case"] for r in ROWS]
    assert len(cases) == len(set(cases)), "a case appears twice in expected.tsv"
    no_file = sorted(set(cases) - set(FIXTURES))
    no_row = sorted(set(FIXTURES) - set(cases))
    assert not no_file, f"rows in expected.tsv without a fixture file: {no_file}"
    assert not no_row, f"fixture files without a row in expected.tsv: {no_row}"
    assert cases == sorted(cases), "keep expected.tsv sorted by case"
    assert len(cases) >= 35


@pytest.mark.parametrize("row", params())
def test_table_row_is_well_formed(row):
    which = CASE_FILE.match(FIXTURES[row["case"]].name)["which"]
    # The first error is about the file the case breaks, located by file name only.
    assert row["expected"].startswith(f"{which}.csv:"), row["expected"]
    assert row["errors"] >= 1
    assert row["bug"] == "" or row["kinds"], row["bug"]


def test_binary_fixtures_are_current():
    """The generated fixtures are committed; they must match what make_binary.py writes."""
    fixtures = runpy.run_path(str(INVALID / "make_binary.py"))["fixtures"]  # no __pycache__ in the fixture folder
    for name, content in fixtures().items():
        assert (INVALID / name).read_bytes() == content, f"{name} is stale: run tests/fixtures/invalid/make_binary.py"


# -- the library ----------------------------------------------------------------


def make_dataset(case: str, directory: Path) -> Path:
    """A copy of the base dataset with the case's one file replaced (or deleted)."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copyfile(BASE / f"{name}.csv", directory / f"{name}.csv")
    m = CASE_FILE.match(FIXTURES[case].name)
    target = directory / f"{m['which']}.csv"
    if m["kind"] == "missing":
        target.unlink()
    else:
        shutil.copyfile(FIXTURES[case], target)
    return directory


def strip_dir(text: str, directory: Path) -> str:
    """Error text with the dataset directory removed from paths, as shown in expected.tsv."""
    return text.replace(display_path(directory) + os.sep, "")


def problems_of(case: str, tmp_path: Path):
    data = make_dataset(case, tmp_path / "data")
    with pytest.raises(DataError) as info:
        read_dataset(data)
    return data, info.value.problems


@pytest.mark.parametrize("row", params("line", "accepted"))
def test_first_error(row, tmp_path):
    data, problems = problems_of(row["case"], tmp_path)
    assert strip_dir(problems[0].format(), data) == row["expected"]


@pytest.mark.parametrize("row", params("count", "accepted"))
def test_error_count(row, tmp_path):
    data, problems = problems_of(row["case"], tmp_path)
    errors = [strip_dir(p.format(), data) for p in problems if p.severity == "error"]
    assert len(errors) == row["errors"], "\n".join(errors)


# -- the command line -------------------------------------------------------------


snapshot = output_snapshot


@pytest.fixture(scope="session")
def built_outputs(tmp_path_factory) -> Path:
    """Outputs of a successful build of the valid base dataset."""
    out = tmp_path_factory.mktemp("base-outputs")
    assert main(["build", "--data", str(BASE), "--out", str(out)]) == 0
    assert set(snapshot(out)) == set(all_files())  # graph.kg/'s files too
    return out


def build_case(case: str, tmp_path: Path, built_outputs: Path, capsys):
    """Run `kg build` in-process on the case over a copy of good outputs; return what happened."""
    data = make_dataset(case, tmp_path / "data")
    out = tmp_path / "out"
    shutil.copytree(built_outputs, out)
    before = snapshot(out)
    capsys.readouterr()
    rc = main(["build", "--data", str(data), "--out", str(out)])
    captured = capsys.readouterr()
    return rc, captured.out, strip_dir(captured.err, data), before, snapshot(out)


@pytest.mark.parametrize("row", params("accepted"))
def test_cli_build_refuses_and_keeps_outputs(row, tmp_path, built_outputs, capsys):
    rc, out, err, before, after = build_case(row["case"], tmp_path, built_outputs, capsys)
    assert "Traceback" not in err and "internal error" not in err, err
    assert rc == 1, err
    assert out == ""
    assert SUMMARY.match(err.splitlines()[-1]), err
    assert after == before, "a failed build changed the output directory"


@pytest.mark.parametrize("row", params("line", "accepted"))
def test_cli_build_prints_expected_line(row, tmp_path, built_outputs, capsys):
    rc, _out, err, _before, _after = build_case(row["case"], tmp_path, built_outputs, capsys)
    assert rc == 1
    assert err.splitlines()[0] == row["expected"], err


# The real entry points, in a subprocess (a few cases only: each costs a Python start-up).


def run_kg(argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run a command from inside the dataset directory, so kg shows its files by bare name."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("KG_DEBUG", None)
    return subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=env, timeout=120)


def console_script() -> str:
    script = Path(sys.executable).with_name("kg")
    if not script.exists():
        found = shutil.which("kg")
        if not found:
            pytest.skip("the kg console script is not installed")
        script = Path(found)
    return str(script)


def expected_line(case: str) -> str:
    return next(r["expected"] for r in ROWS if r["case"] == case)


@pytest.mark.parametrize("case", ["relations_share_over_100", "sources_missing_file"])
def test_python_m_kg_build(case, tmp_path, built_outputs):
    data = make_dataset(case, tmp_path / "data")
    out = tmp_path / "out"
    shutil.copytree(built_outputs, out)
    before = snapshot(out)
    proc = run_kg([sys.executable, "-m", "kg", "build", "--data", str(data), "--out", str(out)], data)
    err = proc.stderr
    assert proc.returncode == 1, err
    assert proc.stdout == ""
    assert "Traceback" not in err
    assert expected_line(case) in err.splitlines()
    assert snapshot(out) == before


def test_kg_validate_console_script(tmp_path):
    data = make_dataset("facts_unknown_metric", tmp_path / "data")
    proc = run_kg([console_script(), "validate", "--data", str(data)], data)
    err = proc.stderr
    assert proc.returncode == 1, err
    assert proc.stdout == ""
    assert "Traceback" not in err
    assert err.splitlines()[0] == expected_line("facts_unknown_metric")
    ok = run_kg([console_script(), "validate", "--data", str(BASE)], BASE)
    assert ok.returncode == 0, ok.stderr
    assert "is valid" in ok.stdout


# -- inputs that look odd but are valid, and bad inputs no fixture file can hold ----------


def with_file(tmp_path: Path, which: str, content: bytes | None) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    for name in FILES:
        shutil.copyfile(BASE / f"{name}.csv", data / f"{name}.csv")
    if content is None:
        (data / f"{which}.csv").unlink()
    else:
        (data / f"{which}.csv").write_bytes(content)
    return data


def base_bytes(which: str) -> bytes:
    return (BASE / f"{which}.csv").read_bytes()


def test_header_only_relations_builds(tmp_path, capsys):
    header = base_bytes("relations").splitlines(keepends=True)[0]
    data = with_file(tmp_path, "relations", header)
    assert read_dataset(data).relations == []
    out = tmp_path / "out"
    rc = main(["build", "--data", str(data), "--out", str(out)])
    err = capsys.readouterr().err
    assert rc == 0, err
    assert "Traceback" not in err
    assert (out / "graph.ttl").stat().st_size > 0


def _reorder_columns(raw: bytes) -> bytes:
    rows = raw.decode("utf-8").splitlines()
    return "".join(",".join(reversed(r.split(","))) + "\n" for r in rows).encode("utf-8")


VALID_VARIANTS = [
    pytest.param("facts", None, id="facts_csv_missing"),
    pytest.param("relations", base_bytes("relations").replace(b"\n", b"\r\n"), id="crlf_line_endings"),
    pytest.param("entities", _reorder_columns(base_bytes("entities")), id="columns_in_another_order"),
    pytest.param(
        "relations",
        base_bytes("relations").replace(b"17217310 shares", b'"17217310\nshares"'),
        id="line_break_in_quoted_cell",
    ),
    pytest.param("relations", base_bytes("relations").replace(b"note\n", b"note\n\n\n"), id="blank_lines_after_header"),
    pytest.param(
        "relations",
        base_bytes("relations").replace(b"\n", b"\r\n").replace(b"17217310 shares", b'"17217310\r\nshares"'),
        id="crlf_line_break_in_quoted_cell",
    ),
]


@pytest.mark.parametrize(("which", "content"), VALID_VARIANTS)
def test_valid_variants(which, content, tmp_path):
    ds = read_dataset(with_file(tmp_path, which, content))
    assert len(ds.entities) == 5


def test_csv_path_is_a_directory(tmp_path, capsys):
    data = with_file(tmp_path, "relations", None)
    (data / "relations.csv").mkdir()
    with pytest.raises(DataError) as info:
        read_dataset(data)
    assert (
        strip_dir(info.value.problems[0].format(), data)
        == "relations.csv: cannot read the file: it is a directory, not a regular file"
    )


def test_csv_path_is_a_directory_cli(tmp_path, capsys):
    """Whatever the library does, the CLI never shows a traceback."""
    data = with_file(tmp_path, "relations", None)
    (data / "relations.csv").mkdir()
    rc = main(["validate", "--data", str(data)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert rc == 1


def test_file_larger_than_limit(tmp_path):
    """A (sparse) file over MAX_FILE_BYTES is refused from its size alone, without reading it."""
    from kg.ingest.safe_io import MAX_FILE_BYTES

    data = with_file(tmp_path, "relations", None)
    with open(data / "relations.csv", "wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(DataError) as info:
        read_dataset(data)
    assert strip_dir(info.value.problems[0].format(), data) == (
        f"relations.csv: file is {MAX_FILE_BYTES + 1} bytes, larger than the {MAX_FILE_BYTES} kg reads "
        "(fix: split the dataset or load it as RDF)"
    )


def test_missing_data_directory(tmp_path, capsys):
    rc = main(["validate", "--data", str(tmp_path / "nowhere")])
    err = capsys.readouterr().err
    assert rc == 1
    assert "dataset directory does not exist" in err
    assert "Traceback" not in err
