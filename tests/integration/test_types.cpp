// Round trips of every Core type through a real table and Row::get<T>: integers, floating
// point, booleans, strings, bytes, dates and times, intervals, decimals, UUIDs, JSON, enums, NULLs.
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "fixtures.hpp"

using namespace retort;
using namespace retort::it;
using namespace std::chrono;
using namespace std::chrono_literals;

namespace {

Timestamp at(year_month_day day, microseconds since_midnight) {
    return Timestamp{sys_days{day} + since_midnight};
}

std::string big_text(std::size_t size) {
    std::string out;
    out.reserve(size);
    for (std::size_t i = 0; out.size() < size; ++i)
        out += static_cast<char>('a' + i % 26);
    return out;
}

}  // namespace

TEST_CASE("types: SmallInteger keeps its limits") {
    REQUIRE_DATABASE();
    ValueTable t(SmallInteger{});
    CHECK(t.round_trip<std::int16_t>(std::numeric_limits<std::int16_t>::min()) == -32768);
    CHECK(t.round_trip<std::int16_t>(std::numeric_limits<std::int16_t>::max()) == 32767);
    CHECK(t.round_trip<std::int16_t>(0) == 0);
    CHECK(t.round_trip<std::int64_t>(-1) == -1);
}

TEST_CASE("types: Integer keeps its limits") {
    REQUIRE_DATABASE();
    ValueTable t(Integer{});
    CHECK(t.round_trip<std::int32_t>(std::numeric_limits<std::int32_t>::min()) ==
          std::numeric_limits<std::int32_t>::min());
    CHECK(t.round_trip<std::int32_t>(std::numeric_limits<std::int32_t>::max()) ==
          std::numeric_limits<std::int32_t>::max());
    CHECK(t.round_trip<int>(42) == 42);
}

TEST_CASE("types: BigInteger keeps the limits of int64") {
    REQUIRE_DATABASE();
    ValueTable t(BigInteger{});
    CHECK(t.round_trip<std::int64_t>(std::numeric_limits<std::int64_t>::min()) ==
          std::numeric_limits<std::int64_t>::min());
    CHECK(t.round_trip<std::int64_t>(std::numeric_limits<std::int64_t>::max()) ==
          std::numeric_limits<std::int64_t>::max());
    CHECK(t.round_trip<std::int64_t>(9007199254740993LL) == 9007199254740993LL);  // not a double
}

TEST_CASE("types: a value beyond an Integer column's range") {
    REQUIRE_DATABASE();
    ValueTable t(Integer{});
    const std::int64_t too_big = 2147483648LL;
    if (is_sqlite()) {
        // SQLite does not enforce column ranges: the value is stored as is.
        t.put(1, too_big);
        CHECK(t.get<std::int64_t>(1) == too_big);
        auto e = expect_throw<DataError>([&] { t.get<std::int32_t>(1); });
        CHECK(contains(e.what(), "2147483648"));
    } else {
        // PostgreSQL: 22003 integer out of range; MariaDB strict mode: 1264 out of range value.
        auto e = expect_throw<DataError>([&] { t.put(1, too_big); });
        CHECK(e.sqlstate() == "22003");
        CHECK(count_rows(t.conn, t.table) == 0);
    }
}

TEST_CASE("types: reading into a narrower C++ integer is a DataError naming the value") {
    REQUIRE_DATABASE();
    ValueTable t(BigInteger{});
    t.put(1, 100000);
    CHECK(t.get<std::int32_t>(1) == 100000);
    auto e = expect_throw<DataError>([&] { t.get<std::int16_t>(1); });
    CHECK(contains(e.what(), "'v'"));
    CHECK(contains(e.what(), "100000"));
    CHECK(contains(e.what(), "std::int16_t"));
}

