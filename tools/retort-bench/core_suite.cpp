// The core suite: BENCH.md's users/addresses as retort Tables, their set-up through the engine,
// and S1-S8 written with retort's expression API next to the raw C API doing the same work.
#include "core_suite.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/dataset.hpp"
#include "raw/raw_postgresql.hpp"
#include "raw/raw_sqlite.hpp"
#ifdef RETORT_BENCH_HAVE_MYSQL
#include "raw/raw_mysql.hpp"
#endif

namespace retort::benchtool {

namespace data = retort::bench;
namespace raw = retort::bench::raw;

BenchSchema::BenchSchema()
    : users{meta,
            "users",
            Column{"id", Integer{}, primary_key()},
            Column{"name", String{50}, not_null()},
            Column{"email", String{100}},
            Column{"age", Integer{}},
            Column{"created_at", DateTime{}}},
      addresses{meta, "addresses", Column{"id", Integer{}, primary_key()},
                Column{"user_id", Integer{}, ForeignKey{"users.id"}, index()},
                Column{"email", String{100}, not_null()}},
      dataset{meta, "retort_bench_dataset", Column{"id", Integer{}, primary_key()},
              Column{"users", BigInteger{}, not_null()},
              Column{"addresses_per_user", Integer{}, not_null()}} {}

std::int64_t scaled_users(double scale) {
    return std::max<std::int64_t>(1, std::llround(static_cast<double>(data::kUsers) * scale));
}

namespace {

Value timestamp_value(std::int64_t unix_us) {
    return Timestamp{
        std::chrono::sys_time<std::chrono::microseconds>(std::chrono::microseconds(unix_us))};
}

Parameters user_row(const data::BenchUser& u, bool with_id) {
    Parameters p;
    if (with_id) p.set("id", u.id);
    p.set("name", u.name);
    p.set("email", u.email);
    p.set("age", u.age);
    p.set("created_at", timestamp_value(u.created_at_unix_us));
    return p;
}

std::string count_text(std::int64_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

// Runs SQL that may return rows (ANALYZE TABLE does on MariaDB) and discards them.
void run_sql(Connection& conn, const std::string& sql) {
    Result r = conn.execute(text(sql));
    while (r.returns_rows() && r.next()) {
    }
}

// Executes a statement on a connection of its own, closed afterwards.
void run_untimed(Engine& engine, const Statement& statement) {
    Connection conn = engine.connect();
    try {
        conn.execute(statement);
    } catch (...) {
        conn.close();
        throw;
    }
    conn.close();
}

}  // namespace

std::int64_t prepare_dataset(Runner& runner, const BenchSchema& schema, bool setup) {
    Engine& engine = runner.engine();
    const std::string url = engine.url().to_string();
    const std::string dialect(engine.dialect().name());
    auto conn = engine.connect();
    // Closed on every way out: a dropped handle would not return to the pool.
    struct Closer {
        Connection& c;
        ~Closer() {
            try {
                c.close();
            } catch (...) {
            }
        }
    } closer{conn};
    const auto names = conn.table_names();
    auto has = [&](std::string_view n) {
        return std::find(names.begin(), names.end(), n) != names.end();
    };
    const bool ours = has("retort_bench_dataset");

    if (!setup) {
        if (!has("users") || !has("addresses"))
            throw ArgumentError(url + " has no users and addresses tables" +
                                (engine.url().is_memory()
                                     ? std::string(" (an in-memory database starts empty)")
                                     : std::string()) +
                                "; run without --no-setup to create them");
        std::optional<std::int64_t> n;
        if (ours)
            n = conn.execute(select(schema.dataset.c("users")).limit(1)).scalar<std::int64_t>();
        if (!n) n = conn.execute(select(func.max(schema.users.c("id")))).scalar<std::int64_t>();
        if (!n || *n < 1) throw ArgumentError(url + ": the users table is empty");
        return *n;
    }

    if ((has("users") || has("addresses")) && !ours && !runner.options().recreate)
        throw ArgumentError(url +
                            " already has a users or addresses table that retort-bench did not "
                            "create; use --no-setup to benchmark it as it is, or --recreate to "
                            "drop it and fill it with the benchmark data set");

    const std::int64_t users = scaled_users(runner.options().scale);
    const std::int64_t n_addr = users * data::kAddressesPerUser;
    runner.progress("set-up: creating the tables");
    conn.close();
    engine.drop_all(schema.meta);
    engine.create_all(schema.meta);
    conn = engine.connect();

    constexpr std::int64_t kChunk = 5000;
    const Statement insert_users = insert(schema.users);
    const Statement insert_addresses = insert(schema.addresses);
    std::vector<Parameters> rows;
    for (std::int64_t first = 1; first <= users; first += kChunk) {
        runner.progress("set-up: users " + count_text(first - 1) + "/" + count_text(users));
        rows.clear();
        for (std::int64_t i = first; i < first + kChunk && i <= users; ++i)
            rows.push_back(user_row(data::bench_user(i), true));
        auto tx = conn.begin();
        conn.execute(insert_users, rows);
        tx.commit();
    }
    for (std::int64_t first = 1; first <= n_addr; first += kChunk) {
        runner.progress("set-up: addresses " + count_text(first - 1) + "/" + count_text(n_addr));
        rows.clear();
        for (std::int64_t j = first; j < first + kChunk && j <= n_addr; ++j) {
            const data::BenchAddress a = data::bench_address(j);
            rows.push_back(Parameters{{"id", a.id}, {"user_id", a.user_id}, {"email", a.email}});
        }
        auto tx = conn.begin();
        conn.execute(insert_addresses, rows);
        tx.commit();
    }
    conn.execute(insert(schema.dataset)
                     .values({{"users", users}, {"addresses_per_user", data::kAddressesPerUser}}));
    runner.progress("set-up: analyzing");
    if (dialect == "postgresql") {
        // Explicit ids leave the serial sequences behind.
        for (const char* t : {"users", "addresses"})
            run_sql(conn, std::string("SELECT setval(pg_get_serial_sequence('") + t +
                              "', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM " + t + "), false)");
        run_sql(conn, "ANALYZE users");
        run_sql(conn, "ANALYZE addresses");
    } else if (dialect == "sqlite") {
        run_sql(conn, "ANALYZE");
    } else {
        run_sql(conn, "ANALYZE TABLE users, addresses");
    }
    runner.clear_progress();
    return users;
}

// --- raw baselines

namespace {

std::string pg_conninfo(const Url& url) {
    auto quote = [](const std::string& v) {
        std::string out = "'";
        for (char c : v) {
            if (c == '\'' || c == '\\') out += '\\';
            out += c;
        }
        return out + "'";
    };
    std::string s;
    auto add = [&](const char* key, const std::string& v) {
        if (v.empty()) return;
        if (!s.empty()) s += ' ';
        s += key;
        s += '=';
        s += quote(v);
    };
    add("host", url.host());
    if (url.port()) add("port", std::to_string(*url.port()));
    add("user", url.username());
    if (url.has_password()) add("password", url.password());
    add("dbname", url.database());
    for (const auto& [k, v] : url.query())
        add(k.c_str(), v);
    return s;
}

// Opens the raw connection on first use: the same database as the engine, or for SQLite in
// memory a database of its own filled with the same data set.
template <class Db>
struct RawDatabase {
    Url url;
    bool memory = false;
    std::int64_t users = 0;
    std::unique_ptr<Db> db;
    std::once_flag opened;

