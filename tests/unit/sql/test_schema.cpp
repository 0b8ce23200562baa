// Schema objects: MetaData, Table, Column options, constraints, indexes and their errors, and
// the foreign-key dependency order of MetaData::sorted_tables().
#include "tables.hpp"

using namespace retort;
using retort::test::check_dialects;
using retort::test::error_message;
using retort::test::SqlTables;

namespace {
std::vector<std::string> names(const std::vector<Table>& tables) {
    std::vector<std::string> out;
    for (const auto& t : tables)
        out.push_back(t.name());
    return out;
}
}  // namespace

TEST_CASE("a Table registers with its MetaData and is found by name") {
    SqlTables t;
    CHECK(t.meta.has_table("users"));
    CHECK_FALSE(t.meta.has_table("nope"));
    CHECK(names(t.meta.tables()) == std::vector<std::string>{"users", "orders"});
    Table again = t.meta.table("users");
    CHECK(&again.table_node() == &t.users.table_node());
    auto message = error_message<ArgumentError>([&] { (void)t.meta.table("nope"); });
    CHECK(message == "MetaData has no table named 'nope' (tables: users, orders)");
    MetaData empty;
    message = error_message<ArgumentError>([&] { (void)empty.table("x"); });
    CHECK(message.find("(tables: none)") != std::string::npos);
}

TEST_CASE("columns keep their order, names and types") {
    SqlTables t;
    auto columns = t.users.columns();
    REQUIRE(columns.size() == 4);
    CHECK(columns[0].name() == "id");
    CHECK(columns[3].name() == "age");
    CHECK(t.name.type() == SqlType(String{50}));
    CHECK(t.orders.c("amount").type() == SqlType(Numeric{10, 2}));
    CHECK(t.users.has_column("email"));
    CHECK_FALSE(t.users.has_column("Email"));
    CHECK(t.id.column_node().parent() == &t.users.table_node());
    CHECK(t.age.column_node().position() == 3);
}

TEST_CASE("every generic type keeps its parameters") {
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
              Column{"h", String{20}},
              Column{"i", Text{}},
              Column{"j", Date{}},
              Column{"k", DateTime{true}},
              Column{"l", Time{}},
              Column{"m", Interval{}},
              Column{"n", LargeBinary{16}},
              Column{"o", JSON{}},
              Column{"p", UUID{}},
              Column{"q", Enum{"mood", {"sad", "ok"}}}};
    CHECK(all.c("a").type().is_integer());
    CHECK(all.c("c").type().is_integer());
    CHECK(all.c("g").type().precision == 10);
    CHECK(all.c("g").type().scale == 2);
    CHECK(all.c("g").type().is_numeric());
    CHECK(all.c("h").type().length == 20);
    CHECK(all.c("h").type().is_string());
    CHECK(all.c("q").type().is_string());
    CHECK(all.c("k").type().timezone);
    CHECK(all.c("n").type().length == 16);
    CHECK(all.c("q").type().enumeration->labels == std::vector<std::string>{"sad", "ok"});
    CHECK(all.c("g").type().to_string() == "Numeric(10, 2)");
    CHECK(all.c("h").type().to_string() == "String(20)");
    CHECK(all.c("k").type().to_string() == "DateTime(timezone=true)");
    CHECK(all.c("q").type().to_string() == "Enum(mood)");
    CHECK(all.c("p").type().to_string() == "UUID");
    CHECK(SqlType(Enum{"mood", {"sad", "ok"}}) == all.c("q").type());
    CHECK(SqlType(Enum{"mood", {"ok", "sad"}}) != all.c("q").type());
}

TEST_CASE("an unknown column name is an ArgumentError naming the table, the name and the columns") {
    SqlTables t;
    auto message = error_message<ArgumentError>([&] { (void)t.users.c("nmae"); });
    CHECK(message == "Table 'users' has no column named 'nmae' (columns: id, name, email, age)");
}

TEST_CASE("an unknown column of an alias names the alias") {
    SqlTables t;
    auto u = t.users.alias("u");
    auto message = error_message<ArgumentError>([&] { (void)u.c("nmae"); });
    CHECK(message.find("Alias 'u'") != std::string::npos);
    CHECK(message.find("'nmae'") != std::string::npos);
}