TEST_CASE("types: Double round trips exactly") {
    REQUIRE_DATABASE();
    ValueTable t(Double{});
    for (double v : {3.141592653589793, -2.5, 1e-300, 1.7976931348623157e308, 0.1 + 0.2, 0.0})
        CHECK(t.round_trip<double>(v) == v);
    CHECK(t.round_trip<float>(0.5) == 0.5f);
}

TEST_CASE("types: Float is single precision on MariaDB only") {
    REQUIRE_DATABASE();
    ValueTable t(Float{});
    // FLOAT is 4 bytes on MariaDB; PostgreSQL's FLOAT is double precision and SQLite's REAL
    // is 8 bytes.
    CHECK(t.round_trip<double>(0.5) == 0.5);
    double back = t.round_trip<double>(0.1);
    CHECK(back == doctest::Approx(0.1).epsilon(1e-6));
    CHECK((back == 0.1) == !is_mysql());
    CHECK(back == (is_mysql() ? static_cast<double>(0.1f) : 0.1));
}

TEST_CASE("types: Boolean round trips and compares") {
    REQUIRE_DATABASE();
    ValueTable t(Boolean{});
    t.put(1, true);
    t.put(2, false);
    CHECK(t.get<bool>(1) == true);
    CHECK(t.get<bool>(2) == false);
    auto trues =
        t.conn.execute(select(t.table.c("id")).where(t.table.c("v") == true)).scalars<int>();
    CHECK(trues == std::vector<int>{1});
    auto falses = t.conn.execute(select(t.table.c("id")).where(!t.table.c("v"))).scalars<int>();
    CHECK(falses == std::vector<int>{2});
    // The value of a boolean column as a Value is a bool on every database.
    auto row = t.conn.execute(select(t.table.c("v")).where(t.table.c("id") == 1)).one();
    CHECK(row.value(0).kind() == ValueKind::Boolean);
}

TEST_CASE("types: String keeps 4-byte unicode") {
    REQUIRE_DATABASE();
    ValueTable t(String{100});
    const std::string s = "h\u00e9llo \u2014 \u65e5\u672c\u8a9e \U0001F389\U0001F44D\U0001F3FD";
    CHECK(t.round_trip<std::string>(s) == s);
    CHECK(t.round_trip<std::string>("\U0001F600") == "\U0001F600");
    // Filtering by the same text finds the row.
    auto found =
        t.conn.execute(select(func.count()).select_from(t.table).where(t.table.c("v") == s));
    CHECK(found.scalar_one<std::int64_t>() == 1);
}

TEST_CASE("types: length() counts characters, except MySQL's LENGTH which counts bytes") {
    REQUIRE_DATABASE();
    ValueTable t(String{20});
    t.put(1, "\u65e5\u672c\U0001F389");  // 3 characters, 3 + 3 + 4 bytes in UTF-8
    auto n = t.conn.execute(select(func.length(t.table.c("v")))).scalar_one<std::int64_t>();
    CHECK(n == (is_mysql() ? 10 : 3));
    auto chars = t.conn.execute(select(func(is_mysql() ? "char_length" : "length", t.table.c("v"))))
                     .scalar_one<std::int64_t>();
    CHECK(chars == 3);
}

TEST_CASE("types: quotes, backslashes, percent signs and SQL in values stay data") {
    REQUIRE_DATABASE();
    ValueTable t(String{200});
    for (std::string s :
         {std::string("it's \"quoted\""), std::string("back\\slash \\' \\\\"),
          std::string("100% ?_ %s $1 :name"), std::string("'); DROP TABLE it_values; --"),
          std::string("tab\there\nnewline")})
        CHECK(t.round_trip<std::string>(s) == s);
    CHECK(count_rows(t.conn, t.table) == 5);
}

TEST_CASE("types: Text of 1 MiB") {
    REQUIRE_DATABASE();
    ValueTable t(Text{});
    const std::string s = big_text(1 << 20);
    t.put(1, s);
    CHECK(t.get<std::string>(1) == s);
    auto n = t.conn.execute(select(func.length(t.table.c("v")))).scalar_one<std::int64_t>();
    CHECK(n == (1 << 20));
}

