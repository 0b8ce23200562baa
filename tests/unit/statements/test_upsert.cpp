// Upserts: the portable on_conflict().do_update() / do_nothing() in each dialect's form
// (ON CONFLICT, ON DUPLICATE KEY UPDATE with VALUES(c) or the MySQL 8.0.19 row alias),
// ON CONSTRAINT and partial-index targets, the primary key as the default target, MySQL's
// refusals, on_duplicate_key_update() spelled directly, and RETURNING.
#include "fixtures.hpp"

using namespace retort;
using retort::test::check_dialects;
using retort::test::check_sql;
using retort::test::error_message;
using retort::test::render;

namespace {
struct UpsertTables {
    MetaData meta;
    // id is the auto-increment key; email has a named unique constraint.
    Table accounts{meta,
                   "accounts",
                   Column{"id", Integer{}, primary_key()},
                   Column{"email", String{100}},
                   Column{"name", String{50}},
                   Column{"logins", Integer{}},
                   UniqueConstraint{{"email"}, "uq_accounts_email"}};
    // Two unique keys besides the primary key.
    Table people{meta,
                 "people",
                 Column{"id", Integer{}, primary_key()},
                 Column{"email", String{100}, unique()},
                 Column{"ssn", String{11}, unique()},
                 Column{"name", String{50}}};
    // A natural (non auto-increment) key.
    Table kv{meta, "kv", Column{"k", String{50}, primary_key()}, Column{"v", Text{}}};
    // A composite key.
    Table pairs{meta, "pairs", Column{"a", Integer{}, primary_key(), autoincrement(false)},
                Column{"b", Integer{}, primary_key()}, Column{"c", Integer{}}};
    // A unique index, and no primary key at all.
    Table codes{meta, "codes", Column{"code", String{10}}, Column{"label", String{50}},
                Index{"ix_codes_code", {"code"}, {.unique = true, .where = {}}}};
    Table loose{meta, "loose", Column{"x", Integer{}}, Column{"y", Integer{}}};
};

const MySqlDialect& mysql_row_alias() {
    static const auto dialect =
        make_mysql_dialect({.mariadb = false, .major = 8, .minor = 0, .patch = 19});
    return *dialect;
}
}  // namespace

TEST_CASE("do_update with excluded(): ON CONFLICT on SQLite and PostgreSQL, VALUES(c) on MySQL") {
    UpsertTables u;
    auto q = insert(u.accounts)
                 .values({{"email", "a@x"}, {"name", "ann"}})
                 .on_conflict({"email"})
                 .do_update({{"name", excluded(u.accounts.c("name"))}});
    check_dialects(
        q,
        {"INSERT INTO accounts (email, name) VALUES (?, ?) ON CONFLICT (email) DO UPDATE "
         "SET name = excluded.name",
         {"a@x", "ann"}},
        {"INSERT INTO accounts (email, name) VALUES ($1, $2) ON CONFLICT (email) DO UPDATE "
         "SET name = excluded.name",
         {"a@x", "ann"}},
        {"INSERT INTO accounts (email, name) VALUES (?, ?) ON DUPLICATE KEY UPDATE name = "
         "VALUES(name)",
         {"a@x", "ann"}});
    check_sql(q, mariadb_dialect(),
              {"INSERT INTO accounts (email, name) VALUES (?, ?) ON DUPLICATE KEY UPDATE name = "
               "VALUES(name)",
               {"a@x", "ann"}});
}

TEST_CASE("MySQL 8.0.19 and later spell the proposed row through the row alias `new`") {
    UpsertTables u;
    auto q =
        insert(u.accounts)
            .values({{"email", "a@x"}, {"name", "ann"}, {"logins", 1}})
            .on_conflict({u.accounts.c("email")})
            .do_update({{"name", excluded(u.accounts.c("name"))},
                        {"logins", u.accounts.c("logins") + excluded(u.accounts.c("logins"))}});
    check_sql(
        q, mysql_row_alias(),
        {"INSERT INTO accounts (email, name, logins) VALUES (?, ?, ?) AS new ON DUPLICATE KEY "
         "UPDATE name = new.name, logins = accounts.logins + new.logins",
         {"a@x", "ann", 1}});
    check_sql(
        q, mysql_dialect(),
        {"INSERT INTO accounts (email, name, logins) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "
         "name = VALUES(name), logins = accounts.logins + VALUES(logins)",
         {"a@x", "ann", 1}});
    check_sql(
        q, postgresql_dialect(),
        {"INSERT INTO accounts (email, name, logins) VALUES ($1, $2, $3) ON CONFLICT (email) DO "
         "UPDATE SET name = excluded.name, logins = accounts.logins + excluded.logins",
         {"a@x", "ann", 1}});
}