TEST_CASE("a column named twice in a table is an ArgumentError") {
    MetaData meta;
    auto message = error_message<ArgumentError>([&] {
        Table t{meta, "t", Column{"a", Integer{}}, Column{"a", Text{}}};
    });
    CHECK(message == "Column 'a' is specified twice in table 't'");
    CHECK_FALSE(meta.has_table("t"));
}

TEST_CASE("a table defined twice in one MetaData is an ArgumentError") {
    SqlTables t;
    auto message = error_message<ArgumentError>([&] {
        Table again{t.meta, "users", Column{"x", Integer{}}};
    });
    CHECK(message == "Table 'users' is already defined for this MetaData");
    // The same name in another schema is another table.
    Table other{t.meta, "users", TableSchema{"archive"}, Column{"x", Integer{}}};
    CHECK(t.meta.has_table("archive.users"));
    CHECK(t.meta.table("archive.users").schema() == "archive");
}

TEST_CASE("a table needs a name and a column") {
    MetaData meta;
    CHECK(error_message<ArgumentError>([&] {
              Table t{meta, "", Column{"a", Integer{}}};
          }).find("needs a name") != std::string::npos);
    CHECK(error_message<ArgumentError>([&] {
              Table t{meta, "t"};
          }) == "Table 't' needs at least one column");
}

TEST_CASE("a column of one table cannot be a column definition of another") {
    SqlTables t;
    auto message = error_message<ArgumentError>([&] {
        Table copy{t.meta, "copy", t.users.c("id")};
    });
    CHECK(message.find("Column 'id' already belongs to table 'users'") != std::string::npos);
}

TEST_CASE("primary_key() on several columns forms a composite key") {
    MetaData meta;
    Table t{meta, "pairs", Column{"a", Integer{}, primary_key()},
            Column{"b", String{5}, primary_key()}, Column{"c", Integer{}}};
    auto pk = t.primary_key();
    REQUIRE(pk.size() == 2);
    CHECK(pk[0].name() == "a");
    CHECK(pk[1].name() == "b");
    CHECK(t.table_node().autoincrement_column() == nullptr);
    CHECK_FALSE(t.c("a").column_node().schema().is_nullable());
    CHECK(t.c("c").column_node().schema().is_nullable());
}

TEST_CASE("a PrimaryKeyConstraint wins over column flags and can be named") {
    MetaData meta;
    Table t{meta,
            "t",
            Column{"a", Integer{}, primary_key()},
            Column{"b", Integer{}},
            Column{"c", Integer{}},
            PrimaryKeyConstraint{{"c", "b"}, "pk_t"}};
    auto pk = t.primary_key();
    REQUIRE(pk.size() == 2);
    CHECK(pk[0].name() == "c");
    CHECK(pk[1].name() == "b");
    CHECK(t.table_node().primary_key_name() == "pk_t");
    CHECK_FALSE(t.c("a").column_node().schema().primary_key);
    auto message = error_message<ArgumentError>([&] {
        Table u{meta, "u", Column{"a", Integer{}}, PrimaryKeyConstraint{{"a"}},
                PrimaryKeyConstraint{{"a"}}};
    });
    CHECK(message.find("more than one PrimaryKeyConstraint") != std::string::npos);
}

TEST_CASE("nullability: primary keys are NOT NULL unless told, not_null() and nullable()") {
    MetaData meta;
    Table t{meta,
            "t",
            Column{"id", Integer{}, primary_key()},
            Column{"a", Integer{}, not_null()},
            Column{"b", Integer{}, nullable()},
            Column{"c", Integer{}},
            Column{"d", Integer{}, nullable(false)}};
    CHECK_FALSE(t.c("id").column_node().schema().is_nullable());
    CHECK_FALSE(t.c("a").column_node().schema().is_nullable());
    CHECK(t.c("b").column_node().schema().is_nullable());
    CHECK(t.c("c").column_node().schema().is_nullable());
    CHECK_FALSE(t.c("d").column_node().schema().is_nullable());
}

