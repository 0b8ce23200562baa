#!/usr/bin/python3
# SQLAlchemy 1.4 Core peer of the benchmark suite: statements S1-S8 built as Core expressions,
# timed per dialect for compile, cached compile, point select, bulk insert and scan.
"""SQLAlchemy Core peer figures for the retort benchmark suite.

Figures (median of the repetitions, nanoseconds per op):

  compile S<n>          build the statement and stmt.compile(dialect=...), a fresh statement
                        every iteration, no compiled cache involved.
  cached compile S<n>   what Connection.execute does before reaching the driver when the
                        compiled cache is warm: build the statement, _compile_w_cache (cache
                        key + LRU lookup, a hit after warm-up), then gather the bound
                        values the way DefaultExecutionContext._init_compiled does
                        (construct_params, expanding IN, bind processors, positional tuple).
                        Not included: the execution context object and cursor creation.
                        S4 (multi-row VALUES) and S7 (upsert) have no cache key in
                        SQLAlchemy 1.4, so their figures include a full compile, as their
                        executions do.
  point select          S1 built once with bindparam("id"), executed with a new id each time
                        and fetched with .one(). On a server the name carries the latency
                        mode: "(idle)", or "(busy core)" with --busy-core, which keeps one
                        core busy with a nice -n 19 loop while the server figures run.
  point select rebuilt  S1 built with the id as a value on every call, so each execution
                        also pays for building and the cache-key lookup.
  bulk insert           executemany of N rows (name, email, age, created_at) in one
                        transaction; ns per row.
  scan                  select(users) with every row turned into a tuple; ns per row.

The runtime figures use SQLite in memory always, and PostgreSQL / MySQL when their URLs are
given. The script drops and recreates the tables users and addresses in those databases.
"""

import argparse
import datetime
import gc
import io
import json
import platform
import statistics
import subprocess
import sys
import time

import sqlalchemy as sa
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.util import LRUCache

N_ADDRESSES = 3
S4_ROWS = 100
CREATED_AT_BASE = datetime.datetime(2024, 1, 1)

metadata = sa.MetaData()
users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(50), nullable=False),
    sa.Column("email", sa.String(100)),
    sa.Column("age", sa.Integer),
    # DATETIME(6) keeps the microseconds on MySQL, as TIMESTAMP does elsewhere.
    sa.Column("created_at", sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql")),
)
addresses = sa.Table(
    "addresses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), index=True),
    sa.Column("email", sa.String(100), nullable=False),
)

DIALECTS = {
    "sqlite": sqlite.dialect(),
    "postgresql": postgresql.dialect(),
    "mysql": mysql.dialect(),
}


# --- the data set -----------------------------------------------------------------------------


def bench_user(i):
    return {
        "id": i,
        "name": f"user{i}",
        "email": f"user{i}@example.com",
        "age": 18 + i % 60,
        "created_at": CREATED_AT_BASE + datetime.timedelta(seconds=i),
    }


def new_user_rows(first, n):
    """Rows without id, as a bulk insert sends them."""
    rows = []
    for i in range(first, first + n):
        row = bench_user(i)
        del row["id"]
        rows.append(row)
    return rows


# --- the statements ---------------------------------------------------------------------------


def build_s1(uid=42):
    return sa.select(users.c.id, users.c.name, users.c.email).where(users.c.id == uid)


def build_s2(pattern="user1%", min_count=2, limit=10):
    n = sa.func.count(addresses.c.id)
    return (
        sa.select(users.c.name, n.label("n"))
        .select_from(users.join(addresses, users.c.id == addresses.c.user_id))
        .where(users.c.name.like(pattern))
        .group_by(users.c.name)
        .having(n > min_count)
        .order_by(sa.desc("n"))
        .limit(limit)
    )


S3_ROW = new_user_rows(1, 1)[0]
S4_ROWS_DATA = new_user_rows(1, S4_ROWS)


def build_s3(row=S3_ROW):
    return sa.insert(users).values(**row)


def build_s4(rows=S4_ROWS_DATA):
    return sa.insert(users).values(rows)


def build_s5(ids=tuple(range(1, 11))):
    return sa.update(users).where(users.c.id.in_(ids)).values(age=users.c.age + 1)


def build_s6(uid=5, pattern="addr%"):
    return sa.delete(addresses).where(addresses.c.user_id == uid, addresses.c.email.like(pattern))


