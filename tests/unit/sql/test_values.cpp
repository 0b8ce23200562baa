// Value: conversions from the C++ types a user writes as literals, UUID parsing and printing,
// display strings, and how values travel as bound parameters in every dialect.
#include <limits>
#include <sstream>

#include "tables.hpp"

using namespace retort;
using namespace std::chrono;
using retort::test::check_dialects;
using retort::test::error_message;

namespace money {
struct Cents {
    std::int64_t amount;
};
Value to_value(const Cents& c) {
    return Decimal{std::to_string(c.amount / 100) + "." + (c.amount % 100 < 10 ? "0" : "") +
                   std::to_string(c.amount % 100)};
}
}  // namespace money

TEST_CASE("integers of every width become 64-bit integer values") {
    Value a = 42, b = -7LL, c = static_cast<unsigned short>(3), d = std::int8_t{-5};
    Value e = std::numeric_limits<std::int64_t>::min();
    for (const Value* v : {&a, &b, &c, &d, &e})
        CHECK(v->kind() == ValueKind::Integer);
    CHECK(*a.get_if<std::int64_t>() == 42);
    CHECK(*b.get_if<std::int64_t>() == -7);
    CHECK(*c.get_if<std::int64_t>() == 3);
    CHECK(*d.get_if<std::int64_t>() == -5);
    CHECK(*e.get_if<std::int64_t>() == std::numeric_limits<std::int64_t>::min());
    CHECK(Value(1) == Value(1LL));
}

TEST_CASE("bool stays a boolean and never equals an integer") {
    Value t = true, f = false;
    CHECK(t.kind() == ValueKind::Boolean);
    CHECK(*t.get_if<bool>());
    CHECK_FALSE(*f.get_if<bool>());
    CHECK(t != Value(1));
    CHECK(f != Value(0));
    CHECK(t.get_if<std::int64_t>() == nullptr);
}

TEST_CASE("const char*, string_view and std::string become the same string value") {
    const char* p = "abc";
    std::string_view sv = "abc";
    std::string s = "abc";
    Value a = p, b = sv, c = s;
    CHECK(a.kind() == ValueKind::String);
    CHECK(a == b);
    CHECK(b == c);
    CHECK(*c.get_if<std::string>() == "abc");
    Value unicode = "héllo wörld ✓";
    CHECK(*unicode.get_if<std::string>() == "héllo wörld ✓");
}

TEST_CASE("nullptr, nullopt and empty optionals are NULL; a filled optional is its value") {
    Value a = nullptr, b = std::nullopt, c = std::optional<int>{}, d = std::optional<std::string>{};
    for (const Value* v : {&a, &b, &c, &d}) {
        CHECK(v->is_null());
        CHECK(v->kind() == ValueKind::Null);
    }
    Value e = std::optional<int>{5};
    CHECK(e == Value(5));
    Value f = std::optional<std::string>{"x"};
    CHECK(f == Value("x"));
    CHECK(Value() == Value(nullptr));
}

TEST_CASE("float and double become double values") {
    Value a = 2.5, b = 1.5f;
    CHECK(a.kind() == ValueKind::Double);
    CHECK(b.kind() == ValueKind::Double);
    CHECK(*a.get_if<double>() == 2.5);
    CHECK(*b.get_if<double>() == 1.5);
}

TEST_CASE("chrono dates and time points become DATE and TIMESTAMP values") {
    Value ymd = year_month_day{year{2024}, month{2}, day{29}};
    Value days = sys_days{year{2024} / 2 / 29};
    CHECK(ymd.kind() == ValueKind::Date);
    CHECK(ymd == days);

    Value noon = sys_days{year{2024} / 1 / 31} + hours{12};
    CHECK(noon.kind() == ValueKind::Timestamp);
    auto expected = time_point_cast<microseconds>(sys_days{year{2024} / 1 / 31} + hours{12});
    CHECK(noon.get_if<Timestamp>()->time == expected);

    // Sub-microsecond precision is truncated to microseconds.
    Value precise = sys_time<nanoseconds>{nanoseconds{1'500'999}};
    CHECK(precise.get_if<Timestamp>()->time.time_since_epoch() == microseconds{1500});

    Value tod = TimeOfDay{hours{13} + minutes{5}};
    CHECK(tod.kind() == ValueKind::Time);
}