    void open();
    Db& get() {
        std::call_once(opened, [this] { open(); });
        return *db;
    }
};

template <>
void RawDatabase<raw::Sqlite>::open() {
    db = std::make_unique<raw::Sqlite>(memory ? std::string(":memory:") : url.database());
    if (memory) {
        db->create_schema();
        db->fill(users);
    }
}

template <>
void RawDatabase<raw::Postgresql>::open() {
    db = std::make_unique<raw::Postgresql>(pg_conninfo(url));
}

#ifdef RETORT_BENCH_HAVE_MYSQL
template <>
void RawDatabase<raw::Mysql>::open() {
    db = std::make_unique<raw::Mysql>(url.host().empty() ? std::string("localhost") : url.host(),
                                      static_cast<unsigned>(url.port().value_or(3306)),
                                      url.username(), url.password(), url.database());
}
#endif

// Deterministic parameters of op i, shared by the retort statement and its baseline.
struct Generators {
    std::int64_t users;

    std::int64_t user_id(std::uint64_t i) const {
        return static_cast<std::int64_t>(mix(i) % static_cast<std::uint64_t>(users)) + 1;
    }
    std::int64_t range_start(std::uint64_t i, std::int64_t width) const {
        const auto span = static_cast<std::uint64_t>(std::max<std::int64_t>(users - width + 1, 1));
        return static_cast<std::int64_t>(mix(i) % span) + 1;
    }
    static std::string s2_pattern(std::uint64_t i) {
        return "user" + std::to_string(1 + i % 9) + "%";
    }
    static constexpr std::int64_t kS2MinCount = 2, kS2Limit = 10;
    data::BenchUser s3_user(std::uint64_t i) const {
        return data::bench_user(users + 1 + static_cast<std::int64_t>(i));
    }
    std::vector<data::BenchUser> s4_users(std::uint64_t i) const {
        return data::make_users(users + 1 + static_cast<std::int64_t>(i) * data::kS4Rows,
                                data::kS4Rows);
    }
    std::array<std::int64_t, data::kS5Ids> s5_ids(std::uint64_t i) const {
        std::array<std::int64_t, data::kS5Ids> ids{};
        const std::int64_t first = range_start(i, data::kS5Ids);
        for (int k = 0; k < data::kS5Ids; ++k)
            ids[static_cast<std::size_t>(k)] = first + k;
        return ids;
    }
    // Generated addresses end in @example.com: S6 probes a user's addresses and deletes none,
    // so every op does the same work and the data set stays whole for S8 and later runs.
    static constexpr std::string_view kS6Pattern = "%@example.net";
    std::string s7_name(std::int64_t id) const { return "user" + std::to_string(id); }
    static std::string s7_email(std::uint64_t i) {
        return "upsert" + std::to_string(i) + "@example.com";
    }
    static constexpr std::int32_t kS8MinAge = 30;
    static constexpr std::int64_t kS8Rows = 100;
};

template <class Db>
void add_baselines(BenchmarkSuite& suite, std::shared_ptr<RawDatabase<Db>> rawdb,
                   const std::string& label, Generators g) {
    auto prepare = [rawdb] { rawdb->get(); };
    // What S3/S4 insert and S5 changes is undone after each run, as for the statements.
    const std::string users = std::to_string(g.users);
    auto undo = [rawdb](std::string sql) { return [rawdb, sql] { rawdb->get().exec(sql); }; };
    auto set = [&](std::size_t number, std::function<void(std::uint64_t, OpTimer&)> op) {
        const std::string name = "S" + std::to_string(number + 1);
        std::function<void()> after;
        if (number == 2 || number == 3) after = undo("DELETE FROM users WHERE id > " + users);
        if (number == 4)
            after = undo("UPDATE users SET age = 18 + id % 60 WHERE id <= " + users +
                         " AND age <> 18 + id % 60");
        for (auto& s : suite.statements())
            if (s.name() == name) s.baseline(Baseline{label, prepare, std::move(op), after});
    };
    // One BenchUser per client thread would do; the baseline runs on one client.
    auto user = std::make_shared<data::BenchUser>();
    set(0, [rawdb, g, user](std::uint64_t i, OpTimer& t) {
        const std::int64_t id = g.user_id(i);
        Db& db = rawdb->get();
        t.start();
        db.point_select(id, *user);
    });
    set(1, [rawdb](std::uint64_t i, OpTimer& t) {
        const std::string pattern = Generators::s2_pattern(i);
        Db& db = rawdb->get();
        t.start();
        db.s2(pattern, Generators::kS2MinCount, Generators::kS2Limit);
    });
    set(2, [rawdb, g](std::uint64_t i, OpTimer& t) {
        const data::BenchUser u = g.s3_user(i);
        Db& db = rawdb->get();
        t.start();
        db.s3(u);
    });
    set(3, [rawdb, g](std::uint64_t i, OpTimer& t) {
        const auto rows = g.s4_users(i);
        Db& db = rawdb->get();
        t.start();
        db.s4(rows);
    });
    set(4, [rawdb, g](std::uint64_t i, OpTimer& t) {
        const auto ids = g.s5_ids(i);
        Db& db = rawdb->get();
        t.start();
        db.s5(ids);
    });
    set(5, [rawdb, g](std::uint64_t i, OpTimer& t) {
        const std::int64_t id = g.user_id(i);
        Db& db = rawdb->get();
        t.start();
        db.s6(id, Generators::kS6Pattern);
    });
    set(6, [rawdb, g](std::uint64_t i, OpTimer& t) {
        const std::int64_t id = g.user_id(i);
        const std::string name = g.s7_name(id), email = Generators::s7_email(i);
        Db& db = rawdb->get();
        t.start();
        db.s7(id, name, email);
    });
    set(7, [rawdb, g](std::uint64_t i, OpTimer& t) {
        const std::int64_t first = g.range_start(i, Generators::kS8Rows);
        Db& db = rawdb->get();
        t.start();
        db.s8(Generators::kS8MinAge, first, first + Generators::kS8Rows - 1);
    });
}

}  // namespace

BenchmarkSuite core_suite(Runner& runner, const BenchSchema& schema, std::int64_t n_users) {
    const Table& users = schema.users;
    const Table& addresses = schema.addresses;
    const Generators g{n_users};
    BenchmarkSuite suite("core");
    Engine& engine = runner.engine();
    // S3 and S4 add users and S5 changes ages: undone after each run (untimed), so every
    // statement and every run sees the data set as it was created.
    const auto remove_new_users = [&engine, users, n_users] {
        run_untimed(engine, delete_(users).where(users.c("id") > n_users));
    };

    // S1: point select, read into a struct as the raw baseline does.
    suite
        .add("S1",
             select(users.c("id"), users.c("name"), users.c("email"))
                 .where(users.c("id") == bindparam("id")),
             [g](std::uint64_t i) {
                 return Parameters{{"id", g.user_id(i)}};
             })
        .describe("point select")
        .consume([](Result& r) -> std::uint64_t {
            // One struct per client thread, reused like the baseline's.
            thread_local data::BenchUser user_storage;
            data::BenchUser* const user = &user_storage;
            std::uint64_t found = 0;
            while (r.next()) {
                const Row& row = r.row();
                user->id = row.get<std::int64_t>(0);
                user->name.assign(row.get<std::string_view>(1));
                if (row.is_null(2))
                    user->email.clear();
                else
                    user->email.assign(row.get<std::string_view>(2));
                ++found;
            }
            return found;
        });

    // S2: join, group, having, order by the count, limit.
    const Expression n = func.count(addresses.c("id")).label("n");
    suite
        .add("S2",
             select(users.c("name"), n)
                 .select_from(users.join(addresses, users.c("id") == addresses.c("user_id")))
                 .where(users.c("name").like(bindparam("pattern")))
                 .group_by(users.c("name"))
                 .having(func.count(addresses.c("id")) > bindparam("min_count"))
                 .order_by(desc(n))
                 .limit(bindparam("limit")),
             [](std::uint64_t i) {
                 return Parameters{{"pattern", Generators::s2_pattern(i)},
                                   {"min_count", Generators::kS2MinCount},
                                   {"limit", Generators::kS2Limit}};
             })
        .describe("join group having")
        .consume([](Result& r) -> std::uint64_t {
            thread_local std::string name_storage;
            std::string* const name = &name_storage;
            std::uint64_t sum = 0;
            while (r.next()) {
                name->assign(r.row().get<std::string_view>(0));
                sum += static_cast<std::uint64_t>(r.row().get<std::int64_t>(1));
            }
            return sum;
        });

    // S3: single-row insert, the id left to the database.
    suite
        .add("S3",
             insert(users).values({{"name", bindparam("name")},
                                   {"email", bindparam("email")},
                                   {"age", bindparam("age")},
                                   {"created_at", bindparam("created_at")}}),
             [g](std::uint64_t i) { return user_row(g.s3_user(i), false); })
        .describe("insert one row")
        .after_phase(remove_new_users);

    // S4: one INSERT of 100 rows (multi-row VALUES), built with the rows' values for each
    // operation; the rows themselves are made before the timer starts.
    suite
        .add_built(
            "S4",
            [g, users](std::uint64_t i, OpTimer& timer) {
                const auto rows = g.s4_users(i);
                timer.start();
                std::vector<ColumnAssignments> values;
                values.reserve(rows.size());
                for (const auto& u : rows)
                    values.push_back({{"name", u.name},
                                      {"email", u.email},
                                      {"age", u.age},
                                      {"created_at", timestamp_value(u.created_at_unix_us)}});
                return Statement(insert(users).multi_values(std::move(values)));
            })
        .describe("insert 100 rows")
        .after_phase(remove_new_users);

    // S5: UPDATE ... WHERE id IN (10 ids), an expanding parameter.
    suite
        .add("S5",
             update(users)
                 .values({{"age", users.c("age") + literal_column("1", Integer{})}})
                 .where(users.c("id").in_parameter(expanding_bindparam("ids"))),
             [g](std::uint64_t i) {
                 std::vector<Value> ids;
                 for (std::int64_t id : g.s5_ids(i))
                     ids.emplace_back(id);
                 return Parameters{{"ids", Value(std::move(ids))}};
             })
        .describe("update IN (10 ids)")
        .after_phase([&engine, users, n_users] {
            // Only the rows S5 changed: a full-table rewrite would leave the next statements
            // to a server busy cleaning up.
            const Expression original = literal_column("18", Integer{}) + users.c("id") % 60;
            run_untimed(engine, update(users)
                                    .values({{"age", original}})
                                    .where(users.c("id") <= n_users && users.c("age") != original));
        });

    // S6: DELETE by user and LIKE (a pattern no address matches, so the data set stays).
    suite
        .add("S6",
             delete_(addresses).where(addresses.c("user_id") == bindparam("user_id") &&
                                      addresses.c("email").like(bindparam("pattern"))),
             [g](std::uint64_t i) {
                 return Parameters{{"user_id", g.user_id(i)},
                                   {"pattern", std::string(Generators::kS6Pattern)}};
             })
        .describe("delete by user, LIKE");

    // S7: upsert on the primary key, updating name and email.
    suite
        .add("S7",
             insert(users)
                 .values({{"id", bindparam("id")},
                          {"name", bindparam("name")},
                          {"email", bindparam("email")}})
                 .on_conflict({users.c("id")})
                 .do_update(
                     {{"name", excluded(users.c("name"))}, {"email", excluded(users.c("email"))}}),
             [g](std::uint64_t i) {
                 const std::int64_t id = g.user_id(i);
                 return Parameters{
                     {"id", id}, {"name", g.s7_name(id)}, {"email", Generators::s7_email(i)}};
             })
        .describe("upsert on id");

    // S8: a CTE joined back to users, EXISTS, CASE and UNION ALL; 100 ids, 100 rows.
    const auto adults = select(users.c("id"), users.c("age"))
                            .where(users.c("age") > bindparam("min_age"))
                            .cte("adults");
    const Expression in_range = users.c("id").between(bindparam("first_id"), bindparam("last_id"));
    const auto band = case_({{adults.c("age") < literal_column("40", Integer{}),
                              literal_column("'young'", String{})},
                             {adults.c("age") < literal_column("60", Integer{}),
                              literal_column("'middle'", String{})}},
                            literal_column("'senior'", String{}))
                          .label("band");
    const auto with_address =
        select(users.c("id"), users.c("name"), band)
            .select_from(adults.join(users, users.c("id") == adults.c("id")))
            .where(
                in_range &&
                exists(select(literal_column("1")).where(addresses.c("user_id") == users.c("id"))));
    const auto others =
        select(users.c("id"), users.c("name"), literal_column("'none'", String{}).label("band"))
            .where(users.c("age") <= bindparam("min_age") && in_range);
    suite
        .add("S8", union_all(with_address, others),
             [g](std::uint64_t i) {
                 const std::int64_t first = g.range_start(i, Generators::kS8Rows);
                 return Parameters{{"min_age", Generators::kS8MinAge},
                                   {"first_id", first},
                                   {"last_id", first + Generators::kS8Rows - 1}};
             })
        .describe("CTE EXISTS CASE UNION")
        .consume([](Result& r) -> std::uint64_t {
            thread_local std::string text_storage;
            std::string* const text = &text_storage;
            std::uint64_t sum = 0;
            while (r.next()) {
                const Row& row = r.row();
                sum += static_cast<std::uint64_t>(row.get<std::int64_t>(0));
                text->assign(row.get<std::string_view>(1));
                text->assign(row.get<std::string_view>(2));
            }
            return sum;
        });

    // The raw baselines for the engine's database.
    const std::string dialect(engine.dialect().name());
    const bool memory = engine.url().is_memory();
    if (dialect == "sqlite") {
        auto db = std::make_shared<RawDatabase<raw::Sqlite>>();
        db->url = engine.url(), db->memory = memory, db->users = n_users;
        add_baselines(suite, db, "raw sqlite3", g);
        if (memory && runner.options().raw)
            suite.note(
                "sqlite:// in memory: the raw baseline fills a database of its own with the same "
                "data set");
    } else if (dialect == "postgresql") {
        auto db = std::make_shared<RawDatabase<raw::Postgresql>>();
        db->url = engine.url(), db->users = n_users;
        add_baselines(suite, db, "raw libpq", g);
    } else if (dialect == "mysql" || dialect == "mariadb") {
#ifdef RETORT_BENCH_HAVE_MYSQL
        auto db = std::make_shared<RawDatabase<raw::Mysql>>();
        db->url = engine.url(), db->users = n_users;
        add_baselines(suite, db, "raw libmariadb", g);
#else
        if (runner.options().raw)
            suite.note("no raw baseline: retort-bench was built without libmariadb");
#endif
    }
    suite.note(
        "S6 deletes nothing on purpose (its LIKE matches no address), so every operation does "
        "the same work; the rows S3 and S4 insert and the ages S5 changes are undone after each "
        "run, untimed");
    return suite;
}

}  // namespace retort::benchtool
