"""Deterministic mutations of a valid relations.csv never crash `kg validate`.

Whatever the bytes, the validator must either accept the dataset (exit 0) or
name the problems (exit 1) — never an exception, a traceback or an
'internal error' (exit 3).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from kg.cli.main import main

BASE = Path(__file__).resolve().parent / "fixtures" / "small"
RELATIONS = (BASE / "relations.csv").read_bytes()


def _mutations() -> list[tuple[str, bytes]]:
    rng = random.Random(1234)
    raw = RELATIONS
    lines = raw.splitlines(keepends=True)
    header = lines[0]
    out: list[tuple[str, bytes]] = []

    # Truncated at every 37th byte (cuts rows, quotes and multi-byte UTF-8 characters).
    out += [(f"truncate_{n}", raw[:n]) for n in range(0, len(raw), 37)]

    # Other delimiters and line endings.
    out += [
        ("semicolons", raw.replace(b",", b";")),
        ("tabs", raw.replace(b",", b"\t")),
        ("pipes", raw.replace(b",", b"|")),
        ("doubled_commas", raw.replace(b",", b",,")),
        ("crlf", raw.replace(b"\n", b"\r\n")),
        ("cr_only", raw.replace(b"\n", b"\r")),
        ("no_line_breaks", raw.replace(b"\n", b"")),
    ]

    # Rows moved, repeated or lost.
    out += [
        ("header_twice", header + raw),
        ("header_at_end", raw + header),
        ("no_header", b"".join(lines[1:])),
        ("lines_reversed", b"".join(reversed(lines))),
        ("rows_tripled", header + b"".join(lines[1:]) * 3),
        ("row_without_commas", header + lines[1].replace(b",", b"") + b"".join(lines[2:])),
    ]

    # Encodings and bytes no CSV should hold.
    text = raw.decode("utf-8")
    out += [
        ("utf16", text.encode("utf-16")),
        ("utf16_le_no_bom", text.encode("utf-16-le")),
        ("bom_twice", b"\xef\xbb\xbf\xef\xbb\xbf" + raw),
        ("big5", text.encode("big5", errors="replace")),
        ("nul_everywhere", raw.replace(b",", b",\x00")),
    ]

    # Random bytes inserted, overwritten, or quotes added (fixed seed: the same every run).
    for i in range(6):
        pos = rng.randrange(len(raw))
        junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        out.append((f"insert_random_{i}", raw[:pos] + junk + raw[pos:]))
    for i in range(4):
        buf = bytearray(raw)
        for _ in range(5):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        out.append((f"overwrite_random_{i}", bytes(buf)))
    for i in range(3):
        pos = rng.randrange(len(raw))
        out.append((f"stray_quote_{i}", raw[:pos] + b'"' + raw[pos:]))
    return out


MUTATIONS = _mutations()


def test_enough_mutations():
    assert len(MUTATIONS) >= 40
    assert len({name for name, _ in MUTATIONS}) == len(MUTATIONS)


@pytest.mark.parametrize("content", [m[1] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS])
def test_validate_never_crashes(content, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("KG_DEBUG", raising=False)
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    (data / "relations.csv").write_bytes(content)
    rc = main(["validate", "--data", str(data)])
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    assert "internal error" not in err, err
    assert rc in (0, 1), err
    if rc == 1:
        assert err.strip(), "exit 1 without a message"
