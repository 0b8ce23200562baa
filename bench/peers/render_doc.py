#!/usr/bin/python3
# Renders the figures of docs/benchmarks.md (machine, retort vs raw C API, retort vs SQLAlchemy,
# BENCH.md targets met or not) from the JSON files that bench/run_all.sh writes.
"""Regenerate the tables of docs/benchmarks.md from benchmark JSON.

    bench/peers/render_doc.py --results build-bench/bench-results [--doc docs/benchmarks.md]

Without --doc the Markdown goes to stdout; with it, the part of the file between the
'<!-- figures:begin -->' and '<!-- figures:end -->' lines is replaced.
"""

import argparse
import glob
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402

BEGIN = "<!-- figures:begin -->"
END = "<!-- figures:end -->"


def fmt_ns(v):
    if v is None:
        return "–"
    if v >= 10_000_000:
        return f"{v / 1e6:,.1f} ms"
    if v >= 10_000:
        return f"{v / 1000:,.1f} µs"
    return f"{v:,.0f} ns" if v >= 100 else f"{v:.1f} ns"


def fmt_ratio(v):
    return "–" if v is None else f"{v:.2f}"


ORDER = {"any": 0, "sqlite": 1, "postgresql": 2, "mysql": 3}


def load(results):
    files = sorted(glob.glob(os.path.join(results, "bench_*.json")))
    retort = compare.load_retort(files)
    # Dialects in a fixed order (the files come alphabetically); within one, as measured.
    retort = [r for _, r in sorted(enumerate(retort),
                                   key=lambda p: (ORDER.get(p[1]["dialect"], 9), p[0]))]
    peer_files = [p for p in (os.path.join(results, "sqlalchemy.json"),
                              os.path.join(results, "sqlalchemy_pool.json")) if os.path.exists(p)]
    busy_files = [p for p in (os.path.join(results, "sqlalchemy_busy.json"),) if os.path.exists(p)]
    peer = compare.load_peer(peer_files, "idle")
    peer.update(compare.load_peer(busy_files, "busy core"))
    machine = {}
    mpath = os.path.join(results, "machine.json")
    if os.path.exists(mpath):
        with open(mpath) as f:
            machine = json.load(f)
    return retort, peer, machine


def find(rows, name, dialect, mode=None, library="retort", impl=None):
    for r in rows:
        if (r["name"] == name and r["dialect"] == dialect and r.get("library") == library
                and (mode is None or r["mode"] == mode) and (impl is None or r["impl"] == impl)):
            return r
    return None


def machine_section(m):
    if not m:
        return ["_No machine.json next to the results._", ""]
    lines = [
        "| | |",
        "|---|---|",
        f"| CPU | {m.get('cpu_model', '?')} |",
        f"| cores (nproc) | {m.get('nproc', '?')} |",
        f"| memory | {m.get('memory_gb', '?')} GB |",
        f"| kernel | {m.get('kernel', '?')} |",
        f"| load average at start / end | {' '.join(m.get('loadavg_started', []))} / "
        f"{' '.join(m.get('loadavg_finished', []))} |",
        f"| run | {m.get('started', '?')} to {m.get('finished', '?')}, commit "
        f"{m.get('commit', '?')} |",
        "",
    ]
    return lines


