// The MySQL / MariaDB driver against a real server (RETORT_TEST_MYSQL_URL): value round trips,
// upserts, error classes from real failures, disconnections, executemany and reflection.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <retort/dialects/mysql.hpp>
#include <retort/dialects/mysql_backend.hpp>
#include <retort/retort.hpp>

#include "driver_support.hpp"
#include "mysql_driver.hpp"

using namespace retort;
using namespace std::chrono_literals;

namespace retort::driver_test {
const Target& target() {
    static const Target t{"RETORT_TEST_MYSQL_URL",
                          "run under tests/servers/with-servers --mysql, or point it at a MariaDB "
                          "/ MySQL test database",
                          &mysql_backend, &mariadb_dialect};
    return t;
}
}  // namespace retort::driver_test

using namespace retort::driver_test;

TEST_CASE("mysql: error numbers map onto the error hierarchy") {
    auto thrown = [](int code, std::string sqlstate = "HY000") -> std::string {
        DatabaseError::Details d;
        d.native_code = code;
        d.sqlstate = std::move(sqlstate);
        d.message = "m";
        return error_class([&] { mysql::throw_error(d); });
    };
    for (int code : {1062, 1586, 1451, 1452, 1048, 1364, 3819, 4025})
        CHECK(thrown(code) == "Integrity");
    for (int code : {1406, 1264, 1366, 1292})
        CHECK(thrown(code) == "Data");
    for (int code : {1064, 1146, 1054, 1049})
        CHECK(thrown(code) == "Programming");
    for (int code : {2006, 2013, 2055, 1927, 4031})
        CHECK(thrown(code) == "Disconnection");
    for (int code : {1205, 1213})
        CHECK(thrown(code) == "Operational+retry");
    for (int code : {1045, 2002, 2003})
        CHECK(thrown(code) == "Operational");
    CHECK(thrown(1235) == "NotSupported");
    CHECK(thrown(1105) == "Database");
    // Unknown numbers fall back on the SQLSTATE class.
    CHECK(thrown(9999, "23000") == "Integrity");
    CHECK(thrown(9999, "22001") == "Data");
    CHECK(thrown(9999, "42S02") == "Programming");
    CHECK(thrown(9999, "40001") == "Operational+retry");

    DatabaseError::Details d;
    d.native_code = 1062;
    d.sqlstate = "23000";
    d.message = "Duplicate entry";
    d.sql = "INSERT INTO t VALUES (?)";
    d.parameters = {"1"};
    auto e = expect_error<IntegrityError>([&] { mysql::throw_error(d); });
    CHECK(e.native_code() == 1062);
    CHECK(e.sqlstate() == "23000");
    CHECK(std::string(e.what()).find("[parameters: (1)]") != std::string::npos);
}

TEST_CASE("mysql: server versions and flavors") {
    auto v = mysql::parse_server_version("10.11.6-MariaDB-0+deb12u1");
    CHECK(v.mariadb);
    CHECK(v.major == 10);
    CHECK(v.minor == 11);
    CHECK(v.patch == 6);
    v = mysql::parse_server_version("5.5.5-10.3.39-MariaDB-log");
    CHECK(v.mariadb);
    CHECK(v.major == 10);
    CHECK(v.minor == 3);
    CHECK(v.patch == 39);
    v = mysql::parse_server_version("8.0.36");
    CHECK_FALSE(v.mariadb);
    CHECK(v.major == 8);
    CHECK(v.patch == 36);
    v = mysql::parse_server_version("11.4.2-MariaDB");
    CHECK(v.mariadb);
    CHECK(v.major == 11);
    CHECK(v.minor == 4);
}

TEST_CASE("mysql: native column types map onto generic types") {
    using mysql::type_from_column_type;
    CHECK(type_from_column_type("int(11)", "c") == Integer{});
    CHECK(type_from_column_type("int", "c") == Integer{});
    CHECK(type_from_column_type("bigint(20) unsigned", "c") == BigInteger{});
    CHECK(type_from_column_type("smallint(6)", "c") == SmallInteger{});
    CHECK(type_from_column_type("tinyint(1)", "c") == Boolean{});
    CHECK(type_from_column_type("float", "c") == Float{});
    CHECK(type_from_column_type("double", "c") == Double{});
    CHECK(type_from_column_type("decimal(10,2)", "c") == Numeric{10, 2});
    CHECK(type_from_column_type("varchar(50)", "c") == String{50});
    CHECK(type_from_column_type("char(32)", "c") == String{32});
    CHECK(type_from_column_type("longtext", "c") == Text{});
    CHECK(type_from_column_type("text", "c") == Text{});
    CHECK(type_from_column_type("date", "c") == Date{});
    CHECK(type_from_column_type("datetime(6)", "c") == DateTime{});
    CHECK(type_from_column_type("time(6)", "c") == Time{});
    CHECK(type_from_column_type("longblob", "c") == LargeBinary{});
    CHECK(type_from_column_type("varbinary(16)", "c") == LargeBinary{16});
    CHECK(type_from_column_type("json", "c") == JSON{});
    auto e = type_from_column_type("enum('sad','it''s','a,b')", "mood");
    REQUIRE(e.kind == TypeKind::Enum);
    CHECK(e.enumeration->labels == std::vector<std::string>{"sad", "it's", "a,b"});
}

TEST_CASE("mysql: the backend serves mysql:// and mariadb:// and picks the dialect by scheme") {
    auto b = mysql_backend();
    CHECK(b.name == "mysql");
    CHECK(b.schemes == std::vector<std::string>{"mysql", "mariadb"});
    CHECK(&*b.dialect(Url::parse("mysql://u@h/db")) == &mysql_dialect());
    CHECK(&*b.dialect(Url::parse("mariadb://u@h/db")) == &mariadb_dialect());
    CHECK(b.default_pool(Url::parse("mysql://u@h/db")) == PoolKind::Queue);
    CHECK(&find_backend(Url::parse("mariadb://u@h/db")) != nullptr);
}