def build_s7(dialect_name, uid=1, name="renamed", email="renamed@example.com"):
    if dialect_name == "mysql":
        stmt = mysql.insert(users).values(id=uid, name=name, email=email)
        return stmt.on_duplicate_key_update(name=stmt.inserted.name, email=stmt.inserted.email)
    module = postgresql if dialect_name == "postgresql" else sqlite
    stmt = module.insert(users).values(id=uid, name=name, email=email)
    return stmt.on_conflict_do_update(
        index_elements=[users.c.id],
        set_={"name": stmt.excluded.name, "email": stmt.excluded.email},
    )


def build_s8(min_age=30, first=1, last=100):
    adults = sa.select(users.c.id, users.c.age).where(users.c.age > min_age).cte("adults")
    band = sa.case(
        (adults.c.age < 40, "young"), (adults.c.age < 60, "middle"), else_="senior"
    ).label("band")
    has_address = sa.select(addresses.c.id).where(addresses.c.user_id == users.c.id).exists()
    with_band = (
        sa.select(users.c.id, users.c.name, band)
        .select_from(adults.join(users, users.c.id == adults.c.id))
        .where(users.c.id.between(first, last), has_address)
    )
    others = sa.select(users.c.id, users.c.name, sa.literal("none").label("band")).where(
        users.c.age <= min_age, users.c.id.between(first, last)
    )
    return sa.union_all(with_band, others)


def statements(dialect_name):
    return [
        ("S1", build_s1),
        ("S2", build_s2),
        ("S3", build_s3),
        ("S4", build_s4),
        ("S5", build_s5),
        ("S6", build_s6),
        ("S7", lambda: build_s7(dialect_name)),
        ("S8", build_s8),
    ]


# --- timing -----------------------------------------------------------------------------------


def measure(op, repetitions, budget_ns, per_call=1, calls=None, before_rep=None):
    """Median ns per op over the repetitions. Each repetition times `calls` calls of op (chosen
    so one repetition takes about budget_ns when not given); one call does per_call ops."""
    if calls is None:
        calls, elapsed = 1, 0
        while True:
            t0 = time.perf_counter_ns()
            for _ in range(calls):
                op()
            elapsed = time.perf_counter_ns() - t0
            if elapsed >= budget_ns / 8 or calls >= 1 << 22:
                break
            calls *= 4
        calls = max(1, int(calls * budget_ns / max(elapsed, 1)))
    samples = []
    for _ in range(repetitions):
        if before_rep:
            before_rep()
        gc.collect()  # a collection triggered by earlier garbage is not this repetition's cost
        t0 = time.perf_counter_ns()
        for _ in range(calls):
            op()
        samples.append((time.perf_counter_ns() - t0) / (calls * per_call))
    return statistics.median(samples)


class Report:
    def __init__(self, repetitions):
        self.repetitions = repetitions
        self.rows = []

    def add(self, name, dialect, ns_per_op, unit="op"):
        self.rows.append(
            {
                "name": name,
                "dialect": dialect,
                "ns_per_op": round(ns_per_op, 1),
                "baseline_ns_per_op": None,
                "ratio": None,
                "library": "sqlalchemy",
                "repetitions": self.repetitions,
            }
        )
        per_second = f"{1e9 / ns_per_op:12,.0f} {unit}s/s" if ns_per_op > 0 else ""
        print(
            f"  {name:<34} {dialect:<11} {ns_per_op:14,.0f} ns/{unit:<4} {per_second}", flush=True
        )


# --- compile figures --------------------------------------------------------------------------


def gather_params(compiled, extracted):
    """The bound-value work of DefaultExecutionContext._init_compiled for one execution."""
    params = compiled.construct_params(extracted_parameters=extracted, escape_names=False)
    processors = compiled._bind_processors
    positiontup = compiled.positiontup if compiled.positional else None
    if compiled.literal_execute_params or compiled.post_compile_params:
        expanded = compiled._process_parameters_for_postcompile(params)
        processors = dict(processors)
        processors.update(expanded.processors)
        positiontup = expanded.positiontup
    if positiontup is not None:
        return tuple(
            processors[key](params[key]) if key in processors else params[key]
            for key in positiontup
        )
    return {
        key: processors[key](value) if key in processors else value
        for key, value in params.items()
    }


