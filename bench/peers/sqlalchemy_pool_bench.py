#!/usr/bin/python3
# SQLAlchemy 1.4 peer of bench_pool: QueuePool checkout + return and Engine.connect() + close()
# on a SQLite file, 1 and 8 threads; prints the figures and writes the same JSON fields.
"""SQLAlchemy QueuePool figures beside retort's bench_pool.

  pool checkout N threads   QueuePool.connect() then .close() (reset on return included, as
                            in SQLAlchemy's default), ns per cycle.
  connect N threads         Engine.connect() then Connection.close(), ns per cycle.

ns_per_op is process CPU time per cycle (summed over the threads, as retort's figure), median
of the repetitions; real_ns_per_op is wall time per cycle (all threads' cycles together).
"""

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import threading
import time

import sqlalchemy as sa
from sqlalchemy.pool import QueuePool


def measure(cycle, threads, seconds, repetitions):
    """Median CPU and wall ns per cycle over the repetitions."""
    calls = 1
    while True:  # calibrate one thread's calls to about `seconds`
        t0 = time.perf_counter()
        for _ in range(calls):
            cycle()
        elapsed = time.perf_counter() - t0
        if elapsed > seconds / 10 or calls > 1 << 22:
            break
        calls *= 4
    calls = max(1, int(calls * seconds / max(elapsed, 1e-9) / threads))
    cpu, wall = [], []
    for _ in range(repetitions):
        start = threading.Barrier(threads + 1)

        def work():
            start.wait()
            for _ in range(calls):
                cycle()

        pool = [threading.Thread(target=work) for _ in range(threads)]
        for t in pool:
            t.start()
        c0, w0 = time.process_time(), time.perf_counter()
        start.wait()
        for t in pool:
            t.join()
        c1, w1 = time.process_time(), time.perf_counter()
        total = calls * threads
        cpu.append((c1 - c0) * 1e9 / total)
        wall.append((w1 - w0) * 1e9 / total)
    return statistics.median(cpu), statistics.median(wall)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=0.3, help="per repetition")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()

    fd, path = tempfile.mkstemp(prefix="sqlalchemy_bench_pool_", suffix=".db")
    os.close(fd)
    rows = []
    try:
        pool = QueuePool(lambda: sqlite3.connect(path, check_same_thread=False),
                         pool_size=8, max_overflow=8)
        engine = sa.create_engine("sqlite:///" + path, poolclass=QueuePool, pool_size=8,
                                  max_overflow=8)
        warm = [pool.connect() for _ in range(8)] + [engine.connect() for _ in range(8)]
        for c in warm:
            c.close()

        def checkout():
            pool.connect().close()

        def connect():
            engine.connect().close()

        print(f"SQLAlchemy {sa.__version__}, {args.repetitions} repetitions, median shown")
        for name, cycle in (("pool checkout", checkout), ("connect", connect)):
            for threads in (1, 8):
                cpu, wall = measure(cycle, threads, args.seconds, args.repetitions)
                label = f"{name} {threads} thread{'s' if threads > 1 else ''}"
                print(f"  {label:<28} sqlite {cpu:10,.0f} ns/cycle (cpu) {wall:10,.0f} ns/cycle (wall)")
                rows.append({"name": label, "dialect": "sqlite", "ns_per_op": round(cpu, 1),
                             "real_ns_per_op": round(wall, 1), "baseline_ns_per_op": None,
                             "ratio": None, "mode": "cpu", "library": "sqlalchemy",
                             "repetitions": args.repetitions})
        engine.dispose()
        pool.dispose()
    finally:
        os.unlink(path)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=2)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
