"""``kg same-as --candidates``: pairs of entities whose names look alike, proposed for review, never merged.

Records that share a strong identifier are merged already (``sameAs``, :mod:`kg.graph.merge`): each group is one
node of the projection, so every pair here is a pair of *different* nodes. Each name, alias and legal name gives
up to two keys:

- ``name``: Unicode NFKC, case folded, traditional Chinese → simplified (OpenCC), legal-form words dropped from
  the end (Ltd, Limited, Co., Inc., GmbH …, 有限公司, 股份有限公司 …), spaces and punctuation removed — so
  騰訊投資有限公司 and 腾讯投资 share one key, as do "Example Investment Co., Ltd." and "EXAMPLE INVESTMENT LIMITED";
- ``pinyin``: for a Chinese name, its pinyin (pypinyin) without spaces or tones; for a Latin name, its letters
  with accents dropped — so 腾讯投资 and "Tengxun Touzi Co., Ltd." meet.

Pairs are found by blocking (a dict from key to entities: no all-pairs loop). A block of more than
:data:`MAX_BLOCK` entities (a name too common to mean anything) is skipped and counted. A pair is left out when
its two types cannot be one party (neither class is the other or a subclass of it), when one of them is an
unspecified party (an unknown owner is never anybody else), or when a ``possiblySameAs`` statement joins them
already. Score: 0.9 for a shared name key, 0.7 for a shared pinyin key only; halved when both records state a
country and they differ.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kg.graph.names import _converter, _has_cjk
from kg.schema.specs import Ontology
from kg.schema.vocab import POSSIBLY_SAME_AS

MAX_BLOCK = 50
NAME_SCORE, PINYIN_SCORE = 0.9, 0.7
OTHER_COUNTRY = 0.5  # both records state a country, and not the same
_WORD = re.compile(r"[^\W_]+")
# Legal-form words at the end of a name (as words, after case folding), and their Chinese and pinyin forms.
LEGAL_WORDS = frozenset(
    [
        "limited",
        "ltd",
        "co",
        "company",
        "corp",
        "corporation",
        "inc",
        "incorporated",
        "llc",
        "llp",
        "lp",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "sas",
        "sarl",
        "bv",
        "nv",
        "kk",
        "pte",
        "pty",
        "srl",
        "spa",
        "ab",
        "oy",
        "as",
        "asa",
        "kft",
        "sro",
    ]
)
LEGAL_ZH = ("股份有限公司", "有限责任公司", "有限公司", "公司")
LEGAL_PINYIN = ("gufenyouxiangongsi", "youxianzerengongsi", "youxiangongsi", "gongsi")
MIN_KEY = 3  # shorter keys (after folding) say too little; a Chinese key of two characters is kept


@functools.lru_cache(maxsize=65536)
def name_keys(name: str) -> tuple[tuple[str, str], ...]:
    """(kind, key) pairs of one name.

    >>> name_keys("騰訊投資有限公司") == name_keys("腾讯投资")
    True
    >>> dict(name_keys("Tengxun Touzi Co., Ltd."))["pinyin"] == dict(name_keys("腾讯投资"))["pinyin"]
    True
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    keys: list[tuple[str, str]] = []
    if _has_cjk(text):
        text = _converter().convert(text)
        core = "".join(_WORD.findall(text))
        for suffix in LEGAL_ZH:
            if core.endswith(suffix) and len(core) > len(suffix):
                core = core[: -len(suffix)]
                break
        if len(core) >= 2:
            keys.append(("name", core))
            pinyin = _pinyin(core)
            if len(pinyin) >= MIN_KEY:
                keys.append(("pinyin", pinyin))
        return tuple(keys)
    words = _WORD.findall(text)
    while len(words) > 1 and words[-1] in LEGAL_WORDS:
        words.pop()
    core = "".join(words)
    if len(core) >= MIN_KEY:
        keys.append(("name", core))
    letters = "".join(ch for ch in unicodedata.normalize("NFKD", core) if ch.isascii() and ch.isalnum())
    for suffix in LEGAL_PINYIN:
        if letters.endswith(suffix) and len(letters) > len(suffix):
            letters = letters[: -len(suffix)]
            break
    if len(letters) >= MIN_KEY:
        keys.append(("pinyin", letters))
    return tuple(keys)


