"""Make the hostile files of tests/fixtures/hostile_files/expected.tsv (a repository cannot hold them)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
TABLE = HERE / "fixtures" / "hostile_files" / "expected.tsv"
BASE = HERE / "fixtures" / "small"
FILES = ("sources", "entities", "relations", "facts")


def cases() -> list[dict]:
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["case", "which", "make", "expected"]
    return [dict(zip(("case", "which", "make", "expected"), line.split("\t"), strict=True)) for line in lines[1:]]


def make(kind: str, path: Path, keep: contextlib.ExitStack) -> None:
    """Put a hostile file of ``kind`` at ``path`` (sockets stay bound until ``keep`` closes)."""
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dir":
        path.mkdir()
    elif kind == "loop":
        os.symlink(path.name, path)
    elif kind.startswith("link:"):
        os.symlink(kind[5:], path)
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        keep.callback(sock.close)
        old = os.getcwd()
        os.chdir(path.parent)  # AF_UNIX paths are short: bind by bare name
        try:
            sock.bind(path.name)
        finally:
            os.chdir(old)
    else:
        raise ValueError(kind)


def dataset(case: dict, directory: Path, keep: contextlib.ExitStack) -> Path:
    """A copy of the small dataset with the case's file replaced by the hostile one."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        if name != case["which"]:
            shutil.copyfile(BASE / f"{name}.csv", directory / f"{name}.csv")
    make(case["make"], directory / f"{case['which']}.csv", keep)
    return directory