TEST_CASE("the autoincrement column follows SQLAlchemy's rule") {
    MetaData meta;
    Table plain{meta, "plain", Column{"id", Integer{}, primary_key()}};
    Table big{meta, "big", Column{"id", BigInteger{}, primary_key()}};
    Table text_key{meta, "text_key", Column{"id", String{10}, primary_key()}};
    Table defaulted{meta, "defaulted", Column{"id", Integer{}, primary_key(), default_value(5)}};
    Table server{meta, "server", Column{"id", Integer{}, primary_key(), server_default(5)}};
    Table off{meta, "off", Column{"id", Integer{}, primary_key(), autoincrement(false)}};
    Table fk{meta, "fk", Column{"id", Integer{}, primary_key(), ForeignKey{"plain.id"}}};
    Table composite{meta, "composite", Column{"a", Integer{}, primary_key(), autoincrement()},
                    Column{"b", Integer{}, primary_key()}};
    Table ident{meta, "ident", Column{"id", Integer{}, primary_key(), identity()}};
    CHECK(plain.table_node().autoincrement_column() == &plain.c("id").column_node());
    CHECK(big.table_node().autoincrement_column() != nullptr);
    CHECK(text_key.table_node().autoincrement_column() == nullptr);
    CHECK(defaulted.table_node().autoincrement_column() == nullptr);
    CHECK(server.table_node().autoincrement_column() == nullptr);
    CHECK(off.table_node().autoincrement_column() == nullptr);
    CHECK(fk.table_node().autoincrement_column() == nullptr);
    CHECK(composite.table_node().autoincrement_column() == &composite.c("a").column_node());
    CHECK(ident.table_node().autoincrement_column() != nullptr);
}

TEST_CASE("column options are recorded in the column's schema") {
    MetaData meta;
    int calls = 0;
    Table t{
        meta,
        "t",
        Column{"id", Integer{}, primary_key(), Sequence{"t_id_seq", 100, 5}},
        Column{"a", Integer{}, default_value(7), onupdate(8)},
        Column{"b", String{36}, default_value([&] { return Value(std::to_string(++calls)); })},
        Column{"c", DateTime{}, default_expression(func.now()), onupdate_expression(func.now())},
        Column{"d", Integer{}, server_default(3), comment("the d"), unique(), index()},
        Column{"e", String{10}, collation("C"), identity({.always = true, .start = 2})}};
    const auto& id = t.c("id").column_node().schema();
    REQUIRE(id.sequence);
    CHECK(id.sequence->name == "t_id_seq");
    CHECK(*id.sequence->start == 100);
    CHECK(*id.sequence->increment == 5);
    const auto& a = t.c("a").column_node().schema();
    CHECK(a.default_value->kind == ColumnDefault::Kind::Value);
    CHECK(a.default_value->value == Value(7));
    CHECK(a.onupdate->value == Value(8));
    const auto& b = t.c("b").column_node().schema();
    CHECK(b.default_value->kind == ColumnDefault::Kind::Callable);
    CHECK(b.default_value->callable() == Value("1"));
    CHECK(b.default_value->callable() == Value("2"));
    const auto& c = t.c("c").column_node().schema();
    CHECK(c.default_value->kind == ColumnDefault::Kind::Expression);
    CHECK(c.onupdate->kind == ColumnDefault::Kind::Expression);
    const auto& d = t.c("d").column_node().schema();
    CHECK(d.server_default != nullptr);
    CHECK(d.comment == "the d");
    CHECK(d.unique);
    CHECK(d.index);
    const auto& e = t.c("e").column_node().schema();
    CHECK(e.collation == "C");
    CHECK(e.identity->always);
    CHECK(*e.identity->start == 2);
}

TEST_CASE("unique() makes a single-column UNIQUE constraint; with index() a unique index instead") {
    MetaData meta;
    Table t{meta,
            "t",
            Column{"a", Integer{}, unique()},
            Column{"b", Integer{}, unique(), index()},
            Column{"c", Integer{}, index()},
            UniqueConstraint{{"a", "c"}, "uq_ac"}};
    const auto& uniques = t.table_node().unique_constraints();
    REQUIRE(uniques.size() == 2);
    CHECK(uniques[0].name.empty());
    CHECK(uniques[0].columns == std::vector<const ColumnNode*>{&t.c("a").column_node()});
    CHECK(uniques[1].name == "uq_ac");
    CHECK(uniques[1].columns.size() == 2);
    auto indexes = t.indexes();
    REQUIRE(indexes.size() == 2);
    CHECK(indexes[0].name() == "ix_t_b");
    CHECK(indexes[0].options().unique);
    CHECK(indexes[1].name() == "ix_t_c");
    CHECK_FALSE(indexes[1].options().unique);
}

