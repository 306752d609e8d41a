#!/usr/bin/env python3
"""Measures Engine.decide_many() on a million generated proposals (docs/python.md#throughput).

    PYTHONPATH=build/python python3 python/measure_throughput.py [--rows N] [--threads T] [--frame]

The mix follows bench/common.cpp: every action of the schema with its required fields and
some optional ones, parties drawn from the CSTO states most of the time, dates 1995-2030,
positions for none, some or all of the CSTO members; plus a quarter of the rows the Manas
basing proposal (USA in Kyrgyzstan) and one row in a thousand with a typo (an error row).
Prints rows per second for the whole call (writing the JSON lines, deciding, building the
dicts); with --frame, for a pandas DataFrame of the same rows too.
"""
import argparse
import datetime
import os
import random
import sys
import time

import accord

CSTO_EVER = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB", "AZE", "GEO"]
ORGS = ["CSTO", "NATO", "EU", "EAEU"]
SITES = {"KGZ": ["manas", "kant"], "TJK": ["ayni", "dushanbe_airport"], "ARM": ["gyumri"]}
PURPOSES = ["counter_terrorism", "logistics", "training", "monitoring", "peacekeeping"]
STANCES = ["consent"] * 60 + ["object"] * 15 + ["abstain"] * 25
FIRST = datetime.date(1995, 1, 1).toordinal()
LAST = datetime.date(2030, 12, 31).toordinal()


def generate(engine, n, seed=1):
    rng = random.Random(seed)
    states = [p for p in engine.parties if len(p) == 3 and p.isupper()]  # not organizations or instruments
    actions = engine.actions

    def state(csto_percent):
        return rng.choice(CSTO_EVER) if rng.randrange(100) < csto_percent else rng.choice(states)

    rows = []
    for i in range(n):
        date = datetime.date.fromordinal(rng.randint(FIRST, LAST)).isoformat()
        if rng.randrange(4) == 0:
            row = {"id": f"p{i:07d}", "action": "basing", "actor": "USA", "host": "KGZ", "site": "manas",
                   "date": date}
        else:
            action = rng.choice(actions)
            row = {"id": f"p{i:07d}", "action": action, "date": date}
            for field in engine.fields(action):
                if field in ("action", "date"):
                    continue
                if field == "org":
                    row[field] = rng.choice(ORGS)
                elif field == "host":
                    row[field] = state(60)
                elif field in ("actor", "supplier", "recipient"):
                    row[field] = state(35)
                elif field == "partners" and rng.randrange(100) < 30:
                    row[field] = [state(30) for _ in range(1 + rng.randrange(3))]
                elif field == "site" and row.get("host") in SITES and rng.randrange(100) < 30:
                    row[field] = rng.choice(SITES[row["host"]])
                elif field in ("request", "domestic_price") and rng.randrange(100) < 30:
                    row[field] = rng.randrange(2) == 1
                elif field == "purpose" and rng.randrange(100) < 30:
                    row[field] = rng.choice(PURPOSES)
        mode = rng.randrange(10)
        if mode >= 4:
            row["positions"] = {p: rng.choice(STANCES) for p in CSTO_EVER if mode >= 7 or rng.randrange(2)}
        if rng.randrange(1000) == 0:
            row["hots"] = row.pop("host", "KGZ")
        rows.append(row)
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--rules", default=os.environ.get("ACCORD_REPO", ".") + "/rules")
    ap.add_argument("--frame", action="store_true", help="also decide the rows as a pandas DataFrame")
    args = ap.parse_args()

    engine = accord.load(args.rules)
    t = time.perf_counter()
    rows = generate(engine, args.rows)
    print(f"generated {len(rows):,} proposals in {time.perf_counter() - t:.1f} s", file=sys.stderr)

    def measure(label, proposals):
        load = os.getloadavg()[0]  # other work on the machine slows the run
        t, cpu = time.perf_counter(), time.process_time()
        out = engine.decide_many(proposals, threads=args.threads)
        s, cpu = time.perf_counter() - t, time.process_time() - cpu
        errors = sum(1 for d in out if "error" in d)
        verdicts = {}
        for d in out:
            if "decision" in d:
                verdicts[d["decision"]] = verdicts.get(d["decision"], 0) + 1
        print(f"{label}: {len(out):,} decisions in {s:.2f} s = {len(out) / s:,.0f} proposals/s "
              f"(CPU {cpu:.2f} s in all threads; threads={args.threads}; {errors} error rows; {verdicts}; "
              f"load average before: {load:.2f})")
        return out

    out = measure("list of dicts", rows)
    if args.frame:
        import pandas as pd
        frame = pd.DataFrame(rows)
        sample = out[::100]
        del out, rows  # each measurement with the same memory in use
        frame_out = measure("DataFrame", frame)
        assert frame_out[::100] == sample, "the DataFrame's decisions differ from the list's"


if __name__ == "__main__":
    main()
