"""Search keys for the explorer page: each name normalised as kg.graph.names does, and the traditional →
simplified character map the page's search applies to what a person types (either Chinese script finds
a name)."""

from __future__ import annotations

import functools
from collections.abc import Mapping

from kg.graph.names import _DROP, normalize

_ASCII_DROP = bytes(c for c in range(128) if _DROP.fullmatch(chr(c)))
DROP_PATTERN = _DROP.pattern  # the characters a key leaves out; the page's search drops the same


def _key(text: str) -> str:
    """kg.graph.names.normalize, its ASCII case as one bytes.translate (NFKC and casefold are lower() there)."""
    if text.isascii():
        return text.lower().encode("ascii").translate(None, _ASCII_DROP).decode("ascii")
    return normalize(text)


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def name_keys(names, cjk: set[str], known: Mapping[str, str] | None = None) -> list[str]:
    """The distinct non-empty keys of ``names`` in order; the CJK characters of non-ASCII keys go into ``cjk``.

    ``known``: name → key already computed (by :func:`kg.graph.names.normalize`, as here), looked up first.
    """
    keys: list[str] = []
    for name in names:
        key = known.get(name) if known else None
        if key is None:
            key = _key(name)
        if key and key not in keys:
            keys.append(key)
            if not key.isascii():
                cjk.update(ch for ch in key if _is_cjk(ch))
    return keys


@functools.lru_cache(maxsize=1)
def _s2t():
    from opencc import OpenCC

    return OpenCC("s2t")


def t2s_map(chars) -> dict[str, str]:
    """traditional → simplified for the (simplified) characters ``chars``: s2t per character, mapped back."""
    conv = _s2t()
    out = {}
    for ch in sorted(set(chars)):
        for trad in dict.fromkeys(conv.convert(ch)):
            if trad != ch and _is_cjk(trad) and normalize(trad) == ch:
                out[trad] = ch
    return out