TEST_CASE("upsert parameters: VALUES first, then SET, then the DO UPDATE WHERE") {
    UpsertTables u;
    auto q = insert(u.accounts)
                 .values({{"email", "a@x"}, {"logins", 1}})
                 .on_conflict({"email"})
                 .do_update({{"logins", u.accounts.c("logins") + 1}, {"name", "again"}},
                            u.accounts.c("logins") < 100);
    check_sql(
        q, sqlite_dialect(),
        {"INSERT INTO accounts (email, logins) VALUES (?, ?) ON CONFLICT (email) DO UPDATE SET "
         "logins = accounts.logins + ?, name = ? WHERE accounts.logins < ?",
         {"a@x", 1, 1, "again", 100}});
    check_sql(q, postgresql_dialect(),
              {"INSERT INTO accounts (email, logins) VALUES ($1, $2) ON CONFLICT (email) DO UPDATE "
               "SET logins = accounts.logins + $3, name = $4 WHERE accounts.logins < $5",
               {"a@x", 1, 1, "again", 100}});
    CHECK(compile(q, postgresql_dialect()).parameter_names() ==
          std::vector<std::string>{"email", "logins", "logins_1", "name", "logins_2"});
}

TEST_CASE("a DO UPDATE ... WHERE is refused by MySQL") {
    UpsertTables u;
    auto q =
        insert(u.accounts)
            .values({{"email", "a@x"}})
            .on_conflict({"email"})
            .do_update({{"name", excluded(u.accounts.c("name"))}}, u.accounts.c("name") == nullptr);
    CHECK(error_message<CompileError>([&] { compile(q, mysql_dialect()); }) ==
          "ON CONFLICT DO UPDATE ... WHERE is not supported by the mysql dialect: ON DUPLICATE KEY "
          "UPDATE has no condition");
    CHECK(error_message<CompileError>([&] {
              compile(q, mariadb_dialect());
          }).starts_with("ON CONFLICT DO UPDATE ... WHERE is not supported by the mysql dialect"));
}

TEST_CASE("do_nothing: ON CONFLICT DO NOTHING, a no-op ON DUPLICATE KEY UPDATE on MySQL") {
    UpsertTables u;
    auto targeted =
        insert(u.accounts).values({{"email", "a@x"}}).on_conflict({"email"}).do_nothing();
    check_dialects(
        targeted,
        {"INSERT INTO accounts (email) VALUES (?) ON CONFLICT (email) DO NOTHING", {"a@x"}},
        {"INSERT INTO accounts (email) VALUES ($1) ON CONFLICT (email) DO NOTHING", {"a@x"}},
        {"INSERT INTO accounts (email) VALUES (?) ON DUPLICATE KEY UPDATE email = email", {"a@x"}});
    auto any = insert(u.accounts).values({{"email", "a@x"}}).on_conflict().do_nothing();
    check_dialects(
        any, {"INSERT INTO accounts (email) VALUES (?) ON CONFLICT DO NOTHING", {"a@x"}},
        {"INSERT INTO accounts (email) VALUES ($1) ON CONFLICT DO NOTHING", {"a@x"}},
        {"INSERT INTO accounts (email) VALUES (?) ON DUPLICATE KEY UPDATE id = id", {"a@x"}});
    check_sql(any, mysql_row_alias(),
              {"INSERT INTO accounts (email) VALUES (?) ON DUPLICATE KEY UPDATE id = id", {"a@x"}});
}

TEST_CASE("do_nothing on a table without a primary key names its first column on MySQL") {
    UpsertTables u;
    auto q = insert(u.loose).values({{"x", 1}, {"y", 2}}).on_conflict().do_nothing();
    check_sql(q, mysql_dialect(),
              {"INSERT INTO loose (x, y) VALUES (?, ?) ON DUPLICATE KEY UPDATE x = x", {1, 2}});
}

