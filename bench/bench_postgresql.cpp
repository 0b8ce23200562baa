// PostgreSQL over loopback: S1, S2-S8, bulk insert of 100,000 rows and a scan of 1,000,000 rows,
// retort interleaved with raw libpq (PQexecPrepared; prepared loop / pipeline / COPY; scans).
#include <cstdio>
#include <exception>

#include "common/report.hpp"
#include "common/server_figures.hpp"
#include "raw/raw_postgresql.hpp"

using namespace retort;
using namespace retort::bench;

int main(int argc, char** argv) {
    Suite suite(argc, argv, "bench_postgresql");
    const char* url = server_url("RETORT_TEST_POSTGRESQL_URL", "bench_postgresql");
    if (!url) return 0;
    try {
        raw::Postgresql db(url);
        ServerBaselines<raw::Postgresql> baselines;
        baselines.bulk_insert = {
            {"prepared", [](raw::Postgresql& r, auto rows) { r.bulk_insert_prepared(rows); }},
            {"pipeline", [](raw::Postgresql& r, auto rows) { r.bulk_insert_pipeline(rows); }},
            {"copy", [](raw::Postgresql& r, auto rows) { r.bulk_insert_copy(rows); }}};
        baselines.scan = {
            {"text", [](raw::Postgresql& r, auto& out) { return r.scan(out); }},
            {"binary", [](raw::Postgresql& r, auto& out) { return r.scan_binary(out); }}};
        return run_server_suite(suite, bench::Dialect::postgresql, url, db, baselines);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_postgresql: %s\n", e.what());
        return 1;
    }
}
