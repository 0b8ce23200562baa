// Helpers the driver tests share: the server URL from the environment (or a skip message), a
// driver connection through the backend, and statements compiled, bound and run on it.
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include <retort/retort.hpp>

namespace retort::driver_test {

/// The database a driver test binary runs against.
struct Target {
    const char* url_variable;      ///< e.g. RETORT_TEST_POSTGRESQL_URL
    const char* how_to_set;        ///< the skip message's hint
    DatabaseBackend (*backend)();  ///< postgresql_backend, mysql_backend
    const Dialect& (*dialect)();   ///< the dialect statements are compiled for
};

/// Defined once by each test binary.
const Target& target();

inline const char* server_url() {
    const char* url = std::getenv(target().url_variable);
    return url && *url ? url : nullptr;
}

/// True (with a message) when the server URL is not set.
inline bool skip() {
    if (server_url()) return false;
    const std::string message = "skipped: " + std::string(target().url_variable) + " is not set (" +
                                target().how_to_set + ")";
    MESSAGE(message);
    return true;
}

/// The test URL with extra query keys ("application_name=x").
inline Url test_url(const std::string& extra_query = {}) {
    std::string text = server_url();
    if (!extra_query.empty())
        text += (text.find('?') == std::string::npos ? "?" : "&") + extra_query;
    return Url::parse(text);
}

inline std::unique_ptr<DriverConnection> open(const std::string& extra_query = {},
                                              DriverOptions options = {}) {
    return target().backend().connect(test_url(extra_query), options);
}

/// One compiled statement with its parameters, kept alive while its cursor is read.
struct Run {
    CompiledStatement compiled;
    Parameters params;
    BoundStatement bound;
    std::unique_ptr<DriverStatement> statement;
    DriverCursor* cursor = nullptr;

    Run(DriverConnection& conn, const Statement& stmt, Parameters p = {})
        : compiled(compile(stmt, target().dialect())), params(std::move(p)) {
        bound = compiled.bind(&params);
        statement = conn.prepare(bound.sql(), &compiled.form());
        cursor = &statement->execute(bound);
    }
    DriverCursor& operator*() { return *cursor; }
    DriverCursor* operator->() { return cursor; }
};

inline std::int64_t run(DriverConnection& conn, const Statement& stmt, Parameters p = {}) {
    Run r(conn, stmt, std::move(p));
    return r->rows_affected();
}

/// The first column of the first row as the hinted kind.
inline Value scalar(DriverConnection& conn, const std::string& sql, const SqlType& hint = SqlType{},
                    Parameters p = {}) {
    Run r(conn, text(sql), std::move(p));
    REQUIRE(r->next());
    return r->get_value(0, hint);
}

/// The error class `f` throws, as a short name ("Integrity", "Operational+retry", ...), or
/// "nothing" when it throws nothing.
template <class F>
std::string error_class(F&& f) {
    try {
        f();
    } catch (const DisconnectionError&) {
        return "Disconnection";
    } catch (const OperationalError& e) {
        return e.retryable() ? "Operational+retry" : "Operational";
    } catch (const IntegrityError&) {
        return "Integrity";
    } catch (const DataError&) {
        return "Data";
    } catch (const ProgrammingError&) {
        return "Programming";
    } catch (const NotSupportedError&) {
        return "NotSupported";
    } catch (const InternalError&) {
        return "Internal";
    } catch (const DatabaseError&) {
        return "Database";
    }
    return "nothing";
}

template <class E, class F>
E expect_error(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return e;
    } catch (const std::exception& e) {
        FAIL("wrong exception type: " << std::string(e.what()));
    }
    FAIL("no exception thrown");
    throw std::logic_error("unreachable");
}

inline std::string repeat(std::string_view unit, std::size_t times) {
    std::string out;
    out.reserve(unit.size() * times);
    for (std::size_t i = 0; i < times; ++i)
        out += unit;
    return out;
}

}  // namespace retort::driver_test
