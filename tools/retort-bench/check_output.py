#!/usr/bin/env python3
# Test of retort-bench: runs it with the given arguments, checks the JSON and SVG it wrote,
# a suite-file run, and that failures are one-line messages with a non-zero exit.
#
#   check_output.py RETORT_BENCH BUILD_DIR SAMPLE_SUITE ARGS...   (ARGS include --json/--svg)
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def run(args, timeout=600):
    p = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def arg_after(args, flag):
    return args[args.index(flag) + 1]


def main():
    exe, build_dir, sample_suite, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    json_path, svg_path = arg_after(args, "--json"), arg_after(args, "--svg")
    for p in (json_path, svg_path):
        if os.path.exists(p):
            os.remove(p)

    # The core suite.
    code, out, err = run([exe] + args)
    check(code == 0, "core suite exits 0 (got %d; stderr: %s)" % (code, err.strip()))
    check(err == "", "--quiet writes nothing to stderr")
    check("S1" in out and "S8" in out and "vs raw" in out, "the table names S1..S8 and vs raw")

    doc = json.load(open(json_path))
    names = [s["name"] for s in doc["statements"]]
    check(names == ["S%d" % i for i in range(1, 9)], "JSON has S1..S8 in order: %s" % names)
    check(doc["ok"] is True and doc["clients"] == 1, "JSON ok and clients")
    check("***" not in doc["url"] or "@" in doc["url"], "JSON url present")
    ops = int(arg_after(args, "--ops"))
    for s in doc["statements"]:
        n = s["name"]
        check(s["ops"] == ops, "%s ran %d ops (got %s)" % (n, ops, s["ops"]))
        check(0 < s["p50_us"] <= s["p95_us"] <= s["p99_us"] <= s["max_us"] + 1e-9,
              "%s percentiles ordered" % n)
        check(s["throughput_ops_s"] > 0 and s["compile_ns"] > 0, "%s throughput, compile" % n)
        check(s["raw_p50_us"] is not None and s["ratio"] is not None and s["ratio"] > 0,
              "%s has a raw baseline and ratio" % n)
        check(s["raw"]["ops"] == ops, "%s baseline ran %d ops" % (n, ops))
        for key in ("url", "clients", "sql", "duration_s"):
            check(key in s, "%s has %s" % (n, key))

    root = ET.parse(svg_path).getroot()
    check(root.tag.endswith("svg"), "SVG root element is svg")
    rects = [e for e in root.iter() if e.tag.endswith("rect")]
    check(len(rects) >= 8 * 6, "SVG has a bar per percentile, statement and side (%d rects)"
          % len(rects))
    texts = "".join(e.text or "" for e in root.iter() if e.tag.endswith("text"))
    check("S1" in texts and "retort p50" in texts and "raw sqlite3 p50" in texts,
          "SVG labels and legend")

    with tempfile.TemporaryDirectory() as tmp:
        # A suite file, with the data set created first.
        j = os.path.join(tmp, "suite.json")
        code, out, err = run([exe, "--suite", sample_suite, "--setup", "--scale", "0.01",
                              "--ops", "50", "--quiet", "--json", j])
        check(code == 0, "suite file run exits 0 (stderr: %s)" % err.strip())
        doc = json.load(open(j))
        check(len(doc["statements"]) == 5 and all(s["ops"] == 50 for s in doc["statements"]),
              "suite file: 5 statements of 50 ops")

        bad_suite = os.path.join(tmp, "bad.suite")
        with open(bad_suite, "w") as f:
            f.write("# comment\nfine | SELECT 1\nbroken | SELECT :id | id=int:9..1\n")
        failing = [
            ([exe, "--clients", "0"], 2, "--clients"),
            ([exe, "--duration", "1", "--ops", "5"], 2, "not both"),
            ([exe, "--frobnicate"], 2, "unknown option"),
            ([exe, "--url", "nosuch://x"], 2, "nosuch"),
            ([exe, "--suite", bad_suite], 2, "bad.suite:3:"),
            ([exe, "--suite", os.path.join(tmp, "missing.suite")], 2, "cannot read"),
            ([exe, "--url", "postgresql://bench:secret@127.0.0.1:1/none", "--quiet"], 1,
             "cannot connect"),
            ([exe, "--no-setup", "--quiet"], 2, "no users"),
            ([exe, "--json", os.path.join(tmp, "no", "such.json")], 2, "cannot write"),
        ]
        for argv, want, needle in failing:
            code, out, err = run(argv, timeout=120)
            lines = err.strip().splitlines()
            shown = " ".join(argv[1:])
            check(code == want, "%s exits %d (got %d)" % (shown, want, code))
            check(len(lines) == 1 and needle in err, "%s: one line naming %r: %r"
                  % (shown, needle, err.strip()))
            check("secret" not in err and "terminate" not in err, "%s: no password or abort"
                  % shown)

    # The live servers of the test command, when it started them: the same suite over the
    # pool with two clients, against libpq and libmariadb baselines.
    for variable, baseline in (("RETORT_TEST_POSTGRESQL_URL", "libpq"),
                               ("RETORT_TEST_MYSQL_URL", "libmariadb")):
        url = os.environ.get(variable)
        if not url:
            print("skip %s: not set" % variable)
            continue
        with tempfile.TemporaryDirectory() as tmp:
            j = os.path.join(tmp, "server.json")
            code, out, err = run([exe, "--url", url, "--clients", "2", "--ops", "40", "--scale",
                                  "0.01", "--quiet", "--json", j])
            check(code == 0, "%s run exits 0 (stderr: %s)" % (baseline, err.strip()))
            if code == 0:
                doc = json.load(open(j))
                check(doc["clients"] == 2 and len(doc["statements"]) == 8 and
                      all(s["ops"] == 40 and s["ratio"] for s in doc["statements"]),
                      "%s: 8 statements of 40 ops with a raw ratio" % baseline)
                check("raw %s" % baseline in out, "%s named as the baseline" % baseline)

    code, out, err = run([exe, "--help"])
    check(code == 0 and "suite file" in out and "custom_bench" in out, "--help")

    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
