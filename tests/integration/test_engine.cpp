// Engines and URLs against the database under test: malformed URLs and unknown schemes, an
// unreachable server, lazy connecting, the pool's counters, and SQLite memory databases.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "fixtures.hpp"

using namespace retort;
using namespace retort::it;
using namespace std::chrono_literals;

namespace {

/// A TCP port on 127.0.0.1 that nothing listens on (bound, then released).
int closed_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    ::close(fd);
    return ntohs(address.sin_port);
}

/// A private database of the kind under test: `sqlite://` in memory for SQLite, the server
/// otherwise.
Engine private_engine() {
    return is_sqlite() ? create_engine("sqlite://") : test_engine();
}

}  // namespace

TEST_CASE("engine: a malformed URL is an ArgumentError quoting the masked URL") {
    REQUIRE_DATABASE();
    const std::string scheme = is_sqlite() ? "postgresql" : dialect();
    auto e = expect_throw<ArgumentError>(
        [&] { create_engine(scheme + "://scott:tiger-pw@127.0.0.1:notaport/db"); });
    CHECK(contains(e.what(), "malformed"));
    CHECK(contains(e.what(), "scott:***@127.0.0.1"));
    CHECK_FALSE(contains(e.what(), "tiger-pw"));
    auto no_scheme = expect_throw<ArgumentError>([&] { create_engine("just some text"); });
    CHECK(contains(no_scheme.what(), "scheme"));
}

TEST_CASE("engine: an unknown scheme is an ArgumentError naming it and the known ones") {
    REQUIRE_DATABASE();
    auto e = expect_throw<ArgumentError>(
        [&] { create_engine("oracle://scott:tiger-pw@db.example/orcl"); });
    CHECK(contains(e.what(), "oracle"));
    CHECK(contains(e.what(), dialect()));
    CHECK_FALSE(contains(e.what(), "tiger-pw"));
}

TEST_CASE("engine: an unreachable database is an OperationalError without the password") {
    REQUIRE_DATABASE();
    std::string url;
    if (is_sqlite())
        url = "sqlite:///" + temp_directory() + "/no/such/directory/x.db";
    else
        url = dialect() + "://scott:tiger-pw@127.0.0.1:" + std::to_string(closed_port()) +
              "/retort_test";
    // Nothing connects before the first checkout.
    auto engine = create_engine(url, {.pool_timeout = 2000ms});
    CHECK(engine.pool().statistics().connects == 0);
    auto e = expect_throw<OperationalError>([&] { engine.connect(); });
    CHECK_FALSE(contains(e.what(), "tiger-pw"));
    if (!is_sqlite()) CHECK(contains(e.what(), "127.0.0.1"));
    CHECK(engine.pool().statistics().open == 0);
}

TEST_CASE("engine: the URL prints its password masked") {
    REQUIRE_DATABASE();
    auto url = Url::parse("postgresql://scott:tiger-pw@localhost:5432/test?sslmode=disable");
    CHECK(url.to_string() == "postgresql://scott:***@localhost:5432/test?sslmode=disable");
    CHECK(url.password() == "tiger-pw");
    auto engine = test_engine();
    CHECK_FALSE(contains(engine.url().to_string(), "tiger"));
    CHECK(engine.url().backend() == dialect());
}

TEST_CASE("engine: the dialect and the server version") {
    REQUIRE_DATABASE();
    auto engine = test_engine();
    auto conn = engine.connect();
    CHECK(engine.dialect().name() == dialect());
    CHECK(conn.dialect().name() == dialect());
    std::string version = conn.driver().server_version();
    CHECK_FALSE(version.empty());
    if (is_mysql()) CHECK(contains(version, "MariaDB"));
    if (is_postgresql()) CHECK(version.rfind("15", 0) == 0);
    if (is_sqlite()) CHECK(version.rfind("3.", 0) == 0);
}

TEST_CASE("engine: the pool counts connections, checkouts and returns") {
    REQUIRE_DATABASE();
    auto engine = test_engine({.pool_size = 2, .max_overflow = 1});
    {
        auto a = engine.connect();
        auto b = engine.connect();
        auto stats = engine.pool().statistics();
        CHECK(stats.checked_out == 2);
        CHECK(stats.open == 2);
        auto c = engine.connect();
        CHECK(engine.pool().statistics().overflow == 1);
        CHECK(a.execute(text("SELECT 1")).scalar_one<int>() == 1);
        CHECK(c.execute(text("SELECT 2")).scalar_one<int>() == 2);
    }
    auto stats = engine.pool().statistics();
    CHECK(stats.checked_out == 0);
    CHECK(stats.idle == 2);  // the overflow connection was closed on return
    CHECK(stats.connects == 3);
}

