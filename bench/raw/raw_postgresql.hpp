// Raw libpq baseline of the benchmark suite: each method is one benchmark op written
// straight against libpq, the yardstick retort's PostgreSQL figures are divided by.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "../common/dataset.hpp"

struct pg_conn;

namespace retort::bench::raw {

// Parameters go binary (network-order integers, raw bytes for text) and the prepared
// statements' results come back binary: no formatting or parsing on either side. On loopback
// S1 with binary and with text formats measured level within 1%; binary was never slower.
class Postgresql {
  public:
    Postgresql();
    explicit Postgresql(const std::string& conninfo);  // "host=... " or postgresql:// URL
    ~Postgresql();
    Postgresql(Postgresql&&) noexcept;
    Postgresql& operator=(Postgresql&&) noexcept;

    void connect(const std::string& conninfo);
    void exec(std::string_view sql);  // statements without rows
    void create_schema();             // drops and recreates users and addresses
    // users 1..n and addresses_per_user addresses each, by COPY; then ANALYZE.
    void fill(std::int64_t users = kUsers, int addresses_per_user = kAddressesPerUser);

    // S1 through PQexecPrepared, prepared once; false when no such row.
    bool point_select(std::int64_t id, BenchUser& out);
    // The three ways to insert many rows (name, email, age, created_at), each atomic. A
    // connection failure mid-pipeline leaves the protocol state unknown and closes the handle.
    void bulk_insert_prepared(std::span<const BenchUser> rows);  // a round trip per row
    void bulk_insert_pipeline(std::span<const BenchUser> rows);  // same, pipeline mode
    void bulk_insert_copy(std::span<const BenchUser> rows);      // COPY FROM STDIN, text
    // All users into structs: PQexec of the SELECT, text results.
    std::size_t scan(std::vector<BenchUser>& out);
    // Same, through PQexecParams asking for binary results.
    std::size_t scan_binary(std::vector<BenchUser>& out);

    std::size_t s2(std::string_view name_pattern, std::int64_t min_count, std::int64_t limit);
    std::int64_t s3(const BenchUser& u);                                    // returns the new id
    std::int64_t s4(std::span<const BenchUser> rows);                       // exactly kS4Rows rows
    std::int64_t s5(const std::array<std::int64_t, kS5Ids>& ids);           // rows updated
    std::int64_t s6(std::int64_t user_id, std::string_view email_pattern);  // rows deleted
    std::int64_t s7(std::int64_t id, std::string_view name, std::string_view email);
    std::size_t s8(std::int32_t min_age, std::int64_t first_id, std::int64_t last_id);

    std::int64_t count_rows(std::string_view table);
    pg_conn* handle() const noexcept { return conn_.get(); }
    // Sum of the numbers s2 and s8 read, so the reads stay observable.
    std::int64_t checksum() const noexcept { return checksum_; }

    struct ConnCloser {
        void operator()(pg_conn* c) const noexcept;
    };

    enum Prepared : unsigned {
        kS1,
        kInsert,  // S3
        kS2,
        kS3,  // S3 with RETURNING id
        kS4,
        kS5,
        kS6,
        kS7,
        kS8,
        kCount
    };

  private:
    void ensure_prepared(Prepared which);
    [[noreturn]] void fail(std::string_view what) const;
    void copy_in(std::string_view copy_sql, std::string_view data);
    struct PipelineState {
        std::size_t outstanding = 0;  // queries sent whose result has not been read
        bool sync_sent = false, synced = false;
        std::string error;  // the first one
        bool done() const { return outstanding == 0 && (!sync_sent || synced); }
    };
    void pipeline_drain(PipelineState& st, bool block);

    std::unique_ptr<pg_conn, ConnCloser> conn_;
    std::array<bool, kCount> prepared_{};
    std::string copy_buf_;  // reused so COPY does not reallocate per op
    std::string scratch_;
    std::int64_t checksum_ = 0;
};

}  // namespace retort::bench::raw