TEST_CASE("check constraints, named or not") {
    MetaData meta;
    Table t{meta, "t", Column{"a", Integer{}}, CheckConstraint{"a > 0", "ck_positive"},
            CheckConstraint{"a < 100"}};
    const auto& checks = t.table_node().check_constraints();
    REQUIRE(checks.size() == 2);
    CHECK(checks[0].name == "ck_positive");
    CHECK(checks[0].sql == "a > 0");
    CHECK(checks[1].name.empty());
    auto message = error_message<ArgumentError>([&] {
        Table u{meta, "u", Column{"a", Integer{}}, CheckConstraint{""}};
    });
    CHECK(message.find("CheckConstraint needs a condition") != std::string::npos);
}

TEST_CASE("constraints naming unknown columns are ArgumentErrors naming table and column") {
    MetaData meta;
    CHECK(error_message<ArgumentError>([&] {
              Table t{meta, "t1", Column{"a", Integer{}}, PrimaryKeyConstraint{{"b"}}};
          }) == "PrimaryKeyConstraint on table 't1' names unknown column 'b'");
    CHECK(error_message<ArgumentError>([&] {
              Table t{meta, "t2", Column{"a", Integer{}}, UniqueConstraint{{"a", "zz"}}};
          }) == "UniqueConstraint on table 't2' names unknown column 'zz'");
    CHECK(error_message<ArgumentError>([&] {
              Table t{meta, "t3", Column{"a", Integer{}}, Index{"ix", {"q"}}};
          }) == "Index on table 't3' names unknown column 'q'");
    CHECK(
        error_message<ArgumentError>([&] {
            Table t{meta, "t4", Column{"a", Integer{}}, ForeignKeyConstraint{{"b"}, {"users.id"}}};
        }) == "ForeignKeyConstraint on table 't4' names unknown column 'b'");
    CHECK(meta.tables().empty());
}

TEST_CASE("column ForeignKey and ForeignKeyConstraint with ON DELETE / ON UPDATE") {
    MetaData meta;
    Table parent{meta, "parent", Column{"a", Integer{}, primary_key()},
                 Column{"b", Integer{}, primary_key()}};
    Table child{meta,
                "child",
                Column{"id", Integer{}, primary_key()},
                Column{"pa", Integer{}},
                Column{"pb", Integer{}},
                Column{"owner", Integer{},
                       ForeignKey{"parent.a", {.on_delete = ReferentialAction::Cascade}}},
                ForeignKeyConstraint{{"pa", "pb"},
                                     {"parent.a", "parent.b"},
                                     {.name = "fk_child_parent",
                                      .on_delete = ReferentialAction::SetNull,
                                      .on_update = ReferentialAction::Restrict}}};
    const auto& fks = child.table_node().foreign_keys();
    REQUIRE(fks.size() == 2);
    CHECK(fks[0].columns == std::vector<const ColumnNode*>{&child.c("owner").column_node()});
    CHECK(fks[0].target_table == "parent");
    CHECK(fks[0].options.on_delete == ReferentialAction::Cascade);
    CHECK(fks[1].name == "fk_child_parent");
    CHECK(fks[1].target_columns == std::vector<std::string>{"a", "b"});
    CHECK(fks[1].options.on_update == ReferentialAction::Restrict);
    auto resolved = child.table_node().resolve(fks[1]);
    CHECK(resolved == std::vector<const ColumnNode*>{&parent.c("a").column_node(),
                                                     &parent.c("b").column_node()});
    CHECK(referential_action_sql(ReferentialAction::SetDefault) == "SET DEFAULT");
    CHECK(referential_action_sql(ReferentialAction::NoAction) == "NO ACTION");
}