TEST_CASE("mysql: connecting, server version, dialect and failures") {
    if (skip()) return;
    auto conn = open();
    CHECK(conn->ping());
    const auto version = conn->server_version();
    MESSAGE("server version: " << version);
    CHECK_FALSE(version.starts_with("5.5.5-"));
    const auto* dialect = dynamic_cast<const MySqlDialect*>(&conn->dialect());
    REQUIRE(dialect != nullptr);
    CHECK(dialect->is_mariadb() == (version.find("MariaDB") != std::string::npos));
    CHECK(scalar(*conn, "SELECT @@session.time_zone") == Value("+00:00"));
    const Value mode_value = scalar(*conn, "SELECT @@session.sql_mode");
    auto mode = mode_value.get_if<std::string>();
    REQUIRE(mode);
    CHECK(mode->find("STRICT_TRANS_TABLES") != std::string::npos);
    CHECK(scalar(*conn, "SELECT @@character_set_client") == Value("utf8mb4"));

    // A wrong password: OperationalError naming the masked URL, never the password.
    Url good = test_url();
    std::string bad_text = "mysql://" + good.username() + ":n0t-the-s3cret@" + good.host() +
                           (good.port() ? ":" + std::to_string(*good.port()) : "") + "/" +
                           good.database() + "?connect_timeout=5";
    auto e =
        expect_error<OperationalError>([&] { mysql_backend().connect(Url::parse(bad_text), {}); });
    std::string message = e.what();
    CHECK(message.find("n0t-the-s3cret") == std::string::npos);
    CHECK(message.find("***") != std::string::npos);
    CHECK(e.native_code() == 1045);

    // Nothing listening: OperationalError too.
    auto refused = expect_error<OperationalError>([&] {
        mysql_backend().connect(Url::parse("mysql://root:pw@127.0.0.1:1/x?connect_timeout=2"), {});
    });
    CHECK((refused.native_code() == 2002 || refused.native_code() == 2003));
    CHECK(std::string(refused.what()).find("pw@") == std::string::npos);

    CHECK_THROWS_AS(open("found_rows=maybe"), ArgumentError);
    CHECK_THROWS_AS(open("read_timeout=soon"), ArgumentError);
}

TEST_CASE("mysql: every value kind round-trips through the binary protocol") {
    if (skip()) return;
    auto conn = open();
    MetaData meta;
    Table t{meta,
            "rt_values",
            Column{"id", Integer{}, primary_key()},
            Column{"i", BigInteger{}},
            Column{"d", Double{}},
            Column{"b", Boolean{}},
            Column{"s", String{100}},
            Column{"txt", Text{}},
            Column{"bin", LargeBinary{}},
            Column{"num", Numeric{65, 30}},
            Column{"day", Date{}},
            Column{"ts", DateTime{}},
            Column{"tod", Time{}},
            Column{"u", UUID{}},
            Column{"j", JSON{}},
            Column{"iv", Interval{}}};
    conn->execute_script("DROP TABLE IF EXISTS rt_values");
    run(*conn, create_table(t));

    const Timestamp ts{std::chrono::sys_days{2024y / 2 / 29} + 23h + 59min + 58s + 123456us};
    const auto day = 1999y / 12 / 31;
    const TimeOfDay tod{13h + 45min + 7s + 250000us};
    const Uuid uuid = Uuid::parse("123e4567-e89b-12d3-a456-426614174000");
    const std::string unicode = "h\xC3\xA9llo w\xC3\xB6rld \xF0\x9F\x98\x80 \xE2\x82\xAC";
    const Bytes bytes{0, 1, 2, 0xff, 0xfe, '\\', 'x', 0};
    const Decimal num{"12345678901234567890123456789012345.123456789012345678901234567891"};
    const Json json{R"({"a": [1, 2, {"b": null}], "c": "\u00e9"})"};
    const IntervalValue iv{0, 2, 3723000004};

    auto ins = insert(t).values({{"id", 1},
                                 {"i", std::int64_t{-9223372036854775807LL - 1}},
                                 {"d", 0.1},
                                 {"b", true},
                                 {"s", unicode},
                                 {"txt", std::string("line\nbreak\ttab 'quote' \"dq\" \\ back")},
                                 {"bin", bytes},
                                 {"num", num},
                                 {"day", day},
                                 {"ts", ts},
                                 {"tod", tod},
                                 {"u", uuid},
                                 {"j", json},
                                 {"iv", iv}});
    CHECK(run(*conn, ins) == 1);
    // A row of NULLs.
    Run nulls(*conn,
              text("INSERT INTO rt_values (id, i, d, b, s, txt, bin, num, day, ts, tod, u, "
                   "j, iv) VALUES (:id, :n1, :n2, :n3, :n4, :n5, :n6, :n7, :n8, :n9, "
                   ":n10, :n11, :n12, :n13)"),
              Parameters{{"id", 2},
                         {"n1", nullptr},
                         {"n2", nullptr},
                         {"n3", nullptr},
                         {"n4", nullptr},
                         {"n5", nullptr},
                         {"n6", nullptr},
                         {"n7", nullptr},
                         {"n8", nullptr},
                         {"n9", nullptr},
                         {"n10", nullptr},
                         {"n11", nullptr},
                         {"n12", nullptr},
                         {"n13", nullptr}});
    CHECK(nulls->rows_affected() == 1);

    Run r(*conn, select(t).order_by(t.c("id")));
    REQUIRE(r->column_count() == 14);
    CHECK(r->column_name(4) == "s");
    REQUIRE(r->next());
    const SqlType hints[] = {Integer{}, BigInteger{},  Double{},  Boolean{}, String{},
                             Text{},    LargeBinary{}, Numeric{}, Date{},    DateTime{},
                             Time{},    UUID{},        JSON{},    Interval{}};
    CHECK(r->get_value(0, hints[0]) == Value(1));
    CHECK(r->get_value(1, hints[1]) == Value(std::int64_t{-9223372036854775807LL - 1}));
    CHECK(r->get_value(2, hints[2]) == Value(0.1));
    CHECK(r->get_value(3, hints[3]) == Value(true));
    CHECK(r->get_value(4, hints[4]) == Value(unicode));
    CHECK(r->get_value(5, hints[5]) ==
          Value(std::string("line\nbreak\ttab 'quote' \"dq\" \\ back")));
    CHECK(r->get_value(6, hints[6]) == Value(bytes));
    CHECK(r->get_value(7, hints[7]) == Value(num));
    CHECK(r->get_value(8, hints[8]) == Value(day));
    CHECK(r->get_value(9, hints[9]) == Value(ts));
    CHECK(r->get_value(10, hints[10]) == Value(tod));
    CHECK(r->get_value(11, hints[11]) == Value(uuid));
    const Value json_value = r->get_value(12, hints[12]);
    auto j = json_value.get_if<Json>();
    REQUIRE(j);
    CHECK(j->text.find("\"b\": null") != std::string::npos);
    // Days fold into microseconds: MySQL keeps an interval as BIGINT microseconds.
    CHECK(r->get_value(13, hints[13]) ==
          Value(IntervalValue{0, 0, 2 * 86400000000LL + 3723000004LL}));
    // Natural kinds without a hint, and the text forms.
    const SqlType none;
    CHECK(r->get_value(1, none).kind() == ValueKind::Integer);
    CHECK(r->get_value(6, none) == Value(bytes));
    CHECK(r->get_value(7, none) == Value(num));
    CHECK(r->get_value(8, none) == Value(day));
    CHECK(r->get_value(9, none) == Value(ts));
    CHECK(r->get_value(10, none) == Value(tod));
    CHECK(r->get_text(11) == uuid.to_hex());
    CHECK(r->get_text(9) == "2024-02-29 23:59:58.123456");
    CHECK(r->get_text(8) == "1999-12-31");
    CHECK(r->get_text(10) == "13:45:07.250000");
    CHECK(r->get_text(0) == "1");
    CHECK(r->get_int64(3) == 1);
    CHECK(r->get_double(0) == 1.0);
    CHECK_THROWS_AS(r->get_int64(4), DataError);
    CHECK_THROWS_AS(r->get_value(4, Date{}), DataError);
    CHECK_THROWS_AS(r->get_value(8, Time{}), DataError);
    REQUIRE(r->next());
    for (std::size_t i = 1; i < 14; ++i) {
        CHECK(r->is_null(i));
        CHECK(r->get_value(i, hints[i]).is_null());
    }
    CHECK_FALSE(r->next());

    // A UUID given as text to a UUID column is stored in the same 32-hex form.
    Run text_uuid(*conn,
                  text("UPDATE rt_values SET u = :u WHERE id = 2").bindparam_type("u", UUID{}),
                  Parameters{{"u", uuid.to_string()}});
    CHECK(scalar(*conn, "SELECT u FROM rt_values WHERE id = 2") == Value(uuid.to_hex()));
    // MySQL has no interval type: months cannot be stored.
    CHECK_THROWS_AS(run(*conn, text("UPDATE rt_values SET iv = :iv WHERE id = 2"),
                        Parameters{{"iv", IntervalValue{1, 0, 0}}}),
                    DataError);
    conn->execute_script("DROP TABLE rt_values");
}

