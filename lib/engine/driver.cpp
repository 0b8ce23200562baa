// Defaults of the Driver interface (savepoints in standard SQL, executemany as a loop) and the
// backend registry through which URLs find their database.
#include <retort/engine/backend.hpp>
#include <retort/errors.hpp>

#include <mutex>

namespace retort {

std::string_view isolation_level_sql(IsolationLevel level) noexcept {
    switch (level) {
        case IsolationLevel::ReadUncommitted: return "READ UNCOMMITTED";
        case IsolationLevel::ReadCommitted: return "READ COMMITTED";
        case IsolationLevel::RepeatableRead: return "REPEATABLE READ";
        case IsolationLevel::Serializable: return "SERIALIZABLE";
        case IsolationLevel::Default: return "";
    }
    return "";
}

std::int64_t DriverConnection::execute_many(DriverStatement& statement, std::span<const BoundStatement> batch) {
    std::int64_t total = 0;
    bool known = true;
    for (const auto& bound : batch) {
        DriverCursor& cursor = statement.execute(bound);
        std::int64_t n = cursor.rows_affected();
        statement.reset();
        if (n < 0) known = false;
        total += n;
    }
    return known ? total : -1;
}

namespace {
std::string savepoint_sql(std::string_view verb, const Dialect& dialect, std::string_view name) {
    std::string sql(verb);
    dialect.append_identifier(sql, name);
    return sql;
}
}  // namespace

void DriverConnection::savepoint(std::string_view name) {
    execute_script(savepoint_sql("SAVEPOINT ", dialect(), name));
}
void DriverConnection::release_savepoint(std::string_view name) {
    execute_script(savepoint_sql("RELEASE SAVEPOINT ", dialect(), name));
}
void DriverConnection::rollback_to_savepoint(std::string_view name) {
    execute_script(savepoint_sql("ROLLBACK TO SAVEPOINT ", dialect(), name));
}

namespace {
struct BackendRegistry {
    std::mutex mutex;
    std::vector<std::shared_ptr<const DatabaseBackend>> backends;
};
BackendRegistry& backend_registry() {
    static BackendRegistry registry;
    return registry;
}
}  // namespace

void register_builtin_backends();  // lib/engine/builtin_backends.cpp

void register_backend(DatabaseBackend backend) {
    auto& r = backend_registry();
    std::lock_guard lock(r.mutex);
    auto shared = std::make_shared<const DatabaseBackend>(std::move(backend));
    for (auto& existing : r.backends) {
        bool overlaps = false;
        for (const auto& s : existing->schemes)
            for (const auto& t : shared->schemes) overlaps = overlaps || s == t;
        if (overlaps) {
            existing = shared;
            return;
        }
    }
    r.backends.push_back(std::move(shared));
}

const DatabaseBackend& find_backend(const Url& url) {
    static std::once_flag builtins;
    std::call_once(builtins, register_builtin_backends);
    auto& r = backend_registry();
    std::lock_guard lock(r.mutex);
    std::string known;
    for (const auto& b : r.backends) {
        for (const auto& s : b->schemes) {
            if (s == url.backend()) return *b;  // backends are never destroyed once registered
            known += (known.empty() ? "" : ", ") + s;
        }
    }
    throw ArgumentError("unknown database scheme '" + url.backend() + "' in URL '" + url.to_string() +
                        "' (known: " + known + ")");
}

std::vector<std::vector<Value>> fetch_all(DriverConnection& connection, std::string_view sql,
                                          const std::vector<Value>& parameters) {
    std::string text(sql);
    auto statement = connection.prepare(text, nullptr);
    BoundStatement bound;
    bound.form_sql = &text;
    for (const auto& p : parameters) {
        bound.parameters.push_back(&p);
        bound.parameter_names.push_back("param");
        bound.parameter_types.push_back(nullptr);
    }
    DriverCursor& cursor = statement->execute(bound);
    std::vector<std::vector<Value>> rows;
    const SqlType untyped;
    while (cursor.next()) {
        std::vector<Value> row;
        row.reserve(cursor.column_count());
        for (std::size_t i = 0; i < cursor.column_count(); ++i)
            row.push_back(cursor.is_null(i) ? Value{} : cursor.get_value(i, untyped));
        rows.push_back(std::move(row));
    }
    statement->reset();
    return rows;
}

}  // namespace retort