TEST_CASE("do_update without a target uses the primary key") {
    UpsertTables u;
    auto q = insert(u.kv)
                 .values({{"k", "a"}, {"v", "1"}})
                 .on_conflict()
                 .do_update({{"v", excluded(u.kv.c("v"))}});
    check_dialects(
        q,
        {"INSERT INTO kv (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v",
         {"a", "1"}},
        {"INSERT INTO kv (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = "
         "excluded.v",
         {"a", "1"}},
        {"INSERT INTO kv (k, v) VALUES (?, ?) ON DUPLICATE KEY UPDATE v = VALUES(v)", {"a", "1"}});
    auto pairs = insert(u.pairs)
                     .values({{"a", 1}, {"b", 2}, {"c", 3}})
                     .on_conflict()
                     .do_update({{"c", excluded(u.pairs.c("c"))}});
    check_sql(
        pairs, postgresql_dialect(),
        {"INSERT INTO pairs (a, b, c) VALUES ($1, $2, $3) ON CONFLICT (a, b) DO UPDATE SET c = "
         "excluded.c",
         {1, 2, 3}});
    check_sql(pairs, mysql_dialect(),
              {"INSERT INTO pairs (a, b, c) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE c = VALUES(c)",
               {1, 2, 3}});
}

TEST_CASE("do_update without a target on a table without a primary key is an ArgumentError") {
    UpsertTables u;
    CHECK(error_message<ArgumentError>([&] {
              insert(u.loose).values({{"x", 1}}).on_conflict().do_update({{"y", 2}});
          }) ==
          "on_conflict().do_update() needs a conflict target: table 'loose' has no primary key");
    CHECK(error_message<ArgumentError>([&] {
              insert(u.kv).values({{"k", "a"}}).on_conflict({"k"}).do_update({});
          }) == "do_update() needs at least one column to set");
    CHECK(error_message<ArgumentError>([&] { insert(u.kv).on_conflict({"nope"}); }) ==
          "ON CONFLICT on table 'kv' names unknown column 'nope' (columns: k, v)");
}

TEST_CASE("on_conflict_constraint: ON CONSTRAINT on PostgreSQL, resolved to its key on MySQL") {
    UpsertTables u;
    auto q = insert(u.accounts)
                 .values({{"email", "a@x"}, {"name", "n"}})
                 .on_conflict_constraint("uq_accounts_email")
                 .do_update({{"name", excluded(u.accounts.c("name"))}});
    check_sql(q, postgresql_dialect(),
              {"INSERT INTO accounts (email, name) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT "
               "uq_accounts_email DO UPDATE SET name = excluded.name",
               {"a@x", "n"}});
    check_sql(q, mysql_dialect(),
              {"INSERT INTO accounts (email, name) VALUES (?, ?) ON DUPLICATE KEY UPDATE name = "
               "VALUES(name)",
               {"a@x", "n"}});
    CHECK(error_message<CompileError>([&] { compile(q, sqlite_dialect()); }) ==
          "ON CONFLICT ON CONSTRAINT is not supported by the sqlite dialect: name the columns "
          "instead");
    auto unknown =
        insert(u.accounts).values({{"email", "a@x"}}).on_conflict_constraint("nope").do_nothing();
    CHECK(error_message<CompileError>([&] { compile(unknown, mysql_dialect()); }) ==
          "ON CONFLICT ON CONSTRAINT nope is not supported by the mysql dialect: table 'accounts' "
          "declares no unique constraint of that name");
    check_sql(unknown, postgresql_dialect(),
              {"INSERT INTO accounts (email) VALUES ($1) ON CONFLICT ON CONSTRAINT nope DO NOTHING",
               {"a@x"}});
}

TEST_CASE("index_where targets a partial unique index; MySQL refuses it") {
    UpsertTables u;
    auto q = insert(u.accounts)
                 .values({{"email", "a@x"}, {"logins", 0}})
                 .on_conflict({"email"}, u.accounts.c("logins") > 0)
                 .do_update({{"name", "x"}});
    check_sql(
        q, postgresql_dialect(),
        {"INSERT INTO accounts (email, logins) VALUES ($1, $2) ON CONFLICT (email) WHERE logins "
         "> $3 DO UPDATE SET name = $4",
         {"a@x", 0, 0, "x"}});
    check_sql(
        q, sqlite_dialect(),
        {"INSERT INTO accounts (email, logins) VALUES (?, ?) ON CONFLICT (email) WHERE logins > "
         "? DO UPDATE SET name = ?",
         {"a@x", 0, 0, "x"}});
    CHECK(error_message<CompileError>([&] { compile(q, mysql_dialect()); }) ==
          "ON CONFLICT on a partial index (index_where) is not supported by the mysql dialect");
}

