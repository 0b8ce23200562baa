// The PostgreSQL driver against a real server (RETORT_TEST_POSTGRESQL_URL): value round trips in
// binary, error classes from real failures, pipelines, disconnections and reflection.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <retort/dialects/postgresql.hpp>
#include <retort/dialects/postgresql_backend.hpp>
#include <retort/retort.hpp>

#include "driver_support.hpp"
#include "postgresql_driver.hpp"

using namespace retort;
using namespace std::chrono_literals;

namespace retort::driver_test {
const Target& target() {
    static const Target t{"RETORT_TEST_POSTGRESQL_URL",
                          "run under tests/servers/with-servers --postgresql, or point it at a "
                          "PostgreSQL test database",
                          &postgresql_backend, &postgresql_dialect};
    return t;
}
}  // namespace retort::driver_test

using namespace retort::driver_test;

TEST_CASE("postgresql: SQLSTATEs map onto the error hierarchy") {
    auto thrown = [](std::string sqlstate, bool lost = false) -> std::string {
        DatabaseError::Details d;
        d.sqlstate = std::move(sqlstate);
        d.message = "m";
        return error_class([&] { postgresql::throw_error(d, lost); });
    };
    CHECK(thrown("23505") == "Integrity");
    CHECK(thrown("23503") == "Integrity");
    CHECK(thrown("23502") == "Integrity");
    CHECK(thrown("23514") == "Integrity");
    CHECK(thrown("42601") == "Programming");
    CHECK(thrown("42P01") == "Programming");
    CHECK(thrown("42703") == "Programming");
    CHECK(thrown("22001") == "Data");
    CHECK(thrown("22P02") == "Data");
    CHECK(thrown("22003") == "Data");
    CHECK(thrown("40001") == "Operational+retry");
    CHECK(thrown("40P01") == "Operational+retry");
    CHECK(thrown("55P03") == "Operational+retry");
    CHECK(thrown("08006") == "Disconnection");
    CHECK(thrown("57P01") == "Disconnection");
    CHECK(thrown("57P02") == "Disconnection");
    CHECK(thrown("57P03") == "Disconnection");
    CHECK(thrown("0A000") == "NotSupported");
    CHECK(thrown("XX000") == "Internal");
    CHECK(thrown("53100") == "Operational");
    CHECK(thrown("57014") == "Operational");
    CHECK(thrown("25P02") == "Database");
    CHECK(thrown("") == "Database");
    CHECK(thrown("23505", true) == "Disconnection");
}

TEST_CASE("postgresql: native type names map onto generic types") {
    using postgresql::type_from_format_type;
    CHECK(type_from_format_type("integer") == Integer{});
    CHECK(type_from_format_type("bigint") == BigInteger{});
    CHECK(type_from_format_type("smallint") == SmallInteger{});
    CHECK(type_from_format_type("boolean") == Boolean{});
    CHECK(type_from_format_type("real") == Float{});
    CHECK(type_from_format_type("double precision") == Double{});
    CHECK(type_from_format_type("numeric(10,2)") == Numeric{10, 2});
    CHECK(type_from_format_type("numeric") == Numeric{});
    CHECK(type_from_format_type("character varying(50)") == String{50});
    CHECK(type_from_format_type("character varying") == String{});
    CHECK(type_from_format_type("character(2)") == String{2});
    CHECK(type_from_format_type("text") == Text{});
    CHECK(type_from_format_type("date") == Date{});
    CHECK(type_from_format_type("timestamp without time zone") == DateTime{});
    CHECK(type_from_format_type("timestamp(3) with time zone") == DateTime{true});
    CHECK(type_from_format_type("time without time zone") == Time{});
    CHECK(type_from_format_type("time(6) with time zone") == Time{true});
    CHECK(type_from_format_type("interval") == Interval{});
    CHECK(type_from_format_type("interval year to month") == Interval{});
    CHECK(type_from_format_type("bytea") == LargeBinary{});
    CHECK(type_from_format_type("json") == JSON{});
    CHECK(type_from_format_type("jsonb") == JSON{});
    CHECK(type_from_format_type("uuid") == UUID{});
    CHECK(type_from_format_type("integer[]").is_null());
    CHECK(type_from_format_type("point").is_null());
}

TEST_CASE("postgresql: the backend serves postgresql:// and postgres://") {
    for (const char* url :
         {"postgresql://u@h/db", "postgres://u@h/db", "postgresql+libpq://u@h/db"}) {
        CAPTURE(url);
        const auto& backend = find_backend(Url::parse(url));
        CHECK(backend.name == "postgresql");
        CHECK(backend.default_pool(Url::parse(url)) == PoolKind::Queue);
        CHECK(backend.dialect(Url::parse(url))->name() == "postgresql");
    }
}

TEST_CASE("postgresql: connecting, server version, UTC session and failures") {
    if (skip()) return;
    auto conn = open("application_name=retort-test&connect_timeout=5");
    CHECK(&conn->dialect() == &postgresql_dialect());
    const std::string version = conn->server_version();
    CHECK(!version.empty());
    CHECK(version.find(' ') == std::string::npos);
    CHECK(std::isdigit(static_cast<unsigned char>(version[0])));
    CHECK(scalar(*conn, "SELECT current_setting('TimeZone')") == Value("UTC"));
    CHECK(scalar(*conn, "SELECT current_setting('application_name')") == Value("retort-test"));
    CHECK(scalar(*conn, "SELECT current_setting('client_encoding')") == Value("UTF8"));
    CHECK(conn->ping());

    // Nothing listens on port 1: OperationalError naming the URL, never the password.
    std::string message;
    try {
        postgresql_backend().connect(
            Url::parse("postgresql://scott:s3cret-pw@127.0.0.1:1/db?connect_timeout=2"), {});
    } catch (const DisconnectionError& e) {
        FAIL("a connection never made is not a lost one: " << e.what());
    } catch (const OperationalError& e) {
        message = e.what();
    }
    MESSAGE("refused: " << message);
    CHECK(message.find("postgresql://scott:***@127.0.0.1:1/db") != std::string::npos);
    CHECK(message.find("s3cret-pw") == std::string::npos);
    // A password given as a query key is masked too.
    auto by_key = expect_error<OperationalError>([] {
        postgresql_backend().connect(
            Url::parse("postgresql://scott@127.0.0.1:1/db?password=s3cret-pw&connect_timeout=2"),
            {});
    });
    CHECK(std::string(by_key.what()).find("s3cret-pw") == std::string::npos);

    auto unknown = expect_error<ArgumentError>([] { open("no_such_option=1"); });
    CHECK(std::string(unknown.what()).find("no_such_option") != std::string::npos);
    CHECK_THROWS_AS(open("client_encoding=LATIN1"), ArgumentError);
    CHECK_NOTHROW(open("client_encoding=utf8"));
    auto no_db = expect_error<OperationalError>([] {
        std::string url = server_url();
        url = url.substr(0, url.rfind('/')) + "/rt_no_such_database";
        postgresql_backend().connect(Url::parse(url), {});
    });
    CHECK(std::string(no_db.what()).find("rt_no_such_database") != std::string::npos);
}