TEST_CASE("types: an empty string is not NULL") {
    REQUIRE_DATABASE();
    ValueTable t(String{10});
    t.put(1, "");
    auto row = t.conn.execute(select(t.table.c("v"))).one();
    CHECK_FALSE(row.is_null(0));
    CHECK(row.get<std::string>(0).empty());
    CHECK(t.conn.execute(select(func.count()).select_from(t.table).where(t.table.c("v") == nullptr))
              .scalar_one<std::int64_t>() == 0);
}

TEST_CASE("types: LargeBinary keeps all 256 byte values") {
    REQUIRE_DATABASE();
    ValueTable t(LargeBinary{});
    Bytes all(256);
    for (int i = 0; i < 256; ++i)
        all[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i);
    CHECK(t.round_trip<Bytes>(all) == all);
    Bytes reversed(all.rbegin(), all.rend());
    CHECK(t.round_trip<Bytes>(reversed) == reversed);
    CHECK(t.round_trip<Bytes>(Bytes{0, 0, 0}) == Bytes{0, 0, 0});
}

TEST_CASE("types: LargeBinary of 1 MiB") {
    REQUIRE_DATABASE();
    ValueTable t(LargeBinary{});
    Bytes data(1 << 20);
    std::uint32_t x = 12345;
    for (auto& b : data) {
        x = x * 1103515245u + 12345u;
        b = static_cast<std::uint8_t>(x >> 16);
    }
    Bytes back = t.round_trip<Bytes>(data);
    CHECK(back.size() == data.size());
    CHECK(back == data);
}

TEST_CASE("types: an empty LargeBinary is not NULL") {
    REQUIRE_DATABASE();
    ValueTable t(LargeBinary{});
    t.put(1, Bytes{});
    auto row = t.conn.execute(select(t.table.c("v"))).one();
    CHECK_FALSE(row.is_null(0));
    CHECK(row.get<Bytes>(0).empty());
}

TEST_CASE("types: Date round trips and compares") {
    REQUIRE_DATABASE();
    ValueTable t(Date{});
    for (year_month_day d :
         {2024y / February / 29, 1000y / January / 1, 9999y / December / 31, 1970y / January / 1})
        CHECK(t.round_trip<year_month_day>(d) == d);
    auto later = t.conn
                     .execute(select(func.count())
                                  .select_from(t.table)
                                  .where(t.table.c("v") > year_month_day{2000y / January / 1}))
                     .scalar_one<std::int64_t>();
    CHECK(later == 2);
}

TEST_CASE("types: DateTime without time zone keeps microseconds") {
    REQUIRE_DATABASE();
    ValueTable t(DateTime{});
    for (Timestamp ts :
         {at(2024y / February / 29, 13h + 45min + 7s + 123456us),
          at(1999y / December / 31, 23h + 59min + 59s + 999999us), at(2000y / January / 1, 0us)})
        CHECK(t.round_trip<Timestamp>(ts) == ts);
    t.put(99, at(2024y / March / 1, 1h + 1us));
    auto tp = t.get<sys_time<microseconds>>(99);
    CHECK(tp == sys_days{2024y / March / 1} + 1h + 1us);
}

TEST_CASE("types: DateTime with time zone keeps the instant") {
    REQUIRE_DATABASE();
    ValueTable t(DateTime{true});
    Timestamp ts = at(2024y / July / 14, 22h + 30min + 0s + 5us);
    CHECK(t.round_trip<Timestamp>(ts) == ts);
    // Ordering follows the instant.
    t.put(10, at(2024y / July / 14, 21h));
    auto ids = t.conn.execute(select(t.table.c("id")).order_by(t.table.c("v"))).scalars<int>();
    CHECK(ids == std::vector<int>{10, 1});
}

