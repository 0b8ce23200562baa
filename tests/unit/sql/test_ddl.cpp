// DDL per dialect: CREATE / DROP TABLE and INDEX, sequences and enum types, autoincrement
// columns (SERIAL, identity, AUTO_INCREMENT, SQLite rowid), server defaults rendered as escaped
// literals, comments, table options, and the refusals (too long names, VARCHAR without length).
#include "tables.hpp"

using namespace retort;
using retort::test::check_dialects;
using retort::test::check_sql;
using retort::test::error_message;
using retort::test::SqlTables;

TEST_CASE("CREATE TABLE with the autoincrement key of each dialect") {
    SqlTables t;
    check_dialects(create_table(t.users),
                   {"CREATE TABLE users (id INTEGER NOT NULL, name VARCHAR(50) NOT NULL, email "
                    "VARCHAR(100), age INTEGER, PRIMARY KEY (id))"},
                   {"CREATE TABLE users (id SERIAL NOT NULL, name VARCHAR(50) NOT NULL, email "
                    "VARCHAR(100), age INTEGER, PRIMARY KEY (id))"},
                   {"CREATE TABLE users (id INTEGER NOT NULL AUTO_INCREMENT, name VARCHAR(50) NOT "
                    "NULL, email VARCHAR(100), age INTEGER, PRIMARY KEY (id))"});
    auto compiled = compile(create_table(t.users), sqlite_dialect());
    CHECK(compiled.form().statement_kind() == StatementKind::Ddl);
    CHECK(compiled.result_columns().empty());
    CHECK(compiled.parameters().empty());
}

TEST_CASE("CREATE TABLE IF NOT EXISTS and foreign keys") {
    SqlTables t;
    check_dialects(
        create_table(t.orders, true),
        {"CREATE TABLE IF NOT EXISTS orders (id INTEGER NOT NULL, user_id INTEGER, "
         "amount NUMERIC(10, 2), note TEXT, PRIMARY KEY (id), FOREIGN KEY (user_id) "
         "REFERENCES users (id))"},
        {"CREATE TABLE IF NOT EXISTS orders (id SERIAL NOT NULL, user_id INTEGER, "
         "amount NUMERIC(10, 2), note TEXT, PRIMARY KEY (id), FOREIGN KEY (user_id) "
         "REFERENCES users (id))"},
        {"CREATE TABLE IF NOT EXISTS orders (id INTEGER NOT NULL AUTO_INCREMENT, user_id "
         "INTEGER, amount NUMERIC(10, 2), note LONGTEXT, PRIMARY KEY (id), FOREIGN KEY "
         "(user_id) REFERENCES users (id))"});
}

TEST_CASE("DROP TABLE [IF EXISTS]") {
    SqlTables t;
    check_dialects(drop_table(t.users), {"DROP TABLE users"}, {"DROP TABLE users"},
                   {"DROP TABLE users"});
    check_dialects(drop_table(t.users, true), {"DROP TABLE IF EXISTS users"},
                   {"DROP TABLE IF EXISTS users"}, {"DROP TABLE IF EXISTS users"});
}

TEST_CASE("every generic type in each dialect's DDL") {
    MetaData meta;
    Table all{meta,
              "all_types",
              Column{"a", Integer{}},
              Column{"b", SmallInteger{}},
              Column{"c", BigInteger{}},
              Column{"d", Boolean{}},
              Column{"e", Float{}},
              Column{"f", Double{}},
              Column{"g", Numeric{10, 2}},
              Column{"h", Numeric{}},
              Column{"i", String{20}},
              Column{"j", Text{}},
              Column{"k", Date{}},
              Column{"l", DateTime{}},
              Column{"m", DateTime{true}},
              Column{"n", Time{}},
              Column{"o", Time{true}},
              Column{"p", Interval{}},
              Column{"q", LargeBinary{}},
              Column{"r", LargeBinary{16}},
              Column{"s", JSON{}},
              Column{"t", UUID{}}};
    check_dialects(
        create_table(all),
        {"CREATE TABLE all_types (a INTEGER, b SMALLINT, c BIGINT, d BOOLEAN, e FLOAT, f DOUBLE, "
         "g NUMERIC(10, 2), h NUMERIC, i VARCHAR(20), j TEXT, k DATE, l DATETIME, m DATETIME, n "
         "TIME, o TIME, p BIGINT, q BLOB, r BLOB, s JSON, t CHAR(32))"},
        {"CREATE TABLE all_types (a INTEGER, b SMALLINT, c BIGINT, d BOOLEAN, e FLOAT, f DOUBLE "
         "PRECISION, g NUMERIC(10, 2), h NUMERIC, i VARCHAR(20), j TEXT, k DATE, l TIMESTAMP "
         "WITHOUT TIME ZONE, m TIMESTAMP WITH TIME ZONE, n TIME WITHOUT TIME ZONE, o TIME WITH "
         "TIME ZONE, p INTERVAL, q BYTEA, r BYTEA, s JSON, t UUID)"},
        {"CREATE TABLE all_types (a INTEGER, b SMALLINT, c BIGINT, d BOOL, e FLOAT, f DOUBLE, g "
         "NUMERIC(10, 2), h NUMERIC(65, 30), i VARCHAR(20), j LONGTEXT, k DATE, l DATETIME(6), m "
         "DATETIME(6), n TIME(6), o TIME(6), p BIGINT, q LONGBLOB, r VARBINARY(16), s JSON, t "
         "CHAR(32))"});
}