TEST_CASE("intervals keep months, days and microseconds apart") {
    Value a = IntervalValue{1, 2, 3};
    CHECK(a.kind() == ValueKind::Interval);
    CHECK(a.get_if<IntervalValue>()->months == 1);
    CHECK(a.get_if<IntervalValue>()->days == 2);
    CHECK(a.get_if<IntervalValue>()->microseconds == 3);
    Value b = IntervalValue{minutes{90}};
    CHECK(b.get_if<IntervalValue>()->months == 0);
    CHECK(b.get_if<IntervalValue>()->microseconds == 5'400'000'000LL);
}

TEST_CASE("Decimal keeps every digit of its text") {
    Value d = Decimal{"12345678901234567890.123456789"};
    CHECK(d.kind() == ValueKind::Decimal);
    CHECK(d.get_if<Decimal>()->text == "12345678901234567890.123456789");
    CHECK(Value(Decimal{"1.10"}) != Value(Decimal{"1.1"}));  // text, not numeric equality
}

TEST_CASE("Uuid parses the dashed and the 32-digit forms, any case") {
    Uuid dashed = Uuid::parse("12345678-9ABC-def0-1234-56789abcdef0");
    Uuid plain = Uuid::parse("123456789abcdef0123456789ABCDEF0");
    CHECK(dashed == plain);
    CHECK(dashed.bytes[0] == 0x12);
    CHECK(dashed.bytes[15] == 0xf0);
    CHECK(dashed.to_string() == "12345678-9abc-def0-1234-56789abcdef0");
    CHECK(dashed.to_hex() == "123456789abcdef0123456789abcdef0");
    CHECK(Uuid::parse(dashed.to_string()) == dashed);
    CHECK(Uuid{}.to_string() == "00000000-0000-0000-0000-000000000000");
    Value v = dashed;
    CHECK(v.kind() == ValueKind::Uuid);
}

TEST_CASE("malformed UUIDs are ArgumentErrors quoting the text") {
    for (const char* text :
         {"", "123", "12345678-1234-5678-1234-56781234567g",
          "12345678-1234-5678-1234-5678123456789", "123456781234-5678-1234-5678-12345678",
          "{12345678-1234-5678-1234-567812345678}", "12345678123456781234567812345678ab"}) {
        INFO("text: " << text);
        auto message = error_message<ArgumentError>([&] { Uuid::parse(text); });
        CHECK(message.find("malformed UUID '" + std::string(text) + "'") != std::string::npos);
        CHECK(message.find("32 hex digits") != std::string::npos);
    }
}

TEST_CASE("Json and Bytes values keep their contents") {
    Value j = Json{R"({"a": [1, 2]})"};
    CHECK(j.kind() == ValueKind::Json);
    CHECK(j.get_if<Json>()->text == R"({"a": [1, 2]})");
    Value b = Bytes{0x00, 0xff, 0x10};
    CHECK(b.kind() == ValueKind::Bytes);
    CHECK(b.get_if<Bytes>()->size() == 3);
    CHECK((*b.get_if<Bytes>())[1] == 0xff);
}

TEST_CASE("a list value holds values; list() on another kind is an ArgumentError") {
    Value list = std::vector<Value>{1, "x", nullptr};
    CHECK(list.kind() == ValueKind::List);
    REQUIRE(list.list().size() == 3);
    CHECK(list.list()[1] == Value("x"));
    CHECK(list == Value(std::vector<Value>{1, "x", nullptr}));
    CHECK(Value(std::vector<Value>{}).list().empty());
    auto message = error_message<ArgumentError>([] { (void)Value(5).list(); });
    CHECK(message.find("expected a list of values") != std::string::npos);
    CHECK(message.find("integer") != std::string::npos);
}

TEST_CASE("a user type converts through a to_value() found by argument-dependent lookup") {
    Value v = money::Cents{1205};
    CHECK(v == Value(Decimal{"12.05"}));
    retort::test::SqlTables t;
    check_dialects(select(t.orders.c("id")).where(t.orders.c("amount") > money::Cents{999}),
                   {"SELECT orders.id FROM orders WHERE orders.amount > ?", {Decimal{"9.99"}}},
                   {"SELECT orders.id FROM orders WHERE orders.amount > $1", {Decimal{"9.99"}}},
                   {"SELECT orders.id FROM orders WHERE orders.amount > ?", {Decimal{"9.99"}}});
}

TEST_CASE("value kinds have readable names") {
    CHECK(value_kind_name(ValueKind::Null) == "null");
    CHECK(value_kind_name(ValueKind::Integer) == "integer");
    CHECK(value_kind_name(ValueKind::String) == "string");
    CHECK(value_kind_name(ValueKind::Timestamp) == "timestamp");
    CHECK(value_kind_name(ValueKind::Uuid) == "uuid");
    CHECK(value_kind_name(ValueKind::List) == "list");
}

TEST_CASE("display strings quote strings and show bytes, dates and times readably") {
    CHECK(Value(nullptr).to_display_string() == "NULL");
    CHECK(Value(true).to_display_string() == "true");
    CHECK(Value(-12).to_display_string() == "-12");
    CHECK(Value(2.5).to_display_string() == "2.5");
    CHECK(Value("it's").to_display_string() == "'it's'");
    CHECK(Value(Bytes{0x01, 0xab}).to_display_string() == "x'01ab'");
    CHECK(Value(year_month_day{year{2024}, month{2}, day{9}}).to_display_string() == "2024-02-09");
    CHECK(Value(TimeOfDay{hours{13} + minutes{5} + seconds{7} + microseconds{12}})
              .to_display_string() == "13:05:07.000012");
    CHECK(Value(sys_days{year{2024} / 1 / 31} + hours{12}).to_display_string() ==
          "2024-01-31 12:00:00");
    CHECK(Value(Timestamp{sys_days{year{1969} / 12 / 31} + hours{23} + microseconds{500}})
              .to_display_string() == "1969-12-31 23:00:00.000500");
    CHECK(Value(IntervalValue{1, 2, 3}).to_display_string() == "1 months 2 days 3 us");
    CHECK(Value(Decimal{"1.50"}).to_display_string() == "1.50");
    CHECK(Value(Uuid::parse("12345678123456781234567812345678")).to_display_string() ==
          "12345678-1234-5678-1234-567812345678");
    CHECK(Value(Json{"{\"a\":1}"}).to_display_string() == "{\"a\":1}");
    CHECK(Value(std::vector<Value>{1, "x", nullptr}).to_display_string() == "[1, 'x', NULL]");
}

TEST_CASE("display strings of doubles are the shortest form that reads back") {
    CHECK(Value(0.1).to_display_string() == "0.1");
    CHECK(Value(1.0).to_display_string() == "1");
    CHECK(Value(-3.25).to_display_string() == "-3.25");
    CHECK(Value(1e300).to_display_string() == "1e+300");
}

TEST_CASE("long display strings are shortened with an ellipsis") {
    CHECK(Value("abcdefghijkl").to_display_string(10) == "'abcdef...");
    CHECK(Value("abcdefghijkl").to_display_string(10).size() == 10);
    CHECK(Value("abc").to_display_string(5) == "'abc'");
    CHECK(Value(std::string(300, 'z')).to_display_string().size() == 200);
    std::ostringstream out;
    out << Value("x") << ' ' << Value(7);
    CHECK(out.str() == "'x' 7");
}

TEST_CASE("values of every kind travel as positional parameters in every dialect") {
    auto date = year_month_day{year{2024}, month{3}, day{1}};
    Timestamp ts = sys_days{year{2024} / 3 / 1} + hours{8};
    Uuid u = Uuid::parse("12345678123456781234567812345678");
    auto q = select(literal(date).label("d"), literal(ts).label("t"), literal(u).label("u"),
                    literal(Bytes{1, 2}).label("b"), literal(Decimal{"1.5"}).label("n"),
                    literal(Json{"[]"}).label("j"), literal(true).label("f"));
    std::vector<Value> params{date, ts, u, Bytes{1, 2}, Decimal{"1.5"}, Json{"[]"}, true};
    check_dialects(q, {"SELECT ? AS d, ? AS t, ? AS u, ? AS b, ? AS n, ? AS j, ? AS f", params},
                   {"SELECT $1 AS d, $2 AS t, $3 AS u, $4 AS b, $5 AS n, $6 AS j, $7 AS f", params},
                   {"SELECT ? AS d, ? AS t, ? AS u, ? AS b, ? AS n, ? AS j, ? AS f", params});
}

TEST_CASE("a bare value's parameter type follows its C++ type") {
    auto slots = retort::test::slots_of(select(
        literal(5).label("a"), literal("s").label("b"), literal(2.5).label("c"),
        literal(true).label("d"), literal(year_month_day{year{2024}, month{1}, day{1}}).label("e"),
        literal(sys_days{year{2024} / 1 / 1} + hours{1}).label("f"),
        literal(Decimal{"1"}).label("g"), literal(Uuid{}).label("h"), literal(Json{"1"}).label("i"),
        literal(Bytes{}).label("j")));
    REQUIRE(slots.size() == 10);
    CHECK(slots[0].type.kind == TypeKind::Integer);
    CHECK(slots[1].type.kind == TypeKind::String);
    CHECK(slots[2].type.kind == TypeKind::Double);
    CHECK(slots[3].type.kind == TypeKind::Boolean);
    CHECK(slots[4].type.kind == TypeKind::Date);
    CHECK(slots[5].type.kind == TypeKind::DateTime);
    CHECK(slots[6].type.kind == TypeKind::Numeric);
    CHECK(slots[7].type.kind == TypeKind::UUID);
    CHECK(slots[8].type.kind == TypeKind::JSON);
    CHECK(slots[9].type.kind == TypeKind::LargeBinary);
    CHECK(slots[0].name == "param_1");
    CHECK(slots[9].name == "param_10");
}

TEST_CASE("a value compared with a column takes the column's type and name") {
    retort::test::SqlTables t;
    auto slots = retort::test::slots_of(select(t.id).where(t.age == "42" && t.name == 7));
    REQUIRE(slots.size() == 2);
    CHECK(slots[0].name == "age_1");
    CHECK(slots[0].type.kind == TypeKind::Integer);
    CHECK(slots[1].name == "name_1");
    CHECK(slots[1].type == SqlType(String{50}));
    // The value itself is passed as given; converting it is the driver's business.
    check_dialects(select(t.id).where(t.age == "42"),
                   {"SELECT users.id FROM users WHERE users.age = ?", {"42"}},
                   {"SELECT users.id FROM users WHERE users.age = $1", {"42"}},
                   {"SELECT users.id FROM users WHERE users.age = ?", {"42"}});
}

TEST_CASE("chrono values in a WHERE clause are parameters, never SQL text") {
    retort::test::SqlTables t;
    Table events = Table::standalone("events", Column{"at", DateTime{}}, Column{"on", Date{}});
    Timestamp at = sys_days{year{2023} / 12 / 31} + hours{23} + minutes{59};
    auto date = year_month_day{year{2024}, month{1}, day{1}};
    auto q = select(events.c("at")).where(events.c("at") < at && events.c("on") >= date);
    check_dialects(
        q, {"SELECT events.at FROM events WHERE events.at < ? AND events.\"on\" >= ?", {at, date}},
        {"SELECT events.at FROM events WHERE events.at < $1 AND events.\"on\" >= $2", {at, date}},
        {"SELECT events.at FROM events WHERE events.at < ? AND events.`on` >= ?", {at, date}});
}