TEST_CASE("a ForeignKey may name a table defined later, and can be built from a Column") {
    MetaData meta;
    Table child{meta, "child", Column{"id", Integer{}, primary_key()},
                Column{"parent_id", Integer{}, ForeignKey{"parent.id"}}};
    Table parent{meta, "parent", Column{"id", Integer{}, primary_key()}};
    auto resolved = child.table_node().resolve(child.table_node().foreign_keys()[0]);
    CHECK(resolved[0] == &parent.c("id").column_node());
    Table other{meta, "other", Column{"p", Integer{}, ForeignKey{parent.c("id")}}};
    CHECK(other.table_node().foreign_keys()[0].targets[0] == "parent.id");
}

TEST_CASE("foreign key resolution errors name the table and the missing target") {
    MetaData meta;
    Table users{meta, "users", Column{"id", Integer{}, primary_key()}};
    Table a{meta, "a", Column{"x", Integer{}, ForeignKey{"nope.id"}}};
    Table b{meta, "b", Column{"x", Integer{}, ForeignKey{"users.nope"}}};
    CHECK(error_message<ArgumentError>(
              [&] { (void)a.table_node().resolve(a.table_node().foreign_keys()[0]); }) ==
          "Foreign key on table 'a' references table 'nope', which is not defined in this "
          "table's MetaData");
    CHECK(error_message<ArgumentError>(
              [&] { (void)b.table_node().resolve(b.table_node().foreign_keys()[0]); }) ==
          "Foreign key on table 'b' references column 'nope', which table 'users' does not have");
    // Joining through the broken key reports the same.
    auto message = error_message<ArgumentError>([&] { (void)select(b.c("x")).join(users); });
    CHECK(message.find("references column 'nope'") != std::string::npos);
}

TEST_CASE("malformed foreign keys are ArgumentErrors") {
    MetaData meta;
    CHECK(error_message<ArgumentError>([&] {
              Table t{meta, "t1", Column{"x", Integer{}, ForeignKey{"usersid"}}};
          }).find("must be \"table.column\"") != std::string::npos);
    CHECK(error_message<ArgumentError>([&] {
              Table t{meta, "t2", Column{"x", Integer{}},
                      ForeignKeyConstraint{{"x"}, {"a.id", "a.b"}}};
          }).find("needs as many target columns as local columns") != std::string::npos);
    CHECK(error_message<ArgumentError>([&] {
              Table t{meta, "t3", Column{"x", Integer{}}, Column{"y", Integer{}},
                      ForeignKeyConstraint{{"x", "y"}, {"a.id", "b.id"}}};
          }).find("references more than one table ('a' and 'b')") != std::string::npos);
}

TEST_CASE("indexes: single, unique, multi-column, partial, and looked up by name") {
    MetaData meta;
    Table t{meta,
            "t",
            Column{"a", Integer{}},
            Column{"b", Integer{}},
            Index{"ix_ab", {"a", "b"}, {.unique = true}},
            Index{"ix_b_partial", {"b"}, {.where = literal_column("a > 5")}}};
    Index ab = t.index("ix_ab");
    CHECK(ab.column_names() == std::vector<std::string>{"a", "b"});
    CHECK(ab.options().unique);
    CHECK(ab.definition()->table == &t.table_node());
    Index partial = t.index("ix_b_partial");
    CHECK_FALSE(partial.options().unique);
    CHECK(partial.definition()->where != nullptr);
    auto message = error_message<ArgumentError>([&] { (void)t.index("ix_zz"); });
    CHECK(message == "Table 't' has no index named 'ix_zz'");
    CHECK(error_message<ArgumentError>([] { Index i("", {"a"}); }).find("needs a name") !=
          std::string::npos);
    CHECK(error_message<ArgumentError>([&] {
              Table u{meta, "u", Column{"a", Integer{}}, Index{"ix_none", {}}};
          }).find("needs columns") != std::string::npos);
}