TEST_CASE("types: Time keeps microseconds") {
    REQUIRE_DATABASE();
    ValueTable t(Time{});
    for (TimeOfDay v : {TimeOfDay{0us}, TimeOfDay{13h + 45min + 7s + 250000us},
                        TimeOfDay{23h + 59min + 59s + 999999us}})
        CHECK(t.round_trip<TimeOfDay>(v) == v);
}

TEST_CASE("types: Interval keeps months on PostgreSQL, microseconds elsewhere") {
    REQUIRE_DATABASE();
    ValueTable t(Interval{});
    const IntervalValue small(0, 3, 4 * 3600000000LL + 5 * 60000000LL + 6500000);
    IntervalValue back = t.round_trip<IntervalValue>(small);
    if (is_postgresql()) {
        // INTERVAL keeps days apart from microseconds.
        CHECK(back == small);
    } else {
        // BIGINT microseconds: a day is 86,400 s.
        CHECK(back == IntervalValue(0, 0, 3 * 86400000000LL + small.microseconds));
    }
    CHECK(t.round_trip<IntervalValue>(IntervalValue(90s)).microseconds == 90000000);
    CHECK(t.round_trip<IntervalValue>(IntervalValue(-1500ms)).microseconds == -1500000);
}

TEST_CASE("types: an Interval with months is a DataError without an interval type") {
    REQUIRE_DATABASE();
    ValueTable t(Interval{});
    const IntervalValue with_months(14, 2, 1000);
    if (is_postgresql()) {
        CHECK(t.round_trip<IntervalValue>(with_months) == with_months);
    } else {
        auto e = expect_throw<DataError>([&] { t.put(1, with_months); });
        CHECK(contains(e.what(), "months"));
        CHECK(count_rows(t.conn, t.table) == 0);
    }
}

TEST_CASE("types: Numeric(30, 10) keeps every digit except in SQLite's REAL affinity") {
    REQUIRE_DATABASE();
    ValueTable t(Numeric{30, 10});
    const Decimal wide{"12345678901234567890.0123456789"};  // 30 significant digits
    Decimal back = t.round_trip<Decimal>(wide);
    if (is_sqlite()) {
        // NUMERIC affinity stores a real literal as an 8-byte REAL: 15 significant digits.
        CHECK(back.text == "1.23456789012346e+19");
    } else {
        CHECK(back == wide);
    }
    // A value within 15 significant digits survives everywhere (SQLite drops padding zeros).
    Decimal money = t.round_trip<Decimal>(Decimal{"-1234.5"});
    CHECK(money.text == (is_sqlite() ? "-1234.5" : "-1234.5000000000"));
}

TEST_CASE("types: Numeric(10, 2) money values") {
    REQUIRE_DATABASE();
    ValueTable t(Numeric{10, 2});
    CHECK(t.round_trip<Decimal>(Decimal{"19.99"}).text == "19.99");
    CHECK(t.round_trip<Decimal>(Decimal{"-0.01"}).text == "-0.01");
    CHECK(t.round_trip<Decimal>(Decimal{"12345678.90"}).text ==
          (is_sqlite() ? "12345678.9" : "12345678.90"));
    CHECK(t.round_trip<Decimal>(Decimal{"7"}).text == (is_sqlite() ? "7" : "7.00"));
    CHECK(t.round_trip<double>(Decimal{"2.25"}) == 2.25);
    // Sums are exact on the servers.
    auto sum = t.conn.execute(select(func.sum(t.table.c("v")))).scalar_one<Decimal>();
    CHECK(parse_double(sum.text) == doctest::Approx(19.99 - 0.01 + 12345678.90 + 7 + 2.25));
}

