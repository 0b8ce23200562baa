// DDL and reflection against real databases: create_all / drop_all with checkfirst, table
// names, reflecting every constraint kind, and compiling a reflected Table back into DDL.
#include <algorithm>
#include <string>
#include <vector>

#include "fixtures.hpp"

using namespace retort;
using namespace retort::it;

namespace {

bool has(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

/// A parent and a child carrying every kind of constraint.
struct Family {
    MetaData meta;
    Table parent{meta, "it_ref_parent", Column{"id", Integer{}, primary_key()},
                 Column{"code", String{10}, not_null()},
                 UniqueConstraint{{"code"}, "uq_it_ref_parent_code"}};
    Table child{meta,
                "it_ref_child",
                Column{"id", Integer{}, primary_key()},
                Column{"parent_id", Integer{},
                       ForeignKey{"it_ref_parent.id",
                                  {.name = "fk_it_ref_child_parent",
                                   .on_delete = ReferentialAction::Cascade}},
                       not_null()},
                Column{"name", String{40}, not_null(), comment("the display name")},
                Column{"qty", Integer{}, server_default(literal_column("7"))},
                Column{"price", Numeric{10, 2}},
                Column{"body", Text{}},
                Column{"at", DateTime{}},
                Column{"day", Date{}},
                Column{"ratio", Double{}},
                Column{"big", BigInteger{}},
                Column{"data", LargeBinary{}},
                UniqueConstraint{{"parent_id", "name"}, "uq_it_ref_child_parent_name"},
                CheckConstraint{"qty >= 0", "ck_it_ref_child_qty"},
                Index{"ix_it_ref_child_name", {"name"}},
                TableComment{"children of parents"}};
    Engine engine = test_engine();
    Schema schema{engine, meta};
    Connection conn = engine.connect();

    ReflectedTable reflect_child() {
        auto tables = conn.reflect(ReflectionRequest{{}, {"it_ref_child"}});
        REQUIRE(tables.size() == 1);
        return tables.front();
    }
};

const ReflectedColumn& column_named(const ReflectedTable& t, const std::string& name) {
    for (const auto& c : t.columns)
        if (c.name == name) return c;
    FAIL("no reflected column " << name);
    std::abort();
}

}  // namespace

TEST_CASE("schema: create_all and drop_all with checkfirst, twice in a row") {
    REQUIRE_DATABASE();
    MetaData meta;
    Table a{meta, "it_ddl_a", Column{"id", Integer{}, primary_key()}};
    Table b{meta, "it_ddl_b", Column{"id", Integer{}, primary_key()},
            Column{"a_id", Integer{}, ForeignKey{"it_ddl_a.id"}}};
    auto engine = test_engine();
    Schema schema(engine, meta);  // create_all
    engine.create_all(meta);      // everything exists: nothing to do
    auto conn = engine.connect();
    auto names = conn.table_names();
    CHECK(has(names, "it_ddl_a"));
    CHECK(has(names, "it_ddl_b"));
    conn.close();
    engine.drop_all(meta);
    engine.drop_all(meta);  // nothing left: nothing to do
    conn = engine.connect();
    names = conn.table_names();
    CHECK_FALSE(has(names, "it_ddl_a"));
    CHECK_FALSE(has(names, "it_ddl_b"));
}

TEST_CASE("schema: without checkfirst, creating an existing table is a ProgrammingError") {
    REQUIRE_DATABASE();
    MetaData meta;
    Table a{meta, "it_ddl_exists", Column{"id", Integer{}, primary_key()}};
    auto engine = test_engine();
    Schema schema(engine, meta);
    auto e = expect_throw<ProgrammingError>([&] { engine.create_all(meta, false); });
    // PostgreSQL 42P07 duplicate_table; MariaDB 1050; SQLite "table ... already exists".
    CHECK(contains(e.what(), "it_ddl_exists"));
    if (is_postgresql()) CHECK(e.sqlstate() == "42P07");
    if (is_mysql()) CHECK(e.native_code() == 1050);
}

TEST_CASE("schema: without checkfirst, dropping a missing table is a ProgrammingError") {
    REQUIRE_DATABASE();
    MetaData meta;
    Table a{meta, "it_ddl_missing", Column{"id", Integer{}, primary_key()}};
    auto engine = test_engine();
    engine.drop_all(meta);
    auto e = expect_throw<ProgrammingError>([&] { engine.drop_all(meta, false); });
    CHECK(contains(e.what(), "it_ddl_missing"));
}

TEST_CASE("schema: create_all orders tables by foreign key whatever the declaration order") {
    REQUIRE_DATABASE();
    MetaData meta;
    Table lines{meta, "it_ddl_lines", Column{"id", Integer{}, primary_key()},
                Column{"head_id", Integer{}, ForeignKey{"it_ddl_heads.id"}, not_null()}};
    Table heads{meta, "it_ddl_heads", Column{"id", Integer{}, primary_key(), autoincrement(false)}};
    auto engine = test_engine();
    Schema schema(engine, meta);
    auto conn = engine.connect();
    conn.execute(insert(heads).values({{"id", 1}}));
    conn.execute(insert(lines).values({{"head_id", 1}}));
    CHECK(count_rows(conn, lines) == 1);
}

TEST_CASE("schema: create_all creates indexes from index() and unique()") {
    REQUIRE_DATABASE();
    MetaData meta;
    Table people{meta, "it_people", Column{"id", Integer{}, primary_key()},
                 Column{"last_name", String{40}, index()}, Column{"email", String{80}, unique()}};
    auto engine = test_engine();
    Schema schema(engine, meta);
    auto conn = engine.connect();
    auto t = conn.reflect(ReflectionRequest{{}, {"it_people"}}).at(0);
    auto index = std::find_if(t.indexes.begin(), t.indexes.end(), [](const ReflectedIndex& i) {
        return i.name == "ix_it_people_last_name";
    });
    REQUIRE(index != t.indexes.end());
    CHECK(index->columns == std::vector<std::string>{"last_name"});
    CHECK_FALSE(index->unique);
    conn.execute(insert(people).values({{"last_name", "x"}, {"email", "a@x.org"}}));
    expect_throw<IntegrityError>([&] {
        conn.execute(insert(people).values({{"last_name", "y"}, {"email", "a@x.org"}}));
    });
}

TEST_CASE("schema: table_names() lists the tables of the default schema") {
    REQUIRE_DATABASE();
    Shop s;
    auto names = s.conn.table_names();
    CHECK(has(names, "it_users"));
    CHECK(has(names, "it_orders"));
    CHECK_FALSE(has(names, "it_no_such_table"));
}

TEST_CASE("schema: reflection reads columns, types, nullability and defaults") {
    REQUIRE_DATABASE();
    Family f;
    auto t = f.reflect_child();
    CHECK(t.name == "it_ref_child");
    std::vector<std::string> names;
    for (const auto& c : t.columns)
        names.push_back(c.name);
    CHECK(names == std::vector<std::string>{"id", "parent_id", "name", "qty", "price", "body", "at",
                                            "day", "ratio", "big", "data"});
    CHECK(column_named(t, "id").type.kind == TypeKind::Integer);
    CHECK(column_named(t, "id").autoincrement);
    CHECK_FALSE(column_named(t, "id").nullable);
    CHECK(column_named(t, "name").type.kind == TypeKind::String);
    CHECK(column_named(t, "name").type.length == 40);
    CHECK_FALSE(column_named(t, "name").nullable);
    CHECK(column_named(t, "qty").nullable);
    REQUIRE(column_named(t, "qty").default_sql);
    CHECK(contains(*column_named(t, "qty").default_sql, "7"));
    CHECK_FALSE(column_named(t, "price").default_sql);
    CHECK(column_named(t, "price").type.kind == TypeKind::Numeric);
    CHECK(column_named(t, "price").type.precision == 10);
    CHECK(column_named(t, "price").type.scale == 2);
    CHECK(column_named(t, "body").type.kind == TypeKind::Text);
    CHECK(column_named(t, "at").type.kind == TypeKind::DateTime);
    CHECK(column_named(t, "day").type.kind == TypeKind::Date);
    CHECK(column_named(t, "ratio").type.kind == TypeKind::Double);
    CHECK(column_named(t, "big").type.kind == TypeKind::BigInteger);
    CHECK(column_named(t, "data").type.kind == TypeKind::LargeBinary);
    CHECK_FALSE(column_named(t, "name").native_type.empty());
}

TEST_CASE("schema: reflection reads the primary key, foreign keys and their actions") {
    REQUIRE_DATABASE();
    Family f;
    auto t = f.reflect_child();
    CHECK(t.primary_key == std::vector<std::string>{"id"});
    REQUIRE(t.foreign_keys.size() == 1);
    const auto& fk = t.foreign_keys.front();
    CHECK(fk.name == "fk_it_ref_child_parent");
    CHECK(fk.columns == std::vector<std::string>{"parent_id"});
    CHECK(fk.referred_table == "it_ref_parent");
    CHECK(fk.referred_columns == std::vector<std::string>{"id"});
    CHECK(fk.on_delete == ReferentialAction::Cascade);
}

TEST_CASE("schema: reflection reads unique constraints, indexes and checks") {
    REQUIRE_DATABASE();
    Family f;
    auto t = f.reflect_child();
    auto unique = std::find_if(
        t.unique_constraints.begin(), t.unique_constraints.end(),
        [](const ReflectedConstraint& u) { return u.name == "uq_it_ref_child_parent_name"; });
    REQUIRE(unique != t.unique_constraints.end());
    CHECK(unique->columns == std::vector<std::string>{"parent_id", "name"});
    auto index = std::find_if(t.indexes.begin(), t.indexes.end(), [](const ReflectedIndex& i) {
        return i.name == "ix_it_ref_child_name";
    });
    REQUIRE(index != t.indexes.end());
    CHECK(index->columns == std::vector<std::string>{"name"});
    CHECK_FALSE(index->unique);
    auto check = std::find_if(t.check_constraints.begin(), t.check_constraints.end(),
                              [](const ReflectedConstraint& c) { return contains(c.sql, "qty"); });
    REQUIRE(check != t.check_constraints.end());
    CHECK(contains(check->sql, "0"));
    CHECK(check->name == "ck_it_ref_child_qty");
}

TEST_CASE("schema: reflection reads comments on PostgreSQL and MariaDB") {
    REQUIRE_DATABASE();
    Family f;
    auto t = f.reflect_child();
    // SQLite has no comments; the dialect leaves them out of its DDL.
    CHECK(t.comment == (is_sqlite() ? "" : "children of parents"));
    CHECK(column_named(t, "name").comment == (is_sqlite() ? "" : "the display name"));
    CHECK(column_named(t, "qty").comment.empty());
}

TEST_CASE("schema: reflect() without names returns every table") {
    REQUIRE_DATABASE();
    Family f;
    auto tables = f.conn.reflect();
    std::vector<std::string> names;
    for (const auto& t : tables)
        names.push_back(t.name);
    CHECK(has(names, "it_ref_parent"));
    CHECK(has(names, "it_ref_child"));
}

TEST_CASE("schema: reflecting a missing table is an ArgumentError naming it") {
    REQUIRE_DATABASE();
    auto engine = test_engine();
    auto conn = engine.connect();
    MetaData meta;
    auto e = expect_throw<ArgumentError>([&] { conn.reflect_table(meta, "it_no_such_table"); });
    CHECK(contains(e.what(), "it_no_such_table"));
}

TEST_CASE("schema: a reflected Table compiles back and recreates a working schema") {
    REQUIRE_DATABASE();
    Family f;
    MetaData reflected;
    Table parent = f.conn.reflect_table(reflected, "it_ref_parent");
    Table child = f.conn.reflect_table(reflected, "it_ref_child");
    CHECK(child.c("name").type().kind == TypeKind::String);
    CHECK(child.table_node().foreign_keys().size() == 1);
    std::string ddl = compile(create_table(child), f.engine.dialect()).sql();
    CHECK(contains(ddl, "CREATE TABLE"));
    CHECK(contains(ddl, "it_ref_child"));
    CHECK(contains(ddl, "REFERENCES"));
    CHECK(contains(ddl, "ON DELETE CASCADE"));
    CHECK(contains(ddl, "uq_it_ref_child_parent_name"));
    // Drop the original tables and create them again from the reflection.
    f.conn.close();
    f.engine.drop_all(f.meta);
    f.engine.create_all(reflected);
    auto conn = f.engine.connect();
    conn.execute(insert(parent).values({{"id", 1}, {"code", "p1"}}));
    conn.execute(insert(child).values({{"id", 1}, {"parent_id", 1}, {"name", "c1"}}));
    CHECK(conn.execute(select(child.c("qty"))).scalar_one<int>() == 7);  // the server default
    expect_throw<IntegrityError>([&] {
        conn.execute(insert(child).values({{"id", 2}, {"parent_id", 9}, {"name", "x"}}));
    });
    expect_throw<IntegrityError>([&] {
        conn.execute(insert(parent).values({{"id", 2}, {"code", "p1"}}));
    });
    conn.execute(delete_(parent).where(parent.c("id") == 1));
    CHECK(count_rows(conn, child) == 0);  // ON DELETE CASCADE came back too
}

TEST_CASE("schema: identifiers that need quoting work in DDL, DML and reflection") {
    REQUIRE_DATABASE();
    MetaData meta;
    Table odd{meta,
              "it Odd Table",
              Column{"id", Integer{}, primary_key(), autoincrement(false)},
              Column{"select", String{10}},
              Column{"MixedCase", Integer{}},
              Column{"with\"quote", String{10}},
              Column{"back`tick", String{10}}};
    auto engine = test_engine();
    Schema schema(engine, meta);
    auto conn = engine.connect();
    conn.execute(insert(odd).values(
        {{"id", 1}, {"select", "s"}, {"MixedCase", 5}, {"with\"quote", "q"}, {"back`tick", "b"}}));
    auto row = conn.execute(select(odd).where(odd.c("MixedCase") == 5)).one();
    CHECK(row.get<std::string>("select") == "s");
    CHECK(row.get<std::string>("with\"quote") == "q");
    CHECK(row.get<std::string>("back`tick") == "b");
    CHECK(has(conn.table_names(), "it Odd Table"));
    auto t = conn.reflect(ReflectionRequest{{}, {"it Odd Table"}}).at(0);
    REQUIRE(t.columns.size() == 5);
    CHECK(t.columns[2].name == "MixedCase");
    CHECK(t.columns[3].name == "with\"quote");
}

TEST_CASE("schema: an Enum column is created, reflected and dropped with its type") {
    REQUIRE_DATABASE();
    MetaData meta;
    Table moods{meta, "it_moods", Column{"id", Integer{}, primary_key()},
                Column{"mood", Enum{"it_mood_kind", {"sad", "ok", "happy"}}, not_null()}};
    auto engine = test_engine();
    {
        Schema schema(engine, meta);
        auto conn = engine.connect();
        conn.execute(insert(moods).values({{"mood", "ok"}}));
        auto t = conn.reflect(ReflectionRequest{{}, {"it_moods"}}).at(0);
        const auto& mood = column_named(t, "mood");
        if (is_sqlite()) {
            // A VARCHAR with a CHECK constraint on SQLite.
            CHECK(mood.type.kind == TypeKind::String);
        } else {
            CHECK(mood.type.kind == TypeKind::Enum);
            REQUIRE(mood.type.enumeration);
            CHECK(mood.type.enumeration->labels == std::vector<std::string>{"sad", "ok", "happy"});
        }
    }
    // drop_all dropped the PostgreSQL type too: creating everything again works.
    Schema again(engine, meta);
    auto conn = engine.connect();
    CHECK(count_rows(conn, moods) == 0);
}