TEST_CASE("postgresql: every value kind round-trips in binary") {
    if (skip()) return;
    auto conn = open();
    MetaData meta;
    Table t{meta,
            "rt_values",
            Column{"id", Integer{}, primary_key()},
            Column{"i", BigInteger{}},
            Column{"si", SmallInteger{}},
            Column{"d", Double{}},
            Column{"f", Float{}},
            Column{"b", Boolean{}},
            Column{"s", String{100}},
            Column{"txt", Text{}},
            Column{"bin", LargeBinary{}},
            Column{"num", Numeric{40, 10}},
            Column{"day", Date{}},
            Column{"ts", DateTime{}},
            Column{"tstz", DateTime{true}},
            Column{"tod", Time{}},
            Column{"iv", Interval{}},
            Column{"u", UUID{}},
            Column{"j", JSON{}}};
    conn->execute_script("DROP TABLE IF EXISTS rt_values");
    run(*conn, create_table(t));

    const Timestamp ts{std::chrono::sys_days{2024y / 2 / 29} + 23h + 59min + 58s + 123456us};
    const Timestamp old{std::chrono::sys_days{1901y / 1 / 1} + 1us};
    const auto day = 1999y / 12 / 31;
    const TimeOfDay tod{13h + 45min + 7s + 250000us};
    const Uuid uuid = Uuid::parse("123e4567-e89b-12d3-a456-426614174000");
    const std::string unicode = "h\xC3\xA9llo w\xC3\xB6rld \xF0\x9F\x98\x80 \xE2\x82\xAC";
    const Bytes bytes{0, 1, 2, 0xff, 0xfe, '\\', 'x', 0};
    const Decimal num{"123456789012345678901234567890.1234567890"};  // 40 digits
    const Json json{R"({"a": [1, 2, {"b": null}], "c": "\u00e9"})"};
    const IntervalValue iv{14, -3, 3723000004};

    auto ins = insert(t).values({{"id", 1},
                                 {"i", std::int64_t{-9223372036854775807LL - 1}},
                                 {"si", -32768},
                                 {"d", 0.1},
                                 {"f", 1.5},
                                 {"b", true},
                                 {"s", unicode},
                                 {"txt", std::string("line\nbreak\ttab 'quote' \"dq\" \\ back")},
                                 {"bin", bytes},
                                 {"num", num},
                                 {"day", day},
                                 {"ts", ts},
                                 {"tstz", old},
                                 {"tod", tod},
                                 {"iv", iv},
                                 {"u", uuid},
                                 {"j", json}});
    CHECK(run(*conn, ins) == 1);
    // A row of NULLs, through untyped text() parameters the server types itself.
    Run nulls(*conn,
              text("INSERT INTO rt_values VALUES (:id, :n1, :n2, :n3, :n4, :n5, :n6, :n7, "
                   ":n8, :n9, :n10, :n11, :n12, :n13, :n14, :n15, :n16)"),
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
                         {"n13", nullptr},
                         {"n14", nullptr},
                         {"n15", nullptr},
                         {"n16", nullptr}});
    CHECK(nulls->rows_affected() == 1);
    // The same values through untyped parameters: binary where the server's type allows.
    Run untyped(*conn,
                text("INSERT INTO rt_values VALUES (:id, :i, :si, :d, :f, :b, :s, :txt, :bin, "
                     ":num, :day, :ts, :tstz, :tod, :iv, :u, :j)"),
                Parameters{{"id", 3},
                           {"i", std::int64_t{-9223372036854775807LL - 1}},
                           {"si", -32768},
                           {"d", 0.1},
                           {"f", 1.5},
                           {"b", true},
                           {"s", unicode},
                           {"txt", std::string("line\nbreak\ttab 'quote' \"dq\" \\ back")},
                           {"bin", bytes},
                           {"num", num},
                           {"day", day},
                           {"ts", ts},
                           {"tstz", old},
                           {"tod", tod},
                           {"iv", iv},
                           {"u", uuid},
                           {"j", json}});
    CHECK(untyped->rows_affected() == 1);

    Run r(*conn, select(t).order_by(t.c("id")));
    REQUIRE(r->column_count() == 17);
    CHECK(r->column_name(6) == "s");
    const SqlType hints[] = {Integer{}, BigInteger{}, SmallInteger{}, Double{},      Float{},
                             Boolean{}, String{},     Text{},         LargeBinary{}, Numeric{},
                             Date{},    DateTime{},   DateTime{true}, Time{},        Interval{},
                             UUID{},    JSON{}};
    for (int id : {1, 2, 3}) {
        CAPTURE(id);
        REQUIRE(r->next());
        CHECK(r->get_int64(0) == id);
        if (id == 2) {
            for (std::size_t i = 1; i < 17; ++i) {
                CHECK(r->is_null(i));
                CHECK(r->get_value(i, hints[i]).is_null());
                CHECK(r->get_value(i, SqlType{}).is_null());
            }
            CHECK_THROWS_AS(r->get_int64(1), DataError);
            continue;
        }
        CHECK(r->get_value(1, hints[1]) == Value(std::int64_t{-9223372036854775807LL - 1}));
        CHECK(r->get_value(2, hints[2]) == Value(-32768));
        CHECK(r->get_value(3, hints[3]) == Value(0.1));
        CHECK(r->get_value(4, hints[4]) == Value(1.5));
        CHECK(r->get_value(5, hints[5]) == Value(true));
        CHECK(r->get_value(6, hints[6]) == Value(unicode));
        CHECK(r->get_value(7, hints[7]) ==
              Value(std::string("line\nbreak\ttab 'quote' \"dq\" \\ back")));
        CHECK(r->get_value(8, hints[8]) == Value(bytes));
        CHECK(r->get_value(9, hints[9]) == Value(num));
        CHECK(r->get_value(10, hints[10]) == Value(day));
        CHECK(r->get_value(11, hints[11]) == Value(ts));
        CHECK(r->get_value(12, hints[12]) == Value(old));
        CHECK(r->get_value(13, hints[13]) == Value(tod));
        CHECK(r->get_value(14, hints[14]) == Value(iv));
        CHECK(r->get_value(15, hints[15]) == Value(uuid));
        const Value jv = r->get_value(16, hints[16]);
        auto j = jv.get_if<Json>();
        REQUIRE(j);
        CHECK(j->text == json.text);  // json keeps the text as given
        // Natural kinds without a hint.
        const SqlType none;
        CHECK(r->get_value(0, none) == Value(id));
        CHECK(r->get_value(5, none) == Value(true));
        CHECK(r->get_value(8, none) == Value(bytes));
        CHECK(r->get_value(9, none) == Value(num));
        CHECK(r->get_value(10, none) == Value(day));
        CHECK(r->get_value(12, none) == Value(old));
        CHECK(r->get_value(14, none) == Value(iv));
        CHECK(r->get_value(15, none) == Value(uuid));
        CHECK(r->get_value(16, none).kind() == ValueKind::Json);
        // Text forms of binary values, and cross-kind reads.
        CHECK(r->get_text(0) == std::to_string(id));
        CHECK(r->get_text(9) == num.text);
        CHECK(r->get_text(10) == "1999-12-31");
        CHECK(r->get_text(11) == "2024-02-29 23:59:58.123456");
        CHECK(r->get_text(13) == "13:45:07.250000");
        CHECK(r->get_text(15) == uuid.to_string());
        CHECK(r->get_text(6) == unicode);
        CHECK(r->get_int64(5) == 1);
        CHECK(r->get_double(0) == static_cast<double>(id));
        CHECK(r->get_double(9) == doctest::Approx(1.2345678901234568e29));
        CHECK(r->get_value(0, Numeric{}) == Value(Decimal{std::to_string(id)}));
        CHECK(r->get_value(0, String{}) == Value(std::to_string(id)));
        CHECK(r->get_value(10, DateTime{}) == Value(Timestamp{std::chrono::sys_days{day}}));
        CHECK_THROWS_AS(r->get_int64(6), DataError);
        auto e = expect_error<DataError>([&] { r->get_value(10, Time{}); });
        CHECK(std::string(e.what()).find("'day'") != std::string::npos);
        CHECK(std::string(e.what()).find("date") != std::string::npos);
        CHECK(std::string(e.what()).find("Time") != std::string::npos);
    }
    CHECK_FALSE(r->next());
    CHECK_FALSE(r->next());
    conn->execute_script("DROP TABLE rt_values");
}

