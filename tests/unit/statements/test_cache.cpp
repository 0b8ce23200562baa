// Structural cache keys (equal for the same shape with other values, different for other
// shapes) and the CompiledCache: hits and misses, LRU eviction, concurrent use, and invalidation
// when compile hooks change.
#include "fixtures.hpp"

#include <atomic>
#include <thread>

using namespace retort;
using retort::test::render;

namespace {
CompileOptions with_parameters(const Parameters& parameters) {
    CompileOptions options;
    options.parameters = &parameters;
    return options;
}

CacheKey key_of(const Statement& statement, const Parameters* parameters = nullptr) {
    GatherContext context;
    gather(statement, context, parameters);
    return context.key;
}
}  // namespace

TEST_CASE("the same shape with different values gives equal cache keys") {
    retort::test::Tables t;
    auto a = select(t.users.c("name")).where(t.users.c("id") == 1).limit(10);
    auto b = select(t.users.c("name")).where(t.users.c("id") == 2).limit(20);
    CHECK(key_of(a) == key_of(b));
    CHECK(key_of(a).hash() == key_of(b).hash());
    auto i1 = insert(t.users).values({{"name", "a"}, {"age", 1}});
    auto i2 = insert(t.users).values({{"age", 99}, {"name", "zz"}});
    CHECK(key_of(i1) == key_of(i2));
    auto u1 = update(t.users).values({{"age", 1}}).where(t.users.c("name").like("a%"));
    auto u2 = update(t.users).values({{"age", 2}}).where(t.users.c("name").like("b%"));
    CHECK(key_of(u1) == key_of(u2));
}

TEST_CASE("IN lists of different lengths share one cache key") {
    retort::test::Tables t;
    auto a = select(t.users.c("name")).where(t.users.c("id").in_({1}));
    auto b = select(t.users.c("name")).where(t.users.c("id").in_({1, 2, 3, 4, 5}));
    auto empty = select(t.users.c("name")).where(t.users.c("id").in_(std::vector<Value>{}));
    CHECK(key_of(a) == key_of(b));
    CHECK(key_of(a) == key_of(empty));
    auto not_in = select(t.users.c("name")).where(t.users.c("id").not_in({1}));
    CHECK_FALSE(key_of(a) == key_of(not_in));
}

TEST_CASE("different shapes give different cache keys") {
    retort::test::Tables t;
    auto base = select(t.users.c("name")).where(t.users.c("id") == 5);
    SUBCASE("another column") {
        CHECK_FALSE(key_of(base) == key_of(select(t.users.c("email")).where(t.users.c("id") == 5)));
        CHECK_FALSE(key_of(base) == key_of(select(t.users.c("name")).where(t.users.c("age") == 5)));
    }
    SUBCASE("another operator") {
        CHECK_FALSE(key_of(base) == key_of(select(t.users.c("name")).where(t.users.c("id") != 5)));
        CHECK_FALSE(key_of(base) == key_of(select(t.users.c("name")).where(t.users.c("id") >= 5)));
    }
    SUBCASE("IS NULL instead of a value") {
        CHECK_FALSE(key_of(base) ==
                    key_of(select(t.users.c("name")).where(t.users.c("id") == nullptr)));
    }
    SUBCASE("another table with the same column names") {
        MetaData other;
        Table users2{other, "users", Column{"id", Integer{}, primary_key()},
                     Column{"name", String{50}}};
        CHECK_FALSE(key_of(base) == key_of(select(users2.c("name")).where(users2.c("id") == 5)));
    }
    SUBCASE("a clause more or less") {
        CHECK_FALSE(key_of(base) == key_of(base.limit(1)));
        CHECK_FALSE(key_of(base) == key_of(base.distinct()));
        CHECK_FALSE(key_of(base) == key_of(base.order_by(t.users.c("id"))));
        CHECK_FALSE(key_of(base.limit(1)) == key_of(base.offset(1)));
        CHECK_FALSE(key_of(base) == key_of(base.with_for_update()));
    }
    SUBCASE("a named parameter instead of a literal, and two different names") {
        auto named = select(t.users.c("name")).where(t.users.c("id") == bindparam("x"));
        CHECK_FALSE(key_of(base) == key_of(named));
        CHECK_FALSE(key_of(named) ==
                    key_of(select(t.users.c("name")).where(t.users.c("id") == bindparam("y"))));
    }
    SUBCASE("raw SQL text is part of the shape") {
        CHECK_FALSE(key_of(select(literal_column("1"))) == key_of(select(literal_column("2"))));
    }
    SUBCASE("statement kinds") {
        CHECK_FALSE(key_of(delete_(t.users).where(t.users.c("id") == 5)) ==
                    key_of(update(t.users).values({{"id", 5}})));
    }
}

