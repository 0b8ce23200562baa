// Identifier quoting by SQLAlchemy's rule: reserved words of each dialect, upper case, a leading
// digit or $, characters outside [a-z0-9_$] (spaces, quotes, non-ASCII), with the quote doubled;
// double quotes on SQLite and PostgreSQL, backticks on MySQL and MariaDB.
#include "tables.hpp"

using namespace retort;
using retort::test::check_dialects;
using retort::test::check_sql;

namespace {
bool quoted(const Dialect& d, std::string_view name) {
    return d.requires_quotes(name);
}
std::string ident(const Dialect& d, std::string_view name) {
    std::string out;
    d.append_identifier(out, name);
    return out;
}
}  // namespace

TEST_CASE("plain lower-case names are never quoted") {
    for (const Dialect* d :
         {&sqlite_dialect(), &postgresql_dialect(), &mysql_dialect(), &mariadb_dialect()}) {
        INFO(d->name());
        for (const char* name : {"users", "user_id", "a1", "x$y", "_private", "email"}) {
            INFO(name);
            CHECK_FALSE(quoted(*d, name));
            CHECK(ident(*d, name) == name);
        }
    }
}

TEST_CASE("reserved words are quoted in every dialect that reserves them") {
    Table t = Table::standalone("order", Column{"select", Integer{}}, Column{"from", Integer{}});
    check_dialects(select(t.c("select"), t.c("from")),
                   {"SELECT \"order\".\"select\", \"order\".\"from\" FROM \"order\""},
                   {"SELECT \"order\".\"select\", \"order\".\"from\" FROM \"order\""},
                   {"SELECT `order`.`select`, `order`.`from` FROM `order`"});
}

TEST_CASE("each dialect quotes its own reserved words only") {
    // SQLite reserves these, PostgreSQL does not.
    for (const char* word : {"add", "after", "begin", "key", "replace", "vacuum"}) {
        INFO(word);
        CHECK(quoted(sqlite_dialect(), word));
        CHECK_FALSE(quoted(postgresql_dialect(), word));
    }
    // PostgreSQL reserves these, SQLite does not.
    for (const char* word :
         {"analyse", "any", "array", "both", "limit", "returning", "user", "window"}) {
        INFO(word);
        CHECK(quoted(postgresql_dialect(), word));
    }
    CHECK_FALSE(quoted(sqlite_dialect(), "user"));
    CHECK_FALSE(quoted(sqlite_dialect(), "returning"));
    CHECK(quoted(mysql_dialect(), "key"));
    CHECK(quoted(mysql_dialect(), "interval"));
    CHECK_FALSE(quoted(mysql_dialect(), "user"));
    CHECK_FALSE(quoted(postgresql_dialect(), "key"));
}

TEST_CASE("the same table renders differently where only some dialects reserve its name") {
    Table t = Table::standalone("user", Column{"key", Integer{}}, Column{"limit", Integer{}});
    check_dialects(select(t.c("key"), t.c("limit")),
                   {"SELECT user.\"key\", user.\"limit\" FROM user"},
                   {"SELECT \"user\".key, \"user\".\"limit\" FROM \"user\""},
                   {"SELECT user.`key`, user.`limit` FROM user"});
}

TEST_CASE("MariaDB and MySQL reserve different words") {
    // MySQL 8 only.
    for (const char* word : {"rank", "row_number", "lateral", "groups", "function", "of", "row"}) {
        INFO(word);
        CHECK(quoted(mysql_dialect(), word));
        CHECK_FALSE(quoted(mariadb_dialect(), word));
    }
    // MariaDB only.
    for (const char* word : {"offset", "returning", "intersect", "without", "period", "package"}) {
        INFO(word);
        CHECK(quoted(mariadb_dialect(), word));
        CHECK_FALSE(quoted(mysql_dialect(), word));
    }
    Table t = Table::standalone("scores", Column{"rank", Integer{}}, Column{"offset", Integer{}});
    check_sql(select(t.c("rank"), t.c("offset")), mysql_dialect(),
              {"SELECT scores.`rank`, scores.offset FROM scores"});
    check_sql(select(t.c("rank"), t.c("offset")), mariadb_dialect(),
              {"SELECT scores.rank, scores.`offset` FROM scores"});
}

TEST_CASE("any upper-case letter makes a name quoted, keeping its case") {
    Table t = Table::standalone("Users", Column{"userId", Integer{}}, Column{"NAME", String{10}});
    check_dialects(select(t.c("userId"), t.c("NAME")),
                   {"SELECT \"Users\".\"userId\", \"Users\".\"NAME\" FROM \"Users\""},
                   {"SELECT \"Users\".\"userId\", \"Users\".\"NAME\" FROM \"Users\""},
                   {"SELECT `Users`.`userId`, `Users`.`NAME` FROM `Users`"});
    CHECK(quoted(sqlite_dialect(), "SELECT"));
    CHECK(quoted(postgresql_dialect(), "Select"));
}

