"""Bench the BODS importer: a synthetic BODS 0.4 JSON Lines file of N statements, imported in a process.

    python bench/bench_import_bods.py 100000 [--keep DIR]

Writes N statements (about 40% entities, 20% persons, 40% relationships with a shareholding and, on
every other one, a voting-rights band), then runs two processes over the same file: the importer
(``import_bods``, what ``kg import bods`` runs) and a baseline that only does ``json.loads`` on each line.
Reports statements/s and peak RSS of each (``wait4``'s ru_maxrss), and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PUB = {"publicationDate": "2024-05-01", "bodsVersion": "0.4", "publisher": {"name": "Synthetic Register"}}
BASELINE = "import json, sys\nn = 0\nfor line in open(sys.argv[1], 'rb'):\n    json.loads(line); n += 1\nprint(n)\n"
IMPORT = "import sys\nfrom kg.ingest.importers.bods import import_bods\nprint(import_bods([sys.argv[1]], sys.argv[2])['rows'])\n"


def statement(n: int, rid: str, rtype: str, details: dict) -> dict:
    return {
        "statementId": f"{n:032x}",
        "statementDate": "2024-04-01",
        "recordId": rid,
        "recordType": rtype,
        "recordStatus": "new",
        "declarationSubject": rid,
        "publicationDetails": PUB,
        "source": {"type": ["officialRegister"]},
        "recordDetails": {"isComponent": False, **details},
    }


def generate(path: Path, total: int, seed: int = 13) -> None:
    rng = random.Random(seed)
    entities: list[str] = []
    persons: list[str] = []
    with open(path, "w", encoding="utf-8") as fh:
        for n in range(total):
            kind = n % 5
            if kind in (0, 1) or not entities:
                rid = f"ent-{n}"
                entities.append(rid)
                d = {
                    "entityType": {"type": "registeredEntity"},
                    "name": f"Company {n} Ltd",
                    "jurisdiction": {"name": "United Kingdom", "code": "GB"},
                    "identifiers": [{"scheme": "GB-COH", "id": f"{n:08d}"}],
                    "foundingDate": f"{2000 + n % 24}-01-0{1 + n % 9}",
                }
                st = statement(n, rid, "entity", d)
            elif kind == 2:
                rid = f"per-{n}"
                persons.append(rid)
                st = statement(n, rid, "person", {"personType": "knownPerson", "names": [{"fullName": f"Person {n}"}]})
            else:
                subject = rng.choice(entities)
                party = rng.choice(persons) if persons and rng.random() < 0.5 else rng.choice(entities)
                if party == subject:
                    party = entities[0] if subject != entities[0] else f"per-{2}"
                interests = [
                    {"type": "shareholding", "directOrIndirect": "direct", "share": {"exact": rng.randint(1, 100)}}
                ]
                if n % 2:
                    interests.append({"type": "votingRights", "share": {"minimum": 25, "exclusiveMaximum": 50}})
                st = statement(
                    n,
                    f"rel-{n}",
                    "relationship",
                    {"subject": subject, "interestedParty": party, "interests": interests},
                )
            fh.write(json.dumps(st, separators=(",", ":")) + "\n")


def run(code: str, *args: str) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (KiB) and stdout of ``python -c code args``."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    if status != 0:
        raise SystemExit(f"failed ({status}): {err[-2000:]}")
    return seconds, usage.ru_maxrss, out.strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of statements")
    ap.add_argument("--keep", help="write the file and the import here instead of a temporary folder")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(args.keep or tmp)
        base.mkdir(parents=True, exist_ok=True)
        src = base / "synthetic.jsonl"
        t0 = time.perf_counter()
        generate(src, args.n)
        print(
            f"generated {args.n} statements, {src.stat().st_size / 2**20:.1f} MiB in {time.perf_counter() - t0:.1f} s"
        )
        bs, brss, _ = run(BASELINE, str(src))
        s, rss, rows = run(IMPORT, str(src), str(base / "out"))
        print(f"json.loads per line: {args.n / bs:,.0f} statements/s, {bs:.1f} s, peak RSS {brss / 1024:.0f} MiB")
        print(
            f"import_bods:         {args.n / s:,.0f} statements/s, {s:.1f} s, peak RSS {rss / 1024:.0f} MiB  rows {rows}"
        )
        print(f"ratio: {s / bs:.1f}x the time, {rss / brss:.1f}x the peak memory")


if __name__ == "__main__":
    main()
