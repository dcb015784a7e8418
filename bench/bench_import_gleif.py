"""Bench the GLEIF importer: a synthetic golden copy (LEI-CDF, RR-CDF, reporting exceptions XML), imported in a process.

    python bench/bench_import_gleif.py 100000 [--keep DIR]

Writes N LEI records (valid ISO 17442 check digits, obviously synthetic names ``Synthetic Bench Entity n``),
N/5 IS_DIRECTLY_CONSOLIDATED_BY relationships (each child's parent has a lower number, so no cycles), N/1000
IS_ULTIMATELY_CONSOLIDATED_BY relationships and N/1000 reporting exceptions, in the element names
``kg.ingest.importers.gleif_xml`` reads (as in tests/fixtures/gleif/). Then runs, each as its own process under
``/usr/bin/time -f '%e s %M KB'``: ``kg import gleif`` over the three files, and a baseline that only runs
``xml.etree.ElementTree.iterparse`` with ``elem.clear()`` over the same files. Reports records/s and peak RSS.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg.ingest.importers.gleif_records import with_check_digits

BASELINE = """import sys
from xml.etree.ElementTree import iterparse
n = 0
for path in sys.argv[1:]:
    for _, elem in iterparse(path):
        if elem.tag.endswith(("}LEIRecord", "}RelationshipRecord", "}Exception")):
            n += 1
        elem.clear()