TEST_CASE("a leading digit or $ makes a name quoted; inside a name they are fine") {
    for (const Dialect* d : {&sqlite_dialect(), &postgresql_dialect(), &mysql_dialect()}) {
        INFO(d->name());
        CHECK(quoted(*d, "1col"));
        CHECK(quoted(*d, "$x"));
        CHECK_FALSE(quoted(*d, "col1"));
        CHECK_FALSE(quoted(*d, "x$"));
    }
    CHECK(ident(sqlite_dialect(), "2fa") == "\"2fa\"");
    CHECK(ident(mysql_dialect(), "2fa") == "`2fa`");
}

TEST_CASE("spaces, punctuation and quotes inside names: quoted, with the quote doubled") {
    Table t =
        Table::standalone("my table", Column{"has space", Integer{}}, Column{"q\"uo`te", Integer{}},
                          Column{"a-b", Integer{}}, Column{"a.b", Integer{}});
    check_dialects(
        select(t.c("has space"), t.c("q\"uo`te"), t.c("a-b"), t.c("a.b")),
        {"SELECT \"my table\".\"has space\", \"my table\".\"q\"\"uo`te\", \"my table\".\"a-b\", "
         "\"my table\".\"a.b\" FROM \"my table\""},
        {"SELECT \"my table\".\"has space\", \"my table\".\"q\"\"uo`te\", \"my table\".\"a-b\", "
         "\"my table\".\"a.b\" FROM \"my table\""},
        {"SELECT `my table`.`has space`, `my table`.`q\"uo``te`, `my table`.`a-b`, `my "
         "table`.`a.b` FROM `my table`"});
}

TEST_CASE("non-ASCII names are quoted") {
    Table t =
        Table::standalone("clients", Column{"prénom", String{20}}, Column{"名前", String{20}});
    check_dialects(select(t.c("prénom"), t.c("名前")),
                   {"SELECT clients.\"prénom\", clients.\"名前\" FROM clients"},
                   {"SELECT clients.\"prénom\", clients.\"名前\" FROM clients"},
                   {"SELECT clients.`prénom`, clients.`名前` FROM clients"});
}

TEST_CASE("an empty name is quoted rather than vanishing") {
    CHECK(ident(sqlite_dialect(), "") == "\"\"");
    CHECK(ident(mysql_dialect(), "") == "``");
}

TEST_CASE("quoting applies in WHERE, ORDER BY, aliases and labels") {
    Table t = Table::standalone("group", Column{"desc", String{20}}, Column{"Order", Integer{}});
    auto g = t.alias("Select");
    check_dialects(
        select(g.c("desc").label("Desc")).where(g.c("Order") > 1).order_by(g.c("desc")),
        {"SELECT \"Select\".\"desc\" AS \"Desc\" FROM \"group\" AS \"Select\" WHERE "
         "\"Select\".\"Order\" > ? ORDER BY \"Select\".\"desc\"",
         {1}},
        {"SELECT \"Select\".\"desc\" AS \"Desc\" FROM \"group\" AS \"Select\" WHERE "
         "\"Select\".\"Order\" > $1 ORDER BY \"Select\".\"desc\"",
         {1}},
        {"SELECT `Select`.`desc` AS `Desc` FROM `group` AS `Select` WHERE `Select`.`Order` > ? "
         "ORDER BY `Select`.`desc`",
         {1}});
}

TEST_CASE("a schema name is quoted by the same rule") {
    MetaData meta;
    Table t{meta, "accounts", TableSchema{"Billing"}, Column{"id", Integer{}}};
    check_dialects(select(t.c("id")), {"SELECT \"Billing\".accounts.id FROM \"Billing\".accounts"},
                   {"SELECT \"Billing\".accounts.id FROM \"Billing\".accounts"},
                   {"SELECT `Billing`.accounts.id FROM `Billing`.accounts"});
}

TEST_CASE("the quoting answer cached on a column is kept per dialect") {
    Table t = Table::standalone("scores", Column{"rank", Integer{}});
    // Compile for MariaDB first (no quotes), then MySQL (quotes), then MariaDB again.
    check_sql(select(t.c("rank")), mariadb_dialect(), {"SELECT scores.rank FROM scores"});
    check_sql(select(t.c("rank")), mysql_dialect(), {"SELECT scores.`rank` FROM scores"});
    check_sql(select(t.c("rank")), mariadb_dialect(), {"SELECT scores.rank FROM scores"});
    check_sql(select(t.c("rank")), postgresql_dialect(), {"SELECT scores.rank FROM scores"});
}
