"""Generate a synthetic AI-capital ecosystem in kg's CSV format.

Shape: operating companies owned through pyramids of holding vehicles; hub
investors whose popularity follows a Zipf law; people founding and directing
companies; ~1 % cross-holdings (cycles); some stakes given as ranges or unknown.
Deterministic for a given (size, seed).

    python bench/generate.py 100000 /tmp/eco100k
"""
from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

HEAD = {
    "sources": ["id", "title", "publisher", "published", "url", "language", "kind", "note"],
    "entities": ["id", "type", "name_en", "name_zh", "aliases", "founded", "country", "legal_name", "description", "source", "note"],
    "relations": ["subject", "predicate", "object", "source", "share", "share_min", "share_max", "shares", "share_class",
                  "voting_share", "amount", "currency", "role", "start", "end", "as_of", "basis", "confidence", "evidence", "note"],
    "facts": ["subject", "metric", "value", "unit", "period_start", "period_end", "as_of", "source", "basis", "confidence",
              "evidence", "note"],
}
ZH = "智谱腾讯美团蚂蚁联想君联启明红杉高瓴顺为达晨华控中科创星天津上海北京深圳杭州投资科技资本基金合伙"


def _zh(rng: random.Random, n: int = 4) -> str:
    return "".join(rng.choice(ZH) for _ in range(n))


def generate(n_entities: int, out: Path, seed: int = 7) -> dict:
    """Write sources/entities/relations/facts CSVs for about ``n_entities`` entities; return counts."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
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
    zipf = [1 / (k + 1) for k in range(n_hub)]  # hub popularity

    with (out / "sources.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(HEAD["sources"])
        for s in sources:
            w.writerow([s, f"Synthetic filing {s}", "Synthetic Exchange", "2025-12-30", f"https://example.org/{s}", "en", "filing", ""])

    with (out / "entities.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(HEAD["entities"])
        for kind, ids in (("Company", companies), ("InvestmentFirm", hubs), ("Person", people), ("InvestmentVehicle", vehicles)):
            for i in ids:
                w.writerow([i, kind, f"{kind} {i}", _zh(rng), "", "", "CN", "", "", rng.choice(sources), ""])

    rows = 0
    with (out / "relations.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(HEAD["relations"])

        def rel(s, p, o, share="", lo="", hi="", shares="", start="", end=""):
            nonlocal rows
            rows += 1
            w.writerow([s, p, o, rng.choice(sources), share, lo, hi, shares, "", "", "", "", "", start, end, "2026-01-07",
                        "stated", rng.choice(("high", "high", "medium-high", "medium")), "", ""])

        # pyramids: each vehicle holds one company (or another vehicle), owned by a hub or a person
        for i, v in enumerate(vehicles):
            target = rng.choice(companies) if i < len(vehicles) // 2 or i == 0 else vehicles[rng.randrange(0, i)]
            roll = rng.random()
            if roll < 0.8:
                rel(v, "holdsSharesIn", target, share=f"{rng.uniform(0.1, 12):.2f}", shares=str(rng.randrange(10_000, 50_000_000)))
            elif roll < 0.9:
                lo = rng.uniform(0.1, 5)
                rel(v, "holdsSharesIn", target, lo=f"{lo:.2f}", hi=f"{lo + rng.uniform(0.1, 5):.2f}")
            else:
                rel(v, "holdsSharesIn", target)
            owner = rng.choices(hubs, weights=zipf)[0] if rng.random() < 0.7 else rng.choice(people)
            if rng.random() < 0.5:
                rel(owner, "controls", v)
            else:
                rel(owner, "holdsSharesIn", v, share=f"{rng.uniform(20, 100):.2f}")
        # hubs also hold companies directly, Zipf-popular hubs more often
        for co in companies:
            for hub in set(rng.choices(hubs, weights=zipf, k=3)):
                rel(hub, "holdsSharesIn", co, share=f"{rng.uniform(0.1, 8):.2f}", start="2024-01", end="" if rng.random() < 0.8 else "2026-01-08")
        # 1 % cross-holdings between companies (cycles)
        for _ in range(max(1, n_co // 100)):
            a, b = rng.sample(companies, 2)
            rel(a, "holdsSharesIn", b, share=f"{rng.uniform(0.5, 5):.2f}")
            rel(b, "holdsSharesIn", a, share=f"{rng.uniform(0.5, 5):.2f}")
        # people found and direct companies
        for p in people:
            co = rng.choice(companies)
            rel(p, "founderOf", co)
            if rng.random() < 0.3:
                rel(p, "directorOf", co, start="2020")

    with (out / "facts.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(HEAD["facts"])
        for co in companies:
            w.writerow([co, "revenue", str(rng.randrange(1_000_000, 10_000_000_000)), "CNY", "2024-01-01", "2024-12-31", "",
                        rng.choice(sources), "stated", "high", "", ""])
    return {"entities": n_entities, "relations": rows, "facts": len(companies), "sources": n_sources}


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python bench/generate.py N_ENTITIES OUT_DIR")
    print(generate(int(sys.argv[1]), Path(sys.argv[2])))