TEST_CASE("BIGSERIAL and SMALLSERIAL keys on PostgreSQL; SQLite keeps INTEGER for the rowid") {
    MetaData meta;
    Table big{meta, "big", Column{"id", BigInteger{}, primary_key()}, Column{"x", Integer{}}};
    Table small{meta, "small", Column{"id", SmallInteger{}, primary_key()}};
    check_dialects(create_table(big),
                   {"CREATE TABLE big (id INTEGER NOT NULL, x INTEGER, PRIMARY KEY (id))"},
                   {"CREATE TABLE big (id BIGSERIAL NOT NULL, x INTEGER, PRIMARY KEY (id))"},
                   {"CREATE TABLE big (id BIGINT NOT NULL AUTO_INCREMENT, x INTEGER, PRIMARY KEY "
                    "(id))"});
    check_sql(create_table(small), postgresql_dialect(),
              {"CREATE TABLE small (id SMALLSERIAL NOT NULL, PRIMARY KEY (id))"});
}

TEST_CASE("identity columns: GENERATED AS IDENTITY on PostgreSQL, AUTO_INCREMENT on MySQL") {
    MetaData meta;
    Table always{meta, "always",
                 Column{"id", Integer{}, primary_key(),
                        identity({.always = true, .start = 10, .increment = 5})},
                 Column{"x", Integer{}}};
    Table by_default{meta, "by_default", Column{"id", BigInteger{}, primary_key(), identity()}};
    check_dialects(
        create_table(always),
        {"CREATE TABLE always (id INTEGER NOT NULL, x INTEGER, PRIMARY KEY (id))"},
        {"CREATE TABLE always (id INTEGER GENERATED ALWAYS AS IDENTITY (START WITH 10 "
         "INCREMENT BY 5) NOT NULL, x INTEGER, PRIMARY KEY (id))"},
        {"CREATE TABLE always (id INTEGER NOT NULL AUTO_INCREMENT, x INTEGER, PRIMARY KEY "
         "(id))"});
    check_dialects(
        create_table(by_default),
        {"CREATE TABLE by_default (id INTEGER NOT NULL, PRIMARY KEY (id))"},
        {"CREATE TABLE by_default (id BIGINT GENERATED BY DEFAULT AS IDENTITY NOT NULL, "
         "PRIMARY KEY (id))"},
        {"CREATE TABLE by_default (id BIGINT NOT NULL AUTO_INCREMENT, PRIMARY KEY (id))"});
}

TEST_CASE("no autoincrement for composite, non-integer, defaulted or opted-out keys") {
    MetaData meta;
    Table pair{meta, "pair", Column{"a", Integer{}, primary_key()},
               Column{"b", Integer{}, primary_key()}};
    Table code{meta, "code", Column{"c", String{5}, primary_key()}};
    Table manual{meta, "manual", Column{"id", Integer{}, primary_key(), autoincrement(false)}};
    check_dialects(
        create_table(pair),
        {"CREATE TABLE pair (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b))"},
        {"CREATE TABLE pair (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b))"},
        {"CREATE TABLE pair (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b))"});
    check_dialects(create_table(code),
                   {"CREATE TABLE code (c VARCHAR(5) NOT NULL, PRIMARY KEY (c))"},
                   {"CREATE TABLE code (c VARCHAR(5) NOT NULL, PRIMARY KEY (c))"},
                   {"CREATE TABLE code (c VARCHAR(5) NOT NULL, PRIMARY KEY (c))"});
    check_dialects(create_table(manual),
                   {"CREATE TABLE manual (id INTEGER NOT NULL, PRIMARY KEY (id))"},
                   {"CREATE TABLE manual (id INTEGER NOT NULL, PRIMARY KEY (id))"},
                   {"CREATE TABLE manual (id INTEGER NOT NULL, PRIMARY KEY (id))"});
}