TEST_CASE("types: UUID round trips; stored as 32 hex digits without a native type") {
    REQUIRE_DATABASE();
    ValueTable t(UUID{});
    const Uuid u = Uuid::parse("1b4e28ba-2fa1-11d2-883f-0016d3cca427");
    CHECK(t.round_trip<Uuid>(u) == u);
    auto stored =
        t.conn.execute(text("SELECT v FROM it_values WHERE id = 1")).scalar_one<std::string>();
    CHECK(stored == (is_postgresql() ? "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
                                     : "1b4e28ba2fa111d2883f0016d3cca427"));
    auto found =
        t.conn.execute(select(t.table.c("id")).where(t.table.c("v") == u)).scalar_one<int>();
    CHECK(found == 1);
}

TEST_CASE("types: JSON round trips as retort::Json text") {
    REQUIRE_DATABASE();
    ValueTable t(JSON{});
    const Json doc{R"({"a": [1, 2.5, "x"], "b": null, "c": {"d": true}})"};
    CHECK(t.round_trip<Json>(doc) == doc);
    const Json unicode{R"({"name": "J\u00f6rg \ud83c\udf89", "raw": "\u00e9\u00e8 \"q\" \\"})"};
    CHECK(t.round_trip<Json>(unicode) == unicode);
    CHECK(t.round_trip<Json>(Json{"[]"}) == Json{"[]"});
    CHECK(t.round_trip<std::string>(Json{R"({"k": 1})"}) == R"({"k": 1})");
}

TEST_CASE("types: Enum round trips and sorts by label order where it is native") {
    REQUIRE_DATABASE();
    ValueTable t(Enum{"it_mood", {"sad", "ok", "happy"}});
    CHECK(t.round_trip<std::string>("happy") == "happy");
    t.put(10, "sad");
    t.put(11, "ok");
    auto order =
        t.conn.execute(select(t.table.c("v")).order_by(t.table.c("v"))).scalars<std::string>();
    // PostgreSQL and MariaDB sort by declaration order; SQLite's VARCHAR sorts by text.
    if (is_sqlite())
        CHECK(order == std::vector<std::string>{"happy", "ok", "sad"});
    else
        CHECK(order == std::vector<std::string>{"sad", "ok", "happy"});
}

TEST_CASE("types: a label outside the Enum is refused") {
    REQUIRE_DATABASE();
    ValueTable t(Enum{"it_mood", {"sad", "ok", "happy"}});
    if (is_sqlite()) {
        // The VARCHAR column carries a CHECK (v IN (...)).
        expect_throw<IntegrityError>([&] { t.put(1, "angry"); });
    } else {
        // PostgreSQL: 22P02 invalid input value for enum; MariaDB strict mode: 1265 truncated.
        expect_throw<DataError>([&] { t.put(1, "angry"); });
    }
    CHECK(count_rows(t.conn, t.table) == 0);
}

TEST_CASE("types: NULL reads into std::optional") {
    REQUIRE_DATABASE();
    ValueTable t(Integer{});
    t.put(1, nullptr);
    t.put(2, 7);
    auto rows = t.conn.execute(select(t.table.c("v")).order_by(t.table.c("id"))).all();
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].is_null(0));
    CHECK(rows[0].get<std::optional<std::int64_t>>(0) == std::nullopt);
    CHECK(rows[0].get<std::optional<std::string>>("v") == std::nullopt);
    CHECK(rows[0].value(0).is_null());
    CHECK(rows[1].get<std::optional<std::int64_t>>(0) == 7);
}

TEST_CASE("types: NULL into a non-optional is a DataError naming the column and both types") {
    REQUIRE_DATABASE();
    ValueTable t(Integer{});
    t.put(1, nullptr);
    auto e = expect_throw<DataError>([&] { t.get<std::int64_t>(1); });
    CHECK(contains(e.what(), "'v'"));
    CHECK(contains(e.what(), "Integer"));
    CHECK(contains(e.what(), "std::int64_t"));
    CHECK(contains(e.what(), "NULL"));
    // The same from a streaming row.
    auto result = t.conn.execute(select(t.table.c("v")));
    for (const Row& row : result) {
        auto streamed = expect_throw<DataError>([&] { row.get<std::string>(0); });
        CHECK(contains(streamed.what(), "'v'"));
        CHECK(contains(streamed.what(), "std::string"));
    }
}