TEST_CASE("mysql: large values, 4-byte unicode and times beyond a day") {
    if (skip()) return;
    auto conn = open();
    conn->execute_script(
        "DROP TABLE IF EXISTS rt_large; CREATE TABLE rt_large (id INT PRIMARY KEY, "
        "txt LONGTEXT, bin LONGBLOB, e VARCHAR(10)) DEFAULT CHARSET=utf8mb4");
    const std::string big_text = repeat("abc\xF0\x9F\x90\xB3xyz", 200000);  // ~2 MB
    Bytes big_bytes(3u << 20);
    for (std::size_t i = 0; i < big_bytes.size(); ++i)
        big_bytes[i] = static_cast<std::uint8_t>(i * 7);
    const std::string emoji = "\xF0\x9F\x98\x80\xF0\x9F\x8E\x89";  // two 4-byte characters
    run(*conn, text("INSERT INTO rt_large VALUES (:id, :t, :b, :e)"),
        {{"id", 1}, {"t", big_text}, {"b", big_bytes}, {"e", emoji}});
    run(*conn, text("INSERT INTO rt_large VALUES (:id, :t, :b, :e)"),
        {{"id", 2}, {"t", "short"}, {"b", Bytes{1, 2}}, {"e", "x"}});
    run(*conn, text("INSERT INTO rt_large VALUES (:id, :t, :b, :e)"),
        {{"id", 3}, {"t", big_text + "!"}, {"b", big_bytes}, {"e", "y"}});
    Run r(*conn, text("SELECT txt, bin, e, char_length(e) FROM rt_large ORDER BY id"));
    REQUIRE(r->next());
    CHECK(r->get_text(0).size() == big_text.size());
    CHECK(r->get_text(0) == big_text);
    CHECK(r->get_value(1, LargeBinary{}) == Value(big_bytes));
    CHECK(r->get_text(2) == emoji);
    CHECK(r->get_int64(3) == 2);
    REQUIRE(r->next());
    CHECK(r->get_text(0) == "short");
    CHECK(r->get_value(1, LargeBinary{}) == Value(Bytes{1, 2}));
    REQUIRE(r->next());
    CHECK(r->get_text(0) == big_text + "!");
    CHECK_FALSE(r->next());

    // TIME holds -838:59:59 .. 838:59:59, read as signed microseconds.
    CHECK(scalar(*conn, "SELECT CAST('-100:00:01.5' AS TIME(6))", Time{}) ==
          Value(TimeOfDay{-(100h + 1s + 500000us)}));
    CHECK(scalar(*conn, "SELECT CAST('-100:00:01.5' AS TIME(6))", String{}) ==
          Value("-100:00:01.500000"));
    // SUM() of integers is DECIMAL on MySQL, still readable as an integer.
    CHECK(scalar(*conn, "SELECT SUM(id) FROM rt_large", BigInteger{}) == Value(6));
    CHECK(scalar(*conn, "SELECT SUM(id) FROM rt_large").kind() == ValueKind::Decimal);
    CHECK(scalar(*conn, "SELECT CAST(18446744073709551615 AS UNSIGNED)") ==
          Value(Decimal{"18446744073709551615"}));
    conn->execute_script("DROP TABLE rt_large");
}

