"""An indexed copy of the compiled graph that a lookup opens in milliseconds at any size: ``store/lookup.sqlite``.

The Parquet tables are the compiled graph. This file is derived from them — entities, statements (indexed by
subject and by object), names by key, sources and facts, each row's attributes as the tables hold them — so that
``kg owners X`` reads only the statements around X (:mod:`kg.compiled.around`) with the standard library's
``sqlite3`` instead of importing pyarrow and reading every table. It lives in the git-ignored ``store/`` beside the
stat cache, is written by ``kg build`` and, when missing, damaged or stamped for other tables, rebuilt from the
tables on first use (or, where the folder is read-only, not used: the command reads the tables as before).

The stamp is the manifest's bytes and each table's size and modification time. The file is checked before use:
its schema must be exactly the one written here (no views or triggers), and it is opened read-only with
``trusted_schema`` off, so a file put there by someone else is rebuilt rather than trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.compiled.manifest import CACHE_DIR, MANIFEST
from kg.errors import DataError

LOOKUP = "lookup.sqlite"
LOOKUP_FORMAT = "kg-lookup 2"
CHUNK = 500  # ids per IN (…) query: well under SQLite's limit on bound parameters
STAMPED = ("entities", "statements", "names", "sources", "facts")
SCHEMA = (
    "CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE entities (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, attrs TEXT NOT NULL)",
    "CREATE TABLE statements (n INTEGER PRIMARY KEY, subject TEXT NOT NULL, object TEXT NOT NULL, "
    "key TEXT NOT NULL, predicate TEXT NOT NULL, attrs TEXT NOT NULL)",
    "CREATE TABLE names (id TEXT NOT NULL, key TEXT NOT NULL)",
    "CREATE TABLE sources (n INTEGER PRIMARY KEY, attrs TEXT NOT NULL)",
    "CREATE TABLE facts (n INTEGER PRIMARY KEY, subject TEXT NOT NULL, attrs TEXT NOT NULL)",
)
INDEXES = (
    "CREATE INDEX statements_object ON statements (object, n)",
    "CREATE INDEX statements_subject ON statements (subject, predicate, n)",
    "CREATE INDEX names_key ON names (key)",
    "CREATE INDEX facts_subject ON facts (subject, n)",
)


def lookup_path(directory: Path) -> Path:
    return directory / CACHE_DIR / LOOKUP


def stamp(directory: Path) -> str:
    """What the lookup file was made from: the manifest's digest, each table's size and modification time."""
    parts = [hashlib.sha256((directory / MANIFEST).read_bytes()).hexdigest()]
    for name in STAMPED:
        st = (directory / f"{name}.parquet").stat()
        parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    return " ".join(parts)


def decode_attrs(texts: list[str], lists: bool) -> list[dict]:
    """The rows' attribute dicts: one JSON parse for the whole column; lists back to tuples where ``lists``."""
    values = json.loads("[" + ",".join(texts) + "]")
    if not all(type(v) is dict for v in values):
        raise ValueError("attrs is not an object")
    if lists:
        for value in values:
            for key, item in value.items():
                if type(item) is list:
                    value[key] = tuple(item)
    return values


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


class Lookup:
    """Read-only queries on ``lookup.sqlite`` (see :func:`open_lookup`); rows keep the tables' order."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def _many(self, sql: str, ids: Iterable[str], *extra: str) -> list[tuple]:
        rows: list[tuple] = []
        for chunk in _chunks(sorted(set(ids))):
            marks = ",".join("?" * len(chunk))
            rows.extend(self.db.execute(sql.format(marks=marks), (*chunk, *extra)))
        return rows

    def has(self, node_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM entities WHERE id = ?", (node_id,)).fetchone() is not None

    def nodes(self, ids: Iterable[str]) -> list[tuple[int, str, str]]:
        """(order, id, attrs JSON) of the entities among ``ids``."""
        return self._many("SELECT n, id, attrs FROM entities WHERE id IN ({marks})", ids)

    def edges_into(self, ids: Iterable[str]) -> list[tuple]:
        """(order, subject, object, key, predicate, attrs JSON) of every statement whose object is among ``ids``."""
        return self._many(
            "SELECT n, subject, object, key, predicate, attrs FROM statements WHERE object IN ({marks})", ids
        )

    def edges_from(self, ids: Iterable[str], predicates: Iterable[str] | None = None) -> list[tuple]:
        """The same for statements whose subject is among ``ids`` (of ``predicates`` only, when given)."""
        sql = "SELECT n, subject, object, key, predicate, attrs FROM statements WHERE subject IN ({marks})"
        if predicates is None:
            return self._many(sql, ids)
        wanted = sorted(set(predicates))
        if not wanted:
            return []
        sql += f" AND predicate IN ({','.join('?' * len(wanted))})"  # by the (subject, predicate) index
        return self._many(sql, ids, *wanted)

    def ids_with_key(self, key: str) -> list[str]:
        return sorted({r[0] for r in self.db.execute("SELECT id FROM names WHERE key = ?", (key,))})

    def sources(self) -> dict[str, dict]:
        """Every source record, as the compiled graph's ``sources`` gives them."""
        rows = self.db.execute("SELECT attrs FROM sources ORDER BY n").fetchall()
        return {rec["id"]: rec for rec in decode_attrs([a for (a,) in rows], lists=True)}

    def facts(self, subject: str) -> list[dict]:
        rows = self.db.execute("SELECT attrs FROM facts WHERE subject = ? ORDER BY n", (subject,)).fetchall()
        return decode_attrs([a for (a,) in rows], lists=True)

    def close(self) -> None:
        self.db.close()


