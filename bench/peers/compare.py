#!/usr/bin/python3
# Joins retort's benchmark JSON (retort and raw C API figures) with the SQLAlchemy peer's JSON
# and prints one table: retort, the raw baseline, SQLAlchemy, and the ratios between them.
"""Print retort vs raw C API vs SQLAlchemy from the benchmarks' JSON files.

    bench/peers/compare.py --retort out/bench_*.json --sqlalchemy out/sqlalchemy.json \
        [--sqlalchemy-busy out/sqlalchemy_busy.json] [--sqlalchemy out/sqlalchemy_pool.json]

retort's files come from the bench_* programs' --json; SQLAlchemy's from
bench/peers/sqlalchemy_bench.py --json (server figures in the idle mode) and, with
--sqlalchemy-busy, from a second run with --busy-core.
"""

import argparse
import json
import re
import sys

SERVERS = ("postgresql", "mysql")


def load_retort(paths):
    """All rows of retort's JSON files, in file order."""
    rows = []
    for path in paths:
        with open(path) as f:
            rows.extend(json.load(f))
    return rows


def load_peer(paths, server_mode):
    """SQLAlchemy figures by (name, dialect, mode); the mode of in-process figures is 'cpu'."""
    out = {}
    for path in paths:
        with open(path) as f:
            for r in json.load(f):
                name, mode = r["name"], None
                m = re.match(r"(.*) \((idle|busy core)\)$", name)
                if m:
                    name, mode = m.group(1), m.group(2)
                if r["dialect"] in SERVERS:
                    mode = mode or server_mode
                else:
                    mode = "cpu"
                out[(name, r["dialect"], mode)] = r
    return out


def joined(retort_rows, peer):
    """One entry per retort figure: the retort row, its raw baseline (if any) and the peer's."""
    out = []
    for r in retort_rows:
        if r.get("library") != "retort":
            continue
        p = peer.get((r["name"], r["dialect"], r["mode"]))
        out.append({
            "name": r["name"],
            "dialect": r["dialect"],
            "mode": r["mode"],
            "unit": r.get("unit", "op"),
            "retort": r["ns_per_op"],
            "retort_min": r.get("min_ns_per_op"),
            "raw": r.get("baseline_ns_per_op"),
            "raw_impl": r.get("baseline"),
            "ratio": r.get("ratio"),
            "paired": r.get("paired_ratio"),
            "sqlalchemy": p["ns_per_op"] if p else None,
        })
    return out


def raw_rows(retort_rows):
    """The raw baselines' own figures by (name, dialect, mode, impl)."""
    return {(r["name"], r["dialect"], r["mode"], r["impl"]): r for r in retort_rows
            if r.get("library") == "raw"}


def fmt_ns(v):
    if v is None:
        return ""
    return f"{v:,.0f}" if v >= 100 else f"{v:.1f}"


def fmt_ratio(v):
    return "" if v is None else f"{v:.3f}"


def print_table(rows, out=sys.stdout):
    head = (f"{'figure':<30} {'dialect':<10} {'mode':<9} {'retort ns':>11} {'raw ns':>11} "
            f"{'retort/raw':>10} {'paired':>7} {'SQLAlchemy ns':>14} {'SQLA/retort':>11}")
    print(head, file=out)
    print("-" * len(head), file=out)
    for r in rows:
        peer_ratio = r["sqlalchemy"] / r["retort"] if r["sqlalchemy"] and r["retort"] else None
        print(f"{r['name']:<30} {r['dialect']:<10} {r['mode']:<9} {fmt_ns(r['retort']):>11} "
              f"{fmt_ns(r['raw']):>11} {fmt_ratio(r['ratio']):>10} {fmt_ratio(r['paired']):>7} "
              f"{fmt_ns(r['sqlalchemy']):>14} "
              f"{'' if peer_ratio is None else f'{peer_ratio:,.1f}x':>11}", file=out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--retort", nargs="+", default=[], help="bench_* --json files")
    parser.add_argument("--sqlalchemy", nargs="*", default=[],
                        help="peer JSON files (server figures in the idle mode)")
    parser.add_argument("--sqlalchemy-busy", nargs="*", default=[],
                        help="peer JSON files of a --busy-core run")
    args = parser.parse_args()
    peer = load_peer(args.sqlalchemy, "idle")
    peer.update(load_peer(args.sqlalchemy_busy, "busy core"))
    rows = joined(load_retort(args.retort), peer)
    print("ns per op (per row for bulk insert and scan), medians; retort/raw is the ratio of "
          "the medians (< 1: faster than the C API code), paired the median of the per-round "
          "ratios of interleaved server figures; SQLA/retort is how many times slower "
          "SQLAlchemy is")
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
