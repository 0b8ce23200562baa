// MariaDB over loopback: S1, S2-S8, bulk insert of 100,000 rows and a scan of 1,000,000 rows,
// retort interleaved with raw libmariadb (mysql_stmt; prepared loop / multi-row VALUES / arrays).
#include <cstdio>
#include <exception>

#include "common/report.hpp"
#ifdef RETORT_BENCH_HAVE_MYSQL
#include <retort/retort.hpp>

#include "common/server_figures.hpp"
#include "raw/raw_mysql.hpp"
#endif

using namespace retort;
using namespace retort::bench;

int main(int argc, char** argv) {
    Suite suite(argc, argv, "bench_mysql");
    const char* url = server_url("RETORT_TEST_MYSQL_URL", "bench_mysql");
    if (!url) return 0;
#ifdef RETORT_BENCH_HAVE_MYSQL
    try {
        const retort::Url u = retort::Url::parse(url);
        raw::Mysql db(u.host().empty() ? "127.0.0.1" : u.host(),
                      static_cast<unsigned>(u.port().value_or(3306)), u.username(), u.password(),
                      u.database());
        ServerBaselines<raw::Mysql> baselines;
        baselines.bulk_insert = {
            {"prepared", [](raw::Mysql& r, auto rows) { r.bulk_insert_prepared(rows); }},
            {"multirow", [](raw::Mysql& r, auto rows) { r.bulk_insert_multirow(rows); }},
            {"array", [](raw::Mysql& r, auto rows) { r.bulk_insert_array(rows); }}};
        baselines.scan = {{"", [](raw::Mysql& r, auto& out) { return r.scan(out); }}};
        return run_server_suite(suite, bench::Dialect::mysql, url, db, baselines);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_mysql: %s\n", e.what());
        return 1;
    }
#else
    std::printf("bench_mysql: built without libmariadb; skipped\n");
    return 0;
#endif
}
