#!/usr/bin/env bash
# Runs retort's benchmark programs and the SQLAlchemy peer back to back on the same throwaway
# PostgreSQL and MariaDB servers, then prints one table of retort, raw C API and SQLAlchemy.
#
#   bench/run_all.sh [--build DIR] [--out DIR] [--quick] [--no-busy-core] [--doc]
#
#   --build DIR      meson build directory with the benchmarks (default: build-bench), set up with
#                    meson setup build-bench -Dbuildtype=release -Dtests=false -Dexamples=false
#   --out DIR        where the JSON files go (default: DIR/bench-results)
#   --quick          short repetitions, for a look rather than figures to publish
#   --no-busy-core   server figures in the idle mode only (default: idle, then busy core)
#   --doc            regenerate the tables of docs/benchmarks.md from the JSON afterwards
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$root/build-bench
out=
quick=0
busy=1
doc=0
inner=0
while (($#)); do
    case $1 in
        --build) build=$(cd "$2" && pwd); shift ;;
        --out) out=$2; shift ;;
        --quick) quick=1 ;;
        --no-busy-core) busy=0 ;;
        --doc) doc=1 ;;
        --inner) inner=1 ;;
        -h | --help) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run_all.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done
out=${out:-$build/bench-results}
mkdir -p "$out"
out=$(cd "$out" && pwd)

for prog in bench_compile bench_sqlite bench_pool bench_postgresql bench_mysql; do
    if [[ ! -x $build/bench/$prog ]]; then
        echo "run_all.sh: $build/bench/$prog is missing; build with:" >&2
        echo "  meson setup build-bench -Dbuildtype=release -Dtests=false -Dexamples=false" >&2
        echo "  ninja -C build-bench" >&2
        exit 1
    fi
done

if ((!inner)); then
    # Start the servers once and come back here with their URLs set.
    args=(--inner --build "$build" --out "$out")
    ((quick)) && args+=(--quick)
    ((busy)) || args+=(--no-busy-core)
    ((doc)) && args+=(--doc)
    exec "$root/tests/servers/with-servers" -- "${BASH_SOURCE[0]}" "${args[@]}"
fi

: "${RETORT_TEST_POSTGRESQL_URL:?run_all.sh needs the servers of tests/servers/with-servers}"
: "${RETORT_TEST_MYSQL_URL:?run_all.sh needs the servers of tests/servers/with-servers}"

gb=()
peer=()
if ((quick)); then
    gb=(--benchmark_repetitions=3 --benchmark_min_time=0.05)
    peer=(--quick --repetitions 3)
fi

machine() {
    local when=$1
    /usr/bin/python3 - "$out/machine.json" "$when" <<'EOF'
import json, os, platform, subprocess, sys, datetime
path, when = sys.argv[1], sys.argv[2]
try:
    info = json.load(open(path))
except (OSError, ValueError):
    info = {}
model = ""
with open("/proc/cpuinfo") as f:
    for line in f:
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
info.update({
    "nproc": os.cpu_count(),
    "cpu_model": model,
    "kernel": platform.release(),
    "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
})
info["loadavg_" + when] = open("/proc/loadavg").read().split()[:3]
info[when] = datetime.datetime.now().isoformat(timespec="seconds")
try:
    info["commit"] = subprocess.run(["git", "-C", os.environ["RETORT_ROOT"], "rev-parse",
                                     "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
except Exception:
    pass
json.dump(info, open(path, "w"), indent=2)
EOF
}

export RETORT_ROOT=$root
rm -f "$out"/*.json
machine started

run() {
    echo
    echo "== $*"
    "$@"
}

cd "$root"
run "$build/bench/bench_compile" --json "$out/bench_compile.json" "${gb[@]}"
run "$build/bench/bench_sqlite" --json "$out/bench_sqlite.json" "${gb[@]}"
run "$build/bench/bench_pool" --json "$out/bench_pool.json" "${gb[@]}"
run "$build/bench/bench_postgresql" --json "$out/bench_postgresql.json" "${gb[@]}"
run "$build/bench/bench_mysql" --json "$out/bench_mysql.json" "${gb[@]}"
if ((busy)); then
    run "$build/bench/bench_postgresql" --busy-core --json "$out/bench_postgresql_busy.json" "${gb[@]}"
    run "$build/bench/bench_mysql" --busy-core --json "$out/bench_mysql_busy.json" "${gb[@]}"
fi

peer_py=/usr/bin/python3
run "$peer_py" bench/peers/sqlalchemy_bench.py --json "$out/sqlalchemy.json" \
    --postgresql-url "$RETORT_TEST_POSTGRESQL_URL" --mysql-url "$RETORT_TEST_MYSQL_URL" "${peer[@]}"
if ((busy)); then
    run "$peer_py" bench/peers/sqlalchemy_bench.py --json "$out/sqlalchemy_busy.json" \
        --skip-compile --busy-core \
        --postgresql-url "$RETORT_TEST_POSTGRESQL_URL" --mysql-url "$RETORT_TEST_MYSQL_URL" "${peer[@]}"
fi
pool_args=()
((quick)) && pool_args=(--repetitions 3 --seconds 0.05)
run "$peer_py" bench/peers/sqlalchemy_pool_bench.py --json "$out/sqlalchemy_pool.json" "${pool_args[@]}"
machine finished

retort_json=("$out"/bench_*.json)
busy_json=()
[[ -f $out/sqlalchemy_busy.json ]] && busy_json=("$out/sqlalchemy_busy.json")
echo
echo "== retort vs raw C API vs SQLAlchemy ($out)"
"$peer_py" bench/peers/compare.py --retort "${retort_json[@]}" \
    --sqlalchemy "$out/sqlalchemy.json" "$out/sqlalchemy_pool.json" \
    --sqlalchemy-busy "${busy_json[@]}"
if ((doc)); then
    "$peer_py" bench/peers/render_doc.py --results "$out" --doc docs/benchmarks.md
    echo "docs/benchmarks.md regenerated from $out"
fi