def raw_table(retort):
    lines = [
        "| figure | dialect | mode | retort | raw C API (baseline) | ratio of medians "
        "| paired ratio | ratio of minimums | raw / retort throughput |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in retort:
        if r.get("library") != "retort" or r.get("baseline_ns_per_op") is None:
            continue
        unit = "/row" if r.get("unit") == "row" else ""
        ratio = r.get("ratio")
        lines.append(
            f"| {r['name']} | {r['dialect']} | {r['mode']} | {fmt_ns(r['ns_per_op'])}{unit} "
            f"| {fmt_ns(r['baseline_ns_per_op'])}{unit} ({r['baseline']}) | {fmt_ratio(ratio)} "
            f"| {fmt_ratio(r.get('paired_ratio'))} | {fmt_ratio(r.get('ratio_of_minimums'))} "
            f"| {fmt_ratio(1 / ratio if ratio else None)} |")
    lines.append("")
    return lines


def raw_variants_table(retort):
    lines = ["| figure | dialect | mode | baseline | ns per op |", "|---|---|---|---|---:|"]
    for r in retort:
        if r.get("library") == "raw":
            unit = "/row" if r.get("unit") == "row" else ""
            lines.append(f"| {r['name']} | {r['dialect']} | {r['mode']} | {r['impl']} "
                         f"| {fmt_ns(r['ns_per_op'])}{unit} |")
    lines.append("")
    return lines


def peer_table(retort, peer):
    lines = [
        "| figure | dialect | mode | retort | SQLAlchemy 1.4 | SQLAlchemy / retort |",
        "|---|---|---|---:|---:|---:|",
    ]
    for j in compare.joined(retort, peer):
        if j["sqlalchemy"] is None:
            continue
        unit = "/row" if j["unit"] == "row" else ""
        lines.append(
            f"| {j['name']} | {j['dialect']} | {j['mode']} | {fmt_ns(j['retort'])}{unit} "
            f"| {fmt_ns(j['sqlalchemy'])}{unit} | {j['sqlalchemy'] / j['retort']:,.1f}× |")
    lines.append("")
    return lines


def own_table(retort):
    """retort figures without a baseline (compile, cached, pool, parameter building)."""
    names = {}
    for r in retort:
        if r.get("library") == "retort" and r.get("baseline_ns_per_op") is None:
            names.setdefault(r["name"], {})[r["dialect"]] = r
    dialects = ["sqlite", "postgresql", "mysql", "any"]
    lines = ["| figure | sqlite | postgresql | mysql | dialect-free |",
             "|---|---:|---:|---:|---:|"]
    for name, by in names.items():
        unit = lambda r: "/row" if r.get("unit") == "row" else ""  # noqa: E731
        cells = [fmt_ns(by[d]["ns_per_op"]) + unit(by[d]) if d in by else "–" for d in dialects]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def same_run_ratio(r):
    """The ratio a target is judged on: for interleaved (server) figures the median of the
    per-round ratios, else the ratio of the medians."""
    return r.get("paired_ratio") or r.get("ratio")


def targets(retort):
    """BENCH.md's targets: (target, figure, measured, met)."""
    out = []

    def compile_target(s, limit):
        for d in ("sqlite", "postgresql", "mysql"):
            r = find(retort, f"compile {s}", d)
            if r:
                v = r["ns_per_op"]
                out.append((f"build + compile {s} ≤ {limit / 1000:g} µs", f"compile {s}, {d}",
                            fmt_ns(v), v <= limit))

    compile_target("S1", 400)
    compile_target("S2", 2000)
    compile_target("S8", 5000)
    for d in ("sqlite", "postgresql", "mysql"):
        r = find(retort, "cached lookup S1", d)
        if r:
            v = r["ns_per_op"]
            out.append(("cached execute-path overhead (lookup + gathering values) ≤ 150 ns",
                        f"cached lookup S1, {d}", fmt_ns(v), v <= 150))
    r = find(retort, "point select", "sqlite")
    if r and r.get("ratio"):
        out.append(("S1 on SQLite in memory vs raw sqlite3: ratio ≤ 1.05", "point select, sqlite",
                    f"{r['ratio']:.3f} ({fmt_ns(r['ns_per_op'])} vs {fmt_ns(r['baseline_ns_per_op'])})",
                    r["ratio"] <= 1.05))
    r = find(retort, "bulk insert", "sqlite")
    if r and r.get("ratio"):
        t = 1 / r["ratio"]
        out.append(("bulk insert 1M rows SQLite: ≥ 0.95 of raw throughput", "bulk insert, sqlite",
                    f"{t:.3f} ({1e9 / r['ns_per_op']:,.0f} vs {1e9 / r['baseline_ns_per_op']:,.0f} rows/s)",
                    t >= 0.95))
    for d in ("sqlite", "postgresql", "mysql"):
        for mode in ("cpu", "idle", "busy core"):
            r = find(retort, "scan", d, mode)
            if r and r.get("ratio"):
                t = 1 / same_run_ratio(r)
                out.append(("scan 1M rows into structs: ≥ 0.95 of raw throughput",
                            f"scan, {d}, {mode}",
                            f"{t:.3f} ({1e9 / r['ns_per_op']:,.0f} vs "
                            f"{1e9 / r['baseline_ns_per_op']:,.0f} rows/s)", t >= 0.95))
    for mode in ("idle", "busy core"):
        r = find(retort, "bulk insert", "postgresql", mode)
        copy = find(retort, "bulk insert", "postgresql", mode, library="raw", impl="raw_copy")
        if r and copy:
            t = copy["ns_per_op"] / r["ns_per_op"]
            if r.get("baseline") == "raw_copy" and r.get("paired_ratio"):
                t = 1 / r["paired_ratio"]
            out.append(("PostgreSQL executemany 100k rows: ≥ 0.8 of raw COPY throughput",
                        f"bulk insert, postgresql, {mode}",
                        f"{t:.3f} ({1e9 / r['ns_per_op']:,.0f} vs {1e9 / copy['ns_per_op']:,.0f} rows/s)",
                        t >= 0.8))
        r = find(retort, "point select", "postgresql", mode)
        if r and r.get("ratio"):
            q = same_run_ratio(r)
            out.append(("S1 on PostgreSQL vs raw PQexecPrepared: ratio ≤ 1.05",
                        f"point select, postgresql, {mode}",
                        f"{q:.3f} paired ({fmt_ns(r['ns_per_op'])} vs "
                        f"{fmt_ns(r['baseline_ns_per_op'])}, min ratio "
                        f"{fmt_ratio(r.get('ratio_of_minimums'))})", q <= 1.05))
    return out


def render(results):
    retort, peer, machine = load(results)
    lines = [BEGIN, "", "_Generated by `bench/peers/render_doc.py` from the JSON of "
             "`bench/run_all.sh`; edit the text outside these markers only._", "",
             "### Machine", ""]
    lines += machine_section(machine)
    lines += ["### Targets of BENCH.md", "", "| target | figure | measured | met |",
              "|---|---|---|---|"]
    for target, figure, measured, met in targets(retort):
        lines.append(f"| {target} | {figure} | {measured} | {'yes' if met else '**no**'} |")
    lines += ["", "### retort vs the raw C API (same binary, same run)", ""]
    lines += raw_table(retort)
    lines += ["### retort vs SQLAlchemy 1.4 (same servers, back to back)", ""]
    lines += peer_table(retort, peer)
    lines += ["### retort figures without a baseline (median ns per statement / cycle / row)", ""]
    lines += own_table(retort)
    lines += ["### Every raw baseline variant", ""]
    lines += raw_variants_table(retort)
    lines.append(END)
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", required=True, help="directory of the JSON files")
    parser.add_argument("--doc", help="Markdown file whose generated part is replaced")
    args = parser.parse_args()
    text = render(args.results)
    if not args.doc:
        sys.stdout.write(text)
        return 0
    with open(args.doc) as f:
        doc = f.read()
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END) + r"\n?", re.S)
    if not pattern.search(doc):
        print(f"{args.doc} has no {BEGIN} ... {END} section", file=sys.stderr)
        return 1
    doc = pattern.sub(lambda _: text, doc, count=1)
    with open(args.doc, "w") as f:
        f.write(doc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
