"""Distinct cell texts whose typed value a quick test decides, so the fast path skips ``parse_cell`` for them.

For a few value kinds, a test picks the texts that :func:`kg.ingest.cells.parse_cell` would certainly accept
unchanged: not empty nor too long, no whitespace at either end (so ``strip`` is a no-op; judged by Python's own
``str.isspace``, once per distinct first or last character), and of the kind's shape — an id or a whole number
by a small ASCII regular expression, run by pyarrow over the column's distinct texts; free text with no control
character (the same way) and not starting like a spreadsheet formula. Their value is then the text itself (ids,
text), a one-item tuple (a text list without ``|``) or ``int`` of it (integers). Every other text goes through
``parse_cell`` as before, so the tests need only be sufficient, never complete (``tests/test_fastread.py``
checks them against it). No pyarrow scalar is made from a Python value: that would import pandas.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from kg.ingest.cells import MAX_CELL
from kg.untrusted import FORMULA_START

ID = r"^[a-z0-9][a-z0-9_.-]{0,127}$"
TEXT = r"^[^\x00-\x1f]*$"
# kind: (RE2 pattern every decided text matches, value of a decided text)
PATTERNS: dict[str, tuple[str, Callable[[str], object]]] = {
    "id": (ID, str),
    "entity": (ID, str),
    "source": (ID, str),
    "integer": (r"^[0-9]+$", int),
    "text": (TEXT, str),
    "text-list": (r"^[^\x00-\x1f|]*$", lambda text: (text,)),
}


def decided(kind: str, texts, values: list[str]) -> tuple[list[bool], Callable[[str], object]] | None:
    """Which of the distinct ``texts`` (a pyarrow string array; ``values`` its Python strings) are decided, and
    their value; None when the kind has no quick test."""
    entry = PATTERNS.get(kind)
    if entry is None or not values:
        return None
    import pyarrow.compute as pc

    pattern, convert = entry
    shaped = pc.match_substring_regex(texts, pattern).to_pylist()
    known = [
        ok and 0 < len(t) <= MAX_CELL and _may_start(t[0]) and _may_end(t[-1])
        for ok, t in zip(shaped, values, strict=True)
    ]
    return known, convert


@functools.cache
def _may_start(ch: str) -> bool:
    return not ch.isspace() and not ch.startswith(FORMULA_START)


@functools.cache
def _may_end(ch: str) -> bool:
    return not ch.isspace()