TEST_CASE("types: a string read as an integer is a DataError naming the column and both types") {
    REQUIRE_DATABASE();
    ValueTable t(String{20});
    t.put(1, "twelve");
    auto e = expect_throw<DataError>([&] { t.get<std::int64_t>(1); });
    CHECK(contains(e.what(), "'v'"));
    CHECK(contains(e.what(), "String(20)"));
    CHECK(contains(e.what(), "integer"));
    // Text that is a number reads as one.
    t.put(2, "12");
    CHECK(t.get<std::int64_t>(2) == 12);
}

TEST_CASE("types: every type in one row, read by name") {
    REQUIRE_DATABASE();
    MetaData meta;
    Table all{meta,
              "it_all_types",
              Column{"id", Integer{}, primary_key(), autoincrement(false)},
              Column{"small", SmallInteger{}},
              Column{"big", BigInteger{}},
              Column{"flag", Boolean{}},
              Column{"ratio", Double{}},
              Column{"price", Numeric{12, 3}},
              Column{"name", String{40}},
              Column{"body", Text{}},
              Column{"blob", LargeBinary{}},
              Column{"day", Date{}},
              Column{"at", DateTime{}},
              Column{"at_tz", DateTime{true}},
              Column{"clock", Time{}},
              Column{"wait", Interval{}},
              Column{"uid", UUID{}},
              Column{"doc", JSON{}},
              Column{"mood", Enum{"it_all_mood", {"a", "b"}}}};
    auto engine = test_engine();
    Schema schema(engine, meta);
    auto conn = engine.connect();
    const Uuid uid = Uuid::parse("00112233-4455-6677-8899-aabbccddeeff");
    const Timestamp ts = at(2023y / May / 17, 8h + 9min + 10s + 11us);
    conn.execute(insert(all).values({{"id", 1},
                                     {"small", -5},
                                     {"big", 5000000000LL},
                                     {"flag", true},
                                     {"ratio", 0.25},
                                     {"price", Decimal{"9.125"}},
                                     {"name", "n\u00e4me"},
                                     {"body", "body"},
                                     {"blob", Bytes{1, 2, 3}},
                                     {"day", year_month_day{2023y / May / 17}},
                                     {"at", ts},
                                     {"at_tz", ts},
                                     {"clock", TimeOfDay{8h + 9min}},
                                     {"wait", IntervalValue(2s)},
                                     {"uid", uid},
                                     {"doc", Json{"[1]"}},
                                     {"mood", "b"}}));
    Row row = conn.execute(select(all)).one();
    CHECK(row.keys().size() == 17);
    CHECK(row.get<std::int16_t>("small") == -5);
    CHECK(row.get<std::int64_t>("big") == 5000000000LL);
    CHECK(row.get<bool>("flag"));
    CHECK(row.get<double>("ratio") == 0.25);
    CHECK(row.get<Decimal>("price").text == "9.125");
    CHECK(row.get<std::string>("name") == "n\u00e4me");
    CHECK(row.get<std::string>("body") == "body");
    CHECK(row.get<Bytes>("blob") == Bytes{1, 2, 3});
    CHECK(row.get<year_month_day>("day") == 2023y / May / 17);
    CHECK(row.get<Timestamp>("at") == ts);
    CHECK(row.get<Timestamp>("at_tz") == ts);
    CHECK(row.get<TimeOfDay>("clock") == TimeOfDay{8h + 9min});
    CHECK(row.get<IntervalValue>("wait").microseconds == 2000000);
    CHECK(row.get<Uuid>("uid") == uid);
    CHECK(row.get<Json>("doc") == Json{"[1]"});
    CHECK(row.get<std::string>("mood") == "b");
    // As Values, each column has the kind its declared type implies.
    CHECK(row["small"].kind() == ValueKind::Integer);
    CHECK(row["flag"].kind() == ValueKind::Boolean);
    CHECK(row["ratio"].kind() == ValueKind::Double);
    CHECK(row["price"].kind() == ValueKind::Decimal);
    CHECK(row["name"].kind() == ValueKind::String);
    CHECK(row["blob"].kind() == ValueKind::Bytes);
    CHECK(row["day"].kind() == ValueKind::Date);
    CHECK(row["at"].kind() == ValueKind::Timestamp);
    CHECK(row["clock"].kind() == ValueKind::Time);
    CHECK(row["wait"].kind() == ValueKind::Interval);
    CHECK(row["uid"].kind() == ValueKind::Uuid);
    CHECK(row["doc"].kind() == ValueKind::Json);
}

