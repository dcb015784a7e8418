"""Generate a synthetic AI-capital ecosystem in kg's CSV format.

Shape: operating companies owned through pyramids of holding vehicles; hub
investors whose popularity follows a Zipf law; people founding and directing
companies; ~1 % cross-holdings (cycles); some stakes given as ranges or unknown.
Deterministic for a given (size, seed).

    python bench/generate.py 100000 /tmp/eco100k
"""

from __future__ import annotations

import csv
import itertools
import random
import sys
from pathlib import Path

from kg.schema.ontology import load_ontology
from kg.schema.vocab import (
    CONFIDENCE,
    CONTROLS,
    CSV_FILES,
    DEFAULT_BASIS,
    HOLDS_SHARES_IN,
    SHARE,
    SHARE_MAX,
    SHARE_MIN,
    SHARES,
)

HEAD = {f: load_ontology().column_names(f) for f in CSV_FILES}  # the CSV contract, from the ontology
HIGH, MEDIUM_HIGH, MEDIUM = CONFIDENCE[:3]
ZH = "智谱腾讯美团蚂蚁联想君联启明红杉高瓴顺为达晨华控中科创星天津上海北京深圳杭州投资科技资本基金合伙"


def hash_index(text: str, n: int) -> int:
    return sum(map(ord, text)) % n


def _cell(v) -> str:
    if isinstance(v, float):
        return f"{v:.2f}"
    return str(v)


def _zh(rng: random.Random, n: int = 4) -> str:
    return "".join(rng.choice(ZH) for _ in range(n))