TEST_CASE("a reused expression and two separate equal ones have different keys") {
    retort::test::Tables t;
    Expression once = t.users.c("age") + 1;
    auto shared = select(once.label("a"), once.label("b"));
    auto separate = select((t.users.c("age") + 1).label("a"), (t.users.c("age") + 1).label("b"));
    CHECK_FALSE(key_of(shared) == key_of(separate));
    // The difference is real on PostgreSQL: one parameter or two.
    CHECK(render(shared, postgresql_dialect()).sql ==
          "SELECT users.age + $1 AS a, users.age + $1 AS b FROM users");
    CHECK(render(separate, postgresql_dialect()).sql ==
          "SELECT users.age + $1 AS a, users.age + $2 AS b FROM users");
    // Rebuilding the shared shape with another value still hits the same key.
    Expression again = t.users.c("age") + 7;
    CHECK(key_of(shared) == key_of(select(again.label("a"), again.label("b"))));
}

TEST_CASE("separately built aliases, subqueries and CTEs of the same shape have equal keys") {
    retort::test::Tables t;
    auto build = [&](int value) {
        auto u = t.users.alias("u");
        auto s = select(u.c("id")).where(u.c("age") > value).subquery("s");
        auto c = select(t.addresses.c("user_id")).cte("c");
        return select(s.c("id")).where(s.c("id").in_(select(c.c("user_id"))));
    };
    CHECK(key_of(build(1)) == key_of(build(2)));
    auto renamed = [&] {
        auto u = t.users.alias("v");
        auto s = select(u.c("id")).where(u.c("age") > 1).subquery("s");
        auto c = select(t.addresses.c("user_id")).cte("c");
        return select(s.c("id")).where(s.c("id").in_(select(c.c("user_id"))));
    }();
    CHECK_FALSE(key_of(build(1)) == key_of(renamed));
}

TEST_CASE("DML shaped by execution parameters: the named columns are part of the key") {
    retort::test::Tables t;
    Parameters name_only{{"name", "a"}};
    Parameters name_age{{"name", "a"}, {"age", 1}};
    Parameters other_values{{"name", "zz"}, {"age", 77}};
    CHECK(key_of(insert(t.users), &name_age) == key_of(insert(t.users), &other_values));
    CHECK_FALSE(key_of(insert(t.users), &name_only) == key_of(insert(t.users), &name_age));
    auto up = update(t.users).where(t.users.c("id") == bindparam("uid"));
    Parameters set_name{{"uid", 1}, {"name", "a"}};
    Parameters set_age{{"uid", 1}, {"age", 3}};
    CHECK_FALSE(key_of(up, &set_name) == key_of(up, &set_age));
}

TEST_CASE("CompiledCache counts hits and misses and serves the new statement's values") {
    retort::test::Tables t;
    CompiledCache cache(10);
    auto first =
        cache.compile(select(t.users.c("id")).where(t.users.c("id") == 1), sqlite_dialect());
    auto second =
        cache.compile(select(t.users.c("id")).where(t.users.c("id") == 2), sqlite_dialect());
    CHECK(cache.stats().misses == 1);
    CHECK(cache.stats().hits == 1);
    CHECK(cache.stats().size == 1);
    CHECK(&first.form() == &second.form());
    CHECK(second.sql() == "SELECT users.id FROM users WHERE users.id = ?");
    CHECK(first.parameters() == std::vector<Value>{1});
    CHECK(second.parameters() == std::vector<Value>{2});
    // Another dialect is another entry.
    auto pg =
        cache.compile(select(t.users.c("id")).where(t.users.c("id") == 3), postgresql_dialect());
    CHECK(pg.sql() == "SELECT users.id FROM users WHERE users.id = $1");
    CHECK(cache.stats().misses == 2);
    CHECK(cache.stats().size == 2);
    CHECK(cache.stats().capacity == 10);
    cache.clear();
    CHECK(cache.stats().size == 0);
    cache.compile(select(t.users.c("id")).where(t.users.c("id") == 4), sqlite_dialect());
    CHECK(cache.stats().misses == 3);
}

TEST_CASE("CompiledCache with execution parameters compiles each column set once") {
    retort::test::Tables t;
    CompiledCache cache(10);
    Parameters a{{"name", "a"}};
    Parameters b{{"name", "b"}, {"age", 2}};
    auto ca = cache.compile(insert(t.users), sqlite_dialect(), with_parameters(a));
    auto cb = cache.compile(insert(t.users), sqlite_dialect(), with_parameters(b));
    auto ca2 = cache.compile(insert(t.users), sqlite_dialect(), with_parameters(a));
    CHECK(ca.sql() == "INSERT INTO users (name) VALUES (?)");
    CHECK(cb.sql() == "INSERT INTO users (name, age) VALUES (?, ?)");
    CHECK(ca2.sql() == "INSERT INTO users (name) VALUES (?)");
    CHECK(cache.stats().misses == 2);
    CHECK(cache.stats().hits == 1);
}