def _connect(path: Path, expected: str) -> Lookup | None:
    """The lookup at ``path`` if it is one of ours with the ``expected`` stamp, else None."""
    if not path.is_file():
        return None
    db = None
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        db.execute("PRAGMA trusted_schema = OFF")
        schema = [r[0] for r in db.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY sql")]
        if schema != sorted([*SCHEMA, *INDEXES]):
            raise sqlite3.DatabaseError("not kg's lookup schema")
        meta = dict(db.execute("SELECT k, v FROM meta"))
        if meta.get("format") != LOOKUP_FORMAT or meta.get("stamp") != expected:
            raise sqlite3.DatabaseError("another format or other tables")
        return Lookup(db)
    except sqlite3.Error:
        if db is not None:
            db.close()
        return None


def open_lookup(directory: Path, tables) -> Lookup | None:
    """The lookup file of the compiled graph ``directory``, rebuilt from ``tables`` when it is missing or stale.

    ``tables(name, columns)`` gives a table's columns as lists (the compiled graph's own reader, which names the
    file when a table is damaged). None when the file can neither be used nor written (a read-only folder, a
    damaged table): the command then reads the tables it needs, as it did before there was a lookup file.
    """
    try:
        expected = stamp(directory)
    except OSError:
        return None
    path = lookup_path(directory)
    found = _connect(path, expected)
    if found is not None:
        return found
    try:
        write_lookup(path, expected, tables)
    except (OSError, DataError):  # a read-only folder; a damaged table, which the command reads (or not) as ever
        return None
    return _connect(path, expected)


def write_lookup(path: Path, expected: str, tables) -> None:
    """Write the lookup file for the tables ``tables`` reads (to a temporary name, then renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        db = sqlite3.connect(tmp)
        try:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            for sql in SCHEMA:
                db.execute(sql)
            ids, attrs = tables("entities", ["id", "attrs"])
            db.executemany("INSERT INTO entities VALUES (?, ?, ?)", zip(range(len(ids)), ids, attrs, strict=True))
            subjects, objects, keys, predicates, attrs = tables(
                "statements", ["subject", "object", "key", "predicate", "attrs"]
            )
            db.executemany(
                "INSERT INTO statements VALUES (?, ?, ?, ?, ?, ?)",
                zip(range(len(subjects)), subjects, objects, keys, predicates, attrs, strict=True),
            )
            ids, keys = tables("names", ["id", "key"])
            db.executemany("INSERT INTO names VALUES (?, ?)", ((i, k) for i, k in zip(ids, keys, strict=True) if k))
            (attrs,) = tables("sources", ["attrs"])
            db.executemany("INSERT INTO sources VALUES (?, ?)", enumerate(attrs))
            subjects, attrs = tables("facts", ["subject", "attrs"])
            db.executemany(
                "INSERT INTO facts VALUES (?, ?, ?)",
                zip(range(len(attrs)), [str(s) for s in subjects], attrs, strict=True),
            )
            for sql in INDEXES:
                db.execute(sql)
            db.executemany("INSERT INTO meta VALUES (?, ?)", [("format", LOOKUP_FORMAT), ("stamp", expected)])
            db.commit()
        finally:
            db.close()
        os.replace(tmp, path)
    except sqlite3.Error as exc:
        raise OSError(str(exc)) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