TEST_CASE("postgresql: numerics, floats and intervals at their edges") {
    if (skip()) return;
    auto conn = open();
    auto num = [&](const std::string& literal) {
        return scalar(*conn, "SELECT " + literal + "::numeric", Numeric{});
    };
    CHECK(num("0") == Value(Decimal{"0"}));
    CHECK(num("-0.000001") == Value(Decimal{"-0.000001"}));
    CHECK(num("10000") == Value(Decimal{"10000"}));
    CHECK(num("100000000.00000000") == Value(Decimal{"100000000.00000000"}));
    CHECK(num("-123456789012345678901234567890") ==
          Value(Decimal{"-123456789012345678901234567890"}));
    CHECK(num("0.1000") == Value(Decimal{"0.1000"}));
    CHECK(num("'NaN'") == Value(Decimal{"NaN"}));
    CHECK(num("1e-20") == Value(Decimal{"0.00000000000000000001"}));
    // A Decimal parameter keeps every digit on its way in too.
    CHECK(scalar(*conn, "SELECT :n::numeric", Numeric{},
                 {{"n", Decimal{"98765432109876543210.0123456789"}}}) ==
          Value(Decimal{"98765432109876543210.0123456789"}));
    CHECK(std::isnan(*scalar(*conn, "SELECT 'NaN'::float8").get_if<double>()));
    CHECK(std::isnan(
        *scalar(*conn, "SELECT :d::float8", Double{}, {{"d", std::nan("")}}).get_if<double>()));
    CHECK(scalar(*conn, "SELECT :d::float8", Double{}, {{"d", -HUGE_VAL}}) == Value(-HUGE_VAL));
    CHECK(scalar(*conn, "SELECT :d::float8", Double{}, {{"d", 1e300}}) == Value(1e300));
    CHECK(scalar(*conn, "SELECT :d::float4", Double{}, {{"d", 0.25}}) == Value(0.25));
    CHECK(scalar(*conn, "SELECT interval '1 year 2 mons 3 days 04:05:06.789'", Interval{}) ==
          Value(IntervalValue{14, 3, 14706789000}));
    CHECK(scalar(*conn, "SELECT interval '-1 day -00:00:01'", Interval{}) ==
          Value(IntervalValue{0, -1, -1000000}));
    CHECK(scalar(*conn, "SELECT :v::interval", Interval{}, {{"v", IntervalValue{1, 2, 3}}}) ==
          Value(IntervalValue{1, 2, 3}));
    CHECK(scalar(*conn, "SELECT 32767::int2", SqlType{}) == Value(32767));
    CHECK(scalar(*conn, "SELECT 4000000000::oid", SqlType{}) == Value(std::int64_t{4000000000}));
    CHECK(scalar(*conn, "SELECT 'x'::name", SqlType{}) == Value("x"));
    CHECK(scalar(*conn, "SELECT 'ab '::char(4)", SqlType{}) == Value("ab  "));
    CHECK_THROWS_AS(scalar(*conn, "SELECT 'infinity'::timestamp", DateTime{}), DataError);
    // An integer too big for the parameter's type is the server's range error.
    CHECK(expect_error<DataError>([&] {
              scalar(*conn, "SELECT :v + 1::int2", SqlType{}, {{"v", 100000}});
          }).sqlstate() == "22003");
}

TEST_CASE("postgresql: typed parameters fit functions and operators of their context") {
    if (skip()) return;
    auto conn = open();
    conn->execute_script(
        "DROP TABLE IF EXISTS rt_fit; CREATE TABLE rt_fit (price numeric(10,3), name "
        "varchar(20), doc jsonb, big bigint, small smallint);"
        "INSERT INTO rt_fit VALUES (1.235, 'abcdef', '{\"a\": 1, \"b\": [2]}', 5000000000, 7)");
    MetaData meta;
    Table t{meta,
            "rt_fit",
            Column{"price", Numeric{10, 3}},
            Column{"name", String{20}},
            Column{"doc", JSON{}},
            Column{"big", BigInteger{}},
            Column{"small", SmallInteger{}}};
    auto first = [&](const Statement& stmt) {
        Run r(*conn, stmt);
        REQUIRE(r->next());
        return r->get_value(0, SqlType{});
    };
    // Integer literals are int4, which the int4-only functions take.
    CHECK(first(select(func("round", t.c("price"), 2))) == Value(Decimal{"1.24"}));
    CHECK(first(select(func("substr", t.c("name"), 2, 3))) == Value("bcd"));
    CHECK(first(select(func("left", t.c("name"), 2))) == Value("ab"));
    // A literal next to a column takes the column's type: bigint and smallint.
    CHECK(first(select(t.c("big")).where(t.c("big") == std::int64_t{5000000000})) ==
          Value(std::int64_t{5000000000}));
    CHECK(first(select(t.c("small") + 1)) == Value(8));
    // JSON parameters become json or jsonb as the context says.
    CHECK(first(select(t.c("name"))
                    .where(t.c("doc").op("@>", Expression(bindparam("d", Value(Json{R"({"a": 1})"}),
                                                                    JSON{}))))) == Value("abcdef"));
    CHECK(run(*conn, update(t).values({{"doc", Json{R"({"c": null})"}}})) == 1);
    CHECK(first(select(t.c("doc"))) == Value(Json{R"({"c": null})"}));
    conn->execute_script("DROP TABLE rt_fit");
}