TEST_CASE("sqlite_autoincrement puts PRIMARY KEY AUTOINCREMENT on the column; sqlite_with_rowid") {
    MetaData meta;
    Table a{meta,
            "a",
            Column{"id", Integer{}, primary_key()},
            Column{"x", Text{}},
            TableOption{"sqlite_autoincrement", "true"},
            TableOption{"mysql_engine", "InnoDB"}};
    check_dialects(create_table(a),
                   {"CREATE TABLE a (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, x TEXT)"},
                   {"CREATE TABLE a (id SERIAL NOT NULL, x TEXT, PRIMARY KEY (id))"},
                   {"CREATE TABLE a (id INTEGER NOT NULL AUTO_INCREMENT, x LONGTEXT, PRIMARY KEY "
                    "(id)) ENGINE=InnoDB"});
    Table kv{meta, "kv", Column{"k", String{10}, primary_key()}, Column{"v", Text{}},
             TableOption{"sqlite_with_rowid", "false"}};
    check_dialects(
        create_table(kv),
        {"CREATE TABLE kv (k VARCHAR(10) NOT NULL, v TEXT, PRIMARY KEY (k)) WITHOUT ROWID"},
        {"CREATE TABLE kv (k VARCHAR(10) NOT NULL, v TEXT, PRIMARY KEY (k))"},
        {"CREATE TABLE kv (k VARCHAR(10) NOT NULL, v LONGTEXT, PRIMARY KEY (k))"});
}

TEST_CASE("MySQL table options: engine, charset, collation") {
    MetaData meta;
    Table t{meta,
            "t",
            Column{"id", Integer{}, primary_key()},
            TableOption{"mysql_engine", "InnoDB"},
            TableOption{"mysql_charset", "utf8mb4"},
            TableOption{"mysql_collate", "utf8mb4_bin"},
            TableOption{"postgresql_unknown", "x"}};
    check_sql(
        create_table(t), mysql_dialect(),
        {"CREATE TABLE t (id INTEGER NOT NULL AUTO_INCREMENT, PRIMARY KEY (id)) ENGINE=InnoDB "
         "DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"});
    check_sql(create_table(t), postgresql_dialect(),
              {"CREATE TABLE t (id SERIAL NOT NULL, PRIMARY KEY (id))"});
}

TEST_CASE("sequences: CREATE / DROP SEQUENCE on PostgreSQL, a CompileError elsewhere") {
    Sequence seq{"order_seq", 100, 2};
    check_sql(create_sequence(seq), postgresql_dialect(),
              {"CREATE SEQUENCE order_seq INCREMENT BY 2 START WITH 100"});
    check_sql(create_sequence(Sequence{"s"}, true), postgresql_dialect(),
              {"CREATE SEQUENCE IF NOT EXISTS s"});
    check_sql(drop_sequence(seq), postgresql_dialect(), {"DROP SEQUENCE order_seq"});
    check_sql(drop_sequence(seq, true), postgresql_dialect(),
              {"DROP SEQUENCE IF EXISTS order_seq"});
    CHECK(error_message<CompileError>([&] {
              (void)compile(create_sequence(seq), sqlite_dialect());
          }) == "CREATE SEQUENCE is not supported by the sqlite dialect");
    CHECK(error_message<CompileError>([&] {
              (void)compile(drop_sequence(seq), mysql_dialect());
          }) == "DROP SEQUENCE is not supported by the mysql dialect");
}

TEST_CASE("a column fed by a Sequence is a plain INTEGER on PostgreSQL") {
    MetaData meta;
    Table t{meta, "t", Column{"id", Integer{}, primary_key(), Sequence{"t_id_seq"}},
            Column{"x", Integer{}}};
    check_dialects(create_table(t),
                   {"CREATE TABLE t (id INTEGER NOT NULL, x INTEGER, PRIMARY KEY (id))"},
                   {"CREATE TABLE t (id INTEGER NOT NULL, x INTEGER, PRIMARY KEY (id))"},
                   {"CREATE TABLE t (id INTEGER NOT NULL AUTO_INCREMENT, x INTEGER, PRIMARY KEY "
                    "(id))"});
}