TEST_CASE("mysql: upserts report 1 inserted, 2 updated, and found_rows decides unchanged") {
    if (skip()) return;
    MetaData meta;
    Table t{meta, "rt_upsert", Column{"id", Integer{}, primary_key()}, Column{"name", String{20}}};
    auto upsert = [&](int id, const char* name) {
        return insert(t)
            .values({{"id", id}, {"name", name}})
            .on_conflict({t.c("id")})
            .do_update({{"name", excluded(t.c("name"))}});
    };
    for (bool found_rows : {true, false}) {
        CAPTURE(found_rows);
        auto conn = open(found_rows ? "" : "found_rows=false");
        conn->execute_script(
            "DROP TABLE IF EXISTS rt_upsert; CREATE TABLE rt_upsert (id INT PRIMARY KEY, "
            "name VARCHAR(20))");
        CHECK(run(*conn, upsert(1, "ed")) == 1);
        CHECK(run(*conn, upsert(1, "edward")) == 2);
        CHECK(run(*conn, upsert(1, "edward")) == (found_rows ? 1 : 0));
        // Plain UPDATE of a row to its own value: matched (1) with found_rows, else changed (0).
        CHECK(run(*conn, update(t).values({{"name", "edward"}}).where(t.c("id") == 1)) ==
              (found_rows ? 1 : 0));
        CHECK(scalar(*conn, "SELECT name FROM rt_upsert WHERE id = 1") == Value("edward"));
        conn->execute_script("DROP TABLE rt_upsert");
    }
}

TEST_CASE("mysql: real failures raise the matching error class") {
    if (skip()) return;
    auto conn = open();
    conn->execute_script(
        "DROP TABLE IF EXISTS rt_child; DROP TABLE IF EXISTS rt_parent;"
        "CREATE TABLE rt_parent (id INT PRIMARY KEY, name VARCHAR(5) NOT NULL,"
        " qty INT CHECK (qty >= 0)) ENGINE=InnoDB;"
        "CREATE TABLE rt_child (id INT PRIMARY KEY, parent_id INT,"
        " FOREIGN KEY (parent_id) REFERENCES rt_parent (id)) ENGINE=InnoDB;"
        "INSERT INTO rt_parent VALUES (1, 'a', 1)");
    auto ins = text("INSERT INTO rt_parent (id, name, qty) VALUES (:id, :name, :qty)");

    auto dup = expect_error<IntegrityError>([&] {
        run(*conn, ins, {{"id", 1}, {"name", "b"}, {"qty", 0}});
    });
    CHECK(dup.native_code() == 1062);
    CHECK(dup.sqlstate() == "23000");
    CHECK(dup.sql().find("INSERT INTO rt_parent") != std::string::npos);
    CHECK(dup.parameters() == std::vector<std::string>{"1", "'b'", "0"});

    auto fk = expect_error<IntegrityError>([&] {
        run(*conn, text("INSERT INTO rt_child VALUES (:id, :p)"), {{"id", 1}, {"p", 42}});
    });
    CHECK(fk.native_code() == 1452);
    run(*conn, text("INSERT INTO rt_child VALUES (:id, :p)"), {{"id", 1}, {"p", 1}});
    CHECK(expect_error<IntegrityError>([&] {
              conn->execute_script("DELETE FROM rt_parent WHERE id = 1");
          }).native_code() == 1451);

    auto nn = expect_error<IntegrityError>([&] {
        run(*conn, ins, {{"id", 2}, {"name", nullptr}, {"qty", 0}});
    });
    CHECK(nn.native_code() == 1048);

    auto check = expect_error<IntegrityError>([&] {
        run(*conn, ins, {{"id", 2}, {"name", "c"}, {"qty", -1}});
    });
    CHECK((check.native_code() == 4025 || check.native_code() == 3819));

    auto too_long = expect_error<DataError>([&] {
        run(*conn, ins, {{"id", 2}, {"name", "much too long"}, {"qty", 0}});
    });
    CHECK(too_long.native_code() == 1406);
    CHECK(too_long.sqlstate() == "22001");

    auto range = expect_error<DataError>([&] {
        run(*conn, ins, {{"id", 2}, {"name", "c"}, {"qty", std::int64_t{1} << 40}});
    });
    CHECK(range.native_code() == 1264);

    auto bad_value = expect_error<DataError>([&] {
        run(*conn, ins, {{"id", 2}, {"name", "c"}, {"qty", "seven"}});
    });
    CHECK(bad_value.native_code() == 1366);

    auto syntax = expect_error<ProgrammingError>([&] { conn->prepare("SELEC 1", nullptr); });
    CHECK(syntax.native_code() == 1064);
    CHECK(syntax.sql() == "SELEC 1");
    auto no_table =
        expect_error<ProgrammingError>([&] { run(*conn, text("SELECT * FROM rt_no_such_table")); });
    CHECK(no_table.native_code() == 1146);
    CHECK(no_table.sqlstate() == "42S02");
    auto no_column =
        expect_error<ProgrammingError>([&] { run(*conn, text("SELECT nope FROM rt_parent")); });
    CHECK(no_column.native_code() == 1054);
    CHECK(expect_error<ProgrammingError>([&] {
              conn->execute_script("USE rt_no_such_db");
          }).native_code() == 1049);

    // Parameters stay out of errors when the engine hides them.
    DriverOptions hidden;
    hidden.hide_parameters = true;
    auto quiet = open("", hidden);
    auto e = expect_error<IntegrityError>([&] {
        run(*quiet, ins, {{"id", 1}, {"name", "sec"}, {"qty", 0}});
    });
    CHECK(e.parameters().empty());
    CHECK(e.details().parameters_hidden);
    CHECK(std::string(e.what()).find("'sec'") == std::string::npos);

    // The connection stays usable after every one of these.
    CHECK(conn->ping());
    CHECK(scalar(*conn, "SELECT COUNT(*) FROM rt_parent") == Value(1));
    conn->execute_script("DROP TABLE rt_child; DROP TABLE rt_parent");
}