print(n)
"""
KG = str(Path(sys.executable).with_name("kg"))
COUNTRIES = ("GB", "DE", "US", "FR", "JP", "CN", "IE", "LU")
SOURCES = ("FULLY_CORROBORATED", "PARTIALLY_CORROBORATED", "ENTITY_SUPPLIED_ONLY")
DATE = "2025-05-15T08:00:00Z"


def lei(n: int) -> str:
    return with_check_digits(f"KGBENCH{n:011d}")


def _period(start: str) -> str:
    return (
        "<RelationshipPeriods><RelationshipPeriod><StartDate>2024-01-01T00:00:00Z</StartDate>"
        "<EndDate>2024-12-31T00:00:00Z</EndDate><PeriodType>ACCOUNTING_PERIOD</PeriodType></RelationshipPeriod>"
        f"<RelationshipPeriod><StartDate>{start}T00:00:00Z</StartDate><PeriodType>RELATIONSHIP_PERIOD</PeriodType>"
        "</RelationshipPeriod></RelationshipPeriods>"
    )


def _relationship(child: int, parent: int, kind: str, n: int) -> str:
    return (
        f"<RelationshipRecord><Relationship><StartNode><NodeID>{lei(child)}</NodeID><NodeIDType>LEI</NodeIDType>"
        f"</StartNode><EndNode><NodeID>{lei(parent)}</NodeID><NodeIDType>LEI</NodeIDType></EndNode>"
        f"<RelationshipType>{kind}</RelationshipType>{_period(f'{2000 + n % 24}-06-01')}"
        "<RelationshipStatus>ACTIVE</RelationshipStatus></Relationship><Registration>"
        "<InitialRegistrationDate>2019-07-01T00:00:00Z</InitialRegistrationDate>"
        "<LastUpdateDate>2025-02-01T00:00:00Z</LastUpdateDate><RegistrationStatus>PUBLISHED</RegistrationStatus>"
        f"<ManagingLOU>{lei(0)}</ManagingLOU><ValidationSources>{SOURCES[n % 3]}</ValidationSources>"
        "<ValidationDocuments>ACCOUNTS_FILING</ValidationDocuments></Registration></RelationshipRecord>\n"
    )


def generate(base: Path, total: int, seed: int = 13) -> tuple[list[Path], int]:
    """The three files and the number of records in them."""
    rng = random.Random(seed)
    lei_path, rr_path, ex_path = base / "lei-cdf.xml", base / "rr-cdf.xml", base / "repex.xml"
    with open(lei_path, "w", encoding="utf-8") as fh:
        fh.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<LEIData xmlns="http://www.gleif.org/data/schema/leidata/2016">'
        )
        fh.write(f"<LEIHeader><ContentDate>{DATE}</ContentDate><RecordCount>{total}</RecordCount></LEIHeader>")
        fh.write("<LEIRecords>\n")
        for n in range(total):
            c = COUNTRIES[n % len(COUNTRIES)]
            fh.write(
                f'<LEIRecord><LEI>{lei(n)}</LEI><Entity><LegalName xml:lang="en">Synthetic Bench Entity {n}</LegalName>'
                f'<LegalAddress xml:lang="en"><FirstAddressLine>{n} Example Street</FirstAddressLine>'
                f"<City>Exampleton</City><Country>{c}</Country></LegalAddress>"
                "<RegistrationAuthority><RegistrationAuthorityID>RA000585</RegistrationAuthorityID>"
                f"<RegistrationAuthorityEntityID>{n:08d}</RegistrationAuthorityEntityID></RegistrationAuthority>"
                f"<LegalJurisdiction>{c}</LegalJurisdiction><EntityCategory>GENERAL</EntityCategory>"
                "<EntityStatus>ACTIVE</EntityStatus>"
                f"<EntityCreationDate>{2000 + n % 24}-01-0{1 + n % 9}T00:00:00Z</EntityCreationDate></Entity>"
                "<Registration><InitialRegistrationDate>2014-01-01T00:00:00Z</InitialRegistrationDate>"
                "<LastUpdateDate>2025-01-02T10:00:00Z</LastUpdateDate><RegistrationStatus>ISSUED</RegistrationStatus>"
                f"<ManagingLOU>{lei(0)}</ManagingLOU><ValidationSources>{SOURCES[n % 3]}</ValidationSources>"
                "</Registration></LEIRecord>\n"
            )
        fh.write("</LEIRecords></LEIData>\n")
    rels = 0
    with open(rr_path, "w", encoding="utf-8") as fh:
        fh.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<RelationshipData xmlns="http://www.gleif.org/data/schema/rr/2016">'
        )
        fh.write(f"<Header><ContentDate>{DATE}</ContentDate></Header><RelationshipRecords>\n")
        for k in range(total // 5):
            child = 5 * k + 1
            fh.write(_relationship(child, rng.randrange(0, child), "IS_DIRECTLY_CONSOLIDATED_BY", k))
            rels += 1
        for k in range(total // 1000):
            fh.write(_relationship(5 * k + 2, 0, "IS_ULTIMATELY_CONSOLIDATED_BY", k))
            rels += 1
        fh.write("</RelationshipRecords></RelationshipData>\n")
    exceptions = 0
    with open(ex_path, "w", encoding="utf-8") as fh:
        fh.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<ReportingExceptionData xmlns="http://www.gleif.org/data/schema/repex/2016">'
            f"<Header><ContentDate>{DATE}</ContentDate></Header><ReportingExceptions>\n"
        )
        for k in range(total // 1000):
            reason = ("NATURAL_PERSONS", "NON_PUBLIC", "NO_KNOWN_PERSON")[k % 3]
            fh.write(
                f"<Exception><LEI>{lei(5 * k + 3)}</LEI><ExceptionCategory>DIRECT_ACCOUNTING_CONSOLIDATION_PARENT"
                f"</ExceptionCategory><ExceptionReason>{reason}</ExceptionReason></Exception>\n"
            )
            exceptions += 1
        fh.write("</ReportingExceptions></ReportingExceptionData>\n")
    return [lei_path, rr_path, ex_path], total + rels + exceptions


def timed(*cmd: str) -> tuple[float, int, str]:
    """Wall seconds and peak RSS (KiB) as /usr/bin/time reports them, and the first line of stdout."""
    proc = subprocess.run(["/usr/bin/time", "-f", "%e s %M KB", *cmd], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {proc.stderr[-3000:]}")
    seconds, _, kib, _ = proc.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kib), (proc.stdout.strip().splitlines() or [""])[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of LEI records")
    ap.add_argument("--keep", help="write the files and the import here instead of a temporary folder")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(args.keep or tmp)
        base.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        paths, records = generate(base, args.n)
        size = sum(p.stat().st_size for p in paths) / 2**20
        print(f"generated {records:,} records ({args.n:,} LEI), {size:.1f} MiB in {time.perf_counter() - t0:.1f} s")
        files = [str(p) for p in paths]
        bs, brss, count = timed(sys.executable, "-c", BASELINE, *files)
        assert int(count) == records, (count, records)
        s, rss, said = timed(KG, "import", "gleif", *files, "--out", str(base / "out"))
        print(f"iterparse + clear: {records / bs:,.0f} records/s, {bs:.1f} s, peak RSS {brss / 1024:.0f} MiB")
        print(f"kg import gleif:   {records / s:,.0f} records/s, {s:.1f} s, peak RSS {rss / 1024:.0f} MiB")
        print(f"  {said}")
        print(f"ratio: {s / bs:.1f}x the time, {rss / brss:.1f}x the peak memory")


if __name__ == "__main__":
    main()