def _plan(n_entities: int, rng: random.Random):
    n_sources = max(3, n_entities // 500)
    n_co = max(3, n_entities // 10)
    n_hub = max(3, n_entities // 20)
    n_person = max(3, n_entities // 5)
    n_vehicle = n_entities - n_co - n_hub - n_person
    companies = [f"co{i}" for i in range(n_co)]
    hubs = [f"inv{i}" for i in range(n_hub)]
    people = [f"p{i}" for i in range(n_person)]
    vehicles = [f"v{i}" for i in range(n_vehicle)]
    sources = [f"src{i}" for i in range(n_sources)]
    zipf = list(itertools.accumulate(1 / (k + 1) for k in range(n_hub)))  # cumulative: hub popularity, O(log n) a draw
    return companies, hubs, people, vehicles, sources, zipf


def relations(n_entities: int, seed: int = 7):
    """Yield (subject, predicate, object, attrs) for the synthetic ecosystem; deterministic."""
    rng = random.Random(seed)
    companies, hubs, people, vehicles, sources, zipf = _plan(n_entities, rng)
    for _ in range(len(companies) + len(hubs) + len(people) + len(vehicles)):
        rng.random()  # keep the stream aligned with generate()'s entity names
    yield from _relations(rng, companies, hubs, people, vehicles, sources, zipf)


def _relations(rng, companies, hubs, people, vehicles, sources, zipf):
    def rel(s, p, o, share="", lo="", hi="", shares="", start="", end=""):
        attrs = {
            "source": rng.choice(sources),
            "as_of": "2026-01-07",
            "basis": DEFAULT_BASIS,
            "confidence": rng.choice((HIGH, HIGH, MEDIUM_HIGH, MEDIUM)),
        }
        for k, v in ((SHARE, share), (SHARE_MIN, lo), (SHARE_MAX, hi)):
            if v != "":
                attrs[k] = float(v)
        if shares:
            attrs[SHARES] = int(shares)
        if start:
            attrs["start"] = start
        if end:
            attrs["end"] = end
        return (s, p, o, attrs)

    # pyramids: each vehicle holds one company (or another vehicle), owned by a hub or a person
    for i, v in enumerate(vehicles):
        target = rng.choice(companies) if i < len(vehicles) // 2 or i == 0 else vehicles[rng.randrange(0, i)]
        roll = rng.random()
        top = 12 if target.startswith("co") else 4  # vehicles are held by a few others, so keep those stakes small
        if roll < 0.8:
            yield rel(
                v,
                HOLDS_SHARES_IN,
                target,
                share=f"{rng.uniform(0.1, top):.2f}",
                shares=str(rng.randrange(10_000, 50_000_000)),
            )
        elif roll < 0.9:
            lo = rng.uniform(0.1, top / 2)
            yield rel(v, HOLDS_SHARES_IN, target, lo=f"{lo:.2f}", hi=f"{lo + rng.uniform(0.1, top / 2):.2f}")
        else:
            yield rel(v, HOLDS_SHARES_IN, target)
        owner = rng.choices(hubs, cum_weights=zipf)[0] if rng.random() < 0.7 else rng.choice(people)
        if rng.random() < 0.5:
            yield rel(owner, CONTROLS, v)
        else:
            yield rel(owner, HOLDS_SHARES_IN, v, share=f"{rng.uniform(20, 45):.2f}")
    # hubs also hold companies directly, Zipf-popular hubs more often
    for co in companies:
        for hub in sorted(set(rng.choices(hubs, cum_weights=zipf, k=3))):
            yield rel(
                hub,
                HOLDS_SHARES_IN,
                co,
                share=f"{rng.uniform(0.1, 8):.2f}",
                start="2024-01",
                end="" if rng.random() < 0.8 else "2026-01-08",
            )
    # 1 % cross-holdings between companies (cycles)
    for _ in range(max(1, len(companies) // 100)):
        a, b = rng.sample(companies, 2)
        yield rel(a, HOLDS_SHARES_IN, b, share=f"{rng.uniform(0.5, 5):.2f}")
        yield rel(b, HOLDS_SHARES_IN, a, share=f"{rng.uniform(0.5, 5):.2f}")
    # people found and direct companies
    for p in people:
        co = rng.choice(companies)
        yield rel(p, "founderOf", co)
        if rng.random() < 0.3:
            yield rel(p, "directorOf", co, start="2020")


def graph(n_entities: int, seed: int = 7):
    """The synthetic ecosystem straight into a NetworkX MultiDiGraph shaped like kg's projection."""
    import networkx as nx

    rng = random.Random(seed)
    companies, hubs, people, vehicles, sources, zipf = _plan(n_entities, rng)
    G = nx.MultiDiGraph()
    for kind, ids in (
        ("Company", companies),
        ("InvestmentFirm", hubs),
        ("Person", people),
        ("InvestmentVehicle", vehicles),
    ):
        G.add_nodes_from((i, {"type": kind, "label": f"{kind} {i}"}) for i in ids)
        for _ in ids:
            rng.random()
    G.add_edges_from(
        (s, o, f"st{n}", {"predicate": p, **a})
        for n, (s, p, o, a) in enumerate(_relations(rng, companies, hubs, people, vehicles, sources, zipf))
    )
    return G


def generate(n_entities: int, out: Path, seed: int = 7) -> dict:
    """Write sources/entities/relations/facts CSVs for about ``n_entities`` entities; return counts."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    companies, hubs, people, vehicles, sources, zipf = _plan(n_entities, rng)

    with (out / "sources.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(HEAD["sources"])
        for s in sources:
            w.writerow(
                [
                    s,
                    f"Synthetic filing {s}",
                    "Synthetic Exchange",
                    "2025-12-30",
                    f"https://example.org/{s}",
                    "en",
                    "filing",
                    "",
                ]
            )

    with (out / "entities.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(HEAD["entities"][:11])  # the columns written below (later ones are optional)
        for kind, ids in (
            ("Company", companies),
            ("InvestmentFirm", hubs),
            ("Person", people),
            ("InvestmentVehicle", vehicles),
        ):
            for i in ids:
                w.writerow(
                    [
                        i,
                        kind,
                        f"{kind} {i}",
                        _zh(random.Random(i)),
                        "",
                        "",
                        "CN",
                        "",
                        "",
                        sources[hash_index(i, len(sources))],
                        "",
                    ]
                )
                rng.random()

    rows = 0
    cols = HEAD["relations"]
    with (out / "relations.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(cols)
        for s_, p, o, a in _relations(rng, companies, hubs, people, vehicles, sources, zipf):
            rows += 1
            row = {"subject": s_, "predicate": p, "object": o, **{k: _cell(v) for k, v in a.items()}}
            w.writerow([row.get(c, "") for c in cols])

    with (out / "facts.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(HEAD["facts"])
        for co in companies:
            w.writerow(
                [
                    co,
                    "revenue",
                    str(rng.randrange(1_000_000, 10_000_000_000)),
                    "CNY",
                    "2024-01-01",
                    "2024-12-31",
                    "",
                    sources[hash_index(co, len(sources))],
                    DEFAULT_BASIS,
                    HIGH,
                    "",
                    "",
                ]
            )
    return {"entities": n_entities, "relations": rows, "facts": len(companies), "sources": len(sources)}


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python bench/generate.py N_ENTITIES OUT_DIR")
    print(generate(int(sys.argv[1]), Path(sys.argv[2])))