TEST_CASE(
    "enum columns: a named type on PostgreSQL, ENUM(...) on MySQL, VARCHAR + CHECK on SQLite") {
    MetaData meta;
    Enum mood{"mood", {"sad", "ok", "it's fine"}};
    Table t{meta, "people", Column{"id", Integer{}, primary_key()}, Column{"mood", mood}};
    check_dialects(
        create_table(t),
        {"CREATE TABLE people (id INTEGER NOT NULL, mood VARCHAR(9), PRIMARY KEY (id), "
         "CHECK (mood IN ('sad', 'ok', 'it''s fine')))"},
        {"CREATE TABLE people (id SERIAL NOT NULL, mood mood, PRIMARY KEY (id))"},
        {"CREATE TABLE people (id INTEGER NOT NULL AUTO_INCREMENT, mood ENUM('sad', 'ok', "
         "'it''s fine'), PRIMARY KEY (id))"});
}

TEST_CASE("CREATE TYPE ... AS ENUM on PostgreSQL only") {
    Enum mood{"Mood", {"sad", "o'k"}};
    check_sql(create_enum_type(mood), postgresql_dialect(),
              {"CREATE TYPE \"Mood\" AS ENUM ('sad', 'o''k')"});
    check_sql(drop_enum_type(mood), postgresql_dialect(), {"DROP TYPE \"Mood\""});
    check_sql(drop_enum_type(mood, true), postgresql_dialect(), {"DROP TYPE IF EXISTS \"Mood\""});
    auto message = error_message<CompileError>(
        [&] { (void)compile(create_enum_type(mood), mysql_dialect()); });
    CHECK(message.find("CREATE TYPE ... AS ENUM is not supported by the mysql dialect") !=
          std::string::npos);
    message =
        error_message<CompileError>([&] { (void)compile(drop_enum_type(mood), sqlite_dialect()); });
    CHECK(message.find("DROP TYPE is not supported by the sqlite dialect") != std::string::npos);
}

TEST_CASE("an Enum without a type name cannot be created on PostgreSQL") {
    MetaData meta;
    Table t{meta, "t", Column{"e", Enum{"", {"a"}}}};
    auto message =
        error_message<CompileError>([&] { (void)compile(create_table(t), postgresql_dialect()); });
    CHECK(message.find("an Enum needs a type name") != std::string::npos);
    check_sql(create_table(t), sqlite_dialect(),
              {"CREATE TABLE t (e VARCHAR(1), CHECK (e IN ('a')))"});
}

TEST_CASE("server defaults: values become escaped literals, never parameters") {
    MetaData meta;
    Table t{meta,
            "t",
            Column{"id", Integer{}, primary_key()},
            Column{"n", Integer{}, server_default(18)},
            Column{"s", String{20}, server_default("it's a\\b")},
            Column{"f", Boolean{}, server_default(true)},
            Column{"d", Numeric{10, 2}, server_default(Decimal{"1.50"})},
            Column{"r", Double{}, server_default(0.1)},
            Column{"day", Date{},
                   server_default(std::chrono::year_month_day{
                       std::chrono::year{2024}, std::chrono::month{1}, std::chrono::day{2}})}};
    check_dialects(
        create_table(t),
        {"CREATE TABLE t (id INTEGER NOT NULL, n INTEGER DEFAULT 18, s VARCHAR(20) "
         "DEFAULT 'it''s a\\b', f BOOLEAN DEFAULT 1, d NUMERIC(10, 2) DEFAULT 1.50, r "
         "DOUBLE DEFAULT 0.1, day DATE DEFAULT '2024-01-02', PRIMARY KEY (id))"},
        {"CREATE TABLE t (id SERIAL NOT NULL, n INTEGER DEFAULT 18, s VARCHAR(20) DEFAULT "
         "'it''s a\\b', f BOOLEAN DEFAULT true, d NUMERIC(10, 2) DEFAULT 1.50, r DOUBLE "
         "PRECISION DEFAULT 0.1, day DATE DEFAULT '2024-01-02', PRIMARY KEY (id))"},
        {"CREATE TABLE t (id INTEGER NOT NULL AUTO_INCREMENT, n INTEGER DEFAULT 18, s "
         "VARCHAR(20) DEFAULT 'it''s a\\\\b', f BOOL DEFAULT 1, d NUMERIC(10, 2) DEFAULT "
         "1.50, r DOUBLE DEFAULT 0.1, day DATE DEFAULT '2024-01-02', PRIMARY KEY (id))"});
}