TEST_CASE("engine: PoolTimeout when every connection is out") {
    REQUIRE_DATABASE();
    auto engine = test_engine({.pool_size = 1, .max_overflow = 0, .pool_timeout = 100ms});
    auto held = engine.connect();
    auto e = expect_throw<PoolTimeout>([&] { engine.connect(); });
    CHECK(contains(e.what(), "1"));
    held.close();
    CHECK(engine.connect().execute(text("SELECT 1")).scalar_one<int>() == 1);
}

TEST_CASE("engine: dispose() closes idle connections; the next checkout reconnects") {
    REQUIRE_DATABASE();
    auto engine = test_engine();
    engine.connect().execute(text("SELECT 1")).all();
    CHECK(engine.pool().statistics().idle == 1);
    engine.dispose();
    CHECK(engine.pool().statistics().idle == 0);
    CHECK(engine.connect().execute(text("SELECT 1")).scalar_one<int>() == 1);
    CHECK(engine.pool().statistics().connects == 2);
}

TEST_CASE("engine: a closed connection refuses statements") {
    REQUIRE_DATABASE();
    auto engine = test_engine();
    auto conn = engine.connect();
    conn.close();
    CHECK(conn.closed());
    auto e = expect_throw<InvalidRequestError>([&] { conn.execute(text("SELECT 1")); });
    CHECK(contains(e.what(), "closed"));
    conn.close();  // closing twice is fine
}

TEST_CASE("engine: a connection returned with an open transaction is rolled back") {
    REQUIRE_DATABASE();
    MetaData meta;
    Table marks{meta, "it_marks", Column{"id", Integer{}, primary_key(), autoincrement(false)}};
    auto engine = test_engine({.pool_size = 1, .max_overflow = 0});
    Schema schema(engine, meta);
    {
        auto conn = engine.connect();
        auto tx = conn.begin();
        conn.execute(insert(marks).values({{"id", 1}}));
        conn.close();  // returned to the pool while the transaction is open
    }
    auto conn = engine.connect();
    CHECK_FALSE(conn.in_transaction());
    CHECK(count_rows(conn, marks) == 0);
}

TEST_CASE("engine: sqlite:// memory databases are private to their engine; others are shared") {
    REQUIRE_DATABASE();
    MetaData meta;
    Table notes{meta, "it_notes", Column{"id", Integer{}, primary_key()},
                Column{"body", String{20}}};
    auto first = private_engine();
    Schema schema(first, meta);
    first.connect().execute(insert(notes).values({{"body", "hello"}}));
    auto second = private_engine();
    auto names = second.connect().table_names();
    const bool seen = std::find(names.begin(), names.end(), "it_notes") != names.end();
    // A memory database lives in its engine's one connection.
    CHECK(seen == !is_sqlite());
}

TEST_CASE("engine: a memory database keeps its data across connections of one engine") {
    REQUIRE_DATABASE();
    MetaData meta;
    Table notes{meta, "it_notes", Column{"id", Integer{}, primary_key()},
                Column{"body", String{20}}};
    auto engine = private_engine();
    // SQLite in memory uses a single shared connection; the servers a queue pool.
    CHECK(engine.pool().kind() == (is_sqlite() ? PoolKind::SingleConnection : PoolKind::Queue));
    Schema schema(engine, meta);
    {
        auto conn = engine.connect();
        auto tx = conn.begin();
        conn.execute(insert(notes), std::vector<Parameters>{{{"body", "a"}}, {{"body", "b"}}});
        tx.commit();
    }
    auto conn = engine.connect();
    CHECK(conn.execute(select(notes.c("body")).order_by(notes.c("id"))).scalars<std::string>() ==
          std::vector<std::string>{"a", "b"});
}

TEST_CASE("engine: every core type round trips in a memory database too") {
    REQUIRE_DATABASE();
    MetaData meta;
    Table mixed{meta,
                "it_mixed",
                Column{"id", Integer{}, primary_key(), autoincrement(false)},
                Column{"ratio", Double{}},
                Column{"blob", LargeBinary{}},
                Column{"day", Date{}},
                Column{"uid", UUID{}},
                Column{"flag", Boolean{}}};
    auto engine = private_engine();
    Schema schema(engine, meta);
    auto conn = engine.connect();
    const Uuid uid = Uuid::parse("0123456789abcdef0123456789abcdef");
    conn.execute(insert(mixed).values(
        {{"id", 1},
         {"ratio", 0.125},
         {"blob", Bytes{0, 255, 7}},
         {"day", std::chrono::year_month_day{std::chrono::year{2020}, std::chrono::month{2},
                                             std::chrono::day{29}}},
         {"uid", uid},
         {"flag", false}}));
    auto row = conn.execute(select(mixed)).one();
    CHECK(row.get<double>("ratio") == 0.125);
    CHECK(row.get<Bytes>("blob") == Bytes{0, 255, 7});
    CHECK(row.get<Uuid>("uid") == uid);
    CHECK_FALSE(row.get<bool>("flag"));
}
