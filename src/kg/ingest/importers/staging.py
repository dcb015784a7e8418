"""The import sink's on-disk store: a SQLite file that folds record updates, written in batches.

:class:`~kg.ingest.importers.common.ImportSink` checks each value and hands the encoded rows here. The
store keeps, per (file, key), the sequence number it was first seen at (the output order) and the rows
of the last version given (or of the first, for keys whose first version wins, such as sources). Puts are
gathered in memory up to ``batch`` at a time and written with a few ``executemany`` calls, which gives
the same table contents as writing each put on its own (first-seen order by ``INSERT OR IGNORE`` in put
order, last rows by replacing a key's pending rows before they are written) at a fraction of the cost.
Memory stays bounded by the batch, whatever the size of the register.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

BATCH = 4096  # puts gathered before one write


class Staging:
    """Rows of one import, keyed by (file, key), kept in a SQLite file inside one open transaction."""

    def __init__(self, path: Path, batch: int = BATCH):
        self.db = sqlite3.connect(path, isolation_level=None)
        self.batch = batch
        self._firsts: list[tuple[str, str, int]] = []
        self._pending: dict[tuple[str, str], tuple[int, list[str], str]] = {}
        self.db.executescript(
            """
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN;
            CREATE TABLE rows(file TEXT, key TEXT, seq INTEGER, sub INTEGER, row TEXT, place TEXT,
                              PRIMARY KEY(file, key, sub)) WITHOUT ROWID;
            CREATE TABLE firsts(file TEXT, key TEXT, seq INTEGER, PRIMARY KEY(file, key)) WITHOUT ROWID;
            """
        )

    def put(self, file: str, key: str, seq: int, rows: list[str], place: str, replace: bool) -> None:
        """Give the rows (encoded) of ``key`` in ``file``; ``replace`` says a later version replaces an earlier."""
        self._firsts.append((file, key, seq))
        k = (file, key)
        if not replace and (k in self._pending or self._stored(k)):
            return
        self._pending[k] = (seq, rows, place)
        if len(self._firsts) >= self.batch:
            self.flush()

    def _stored(self, k: tuple[str, str]) -> bool:
        return self.db.execute("SELECT 1 FROM rows WHERE file=? AND key=? LIMIT 1", k).fetchone() is not None

    def flush(self) -> None:
        """Write what is gathered (still inside the one transaction)."""
        db = self.db
        if self._firsts:
            db.executemany("INSERT OR IGNORE INTO firsts VALUES (?, ?, ?)", self._firsts)
        if self._pending:
            db.executemany("DELETE FROM rows WHERE file=? AND key=?", list(self._pending))
            db.executemany(
                "INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (file, key, seq, i, row, place)
                    for (file, key), (seq, rows, place) in self._pending.items()
                    for i, row in enumerate(rows)
                ],
            )
        self._firsts = []
        self._pending = {}

    def dangling(self, file: str, column: str, target: str):
        """(place, value) of each row of ``file`` whose ``column`` names no key of ``target``: one SQL pass."""
        return self.db.execute(
            "SELECT r.place, json_extract(r.row, ?) AS ref FROM rows r WHERE r.file=? AND ref IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM firsts f WHERE f.file=? AND f.key=ref) ORDER BY r.seq, r.sub",
            (f"$.{column}", file, target),
        )

    def place_of_line(self, file: str, line: int) -> str | None:
        """The input place of the row written on CSV ``line`` of ``file`` (each row is one line)."""
        found = self.db.execute(
            "SELECT r.place FROM rows r JOIN firsts f ON f.file=r.file AND f.key=r.key "
            "WHERE r.file=? ORDER BY f.seq, r.sub LIMIT 1 OFFSET ?",
            (file, max(line - 2, 0)),
        ).fetchone()
        return found[0] if found and line >= 2 else None