TEST_CASE("types: NULL in every type reads as std::optional") {
    REQUIRE_DATABASE();
    MetaData meta;
    Table all{meta,
              "it_all_nulls",
              Column{"id", Integer{}, primary_key(), autoincrement(false)},
              Column{"flag", Boolean{}},
              Column{"ratio", Double{}},
              Column{"price", Numeric{12, 3}},
              Column{"name", String{40}},
              Column{"blob", LargeBinary{}},
              Column{"day", Date{}},
              Column{"at", DateTime{}},
              Column{"clock", Time{}},
              Column{"wait", Interval{}},
              Column{"uid", UUID{}},
              Column{"doc", JSON{}}};
    auto engine = test_engine();
    Schema schema(engine, meta);
    auto conn = engine.connect();
    conn.execute(insert(all).values({{"id", 1}}));
    Row row = conn.execute(select(all)).one();
    CHECK_FALSE(row.get<std::optional<bool>>("flag"));
    CHECK_FALSE(row.get<std::optional<double>>("ratio"));
    CHECK_FALSE(row.get<std::optional<Decimal>>("price"));
    CHECK_FALSE(row.get<std::optional<std::string>>("name"));
    CHECK_FALSE(row.get<std::optional<Bytes>>("blob"));
    CHECK_FALSE(row.get<std::optional<year_month_day>>("day"));
    CHECK_FALSE(row.get<std::optional<Timestamp>>("at"));
    CHECK_FALSE(row.get<std::optional<TimeOfDay>>("clock"));
    CHECK_FALSE(row.get<std::optional<IntervalValue>>("wait"));
    CHECK_FALSE(row.get<std::optional<Uuid>>("uid"));
    CHECK_FALSE(row.get<std::optional<Json>>("doc"));
}

TEST_CASE("types: owned rows read dates, UUIDs and integers as text, as streaming rows do") {
    REQUIRE_DATABASE();
    ValueTable t(Date{});
    t.put(1, year_month_day{2024y / January / 31});
    auto q = select(t.table.c("id"), t.table.c("v"));
    for (const Row& row : t.conn.execute(q)) {
        CHECK(row.get<std::string>("id") == "1");
        CHECK(row.get<std::string>("v") == "2024-01-31");
    }
    Row owned = t.conn.execute(q).one();
    CHECK(owned.get<std::string>("id") == "1");
    CHECK(owned.get<std::string>("v") == "2024-01-31");
}

TEST_CASE("types: literal values in a SELECT without FROM are bound with their types") {
    REQUIRE_DATABASE();
    auto engine = test_engine();
    auto conn = engine.connect();
    auto n = conn.execute(select(literal(40, Integer{}) + 2)).scalar_one<std::int64_t>();
    CHECK(n == 42);
    auto s = conn.execute(select(literal("a'b", String{10}).label("s"))).one();
    CHECK(s.get<std::string>("s") == "a'b");
    CHECK(conn.execute(select(literal(nullptr, Integer{}))).scalar<std::int64_t>() == std::nullopt);
}