TEST_CASE("server defaults: SQL expressions, parenthesized where the dialect requires it") {
    MetaData meta;
    Table t{meta,
            "t",
            Column{"id", Integer{}, primary_key()},
            Column{"at", DateTime{}, server_default(func.now())},
            Column{"code", String{10}, server_default(func.lower("ABC"))},
            Column{"raw", DateTime{}, server_default(literal_column("CURRENT_TIMESTAMP"))},
            Column{"txt", String{5}, server_default(text("'x'"))},
            Column{"n", Integer{}, not_null(), server_default(literal_column("0"))}};
    check_dialects(
        create_table(t),
        {"CREATE TABLE t (id INTEGER NOT NULL, at DATETIME DEFAULT (CURRENT_TIMESTAMP), "
         "code VARCHAR(10) DEFAULT (lower('ABC')), raw DATETIME DEFAULT CURRENT_TIMESTAMP, "
         "txt VARCHAR(5) DEFAULT 'x', n INTEGER DEFAULT 0 NOT NULL, PRIMARY KEY (id))"},
        {"CREATE TABLE t (id SERIAL NOT NULL, at TIMESTAMP WITHOUT TIME ZONE DEFAULT "
         "now(), code VARCHAR(10) DEFAULT lower('ABC'), raw TIMESTAMP WITHOUT TIME ZONE "
         "DEFAULT CURRENT_TIMESTAMP, txt VARCHAR(5) DEFAULT 'x', n INTEGER DEFAULT 0 NOT "
         "NULL, PRIMARY KEY (id))"},
        {"CREATE TABLE t (id INTEGER NOT NULL AUTO_INCREMENT, at DATETIME(6) DEFAULT "
         "now(), code VARCHAR(10) DEFAULT (lower('ABC')), raw DATETIME(6) DEFAULT "
         "CURRENT_TIMESTAMP, txt VARCHAR(5) DEFAULT 'x', n INTEGER DEFAULT 0 NOT NULL, "
         "PRIMARY KEY (id))"});
}

TEST_CASE("a server default with a parameter that has no value is a CompileError") {
    MetaData meta;
    Table t{meta, "t", Column{"n", Integer{}, server_default(bindparam("n"))}};
    auto message =
        error_message<CompileError>([&] { (void)compile(create_table(t), sqlite_dialect()); });
    CHECK(message == "parameter 'n' has no value; DDL cannot take bound parameters");
}

TEST_CASE("client-side defaults and onupdate leave DDL alone") {
    MetaData meta;
    Table t{meta, "t", Column{"id", Integer{}, primary_key()},
            Column{"a", Integer{}, default_value(5), onupdate(6)},
            Column{"b", DateTime{}, default_expression(func.now())}};
    check_sql(create_table(t), postgresql_dialect(),
              {"CREATE TABLE t (id SERIAL NOT NULL, a INTEGER, b TIMESTAMP WITHOUT TIME ZONE, "
               "PRIMARY KEY (id))"});
}

TEST_CASE("comments: COMMENT ON statements on PostgreSQL, inline on MySQL, ignored by SQLite") {
    MetaData meta;
    Table t{meta, "notes", Column{"id", Integer{}, primary_key()},
            Column{"body", Text{}, comment("it's the body")}, TableComment{"user's notes"}};
    check_dialects(create_table(t),
                   {"CREATE TABLE notes (id INTEGER NOT NULL, body TEXT, PRIMARY KEY (id))"},
                   {"CREATE TABLE notes (id SERIAL NOT NULL, body TEXT, PRIMARY KEY (id)); COMMENT "
                    "ON TABLE notes IS 'user''s notes'; COMMENT ON COLUMN notes.body IS 'it''s the "
                    "body'"},
                   {"CREATE TABLE notes (id INTEGER NOT NULL AUTO_INCREMENT, body LONGTEXT COMMENT "
                    "'it''s the body', PRIMARY KEY (id)) COMMENT='user''s notes'"});
}

TEST_CASE("named and unnamed PRIMARY KEY, UNIQUE, CHECK and FOREIGN KEY constraints") {
    MetaData meta;
    Table parent{meta, "parent", Column{"a", Integer{}}, Column{"b", Integer{}},
                 PrimaryKeyConstraint{{"a", "b"}}};
    Table child{meta,
                "child",
                Column{"a", Integer{}},
                Column{"b", Integer{}},
                PrimaryKeyConstraint{{"a", "b"}, "pk_child"},
                UniqueConstraint{{"a"}, "uq_child_a"},
                UniqueConstraint{{"b", "a"}},
                CheckConstraint{"a > 0", "ck_child_a"},
                CheckConstraint{"b < 10"},
                ForeignKeyConstraint{{"a", "b"},
                                     {"parent.a", "parent.b"},
                                     {.name = "fk_child_parent",
                                      .on_delete = ReferentialAction::Cascade,
                                      .on_update = ReferentialAction::SetNull}}};
    std::string sql =
        "CREATE TABLE child (a INTEGER NOT NULL, b INTEGER NOT NULL, CONSTRAINT pk_child PRIMARY "
        "KEY (a, b), CONSTRAINT uq_child_a UNIQUE (a), UNIQUE (b, a), CONSTRAINT ck_child_a CHECK "
        "(a > 0), CHECK (b < 10), CONSTRAINT fk_child_parent FOREIGN KEY (a, b) REFERENCES parent "
        "(a, b) ON DELETE CASCADE ON UPDATE SET NULL)";
    check_dialects(create_table(child), {sql}, {sql}, {sql});
}