TEST_CASE("CompiledCache evicts the least recently used entry at capacity") {
    retort::test::Tables t;
    CompiledCache cache(2);
    auto q_a = select(t.users.c("id"));
    auto q_b = select(t.users.c("name"));
    auto q_c = select(t.users.c("email"));
    const Dialect& d = sqlite_dialect();
    cache.compile(q_a, d);  // miss: [a]
    cache.compile(q_b, d);  // miss: [b, a]
    cache.compile(q_a, d);  // hit:  [a, b]
    cache.compile(q_c, d);  // miss, evicts b: [c, a]
    CHECK(cache.stats().size == 2);
    cache.compile(q_a, d);  // hit: [a, c]
    CHECK(cache.stats().hits == 2);
    cache.compile(q_b, d);  // miss, evicts c: [b, a]
    CHECK(cache.stats().misses == 4);
    cache.compile(q_a, d);  // hit
    cache.compile(q_c, d);  // miss
    auto s = cache.stats();
    CHECK(s.hits == 3);
    CHECK(s.misses == 5);
    CHECK(s.size == 2);
    CHECK(s.capacity == 2);
}

TEST_CASE("CompiledCache find / insert by a gathered key") {
    retort::test::Tables t;
    CompiledCache cache(4);
    GatherContext context;
    gather(select(t.users.c("id")).where(t.users.c("age") > 1), context);
    CHECK(cache.find(context.key, sqlite_dialect()) == nullptr);
    auto form = cache.lookup_or_compile(select(t.users.c("id")).where(t.users.c("age") > 2),
                                        sqlite_dialect(), context);
    REQUIRE(form != nullptr);
    CHECK(form->sql() == "SELECT users.id FROM users WHERE users.age > ?");
    GatherContext again;
    gather(select(t.users.c("id")).where(t.users.c("age") > 3), again);
    CHECK(cache.find(again.key, sqlite_dialect()) == form);
    // A context reused for another statement starts afresh: same key, this statement's binds.
    CHECK(context.key == again.key);
    REQUIRE(context.bind_count() == 1);
    CHECK(context.binds()[0]->value() == Value(2));
    CHECK(cache.find(again.key, postgresql_dialect()) == nullptr);
}

TEST_CASE("CompiledCache is safe to use from several threads") {
    retort::test::Tables t;
    CompiledCache cache(64);
    constexpr int kThreads = 4;
    constexpr int kRounds = 150;
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int n = 0; n < kThreads; ++n) {
        threads.emplace_back([&, n] {
            for (int i = 0; i < kRounds; ++i) {
                const int value = n * 1000 + i;
                const Dialect& d = (i % 2) ? postgresql_dialect() : sqlite_dialect();
                std::string expected_sql;
                CompiledStatement c = [&] {
                    switch (i % 3) {
                        case 0:
                            expected_sql = (i % 2)
                                               ? "SELECT users.id FROM users WHERE users.age > $1"
                                               : "SELECT users.id FROM users WHERE users.age > ?";
                            return cache.compile(
                                select(t.users.c("id")).where(t.users.c("age") > value), d);
                        case 1:
                            expected_sql = (i % 2)
                                               ? "SELECT users.name FROM users WHERE users.id = $1"
                                               : "SELECT users.name FROM users WHERE users.id = ?";
                            return cache.compile(
                                select(t.users.c("name")).where(t.users.c("id") == value), d);
                        default:
                            expected_sql = (i % 2) ? "DELETE FROM tags WHERE tags.id = $1"
                                                   : "DELETE FROM tags WHERE tags.id = ?";
                            return cache.compile(delete_(t.tags).where(t.tags.c("id") == value), d);
                    }
                }();
                if (c.sql() != expected_sql || c.parameters() != std::vector<Value>{value}) ++wrong;
            }
        });
    }
    for (auto& th : threads)
        th.join();
    CHECK(wrong.load() == 0);
    auto s = cache.stats();
    CHECK(s.hits + s.misses == kThreads * kRounds);
    CHECK(s.size == 6);  // 3 shapes x 2 dialects
    CHECK(s.misses >= 6);
}

TEST_CASE("registering a compile hook invalidates cached SQL; removing it restores the old SQL") {
    retort::test::Tables t;
    CompiledCache cache(10);
    auto q = select(t.users.c("id")).where(t.users.c("id") == 1);
    CHECK(cache.compile(q, sqlite_dialect()).sql() ==
          "SELECT users.id FROM users WHERE users.id = ?");
    {
        auto hook = register_compile_hook(
            NodeKind::Select,
            [](const Node& node, Compiler& c) {
                c.process_default(node);
                if (c.select_role() == Compiler::SelectRole::TopLevel) c.append(" /* hooked */");
            },
            "sqlite");
        CHECK(cache.compile(q, sqlite_dialect()).sql() ==
              "SELECT users.id FROM users WHERE users.id = ? /* hooked */");
        CHECK(cache.compile(q, postgresql_dialect()).sql() ==
              "SELECT users.id FROM users WHERE users.id = $1");
    }
    CHECK(cache.compile(q, sqlite_dialect()).sql() ==
          "SELECT users.id FROM users WHERE users.id = ?");
    CHECK(cache.stats().hits == 0);
}