TEST_CASE("mysql: scripts run every statement and stop at the first failure") {
    if (skip()) return;
    auto conn = open();
    conn->execute_script(
        "DROP TABLE IF EXISTS rt_script; CREATE TABLE rt_script (id INT PRIMARY KEY);"
        "INSERT INTO rt_script VALUES (1); SELECT 1; INSERT INTO rt_script VALUES (2)");
    CHECK(scalar(*conn, "SELECT COUNT(*) FROM rt_script") == Value(2));
    auto e = expect_error<IntegrityError>([&] {
        conn->execute_script(
            "INSERT INTO rt_script VALUES (3); INSERT INTO rt_script VALUES (1); "
            "INSERT INTO rt_script VALUES (4)");
    });
    CHECK(e.native_code() == 1062);
    // The statements after the failing one did not run; the connection is in sync.
    CHECK(scalar(*conn, "SELECT COUNT(*) FROM rt_script") == Value(3));
    conn->execute_script("DROP TABLE rt_script");
}

TEST_CASE("mysql: transactions, savepoints, isolation and interleaved statements") {
    if (skip()) return;
    auto conn = open();
    conn->execute_script(
        "DROP TABLE IF EXISTS rt_tx; CREATE TABLE rt_tx (id INT PRIMARY KEY) ENGINE=InnoDB");
    auto ins = text("INSERT INTO rt_tx VALUES (:id)");
    conn->begin(IsolationLevel::Default);
    run(*conn, ins, {{"id", 1}});
    conn->rollback();
    CHECK(scalar(*conn, "SELECT COUNT(*) FROM rt_tx") == Value(0));

    conn->begin(IsolationLevel::Serializable);
    run(*conn, ins, {{"id", 1}});
    conn->savepoint("sp 1");
    run(*conn, ins, {{"id", 2}});
    conn->rollback_to_savepoint("sp 1");
    conn->savepoint("sp2");
    run(*conn, ins, {{"id", 3}});
    conn->release_savepoint("sp2");
    conn->commit();
    CHECK(scalar(*conn, "SELECT GROUP_CONCAT(id ORDER BY id) FROM rt_tx") == Value("1,3"));

    conn->set_isolation_level(IsolationLevel::ReadCommitted);
    CHECK(scalar(*conn, "SELECT @@session.tx_isolation") == Value("READ-COMMITTED"));
    conn->set_isolation_level(IsolationLevel::Default);
    DriverOptions serial;
    serial.isolation_level = IsolationLevel::Serializable;
    CHECK(scalar(*open("", serial), "SELECT @@session.tx_isolation") == Value("SERIALIZABLE"));

    // A second statement runs while the first one's rows are still being read.
    Run outer(*conn, text("SELECT id FROM rt_tx ORDER BY id"));
    REQUIRE(outer->next());
    CHECK(scalar(*conn, "SELECT COUNT(*) FROM rt_tx") == Value(2));
    run(*conn, ins, {{"id", 4}});
    REQUIRE(outer->next());
    CHECK(outer->get_int64(0) == 3);
    CHECK_FALSE(outer->next());

    // The same SQL prepared again reuses the server handle; both work.
    auto a = conn->prepare("SELECT ? + 1", nullptr);
    Value one = 1;
    BoundStatement b;
    std::string sql = "SELECT ? + 1";
    b.form_sql = &sql;
    b.parameters = {&one};
    b.parameter_types = {nullptr};
    CHECK(a->execute(b).next());
    a.reset();
    auto again = conn->prepare("SELECT ? + 1", nullptr);
    auto& c = again->execute(b);
    REQUIRE(c.next());
    CHECK(c.get_int64(0) == 2);
    // A wrong parameter count is refused before reaching the server.
    b.parameters.clear();
    CHECK_THROWS_AS(again->execute(b), ArgumentError);

    // last_insert_id from AUTO_INCREMENT.
    conn->execute_script(
        "DROP TABLE IF EXISTS rt_auto; CREATE TABLE rt_auto (id BIGINT AUTO_INCREMENT PRIMARY "
        "KEY, v INT)");
    Run first(*conn, text("INSERT INTO rt_auto (v) VALUES (:v)"), {{"v", 10}});
    CHECK(first->last_insert_id() == 1);
    Run second(*conn, text("INSERT INTO rt_auto (v) VALUES (:v)"), {{"v", 11}});
    CHECK(second->last_insert_id() == 2);
    conn->execute_script("DROP TABLE rt_auto; DROP TABLE rt_tx");
}