def compile_figures(report, dialect_names, repetitions, budget_ns):
    for dialect_name in dialect_names:
        dialect = DIALECTS[dialect_name]
        for sid, build in statements(dialect_name):
            report.add(
                f"compile {sid}",
                dialect_name,
                measure(lambda: build().compile(dialect=dialect), repetitions, budget_ns),
            )
        for sid, build in statements(dialect_name):
            cache = LRUCache(500)

            def cached(build=build, cache=cache):
                compiled, extracted, hit = build()._compile_w_cache(
                    dialect,
                    compiled_cache=cache,
                    column_keys=[],
                    for_executemany=False,
                    schema_translate_map=None,
                )
                return gather_params(compiled, extracted), hit

            cached()  # the miss that fills the cache
            hit = cached()[1]
            report.add(
                f"cached compile {sid}", dialect_name, measure(cached, repetitions, budget_ns)
            )
            if hit is not dialect.CACHE_HIT:
                # Multi-row VALUES and the upserts have no cache key in 1.4: every execution
                # compiles anew, and the figure says so.
                print(f"    ({sid} is not cacheable here: {hit})", flush=True)


# --- runtime figures --------------------------------------------------------------------------


def fill(engine, n_users):
    """Creates the schema and loads the data set through the driver's fastest path."""
    metadata.drop_all(engine)
    metadata.create_all(engine)
    name = engine.dialect.name
    n_addr = n_users * N_ADDRESSES
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        user_rows = (
            (u["id"], u["name"], u["email"], u["age"], u["created_at"])
            for u in map(bench_user, range(1, n_users + 1))
        )
        addr_rows = (
            (j, (j - 1) // N_ADDRESSES + 1, f"addr{j}@example.com") for j in range(1, n_addr + 1)
        )
        if name == "postgresql":
            for table, cols, rows in (
                ("users", "id, name, email, age, created_at", user_rows),
                ("addresses", "id, user_id, email", addr_rows),
            ):
                buf = io.StringIO()
                for row in rows:
                    buf.write("\t".join(str(v) for v in row))
                    buf.write("\n")
                buf.seek(0)
                cur.copy_expert(f"COPY {table} ({cols}) FROM STDIN", buf)
            for table in ("users", "addresses"):
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                )
        else:
            mark = "?" if name == "sqlite" else "%s"
            if name == "sqlite":
                # SQLAlchemy's own storage format for DateTime on SQLite.
                user_rows = (r[:4] + (r[4].strftime("%Y-%m-%d %H:%M:%S.%f"),) for r in user_rows)
            cur.executemany(
                "INSERT INTO users (id, name, email, age, created_at) "
                f"VALUES ({', '.join([mark] * 5)})",
                list(user_rows),
            )
            cur.executemany(
                f"INSERT INTO addresses (id, user_id, email) VALUES ({mark}, {mark}, {mark})",
                list(addr_rows),
            )
        raw.commit()
        cur.execute(
            "ANALYZE TABLE users, addresses" if name == "mysql" else "ANALYZE"
        )
        if name == "mysql":
            cur.fetchall()
        raw.commit()
        cur.close()
    finally:
        raw.close()


def check_statements(engine, n_users):
    """Runs S1-S8 once and checks the row counts the data set implies."""
    name = engine.dialect.name
    with engine.begin() as conn:
        expect = [
            ("S1", build_s1(42), lambda r: len(r.all()) == 1),
            ("S2", build_s2(), lambda r: len(r.all()) == 10),
            ("S8", build_s8(), lambda r: len(r.all()) == 100),
            ("S5", build_s5(), lambda r: r.rowcount == 10),
            ("S6", build_s6(n_users), lambda r: r.rowcount == N_ADDRESSES),
            ("S3", build_s3(), lambda r: r.rowcount == 1),
            ("S4", build_s4(), lambda r: r.rowcount == S4_ROWS),
            # MySQL reports an upsert that updates as two affected rows.
            ("S7", build_s7(name), lambda r: r.rowcount == (2 if name == "mysql" else 1)),
        ]
        for sid, stmt, ok in expect:
            if not ok(conn.execute(stmt)):
                raise RuntimeError(f"{sid} on {name}: unexpected result")