TEST_CASE("a column ForeignKey with ON DELETE, to a table in another schema") {
    MetaData meta;
    Table parent{meta, "parent", TableSchema{"app"}, Column{"id", Integer{}, primary_key()}};
    Table child{meta, "child", Column{"id", Integer{}, primary_key()},
                Column{"parent_id", Integer{},
                       ForeignKey{"app.parent.id",
                                  {.on_delete = ReferentialAction::Restrict,
                                   .on_update = ReferentialAction::NoAction}}}};
    check_sql(create_table(child), postgresql_dialect(),
              {"CREATE TABLE child (id SERIAL NOT NULL, parent_id INTEGER, PRIMARY KEY (id), "
               "FOREIGN KEY (parent_id) REFERENCES app.parent (id) ON DELETE RESTRICT ON UPDATE NO "
               "ACTION)"});
    check_sql(create_table(parent), mysql_dialect(),
              {"CREATE TABLE app.parent (id INTEGER NOT NULL AUTO_INCREMENT, PRIMARY KEY (id))"});
}

TEST_CASE("column unique() is a table UNIQUE; unique() with index() is only a unique index") {
    MetaData meta;
    Table t{meta, "t", Column{"id", Integer{}, primary_key()}, Column{"a", String{10}, unique()},
            Column{"b", String{10}, unique(), index()}};
    check_sql(create_table(t), sqlite_dialect(),
              {"CREATE TABLE t (id INTEGER NOT NULL, a VARCHAR(10), b VARCHAR(10), PRIMARY KEY "
               "(id), UNIQUE (a))"});
    check_dialects(create_index(t.index("ix_t_b")), {"CREATE UNIQUE INDEX ix_t_b ON t (b)"},
                   {"CREATE UNIQUE INDEX ix_t_b ON t (b)"},
                   {"CREATE UNIQUE INDEX ix_t_b ON t (b)"});
}

TEST_CASE("column collation: PostgreSQL quotes it as an identifier") {
    MetaData meta;
    Table t{meta, "t", Column{"a", String{10}, collation("C")},
            Column{"b", String{10}, not_null(), collation("utf8mb4_bin")}};
    check_dialects(
        create_table(t),
        {"CREATE TABLE t (a VARCHAR(10) COLLATE C, b VARCHAR(10) COLLATE utf8mb4_bin NOT "
         "NULL)"},
        {"CREATE TABLE t (a VARCHAR(10) COLLATE \"C\", b VARCHAR(10) COLLATE utf8mb4_bin "
         "NOT NULL)"},
        {"CREATE TABLE t (a VARCHAR(10) COLLATE C, b VARCHAR(10) COLLATE utf8mb4_bin NOT "
         "NULL)"});
}

TEST_CASE("CREATE INDEX: column index(), unique, multi-column, IF NOT EXISTS") {
    SqlTables t;
    MetaData meta;
    Table items{meta,
                "items",
                Column{"id", Integer{}, primary_key()},
                Column{"sku", String{20}, index()},
                Column{"a", Integer{}},
                Column{"b", Integer{}},
                Index{"ix_items_ab", {"a", "b"}, {.unique = true}}};
    check_dialects(
        create_index(items.index("ix_items_sku")), {"CREATE INDEX ix_items_sku ON items (sku)"},
        {"CREATE INDEX ix_items_sku ON items (sku)"}, {"CREATE INDEX ix_items_sku ON items (sku)"});
    check_dialects(create_index(items.index("ix_items_ab")),
                   {"CREATE UNIQUE INDEX ix_items_ab ON items (a, b)"},
                   {"CREATE UNIQUE INDEX ix_items_ab ON items (a, b)"},
                   {"CREATE UNIQUE INDEX ix_items_ab ON items (a, b)"});
    check_sql(create_index(items.index("ix_items_sku"), true), sqlite_dialect(),
              {"CREATE INDEX IF NOT EXISTS ix_items_sku ON items (sku)"});
    check_sql(create_index(items.index("ix_items_sku"), true), postgresql_dialect(),
              {"CREATE INDEX IF NOT EXISTS ix_items_sku ON items (sku)"});
    check_sql(create_index(items.index("ix_items_sku"), true), mariadb_dialect(),
              {"CREATE INDEX IF NOT EXISTS ix_items_sku ON items (sku)"});
    CHECK(error_message<CompileError>([&] {
              (void)compile(create_index(items.index("ix_items_sku"), true), mysql_dialect());
          }) == "CREATE INDEX IF NOT EXISTS is not supported by the mysql dialect");
    CHECK(items.indexes().size() == 2);
}