TEST_CASE("mysql: a prepared statement follows its table through ALTER TABLE") {
    if (skip()) return;
    auto conn = open();
    conn->execute_script(
        "DROP TABLE IF EXISTS rt_alter; CREATE TABLE rt_alter (id INT PRIMARY KEY, v INT);"
        "INSERT INTO rt_alter VALUES (1, 42)");
    auto statement = conn->prepare("SELECT * FROM rt_alter", nullptr);
    std::string sql = "SELECT * FROM rt_alter";
    BoundStatement bound;
    bound.form_sql = &sql;
    auto& first = statement->execute(bound);
    REQUIRE(first.next());
    CHECK(first.get_value(1, SqlType{}) == Value(42));
    statement->reset();
    conn->execute_script(
        "ALTER TABLE rt_alter MODIFY v VARCHAR(20); UPDATE rt_alter SET v = 'forty-two'");
    auto& second = statement->execute(bound);
    REQUIRE(second.next());
    CHECK(second.get_value(1, SqlType{}) == Value("forty-two"));
    statement->reset();
    conn->execute_script("ALTER TABLE rt_alter ADD COLUMN w DATE");
    auto& third = statement->execute(bound);
    REQUIRE(third.next());
    CHECK(third.column_count() == 3);
    CHECK(third.is_null(2));
    statement.reset();

    // A statement with effects is not run twice: it ran, its rows are lost, the error says so,
    // and the next execution works.
    const std::string returning = "INSERT INTO rt_alter (id) VALUES (?) RETURNING *";
    auto insert_returning = conn->prepare(returning, nullptr);
    Value id = 2;
    BoundStatement with_id;
    with_id.form_sql = &returning;
    with_id.parameters = {&id};
    with_id.parameter_types = {nullptr};
    REQUIRE(insert_returning->execute(with_id).next());
    conn->execute_script("ALTER TABLE rt_alter ADD COLUMN x INT");
    id = 3;
    auto changed = expect_error<OperationalError>([&] { insert_returning->execute(with_id); });
    CHECK(changed.native_code() == 2057);
    id = 4;
    auto& fourth = insert_returning->execute(with_id);
    REQUIRE(fourth.next());
    CHECK(fourth.column_count() == 4);
    CHECK(fourth.get_int64(0) == 4);
    insert_returning.reset();
    CHECK(scalar(*conn, "SELECT COUNT(*) FROM rt_alter") == Value(4));
    conn->execute_script("DROP TABLE rt_alter");
}

TEST_CASE("mysql: lock wait timeouts and deadlocks are retryable OperationalErrors") {
    if (skip()) return;
    auto a = open();
    auto b = open();
    a->execute_script(
        "DROP TABLE IF EXISTS rt_lock; CREATE TABLE rt_lock (id INT PRIMARY KEY, v INT) "
        "ENGINE=InnoDB; INSERT INTO rt_lock VALUES (1, 0), (2, 0)");
    b->execute_script("SET SESSION innodb_lock_wait_timeout = 1");
    a->begin(IsolationLevel::Default);
    a->execute_script("UPDATE rt_lock SET v = 1 WHERE id = 1");
    b->begin(IsolationLevel::Default);
    auto e = expect_error<OperationalError>(
        [&] { run(*b, text("UPDATE rt_lock SET v = 2 WHERE id = 1")); });
    CHECK(e.native_code() == 1205);
    CHECK(e.retryable());
    b->rollback();
    a->rollback();

    // A deadlock: each holds one row and asks for the other's. b's second request waits on a
    // thread of its own while a's closes the cycle.
    b->execute_script("SET SESSION innodb_lock_wait_timeout = 10");
    a->begin(IsolationLevel::Default);
    b->begin(IsolationLevel::Default);
    a->execute_script("UPDATE rt_lock SET v = 1 WHERE id = 1");
    b->execute_script("UPDATE rt_lock SET v = 1 WHERE id = 2");
    std::exception_ptr b_error;
    std::thread waiter([&] {
        try {
            b->execute_script("UPDATE rt_lock SET v = 2 WHERE id = 1");
        } catch (...) {
            b_error = std::current_exception();
        }
    });
    std::this_thread::sleep_for(300ms);
    std::exception_ptr a_error;
    try {
        a->execute_script("UPDATE rt_lock SET v = 2 WHERE id = 2");
    } catch (...) {
        a_error = std::current_exception();
    }
    waiter.join();
    // InnoDB picks one victim; the other goes on.
    std::exception_ptr victim = a_error ? a_error : b_error;
    REQUIRE(victim);
    CHECK_FALSE((a_error && b_error));
    try {
        std::rethrow_exception(victim);
    } catch (const OperationalError& d) {
        CHECK(d.native_code() == 1213);
        CHECK(d.sqlstate() == "40001");
        CHECK(d.retryable());
    }
    a->rollback();
    b->rollback();
    a->execute_script("DROP TABLE rt_lock");
}

TEST_CASE("mysql: a connection killed from another raises DisconnectionError, then ping fails") {
    if (skip()) return;
    auto victim = open();
    auto killer = open();
    auto id = scalar(*victim, "SELECT CONNECTION_ID()", BigInteger{});
    auto held = victim->prepare("SELECT 1", nullptr);
    killer->execute_script("KILL " + std::to_string(*id.get_if<std::int64_t>()));
    std::this_thread::sleep_for(100ms);
    auto e = expect_error<DisconnectionError>([&] { scalar(*victim, "SELECT 1"); });
    MESSAGE("after KILL: " << std::string(e.what()));
    CHECK(e.native_code() != 0);
    CHECK_FALSE(victim->ping());
    CHECK_THROWS_AS(victim->execute_script("SELECT 1"), DisconnectionError);
    held.reset();  // a statement outliving its connection's death is still released cleanly
    victim.reset();
    CHECK(killer->ping());
}

