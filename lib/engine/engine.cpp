// Engine: URL → backend → dialect, pool and caches; echo logging; create_all / drop_all on a
// fresh connection.
#include <retort/engine/engine.hpp>
#include <retort/errors.hpp>

#include "engine_state.hpp"

#include <cstdio>

namespace retort {

EngineImpl::EngineImpl(Url u, EngineOptions o)
    : url(std::move(u)), options(std::move(o)), backend(&find_backend(url)), cache(options.compiled_cache_size) {
    driver_options.hide_parameters = options.hide_parameters;
    driver_options.isolation_level = options.isolation_level;
    initial_dialect_ = backend->dialect(url);
    dialect_.store(initial_dialect_.get(), std::memory_order_release);
}

std::unique_ptr<DriverConnection> EngineImpl::open_connection() {
    auto connection = backend->connect(url, driver_options);
    // The server's version may refine the dialect (MySQL vs MariaDB, feature levels). Dialect
    // objects a driver hands out live as long as the program.
    std::call_once(dialect_from_server_, [&] { dialect_.store(&connection->dialect(), std::memory_order_release); });
    if (options.echo) log("connected to " + url.to_string() + " (" + connection->server_version() + ")");
    return connection;
}

void EngineImpl::log(std::string_view line) const {
    if (options.log_sink) {
        options.log_sink(line);
        return;
    }
    std::fprintf(stderr, "[retort] %.*s\n", static_cast<int>(line.size()), line.data());
}

Engine create_engine(std::string_view url_text, EngineOptions options) {
    Url url = Url::parse(url_text);
    auto impl = std::make_shared<EngineImpl>(std::move(url), std::move(options));
    PoolKind kind = impl->options.poolclass.value_or(impl->backend->default_pool
                                                         ? impl->backend->default_pool(impl->url)
                                                         : PoolKind::Queue);
    PoolOptions pool_options;
    pool_options.pool_size = impl->options.pool_size;
    pool_options.max_overflow = impl->options.max_overflow;
    pool_options.timeout = impl->options.pool_timeout;
    pool_options.recycle = impl->options.pool_recycle;
    pool_options.pre_ping = impl->options.pool_pre_ping;
    pool_options.use_lifo = impl->options.pool_use_lifo;
    pool_options.reset_on_return = impl->options.reset_on_return;
    pool_options.statement_cache_size = impl->options.prepared_statement_cache_size;
    // The factory holds a weak reference: the pool lives inside the engine.
    std::weak_ptr<EngineImpl> weak = impl;
    impl->pool = std::make_unique<Pool>(
        [weak]() -> std::unique_ptr<DriverConnection> {
            auto engine = weak.lock();
            if (!engine) throw InvalidRequestError("the engine was destroyed");
            return engine->open_connection();
        },
        kind, pool_options);
    return Engine(std::move(impl));
}

namespace {
EngineImpl& require(const std::shared_ptr<EngineImpl>& impl) {
    if (!impl) throw InvalidRequestError("this Engine handle is empty; create one with create_engine()");
    return *impl;
}
}  // namespace

Connection Engine::connect() {
    auto& e = require(impl_);
    PooledConnection pooled = e.pool->checkout();
    return Connection(std::make_shared<ConnectionState>(impl_, std::move(pooled)));
}

const Url& Engine::url() const { return require(impl_).url; }
const Dialect& Engine::dialect() const { return require(impl_).dialect(); }
Pool& Engine::pool() { return *require(impl_).pool; }
CompiledCache& Engine::compiled_cache() { return require(impl_).cache; }
EngineEvents& Engine::events() { return require(impl_).events; }
const EngineOptions& Engine::options() const { return require(impl_).options; }
void Engine::dispose() { require(impl_).pool->dispose(); }

void Engine::create_all(const MetaData& metadata, bool checkfirst) {
    connect().create_all(metadata, checkfirst);
}

void Engine::drop_all(const MetaData& metadata, bool checkfirst) {
    connect().drop_all(metadata, checkfirst);
}

}  // namespace retort
