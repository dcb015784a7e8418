"""Every importer opens its input the one careful way (kg.ingest.safe_io.open_regular): a pipe, a device or a
folder given as a register is refused with the reader's own message, never waited on or read without end."""

from __future__ import annotations

import os

import pytest

import kg
from kg.errors import DataError

FORMATS = ["bods", "gleif", "wikidata"]


def formats():
    try:
        import followthemoney  # noqa: F401

        return [*FORMATS, "ftm"]
    except ImportError:
        return FORMATS  # the FtM importer is tested with its extra (tests/test_ftm.py)


@pytest.mark.parametrize("fmt", formats())
@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("fifo", "cannot read the file: it is a named pipe (FIFO), not a regular file"),
        ("dir", "cannot read the file: it is a directory, not a regular file"),
        ("device", "cannot read the file: it is a device, not a regular file"),
    ],
)
def test_a_file_that_is_not_a_regular_file_is_refused(tmp_path, fmt, kind, expected):
    path = tmp_path / "register"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dir":
        path.mkdir()
    else:
        path.symlink_to("/dev/zero")
    with pytest.raises(DataError) as info:
        kg.import_register(fmt, [path], tmp_path / "out")
    assert [p.message for p in info.value.problems] == [expected]
    assert not (tmp_path / "out").exists()