TEST_CASE("partial indexes on PostgreSQL and SQLite; refused by MySQL") {
    SqlTables t;
    Index partial = Index::on("ix_adults", {t.name}, {.where = t.age > 18});
    check_sql(create_index(partial), sqlite_dialect(),
              {"CREATE INDEX ix_adults ON users (name) WHERE age > 18"});
    check_sql(create_index(partial), postgresql_dialect(),
              {"CREATE INDEX ix_adults ON users (name) WHERE age > 18"});
    auto message =
        error_message<CompileError>([&] { (void)compile(create_index(partial), mysql_dialect()); });
    CHECK(message ==
          "partial indexes (CREATE INDEX ... WHERE) is not supported by the mysql dialect");
}

TEST_CASE("a partial index declared in the table with raw SQL") {
    MetaData meta;
    Table t{
        meta, "t", Column{"a", Integer{}}, Column{"deleted_at", DateTime{}},
        Index{"ix_live", {"a"}, {.unique = true, .where = literal_column("deleted_at IS NULL")}}};
    check_sql(create_index(t.index("ix_live")), postgresql_dialect(),
              {"CREATE UNIQUE INDEX ix_live ON t (a) WHERE deleted_at IS NULL"});
}

TEST_CASE("functional indexes: expressions are parenthesized where the grammar needs it") {
    SqlTables t;
    check_dialects(create_index(Index::on("ix_lower_name", {func.lower(t.name)})),
                   {"CREATE INDEX ix_lower_name ON users (lower(name))"},
                   {"CREATE INDEX ix_lower_name ON users (lower(name))"},
                   {"CREATE INDEX ix_lower_name ON users ((lower(name)))"});
    check_dialects(create_index(Index::on("ix_sum", {t.age + t.id, t.name})),
                   {"CREATE INDEX ix_sum ON users ((age + id), name)"},
                   {"CREATE INDEX ix_sum ON users ((age + id), name)"},
                   {"CREATE INDEX ix_sum ON users ((age + id), name)"});
}

TEST_CASE("DROP INDEX per dialect") {
    SqlTables t;
    Index ix = Index::on("ix_users_email", {t.email});
    check_dialects(drop_index(ix), {"DROP INDEX ix_users_email"}, {"DROP INDEX ix_users_email"},
                   {"DROP INDEX ix_users_email ON users"});
    check_sql(drop_index(ix, true), sqlite_dialect(), {"DROP INDEX IF EXISTS ix_users_email"});
    check_sql(drop_index(ix, true), postgresql_dialect(), {"DROP INDEX IF EXISTS ix_users_email"});
    check_sql(drop_index(ix, true), mariadb_dialect(),
              {"DROP INDEX IF EXISTS ix_users_email ON users"});
    CHECK(error_message<CompileError>([&] {
              (void)compile(drop_index(ix, true), mysql_dialect());
          }) == "DROP INDEX IF EXISTS is not supported by the mysql dialect");
}

TEST_CASE("indexes of a table in a schema") {
    MetaData meta;
    Table t{meta,
            "acct",
            TableSchema{"app"},
            Column{"id", Integer{}, primary_key()},
            Column{"u", Integer{}},
            Index{"ix_acct_u", {"u"}}};
    check_dialects(create_index(t.index("ix_acct_u")), {"CREATE INDEX ix_acct_u ON app.acct (u)"},
                   {"CREATE INDEX ix_acct_u ON app.acct (u)"},
                   {"CREATE INDEX ix_acct_u ON app.acct (u)"});
    check_dialects(drop_index(t.index("ix_acct_u")), {"DROP INDEX app.ix_acct_u"},
                   {"DROP INDEX app.ix_acct_u"}, {"DROP INDEX ix_acct_u ON app.acct"});
}

