#!/usr/bin/env python3
"""A flood of one-packet flows from spoofed sources around a real nfdump CSV export.

Writes BASE's header and records plus N records of one 40-byte TCP SYN each, from a new random
source address and port to DST:80, with start times spread evenly over BASE's time span. Half the
spoofed sources lie in 10.0.0.0/8 (internal by default), half in 45.0.0.0/8 (external; the
addresses are only written to a file). Every other column is copied from BASE's first record.

    bench/floods/make-flood-csv.py BASE.csv N OUT.csv [--dst 10.9.9.9] [--seed 1]
"""
import argparse
import datetime as dt
import random

FMT = "%Y-%m-%d %H:%M:%S"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("base")
    p.add_argument("n", type=int)
    p.add_argument("out")
    p.add_argument("--dst", default="10.9.9.9")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    lines = open(a.base, encoding="utf-8").read().splitlines()
    header, records = lines[0], []
    for l in lines[1:]:
        if not l or not l[0].isdigit():
            break  # nfdump ends the records with a "Summary" block
        records.append(l)
    cols = header.split(",")
    ix = {c: i for i, c in enumerate(cols)}
    times = [dt.datetime.strptime(r.split(",")[ix["ts"]], FMT) for r in records]
    t0, span = min(times), max(1, int((max(times) - min(times)).total_seconds()))
    proto = records[0].split(",")
    rnd = random.Random(a.seed)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(header + "\n")
        for r in records:
            f.write(r + "\n")
        for k in range(a.n):
            ts = (t0 + dt.timedelta(seconds=k * span // max(1, a.n))).strftime(FMT)
            first = 10 if k % 2 else 45
            row = list(proto)
            row[ix["ts"]], row[ix["te"]], row[ix["td"]] = ts, ts, "0.000"
            row[ix["sa"]] = "%d.%d.%d.%d" % (first, rnd.randrange(256), rnd.randrange(256), rnd.randrange(256))
            row[ix["da"]] = a.dst
            row[ix["sp"]], row[ix["dp"]], row[ix["pr"]] = str(1024 + rnd.randrange(60000)), "80", "TCP"
            row[ix["flg"]] = "....S."
            row[ix["ipkt"]], row[ix["ibyt"]], row[ix["opkt"]], row[ix["obyt"]] = "1", "40", "0", "0"
            f.write(",".join(row) + "\n")


if __name__ == "__main__":
    main()
