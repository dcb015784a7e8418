"""Scale of validation: many dated holdings of one company, and a large facts table.

    .venv/bin/python bench/bench_validate.py --holdings 1000 4000 8000 --facts 125000

Each dataset is generated into a temporary folder and ``kg validate`` / ``kg build`` run
on it as separate processes; the figures are wall time and the process's peak resident
memory (VmHWM, read from /proc just before exit through a tiny wrapper).

* holdings N: N holders each hold a dated 0.01% of one company, each for one month in a
  rolling window (exercises the share-total check, which was O(N²)).
* facts F: F observation rows about 100 companies (memory per row in ``kg build``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN = r"""
import sys
from kg.cli.main import main
code = main(sys.argv[1:])
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print("VMHWM_KB", peak, file=sys.stderr)
sys.exit(code)
"""

SOURCES = "id,title,publisher,published,url,language,kind,note\ns1,A filing,Exchange,2026-01-07,https://example.org/f,en,filing,\n"
ENT_HEADER = "id,type,name_en,name_zh,aliases,founded,country,legal_name,description,source,note\n"
REL_HEADER = (
    "subject,predicate,object,source,share,share_min,share_max,shares,share_class,voting_share,amount,currency,"
    "role,start,end,as_of,basis,confidence,evidence,note\n"
)
FACT_HEADER = "subject,metric,value,unit,period_start,period_end,as_of,source,basis,confidence,evidence,note\n"


def generate(folder: Path, holdings: int, facts: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.csv").write_text(SOURCES, encoding="utf-8")
    companies = max(1, min(100, facts // 1000 or 1))
    with open(folder / "entities.csv", "w", encoding="utf-8") as fh:
        fh.write(ENT_HEADER)
        fh.write("target,Company,Target Co,目标公司,,2000,CN,,,s1,\n")
        for c in range(companies):
            fh.write(f"co{c},Company,Company {c},公司{c},,2000,CN,,,s1,\n")
        for h in range(holdings):
            fh.write(f"h{h},Person,Holder {h},,,,CN,,,s1,\n")
    day0 = date(2000, 1, 1)
    with open(folder / "relations.csv", "w", encoding="utf-8") as fh:
        fh.write(REL_HEADER)
        for h in range(holdings):
            start = day0 + timedelta(days=h)
            end = start + timedelta(days=30)
            fh.write(f"h{h},holdsSharesIn,target,s1,0.01,,,,,,,,,{start},{end},2026-01-07,stated,high,,\n")
    with open(folder / "facts.csv", "w", encoding="utf-8") as fh:
        fh.write(FACT_HEADER)
        for i in range(facts):
            year = 2000 + i % 25
            fh.write(
                f"co{i % companies},revenue,{1000000 + i},CNY,{year}-01-01,{year}-12-31,,s1,stated,high,"
                f"revenue of company {i % companies} in {year} (row {i}),\n"
            )


def run(argv: list[str], cwd: Path) -> dict:
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", RUN, *argv], cwd=cwd, capture_output=True, text=True)
    seconds = time.monotonic() - started
    peak = next((int(line.split()[1]) for line in proc.stderr.splitlines() if line.startswith("VMHWM_KB")), 0)
    if proc.returncode != 0:
        raise SystemExit(f"{argv} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return {"seconds": round(seconds, 2), "peak_mb": round(peak / 1024)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--holdings", type=int, nargs="+", default=[1000, 4000, 8000])
    ap.add_argument("--facts", type=int, nargs="+", default=[125000])
    ap.add_argument(
        "--validate-facts",
        action="store_true",
        help="also time kg validate on the facts datasets (SHACL: minutes at 125k rows)",
    )
    args = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-validate-") as tmp:
        for n in args.holdings:
            data = Path(tmp) / f"h{n}"
            generate(data, n, 0)
            results.append({"holdings": n, "validate": run(["validate", "--data", str(data)], ROOT)})
            print(json.dumps(results[-1]), flush=True)
        empty = Path(tmp) / "f0"
        generate(empty, 0, 0)
        base = run(["build", "--data", str(empty), "--out", str(Path(tmp) / "out0")], ROOT)
        for f in args.facts:
            data = Path(tmp) / f"f{f}"
            generate(data, 0, f)
            row = {"facts": f}
            if args.validate_facts:
                row["validate"] = run(["validate", "--data", str(data)], ROOT)
            row["build"] = run(["build", "--data", str(data), "--out", str(Path(tmp) / f"out{f}")], ROOT)
            row["build_empty"] = base
            row["kb_per_row"] = round((row["build"]["peak_mb"] - base["peak_mb"]) * 1024 / f, 2)
            results.append(row)
            print(json.dumps(results[-1]), flush=True)


if __name__ == "__main__":
    main()
