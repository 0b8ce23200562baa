// The postgresql backend for the engine's registry (postgresql:// and postgres:// URLs): the
// libpq driver, the PostgreSQL dialect, pg_catalog reflection and a queue pool.
#include <retort/dialects/postgresql.hpp>
#include <retort/dialects/postgresql_backend.hpp>

#include "postgresql_driver.hpp"

namespace retort {

DatabaseBackend postgresql_backend() {
    DatabaseBackend b;
    b.name = "postgresql";
    b.schemes = {"postgresql", "postgres"};
    b.connect = [](const Url& url, const DriverOptions& options) {
        return postgresql::connect(url, options);
    };
    b.dialect = [](const Url&) -> std::shared_ptr<const Dialect> {
        // The dialect is static: a shared_ptr that owns nothing.
        return std::shared_ptr<const Dialect>(std::shared_ptr<const Dialect>{},
                                              &postgresql_dialect());
    };
    b.reflect = [](DriverConnection& connection, const ReflectionRequest& request) {
        return postgresql::reflect(connection, request);
    };
    b.table_names = [](DriverConnection& connection, const std::string& schema) {
        return postgresql::table_names(connection, schema);
    };
    b.default_pool = [](const Url&) { return PoolKind::Queue; };
    return b;
}

}  // namespace retort
