// Raw sqlite3 baseline of the benchmark suite: each method is one benchmark op written
// straight against the C API, the yardstick retort's SQLite figures are divided by.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "../common/dataset.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace retort::bench::raw {

class Sqlite {
  public:
    Sqlite();
    explicit Sqlite(const std::string& path);  // ":memory:" or a file name
    ~Sqlite();
    Sqlite(Sqlite&&) noexcept;
    Sqlite& operator=(Sqlite&&) noexcept;

    void open(const std::string& path);
    void exec(std::string_view sql);  // statements without rows
    void create_schema();             // drops and recreates users and addresses
    // users 1..n and addresses_per_user addresses each, in one transaction.
    void fill(std::int64_t users = kUsers, int addresses_per_user = kAddressesPerUser);

    // S1, prepared once; false when no such row.
    bool point_select(std::int64_t id, BenchUser& out);
    // S3 in a prepared loop inside one transaction; ids are left to the database.
    void bulk_insert(std::span<const BenchUser> rows);
    void bulk_insert(std::int64_t n);  // rows bench_user(1..n), generated first
    // All users into structs; returns the row count.
    std::size_t scan(std::vector<BenchUser>& out);

    std::size_t s2(std::string_view name_pattern, std::int64_t min_count, std::int64_t limit);
    std::int64_t s3(const BenchUser& u);                                    // returns the new id
    std::int64_t s4(std::span<const BenchUser> rows);                       // exactly kS4Rows rows
    std::int64_t s5(const std::array<std::int64_t, kS5Ids>& ids);           // rows updated
    std::int64_t s6(std::int64_t user_id, std::string_view email_pattern);  // rows deleted
    std::int64_t s7(std::int64_t id, std::string_view name, std::string_view email);
    std::size_t s8(std::int32_t min_age, std::int64_t first_id, std::int64_t last_id);

    std::int64_t count_rows(std::string_view table);
    sqlite3* handle() const noexcept { return db_.get(); }
    // Sum of the numbers s2 and s8 read, so the reads stay observable.
    std::int64_t checksum() const noexcept { return checksum_; }

    struct DbCloser {
        void operator()(sqlite3* db) const noexcept;
    };
    struct StmtFinalizer {
        void operator()(sqlite3_stmt* st) const noexcept;
    };
    using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

  private:
    void finalize_statements() noexcept;
    sqlite3_stmt* prepared(Stmt& slot, std::string_view sql);
    [[noreturn]] void fail(std::string_view what) const;

    std::unique_ptr<sqlite3, DbCloser> db_;
    // Declared after db_ so they are finalized before the database closes.
    Stmt s1_, insert_, scan_, s2_, s4_, s5_, s6_, s7_, s8_;
    std::string scratch_, scratch2_;
    std::int64_t checksum_ = 0;
};

}  // namespace retort::bench::raw