TEST_CASE("postgresql: timestamptz is a UTC instant, timestamp keeps its wall clock") {
    if (skip()) return;
    auto conn = open();
    const Timestamp noon{std::chrono::sys_days{2024y / 7 / 1} + 12h};
    // Text with an offset is an instant: 14:00+02 is noon UTC.
    CHECK(scalar(*conn, "SELECT '2024-07-01 14:00:00+02'::timestamptz", DateTime{true}) ==
          Value(noon));
    CHECK(scalar(*conn, "SELECT :t::timestamptz::text", SqlType{}, {{"t", noon}}) ==
          Value("2024-07-01 12:00:00+00"));
    // A naive timestamp reads back with the wall clock it was stored with.
    CHECK(scalar(*conn, "SELECT '2024-07-01 12:00:00'::timestamp", DateTime{}) == Value(noon));
    CHECK(scalar(*conn, "SELECT :t::timestamp::text", SqlType{}, {{"t", noon}}) ==
          Value("2024-07-01 12:00:00"));
    // Another session time zone does not move the instant read back in binary.
    conn->execute_script("SET TIME ZONE 'America/New_York'");
    CHECK(scalar(*conn, "SELECT '2024-07-01 08:00:00-04'::timestamptz", DateTime{true}) ==
          Value(noon));
    // A string parameter is read by the server in the session's zone.
    CHECK(scalar(*conn, "SELECT :t::timestamptz", DateTime{true},
                 {{"t", "2024-07-01 12:00:00Z"}}) == Value(noon));
    CHECK(scalar(*conn, "SELECT :d::date", Date{}, {{"d", "2024-02-29"}}) == Value(2024y / 2 / 29));
}

TEST_CASE("postgresql: large values, unicode, NUL characters") {
    if (skip()) return;
    auto conn = open();
    conn->execute_script(
        "DROP TABLE IF EXISTS rt_large; CREATE TABLE rt_large (id int PRIMARY KEY, t text, "
        "b bytea)");
    // 12 characters, 18 bytes: ~1.8 MB.
    const std::string big = repeat("\xE2\x82\xAC unicode \xF0\x9F\x98\x80 ", 100000);
    Bytes blob(3 * 1024 * 1024);
    for (std::size_t i = 0; i < blob.size(); ++i)
        blob[i] = static_cast<std::uint8_t>(i * 7);
    run(*conn, text("INSERT INTO rt_large VALUES (1, :t, :b)"), {{"t", big}, {"b", blob}});
    Run r(*conn, text("SELECT t, b, length(t), length(b) FROM rt_large"));
    REQUIRE(r->next());
    CHECK(r->get_text(0) == big);
    CHECK(r->get_value(1, LargeBinary{}) == Value(blob));
    CHECK(r->get_int64(2) == 100000 * 12);
    CHECK(r->get_int64(3) == static_cast<std::int64_t>(blob.size()));

    // A NUL cannot be stored in text: refused before it reaches the server (a text-format
    // parameter would be cut at it), or by the server for binary ones.
    auto nul = std::string("a\0b", 3);
    CHECK_THROWS_AS(run(*conn, text("UPDATE rt_large SET t = :t::text || ''"), {{"t", nul}}),
                    DataError);
    CHECK_THROWS_AS(run(*conn, text("UPDATE rt_large SET t = :t"), {{"t", nul}}), DataError);
    CHECK(scalar(*conn, "SELECT length(t) FROM rt_large") == Value(100000 * 12));
    conn->execute_script("DROP TABLE rt_large");
}

TEST_CASE("postgresql: statements with types lacking a binary decoder read as text") {
    if (skip()) return;
    auto conn = open();
    conn->execute_script(
        "DROP TABLE IF EXISTS rt_text; DROP TYPE IF EXISTS rt_mood;"
        "CREATE TYPE rt_mood AS ENUM ('sad', 'ok', 'happy');"
        "CREATE TABLE rt_text (id int, mood rt_mood, tags int[], at timestamptz, n numeric, "
        "b bytea, flag bool, p point);"
        "INSERT INTO rt_text VALUES (7, 'ok', '{1,2,3}', '2024-01-02 03:04:05+00', 1.50, "
        "'\\x0102', true, '(1,2)')");
    Run r(*conn, text("SELECT id, mood, tags, at, n, b, flag, p FROM rt_text"));
    REQUIRE(r->next());
    CHECK(r->get_int64(0) == 7);
    CHECK(r->get_value(0, SqlType{}) == Value(7));
    CHECK(r->get_value(1, SqlType{}) == Value("ok"));
    CHECK(r->get_text(2) == "{1,2,3}");
    CHECK(r->get_value(3, SqlType{}) ==
          Value(Timestamp{std::chrono::sys_days{2024y / 1 / 2} + 3h + 4min + 5s}));
    CHECK(r->get_value(4, SqlType{}) == Value(Decimal{"1.50"}));
    CHECK(r->get_value(5, SqlType{}) == Value(Bytes{1, 2}));
    CHECK(r->get_value(6, SqlType{}) == Value(true));
    CHECK(r->get_int64(6) == 1);
    CHECK(r->get_text(7) == "(1,2)");
    // An enum parameter: the server infers the type (a varchar would not compare).
    MetaData meta;
    Table t{meta, "rt_text", Column{"id", Integer{}},
            Column{"mood", Enum{"rt_mood", {"sad", "ok", "happy"}}}};
    Run e(*conn, select(t.c("id")).where(t.c("mood") == "ok"));
    REQUIRE(e->next());
    CHECK(e->get_int64(0) == 7);
    CHECK(run(*conn, update(t).values({{"mood", "happy"}}).where(t.c("id") == 7)) == 1);
    conn->execute_script("DROP TABLE rt_text; DROP TYPE rt_mood");
}

TEST_CASE("postgresql: expanding IN lists and list parameters") {
    if (skip()) return;
    auto conn = open();
    conn->execute_script(
        "DROP TABLE IF EXISTS rt_in; CREATE TABLE rt_in (id int PRIMARY KEY, name text);"
        "INSERT INTO rt_in SELECT g, 'n' || g FROM generate_series(1, 10) g");
    MetaData meta;
    Table t{meta, "rt_in", Column{"id", Integer{}, primary_key()}, Column{"name", Text{}}};
    Run r(*conn, select(t.c("name")).where(t.c("id").in_({2, 4, 8})).order_by(t.c("id")));
    std::vector<std::string> names;
    while (r->next())
        names.emplace_back(r->get_text(0));
    CHECK(names == std::vector<std::string>{"n2", "n4", "n8"});
    // A list value is an array parameter.
    Run any(*conn, text("SELECT count(*) FROM rt_in WHERE name = ANY(:names)"),
            {{"names", std::vector<Value>{"n1", "n3", "n\"odd,{}\\", nullptr}}});
    REQUIRE(any->next());
    CHECK(any->get_int64(0) == 2);
    CHECK(scalar(*conn, "SELECT :a::text[]", SqlType{},
                 {{"a", std::vector<Value>{"a\"b", "c\\d", "e,f", nullptr}}}) ==
          Value(R"({"a\"b","c\\d","e,f",NULL})"));
    conn->execute_script("DROP TABLE rt_in");
}

