"""Distinct cell texts whose typed value one vectorised test decides, so the fast path skips ``parse_cell`` for them.

For a few value kinds a regular expression (RE2, run by pyarrow over a column's distinct texts) picks the
texts that :func:`kg.ingest.cells.parse_cell` would certainly accept unchanged: no whitespace at either end
(so ``strip`` is a no-op), no control character, not too long, not starting like a spreadsheet formula, and
of the kind's shape. Their value is then the text itself (ids, text), a one-item tuple (a text list
without ``|``) or ``int`` of it (integers). Every other text goes through ``parse_cell`` as before, so the
tests only have to be sufficient, never complete (``tests/test_fastread.py`` checks them against it).
"""

from __future__ import annotations

from collections.abc import Callable

from kg.ingest.cells import MAX_CELL
from kg.untrusted import FORMULA_START

# Every character Python's str.strip() may remove (a superset of str.isspace(), tested), as an RE2 class body.
SPACE = r"\x00-\x20\x7f-\xa0\x{1680}\x{180e}\x{2000}-\x{200f}\x{2028}-\x{202f}\x{205f}-\x{206f}\x{3000}\x{feff}"
_FORMULA = "".join("\\" + ch if ch in "-+" else ch for ch in FORMULA_START if ord(ch) >= 32)
# Free text kept as is: starts with neither whitespace nor a formula sign, ends without whitespace, no control character.
TEXT = rf"^[^{SPACE}{_FORMULA}](?:[^\x00-\x1f]*[^{SPACE}])?$"
ITEM = rf"^[^{SPACE}{_FORMULA}|](?:[^\x00-\x1f|]*[^{SPACE}|])?$"  # a text list of one item
PATTERNS: dict[str, tuple[str, Callable[[str], object]]] = {
    "id": (r"^[a-z0-9][a-z0-9_.-]{0,127}$", str),
    "entity": (r"^[a-z0-9][a-z0-9_.-]{0,127}$", str),
    "source": (r"^[a-z0-9][a-z0-9_.-]{0,127}$", str),
    "text": (TEXT, str),
    "text-list": (ITEM, lambda text: (text,)),
    "integer": (r"^[0-9]+$", int),
}


def decided(kind: str, texts) -> tuple[list[bool], Callable[[str], object]] | None:
    """For a pyarrow string array of distinct ``texts``: which ones are decided, and their value; None if none can be."""
    entry = PATTERNS.get(kind)
    if entry is None or len(texts) == 0:
        return None
    import pyarrow.compute as pc

    pattern, convert = entry
    ok = pc.and_(pc.match_substring_regex(texts, pattern), pc.less_equal(pc.utf8_length(texts), MAX_CELL))
    return ok.to_pylist(), convert