TEST_CASE("MySQL refuses a target that matches no unique key") {
    UpsertTables u;
    auto q =
        insert(u.accounts).values({{"name", "n"}}).on_conflict({"name"}).do_update({{"logins", 0}});
    CHECK(error_message<CompileError>([&] { compile(q, mysql_dialect()); }) ==
          "ON CONFLICT (name) is not supported by the mysql dialect: no unique key of table "
          "'accounts' has exactly these columns");
    auto partial_key = insert(u.pairs).values({{"a", 1}, {"b", 1}}).on_conflict({"a"}).do_nothing();
    CHECK(
        error_message<CompileError>([&] { compile(partial_key, mysql_dialect()); }) ==
        "ON CONFLICT (a) is not supported by the mysql dialect: no unique key of table 'pairs' has "
        "exactly these columns");
    // The same statements compile where the database checks the target itself.
    CHECK(render(q, postgresql_dialect()).sql ==
          "INSERT INTO accounts (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET logins = $2");
}

TEST_CASE("MySQL refuses a target when another unique key could also fire") {
    UpsertTables u;
    auto q = insert(u.people)
                 .values({{"email", "e"}, {"ssn", "1"}})
                 .on_conflict({"email"})
                 .do_update({{"name", excluded(u.people.c("name"))}});
    CHECK(
        error_message<CompileError>([&] { compile(q, mysql_dialect()); }) ==
        "ON CONFLICT (email) is not supported by the mysql dialect: ON DUPLICATE KEY UPDATE would "
        "also fire on UNIQUE (ssn) of table 'people'; use on_duplicate_key_update() to accept "
        "that");
    check_sql(
        q, sqlite_dialect(),
        {"INSERT INTO people (email, ssn) VALUES (?, ?) ON CONFLICT (email) DO UPDATE SET name = "
         "excluded.name",
         {"e", "1"}});
}

TEST_CASE("a key holding the auto-increment column is harmless unless VALUES gives that column") {
    UpsertTables u;
    auto left_to_database = insert(u.accounts)
                                .values({{"email", "e"}})
                                .on_conflict({"email"})
                                .do_update({{"logins", 1}});
    check_sql(
        left_to_database, mysql_dialect(),
        {"INSERT INTO accounts (email) VALUES (?) ON DUPLICATE KEY UPDATE logins = ?", {"e", 1}});
    auto given = insert(u.accounts)
                     .values({{"id", 5}, {"email", "e"}})
                     .on_conflict({"email"})
                     .do_update({{"logins", 1}});
    CHECK(
        error_message<CompileError>([&] { compile(given, mysql_dialect()); }) ==
        "ON CONFLICT (email) is not supported by the mysql dialect: ON DUPLICATE KEY UPDATE would "
        "also fire on PRIMARY KEY (id) of table 'accounts'; use on_duplicate_key_update() to "
        "accept that");
    // With the columns from execution parameters, the parameters decide.
    auto from_parameters = insert(u.accounts).on_conflict({"email"}).do_update({{"logins", 1}});
    Parameters without_id{{"email", "e"}};
    check_sql(
        from_parameters, mysql_dialect(),
        {"INSERT INTO accounts (email) VALUES (?) ON DUPLICATE KEY UPDATE logins = ?", {"e", 1}},
        without_id);
    Parameters with_id{{"id", 1}, {"email", "e"}};
    CompileOptions options;
    options.parameters = &with_id;
    CHECK(error_message<CompileError>([&] {
              compile(from_parameters, mysql_dialect(), options);
          }).find("would also fire on PRIMARY KEY (id)") != std::string::npos);
}

TEST_CASE("a unique index counts as a key on MySQL") {
    UpsertTables u;
    auto q = insert(u.codes)
                 .values({{"code", "c1"}, {"label", "one"}})
                 .on_conflict({"code"})
                 .do_update({{"label", excluded(u.codes.c("label"))}});
    check_sql(q, mysql_dialect(),
              {"INSERT INTO codes (code, label) VALUES (?, ?) ON DUPLICATE KEY UPDATE label = "
               "VALUES(label)",
               {"c1", "one"}});
}