TEST_CASE("postgresql: real failures raise the matching error class") {
    if (skip()) return;
    auto conn = open();
    conn->execute_script(
        "DROP TABLE IF EXISTS rt_child; DROP TABLE IF EXISTS rt_parent;"
        "CREATE TABLE rt_parent (id int PRIMARY KEY, name varchar(5) NOT NULL,"
        " qty int CHECK (qty >= 0));"
        "CREATE TABLE rt_child (id int PRIMARY KEY, parent_id int REFERENCES rt_parent (id));"
        "INSERT INTO rt_parent VALUES (1, 'a', 1)");
    MetaData meta;
    Table parent{meta, "rt_parent", Column{"id", Integer{}, primary_key()},
                 Column{"name", String{5}}, Column{"qty", Integer{}}};
    auto ins = [&](Value id, Value name, Value qty) {
        run(*conn, insert(parent).values({{"id", id}, {"name", name}, {"qty", qty}}));
    };

    auto dup = expect_error<IntegrityError>([&] { ins(1, "b", 0); });
    CHECK(dup.sqlstate() == "23505");
    CHECK(dup.sql().find("INSERT INTO rt_parent") != std::string::npos);
    CHECK(dup.parameters() == std::vector<std::string>{"1", "'b'", "0"});
    CHECK(std::string(dup.what()).find("Key (id)=(1)") != std::string::npos);

    auto fk = expect_error<IntegrityError>([&] {
        run(*conn, text("INSERT INTO rt_child VALUES (:id, :p)"), {{"id", 1}, {"p", 42}});
    });
    CHECK(fk.sqlstate() == "23503");
    run(*conn, text("INSERT INTO rt_child VALUES (:id, :p)"), {{"id", 1}, {"p", 1}});
    CHECK(expect_error<IntegrityError>([&] {
              conn->execute_script("DELETE FROM rt_parent WHERE id = 1");
          }).sqlstate() == "23503");

    CHECK(expect_error<IntegrityError>([&] { ins(2, nullptr, 0); }).sqlstate() == "23502");
    CHECK(expect_error<IntegrityError>([&] { ins(2, "c", -1); }).sqlstate() == "23514");
    auto too_long = expect_error<DataError>([&] { ins(2, "much too long", 0); });
    CHECK(too_long.sqlstate() == "22001");
    CHECK(expect_error<DataError>([&] { ins(2, "c", std::int64_t{1} << 40); }).sqlstate() ==
          "22003");
    CHECK(expect_error<DataError>([&] { ins(2, "c", "seven"); }).sqlstate() == "22P02");
    CHECK(expect_error<DataError>([&] { scalar(*conn, "SELECT 1 / 0"); }).sqlstate() == "22012");

    auto syntax = expect_error<ProgrammingError>([&] { conn->prepare("SELEC 1", nullptr); });
    CHECK(syntax.sqlstate() == "42601");
    CHECK(syntax.sql() == "SELEC 1");
    CHECK(expect_error<ProgrammingError>([&] {
              run(*conn, text("SELECT * FROM rt_no_such_table"));
          }).sqlstate() == "42P01");
    CHECK(expect_error<ProgrammingError>([&] {
              run(*conn, text("SELECT nope FROM rt_parent"));
          }).sqlstate() == "42703");
    CHECK(expect_error<NotSupportedError>([&] {
              conn->execute_script("SELECT 1 FROM rt_parent GROUP BY id FOR UPDATE");
          }).sqlstate() == "0A000");
    // A wrong parameter count is caught before the server sees it.
    auto stmt = conn->prepare("SELECT $1::int", nullptr);
    BoundStatement none;
    std::string sql = "SELECT $1::int";
    none.form_sql = &sql;
    CHECK_THROWS_AS(stmt->execute(none), ProgrammingError);

    // Parameters (and the DETAIL quoting them) stay out of errors when the engine hides them.
    DriverOptions hidden;
    hidden.hide_parameters = true;
    auto quiet = open("", hidden);
    auto e = expect_error<IntegrityError>([&] {
        run(*quiet, insert(parent).values({{"id", 1}, {"name", "secrt"}, {"qty", 0}}));
    });
    CHECK(e.parameters().empty());
    CHECK(e.details().parameters_hidden);
    CHECK(std::string(e.what()).find("secrt") == std::string::npos);
    CHECK(std::string(e.what()).find("[parameters hidden]") != std::string::npos);

    // COPY through stdin / stdout is refused and leaves the connection ready.
    CHECK_THROWS_AS(run(*conn, text("COPY rt_parent FROM STDIN")), NotSupportedError);
    CHECK_THROWS_AS(run(*conn, text("COPY rt_parent TO STDOUT")), NotSupportedError);
    CHECK_THROWS_AS(conn->execute_script("COPY rt_parent FROM STDIN"), DatabaseError);
    conn->execute_script("COPY rt_parent TO STDOUT");

    // The connection stays usable after every one of these.
    CHECK(conn->ping());
    CHECK(scalar(*conn, "SELECT count(*) FROM rt_parent") == Value(1));
    conn->execute_script("DROP TABLE rt_child; DROP TABLE rt_parent");
}

TEST_CASE("postgresql: scripts run every statement and stop at the first failure") {
    if (skip()) return;
    auto conn = open();
    conn->execute_script(
        "DROP TABLE IF EXISTS rt_script; CREATE TABLE rt_script (id int PRIMARY KEY);"
        "COMMENT ON TABLE rt_script IS 'made by a script';"
        "INSERT INTO rt_script VALUES (1); SELECT 1; INSERT INTO rt_script VALUES (2)");
    CHECK(scalar(*conn, "SELECT count(*) FROM rt_script") == Value(2));
    CHECK(scalar(*conn, "SELECT obj_description('rt_script'::regclass, 'pg_class')") ==
          Value("made by a script"));
    // A script is one implicit transaction: the failure undoes the statements before it.
    auto e = expect_error<IntegrityError>([&] {
        conn->execute_script(
            "INSERT INTO rt_script VALUES (3); INSERT INTO rt_script VALUES (1);"
            "INSERT INTO rt_script VALUES (4)");
    });
    CHECK(e.sql().find("VALUES (3)") != std::string::npos);
    CHECK(scalar(*conn, "SELECT count(*) FROM rt_script") == Value(2));
    conn->execute_script("");
    conn->execute_script("DROP TABLE rt_script");
}

