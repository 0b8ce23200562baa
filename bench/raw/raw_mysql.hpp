// Raw libmariadb baseline of the benchmark suite: each method is one benchmark op written
// straight against the MariaDB Connector/C API, the yardstick for retort's MySQL figures.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "../common/dataset.hpp"

struct st_mysql;

namespace retort::bench::raw {

// Every statement goes through the binary prepared-statement protocol (mysql_stmt_*),
// prepared once per connection and kept.
class Mysql {
  public:
    Mysql();
    Mysql(const std::string& host, unsigned port, const std::string& user,
          const std::string& password, const std::string& db);
    ~Mysql();
    Mysql(Mysql&&) noexcept;
    Mysql& operator=(Mysql&&) noexcept;

    void connect(const std::string& host, unsigned port, const std::string& user,
                 const std::string& password, const std::string& db);
    void exec(std::string_view sql);  // text protocol; any result is discarded
    void create_schema();             // drops and recreates users and addresses
    // users 1..n and addresses_per_user addresses each, in one transaction; then ANALYZE.
    void fill(std::int64_t users = kUsers, int addresses_per_user = kAddressesPerUser);

    // S1, prepared once, parameters and results bound once; false when no such row.
    bool point_select(std::int64_t id, BenchUser& out);
    // Ways to insert many rows (name, email, age, created_at), each in one transaction:
    void bulk_insert_prepared(std::span<const BenchUser> rows);  // S3 executed once per row
    // Multi-row VALUES, at most batch_rows (<= 1000) rows per statement.
    void bulk_insert_multirow(std::span<const BenchUser> rows, int batch_rows = 1000);
    // MariaDB array binding (STMT_ATTR_ARRAY_SIZE): one bulk execute per batch_rows rows.
    void bulk_insert_array(std::span<const BenchUser> rows, int batch_rows = 10000);
    // All users into structs through the binary protocol, streamed (no mysql_stmt_store_result).
    std::size_t scan(std::vector<BenchUser>& out);

    std::size_t s2(std::string_view name_pattern, std::int64_t min_count, std::int64_t limit);
    std::int64_t s3(const BenchUser& u);                                    // returns the new id
    std::int64_t s4(std::span<const BenchUser> rows);                       // exactly kS4Rows rows
    std::int64_t s5(const std::array<std::int64_t, kS5Ids>& ids);           // rows updated
    std::int64_t s6(std::int64_t user_id, std::string_view email_pattern);  // rows deleted
    // Affected rows as MariaDB counts them: 1 inserted, 2 updated, 0 unchanged.
    std::int64_t s7(std::int64_t id, std::string_view name, std::string_view email);
    std::size_t s8(std::int32_t min_age, std::int64_t first_id, std::int64_t last_id);

    std::int64_t count_rows(std::string_view table);
    st_mysql* handle() const noexcept;
    // Sum of the numbers s2 and s8 read, so the reads stay observable.
    std::int64_t checksum() const noexcept;

  private:
    struct Impl;  // keeps <mysql.h> and the bound buffers out of this header
    std::unique_ptr<Impl> impl_;
    Impl& impl() const;
};

}  // namespace retort::bench::raw