TEST_CASE("an Index not attached to a table cannot be created") {
    Index loose("ix_loose", {"a"});
    auto message = error_message<ArgumentError>([&] { (void)create_index(loose); });
    CHECK(message.find("Index 'ix_loose' is not attached to a table") != std::string::npos);
}

TEST_CASE("quoted names in DDL: reserved words, upper case, spaces") {
    MetaData meta;
    Table t{meta,
            "order",
            Column{"select", Integer{}, primary_key()},
            Column{"Mixed Case", String{10}},
            UniqueConstraint{{"Mixed Case"}, "UQ name"},
            Index{"ix order", {"Mixed Case"}}};
    check_dialects(
        create_table(t),
        {"CREATE TABLE \"order\" (\"select\" INTEGER NOT NULL, \"Mixed Case\" VARCHAR(10), "
         "PRIMARY KEY (\"select\"), CONSTRAINT \"UQ name\" UNIQUE (\"Mixed Case\"))"},
        {"CREATE TABLE \"order\" (\"select\" SERIAL NOT NULL, \"Mixed Case\" VARCHAR(10), "
         "PRIMARY KEY (\"select\"), CONSTRAINT \"UQ name\" UNIQUE (\"Mixed Case\"))"},
        {"CREATE TABLE `order` (`select` INTEGER NOT NULL AUTO_INCREMENT, `Mixed Case` "
         "VARCHAR(10), PRIMARY KEY (`select`), CONSTRAINT `UQ name` UNIQUE (`Mixed "
         "Case`))"});
    check_dialects(create_index(t.index("ix order")),
                   {"CREATE INDEX \"ix order\" ON \"order\" (\"Mixed Case\")"},
                   {"CREATE INDEX \"ix order\" ON \"order\" (\"Mixed Case\")"},
                   {"CREATE INDEX `ix order` ON `order` (`Mixed Case`)"});
    check_dialects(drop_table(t), {"DROP TABLE \"order\""}, {"DROP TABLE \"order\""},
                   {"DROP TABLE `order`"});
}

TEST_CASE("an identifier longer than the dialect allows is a CompileError") {
    MetaData meta;
    std::string name64(64, 'x'), name65(65, 'y');
    Table t64{meta, name64, Column{"id", Integer{}}};
    auto message = error_message<CompileError>(
        [&] { (void)compile(create_table(t64), postgresql_dialect()); });
    CHECK(message == "table name '" + name64 +
                         "' is 64 characters long; the postgresql dialect allows at most 63");
    CHECK(compile(create_table(t64), mysql_dialect()).sql() ==
          "CREATE TABLE " + name64 + " (id INTEGER)");
    CHECK(compile(create_table(t64), sqlite_dialect()).sql() ==
          "CREATE TABLE " + name64 + " (id INTEGER)");
    Table cols{meta, "cols", Column{name65, Integer{}}};
    message =
        error_message<CompileError>([&] { (void)compile(create_table(cols), mysql_dialect()); });
    CHECK(message.find("column name '" + name65 +
                       "' is 65 characters long; the mysql dialect "
                       "allows at most 64") != std::string::npos);
    Table ix{meta, "ix", Column{"a", Integer{}}, Index{name64, {"a"}},
             UniqueConstraint{{"a"}, name64}};
    message = error_message<CompileError>(
        [&] { (void)compile(create_index(ix.index(name64)), postgresql_dialect()); });
    CHECK(message.find("index name") != std::string::npos);
    message =
        error_message<CompileError>([&] { (void)compile(create_table(ix), postgresql_dialect()); });
    CHECK(message.find("constraint name") != std::string::npos);
}

TEST_CASE("String without a length is a CompileError on MySQL only") {
    MetaData meta;
    Table t{meta, "t", Column{"s", String{}}};
    check_sql(create_table(t), sqlite_dialect(), {"CREATE TABLE t (s VARCHAR)"});
    check_sql(create_table(t), postgresql_dialect(), {"CREATE TABLE t (s VARCHAR)"});
    auto message =
        error_message<CompileError>([&] { (void)compile(create_table(t), mysql_dialect()); });
    CHECK(message ==
          "VARCHAR requires a length on the mysql dialect (column 's'): use String{n} or Text");
}

TEST_CASE("a column without a type is a CompileError in DDL") {
    MetaData meta;
    Table t{meta, "t", Column{"x", SqlType{}}};
    auto message =
        error_message<CompileError>([&] { (void)compile(create_table(t), sqlite_dialect()); });
    CHECK(message == "column 'x' has no type; DDL needs one");
}