def runtime_figures(report, engine, label, n_users, bulk_rows, repetitions, budget_ns, mode):
    t0 = time.perf_counter()
    fill(engine, n_users)
    print(f"  ({label}: loaded {n_users:,} users in {time.perf_counter() - t0:.1f} s)", flush=True)

    with engine.connect() as conn:
        s1 = build_s1(sa.bindparam("id"))
        state = {"id": 0}

        def point_select():
            state["id"] = state["id"] % n_users + 1
            return conn.execute(s1, {"id": state["id"]}).one()

        def point_select_rebuilt():
            state["id"] = state["id"] % n_users + 1
            return conn.execute(build_s1(state["id"])).one()

        if point_select().id != 1:
            raise RuntimeError(f"point select on {label} returned the wrong row")
        suffix = f" ({mode})" if mode else ""
        report.add("point select" + suffix, label, measure(point_select, repetitions, budget_ns))
        point_select_rebuilt()
        report.add(
            "point select rebuilt" + suffix,
            label,
            measure(point_select_rebuilt, repetitions, budget_ns),
        )

    rows = new_user_rows(1, bulk_rows)

    def bulk_insert():
        with engine.begin() as conn:
            conn.execute(sa.insert(users), rows)

    def remove_inserted():
        with engine.begin() as conn:
            conn.execute(sa.delete(users).where(users.c.id > n_users))

    report.add(
        "bulk insert",
        label,
        measure(bulk_insert, repetitions, 0, per_call=bulk_rows, calls=1,
                before_rep=remove_inserted),
        unit="row",
    )
    remove_inserted()

    def scan():
        with engine.connect() as conn:
            result = [tuple(row) for row in conn.execute(sa.select(users))]
        if len(result) != n_users:
            raise RuntimeError(f"scan on {label} read {len(result)} rows, not {n_users}")

    report.add("scan", label, measure(scan, repetitions, 0, per_call=n_users, calls=1), unit="row")

    check_statements(engine, n_users)
    print(f"  ({label}: S1-S8 executed, row counts as expected)", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short run (well under 30 s)")
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--json", metavar="FILE", help="write the figures as a JSON list")
    parser.add_argument("--postgresql-url", help="postgresql://user@host:port/db")
    parser.add_argument("--mysql-url", help="mysql://user[:password]@host:port/db")
    parser.add_argument(
        "--users", type=int, help="users in the data set (default 100,000; 20,000 quick)"
    )
    parser.add_argument(
        "--busy-core",
        action="store_true",
        help="keep one core busy (nice -n 19) during the server figures",
    )
    parser.add_argument(
        "--bulk-rows", type=int, help="rows per bulk insert (default 100,000; 10,000 quick)"
    )
    parser.add_argument("--skip-compile", action="store_true")
    args = parser.parse_args()

    quick = args.quick
    n_users = args.users or (20_000 if quick else 100_000)
    bulk_rows = args.bulk_rows or (10_000 if quick else 100_000)
    compile_budget = (10 if quick else 200) * 1_000_000
    query_budget = (40 if quick else 300) * 1_000_000
    has_cext = True
    try:
        import sqlalchemy.cresultproxy  # noqa: F401
    except ImportError:
        has_cext = False
    print(
        f"SQLAlchemy {sa.__version__} (C extensions: {'yes' if has_cext else 'no'}), "
        f"Python {platform.python_version()}, {args.repetitions} repetitions, median shown",
        flush=True,
    )

    print(f"  {'figure':<34} {'dialect':<11} {'median':>14}", flush=True)
    report = Report(args.repetitions)
    if not args.skip_compile:
        compile_figures(report, list(DIALECTS), args.repetitions, compile_budget)

    targets = [("sqlite", "sqlite://")]
    if args.postgresql_url:
        targets.append(("postgresql", args.postgresql_url))
    if args.mysql_url:
        targets.append(("mysql", args.mysql_url))
    for label, url in targets:
        engine = sa.create_engine(url)
        busy = None
        if label != "sqlite" and args.busy_core:
            # Loopback round trips on small VMs are much faster while a core never sleeps.
            busy = subprocess.Popen(["nice", "-n", "19", sys.executable, "-c", "while True: pass"])
        try:
            mode = None if label == "sqlite" else ("busy core" if busy else "idle")
            runtime_figures(
                report, engine, label, n_users, bulk_rows, args.repetitions, query_budget, mode
            )
        finally:
            if busy:
                busy.kill()
                busy.wait()
            engine.dispose()

    if args.json:
        with open(args.json, "w") as f:
            json.dump(report.rows, f, indent=2)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
