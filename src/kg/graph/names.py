"""Find entities by id, name or alias — English, simplified or traditional Chinese alike.

Every name is normalised (Unicode NFKC, case-folded, traditional → simplified
Chinese, spaces and punctuation removed), so 智譜 finds 智谱 and 騰訊 finds 腾讯.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

from kg.errors import NotFound

_DROP = re.compile(r"[\s\-_.,·•・'’\"“”()（）\[\]【】/]+")


@functools.lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC  # opencc-python-reimplemented; loading its tables takes ~0.1 s

    return OpenCC("t2s")


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


@functools.lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """The comparison key of a name: ``normalize('智譜 AI') == normalize('智谱ai')``."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if _has_cjk(text):
        text = _converter().convert(text)
    return _DROP.sub("", text)


def identifier_names(identifiers) -> list[str]:
    """The names an entity's identifiers give it: each ``SCHEME:ID`` whole and its bare ``ID``, so that an LEI,
    a register number or a Wikidata id finds its entity in search, show and every ownership command.

    >>> identifier_names(("XI-LEI:5493001KJTIIGC8Y1R12", "wikidata:Q95"))
    ['XI-LEI:5493001KJTIIGC8Y1R12', '5493001KJTIIGC8Y1R12', 'wikidata:Q95', 'Q95']
    """
    out = []
    for ident in identifiers or ():
        out.append(str(ident))
        bare = str(ident).partition(":")[2]
        if bare:
            out.append(bare)
    return out


@dataclass(frozen=True)
class Match:
    id: str
    label: str
    type: str
    score: float
    matched: str  # the name or alias that matched

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "label": self.label,
            "type": self.type,
            "score": round(self.score, 3),
            "matched": self.matched,
        }


class NameIndex:
    """An index of every entity name. Build once, query many times."""

    def __init__(self, nodes):
        """``nodes``: iterable of (id, attrs) with name_en, name_zh, aliases, label, type."""
        self.by_key: dict[str, set[str]] = {}
        self.names: dict[str, list[str]] = {}
        self.info: dict[str, tuple[str, str]] = {}
        for node_id, attrs in nodes:
            names = [node_id, attrs.get("name_en", ""), attrs.get("name_zh", ""), *attrs.get("aliases", ())]
            names += attrs.get("same_as", ())  # the ids of records merged into this one (kg.graph.merge)
            names += identifier_names(attrs.get("identifiers", ()))  # XI-LEI:5493… and the bare 5493…
            names = [n for n in dict.fromkeys(names) if n]
            self.names[node_id] = names
            self.info[node_id] = (attrs.get("label") or node_id, attrs.get("type", ""))
            for name in names:
                key = normalize(name)
                if key:
                    self.by_key.setdefault(key, set()).add(node_id)
        self.keys = sorted(self.by_key)

    def __contains__(self, node_id: str) -> bool:
        return node_id in self.names

    def search(self, text: str, limit: int = 20) -> list[Match]:
        """Entities whose id, name or alias matches ``text``: exact, prefix, substring, then fuzzy.

        >>> idx = NameIndex([("zhipu", {"name_en": "Zhipu AI", "name_zh": "智谱"})])
        >>> [m.id for m in idx.search("智譜")]
        ['zhipu']
        """
        q = normalize(text)
        if not q:
            return []
        best: dict[str, tuple[float, str]] = {}

        def offer(node_id: str, score: float, name: str) -> None:
            if score > best.get(node_id, (0.0, ""))[0]:
                best[node_id] = (score, name)

        for node_id, names in self.names.items():
            for name in names:
                key = normalize(name)
                if not key:
                    continue
                if key == q:
                    offer(node_id, 1.0, name)
                elif key.startswith(q):
                    offer(node_id, 0.9 - 0.1 * (1 - len(q) / len(key)), name)
                elif q in key:
                    offer(node_id, 0.75 - 0.1 * (1 - len(q) / len(key)), name)
        if not best:
            for key in difflib.get_close_matches(q, self.keys, n=limit, cutoff=0.75):
                ratio = difflib.SequenceMatcher(None, q, key).ratio()
                for node_id in self.by_key[key]:
                    name = next(n for n in self.names[node_id] if normalize(n) == key)
                    offer(node_id, 0.6 * ratio, name)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
        return [Match(i, self.info[i][0], self.info[i][1], s, n) for i, (s, n) in ranked]

    def resolve(self, ref: str) -> str:
        """The one entity id ``ref`` names (an id or any unambiguous name).

        Raises :class:`~kg.errors.NotFound` listing candidates when ``ref`` is unknown or ambiguous.
        """
        if ref in self.names:
            return ref
        exact = sorted(self.by_key.get(normalize(ref), ()))
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise NotFound(
                f"'{ref}' is ambiguous: it names {len(exact)} entities", [(i, self.info[i][0]) for i in exact]
            )
        matches = self.search(ref, limit=8)
        if len(matches) == 1 and matches[0].score >= 0.75:
            return matches[0].id
        if not matches:
            raise NotFound(f"no entity is named '{ref}'")
        raise NotFound(f"'{ref}' does not name one entity exactly", [(m.id, m.label) for m in matches])