TEST_CASE("postgresql: transactions, savepoints, isolation, and a commit after a failure") {
    if (skip()) return;
    auto conn = open();
    auto other = open();
    conn->execute_script("DROP TABLE IF EXISTS rt_tx; CREATE TABLE rt_tx (id int PRIMARY KEY)");
    auto count = [&](DriverConnection& c) {
        return *scalar(c, "SELECT count(*) FROM rt_tx").get_if<std::int64_t>();
    };

    conn->begin(IsolationLevel::Default);
    conn->execute_script("INSERT INTO rt_tx VALUES (1)");
    CHECK(count(*other) == 0);
    conn->commit();
    CHECK(count(*other) == 1);

    conn->begin(IsolationLevel::RepeatableRead);
    CHECK(scalar(*conn, "SELECT current_setting('transaction_isolation')") ==
          Value("repeatable read"));
    conn->execute_script("INSERT INTO rt_tx VALUES (2)");
    conn->savepoint("sp 1");
    conn->execute_script("INSERT INTO rt_tx VALUES (3)");
    conn->rollback_to_savepoint("sp 1");
    conn->savepoint("sp2");
    conn->execute_script("INSERT INTO rt_tx VALUES (4)");
    conn->release_savepoint("sp2");
    conn->rollback();
    CHECK(count(*conn) == 1);

    conn->set_isolation_level(IsolationLevel::Serializable);
    conn->begin(IsolationLevel::Default);
    CHECK(scalar(*conn, "SELECT current_setting('transaction_isolation')") ==
          Value("serializable"));
    conn->commit();
    conn->begin(IsolationLevel::ReadCommitted);
    CHECK(scalar(*conn, "SELECT current_setting('transaction_isolation')") ==
          Value("read committed"));
    conn->rollback();

    // A failed statement aborts the transaction; COMMIT then says ROLLBACK, which is an error.
    conn->begin(IsolationLevel::Default);
    conn->execute_script("INSERT INTO rt_tx VALUES (5)");
    CHECK_THROWS_AS(conn->execute_script("INSERT INTO rt_tx VALUES (1)"), IntegrityError);
    CHECK(expect_error<DatabaseError>([&] { scalar(*conn, "SELECT 1"); }).sqlstate() == "25P02");
    CHECK_THROWS_AS(conn->commit(), InvalidRequestError);
    CHECK(count(*conn) == 1);
    // A savepoint rescues a transaction from a failure.
    conn->begin(IsolationLevel::Default);
    conn->savepoint("before");
    CHECK_THROWS_AS(conn->execute_script("INSERT INTO rt_tx VALUES (1)"), IntegrityError);
    conn->rollback_to_savepoint("before");
    conn->execute_script("INSERT INTO rt_tx VALUES (6)");
    conn->commit();
    CHECK(count(*other) == 2);
    conn->execute_script("DROP TABLE rt_tx");
}

TEST_CASE("postgresql: serialization failures and lock timeouts are retryable") {
    if (skip()) return;
    auto a = open();
    auto b = open();
    a->execute_script(
        "DROP TABLE IF EXISTS rt_lock; CREATE TABLE rt_lock (id int PRIMARY KEY, v int);"
        "INSERT INTO rt_lock VALUES (1, 0)");
    a->begin(IsolationLevel::RepeatableRead);
    b->begin(IsolationLevel::RepeatableRead);
    CHECK(scalar(*a, "SELECT v FROM rt_lock WHERE id = 1") == Value(0));
    CHECK(scalar(*b, "SELECT v FROM rt_lock WHERE id = 1") == Value(0));
    a->execute_script("UPDATE rt_lock SET v = 1 WHERE id = 1");
    a->commit();
    auto e = expect_error<OperationalError>([&] {
        run(*b, text("UPDATE rt_lock SET v = :v WHERE id = 1"), {{"v", 2}});
    });
    CHECK(e.sqlstate() == "40001");
    CHECK(e.retryable());
    CHECK(e.parameters() == std::vector<std::string>{"2"});
    b->rollback();

    a->begin(IsolationLevel::Default);
    a->execute_script("SELECT * FROM rt_lock FOR UPDATE");
    auto locked = expect_error<OperationalError>(
        [&] { b->execute_script("SELECT * FROM rt_lock FOR UPDATE NOWAIT"); });
    CHECK(locked.sqlstate() == "55P03");
    CHECK(locked.retryable());
    a->rollback();
    CHECK(b->ping());
    a->execute_script("DROP TABLE rt_lock");
}

TEST_CASE("postgresql: a terminated backend raises DisconnectionError, then ping fails") {
    if (skip()) return;
    auto victim = open();
    auto killer = open();
    auto pid = scalar(*victim, "SELECT pg_backend_pid()", BigInteger{});
    auto held = victim->prepare("SELECT 1", nullptr);
    CHECK(scalar(*killer, "SELECT pg_terminate_backend(:pid::int)", Boolean{}, {{"pid", pid}}) ==
          Value(true));
    std::this_thread::sleep_for(100ms);
    auto e = expect_error<DisconnectionError>([&] { scalar(*victim, "SELECT 1"); });
    MESSAGE("after pg_terminate_backend: " << std::string(e.what()));
    CHECK_FALSE(victim->ping());
    CHECK_THROWS_AS(victim->execute_script("SELECT 1"), DisconnectionError);
    CHECK_THROWS_AS(victim->begin(IsolationLevel::Default), DisconnectionError);
    held.reset();  // statements of a dead connection are released cleanly
    victim.reset();
    CHECK(killer->ping());
}

TEST_CASE("postgresql: a server restart is a DisconnectionError") {
    if (skip()) return;
    const char* restart = std::getenv("RETORT_TEST_POSTGRESQL_RESTART");
    if (!restart || !*restart) {
        MESSAGE("skipped: RETORT_TEST_POSTGRESQL_RESTART is not set");
        return;
    }
    auto conn = open();
    CHECK(conn->ping());
    REQUIRE(std::system(restart) == 0);
    CHECK_THROWS_AS(scalar(*conn, "SELECT 1"), DisconnectionError);
    CHECK_FALSE(conn->ping());
    auto fresh = open();
    CHECK(fresh->ping());
}