TEST_CASE("mysql: execute_many with array binding and with a prepared loop") {
    if (skip()) return;
    constexpr int rows = 5000;
    std::vector<std::pair<std::string, double>> timings;
    for (bool array_binding : {true, false}) {
        CAPTURE(array_binding);
        auto conn = open(array_binding ? "" : "array_binding=false");
        conn->execute_script(
            "DROP TABLE IF EXISTS rt_many; CREATE TABLE rt_many (id INT PRIMARY KEY, name "
            "VARCHAR(40), amount DECIMAL(12,2), at DATETIME(6), flag BOOL, u CHAR(32), score "
            "DOUBLE) ENGINE=InnoDB");
        std::vector<std::vector<Value>> values(rows);
        for (int i = 0; i < rows; ++i) {
            values[i] = {
                i,
                i % 7 == 0 ? Value() : Value("name " + std::to_string(i)),
                Decimal{std::to_string(i) + ".25"},
                Timestamp{std::chrono::sys_days{2024y / 1 / 1} + std::chrono::seconds{i}},
                i % 2 == 0,
                Uuid::parse("123e4567e89b12d3a456" +
                            std::string(12 - std::to_string(i).size(), '0') + std::to_string(i)),
                i * 0.5};
        }
        const std::string sql = "INSERT INTO rt_many VALUES (?, ?, ?, ?, ?, ?, ?)";
        auto make_batch = [&](const std::vector<std::vector<Value>>& rows_values) {
            std::vector<BoundStatement> batch(rows_values.size());
            for (std::size_t r = 0; r < rows_values.size(); ++r) {
                batch[r].form_sql = &sql;
                for (const auto& v : rows_values[r]) {
                    batch[r].parameters.push_back(&v);
                    batch[r].parameter_types.push_back(nullptr);
                }
            }
            return batch;
        };
        auto batch = make_batch(values);
        auto stmt = conn->prepare(sql, nullptr);
        conn->begin(IsolationLevel::Default);
        auto start = std::chrono::steady_clock::now();
        CHECK(conn->execute_many(*stmt, batch) == rows);
        auto elapsed =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
        conn->commit();
        timings.emplace_back(array_binding ? "array binding" : "prepared loop", elapsed.count());
        CHECK(scalar(*conn, "SELECT COUNT(*) FROM rt_many") == Value(rows));
        CHECK(scalar(*conn, "SELECT COUNT(*) FROM rt_many WHERE name IS NULL") ==
              Value((rows + 6) / 7));
        CHECK(scalar(*conn, "SELECT amount FROM rt_many WHERE id = 4999", Numeric{}) ==
              Value(Decimal{"4999.25"}));
        CHECK(scalar(*conn, "SELECT at FROM rt_many WHERE id = 61", DateTime{}) ==
              Value(Timestamp{std::chrono::sys_days{2024y / 1 / 1} + 61s}));
        CHECK(scalar(*conn, "SELECT u FROM rt_many WHERE id = 12", UUID{}) ==
              Value(Uuid::parse("123e4567e89b12d3a456000000000012")));

        // UPDATE in a batch: affected rows add up.
        const std::string upd = "UPDATE rt_many SET score = ? WHERE id = ?";
        std::vector<std::vector<Value>> updates;
        for (int i = 0; i < 100; ++i)
            updates.push_back({Value(-1.0), Value(i * 3)});
        auto ubatch = make_batch(updates);
        for (auto& u : ubatch)
            u.form_sql = &upd;
        auto ustmt = conn->prepare(upd, nullptr);
        CHECK(conn->execute_many(*ustmt, ubatch) == 100);

        // Mixed kinds in one column fall back to the loop and still work.
        const std::string mixed_sql = "UPDATE rt_many SET name = ? WHERE id = ?";
        std::vector<std::vector<Value>> mixed{{Value("x"), Value(1)}, {Value(5), Value(2)}};
        auto mbatch = make_batch(mixed);
        for (auto& m : mbatch)
            m.form_sql = &mixed_sql;
        auto mstmt = conn->prepare(mixed_sql, nullptr);
        CHECK(conn->execute_many(*mstmt, mbatch) == 2);
        CHECK(scalar(*conn, "SELECT name FROM rt_many WHERE id = 2") == Value("5"));

        // A failing row fails the call with the row's error class. With array binding the batch
        // is one statement, undone as a whole; the loop keeps the rows before the failure (no
        // transaction here). The statement stays usable.
        std::vector<std::vector<Value>> dup{
            {Value(rows + 1), Value("a"), Value(), Value(), Value(), Value(), Value()},
            {Value(0), Value("b"), Value(), Value(), Value(), Value(), Value()}};
        auto dbatch = make_batch(dup);
        CHECK_THROWS_AS(conn->execute_many(*stmt, dbatch), IntegrityError);
        CHECK(scalar(*conn, "SELECT COUNT(*) FROM rt_many WHERE id = 5001") ==
              Value(array_binding ? 0 : 1));
        std::vector<std::vector<Value>> more{
            {Value(rows + 2), Value("c"), Value(), Value(), Value(), Value(), Value()}};
        auto more_batch = make_batch(more);
        CHECK(stmt->execute(more_batch[0]).rows_affected() == 1);
        conn->execute_script("DROP TABLE rt_many");
    }
    REQUIRE(timings.size() == 2);
    MESSAGE("execute_many of " << rows << " rows: " << timings[0].first << " " << timings[0].second
                               << " ms, " << timings[1].first << " " << timings[1].second << " ms");
}