TEST_CASE("a functional index with Index::on finds its table; mixing tables is an error") {
    SqlTables t;
    Index lower = Index::on("ix_lower_name", {func.lower(t.name)});
    CHECK(lower.definition()->table == &t.users.table_node());
    CHECK(error_message<ArgumentError>([&] {
              (void)Index::on("ix_mixed", {t.name, t.orders.c("note")});
          }).find("more than one table") != std::string::npos);
    CHECK(error_message<ArgumentError>([&] {
              (void)Index::on("ix_nothing", {literal_column("1")});
          }).find("does not refer to any table column") != std::string::npos);
    CHECK(error_message<ArgumentError>([&] {
              (void)Index::on("ix_empty", {});
          }).find("needs columns or expressions") != std::string::npos);
}

TEST_CASE("table options, comment and schema are kept") {
    MetaData meta;
    Table t{meta,
            "t",
            TableSchema{"app"},
            Column{"id", Integer{}, primary_key()},
            TableComment{"the t"},
            TableOption{"mysql_engine", "InnoDB"},
            TableOption{"sqlite_autoincrement", "true"}};
    CHECK(t.schema() == "app");
    CHECK(t.table_node().key() == "app.t");
    CHECK(t.table_node().comment() == "the t");
    CHECK(t.table_node().option("mysql_engine") == "InnoDB");
    CHECK(t.table_node().option("sqlite_autoincrement") == "true");
    CHECK(t.table_node().option("mysql_charset").empty());
    CHECK(meta.has_table("app.t"));
    CHECK_FALSE(meta.has_table("t"));
}

TEST_CASE("sorted_tables puts parents before children, keeping definition order otherwise") {
    MetaData meta;
    Table c{meta, "c", Column{"id", Integer{}, primary_key()},
            Column{"b_id", Integer{}, ForeignKey{"b.id"}}};
    Table b{meta, "b", Column{"id", Integer{}, primary_key()},
            Column{"a_id", Integer{}, ForeignKey{"a.id"}}};
    Table a{meta, "a", Column{"id", Integer{}, primary_key()},
            Column{"parent", Integer{}, ForeignKey{"a.id"}}};
    Table d{meta, "d", Column{"id", Integer{}, primary_key()}};
    CHECK(names(meta.sorted_tables()) == std::vector<std::string>{"a", "b", "c", "d"});
    CHECK(names(meta.tables()) == std::vector<std::string>{"c", "b", "a", "d"});
}

TEST_CASE("sorted_tables with a foreign-key cycle names the tables on the cycle") {
    MetaData meta;
    Table x{meta, "x", Column{"id", Integer{}, primary_key()},
            Column{"y_id", Integer{}, ForeignKey{"y.id"}}};
    Table y{meta, "y", Column{"id", Integer{}, primary_key()},
            Column{"x_id", Integer{}, ForeignKey{"x.id"}}};
    Table z{meta, "z", Column{"id", Integer{}, primary_key()},
            Column{"x_id", Integer{}, ForeignKey{"x.id"}}};
    Table w{meta, "w", Column{"id", Integer{}, primary_key()}};
    auto message = error_message<ArgumentError>([&] { (void)meta.sorted_tables(); });
    CHECK(message ==
          "Can't sort tables by foreign key dependency: there is a cycle between tables 'x', 'y'");
}

TEST_CASE("MetaData::remove forgets a table") {
    SqlTables t;
    t.meta.remove(t.orders);
    CHECK_FALSE(t.meta.has_table("orders"));
    CHECK(names(t.meta.tables()) == std::vector<std::string>{"users"});
    Table again{t.meta, "orders", Column{"id", Integer{}}};
    CHECK(t.meta.has_table("orders"));
}

TEST_CASE("standalone table() and column() build ad-hoc statements") {
    Table t = table("ad_hoc", column("a"), column("b", Integer{}));
    check_dialects(select(t.c("a")).where(t.c("b") == 1),
                   {"SELECT ad_hoc.a FROM ad_hoc WHERE ad_hoc.b = ?", {1}},
                   {"SELECT ad_hoc.a FROM ad_hoc WHERE ad_hoc.b = $1", {1}},
                   {"SELECT ad_hoc.a FROM ad_hoc WHERE ad_hoc.b = ?", {1}});
    Column free = column("x");
    check_dialects(select(free).select_from(t), {"SELECT x FROM ad_hoc"}, {"SELECT x FROM ad_hoc"},
                   {"SELECT x FROM ad_hoc"});
}