TEST_CASE("postgresql: execute_many pipelines the batch and reports a failing row") {
    if (skip()) return;
    auto conn = open();
    conn->execute_script(
        "DROP TABLE IF EXISTS rt_many; CREATE TABLE rt_many (id int PRIMARY KEY, name text, "
        "amount numeric(12,2), at timestamp, flag bool, u uuid, score float8)");
    MetaData meta;
    Table t{meta,
            "rt_many",
            Column{"id", Integer{}, primary_key()},
            Column{"name", Text{}},
            Column{"amount", Numeric{12, 2}},
            Column{"at", DateTime{}},
            Column{"flag", Boolean{}},
            Column{"u", UUID{}},
            Column{"score", Double{}}};
    auto compiled = compile(insert(t).values({{"id", bindparam("id")},
                                              {"name", bindparam("name")},
                                              {"amount", bindparam("amount")},
                                              {"at", bindparam("at")},
                                              {"flag", bindparam("flag")},
                                              {"u", bindparam("u")},
                                              {"score", bindparam("score")}}),
                            postgresql_dialect());
    constexpr int rows = 5000;  // several times the pipeline's read window
    auto make_params = [&](int first, int count) {
        std::vector<Parameters> params;
        for (int i = first; i < first + count; ++i) {
            std::string hex = std::to_string(i);
            params.push_back(
                {{"id", i},
                 {"name", i % 7 == 0 ? Value() : Value("name " + hex)},
                 {"amount", Decimal{std::to_string(i) + ".25"}},
                 {"at", Timestamp{std::chrono::sys_days{2024y / 1 / 1} + std::chrono::seconds{i}}},
                 {"flag", i % 2 == 0},
                 {"u",
                  Uuid::parse("123e4567e89b12d3a456" + std::string(12 - hex.size(), '0') + hex)},
                 {"score", i * 0.5}});
        }
        return params;
    };
    auto bind_all = [&](const std::vector<Parameters>& params) {
        std::vector<BoundStatement> batch;
        for (const auto& p : params)
            batch.push_back(compiled.bind(&p));
        return batch;
    };
    auto statement = conn->prepare(compiled.form().sql(), &compiled.form());
    const auto params = make_params(0, rows);
    const auto batch = bind_all(params);
    auto started = std::chrono::steady_clock::now();
    CHECK(conn->execute_many(*statement, batch) == rows);
    auto pipelined = std::chrono::steady_clock::now() - started;
    CHECK(scalar(*conn, "SELECT count(*) FROM rt_many") == Value(rows));
    // 0 + 1 + ... + 4999 plus 5000 quarters.
    CHECK(scalar(*conn, "SELECT sum(amount) FROM rt_many", Numeric{}) ==
          Value(Decimal{"12498750.00"}));
    CHECK(scalar(*conn, "SELECT count(*) FROM rt_many WHERE name IS NULL") ==
          Value((rows + 6) / 7));
    CHECK(scalar(*conn, "SELECT u FROM rt_many WHERE id = 4321", UUID{}) ==
          Value(Uuid::parse("123e4567e89b12d3a456000000004321")));

    // The same rows one round trip each, for comparison.
    conn->execute_script("TRUNCATE rt_many");
    started = std::chrono::steady_clock::now();
    for (const auto& bound : batch)
        statement->execute(bound);
    auto looped = std::chrono::steady_clock::now() - started;
    statement->reset();
    MESSAGE("execute_many of " << rows << " rows: pipeline "
                               << std::chrono::duration<double, std::milli>(pipelined).count()
                               << " ms, one round trip each "
                               << std::chrono::duration<double, std::milli>(looped).count()
                               << " ms");
    conn->execute_script("TRUNCATE rt_many");

    // A failing row (a duplicate of row 3 at position 2000): the error names that row, the
    // batch is one implicit transaction so nothing stays, and the connection stays usable.
    auto failing = make_params(0, 3000);
    failing[2000] = make_params(3, 1)[0];
    const auto bad_batch = bind_all(failing);
    auto e = expect_error<IntegrityError>([&] { conn->execute_many(*statement, bad_batch); });
    CHECK(e.sqlstate() == "23505");
    REQUIRE(e.parameters().size() == 7);
    CHECK(e.parameters()[0] == "3");
    CHECK(scalar(*conn, "SELECT count(*) FROM rt_many") == Value(0));
    CHECK(conn->ping());
    CHECK(conn->execute_many(*statement, std::span(batch).first(10)) == 10);

    // Inside a transaction the failure aborts it, as any failed statement does.
    conn->begin(IsolationLevel::Default);
    CHECK_THROWS_AS(conn->execute_many(*statement, std::span(batch).first(20)), IntegrityError);
    CHECK_THROWS_AS(scalar(*conn, "SELECT 1"), DatabaseError);
    conn->rollback();
    CHECK(scalar(*conn, "SELECT count(*) FROM rt_many") == Value(10));

    // A row that cannot be encoded is refused before any row is sent.
    auto nul_params = make_params(100, 5);
    nul_params[4].set("amount", Decimal{std::string("1\0", 2)});
    CHECK_THROWS_AS(conn->execute_many(*statement, bind_all(nul_params)), DataError);
    CHECK(scalar(*conn, "SELECT count(*) FROM rt_many") == Value(10));
    CHECK(conn->execute_many(*statement, {}) == 0);
    statement.reset();
    conn->execute_script("DROP TABLE rt_many");
}

TEST_CASE("postgresql: a prepared SELECT * follows ALTER TABLE outside a transaction") {
    if (skip()) return;
    auto conn = open();
    conn->execute_script(
        "DROP TABLE IF EXISTS rt_alter; CREATE TABLE rt_alter (id int);"
        "INSERT INTO rt_alter VALUES (1)");
    auto statement = conn->prepare("SELECT * FROM rt_alter WHERE id = $1", nullptr);
    std::string sql = "SELECT * FROM rt_alter WHERE id = $1";
    const Value one = 1;
    BoundStatement bound;
    bound.form_sql = &sql;
    bound.parameters = {&one};
    bound.parameter_names = {"id"};
    bound.parameter_types = {nullptr};
    CHECK(statement->execute(bound).column_count() == 1);
    statement->reset();
    conn->execute_script("ALTER TABLE rt_alter ADD COLUMN note text DEFAULT 'x'");
    // The server refuses the old plan; the statement parses again and runs.
    DriverCursor& cursor = statement->execute(bound);
    REQUIRE(cursor.column_count() == 2);
    REQUIRE(cursor.next());
    CHECK(cursor.get_text(1) == "x");
    statement->reset();
    // Inside a transaction the refusal has aborted it already: it is reported.
    conn->execute_script("ALTER TABLE rt_alter ADD COLUMN more int");
    conn->begin(IsolationLevel::Default);
    CHECK(expect_error<NotSupportedError>([&] { statement->execute(bound); }).sqlstate() ==
          "0A000");
    conn->rollback();
    CHECK(statement->execute(bound).column_count() == 3);
    statement.reset();
    conn->execute_script("DROP TABLE rt_alter");
}

TEST_CASE("postgresql: dropped statements are freed on the server") {
    if (skip()) return;
    auto conn = open();
    auto count = [&] {
        return *scalar(*conn, "SELECT count(*) FROM pg_prepared_statements").get_if<std::int64_t>();
    };
    const auto before = count();
    auto a = conn->prepare("SELECT 1", nullptr);
    auto b = conn->prepare("SELECT 2", nullptr);
    CHECK(count() >= before + 2);
    const auto with_both = count();
    a.reset();
    b.reset();
    CHECK(count() <= with_both - 2);
    // Inside a transaction the names wait for the next prepare outside one.
    conn->begin(IsolationLevel::Default);
    auto c = conn->prepare("SELECT 3", nullptr);
    c.reset();
    conn->prepare("SELECT 4", nullptr);
    conn->commit();
    CHECK(conn->ping());
}