TEST_CASE("mysql: reflection of a schema with every constraint kind") {
    if (skip()) return;
    auto conn = open();
    conn->execute_script(
        "DROP TABLE IF EXISTS rt_orders; DROP TABLE IF EXISTS rt_customers;"
        "CREATE TABLE rt_customers ("
        " id INT NOT NULL AUTO_INCREMENT,"
        " email VARCHAR(100) NOT NULL COMMENT 'login address',"
        " name VARCHAR(50) DEFAULT 'anon',"
        " active BOOL NOT NULL DEFAULT 1,"
        " mood ENUM('sad','ok','it''s fine') NULL,"
        " prefs JSON,"
        " balance DECIMAL(10,2) DEFAULT 0.00,"
        " created DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),"
        " token CHAR(32),"
        " photo LONGBLOB,"
        " bio LONGTEXT,"
        " PRIMARY KEY (id),"
        " CONSTRAINT uq_email UNIQUE (email),"
        " CONSTRAINT ck_balance CHECK (balance >= 0),"
        " INDEX ix_name_created (name, created)"
        ") ENGINE=InnoDB COMMENT='people who buy';"
        "CREATE TABLE rt_orders ("
        " id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
        " customer_id INT NULL,"
        " region CHAR(2) NOT NULL,"
        " number INT NOT NULL,"
        " amount DOUBLE,"
        " CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES rt_customers (id)"
        "  ON DELETE CASCADE ON UPDATE SET NULL,"
        " CONSTRAINT uq_region_number UNIQUE (region, number)"
        ") ENGINE=InnoDB");

    auto names = mysql_backend().table_names(*conn, "");
    CHECK(std::find(names.begin(), names.end(), "rt_customers") != names.end());
    CHECK(std::find(names.begin(), names.end(), "rt_orders") != names.end());

    auto tables = mysql_backend().reflect(*conn, {"", {"rt_orders", "rt_customers", "rt_missing"}});
    REQUIRE(tables.size() == 2);
    const ReflectedTable& c = tables[0];
    const ReflectedTable& o = tables[1];
    REQUIRE(c.name == "rt_customers");
    REQUIRE(o.name == "rt_orders");
    CHECK(c.comment == "people who buy");
    REQUIRE(c.columns.size() == 11);
    auto col = [&](const ReflectedTable& t, std::string_view name) -> const ReflectedColumn& {
        for (const auto& x : t.columns)
            if (x.name == name) return x;
        FAIL("no column " << name);
        throw std::logic_error("unreachable");
    };
    CHECK(col(c, "id").type == Integer{});
    CHECK(col(c, "id").autoincrement);
    CHECK_FALSE(col(c, "id").nullable);
    CHECK(col(c, "email").type == String{100});
    CHECK(col(c, "email").comment == "login address");
    CHECK_FALSE(col(c, "email").nullable);
    CHECK(col(c, "name").default_sql == std::optional<std::string>("'anon'"));
    CHECK(col(c, "name").nullable);
    CHECK(col(c, "active").type == Boolean{});
    CHECK(col(c, "active").default_sql == std::optional<std::string>("1"));
    REQUIRE(col(c, "mood").type.kind == TypeKind::Enum);
    CHECK(col(c, "mood").type.enumeration->labels ==
          std::vector<std::string>{"sad", "ok", "it's fine"});
    CHECK(col(c, "prefs").type == JSON{});
    CHECK(col(c, "balance").type == Numeric{10, 2});
    CHECK(col(c, "created").type == DateTime{});
    REQUIRE(col(c, "created").default_sql);
    CHECK(col(c, "created").default_sql->find("current_timestamp") != std::string::npos);
    CHECK(col(c, "token").type == String{32});
    CHECK(col(c, "photo").type == LargeBinary{});
    CHECK(col(c, "bio").type == Text{});
    CHECK(col(c, "bio").native_type == "longtext");
    CHECK(c.primary_key == std::vector<std::string>{"id"});
    REQUIRE(c.unique_constraints.size() == 1);
    CHECK(c.unique_constraints[0].name == "uq_email");
    CHECK(c.unique_constraints[0].columns == std::vector<std::string>{"email"});
    REQUIRE(c.check_constraints.size() == 1);  // the JSON column's json_valid() is not listed
    CHECK(c.check_constraints[0].name == "ck_balance");
    CHECK(c.check_constraints[0].sql.find("balance") != std::string::npos);
    REQUIRE(c.indexes.size() == 1);
    CHECK(c.indexes[0].name == "ix_name_created");
    CHECK(c.indexes[0].columns == std::vector<std::string>{"name", "created"});
    CHECK_FALSE(c.indexes[0].unique);

    CHECK(col(o, "id").type == BigInteger{});
    CHECK(col(o, "id").autoincrement);
    CHECK(col(o, "amount").type == Double{});
    CHECK(col(o, "region").type == String{2});
    CHECK(o.primary_key == std::vector<std::string>{"id"});
    REQUIRE(o.foreign_keys.size() == 1);
    const auto& fk = o.foreign_keys[0];
    CHECK(fk.name == "fk_customer");
    CHECK(fk.columns == std::vector<std::string>{"customer_id"});
    CHECK(fk.referred_table == "rt_customers");
    CHECK(fk.referred_schema.empty());
    CHECK(fk.referred_columns == std::vector<std::string>{"id"});
    CHECK(fk.on_delete == ReferentialAction::Cascade);
    CHECK(fk.on_update == ReferentialAction::SetNull);
    REQUIRE(o.unique_constraints.size() == 1);
    CHECK(o.unique_constraints[0].columns == std::vector<std::string>{"region", "number"});
    // InnoDB's own index behind the foreign key.
    REQUIRE(o.indexes.size() == 1);
    CHECK(o.indexes[0].columns == std::vector<std::string>{"customer_id"});

    // Every table when none are named.
    auto all = mysql_backend().reflect(*conn, {});
    CHECK(all.size() >= 2);

    // Reflected tables build Tables that create the same shape again.
    MetaData meta;
    Table rebuilt = table_from_reflection(meta, c);
    auto ddl = compile(create_table(rebuilt), conn->dialect()).sql();
    MESSAGE(ddl);
    conn->execute_script("DROP TABLE rt_orders; DROP TABLE rt_customers");
    conn->execute_script(ddl);
    auto again = mysql_backend().reflect(*conn, {"", {"rt_customers"}});
    REQUIRE(again.size() == 1);
    CHECK(again[0].columns.size() == c.columns.size());
    CHECK(col(again[0], "prefs").type == JSON{});
    CHECK(again[0].unique_constraints.size() == 1);
    conn->execute_script("DROP TABLE rt_customers");
}