def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin  # loaded only when a Chinese name is folded

    return "".join(ch for ch in "".join(lazy_pinyin(text)) if ch.isascii() and ch.isalnum())


@dataclass(frozen=True)
class Candidate:
    a: str
    a_label: str
    b: str
    b_label: str
    score: float
    keys: tuple[str, ...]  # "kind:key" of every key the two share

    def as_dict(self) -> dict:
        return {
            "a": self.a,
            "a_label": self.a_label,
            "b": self.b,
            "b_label": self.b_label,
            "score": self.score,
            "keys": list(self.keys),
        }


def candidates(G, onto: Ontology) -> tuple[list[Candidate], int]:
    """Proposed pairs of ``G``'s entities, best first, and the number of blocks skipped as too large."""
    blocks: dict[tuple[str, str], list[str]] = {}
    for node_id, attrs in G.nodes(data=True):
        if attrs.get("unspecified_reason"):
            continue
        names = (attrs.get("name_en"), attrs.get("name_zh"), attrs.get("legal_name"), *attrs.get("aliases", ()))
        for name_key in dict.fromkeys(k for n in names if n for k in name_keys(str(n))):
            blocks.setdefault(name_key, []).append(node_id)
    proposed = {frozenset((s, o)) for s, o, d in G.edges(data=True) if d.get("predicate") == POSSIBLY_SAME_AS}
    shared: dict[tuple[str, str], list[str]] = {}
    skipped = 0
    for (kind, key), members in sorted(blocks.items()):
        if len(members) > MAX_BLOCK:
            skipped += 1
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pair = (a, b) if a < b else (b, a)
                shared.setdefault(pair, []).append(f"{kind}:{key}")
    out = []
    for (a, b), keys in shared.items():
        na, nb = G.nodes[a], G.nodes[b]
        if frozenset((a, b)) in proposed or not _compatible(na.get("type", ""), nb.get("type", ""), onto):
            continue
        score = NAME_SCORE if any(k.startswith("name:") for k in keys) else PINYIN_SCORE
        ca, cb = na.get("country"), nb.get("country")
        if ca and cb and ca != cb:
            score *= OTHER_COUNTRY
        out.append(Candidate(a, na.get("label", a), b, nb.get("label", b), round(score, 3), tuple(sorted(keys))))
    out.sort(key=lambda c: (-c.score, c.a, c.b))
    return out, skipped


def _compatible(t1: str, t2: str, onto: Ontology) -> bool:
    if not t1 or not t2 or t1 == t2:
        return True
    return onto.is_subclass(t1, t2) or onto.is_subclass(t2, t1)


def write_review(path: Path, found: list[Candidate], G, onto: Ontology) -> int:
    """Append ``found`` to a review file (relations.csv columns) as ``possiblySameAs`` rows; returns rows added.

    The file is for people to review and copy from, never the dataset itself; pairs it holds already are not
    written again.
    """
    columns = onto.column_names("relations")
    have: set[frozenset[str]] = set()
    if path.exists():
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames != columns:
                raise ValueError(f"{path} is not a review file kg wrote: its header is not relations.csv's")
            have = {frozenset((r["subject"], r["object"])) for r in reader}
    added = 0
    with open(path, "a", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        if not have and fh.tell() == 0:
            writer.writerow(columns)
        for c in found:
            if frozenset((c.a, c.b)) in have:
                continue
            row = {
                "subject": c.a,
                "predicate": POSSIBLY_SAME_AS,
                "object": c.b,
                "source": G.nodes[c.a].get("source") or G.nodes[c.b].get("source") or "",
                "basis": "inferred",
                "evidence": "names alike after folding scripts, case and legal forms: " + "; ".join(c.keys),
                "note": f"score {c.score}; proposed by kg same-as --candidates: review before use",
            }
            writer.writerow([row.get(name, "") for name in columns])
            added += 1
    return added