TEST_CASE("on_duplicate_key_update spelled directly: MySQL only") {
    UpsertTables u;
    auto q = insert(u.people)
                 .values({{"email", "e"}, {"ssn", "1"}})
                 .on_duplicate_key_update(
                     {{"name", excluded(u.people.c("name"))}, {"ssn", literal_column("ssn")}});
    check_sql(q, mysql_dialect(),
              {"INSERT INTO people (email, ssn) VALUES (?, ?) ON DUPLICATE KEY UPDATE name = "
               "VALUES(name), ssn = ssn",
               {"e", "1"}});
    check_sql(
        q, mysql_row_alias(),
        {"INSERT INTO people (email, ssn) VALUES (?, ?) AS new ON DUPLICATE KEY UPDATE name = "
         "new.name, ssn = ssn",
         {"e", "1"}});
    CHECK(error_message<CompileError>([&] { compile(q, sqlite_dialect()); }) ==
          "ON DUPLICATE KEY UPDATE is not supported by the sqlite dialect: it is MySQL syntax; use "
          "on_conflict() for a portable upsert");
    CHECK(error_message<CompileError>([&] { compile(q, postgresql_dialect()); }) ==
          "ON DUPLICATE KEY UPDATE is not supported by the postgresql dialect: it is MySQL syntax; "
          "use on_conflict() for a portable upsert");
    auto both = q.on_conflict({"email"}).do_nothing();
    CHECK(error_message<CompileError>([&] { compile(both, mysql_dialect()); }) ==
          "an INSERT cannot have both on_conflict() and on_duplicate_key_update()");
}

TEST_CASE("RETURNING with upserts") {
    UpsertTables u;
    auto q = insert(u.accounts)
                 .values({{"email", "a@x"}})
                 .on_conflict({"email"})
                 .do_update({{"logins", u.accounts.c("logins") + 1}})
                 .returning(u.accounts.c("id"), u.accounts.c("logins"));
    check_sql(q, sqlite_dialect(),
              {"INSERT INTO accounts (email) VALUES (?) ON CONFLICT (email) DO UPDATE SET logins = "
               "accounts.logins + ? RETURNING accounts.id, accounts.logins",
               {"a@x", 1}});
    check_sql(
        q, postgresql_dialect(),
        {"INSERT INTO accounts (email) VALUES ($1) ON CONFLICT (email) DO UPDATE SET logins = "
         "accounts.logins + $2 RETURNING accounts.id, accounts.logins",
         {"a@x", 1}});
    check_sql(q, mariadb_dialect(),
              {"INSERT INTO accounts (email) VALUES (?) ON DUPLICATE KEY UPDATE logins = "
               "accounts.logins + ? RETURNING accounts.id, accounts.logins",
               {"a@x", 1}});
    CHECK(error_message<CompileError>([&] {
              compile(q, mysql_dialect());
          }).starts_with("RETURNING on INSERT is not supported by the mysql dialect"));
    auto nothing =
        insert(u.kv).values({{"k", "a"}}).on_conflict().do_nothing().returning(u.kv.c("k"));
    check_sql(nothing, postgresql_dialect(),
              {"INSERT INTO kv (k) VALUES ($1) ON CONFLICT DO NOTHING RETURNING kv.k", {"a"}});
}

TEST_CASE("an upsert of several rows") {
    UpsertTables u;
    auto q = insert(u.kv)
                 .multi_values({{{"k", "a"}, {"v", "1"}}, {{"k", "b"}, {"v", "2"}}})
                 .on_conflict({"k"})
                 .do_update({{"v", excluded(u.kv.c("v"))}});
    check_dialects(
        q,
        {"INSERT INTO kv (k, v) VALUES (?, ?), (?, ?) ON CONFLICT (k) DO UPDATE SET v = "
         "excluded.v",
         {"a", "1", "b", "2"}},
        {"INSERT INTO kv (k, v) VALUES ($1, $2), ($3, $4) ON CONFLICT (k) DO UPDATE SET v "
         "= excluded.v",
         {"a", "1", "b", "2"}},
        {"INSERT INTO kv (k, v) VALUES (?, ?), (?, ?) ON DUPLICATE KEY UPDATE v = "
         "VALUES(v)",
         {"a", "1", "b", "2"}});
    check_sql(
        q, mysql_row_alias(),
        {"INSERT INTO kv (k, v) VALUES (?, ?), (?, ?) AS new ON DUPLICATE KEY UPDATE v = new.v",
         {"a", "1", "b", "2"}});
}