TEST_CASE("postgresql: reflection of a schema with every constraint kind") {
    if (skip()) return;
    auto conn = open();
    conn->execute_script(
        "DROP TABLE IF EXISTS rt_orders; DROP TABLE IF EXISTS rt_customers;"
        "DROP TYPE IF EXISTS rt_mood; DROP DOMAIN IF EXISTS rt_positive;"
        "CREATE TYPE rt_mood AS ENUM ('sad', 'ok', 'it''s fine');"
        "CREATE DOMAIN rt_positive AS numeric(10,2) CHECK (VALUE >= 0);"
        "CREATE TABLE rt_customers ("
        " id serial,"
        " email varchar(100) NOT NULL,"
        " name varchar(50) DEFAULT 'anon',"
        " active boolean NOT NULL DEFAULT true,"
        " mood rt_mood,"
        " prefs jsonb,"
        " balance rt_positive DEFAULT 0,"
        " created timestamptz DEFAULT now(),"
        " token uuid,"
        " photo bytea,"
        " bio text,"
        " ratio real,"
        " CONSTRAINT pk_customers PRIMARY KEY (id),"
        " CONSTRAINT uq_email UNIQUE (email),"
        " CONSTRAINT ck_name CHECK (char_length(name) > 1));"
        "COMMENT ON TABLE rt_customers IS 'people who buy';"
        "COMMENT ON COLUMN rt_customers.email IS 'login address';"
        "CREATE INDEX ix_name_created ON rt_customers (name, created);"
        "CREATE UNIQUE INDEX ix_lower_email ON rt_customers (lower(email)) WHERE active;"
        "CREATE TABLE rt_orders ("
        " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
        " customer_id int NOT NULL,"
        " region char(2) NOT NULL,"
        " number int NOT NULL,"
        " amount double precision,"
        " placed date,"
        " due time,"
        " wait interval,"
        " small smallint,"
        " CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES rt_customers (id)"
        "  ON DELETE CASCADE ON UPDATE SET NULL,"
        " CONSTRAINT uq_region_number UNIQUE (region, number));");

    auto names = postgresql_backend().table_names(*conn, "");
    CHECK(std::find(names.begin(), names.end(), "rt_customers") != names.end());
    CHECK(std::find(names.begin(), names.end(), "rt_orders") != names.end());
    CHECK(std::is_sorted(names.begin(), names.end()));
    CHECK(postgresql_backend().table_names(*conn, "public") == names);
    CHECK(postgresql_backend().table_names(*conn, "rt_no_such_schema").empty());

    auto tables =
        postgresql_backend().reflect(*conn, {"", {"rt_orders", "rt_customers", "rt_missing"}});
    REQUIRE(tables.size() == 2);
    const ReflectedTable& o = tables[0];
    const ReflectedTable& c = tables[1];
    REQUIRE(o.name == "rt_orders");
    REQUIRE(c.name == "rt_customers");
    CHECK(c.schema.empty());
    CHECK(c.comment == "people who buy");
    CHECK(o.comment.empty());
    REQUIRE(c.columns.size() == 12);
    auto col = [&](const ReflectedTable& t, std::string_view name) -> const ReflectedColumn& {
        for (const auto& x : t.columns)
            if (x.name == name) return x;
        FAIL("no column " << name);
        throw std::logic_error("unreachable");
    };
    CHECK(c.columns[0].name == "id");
    CHECK(col(c, "id").type == Integer{});
    CHECK(col(c, "id").autoincrement);
    CHECK_FALSE(col(c, "id").nullable);
    REQUIRE(col(c, "id").default_sql);
    CHECK(col(c, "id").default_sql->starts_with("nextval("));
    CHECK(col(c, "email").type == String{100});
    CHECK(col(c, "email").native_type == "character varying(100)");
    CHECK(col(c, "email").comment == "login address");
    CHECK_FALSE(col(c, "email").nullable);
    CHECK_FALSE(col(c, "email").autoincrement);
    CHECK(col(c, "name").default_sql == std::optional<std::string>("'anon'::character varying"));
    CHECK(col(c, "name").nullable);
    CHECK(col(c, "active").type == Boolean{});
    CHECK(col(c, "active").default_sql == std::optional<std::string>("true"));
    REQUIRE(col(c, "mood").type.kind == TypeKind::Enum);
    CHECK(col(c, "mood").type.enumeration->name == "rt_mood");
    CHECK(col(c, "mood").type.enumeration->labels ==
          std::vector<std::string>{"sad", "ok", "it's fine"});
    CHECK(col(c, "prefs").type == JSON{});
    CHECK(col(c, "balance").type == Numeric{10, 2});  // the domain's base type
    CHECK(col(c, "balance").native_type == "rt_positive");
    CHECK(col(c, "created").type == DateTime{true});
    CHECK(col(c, "created").default_sql == std::optional<std::string>("now()"));
    CHECK(col(c, "token").type == UUID{});
    CHECK(col(c, "photo").type == LargeBinary{});
    CHECK(col(c, "bio").type == Text{});
    CHECK(col(c, "ratio").type == Float{});
    CHECK(c.primary_key_name == "pk_customers");
    CHECK(c.primary_key == std::vector<std::string>{"id"});
    REQUIRE(c.unique_constraints.size() == 1);
    CHECK(c.unique_constraints[0].name == "uq_email");
    CHECK(c.unique_constraints[0].columns == std::vector<std::string>{"email"});
    REQUIRE(c.check_constraints.size() == 1);  // the domain's check belongs to the domain
    CHECK(c.check_constraints[0].name == "ck_name");
    CHECK(c.check_constraints[0].sql == "char_length(name::text) > 1");
    REQUIRE(c.indexes.size() == 2);  // those backing the key and uq_email are constraints
    CHECK(c.indexes[0].name == "ix_lower_email");
    CHECK(c.indexes[0].unique);
    CHECK(c.indexes[0].columns == std::vector<std::string>{""});
    CHECK(c.indexes[0].where_sql == "active");
    CHECK(c.indexes[1].name == "ix_name_created");
    CHECK(c.indexes[1].columns == std::vector<std::string>{"name", "created"});
    CHECK_FALSE(c.indexes[1].unique);
    CHECK(c.indexes[1].where_sql.empty());

    CHECK(col(o, "id").type == BigInteger{});
    CHECK(col(o, "id").autoincrement);
    CHECK_FALSE(col(o, "id").default_sql);
    CHECK(col(o, "amount").type == Double{});
    CHECK(col(o, "region").type == String{2});
    CHECK(col(o, "placed").type == Date{});
    CHECK(col(o, "due").type == Time{});
    CHECK(col(o, "wait").type == Interval{});
    CHECK(col(o, "small").type == SmallInteger{});
    CHECK(o.primary_key == std::vector<std::string>{"id"});
    CHECK(o.primary_key_name == "rt_orders_pkey");
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
    CHECK(o.indexes.empty());

    // A named schema: the tables say so, and so do references into it.
    auto in_public = postgresql_backend().reflect(*conn, {"public", {"rt_orders"}});
    REQUIRE(in_public.size() == 1);
    CHECK(in_public[0].schema == "public");
    CHECK(in_public[0].foreign_keys[0].referred_schema == "public");
    // All tables of the schema when none are named.
    auto all = postgresql_backend().reflect(*conn, {});
    CHECK(all.size() == names.size());

    // The reflected description builds a Table.
    MetaData meta;
    Table built = table_from_reflection(meta, c);
    CHECK(built.name() == "rt_customers");
    conn->execute_script(
        "DROP TABLE rt_orders; DROP TABLE rt_customers; DROP TYPE rt_mood; DROP DOMAIN "
        "rt_positive");
}
