"""Reading a large Web of Science export: records and cited references per second.

    python bench/wos_export.py                       # 2,000 records, ~80,000 cited references
    python bench/wos_export.py --records 5000 --tab  # the tab-delimited form (UTF-16, as WoS writes it)
    python bench/wos_export.py --build               # also time `litgraph build -s` end to end
    python bench/wos_export.py --write savedrecs.txt # keep the generated file

The export is generated, deterministically, in the shapes of real WoS records:
plain-text tags with three-space continuation lines, 40 cited references a
record on average (spread 5-120), in WoS's CR form with the variants real
files have (no volume, "DOI [a, b]", "DOI DOI", [Anonymous], books, page
"pD418", no year). Some cited references are records of the export itself,
so local citations exist. Prints reading time in total and per 1,000 records.
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

JOURNALS = [("JOURNAL OF INTERNATIONAL BUSINESS STUDIES", "J INT BUS STUD"),
            ("STRATEGIC MANAGEMENT JOURNAL", "STRATEGIC MANAGE J"), ("RESEARCH POLICY", "RES POLICY"),
            ("ORGANIZATION SCIENCE", "ORGAN SCI"), ("AMERICAN JOURNAL OF SOCIOLOGY", "AM J SOCIOL"),
            ("NUCLEIC ACIDS RESEARCH", "NUCLEIC ACIDS RES"), ("SCIENTOMETRICS", "SCIENTOMETRICS"),
            ("JOURNAL OF WORLD BUSINESS", "J WORLD BUS"), ("MANAGEMENT SCIENCE", "MANAGE SCI")]
BOOKS = ["THEORY GROWTH FIRM", "STRUCTURAL HOLES SOC", "SOCIAL NETWORK ANAL", "REGIONAL ADVANTAGE C",
         "EVOLUTIONARY THEORY", "NETWORKS ORG"]
FAMILIES = ["Johanson", "Penrose", "Owen-Smith", "Powell", "Burt", "Granovetter", "Uzzi", "Ahuja", "Stuart",
            "Freeman", "Kogut", "Zander", "Teece", "Barney", "Nelson", "Winter", "Coviello", "Oviatt", "Chen",
            "Wang", "Li", "Zhang", "Leydesdorff", "Small", "Garfield", "Van Raan", "de Solla Price"]


def _initials(rnd) -> str:
    return "".join(rnd.choice("ABCDEGHJKLMNPRSTWY") for _ in range(rnd.randint(1, 2)))


def _cited(rnd, records: list[dict]) -> str:
    r = rnd.random()
    if r < 0.08 and records:  # a record of the export itself
        rec = rnd.choice(records)
        return f"{rec['au'][0].replace(',', '')}, {rec['py']}, {rec['j9']}, V{rec['vl']}, P{rec['bp']}, DOI {rec['di']}"
    fam = rnd.choice(FAMILIES)
    name = fam.upper() if rnd.random() < 0.2 else fam
    year = rnd.randint(1950, 2020)
    if r < 0.18:
        return f"{name} {_initials(rnd)}., {year}, {rnd.choice(BOOKS)}"
    if r < 0.2:
        return f"[Anonymous], {year}, {rnd.choice(JOURNALS)[1]}, V{rnd.randint(1, 99)}, P{rnd.randint(1, 999)}"
    if r < 0.21:
        return f"{name} {_initials(rnd)}, {rnd.choice(BOOKS)}"
    j9 = rnd.choice(JOURNALS)[1]
    vol, page = rnd.randint(1, 120), rnd.randint(1, 2000)
    doi = f"10.{rnd.randint(1000, 9999)}/{j9.lower().replace(' ', '')}.{year}.{rnd.randint(1, 99999)}"
    form = rnd.random()
    if form < 0.45:
        return f"{name} {_initials(rnd)}, {year}, {j9}, V{vol}, P{page}, DOI {doi}"
    if form < 0.6:
        return f"{name} {_initials(rnd)}, {year}, {j9}, V{vol}, P{page}"
    if form < 0.7:
        return f"{name} {_initials(rnd)}, {year}, {j9}, V{vol}, pD{page}, DOI DOI {doi}"
    if form < 0.8:
        return f"{name} {_initials(rnd)}, {year}, {j9}, V{vol}, DOI [{doi}, {doi.upper()}]"
    return f"{name} {_initials(rnd)}, {year}, {j9}, V{vol}, ARTN {page}, DOI {doi}"


def generate(n_records: int, seed: int = 1) -> tuple[list[dict], int]:
    rnd = random.Random(seed)
    records: list[dict] = []
    total = 0
    for k in range(n_records):
        so, j9 = rnd.choice(JOURNALS)
        n_au = rnd.randint(1, 5)
        au = [f"{rnd.choice(FAMILIES)}, {_initials(rnd)}" for _ in range(n_au)]
        rec = {"au": au, "ti": f"An invented study of networks and firms number {k} across regions and decades "
                              f"with a title long enough to wrap",
               "so": so, "j9": j9, "py": rnd.randint(1990, 2024), "vl": rnd.randint(1, 60), "is": rnd.randint(1, 12),
               "bp": rnd.randint(1, 900), "di": f"10.5555/bench.{k}", "ut": f"WOS:{k:015d}",
               "de": "networks; firms; regions; innovation; knowledge spillovers",
               "ab": "An invented abstract. " * rnd.randint(5, 25)}
        n_cr = max(5, min(120, int(rnd.gauss(40, 20))))
        rec["cr"] = [_cited(rnd, records) for _ in range(n_cr)]
        total += n_cr
        records.append(rec)
    return records, total


def plain_text(records: list[dict]) -> str:
    out = ["FN Clarivate Analytics Web of Science", "VR 1.0"]
    for r in records:
        out.append("PT J")
        out.append("AU " + "\n   ".join(r["au"]))
        words = r["ti"].split()
        out.append("TI " + " ".join(words[:10]) + "\n   " + " ".join(words[10:]))
        out += [f"SO {r['so']}", "LA English", "DT Article", f"DE {r['de']}", f"AB {r['ab'].strip()}"]
        out.append("CR " + "\n   ".join(r["cr"]))
        out += [f"NR {len(r['cr'])}", f"J9 {r['j9']}", f"PY {r['py']}", f"VL {r['vl']}", f"IS {r['is']}",
                f"BP {r['bp']}", f"EP {r['bp'] + 15}", f"DI {r['di']}", f"UT {r['ut']}", "ER", ""]
    out.append("EF")
    return "\ufeff" + "\n".join(out) + "\n"


def tab_text(records: list[dict]) -> str:
    tags = ["PT", "AU", "TI", "SO", "LA", "DT", "DE", "AB", "CR", "NR", "J9", "PY", "VL", "IS", "BP", "EP", "DI", "UT"]
    rows = ["\t".join(tags)]
    for r in records:
        rows.append("\t".join(["J", "; ".join(r["au"]), r["ti"], r["so"], "English", "Article", r["de"],
                               r["ab"].strip(), "; ".join(r["cr"]), str(len(r["cr"])), r["j9"], str(r["py"]),
                               str(r["vl"]), str(r["is"]), str(r["bp"]), str(r["bp"] + 15), r["di"], r["ut"]]) + "\t")
    return "\ufeff" + "\r\n".join(rows) + "\r\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--tab", action="store_true", help="tab-delimited UTF-16 instead of plain text")
    ap.add_argument("--build", action="store_true", help="also time `litgraph build -s FILE` end to end")
    ap.add_argument("--write", help="keep the generated export at this path")
    args = ap.parse_args()

    from litgraph.readers import read_file

    records, total = generate(args.records)
    path = args.write or os.path.join(tempfile.mkdtemp(), "savedrecs.txt")
    if args.tab:
        Path(path).write_bytes(tab_text(records).encode("utf-16-le"))
    else:
        Path(path).write_text(plain_text(records), "utf-8")
    size = os.path.getsize(path)
    print(f"{args.records} records, {total} cited references, {size / 1e6:.1f} MB "
          f"({'tab-delimited UTF-16' if args.tab else 'plain text'})")
    t, cpu = time.perf_counter(), time.process_time()
    docs = read_file(path)
    secs, cpu = time.perf_counter() - t, time.process_time() - cpu
    refs = sum(len(d.references) for d in docs)
    # CPU time too: on a busy machine the wall clock measures the neighbours.
    print(f"read {len(docs)} records, {refs} cited references in {secs:.2f} s ({cpu:.2f} s CPU): "
          f"{secs / len(docs) * 1000:.2f} s per 1,000 records ({cpu / len(docs) * 1000:.2f} s CPU), "
          f"{refs / cpu:,.0f} cited references per CPU second")
    if args.build:
        import resource

        out = tempfile.mkdtemp()
        t = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.run([sys.executable, "-m", "litgraph", "build", "-s", path, "-o", out],
                              capture_output=True, text=True, cwd=ROOT)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        print(f"litgraph build: exit {proc.returncode} in {time.perf_counter() - t:.1f} s ({cpu:.1f} s CPU)")
        print("\n".join(line[:200] for line in proc.stdout.splitlines() if line.startswith("graph:")))


if __name__ == "__main__":
    main()