TEST_CASE("an upsert from a SELECT keeps VALUES(c) on MySQL, even with the row alias") {
    UpsertTables u;
    auto q = insert(u.kv)
                 .from_select({"k", "v"}, select(u.people.c("email"), u.people.c("name")))
                 .on_conflict({"k"})
                 .do_update({{"v", excluded(u.kv.c("v"))}});
    const std::string mysql =
        "INSERT INTO kv (k, v) SELECT people.email, people.name FROM people ON DUPLICATE KEY "
        "UPDATE "
        "v = VALUES(v)";
    check_sql(q, mysql_dialect(), {mysql});
    check_sql(q, mysql_row_alias(), {mysql});
    check_sql(
        q, postgresql_dialect(),
        {"INSERT INTO kv (k, v) SELECT people.email, people.name FROM people ON CONFLICT (k) DO "
         "UPDATE SET v = excluded.v"});
}

TEST_CASE(
    "SQLite: INSERT ... SELECT with an upsert gets a WHERE so ON CONFLICT is not a join's ON") {
    UpsertTables u;
    auto plain = insert(u.kv)
                     .from_select({"k", "v"}, select(u.people.c("email"), u.people.c("name")))
                     .on_conflict({"k"})
                     .do_nothing();
    check_sql(
        plain, sqlite_dialect(),
        {"INSERT INTO kv (k, v) SELECT people.email, people.name FROM people WHERE 1 ON CONFLICT "
         "(k) DO NOTHING"});
    auto filtered =
        insert(u.kv)
            .from_select(
                {"k", "v"},
                select(u.people.c("email"), u.people.c("name")).where(u.people.c("id") > 1))
            .on_conflict()
            .do_nothing();
    check_sql(
        filtered, sqlite_dialect(),
        {"INSERT INTO kv (k, v) SELECT people.email, people.name FROM people WHERE people.id > ? "
         "ON CONFLICT DO NOTHING",
         {1}});
    auto compound =
        insert(u.kv)
            .from_select({"k", "v"}, union_(select(u.people.c("email"), u.people.c("name")),
                                            select(u.kv.c("k"), u.kv.c("v"))))
            .on_conflict()
            .do_nothing();
    check_sql(
        compound, sqlite_dialect(),
        {"INSERT INTO kv (k, v) SELECT people.email, people.name FROM people UNION SELECT kv.k, "
         "kv.v FROM kv WHERE 1 ON CONFLICT DO NOTHING"});
    // Without an upsert the SELECT is left as it is.
    check_sql(insert(u.kv).from_select({"k"}, select(u.people.c("email"))), sqlite_dialect(),
              {"INSERT INTO kv (k) SELECT people.email FROM people"});
}

TEST_CASE("upsert columns with reserved names are quoted in the target, SET and excluded") {
    MetaData meta;
    Table t{meta, "settings", Column{"key", String{20}, primary_key()}, Column{"order", Integer{}}};
    auto q = insert(t)
                 .values({{"key", "a"}, {"order", 1}})
                 .on_conflict()
                 .do_update({{"order", excluded(t.c("order"))}});
    check_dialects(
        q,
        {"INSERT INTO settings (\"key\", \"order\") VALUES (?, ?) ON CONFLICT (\"key\") DO "
         "UPDATE SET \"order\" = excluded.\"order\"",
         {"a", 1}},
        {"INSERT INTO settings (key, \"order\") VALUES ($1, $2) ON CONFLICT (key) DO "
         "UPDATE SET \"order\" = excluded.\"order\"",
         {"a", 1}},
        {"INSERT INTO settings (`key`, `order`) VALUES (?, ?) ON DUPLICATE KEY UPDATE "
         "`order` = VALUES(`order`)",
         {"a", 1}});
}

TEST_CASE("an upsert is a distinct statement from the plain INSERT it extends") {
    UpsertTables u;
    auto base = insert(u.kv).values({{"k", "a"}});
    auto up = base.on_conflict().do_nothing();
    CHECK(render(base, postgresql_dialect()).sql == "INSERT INTO kv (k) VALUES ($1)");
    CHECK(render(up, postgresql_dialect()).sql ==
          "INSERT INTO kv (k) VALUES ($1) ON CONFLICT DO NOTHING");
    CHECK_FALSE(compile(up, postgresql_dialect()).form().is_single_row_insert());
}
